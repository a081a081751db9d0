"""Catalogs imported from official registers: counts, provenance, website unknown, errors.

Runs on small fixtures of real rows (tests/catalog/fixtures/); the full registers in
/work/shared/data are used only when present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlens.catalog import CatalogError, load_catalog
from govlens.catalog._yaml import load_yaml
from govlens.catalog.dump import dump_csv, dump_yaml
from govlens.catalog.importers import import_register

FIX = Path(__file__).parent / "fixtures"
SHARED = Path("/work/shared/data")


def test_dla_every_record_one_local_organisation_with_thai_name_and_provenance():
    r = import_register("dla", FIX / "dla_sample.json")
    cat = r.catalog
    assert cat.as_of == "2026-06-10"  # the file's publishedAt
    assert "dlads_05_01" in cat.source and "65a85868" in cat.source
    assert len(cat.organisations) == 7 and [c.code for c in cat.countries] == ["THA"]
    by = {o.ref: o for o in cat.organisations}
    assert by["5810401"].name.th == "เทศบาลตำบลคลองท่อมใต้"  # type title + register name
    assert by["5810401"].name.en == ""  # the register has no English name: none is made up
    names = {o.name.th for o in cat.organisations}
    assert {"องค์การบริหารส่วนจังหวัดกระบี่", "เทศบาลเมืองกระบี่", "เทศบาลนครขอนแก่น", "เมืองพัทยา"} <= names
    assert all(o.kind == "local" and o.id == f"th-lao-{o.ref}" for o in cat.organisations)
    assert all("DLA register" in o.source for o in cat.organisations)
    # two organisations named คลองท่อมใต้ (a municipality and an SAO): the place tells them apart
    assert "province code 81" in by["5810401"].source and "อำเภอ) คลองท่อม" in by["5810401"].source
    # no website field: website unknown, not assessable
    assert all(not o.sites and not o.website_known for o in cat.organisations)
    assert len(r.not_assessable) == 7 and "7 with website unknown" in r.summary()


def test_dla_website_field_becomes_an_unverified_site(tmp_path):
    data = json.loads((FIX / "dla_sample.json").read_text(encoding="utf-8"))
    data["localAuthorities"][0]["website"] = "www.example-lao.go.th"  # a test value, not a real address
    f = tmp_path / "dla.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = import_register("dla", f, as_of="2026-07-01")
    org = r.catalog.organisations[0]
    assert r.catalog.as_of == "2026-07-01"  # --as-of wins over the file's date
    assert [s.url for s in org.sites] == ["http://www.example-lao.go.th/"]
    assert org.sites[0].verified is False and org.ref in org.sites[0].source
    assert len(r.not_assessable) == 6


def test_dla_bad_records_reported_with_record_and_field(tmp_path):
    data = json.loads((FIX / "dla_sample.json").read_text(encoding="utf-8"))
    data["localAuthorities"][1]["type"] = "village"
    data["localAuthorities"][2]["dlaCode"] = data["localAuthorities"][0]["dlaCode"]
    data["localAuthorities"][3]["nameTh"] = ""
    f = tmp_path / "dla.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        import_register("dla", f)
    found = [(e.line, e.field) for e in info.value.errors]
    assert found == [(2, "type"), (3, "dlaCode"), (4, "nameTh")]
    assert "duplicate DLA code" in str(info.value)


def test_us_dotgov_agencies_subagencies_and_domains():
    r = import_register("us-dotgov", FIX / "us_federal_sample.csv", as_of="2026-08-22")
    cat = r.catalog
    assert cat.as_of == "2026-08-22" and cat.countries[0].code == "USA"
    assert sum(len(o.sites) for o in cat.organisations) == 9  # one site per domain
    achp = cat.organisation("us-advisory-council-on-historic-preservation")
    assert [s.url for s in achp.sites] == ["https://achp.gov/", "https://preserveamerica.gov/"]
    hhs = cat.organisation("us-department-of-health-and-human-services")
    assert hhs.kind == "ministry" and hhs.sector == "health" and not hhs.sites
    acf = cat.organisation("us-department-of-health-and-human-services.administration-for-children-and-families")
    assert acf.parent == hhs.id and acf.kind == "department" and acf.sector == "health"
    assert acf.sites[0].source.endswith("row 7: registered domain acf.gov")
    assert cat.organisation("us-department-of-state").sector == "foreign-affairs"
    assert all(not s.verified for o in cat.organisations for s in o.sites)
    assert r.not_assessable == (hhs.id,)


def test_us_dotgov_needs_a_date_and_its_header(tmp_path):
    with pytest.raises(CatalogError, match="--as-of"):
        import_register("us-dotgov", FIX / "us_federal_sample.csv")
    f = tmp_path / "x.csv"
    f.write_text("domain,type\nx.gov,Federal\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        import_register("us-dotgov", f, as_of="2026-01-01")
    assert info.value.line == 1 and info.value.field == "Domain name"


def test_uk_register_open_organisations_on_the_date():
    r = import_register("uk-govorg", FIX / "uk_govorg_sample.tsv", as_of="2016-12-31")
    cat = r.catalog
    refs = [o.ref for o in cat.organisations]
    # D3 closed 2016-07-14, PB208 2015-03, D582 1999, OT1111 2016-03-17; OT488's first entry superseded
    assert refs == ["D1", "D2", "OT488", "EA26", "PB27"]
    assert cat.organisation("gb-ot488").name.en == "NHS Resolution"  # the later entry wins
    kinds = {o.ref: o.kind for o in cat.organisations}
    assert kinds["D1"] == "ministry" and kinds["EA26"] == "department" and kinds["PB27"] == "other"
    sectors = {o.ref: o.sector for o in cat.organisations}
    assert sectors["OT488"] == "health" and sectors["D1"] == "other"  # NHS Resolution; Attorney General's
    assert len(r.skipped) == 5 and any("superseded" in s for s in r.skipped)
    site = cat.organisation("gb-ea26").sites[0]
    assert site.url == "https://www.gov.uk/government/organisations/companies-house"
    assert site.verified is False and "row 10" in site.source
    # an earlier date: D3 and PB208 were still open
    earlier = import_register("uk-govorg", FIX / "uk_govorg_sample.tsv", as_of="2015-01-01")
    assert {"D3", "PB208"} <= {o.ref for o in earlier.catalog.organisations}


@pytest.mark.parametrize("kind, file, as_of", [
    ("dla", "dla_sample.json", None),
    ("us-dotgov", "us_federal_sample.csv", "2026-08-22"),
    ("uk-govorg", "uk_govorg_sample.tsv", "2016-12-31"),
])
def test_imported_catalog_round_trips_through_yaml_and_csv(kind, file, as_of, tmp_path):
    cat = import_register(kind, FIX / file, as_of=as_of).catalog
    assert load_yaml("x.yaml", dump_yaml(cat)) == cat  # provenance, Thai-only names, verified kept
    csv_file = tmp_path / "x.csv"
    csv_file.write_text(dump_csv(cat), encoding="utf-8")
    back = load_catalog(csv_file)
    assert [(o.id, o.source, o.ref, o.name, o.sites) for o in back.organisations] == [
        (o.id, o.source, o.ref, o.name, o.sites) for o in cat.organisations]


def test_unknown_kind_is_refused():
    with pytest.raises(CatalogError, match="unknown register kind"):
        import_register("fr-annuaire", FIX / "dla_sample.json")


@pytest.mark.skipif(not (SHARED / "thai_gov/dla_localAuthorities.json").is_file(), reason="shared data absent")
def test_full_dla_register_7849_organisations():
    r = import_register("dla", SHARED / "thai_gov/dla_localAuthorities.json")
    assert len(r.catalog.organisations) == 7849 and len(r.not_assessable) == 7849
    assert sum(o.name.th.startswith("องค์การบริหารส่วนจังหวัด") for o in r.catalog.organisations) == 76


@pytest.mark.skipif(not (SHARED / "gov_domains").is_dir(), reason="shared data absent")
def test_full_us_and_uk_registers():
    us = import_register("us-dotgov", SHARED / "gov_domains/us_dotgov_current-federal.csv", as_of="2026-08-22")
    assert sum(len(o.sites) for o in us.catalog.organisations) == 1321
    uk = import_register("uk-govorg", SHARED / "gov_domains/uk_government-organisation.tsv", as_of="2016-12-31")
    assert len(uk.catalog.organisations) == 697  # the 698 open rows, OT488 entered twice

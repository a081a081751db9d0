"""The catalogs shipped with govlens load, and hold the facts their descriptions promise.

These tests read the files only; nothing here touches the network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlsplit

import pytest

from govlens.catalog import (
    KINDS,
    SECTORS,
    UN_SECTORS,
    bundled_catalogs,
    load_bundled,
    load_catalog,
)
from govlens.catalog.dump import dump_csv, dump_yaml

ASEAN = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}
PEERS = {"DNK", "EST", "KOR", "SGP", "GBR"}


def test_expected_catalogs_are_bundled():
    assert {"thailand-core", "asean-portals"} <= set(bundled_catalogs())


@pytest.mark.parametrize("name", sorted(bundled_catalogs()))
def test_every_bundled_catalog_loads_and_is_consistent(name, tmp_path):
    catalog = load_catalog(bundled_catalogs()[name])
    assert catalog.name == name
    assert catalog.source and dt.date.fromisoformat(catalog.as_of) <= dt.date.today()
    assert catalog.organisations
    for org in catalog.organisations:
        assert org.kind in KINDS and org.sector in SECTORS
        # an organisation without a site (website unknown) must say where it comes from
        assert org.sites or org.source, f"{org.id} has no site and no source"
        for site in org.sites:
            assert urlsplit(site.url).scheme == "https"
            assert site.source, f"{site.url} has no source"
            assert site.checked == "", "URLs have not been verified live; checked must be empty"
            assert site.verified is False, f"{site.url} is unchecked, so it must not count as verified"
    assert len(catalog.targets()) == sum(len(o.sites) for o in catalog.organisations)
    # a dumped copy loads back to the same catalog
    copy = tmp_path / f"{name}.yaml"
    copy.write_text(dump_yaml(catalog), encoding="utf-8")
    assert load_catalog(copy) == catalog


def test_thailand_core_covers_the_un_sectors_and_the_portal():
    catalog = load_bundled("thailand-core")
    assert [c.code for c in catalog.countries] == ["THA"]
    ministries = {o.sector: o for o in catalog.organisations if o.kind == "ministry"}
    assert set(UN_SECTORS) <= set(ministries)
    assert {"finance", "interior", "digital"} <= set(ministries)
    assert ministries["health"].sites[0].url == "https://www.moph.go.th/"
    assert ministries["health"].name.th == "กระทรวงสาธารณสุข"
    assert ministries["social-protection"].name.th == "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"
    assert [o.id for o in catalog.organisations if o.kind == "national-portal"][0] == "th-thaigov"
    assert catalog.organisation("th-dga").sites[0].url == "https://www.dga.or.th/"
    departments = {o.id: o for o in catalog.organisations if o.kind == "department"}
    assert {"th-consular", "th-rd", "th-doe", "th-dopa", "th-dlt", "th-dbd", "th-sso", "th-customs",
            "th-dol"} <= set(departments)
    assert catalog.organisation("th-nhso").parent == "th-moph"  # the health-insurance office
    for dept in departments.values():
        assert catalog.organisation(dept.parent).kind == "ministry"
    for org in catalog.organisations:
        assert org.name.th, f"{org.id} lacks a Thai name"
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in org.name.th)
        for site in org.sites:
            host = urlsplit(site.url).hostname
            # state enterprises (the electricity and water authorities) use .co.th
            assert host.endswith((".go.th", ".or.th", ".co.th")), host


def test_thailand_core_has_every_ministry_with_both_names():
    catalog = load_bundled("thailand-core")
    ministries = [o for o in catalog.organisations if o.kind == "ministry"]
    # the Office of the Prime Minister and the 19 ministries of the Thai cabinet
    assert len(ministries) == 20 and len({o.name.th for o in ministries}) == 20
    assert all(o.parent is None and o.name.en and o.sites for o in ministries)
    assert {o.id for o in ministries} >= {"th-opm", "th-mod", "th-mot", "th-moc", "th-mhesi"}


def test_thailand_core_has_the_76_provinces_from_the_dla_register_with_inferred_urls():
    catalog = load_bundled("thailand-core")
    provinces = [o for o in catalog.organisations if o.kind == "province"]
    assert len(provinces) == 76 and len({o.ref for o in provinces}) == 76
    assert all(o.parent == "th-moi" and o.name.th.startswith("จังหวัด") for o in provinces)
    assert all("DLA register" in o.source for o in provinces)
    # no citable address: each is inferred from the halls' pattern, and says so
    assert all(len(o.sites) == 1 and "inferred" in o.sites[0].source and not o.sites[0].verified
               for o in provinces)
    assert len({o.sites[0].url for o in provinces}) == 76
    krabi = catalog.organisation("th-province-81")
    assert krabi.name.th == "จังหวัดกระบี่" and krabi.name.en == "Krabi Province" and krabi.ref == "81"
    assert krabi.sites[0].url == "https://www.krabi.go.th/"
    assert catalog.organisation("th-province-14").sites[0].url == "https://www.ayutthaya.go.th/"


def test_thailand_core_round_trips_through_csv(tmp_path):
    catalog = load_bundled("thailand-core")
    path = tmp_path / "thailand-core.csv"
    path.write_text(dump_csv(catalog), encoding="utf-8")
    again = load_catalog(path)
    assert again.name == "thailand-core"
    assert again.countries == catalog.countries
    # CSV has no column for services; everything else must survive
    assert again.organisations == tuple(
        dataclasses.replace(o, services=()) for o in catalog.organisations
    )


def test_asean_portals_lists_members_and_peers():
    catalog = load_bundled("asean-portals")
    codes = {c.code for c in catalog.countries}
    assert codes == ASEAN | PEERS
    for code in codes:
        portals = [o for o in catalog.organisations if o.country == code]
        assert portals and all(o.kind == "national-portal" for o in portals)
    assert catalog.targets("GBR")[0].url == "https://www.gov.uk/"
    assert catalog.targets("THA")[0].url == "https://www.thaigov.go.th/"


def test_load_bundled_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="thailand-core"):
        load_bundled("atlantis")


def test_peers_has_the_un_leaders_and_asean_with_portals_and_sector_ministries():
    catalog = load_bundled("peers")
    codes = {c.code for c in catalog.countries}
    assert {"DNK", "EST", "KOR", "SGP", "GBR", "FIN", "JPN", "MYS", "VNM"} <= codes
    for code in codes:
        orgs = [o for o in catalog.organisations if o.country == code]
        assert any(o.kind == "national-portal" for o in orgs), code
        ministries = {o.sector for o in orgs if o.kind in ("ministry", "department")}
        # a ministry covering two sectors is listed once, under its main one
        assert {"health", "education", "environment", "finance"} <= ministries, code
        assert len(ministries & set(UN_SECTORS)) >= 4, code
    # UK addresses come from the GDS register, with the register id
    gbr = [o for o in catalog.organisations if o.country == "GBR" and o.ref]
    assert gbr and all("register" in o.sites[0].source for o in gbr)


def test_organisation_ids_are_unique_across_bundled_catalogs():
    seen: dict[str, str] = {}
    for name, path in bundled_catalogs().items():
        for org in load_catalog(path).organisations:
            assert org.id not in seen, f"{org.id} in {seen.get(org.id)} and {name}"
            seen[org.id] = name

"""Loading CSV catalogs: rows merge into organisations, problems name their row and column.

Rows are counted as a spreadsheet counts them: the header is row 1.
"""

from __future__ import annotations

import dataclasses

import pytest

from govlens.catalog import CatalogError, CatalogErrors, Name, load_catalog
from govlens.catalog.dump import dump_csv, dump_yaml

HEADER = "country,org_id,kind,sector,parent,name_en,name_th,site_url"

GOOD = f"""
{HEADER},source,checked
THA,th-moph,ministry,health,,Ministry of Public Health,กระทรวงสาธารณสุข,https://www.moph.go.th,own address,2024-05-01
THA,th-ddc,department,health,th-moph,Department of Disease Control,กรมควบคุมโรค,https://ddc.moph.go.th/,,

tha,th-moph,ministry,health,,Ministry of Public Health,กระทรวงสาธารณสุข,HTTPS://HSS.MOPH.GO.TH/#x,,
SGP,sg-portal,national-portal,general,,"Gov.sg, the portal",,https://www.gov.sg/,,
THA,th-empty,other,other,,No website yet,,,,
"""


def test_good_csv_merges_rows_of_one_organisation(write):
    catalog = load_catalog(write("my-list.csv", GOOD))
    assert catalog.name == "my-list" and catalog.source == "" and catalog.as_of == ""
    assert [c.code for c in catalog.countries] == ["THA", "SGP"]
    assert catalog.countries[0].name == Name("THA")  # no country_name_en column
    assert [o.id for o in catalog.organisations] == ["th-moph", "th-ddc", "sg-portal", "th-empty"]
    moph = catalog.organisation("th-moph")
    assert [s.url for s in moph.sites] == ["https://www.moph.go.th/", "https://hss.moph.go.th/"]
    assert (moph.sites[0].source, moph.sites[0].checked) == ("own address", "2024-05-01")
    assert catalog.organisation("th-ddc").parent == "th-moph"
    assert catalog.organisation("sg-portal").name == Name("Gov.sg, the portal")
    assert catalog.organisation("th-empty").sites == ()
    assert [t.url for t in catalog.targets("THA")] == [
        "https://www.moph.go.th/",
        "https://hss.moph.go.th/",
        "https://ddc.moph.go.th/",
    ]


def test_yaml_and_csv_give_the_same_organisations(write):
    yaml_text = """
    catalog: same
    source: tests
    as_of: 2026-11-24
    countries:
      - code: THA
        name: {en: Thailand, th: ประเทศไทย}
        organisations:
          - id: th-mol
            kind: ministry
            sector: labour
            parent: null
            name: {en: Ministry of Labour, th: กระทรวงแรงงาน}
            sites:
              - url: https://www.mol.go.th/
                source: own address
                checked: 2026-01-02
              - https://eservice.mol.go.th
          - id: th-doe
            kind: department
            sector: labour
            parent: th-mol
            name: {en: Department of Employment, th: กรมการจัดหางาน}
            sites: [https://www.doe.go.th/]
          - id: th-nosite
            kind: other
            sector: other
            name: {en: Nothing online}
    """
    csv_text = f"""
    {HEADER},source,checked,country_name_en,country_name_th
    THA,th-mol,ministry,labour,,Ministry of Labour,กระทรวงแรงงาน,https://www.mol.go.th/,own address,2026-01-02,Thailand,ประเทศไทย
    THA,th-mol,ministry,labour,,Ministry of Labour,กระทรวงแรงงาน,https://eservice.mol.go.th,,,Thailand,ประเทศไทย
    THA,th-doe,department,labour,th-mol,Department of Employment,กรมการจัดหางาน,https://www.doe.go.th/,,,Thailand,ประเทศไทย
    THA,th-nosite,other,other,,Nothing online,,,,,Thailand,ประเทศไทย
    """
    from_yaml = load_catalog(write("same.yaml", yaml_text))
    from_csv = load_catalog(write("same.csv", csv_text))
    assert from_csv.organisations == from_yaml.organisations
    assert from_csv.countries == from_yaml.countries
    assert from_csv.targets() == from_yaml.targets()
    # and each converts into the other without loss (services aside)
    assert (
        load_catalog(write("again.csv", dump_csv(from_yaml))).organisations
        == from_yaml.organisations
    )
    assert (
        load_catalog(write("again.yaml", dump_yaml(from_csv))).organisations
        == from_csv.organisations
    )


def test_services_are_dropped_by_csv_but_kept_by_yaml(write):
    text = """
    catalog: svc
    countries:
      - code: THA
        name: {en: Thailand}
        organisations:
          - id: th-rd
            kind: department
            sector: finance
            name: {en: Revenue Department, th: กรมสรรพากร}
            sites: [https://www.rd.go.th/]
            services:
              - {name: {en: e-Filing}, life_event: paying-taxes, url: https://efiling.rd.go.th/}
    """
    catalog = load_catalog(write("svc.yaml", text))
    assert load_catalog(write("svc2.yaml", dump_yaml(catalog))) == dataclasses.replace(
        catalog, name="svc"
    )
    via_csv = load_catalog(write("svc.csv", dump_csv(catalog)))
    assert via_csv.organisation("th-rd").services == ()
    assert via_csv.organisation("th-rd").sites == catalog.organisation("th-rd").sites


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


ROW = "THA,th-a,ministry,health,,A,เอ,https://a.go.th/"

# (file text, expected row, field, words in the message)
CASES = {
    "missing org_id": (
        _csv(ROW, "THA,,ministry,health,,B,,https://b.go.th/"),
        3,
        "org_id",
        "required",
    ),
    "bad org_id": (
        _csv("THA,Th A,ministry,health,,B,,https://b.go.th/"),
        2,
        "org_id",
        "invalid id 'Th A'",
    ),
    "unknown kind": (
        _csv("THA,th-a,agency,health,,A,,https://a.go.th/"),
        2,
        "kind",
        "allowed: national-portal, ministry",
    ),
    "unknown sector": (
        _csv(ROW, "THA,th-b,ministry,wealth,,B,,https://b.go.th/"),
        3,
        "sector",
        "unknown sector 'wealth'",
    ),
    "bad iso3": (
        _csv("TH,th-a,ministry,health,,A,,https://a.go.th/"),
        2,
        "country",
        "ISO 3166-1 alpha-3",
    ),
    "missing name_en": (  # a Thai name alone will do (the DLA register has no English names)
        _csv("THA,th-a,ministry,health,,,,https://a.go.th/"),
        2,
        "name_en",
        "required",
    ),
    "unknown parent": (
        _csv(ROW, "THA,th-b,department,health,th-aa,B,,https://b.go.th/"),
        3,
        "parent",
        "did you mean 'th-a'?",
    ),
    "parent cycle": (
        _csv(
            "THA,th-a,ministry,health,th-b,A,,https://a.go.th/",
            "THA,th-b,ministry,health,th-a,B,,https://b.go.th/",
        ),
        2,
        "parent",
        "cycle: th-a -> th-b -> th-a",
    ),
    "bad url": (_csv("THA,th-a,ministry,health,,A,,a.go.th"), 2, "site_url", "no scheme"),
    "url with spaces": (
        _csv("THA,th-a,ministry,health,,A,,https://a.go.th/my page"),
        2,
        "site_url",
        "whitespace",
    ),
    "gopher url": (
        _csv("THA,th-a,ministry,health,,A,,gopher://a.go.th/"),
        2,
        "site_url",
        "unsupported scheme",
    ),
    "duplicate site": (
        _csv(ROW, "THA,th-b,ministry,health,,B,,HTTPS://A.GO.TH:443"),
        3,
        "site_url",
        "duplicate site URL https://a.go.th/ (organisation th-b); also at ",
    ),
    "bad date": (
        _csv(
            "THA,th-a,ministry,health,,A,,https://a.go.th/,,01/05/2024",
            header=HEADER + ",source,checked",
        ),
        2,
        "checked",
        "invalid date '01/05/2024'",
    ),
    "rows of one org disagree": (
        _csv(ROW, "THA,th-a,department,health,,A,เอ,https://a2.go.th/"),
        3,
        "kind",
        "'department' differs from 'ministry' in row 2",
    ),
    "rows of one org disagree on thai name": (
        _csv(ROW, "", "THA,th-a,ministry,health,,A,อี,https://a2.go.th/"),
        4,
        "name_th",
        "in row 2",
    ),
    "country names disagree": (
        _csv(
            "THA,th-a,ministry,health,,A,,https://a.go.th/,Thailand",
            "THA,th-b,ministry,health,,B,,https://b.go.th/,Siam",
            header=HEADER + ",country_name_en",
        ),
        3,
        "country_name_en",
        "'Siam' differs from 'Thailand' in row 2",
    ),
    "too many values": (
        _csv(ROW + ",extra"),
        2,
        "",
        "row has 9 values but the header has 8 columns",
    ),
    "missing column": (
        "country,org_id,kind,sector,name_en,name_th,site_url\n"
        + "THA,th-a,ministry,health,A,,https://a.go.th/\n",
        1,
        "parent",
        "header lacks required column(s): parent",
    ),
    "unknown column": (_csv(ROW + ",x", header=HEADER + ",notes"), 1, "notes", "unknown column"),
    "source without site": (
        _csv("THA,th-a,ministry,health,,A,,,somewhere,", header=HEADER + ",source,checked"),
        2,
        "site_url",
        "without a site_url",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_names_file_row_and_field(case, write):
    text, row, field, words = CASES[case]
    path = write("bad.csv", text)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    err = info.value
    assert not isinstance(err, CatalogErrors), str(err)
    assert (err.file, err.line, err.field) == (str(path), row, field)
    prefix = f"{path}:{row}: {field}: " if field else f"{path}:{row}: "
    assert str(err).startswith(prefix)
    assert words in err.message


def test_rows_count_blank_lines_and_quoted_newlines(write):
    text = _csv(
        ROW,
        "",
        'THA,th-b,ministry,health,,"B, with a\nline break",,https://b.go.th/',
        "THA,th-c,ministri,health,,C,,https://c.go.th/",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(write("rows.csv", text))
    # header 1, th-a 2, blank 3, th-b 4 (spans two lines), th-c 5
    assert (info.value.line, info.value.field) == (5, "kind")


def test_all_csv_problems_are_reported_together(write):
    text = _csv(
        "THA,th-a,agency,health,,A,,https://a.go.th/",
        "XX,th-b,ministry,health,,B,,https://b.go.th/",
        "THA,th-c,ministry,health,th-nope,C,,ftp://c.go.th/",
    )
    with pytest.raises(CatalogErrors) as info:
        load_catalog(write("many.csv", text))
    found = [(e.line, e.field) for e in info.value.errors]
    assert sorted(found) == [(2, "kind"), (3, "country"), (4, "parent"), (4, "site_url")]
    assert [line for line, _ in found] == [2, 3, 4, 4]  # in row order


def test_empty_and_misencoded_csv(write, tmp_path):
    with pytest.raises(CatalogError, match="empty"):
        load_catalog(write("empty.csv", ""))
    # a spreadsheet saved as windows-874 on a Thai Windows: its Thai is recognised and read
    path = tmp_path / "win874.csv"
    path.write_bytes(
        (HEADER + "\n").encode()
        + "THA,th-a,ministry,health,,A,กระทรวง,https://a.go.th/\n".encode("cp874")
    )
    assert load_catalog(path).organisation("th-a").name.th == "กระทรวง"
    # bytes that are neither UTF-8 nor Thai: refused with the line and the byte
    path.write_bytes((HEADER + "\n").encode() + b"THA,th-a,ministry,health,,A,\x81\x82\x83,https://a.go.th/\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert info.value.line == 2 and "UTF-8" in info.value.message
    # a declared encoding is used as is
    path.write_bytes((HEADER + "\n").encode() + "THA,th-a,ministry,health,,A,Ä,https://a.go.th/\n".encode("latin-1"))
    assert load_catalog(path, encoding="latin-1").organisation("th-a").name.th == "Ä"

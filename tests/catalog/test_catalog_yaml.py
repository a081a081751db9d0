"""Loading YAML catalogs: the good shape, and every problem reported at its file, line, field.

Each bad case is a small file written to tmp_path; the expected line is found by searching
the written file for a snippet, so the assertions cannot drift from the fixture text.
"""

from __future__ import annotations

import pickle

import pytest

from govlens.catalog import CatalogError, CatalogErrors, Name, load_catalog

GOOD = """
catalog: demo
source: "tests"
as_of: 2026-11-24
countries:
  - code: THA
    name: {en: Thailand, th: ประเทศไทย}
    organisations:
      - id: th-moph
        kind: ministry
        sector: health
        parent: null
        name: {en: Ministry of Public Health, th: กระทรวงสาธารณสุข}
        sites:
          - url: HTTPS://WWW.MOPH.GO.TH:443
            source: "own address"
            checked: 2024-05-01
          - https://hss.moph.go.th/#x
        services:
          - name: {en: Book a vaccine, th: จองวัคซีน}
            life_event: health-care
            url: https://www.moph.go.th/vaccine
      - id: th-ddc
        kind: department
        sector: health
        parent: th-moph
        name: Department of Disease Control
        sites:
          - url: https://ddc.moph.go.th/
  - code: sgp
    name: {en: Singapore}
"""


def test_good_yaml_loads_with_normalised_values(write):
    catalog = load_catalog(write("demo.yaml", GOOD))
    assert (catalog.name, catalog.source, catalog.as_of) == ("demo", "tests", "2026-11-24")
    assert [c.code for c in catalog.countries] == ["THA", "SGP"]
    moph, ddc = catalog.organisations
    assert moph.country == "THA" and moph.parent is None
    assert moph.name == Name("Ministry of Public Health", "กระทรวงสาธารณสุข")
    assert [s.url for s in moph.sites] == ["https://www.moph.go.th/", "https://hss.moph.go.th/"]
    assert moph.sites[0].checked == "2024-05-01" and moph.sites[0].source == "own address"
    assert moph.sites[1].checked == "" and moph.sites[1].source == ""
    assert moph.services[0].life_event == "health-care"
    assert moph.services[0].name.th == "จองวัคซีน"
    assert ddc.name == Name("Department of Disease Control") and ddc.parent == "th-moph"
    assert [t.org_id for t in catalog.targets("THA")] == ["th-moph", "th-moph", "th-ddc"]


def test_yml_suffix_and_quoted_dates_are_accepted(write):
    text = GOOD.replace("as_of: 2026-11-24", 'as_of: "2026-11-24"').replace(
        "checked: 2024-05-01", "checked: '2024-05-01'"
    )
    catalog = load_catalog(write("demo.YML", text))
    assert catalog.as_of == "2026-11-24"
    assert catalog.organisations[0].sites[0].checked == "2024-05-01"


def _org(
    extra: str = "",
    *,
    id_: str = "th-x",
    kind: str = "ministry",
    sector: str = "health",
    parent: str = "null",
    url: str = "https://x.go.th/",
) -> str:
    return f"""
      - id: {id_}
        kind: {kind}
        sector: {sector}
        parent: {parent}
        name: {{en: X, th: เอ็กซ์}}
        sites:
          - url: {url}{extra}"""


def _doc(orgs: str, head: str = "catalog: bad\nas_of: 2026-11-24\n", code: str = "THA") -> str:
    return (
        head
        + f"countries:\n  - code: {code}\n    name: {{en: Thailand}}\n    organisations:{orgs}\n"
    )


# (file text, snippet on the expected line, nth occurrence, field, words in the message)
CASES = {
    "missing kind": (
        _doc("\n      - id: th-nokind\n        sector: health\n        name: {en: X}"),
        "id: th-nokind",
        1,
        "kind",
        "required",
    ),
    "missing name": (
        _doc("\n      - id: th-noname\n        kind: ministry\n        sector: health"),
        "id: th-noname",
        1,
        "name",
        "required",
    ),
    "missing english name": (  # a Thai name alone will do, an empty one will not
        _doc(
            "\n      - id: th-a\n        kind: ministry\n        sector: health\n        name: {th: ''}"
        ),
        "name: {th:",
        1,
        "name.en",
        "required",
    ),
    "bad id": (_doc(_org(id_="TH_Moph")), "TH_Moph", 1, "id", "invalid id 'TH_Moph'"),
    "id starting with dash": (_doc(_org(id_="-th")), "-th", 1, "id", "invalid id"),
    "unknown kind": (
        _doc(_org(kind="ministri")),
        "ministri",
        1,
        "kind",
        "unknown kind 'ministri' (allowed: national-portal, ministry, department, province, local, other)",
    ),
    "unknown sector": (_doc(_org(sector="helth")), "helth", 1, "sector", "unknown sector 'helth'"),
    "kind not text": (_doc(_org(kind="[a, b]")), "kind: [a, b]", 1, "kind", "must be text"),
    "bad iso3": (_doc(_org(), code="TH"), "code: TH", 1, "code", "ISO 3166-1 alpha-3"),
    "digit in iso3": (_doc(_org(), code="T1A"), "code: T1A", 1, "code", "invalid country code"),
    "duplicate org id": (
        _doc(
            _org(id_="th-dup", url="https://a.go.th/") + _org(id_="th-dup", url="https://b.go.th/")
        ),
        "id: th-dup",
        2,
        "id",
        "duplicate organisation id 'th-dup' (first at ",
    ),
    "unknown parent": (
        _doc(_org(id_="th-moph") + _org(id_="th-dept", parent="th-mop", url="https://d.go.th/")),
        "parent: th-mop",
        1,
        "parent",
        "unknown organisation 'th-mop'",
    ),
    "parent cycle": (
        _doc(
            _org(id_="th-a", parent="th-b", url="https://a.go.th/")
            + _org(id_="th-b", parent="th-c", url="https://b.go.th/")
            + _org(id_="th-c", parent="th-a", url="https://c.go.th/")
        ),
        "parent: th-b",
        1,
        "parent",
        "cycle: th-a -> th-b -> th-c -> th-a",
    ),
    "own parent": (
        _doc(_org(id_="th-a", parent="th-a")),
        "parent: th-a",
        1,
        "parent",
        "own parent",
    ),
    "url without scheme": (_doc(_org(url="www.x.go.th")), "www.x.go.th", 1, "url", "no scheme"),
    "url unsupported scheme": (
        _doc(_org(url="ftp://x.go.th/")),
        "ftp://",
        1,
        "url",
        "unsupported scheme 'ftp'",
    ),
    "url with space": (_doc(_org(url="https://x.go.th/a b")), "a b", 1, "url", "whitespace"),
    "url without host": (_doc(_org(url="https:///a")), "https:///a", 1, "url", "no host"),
    "duplicate site after normalisation": (
        _doc(
            _org(id_="th-a", url="https://X.go.th") + _org(id_="th-b", url="https://x.go.th:443/#f")
        ),
        "https://x.go.th:443/#f",
        1,
        "url",
        "duplicate site URL https://x.go.th/ (organisation th-b); also at ",
    ),
    "bad checked date": (
        _doc(_org("\n            checked: 2024-02-30")),
        "checked:",
        1,
        "checked",
        "invalid date '2024-02-30'",
    ),
    "checked not a date": (
        _doc(_org("\n            checked: last week")),
        "checked:",
        1,
        "checked",
        "invalid date 'last week'",
    ),
    "bad as_of": (
        _doc(_org(), head="catalog: bad\nas_of: 2026-1-5x\n"),
        "as_of",
        1,
        "as_of",
        "invalid date",
    ),
    "missing catalog name": (
        _doc(_org(), head="as_of: 2026-11-24\n"),
        "as_of",
        1,
        "catalog",
        "required",
    ),
    "unknown field": (
        _doc(_org() + "\n        servics: []"),
        "servics",
        1,
        "servics",
        "unknown field",
    ),
    "duplicate key": (
        _doc(_org() + "\n        kind: department"),
        "kind: department",
        1,
        "kind",
        "twice",
    ),
    "bad life event": (
        _doc(
            _org()
            + "\n        services:\n          - name: {en: Tax}\n            life_event: Paying Taxes\n            url: https://x.go.th/tax"
        ),
        "life_event",
        1,
        "life_event",
        "invalid id 'Paying Taxes'",
    ),
    "unknown life event": (
        _doc(
            _org()
            + "\n        services:\n          - name: {en: Tax}\n            life_event: tax\n            url: https://x.go.th/tax"
        ),
        "life_event",
        1,
        "life_event",
        "unknown life_event 'tax' (allowed: birth, death",
    ),
    "bad service url": (
        _doc(
            _org()
            + "\n        services:\n          - name: {en: Tax}\n            life_event: paying-taxes\n            url: x.go.th/tax"
        ),
        "x.go.th/tax",
        1,
        "url",
        "no scheme",
    ),
    "sites not a list": (
        _doc(
            "\n      - id: th-a\n        kind: ministry\n        sector: health\n        name: {en: A}\n        sites: https://a.go.th/"
        ),
        "sites:",
        1,
        "sites",
        "must be a list",
    ),
    "duplicate country": (
        _doc(_org()) + "  - code: THA\n    name: {en: Thailand again}\n",
        "code: THA",
        2,
        "code",
        "duplicate country THA",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_names_file_line_and_field(case, write, line_of):
    text, needle, nth, field, words = CASES[case]
    path = write("bad.yaml", text)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    err = info.value
    assert not isinstance(err, CatalogErrors), str(err)  # one problem -> one plain error
    line = line_of(path, needle, nth)
    assert (err.file, err.line, err.field) == (str(path), line, field)
    assert str(err).startswith(f"{path}:{line}: {field}: ")
    assert words in err.message


def test_duplicate_messages_name_the_first_location(write, line_of):
    for case, nth in (("duplicate org id", 1), ("duplicate site after normalisation", 1)):
        path = write("dup.yaml", CASES[case][0])
        with pytest.raises(CatalogError) as info:
            load_catalog(path)
        needle = "id: th-dup" if case == "duplicate org id" else "https://X.go.th"
        assert f"{path}:{line_of(path, needle, nth)}" in info.value.message


def test_missing_countries_is_reported(write):
    path = write("bad.yaml", "catalog: c\nsource: s\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert (info.value.line, info.value.field) == (1, "countries")


def test_all_problems_are_reported_together_in_line_order(write, line_of):
    text = _doc(
        _org(id_="th-a", kind="ministri", url="https://a.go.th/")
        + _org(id_="th-b", sector="helth", parent="th-zzz", url="ftp://b.go.th/")
        + _org(id_="th-c", url="https://A.GO.TH/")
    )
    path = write("many.yaml", text)
    with pytest.raises(CatalogErrors) as info:
        load_catalog(path)
    errors = info.value.errors
    expected = [
        (line_of(path, "ministri"), "kind"),
        (line_of(path, "helth"), "sector"),
        (line_of(path, "th-zzz"), "parent"),
        (line_of(path, "ftp://"), "url"),
        (line_of(path, "https://A.GO.TH/"), "url"),
    ]
    assert [(e.line, e.field) for e in errors] == expected
    assert all(e.file == str(path) for e in errors)
    text = str(info.value)
    assert text.splitlines()[0] == f"{path}: 5 problems found"
    for e in errors:
        assert str(e) in text
    assert isinstance(info.value, CatalogError) and isinstance(info.value, ValueError)


def test_yaml_syntax_error_gives_its_line(write):
    path = write(
        "syntax.yaml",
        "catalog: x\ncountries:\n  - code: THA\n    name: {en: Thailand\n  - code: SGP\n",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    err = info.value
    assert err.line in (4, 5) and "invalid YAML" in err.message
    assert str(err).startswith(f"{path}:{err.line}: invalid YAML")


def test_tab_indentation_is_a_yaml_error_on_its_line(write):
    path = write("tab.yaml", "catalog: x\ncountries:\n\t- code: THA\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert info.value.line == 3 and "invalid YAML" in info.value.message


def test_impossible_unquoted_date_is_reported_not_a_traceback(write):
    path = write("date.yaml", "catalog: x\nas_of: 2026-13-45\ncountries: []\n")
    with pytest.raises(CatalogErrors) as info:
        load_catalog(path)
    assert [(e.line, e.field) for e in info.value.errors] == [(2, "as_of"), (3, "countries")]


def test_bad_encoding_names_the_line(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"catalog: x\nsource: ok\nname: caf\xe9\x81\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert info.value.line == 3
    assert "UTF-8" in info.value.message and str(path) in str(info.value)


def test_tis620_yaml_is_read_as_thai(tmp_path):
    path = tmp_path / "tis620.yaml"
    path.write_bytes(GOOD.lstrip().replace("Ministry of Public Health", "กระทรวงสาธารณสุข").encode("tis-620"))
    assert "กระทรวงสาธารณสุข" in path.read_bytes().decode("cp874")
    catalog = load_catalog(path)
    assert any(o.name.en == "กระทรวงสาธารณสุข" for o in catalog.organisations)


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.lstrip().encode("utf-8"))
    assert load_catalog(path).name == "demo"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("- a\n- b\n", "top level must be a mapping"),
        ("just text\n", "top level must be a mapping"),
        ("", "empty"),
        ("# only a comment\n", "empty"),
    ],
)
def test_wrong_top_level(write, text, words):
    path = write("top.yaml", text) if text else write("top.yaml", "")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert words in info.value.message
    assert str(path) in str(info.value)


def test_unreadable_and_unsupported_files(tmp_path):
    with pytest.raises(CatalogError, match="cannot read file") as info:
        load_catalog(tmp_path / "missing.yaml")
    assert info.value.line is None and str(tmp_path / "missing.yaml") in str(info.value)
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(CatalogError, match="cannot read file"):
        load_catalog(tmp_path / "dir.yaml")
    (tmp_path / "c.json").write_text("{}")
    with pytest.raises(CatalogError, match="unsupported file type '.json'"):
        load_catalog(tmp_path / "c.json")


def test_error_string_format_leaves_out_empty_parts():
    assert str(CatalogError("f.yaml", 3, "kind", "bad")) == "f.yaml:3: kind: bad"
    assert str(CatalogError("f.yaml", None, "kind", "bad")) == "f.yaml: kind: bad"
    assert str(CatalogError("f.yaml", 3, "", "bad")) == "f.yaml:3: bad"
    assert str(CatalogError("f.yaml", None, "", "bad")) == "f.yaml: bad"
    err = pickle.loads(
        pickle.dumps(
            CatalogErrors([CatalogError("f", 1, "a", "x"), CatalogError("f", 2, "b", "y")])
        )
    )
    assert [str(e) for e in err.errors] == ["f:1: a: x", "f:2: b: y"]
    assert CatalogError("f", 1, "a", "x").errors[0].field == "a"

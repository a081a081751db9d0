"""The framework files: counts, criteria, codes, rules, questions, and the validator."""

from __future__ import annotations

import copy
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from govlens.frameworks import DATA_DIR, FrameworkError, load_all, load_framework
from govlens.frameworks.checkids import CORE_CHECKS, is_known_check, registered_checks
from govlens.frameworks.schema import build_framework

# docs/frameworks.md quotes these numbers; change them together. Before issue 10 they were
# LOSI 12/16/67 of 95, OSI 16/14/72 of 102, Waseda 0/8/25 of 33, th-dga-website-v3 17/8/11 of
# 36, EU 0/5/9 of 14.
EXPECTED_COUNTS = {
    "un-losi-2024": {"automated": 11, "assisted": 19, "manual": 64, "total": 94},
    "un-osi-2024": {"automated": 14, "assisted": 16, "manual": 70, "total": 100},
    "waseda-iac-2024": {"automated": 0, "assisted": 8, "manual": 25, "total": 33},
    "th-gov-website-checklist": {"automated": 20, "assisted": 7, "manual": 9, "total": 36},
    "eu-egov-benchmark-2020": {"automated": 0, "assisted": 5, "manual": 9, "total": 14},
}
CODE = re.compile(r"#\d{3}[ab]?")


def test_every_file_loads_and_is_named_by_its_id():
    fws = load_all()
    assert {f.id for f in fws} == set(EXPECTED_COUNTS)
    for f in fws:
        assert Path(f.path).stem == f.id


@pytest.mark.parametrize("fid", sorted(EXPECTED_COUNTS))
def test_coverage_counts(fid):
    assert load_framework(fid).counts() == EXPECTED_COUNTS[fid]


def test_losi_has_94_listed_indicators_in_the_five_published_components():
    f = load_framework("un-losi-2024")
    assert len(f.indicators) == 94 and f.unlisted == 2 and f.score_denominator() == 96
    assert [c.id for c in f.criteria] == ["IF", "CP", "SP", "EPI", "TEC"]  # Table 12 columns
    assert Counter(i.criterion for i in f.indicators) == {"IF": 6, "CP": 34, "SP": 22, "EPI": 18, "TEC": 14}
    assert all(CODE.fullmatch(i.code) for i in f.indicators)
    assert all(i.scoring == "binary" and i.weight == 1 for i in f.indicators)
    # the guidance's six modules are kept as a view: its 95 entries name #236 twice
    mods = f.views["guidance-modules"].groups
    entries = [i for ids in mods.values() for i in ids]
    assert {k: len(v) for k, v in mods.items()} == {
        "institutional-framework": 6, "content-provision": 30, "services-provision": 22,
        "participation-and-engagement": 15, "e-government-literacy": 10, "technology": 12}
    assert len(entries) == 95 and [i for i, n in Counter(entries).items() if n > 1] == ["losi-236"]
    assert set(entries) == {i.id for i in f.indicators}
    # an E-Government Literacy item sits in a published component, and says it is govlens's choice
    for iid in mods["e-government-literacy"]:
        ind = f.indicator(iid)
        assert ind.criterion in ("IF", "CP", "EPI", "TEC") and any(u.topic == "component" for u in ind.unknown)
    assert f.indicator("losi-214").check_ids == ("content.contact",)
    assert f.find_indicator("#214").id == "losi-214"
    assert f.find_indicator("214").id == "losi-214"
    assert f.find_indicator("#236").id == "losi-236"  # one indicator now, so the code is unique


@pytest.mark.parametrize("fid", sorted(EXPECTED_COUNTS))
def test_no_code_twice_in_one_framework(fid):
    """A published code names one question: counted in one indicator only (no double counting)."""
    f = load_framework(fid)
    codes = [c for i in f.indicators for c in i.codes]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert len({i.id for i in f.indicators}) == len(f.indicators)


def test_osi_codes_are_checked():
    f = load_framework("un-osi-2024")
    odd = [(i.id, c) for i in f.indicators for c in i.codes if not CODE.fullmatch(c)]
    assert odd == [("osi-tech-09a", "#09a")]  # the one code the extraction truncated
    assert any(u.topic == "code" for u in f.indicator("osi-tech-09a").unknown)
    # code ranges are spelled out, so that a range cannot hide a duplicate
    assert f.indicator("osi-sp-143-148").codes == tuple(f"#{n}" for n in range(143, 149))
    assert f.find_indicator("#014").id == "osi-if-014" and f.find_indicator("#117").id == "osi-sp-117"


def test_osi_has_100_features_in_six_modules_and_an_epi_view():
    f = load_framework("un-osi-2024")
    assert len(f.indicators) == 100
    assert Counter(i.criterion for i in f.indicators) == {"IF": 16, "CP": 7, "SP": 30, "EP": 21,
                                                          "TECH": 14, "EGL": 12}
    view = f.views["epi-stages"]
    assert set(view.groups) == {"e-information", "e-consultation", "e-decision-making"}
    in_view = [i for ids in view.groups.values() for i in ids]
    assert sorted(in_view) == sorted(i.id for i in f.indicators if i.criterion == "EP")
    assert len(in_view) == len(set(in_view)) == 21
    sector = f.indicator("osi-if-090")
    assert len(sector.codes) == 6 and sector.scoring == "share"
    assert f.indicator("osi-tech-074").check_ids == ("security.https",)


def test_waseda_points_total_100_with_online_services_14():
    f = load_framework("waseda-iac-2024")
    assert len(f.criteria) == 10
    assert sum(c.weight for c in f.criteria) == pytest.approx(100)
    assert f.criterion("W3").weight == 14
    assert any("14" in u.note for u in f.unknown)


def test_waseda_sub_indicators_say_the_edition_they_come_from():
    f = load_framework("waseda-iac-2024")
    subs = [i for i in f.indicators if "-" in i.code]
    assert len(subs) == 32 and {i.edition for i in subs} == {"2014"}
    assert all("waseda-2014-table" in i.source for i in subs)
    whole = [i for i in f.indicators if "-" not in i.code]
    assert [i.id for i in whole] == ["waseda-10"] and whole[0].edition == ""
    assert "2014" in f.title["en"] and "2014" in f.edition


def test_thai_standard_has_thai_names_everywhere():
    f = load_framework("th-gov-website-checklist")
    for c in f.criteria:
        assert c.name.get("th")
    for i in f.indicators:
        assert i.name.get("th"), i.id
        assert i.name_th_source in ("published", "translation"), i.id
    assert f.indicator("th-v1-qa").name["th"] == "ถาม – ตอบ (Q & A)"


def test_thai_items_are_named_for_their_source():
    f = load_framework("th-gov-website-checklist")
    assert "not the text of มสพร. 11-2566" in f.title["en"]
    group = {"th-v1-": ("V1-BASIC", "V1-INTERACTION", "V1-SECURITY"), "th-pages-": ("PAGES",),
             "th-v3-": ("V3-FEATURES",), "th-v3vendor-": ("V3-VENDOR",)}
    for i in f.indicators:
        prefix = next(p for p in sorted(group, key=len, reverse=True) if i.id.startswith(p))
        assert i.criterion in group[prefix], i.id
        assert i.from_text is (prefix == "th-v1-"), i.id  # read in (a summary of) the text, or not
        confidences = {f.sources[s].confidence for s in i.source}
        if i.from_text:
            assert "V" in confidences and i.edition == "1 (2012)", i.id
        else:
            assert i.edition.startswith("3.0") or prefix == "th-pages-", i.id
    assert Counter(i.from_text for i in f.indicators) == {True: 15, False: 21}


def test_eu_has_4_benchmarks_and_14_indicators():
    f = load_framework("eu-egov-benchmark-2020")
    assert Counter(i.criterion for i in f.indicators) == {"UC": 3, "TR": 3, "KE": 4, "CB": 4}


@pytest.mark.parametrize("fid", sorted(EXPECTED_COUNTS))
def test_indicators_are_complete(fid):
    f = load_framework(fid)
    assert f.unknown, "every framework records what is not known"
    for i in f.indicators:
        assert i.name["en"] and i.criterion and i.source and i.weight >= 0
        for s in i.source:
            assert f.sources[s].citation
        if i.answer in ("automated", "assisted"):
            assert i.rule is not None and i.check_ids
            assert all(is_known_check(c) for c in i.check_ids), i.id
        if i.answer in ("manual", "assisted"):
            assert i.question.strip() and i.guidance.strip(), i.id


def test_rules_only_name_known_checks():
    known = registered_checks()
    used = {c for f in load_all() for i in f.indicators for c in i.check_ids}
    assert used - known <= {"a11y.act-*"}
    assert len(CORE_CHECKS) == 25 and set(CORE_CHECKS) <= known


def test_gaps_list_proposes_checks_that_do_not_exist():
    text = (DATA_DIR / "GAPS.md").read_text(encoding="utf-8")
    proposed = re.findall(r"^\| `([a-z0-9.\-<>]+)`", text, flags=re.M)
    assert len(proposed) >= 20
    for p in proposed:
        assert p not in registered_checks(), p


def _losi_data():
    return yaml.safe_load((DATA_DIR / "un-losi-2024.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["indicators"][1].update(rule={"any": ["content.no-such-check"]}), "unknown check id 'content.no-such-check'"),
    (lambda d: d["indicators"][0].pop("question"), "needs a question and guidance"),
    (lambda d: d["indicators"][1].update(answer="robot"), "answer: must be one of"),
    (lambda d: d["indicators"][1].update(id=d["indicators"][0]["id"]), "duplicate indicator id"),
    (lambda d: d["indicators"][1].update(criterion="XX"), "criterion: 'XX' is not a criterion"),
    (lambda d: d["indicators"][1].update(rule={"at_least": 3, "of": ["content.faq"]}), "more than the 1 items"),
    (lambda d: d["indicators"][1].update(rule={"score_at_least": 2, "check": "content.faq"}), "score_at_least: must be a number in [0, 1]"),
    (lambda d: d["indicators"][1].pop("rule"), "needs a rule over check outcomes"),
    (lambda d: d["indicators"][3].update(rule={"any": ["content.faq"]}), "a manual indicator has no rule"),
    (lambda d: d.pop("parts"), "parts: a list of {part, source, not_found}"),
    (lambda d: d["parts"][0].pop("not_found"), "parts[0].not_found: say what was looked for"),
    (lambda d: d["parts"][0].update(source=["nope"]), "parts[0].source: 'nope' is not in sources"),
    (lambda d: d["scoring"].update(unlisted={"count": 0}), "scoring.unlisted: {count: n ≥ 1"),
    (lambda d: d["indicators"][1].update(rule={"check": "content.faq", "where": {}}), "where: a mapping"),
    (lambda d: d["indicators"][1].update(rule={"check": "nope.nope", "where": {"x": [1]}}), "unknown or pattern check id 'nope.nope'"),
    (lambda d: d["indicators"][3].update(from_text=True, source=["un-poc-losi-2024"]), "from_text: an item read in the instrument's text needs a source read first-hand"),
    (lambda d: d["indicators"][3].update(from_text="yes"), "from_text: true | false"),
    (lambda d: d["unknown"].append({"note": "x"}), "needs 'note'"),
    (lambda d: d.update(schema="other"), "schema: must be"),
])
def test_validator_reports_file_indicator_and_field(mutate, expected):
    d = copy.deepcopy(_losi_data())
    mutate(d)
    with pytest.raises(FrameworkError) as ei:
        build_framework(d, "un-losi-2024.yaml")
    assert any(expected in p for p in ei.value.problems), ei.value.problems
    assert str(ei.value).startswith("un-losi-2024.yaml:")


def test_validator_rejects_an_indicator_without_a_source():
    d = copy.deepcopy(_losi_data())
    d["defaults"].pop("source")
    d["indicators"][2].pop("source", None)
    with pytest.raises(FrameworkError) as ei:
        build_framework(d, "f.yaml")
    assert sum("source: a source id is required" in p for p in ei.value.problems) == len(d["indicators"])
    d = copy.deepcopy(_losi_data())
    d["indicators"][2]["source"] = []
    d["defaults"].pop("source")
    with pytest.raises(FrameworkError) as ei:
        build_framework(d, "f.yaml")
    assert any(p.startswith("indicators[2] (") and "a source id is required" in p for p in ei.value.problems)


def test_validator_wants_every_source_under_a_part():
    d = copy.deepcopy(_losi_data())
    d["sources"]["extra"] = {"citation": "a new source", "confidence": "S"}
    d["indicators"][3]["source"] = ["extra"]
    with pytest.raises(FrameworkError) as ei:
        build_framework(d, "f.yaml")
    assert any("'extra' is not listed under any of the file's parts" in p for p in ei.value.problems)
    d["parts"][0]["source"].append("extra")
    assert build_framework(d, "f.yaml").indicators[3].source == ("extra",)


@pytest.mark.parametrize("fid", sorted(EXPECTED_COUNTS))
def test_every_file_says_at_its_top_where_each_part_comes_from(fid):
    path = DATA_DIR / f"{fid}.yaml"
    text = path.read_text(encoding="utf-8")
    header = text[:text.index("\nschema:")]
    assert header.startswith("#") and "Not found" in header, fid
    keys = list(yaml.safe_load(text))
    assert keys.index("parts") < keys.index("scoring") < keys.index("indicators"), keys
    f = load_framework(fid)
    assert f.parts and all(pt.source and pt.not_found.strip() for pt in f.parts)
    used = {s for i in f.indicators for s in i.source}
    assert used <= {s for pt in f.parts for s in pt.source}


def test_validator_reports_every_problem_at_once():
    d = copy.deepcopy(_losi_data())
    d["indicators"][0]["answer"] = "x"
    d["indicators"][5]["criterion"] = "nope"
    with pytest.raises(FrameworkError) as ei:
        build_framework(d, "f.yaml")
    assert len(ei.value.problems) >= 2
    assert any("indicators[0] (losi-281)" in p for p in ei.value.problems)


def test_fraction_weights_and_act_patterns():
    assert is_known_check("a11y.act-b5c3f8") and is_known_check("a11y.act-*")
    assert not is_known_check("a11y.act-zz")
    assert is_known_check("security.*")
    assert not is_known_check("nothing.*")

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

# The closing note and docs/frameworks.md quote these numbers; change them together.
EXPECTED_COUNTS = {
    "un-losi-2024": {"automated": 12, "assisted": 16, "manual": 67, "total": 95},
    "un-osi-2024": {"automated": 16, "assisted": 14, "manual": 72, "total": 102},
    "waseda-iac-2024": {"automated": 0, "assisted": 8, "manual": 25, "total": 33},
    "th-dga-website-v3": {"automated": 17, "assisted": 8, "manual": 11, "total": 36},
    "eu-egov-benchmark-2020": {"automated": 0, "assisted": 5, "manual": 9, "total": 14},
}


def test_every_file_loads_and_is_named_by_its_id():
    fws = load_all()
    assert {f.id for f in fws} == set(EXPECTED_COUNTS)
    for f in fws:
        assert Path(f.path).stem == f.id


@pytest.mark.parametrize("fid", sorted(EXPECTED_COUNTS))
def test_coverage_counts(fid):
    assert load_framework(fid).counts() == EXPECTED_COUNTS[fid]


def test_losi_has_95_indicators_in_the_six_criteria():
    f = load_framework("un-losi-2024")
    assert len(f.indicators) == 95
    assert [c.id for c in f.criteria] == ["IF", "CP", "SP", "PE", "EGL", "TECH"]
    names = [c.name["en"] for c in f.criteria]
    assert names == ["Institutional framework", "Content provision", "Services provision",
                     "Participation and engagement", "E-government literacy", "Technology"]
    assert Counter(i.criterion for i in f.indicators) == {"IF": 6, "CP": 30, "SP": 22, "PE": 15,
                                                          "EGL": 10, "TECH": 12}
    codes = [i.code for i in f.indicators]
    assert all(re.fullmatch(r"#\d{3}[ab]?", c) for c in codes)
    dup = [c for c, n in Counter(codes).items() if n > 1]
    assert dup == ["#236"]  # the extraction's duplicate, recorded as unknown in the file
    assert all(i.scoring == "binary" and i.weight == 1 for i in f.indicators)
    assert f.indicator("losi-214").check_ids == ("content.contact",)
    assert f.find_indicator("#214").id == "losi-214"
    assert f.find_indicator("214").id == "losi-214"
    assert f.find_indicator("#236") is None  # ambiguous code


def test_osi_has_102_features_in_six_modules_and_an_epi_view():
    f = load_framework("un-osi-2024")
    assert len(f.indicators) == 102
    assert Counter(i.criterion for i in f.indicators) == {"IF": 16, "CP": 8, "SP": 30, "EP": 21,
                                                          "TECH": 14, "EGL": 13}
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


def test_thai_standard_has_thai_names_everywhere():
    f = load_framework("th-dga-website-v3")
    for c in f.criteria:
        assert c.name.get("th")
    for i in f.indicators:
        assert i.name.get("th"), i.id
        assert i.name_th_source in ("published", "translation"), i.id
    assert f.indicator("th-c2-qa").name["th"] == "ถาม – ตอบ (Q & A)"


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
    (lambda d: d["indicators"][0].update(rule={"any": ["content.faq"]}), "a manual indicator has no rule"),
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

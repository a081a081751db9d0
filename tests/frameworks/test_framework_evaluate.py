"""Indicator values, provenance, manual overrides, organisation values."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govlens.frameworks import ManualAnswer, framework_values, organisation_values
from govlens.scoring import score_values


def passed(*ids):
    return {i: {"outcome": "pass", "score": 1.0} for i in ids}


def failed(*ids):
    return {i: {"outcome": "fail", "score": 0.0} for i in ids}

SITE = "https://bangkok.go.th/"


def ans(indicator, answer, value, site=SITE, org="", assessor="a1", date="2025-01-01", **kw):
    return ManualAnswer(indicator=indicator, answer=answer, value=value, site=site,
                        organisation=org, assessor=assessor, date=date, ref=kw.pop("ref", "t:1"), **kw)


def test_error_not_applicable_and_absent_are_missing_never_zero(losi):
    results = {SITE: {"content.contact": {"outcome": "error", "score": None},
                      "content.sitemap": {"outcome": "not_applicable", "score": None}}}
    v = framework_values(losi, results)[SITE]
    for iid in ("losi-214", "losi-205", "losi-240"):  # error, not applicable, absent
        assert v[iid].value is None and v[iid].provenance == "missing"
        assert "checks missing" in v[iid].note
    assert v["losi-224"].provenance == "missing" and v["losi-224"].note == "awaiting a manual answer"
    s = score_values(losi, v)
    assert s.score is None and s.lower == 0.0 and s.upper == 1.0


def test_automated_and_assisted_values(losi):
    v = framework_values(losi, {SITE: {**passed("content.contact"), **failed("participation.chat")}})[SITE]
    assert v["losi-214"].value == 1.0 and v["losi-214"].provenance == "automated"
    assert not v["losi-214"].needs_confirmation
    assert v["losi-270a"].value == 0.0 and v["losi-270a"].needs_confirmation
    assert v["losi-214"].checks == ("content.contact",)


def test_manual_answer_overrides_and_changes_the_score_as_expected(losi):
    results = {SITE: passed("content.contact", "content.faq")}
    before = framework_values(losi, results)[SITE]
    s0 = score_values(losi, before)
    answers = [ans("losi-214", "no", 0.0, evidence_url="https://bangkok.go.th/contact", note="dead page"),
               ans("losi-281", "yes", 1.0)]
    after = framework_values(losi, results, answers)[SITE]
    v = after["losi-214"]
    assert v.provenance == "overridden" and v.value == 0.0 and v.automated_value == 1.0
    assert v.answer_ref["assessor"] == "a1" and v.answer_ref["evidence_url"].endswith("/contact")
    assert "overrides automated 1" in v.note and "dead page" in v.note
    assert after["losi-281"].provenance == "manual" and after["losi-281"].value == 1.0
    s1 = score_values(losi, after)
    # points: 2 automated met → (2 − 1 overridden + 1 manual) = 2; known 2 → 3 indicators
    assert s0.total.points == 2 and s1.total.points == 2
    assert s0.assessed == pytest.approx(2 / 2) and s1.assessed == pytest.approx(2 / 3)
    # 94 listed + 2 unlisted items: 91 listed and both unlisted are missing
    assert s1.lower == pytest.approx(2 / 96) and s1.upper == pytest.approx((2 + 91 + 2) / 96)
    assert s1.provenance == {"overridden": 1, "manual": 1, "automated": 1, "missing": 91}
    assert s1.criteria["TEC"].points == 0 and s1.criteria["IF"].points == 1


def test_complete_answers_give_the_published_formula(losi):
    answers = [ans(i.id, "yes" if n % 5 else "no", 1.0 if n % 5 else 0.0, ref=f"t:{n}")
               for n, i in enumerate(losi.indicators)]
    v = framework_values(losi, {SITE: {}}, answers)[SITE]
    met = sum(1 for n in range(len(losi.indicators)) if n % 5)
    s = score_values(losi, v)
    # LOSI = met / 96: every listed indicator answered, the two unlisted items still bound it
    assert s.score is None and s.total.n_known == 94
    assert s.lower == pytest.approx(met / 96) and s.upper == pytest.approx((met + 2) / 96)
    assert s.assessed == pytest.approx(met / 94)
    # without unlisted items the same answers give the share itself
    closed = replace(losi, scoring={k: v for k, v in losi.scoring.items() if k != "unlisted"})
    s2 = score_values(closed, v)
    assert s2.score == pytest.approx(met / 94) and s2.lower == s2.upper == s2.score
    for c in losi.criteria:
        ids = [i.id for i in losi.indicators if i.criterion == c.id]
        assert s.criteria[c.id].value == pytest.approx(sum(v[i].value for i in ids) / len(ids))


def test_confirming_answer_is_manual_with_a_note(losi):
    v = framework_values(losi, {SITE: passed("content.contact")}, [ans("losi-214", "yes", 1.0)])[SITE]
    assert v["losi-214"].provenance == "manual" and v["losi-214"].note.startswith("confirms")


def test_unknown_answer_does_not_override(losi):
    v = framework_values(losi, {SITE: passed("content.contact")}, [ans("losi-214", "unknown", None)])[SITE]
    assert v["losi-214"].provenance == "automated" and v["losi-214"].value == 1.0


def test_answers_by_code_site_beats_org_and_latest_wins(losi):
    orgs = {SITE: "bma", "https://other.go.th/": "bma"}
    answers = [
        ans("#214", "yes", 1.0, site="", org="bma", ref="t:1"),
        ans("losi-214", "no", 0.0, date="2025-01-01", ref="t:2"),
        ans("losi-214", "0.5", 0.5, date="2025-02-01", assessor="a2", ref="t:3"),
    ]
    v = framework_values(losi, {SITE: {}, "https://other.go.th/": {}}, answers, orgs)
    assert v[SITE]["losi-214"].value == 0.5  # the site's latest answer
    assert "2 answers; latest used; differing: a1" in v[SITE]["losi-214"].note
    assert v["https://other.go.th/"]["losi-214"].value == 1.0  # the organisation's answer


def test_organisation_takes_the_best_site_per_indicator(losi):
    a, b = "https://a.go.th/", "https://b.go.th/"
    results = {a: {**passed("content.contact"), **failed("content.faq")},
               b: {**failed("content.contact"), **passed("content.faq"),
                   "content.news": {"outcome": "error", "score": None}}}
    sv = framework_values(losi, results, organisations={a: "m", b: "m"})
    ov = organisation_values(losi, sv, {a: "m", b: "m"})["m"]
    assert ov["losi-214"].value == 1.0 and ov["losi-214"].site == a
    assert ov["losi-240"].value == 1.0 and ov["losi-240"].site == b
    assert ov["losi-296"].value is None and "missing on all 2 sites" in ov["losi-296"].note


def test_organisation_only_answers(losi):
    answers = [ans("losi-281", "yes", 1.0, site="", org="bma")]
    ov = organisation_values(losi, {}, {}, answers)
    assert ov["bma"]["losi-281"].value == 1.0 and ov["bma"]["losi-281"].provenance == "manual"

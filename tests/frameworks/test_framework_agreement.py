"""Percent agreement and Cohen's kappa against hand-computed examples."""

from __future__ import annotations

import pytest

from govlens.frameworks import ManualAnswer, agreement_report, cohen_kappa, percent_agreement


def test_kappa_textbook_example():
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    # p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / 0.5 = 0.4
    assert percent_agreement(a, b) == pytest.approx(0.7)
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_small_hand_example_and_edge_cases():
    a = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    b = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]
    # p_o = 0.8, p_e = 0.5 → κ = 0.6
    assert cohen_kappa(a, b) == pytest.approx(0.6)
    assert cohen_kappa([1, 1, 1], [1, 1, 1]) is None  # p_e = 1: undefined
    assert cohen_kappa([1, 0], [0, 1]) == pytest.approx(-1.0)
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        percent_agreement([1], [1, 0])


def test_report_per_criterion(losi):
    site = "https://bangkok.go.th/"
    pairs = {  # indicator: (a1, a2)
        "losi-215": (1, 1), "losi-216": (1, 0), "losi-224": (0, 0), "losi-281": (1, 1),  # IF
        "losi-212": (1, 1), "losi-217": (0, 1),  # CP
    }
    answers = []
    for n, (ind, (x, y)) in enumerate(pairs.items()):
        answers.append(ManualAnswer(ind, str(x), float(x), site=site, assessor="a1", ref=f"a:{n}"))
        answers.append(ManualAnswer(ind, str(y), float(y), site=site, assessor="a2", ref=f"b:{n}"))
    answers.append(ManualAnswer("losi-214", "1", 1.0, site=site, assessor="a1", ref="a:x"))  # unpaired
    rep = agreement_report(losi, answers)
    assert rep.assessors == ("a1", "a2") and rep.unpaired == 1
    r_if = rep.by_criterion["IF"]
    # IF: a1 = [1,1,0,1], a2 = [1,0,0,1]; p_o = 3/4; p_e = .75·.5 + .25·.5 = .5; κ = .5
    assert (r_if.n, r_if.agree) == (4, 3)
    assert r_if.percent == pytest.approx(0.75) and r_if.kappa == pytest.approx(0.5)
    r_cp = rep.by_criterion["CP"]
    assert r_cp.percent == pytest.approx(0.5)
    assert rep.overall.n == 6 and rep.overall.agree == 4
    assert {d["indicator"] for d in rep.disagreements} == {"losi-216", "losi-217"}
    with pytest.raises(ValueError):
        agreement_report(losi, [a for a in answers if a.assessor == "a1"])

"""The benchmark: countries compared on one framework from their unit organisations' values,
the peer median and the best, gaps, league tables, exemplars and the UN's own history."""

from __future__ import annotations

import pytest
from study_world import make_input, site

from govlens.benchmark.answer import build_benchmark, un_context
from govlens.benchmark.compare import compare_countries, country_values
from govlens.benchmark.units import unit_of
from govlens.frameworks.loader import load_framework
from govlens.scoring.runs import score_run

CHECKS = ["content.faq", "content.search", "content.sitemap"]
OSI = "un-osi-2024"
FAQ = "osi-egl-006"  # content.faq
SEARCH = "osi-egl-003"  # content.search


def _world(**kw):
    return make_input({
        "th-portal": ["content.faq", "content.search"], "th-moph": ["content.faq"],
        # departments and provinces are not in the OSI unit: their passes must not count
        "th-moph-dept": CHECKS, "th-moe-dept": CHECKS, "th-prov": CHECKS,
        "dk-portal": CHECKS, "dk-health": CHECKS, "dk-edu": ["content.faq", "content.search"],
        "sg-portal": ["content.faq"], "sg-health": [],
    }, CHECKS, **kw)


def test_country_value_is_the_share_of_the_units_organisations():
    f = load_framework(OSI)
    inp = _world()
    fr = score_run(f, inp, [])
    cv = country_values(f, inp, fr.org_values, unit_of(OSI))
    # THA's OSI unit: the portal and 3 ministries; FAQ at the portal and one ministry
    assert sorted(cv.organisations["THA"]) == ["th-moe", "th-mof", "th-moph", "th-portal"]
    assert cv.values["THA"][FAQ] == pytest.approx(2 / 4)
    assert cv.values["THA"][SEARCH] == pytest.approx(1 / 4)
    assert cv.values["DNK"][FAQ] == pytest.approx(1.0)
    # an indicator no organisation has a value for stays unknown, not 0
    assert cv.values["THA"]["osi-if-010"] is None


def test_an_unreachable_organisation_neither_helps_nor_hurts():
    f = load_framework(OSI)
    inp = _world(unreachable=["th-mof"])
    fr = score_run(f, inp, [])
    cv = country_values(f, inp, fr.org_values, unit_of(OSI))
    assert "th-mof" not in cv.organisations["THA"]
    assert cv.values["THA"][FAQ] == pytest.approx(2 / 3)


def test_peer_median_best_and_gaps():
    f = load_framework(OSI)
    inp = _world()
    fr = score_run(f, inp, [])
    section, _ = compare_countries(fr, inp, "THA", ["DNK", "SGP"], {"THA": {"en": "Thailand"}}, n_draws=200)
    c = section["countries"]
    assert c["DNK"]["score"] > c["SGP"]["score"] and c["DNK"]["rank"] == 1
    assert section["best"]["score"]["country"] == "DNK"
    med = (c["DNK"]["score"] + c["SGP"]["score"]) / 2
    assert section["peer_median"]["score"] == pytest.approx(med, abs=1e-4)
    gaps = section["gaps"]
    assert gaps and [g["gap_to_best"] for g in gaps] == sorted((g["gap_to_best"] for g in gaps), reverse=True)
    for g in gaps:
        assert g["gap_to_best"] == pytest.approx(g["best"] - g["focus"], abs=1e-4)
    # the league of THA lists every THA organisation, best first among the ranked
    league = section["league"]["THA"]
    assert {r["org"] for r in league} == {o for o, i in inp.org_info.items() if i["country"] == "THA"}
    ranked = [r for r in league if r["rank"] is not None]
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)


def test_exemplars_name_peer_sites_that_pass_with_their_evidence():
    inp = _world()
    study = build_benchmark(inp, [load_framework(OSI)], [], "THA", None, {}, n_draws=200)
    ex = {e["indicator"]: e for e in study.doc["exemplars"]}
    sm = ex["osi-tech-005"]  # sitemap: no THA unit organisation has one, DNK's do
    assert sm["focus_failing"] == sm["focus_judged"] == 4
    peer = sm["peers"][0]
    assert peer["country"] == "DNK" and peer["site"] == site(peer["org"])
    assert peer["evidence"][0]["url"] == site(peer["org"]) + "content-sitemap"
    assert all(p["country"] != "THA" for e in ex.values() for p in e["peers"])


def test_unknown_focus_or_peer_is_a_clear_error():
    inp = _world()
    with pytest.raises(LookupError, match="XXX.*DNK, SGP, THA"):
        build_benchmark(inp, [load_framework(OSI)], [], "XXX", None, {})
    with pytest.raises(LookupError, match="peer.*FIN"):
        build_benchmark(inp, [load_framework(OSI)], [], "THA", ["DNK", "FIN"], {})


def test_un_context_is_the_official_egdi_rank_history():
    ctx = un_context(["THA"])
    rows = ctx["countries"]["THA"]
    assert [r["year"] for r in rows] == [2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
    assert [r["egdi_rank"] for r in rows] == [46, 64, 76, 92, 102, 77, 73, 57, 55, 52]

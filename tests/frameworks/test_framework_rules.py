"""Three-valued rule evaluation: missing checks never become 0."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from govlens.frameworks.rules import rule_value
from govlens.frameworks.schema import AllOf, AnyOf, AtLeast, CheckRef, ScoreAtLeast, parse_rule


def res(**outcomes):
    out = {}
    for k, v in outcomes.items():
        cid = k.replace("_", ".")
        if isinstance(v, tuple):
            out[cid] = {"outcome": v[0], "score": v[1]}
        else:
            out[cid] = {"outcome": v, "score": {"pass": 1.0, "fail": 0.0, "partial": 0.5}.get(v)}
    return out


def rule(data):
    problems: list[str] = []
    r = parse_rule(data, "rule", problems)
    assert not problems, problems
    return r


def test_single_check_outcomes():
    r = rule({"any": ["content.contact"]})
    assert rule_value(r, res(content_contact="pass")).value == 1.0
    assert rule_value(r, res(content_contact="fail")).value == 0.0
    assert rule_value(r, res(content_contact="partial")).value == 0.0
    for missing in ("error", "not_applicable"):
        out = rule_value(r, res(content_contact=missing))
        assert out.value is None and out.missing == (f"content.contact ({missing})",)
    assert rule_value(r, {}).value is None


def test_any_all_at_least():
    a = rule({"any": ["content.faq", "content.contact"]})
    assert rule_value(a, res(content_faq="error", content_contact="pass")).value == 1.0
    assert rule_value(a, res(content_faq="error", content_contact="fail")).value is None
    assert rule_value(a, res(content_faq="fail", content_contact="fail")).value == 0.0
    b = rule({"all": ["content.faq", "content.contact"]})
    assert rule_value(b, res(content_faq="error", content_contact="fail")).value == 0.0
    assert rule_value(b, res(content_faq="error", content_contact="pass")).value is None
    assert rule_value(b, res(content_faq="pass", content_contact="pass")).value == 1.0
    c = rule({"at_least": 2, "of": ["content.faq", "content.contact", "content.news"]})
    assert rule_value(c, res(content_faq="pass", content_contact="pass")).value == 1.0
    assert rule_value(c, res(content_faq="pass", content_contact="fail")).value is None
    assert rule_value(c, res(content_faq="pass", content_contact="fail", content_news="fail")).value == 0.0


def test_first_known_item_decides():
    r = rule({"first": ["tech.responsive", "tech.viewport"]})
    # rendered: the phone rendering decides, even against the viewport tag
    assert rule_value(r, res(tech_responsive="fail", tech_viewport="pass")).value == 0.0
    assert rule_value(r, res(tech_responsive="pass", tech_viewport="fail")).value == 1.0
    # not rendered: the stand-in decides
    out = rule_value(r, res(tech_responsive="not_applicable", tech_viewport="pass"))
    assert out.value == 1.0 and out.used == ("tech.responsive", "tech.viewport")
    assert rule_value(r, res(tech_responsive="error", tech_viewport="error")).value is None
    assert rule(r.to_data()) == r


def test_score_threshold():
    r = rule({"score_at_least": 0.5, "check": "security.hsts"})
    assert rule_value(r, res(security_hsts=("partial", 0.5))).value == 1.0
    assert rule_value(r, res(security_hsts=("fail", 0.0))).value == 0.0
    assert rule_value(r, res(security_hsts=("error", None))).value is None
    assert rule_value(r, res(security_hsts=("not_applicable", None))).value is None


def test_pattern_drops_not_applicable_rules():
    r = rule({"all": ["a11y.act-*"]})
    assert rule_value(r, {}).value is None
    base = {"a11y.act-b5c3f8": {"outcome": "pass"}, "a11y.act-aaaaaa": {"outcome": "not_applicable"}}
    out = rule_value(r, base)
    assert out.value == 1.0 and "a11y.act-b5c3f8" in out.used
    assert rule_value(r, {**base, "a11y.act-bbbbbb": {"outcome": "fail"}}).value == 0.0
    assert rule_value(r, {**base, "a11y.act-bbbbbb": {"outcome": "error"}}).value is None
    assert rule_value(r, {"a11y.act-aaaaaa": {"outcome": "not_applicable"}}).value is None


def test_nested_rules_and_round_trip():
    data = {"any": [{"all": ["content.faq", "content.search"]}, "content.contact"]}
    r = rule(data)
    assert r.to_data() == data
    assert r.check_ids() == ("content.faq", "content.search", "content.contact")
    assert rule_value(r, res(content_faq="pass", content_search="pass", content_contact="error")).value == 1.0


IDS = ["content.faq", "content.contact", "content.news", "content.search"]
leaf = st.sampled_from(IDS).map(CheckRef)
rules = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda xs: AnyOf(tuple(xs))),
        st.lists(children, min_size=1, max_size=3).map(lambda xs: AllOf(tuple(xs))),
        st.lists(children, min_size=1, max_size=3).flatmap(
            lambda xs: st.integers(1, len(xs)).map(lambda k: AtLeast(k, tuple(xs)))),
        st.tuples(st.floats(0, 1), st.sampled_from(IDS)).map(lambda t: ScoreAtLeast(*t)),
    ),
    max_leaves=6,
)
outcome = st.sampled_from(["pass", "fail", "partial", "error", "not_applicable", None])


@settings(max_examples=300, deadline=None)
@given(rules, st.lists(outcome, min_size=len(IDS), max_size=len(IDS)))
def test_a_decided_value_holds_whatever_the_missing_checks_turn_out_to_be(r, outs):
    """Soundness: when the rule decides (1 or 0) with some checks unknown, every way of
    filling in those checks gives the same value — so an unknown never becomes a 0."""
    results = {}
    for cid, o in zip(IDS, outs, strict=True):
        if o is not None:
            results[cid] = {"outcome": o, "score": {"pass": 1.0, "fail": 0.0, "partial": 0.5}.get(o)}
    got = rule_value(r, results).value
    unknown = [c for c in IDS if c not in results or results[c]["outcome"] in ("error", "not_applicable")]
    if got is None:
        return
    for fill in itertools.product([("pass", 1.0), ("fail", 0.0), ("partial", 0.5)], repeat=len(unknown)):
        full = dict(results)
        for cid, (o, s) in zip(unknown, fill, strict=True):
            full[cid] = {"outcome": o, "score": s}
        assert rule_value(r, full).value == got


def test_check_where_reads_the_check_details():
    """th-v3vendor-domain-go-th: a government domain, and that domain is .go.th."""
    r = rule({"check": "site.government-domain", "where": {"suffix": ["go.th"]}})
    assert r.to_data() == {"check": "site.government-domain", "where": {"suffix": ["go.th"]}}

    def site(outcome, suffix):
        return {"site.government-domain": {"outcome": outcome, "score": None, "details": {"suffix": suffix}}}

    assert rule_value(r, site("pass", "go.th")).value == 1.0
    assert rule_value(r, site("pass", "mi.th")).value == 0.0  # a government domain, not .go.th
    assert rule_value(r, site("fail", None)).value == 0.0
    for unknown in ("error", "not_applicable"):
        assert rule_value(r, site(unknown, None)).value is None
    assert rule_value(r, {}).value is None
    # inside a larger rule it is three-valued like any leaf
    both = rule({"all": [{"check": "site.government-domain", "where": {"suffix": ["go.th"]}}, "security.https"]})
    assert rule_value(both, {**site("pass", "go.th"), **res(security_https="error")}).value is None
    assert rule_value(both, {**site("pass", "gov.uk"), **res(security_https="error")}).value == 0.0


def test_the_thai_domain_item_is_decided_by_the_url_check():
    from govlens.checks.registry import get_check
    from govlens.evidence.model import SiteEvidence
    from govlens.frameworks import framework_values, load_framework

    f = load_framework("th-gov-website-checklist")
    ind = f.indicator("th-v3vendor-domain-go-th")
    assert ind.answer == "automated" and ind.check_ids == ("site.government-domain",)
    check = get_check("site.government-domain")
    values = {}
    for url in ("https://www.dopa.go.th/", "https://www.rtarf.mi.th/", "https://www.example.com/"):
        site = SiteEvidence(site_url=url, final_url=url, status="dns", reason="not reached", redirects=(),
                            pages=(), captured="2025-06-15T03:00:00+00:00")
        r = check.run(site)
        results = {url: {"site.government-domain": {"outcome": r.outcome, "score": r.score, "details": r.details}}}
        values[url] = framework_values(f, results)[url][ind.id].value
    assert values == {"https://www.dopa.go.th/": 1.0, "https://www.rtarf.mi.th/": 0.0,
                      "https://www.example.com/": 0.0}

"""W3C ACT rules: every case file under act_cases/ (one per rule, written from the rule's
published passed / failed / inapplicable examples) run by one parametrised test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from govlens.checks.act import (
    RULES,
    ActDocument,
    act_report,
    document_outcomes,
    outcomes,
    refresh_time,
    tree_outcomes,
    viewport_blocks_zoom,
)
from govlens.checks.registry import all_checks, get_check
from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import MAX_DEPTH, parse_html

CASES_DIR = Path(__file__).parent / "act_cases"


CORPUS_DIR = Path(__file__).parent.parent / "corpus"


def _load() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case["html"], case["expect"],
                                       id=f"{data['rule']}: {case['name']}"))
    return params


def test_one_case_file_per_rule() -> None:
    files = {p.stem for p in CASES_DIR.glob("*.yaml")}
    assert files == set(RULES)
    for path in CASES_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem
        assert {c["expect"] for c in data["cases"]} == {"passed", "failed", "inapplicable"}, path.name


@pytest.mark.parametrize(("rule", "html", "expect"), _load())
def test_act_case(rule: str, html: str, expect: str) -> None:
    result = act_report(html, "https://example.go.th/")[rule]
    assert result["outcome"] == expect, result
    if expect == "failed":
        assert result["failed"] and all(f["selector"] and f["snippet"] for f in result["failed"])
    else:
        assert result["failed"] == []


def test_report_shape() -> None:
    report = act_report('<html lang="xx-1"><body><a href="/a"></a><img src="a.png"></body></html>',
                        "https://example.go.th/")
    assert set(report) == set(RULES)
    assert report["bf051a"]["outcome"] == "failed"
    link = report["c487ae"]["failed"][0]
    assert link["selector"] == "html > body > a"
    assert link["snippet"] == '<a href="/a">'
    assert link["url"] == "https://example.go.th/"
    assert report["bc659a"] == {"outcome": "inapplicable", "title": RULES["bc659a"].title,
                                "targets": 0, "passed": 0, "failed": []}


def test_counts_every_target() -> None:
    out = outcomes('<a href="/1">one</a><a href="/2"></a><a href="/3"><img src="x" alt="three"></a>')["c487ae"]
    assert (out.targets, out.passed, len(out.failed)) == (3, 2, 1)


# ---------------------------------------------------------------- one function per rule
def _pages() -> list[str]:
    """Every case's html and the corpus pages."""
    pages = [c["html"] for path in sorted(CASES_DIR.glob("*.yaml"))
             for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    return pages + [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS_DIR.glob("*.html"))]


def test_rules_registered_in_order_with_a_function() -> None:
    assert list(RULES)[:13] == ["b5c3f8", "bf051a", "2779a5", "b4f0c3", "bc659a", "23a2a8", "c487ae", "97a4e1",
                                "e086e5", "cae760", "ffd0e9", "59796f", "5f99a7"]
    assert len(RULES) == len(set(RULES))
    doc = ActDocument.from_html("<html lang=th><title>x</title><a href=/a aria-foo=1></a></html>")
    for rid, rule in RULES.items():
        assert rule.id == rid and rule.title and rule.title_th and rule.wcag
        assert rule.fn is not None and (rule.fn.__doc__ or "").strip(), rid
        first, second = rule.fn(doc), rule.fn(doc)
        assert first.rule == rid and first == second
        assert first is not second and first.failed is not second.failed  # a fresh outcome each call


def test_rules_share_no_state() -> None:
    """A rule run alone on a fresh document, all rules on one document in reverse order, and
    again on that same (already used) document all agree: no rule changes what another sees."""
    for html in _pages():
        alone = {rid: document_outcomes(ActDocument.from_html(html), [rid])[rid] for rid in RULES}
        doc = ActDocument.from_html(html)
        backwards = document_outcomes(doc, list(reversed(RULES)))
        for out in backwards.values():  # a caller changing its outcomes changes nothing later
            out.failed.append({"selector": "x", "snippet": "<x>", "note": "added by the caller"})
            out.passed += 100
        assert document_outcomes(doc) == alone, html[:120]
        assert outcomes(html) == alone, html[:120]


def test_evaluate_tree_on_a_parsed_tree() -> None:
    for html in _pages():
        tree = LexborHTMLParser(html)
        expect = outcomes(html)
        assert tree_outcomes(tree) == expect, html[:120]  # source read back from the tree
        assert tree_outcomes(tree, source=html) == expect, html[:120]
    svg = tree_outcomes(LexborHTMLParser('<svg xmlns="http://www.w3.org/2000/svg"><title>x</title></svg>'))
    assert svg["2779a5"].outcome == "inapplicable" and svg["2779a5"].note == "not an HTML document"


def test_html_string_goes_through_the_nesting_guard() -> None:
    doc = ActDocument.from_html("<div>" * 6000 + '<a href="/deep"></a>')
    link = doc.tree.css_first("a")
    depth, cur = 0, link.parent
    while cur is not None:
        depth, cur = depth + 1, cur.parent
    assert depth <= MAX_DEPTH + 4
    assert document_outcomes(doc, ["c487ae"])["c487ae"].outcome == "failed"


@pytest.mark.parametrize(("content", "time"), [
    ("0", 0), ("5; url=/x", 5), (" 10 , /x", 10), ("3.9; /x", 3), (".5", 0), ("", None), ("x", None),
    ("5x", None),
])
def test_refresh_time(content: str, time: int | None) -> None:
    assert refresh_time(content) == time


@pytest.mark.parametrize(("content", "blocked"), [
    ("width=device-width, initial-scale=1", False), ("maximum-scale=1", True),
    ("maximum-scale = 3", False), ("user-scalable=NO", True), ("user-scalable=-2", False),
    ("maximum-scale=10; user-scalable=1", False),
])
def test_viewport(content: str, blocked: bool) -> None:
    assert bool(viewport_blocks_zoom(content)) is blocked


# ---------------------------------------------------------------- the registered checks
def _site(html: str) -> SiteEvidence:
    page = parse_html(html.encode("utf-8"), "https://example.go.th/")
    return SiteEvidence(site_url="https://example.go.th/", final_url="https://example.go.th/", status="ok",
                        reason="", redirects=(), pages=(page,))


def test_every_rule_is_a_check() -> None:
    ids = {c.id: c for c in all_checks()}
    for rid, rule in RULES.items():
        info = ids[f"a11y.act-{rid}"]
        assert info.act_rule == rid
        assert info.title["en"] == rule.title and info.title["th"]
        assert info.page_level and info.category == "a11y"
        assert f"W3C ACT rule {rid}" in info.references


def test_check_outcomes_follow_act() -> None:
    site = _site('<html lang="th"><head><title>หน้าแรก</title></head>'
                 '<body><a href="/a"><img src="logo.png"></a><a href="/b">ข่าว</a></body></html>')
    link = get_check("a11y.act-c487ae").run(site)
    assert link.outcome == "fail" and link.score == 0.5
    assert link.details["act_outcome"] == "failed" and link.details["act_rule"] == "c487ae"
    assert link.evidence[0].selector == "html > body > a" and link.evidence[0].url == "https://example.go.th/"
    assert link.details["failed"][0]["snippet"] == '<a href="/a">'
    title = get_check("a11y.act-2779a5").run(site)
    assert title.outcome == "pass" and title.details["act_outcome"] == "passed"
    refresh = get_check("a11y.act-bc659a").run(site)
    assert refresh.outcome == "not_applicable" and refresh.score is None
    assert refresh.details["act_outcome"] == "inapplicable"


def test_unreachable_site_is_error() -> None:
    site = SiteEvidence(site_url="https://x.go.th/", final_url="https://x.go.th/", status="dns",
                        reason="no such host", redirects=(), pages=())
    assert get_check("a11y.act-b5c3f8").run(site).outcome == "error"

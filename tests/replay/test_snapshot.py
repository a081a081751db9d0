"""The offline snapshot of one archived page: nothing in it can run or load, the evidence
element is outlined (by selector, else by its text), the banner says what it is in Thai and
English, and the page's own text survives whatever charset it came in."""

from __future__ import annotations

import re

from govlens.evidence.parse import parse_tree
from govlens.replay.snapshot import ANCHOR, CSP, make_snapshot

PAGE = """<!doctype html><html><head><meta charset="windows-874"><title>กรม</title>
<script src="https://cdn.example/app.js"></script><script>alert(1)</script>
<link rel="stylesheet" href="/main.css"><meta http-equiv="refresh" content="0;url=https://elsewhere/">
<base href="https://evil.example/"></head>
<body onload="steal()"><nav><ul><li><a href="/services">บริการออนไลน์</a></li>
<li><a href="javascript:void(0)" onclick="go()">เมนู</a></li></ul></nav>
<main><p id="lead" style="color:red">ยื่นคำร้องออนไลน์ได้ที่นี่</p>
<form action="/submit"><input name="q"></form><iframe src="https://ads.example/"></iframe>
<noscript><p>กรุณาเปิดจาวาสคริปต์</p></noscript></main></body></html>"""


def _snap(**kw):
    return make_snapshot(PAGE.encode("cp874"), "text/html; charset=windows-874", "https://www.dept.go.th/",
                         "2026-12-01T03:00:00Z", **kw)


def test_nothing_can_run_or_load():
    s = _snap(selector="main > p", check="services.online")
    low = s.html.lower()
    assert "<script" not in low and "<iframe" not in low and "<base" not in low and "<link" not in low
    assert "onload" not in low and "onclick" not in low and "javascript:" not in low
    assert 'http-equiv="refresh"' not in low
    assert f'content="{CSP}"'.replace("'", "&#x27;") in s.html  # the browser enforces it
    assert "กรุณาเปิดจาวาสคริปต์" in s.html  # what the page shows without scripts stays


def test_charset_becomes_utf8_and_thai_survives():
    s = _snap()
    assert s.html.count('<meta charset="utf-8">') == 1 and "windows-874" not in s.html
    assert "ยื่นคำร้องออนไลน์ได้ที่นี่" in s.html and "บริการออนไลน์" in s.html


def test_links_go_to_the_live_page_in_a_new_tab():
    tree = parse_tree(_snap().html)
    a = tree.css_first('a[href$="/services"]')
    assert a.attributes["href"] == "https://www.dept.go.th/services"
    assert a.attributes["target"] == "_blank" and "noopener" in a.attributes["rel"]


def test_evidence_by_selector_keeps_its_id_and_style():
    s = _snap(selector="main > p", check="services.online")
    assert s.found == "selector"
    p = parse_tree(s.html).css_first("p#lead")
    assert p.attributes["data-govlens-evidence"] == "services.online"
    assert p.attributes["style"].startswith("color:red;outline:3px solid")
    assert 'href="#lead"' in s.html  # the banner's jump link uses the element's own id


def test_evidence_by_snippet_when_the_selector_no_longer_matches():
    s = _snap(selector="div.gone > a", snippet="บริการออนไลน์")
    assert s.found == "snippet"
    el = parse_tree(s.html).css_first(f"#{ANCHOR}")
    assert el.tag == "a" and el.text() == "บริการออนไลน์"  # the smallest element holding it


def test_banner_says_when_the_element_is_not_there_and_when_the_page_is_the_evidence():
    missing = _snap(selector="table.none", snippet="ไม่มีข้อความนี้")
    assert missing.found == "" and "not found in this copy" in missing.html and "table.none" in missing.html
    whole = _snap()
    assert "the evidence is the page as a whole" in whole.html and "หลักฐานคือทั้งหน้านี้" in whole.html
    banner = parse_tree(whole.html).css_first("#govlens-banner")
    assert "https://www.dept.go.th/" in banner.text() and "2026-12-01T03:00:00Z" in banner.text()
    assert "สำเนาที่เก็บถาวรโดย govlens" in banner.text() and "Archived copy by govlens" in banner.text()


def test_text_responses_are_shown_as_text():
    s = make_snapshot(b"User-agent: *\nDisallow: /<admin>\n", "text/plain", "https://x.go.th/robots.txt", "t",
                      snippet="Disallow")
    assert re.search(r"<pre[^>]*>User-agent: \*\nDisallow: /&lt;admin&gt;", s.html)


def test_a_selector_lexbor_cannot_parse_is_not_an_error():
    s = _snap(selector="p:::nonsense((", snippet="")
    assert s.found == ""

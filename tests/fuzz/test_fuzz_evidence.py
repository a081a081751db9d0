"""HTML evidence building, encodings and content decoding on hostile bytes: no crash, no
hang (Hypothesis deadline), every bound kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import CONTENT_TYPES, HTML_TEXT, encoded_body, html_bytes

from govlens.collect.capture import Capture, Exchange, decode_content, decoded_problem
from govlens.collect.crawl import looks_binary, looks_html
from govlens.collect.decode import codec_for, decode
from govlens.evidence.build import build_site
from govlens.evidence.parse import MAX_FORMS, MAX_IMAGES, MAX_LINKS, MAX_TEXT, parse_html

SOURCES = {"header", "bom", "meta", "detected", "default"}


@given(html_bytes(), CONTENT_TYPES)
def test_parse_html_never_crashes_on_soup(body: bytes, ctype: str) -> None:
    page = parse_html(body, "http://a.test/x/", headers=(("content-type", ctype),))
    assert page.charset_source in SOURCES
    assert "\x00" not in page.html
    assert len(page.links) <= MAX_LINKS and len(page.images) <= MAX_IMAGES
    assert len(page.forms) <= MAX_FORMS + 1 and len(page.text) <= MAX_TEXT
    assert all(link.href == "" or link.href.startswith(("http://", "https://", "mailto:", "tel:"))
               for link in page.links)


@given(st.binary(max_size=4096))
def test_parse_html_never_crashes_on_random_bytes(body: bytes) -> None:
    parse_html(body, "http://a.test/")


@given(HTML_TEXT)
def test_parse_html_takes_str_too(text: str) -> None:
    parse_html(text, "http://a.test/")


@given(st.binary(max_size=4096), CONTENT_TYPES)
def test_decode_always_gives_text(body: bytes, ctype: str) -> None:
    text, codec, source = decode(body, ctype)
    assert isinstance(text, str) and codec and source in SOURCES


@given(st.text(max_size=60))
def test_codec_for_is_none_or_a_working_text_codec(label: str) -> None:
    codec = codec_for(label)
    if codec is not None:
        b"<html>\xff\xfe\x80 abc".decode(codec, errors="replace")


@given(encoded_body(), st.integers(0, 200_000))
def test_decode_content_is_bounded_and_total(raw_coding: tuple[bytes, str], limit: int) -> None:
    raw, coding = raw_coding
    data, cut = decode_content(raw, coding, limit)
    assert len(data) <= max(limit, 0)
    problem, detail = decoded_problem(raw, coding, limit)
    assert problem in ("", "too-large", "decode-error")
    assert bool(problem) == bool(detail)


@given(html_bytes(), CONTENT_TYPES, st.sampled_from(["", "gzip", "br", "zstd"]), st.integers(0, 599))
def test_building_evidence_from_a_hostile_exchange(body: bytes, ctype: str, coding: str, status: int) -> None:
    headers = [("content-type", ctype)] + ([("content-encoding", coding)] if coding else [])
    home = Exchange(url="http://a.test/", role="home", status=status, headers=headers, raw=body, seq=1)
    looks_html(home)
    looks_binary(body[:1024])
    robots = Exchange(url="http://a.test/robots.txt", role="robots", status=200, raw=body, seq=2,
                      headers=[("content-type", "text/plain")])
    page = Exchange(url="http://a.test/p", role="page:bfs", status=status, headers=headers, raw=body, seq=3)
    for ok in ("ok", "http-4xx"):
        cap = Capture(url="http://a.test/", captured="2026-11-24T00:00:00+00:00", status=ok,
                      exchanges=[home, robots, page])
        ev = build_site(cap)
        assert ev.status == ok


@pytest.mark.parametrize("n", [10_000, 100_000])
def test_pathological_nesting_stays_fast(n: int) -> None:
    import time

    for tag in ("div", "ul", "blockquote"):
        t0 = time.perf_counter()
        page = parse_html(("<html><body>" + f"<{tag}>x" * n + "<a href=/end>end</a>").encode(), "http://a.test/")
        assert time.perf_counter() - t0 < 3, tag
        assert page.links and page.links[0].href == "http://a.test/end"


@given(st.binary(max_size=1500))
def test_looks_binary_counts_the_binary_data_bytes(head: bytes) -> None:
    """The counting by ``bytes.translate`` gives the WHATWG definition byte for byte."""
    from govlens.collect.crawl import _BINARY_BYTES, _BINARY_MAGIC, _BOMS

    sample = head[:1024]
    want = bool(head) and not head.startswith(_BOMS) and (
        head.startswith(_BINARY_MAGIC) or sum(b in _BINARY_BYTES for b in sample) > len(sample) * 0.1)
    assert looks_binary(head) == want

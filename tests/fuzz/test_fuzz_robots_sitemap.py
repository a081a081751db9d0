"""robots.txt as the crawler reads it, and the sitemap-xml check's parsing, on hostile text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from strategies import ROBOTS, SITEMAP, URLS

from govlens.checks.families.tech import sitemap_xml
from govlens.collect.crawl import parse_robots, robots_allows, robots_delay
from govlens.collect.settings import CrawlSettings
from govlens.evidence.model import Fetched, SiteEvidence
from govlens.evidence.parse import parse_html

UA = CrawlSettings().user_agent
HOME = parse_html(b"<html><title>home</title></html>", "http://a.test/")


@given(ROBOTS, st.lists(URLS, max_size=5), st.sampled_from([UA, "*", "", "govlens", "Googlebot"]))
def test_robots_as_the_crawler_reads_it(text: str, urls: list[str], agent: str) -> None:
    robots, note = parse_robots(text.encode("utf-8", "surrogatepass"))
    assert (robots is None) == bool(note)
    for url in ["http://a.test/", *urls]:
        assert robots_allows(robots, url, agent) in (True, False)
    if robots is not None:
        delay = robots_delay(robots, agent)
        assert delay is None or delay >= 0
        list(robots.sitemaps)


@given(st.binary(max_size=2048))
def test_robots_from_random_bytes(body: bytes) -> None:
    robots, _ = parse_robots(body)
    robots_allows(robots, "http://a.test/x", UA)


def test_a_disallow_all_still_disallows() -> None:
    robots, _ = parse_robots(b"User-agent: *\nDisallow: /\n")
    assert not robots_allows(robots, "http://a.test/anything", UA)


@given(SITEMAP, st.sampled_from([200, 200, 404, 500, 0]), st.sampled_from(["", "decode-error"]))
def test_sitemap_check_parses_any_sitemap(text: str, status: int, error: str) -> None:
    site = SiteEvidence(site_url="http://a.test/", final_url="http://a.test/", status="ok", reason="",
                        redirects=(), pages=(HOME,),
                        sitemap=Fetched(url="http://a.test/sitemap.xml", status=status,
                                        content_type="application/xml", text=text, error=error))
    r = sitemap_xml(site)
    assert r.outcome in ("pass", "fail")
    if r.outcome == "pass":
        assert r.details["urls"] >= 1


def test_sitemap_check_on_a_huge_sitemap_is_quick() -> None:
    import time

    text = "<urlset>" + "<url><loc>http://a.test/p</loc></url>" * 200_000 + "</urlset>"
    site = SiteEvidence(site_url="http://a.test/", final_url="http://a.test/", status="ok", reason="",
                        redirects=(), pages=(HOME,),
                        sitemap=Fetched(url="http://a.test/sitemap.xml", status=200, text=text))
    t0 = time.perf_counter()
    assert sitemap_xml(site).outcome == "pass"
    assert time.perf_counter() - t0 < 5

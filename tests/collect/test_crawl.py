"""The crawler against real loopback servers: politeness, budgets, failures, archive replay."""

import time

from aiohttp import web
from loopweb import LoopWeb, crawl, html, run, text

from govlens.collect.warc import read_captures
from govlens.evidence.build import build_site

H = "gov.test"
URL = f"http://{H}/"


def site_with_pages(n: int) -> LoopWeb:
    w = LoopWeb()
    links = "".join(f'<a href="/p{i}">page {i}</a>' for i in range(n))
    w.add(H, "/", html(f"<html><title>home</title><body>{links}</body></html>"))
    for i in range(n):
        w.add(H, f"/p{i}", html(f'<html><title>p{i}</title><a href="/">home</a></html>'))
    return w


def test_page_budget_is_a_hard_cap():
    w = site_with_pages(40)
    cap, _ = run(crawl(w, URL, max_pages=7, fetch_sitemap=False))
    pages = {u for (h, u) in w.hits if u.startswith("/p")}
    assert len(pages) == 6  # home + 6 = 7
    assert build_site(cap).pages[0].title == "home"
    assert len(build_site(cap).pages) == 7


def test_robots_disallow_is_obeyed_and_recorded():
    w = site_with_pages(3)
    w.add(H, "/robots.txt", text("User-agent: *\nDisallow: /p1\n"))
    cap, _ = run(crawl(w, URL, fetch_sitemap=False))
    assert w.hits[(H, "/p1")] == 0
    assert w.hits[(H, "/p0")] == 1
    assert any("/p1" in d for d in cap.decisions)


def test_robots_disallow_all_fails_site_without_fetching_home():
    w = site_with_pages(3)
    w.add(H, "/robots.txt", text("User-agent: *\nDisallow: /\n"))
    cap, _ = run(crawl(w, URL))
    assert cap.status == "robots-disallowed"
    assert w.hits[(H, "/")] == 0


def test_crawl_delay_spaces_requests():
    w = site_with_pages(3)
    w.add(H, "/robots.txt", text("User-agent: *\nCrawl-delay: 0.3\n"))
    t0 = time.monotonic()
    cap, _ = run(crawl(w, URL, fetch_sitemap=False))
    took = time.monotonic() - t0
    # home + 3 pages after robots: at least 3 gaps of 0.3 s
    assert took >= 0.9
    assert cap.robots_delay == 0.3


def test_key_pages_are_fetched_before_ordinary_pages():
    w = LoopWeb()
    ordinary = "".join(f'<a href="/n{i}">item {i}</a>' for i in range(30))
    w.add(H, "/", html(f'<html><body>{ordinary}<footer><a href="/c"><img alt="ติดต่อเรา" src="x.png"></a>'
                       f'</footer></body></html>'))
    w.add(H, "/c", html("<html><title>contact</title></html>"))
    for i in range(30):
        w.add(H, f"/n{i}", html("<html></html>"))
    cap, _ = run(crawl(w, URL, max_pages=3, fetch_sitemap=False))
    ev = build_site(cap)
    assert [p.discovered_as for p in ev.pages][:2] == ["home", "key:contact"]
    assert w.hits[(H, "/c")] == 1


def test_redirect_loop_is_too_many_redirects():
    w = LoopWeb()

    async def loop(req: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": "/a" if req.path == "/" else "/"})

    w.add(H, "/", loop)
    w.add(H, "/a", loop)
    cap, _ = run(crawl(w, URL))
    assert cap.status == "too-many-redirects"
    assert sum(w.hits.values()) <= 12 + 1  # robots + at most max_redirects+1 hops


def test_retry_after_is_honoured_then_succeeds():
    w = LoopWeb()
    calls = {"n": 0}

    async def flaky(_: web.Request) -> web.StreamResponse:
        calls["n"] += 1
        if calls["n"] == 1:
            return web.Response(status=429, headers={"Retry-After": "0.2"})
        return web.Response(text="<html><title>ok</title></html>", content_type="text/html")

    w.add(H, "/", flaky)
    t0 = time.monotonic()
    cap, _ = run(crawl(w, URL, fetch_sitemap=False))
    assert cap.status == "ok"
    assert time.monotonic() - t0 >= 0.2
    roles = [e.role for e in cap.exchanges if e.url == URL]
    assert roles == ["retried:home", "home"]


def test_oversized_home_is_too_large_and_truncated_at_cap():
    w = LoopWeb()
    w.add(H, "/", html("<html>" + "x" * 300_000 + "</html>"))
    cap, _ = run(crawl(w, URL, max_body=100_000))
    assert cap.status == "too-large"
    home = [e for e in cap.exchanges if e.role == "home"][-1]
    assert home.truncated and len(home.raw) == 100_000


def test_not_html_home():
    w = LoopWeb()
    w.add(H, "/", text("\x89PNG...", ctype="image/png"))
    cap, _ = run(crawl(w, URL))
    assert cap.status == "not-html"


def test_offline_dns_never_resolves_unpinned_names():
    w = site_with_pages(1)
    cap, _ = run(crawl(w, "http://elsewhere.test/"))
    assert cap.status == "dns"
    assert sum(w.hits.values()) == 0


def test_literal_private_address_is_refused_without_allow_private():
    w = site_with_pages(1)
    cap, _ = run(crawl(w, "http://127.0.0.2:9/"))
    assert cap.status == "blocked-address"


def test_warc_replay_rebuilds_equal_evidence(tmp_path):
    w = site_with_pages(4)
    w.add(H, "/robots.txt", text("User-agent: *\nSitemap: http://gov.test/sitemap.xml\n"))
    w.add(H, "/sitemap.xml", text("<urlset><url><loc>http://gov.test/</loc></url></urlset>", ctype="application/xml"))
    path = tmp_path / "site.warc.gz"
    cap, parsed = run(crawl(w, URL, warc=path))
    live = build_site(cap, parsed)
    [again] = list(read_captures([path]))
    replay = build_site(again)
    assert replay == live
    assert len(replay.pages) == 5 and replay.sitemap is not None and replay.robots is not None
    assert not (tmp_path / "site.warc.gz.part").exists()

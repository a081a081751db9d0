"""Rendering in a real browser (Debian's chromium through Playwright) against loopback sites:
a site built only by JavaScript is judged right with rendering and flagged without it; the
browser's requests go through the crawler's address guard; replay of the archive needs no
browser and gives the same results."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from browser import CHROMIUM, need
from loopweb import LoopWeb, html, text

from govlens.checks.javascript import ONLY_RENDERED
from govlens.collect.http import Fetcher
from govlens.collect.render import RenderSettings, find_axe, open_renderer, pages_to_render
from govlens.collect.warc import read_captures
from govlens.run.assess import Target, assess_site, judge

HOST = "www.jsonly.go.th"
SHELL = """<!doctype html><html lang="en"><head><title>Department of Examples</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="/app.js"></script></head><body><div id="root"></div></body></html>"""
APP = """
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('root').innerHTML = `
    <header><h1>Department of Examples</h1>
    <nav><a href="/about">About us</a> <a href="/contact">Contact us</a> <a href="/news">News</a>
      <a href="/services">Online services</a> <a href="/faq">FAQ</a> <a href="/privacy">Privacy policy</a>
      <a href="/sitemap">Site map</a> <a href="/apply">Apply for a permit online</a>
      <a href="/complaints">Complaints</a> <a href="/en">English</a> <a href="/data">Open data</a></nav></header>
    <main><form action="/search" role="search"><label for="q">Search</label><input id="q" name="q" type="search">
      <button>Search</button></form><img src="/logo.png">
      <p>Phone 02-123-4567, email info@jsonly.go.th</p></main>`;
  fetch('http://10.0.0.1/secret').catch(() => {});
  fetch('http://tracker.example/pixel').catch(() => {});
});
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def jsonly_site() -> LoopWeb:
    w = LoopWeb()
    w.add(HOST, "/", html(SHELL))
    w.add(HOST, "/app.js", text(APP, ctype="application/javascript"))

    async def logo(_):  # noqa: ANN001, ANN202
        from aiohttp import web
        return web.Response(body=PNG, content_type="image/png")
    w.add(HOST, "/logo.png", logo)
    w.add(HOST, "/robots.txt", text("User-agent: *\nAllow: /\n"))
    return w


async def _assess(w: LoopWeb, warc_dir: Path, mode: str):  # noqa: ANN202
    await w.start()
    try:
        settings = w.settings(max_pages=1, fetch_sitemap=False)
        rs = RenderSettings(mode=mode) if mode != "none" else None
        async with Fetcher(settings) as f, open_renderer(rs, f) as (renderer, note):
            return await assess_site(Target(f"http://{HOST}/", {"name": "Dept"}), settings, f, warc_dir,
                                     renderer=renderer, render_mode=mode, render_note=note)
    finally:
        await w.stop()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):  # noqa: ANN001, ANN201
    need(Path(CHROMIUM).is_file(), f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    w = jsonly_site()
    out = asyncio.run(_assess(w, tmp_path_factory.mktemp("warc"), "home"))
    return out, w


def test_a_javascript_only_site_is_judged_on_the_rendered_page(rendered) -> None:  # noqa: ANN001
    out, _ = rendered
    r = out.results
    assert out.evidence.pages[0].rendered and out.evidence.static_pages[0].links == ()
    assert out.evidence.pages[0].final_url == f"http://{HOST}/"
    for cid in ("content.contact", "content.about", "content.search"):
        assert r[cid].outcome == "pass", (cid, r[cid])
        assert r[cid].details["javascript"] == ONLY_RENDERED
        assert r[cid].details["without_javascript"]["outcome"] in ("fail", "not_applicable")
    assert r["tech.javascript-content"].outcome == "fail"
    assert r["tech.javascript-content"].details["links_served"] == 0


def test_axe_runs_in_the_rendered_page(rendered) -> None:  # noqa: ANN001
    need(find_axe() is not None, "axe-core not installed (make setup installs it into .venv/npm)")
    r = rendered[0].results["a11y.axe"]
    assert r.outcome in ("fail", "partial")
    ids = {v["id"] for v in r.details["violations"]}
    assert "image-alt" in ids  # the logo has no alt, and exists only after JavaScript
    img = next(v for v in r.details["violations"] if v["id"] == "image-alt")
    assert img["level"] == "A" and "1.1.1" in img["wcag"] and img["nodes"][0]["selector"] == "img"
    assert r.details["summary"]["A"]["rules"] >= 1
    assert rendered[0].results["tech.responsive"].outcome in ("pass", "partial", "fail")
    assert rendered[0].results["tech.page-speed"].details["requests"] >= 2


def test_browser_requests_pass_the_address_guard(rendered) -> None:  # noqa: ANN001
    out, w = rendered
    blocked = " ".join(out.capture.renders[0].blocked[i]["url"] + " " + out.capture.renders[0].blocked[i]["why"]
                       for i in range(len(out.capture.renders[0].blocked)))
    assert "10.0.0.1" in blocked and "blocked-address" in blocked
    assert "tracker.example" in blocked  # not pinned, offline DNS: never resolved
    subs = [e for e in out.capture.exchanges if e.role == "subresource"]
    assert {e.url.rsplit("/", 1)[-1] for e in subs if e.status == 200} >= {"app.js", "logo.png"}
    assert w.hits[(HOST, "/")] == 1  # the browser rendered the archived response, not a second fetch


def test_replay_of_a_rendered_run_needs_no_browser(rendered) -> None:  # noqa: ANN001
    out, _ = rendered
    cap = next(iter(read_captures([out.warc])))
    assert cap.renders and cap.renders[0].dom == out.capture.renders[0].dom
    assert set(cap.renders[0].shots) >= {"viewport", "phone"}
    ev, results = judge(cap)  # no browser involved
    assert ev == out.evidence
    assert {k: v.to_dict() for k, v in results.items()} == {k: v.to_dict() for k, v in out.results.items()}


def test_without_rendering_the_site_is_flagged(tmp_path: Path) -> None:
    out = asyncio.run(_assess(jsonly_site(), tmp_path, "none"))
    r = out.results
    assert not out.evidence.renders and not out.evidence.pages[0].rendered
    assert r["content.contact"].outcome == "fail"
    assert "not visible without JavaScript" in r["content.contact"].details["javascript"]
    assert r["tech.javascript-content"].outcome == "fail" and r["tech.javascript-content"].confidence == 0.6
    assert r["a11y.axe"].outcome == "not_applicable"


def test_pages_to_render_follow_the_mode() -> None:
    from govlens.collect.capture import Exchange

    def ex(seq: int, role: str, status: int = 200) -> Exchange:
        return Exchange(url=f"http://a/{seq}", role=role, status=status, seq=seq,
                        headers=[("content-type", "text/html")], raw=b"<html></html>")
    exs = [ex(1, "robots"), ex(2, "home"), ex(3, "page:key:contact"), ex(4, "page:bfs"), ex(5, "page:bfs", 404)]
    assert [e.seq for e in pages_to_render("home", exs)] == [2]
    assert [e.seq for e in pages_to_render("key", exs)] == [2, 3]
    assert [e.seq for e in pages_to_render("all", exs)] == [2, 3, 4]
    assert pages_to_render("none", exs) == []
    with pytest.raises(ValueError):
        pages_to_render("everything", exs)


def test_the_report_shows_the_screenshot_and_the_axe_summary(rendered, tmp_path: Path) -> None:  # noqa: ANN001
    from govlens.replay.shots import site_shots
    from govlens.report.html import render_results
    from govlens.store import results as store
    from govlens.store.db import connect

    out, _ = rendered
    engine = connect(tmp_path)
    run_id = store.create_run(engine, name="render", catalog="-", settings={})
    store.save_site(engine, run_id, out.evidence, out.results, organisation={"name": {"en": "Dept", "th": "กรม"}},
                    warc=str(out.warc), elapsed_s=1.0, retryable=False)
    sites = list(store.iter_site_results(engine, run_id))
    shots = site_shots(tmp_path, sites)
    assert shots[f"http://{HOST}/"].startswith("data:image/jpeg;base64,")
    info = {**store.run_info(engine, run_id), "id": run_id}
    for lang, words in (("en", "axe-core accessibility audit"), ("th", "ผลตรวจการเข้าถึงโดย axe-core")):
        page = render_results(info, sites, tmp_path / f"grid.{lang}.html", lang, shots).read_text(encoding="utf-8")
        assert '<img src="data:image/jpeg;base64,' in page
        assert words in page
        if out.results["a11y.axe"].outcome != "pass":
            assert "<code>image-alt</code>" in page
    # without pictures (a run not rendered) the page has none
    assert "<img" not in render_results(info, sites, tmp_path / "plain.html").read_text(encoding="utf-8")


def test_a_crashed_browser_is_started_again() -> None:
    need(Path(CHROMIUM).is_file(), f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from govlens.collect.render import Renderer

    w = jsonly_site()

    async def go() -> tuple[int, str, str]:
        await w.start()
        try:
            settings = w.settings()
            async with Fetcher(settings) as f, Renderer(RenderSettings(axe=False, contexts=1), f) as r:
                home = (await f.fetch(f"http://{HOST}/", "home"))[-1]
                first = await r.render(home)
                await r._browser.close()  # as if chromium died between two pages
                second = await r.render(home)
                return r.launches, first.dom, second.dom
        finally:
            await w.stop()

    launches, first, second = asyncio.run(go())
    assert launches == 2
    assert "Contact us" in first and "Contact us" in second


def test_synthetic_features_added_by_script_count_when_rendered(tmp_path: Path) -> None:
    """The synthetic web's "js-link" decoys (a feature's link written by a script) are absent in
    its ground truth of the served HTML; rendered, the browser shows them, so they pass and say
    that they are not visible without JavaScript."""
    need(Path(CHROMIUM).is_file(), f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from datetime import date

    from govlens.demo import demo_settings
    from govlens.run.assess import assess
    from govlens.store import results as store
    from govlens.store.db import connect
    from govlens.synthweb.generate import generate
    from govlens.synthweb.render import SiteRenderer
    from govlens.synthweb.serve import serve_in_thread

    check_of = {"contact": "content.contact", "faq": "content.faq", "privacy": "content.privacy-policy",
                "sitemap": "content.sitemap", "about": "content.about", "eservice": "services.eservice-links",
                "feedback": "participation.feedback", "opendata": "opendata.link"}
    web = generate(40, seed=3, today=date(2026, 12, 1))
    decoys = {s.url: check_of[SiteRenderer(s).decoy_feature] for s in web.sites
              if "js-link" in s.plan.decoys and s.expected_status == "ok" and SiteRenderer(s).decoy_feature}
    assert len(decoys) >= 3, decoys
    engine = connect(tmp_path)
    with serve_in_thread(web) as running:
        settings = demo_settings(list(running.connect_rules), str(running.ca_file)).replace(render="home")
        run_id = store.create_run(engine, name="js-links", catalog="-", settings=settings.to_dict())
        assess(engine, run_id, [Target(u, {"id": u}) for u in decoys], settings, tmp_path)
    for site in store.iter_site_results(engine, run_id):
        r = site["checks"][decoys[site["url"]]]
        assert r["outcome"] == "pass", (site["url"], decoys[site["url"]], r)
        assert r["details"]["javascript"] == ONLY_RENDERED
        assert r["details"]["without_javascript"]["outcome"] != "pass"

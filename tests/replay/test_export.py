"""Evidence pointers get their snapshots from a real archive: a site crawled on loopback into a
WARC, its pointers exported, each snapshot opened in headless chromium with the network cut.
And `govlens serve` serves a run folder on loopback only."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from loopweb import LoopWeb, crawl, html, run

from govlens.replay.export import export_pointers, snapshot_name
from govlens.replay.serve import is_loopback, serve_in_thread

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HOME = """<!doctype html><html lang="th"><head><meta charset="utf-8"><title>กรมตัวอย่าง</title>
<script>document.title='changed'</script><link rel="stylesheet" href="/style.css"></head>
<body><header><img src="/logo.png" alt="ตรา"></header><nav><a href="/contact">ติดต่อเรา</a></nav>
<main><h1>บริการประชาชน</h1><p><a id="eservice" href="https://e.dept.go.th/login">ยื่นคำร้องออนไลน์</a></p>
</main></body></html>"""
CONTACT = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<p>โทร 0-2123-4567 ต่อ 12</p></body></html>"""


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("run") / "runs" / "1"
    web = LoopWeb()
    web.add("www.dept.go.th", "/", html(HOME))
    web.add("www.dept.go.th", "/contact", html(CONTACT))
    web.add("www.dept.go.th", "/style.css", html("body{background:red}"))
    run(crawl(web, "http://www.dept.go.th/", folder / "warc" / "dept.warc.gz"))
    assert (folder / "warc" / "dept.warc.gz").is_file()
    return folder


def _pointers() -> list[dict]:
    return [
        {"check": "services.online", "url": "http://www.dept.go.th/", "selector": "a#eservice",
         "snippet": "ยื่นคำร้องออนไลน์"},
        {"check": "services.online", "url": "http://www.dept.go.th/", "selector": "a#eservice"},  # same file
        {"check": "content.contact-details", "url": "http://www.dept.go.th/contact", "selector": "",
         "snippet": "0-2123-4567"},
        {"check": "site.reachable", "url": "http://never.dept.go.th/", "selector": ""},  # not archived
    ]


def test_each_archived_page_gets_one_snapshot_and_the_rest_none(run_dir):
    ptrs = _pointers()
    assert export_pointers(run_dir, ptrs) == 2
    assert ptrs[0]["replay"] == ptrs[1]["replay"] == f"replay/{snapshot_name('http://www.dept.go.th/', 'a#eservice')}"
    assert ptrs[2]["replay"].startswith("replay/") and ptrs[3]["replay"] is None
    for p in ptrs[:3]:
        assert (run_dir / p["replay"]).is_file()
    assert not list((run_dir / "replay").glob("*.part"))
    contact = (run_dir / ptrs[2]["replay"]).read_text(encoding="utf-8")
    assert 'data-govlens-evidence="content.contact-details"' in contact  # found by its text


def test_pointer_url_spellings_find_the_archived_page(run_dir):
    ptrs = [{"url": "http://www.dept.go.th/contact/", "selector": "p"}, {"url": "http://www.dept.go.th/#top"}]
    export_pointers(run_dir, ptrs)
    assert all(p["replay"] for p in ptrs)


def test_no_archive_means_no_replay(tmp_path):
    ptrs = [{"url": "http://www.dept.go.th/"}]
    assert export_pointers(tmp_path, ptrs) == 0 and ptrs[0]["replay"] is None


def test_snapshot_opens_offline_with_the_evidence_outlined(chromium, run_dir):
    from playwright.sync_api import sync_playwright

    ptrs = _pointers()
    export_pointers(run_dir, ptrs)
    page_file = run_dir / ptrs[0]["replay"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        asked: list[str] = []

        def route(r):
            asked.append(r.request.url)
            r.continue_() if r.request.url.startswith("file:") else r.abort()

        page.route("**/*", route)
        page.goto(page_file.as_uri() + "#eservice")
        assert page.title() == "กรมตัวอย่าง"  # the page's script did not run
        assert [u for u in asked if not u.startswith("file:")] == []  # nothing asked of the web
        el = page.locator("[data-govlens-evidence]")
        assert el.count() == 1 and el.is_visible()
        assert el.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        banner = page.locator("#govlens-banner")
        assert banner.is_visible() and "Archived copy by govlens" in banner.inner_text()
        assert page.evaluate("document.body.firstElementChild.id") == "govlens-banner"  # first on the page
        assert page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor") != "rgb(255, 0, 0)"
        browser.close()


def test_serves_the_folder_on_loopback(run_dir):
    (run_dir / "report.html").write_text("<p>รายงาน</p>", encoding="utf-8")
    server = serve_in_thread(run_dir)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/report.html", timeout=5) as r:
            assert r.read().decode("utf-8") == "<p>รายงาน</p>" and r.headers["Cache-Control"] == "no-store"
    finally:
        server.shutdown()
        server.server_close()
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_govlens_serve_command(run_dir):
    ws = run_dir.parent.parent
    from govlens.store import results as store
    from govlens.store.db import connect

    engine = connect(ws)
    rid = store.create_run(engine, name="x", catalog="c.yaml", settings={})
    engine.dispose()
    assert rid == 1
    (run_dir / "report.html").write_text("<p>served</p>", encoding="utf-8")
    exe = [str(Path(sys.executable).parent / "govlens")]
    bad = subprocess.run([*exe, "serve", "1", "-w", str(ws), "--host", "0.0.0.0"], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 2 and "not a loopback address" in bad.stderr
    proc = subprocess.Popen([*exe, "serve", "1", "-w", str(ws), "--port", "0"], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"})
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving run 1 at http://127.0.0.1:") and "/report.html" in line
        url = line.split(" at ")[1].split()[0]
        with urllib.request.urlopen(url, timeout=5) as r:
            assert r.read() == b"<p>served</p>"
    finally:
        proc.terminate()
        proc.wait(timeout=10)

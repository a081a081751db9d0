"""Retryable failures get a second pass with longer limits; the results say what was
retried, why, and with which limits. Permanent failures are not retried, and a bug on one
site does not end the run."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from aiohttp import web
from hostileweb import HostileWeb, html

from govlens.collect.warc import read_captures
from govlens.run import assess as run_assess
from govlens.run.assess import Target, assess_async, second_pass_settings
from govlens.store import results as store
from govlens.store.db import connect

pytestmark = pytest.mark.timeout(90)
HOME = "<html><head><title>home</title></head><body>ok</body></html>"


def slow_first(delay: float):  # noqa: ANN201
    """Headers after ``delay`` seconds: over the first pass's read timeout, under the second's."""
    async def h(_: web.Request) -> web.StreamResponse:
        await asyncio.sleep(delay)
        return web.Response(text=HOME, content_type="text/html")
    return h


def always_slow(delay: float):  # noqa: ANN201
    async def h(_: web.Request) -> web.StreamResponse:
        await asyncio.sleep(delay)
        return web.Response(text=HOME, content_type="text/html")
    return h


def run(tmp: Path, build, **kw):  # noqa: ANN001, ANN201
    async def go():  # noqa: ANN202
        w = HostileWeb()
        build(w)
        await w.start()
        try:
            engine = connect(tmp)
            rid = store.create_run(engine, name="t", catalog="t", settings={})
            settings = w.settings(read_timeout_s=1.0, connect_timeout_s=1.0, site_budget_s=6.0,
                                  response_timeout_s=8.0, **kw)
            targets = [Target(f"http://{h}/", {"id": h}) for h in sorted({h for h, _ in w.routes})]
            counts = await assess_async(engine, rid, targets, settings, tmp)
            store.export_results(engine, rid, tmp / "results.json")
            return counts, w
        finally:
            await w.stop()
    counts, w = asyncio.run(go())
    doc = json.loads((tmp / "results.json").read_text(encoding="utf-8"))
    return counts, {s["url"]: s for s in doc["sites"]}, w


def build(w: HostileWeb) -> None:
    w.add("recovers.test", "/", slow_first(1.5))  # 1 s read timeout, then 3 s
    w.add("stays-down.test", "/", always_slow(30))
    w.add("gone.test", "/", html("gone", status=404))
    w.add("fine.test", "/", html(HOME))


def test_second_pass_retries_retryable_failures_and_says_why(tmp_path: Path) -> None:
    counts, sites, w = run(tmp_path, build)
    rec, down, gone, fine = (sites[f"http://{h}/"] for h in ("recovers.test", "stays-down.test",
                                                                 "gone.test", "fine.test"))
    # recovered on the second pass: ok, attempts 2, and why it was retried
    assert rec["status"] == "ok" and rec["attempts"] == 2
    assert rec["retry"]["first_status"] == "timeout-read"
    assert "retryable" in rec["retry"]["why"]
    assert rec["retry"]["limits"]["read_timeout_s"] == 3.0
    assert rec["checks"]["site.reachable"]["outcome"] == "pass"
    # still failing: the reason tells both attempts
    assert down["status"] == "timeout-read" and down["attempts"] == 2
    assert "also failed first as timeout-read" in down["reason"]
    assert down["retry"]["first_status"] == "timeout-read"
    # permanent failures and successes are not retried
    assert gone["status"] == "http-4xx" and gone["attempts"] == 1 and "retry" not in gone
    assert fine["status"] == "ok" and fine["attempts"] == 1 and "retry" not in fine
    assert w.hits[("gone.test", "/")] == 1
    assert counts == {"ok": 2, "timeout-read": 1, "http-4xx": 1}
    # the archive of the retried site says so too (and replays to the same retry record)
    caps = {c.url: c for c in read_captures([tmp_path / "runs" / "1" / "warc"])}
    cap = caps["http://recovers.test/"]
    assert cap.attempts == 2 and cap.retry_of["first_status"] == "timeout-read"
    assert cap.decisions[0].startswith("second pass: the first attempt failed with timeout-read")


def test_second_pass_settings_are_longer() -> None:
    from govlens.collect.settings import CrawlSettings

    s = CrawlSettings()
    t = second_pass_settings(s)
    assert t.connect_timeout_s > s.connect_timeout_s and t.read_timeout_s > s.read_timeout_s
    assert t.response_timeout_s > s.response_timeout_s and t.site_budget_s > s.site_budget_s


def test_a_bug_on_one_site_is_recorded_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    real = run_assess.page_of

    def flaky(ex):  # noqa: ANN001, ANN202
        if "boom.test" in ex.url:
            raise RuntimeError("parser exploded")
        return real(ex)

    monkeypatch.setattr(run_assess, "page_of", flaky)

    def two(w: HostileWeb) -> None:
        w.add("boom.test", "/", html(HOME))
        w.add("fine.test", "/", html(HOME))

    counts, sites, _ = run(tmp_path, two)
    assert sites["http://boom.test/"]["status"] == "internal-error"
    assert "parser exploded" in sites["http://boom.test/"]["reason"]
    assert sites["http://fine.test/"]["status"] == "ok"
    assert set(sites["http://boom.test/"]["checks"]) == set(sites["http://fine.test/"]["checks"])

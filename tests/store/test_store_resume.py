"""Resuming an interrupted run, on both backends: what the store says is finished is kept and
not fetched again; what it does not know is assessed; a retryable first failure gets its
second pass. The runner is the real one (``assess_async``) against a web on loopback."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp import web
from loopweb import LoopWeb, html
from sqlalchemy import Engine, func, select

from govlens.run.assess import Target, assess_async
from govlens.store import results as store
from govlens.store.db import sites

HOME = "<html lang='th'><head><title>หน้าแรก</title></head><body><h1>ยินดีต้อนรับ</h1></body></html>"
HOSTS = ["done.test", "gone.test", "flaky.test", "new-1.test", "new-2.test"]


def url(host: str) -> str:
    return f"http://{host}/"


def make_web(state: dict[str, bool]) -> LoopWeb:
    w = LoopWeb()
    for h in ("done.test", "new-1.test", "new-2.test"):
        w.add(h, "/", html(HOME))
    w.add("gone.test", "/", html("gone", status=404))

    async def flaky(_: web.Request) -> web.StreamResponse:
        if state["down"]:
            return web.Response(status=503, text="down")
        return web.Response(text=HOME, content_type="text/html")
    w.add("flaky.test", "/", flaky)
    return w


def site_hits(w: LoopWeb) -> dict[str, int]:
    return {h: sum(n for (host, _), n in w.hits.items() if host == h) for h in HOSTS}


def rows(engine: Engine, rid: int) -> dict[str, tuple]:
    with engine.connect() as conn:
        return {r.url: (r.id, r.finished, r.attempts) for r in conn.execute(
            select(sites.c.url, sites.c.id, sites.c.finished, sites.c.attempts).where(sites.c.run_id == rid))}


def test_resume_keeps_finished_sites_and_does_the_rest(engine: Engine, tmp_path: Path) -> None:
    state = {"down": True}
    w = make_web(state)
    targets = [Target(url(h), {"id": h, "name": {"th": "หน่วยงาน " + h}}) for h in HOSTS]

    async def go() -> None:
        await w.start()
        try:
            settings = w.settings(max_pages=2, retries=0, fetch_sitemap=False)
            rid = store.create_run(engine, name="resume", catalog="c.yaml", settings=settings.to_dict())

            # the run that was interrupted: three sites committed, the second pass never ran
            first = await assess_async(engine, rid, targets[:3], settings, tmp_path, retry=False)
            assert first == {"ok": 1, "http-4xx": 1, "http-5xx": 1}

            # what the store tells the resume
            finished = store.finished_sites(engine, rid)
            assert finished == {url("done.test"), url("gone.test"), url("flaky.test")}
            assert [t.url for t in targets if t.url not in finished] == [url("new-1.test"), url("new-2.test")]
            assert store.retryable_sites(engine, rid) == {url("flaky.test"): "http-5xx"}
            before, hits_before = rows(engine, rid), site_hits(w)
            assert hits_before["new-1.test"] == 0

            # resume (as `govlens assess --resume`): the same targets, the same run
            state["down"] = False
            again = await assess_async(engine, rid, targets, settings, tmp_path)
            assert again == {"ok": 3}  # new-1, new-2, and flaky on its second pass
            hits = site_hits(w)
            assert hits["done.test"] == hits_before["done.test"]  # finished: not fetched again
            assert hits["gone.test"] == hits_before["gone.test"]  # permanent failure: not retried
            assert hits["new-1.test"] > 0 and hits["new-2.test"] > 0
            assert hits["flaky.test"] > hits_before["flaky.test"]
            after = rows(engine, rid)
            for h in ("done.test", "gone.test"):  # the same rows, untouched
                assert after[url(h)] == before[url(h)]
            assert after[url("flaky.test")][2] == 2  # its second attempt replaced the first
            assert store.site_statuses(engine, rid) == {
                url("done.test"): "ok", url("gone.test"): "http-4xx", url("flaky.test"): "ok",
                url("new-1.test"): "ok", url("new-2.test"): "ok"}
            assert store.retryable_sites(engine, rid) == {}
            with engine.connect() as conn:
                assert conn.execute(select(func.count()).select_from(sites)).scalar() == 5

            # resuming a finished run does nothing
            hits_done = site_hits(w)
            assert await assess_async(engine, rid, targets, settings, tmp_path) == {}
            assert site_hits(w) == hits_done
            assert store.resolve_run(engine, "latest") == rid
            (site,) = [s for s in store.iter_site_results(engine, rid) if s["url"] == url("new-1.test")]
            assert site["organisation"]["name"]["th"] == "หน่วยงาน new-1.test"
            assert site["checks"]["site.reachable"]["outcome"] == "pass"
        finally:
            await w.stop()

    asyncio.run(go())

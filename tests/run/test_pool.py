"""The checks in a worker process give exactly what they give in the main process, and a
worker that dies costs time, not a result."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import parse_html
from govlens.run.pool import EvalPool, evaluate

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def sites(n: int = 6) -> list[SiteEvidence]:
    out = []
    for path in sorted(CORPUS.glob("*.html"))[:n]:
        page = parse_html(path.read_bytes(), f"https://{path.stem}.example.go.th/", discovered_as="home")
        out.append(SiteEvidence(site_url=page.url, final_url=page.url, status="ok", reason="", redirects=(),
                                pages=(page,), captured="2026-12-01T00:00:00+00:00"))
    return out


def test_worker_results_equal_in_process_results() -> None:
    evs = sites()
    assert evs, f"no pages in {CORPUS}"

    async def go() -> list:
        with EvalPool(1) as pool:
            return list(await asyncio.gather(*(pool.evaluate(ev) for ev in evs)))

    for ev, got in zip(evs, asyncio.run(go()), strict=True):
        want = evaluate(ev)
        assert {k: v.to_dict() for k, v in got.items()} == {k: v.to_dict() for k, v in want.items()}


def test_a_dead_worker_is_replaced_and_the_site_judged_here() -> None:
    ev = sites(1)[0]

    async def go():  # noqa: ANN202
        with EvalPool(1) as pool:
            first = await pool.evaluate(ev)
            for pid in list(pool._pool._processes):  # type: ignore[union-attr]
                os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(0.5)
            second = await pool.evaluate(ev)  # the broken pool: judged in this process, pool replaced
            third = await pool.evaluate(ev)  # the new worker
            return first, second, pool, third

    first, second, pool, third = asyncio.run(go())
    assert pool.restarts == 1 and pool.in_process == 1
    assert first.keys() == second.keys() == third.keys()
    assert {k: v.outcome for k, v in first.items()} == {k: v.outcome for k, v in third.items()}

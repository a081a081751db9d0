"""The second core: checks of finished sites judged in a worker process.

The crawl's event loop (fetching, parsing links, writing WARCs, rendering) stays in the main
process; a site whose capture is complete has its evidence built there and sent, pickled, to
a pool of worker processes that run the checks (three quarters of the CPU a site costs). The
number of sites waiting is bounded by the sites in flight (each site awaits its own result),
so memory stays flat. A worker that dies is replaced, and the site it held is judged in the
main process instead: a crash costs time, never a result.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from govlens.checks.javascript import mark_javascript
from govlens.checks.registry import CheckResult, all_checks, run_checks
from govlens.evidence.model import SiteEvidence

CheckOptions = Mapping[str, Mapping[str, Any]]


def default_workers() -> int:
    """One worker per core beyond the first (the first runs the crawl): 1 on 2 cores."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def evaluate(ev: SiteEvidence, options: CheckOptions | None = None) -> dict[str, CheckResult]:
    """Every check on one site's evidence, with the JavaScript notes (checks/javascript.py)."""
    return mark_javascript(ev, run_checks(ev, all_checks(), options), options)


def _warm() -> None:
    """In each worker: register the checks and load the lexicons once, before the first site."""
    from govlens.lexicon.matcher import load_lexicon

    all_checks()
    load_lexicon()


class EvalPool:
    """``await pool.evaluate(ev, options)``; with ``workers=0`` it runs in a thread here."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0
        self.in_process = 0  # sites judged here after a worker died

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent runs threads and an event loop
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm)

    def __enter__(self) -> EvalPool:
        if self.workers > 0:
            self._pool = self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def evaluate(self, ev: SiteEvidence, options: CheckOptions | None = None) -> dict[str, CheckResult]:
        pool = self._pool
        if pool is None:
            return await asyncio.to_thread(evaluate, ev, options)
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, evaluate, ev, options)
        except BrokenProcessPool:
            if self._pool is pool:  # the first to notice replaces it
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()
                self.restarts += 1
            self.in_process += 1
            return await asyncio.to_thread(evaluate, ev, options)

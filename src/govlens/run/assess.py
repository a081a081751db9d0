"""Assess sites end to end: crawl → WARC → evidence → checks → database, one site at a time.

``assess_site`` is the unit of work: a function of (site, settings) that returns the
evidence and the check results and leaves a sealed WARC behind; it touches no global state,
so a distributed worker can run it as is. ``assess`` runs it over many sites with bounded
concurrency, committing each site as it finishes, so memory stays flat and a killed run
loses only the sites in flight.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from govlens.checks.registry import CheckResult, all_checks
from govlens.collect.capture import Capture, Exchange
from govlens.collect.crawl import crawl_site
from govlens.collect.failures import is_retryable
from govlens.collect.htmlvalid import Validator
from govlens.collect.http import Fetcher
from govlens.collect.render import Renderer, RenderSettings, open_renderer, render_site
from govlens.collect.settings import CrawlSettings
from govlens.collect.warc import SiteWarc, read_captures
from govlens.evidence.build import build_site, page_of
from govlens.evidence.markup import with_markup
from govlens.evidence.model import Link, Page, SiteEvidence
from govlens.run.pool import EvalPool, default_workers, evaluate
from govlens.store import results as store
from govlens.store.db import now as _now


def store_now() -> str:
    return _now().isoformat(timespec="seconds")

POOL_FROM = 8  # sites in a pass from which the checks run in worker processes by default
Progress = Callable[[str, str], None]  # (site url, status) after each site
CheckOptions = Mapping[str, Mapping[str, Any]]  # check id -> option overrides (checks/options.py)


@dataclass(frozen=True)
class Target:
    """What the run needs of a catalog entry."""

    url: str
    organisation: dict[str, Any]


@dataclass
class SiteOutcome:
    evidence: SiteEvidence
    results: dict[str, CheckResult]
    capture: Capture
    warc: Path | None


def warc_name(url: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", url.lower().split("://", 1)[-1]).strip("-")[:60]
    return f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:8]}.warc.gz"


def evidence_of(cap: Capture, parsed: dict[int, Page] | None = None,
                validator: Validator | None = None) -> SiteEvidence:
    """The site's evidence, with the home page's HTML validity when a validator is given."""
    ev = build_site(cap, parsed)
    if validator is not None:  # the home page's HTML validity (tech.html-valid); None: not validated
        ev = with_markup(ev, validator)
    return ev


def _with_retry(cap: Capture, results: dict[str, CheckResult]) -> dict[str, CheckResult]:
    if cap.retry_of and "site.reachable" in results:  # say what was retried and why
        r = results["site.reachable"]
        results["site.reachable"] = dataclasses.replace(
            r, details={**r.details, "attempts": cap.attempts, "retry": cap.retry_of})
    return results


def judge(cap: Capture, parsed: dict[int, Page] | None = None, validator: Validator | None = None,
          options: CheckOptions | None = None) -> tuple[SiteEvidence, dict[str, CheckResult]]:
    """Evidence from a capture, then every check on it (``options``: per-check overrides)."""
    ev = evidence_of(cap, parsed, validator)
    return ev, _with_retry(cap, evaluate(ev, options))


async def judge_async(cap: Capture, parsed: dict[int, Page] | None, validator: Validator | None,
                      options: CheckOptions | None, pool: EvalPool | None) -> tuple[SiteEvidence, dict[str, CheckResult]]:
    """:func:`judge` off the event loop: evidence in a thread, the checks in the pool's worker
    process (the second core) when there is one."""
    ev = await asyncio.to_thread(evidence_of, cap, parsed, validator)
    results = await pool.evaluate(ev, options) if pool is not None else await asyncio.to_thread(evaluate, ev, options)
    return ev, _with_retry(cap, results)


def retry_note(first: dict[str, Any], settings: CrawlSettings) -> dict[str, Any]:
    """What the second pass records about the first attempt it retries."""
    return {
        "first_status": first.get("status", ""),
        "first_reason": str(first.get("reason", ""))[:500],
        "why": f"{first.get('status', '')} is retryable: second pass with longer limits",
        "limits": {"connect_timeout_s": settings.connect_timeout_s,
                   "read_timeout_s": settings.read_timeout_s,
                   "response_timeout_s": settings.response_timeout_s,
                   "site_budget_s": settings.site_budget_s},
    }


async def _render(cap: Capture, writer: SiteWarc, renderer: Renderer, mode: str) -> None:
    """Render the pages ``mode`` asks for into the site's archive; the subresources the browser
    asked for are archived as ``subresource`` exchanges of their own."""
    seq = max((e.seq for e in cap.exchanges), default=0)

    def record(ex: Exchange) -> None:
        nonlocal seq
        seq += 1
        ex.seq, ex.role = seq, "subresource"
        writer.write(ex)
        cap.exchanges.append(ex)

    try:
        renders = await render_site(renderer, mode, list(cap.exchanges), record)
    except Exception as exc:  # the browser failed on this site: judged on its static HTML
        cap.render_note = f"rendering failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
        return
    for r in renders:
        writer.write_render(r)
        cap.renders.append(r)


async def assess_site(target: Target, settings: CrawlSettings, fetcher: Fetcher,
                      warc_dir: Path, retry_of: dict[str, Any] | None = None,
                      validator: Validator | None = None, options: CheckOptions | None = None,
                      renderer: Renderer | None = None, render_mode: str = "none",
                      render_note: str = "", pool: EvalPool | None = None) -> SiteOutcome:
    """The unit of work: crawl one site into its own WARC, then judge it.

    Parsing and checks run in a worker thread, so a heavy page does not stall the event
    loop (and with it every other site's timers). ``retry_of`` is the failed first attempt
    when this is the second pass; it goes into the archive and the results.
    """
    path = warc_dir / warc_name(target.url)
    writer = SiteWarc(path, {"user_agent": settings.user_agent, "max_pages": settings.max_pages})
    parsed: dict[int, Page] = {}

    async def parse_links(ex: Exchange) -> Sequence[Link]:
        page = await asyncio.to_thread(page_of, ex)
        parsed[ex.seq] = page
        return page.links

    try:
        cap = await crawl_site(target.url, fetcher, writer.write, parse_links, settings,
                               target.organisation)
        if retry_of is not None:
            cap.attempts = 2
            cap.retry_of = retry_note(retry_of, settings)
            cap.decisions.insert(0, f"second pass: the first attempt failed with {retry_of.get('status')} "
                                    f"(retryable); retried with longer limits")
        if renderer is not None and cap.status == "ok":
            await _render(cap, writer, renderer, render_mode)
        elif render_note and cap.status == "ok":
            cap.render_note = render_note
        writer.finish(cap)
    except BaseException:
        writer.abort()
        raise
    ev, results = await judge_async(cap, parsed, validator, options, pool)
    return SiteOutcome(ev, results, cap, path)


def failed_outcome(target: Target, exc: BaseException, attempt: int) -> SiteOutcome:
    """A site on which govlens itself failed: recorded (the run goes on), not retried."""
    cap = Capture(url=target.url, captured=store_now(), status="internal-error",
                  reason=f"{type(exc).__name__}: {exc}"[:500], organisation=target.organisation,
                  attempts=attempt)
    ev, results = judge(cap)
    return SiteOutcome(ev, results, cap, None)


def _save(engine: Engine, run_id: int, out: SiteOutcome, warc_root: Path | None) -> None:
    warc = ""
    if out.warc is not None:
        warc = str(out.warc.relative_to(warc_root)) if warc_root and out.warc.is_relative_to(warc_root) else str(out.warc)
    store.save_site(engine, run_id, out.evidence, out.results, organisation=out.capture.organisation,
                    warc=warc, elapsed_s=out.capture.elapsed_s, retryable=is_retryable(out.evidence.status),
                    attempts=out.capture.attempts)


def second_pass_settings(settings: CrawlSettings) -> CrawlSettings:
    """Longer limits for the retry of retryable failures (slow servers, passing faults)."""
    return settings.replace(connect_timeout_s=settings.connect_timeout_s * 3,
                            read_timeout_s=settings.read_timeout_s * 3,
                            response_timeout_s=settings.response_timeout_s * 2,
                            site_budget_s=settings.site_budget_s * 2, sites_in_flight=max(1, settings.sites_in_flight // 2))


async def _pass(engine: Engine, run_id: int, todo: list[Target], settings: CrawlSettings, workspace: Path,
                progress: Progress | None, attempt: int,
                first: dict[str, dict[str, Any]], validator: Validator | None = None,
                options: CheckOptions | None = None, render: RenderSettings | None = None) -> None:
    """Assess ``todo`` with ``sites_in_flight`` workers; each site is committed as it ends.

    A fixed pool pulling from one iterator keeps memory independent of the number of sites
    (no task per site waiting on a semaphore).
    """
    warc_dir = workspace / "runs" / str(run_id) / "warc"
    warc_dir.mkdir(parents=True, exist_ok=True)
    all_checks()  # register the checks here, not first inside a worker thread
    if render is None and settings.render != "none":
        render = RenderSettings(mode=settings.render, block_heavy=settings.block_heavy)
    workers = default_workers() if settings.eval_workers < 0 else settings.eval_workers
    if len(todo) < POOL_FROM and settings.eval_workers < 0:
        workers = 0  # a worker's start-up (about a second) pays off only over several sites
    with EvalPool(workers) as pool:
        await _sites(todo, settings, warc_dir, engine, run_id, workspace, progress, attempt, first,
                     validator, options, render, pool)


async def _sites(todo: list[Target], settings: CrawlSettings, warc_dir: Path, engine: Engine, run_id: int,
                 workspace: Path, progress: Progress | None, attempt: int, first: dict[str, dict[str, Any]],
                 validator: Validator | None, options: CheckOptions | None, render: RenderSettings | None,
                 pool: EvalPool) -> None:
    queue = iter(todo)
    async with Fetcher(settings) as fetcher, open_renderer(render, fetcher) as (renderer, note):
        mode = render.mode if render is not None else "none"

        async def one(t: Target) -> None:
            try:
                out = await assess_site(t, settings, fetcher, warc_dir,
                                        first.get(t.url) if attempt > 1 else None, validator, options,
                                        renderer, mode, note, pool)
            except Exception as exc:  # a govlens bug on one site must not end the run
                out = failed_outcome(t, exc, attempt)
            if attempt > 1 and out.evidence.status != "ok":
                prev = first.get(t.url, {}).get("status", "")
                out.evidence = dataclasses.replace(
                    out.evidence, reason=f"{out.evidence.reason} (also failed first as {prev})")
            _save(engine, run_id, out, workspace)
            if progress and attempt == 1:
                progress(t.url, out.evidence.status)

        async def worker() -> None:
            for t in queue:
                await one(t)

        await asyncio.gather(*(worker() for _ in range(max(1, min(settings.sites_in_flight, len(todo))))))


async def assess_async(engine: Engine, run_id: int, targets: Iterable[Target], settings: CrawlSettings,
                       workspace: Path, progress: Progress | None = None,
                       retry: bool = True, validator: Validator | None = None,
                       options: CheckOptions | None = None, render: RenderSettings | None = None) -> dict[str, int]:
    """Assess every target not yet finished in ``run_id``; then retry the retryable failures
    once with longer limits. Returns counts by final status of the sites assessed now."""
    targets = list(targets)
    done = store.finished_sites(engine, run_id)
    first: dict[str, dict[str, Any]] = {}
    await _pass(engine, run_id, [t for t in targets if t.url not in done], settings, workspace,
                progress, 1, {}, validator, options, render)
    if retry:
        first = store.retryable_site_info(engine, run_id)
        again = [t for t in targets if t.url in first]
        if again:
            await _pass(engine, run_id, again, second_pass_settings(settings), workspace,
                        progress, 2, first, validator, options, render)
    now = {t.url for t in targets if t.url not in done} | {t.url for t in targets if retry and t.url in first}
    final: dict[str, int] = {}
    for url, status in store.site_statuses(engine, run_id).items():
        if url in now:
            final[status] = final.get(status, 0) + 1
    return final


def assess(engine: Engine, run_id: int, targets: Iterable[Target], settings: CrawlSettings,
           workspace: Path, progress: Progress | None = None,
           validator: Validator | None = None, options: CheckOptions | None = None,
           render: RenderSettings | None = None) -> dict[str, int]:
    return asyncio.run(assess_async(engine, run_id, targets, settings, workspace, progress,
                                    validator=validator, options=options, render=render))


def assess_from_warc(engine: Engine, run_id: int, paths: Iterable[str | Path],
                     progress: Progress | None = None,
                     validator: Validator | None = None, options: CheckOptions | None = None,
                     skip: Iterable[str] = ()) -> dict[str, int]:
    """Rebuild evidence from archives (no network) and judge it again; sites in ``skip`` (done
    before a ``--resume``) are passed over."""
    counts: dict[str, int] = {}
    done = set(skip)
    for cap in read_captures(paths):
        if cap.url in done:
            if progress:
                progress(cap.url, "done before")
            continue
        ev, results = judge(cap, validator=validator, options=options)
        store.save_site(engine, run_id, ev, results, organisation=cap.organisation, warc="",
                        elapsed_s=cap.elapsed_s, retryable=is_retryable(ev.status), attempts=cap.attempts)
        counts[ev.status] = counts.get(ev.status, 0) + 1
        if progress:
            progress(cap.url, ev.status)
    return counts


def targets_from_catalog(path: Path, country: str | None = None) -> list[Target]:
    """The catalog's sites as run targets (raises CatalogError with file, line and field)."""
    from govlens.catalog.loader import load_catalog

    return [Target(t.url, t.organisation_dict()) for t in load_catalog(path).targets(country)]

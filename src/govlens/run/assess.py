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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from govlens.checks.registry import CheckResult, all_checks, run_checks
from govlens.collect.capture import Capture, Exchange
from govlens.collect.crawl import crawl_site
from govlens.collect.failures import is_retryable
from govlens.collect.http import Fetcher
from govlens.collect.settings import CrawlSettings
from govlens.collect.warc import SiteWarc, read_captures
from govlens.evidence.build import build_site, page_of
from govlens.evidence.model import Link, Page, SiteEvidence
from govlens.store import results as store

Progress = Callable[[str, str], None]  # (site url, status) after each site


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


def evaluate(cap: Capture, parsed: dict[int, Page] | None = None) -> tuple[SiteEvidence, dict[str, CheckResult]]:
    ev = build_site(cap, parsed)
    return ev, run_checks(ev, all_checks())


async def assess_site(target: Target, settings: CrawlSettings, fetcher: Fetcher,
                      warc_dir: Path) -> SiteOutcome:
    """The unit of work: crawl one site into its own WARC, then judge it."""
    path = warc_dir / warc_name(target.url)
    writer = SiteWarc(path, {"user_agent": settings.user_agent, "max_pages": settings.max_pages})
    parsed: dict[int, Page] = {}

    def parse_links(ex: Exchange) -> Sequence[Link]:
        page = page_of(ex)
        parsed[ex.seq] = page
        return page.links

    try:
        cap = await crawl_site(target.url, fetcher, writer.write, parse_links, settings,
                               target.organisation)
        writer.finish(cap)
    except BaseException:
        writer.abort()
        raise
    ev, results = evaluate(cap, parsed)
    return SiteOutcome(ev, results, cap, path)


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
                            site_budget_s=settings.site_budget_s * 2, sites_in_flight=max(1, settings.sites_in_flight // 2))


async def _pass(engine: Engine, run_id: int, todo: list[Target], settings: CrawlSettings, workspace: Path,
                progress: Progress | None, attempt: int,
                first: dict[str, str]) -> None:
    warc_dir = workspace / "runs" / str(run_id) / "warc"
    warc_dir.mkdir(parents=True, exist_ok=True)
    sem = asyncio.Semaphore(settings.sites_in_flight)
    async with Fetcher(settings) as fetcher:
        async def one(t: Target) -> None:
            async with sem:
                out = await assess_site(t, settings, fetcher, warc_dir)
            out.capture.attempts = attempt
            if attempt > 1:
                prev = first.get(t.url, "")
                out.capture.decisions.append(f"second pass after {prev}")
                if out.evidence.status != "ok":
                    out.evidence = dataclasses.replace(
                        out.evidence, reason=f"{out.evidence.reason} (also failed first as {prev})")
            _save(engine, run_id, out, workspace)
            if progress and attempt == 1:
                progress(t.url, out.evidence.status)

        await asyncio.gather(*(one(t) for t in todo))


async def assess_async(engine: Engine, run_id: int, targets: Iterable[Target], settings: CrawlSettings,
                       workspace: Path, progress: Progress | None = None,
                       retry: bool = True) -> dict[str, int]:
    """Assess every target not yet finished in ``run_id``; then retry the retryable failures
    once with longer limits. Returns counts by final status of the sites assessed now."""
    targets = list(targets)
    done = store.finished_sites(engine, run_id)
    first: dict[str, str] = {}
    await _pass(engine, run_id, [t for t in targets if t.url not in done], settings, workspace,
                progress, 1, {})
    if retry:
        first = store.retryable_sites(engine, run_id)
        again = [t for t in targets if t.url in first]
        if again:
            await _pass(engine, run_id, again, second_pass_settings(settings), workspace,
                        progress, 2, first)
    now = {t.url for t in targets if t.url not in done} | {t.url for t in targets if retry and t.url in first}
    final: dict[str, int] = {}
    for url, status in store.site_statuses(engine, run_id).items():
        if url in now:
            final[status] = final.get(status, 0) + 1
    return final


def assess(engine: Engine, run_id: int, targets: Iterable[Target], settings: CrawlSettings,
           workspace: Path, progress: Progress | None = None) -> dict[str, int]:
    return asyncio.run(assess_async(engine, run_id, targets, settings, workspace, progress))


def assess_from_warc(engine: Engine, run_id: int, paths: Iterable[str | Path],
                     progress: Progress | None = None) -> dict[str, int]:
    """Rebuild evidence from archives (no network) and judge it again."""
    counts: dict[str, int] = {}
    for cap in read_captures(paths):
        ev, results = evaluate(cap)
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

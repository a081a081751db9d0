"""Writing and reading assessment results: one transaction per site, streaming exports."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from govlens import __version__
from govlens.checks.registry import CheckResult
from govlens.evidence.model import SiteEvidence
from govlens.store.db import check_results, fit, now, pages, runs, sites

RESULTS_SCHEMA = "govlens.results/1"


def check_catalogue() -> list[dict[str, Any]]:
    """The registered checks as a run records them: the report reads titles and families from
    the run, never from the registry (a run keeps the names it was judged under)."""
    from govlens.checks.registry import all_checks

    return [{"id": c.id, "category": c.category, "kind": c.kind, "core": c.core, "title": c.title,
             "failure_title": c.failure_title, "description": c.description} for c in all_checks()]


def create_run(engine: Engine, *, name: str, catalog: str, settings: dict[str, Any],
               source: str = "live") -> int:
    """A new run; its settings also record the check catalogue it is judged with."""
    settings = {**settings, "checks": check_catalogue()}
    with engine.begin() as conn:
        return int(conn.execute(insert(runs).values(fit(runs, dict(
            name=name, started=now(), catalog=catalog, settings=settings,
            govlens_version=__version__, source=source)))).inserted_primary_key[0])


def finish_run(engine: Engine, run_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.id == run_id).values(finished=now()))


def resolve_run(engine: Engine, run: str | int) -> int:
    """A run id, or "latest" (LookupError naming the runs there are when there is no such run)."""
    with engine.connect() as conn:
        ids = [int(r[0]) for r in conn.execute(select(runs.c.id).order_by(runs.c.id))]
    if not ids:
        raise LookupError("no runs in this workspace yet")
    if str(run).strip().lower() == "latest":
        return ids[-1]
    try:
        rid = int(str(run).strip())
    except ValueError:
        raise LookupError(f"run {run!r}: give a run id or 'latest' ({_span(ids)})") from None
    if rid not in ids:
        raise LookupError(f"no run {rid} in this workspace ({_span(ids)})")
    return rid


def _span(ids: list[int]) -> str:
    if len(ids) == 1:
        return f"its only run is {ids[0]}"
    if ids == list(range(ids[0], ids[-1] + 1)):
        return f"runs {ids[0]}–{ids[-1]}"
    return "runs " + ", ".join(map(str, ids[:10])) + (" …" if len(ids) > 10 else "")


def update_run(engine: Engine, run_id: int, **values: Any) -> None:
    """Change a run's columns (its catalog path, its settings)."""
    with engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.id == run_id).values(fit(runs, values)))


def list_runs(engine: Engine) -> list[dict[str, Any]]:
    """Every run with its number of sites, oldest first."""
    with engine.connect() as conn:
        counts = dict(conn.execute(select(sites.c.run_id, func.count()).group_by(sites.c.run_id)).all())
        rows = conn.execute(select(runs.c.id, runs.c.name, runs.c.started, runs.c.finished, runs.c.catalog,
                                   runs.c.source, runs.c.govlens_version).order_by(runs.c.id)).mappings().all()
    return [{**dict(r), "sites": int(counts.get(r["id"], 0))} for r in rows]


def run_info(engine: Engine, run_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(runs).where(runs.c.id == run_id)).mappings().one()
    return dict(row)


def finished_sites(engine: Engine, run_id: int) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(select(sites.c.url).where(sites.c.run_id == run_id))}


def site_statuses(engine: Engine, run_id: int) -> dict[str, str]:
    with engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(select(sites.c.url, sites.c.status).where(sites.c.run_id == run_id))}


def retryable_sites(engine: Engine, run_id: int) -> dict[str, str]:
    """Sites of the run that failed in a retryable way on their first attempt: url → status."""
    with engine.connect() as conn:
        rows = conn.execute(select(sites.c.url, sites.c.status).where(
            sites.c.run_id == run_id, sites.c.retryable == 1, sites.c.attempts == 1))
        return {r[0]: r[1] for r in rows}


def retryable_site_info(engine: Engine, run_id: int) -> dict[str, dict[str, Any]]:
    """Like :func:`retryable_sites`, with the reason and time of the first attempt."""
    with engine.connect() as conn:
        rows = conn.execute(select(sites.c.url, sites.c.status, sites.c.reason, sites.c.elapsed_s).where(
            sites.c.run_id == run_id, sites.c.retryable == 1, sites.c.attempts == 1))
        return {r[0]: {"status": r[1], "reason": r[2], "elapsed_s": r[3]} for r in rows}


def save_site(engine: Engine, run_id: int, ev: SiteEvidence, results: Mapping[str, CheckResult], *,
              organisation: dict[str, Any], warc: str, elapsed_s: float, retryable: bool,
              attempts: int = 1) -> int:
    """Everything about one site in one transaction: all of it is there, or none."""
    with engine.begin() as conn:
        conn.execute(delete(sites).where(sites.c.run_id == run_id, sites.c.url == ev.site_url))
        sid = int(conn.execute(insert(sites).values(fit(sites, dict(
            run_id=run_id, url=ev.site_url, org_id=str(organisation.get("id", "")), organisation=organisation,
            final_url=ev.final_url, status=ev.status, reason=ev.reason, retryable=int(retryable),
            attempts=attempts, pages=len(ev.pages), warc=warc, elapsed_s=round(elapsed_s, 3),
            finished=now())))).inserted_primary_key[0])
        if ev.pages:
            conn.execute(insert(pages), [fit(pages, {
                "site_id": sid, "url": p.url, "final_url": p.final_url, "status": p.status,
                "content_type": p.content_type, "charset": p.charset, "title": p.title[:1000],
                "lang": p.lang, "size": p.size, "truncated": int(p.truncated),
                "elapsed_ms": p.elapsed_ms, "discovered_as": p.discovered_as}) for p in ev.pages])
        if results:
            conn.execute(insert(check_results), [fit(check_results, {
                "site_id": sid, "check_id": r.check_id, "outcome": r.outcome, "score": r.score,
                "evidence": [p.to_dict() for p in r.evidence], "details": _jsonable(r.details),
                "confidence": r.confidence}) for r in results.values()])
    return sid


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(d, ensure_ascii=False, default=str))


def iter_site_results(engine: Engine, run_id: int) -> Iterator[dict[str, Any]]:
    """Sites of a run with their checks, one at a time (constant memory)."""
    with engine.connect() as conn:
        site_rows = conn.execute(select(sites).where(sites.c.run_id == run_id).order_by(sites.c.id)).mappings().all()
    for s in site_rows:
        with engine.connect() as conn:
            rows = conn.execute(select(check_results).where(check_results.c.site_id == s["id"])
                                ).mappings().all()
        checks = {}
        # by check id in code-point order: ORDER BY on text follows the database's collation
        # (ICU and glibc en_US put "a.b" before "a-c"), and results must not depend on it
        for r in sorted(rows, key=lambda r: r["check_id"]):
            c: dict[str, Any] = {"outcome": r["outcome"], "score": r["score"], "evidence": r["evidence"]}
            if r["details"]:
                c["details"] = r["details"]
            if r["confidence"] != 1.0:
                c["confidence"] = r["confidence"]
            checks[r["check_id"]] = c
        site = {"url": s["url"], "organisation": s["organisation"], "final_url": s["final_url"],
                "status": s["status"], "reason": s["reason"], "retryable": bool(s["retryable"]),
                "attempts": s["attempts"], "pages": s["pages"], "warc": s["warc"],
                "elapsed_s": s["elapsed_s"],
                "finished": s["finished"].isoformat(timespec="seconds") if s["finished"] else None,
                "checks": checks}
        retry = checks.get("site.reachable", {}).get("details", {}).get("retry")
        if retry:  # the second pass: what the first attempt hit, and the limits of the retry
            site["retry"] = retry
        yield site


def export_results(engine: Engine, run_id: int, path: Path) -> Path:
    """Write results.json (schema in docs/results-schema.md), streaming site by site."""
    info = run_info(engine, run_id)
    run = {"id": run_id, "name": info["name"], "started": info["started"].isoformat(),
           "finished": info["finished"].isoformat() if info["finished"] else None,
           "catalog": info["catalog"], "source": info["source"],
           "govlens_version": info["govlens_version"], "settings": info["settings"]}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.part")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write('{"schema": "%s",\n "run": %s,\n "sites": [\n' % (RESULTS_SCHEMA, json.dumps(run, ensure_ascii=False)))
        for i, site in enumerate(iter_site_results(engine, run_id)):
            fh.write(("," if i else "") + json.dumps(site, ensure_ascii=False) + "\n")
        fh.write("]}\n")
    tmp.replace(path)
    return path


class ResultsFileError(ValueError):
    """A file given as a results.json that is not one: ``str()`` names the file."""


def read_results_file(path: str | Path) -> dict[str, Any]:
    """A results.json, checked enough to be used: a mapping with the schema, ``sites`` a list of
    sites each with a ``url`` and a mapping of ``checks``. Raises ResultsFileError."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ResultsFileError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ResultsFileError(f"{p}: is a folder, not a results.json file") from None
    except UnicodeDecodeError:
        raise ResultsFileError(f"{p}: not a results.json file (not UTF-8 text)") from None
    except OSError as exc:
        raise ResultsFileError(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsFileError(f"{p}: not a results.json file (not JSON: {exc.msg} at line {exc.lineno})") from None
    if not isinstance(doc, dict) or "sites" not in doc:
        raise ResultsFileError(f"{p}: not a govlens results file (no \"sites\"; "
                               f"results.json files have \"schema\": \"{RESULTS_SCHEMA}\")")
    if doc.get("schema") != RESULTS_SCHEMA:
        raise ResultsFileError(f"{p}: schema must be {RESULTS_SCHEMA!r}, got {doc.get('schema')!r}")
    if not isinstance(doc["sites"], list):
        raise ResultsFileError(f"{p}: \"sites\" must be a list")
    for n, s in enumerate(doc["sites"]):
        if not isinstance(s, dict) or not s.get("url") or not isinstance(s.get("checks", {}), dict):
            raise ResultsFileError(f"{p}: sites[{n}]: a site needs a \"url\" and a mapping of \"checks\"")
    return doc

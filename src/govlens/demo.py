"""The demo: a fictional government web on loopback, assessed end to end.

Nothing leaves the machine: the synthetic sites are served on 127.0.0.1, names are pinned
with --connect-to rules and every other name is "not found" (offline DNS).
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from sqlalchemy import Engine

from govlens.accuracy import load_labels, load_outcomes, tally
from govlens.collect.htmlvalid import optional_validator
from govlens.collect.settings import CrawlSettings
from govlens.progress import progress_bar
from govlens.replay.shots import site_shots
from govlens.report.html import render_results
from govlens.run.assess import Target, assess, targets_from_catalog
from govlens.run.workspace import start_run
from govlens.store import results as store
from govlens.store.db import connect
from govlens.synthweb.generate import generate
from govlens.synthweb.labels import write_catalog, write_labels, write_statuses
from govlens.synthweb.serve import serve_in_thread


def demo_settings(connect_rules: list[str], ca_file: str) -> CrawlSettings:
    """Loopback-only settings with short timeouts so the hostile sites fail fast."""
    return CrawlSettings(offline_dns=True, connect_to=tuple(connect_rules), ca_file=ca_file,
                         connect_timeout_s=2.0, read_timeout_s=2.0, site_budget_s=10.0,
                         backoff_s=0.2, retries=1)


REPORT_FORMATS = ("html", "pdf", "xlsx", "json")


def run_demo(sites: int, seed: int, workspace: Path, console: Console, err: Console,
             validate_html: bool = True, progress: str = "auto",
             formats: tuple[str, ...] = REPORT_FORMATS, render: str = "none") -> dict[str, Path | str]:
    """The demo; ``render``: the pages rendered in chromium (none | home | key | all)."""
    workspace.mkdir(parents=True, exist_ok=True)
    web = generate(sites, seed=seed, today=date.today())
    gen = workspace / "synthweb"
    gen.mkdir(exist_ok=True)
    catalog, labels, statuses = gen / "catalog.yaml", gen / "labels.csv", gen / "statuses.csv"
    write_catalog(web, catalog)
    write_labels(web, labels)
    write_statuses(web, statuses)
    targets: list[Target] = targets_from_catalog(catalog)
    engine = connect(workspace)
    t0 = time.monotonic()
    with serve_in_thread(web) as running, \
            optional_validator(validate_html, lambda m: err.print(f"[yellow]{m}")) as validator:
        settings = demo_settings(list(running.connect_rules), str(running.ca_file)).replace(render=render)
        run_id = start_run(engine, workspace, name=f"demo ({sites} fictional sites)", catalog=catalog,
                           settings=settings.to_dict())
        if progress != "off":
            err.print(f"serving {len(web.sites)} fictional sites on 127.0.0.1; assessing…")
        prog, tick = progress_bar(len(targets), "assess", err, mode=progress)
        with prog:
            counts = assess(engine, run_id, targets, settings, workspace, tick, validator=validator)
    store.finish_run(engine, run_id)
    run_dir = workspace / "runs" / str(run_id)
    results = store.export_results(engine, run_id, run_dir / "results.json")
    info = {**store.run_info(engine, run_id), "id": run_id}
    site_list = list(store.iter_site_results(engine, run_id))
    shots = site_shots(workspace, site_list)
    grid = render_results(info, site_list, run_dir / "grid.html", shots=shots)
    tallies = tally(load_labels(labels), load_outcomes(results))
    accuracy = run_dir / "accuracy.json"
    accuracy.write_text(json.dumps({k: t.to_dict() for k, t in tallies.items()}, indent=2), encoding="utf-8")
    answer = study(engine, workspace, run_id, catalog)
    if progress != "off":
        err.print(f"writing the study report ({', '.join(formats)}; English and Thai)…")
    reports = write_reports(answer, run_dir, info, site_list, formats, shots)
    took = time.monotonic() - t0
    console.print(f"assessed {sum(counts.values())} sites in {took:.1f}s: "
                  + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    expected = {s.url: s.expected_status for s in web.sites}
    got = store.site_statuses(engine, run_id)
    wrong = {u: (expected[u], got.get(u)) for u in expected if got.get(u) != expected[u]}
    console.print(f"site statuses as expected: {len(expected) - len(wrong)}/{len(expected)}"
                  + (f"; differing: {wrong}" if wrong else ""))
    low = {k: t.f1 for k, t in tallies.items() if t.f1 is not None and t.f1 < 0.95}
    console.print(f"checks scored against ground truth: {len(tallies)}; F1 < 0.95: {low or 'none'}")
    _say_answer(json.loads(answer.read_text(encoding="utf-8")), console)
    return {"database": Path(str(engine.url).removeprefix("sqlite:///")) if engine.url.get_backend_name() == "sqlite"
            else engine.url.render_as_string(hide_password=True), "results": results, "warc": run_dir / "warc",
            **reports, "grid": grid, "accuracy": accuracy, "answer": answer, "catalog": catalog, "labels": labels}


def write_reports(answer: Path, run_dir: Path, info: dict, sites: list,
                  formats: tuple[str, ...] = REPORT_FORMATS, shots: dict[str, str] | None = None) -> dict[str, Path]:
    """The study report in each of ``formats`` and both languages (JSON once: it is the answer
    document, both languages in it), under the names `govlens report` uses."""
    from govlens.report.run_report import default_name, write_run_report
    from govlens.report.study import load_answer

    doc = load_answer(answer)
    out: dict[str, Path] = {}
    for fmt in formats:
        for lang in ("en",) if fmt == "json" else ("en", "th"):
            key = "report" if (fmt, lang) == ("html", "en") else f"report {fmt}{'' if lang == 'en' else ' ' + lang}"
            out[key] = write_run_report(doc, run_dir, info, sites, run_dir / default_name(fmt, lang), fmt, lang,
                                          shots if fmt == "html" else None)
    return out


def _say_answer(doc: dict, console: Console) -> None:
    """Two lines of the study's answer: where the focus country stands, and the first fix."""
    focus = doc.get("focus", "")
    frameworks = sorted(doc.get("frameworks", []), key=lambda f: f["id"] != "un-osi-2024")
    for f in frameworks[:1]:
        row = (f.get("countries") or {}).get(focus) or {}
        score = row.get("score")
        console.print(f"{focus} on {f['id']}: {'—' if score is None else f'{score:.0%}'}, rank {row.get('rank') or '—'} "
                      f"of {len(f.get('countries') or {})} countries", highlight=False)
    recs = doc.get("recommendations") or []
    if recs:
        first = recs[0]
        title = (first.get("title") or {}).get("en", first.get("rule", ""))
        console.print(f"recommendations: {len(recs)}; first: {title} ({first.get('level', '')})", highlight=False)


def study(engine: Engine, workspace: Path, run_id: int, catalog_path: Path) -> Path:
    """The study's answer for the fictional world: the Thailand-like country against its
    peers, and the recommendations (runs/<id>/answer.json, with the evidence replays)."""
    from govlens.catalog import load_catalog
    from govlens.frameworks.loader import load_all
    from govlens.recommend.document import ANSWER_FILE, make_answer, write_answer
    from govlens.recommend.rules import load_rules
    from govlens.scoring.runs import load_results_db

    inp = load_results_db(engine, str(run_id))
    folder = workspace / "runs" / str(run_id)
    catalog = load_catalog(catalog_path)
    focus = "THA" if any(c.code == "THA" for c in catalog.countries) else catalog.countries[0].code
    done = make_answer(inp, load_all(), {}, focus, None, catalog, load_rules(), folder=folder)
    return write_answer(done.doc, folder / ANSWER_FILE)

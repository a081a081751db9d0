"""`govlens evaluate`: precision, recall and F1 of the checks against labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer
from rich.table import Table

from govlens.cli.app import (
    EXIT_THRESHOLD,
    Config,
    Encoding,
    Workspace,
    app,
    console,
    err,
    fail,
    load_config_file,
    open_db,
    run_id_of,
    warn,
    workspace_of,
)


def outcomes_of_run(results: str, workspace: Path | None, config: Path | None) -> tuple[dict, str]:
    """(site, check) → outcome of RESULTS: a results.json file, or a run id / 'latest'."""
    from govlens.accuracy import load_outcomes, outcomes_of
    from govlens.store import results as store
    from govlens.store.results import ResultsFileError

    p = Path(results)
    if p.suffix.lower() == ".json" or p.exists() or ("/" in results or "\\" in results):
        try:
            return load_outcomes(p), p.name
        except ResultsFileError as exc:
            raise fail(str(exc), hint="give a results.json written by `govlens assess`, or a run id") from None
    ws = workspace_of(workspace, load_config_file(config))
    engine = open_db(ws, create=False)
    rid = run_id_of(engine, results, ws)
    return outcomes_of(store.iter_site_results(engine, rid)), f"run {rid}"


@app.command()
def evaluate(
    results: Annotated[str, typer.Argument(metavar="RESULTS", help="A run's results.json, or a run id / 'latest' in the workspace.")],
    labels: Annotated[Path, typer.Option(metavar="FILE", help="CSV of hand labels: site_url, check_id, expected (an outcome).")],
    fmt: Annotated[Literal["table", "json", "markdown"], typer.Option(
        "--format", metavar="table|json|markdown", help="A table, JSON, or a Markdown table.")] = "table",
    min_f1: Annotated[Optional[float], typer.Option(metavar="F1", min=0.0, max=1.0, help="Exit 1 if a check's F1 is below this (0–1).")] = None,  # noqa: UP007
    workspace: Workspace = None,
    encoding: Encoding = None,
    config: Config = None,
) -> None:
    """Precision, recall and F1 per check against hand labels."""
    from govlens.accuracy import LabelError, read_labels, tally, unmatched
    from govlens.textfile import TextFileError

    outcomes, what = outcomes_of_run(results, workspace, config)
    try:
        lab = read_labels(labels, encoding)
    except TextFileError as exc:
        raise fail(exc.file + (f":{exc.line}" if exc.line else ""), exc.problem) from None
    except (LabelError, ValueError) as exc:
        raise fail(str(exc)) from None
    for w in lab.warnings:
        warn(w)
    if lab.encoding != "utf-8":
        warn(f"{labels}: read as {lab.encoding}")
    miss = unmatched(lab.labels, outcomes)
    n_sites, n_checks = sum(miss["sites"].values()), sum(miss["checks"].values())
    if n_sites + n_checks == len(lab.labels):
        raise fail(str(labels), f"none of its {len(lab.labels)} labels matches {what}: "
                                f"{n_sites} name sites it does not have, {n_checks} checks it does not have",
                   "are the labels for this run?")
    if n_sites:
        warn(f"{labels}: {n_sites} label(s) name {len(miss['sites'])} site(s) not in {what}, not counted: "
             + ", ".join(f"{u} ×{n}" for u, n in miss["sites"].most_common(3)) + (" …" if len(miss["sites"]) > 3 else ""))
    if n_checks:
        warn(f"{labels}: {n_checks} label(s) name {len(miss['checks'])} check id(s) not in {what}, not counted: "
             + ", ".join(f"{c} ×{n}" for c, n in miss["checks"].most_common(5)) + (" …" if len(miss["checks"]) > 5 else ""))
    counted = [x for x in lab.labels if x[0] not in miss["sites"] and x[1] not in miss["checks"]]
    tallies = tally(counted, outcomes)
    if fmt == "json":
        print(json.dumps({k: t.to_dict() for k, t in tallies.items()}, indent=2))
    elif fmt == "markdown":
        print("| check | n | precision | recall | F1 | agreement |\n|---|---:|---:|---:|---:|---:|")
        for k, t in tallies.items():
            d = t.to_dict()
            print(f"| `{k}` | {d['n']} | {_f(d['precision'])} | {_f(d['recall'])} | {_f(d['f1'])} | {_f(d['agreement'])} |")
    else:
        tb = Table(title=f"accuracy of {what} against {labels.name}")
        for col in ("check", "n", "tp", "fp", "fn", "tn", "precision", "recall", "F1"):
            tb.add_column(col, justify="right" if col != "check" else "left")
        for k, t in tallies.items():
            d = t.to_dict()
            tb.add_row(k, str(d["n"]), str(t.tp), str(t.fp), str(t.fn), str(t.tn),
                       _f(d["precision"]), _f(d["recall"]), _f(d["f1"]))
        console.print(tb)
        console.print("— : no label of that kind (no positive labels or predictions)", highlight=False)
    if min_f1 is not None:
        low = [k for k, t in tallies.items() if t.f1 is not None and t.f1 < min_f1]
        if low:
            err.print(f"F1 below {min_f1}: {', '.join(low)}", highlight=False, markup=False)
            raise typer.Exit(EXIT_THRESHOLD)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"

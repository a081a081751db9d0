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
    forms: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Page corpora: CSV of form labels id,form,kind (the form's number in the page).")] = None,  # noqa: UP007
    split: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Page corpora: CSV id,part — report one part (see --part).")] = None,  # noqa: UP007
    part: Annotated[str, typer.Option(metavar="PART", help="Page corpora: the part of --split to report (e.g. heldout, dev).")] = "heldout",
) -> None:
    """Precision, recall and F1 per check against hand labels — for a run (labels per site and
    check), or for a page corpus: RESULTS is the output of `govlens checks page … --format jsonl`
    and the labels are id,feature,value (1 / 0 / ?; the ? are dropped and counted)."""
    from govlens.accuracy import LabelError, read_labels, tally, unmatched
    from govlens.textfile import TextFileError

    if results.endswith(".jsonl"):
        _evaluate_pages(Path(results), labels, forms, split, part, fmt, min_f1)
        return

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


def _read_rows(path: Path, need: set[str]) -> list[dict[str, str]]:
    import csv

    files = sorted(p for p in path.glob("*.csv") if not p.name.startswith("forms")) if path.is_dir() else [path]
    rows: list[dict[str, str]] = []
    for f in files:
        try:
            with open(f, newline="", encoding="utf-8-sig") as fh:
                got = list(csv.DictReader(fh))
        except FileNotFoundError:
            raise fail(str(f), "no such file") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise fail(str(f), f"not a UTF-8 CSV file: {exc}") from None
        if got and not need <= set(got[0]):
            raise fail(str(f), f"needs the columns {', '.join(sorted(need))} (found {', '.join(got[0])})")
        rows += got
    return rows


def _evaluate_pages(batch: Path, labels: Path, forms: Path | None, split: Path | None, part: str,
                    fmt: str, min_f1: float | None) -> None:
    """Accuracy over a page corpus judged in batch."""
    from govlens.accuracy import page_tally, read_batch

    try:
        judged = read_batch(batch)
    except FileNotFoundError:
        raise fail(str(batch), "no such file") from None
    except (ValueError, KeyError) as exc:
        raise fail(str(batch), f"not the output of `govlens checks page --format jsonl`: {exc}") from None
    rows = _read_rows(labels, {"id", "feature", "value"})
    form_rows = _read_rows(forms, {"id", "form", "kind"}) if forms else []
    ids = None
    if split is not None:
        parts = _read_rows(split, {"id", "part"})
        ids = {r["id"] for r in parts if r["part"] == part}
        if not ids:
            raise fail(str(split), f"no page in part {part!r} (parts: {', '.join(sorted({r['part'] for r in parts}))})")
    unknown = {r["id"] for r in rows} - set(judged)
    if unknown:
        warn(f"{labels}: {len(unknown)} labelled page(s) not in {batch.name}, not counted")
    t = page_tally(rows, judged, form_rows, ids)
    if fmt == "json":
        print(json.dumps(t.to_dict(), ensure_ascii=False, indent=2))
    else:
        def f3(x: float | None) -> str:
            return "—" if x is None else f"{x:.3f}"

        title = f"{batch.name}" + (f", part {part}" if ids is not None else "")
        groups = (("feature", t.features), ("form kind", t.forms))
        if fmt == "markdown":
            for what, tallies in groups:
                print(f"| {what} | n | positives | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|")
                for k, x in tallies.items():
                    print(f"| {k} | {x.total} | {x.tp + x.fn} | {f3(x.precision)} | {f3(x.recall)} | {f3(x.f1)} |")
                print()
        else:
            for what, tallies in groups:
                tb = Table(title=f"{what}s — {title}")
                for col in (what, "n", "positives", "precision", "recall", "F1"):
                    tb.add_column(col, justify="left" if col == what else "right")
                for k, x in tallies.items():
                    tb.add_row(k, str(x.total), str(x.tp + x.fn), f3(x.precision), f3(x.recall), f3(x.f1))
                console.print(tb)
        dropped = sum(t.dropped.values())
        err.print(f"page language: {t.language.agree}/{t.language.total} agree; {dropped} '?' label(s) dropped; "
                  f"no detector for: {', '.join(sorted(t.no_detector)) or 'none'}")
    if min_f1 is not None:
        low = [k for k, x in t.features.items() if x.f1 is not None and x.f1 < min_f1]
        if low:
            err.print(f"[red]F1 below {min_f1}: {', '.join(low)}")
            raise typer.Exit(EXIT_THRESHOLD)

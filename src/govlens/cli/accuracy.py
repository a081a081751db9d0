"""`govlens evaluate`: precision, recall and F1 of the checks against labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from govlens.cli.app import (
    app,
    console,
    err,
)


@app.command()
def evaluate(
    results: Annotated[Path, typer.Argument(help="results.json of a run.")],
    labels: Annotated[Path, typer.Option(help="CSV: site_url, check_id, expected.")],
    fmt: Annotated[str, typer.Option("--format", help="table | json | markdown")] = "table",
    min_f1: Annotated[Optional[float], typer.Option(help="Exit 1 if a check's F1 is below this.")] = None,  # noqa: UP007
) -> None:
    """Precision, recall and F1 per check against hand labels."""
    from govlens.accuracy import load_labels, load_outcomes, tally

    tallies = tally(load_labels(labels), load_outcomes(results))
    if fmt == "json":
        print(json.dumps({k: t.to_dict() for k, t in tallies.items()}, indent=2))
    elif fmt == "markdown":
        print("| check | n | precision | recall | F1 | agreement |\n|---|---:|---:|---:|---:|---:|")
        for k, t in tallies.items():
            d = t.to_dict()
            print(f"| `{k}` | {d['n']} | {_f(d['precision'])} | {_f(d['recall'])} | {_f(d['f1'])} | {_f(d['agreement'])} |")
    else:
        tb = Table(title=f"accuracy against {labels.name}")
        for col in ("check", "n", "tp", "fp", "fn", "tn", "precision", "recall", "F1"):
            tb.add_column(col, justify="right" if col != "check" else "left")
        for k, t in tallies.items():
            d = t.to_dict()
            tb.add_row(k, str(d["n"]), str(t.tp), str(t.fp), str(t.fn), str(t.tn),
                       _f(d["precision"]), _f(d["recall"]), _f(d["f1"]))
        console.print(tb)
    if min_f1 is not None:
        low = [k for k, t in tallies.items() if t.f1 is not None and t.f1 < min_f1]
        if low:
            err.print(f"[red]F1 below {min_f1}: {', '.join(low)}")
            raise typer.Exit(1)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"



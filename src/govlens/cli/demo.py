"""`govlens demo`: a fictional government web on loopback, assessed, reported, evaluated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govlens.cli.app import (
    ValidateHtml,
    Workspace,
    app,
    console,
    err,
)


@app.command()
def demo(
    sites: Annotated[int, typer.Option(help="Synthetic sites to generate.")] = 40,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 7,
    workspace: Workspace = Path("govlens-demo"),
    validate_html: ValidateHtml = True,
) -> None:
    """Generate a fictional government web on loopback, assess it, report and evaluate."""
    from govlens.demo import run_demo

    paths = run_demo(sites=sites, seed=seed, workspace=workspace, console=console, err=err,
                     validate_html=validate_html)
    for k, v in paths.items():
        console.print(f"{k:>10}: {v}")



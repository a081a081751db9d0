"""`govlens report`: the self-contained HTML report of a run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from govlens.cli.app import (
    Workspace,
    app,
    console,
)


@app.command()
def report(
    run: Annotated[str, typer.Argument(help="Run id or 'latest'.")] = "latest",
    workspace: Workspace = Path("govlens-workspace"),
    out: Annotated[Optional[Path], typer.Option(help="HTML file to write.")] = None,  # noqa: UP007
    lang: Annotated[str, typer.Option(help="en | th")] = "en",
) -> None:
    """Write the self-contained HTML report of a run."""
    from govlens.report.html import render_results
    from govlens.store import results as store
    from govlens.store.db import connect

    engine = connect(workspace)
    run_id = store.resolve_run(engine, run)
    info = store.run_info(engine, run_id)
    path = out or workspace / "runs" / str(run_id) / "report.html"
    render_results({**info, "id": run_id}, store.iter_site_results(engine, run_id), path, lang)
    console.print(f"report: {path}")



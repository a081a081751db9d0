"""`govlens demo`: a fictional government web on loopback, assessed, reported, evaluated."""

from __future__ import annotations

from typing import Annotated

import typer

from govlens.cli.app import (
    Config,
    ValidateHtml,
    Workspace,
    app,
    console,
    err,
    load_config_file,
    state,
    workspace_of,
)


@app.command()
def demo(
    sites: Annotated[int, typer.Option(metavar="N", min=1, max=2000, help="Synthetic sites to generate.")] = 40,
    seed: Annotated[int, typer.Option(metavar="N", help="Generator seed (the same seed, the same web).")] = 7,
    workspace: Workspace = None,
    validate_html: ValidateHtml = True,
    config: Config = None,
) -> None:
    """Generate a fictional government web on loopback, assess it, report and evaluate.

    The run goes into the workspace every command uses by default, so `govlens report`
    afterwards reports it."""
    from govlens.demo import run_demo

    ws = workspace_of(workspace, load_config_file(config))
    paths = run_demo(sites=sites, seed=seed, workspace=ws, console=console, err=err,
                     validate_html=validate_html, progress=state.progress)
    for k, v in paths.items():
        console.print(f"{k:>10}: {v}", highlight=False, soft_wrap=True)
    console.print(f"next: govlens report{'' if workspace is None else f' -w {ws}'}  "
                  "(--format xlsx|csv|json, --lang th)", highlight=False)

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
    fail,
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
    formats: Annotated[str, typer.Option(
        "--formats", metavar="LIST", help="The study report's formats, comma-separated: html, pdf, xlsx, json.")]
        = "html,pdf,xlsx,json",
    render: Annotated[str, typer.Option(metavar="auto|none|home|key|all", help="Pages rendered in chromium (axe-core, screenshots, phone viewport). auto: the home pages when chromium is available.")] = "auto",
    config: Config = None,
) -> None:
    """The whole study on a fictional government web, on loopback: generate sites of several
    fictional countries (a Thailand-like one with ministries, departments, provinces and local
    authorities; from 30 sites on, five peers of graded maturity — Denmark-, Singapore- and
    Korea-like leaders, Malaysia- and Viet Nam-like followers), crawl them into WARCs, check, score
    on every framework, measure the checks against the web's ground truth, benchmark the focus
    country against its peers, rank recommendations at portal, ministry and policy level, and
    write the study report in English and Thai (HTML, PDF, XLSX, JSON) with its evidence
    archived for offline reading.

    The run goes into the workspace every command uses by default, so `govlens report`,
    `govlens serve` and the rest afterwards find it."""
    from govlens.cli.assess import resolve_render
    from govlens.demo import REPORT_FORMATS, run_demo
    from govlens.store import tables as _tables  # noqa: F401  (the score tables exist from the demo's connect on)

    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in REPORT_FORMATS]
    if unknown or not wanted:
        raise fail(f"--formats {formats}", f"{', '.join(unknown) or 'none given'}: not a report format",
                   f"choose from {', '.join(REPORT_FORMATS)}")
    ws = workspace_of(workspace, load_config_file(config))
    mode = resolve_render(render)
    paths = run_demo(render=mode, sites=sites, seed=seed, workspace=ws, console=console, err=err,
                     validate_html=validate_html, progress=state.progress, formats=wanted)
    for k, v in paths.items():
        console.print(f"{k:>10}: {v}", highlight=False, soft_wrap=True)
    w = '' if workspace is None else f' -w {ws}'
    console.print(f"next: open {paths.get('report', '')}, or govlens serve{w}; "
                  f"govlens report{w} --format pdf|xlsx|json|csv --lang th", highlight=False, soft_wrap=True)

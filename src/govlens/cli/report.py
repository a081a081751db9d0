"""`govlens report`: a run's sites × checks as HTML, CSV, Excel or JSON, in English or Thai."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from govlens.cli.app import (
    Config,
    FailOn,
    MinScore,
    OldOut,
    Workspace,
    app,
    ci_verdict,
    console,
    fail,
    load_config_file,
    open_db,
    output_of,
    parse_fail_on,
    run_id_of,
    workspace_of,
)

FORMATS = ("html", "csv", "xlsx", "json")
SUFFIX = {".html": "html", ".htm": "html", ".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


@app.command()
def report(
    run: Annotated[str, typer.Argument(metavar="RUN", help="Run id, or 'latest'.")] = "latest",
    workspace: Workspace = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="The file to write; '-' writes csv or json to stdout (default: <workspace>/runs/<id>/report[.th].<format>).")] = None,  # noqa: UP007
    out: OldOut = None,
    fmt: Annotated[Optional[Literal["html", "csv", "xlsx", "json"]], typer.Option(  # noqa: UP007
        "--format", metavar="html|csv|xlsx|json",
        help="html: one self-contained page with the evidence; csv (UTF-8 with BOM) and xlsx: sites × checks "
             "for spreadsheets; json. Default: from --output's suffix, else html.")] = None,
    lang: Annotated[Literal["en", "th"], typer.Option(
        "--lang", metavar="en|th", help="The language of titles, outcomes, statuses and notes.")] = "en",
    config: Config = None,
    fail_on: FailOn = None,
    min_score: MinScore = None,
) -> None:
    """Write a run's report: sites × checks with Thai and English names, times ISO 8601."""
    from govlens.report.exports import export
    from govlens.run.workspace import run_dir
    from govlens.store import results as store

    output = output_of(output, out)
    thresholds = parse_fail_on(fail_on)
    if output is not None and str(output) != "-":
        by_suffix = SUFFIX.get(output.suffix.lower())
        if fmt is None:
            fmt = by_suffix or "html"
        elif by_suffix is not None and by_suffix != fmt:
            raise fail(f"--output {output}", f"a .{output.suffix.lower().lstrip('.')} file for --format {fmt}",
                       f"name it {output.with_suffix('.' + fmt).name}, or leave --format out")
    fmt = fmt or "html"
    if str(output) == "-" and fmt not in ("csv", "json"):
        raise fail("--output -", f"--format {fmt} cannot go to stdout (csv and json can)")
    ws = workspace_of(workspace, load_config_file(config))
    engine = open_db(ws, create=False)
    run_id = run_id_of(engine, run, ws)
    info = {**store.run_info(engine, run_id), "id": run_id}
    sites = list(store.iter_site_results(engine, run_id))
    if str(output) == "-":
        with tempfile.TemporaryDirectory() as tmp:
            path = export(info, sites, Path(tmp) / f"report.{fmt}", fmt, lang)
            sys.stdout.write(path.read_text(encoding="utf-8-sig"))
    else:
        path = output or run_dir(ws, run_id) / f"report{'' if lang == 'en' else '.' + lang}.{fmt}"
        export(info, sites, path, fmt, lang)
        console.print(f"report: {path}", highlight=False, soft_wrap=True)
    if thresholds or min_score is not None:
        raise typer.Exit(ci_verdict(sites, thresholds, min_score))

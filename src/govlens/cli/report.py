"""`govlens report`: the study report (from runs/<id>/answer.json, written by `govlens benchmark`
and `govlens recommend`) as HTML, PDF, Excel or JSON with the sites × checks grid as its annex;
without answer.json, the grid itself as HTML, CSV, Excel, JSON or PDF. English or Thai."""

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
from govlens.cli.app import (
    info as say,
)

FORMATS = ("html", "csv", "xlsx", "json", "pdf")
SUFFIX = {".html": "html", ".htm": "html", ".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".pdf": "pdf"}
STUDY_HINT = ("hint: no runs/{id}/answer.json yet: `govlens benchmark {id}` and `govlens recommend {id}` "
              "write it, and `govlens report` then writes the study report (benchmark, charts, recommendations)")


@app.command()
def report(
    run: Annotated[str, typer.Argument(metavar="RUN", help="Run id, or 'latest'.")] = "latest",
    workspace: Workspace = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="The file to write; '-' writes csv or json to stdout (default: <workspace>/runs/<id>/report[.th].<format>).")] = None,  # noqa: UP007
    out: OldOut = None,
    fmt: Annotated[Optional[Literal["html", "pdf", "csv", "xlsx", "json"]], typer.Option(  # noqa: UP007
        "--format", metavar="html|pdf|csv|xlsx|json",
        help="html: one self-contained page (the study report when the run has answer.json, with the "
             "sites × checks grid as annex); pdf: the same printed (A4; the grid stays in html and xlsx); xlsx: one sheet per table; json: the "
             "answer document; csv (UTF-8 with BOM): sites × checks. Default: from --output's suffix, else html.")] = None,
    lang: Annotated[Literal["en", "th"], typer.Option(
        "--lang", metavar="en|th", help="The language of titles, outcomes, statuses and notes.")] = "en",
    grid: Annotated[bool, typer.Option(
        "--grid", help="The sites × checks grid only, even when the run has answer.json.")] = False,
    config: Config = None,
    fail_on: FailOn = None,
    min_score: MinScore = None,
) -> None:
    """Write a run's report: the study report when `govlens benchmark`/`recommend` wrote answer.json,
    else sites × checks with Thai and English names, times ISO 8601."""
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
    folder = run_dir(ws, run_id)
    answer = folder / "answer.json"
    if answer.is_file() and fmt != "csv" and not grid:
        _study(answer, folder, info, sites, output, fmt, lang, ws)
        if thresholds or min_score is not None:
            raise typer.Exit(ci_verdict(sites, thresholds, min_score))
        return
    if not answer.is_file() and not grid:
        say(STUDY_HINT.format(id=run_id))
    from govlens.replay.shots import site_shots

    shots = site_shots(ws, sites) if fmt in ("html", "pdf") else None
    if str(output) == "-":
        with tempfile.TemporaryDirectory() as tmp:
            path = export(info, sites, Path(tmp) / f"report.{fmt}", fmt, lang, shots)
            sys.stdout.write(path.read_text(encoding="utf-8-sig"))
    else:
        path = output or run_dir(ws, run_id) / f"report{'' if lang == 'en' else '.' + lang}.{fmt}"
        export(info, sites, path, fmt, lang, shots)
        console.print(f"report: {path}", highlight=False, soft_wrap=True)
    if thresholds or min_score is not None:
        raise typer.Exit(ci_verdict(sites, thresholds, min_score))


def _study(answer: Path, folder: Path, info: dict, sites: list, output: Path | None, fmt: str, lang: str,
           ws: Path) -> None:
    """The study report from ``answer`` with the grid as annex (HTML/PDF) or extra sheets (XLSX)."""
    from govlens.report.answer_check import AnswerError
    from govlens.report.run_report import default_name, write_run_report
    from govlens.report.study import load_answer

    try:
        doc = load_answer(answer)
    except (AnswerError, ValueError) as e:
        raise fail(str(answer), str(e), "run `govlens benchmark` and `govlens recommend` again") from e
    if str(output) == "-":
        import json

        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    from govlens.replay.shots import site_shots

    shots = site_shots(ws, sites) if fmt == "html" else None
    path = write_run_report(doc, folder, info, sites, output or folder / default_name(fmt, lang), fmt, lang, shots)
    console.print(f"report: {path}", highlight=False, soft_wrap=True)

"""govlens command line: one entry point, verbs follow the pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from govlens import __version__
from govlens.cli_frameworks import data_app, frameworks_app, score
from govlens.progress import progress_bar

app = typer.Typer(help="Measure government online services the way the international rankings do.",
                  no_args_is_help=True, add_completion=False)
checks_app = typer.Typer(help="List checks, or run them on one saved page.", no_args_is_help=True)
app.add_typer(checks_app, name="checks")
app.add_typer(frameworks_app, name="frameworks", help="Indicator frameworks: list, show, coverage, templates.")
app.add_typer(data_app, name="data", help="Official data: import the UN E-Government tables.")
app.command("score")(score)
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

Workspace = Annotated[Path, typer.Option("--workspace", "-w", help="Folder holding govlens.sqlite and the WARCs.")]
ValidateHtml = Annotated[bool, typer.Option(
    "--validate-html/--no-validate-html",
    help="Check each home page's HTML with the Nu Html Checker, run locally (Java + vnu.jar; "
         "tech.html-valid). Without them: a warning, and the check is not applicable.")]


def _warn(message: str) -> None:
    err.print(f"[yellow]{message}")


def _version(value: bool) -> None:
    if value:
        print(f"govlens {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """govlens."""


@app.command()
def assess(
    catalog: Annotated[Optional[Path], typer.Argument(help="Catalog YAML or CSV.")] = None,  # noqa: UP007
    workspace: Workspace = Path("govlens-workspace"),
    from_warc: Annotated[Optional[list[Path]], typer.Option("--from-warc", help="Rebuild from WARC files or folders; no network.")] = None,  # noqa: UP007
    resume: Annotated[Optional[str], typer.Option(help="Run id (or 'latest') to finish: done sites are skipped.")] = None,  # noqa: UP007
    resolve: Annotated[Optional[list[str]], typer.Option("--resolve", help="HOST:PORT:ADDR, as curl.")] = None,  # noqa: UP007
    connect_to: Annotated[Optional[list[str]], typer.Option("--connect-to", help="HOST:PORT:ADDR:PORT2, as curl.")] = None,  # noqa: UP007
    offline_dns: Annotated[bool, typer.Option("--offline-dns", help="Unpinned names are not found; no DNS query is sent.")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let the crawler reach private addresses.")] = False,
    ca_file: Annotated[Optional[Path], typer.Option(help="Extra CA bundle to trust.")] = None,  # noqa: UP007
    max_pages: Annotated[int, typer.Option(help="HTML pages per site.")] = 25,
    concurrency: Annotated[int, typer.Option(help="Requests in flight over the run.")] = 32,
    per_host: Annotated[int, typer.Option(help="Requests in flight per host.")] = 2,
    sites_in_flight: Annotated[int, typer.Option(help="Sites crawled at once.")] = 16,
    site_budget: Annotated[float, typer.Option(help="Seconds per site.")] = 120.0,
    connect_timeout: Annotated[float, typer.Option(help="Seconds to connect.")] = 10.0,
    read_timeout: Annotated[float, typer.Option(help="Seconds between bytes.")] = 20.0,
    response_timeout: Annotated[float, typer.Option(help="Seconds per response, connect to last byte (drip-feeds).")] = 60.0,
    country: Annotated[Optional[str], typer.Option(help="Only this ISO3 country of the catalog.")] = None,  # noqa: UP007
    name: Annotated[str, typer.Option(help="A name for the run.")] = "",
    out: Annotated[Optional[Path], typer.Option(help="results.json path (default: in the run folder).")] = None,  # noqa: UP007
    validate_html: ValidateHtml = True,
) -> None:
    """Assess the sites of a catalog (or re-assess archived ones with --from-warc)."""
    from govlens.collect.settings import CrawlSettings
    from govlens.evidence.htmlvalid import optional_validator
    from govlens.run.assess import assess as run_assess
    from govlens.run.assess import assess_from_warc
    from govlens.store import results as store
    from govlens.store.db import connect

    engine = connect(workspace)
    if from_warc:
        from govlens.collect.warc import warc_files

        files = warc_files(from_warc)
        missing = [str(f) for f in files if not f.exists()]
        if missing:
            err.print(f"[red]no such WARC: {', '.join(missing)}")
            raise typer.Exit(2)
        run_id = store.create_run(engine, name=name or "from-warc", catalog=",".join(map(str, from_warc)),
                                  settings={}, source="warc")
        prog, tick = progress_bar(len(files), "replay", err)
        with optional_validator(validate_html, _warn) as validator, prog:
            counts = assess_from_warc(engine, run_id, files, tick, validator=validator)
    else:
        settings = CrawlSettings(
            max_pages=max_pages, concurrency=concurrency, per_host=per_host, sites_in_flight=sites_in_flight,
            site_budget_s=site_budget, connect_timeout_s=connect_timeout, read_timeout_s=read_timeout,
            response_timeout_s=response_timeout,
            resolve=tuple(resolve or ()), connect_to=tuple(connect_to or ()), offline_dns=offline_dns,
            allow_private=allow_private, ca_file=str(ca_file or ""))
        if resume:
            run_id = store.resolve_run(engine, resume)
            info = store.run_info(engine, run_id)
            catalog = catalog or Path(info["catalog"])
        if catalog is None:
            err.print("[red]give a catalog file, --from-warc, or --resume RUN")
            raise typer.Exit(2)
        targets = _targets(catalog, country)
        if not resume:
            run_id = store.create_run(engine, name=name or catalog.stem, catalog=str(catalog),
                                      settings=settings.to_dict())
        done = len(store.finished_sites(engine, run_id) & {t.url for t in targets})
        prog, tick = progress_bar(len(targets), "assess", err, done)
        with optional_validator(validate_html, _warn) as validator, prog:
            counts = run_assess(engine, run_id, targets, settings, workspace, tick, validator=validator)
    store.finish_run(engine, run_id)
    path = out or workspace / "runs" / str(run_id) / "results.json"
    store.export_results(engine, run_id, path)
    console.print(f"run {run_id}: {sum(counts.values())} sites assessed now "
                  f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    console.print(f"results: {path}")


def _targets(catalog: Path, country: str | None) -> list:
    from govlens.catalog.errors import CatalogError
    from govlens.run.assess import targets_from_catalog

    try:
        return targets_from_catalog(catalog, country)
    except CatalogError as exc:
        err.print(f"[red]catalog error[/red]\n{exc}")
        raise typer.Exit(2) from None


@checks_app.command("list")
def checks_list(fmt: Annotated[str, typer.Option("--format", help="table | json | markdown")] = "table") -> None:
    """Every check: family, titles, needs, options, references, and the indicators using it."""
    from govlens.checks.registry import all_checks
    from govlens.frameworks.usage import checks_markdown, used_by

    checks = all_checks()
    if fmt == "markdown":
        sys.stdout.write(checks_markdown(checks))
        return
    usage = used_by(checks=checks)
    if fmt == "json":
        print(json.dumps([{"id": c.id, "family": c.category, "kind": c.kind, "core": c.core, "title": c.title,
                           "failure_title": c.failure_title, "description": c.description, "why": c.why,
                           "needs": list(c.needs), "options": {k: o.default for k, o in c.options.items()},
                           "references": list(c.references), "act_rule": c.act_rule,
                           "languages": list(c.languages), "page_level": c.page_level,
                           "used_by": [{"framework": f, "indicator": i, "answer": a} for f, i, a in usage[c.id]]}
                          for c in checks], ensure_ascii=False, indent=2))
        return
    t = Table(title=f"{len(checks)} checks")
    for col in ("id", "family", "title (en / th)", "needs", "used by"):
        t.add_column(col)
    for c in checks:
        t.add_row(c.id + (" *" if c.core else ""), c.category, f"{c.title['en']} / {c.title['th']}",
                  ",".join(c.needs), ", ".join(sorted({i for _, i, _ in usage[c.id]})))
    console.print(t)
    console.print("* core check")


@checks_app.command("page")
def checks_page(
    file: Annotated[Path, typer.Argument(help="A saved HTML document.")],
    url: Annotated[str, typer.Option(help="The URL the page was saved from.")],
    headers: Annotated[Optional[Path], typer.Option(help="File of 'Name: value' response headers.")] = None,  # noqa: UP007
    fmt: Annotated[str, typer.Option("--format", help="json | table")] = "table",
) -> None:
    """Run every check that can run on one document, offline."""
    from govlens.checks import observatory
    from govlens.checks.act import act_report
    from govlens.checks.registry import all_checks, run_checks
    from govlens.evidence.model import SiteEvidence
    from govlens.evidence.parse import parse_html

    if not file.exists():
        err.print(f"[red]no such file: {file}")
        raise typer.Exit(2)
    hdrs: list[tuple[str, str]] = []
    if headers:
        for line in headers.read_text(encoding="utf-8", errors="replace").splitlines():
            if ":" in line and not line.upper().startswith("HTTP/"):
                k, v = line.split(":", 1)
                hdrs.append((k.strip().lower(), v.strip()))
    page = parse_html(file.read_bytes(), url, headers=tuple(hdrs))
    site = SiteEvidence(site_url=url, final_url=url, status="ok", reason="", redirects=(), pages=(page,))
    checks = [c for c in all_checks() if c.page_level]
    results = run_checks(site, checks)
    acts = act_report(page.html, url)
    grade = observatory.grade(hdrs, html=page.html, url=url, cookies=[v for k, v in hdrs if k == "set-cookie"],
                              redirect_chain=None, https_ok=url.startswith("https://")) if hdrs else None
    if fmt == "json":
        doc = {"url": url, "charset": page.charset, "checks": {k: r.to_dict() for k, r in results.items()},
               "act": acts}
        if grade is not None:
            doc["headers_grade"] = {"score": grade.score, "grade": grade.grade, "algorithm": grade.algorithm,
                                    "tests": grade.tests}
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    t = Table(title=f"{url} ({page.charset})")
    for col in ("check", "outcome", "score", "evidence"):
        t.add_column(col)
    for cid, r in results.items():
        ev = r.evidence[0] if r.evidence else None
        t.add_row(cid, r.outcome, "" if r.score is None else f"{r.score:.2f}",
                  (ev.snippet or ev.note or ev.selector) if ev else str(r.details.get("reason", "")))
    console.print(t)
    a = Table(title="W3C ACT rules")
    for col in ("rule", "outcome", "failing elements"):
        a.add_column(col)
    for rule, r in acts.items():
        a.add_row(rule, r["outcome"], ", ".join(f["selector"] for f in r["failed"])[:200])
    console.print(a)
    if grade is not None:
        console.print(f"HTTP Observatory (v{grade.algorithm}): {grade.score} {grade.grade}")


@app.command()
def evaluate(
    results: Annotated[Path, typer.Argument(help="results.json of a run.")],
    labels: Annotated[Path, typer.Option(help="CSV: site_url, check_id, expected.")],
    fmt: Annotated[str, typer.Option("--format", help="table | json | markdown")] = "table",
    min_f1: Annotated[Optional[float], typer.Option(help="Exit 1 if a check's F1 is below this.")] = None,  # noqa: UP007
) -> None:
    """Precision, recall and F1 per check against hand labels."""
    from govlens.evaluate import evaluate as run_eval
    from govlens.evaluate import load_labels, load_outcomes

    tallies = run_eval(load_labels(labels), load_outcomes(results))
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; finished sites are saved — rerun with --resume latest")
        sys.exit(130)


if __name__ == "__main__":
    main()

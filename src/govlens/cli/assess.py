"""`govlens assess`: crawl, archive, judge and store (or judge archived sites again)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from govlens.cli.app import (
    CheckOption,
    Config,
    ValidateHtml,
    Workspace,
    app,
    check_options,
    console,
    err,
    warn,
)
from govlens.progress import progress_bar


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
    check_option: CheckOption = None,
    config: Config = None,
) -> None:
    """Assess the sites of a catalog (or re-assess archived ones with --from-warc)."""
    from govlens.collect.htmlvalid import optional_validator
    from govlens.collect.settings import CrawlSettings
    from govlens.run.assess import assess as run_assess
    from govlens.run.assess import assess_from_warc
    from govlens.store import results as store
    from govlens.store.db import connect

    options = check_options(config, check_option)
    engine = connect(workspace)
    if from_warc:
        from govlens.collect.warc import warc_files

        files = warc_files(from_warc)
        missing = [str(f) for f in files if not f.exists()]
        if missing:
            err.print(f"[red]no such WARC: {', '.join(missing)}")
            raise typer.Exit(2)
        run_id = store.create_run(engine, name=name or "from-warc", catalog=",".join(map(str, from_warc)),
                                  settings={"check_options": options}, source="warc")
        prog, tick = progress_bar(len(files), "replay", err)
        with optional_validator(validate_html, warn) as validator, prog:
            counts = assess_from_warc(engine, run_id, files, tick, validator=validator, options=options)
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
            options = {**(info.get("settings") or {}).get("check_options", {}), **options}
        if catalog is None:
            err.print("[red]give a catalog file, --from-warc, or --resume RUN")
            raise typer.Exit(2)
        targets = _targets(catalog, country)
        if not resume:
            run_id = store.create_run(engine, name=name or catalog.stem, catalog=str(catalog),
                                      settings={**settings.to_dict(), "check_options": options})
        done = len(store.finished_sites(engine, run_id) & {t.url for t in targets})
        prog, tick = progress_bar(len(targets), "assess", err, done)
        with optional_validator(validate_html, warn) as validator, prog:
            counts = run_assess(engine, run_id, targets, settings, workspace, tick, validator=validator,
                                options=options)
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



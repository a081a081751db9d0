"""`govlens assess`: crawl, archive, judge and store (or judge archived sites again), and
`govlens runs`: the runs of a workspace."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from govlens.cli.app import (
    CheckOption,
    Config,
    Encoding,
    FailOn,
    MinScore,
    OldOut,
    TableFormat,
    ValidateHtml,
    Workspace,
    app,
    check_options,
    ci_verdict,
    console,
    detail,
    err,
    fail,
    info,
    load_config_file,
    open_db,
    output_of,
    parse_fail_on,
    run_id_of,
    state,
    warn,
    workspace_of,
)
from govlens.cli.inputs import InputError, catalog_targets, warc_inputs
from govlens.progress import progress_bar

# option → CrawlSettings field (the [crawl] keys of govlens.toml are the option names)
CRAWL_FIELDS = {"max_pages": "max_pages", "concurrency": "concurrency", "per_host": "per_host",
                "sites_in_flight": "sites_in_flight", "site_budget": "site_budget_s",
                "connect_timeout": "connect_timeout_s", "read_timeout": "read_timeout_s",
                "response_timeout": "response_timeout_s", "resolve": "resolve", "connect_to": "connect_to",
                "offline_dns": "offline_dns", "allow_private": "allow_private", "ca_file": "ca_file",
                "user_agent": "user_agent", "render": "render", "block_heavy": "block_heavy",
                "eval_workers": "eval_workers"}
RENDER_CHOICES = ("auto", "none", "home", "key", "all")


@app.command()
def assess(
    ctx: typer.Context,
    catalog: Annotated[Optional[Path], typer.Argument(metavar="CATALOG", help="Catalog YAML or CSV (docs/catalog.md).")] = None,  # noqa: UP007
    workspace: Workspace = None,
    from_warc: Annotated[Optional[list[Path]], typer.Option("--from-warc", metavar="WARC", help="Judge archived sites again from WARC files or folders; no network (repeatable).")] = None,  # noqa: UP007
    resume: Annotated[Optional[str], typer.Option(metavar="RUN", help="Finish a run (its id, or 'latest'): sites already done are skipped.")] = None,  # noqa: UP007
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the catalog, settings and workspace, print what would be done, and stop: no crawl, nothing written.")] = False,
    resolve: Annotated[Optional[list[str]], typer.Option("--resolve", metavar="HOST:PORT:ADDR", help="Pin a name to an address, as curl --resolve (repeatable).")] = None,  # noqa: UP007
    connect_to: Annotated[Optional[list[str]], typer.Option("--connect-to", metavar="HOST:PORT:ADDR:PORT2", help="Send a host's connections elsewhere, as curl --connect-to (repeatable).")] = None,  # noqa: UP007
    offline_dns: Annotated[bool, typer.Option("--offline-dns", help="Names not pinned are 'not found'; no DNS query is sent.")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let the crawler reach private and loopback addresses.")] = False,
    ca_file: Annotated[Optional[Path], typer.Option(metavar="FILE", help="An extra CA bundle to trust (PEM).")] = None,  # noqa: UP007
    max_pages: Annotated[int, typer.Option(metavar="N", min=1, help="HTML pages kept per site.")] = 25,
    concurrency: Annotated[int, typer.Option(metavar="N", min=1, help="Requests in flight over the run.")] = 32,
    per_host: Annotated[int, typer.Option(metavar="N", min=1, help="Requests in flight per host.")] = 2,
    sites_in_flight: Annotated[int, typer.Option(metavar="N", min=1, help="Sites crawled at once.")] = 16,
    site_budget: Annotated[float, typer.Option(metavar="SECONDS", min=0.1, help="Time per site; then the crawl keeps what it has.")] = 120.0,
    connect_timeout: Annotated[float, typer.Option(metavar="SECONDS", min=0.1, help="Time to connect.")] = 10.0,
    read_timeout: Annotated[float, typer.Option(metavar="SECONDS", min=0.1, help="Longest silence between bytes.")] = 20.0,
    response_timeout: Annotated[float, typer.Option(metavar="SECONDS", min=0.1, help="Time per response, connect to last byte (drip-feeds).")] = 60.0,
    country: Annotated[Optional[str], typer.Option(metavar="ISO3", help="Only the sites of this country of the catalog, e.g. THA.")] = None,  # noqa: UP007
    name: Annotated[str, typer.Option(metavar="NAME", help="A name for the run (default: the catalog's file name).")] = "",
    render: Annotated[str, typer.Option(metavar="auto|none|home|key|all", help="Pages rendered in a browser (chromium): the home page, the key pages, all pages, or none. auto: home when chromium is available, else none (said).")] = "auto",
    eval_workers: Annotated[int, typer.Option(metavar="N", min=-1, help="Processes that judge finished sites (the checks), beside the crawl's. -1: one per core beyond the first, from 8 sites; 0: in the crawl's process.")] = -1,
    block_heavy: Annotated[bool, typer.Option("--block-heavy", help="When rendering, do not load third-party images, media and fonts.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Where to write results.json (default: <workspace>/runs/<id>/results.json).")] = None,  # noqa: UP007
    out: OldOut = None,
    validate_html: ValidateHtml = True,
    check_option: CheckOption = None,
    config: Config = None,
    encoding: Encoding = None,
    fail_on: FailOn = None,
    min_score: MinScore = None,
) -> None:
    """Assess the sites of a catalog (or re-assess archived ones with --from-warc).

    Settings come from the options, else [crawl] of govlens.toml, else the defaults; a
    --resume keeps the run's own settings unless an option is given again."""
    from govlens.catalog.errors import CatalogError
    from govlens.run.workspace import run_catalog, run_dir, run_warcs, start_run, warc_sources
    from govlens.store import results as store

    output = output_of(output, out)
    thresholds = parse_fail_on(fail_on)
    cfg = load_config_file(config)
    ws = workspace_of(workspace, cfg)
    options = check_options(cfg, check_option)
    if from_warc and resume:
        raise fail("--from-warc and --resume", "give one of them")
    if from_warc and catalog is not None:
        raise fail(str(catalog), "a catalog is not used with --from-warc (the archives hold the sites)")

    try:
        if from_warc:
            files = warc_inputs(list(from_warc))
            if dry_run:
                console.print(f"dry run: would judge the sites archived in {len(files)} WARC file(s) "
                              f"into workspace {ws}; nothing read from the network, nothing written", highlight=False)
                return
            engine = open_db(ws, create=True)
            sources = warc_sources(ws, list(from_warc))
            run_id = store.create_run(engine, name=name or "from-warc", catalog=",".join(sources),
                                      settings={"check_options": options, "warc_sources": sources}, source="warc")
            counts = _replay(engine, run_id, files, set(), validate_html, options, ws)
        elif resume:
            engine = open_db(ws, create=False)
            run_id = run_id_of(engine, resume, ws)
            run_info = store.run_info(engine, run_id)
            stored = run_info.get("settings") or {}
            options = {**stored.get("check_options", {}), **options}
            done = store.finished_sites(engine, run_id)
            if run_info["source"] == "warc":
                where = run_warcs(ws, run_info)
                try:
                    files = warc_inputs(where)
                except InputError as exc:
                    raise fail(exc.thing, f"{exc.problem} (the archives run {run_id} was made from)",
                               "give them again with --from-warc in a new run") from None
                if dry_run:
                    console.print(f"dry run: run {run_id} would replay {len(files)} WARC file(s); "
                                  f"{len(done)} sites are done", highlight=False)
                    return
                counts = _replay(engine, run_id, files, done, validate_html, options, ws)
            else:
                if catalog is None:
                    catalog = run_catalog(ws, run_info)
                    if not catalog.is_file():
                        raise fail(f"run {run_id}", f"its catalog {catalog} is missing from the workspace",
                                   "give the catalog: govlens assess CATALOG --resume " + str(run_id))
                settings, validate_html = _crawl_settings(ctx, locals(), cfg.crawl, stored, validate_html)
                country = country or stored.get("country")
                targets = _targets(catalog, country, encoding)
                todo = [t for t in targets if t.url not in done]
                if dry_run:
                    console.print(f"dry run: run {run_id} would assess {len(todo)} of {len(targets)} sites "
                                  f"({len(targets) - len(todo)} done) of {catalog}", highlight=False)
                    return
                counts = _crawl(engine, run_id, targets, settings, ws, len(targets) - len(todo), validate_html,
                                options)
        else:
            if catalog is None:
                raise fail("assess", "give a catalog file, --from-warc WARC, or --resume RUN",
                           "`govlens catalog validate FILE` checks a catalog; docs/catalog.md shows the format")
            settings, validate_html = _crawl_settings(ctx, locals(), cfg.crawl, None, validate_html)
            targets = _targets(catalog, country, encoding)
            if dry_run:
                _plan(catalog, targets, settings, ws, options, validate_html)
                return
            engine = open_db(ws, create=True)
            run_id = start_run(engine, ws, name=name or catalog.stem, catalog=catalog,
                               settings={**settings.to_dict(), "check_options": options,
                                         **({"country": country.upper()} if country else {})})
            counts = _crawl(engine, run_id, targets, settings, ws, 0, validate_html, options)
    except InputError as exc:
        raise fail(exc.thing, exc.problem, exc.hint) from None
    except CatalogError as exc:
        raise fail(str(exc), hint="`govlens catalog validate FILE` lists every problem; docs/catalog.md") from None
    store.finish_run(engine, run_id)
    path = output or run_dir(ws, run_id) / "results.json"
    store.export_results(engine, run_id, path)
    console.print(f"run {run_id}: {sum(counts.values())} sites assessed now "
                  f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items())) or 'nothing left to do'})",
                  highlight=False, soft_wrap=True)
    console.print(f"results: {path}", highlight=False, soft_wrap=True)
    if thresholds or min_score is not None:
        raise typer.Exit(ci_verdict(list(store.iter_site_results(engine, run_id)), thresholds, min_score))


def _crawl_settings(ctx: typer.Context, values: dict[str, Any], crawl: dict[str, Any],
                    stored: dict[str, Any] | None, validate_html: bool) -> tuple[Any, bool]:
    """The crawl settings: an option given, else the run's own (on --resume), else
    [crawl] of govlens.toml, else the default."""
    from govlens.collect.net import parse_connect_to, parse_resolve
    from govlens.collect.settings import CrawlSettings

    known = {f.name for f in fields(CrawlSettings)}
    d: dict[str, Any] = {}
    for opt, fld in CRAWL_FIELDS.items():
        given = opt in values and _given(ctx, opt)
        if given:
            d[fld] = values[opt]
        elif stored is not None and fld in stored:
            d[fld] = stored[fld]
        elif opt in crawl:
            d[fld] = crawl[opt]
        elif opt in values:
            d[fld] = values[opt]
    if not _given(ctx, "validate_html") and "validate_html" in crawl:
        validate_html = bool(crawl["validate_html"])
    d["resolve"] = tuple(d.get("resolve") or ())
    d["connect_to"] = tuple(d.get("connect_to") or ())
    d["ca_file"] = str(d.get("ca_file") or "")
    for rule in d["resolve"]:
        try:
            parse_resolve(rule)
        except ValueError as exc:
            raise fail("--resolve", str(exc)) from None
    for rule in d["connect_to"]:
        try:
            parse_connect_to(rule)
        except ValueError as exc:
            raise fail("--connect-to", str(exc)) from None
    if d["ca_file"] and not Path(d["ca_file"]).is_file():
        if _given(ctx, "ca_file") or "ca_file" in crawl:
            raise fail(d["ca_file"], "no such CA bundle (--ca-file)")
        warn(f"the run's CA bundle {d['ca_file']} is gone: the system's trusted CAs are used (--ca-file FILE to give one)")
        d["ca_file"] = ""
    if stored is not None:  # the rest of the run's settings (retries, limits) as they were
        base = {k: v for k, v in stored.items() if k in known and k not in d and k != "extra"}
        d = {**base, **d}
    d["render"] = resolve_render(str(d.get("render") or "none"))
    return CrawlSettings(**{k: v for k, v in d.items() if k in known}), validate_html


def resolve_render(mode: str) -> str:
    """``auto`` → ``home`` when a browser is there, else ``none`` (said in one line)."""
    from govlens.collect.render import MODES, browser_available

    if mode not in RENDER_CHOICES:
        raise fail("--render", f"{mode!r} is not one of {', '.join(RENDER_CHOICES)}")
    why = browser_available() if mode != "none" else ""
    if mode == "auto":
        if why:
            info(f"rendering off: {why}; pages are judged on their HTML as served")
            return "none"
        info("rendering the home pages in chromium (--render none to skip)")
        return "home"
    if why:
        raise fail("--render", f"cannot render: {why}", "give --render none to judge the HTML only")
    assert mode in MODES
    return mode


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether an option was given (on the command line or in its environment variable)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _targets(catalog: Path, country: str | None, encoding: str | None) -> list:
    s = catalog_targets(catalog, country, encoding)
    if s.encoding != "utf-8":
        warn(f"{catalog}: read as {s.encoding}")
    detail(f"catalog {catalog}: {len(s.targets)} sites of {s.organisations} organisations")
    return s.targets


def _plan(catalog: Path, targets: list, settings: Any, ws: Path, options: dict, validate_html: bool) -> None:
    from collections import Counter

    by = Counter(t.organisation.get("country", "") for t in targets)
    console.print(f"dry run: {catalog} is valid; would assess {len(targets)} sites "
                  f"({', '.join(f'{c} {n}' for c, n in sorted(by.items()))}) into workspace {ws}", highlight=False)
    s = settings
    console.print(f"  max {s.max_pages} pages per site, {s.sites_in_flight} sites at once, {s.per_host} requests "
                  f"per host, {s.site_budget_s:g}s per site; HTML validation {'on' if validate_html else 'off'}"
                  + (f"; check options {json.dumps(options)}" if options else ""), highlight=False)
    console.print(f"  rendering {s.render} (pages rendered in chromium: none | home | key | all)", highlight=False)
    console.print("  nothing crawled, nothing written", highlight=False)


def _crawl(engine: Any, run_id: int, targets: list, settings: Any, ws: Path, done: int, validate_html: bool,
           options: dict) -> dict[str, int]:
    from govlens.collect.htmlvalid import optional_validator
    from govlens.run.assess import assess as run_assess

    info(f"run {run_id}: assessing {len(targets) - done} sites into {ws}")
    prog, tick = progress_bar(len(targets), "assess", err, done, mode=state.progress)
    with optional_validator(validate_html, warn) as validator, prog:  # type: ignore[attr-defined]
        return run_assess(engine, run_id, targets, settings, ws, tick, validator=validator, options=options)


def _replay(engine: Any, run_id: int, files: list[Path], done: set[str], validate_html: bool, options: dict,
            ws: Path) -> dict[str, int]:
    from govlens.collect.htmlvalid import optional_validator
    from govlens.run.assess import assess_from_warc

    info(f"run {run_id}: judging {len(files)} archive(s) again into {ws}")
    prog, tick = progress_bar(len(files), "replay", err, mode=state.progress)
    with optional_validator(validate_html, warn) as validator, prog:  # type: ignore[attr-defined]
        return assess_from_warc(engine, run_id, files, tick, validator=validator, options=options, skip=done)


@app.command("runs")
def runs_cmd(workspace: Workspace = None, config: Config = None, fmt: TableFormat = "table") -> None:
    """The runs of a workspace: id, name, when, how many sites, from what."""
    from govlens.report.model import iso
    from govlens.store import results as store

    ws = workspace_of(workspace, load_config_file(config))
    rows = store.list_runs(open_db(ws, create=False))
    if fmt == "json":
        print(json.dumps([{**r, "started": iso(r["started"]), "finished": iso(r["finished"]) or None}
                          for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        console.print(f"no runs in {ws}", highlight=False)
        return
    for r in rows:
        console.print(f"{r['id']:>4}  {iso(r['started'])}  {'done' if r['finished'] else 'unfinished':<10} "
                      f"{r['sites']:>6} sites  {r['source']:<4}  {r['name']}  ({r['catalog'][:80]})",
                      highlight=False, soft_wrap=True)

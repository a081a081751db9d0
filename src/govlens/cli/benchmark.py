"""`govlens benchmark RUN` and `govlens recommend RUN`: the study's answer — the focus country
against its peers on every framework, and what to fix first — as ``runs/<id>/answer.json``
(docs/answer.md), which `govlens report` renders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from govlens.cli.app import (
    Config,
    TableFormat,
    Workspace,
    app,
    fail,
    info,
    load_config_file,
    open_db,
    workspace_of,
)
from govlens.cli.frameworks import (
    _echo_json,
    _framework,
    _framework_ids,
    _judge_answer_targets,
    _load_input,
    _read_answers,
)

Country = Annotated[str, typer.Option("--country", "-c", metavar="ISO3", help="The focus country (ISO 3166 alpha-3).")]
Peers = Annotated[Optional[str], typer.Option(  # noqa: UP007
    "--peers", metavar="A,B,…", help="Peer countries (ISO3, comma-separated); default: every other country in the run.")]
Frameworks = Annotated[str, typer.Option("--framework", "-f", metavar="ID", help="Framework id(s): id, id1,id2 or 'all'.")]
Manual = Annotated[Optional[list[Path]], typer.Option(  # noqa: UP007
    "--manual", "-m", metavar="FILE", help="Manual answers (a filled-in template); repeatable.")]
Seed = Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the rank-interval Monte Carlo.")]
Draws = Annotated[int, typer.Option("--draws", metavar="N", min=50, help="Monte Carlo draws for the rank intervals.")]
Output = Annotated[Optional[Path], typer.Option(  # noqa: UP007
    "--output", "-o", metavar="FILE", help="Where to write the answer (default <workspace>/runs/<id>/answer.json).")]
NoReplay = Annotated[bool, typer.Option("--no-replay", help="Do not export the archived evidence pages (replay/).")]


def _study(run: str, workspace: Path, country: str, peers: str | None, framework: str,
           manual: list[Path], rules_file: Path | None, recommend: bool, output: Path | None,
           seed: int, draws: int, replay: bool) -> tuple[dict[str, Any], Path]:
    from govlens.catalog import CatalogError, load_catalog
    from govlens.frameworks.manual import resolve_answers
    from govlens.recommend.document import ANSWER_FILE, catalog_of, make_answer, write_answer
    from govlens.recommend.rules import RulesError, load_rules
    from govlens.run.workspace import run_dir

    ids = _framework_ids(framework)
    if not ids:
        raise fail("--framework", "give a framework id, id1,id2 or 'all'")
    fws = [_framework(fid) for fid in ids]
    inp = _load_input(run, workspace)
    raw = _judge_answer_targets(_read_answers(list(manual), None), inp) if manual else []
    answers = {f.id: resolve_answers(raw, f, strict=False)[0] for f in fws}
    rules = None
    if recommend:
        from govlens.checks.registry import all_checks

        try:
            rules = load_rules(rules_file, frozenset(c.id for c in all_checks())) if rules_file else \
                load_rules(known_checks=frozenset(c.id for c in all_checks()))
        except RulesError as exc:
            raise fail(str(exc)) from None
    folder = run_dir(workspace, inp.run_id) if inp.run_id is not None else None
    catalog = None
    cat_path = catalog_of(folder) if folder is not None else None
    if cat_path is not None:
        try:
            catalog = load_catalog(cat_path)
        except CatalogError as exc:
            info(f"country names not read from the run's catalog ({exc}); using the codes")
    peer_list = [p.strip().upper() for p in peers.split(",") if p.strip()] if peers else None
    warcs = _archives(workspace, inp.run_id, folder) if replay and folder is not None else None
    try:
        study = make_answer(inp, fws, answers, country.upper(), peer_list, catalog, rules,
                            folder=folder if (replay and folder is not None) else None, warcs=warcs,
                            seed=seed, draws=draws)
    except LookupError as exc:
        raise fail(f"--country/--peers: {exc}") from None
    path = output or (folder / ANSWER_FILE if folder is not None else Path(ANSWER_FILE))
    write_answer(study.doc, path)
    return study.doc, path


def _archives(workspace: Path, run_id: int, folder: Path) -> list[Path]:
    """The WARCs the run's evidence is in: its own ``warc/`` (a live run), else the files a
    from-warc run was made from, where they are now."""
    from govlens.run.workspace import run_warcs
    from govlens.store import results as store

    if (folder / "warc").is_dir():
        return [folder / "warc"]
    info = store.run_info(open_db(workspace, create=False), run_id)
    if "warc_sources" not in (info.get("settings") or {}):
        return []
    return [p for p in run_warcs(workspace, info) if p.exists()]


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def _print_benchmark(doc: dict[str, Any]) -> None:
    focus = doc["focus"]
    for f in doc["frameworks"]:
        typer.echo(f"{f['id']}  ({f['title'].get('en', '')})")
        for c, row in sorted(f["countries"].items(), key=lambda kv: (kv[1]["rank"] or 99, kv[0])):
            iv = row.get("interval_90")
            mark = "*" if c == focus else " "
            typer.echo(f"  {mark}{c}  {_pct(row['score']):>5}  rank {row['rank'] or '—'}"
                       f"{f' (90%: {iv[0]:g}–{iv[1]:g})' if iv else ''}  coverage {_pct(row['coverage'])}"
                       f"  {row['organisations']} org(s)")
        if f["gaps"]:
            g = f["gaps"][0]
            typer.echo(f"   largest gap: {g['criterion']} {_pct(g['focus'])} vs {_pct(g['best'])} ({g['best_country']})")
    typer.echo(f"exemplars: {len(doc['exemplars'])} indicator(s) {focus} fails that a peer passes")


def _print_recommendations(doc: dict[str, Any]) -> None:
    for r in doc["recommendations"]:
        g = r.get("gain") or {}
        typer.echo(f"{r['rank']:>2}. [{r['level']}] {r['title'].get('en', r['id'])}")
        typer.echo(f"    effort {r['effort']}, gain {g.get('gain', 0):+.3f} on {g.get('framework', '—')} "
                   f"(mean {r['mean_gain']:+.3f}), {len(r['targets'])} target(s); {r['why'].get('en', '')}")


@app.command()
def benchmark(
    run: Annotated[str, typer.Argument(metavar="RUN", help="Run id, 'latest', or a results.json file.")] = "latest",
    country: Country = "THA",
    peers: Peers = None,
    framework: Frameworks = "all",
    manual: Manual = None,
    workspace: Workspace = None,
    output: Output = None,
    seed: Seed = 0,
    draws: Draws = 1000,
    no_replay: NoReplay = False,
    fmt: TableFormat = "table",
    config: Config = None,
) -> None:
    """Compare the focus country with its peers on every framework: scores, criteria, rank
    intervals, league tables, the UN's EGDI history and peer exemplars (runs/<id>/answer.json)."""
    ws = workspace if workspace is not None else workspace_of(None, load_config_file(config))
    doc, path = _study(run, ws, country, peers, framework, list(manual or []), None, False, output,
                       seed, draws, not no_replay)
    if fmt == "json":
        _echo_json(doc)
        return
    _print_benchmark(doc)
    typer.echo(f"wrote {path}  (next: govlens recommend {run}, govlens report {run})")


@app.command()
def recommend(
    run: Annotated[str, typer.Argument(metavar="RUN", help="Run id, 'latest', or a results.json file.")] = "latest",
    country: Country = "THA",
    peers: Peers = None,
    framework: Frameworks = "all",
    manual: Manual = None,
    rules: Annotated[Optional[Path], typer.Option(  # noqa: UP007
        "--rules", metavar="FILE", help="Recommendation rules (YAML, the shape of the bundled recommend/data/rules.yaml).")] = None,
    workspace: Workspace = None,
    output: Output = None,
    seed: Seed = 0,
    draws: Draws = 1000,
    no_replay: NoReplay = False,
    fmt: TableFormat = "table",
    config: Config = None,
) -> None:
    """What to fix first, at the national portal, the ministries and national policy: the
    benchmark plus ranked recommendations, each with its computed gain, effort, evidence trail
    and a peer exemplar (runs/<id>/answer.json)."""
    ws = workspace if workspace is not None else workspace_of(None, load_config_file(config))
    doc, path = _study(run, ws, country, peers, framework, list(manual or []), rules, True, output,
                       seed, draws, not no_replay)
    if fmt == "json":
        _echo_json(doc)
        return
    _print_recommendations(doc)
    levels = {r["level"] for r in doc["recommendations"]}
    typer.echo(f"{len(doc['recommendations'])} recommendation(s) at {len(levels)} level(s); wrote {path}"
               f"  (next: govlens report {run})")

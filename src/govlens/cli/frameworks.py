"""`govlens frameworks list|show|coverage|template|agreement`, `govlens data import-un-egdi|
un-reproduce|un-sensitivity` and `govlens score RUN --framework ID`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from govlens.cli.app import app
from govlens.frameworks import (
    ManualAnswerError,
    agreement_report,
    list_frameworks,
    load_all,
    load_framework,
    read_manual,
    resolve_answers,
    template_rows,
)
from govlens.frameworks.manual import write_template
from govlens.frameworks.schema import Framework
from govlens.scoring.runs import (
    RunInput,
    entity_sensitivity,
    load_results_db,
    load_results_json,
    save_scores,
    score_run,
    write_outputs,
)
from govlens.scoring.un_data import (
    UNRecord,
    groups,
    import_un_egdi,
    load_un_egdi,
    read_un_files,
    reproduce_egdi,
    un_rank_uncertainty,
)
from govlens.store import tables as _tables  # noqa: F401  (registers tables before connect)
from govlens.store.db import connect

frameworks_app = typer.Typer(help="Indicator frameworks: UN LOSI/OSI, Waseda-IAC, Thai standard, EU benchmark.",
                             no_args_is_help=True)
data_app = typer.Typer(help="Official data for benchmarking (UN EGDI tables).", no_args_is_help=True)


def _echo_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _framework(fid: str) -> Framework:
    try:
        return load_framework(fid)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0])) from None


def _rule_text(f: Framework, iid: str) -> str:
    ind = f.indicator(iid)
    return "" if ind.rule is None else json.dumps(ind.rule.to_data(), ensure_ascii=False)


# ----------------------------------------------------------------------------- frameworks


@frameworks_app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The framework editions, with how many indicators are automated / assisted / manual."""
    items = list_frameworks()
    if as_json:
        _echo_json([{"id": i.id, "title": i.title, "edition": i.edition, **i.counts} for i in items])
        return
    typer.echo(f"{'id':<24} {'auto':>5} {'assist':>6} {'manual':>6} {'total':>5}  title")
    for i in items:
        c = i.counts
        typer.echo(f"{i.id:<24} {c['automated']:>5} {c['assisted']:>6} {c['manual']:>6} {c['total']:>5}  {i.title}")


@frameworks_app.command("show")
def show_cmd(framework_id: Annotated[str, typer.Argument(help="Framework id, e.g. un-losi-2024.")],
             indicator: Annotated[str | None, typer.Option("--indicator", "-i", help="Show one indicator (id or code).")] = None,
             as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """A framework's metadata, scoring, sources, unknowns, criteria and indicators."""
    f = _framework(framework_id)
    if indicator:
        ind = f.find_indicator(indicator)
        if ind is None:
            raise typer.BadParameter(f"no indicator {indicator!r} in {f.id}")
        d = {"id": ind.id, "code": ind.code, "codes": list(ind.codes), "name": dict(ind.name),
             "criterion": ind.criterion, "scoring": ind.scoring, "weight": ind.weight,
             "answer": ind.answer, "rule": ind.rule.to_data() if ind.rule else None,
             "question": ind.question, "guidance": ind.guidance, "note": ind.note,
             "source": [f.sources[s].citation for s in ind.source],
             "unknown": [{"note": u.note, "choice": u.choice} for u in ind.unknown]}
        _echo_json(d)
        return
    if as_json:
        _echo_json({"id": f.id, "title": dict(f.title), "edition": f.edition, "publisher": f.publisher,
                    "unit": f.unit, "status": f.status, "scoring": dict(f.scoring),
                    "parts": [{"part": pt.part, "source": list(pt.source), "not_found": pt.not_found}
                              for pt in f.parts],
                    "counts": f.counts(),
                    "sources": {k: {"citation": s.citation, "confidence": s.confidence} for k, s in f.sources.items()},
                    "unknown": [{"topic": u.topic, "note": u.note, "choice": u.choice} for u in f.unknown],
                    "criteria": [{"id": c.id, "name": dict(c.name), "weight": c.weight} for c in f.criteria],
                    "indicators": [{"id": i.id, "code": i.code, "criterion": i.criterion,
                                    "name": dict(i.name), "answer": i.answer, "weight": i.weight,
                                    "rule": i.rule.to_data() if i.rule else None} for i in f.indicators]})
        return
    typer.echo(f"{f.id} — {f.title.get('en')}")
    if "th" in f.title:
        typer.echo(f"  {f.title['th']}")
    typer.echo(f"edition {f.edition}; publisher {f.publisher}\nunit: {f.unit}\nstatus: {f.status}")
    typer.echo(f"scoring: {f.scoring.get('formula')}")
    typer.echo("parts (where each part comes from; what was not found):")
    for pt in f.parts:
        typer.echo(f"  - {pt.part} [{', '.join(pt.source)}]\n    not found: {pt.not_found}")
    typer.echo("sources:")
    for s in f.sources.values():
        typer.echo(f"  [{s.confidence}] {s.id}: {s.citation}")
    typer.echo("unknown (and the choice made):")
    for u in f.unknown:
        typer.echo(f"  - {u.topic + ': ' if u.topic else ''}{u.note}\n    choice: {u.choice}")
    by = f.by_criterion()
    typer.echo("criteria:")
    for c in f.criteria:
        typer.echo(f"  {c.id:<14} {len(by[c.id]):>3} indicators  weight {c.weight:g}  {c.name.get('en')}"
                   + (f" / {c.name['th']}" if "th" in c.name else ""))
    typer.echo("indicators:")
    for i in f.indicators:
        th = f" / {i.name['th']}" if "th" in i.name else ""
        typer.echo(f"  {i.id:<22} {i.code:<10} {i.criterion:<14} {i.answer:<9} {i.name['en']}{th}")
    c = f.counts()
    typer.echo(f"counts: automated {c['automated']}, assisted {c['assisted']}, manual {c['manual']}, total {c['total']}")


@frameworks_app.command("coverage")
def coverage_cmd(framework_id: Annotated[str, typer.Argument(help="Framework id.")],
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every indicator with its automation status and the checks that feed it, and the counts."""
    f = _framework(framework_id)
    counts = f.counts()
    by_crit: dict[str, dict[str, int]] = {}
    for i in f.indicators:
        d = by_crit.setdefault(i.criterion, {"automated": 0, "assisted": 0, "manual": 0})
        d[i.answer] += 1
    if as_json:
        _echo_json({"framework": f.id, "counts": counts, "unlisted": f.unlisted, "by_criterion": by_crit,
                    "indicators": [{"id": i.id, "code": i.code, "criterion": i.criterion,
                                    "answer": i.answer, "checks": list(i.check_ids),
                                    "rule": i.rule.to_data() if i.rule else None,
                                    "name": i.name.get("en")} for i in f.indicators]})
        return
    typer.echo(f"{f.id}: {counts['total']} indicators")
    typer.echo(f"{'indicator':<22} {'code':<12} {'criterion':<14} {'answer':<9} checks / name")
    for i in f.indicators:
        feed = _rule_text(f, i.id) if i.rule else "-"
        typer.echo(f"{i.id:<22} {i.code[:12]:<12} {i.criterion:<14} {i.answer:<9} {feed}  ({i.name['en']})")
    typer.echo("by criterion:")
    for c in f.criteria:
        d = by_crit.get(c.id, {"automated": 0, "assisted": 0, "manual": 0})
        typer.echo(f"  {c.id:<14} automated {d['automated']:>3}  assisted {d['assisted']:>3}  manual {d['manual']:>3}")
    typer.echo(f"automated {counts['automated']}, assisted {counts['assisted']}, manual {counts['manual']}, "
               f"total {counts['total']}")
    if f.unlisted:
        typer.echo(f"+ {f.unlisted} unlisted item(s) the instrument scores but no source names (always "
                   f"missing): score denominator {f.score_denominator():g}")


def _load_input(run: str, workspace: Path) -> RunInput:
    p = Path(run)
    if p.suffix == ".json" and p.exists():
        return load_results_json(p)
    engine = connect(workspace)
    return load_results_db(engine, run)


@frameworks_app.command("template")
def template_cmd(framework_id: Annotated[str, typer.Argument(help="Framework id.")],
                 out: Annotated[Path, typer.Option("--out", "-o", help="Template file (.csv or .yaml).")],
                 results: Annotated[Path | None, typer.Option("--results", help="A results.json to pre-fill suggestions from.")] = None,
                 run: Annotated[str | None, typer.Option("--run", help="Or a run id / 'latest' in --workspace.")] = None,
                 workspace: Annotated[Path, typer.Option("--workspace", "-w")] = Path("."),
                 site: Annotated[list[str] | None, typer.Option("--site", help="Add a site URL (repeatable).")] = None,
                 organisation: Annotated[list[str] | None, typer.Option("--organisation", help="Add an organisation id (repeatable).")] = None,
                 include_automated: Annotated[bool, typer.Option("--all", help="Include automated indicators too.")] = False) -> None:
    """Export a fill-in template for the manual and assisted indicators, suggestions pre-filled."""
    f = _framework(framework_id)
    checks: dict[str, dict[str, Any]] = {}
    orgs: dict[str, str] = {}
    if results is not None:
        inp = load_results_json(results)
        checks, orgs = inp.checks, inp.organisations
    elif run is not None:
        inp = _load_input(run, workspace)
        checks, orgs = inp.checks, inp.organisations
    for s in site or []:
        checks.setdefault(s, {})
    rows = template_rows(f, checks, orgs, include_automated)
    for o in organisation or []:
        for i in f.indicators:
            if i.answer in ("manual", "assisted") or include_automated:
                rows.append({"framework": f.id, "site": "", "organisation": o, "indicator": i.id,
                             "code": i.code, "criterion": i.criterion, "answer_type": i.answer,
                             "name_en": i.name.get("en", ""), "name_th": i.name.get("th", ""),
                             "question": i.question, "guidance": i.guidance})
    if not rows:
        typer.echo("nothing to fill: give --results, --run, --site or --organisation", err=True)
        raise typer.Exit(1)
    write_template(rows, out)
    typer.echo(f"wrote {len(rows)} rows to {out}")


@frameworks_app.command("agreement")
def agreement_cmd(framework_id: Annotated[str, typer.Argument(help="Framework id.")],
                  files: Annotated[list[Path], typer.Argument(help="Answer files of the two assessors.")],
                  assessors: Annotated[str | None, typer.Option("--assessors", help="Two names, comma-separated.")] = None,
                  as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Two assessors' agreement per criterion: percent agreement and Cohen's kappa."""
    f = _framework(framework_id)
    answers = []
    for p in files:
        answers.extend(read_manual(p))
    pair = tuple(a.strip() for a in assessors.split(",")) if assessors else None
    try:
        rep = agreement_report(f, answers, pair)  # type: ignore[arg-type]
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if as_json:
        _echo_json(rep.to_dict())
        return

    def fmt(x: float | None) -> str:
        return "  n/a" if x is None else f"{x:5.3f}"

    typer.echo(f"{f.id}: {rep.assessors[0]} vs {rep.assessors[1]} ({rep.unpaired} unpaired answers)")
    typer.echo(f"{'criterion':<14} {'n':>4} {'agree':>5} {'%':>6} {'kappa':>6}")
    for c, r in rep.by_criterion.items():
        typer.echo(f"{c:<14} {r.n:>4} {r.agree:>5} {fmt(r.percent)} {fmt(r.kappa)}")
    o = rep.overall
    typer.echo(f"{'overall':<14} {o.n:>4} {o.agree:>5} {fmt(o.percent)} {fmt(o.kappa)}")
    for d in rep.disagreements:
        typer.echo(f"  differs: {d}")


# ----------------------------------------------------------------------------- data


@data_app.command("import-un-egdi")
def import_un_egdi_cmd(path: Annotated[Path | None, typer.Argument(help="A UN EGDI file or folder (default: $GOVLENS_SHARED_DATA, else the tables shipped in the package).")] = None,
                       db: Annotated[Path, typer.Option("--db", help="Workspace folder or database file/URL.")] = Path("."),
                       as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Import the UN EGDI tables (ISO3 names, early-year zeros as missing) and check them."""
    try:
        engine = connect(db)
        rep = import_un_egdi(engine, path)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    recs = load_un_egdi(engine)
    repro = reproduce_egdi(recs)
    if as_json:
        _echo_json({"import": rep.to_dict(), "egdi_reproduction": {y: r.to_dict() for y, r in repro.items()}})
        return
    for f, kind, n in rep.files:
        typer.echo(f"read {f} ({kind}, {n} rows)")
    for f in rep.skipped_files:
        typer.echo(f"skipped {f} (not a UN EGDI table)")
    typer.echo(f"stored {rep.records} country-year records, {rep.countries} countries")
    typer.echo(f"not assessed (EGDI 0/blank): {rep.not_assessed}; zeros treated as missing: {dict(rep.zeros_missing)}")
    typer.echo(f"unmatched country names: {len(rep.unmatched)}" + "".join(f"\n  {n} ({', '.join(fs)})" for n, fs in rep.unmatched.items()))
    typer.echo(f"conflicts between sources: {len(rep.conflicts)}")
    _print_repro(repro)


def _print_repro(repro: dict[int, Any]) -> None:
    typer.echo("EGDI recomputed from OSI, TII, HCI (match = |diff| < 1e-4) and ranks recomputed:")
    for y, r in repro.items():
        w = "equal" if len(set(r.weights)) == 1 else "/".join(f"{x:g}" for x in r.weights)
        typer.echo(f"  {y}: weights {w:<14} {r.matched}/{r.recomputed} match (max diff {r.max_abs_diff:.6f}), "
                   f"{len(r.skipped)} missing; ranks {r.rank_matched}/{r.ranked}")
        for m in r.mismatches:
            typer.echo(f"      EGDI {m['name']}: published {m['published']}, computed {m['computed']}")
        for m in r.rank_mismatches:
            typer.echo(f"      rank {m['name']}: published {m['published']}, computed {m['computed']} ({m['why']})")


def _read_un(path: Path | None) -> list[UNRecord]:
    try:
        recs, _, _ = read_un_files(path)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    return recs


@data_app.command("un-reproduce")
def un_reproduce_cmd(path: Annotated[Path | None, typer.Argument(help="UN EGDI file or folder (default: as import-un-egdi).")] = None) -> None:
    """Recompute the published EGDI and ranks from the files (no database)."""
    recs = _read_un(path)
    _print_repro(reproduce_egdi(recs))


@data_app.command("un-sensitivity")
def un_sensitivity_cmd(year: Annotated[int, typer.Option("--year")] = 2024,
                       path: Annotated[Path | None, typer.Option("--path", help="UN EGDI file or folder (default: as import-un-egdi).")] = None,
                       focus: Annotated[str | None, typer.Option("--focus", help="ISO3 codes, comma-separated (default ASEAN + top 20).")] = None,
                       draws: Annotated[int, typer.Option("--draws")] = 1000,
                       seed: Annotated[int, typer.Option("--seed")] = 0,
                       as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """EGDI rank intervals when the weights of OSI/TII/HCI and the normalisation vary."""
    recs = _read_un(path)
    fc = [x.strip().upper() for x in focus.split(",")] if focus else None
    res = un_rank_uncertainty(recs, year, fc, n_draws=draws, seed=seed)
    if as_json:
        _echo_json(res.to_dict())
        return
    pub = {r.iso3: r.rank for r in recs if r.year == year and r.rank is not None}
    asean = set(groups()["asean"]["members"])
    typer.echo(f"EGDI {year}: {draws} draws, seed {seed}, Dirichlet α={res.concentration:g}, "
               f"normalisations {', '.join(res.normalisations)}")
    typer.echo(f"{'iso3':<5} {'pub':>4} {'base':>4} {'median':>6} {'90% interval':>13}  most sensitive")
    for e, iv in sorted(res.intervals.items(), key=lambda t: t[1].base_rank):
        mark = " ASEAN" if e in asean else ""
        ms = f"{iv.most_sensitive} ({iv.direction[iv.most_sensitive]})" if iv.most_sensitive else "stable"
        typer.echo(f"{e:<5} {pub.get(e, ''):>4} {iv.base_rank:>4} {iv.median_rank:>6.1f} "
                   f"{f'{iv.p05:.0f}–{iv.p95:.0f}':>13}  {ms}{mark}")


# ----------------------------------------------------------------------------- score


def _framework_ids(spec: str) -> list[str]:
    if spec.strip() == "all":
        return [f.id for f in load_all()]
    return [s.strip() for s in spec.split(",") if s.strip()]


def score_command(run: str, framework: str, workspace: Path, manual: list[Path], out: Path | None,
                  *, seed: int = 0, draws: int = 1000) -> dict[str, Any]:
    """Score a run with one or more frameworks (``framework`` may be ``id1,id2`` or ``all``).

    Reads check results from the database in ``workspace`` (RUN = a run id or ``latest``) or
    from a ``results.json`` (RUN = its path); applies the manual answer files; writes indicator
    values (with provenance) and scores to the database and to ``scores.json``,
    ``scores.csv`` and ``indicators.csv`` in ``out`` (default ``<workspace>/scores``).
    ``scores.json`` also holds, per framework, the sites' rank intervals when the criterion
    weights and the normalisation vary (seeded Monte Carlo, ``draws`` draws)."""
    fws = [load_framework(fid) for fid in _framework_ids(framework)]
    inp = _load_input(run, workspace)
    raw = []
    for p in manual:
        raw.extend(read_manual(p))
    remaining = list(raw)
    per_fw = {}
    for f in fws:
        mine, _ = resolve_answers(raw, f, strict=True)
        per_fw[f.id] = mine
        ids = {(a.ref) for a in mine}
        remaining = [a for a in remaining if a.ref not in ids]
    engine = connect(workspace)
    results, ids_by_fw, sens = [], {}, {}
    for f in fws:
        fr = score_run(f, inp, per_fw[f.id])
        ids_by_fw[f.id] = save_scores(engine, inp, fr, [str(p) for p in manual])
        sens[f.id] = entity_sensitivity(fr, "site", draws, seed)
        results.append(fr)
    out_dir = out if out is not None else Path(workspace) / "scores"
    paths = write_outputs(out_dir, inp, results, ids_by_fw, sens)
    summary: dict[str, Any] = {"run": inp.ref, "outputs": [str(p) for p in paths],
                               "unused_answers": [a.ref for a in remaining], "frameworks": {}}
    for fr in results:
        summary["frameworks"][fr.framework.id] = {
            "score_run_id": ids_by_fw[fr.framework.id],
            "sensitivity": sens[fr.framework.id],
            "sites": {s: e.to_dict() for s, e in fr.site_scores.items()},
            "organisations": {o: e.to_dict() for o, e in fr.org_scores.items()},
        }
    return summary


def _fmt_score(e: dict[str, Any]) -> str:
    def n(x: float | None) -> str:
        return "—" if x is None else f"{x:.3g}"

    mx = e["score_max"]
    unit = "" if mx == 1 else f"/{mx:.3g}"
    return (f"score {n(e['score'])}{unit}  [{n(e['lower'])}–{n(e['upper'])}]  assessed {n(e['assessed'])}"
            f"  coverage {n(e['coverage'])}  rank {e['rank'] or '—'}"
            + (f" (by assessed share: {e['rank_assessed']})" if e["rank"] is None and e["rank_assessed"] else ""))


def score(run: Annotated[str, typer.Argument(help="Run id, 'latest', or a results.json file.")],
          framework: Annotated[str, typer.Option("--framework", "-f", help="Framework id(s): id, id1,id2 or 'all'.")],
          manual: Annotated[list[Path] | None, typer.Option("--manual", "-m", help="Manual answers (CSV/YAML/JSON); repeatable.")] = None,
          workspace: Annotated[Path, typer.Option("--workspace", "-w", help="Workspace with the database.")] = Path("."),
          out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default <workspace>/scores).")] = None,
          seed: Annotated[int, typer.Option("--seed", help="Seed of the rank-sensitivity Monte Carlo.")] = 0) -> None:
    """Turn a run's check results (and manual answers) into framework indicators and scores."""
    try:
        summary = score_command(run, framework, workspace, list(manual or []), out, seed=seed)
    except (ManualAnswerError, LookupError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for fid, d in summary["frameworks"].items():
        typer.echo(f"{fid} (score run {d['score_run_id']}):")
        for s, e in d["sites"].items():
            typer.echo(f"  site {s}: {_fmt_score(e)}")
        for o, e in d["organisations"].items():
            typer.echo(f"  org  {o}: {_fmt_score(e)}")
        sens = d["sensitivity"]
        if sens and sens["intervals"]:
            typer.echo(f"  rank intervals ({sens['basis']}; {sens['n_draws']} draws, seed {sens['seed']}):")
            for ent, iv in sorted(sens["intervals"].items(), key=lambda t: t[1]["base_rank"]):
                lo, hi = iv["interval_90"]
                typer.echo(f"    {ent}: base {iv['base_rank']}, median {iv['median_rank']:g}, "
                           f"90% {lo:g}–{hi:g}, most sensitive to {iv['most_sensitive'] or '—'}")
    if summary["unused_answers"]:
        typer.echo(f"answers not matching any framework: {', '.join(summary['unused_answers'])}", err=True)
    typer.echo("wrote " + ", ".join(summary["outputs"]))


app.add_typer(frameworks_app, name="frameworks", help="Indicator frameworks: list, show, coverage, templates.")
app.add_typer(data_app, name="data", help="Official data: import the UN E-Government tables.")
app.command("score")(score)

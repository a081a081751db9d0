"""`govlens frameworks list|show|coverage|template|agreement`, `govlens data import-un-egdi|
un-reproduce|un-sensitivity` and `govlens score RUN --framework ID`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from govlens.cli.app import (
    EXIT_THRESHOLD,
    Config,
    Encoding,
    OldJson,
    OldOut,
    TableFormat,
    Workspace,
    app,
    detail,
    fail,
    load_config_file,
    open_db,
    output_of,
    run_id_of,
    state,
    warn,
    workspace_of,
)
from govlens.cli.inputs import InputError, read_answers

# govlens.frameworks is imported by the commands that use it: every other command (``checks
# page`` among them) would pay for its import at start.
if TYPE_CHECKING:
    from govlens.frameworks import ManualAnswer
    from govlens.frameworks.schema import Framework
    from govlens.scoring.runs import RunInput
    from govlens.scoring.un_data import UNRecord


def _runs() -> ModuleType:
    """:mod:`govlens.scoring.runs`, imported when a command scores: it brings NumPy and the
    scoring modules, which every other command (``checks page`` among them) would pay for at
    start."""
    from govlens.scoring import runs
    return runs


def _un() -> ModuleType:
    """:mod:`govlens.scoring.un_data`, imported when a UN data command runs (as :func:`_runs`)."""
    from govlens.scoring import un_data
    return un_data

frameworks_app = typer.Typer(help="Indicator frameworks: UN LOSI/OSI, Waseda-IAC, Thai standard, EU benchmark.",
                             no_args_is_help=True)
data_app = typer.Typer(help="Official data for benchmarking (UN EGDI tables).", no_args_is_help=True)


def _echo_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _framework(fid: str) -> Framework:
    from govlens.frameworks import list_frameworks, load_framework
    from govlens.frameworks.schema import FrameworkError

    try:
        return load_framework(fid)
    except KeyError:
        known = ", ".join(f.id for f in list_frameworks())
        raise fail(f"framework {fid!r}", "no such framework", f"known: {known} (`govlens frameworks list`)") from None
    except FrameworkError as exc:
        raise fail(str(exc)) from None


def _rule_text(f: Framework, iid: str) -> str:
    ind = f.indicator(iid)
    return "" if ind.rule is None else json.dumps(ind.rule.to_data(), ensure_ascii=False)


# ----------------------------------------------------------------------------- frameworks


@frameworks_app.command("list")
def list_cmd(fmt: TableFormat = "table", as_json: OldJson = False) -> None:
    """The framework editions, with how many indicators are automated / assisted / manual."""
    from govlens.frameworks import list_frameworks

    items = list_frameworks()
    if fmt == "json" or as_json:
        _echo_json([{"id": i.id, "title": i.title, "edition": i.edition, **i.counts} for i in items])
        return
    typer.echo(f"{'id':<24} {'auto':>5} {'assist':>6} {'manual':>6} {'total':>5}  title")
    for i in items:
        c = i.counts
        typer.echo(f"{i.id:<24} {c['automated']:>5} {c['assisted']:>6} {c['manual']:>6} {c['total']:>5}  {i.title}")


@frameworks_app.command("show")
def show_cmd(framework_id: Annotated[str, typer.Argument(metavar="FRAMEWORK", help="Framework id, e.g. un-losi-2024.")],
             indicator: Annotated[str | None, typer.Option("--indicator", "-i", metavar="ID", help="Show one indicator (id or code), as JSON.")] = None,
             fmt: TableFormat = "table", as_json: OldJson = False) -> None:
    """A framework's metadata, scoring, sources, unknowns, criteria and indicators."""
    f = _framework(framework_id)
    as_json = as_json or fmt == "json"
    if indicator:
        ind = f.find_indicator(indicator)
        if ind is None:
            raise fail(f"indicator {indicator!r}", f"not in {f.id}", f"`govlens frameworks show {f.id}` lists them")
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
def coverage_cmd(framework_id: Annotated[str, typer.Argument(metavar="FRAMEWORK", help="Framework id, e.g. un-losi-2024.")],
                 fmt: TableFormat = "table", as_json: OldJson = False) -> None:
    """Every indicator with its automation status and the checks that feed it, and the counts."""
    f = _framework(framework_id)
    as_json = as_json or fmt == "json"
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
    """A run's check results: RUN a results.json file, or a run id / 'latest' in the workspace
    (read-only: nothing is created)."""
    from govlens.store.results import ResultsFileError

    p = Path(run)
    if p.suffix.lower() == ".json" or p.exists() or "/" in run or "\\" in run:
        try:
            return _runs().load_results_json(p)
        except ResultsFileError as exc:
            raise fail(str(exc), hint="give a results.json written by `govlens assess`, or a run id") from None
    engine = open_db(workspace, create=False)
    run_id_of(engine, run, workspace)
    return _runs().load_results_db(engine, run)


def _read_answers(paths: list[Path], encoding: str | None = None) -> list[ManualAnswer]:
    """Every answers file, judged (see cli/inputs.py): problems are errors, oddities warnings."""
    from govlens.frameworks import ManualAnswerError

    out: list[ManualAnswer] = []
    problems: list[str] = []
    for p in paths:
        try:
            got = read_answers(p, encoding)
        except InputError as exc:
            raise fail(exc.thing, exc.problem, exc.hint) from None
        except ManualAnswerError as exc:
            problems.extend(exc.problems)
            continue
        for w in got.warnings:
            warn(w)
        if got.encoding not in ("utf-8", "xlsx"):
            warn(f"{p}: read as {got.encoding}")
        detail(f"{p}: {len(got.answers)} answers in {got.rows} rows")
        out.extend(got.answers)
    if problems:
        raise fail(f"{len(problems)} problem(s) in the answers", "\n".join(problems))
    return out


TEMPLATE_SUFFIXES = (".xlsx", ".csv", ".yaml", ".yml")


@frameworks_app.command("template")
def template_cmd(framework_id: Annotated[str, typer.Argument(metavar="FRAMEWORK", help="Framework id, e.g. un-losi-2024.")],
                 output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="The template to write: .xlsx (an Excel workbook), .csv (UTF-8 with BOM) or .yaml.")] = None,
                 results: Annotated[Path | None, typer.Option("--results", metavar="FILE", help="A results.json to pre-fill suggestions from.")] = None,
                 run: Annotated[str | None, typer.Option("--run", metavar="RUN", help="Or a run id / 'latest' in the workspace.")] = None,
                 workspace: Workspace = None,
                 site: Annotated[list[str] | None, typer.Option("--site", metavar="URL", help="Add a site URL (repeatable).")] = None,
                 organisation: Annotated[list[str] | None, typer.Option("--organisation", metavar="ID", help="Add an organisation id (repeatable).")] = None,
                 include_automated: Annotated[bool, typer.Option("--all", help="Include automated indicators too (to override them).")] = False,
                 config: Config = None,
                 out: OldOut = None) -> None:
    """Export a fill-in template for the manual and assisted indicators, suggestions pre-filled.

    Fill in the answer column and give the file to `govlens score -m FILE`."""
    output = output_of(output, out)
    if output is None:
        raise fail("--output", "give the file to write, e.g. -o answers.xlsx")
    if output.suffix.lower() not in TEMPLATE_SUFFIXES:
        raise fail(f"--output {output}", f"unsupported file type {output.suffix or '(none)'!r}",
                   "use .xlsx (Excel), .csv or .yaml")
    f = _framework(framework_id)
    checks: dict[str, dict[str, Any]] = {}
    orgs: dict[str, str] = {}
    if results is not None and run is not None:
        raise fail("--results and --run", "give one of them")
    if results is not None:
        inp = _load_input(str(results), Path("."))
        checks, orgs = inp.checks, inp.organisations
    elif run is not None:
        inp = _load_input(run, workspace_of(workspace, load_config_file(config)))
        checks, orgs = inp.checks, inp.organisations
    for s in site or []:
        checks.setdefault(s, {})
    from govlens.frameworks import template_rows

    rows = template_rows(f, checks, orgs, include_automated)
    for o in organisation or []:
        for i in f.indicators:
            if i.answer in ("manual", "assisted") or include_automated:
                rows.append({"framework": f.id, "site": "", "organisation": o, "indicator": i.id,
                             "code": i.code, "criterion": i.criterion, "answer_type": i.answer,
                             "name_en": i.name.get("en", ""), "name_th": i.name.get("th", ""),
                             "question": i.question, "guidance": i.guidance})
    if not rows:
        raise fail(f"template for {f.id}", "nothing to fill in",
                   "give --results FILE, --run RUN, --site URL or --organisation ID")
    write_rows(rows, output, title=f.id)
    typer.echo(f"wrote {len(rows)} rows to {output}")


def write_rows(rows: list[dict[str, Any]], path: Path, title: str = "answers") -> Path:
    """Template rows as .xlsx (a real workbook), .csv (UTF-8 with BOM, for Excel) or .yaml."""
    from govlens.frameworks.manual import TEMPLATE_COLUMNS, write_template

    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return write_template(rows, path)
    cols = list(TEMPLATE_COLUMNS)
    table = [["" if r.get(k) is None else r.get(k) for k in cols] for r in rows]
    if suffix == ".xlsx":
        from govlens.report.exports import write_table_xlsx

        return write_table_xlsx(cols, table, path, title=title)
    from govlens.report.exports import safe_text

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for r in table:
            w.writerow([safe_text(v) for v in r])
    return path


@frameworks_app.command("agreement")
def agreement_cmd(framework_id: Annotated[str, typer.Argument(metavar="FRAMEWORK", help="Framework id, e.g. un-losi-2024.")],
                  files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Answer files of the two assessors (.csv, .xlsx, .yaml, .json).")],
                  assessors: Annotated[str | None, typer.Option("--assessors", metavar="A,B", help="The two assessors to compare, comma-separated (default: the two in the files).")] = None,
                  fmt: TableFormat = "table", as_json: OldJson = False, encoding: Encoding = None) -> None:
    """Two assessors' agreement per criterion: percent agreement and Cohen's kappa."""
    f = _framework(framework_id)
    answers = _read_answers(list(files), encoding)
    pair = tuple(a.strip() for a in assessors.split(",")) if assessors else None
    if pair is not None and len(pair) != 2:
        raise fail("--assessors", f"{assessors!r}: give two names, comma-separated")
    from govlens.frameworks import agreement_report

    try:
        rep = agreement_report(f, answers, pair)  # type: ignore[arg-type]
    except ValueError as exc:
        raise fail(", ".join(map(str, files)), str(exc)) from None
    if as_json or fmt == "json":
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
def import_un_egdi_cmd(path: Annotated[Path | None, typer.Argument(metavar="TABLES", help="A UN EGDI file or folder (default: $GOVLENS_SHARED_DATA, else the tables shipped in the package).")] = None,
                       workspace: Workspace = None,
                       fmt: TableFormat = "table",
                       config: Config = None,
                       db: Annotated[Path | None, typer.Option("--db", hidden=True, help="Old name of --workspace.")] = None,
                       as_json: OldJson = False) -> None:
    """Import the UN EGDI tables (ISO3 names, early-year zeros as missing) and check them.

    The tables go into the workspace's database (a workspace folder, a .sqlite file or a
    database URL)."""
    recs_path = _un_path(path)
    ws = workspace if workspace is not None else db if db is not None else workspace_of(None, load_config_file(config))
    engine = open_db(ws, create=True)
    try:
        rep = _un().import_un_egdi(engine, recs_path)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    if not rep.files:
        raise fail(str(recs_path or "the UN EGDI tables"), "no UN EGDI table found here",
                   "give the CSV files from publicadministration.un.org, or a folder of them")
    recs = _un().load_un_egdi(engine)
    repro = _un().reproduce_egdi(recs)
    if as_json or fmt == "json":
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


def _un_path(path: Path | None) -> Path | None:
    if path is not None and not path.exists():
        raise fail(str(path), "no such file or folder", "give a UN EGDI CSV file or a folder of them")
    return path


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
    path = _un_path(path)
    try:
        recs, _, rep = _un().read_un_files(path)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    if not recs:
        skipped = f" ({len(rep.skipped_files)} file(s) that are not UN EGDI tables)" if rep.skipped_files else ""
        raise fail(str(path or "the UN EGDI tables"), f"no UN EGDI data found here{skipped}",
                   "give the CSV files from publicadministration.un.org, or a folder of them")
    return recs


@data_app.command("un-reproduce")
def un_reproduce_cmd(path: Annotated[Path | None, typer.Argument(metavar="TABLES", help="UN EGDI file or folder (default: as import-un-egdi).")] = None) -> None:
    """Recompute the published EGDI and ranks from the files (no database)."""
    recs = _read_un(path)
    _print_repro(_un().reproduce_egdi(recs))


@data_app.command("un-sensitivity")
def un_sensitivity_cmd(path: Annotated[Path | None, typer.Argument(metavar="TABLES", help="UN EGDI file or folder (default: as import-un-egdi).")] = None,
                       year: Annotated[int, typer.Option("--year", metavar="YEAR", help="The survey year.")] = 2024,
                       focus: Annotated[str | None, typer.Option("--focus", metavar="ISO3,...", help="Countries to show, comma-separated (default: ASEAN and the top 20).")] = None,
                       draws: Annotated[int, typer.Option("--draws", metavar="N", min=10, help="Monte Carlo draws.")] = 1000,
                       seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the draws (the same seed, the same intervals).")] = 0,
                       fmt: TableFormat = "table",
                       old_path: Annotated[Path | None, typer.Option("--path", hidden=True, help="Old spelling of PATH.")] = None,
                       as_json: OldJson = False) -> None:
    """EGDI rank intervals when the weights of OSI/TII/HCI and the normalisation vary."""
    recs = _read_un(path if path is not None else old_path)
    years = sorted({r.year for r in recs})
    if year not in years:
        raise fail(f"--year {year}", "no EGDI data for that year", f"years in the data: {', '.join(map(str, years))}")
    fc = [x.strip().upper() for x in focus.split(",")] if focus else None
    if fc:
        known = {r.iso3 for r in recs if r.year == year}
        unknown = [c for c in fc if c not in known]
        if unknown:
            raise fail("--focus", f"no {year} data for {', '.join(unknown)}", "use ISO3 codes, e.g. THA,SGP,MYS")
    res = _un().un_rank_uncertainty(recs, year, fc, n_draws=draws, seed=seed)
    if as_json or fmt == "json":
        _echo_json(res.to_dict())
        return
    pub = {r.iso3: r.rank for r in recs if r.year == year and r.rank is not None}
    asean = set(_un().groups()["asean"]["members"])
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
        from govlens.frameworks import load_all

        return [f.id for f in load_all()]
    return [s.strip() for s in spec.split(",") if s.strip()]


def score_command(run: str, framework: str, workspace: Path, manual: list[Path], out: Path | None,
                  *, seed: int = 0, draws: int = 1000, encoding: str | None = None) -> dict[str, Any]:
    """Score a run with one or more frameworks (``framework`` may be ``id1,id2`` or ``all``).

    Reads check results from the database in ``workspace`` (RUN = a run id or ``latest``) or
    from a ``results.json`` (RUN = its path); applies the manual answer files; writes indicator
    values (with provenance) and scores to the database and to ``scores.json``,
    ``scores.csv`` and ``indicators.csv`` in ``out`` (default ``<workspace>/scores``).
    ``scores.json`` also holds, per framework, the sites' rank intervals when the criterion
    weights and the normalisation vary (seeded Monte Carlo, ``draws`` draws)."""
    from govlens.frameworks import resolve_answers

    ids = _framework_ids(framework)
    if not ids:
        raise fail("--framework", "give a framework id, id1,id2 or 'all'")
    fws = [_framework(fid) for fid in ids]
    inp = _load_input(run, workspace)
    raw = _judge_answer_targets(_read_answers(list(manual), encoding), inp)
    remaining = list(raw)
    per_fw = {}
    for f in fws:
        mine, _ = resolve_answers(raw, f, strict=True)
        per_fw[f.id] = mine
        refs = {(a.ref) for a in mine}
        remaining = [a for a in remaining if a.ref not in refs]
    engine = open_db(workspace, create=True)
    results, ids_by_fw, sens = [], {}, {}
    for f in fws:
        fr = _runs().score_run(f, inp, per_fw[f.id])
        ids_by_fw[f.id] = _runs().save_scores(engine, inp, fr, [str(p) for p in manual])
        sens[f.id] = _runs().entity_sensitivity(fr, "site", draws, seed)
        results.append(fr)
    out_dir = out if out is not None else Path(workspace) / "scores"
    paths = _runs().write_outputs(out_dir, inp, results, ids_by_fw, sens)
    summary: dict[str, Any] = {"run": inp.ref, "outputs": [str(p) for p in paths],
                               "answers": len(raw), "unused_answers": [a.ref for a in remaining],
                               "frameworks": {}}
    for fr in results:
        summary["frameworks"][fr.framework.id] = {
            "score_run_id": ids_by_fw[fr.framework.id],
            "counts": fr.framework.counts(),
            "answers": len(per_fw[fr.framework.id]),
            "sensitivity": sens[fr.framework.id],
            "sites": {s: e.to_dict() for s, e in fr.site_scores.items()},
            "organisations": {o: e.to_dict() for o, e in fr.org_scores.items()},
        }
    return summary


def _judge_answer_targets(answers: list[ManualAnswer], inp: RunInput) -> list[ManualAnswer]:
    """The answers for sites and organisations the run has (site URLs compared normalised, as
    the catalog writes them); the others would score sites that were never assessed: they are
    left out with a warning, and when no answer is left it is an error."""
    from collections import Counter
    from dataclasses import replace

    from govlens.catalog import normalise_url

    def norm(url: str) -> str:
        try:
            return normalise_url(url)
        except ValueError:
            return url

    sites = set(inp.checks)
    by_norm = {norm(u): u for u in sites}
    orgs = set(inp.organisations.values())
    kept: list[ManualAnswer] = []
    bad_sites: Counter[str] = Counter()
    bad_orgs: Counter[str] = Counter()
    for a in answers:
        if a.site:
            url = a.site if a.site in sites else by_norm.get(norm(a.site))
            if url is None:
                bad_sites[a.site] += 1
                continue
            kept.append(replace(a, site=url))
        elif a.organisation in orgs:
            kept.append(a)
        else:
            bad_orgs[a.organisation] += 1
    run = f"run {inp.run_id}" if inp.run_id is not None else inp.ref
    if answers and not kept:
        raise fail(f"{len(answers)} answer(s)", f"none is for a site or organisation of {run}",
                   "are the answers for this run? (`govlens frameworks template FRAMEWORK --run RUN` writes its sites)")
    for what, bad in (("site", bad_sites), ("organisation", bad_orgs)):
        if bad:
            n = sum(bad.values())
            shown = ", ".join(f"{k} ×{v}" for k, v in bad.most_common(3)) + (" …" if len(bad) > 3 else "")
            warn(f"{n} answer(s) name {len(bad)} {what}(s) that {run} does not have; left out: {shown}")
    return kept


def _fmt_score(e: dict[str, Any]) -> str:
    def n(x: float | None) -> str:
        return "—" if x is None else f"{x:.3g}"

    mx = e["score_max"]
    unit = "" if mx == 1 else f"/{mx:.3g}"
    rank = f"rank {e['rank']}" if e["rank"] is not None else (
        f"rank by assessed share {e['rank_assessed']} (indicative)" if e.get("rank_assessed") else
        e.get("rank_note") or "not ranked")
    return (f"score {n(e['score'])}{unit}  [{n(e['lower'])}–{n(e['upper'])}]  assessed {n(e['assessed'])}"
            f"  coverage {n(e['coverage'])}  {rank}")


def _share(e: dict[str, Any]) -> float | None:
    """A site's 0–1 share: its score when complete, else its assessed share."""
    if e.get("share") is not None:
        return float(e["share"])
    if e.get("assessed") is None:
        return None
    return float(e["assessed"]) / float(e["score_max"] or 1)


def _summary_lines(fid: str, d: dict[str, Any], answers_given: int, entities: bool) -> list[str]:
    sites, orgs = d["sites"], d["organisations"]
    lines = [f"{fid} (score run {d['score_run_id']}): {len(sites)} sites, {len(orgs)} organisations"]
    complete = sum(1 for e in sites.values() if e["score"] is not None)
    indicative = sum(1 for e in sites.values() if e["score"] is None and e.get("rank_assessed"))
    unranked = [e for e in sites.values() if e["rank"] is None and not e.get("rank_assessed")]
    covs = [e["coverage"] for e in sites.values() if e["coverage"] is not None]
    span = f" (coverage {min(covs):.0%}–{max(covs):.0%})" if covs else ""
    lines.append(f"  sites: {complete} with a complete score, {indicative} ranked by assessed share{span}, "
                 f"{len(unranked)} not ranked")
    if unranked:
        notes = sorted({e.get("rank_note", "") for e in unranked if e.get("rank_note")})
        lines.append(f"  {notes[0]}" + (f" (and {len(notes) - 1} other reason(s))" if len(notes) > 1 else ""))
    c = d["counts"]
    people = c.get("manual", 0) + c.get("assisted", 0)
    if not d["answers"] and people:
        lines.append(f"  hint: {people} of {c['total']} indicators need a person's answer and "
                     f"{'no answers file was given' if not answers_given else 'no answer is for this framework'}, "
                     f"so no score can be complete: `govlens frameworks template {fid} --run latest -o answers.xlsx`, "
                     f"fill in the answer column, then `govlens score RUN -f {fid} -m answers.xlsx`")
    if entities:
        for s, e in sites.items():
            lines.append(f"  site {s}: {_fmt_score(e)}")
        for o, e in orgs.items():
            lines.append(f"  org  {o}: {_fmt_score(e)}")
    else:
        lines.append(f"  ({len(sites) + len(orgs)} lines of scores: --verbose prints them; they are in scores.csv)")
    sens = d["sensitivity"]
    if sens and sens["intervals"] and entities:
        lines.append(f"  rank intervals ({sens['basis']}; {sens['n_draws']} draws, seed {sens['seed']}):")
        for ent, iv in sorted(sens["intervals"].items(), key=lambda t: t[1]["base_rank"]):
            lo, hi = iv["interval_90"]
            lines.append(f"    {ent}: base {iv['base_rank']}, median {iv['median_rank']:g}, "
                         f"90% {lo:g}–{hi:g}, most sensitive to {iv['most_sensitive'] or '—'}")
    return lines


def score(run: Annotated[str, typer.Argument(metavar="RUN", help="Run id, 'latest', or a results.json file.")],
          framework: Annotated[str, typer.Option("--framework", "-f", metavar="ID", help="Framework id(s): id, id1,id2 or 'all' (`govlens frameworks list`).")],
          manual: Annotated[list[Path] | None, typer.Option("--manual", "-m", metavar="FILE", help="Manual answers (.csv, .xlsx, .yaml, .json; a filled-in template); repeatable.")] = None,
          workspace: Workspace = None,
          output: Annotated[Path | None, typer.Option("--output", "-o", metavar="DIR", help="Output folder (default <workspace>/scores).")] = None,
          seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the rank-sensitivity Monte Carlo.")] = 0,
          fmt: TableFormat = "table",
          min_score: Annotated[float | None, typer.Option("--min-score", metavar="SHARE", min=0.0, max=1.0, help="Exit 1 when a site's share (its score when complete, else its assessed share; 0–1) is below this, in any framework.")] = None,
          encoding: Encoding = None,
          config: Config = None,
          out: OldOut = None) -> None:
    """Turn a run's check results (and manual answers) into framework indicators and scores."""
    from govlens.frameworks import ManualAnswerError

    output = output_of(output, out)
    ws = workspace if workspace is not None else workspace_of(None, load_config_file(config))
    try:
        summary = score_command(run, framework, ws, list(manual or []), output, seed=seed, encoding=encoding)
    except ManualAnswerError as exc:
        raise fail(f"{len(exc.problems)} problem(s) in the answers", "\n".join(exc.problems)) from None
    except LookupError as exc:
        raise fail(f"run {run}", str(exc)) from None
    if fmt == "json":
        _echo_json(summary)
    else:
        n = sum(len(d["sites"]) + len(d["organisations"]) for d in summary["frameworks"].values())
        for fid, d in summary["frameworks"].items():
            for line in _summary_lines(fid, d, summary["answers"], state.verbose or n <= 20):
                typer.echo(line)
        typer.echo("wrote " + ", ".join(summary["outputs"]))
    if summary["unused_answers"]:
        warn(f"{len(summary['unused_answers'])} answer(s) match no indicator of the frameworks scored: "
             + ", ".join(summary["unused_answers"][:5]) + (" …" if len(summary["unused_answers"]) > 5 else ""))
    if min_score is not None:
        low = [(fid, s, _share(e)) for fid, d in summary["frameworks"].items() for s, e in d["sites"].items()
               if _share(e) is None or _share(e) < min_score]  # type: ignore[operator]
        if low:
            typer.echo(f"min-score {min_score:g}: {len(low)} site score(s) below: "
                       + ", ".join(f"{fid} {s} {'—' if v is None else f'{v:.2f}'}" for fid, s, v in low[:8]), err=True)
            raise typer.Exit(EXIT_THRESHOLD)


app.add_typer(frameworks_app, name="frameworks", help="Indicator frameworks: list, show, coverage, templates, agreement.")
app.add_typer(data_app, name="data", help="Official data: import the UN E-Government tables.")
app.command("score")(score)

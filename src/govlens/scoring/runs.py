"""Check results in (from the database or a ``results.json``), framework scores out (to the
database, ``scores.json``, ``scores.csv`` and ``indicators.csv``)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from govlens import __version__
from govlens.frameworks.manual import ManualAnswer
from govlens.frameworks.schema import Framework
from govlens.frameworks.values import IndicatorValue, framework_values, organisation_values
from govlens.scoring.frameworks import SetEntry, rank_floor, score_set
from govlens.scoring.uncertainty import rank_uncertainty
from govlens.store.db import check_results, dumps, now, runs, sites
from govlens.store.tables import framework_scores, indicator_values, score_runs

RESULTS_SCHEMA = "govlens.results/1"
SCORES_SCHEMA = "govlens.scores/1"


@dataclass
class RunInput:
    """The check results of one run, keyed by site URL."""

    ref: str
    run_id: int | None
    run: dict[str, Any]
    checks: dict[str, dict[str, dict[str, Any]]]
    organisations: dict[str, str]  # site URL -> organisation id
    org_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    site_status: dict[str, str] = field(default_factory=dict)


def load_results_json(path: str | Path) -> RunInput:
    from govlens.store.results import read_results_file

    path = Path(path)
    data = read_results_file(path)
    ri = RunInput(str(path), None, dict(data.get("run") or {}), {}, {})
    for n, s in enumerate(data.get("sites") or []):
        url = s.get("url")
        if not url:
            raise ValueError(f"{path}: sites[{n}]: url is required")
        ri.checks[url] = {cid: dict(r) for cid, r in (s.get("checks") or {}).items()}
        org = s.get("organisation") or {}
        if org.get("id"):
            ri.organisations[url] = org["id"]
            ri.org_info.setdefault(org["id"], org)
        ri.site_status[url] = str(s.get("status", ""))
    return ri


def resolve_run_id(engine: Engine, run: str) -> int:
    from govlens.store.results import resolve_run

    try:
        return resolve_run(engine, run)
    except LookupError as exc:
        raise LookupError(f"{exc} (RUN is a run id, 'latest' or a results.json file)") from None


def load_results_db(engine: Engine, run: str) -> RunInput:
    rid = resolve_run_id(engine, run)
    with engine.connect() as conn:
        r = conn.execute(select(runs).where(runs.c.id == rid)).mappings().one()
        ri = RunInput(run, rid, {"id": rid, "name": r["name"], "started": str(r["started"]),
                                 "source": r["source"]}, {}, {})
        srows = conn.execute(select(sites).where(sites.c.run_id == rid)).mappings().all()
        by_id = {}
        for s in srows:
            by_id[s["id"]] = s["url"]
            ri.checks[s["url"]] = {}
            ri.site_status[s["url"]] = s["status"]
            if s["org_id"]:
                ri.organisations[s["url"]] = s["org_id"]
                ri.org_info.setdefault(s["org_id"], dict(s["organisation"] or {}))
        if by_id:
            for c in conn.execute(select(check_results).where(check_results.c.site_id.in_(list(by_id)))).mappings():
                ri.checks[by_id[c["site_id"]]][c["check_id"]] = {
                    "outcome": c["outcome"], "score": c["score"], "evidence": c["evidence"],
                    "details": c["details"]}
    return ri


@dataclass
class FrameworkRun:
    framework: Framework
    site_values: dict[str, dict[str, IndicatorValue]]
    org_values: dict[str, dict[str, IndicatorValue]]
    site_scores: dict[str, SetEntry]
    org_scores: dict[str, SetEntry]


def score_run(framework: Framework, inp: RunInput, answers: Sequence[ManualAnswer]) -> FrameworkRun:
    sv = framework_values(framework, inp.checks, answers, inp.organisations)
    ov = organisation_values(framework, sv, inp.organisations, answers)
    return FrameworkRun(framework, sv, ov, score_set(framework, sv), score_set(framework, ov))


def entity_sensitivity(fr: FrameworkRun, kind: str = "site", n_draws: int = 1000,
                       seed: int = 0) -> dict[str, Any] | None:
    """Rank intervals of the sites (or organisations) when the criterion weights and the
    normalisation vary. The basis is each criterion's share over its assessed indicators
    (labelled so); criteria some entity lacks are left out and entities with no value at all
    are excluded — nothing is zeroed or imputed."""
    entries = fr.site_scores if kind == "site" else fr.org_scores
    if len(entries) < 3:
        return None
    crit_ids = [c.id for c in fr.framework.criteria]
    table = {e: {c: s.score.criteria[c].assessed for c in crit_ids if c in s.score.criteria}
             for e, s in entries.items()}
    # entities with no value at all (e.g. unreachable sites) are left out; the criteria used
    # are those every remaining entity has a value for (so nothing is imputed)
    excluded = {e: "no criterion value" for e, row in table.items()
                if all(v is None for v in row.values())}
    # and entities with too little known to rank (rank_floor: an unreachable site)
    floor = rank_floor(fr.framework, [s.score.total.coverage or 0.0 for s in entries.values()])
    for e, s in entries.items():
        cov = s.score.total.coverage or 0.0
        if e not in excluded and cov < floor:
            excluded[e] = f"coverage {cov:.0%} below the {floor:.0%} needed to rank"
    table = {e: row for e, row in table.items() if e not in excluded}
    usable = [c for c in crit_ids if table and all(row.get(c) is not None for row in table.values())]
    if len(table) < 2 or not usable:
        return None
    base = {c.id: c.weight for c in fr.framework.criteria}
    res = rank_uncertainty(table, usable, n_draws=n_draws, seed=seed, base_weights=base)
    res.excluded.update(excluded)
    return {"basis": "criterion shares over assessed indicators", "entity_kind": kind,
            **res.to_dict()}


def save_scores(engine: Engine, inp: RunInput, fr: FrameworkRun, manual_files: Sequence[str]) -> int:
    """Write one score run (indicator values with provenance, and scores); returns its id."""
    crit = {i.id: i.criterion for i in fr.framework.indicators}
    with engine.begin() as conn:
        sid = conn.execute(insert(score_runs).values(
            run_id=inp.run_id, run_ref=inp.ref, framework=fr.framework.id,
            edition=fr.framework.edition, manual_files=list(manual_files), created=now(),
            govlens_version=__version__)).inserted_primary_key[0]
        rows = []
        for kind, values in (("site", fr.site_values), ("organisation", fr.org_values)):
            for ent, vals in values.items():
                for ind, v in vals.items():
                    rows.append({"score_run_id": sid, "entity_kind": kind, "entity": ent,
                                 "indicator": ind, "criterion": crit[ind], "value": v.value,
                                 "automated_value": v.automated_value, "provenance": v.provenance,
                                 "needs_confirmation": int(v.needs_confirmation),
                                 "checks": list(v.checks),
                                 "answer_ref": dict(v.answer_ref) if v.answer_ref else None,
                                 "note": v.note, "from_site": v.site})
        if rows:
            conn.execute(insert(indicator_values), rows)
        srows = []
        for kind, entries in (("site", fr.site_scores), ("organisation", fr.org_scores)):
            for ent, e in entries.items():
                d = e.to_dict()
                srows.append({"score_run_id": sid, "entity_kind": kind, "entity": ent,
                              "organisation": inp.organisations.get(ent, "") if kind == "site" else ent,
                              "score": d["score"], "score_max": d["score_max"], "lower": d["lower"],
                              "upper": d["upper"], "assessed": d["assessed"], "share": d["share"],
                              "coverage": d["coverage"], "normalised": d["normalised"],
                              "rank": d["rank"], "level": d["level"], "criteria": d["criteria"],
                              "views": d["views"], "provenance": d["provenance"]})
        if srows:
            conn.execute(insert(framework_scores), srows)
    return int(sid)


SCORE_COLUMNS = ("framework", "entity_kind", "entity", "organisation", "score", "score_max",
                 "lower", "upper", "assessed", "share", "coverage", "normalised", "rank",
                 "rank_assessed", "rank_note", "level",
                 "n", "n_known", "automated", "manual", "overridden", "missing")
INDICATOR_COLUMNS = ("framework", "entity_kind", "entity", "indicator", "criterion", "value",
                     "automated_value", "provenance", "needs_confirmation", "checks",
                     "from_site", "assessor", "evidence_url", "answer_date", "note")


def _fmt(v: Any) -> Any:
    if isinstance(v, float):
        return round(v, 6)
    return "" if v is None else v


def write_outputs(out: Path, inp: RunInput, runs_: Sequence[FrameworkRun],
                  score_run_ids: Mapping[str, int] | None = None,
                  sensitivity: Mapping[str, Any] | None = None) -> list[Path]:
    """``scores.json`` (everything, traceable), ``scores.csv`` (one row per entity and
    framework, criteria as ``crit.<id>`` shares) and ``indicators.csv`` (one row per value)."""
    out.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {"schema": SCORES_SCHEMA, "created": now().isoformat(),
                           "govlens_version": __version__,
                           "run": {"ref": inp.ref, "id": inp.run_id, **inp.run}, "frameworks": {}}
    crit_cols: list[str] = []
    score_rows: list[dict[str, Any]] = []
    ind_rows: list[dict[str, Any]] = []
    for fr in runs_:
        f = fr.framework
        fdoc: dict[str, Any] = {
            "title": dict(f.title), "edition": f.edition, "method": f.total_method,
            "formula": f.scoring.get("formula", ""), "counts": f.counts(),
            "score_run_id": (score_run_ids or {}).get(f.id),
            "sensitivity": (sensitivity or {}).get(f.id), "sites": {}, "organisations": {}}
        for c in f.criteria:
            if f"crit.{c.id}" not in crit_cols:
                crit_cols.append(f"crit.{c.id}")
        for kind, entries, values, key in (("site", fr.site_scores, fr.site_values, "sites"),
                                           ("organisation", fr.org_scores, fr.org_values, "organisations")):
            for ent, e in entries.items():
                d = e.to_dict()
                fdoc[key][ent] = {**d, "organisation": inp.organisations.get(ent, "") if kind == "site" else ent,
                                  "indicators": {i: v.to_dict() for i, v in values[ent].items()}}
                prov = d["provenance"]
                row = {"framework": f.id, "entity_kind": kind, "entity": ent,
                       "organisation": inp.organisations.get(ent, "") if kind == "site" else ent,
                       **{k: d[k] for k in ("score", "score_max", "lower", "upper", "assessed",
                                            "share", "coverage", "normalised", "rank",
                                            "rank_assessed", "rank_note", "level", "n", "n_known")},
                       **{p: prov.get(p, 0) for p in ("automated", "manual", "overridden", "missing")}}
                for cid, agg in d["criteria"].items():
                    row[f"crit.{cid}"] = agg["value"] if agg["value"] is not None else ""
                score_rows.append(row)
                for iid, v in values[ent].items():
                    ref = v.answer_ref or {}
                    ind_rows.append({"framework": f.id, "entity_kind": kind, "entity": ent,
                                     "indicator": iid, "criterion": f.indicator(iid).criterion,
                                     "value": v.value, "automated_value": v.automated_value,
                                     "provenance": v.provenance,
                                     "needs_confirmation": int(v.needs_confirmation),
                                     "checks": " ".join(v.checks), "from_site": v.site,
                                     "assessor": ref.get("assessor", ""),
                                     "evidence_url": ref.get("evidence_url", ""),
                                     "answer_date": ref.get("date", ""), "note": v.note})
        doc["frameworks"][f.id] = fdoc
    paths = [out / "scores.json", out / "scores.csv", out / "indicators.csv"]
    paths[0].write_text(dumps(doc) + "\n", encoding="utf-8")
    for path, cols, rows in ((paths[1], list(SCORE_COLUMNS) + crit_cols, score_rows),
                             (paths[2], list(INDICATOR_COLUMNS), ind_rows)):
        with path.open("w", encoding="utf-8-sig", newline="") as fh:  # the BOM: Excel reads UTF-8
            w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: _fmt(r.get(k)) for k in cols})
    return paths

"""Countries compared on one framework: the focus country against each peer, the peer median
and the best, with rank intervals; and league tables of organisations within each country.

A country's value of an indicator is the share of its organisations in the framework's unit
(units.yaml) that have the feature, among those judged — so a country with 40 catalogued
ministries and one with 8 are compared on the same 0–1 scale, and an organisation nobody
could judge (unreachable, or an indicator awaiting a person's answer) neither helps nor hurts.
The score of a country is then the framework's own scoring (``score_values``) of those
values, read as the share over the indicators that have a value (``assessed``), with the
coverage said beside it: automated checks answer only part of each instrument.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from govlens.benchmark.units import Unit, unit_of
from govlens.frameworks.schema import Framework
from govlens.frameworks.values import IndicatorValue
from govlens.scoring.composite import rank_map
from govlens.scoring.frameworks import FrameworkScore, rank_floor, score_values
from govlens.scoring.runs import FrameworkRun, RunInput
from govlens.scoring.uncertainty import rank_uncertainty

Values = Mapping[str, Mapping[str, IndicatorValue | float | None]]


@dataclass
class CountryValues:
    """Per country: indicator → share of its unit organisations with the feature."""

    values: dict[str, dict[str, float | None]] = field(default_factory=dict)
    organisations: dict[str, list[str]] = field(default_factory=dict)  # the unit orgs judged


def org_kind(inp: RunInput, org: str) -> str:
    return str((inp.org_info.get(org) or {}).get("kind") or "")


def org_country(inp: RunInput, org: str) -> str:
    return str((inp.org_info.get(org) or {}).get("country") or "")


def _num(v: IndicatorValue | float | None) -> float | None:
    return v.value if isinstance(v, IndicatorValue) else v


def country_values(framework: Framework, inp: RunInput, org_values: Values,
                   unit: Unit | None = None) -> CountryValues:
    """Mean of the unit organisations' values per country and indicator (missing stays
    missing: an indicator no organisation of the country has a value for is None)."""
    unit = unit or unit_of(framework.id)
    sums: dict[str, dict[str, list[float]]] = {}
    out = CountryValues()
    for org, vals in org_values.items():
        if not unit.includes(org_kind(inp, org)):
            continue
        c = org_country(inp, org)
        if not c:
            continue
        known = {i: _num(v) for i, v in vals.items() if _num(v) is not None}
        if not known:
            continue  # nothing judged at this organisation (unreachable): not in the mean
        out.organisations.setdefault(c, []).append(org)
        acc = sums.setdefault(c, {})
        for i, x in known.items():
            acc.setdefault(i, []).append(float(x))  # type: ignore[arg-type]
    for c, acc in sums.items():
        out.values[c] = {i.id: (sum(acc[i.id]) / len(acc[i.id]) if acc.get(i.id) else None)
                         for i in framework.indicators}
    return out


def share_of(score: FrameworkScore) -> float | None:
    """The headline of a benchmark: the share over the indicators with a value."""
    return score.total.assessed


def criteria_of(score: FrameworkScore) -> dict[str, float | None]:
    return {c: a.assessed for c, a in score.criteria.items()}


def _intervals(table: Mapping[str, Mapping[str, float | None]], framework: Framework,
               n_draws: int, seed: int) -> dict[str, dict[str, Any]]:
    """Rank intervals (90%) over the criteria every entity has a value for."""
    if len(table) < 3:
        return {}
    crit = [c.id for c in framework.criteria
            if all(row.get(c.id) is not None for row in table.values())]
    if not crit:
        return {}
    base = {c.id: c.weight for c in framework.criteria}
    res = rank_uncertainty(table, crit, n_draws=n_draws, seed=seed, base_weights=base)
    return {e: {"median_rank": iv.median_rank, "interval_90": [iv.p05, iv.p95],
                "most_sensitive": iv.most_sensitive} for e, iv in res.intervals.items()}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def compare_countries(fr: FrameworkRun, inp: RunInput, focus: str, peers: Sequence[str],
                      names: Mapping[str, Mapping[str, str]], *, n_draws: int = 1000,
                      seed: int = 0) -> tuple[dict[str, Any], CountryValues]:
    """The framework's section of the answer (see docs/answer.md): countries, peer median,
    best, gaps of the focus country to the best peer, league tables."""
    f = fr.framework
    unit = unit_of(f.id)
    cv = country_values(f, inp, fr.org_values, unit)
    wanted = [focus, *[p for p in peers if p != focus]]
    scores = {c: score_values(f, cv.values[c]) for c in wanted if c in cv.values}
    shares = {c: share_of(s) for c, s in scores.items()}
    crits = {c: criteria_of(s) for c, s in scores.items()}
    rk = rank_map(shares)
    iv = _intervals(crits, f, n_draws, seed)
    countries = {}
    for c, s in scores.items():
        countries[c] = {"name": dict(names.get(c) or {"en": c}), "score": _r(shares[c]),
                        "coverage": _r(s.total.coverage),
                        "criteria": {k: _r(v) for k, v in crits[c].items()},
                        "rank": rk.get(c), "organisations": len(cv.organisations.get(c, [])),
                        **iv.get(c, {"median_rank": None, "interval_90": None})}
    peer_ids = [p for p in wanted[1:] if p in scores]
    crit_ids = [c.id for c in f.criteria]

    def med(xs: list[float | None]) -> float | None:
        known = [x for x in xs if x is not None]
        return round(statistics.median(known), 4) if known else None

    def best(get: Any) -> dict[str, Any] | None:
        known = [(get(p), p) for p in peer_ids if get(p) is not None]
        if not known:
            return None
        v, p = min(known, key=lambda t: (-t[0], t[1]))  # ties: the first code alphabetically
        return {"country": p, "value": round(v, 4)}

    peer_median = {"score": med([shares[p] for p in peer_ids]),
                   "criteria": {c: med([crits[p].get(c) for p in peer_ids]) for c in crit_ids}}
    best_ = {"score": best(lambda p: shares[p]),
             "criteria": {c: best(lambda p, c=c: crits[p].get(c)) for c in crit_ids}}
    gaps = []
    if focus in crits:
        for c in crit_ids:
            b, fv = best_["criteria"][c], crits[focus].get(c)
            if b is None or fv is None:
                continue
            gaps.append({"criterion": c, "focus": _r(fv), "peer_median": peer_median["criteria"][c],
                         "best": b["value"], "best_country": b["country"],
                         "gap_to_best": round(b["value"] - fv, 4)})
        gaps.sort(key=lambda g: (-g["gap_to_best"], g["criterion"]))
    section = {
        "id": f.id, "title": dict(f.title), "edition": f.edition,
        "unit": {"kinds": list(unit.kinds), "why": dict(unit.why)},
        "criteria": [{"id": c.id, "title": dict(c.name)} for c in f.criteria],
        "basis": {"en": "share of the indicators with a value (automated checks and answers); "
                        "coverage is the share of the instrument's weight that has one",
                  "th": "สัดส่วนของตัวชี้วัดที่มีค่า (จากการตรวจอัตโนมัติและคำตอบ) "
                        "ความครอบคลุมคือสัดส่วนน้ำหนักของเครื่องมือที่มีค่า"},
        "countries": countries, "peer_median": peer_median, "best": best_, "gaps": gaps,
        "league": {c: league(fr, inp, c, n_draws=max(200, n_draws // 4), seed=seed)
                   for c in wanted if c in scores},
    }
    return section, cv


def league(fr: FrameworkRun, inp: RunInput, country: str, *, n_draws: int = 250,
           seed: int = 0) -> list[dict[str, Any]]:
    """The organisations of one country, best first, by assessed share (those with too
    little known to rank — below the framework's rank floor — come last, unranked)."""
    f = fr.framework
    entries = {o: e for o, e in fr.org_scores.items() if org_country(inp, o) == country}
    if not entries:
        return []
    floor = rank_floor(f, [e.score.total.coverage or 0.0 for e in entries.values()])
    rankable = {o: share_of(e.score) for o, e in entries.items()
                if (e.score.total.coverage or 0.0) >= floor and share_of(e.score) is not None}
    rk = rank_map(rankable)
    iv = _intervals({o: criteria_of(entries[o].score) for o in rankable}, f, n_draws, seed)
    rows = []
    for o, e in entries.items():
        info = inp.org_info.get(o) or {}
        rows.append({"org": o, "name": dict(info.get("name") or {"en": o}),
                     "kind": info.get("kind", ""), "sector": info.get("sector", ""),
                     "score": _r(share_of(e.score)), "coverage": _r(e.score.total.coverage),
                     "rank": rk.get(o), "interval_90": (iv.get(o) or {}).get("interval_90"),
                     "criteria": {k: _r(v) for k, v in criteria_of(e.score).items()}})
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["org"]))
    return rows

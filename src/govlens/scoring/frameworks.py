"""Framework scores from indicator values, following each framework's ``scoring`` block.

``scoring.total``:

* ``share`` (LOSI, Thai standard) — score = Σ w·v / Σ w (0–1);
* ``points`` (OSI) — score = raw points Σ w·v (out of Σ w); the instrument's normalised value
  is a min-max over the assessed set (:func:`score_set`);
* ``weighted_criteria`` (Waseda, EU) — score = Σ_c W_c·share_c, out of Σ_c W_c (Waseda: 100
  points); with ``scoring.unit: share`` (EU) it is reported as the 0–1 weighted mean of the
  criteria (= the mean of the 4 benchmarks).

Criteria and views (e.g. the EPI stages) are shares. When some indicators are missing the
score is None, and ``lower`` / ``upper`` bound it (missing counted as 0 / as 1) while
``assessed`` gives the share over the indicators that have a value — never a silent zero.
Items an instrument scores that no source names (``scoring.unlisted``, LOSI 2024: 2 of 96)
count in the total's denominator as missing, so such a total is always given by its bounds.

Ranks: ``rank`` ranks complete scores. ``rank_assessed`` ranks the assessed shares, but only
of entities with enough of the framework known — a coverage (share of the weight with a
value) of at least :data:`MIN_RANK_COVERAGE` and at least half the best-covered entity's
(``scoring.min_rank_coverage`` in a framework file changes the floor). An unreachable site
whose only known indicators are its reachability is therefore not ranked, and ``rank_note``
says why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govlens.frameworks.schema import Framework
from govlens.frameworks.values import IndicatorValue
from govlens.scoring.composite import (
    Aggregate,
    aggregate,
    criterion_scores,
    egdi_group,
    minmax,
    rank_map,
    weighted_criteria,
)


def _value(v: IndicatorValue | float | None) -> float | None:
    return v.value if isinstance(v, IndicatorValue) else v


@dataclass(frozen=True, slots=True)
class FrameworkScore:
    framework: str
    method: str
    score: float | None  # in the instrument's unit (share 0–1, or points)
    score_max: float
    lower: float | None
    upper: float | None
    assessed: float | None
    total: Aggregate  # as a share 0–1
    criteria: Mapping[str, Aggregate]
    views: Mapping[str, Mapping[str, Aggregate]] = field(default_factory=dict)
    provenance: Mapping[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        return self.total.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework, "method": self.method, "score": self.score,
            "score_max": self.score_max, "lower": self.lower, "upper": self.upper,
            "assessed": self.assessed, "share": self.total.value,
            "coverage": self.total.coverage, "n": self.total.n, "n_known": self.total.n_known,
            "criteria": {k: v.to_dict() for k, v in self.criteria.items()},
            "views": {k: {g: a.to_dict() for g, a in v.items()} for k, v in self.views.items()},
            "provenance": dict(self.provenance),
        }


def score_values(framework: Framework, values: Mapping[str, IndicatorValue | float | None]) -> FrameworkScore:
    """Score one entity (a site or an organisation) from its indicator values."""
    vals = {i.id: _value(values.get(i.id)) for i in framework.indicators}
    weights = {i.id: i.weight for i in framework.indicators}
    crit_of = {i.id: i.criterion for i in framework.indicators}
    crits = criterion_scores(vals, crit_of, weights)
    crits = {c.id: crits[c.id] for c in framework.criteria if c.id in crits}
    method = framework.total_method
    if method == "weighted_criteria":
        total = weighted_criteria(crits, {c.id: c.weight for c in framework.criteria})
    else:
        # items the instrument scores that no source names (scoring.unlisted) are in the
        # denominator and always missing: the share is then only known within its bounds
        unlisted = {f"~unlisted-{n + 1}": None for n in range(framework.unlisted)}
        total = aggregate({**vals, **unlisted}, weights)
    # the headline unit: scoring.unit, by default a share for "share" and points otherwise
    unit_name = framework.scoring.get("unit") or ("share" if method == "share" else "points")
    scale = total.max_points if unit_name == "points" else 1.0
    # total.value etc. are shares; express the headline in the instrument's unit
    def unit(x: float | None) -> float | None:
        return None if x is None else x * scale

    views = {}
    for vid, view in framework.views.items():
        views[vid] = {g: aggregate({i: vals[i] for i in ids}, weights) for g, ids in view.groups.items()}
    prov = Counter(v.provenance for v in values.values() if isinstance(v, IndicatorValue))
    return FrameworkScore(
        framework=framework.id, method=method, score=unit(total.value), score_max=scale,
        lower=unit(total.lower), upper=unit(total.upper), assessed=unit(total.assessed),
        total=total, criteria=crits, views=views, provenance=dict(prov),
    )


MIN_RANK_COVERAGE = 0.1  # the floor; an entity also needs half the best-covered entity's coverage
RELATIVE_RANK_COVERAGE = 0.5


@dataclass(frozen=True, slots=True)
class SetEntry:
    score: FrameworkScore
    normalised: float | None  # min-max of the score over the assessed set
    rank: int | None  # competition rank of the score in the set (1 = best)
    level: str | None  # EGDI-style level of the share (frameworks with levels: egdi)
    rank_assessed: int | None  # rank of the assessed share (indicative when incomplete)
    rank_note: str = ""  # why there is no rank, or why the rank is only indicative

    def to_dict(self) -> dict[str, Any]:
        d = self.score.to_dict()
        d.update(normalised=self.normalised, rank=self.rank, level=self.level,
                 rank_assessed=self.rank_assessed, rank_note=self.rank_note)
        return d


def rank_floor(framework: Framework, coverages: list[float]) -> float:
    """The coverage an entity needs for a rank by assessed share in this set."""
    floor = float(framework.scoring.get("min_rank_coverage", MIN_RANK_COVERAGE))
    return max(floor, RELATIVE_RANK_COVERAGE * max(coverages, default=0.0))


def _rank_note(e: FrameworkScore, rank: int | None, rank_assessed: int | None, floor: float) -> str:
    cov = e.total.coverage or 0.0
    if rank is not None:
        return ""
    if rank_assessed is not None:
        return f"score incomplete ({cov:.0%} of the weight known): ranked by assessed share, indicative"
    if e.assessed is None:
        return "not ranked: no indicator has a value"
    return f"not ranked: {cov:.0%} of the weight known, below the {floor:.0%} needed to rank"


def score_set(framework: Framework, values_by_entity: Mapping[str, Mapping[str, IndicatorValue | float | None]]) -> dict[str, SetEntry]:
    """Score every entity, then normalise (min-max) and rank over the set (missing stays
    missing: an entity without a complete score has no normalised value and no rank)."""
    scores = {e: score_values(framework, v) for e, v in values_by_entity.items()}
    keys = list(scores)
    norm = dict(zip(keys, minmax([scores[k].score for k in keys]), strict=True))
    rk = rank_map({k: scores[k].score for k in keys})
    floor = rank_floor(framework, [scores[k].total.coverage or 0.0 for k in keys])
    rka = rank_map({k: scores[k].assessed if (scores[k].total.coverage or 0.0) >= floor else None
                    for k in keys})
    levels = framework.scoring.get("levels") == "egdi"
    out = {}
    for k in keys:
        lv_basis = norm[k] if framework.total_method == "points" else scores[k].share
        out[k] = SetEntry(scores[k], norm[k], rk[k], egdi_group(lv_basis) if levels else None, rka[k],
                          _rank_note(scores[k], rk[k], rka[k], floor))
    return out

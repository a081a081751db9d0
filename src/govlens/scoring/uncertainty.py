"""Uncertainty and sensitivity of ranks (JRC/OECD Handbook on Constructing Composite
Indicators, 2008: vary the uncertain inputs by Monte Carlo, report rank intervals, attribute
the rank variance to the inputs).

Each draw (seeded, ``numpy.random.default_rng(seed)``):

1. weights ``w ~ Dirichlet(α · k · w₀)`` around the base weights ``w₀`` (equal by default); with
   α = 10 and three criteria each weight has mean ⅓ and standard deviation ≈ 0.085;
2. a normalisation drawn uniformly from ``minmax``, ``zscore``, ``rank`` (each criterion
   normalised over the set);
3. composite ``Σ w_c · norm_c``, ranked by competition ranking (1 = best).

Reported per entity: the base rank (base weights, min-max), the median rank and the 90%
interval (5th–95th percentile) over the draws, and a first-order sensitivity index per input,
``S_c = Var(E[rank | w_c]) / Var(rank)``, estimated by grouping the draws into 10 equal-count
bins of ``w_c`` (for the normalisation: by method). The criterion with the largest ``S_c`` is
"the criterion the rank is most sensitive to" (None when the rank does not move within its
90% interval); ``direction`` says whether more weight on it improves (+) or worsens (-) the
rank. The weights are dependent (they sum to 1), so the indices need not add up to ≤ 1:
read them as a ranking of influence, not a variance decomposition.

Missing stays missing: an entity lacking a criterion value is not ranked (listed in
``excluded``); the rest are ranked among themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from govlens.scoring.composite import NORMALISERS, ranks

DEFAULT_NORMALISATIONS = ("minmax", "zscore", "rank")


@dataclass(frozen=True, slots=True)
class RankInterval:
    entity: str
    base_rank: int
    median_rank: float
    p05: float
    p95: float
    most_sensitive: str | None
    sensitivity: Mapping[str, float]  # first-order index per criterion weight
    direction: Mapping[str, str]  # "+" more weight → better rank, "-" worse, "0" none
    normalisation_sensitivity: float

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "base_rank": self.base_rank,
                "median_rank": self.median_rank, "interval_90": [self.p05, self.p95],
                "most_sensitive": self.most_sensitive,
                "sensitivity": {k: round(v, 4) for k, v in self.sensitivity.items()},
                "direction": dict(self.direction),
                "normalisation_sensitivity": round(self.normalisation_sensitivity, 4)}


@dataclass
class UncertaintyResult:
    criteria: tuple[str, ...]
    n_draws: int
    seed: int
    concentration: float
    normalisations: tuple[str, ...]
    intervals: dict[str, RankInterval] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)
    ranks: np.ndarray | None = None  # draws × entities

    def to_dict(self) -> dict[str, Any]:
        return {"criteria": list(self.criteria), "n_draws": self.n_draws, "seed": self.seed,
                "concentration": self.concentration, "normalisations": list(self.normalisations),
                "intervals": {k: v.to_dict() for k, v in self.intervals.items()},
                "excluded": dict(self.excluded)}


def _first_order(x: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    vy = float(y.var())
    if vy == 0:
        return 0.0
    order = np.argsort(x, kind="mergesort")
    parts = np.array_split(order, bins)
    means = np.array([y[p].mean() for p in parts if len(p)])
    sizes = np.array([len(p) for p in parts if len(p)])
    grand = float(y.mean())
    return float((sizes * (means - grand) ** 2).sum() / sizes.sum() / vy)


def _by_group(labels: np.ndarray, y: np.ndarray) -> float:
    vy = float(y.var())
    if vy == 0:
        return 0.0
    grand = float(y.mean())
    tot = 0.0
    for g in np.unique(labels):
        m = labels == g
        tot += m.sum() * (y[m].mean() - grand) ** 2
    return float(tot / len(y) / vy)


def rank_uncertainty(
    table: Mapping[str, Mapping[str, float | None]],
    criteria: Sequence[str] | None = None,
    *,
    n_draws: int = 1000,
    seed: int = 0,
    concentration: float = 10.0,
    base_weights: Mapping[str, float] | None = None,
    normalisations: Sequence[str] = DEFAULT_NORMALISATIONS,
    focus: Iterable[str] | None = None,
) -> UncertaintyResult:
    """Monte Carlo rank intervals for entities scored on criteria (see the module docstring).

    ``table`` maps entity → {criterion: value}. ``focus`` limits the reported intervals to
    some entities (all are still ranked)."""
    if criteria is None:
        criteria = sorted({c for row in table.values() for c in row})
    crit = tuple(criteria)
    for m in normalisations:
        if m not in NORMALISERS:
            raise ValueError(f"unknown normalisation {m!r}; one of {sorted(NORMALISERS)}")
    result = UncertaintyResult(crit, n_draws, seed, concentration, tuple(normalisations))
    entities: list[str] = []
    rows: list[list[float]] = []
    for e, row in table.items():
        miss = [c for c in crit if row.get(c) is None]
        if miss:
            result.excluded[e] = "missing " + ", ".join(miss)
            continue
        entities.append(e)
        rows.append([float(row[c]) for c in crit])  # type: ignore[arg-type]
    if len(entities) < 2:
        return result
    x = np.array(rows)
    k = len(crit)
    w0 = np.array([float((base_weights or {}).get(c, 1.0)) for c in crit])
    w0 = w0 / w0.sum()
    normed = {}
    for m in normalisations:
        cols = [NORMALISERS[m](list(x[:, j])) for j in range(k)]
        normed[m] = np.array([[0.0 if v is None else v for v in col] for col in cols]).T

    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(concentration * k * w0, size=n_draws)
    methods = rng.integers(0, len(normalisations), size=n_draws)
    rk = np.empty((n_draws, len(entities)))
    for d in range(n_draws):
        comp = normed[normalisations[methods[d]]] @ weights[d]
        rk[d] = ranks(list(comp), method="competition")
    result.ranks = rk

    base = ranks(list(minmax_matrix(x) @ w0), method="competition")
    wanted = set(focus) if focus is not None else None
    method_labels = methods.astype(int)
    for j, e in enumerate(entities):
        if wanted is not None and e not in wanted:
            continue
        y = rk[:, j]
        sens = {c: _first_order(weights[:, i], y) for i, c in enumerate(crit)}
        direction = {}
        for i, c in enumerate(crit):
            if y.std() == 0 or weights[:, i].std() == 0:
                direction[c] = "0"
            else:
                r = float(np.corrcoef(weights[:, i], y)[0, 1])
                direction[c] = "+" if r < -0.05 else "-" if r > 0.05 else "0"
        p05, p95 = float(np.percentile(y, 5)), float(np.percentile(y, 95))
        # a rank that does not move within its 90% interval has no "most sensitive" input
        top = (max(sens, key=lambda c: sens[c])
               if p95 > p05 and any(v > 0 for v in sens.values()) else None)
        result.intervals[e] = RankInterval(
            entity=e, base_rank=int(base[j] or 0), median_rank=float(np.median(y)),
            p05=p05, p95=p95,
            most_sensitive=top, sensitivity=sens, direction=direction,
            normalisation_sensitivity=_by_group(method_labels, y),
        )
    return result


def minmax_matrix(x: np.ndarray) -> np.ndarray:
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return (x - lo) / span

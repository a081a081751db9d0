"""Composite-indicator maths, as pure functions. Missing values (``None``) stay missing.

Formulas (see docs/scoring.md for the sources and the choices where they are silent):

* raw points ``P = Σ wᵢ·vᵢ`` over indicators with a value; maximum ``M = Σ wᵢ`` over all;
  share ``P / M`` — defined only when every indicator has a value. With some missing, the
  true share lies in ``[lower, upper] = [P / M, (P + M_missing) / M]``, and ``assessed = P /
  M_known`` is the share over the indicators that have a value (labelled as such).
* min-max ``(x − min) / (max − min)`` and z-score ``(x − μ) / σ`` (σ the *population*
  standard deviation, as the UN states) over the assessed set; undefined (None) when every
  value is equal.
* EGDI ``= w_OSI·OSI + w_TII·TII + w_HCI·HCI`` with equal weights ⅓ (2012–2024); the 2008
  and 2010 data reproduce only with 0.34 / 0.33 / 0.33 (derived here from the published
  figures, see docs/scoring.md).
* EGDI groups: Very High ``x > 0.75``; High ``0.50 ≤ x ≤ 0.75``; Middle ``0.25 ≤ x < 0.50``;
  Low ``x < 0.25``. The published text gives only "> 0.75 / 0.50–0.75 / 0.25–0.50 / < 0.25";
  we give an exact boundary value to the lower group at 0.75 and to the upper group at 0.50
  and 0.25 (no published EGDI 2020–2024 sits on a boundary, so the choice changes nothing
  there).
* rating classes: the quartiles of the group's members' values (numpy linear percentiles):
  ``x ≥ Q3`` → top class (VH, HV, MH, LM), ``Q2 ≤ x < Q3`` → second (V3, H3, M3, L3),
  ``Q1 ≤ x < Q2`` → third (V2 …), ``x < Q1`` → bottom (V1, H1, M1, L1). ``method="count"``
  instead cuts the sorted members into four equal-count parts. Both give Togo 2024 "M2" as
  published.
* ranks: competition ranking ("1, 2, 2, 4") on the values as published — the UN files tie
  equal published EGDIs this way in 2008, 2018 and 2022.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)
Num = float | None


def _isnum(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


# ----------------------------------------------------------------------------- aggregation


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Raw points and shares of a set of indicator values (0–1 each, weighted)."""

    points: float  # Σ w·v over indicators with a value
    max_points: float  # Σ w over all indicators
    known_max: float  # Σ w over indicators with a value
    n: int
    n_known: int
    value: float | None  # the share, only when every indicator has a value
    assessed: float | None  # points / known_max: the share over the indicators with a value
    lower: float | None  # missing counted as 0: the lowest the share can be
    upper: float | None  # missing counted as 1: the highest the share can be
    coverage: float | None  # known_max / max_points

    @property
    def complete(self) -> bool:
        return self.n_known == self.n

    @property
    def points_or_none(self) -> float | None:
        return self.points if self.complete else None

    def to_dict(self) -> dict[str, float | int | None]:
        return {"points": self.points_or_none, "points_known": self.points,
                "max_points": self.max_points, "n": self.n, "n_known": self.n_known,
                "value": self.value, "assessed": self.assessed, "lower": self.lower,
                "upper": self.upper, "coverage": self.coverage}


def aggregate(values: Mapping[str, Num], weights: Mapping[str, float] | None = None) -> Aggregate:
    """Raw points and shares; ``weights`` default to 1 each."""
    pts = mx = known = 0.0
    n = nk = 0
    for k, v in values.items():
        w = 1.0 if weights is None else float(weights.get(k, 1.0))
        n += 1
        mx += w
        if _isnum(v):
            nk += 1
            known += w
            pts += w * float(v)  # type: ignore[arg-type]
    if mx == 0:
        return Aggregate(pts, mx, known, n, nk, None, None, None, None, None)
    return Aggregate(
        points=pts, max_points=mx, known_max=known, n=n, n_known=nk,
        value=pts / mx if nk == n else None,
        assessed=pts / known if known > 0 else None,
        lower=pts / mx, upper=(pts + (mx - known)) / mx, coverage=known / mx,
    )


def raw_points(values: Mapping[str, Num], weights: Mapping[str, float] | None = None) -> float | None:
    """Σ w·v, or None when any value is missing."""
    return aggregate(values, weights).points_or_none


def share(values: Mapping[str, Num], weights: Mapping[str, float] | None = None) -> float | None:
    """Σ w·v / Σ w, or None when any value is missing."""
    return aggregate(values, weights).value


def criterion_scores(values: Mapping[str, Num], criterion_of: Mapping[str, str],
                     weights: Mapping[str, float] | None = None) -> dict[str, Aggregate]:
    """One :class:`Aggregate` per criterion (``criterion_of`` maps indicator → criterion)."""
    groups: dict[str, dict[str, Num]] = {}
    for k, v in values.items():
        groups.setdefault(criterion_of[k], {})[k] = v
    return {c: aggregate(g, weights) for c, g in groups.items()}


def weighted_criteria(criteria: Mapping[str, Aggregate], weights: Mapping[str, float]) -> Aggregate:
    """Σ_c W_c·share_c (e.g. Waseda points out of 100); bounds combine the criteria's bounds.

    ``assessed`` averages only the criteria with an assessed share, re-weighted to Σ W."""
    total_w = sum(float(weights.get(c, 1.0)) for c in criteria)
    n = sum(a.n for a in criteria.values())
    nk = sum(a.n_known for a in criteria.values())
    lo = sum(float(weights.get(c, 1.0)) * (a.lower or 0.0) for c, a in criteria.items())
    hi = sum(float(weights.get(c, 1.0)) * (a.upper if a.upper is not None else 1.0)
             for c, a in criteria.items())
    known_w = sum(float(weights.get(c, 1.0)) for c, a in criteria.items() if a.assessed is not None)
    known_pts = sum(float(weights.get(c, 1.0)) * a.assessed for c, a in criteria.items()
                    if a.assessed is not None)
    complete = all(a.value is not None for a in criteria.values())
    pts = sum(float(weights.get(c, 1.0)) * (a.value or 0.0) for c, a in criteria.items()) if complete else lo
    if total_w == 0:
        return Aggregate(pts, 0.0, 0.0, n, nk, None, None, None, None, None)
    cov = sum(float(weights.get(c, 1.0)) * (a.coverage or 0.0) for c, a in criteria.items()) / total_w
    return Aggregate(
        points=pts, max_points=total_w, known_max=cov * total_w, n=n, n_known=nk,
        value=pts / total_w if complete else None,
        assessed=known_pts / known_w if known_w > 0 else None,
        lower=lo / total_w, upper=hi / total_w, coverage=cov,
    )


# ----------------------------------------------------------------------------- normalisation


def _arr(xs: Sequence[Num]) -> tuple[np.ndarray, np.ndarray]:
    a = np.array([float(x) if _isnum(x) else np.nan for x in xs], dtype=float)
    return a, ~np.isnan(a)


def minmax(xs: Sequence[Num]) -> list[float | None]:
    """``(x − min) / (max − min)`` over the values present; None stays None.

    Undefined (all None) when fewer than two distinct values exist."""
    a, ok = _arr(xs)
    if not ok.any():
        return [None] * len(xs)
    lo, hi = float(a[ok].min()), float(a[ok].max())
    if hi == lo:
        return [None] * len(xs)
    return [float((x - lo) / (hi - lo)) if m else None for x, m in zip(a, ok, strict=True)]


def zscore(xs: Sequence[Num]) -> list[float | None]:
    """``(x − μ) / σ`` with the population σ (ddof = 0); undefined when σ = 0."""
    a, ok = _arr(xs)
    if ok.sum() < 2:
        return [None] * len(xs)
    mu, sd = float(a[ok].mean()), float(a[ok].std(ddof=0))
    if sd == 0:
        return [None] * len(xs)
    return [float((x - mu) / sd) if m else None for x, m in zip(a, ok, strict=True)]


def rank_normalise(xs: Sequence[Num]) -> list[float | None]:
    """Ranks scaled to 0–1 (lowest 0, highest 1; ties share the average rank)."""
    a, ok = _arr(xs)
    vals = a[ok]
    n = len(vals)
    if n < 2:
        return [None] * len(xs)
    order = vals.argsort(kind="mergesort")
    r = np.empty(n)
    r[order] = np.arange(n, dtype=float)
    # average ties
    for v in np.unique(vals):
        idx = vals == v
        r[idx] = r[idx].mean()
    out: list[float | None] = [None] * len(xs)
    it = iter(r / (n - 1))
    for i, m in enumerate(ok):
        if m:
            out[i] = float(next(it))
    return out


def component_index(raw: Sequence[Num], standardise: bool = True) -> list[float | None]:
    """A UN component index from raw values: z-score (optional), then min-max to 0–1.

    Min-max after a z-score equals min-max of the raw values (an affine map); the z-score
    matters only when raw indicators are combined before the min-max."""
    return minmax(zscore(raw) if standardise else list(raw))


NORMALISERS = {"minmax": minmax, "zscore": zscore, "rank": rank_normalise}


# ----------------------------------------------------------------------------- ranks


def ranks(xs: Sequence[Num], method: Literal["competition", "dense", "ordinal"] = "competition",
          descending: bool = True, decimals: int | None = None) -> list[int | None]:
    """Rank values (1 = best; highest first when ``descending``); None stays unranked.

    ``competition`` gives ties the same rank and skips the next ("1, 2, 2, 4"), as the UN
    EGDI tables do; ``dense`` gives "1, 2, 2, 3"; ``ordinal`` breaks ties by position.
    ``decimals`` rounds before comparing (to rank on values as published)."""
    vals = [(round(float(x), decimals) if decimals is not None else float(x)) if _isnum(x) else None
            for x in xs]
    present = [(v, i) for i, v in enumerate(vals) if v is not None]
    sign = -1.0 if descending else 1.0
    present.sort(key=lambda t: (sign * t[0], t[1]))
    out: list[int | None] = [None] * len(xs)
    prev: float | None = None
    rank = dense = 0
    for pos, (v, i) in enumerate(present, start=1):
        if method == "ordinal":
            out[i] = pos
            continue
        if v != prev:
            rank, dense, prev = pos, dense + 1, v
        out[i] = rank if method == "competition" else dense
    return out


def rank_map(values: Mapping[K, Num], **kw: object) -> dict[K, int | None]:
    keys = list(values)
    return dict(zip(keys, ranks([values[k] for k in keys], **kw), strict=True))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- EGDI

EQUAL_WEIGHTS = (1 / 3, 1 / 3, 1 / 3)
# (OSI, TII, HCI). 2008 and 2010: the published EGDI equals 0.34·OSI + 0.33·HCI + 0.33·TII
# for every assessed country (2010: within 1e-5; 2008: all but Cameroon and Cambodia) —
# derived from the UN data files, not from a published text (docs/scoring.md).
EGDI_WEIGHTS: dict[int, tuple[float, float, float]] = {2008: (0.34, 0.33, 0.33),
                                                       2010: (0.34, 0.33, 0.33)}


def egdi_weights(year: int | None) -> tuple[float, float, float]:
    return EGDI_WEIGHTS.get(year or 0, EQUAL_WEIGHTS)


def egdi(osi: Num, tii: Num, hci: Num, weights: tuple[float, float, float] = EQUAL_WEIGHTS) -> float | None:
    """EGDI = w·(OSI, TII, HCI); None when a component is missing."""
    if not (_isnum(osi) and _isnum(tii) and _isnum(hci)):
        return None
    return weights[0] * float(osi) + weights[1] * float(tii) + weights[2] * float(hci)  # type: ignore[arg-type]


GROUPS = ("Very High", "High", "Middle", "Low")
GROUP_CLASSES: dict[str, tuple[str, str, str, str]] = {
    "Very High": ("VH", "V3", "V2", "V1"),
    "High": ("HV", "H3", "H2", "H1"),
    "Middle": ("MH", "M3", "M2", "M1"),
    "Low": ("LM", "L3", "L2", "L1"),
}


def egdi_group(x: Num) -> str | None:
    """Very High > 0.75 ≥ High ≥ 0.50 > … Middle ≥ 0.25 > Low (see the module docstring)."""
    if not _isnum(x):
        return None
    v = float(x)  # type: ignore[arg-type]
    if v > 0.75:
        return "Very High"
    if v >= 0.50:
        return "High"
    if v >= 0.25:
        return "Middle"
    return "Low"


def rating_classes(values: Mapping[K, Num], method: Literal["value", "count"] = "value") -> dict[K, str | None]:
    """The rating class of each entity: quartiles within its EGDI group (module docstring)."""
    groups: dict[str, list[K]] = {}
    for k, v in values.items():
        g = egdi_group(v)
        if g is not None:
            groups.setdefault(g, []).append(k)
    out: dict[K, str | None] = {k: None for k in values}
    for g, members in groups.items():
        labels = GROUP_CLASSES[g]
        vals = np.array([float(values[k]) for k in members])  # type: ignore[arg-type]
        if method == "value":
            q1, q2, q3 = np.percentile(vals, [25, 50, 75])
            for k, v in zip(members, vals, strict=True):
                out[k] = labels[0] if v >= q3 else labels[1] if v >= q2 else labels[2] if v >= q1 else labels[3]
        else:
            n = len(members)
            order = sorted(range(n), key=lambda i: -vals[i])
            first_pos: dict[float, int] = {}
            for pos, i in enumerate(order):
                first_pos.setdefault(float(vals[i]), pos)
            for i in range(n):
                out[members[i]] = labels[min(3, (4 * first_pos[float(vals[i])]) // n)]
    return out


# ----------------------------------------------------------------------------- point grids


def point_grid(published: Sequence[str], max_denominator: int = 2000) -> int | None:
    """The smallest d ≤ ``max_denominator`` such that every published value (as printed, e.g.
    ``"0.90630"``) is k/d for an integer k, up to the rounding of its printed decimals — or
    None. A min-max of integer point totals over a set whose range is R points gives values on
    the grid 1/R; a weighted mean of several normalised sub-indices in general fits none. The
    tolerance is half a unit in the last decimal printed for the set (the most decimals any
    value shows)."""
    vals = [s.strip() for s in published if s and s.strip()]
    if not vals:
        return None
    decimals = max(len(s.split(".", 1)[1]) if "." in s else 0 for s in vals)
    tol = 0.5 * 10 ** -decimals
    xs = [float(s) for s in vals]
    for d in range(1, max_denominator + 1):
        if all(abs(x * d - round(x * d)) <= tol * d + 1e-12 for x in xs):
            return d
    return None

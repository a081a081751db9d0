"""Monte Carlo rank uncertainty: determinism, intervals, sensitivity, missing data."""

from __future__ import annotations

import numpy as np

from govlens.scoring import rank_uncertainty

TABLE = {
    "A": {"x": 0.9, "y": 0.2, "z": 0.5},
    "B": {"x": 0.2, "y": 0.9, "z": 0.5},
    "C": {"x": 0.55, "y": 0.55, "z": 0.5},
    "D": {"x": 0.1, "y": 0.1, "z": 0.1},
    "E": {"x": 0.5, "y": None, "z": 0.5},
}


def test_seeded_runs_are_identical_and_seeds_differ():
    a = rank_uncertainty(TABLE, n_draws=300, seed=7)
    b = rank_uncertainty(TABLE, n_draws=300, seed=7)
    c = rank_uncertainty(TABLE, n_draws=300, seed=8)
    assert np.array_equal(a.ranks, b.ranks)
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.ranks, c.ranks)


def test_intervals_sensitivity_and_missing():
    r = rank_uncertainty(TABLE, n_draws=2000, seed=1)
    assert r.excluded == {"E": "missing y"}  # missing stays missing: not ranked
    assert set(r.intervals) == {"A", "B", "C", "D"}
    d = r.intervals["D"]
    assert d.base_rank == d.median_rank == d.p05 == d.p95 == 4  # last whatever the weights
    assert d.most_sensitive is None
    a = r.intervals["A"]
    assert a.p05 < a.p95 and a.p05 <= a.median_rank <= a.p95
    # A is strong on x, weak on y: its rank depends on those weights, not on z (a constant
    # column apart from D)
    assert a.most_sensitive in ("x", "y")
    assert a.direction["x"] == "+" and a.direction["y"] == "-"
    assert r.to_dict()["intervals"]["A"]["interval_90"] == [a.p05, a.p95]


def test_focus_limits_reporting_only():
    r = rank_uncertainty(TABLE, n_draws=50, seed=0, focus=["C"])
    assert set(r.intervals) == {"C"} and r.ranks.shape == (50, 4)


def test_single_normalisation_and_base_weights():
    r = rank_uncertainty(TABLE, n_draws=200, seed=0, normalisations=("minmax",),
                         base_weights={"x": 1, "y": 0.0001, "z": 1}, concentration=1000)
    assert r.intervals["A"].base_rank == 1 and r.intervals["A"].median_rank == 1
    assert r.intervals["A"].normalisation_sensitivity == 0.0

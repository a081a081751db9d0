"""Composite maths: shares, normalisation, EGDI, groups, rating classes, ranks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govlens.frameworks import load_framework
from govlens.scoring import (
    aggregate,
    criterion_scores,
    egdi,
    egdi_group,
    egdi_weights,
    minmax,
    rank_normalise,
    ranks,
    rating_classes,
    raw_points,
    score_set,
    score_values,
    share,
    weighted_criteria,
    zscore,
)


def test_points_shares_and_bounds():
    vals = {"a": 1.0, "b": 0.0, "c": None, "d": 0.5}
    w = {"a": 2, "b": 1, "c": 1, "d": 2}
    agg = aggregate(vals, w)
    assert agg.points == 3.0 and agg.max_points == 6 and agg.known_max == 5
    assert agg.value is None and raw_points(vals, w) is None and share(vals, w) is None
    assert agg.assessed == pytest.approx(3 / 5)
    assert agg.lower == pytest.approx(3 / 6) and agg.upper == pytest.approx(4 / 6)
    assert share({"a": 1, "b": 0}) == 0.5 and raw_points({"a": 1, "b": 1}) == 2
    crit = criterion_scores(vals, {"a": "X", "b": "X", "c": "Y", "d": "Y"}, w)
    assert crit["X"].value == pytest.approx(2 / 3) and crit["Y"].value is None


def test_weighted_criteria_points():
    crits = {"A": aggregate({"x": 1, "y": 0}), "B": aggregate({"z": 1})}
    agg = weighted_criteria(crits, {"A": 14, "B": 86})
    assert agg.value == pytest.approx((14 * 0.5 + 86) / 100)
    part = weighted_criteria({"A": aggregate({"x": 1, "y": None}), "B": aggregate({"z": None})},
                             {"A": 14, "B": 86})
    assert part.value is None and part.lower == pytest.approx(14 * 0.5 / 100)
    assert part.upper == pytest.approx(1.0) and part.assessed == pytest.approx(1.0)


def test_normalisation_keeps_missing_missing():
    assert minmax([2, None, 4, 3]) == [0.0, None, 1.0, 0.5]
    assert minmax([1, 1]) == [None, None]  # undefined, not zero
    z = zscore([1, 2, 3, None])
    assert z[3] is None and z[1] == 0.0 and z[2] == pytest.approx(math.sqrt(1.5))  # population σ
    assert rank_normalise([10, None, 30, 20]) == [0.0, None, 1.0, 0.5]


@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), min_size=2, max_size=30))
def test_minmax_is_in_range_and_order_preserving(xs):
    out = minmax(xs)
    for x, y in zip(xs, out, strict=True):
        assert (x is None) == (y is None) or (y is None)
    got = [(x, y) for x, y in zip(xs, out, strict=True) if y is not None]
    assert all(0 <= y <= 1 for _, y in got)
    for (x1, y1) in got:
        for (x2, y2) in got:
            if x1 < x2:
                assert y1 <= y2


def test_ranks_competition_dense_ordinal():
    xs = [0.9, 0.8, 0.8, None, 0.7]
    assert ranks(xs) == [1, 2, 2, None, 4]
    assert ranks(xs, method="dense") == [1, 2, 2, None, 3]
    assert ranks(xs, method="ordinal") == [1, 2, 3, None, 4]
    assert ranks([0.77451, 0.7745], decimals=4) == [1, 1]
    assert ranks([3, 1, 2], descending=False) == [3, 1, 2]


def test_egdi_and_weights():
    # Thailand 2022 (methodology.md): (0.7763 + 0.7879 + 0.7338) / 3 = 0.7660
    assert round(egdi(0.7763, 0.7338, 0.7879), 4) == 0.7660
    assert egdi(0.5, None, 0.5) is None
    assert egdi_weights(2010) == (0.34, 0.33, 0.33) and egdi_weights(2024)[0] == pytest.approx(1 / 3)


@pytest.mark.parametrize("x, group", [
    (0.7501, "Very High"), (0.75, "High"), (0.5, "High"), (0.4999, "Middle"), (0.25, "Middle"),
    (0.2499, "Low"), (0.0, "Low"), (None, None),
])
def test_egdi_group_boundaries(x, group):
    assert egdi_group(x) == group


def test_rating_classes_quartiles_within_groups():
    vals = {f"v{i}": 0.76 + i * 0.01 for i in range(8)}  # 8 Very High countries
    vals.update({"m": 0.3, "none": None})
    rc = rating_classes(vals)
    assert [rc[f"v{i}"] for i in range(8)] == ["V1", "V1", "V2", "V2", "V3", "V3", "VH", "VH"]
    assert rc["m"] == "MH" and rc["none"] is None
    rc2 = rating_classes(vals, method="count")
    assert [rc2[f"v{i}"] for i in range(8)] == ["V1", "V1", "V2", "V2", "V3", "V3", "VH", "VH"]


def test_framework_scores_losi_osi_waseda_eu():
    losi = load_framework("un-losi-2024")
    s = score_values(losi, {i.id: 1.0 for i in losi.indicators})
    # every listed indicator met: the two unlisted items keep the LOSI between 94/96 and 1
    assert s.score is None and s.lower == pytest.approx(94 / 96) and s.upper == 1.0
    assert s.total.n == 96 and all(c.value == 1.0 for c in s.criteria.values())
    osi = load_framework("un-osi-2024")
    s = score_values(osi, {i.id: 1.0 for i in osi.indicators})
    assert s.score == 100 and s.score_max == 100
    assert set(s.views["epi-stages"]) == {"e-information", "e-consultation", "e-decision-making"}
    w = load_framework("waseda-iac-2024")
    vals = {i.id: (1.0 if i.criterion == "W3" else 0.0) for i in w.indicators}
    assert score_values(w, vals).score == pytest.approx(14)
    eu = load_framework("eu-egov-benchmark-2020")
    vals = {i.id: (1.0 if i.criterion == "UC" else 0.0) for i in eu.indicators}
    assert score_values(eu, vals).score == pytest.approx(0.25)  # mean of the 4 benchmarks
    # set level: OSI normalised by min-max over the assessed set, ranks with ties
    sets = score_set(osi, {
        "a": {i.id: 1.0 for i in osi.indicators},
        "b": {i.id: 0.0 for i in osi.indicators},
        "c": {i.id: (1.0 if n % 2 else 0.0) for n, i in enumerate(osi.indicators)},
        "d": {i.id: None for i in osi.indicators},
    })
    assert sets["a"].normalised == 1.0 and sets["b"].normalised == 0.0
    assert sets["c"].normalised == pytest.approx(50 / 100)
    assert sets["d"].normalised is None and sets["d"].rank is None
    assert [sets[k].rank for k in "abc"] == [1, 3, 2]
    assert sets["a"].level == "Very High" and sets["b"].level == "Low"

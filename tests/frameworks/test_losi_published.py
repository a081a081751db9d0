"""The published LOSI 2024 city values (frameworks/data/un-losi-2024.published.csv, sources in
un-losi-2024.published.md) lie on the score grid of un-losi-2024.yaml, and on no grid of 95
items: the framework can give every published value, which the 95-item file could not."""

from __future__ import annotations

import csv

import pytest

from govlens.frameworks import DATA_DIR, load_framework
from govlens.scoring import score_values

PUBLISHED = DATA_DIR / "un-losi-2024.published.csv"
HALF_ULP = 0.5e-4  # the values are published to 4 decimals


def published() -> list[dict[str, str]]:
    with PUBLISHED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def on_grid(value: float, grid: list[float]) -> bool:
    return any(abs(value - g) <= HALF_ULP + 1e-12 for g in grid)


def fits(values: list[float], d: int) -> bool:
    return all(abs(v * d - round(v * d)) <= HALF_ULP * d + 1e-9 for v in values)


def test_the_data_file_and_its_source():
    rows = published()
    assert len(rows) >= 8
    md = (DATA_DIR / "un-losi-2024.published.md").read_text(encoding="utf-8")
    assert "Table 12" in md and "desapublications.un.org" in md and "[S]" in md
    for city in ("Copenhagen", "Berlin", "Singapore", "Tokyo", "Vienna", "Paris", "Toronto", "Amsterdam"):
        assert city in {r["city"] for r in rows}
    # competition ranks agree with the values: a higher LOSI never has a worse rank
    by_value = sorted(rows, key=lambda r: -float(r["losi_2024"]))
    for a, b in zip(by_value, by_value[1:], strict=False):
        assert int(a["rank"]) <= int(b["rank"]), (a, b)
        if a["losi_2024"] == b["losi_2024"]:
            assert a["rank"] == b["rank"]


def test_every_published_value_is_a_possible_losi_score():
    f = load_framework("un-losi-2024")
    grid = f.score_grid()  # k / (listed items + unlisted items)
    for r in published():
        v = float(r["losi_2024"])
        assert on_grid(v, grid), (r["city"], v, f.score_denominator())


def test_the_grid_is_the_coarsest_that_fits_and_95_items_do_not():
    values = [float(r["losi_2024"]) for r in published()]
    f = load_framework("un-losi-2024")
    n = int(f.score_denominator())
    smallest = next(d for d in range(1, 1000) if fits(values, d))
    assert smallest == n == 96
    assert not fits(values, 95)  # the old met/95 could not give these values
    assert not fits(values, len(f.indicators))  # nor can the 94 listed items alone


@pytest.mark.parametrize("city", ["Copenhagen", "Berlin", "Toronto"])
def test_a_site_meeting_k_listed_items_has_the_published_value_as_its_lower_bound(city):
    """87 items met of 96 → the lower bound is Copenhagen's 0.9063; the two unlisted items can
    only raise it, by at most 2/96."""
    f = load_framework("un-losi-2024")
    v = float(next(r["losi_2024"] for r in published() if r["city"] == city))
    k = round(v * f.score_denominator())
    values = {i.id: (1.0 if n < k else 0.0) for n, i in enumerate(f.indicators)}
    s = score_values(f, values)
    assert s.score is None  # the unlisted items keep it open
    assert abs(s.lower - v) <= HALF_ULP + 1e-12  # published to 4 decimals, half up (0.90625 → 0.9063)
    assert s.upper == pytest.approx((k + f.unlisted) / f.score_denominator())

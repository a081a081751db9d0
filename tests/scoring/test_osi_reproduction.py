"""What the OSI formula can reproduce (docs/scoring.md, "OSI reproduction").

A min-max of integer feature points over the assessed set puts every value on a grid k/R (R
the range of points). The published OSI of 2016, 2018 and 2020 lie on such grids (R = 138,
144, 170), so govlens's raw points → min-max has the UN's form there. The published OSI of
2022 and 2024 lie on no grid with R ≤ 2000: they are not a min-max of a feature count (the
2022 Survey splits the OSI into five sub-indices whose weights are not published), so no
feature count can reproduce them. The EPI, still a count, stays on a grid (2022: 88, 2024: 73).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from govlens.frameworks import load_framework
from govlens.scoring import point_grid, score_set
from govlens.scoring.un_data import packaged_un_data

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"


@cache
def column(name: str) -> tuple[str, ...]:
    with (packaged_un_data() / "EGOV_MERGED_2005_2024.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        s = (r.get(name) or "").strip()
        if s and float(s) > 0:  # a 0 in the early years is "not assessed" (un_data), never a grid point
            out.append(s)
    return tuple(out)


@pytest.mark.parametrize(("year", "grid"), [(2016, 138), (2018, 144), (2020, 170)])
def test_osi_2016_2020_are_min_max_of_integer_points(year, grid):
    vals = column(f"Online Service Index {year}")
    assert len(vals) >= 190
    assert point_grid(vals) == grid
    assert max(float(v) for v in vals) == 1.0  # the best country is the maximum of the range


@pytest.mark.parametrize("year", [2022, 2024])
def test_osi_2022_2024_fit_no_integer_grid(year):
    vals = column(f"Online Service Index {year}")
    assert len(vals) >= 190
    assert point_grid(vals, max_denominator=2000) is None


@pytest.mark.parametrize(("year", "grid"), [(2022, 88), (2024, 73)])
def test_the_epi_is_still_a_point_count(year, grid):
    assert point_grid(column(f"E-Participation Index {year}")) == grid


def test_point_grid_finds_a_min_max_of_points_and_rejects_weighted_sub_indices():
    raw = [0, 17, 40, 77, 100, 138]
    assert point_grid([f"{(x - 0) / 138:.5f}" for x in raw]) == 138
    # equal-weight mean of five min-max sub-indices of different sizes: no small grid
    sub = [(3, 7), (5, 11), (13, 29), (2, 23), (19, 31)]
    vals = [f"{sum(k / n for k, n in sub[:j] + [(0, 1)] * (5 - j)) / 5:.4f}" for j in range(6)]
    vals += [f"{(1 / 7 + 2 / 11 + 5 / 29 + 20 / 23 + 30 / 31) / 5:.4f}"]
    assert point_grid(vals, max_denominator=500) is None


def test_govlens_osi_is_raw_points_then_min_max_over_the_set():
    f = load_framework("un-osi-2024")
    n = len(f.indicators)
    entries = score_set(f, {
        "best": {i.id: 1.0 for i in f.indicators},
        "worst": {i.id: 0.0 for i in f.indicators},
        "mid": {i.id: (1.0 if k < 37 else 0.0) for k, i in enumerate(f.indicators)},
    })
    assert entries["mid"].score.score == 37 and entries["mid"].normalised == pytest.approx(37 / n)
    # on a grid of 1/n, like the published 2016–2020 OSI and unlike 2022/2024
    assert point_grid([f"{e.normalised:.5f}" for e in entries.values()]) == n


def test_docs_state_the_same_grids():
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## OSI reproduction"):]
    section = section[:section.index("\n## ", 3)]
    rows = dict(re.findall(r"^\| (\d{4}) \| ([^|]+?) \|", section, flags=re.M))
    for year in (2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024):
        grid = point_grid(column(f"Online Service Index {year}"))
        assert rows[str(year)].strip() == (f"1/{grid}" if grid else "none ≤ 1/2000"), year

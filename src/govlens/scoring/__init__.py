"""Scoring: composite-indicator maths (pure functions), framework scores, rank uncertainty.

See docs/scoring.md for the formulas and the choices made where the sources are silent.
"""

from govlens.scoring.composite import (
    EGDI_WEIGHTS,
    EQUAL_WEIGHTS,
    GROUP_CLASSES,
    GROUPS,
    Aggregate,
    aggregate,
    component_index,
    criterion_scores,
    egdi,
    egdi_group,
    egdi_weights,
    minmax,
    point_grid,
    rank_map,
    rank_normalise,
    ranks,
    rating_classes,
    raw_points,
    share,
    weighted_criteria,
    zscore,
)
from govlens.scoring.frameworks import FrameworkScore, SetEntry, score_set, score_values
from govlens.scoring.uncertainty import RankInterval, UncertaintyResult, rank_uncertainty

__all__ = [
    "EGDI_WEIGHTS", "EQUAL_WEIGHTS", "GROUPS", "GROUP_CLASSES", "Aggregate", "FrameworkScore",
    "RankInterval", "SetEntry", "UncertaintyResult", "aggregate", "component_index",
    "criterion_scores", "egdi", "egdi_group", "egdi_weights", "minmax", "point_grid", "rank_map",
    "rank_normalise", "rank_uncertainty", "ranks", "rating_classes", "raw_points", "score_set",
    "score_values", "share", "weighted_criteria", "zscore",
]

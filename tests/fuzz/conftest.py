"""Hypothesis settings for the fuzz suite: a deadline on every example (a parser that hangs
fails), no example database written into the tree, and a size set by GOVLENS_FUZZ_EXAMPLES
(150 by default; CI can raise it)."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile(
    "govlens-fuzz",
    max_examples=int(os.environ.get("GOVLENS_FUZZ_EXAMPLES", "150")),
    deadline=timedelta(seconds=3),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("GOVLENS_FUZZ_RANDOM") != "1",
)
settings.load_profile("govlens-fuzz")

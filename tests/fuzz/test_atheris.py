"""A short coverage-guided run of every atheris target (skipped when atheris is not installed:
``pip install atheris``). Longer runs: ``python tests/fuzz/atheris_fuzz.py TARGET -max_total_time=600``."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("atheris_fuzz.py")
TARGETS = ["html", "decode", "content", "robots", "sitemap", "catalog-yaml", "catalog-csv"]
RUNS = os.environ.get("GOVLENS_ATHERIS_RUNS", "1000")

pytestmark = pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")


@pytest.mark.timeout(180)
@pytest.mark.parametrize("target", TARGETS)
def test_atheris_target_finds_nothing(target: str, tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, str(HARNESS), target, f"-runs={RUNS}", "-timeout=10",
                          "-rss_limit_mb=2048", "-seed=1"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=170)
    findings = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert res.returncode == 0 and not findings, (findings, res.stderr[-3000:])

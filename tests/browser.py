"""What the "looked at as a person would" tests share: headless chromium (Debian's, driven by
Playwright). Without it those tests are skipped, saying so, except under CI (``CI`` set),
where they fail: CI must look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GOVLENS_CHROMIUM", "/usr/bin/chromium")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def need(ok: bool, why: str) -> None:
    """Skip (or, under CI, fail) when a tool the test looks with is missing."""
    if ok:
        return
    if in_ci():
        pytest.fail(f"{why} (CI must run the visual tests: .ci/run installs it)")
    pytest.skip(why)


@pytest.fixture
def chromium() -> str:
    need(Path(CHROMIUM).is_file(), f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        need(False, "the playwright Python package is not installed (pip install playwright)")
    return CHROMIUM

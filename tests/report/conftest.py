"""Study-report fixtures: a small fictional answer document (Thai and English), and the
tools the "looked at as a person would" tests need (chromium, poppler). Without a tool its
tests are skipped, saying so, except under CI (``CI`` set), where they fail: CI must look."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from study_answer import make_answer

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


@pytest.fixture
def poppler() -> None:
    """poppler's tools, and WeasyPrint able to load (it needs Pango on the machine)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        need(False, f"weasyprint cannot load ({e}): pip install weasyprint; apt-get install libpango-1.0-0 libpangoft2-1.0-0")
    need(all(shutil.which(t) for t in ("pdftoppm", "pdftotext", "pdffonts")),
         "poppler-utils (pdftoppm, pdftotext, pdffonts) not found (apt-get install poppler-utils)")


@pytest.fixture
def answer() -> dict[str, Any]:
    return make_answer()

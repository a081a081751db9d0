"""Study-report fixtures: a small fictional answer document (Thai and English), and the
tools the "looked at as a person would" tests need (chromium, poppler). Without a tool its
tests are skipped, saying so, except under CI (``CI`` set), where they fail: CI must look."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from browser import chromium, need  # noqa: F401 - the chromium fixture, shared
from study_answer import make_answer


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

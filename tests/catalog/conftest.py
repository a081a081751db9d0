"""Shared helpers for the catalog tests: import path fallback and small-file writers.

Makes ``govlens`` importable from the source tree when the package is not installed, and
gives tests a one-liner to write a catalog file and find the line a snippet sits on.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

try:
    import govlens  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))


def _line_of(path: Path, needle: str, nth: int = 1) -> int:
    """1-based number of the line of the file holding the nth occurrence of needle."""
    seen = 0
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not found {nth} time(s) in {path}")


@pytest.fixture
def line_of():
    """line_of(path, needle, nth=1) -> 1-based line number of needle in the file."""
    return _line_of


@pytest.fixture
def write(tmp_path):
    """write(name, text) -> Path: dedent text and save it as UTF-8 under tmp_path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write

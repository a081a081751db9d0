"""The configuration file, ``govlens.toml``: check options (and, later, crawl settings and
the workspace), so a team keeps one file with its runs instead of long command lines::

    [checks."content.freshness"]
    max_days = 120

Read from the path given with ``--config``, else ``./govlens.toml`` when it exists.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DEFAULT_NAME = "govlens.toml"
SECTIONS = ("checks",)


class ConfigError(ValueError):
    """A config file that cannot be read, or has a section govlens does not know."""


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The config file's tables (``{}`` when no file is given and none is found)."""
    if path is None:
        path = Path(DEFAULT_NAME)
        if not path.is_file():
            return {}
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid TOML file: {exc}") from None
    unknown = sorted(set(doc) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {', '.join(unknown)} (known: {', '.join(SECTIONS)})")
    if not isinstance(doc.get("checks", {}), dict):
        raise ConfigError(f"{path}: [checks] must be a table of check ids")
    return doc

"""The configuration file, ``govlens.toml``: the workspace, crawl settings and check options,
so a team keeps one file with its runs instead of long command lines::

    workspace = "runs"              # relative to this file

    [crawl]                         # the `govlens assess` options, without the dashes
    max_pages = 40
    site_budget = 180
    connect_to = ["www.example.go.th:443:127.0.0.1:8443"]

    [checks."content.freshness"]    # check options (`govlens checks list --format json`)
    max_days = 120

The file is the one given with ``--config``, else the nearest ``govlens.toml`` in the
current folder or a folder above it. What the command line says wins over the file, and
the file over the defaults. The workspace is ``--workspace``, else ``$GOVLENS_WORKSPACE``,
else the file's ``workspace``, else ``govlens-workspace`` next to the file (or in the
current folder when there is no file).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_NAME = "govlens.toml"
SECTIONS = ("workspace", "crawl", "checks")
WORKSPACE_ENV = "GOVLENS_WORKSPACE"
DEFAULT_WORKSPACE = "govlens-workspace"

# [crawl] keys: the `govlens assess` options they stand for, and the type each takes
CRAWL_KEYS: dict[str, type | tuple[type, ...]] = {
    "max_pages": int, "concurrency": int, "per_host": int, "sites_in_flight": int,
    "site_budget": (int, float), "connect_timeout": (int, float), "read_timeout": (int, float),
    "response_timeout": (int, float), "offline_dns": bool, "allow_private": bool, "ca_file": str,
    "resolve": list, "connect_to": list, "validate_html": bool, "user_agent": str, "render": str,
    "block_heavy": bool, "eval_workers": int,
}


class ConfigError(ValueError):
    """A config file that cannot be read, or has a section or key govlens does not know."""


@dataclass(frozen=True)
class Config:
    """A config file's contents (all empty when there is none)."""

    path: Path | None = None
    workspace: Path | None = None  # resolved against the file's folder
    crawl: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, section: str, default: Any = None) -> Any:
        return {"workspace": self.workspace, "crawl": self.crawl, "checks": self.checks}.get(section, default)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``govlens.toml`` in ``start`` (default: the current folder) or above."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None) -> Config:
    """The given config file, else the nearest one, else an empty :class:`Config`."""
    if path is None:
        path = find_config()
        if path is None:
            return Config()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text (TOML files are UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not a valid TOML file: {exc}") from None
    unknown = sorted(set(doc) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)} (known: {', '.join(SECTIONS)})")
    ws = doc.get("workspace")
    if ws is not None and not (isinstance(ws, str) and ws.strip()):
        raise ConfigError(f"{path}: workspace must be a folder name in quotes, e.g. workspace = \"runs\"")
    checks = doc.get("checks", {})
    if not isinstance(checks, dict) or not all(isinstance(v, dict) for v in checks.values()):
        raise ConfigError(f'{path}: [checks] must hold tables of check ids, e.g. [checks."content.freshness"]')
    crawl = doc.get("crawl", {})
    if not isinstance(crawl, dict):
        raise ConfigError(f"{path}: [crawl] must be a table")
    crawl = {k.replace("-", "_"): v for k, v in crawl.items()}
    for k, v in crawl.items():
        want = CRAWL_KEYS.get(k)
        if want is None:
            raise ConfigError(f"{path}: [crawl] {k}: unknown setting (known: {', '.join(CRAWL_KEYS)})")
        if not isinstance(v, want) or (isinstance(v, bool) and want is not bool):
            names = "/".join(t.__name__ for t in (want if isinstance(want, tuple) else (want,)))
            kind = {"int": "a whole number", "int/float": "a number", "bool": "true or false",
                    "str": "text in quotes", "list": "a list of texts"}[names]
            raise ConfigError(f"{path}: [crawl] {k}: must be {kind}, not {v!r}")
        if want is list and not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{path}: [crawl] {k}: must be a list of texts")
    if isinstance(crawl.get("ca_file"), str) and crawl["ca_file"]:
        crawl["ca_file"] = str(path.parent / crawl["ca_file"])
    return Config(path=path, workspace=(path.parent / ws) if ws else None, crawl=crawl, checks=checks)


def workspace_of(option: Path | None, config: Config) -> Path:
    """The workspace: the option, ``$GOVLENS_WORKSPACE``, the config file's, or the default."""
    if option is not None and str(option):
        return option
    env = os.environ.get(WORKSPACE_ENV, "").strip()
    if env:
        return Path(env)
    if config.workspace is not None:
        return config.workspace
    if config.path is not None:
        return config.path.parent / DEFAULT_WORKSPACE
    return Path(DEFAULT_WORKSPACE)

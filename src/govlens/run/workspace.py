"""A workspace holds everything of its runs, so it can be moved or copied as one folder:

    <workspace>/govlens.sqlite              the results (unless $GOVLENS_DATABASE_URL)
    <workspace>/runs/<id>/catalog.<ext>     the catalog the run was started with (a copy)
    <workspace>/runs/<id>/warc/             the archives of a live run
    <workspace>/runs/<id>/results.json      exports, reports

Paths stored with a run are relative to the workspace when they are inside it; ``--resume``
finds them again wherever the workspace now is. Runs made before the catalog was copied in
recorded a path relative to where they started; it is still tried.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from govlens.store import results as store


def run_dir(workspace: Path, run_id: int) -> Path:
    return workspace / "runs" / str(run_id)


def stored_path(workspace: Path, path: Path) -> str:
    """``path`` as a run records it: relative to the workspace when inside it, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(workspace))).as_posix()
    except ValueError:
        return str(absolute)


def found_path(workspace: Path, stored: str) -> Path:
    """Where a stored path is now: inside the workspace when relative (or, for runs recorded
    before paths were kept relative to it, where it was)."""
    p = Path(stored)
    if p.is_absolute():
        return p
    inside = workspace / p
    return inside if inside.exists() or not p.exists() else p


def start_run(engine: Engine, workspace: Path, *, name: str, catalog: Path, settings: dict[str, Any],
              source: str = "live") -> int:
    """A new live run whose catalog is copied into the workspace (``runs/<id>/catalog.<ext>``)."""
    run_id = store.create_run(engine, name=name, catalog=str(catalog),
                              settings={**settings, "catalog_source": str(Path(os.path.abspath(catalog)))},
                              source=source)
    folder = run_dir(workspace, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"catalog{catalog.suffix.lower()}"
    if Path(os.path.abspath(catalog)) != Path(os.path.abspath(copy)):
        shutil.copyfile(catalog, copy)
    store.update_run(engine, run_id, catalog=stored_path(workspace, copy))
    return run_id


def run_catalog(workspace: Path, info: dict[str, Any]) -> Path:
    """The catalog of a live run (the copy in the workspace)."""
    return found_path(workspace, str(info.get("catalog") or ""))


def warc_sources(workspace: Path, paths: list[Path]) -> list[str]:
    """WARC files or folders as a from-warc run records them (see :func:`stored_path`)."""
    return [stored_path(workspace, p) for p in paths]


def run_warcs(workspace: Path, info: dict[str, Any]) -> list[Path]:
    """The WARC files or folders a from-warc run was made from, where they are now."""
    recorded = (info.get("settings") or {}).get("warc_sources")
    if recorded is None:  # a run recorded before warc_sources: the catalog column joined them
        recorded = [p for p in str(info.get("catalog") or "").split(",") if p]
    return [found_path(workspace, p) for p in recorded]

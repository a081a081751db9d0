"""Snapshots for an answer document's evidence pointers, written beside it.

Each pointer whose page is in the run's archive gets ``replay`` = ``replay/<key>.html`` (a path
relative to the run folder, so the report's links work from the folder or from a copy of it);
a pointer whose page is not archived gets ``replay`` = None. One file per page and element."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govlens.replay.archive import index_responses, lookup
from govlens.replay.snapshot import make_snapshot

FOLDER = "replay"


def snapshot_name(url: str, selector: str) -> str:
    """The file a pointer's snapshot is written to: stable across runs of the same page."""
    return hashlib.sha1(f"{url}\0{selector}".encode()).hexdigest()[:16] + ".html"


def run_warcs(run_dir: Path) -> list[Path]:
    """The archives of a live run (``runs/<id>/warc/``)."""
    return [run_dir / "warc"] if (run_dir / "warc").is_dir() else []


def export_pointers(run_dir: Path, pointers: Sequence[dict[str, Any]],
                    warcs: Iterable[str | Path] | None = None) -> int:
    """Write the snapshots ``pointers`` need into ``run_dir/replay/`` and set each pointer's
    ``replay``; returns the number of files written. ``warcs`` defaults to the run's own."""
    sources = list(warcs) if warcs is not None else run_warcs(run_dir)
    wanted = {str(p.get("url") or "") for p in pointers if p.get("url")}
    index = index_responses(sources, wanted) if sources and wanted else {}
    out = run_dir / FOLDER
    written: set[str] = set()
    for p in pointers:
        url = str(p.get("url") or "")
        hit = lookup(index, url) if url else None
        if hit is None:
            p["replay"] = None
            continue
        selector = str(p.get("selector") or "")
        name = snapshot_name(hit.url, selector)
        if name not in written:
            body, _cut = hit.exchange.body()
            snap = make_snapshot(body, hit.exchange.content_type, hit.url, hit.captured,
                                 selector=selector, snippet=str(p.get("snippet") or ""),
                                 check=str(p.get("check") or ""))
            out.mkdir(parents=True, exist_ok=True)
            tmp = out / (name + ".part")
            tmp.write_text(snap.html, encoding="utf-8")
            os.replace(tmp, out / name)
            written.add(name)
        p["replay"] = f"{FOLDER}/{name}"
    return len(written)

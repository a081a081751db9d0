"""The answer document of a run (``runs/<id>/answer.json``, docs/answer.md): the benchmark, then
the recommendations, with every evidence pointer given its offline replay of the archived
page. ``govlens benchmark`` writes it without recommendations, ``govlens recommend`` whole."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from govlens.benchmark.answer import Study, build_benchmark
from govlens.benchmark.evidence import pointer_lists
from govlens.catalog.models import Catalog
from govlens.frameworks.manual import ManualAnswer
from govlens.frameworks.schema import Framework
from govlens.recommend.engine import complete
from govlens.recommend.rules import RuleSet
from govlens.replay.export import export_pointers
from govlens.scoring.runs import RunInput

ANSWER_FILE = "answer.json"
REPLAY_NOTE = {
    "en": "Evidence links open the page as govlens archived it during the run (a copy made from the "
          "run's WARC files, with the matched element highlighted), offline; `govlens serve` serves "
          "the same archive.",
    "th": "ลิงก์หลักฐานเปิดหน้าเว็บตามที่ govlens เก็บถาวรไว้ระหว่างการประเมิน (สำเนาจากไฟล์ WARC "
          "ของการประเมิน โดยเน้นองค์ประกอบที่ตรวจพบ) ได้แบบออฟไลน์ และ `govlens serve` "
          "ให้บริการคลังเดียวกันนี้",
}


def catalog_of(folder: Path) -> Path | None:
    """The catalog copy a live run keeps in its folder (``catalog.yaml`` / ``.csv`` …)."""
    found = sorted(folder.glob("catalog.*"))
    return found[0] if found else None


def names_of(catalog: Catalog | None) -> dict[str, dict[str, str]]:
    return {c.code: c.name.as_dict() for c in catalog.countries} if catalog else {}


def is_fictional(catalog: Catalog | None) -> bool:
    """The synthetic web's catalogs say they are fictional in their source line."""
    return bool(catalog) and "fictional" in f"{catalog.source} {catalog.name}".lower()  # type: ignore[union-attr]


def attach_replay(doc: dict[str, Any], folder: Path, warcs: Sequence[Path] | None = None) -> int:
    """Give every evidence pointer its offline snapshot (``replay/<hash>.html`` beside the
    answer) from ``warcs`` (default: the run's own ``warc/``); returns the files written."""
    ptrs = [p for lst in pointer_lists(doc) for p in lst if isinstance(p, dict) and p.get("url")]
    written = export_pointers(folder, ptrs, warcs)
    doc["replay"] = {"how": "static", "files": "replay/", "note": REPLAY_NOTE,
                     "serve": f"govlens serve {doc['run']['id']}" if doc.get("run", {}).get("id") else "govlens serve"}
    return written


def make_answer(inp: RunInput, frameworks: Sequence[Framework], answers: Mapping[str, Sequence[ManualAnswer]],
                focus: str, peers: Sequence[str] | None, catalog: Catalog | None, rules: RuleSet | None,
                *, folder: Path | None = None, warcs: Sequence[Path] | None = None,
                seed: int = 0, draws: int = 1000) -> Study:
    """The benchmark (and, with ``rules``, the recommendations) of a run; with ``folder``, the
    evidence pointers get their offline snapshots there (from ``warcs``, default the run's)."""
    flat = [a for fid in answers for a in answers[fid]]
    study = build_benchmark(inp, frameworks, flat, focus, peers, names_of(catalog),
                            fictional=is_fictional(catalog), seed=seed, n_draws=draws)
    if rules is not None:
        complete(study, rules, answers)
    if folder is not None:
        attach_replay(study.doc, folder, warcs)
    return study


def write_answer(doc: Mapping[str, Any], path: Path) -> Path:
    """Atomically: a reader never sees half a document (a report running while it is written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".answer-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
    return path

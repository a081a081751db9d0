"""The study report in every format from one answer document (``runs/<id>/answer.json``):
``render_study(doc, out, fmt, lang)``. The report reads the document only; archived evidence
(``replay`` paths, relative to the run folder) is copied beside a report written elsewhere so
its links keep working."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from govlens.report.answer_check import validate

FORMATS = ("html", "pdf", "xlsx", "json")


def load_answer(path: Path) -> dict[str, Any]:
    """The answer document at ``path``, checked (:class:`AnswerError` says what is wrong)."""
    return validate(json.loads(Path(path).read_text(encoding="utf-8")))


def replay_paths(doc: Any) -> Iterator[str]:
    """Every relative ``replay`` path the document points to (evidence and exemplars)."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == "replay" and isinstance(v, str) and v:
                yield v
            else:
                yield from replay_paths(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from replay_paths(v)


def copy_replay(doc: dict[str, Any], run_folder: Path, out_folder: Path) -> list[Path]:
    """Copy the archived pages ``doc`` links to from ``run_folder`` into ``out_folder`` (same
    relative paths); paths that leave the folder or do not exist are skipped."""
    src_root, dst_root = run_folder.resolve(), out_folder.resolve()
    if src_root == dst_root:
        return []
    copied = []
    for rel in sorted(set(replay_paths(doc))):
        src = (src_root / rel).resolve()
        if not src.is_relative_to(src_root) or not src.is_file() or Path(rel).is_absolute():
            continue
        dst = dst_root / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        copied.append(dst)
    return copied


def write_study_json(doc: dict[str, Any], out: Path) -> Path:
    """The answer document itself, checked, pretty-printed, Thai as Thai (not \\u escapes)."""
    validate(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def render_study(doc: dict[str, Any], out: Path, fmt: str, lang: str = "en", annex_html: str | None = None,
                 annex_sheets: Callable[[Any], None] | None = None, run_folder: Path | None = None) -> Path:
    """Write the study report of ``doc`` as ``fmt`` (html | pdf | xlsx | json) in ``lang``.
    ``annex_html`` ends the HTML and PDF; ``annex_sheets(workbook)`` adds sheets to the XLSX;
    ``run_folder`` is where ``replay`` paths live (copied beside ``out`` when it is elsewhere)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    validate(doc)
    if run_folder is not None and fmt in ("html", "pdf"):
        copy_replay(doc, run_folder, out.parent)
    if fmt == "html":
        from govlens.report.study_html import write_study_html

        return write_study_html(doc, out, lang, annex_html)
    if fmt == "pdf":
        from govlens.report.study_pdf import write_study_pdf

        return write_study_pdf(doc, out, lang, annex_html)
    if fmt == "xlsx":
        from govlens.report.study_xlsx import write_study_xlsx

        return write_study_xlsx(doc, out, lang, annex_sheets)
    return write_study_json(doc, out)

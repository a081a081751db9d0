"""A run's study report: ``answer.json`` rendered with the run's sites × checks grid as its
annex (HTML, PDF) or extra sheets (XLSX). One function for `govlens report` and the demo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from govlens.report.exports import add_grid_sheets
from govlens.report.html import results_fragment
from govlens.report.model import build
from govlens.report.study import load_answer, render_study

# The grid is hundreds of printed pages for a few dozen sites: the PDF says where it is instead.
PRINT_ANNEX = {
    "en": "<p>The sites × checks grid, with every check's outcome and evidence, is in the HTML report "
          "(report.html) and the Excel workbook (report.xlsx) written beside this PDF.</p>",
    "th": "<p>ตารางเว็บไซต์ × รายการตรวจ พร้อมผลและหลักฐานของทุกรายการ อยู่ในรายงาน HTML (report.th.html) "
          "และไฟล์ Excel (report.th.xlsx) ที่เขียนไว้คู่กับ PDF นี้</p>",
}


def default_name(fmt: str, lang: str) -> str:
    """``report.html``, ``report.th.pdf``…: the names `govlens report` writes by default."""
    return f"report{'' if lang == 'en' else '.' + lang}.{fmt}"


def write_run_report(answer: Path | dict[str, Any], folder: Path, info: dict[str, Any], sites: Sequence[Any],
                     out: Path, fmt: str, lang: str, shots: Mapping[str, str] | None = None) -> Path:
    """Render ``answer`` (a path or the loaded document) for the run in ``folder`` as ``fmt`` in
    ``lang`` to ``out``; the archived evidence it links to is copied beside ``out``."""
    doc = load_answer(answer) if isinstance(answer, Path) else answer
    annex = results_fragment(info, sites, lang, shots) if fmt == "html" else PRINT_ANNEX[lang] if fmt == "pdf" else None
    return render_study(doc, out, fmt, lang, annex_html=annex,
                        annex_sheets=lambda wb: add_grid_sheets(wb, build(info, sites, lang)), run_folder=folder)

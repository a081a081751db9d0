"""The study report as PDF: the same HTML page printed by WeasyPrint (A4, page numbers, the
fictional notice in every page's top margin). WeasyPrint shapes text with Pango/HarfBuzz and
breaks Thai lines with libthai, so Thai prints shaped and broken at word boundaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govlens.report.study_html import render_study_html


def write_study_pdf(doc: dict[str, Any], out: Path, lang: str = "en", annex_html: str | None = None,
                    base_url: Path | None = None) -> Path:
    """Print ``doc``'s study report to ``out``; relative links (archived evidence) resolve
    against ``base_url`` (default: the PDF's folder)."""
    return html_to_pdf(render_study_html(doc, lang, annex_html, for_print=True), out, base_url)


def html_to_pdf(html: str, out: Path, base_url: Path | None = None) -> Path:
    """Print an HTML page to ``out`` with WeasyPrint (print CSS applies)."""
    from weasyprint import HTML

    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=str((base_url or out.parent).resolve()) + "/").write_pdf(out)
    return out

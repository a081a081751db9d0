"""Exports people open: CSV (UTF-8 with a BOM, so Excel shows Thai), a real Excel workbook
(.xlsx) and JSON — sites × checks with Thai and English names, times in ISO 8601 with their
UTC offset, statuses and outcomes in the report's language.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from govlens.report import words
from govlens.report.model import ReportModel, build, iso

FORMATS = ("html", "csv", "xlsx", "json", "pdf")
EXPORT_SCHEMA = "govlens.report/1"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula to Excel
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(value: Any, quote: bool = True) -> Any:
    """Text from the web, defused for spreadsheets: no control characters, and (``quote``,
    for CSV) a leading ``=``/``+``/``-``/``@`` quoted so Excel shows it instead of running it
    as a formula. Workbooks store such text as text instead (:func:`_sheet`)."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("\ufffd", value)[:32000]
    return "'" + value if quote and value.startswith(_FORMULA) else value


def matrix(m: ReportModel) -> tuple[list[str], list[list[Any]]]:
    """The sites × checks table: one row per site, one column per check."""
    header = [m.t("site_url"), m.t("organisation_id"), m.t("organisation_en"), m.t("organisation_th"),
              m.t("status"), m.t("status_code"), m.t("reason"), m.t("assessed"), m.t("judged"),
              m.t("passed"), m.t("failed"), m.t("site_score")]
    header += [f"{m.title(c)} [{c['id']}]" for c in m.checks]
    rows = []
    for s in m.sites:
        row: list[Any] = [s.url, s.org_id, s.name_en, s.name_th, s.status_words, s.status, s.reason,
                          s.finished, s.judged, s.passed, s.failed, "" if s.share is None else s.share]
        row += [s.cells[c["id"]].word if c["id"] in s.cells else words.outcome("missing", m.lang)
                for c in m.checks]
        rows.append(row)
    return header, rows


def check_rows(m: ReportModel) -> tuple[list[str], list[list[Any]]]:
    header = [m.t("check_id"), m.t("family"), m.t("title_en"), m.t("title_th"), m.t("failure_en"),
              m.t("failure_th"), m.t("description_en"), m.t("description_th")]
    rows = [[c["id"], words.family(c.get("category", ""), m.lang), (c.get("title") or {}).get("en", ""),
             (c.get("title") or {}).get("th", ""), (c.get("failure_title") or {}).get("en", ""),
             (c.get("failure_title") or {}).get("th", ""), (c.get("description") or {}).get("en", ""),
             (c.get("description") or {}).get("th", "")] for c in m.checks]
    return header, rows


def evidence_rows(m: ReportModel) -> tuple[list[str], list[list[Any]]]:
    header = [m.t("site_url"), m.t("check_id"), m.t("check"), m.t("outcome"), m.t("score"), m.t("url"),
              m.t("selector"), m.t("snippet"), m.t("note")]
    rows = []
    for s in m.sites:
        for c in m.checks:
            cell = s.cells.get(c["id"])
            if cell is None:
                continue
            score = "" if cell.score is None else cell.score
            if not cell.evidence:
                rows.append([s.url, c["id"], m.title(c), cell.word, score, "", "", "", cell.note])
            for e in cell.evidence:
                note = words.note_or_title(e.get("note", ""), m.lang) if e.get("note") else cell.note
                rows.append([s.url, c["id"], m.title(c), cell.word, score, e.get("url", ""),
                             e.get("selector", ""), e.get("snippet", ""), note])
    return header, rows


def write_csv(m: ReportModel, out: Path) -> Path:
    header, rows = matrix(m)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for r in rows:
            w.writerow([safe_text(v) for v in r])
    return out


def _sheet(ws: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int] = ()) -> None:
    from openpyxl.styles import Font

    _append(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        _append(ws, r)
    ws.freeze_panes = "B2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _append(ws: Any, values: Sequence[Any]) -> None:
    ws.append([safe_text(v, quote=False) for v in values])
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":  # never a formula: text from the web stays text
            cell.data_type = "s"


FILLS = {"pass": "D9F2D9", "fail": "F8D4D4", "partial": "FFF1C2", "error": "E6E6E6", "not_applicable": "F7F7F7"}


def write_xlsx(m: ReportModel, out: Path) -> Path:
    """A workbook: sites × checks (coloured by outcome), the checks with both names, every
    evidence pointer, and the run (times ISO 8601 with offset)."""
    from openpyxl import Workbook

    wb = Workbook()
    add_grid_sheets(wb, m, wb.active)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def add_grid_sheets(wb: Any, m: ReportModel, first: Any = None) -> None:
    """The grid's sheets (sites × checks, checks, evidence, run) added to workbook ``wb``;
    ``first`` is a sheet to reuse for the matrix (a new workbook's empty one)."""
    from openpyxl.styles import PatternFill

    ws = first if first is not None else wb.create_sheet()
    ws.title = m.t("sheet_matrix")[:31]
    header, rows = matrix(m)
    _sheet(ws, header, rows, widths=(40, 18, 30, 30, 22, 14, 30, 26, 8, 8, 8, 10))
    col0 = len(header) - len(m.checks) + 1
    fills = {o: PatternFill("solid", fgColor=c) for o, c in FILLS.items()}
    for r, site in enumerate(m.sites, start=2):
        for j, c in enumerate(m.checks):
            cell = site.cells.get(c["id"])
            if cell is not None and cell.outcome in fills:
                ws.cell(row=r, column=col0 + j).fill = fills[cell.outcome]
    _sheet(wb.create_sheet(m.t("sheet_checks")[:31]), *check_rows(m), widths=(28, 16, 40, 40, 40, 40, 60, 60))
    _sheet(wb.create_sheet(m.t("sheet_evidence")[:31]), *evidence_rows(m), widths=(40, 28, 36, 14, 8, 50, 30, 40, 50))
    run = wb.create_sheet(m.t("sheet_run")[:31])
    for k, v in m.run_rows():
        _append(run, [k, v])
    _append(run, [m.t("note"), m.t("times_note")])
    run.column_dimensions["A"].width = 20
    run.column_dimensions["B"].width = 60


def to_json(m: ReportModel) -> dict[str, Any]:
    r = m.run
    return {
        "schema": EXPORT_SCHEMA, "lang": m.lang,
        "run": {"id": r.get("id"), "name": r.get("name", ""), "started": iso(r.get("started")),
                "finished": iso(r.get("finished")) or None, "source": r.get("source", ""),
                "catalog": r.get("catalog", ""), "govlens_version": r.get("govlens_version", "")},
        "checks": [{"id": c["id"], "family": c.get("category", ""), "family_words": words.family(c.get("category", ""), m.lang),
                    "title": c.get("title", {}), "failure_title": c.get("failure_title", {})} for c in m.checks],
        "sites": [{"url": s.url, "organisation": {"id": s.org_id, "name": {"en": s.name_en, "th": s.name_th}},
                   "status": s.status, "status_words": s.status_words, "reason": s.reason, "finished": s.finished,
                   "judged": s.judged, "passed": s.passed, "failed": s.failed, "share": s.share,
                   "checks": {cid: {"outcome": c.outcome, "outcome_words": c.word, "score": c.score,
                                    "note": c.note, "evidence": c.evidence} for cid, c in s.cells.items()}}
                  for s in m.sites],
    }


def write_json(m: ReportModel, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(to_json(m), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def export(run: dict[str, Any], sites: Iterable[dict[str, Any]], out: Path, fmt: str, lang: str = "en",
           shots: Mapping[str, str] | None = None) -> Path:
    """Write a run's report as ``fmt`` (html | csv | xlsx | json | pdf) in ``lang`` (en | th);
    ``shots`` (site URL → data: URI) shows the rendered home pages in HTML and PDF."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    if fmt == "html":
        from govlens.report.html import render_results

        return render_results(run, sites, out, lang, shots)
    if fmt == "pdf":
        import tempfile

        from govlens.report.html import render_results
        from govlens.report.study_pdf import html_to_pdf

        with tempfile.TemporaryDirectory() as tmp:
            page = render_results(run, sites, Path(tmp) / "report.html", lang, shots)
            return html_to_pdf(page.read_text(encoding="utf-8"), out)
    m = build(run, sites, lang)
    return {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}[fmt](m, out)


def write_table_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], out: Path, title: str = "Sheet") -> Path:
    """One table as a workbook (fill-in templates, score tables)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    _sheet(ws, header, rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out

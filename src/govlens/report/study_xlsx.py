"""The study report as a workbook: one sheet per table (summary, benchmark and criteria per
framework, league tables, exemplars, recommendations, UN context), headers in the report's
language, frozen header rows, numbers stored as numbers (shares 0–1 with a % format)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from govlens.report.study_html import order
from govlens.report.study_words import Words

PCT = "0%"


def _num(v: Any) -> Any:
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def _iv(v: Any, i: int) -> Any:
    return _num(v[i]) if isinstance(v, list | tuple) and len(v) == 2 else None


class _Book:
    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.first = True
        self.names: set[str] = set()

    def sheet(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
              widths: Sequence[int] = (), pct_cols: Sequence[int] = ()) -> Any:
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        from govlens.report.exports import safe_text

        name = _unique(title, self.names)
        ws = self.wb.active if self.first else self.wb.create_sheet()
        self.first = False
        ws.title = name
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in rows:
            ws.append([safe_text(v, quote=False) for v in r])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # text from the web stays text
                    cell.data_type = "s"
        for c in pct_cols:
            for row in ws.iter_rows(min_row=2, min_col=c + 1, max_col=c + 1):
                for cell in row:
                    if isinstance(cell.value, int | float):
                        cell.number_format = PCT
        ws.freeze_panes = "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
        for i in range(len(header)):
            given = widths[i] if i < len(widths) else None
            longest = max((len(str(r[i])) for r in rows if i < len(r) and r[i] is not None), default=0)
            ws.column_dimensions[get_column_letter(i + 1)].width = given or max(8, min(60, max(len(header[i]), longest) + 2))
        return ws


def _unique(title: str, seen: set[str]) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    base = title[:31]
    name, n = base, 2
    while name.lower() in seen:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    seen.add(name.lower())
    return name


def write_study_xlsx(doc: dict[str, Any], out: Path, lang: str = "en",
                     annex: Callable[[Any], None] | None = None) -> Path:
    """Write ``doc``'s tables to ``out``; ``annex(workbook)`` adds further sheets (the site ×
    check grid) at the end."""
    from openpyxl import Workbook

    w = Words(lang)
    wb = Workbook()
    book = _Book(wb)
    focus = doc["focus"]
    codes = order(doc)
    fws = doc.get("frameworks") or []

    rows = []
    for fw in fws:
        me = (fw.get("countries") or {}).get(focus) or {}
        best = (fw.get("best") or {}).get("score") or {}
        rows.append([fw["id"], w.pick(fw.get("title")), _num(me.get("score")), _num(me.get("rank")),
                     len(fw.get("countries") or {}), _num((fw.get("peer_median") or {}).get("score")),
                     best.get("country"), _num(best.get("value"))])
    book.sheet(w.t("sheet_summary"), [w.t("id"), w.t("framework"), w.t("country") + " " + focus, w.t("rank"),
                                      w.t("countries"), w.t("peer_median"), w.t("best_peer"), w.t("best")],
               rows, widths=(26, 60), pct_cols=(2, 5, 7))

    for fw in fws:
        crits = [c["id"] for c in fw.get("criteria") or []]
        per = fw.get("countries") or {}
        rows = [[c, w.country(c, doc), _num(per[c].get("score")), _num(per[c].get("coverage")), _num(per[c].get("rank")),
                 _num(per[c].get("median_rank")), _iv(per[c].get("interval_90"), 0), _iv(per[c].get("interval_90"), 1),
                 _num(per[c].get("organisations")), *[_num((per[c].get("criteria") or {}).get(k)) for k in crits]]
                for c in codes if c in per]
        book.sheet(f"{w.t('sheet_benchmark')} {fw['id']}",
                   [w.t("id"), w.t("country"), w.t("score"), w.t("coverage"), w.t("rank"), w.t("median_rank"),
                    w.t("interval_low"), w.t("interval_high"), w.t("organisations"), *crits],
                   rows, widths=(8, 26), pct_cols=(2, 3, *range(9, 9 + len(crits))))
        titles = {c["id"]: w.pick(c.get("title")) for c in fw.get("criteria") or []}
        rows = [[g["criterion"], titles.get(g["criterion"], ""), _num(g.get("focus")), _num(g.get("peer_median")),
                 _num(g.get("best")), g.get("best_country"), _num(g.get("gap_to_best"))] for g in fw.get("gaps") or []]
        book.sheet(f"{w.t('sheet_criteria')} {fw['id']}",
                   [w.t("criterion"), w.t("title"), focus, w.t("peer_median"), w.t("best"), w.t("best_peer"), w.t("gap_to_best")],
                   rows, widths=(14, 40), pct_cols=(2, 3, 4, 6))
        rows = [[c, r["org"], w.pick(r.get("name")), w.kind(r["kind"]) if r.get("kind") else None, r.get("sector"),
                 _num(r.get("rank")), _num(r.get("score")), _num(r.get("coverage")), _iv(r.get("interval_90"), 0),
                 _iv(r.get("interval_90"), 1), *[_num((r.get("criteria") or {}).get(k)) for k in crits]]
                for c in codes for r in (fw.get("league") or {}).get(c) or []]
        book.sheet(f"{w.t('sheet_league')} {fw['id']}",
                   [w.t("country"), w.t("id"), w.t("organisation"), w.t("kind"), w.t("sector"), w.t("rank"), w.t("score"),
                    w.t("coverage"), w.t("interval_low"), w.t("interval_high"), *crits],
                   rows, widths=(8, 10, 50), pct_cols=(6, 7, *range(10, 10 + len(crits))))

    rows = []
    for x in doc.get("exemplars") or []:
        for p in x.get("peers") or [{}]:
            ev = (p.get("evidence") or [{}])[0]
            rows.append([x["framework"], x["indicator"], w.pick(x.get("title")), x.get("criterion"),
                         _num(x.get("focus_failing")), _num(x.get("focus_judged")), p.get("country"),
                         w.pick(p.get("name")), p.get("site"), ev.get("url"), ev.get("snippet"), ev.get("replay")])
    book.sheet(w.t("sheet_exemplars"), [w.t("framework"), w.t("indicator"), w.t("title"), w.t("criterion"),
                                        w.t("failing"), w.t("assessed"), w.t("country"), w.t("organisation"),
                                        w.t("site"), w.t("evidence"), w.t("snippet"), w.t("archived")],
               rows, widths=(22, 26, 40, 10, 9, 9, 8, 40, 36, 40, 30, 30))

    rows = []
    for r in sorted(doc.get("recommendations") or [], key=lambda r: r.get("rank") or 0):
        g = r.get("gain") or {}
        ex = r.get("exemplar") or {}
        rows.append([_num(r.get("rank")), r["id"], w.level(r.get("level", ""), doc), w.pick(r.get("title")),
                     w.pick(r.get("text")), ", ".join(w.aim(a, doc) for a in r.get("aims") or []), r.get("effort"),
                     w.pick(r.get("effort_reason")), g.get("framework"), _num(g.get("before")), _num(g.get("after")),
                     _num(g.get("gain")), _num(r.get("mean_gain")), _num(r.get("priority")), w.pick(r.get("why")),
                     "; ".join(w.pick(t.get("name")) or t["org"] for t in r.get("targets") or []),
                     f"{ex.get('country', '')} {w.pick(ex.get('name')) or ex.get('org', '')}".strip() if ex else None])
    book.sheet(w.t("sheet_recommendations"),
               [w.t("rank"), w.t("id"), w.t("level"), w.t("title"), w.t("text"), w.t("aims"), w.t("effort"), w.t("effort"),
                w.t("framework"), w.t("before"), w.t("after"), w.t("gain"), w.t("mean_gain"), w.t("priority"), w.t("why"),
                w.t("targets"), w.t("exemplar")],
               rows, widths=(6, 30, 22, 40, 60, 30, 7, 40, 22, 8, 8, 8, 8, 8, 50, 60, 40), pct_cols=(9, 10, 11, 12))

    un = doc.get("un_context") or {}
    rows = [[c, w.country(c, doc), _num(r.get("year")), _num(r.get("egdi")), _num(r.get("egdi_rank")), _num(r.get("osi")),
             _num(r.get("epi")), _num(r.get("tii")), _num(r.get("hci"))]
            for c in codes for r in sorted((un.get("countries") or {}).get(c) or [], key=lambda r: r.get("year", 0))]
    book.sheet(w.t("sheet_un"), [w.t("id"), w.t("country"), w.t("year"), w.t("egdi"), w.t("egdi_rank"), w.t("osi"),
                                 w.t("epi"), w.t("tii"), w.t("hci")], rows, widths=(8, 26))
    if annex is not None:
        annex(wb)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out

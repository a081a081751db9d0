"""The study workbook: one sheet per table, headers in the chosen language, numbers as numbers,
the grid's sheets added by the caller."""

from __future__ import annotations

from openpyxl import load_workbook

from govlens.report.study_words import Words
from govlens.report.study_xlsx import write_study_xlsx


def test_sheets_and_numbers(answer, tmp_path):
    out = write_study_xlsx(answer, tmp_path / "r.xlsx", "th", annex=lambda wb: wb.create_sheet("grid"))
    wb = load_workbook(out)
    w = Words("th")
    names = wb.sheetnames
    assert names[0] == w.t("sheet_summary") and names[-1] == "grid"
    for key in ("sheet_exemplars", "sheet_recommendations", "sheet_un"):
        assert w.t(key) in names
    for fw in answer["frameworks"]:
        for key in ("sheet_benchmark", "sheet_criteria", "sheet_league"):
            assert f"{w.t(key)} {fw['id']}"[:31] in names
    bench = wb[f"{w.t('sheet_benchmark')} fw-one"]
    header = [c.value for c in bench[1]]
    assert header[:3] == [w.t("id"), w.t("country"), w.t("score")]
    assert bench.freeze_panes == "A2"
    rows = list(bench.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {"XTH", "XDK", "XSG"}
    assert all(isinstance(r[2], float) for r in rows)  # scores are numbers, not text
    assert all(isinstance(r[4], int) for r in rows)  # ranks too
    pa = header.index("PA")
    assert any(r[pa] is None for r in rows)  # unknown stays empty, never 0
    un = wb[w.t("sheet_un")]
    assert [r[4] for r in un.iter_rows(min_row=2, values_only=True)] == [77, 73, 57, 55, 52]
    recs = list(wb[w.t("sheet_recommendations")].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in recs] == [1, 2, 3] and recs[0][3] == "ทำเรื่องระดับpolicy"

"""Exports people open: CSV with a BOM, real workbooks, JSON, HTML — in English and Thai, with
ISO 8601 times and the failure taxonomy's words instead of library errors."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime

import pytest
from cli_helpers import answered, user_error

WS = "govlens-workspace"


def results(demo):
    return json.loads((demo / WS / "runs" / "1" / "results.json").read_text(encoding="utf-8"))


def test_csv_is_sites_by_checks_in_utf8_with_a_bom(gl, demo_dir, tmp_path):
    out = tmp_path / "r.csv"
    r = gl("report", "-w", demo_dir / WS, "-o", out, "--lang", "th")  # the format from the suffix
    assert r.code == 0, r.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    doc = results(demo_dir)
    assert len(body) == len(doc["sites"])
    assert header[:5] == ["URL เว็บไซต์", "รหัสหน่วยงาน", "หน่วยงาน (ภาษาอังกฤษ)", "หน่วยงาน (ภาษาไทย)", "สถานะ"]
    checks = {c["id"]: c for c in doc["run"]["settings"]["checks"]}
    col = header.index(f"{checks['security.https']['title']['th']} [security.https]")
    assert all(cell in ("ผ่าน", "ไม่ผ่าน", "ผ่านบางส่วน", "ประเมินไม่ได้", "ไม่เกี่ยวข้อง") for cell in
               (row[col] for row in body))
    by_url = {row[0]: row for row in body}
    for s in doc["sites"]:
        row = by_url[s["url"]]
        assert row[3] == s["organisation"]["name"]["th"] and row[2] == s["organisation"]["name"]["en"]
        assert datetime.fromisoformat(row[7]).utcoffset() is not None  # ISO 8601 with the offset
        if s["status"] != "ok":
            assert row[5] == s["status"] and row[4] not in ("", s["status"])  # taxonomy words, in Thai


def test_xlsx_is_a_real_workbook(gl, demo_dir, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert gl("report", "-w", demo_dir / WS, "--grid", "--format", "xlsx", "-o", out).code == 0
    assert zipfile.is_zipfile(out) and "xl/workbook.xml" in zipfile.ZipFile(out).namelist()
    wb = load_workbook(out)
    assert wb.sheetnames == ["Sites x checks", "Checks", "Evidence", "Run"]
    matrix = list(wb["Sites x checks"].iter_rows(values_only=True))
    assert matrix[0][0] == "site URL" and len(matrix) == 1 + len(results(demo_dir)["sites"])
    checks = list(wb["Checks"].iter_rows(values_only=True))
    https = next(r for r in checks if r[0] == "security.https")
    assert https[2] == "HTTPS with a valid certificate" and https[3] == "ใช้ HTTPS พร้อมใบรับรองที่ถูกต้อง"
    run = dict(wb["Run"].iter_rows(values_only=True))
    assert datetime.fromisoformat(run["started"]).utcoffset().total_seconds() == 0


def test_json_export(gl, demo_dir):
    r = gl("report", "-w", demo_dir / WS, "--grid", "--format", "json", "-o", "-", "--lang", "th")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["schema"] == "govlens.report/1" and doc["lang"] == "th"
    assert doc["run"]["started"].endswith("+00:00")
    site = doc["sites"][0]
    assert site["checks"]["site.reachable"]["outcome_words"] in ("ผ่าน", "ไม่ผ่าน")
    assert site["organisation"]["name"]["en"] and site["organisation"]["name"]["th"]


def test_html_in_thai_translates_titles_statuses_and_notes(gl, demo_dir, tmp_path):
    out = tmp_path / "th.html"
    assert gl("report", "-w", demo_dir / WS, "--grid", "--lang", "th", "-o", out).code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="th">' in page and "รายงาน govlens" in page and "หลักฐาน" in page
    assert "ใช้ HTTPS พร้อมใบรับรองที่ถูกต้อง" in page  # a title
    assert "ไม่ผ่าน" in page and "ประเมินไม่ได้" in page  # outcomes
    doc = results(demo_dir)
    if any(s["status"] != "ok" for s in doc["sites"]):
        assert "เข้าถึงเว็บไซต์ไม่ได้:" in page  # "site-unreachable: <status>" in Thai
    assert "could not judge" not in page and "site-unreachable" not in page
    en = tmp_path / "en.html"
    assert gl("report", "-w", demo_dir / WS, "--grid", "-o", en).code == 0
    assert "could not judge" in en.read_text(encoding="utf-8")


def test_words_cover_the_failure_taxonomy_and_both_languages():
    from govlens.collect.failures import STATUSES
    from govlens.report import words

    w = words.words()
    assert set(STATUSES) <= set(w["statuses"])
    for table in ("ui", "outcomes", "statuses", "families"):
        for key, entry in w[table].items():
            assert entry.get("en") and entry.get("th"), (table, key)
    assert words.note("no link to contact found on 3 page(s)", "th") == "ไม่พบลิงก์ไปยังข้อมูลการติดต่อใน 3 หน้า"
    assert words.note("no Secure; no SameSite", "th") == "ไม่มี Secure; ไม่มี SameSite"
    assert words.note("site-unreachable: dns", "th") == "เข้าถึงเว็บไซต์ไม่ได้: ไม่พบชื่อโดเมน (dns)"
    assert words.note("something no entry knows", "th") is None
    assert words.note_or_title("something", "th", {"th": "ไม่พบ"}, "fail") == "ไม่พบ (something)"


def test_spreadsheet_cells_from_the_web_are_never_formulas(tmp_path):
    from openpyxl import load_workbook

    from govlens.report.exports import safe_text, write_table_xlsx

    assert safe_text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_text("a\x00b") == "a\ufffdb"
    out = write_table_xlsx(["a"], [["=1+1"], ["-5 people"]], tmp_path / "t.xlsx")
    cells = [c for (c,) in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert cells == ["=1+1", "-5 people"]  # text, shown as written
    assert load_workbook(out).active["A2"].data_type == "s"


def test_report_format_and_output_must_agree(gl, demo_dir, tmp_path):
    user_error(gl("report", "-w", demo_dir / WS, "-o", tmp_path / "r.csv", "--format", "json"), "--output", "r.csv",
               "r.json")
    user_error(gl("report", "-w", demo_dir / WS, "-o", "-", "--format", "xlsx"), "--output -", "xlsx")
    r = gl("report", "-w", demo_dir / WS, "--format", "csv", "-o", "-")
    assert r.code == 0 and r.out.startswith("site URL,")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_template_as_a_workbook_or_csv_fills_back_into_score(gl, demo_copy, suffix):
    ws = demo_copy / WS
    t = demo_copy / f"t{suffix}"
    r = gl("frameworks", "template", "un-losi-2024", "--run", "latest", "-w", ws, "-o", t)
    assert r.code == 0, r.err
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        assert zipfile.is_zipfile(t)  # a workbook, not CSV text in an .xlsx
        wb = load_workbook(t)
        sheet = wb.active
        header = [c.value for c in sheet[1]]
        sheet.cell(row=2, column=header.index("answer") + 1, value="yes")
        sheet.cell(row=3, column=header.index("answer") + 1, value=0.5)
        wb.save(t)
    else:
        assert t.read_bytes().startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(t.read_text(encoding="utf-8-sig"))))
        a = rows[0].index("answer")
        rows[1][a], rows[2][a] = "yes", "0.5"
        with t.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    r = gl("score", "latest", "-f", "un-losi-2024", "-m", t, "-w", ws, "--format", "json")
    assert r.code == 0, r.err
    sites = json.loads(r.out)["frameworks"]["un-losi-2024"]["sites"]
    assert sum(answered(e) for e in sites.values()) == 2
    user_error(gl("frameworks", "template", "un-losi-2024", "--run", "latest", "-w", ws, "-o", demo_copy / "t.docx"),
               "t.docx", "unsupported file type")

"""`govlens report` renders the study report when the run has answer.json (grid as annex),
and the grid as before, with a hint, when it has none."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from study_answer import make_answer

WS = "govlens-workspace"


def _with_answer(demo_copy, replay: bool = True):
    run = demo_copy / WS / "runs" / "1"
    doc = make_answer(replay=replay)
    (run / "answer.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (run / "replay").mkdir(exist_ok=True)
    (run / "replay" / "abc123.html").write_text("<p>archived</p>", encoding="utf-8")
    return run, doc


def test_study_report_formats(gl, demo_copy):
    run, doc = _with_answer(demo_copy)
    r = gl("report", "-w", demo_copy / WS, "--lang", "th", cwd=demo_copy)
    assert r.code == 0, r.err
    page = (run / "report.th.html").read_text(encoding="utf-8")
    assert "ประเทศสยามแลนด์ (สมมุติ)" in page and 'id="annex"' in page and "hint:" not in r.err
    r = gl("report", "-w", demo_copy / WS, "--format", "xlsx", cwd=demo_copy)
    assert r.code == 0, r.err
    names = load_workbook(run / "report.xlsx").sheetnames
    assert names[0] == "Summary" and "Sites x checks" in names  # the grid follows the study's sheets
    r = gl("report", "-w", demo_copy / WS, "--format", "json", "-o", "-", cwd=demo_copy)
    assert r.code == 0 and json.loads(r.out) == doc
    # written elsewhere: the archived pages travel with the report
    r = gl("report", "-w", demo_copy / WS, "-o", str(demo_copy / "out" / "r.html"), cwd=demo_copy)
    assert r.code == 0, r.err
    assert (demo_copy / "out" / "replay" / "abc123.html").is_file()


def test_broken_answer_is_a_user_error(gl, demo_copy):
    run, _ = _with_answer(demo_copy)
    (run / "answer.json").write_text('{"schema": "govlens.answer/1"}', encoding="utf-8")
    r = gl("report", "-w", demo_copy / WS, cwd=demo_copy)
    assert r.code == 2 and "answer.run: missing" in r.err


def test_without_answer_the_grid_and_a_hint(gl, demo_copy):
    (demo_copy / WS / "runs" / "1" / "answer.json").unlink(missing_ok=True)
    r = gl("report", "-w", demo_copy / WS, "-o", "g.html", cwd=demo_copy)
    assert r.code == 0 and "govlens benchmark 1" in r.err and "govlens recommend 1" in r.err
    assert "<table>" in (demo_copy / "g.html").read_text(encoding="utf-8")


def test_grid_on_request_even_with_an_answer(gl, demo_copy):
    _with_answer(demo_copy)
    r = gl("report", "-w", demo_copy / WS, "--grid", "-o", "g.html", cwd=demo_copy)
    page = (demo_copy / "g.html").read_text(encoding="utf-8")
    assert r.code == 0 and "hint:" not in r.err
    assert "<table>" in page and "ประเทศสยามแลนด์" not in page  # the grid, not the study


def test_the_demo_wrote_the_study_report_in_both_languages_and_every_format(demo_dir):
    run = demo_dir / WS / "runs" / "1"
    for name in ("report.html", "report.th.html", "report.pdf", "report.th.pdf", "report.xlsx", "report.th.xlsx",
                 "report.json", "answer.json", "grid.html"):
        assert (run / name).stat().st_size > 1000, name
    assert (run / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert '<html lang="th"' in (run / "report.th.html").read_text(encoding="utf-8")
    assert json.loads((run / "report.json").read_text(encoding="utf-8"))["schema"] == "govlens.answer/1"


def test_demo_formats_are_checked(gl, tmp_path):
    r = gl("demo", "--formats", "html,docx", "-w", tmp_path / "ws")
    assert r.code == 2 and "docx" in r.err and "html, pdf, xlsx, json" in r.err
    assert not (tmp_path / "ws").exists()  # refused before anything was made

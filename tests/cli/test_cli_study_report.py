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

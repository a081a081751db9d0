"""The answer document as JSON, and the check that guards every format."""

from __future__ import annotations

import json

import pytest
from study_answer import make_answer

from govlens.report.answer_check import AnswerError, problems, validate
from govlens.report.study import copy_replay, render_study


def test_json_is_the_document_pretty_and_thai(answer, tmp_path):
    out = render_study(answer, tmp_path / "report.json", "json")
    text = out.read_text(encoding="utf-8")
    assert "ประเทศสยามแลนด์" in text and "\\u0e" not in text
    assert json.loads(text) == answer
    assert text.startswith("{\n  ")


def test_check_says_where(answer):
    assert problems(answer) == []
    answer["frameworks"][1]["countries"]["XDK"]["score"] = "high"
    del answer["recommendations"][0]["level"]
    answer["focus"] = answer["focus"]
    found = problems(answer)
    assert "answer.frameworks[1].countries.XDK.score: a number, not 'high'" in found
    assert "answer.recommendations[0].level: missing" in found
    with pytest.raises(AnswerError):
        validate(answer)


def test_unknown_focus_and_schema(answer):
    answer["focus"] = "ZZZ"
    assert problems(answer) == ["answer.focus: 'ZZZ' is not in countries"]
    answer["schema"] = "other/2"
    assert problems(answer)[0].startswith("answer.schema")


def test_replay_copied_beside_a_report_elsewhere(tmp_path):
    doc = make_answer(replay=True)
    run = tmp_path / "runs" / "7"
    (run / "replay").mkdir(parents=True)
    (run / "replay" / "abc123.html").write_text("<p>archived</p>", encoding="utf-8")
    out = tmp_path / "elsewhere" / "report.html"
    render_study(doc, out, "html", "en", run_folder=run)
    assert (out.parent / "replay" / "abc123.html").read_text(encoding="utf-8") == "<p>archived</p>"
    assert 'href="replay/abc123.html"' in out.read_text(encoding="utf-8")
    doc["recommendations"][0]["evidence"][0]["replay"] = "../../secret.html"
    assert copy_replay(doc, run, tmp_path / "x") == [tmp_path.resolve() / "x" / "replay" / "abc123.html"]

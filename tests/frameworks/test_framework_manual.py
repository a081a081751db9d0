"""Manual answer files (CSV/YAML/JSON) and the template round trip."""

from __future__ import annotations

import csv
import json

import pytest

from govlens.frameworks import (
    ManualAnswerError,
    framework_values,
    load_manual,
    parse_answer,
    read_manual,
    template_rows,
)
from govlens.frameworks.manual import write_template


def passed(*ids):
    return {i: {"outcome": "pass", "score": 1.0} for i in ids}


def failed(*ids):
    return {i: {"outcome": "fail", "score": 0.0} for i in ids}


@pytest.mark.parametrize("text, value", [
    ("yes", 1.0), ("Y", 1.0), ("true", 1.0), ("1", 1.0), ("ใช่", 1.0), ("มี", 1.0),
    ("no", 0.0), ("0", 0.0), ("ไม่มี", 0.0), ("not found", 0.0),
    ("0.25", 0.25), ("75%", 0.75), ("4/6", 4 / 6), (True, 1.0), (0.5, 0.5),
    ("unknown", None), ("n/a", None), ("-", None), ("ไม่ทราบ", None),
])
def test_parse_answer(text, value):
    if value is None:
        assert parse_answer(text) is None
    else:
        assert parse_answer(text) == pytest.approx(value)


@pytest.mark.parametrize("bad", ["maybe", "1.5", "150%", "7/6", -1])
def test_parse_answer_rejects(bad):
    with pytest.raises(ValueError):
        parse_answer(bad)


def test_csv_import_reports_file_row_and_field(tmp_path, losi):
    p = tmp_path / "answers.csv"
    p.write_text("site,indicator,answer,assessor\n"
                 "https://a.go.th/,losi-214,yes,a1\n"
                 "https://a.go.th/,losi-999,yes,a1\n"
                 ",losi-215,yes,a1\n"
                 "https://a.go.th/,losi-216,perhaps,a1\n"
                 "https://a.go.th/,losi-217,,a1\n", encoding="utf-8")
    with pytest.raises(ManualAnswerError) as ei:  # indicators are resolved later
        read_manual(p)
    problems = ei.value.problems
    assert "answers.csv:4: site or organisation: one is required" in problems
    assert any(x.startswith("answers.csv:5: answer:") for x in problems)


def test_unknown_indicator_for_the_named_framework_is_an_error(tmp_path, losi):
    p = tmp_path / "a.csv"
    p.write_text("framework,site,indicator,answer\nun-losi-2024,https://a.go.th/,losi-999,yes\n",
                 encoding="utf-8")
    with pytest.raises(ManualAnswerError, match=r"a.csv:2: indicator: 'losi-999' is not in un-losi-2024"):
        load_manual(p, losi)


def test_yaml_and_json_import(tmp_path, losi):
    y = tmp_path / "a.yaml"
    y.write_text("answers:\n  - {organisation: bma, indicator: '#281', answer: yes, assessor: a1, "
                 "date: '2025-03-01', evidence_url: 'https://bangkok.go.th/'}\n", encoding="utf-8")
    j = tmp_path / "a.json"
    j.write_text(json.dumps([{"url": "https://a.go.th/", "indicator": "losi-214", "answer": "no"}]),
                 encoding="utf-8")
    a = load_manual(y, losi)
    assert a[0].indicator == "losi-281" and a[0].organisation == "bma" and a[0].value == 1.0
    b = load_manual(j, losi)
    assert b[0].site == "https://a.go.th/" and b[0].value == 0.0


def test_template_prefills_suggestions_and_round_trips(tmp_path, losi):
    results = {"https://a.go.th/": passed("content.search", "participation.chat")}
    rows = template_rows(losi, results, {"https://a.go.th/": "org-a"})
    assert len(rows) == 67 + 16  # manual + assisted
    by = {r["indicator"]: r for r in rows}
    assert by["losi-206"]["suggested"] == "1" and by["losi-206"]["suggested_from"] == "content.search"
    assert by["losi-206"]["answer"] == "" and by["losi-206"]["question"]
    assert by["losi-204"]["suggested"] == "" and "tech.viewport (absent)" in by["losi-204"]["checks_missing"]
    assert by["losi-281"]["organisation"] == "org-a"
    out = write_template(rows, tmp_path / "t.csv")
    # the assessor confirms one suggestion and answers one manual item
    with out.open(encoding="utf-8") as fh:
        filled = list(csv.DictReader(fh))
    for r in filled:
        if r["indicator"] == "losi-206":
            r["answer"], r["assessor"] = r["suggested"], "a1"
        if r["indicator"] == "losi-281":
            r["answer"], r["assessor"], r["evidence_url"] = "yes", "a1", "https://a.go.th/"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(filled[0]))
        w.writeheader()
        w.writerows(filled)
    answers = load_manual(out, losi)
    assert {a.indicator for a in answers} == {"losi-206", "losi-281"}  # untouched rows skipped
    v = framework_values(losi, results, answers)["https://a.go.th/"]
    assert v["losi-206"].provenance == "manual" and v["losi-281"].provenance == "manual"
    y = write_template(rows, tmp_path / "t.yaml")
    assert len(read_manual(y)) == 0  # nothing answered yet

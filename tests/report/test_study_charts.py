"""Chart markup: no Thai inside SVG text (WeasyPrint draws SVG text letter by letter, which
breaks Thai; names belong in the HTML around the chart), inverted rank axis, unknown ≠ 0."""

from __future__ import annotations

import re

from govlens.report import charts
from govlens.report.study_html import render_study_html

THAI = re.compile("[\u0e00-\u0e7f]")


def test_no_thai_inside_svg_text(answer):
    page = render_study_html(answer, "th")
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) >= 5  # radar and gaps per framework, the rank history
    for svg in svgs:
        drawn = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))
        assert not THAI.search(drawn), drawn
    assert THAI.search(page)  # the Thai is there, as HTML


def test_rank_axis_is_inverted_and_years_labelled():
    svg = charts.rank_line([(2005, 46), (2014, 102), (2024, 52)], "ranks")
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert ys[1] > ys[0] > 0 and ys[1] > ys[2]  # 102 is drawn lowest
    for text in ("2005", "2014", "2024", ">46<", ">102<", ">52<"):
        assert text in svg


def test_heat_unknown_is_not_zero():
    assert charts.heat(None) != charts.heat(0.0)
    assert charts.heat(0.0) != charts.heat(1.0)

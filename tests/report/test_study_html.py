"""The HTML study report, looked at in headless chromium: Thai drawn with the embedded font
(not tofu), charts drawn, the first headings in the chosen language, nothing fetched."""

from __future__ import annotations

from pathlib import Path

import pytest
from study_answer import CHROMIUM_ARGS

from govlens.report.study_html import render_study_html
from govlens.report.study_words import Words


def _open(chromium: str, page_file: Path):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    asked: list[str] = []

    def route(r):
        asked.append(r.request.url)
        if r.request.url.startswith(("data:", "file:")):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(page_file.as_uri())
    page.evaluate("document.fonts.ready")
    return pw, browser, page, asked


def _ink(png: bytes) -> int:
    """How many pixels are not (near) white."""
    from io import BytesIO

    from PIL import Image

    im = Image.open(BytesIO(png)).convert("L")
    return sum(im.point(lambda v: 255 if v < 200 else 0).histogram()[255:])


@pytest.mark.parametrize("lang", ["th", "en"])
def test_first_page_as_seen(chromium, answer, tmp_path, lang):
    out = tmp_path / f"report.{lang}.html"
    out.write_text(render_study_html(answer, lang, annex_html="<p id='grid'>grid</p>"), encoding="utf-8")
    pw, browser, page, asked = _open(chromium, out)
    try:
        w = Words(lang)
        assert [u for u in asked if not u.startswith(("data:", "file:"))] == []
        h1 = page.locator("h1").inner_text()
        assert w.t("report_title") in h1 and w.country("XTH", answer) in h1
        assert page.locator("#summary h2").inner_text() == w.t("summary")
        assert page.locator("#fictional").is_visible()
        assert page.locator("#fictional").inner_text() == w.t("fictional_banner")
        box = page.locator("h1").bounding_box()
        assert box and box["y"] < 1400 and box["width"] > 200  # on the first screen
        shot = page.screenshot()
        assert _ink(shot) > 5000  # the page has text and tables drawn on it
        # the annex ends the page
        assert page.locator("section.annex #grid").count() == 1
    finally:
        browser.close()
        pw.stop()


def test_thai_uses_embedded_font_not_tofu(chromium, answer, tmp_path):
    out = tmp_path / "report.th.html"
    out.write_text(render_study_html(answer, "th"), encoding="utf-8")
    pw, browser, page, _ = _open(chromium, out)
    try:
        faces = page.evaluate("[...document.fonts].filter(f => f.family.includes('Noto Sans Thai'))"
                              ".map(f => f.status)")
        assert faces and all(s == "loaded" for s in faces)
        assert page.evaluate("document.fonts.check('16px \"Noto Sans Thai\"', 'บทสรุปผู้บริหาร')")
        # the same Thai heading, and the same number of unassigned code points (drawn as boxes, or
        # nothing), side by side: a Thai glyph run looks different from tofu
        page.evaluate("""() => {
            for (const [id, text] of [['thai', 'บทสรุปผู้บริหาร'], ['tofu', '\\uE000'.repeat(15)]]) {
                const s = document.createElement('span'); s.id = id; s.textContent = text;
                s.style.cssText = 'font: 32px "Noto Sans Thai"; position: fixed; left: 10px; top: ' + (id == 'thai' ? 200 : 300) + 'px; background: #fff; z-index: 9';
                document.body.appendChild(s);
            }}""")
        thai, tofu = page.locator("#thai"), page.locator("#tofu")
        a, b = thai.screenshot(), tofu.screenshot()
        assert _ink(a) > 300, "the Thai text area is blank"
        assert a != b and abs(_ink(a) - _ink(b)) > 100, "Thai looks like the tofu string"
        # a Thai word is narrower in Noto Sans Thai than the same count of boxes would be if it
        # fell back to .notdef; and it has real marks above the line (ผู้ stacks two marks)
        assert thai.bounding_box()["width"] != tofu.bounding_box()["width"]
    finally:
        browser.close()
        pw.stop()


def test_charts_drawn(chromium, answer, tmp_path):
    out = tmp_path / "report.en.html"
    out.write_text(render_study_html(answer, "en"), encoding="utf-8")
    pw, browser, page, _ = _open(chromium, out)
    try:
        for cls in ("radar", "gaps", "ranks"):
            charts = page.locator(f"svg.{cls}")
            assert charts.count() >= 1, cls
            first = charts.first
            first.scroll_into_view_if_needed()
            box = first.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 100, cls
            assert _ink(first.screenshot()) > 500, f"{cls} is blank"
        series = page.locator("svg.radar polygon.series").first.bounding_box()
        assert series and series["width"] > 10
        # rank history: every year labelled, rank 1 up (the best year, rank 52, is highest)
        texts = page.locator("svg.ranks text").all_text_contents()
        for year in ("2016", "2018", "2020", "2022", "2024"):
            assert year in texts
        ys = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('svg.ranks circle')]
                               .map((c, i) => [i, +c.getAttribute('cy')]))""")
        assert ys["4"] < ys["0"], "rank 52 (2024) is drawn above rank 77 (2016): the axis is inverted"
        heat = page.locator("table.heatmap").first
        heat.scroll_into_view_if_needed()
        assert heat.bounding_box()["height"] > 50 and _ink(heat.screenshot()) > 500
    finally:
        browser.close()
        pw.stop()

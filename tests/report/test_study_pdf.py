"""The PDF study report, looked at with poppler: page 1 not blank, its Thai heading in the
text layer, Noto Sans Thai embedded, the fictional notice on every page."""

from __future__ import annotations

import subprocess

from govlens.report.study_pdf import write_study_pdf
from govlens.report.study_words import Words


def fold(text: str) -> str:
    """WeasyPrint writes the text layer glyph by glyph; SARA AM (ำ) is shaped as NIKHAHIT +
    SARA AA, so extraction mixes ำ and า: compare with both folded to า, and spaces removed."""
    return "".join(text.replace("\u0e4d\u0e32", "\u0e32").replace("\u0e33", "\u0e32").replace("\u0e4d", "").split())


def test_pdf_as_seen(poppler, answer, tmp_path):
    pdf = write_study_pdf(answer, tmp_path / "report.th.pdf", "th", annex_html="<p>grid</p>")
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    from PIL import Image

    png = next(tmp_path.glob("p-*1.png"))
    im = Image.open(png).convert("L")
    assert im.size[0] < im.size[1]  # A4 portrait
    dark = im.point(lambda v: 255 if v < 200 else 0).histogram()[255]
    assert dark > 2000, "page 1 is blank"
    w = Words("th")
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert fold(w.t("summary")) in fold(first)
    assert fold(w.country("XTH", answer)) in fold(first)
    every = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in every.split("\f") if p.strip()]
    assert len(pages) >= 3 and all(fold(w.t("fictional_banner")) in fold(p) for p in pages)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-Thai" in fonts.replace("NotoSansThai", "Noto-Sans-Thai")
    for line in fonts.splitlines():
        if "Thai" in line:
            assert " yes " in line  # embedded


def test_not_fictional_has_no_notice(poppler, answer, tmp_path):
    answer["fictional"] = False
    pdf = write_study_pdf(answer, tmp_path / "report.pdf", "en")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert Words("en").t("fictional_banner") not in text
    assert Words("en").t("summary") in text

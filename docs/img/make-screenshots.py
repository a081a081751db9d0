"""Screenshots of the study report for the docs: the HTML report's first screen in Thai and in
English (headless chromium) and page 1 of the Thai PDF (WeasyPrint, then pdftoppm).

    PYTHONPATH=src .venv/bin/python docs/img/make-screenshots.py runs/1/answer.json [docs/img]

writes report-th.png, report-en.png and report-pdf-1.png (palette PNGs, a few hundred KB at most).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from govlens.report.study import load_answer
from govlens.report.study_html import write_study_html
from govlens.report.study_pdf import write_study_pdf

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _small(png: Path, width: int) -> None:
    """Scale to ``width`` and store as a 128-colour palette PNG (text stays crisp, files small)."""
    from PIL import Image

    im = Image.open(png).convert("RGB")
    if im.width > width:
        im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
    im.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)


def main(answer: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    doc = load_answer(answer)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in ("th", "en"):
            page_file = write_study_html(doc, Path(tmp) / f"report.{lang}.html", lang)
            page = browser.new_page(viewport={"width": 1200, "height": 1500})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("data:", "file:")) else r.abort())
            page.goto(page_file.as_uri())
            page.evaluate("document.fonts.ready")
            shot = out / f"report-{lang}.png"
            page.screenshot(path=str(shot))
            _small(shot, 1000)
            page.close()
        browser.close()
        pdf = write_study_pdf(doc, Path(tmp) / "report.th.pdf", "th")
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(out / "report-pdf-1")], check=True)
        _small(out / "report-pdf-1.png", 1000)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent)

"""Make each template page read as it would be served, for judging and measuring.

Many corpus pages are site sources (PHP, Blade, Jinja/Nunjucks, Liquid, ASP), not saves of the
live page. Served, a link such as ``<a href="<?php echo site_url('contact') ?>">ติดต่อเรา</a>``
goes to a real page; in the source (and in the copy with PHP removed) it has no target. The
blind readers judged such links as working links (LABELLING.md: judge the page as served), so
the copy the detectors judge replaces every server-side expression inside an attribute by a
placeholder path (``/_served_/<n>``), and removes the PHP blocks elsewhere, as the server would
have, and removes template comments (Blade ``{{-- --}}``, Jinja ``{# #}``, ERB ``<%# %>``),
which the template engine never sends, and gives an ``<a>`` whose target a framework writes
(ASP.NET Core ``asp-action``, Angular ``routerLink``, Vue ``:href``) a placeholder ``href``. Nothing
else changes. Writes ``pages/<id>.served.html``; measure.py judges that copy.

    python accuracy/realpages/served.py [CORPUS_DIR]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPR = re.compile(r"<\?(?:php|=)?.*?\?>|\{\{.*?\}\}|\{!!.*?!!\}|\{%.*?%\}|<%.*?%>", re.S)
# Blade {{-- --}}, Jinja/Nunjucks/Twig {# #}, ERB <%# %>: the author's notes (often a
# commented-out mock-up form), removed by the template engine
COMMENT = re.compile(r"\{\{--.*?--\}\}|\{#.*?#\}|<%#.*?%>", re.S)
# an <a> whose target a framework writes when serving: ASP.NET Core tag helpers
# (asp-controller, asp-action, asp-page, asp-route-*), Angular/Vue router links
ANCHOR = re.compile(r"<a\s[^>]*>", re.I)
ROUTE = re.compile(r"\s(?:asp-(?:controller|action|page|route)[\w-]*|\[?routerlink\]?|:href|v-bind:href|:to|to)\s*=", re.I)
HREF = re.compile(r"\shref\s*=", re.I)
ATTR = re.compile(r"""(\s(?:href|src|action|data-href)\s*=\s*)(["'])(.*?)\2""", re.S | re.I)


def served(html: str) -> str:
    n = 0

    def attr(m: re.Match[str]) -> str:
        nonlocal n
        value = m.group(3)
        if not EXPR.search(value):
            return m.group(0)
        n += 1
        return f"{m.group(1)}{m.group(2)}/_served_/{n}{m.group(2)}"

    html = COMMENT.sub("", html)  # template comments are never sent to the browser
    html = ATTR.sub(attr, html)

    def helper(m: re.Match[str]) -> str:
        nonlocal n
        tag = m.group(0)
        if HREF.search(tag) or not ROUTE.search(tag):
            return tag
        n += 1
        return f'{tag[:2]} href="/_served_/{n}"{tag[2:]}'

    html = ANCHOR.sub(helper, html)  # tag helpers and router links are rendered as href
    return re.sub(r"<\?(?:php|=)?.*?\?>", "", html, flags=re.S)  # other PHP: run by the server, not shown


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    with open(root / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        src = root / r["file"]  # the page as written (with its template code)
        raw = src.read_bytes()
        try:
            text, enc = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = raw.decode("cp874", errors="replace"), "cp874"
        (root / "pages" / f"{r['id']}.served.html").write_bytes(served(text).encode(enc, errors="replace"))
    with open(root / "pages.csv", "w", newline="", encoding="utf-8") as fh:  # for `govlens checks page`
        w = csv.writer(fh)
        w.writerow(["id", "path", "url"])
        for r in rows:
            w.writerow([r["id"], f"pages/{r['id']}.served.html", r.get("original_url", "")])
    print(f"{len(rows)} pages written as served; pages.csv lists them")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A single self-contained HTML page: sites × checks, each outcome linking to its evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from govlens import __version__

SYMBOL = {"pass": "✔", "fail": "✘", "partial": "◐", "not_applicable": "–", "error": "!", "info": "ⓘ"}


def run_checks_of(run: dict[str, Any], sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The checks the run was judged with, as it recorded them; a run without the record
    (made before it was kept) gets its ids, families and ids as titles from the results."""
    recorded = (run.get("settings") or {}).get("checks")
    if recorded:
        return [dict(c) for c in recorded]
    ids = sorted({cid for s in sites for cid in s["checks"]})
    return [{"id": i, "category": i.split(".")[0], "title": {"en": i}, "description": {"en": ""}} for i in ids]


def render_results(run: dict[str, Any], sites: Iterable[dict[str, Any]], out: Path,
                   lang: str = "en") -> Path:
    env = Environment(loader=PackageLoader("govlens.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    site_list = list(sites)
    checks = sorted(run_checks_of(run, site_list), key=lambda c: (c["category"], c["id"]))
    ids = [c["id"] for c in checks]
    per_check = {cid: Counter(s["checks"].get(cid, {}).get("outcome", "missing") for s in site_list)
                 for cid in ids}
    statuses = Counter(s["status"] for s in site_list)
    html = env.get_template("results.html.j2").render(
        run=run, sites=site_list, checks=checks, per_check=per_check, statuses=statuses,
        symbol=SYMBOL, lang=lang, version=__version__)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out

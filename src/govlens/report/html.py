"""A single self-contained HTML page: sites × checks, each outcome linking to its evidence,
in English or Thai (titles, outcomes, statuses and evidence notes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from govlens.report import words
from govlens.report.model import build, iso, run_checks_of

SYMBOL = {"pass": "✔", "fail": "✘", "partial": "◐", "not_applicable": "–", "error": "!", "info": "ⓘ"}

__all__ = ["SYMBOL", "render_results", "results_fragment", "run_checks_of"]


def _env() -> Environment:
    return Environment(loader=PackageLoader("govlens.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"]))


def results_fragment(run: dict[str, Any], sites: Iterable[dict[str, Any]], lang: str = "en",
                     shots: Mapping[str, str] | None = None) -> str:
    """The sites × checks grid without its page (no <html>, no style): the study report's
    annex, styled by the study report's own sheet."""
    model = build(run, sites, lang, shots)
    return _env().get_template("results-body.html.j2").render(
        m=model, symbol=SYMBOL, w=words, lang=lang, iso=iso, outcomes=list(SYMBOL))


def render_results(run: dict[str, Any], sites: Iterable[dict[str, Any]], out: Path,
                   lang: str = "en", shots: Mapping[str, str] | None = None) -> Path:
    """The grid page; ``shots`` (site URL → data: URI) puts each rendered home page beside its
    evidence (``govlens.replay.shots.site_shots`` reads them from the run's archives)."""
    env = _env()
    model = build(run, sites, lang, shots)
    html = env.get_template("results.html.j2").render(
        m=model, symbol=SYMBOL, w=words, lang=lang, iso=iso, outcomes=list(SYMBOL))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out

"""Saved pages in batch: every page-level check, the forms' kinds and the ACT rules, one JSON
object per page — how researchers with saved pages use govlens, and how a page corpus is
measured (``govlens evaluate --pages``).

Each page is read and parsed once, in this process; a file that is not HTML (an image, a
PDF, an empty file) is reported as skipped with the reason, never judged.
"""

from __future__ import annotations

import csv
import glob
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govlens.checks.act import RULES
from govlens.checks.families.a11y import act_outcomes
from govlens.checks.forms import explain
from govlens.checks.registry import CheckInfo, all_checks, run_checks
from govlens.checks.view import Derived, SiteView
from govlens.evidence.model import Page, SiteEvidence
from govlens.evidence.parse import parse_html

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".php", ".asp", ".aspx", ".jsp", ".shtml")
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->")
_NOT_HTML_MAGIC = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
                   (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (docx/xlsx?)"),
                   (b"\xd0\xcf\x11\xe0", "an MS Office document"))


@dataclass(frozen=True, slots=True)
class SavedPage:
    path: Path
    url: str
    id: str  # the file's stem: what labels refer to


class NotHtml(ValueError):
    """A file that is not an HTML document."""


def saved_url(body: bytes, path: Path) -> str:
    """The URL a browser wrote into the saved page (``<!-- saved from url=… -->``), else a
    file-based placeholder."""
    m = _SAVED_FROM.search(body[:1000])
    return m.group(1).decode("ascii", "replace") if m else f"https://saved.invalid/{path.name}"


def not_html_reason(body: bytes) -> str:
    """Why ``body`` is not HTML ("" when it may be)."""
    if not body.strip():
        return "an empty file"
    for magic, what in _NOT_HTML_MAGIC:
        if body.startswith(magic):
            return what
    if b"\x00" in body[:2048] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data"
    if b"<" not in body[:65536]:
        return "text without any markup"
    return ""


def collect_inputs(items: Sequence[str | Path], url: str | None = None) -> list[SavedPage]:
    """Pages from files, directories (HTML files below them), globs and CSVs of ``path,url``
    (an ``id`` column names each page as labels refer to it; else the file's stem)."""
    out: list[SavedPage] = []
    for item in items:
        p = Path(item)
        if p.suffix.lower() == ".csv" and p.is_file():
            with open(p, newline="", encoding="utf-8-sig") as fh:
                for row in csv.DictReader(fh):
                    f = Path(row.get("path") or row.get("file") or "")
                    if not f.is_absolute():
                        f = p.parent / f
                    out.append(SavedPage(f, (row.get("url") or "").strip(), (row.get("id") or "").strip() or f.stem))
        elif p.is_dir():
            out += [SavedPage(f, url or "", f.stem) for f in sorted(p.rglob("*"))
                    if f.is_file() and f.suffix.lower() in HTML_SUFFIXES]
        elif any(ch in str(item) for ch in "*?["):
            out += [SavedPage(Path(f), url or "", Path(f).stem) for f in sorted(glob.glob(str(item), recursive=True))]
        else:
            out.append(SavedPage(p, url or "", p.stem))
    return out


def page_checks() -> list[CheckInfo]:
    """The checks one saved document can decide."""
    return [c for c in all_checks() if c.page_level]


def judge_page(page: SavedPage, checks: Sequence[CheckInfo] | None = None,
               options: Mapping[str, Mapping[str, Any]] | None = None,
               captured: str = "") -> dict[str, Any]:
    """One saved page → ``{id, file, url, charset, repair, checks, forms, act}``."""
    body = page.path.read_bytes()
    reason = not_html_reason(body)
    if reason:
        raise NotHtml(f"{page.path}: {reason}, not an HTML page")
    url = page.url or saved_url(body, page.path)
    parsed = parse_html(body, url, discovered_as="home")
    return judge_parsed(page, url, parsed, checks, options, captured)


def judge_parsed(page: SavedPage, url: str, parsed: Page, checks: Sequence[CheckInfo] | None = None,
                 options: Mapping[str, Mapping[str, Any]] | None = None,
                 captured: str = "") -> dict[str, Any]:
    """:func:`judge_page` on a page already parsed. The checks and the ACT outcomes share
    one site's derived evidence: the page is parsed and its ACT rules run once."""
    site = SiteEvidence(site_url=url, final_url=url, status="ok", reason="", redirects=(), pages=(parsed,),
                        captured=captured)
    derived = Derived()
    results = run_checks(site, checks if checks is not None else page_checks(), options, derived)
    forms = []
    for form in parsed.forms:
        if form.name == "(no form)" and not form.selector:
            continue  # fields outside any <form>: not one form a person fills in
        k = explain(form)
        forms.append({"kind": k.kind, "selector": form.selector, "confidence": k.confidence, "why": k.why})
    acts = act_outcomes(SiteView(site, ("page",), derived), parsed)
    return {
        "id": page.id, "file": str(page.path), "url": url, "charset": parsed.charset, "repair": parsed.repair,
        "checks": {cid: {"outcome": r.outcome, "score": r.score,
                         "evidence": [p.to_dict() for p in r.evidence[:3]],
                         **({"details": r.details} if r.details else {})} for cid, r in results.items()},
        "forms": forms,
        "act": {rid: {"outcome": acts[rid].outcome} for rid in RULES},
    }


def judge_pages(pages: Iterable[SavedPage], options: Mapping[str, Mapping[str, Any]] | None = None,
                captured: str = "") -> Iterator[dict[str, Any]]:
    """Every page in turn; a page that cannot be judged yields ``{id, file, skipped: reason}``."""
    checks = page_checks()
    for page in pages:
        try:
            yield judge_page(page, checks, options, captured)
        except (NotHtml, OSError) as exc:
            yield {"id": page.id, "file": str(page.path), "skipped": str(exc)}

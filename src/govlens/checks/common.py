"""Helpers shared by check families: finding links by concept, pointers, guards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from govlens.checks.registry import Pointer
from govlens.collect.discover import canonical, same_site
from govlens.evidence.model import Link, Page, SiteEvidence
from govlens.lexicon.matcher import load_lexicon

T = TypeVar("T")


@dataclass(frozen=True)
class Found:
    page: Page
    link: Link
    term: str
    by: str  # text | url
    confidence: float

    def pointer(self) -> Pointer:
        return Pointer(self.page.final_url, self.link.selector,
                       (self.link.label or self.link.href)[:200],
                       note=f"matched '{self.term}' in {self.by}; links to {self.link.href}")


def per_site(fn: Callable[[SiteEvidence], T]) -> Callable[[SiteEvidence], T]:
    """Remember ``fn``'s answer for the site being checked: several checks share one
    analysis (logins feed both services.login and services.maturity), and run_checks
    judges one site at a time, so the last site is the only one worth keeping."""
    last: list[Any] = [None, None]

    @wraps(fn)
    def inner(site: SiteEvidence) -> T:
        if last[0] is not site:
            last[1] = fn(site)
            last[0] = site
        return last[1]

    return inner


def site_hosts(site: SiteEvidence) -> set[str]:
    from urllib.parse import urlsplit

    return {urlsplit(site.site_url).hostname or "", urlsplit(site.final_url).hostname or ""}


def iter_links(site: SiteEvidence) -> Iterator[tuple[Page, Link]]:
    """Home page links first, then the other crawled pages'."""
    for page in site.pages:
        for link in page.links:
            yield page, link


def find_concept(site: SiteEvidence, concept: str, *, home_only: bool = False,
                 same_site_only: bool = False) -> list[Found]:
    """Links whose label (or, failing that, URL words) name the concept."""
    c = load_lexicon().concept(concept)
    hosts = site_hosts(site)
    out: list[Found] = []
    seen: set[str] = set()
    for i, page in enumerate(site.pages):
        if home_only and i > 0:
            break
        for link in page.links:
            if not link.href:
                continue
            if link.href.startswith(("mailto:", "tel:")):
                # an e-mail/phone link counts only where its text names the concept ("Contact us")
                term = c.match_text(link.label) if concept == "contact" else None
                if term and link.href not in seen:
                    seen.add(link.href)
                    out.append(Found(page, link, term, "text", 0.9 * (1.0 if i == 0 else 0.85)))
                continue
            if same_site_only and not same_site(link.href, hosts):
                continue
            key = canonical(link.href)
            if key in seen:
                continue
            term = c.match_text(link.label)
            by = "text"
            if not term:
                term = c.match_url(link.href)
                by = "url"
            if not term and not link.label:
                # an image button without alt: its file name (btn_contact.gif) is all a program has
                for im in page.images:
                    if im.in_link and im.src and im.selector.startswith(link.selector + " > "):
                        term = c.match_url(im.src.rsplit("/", 1)[-1])
                        if term:
                            by = "image-file"
                            break
            if term:
                seen.add(key)
                conf = {"text": 1.0, "url": 0.8}.get(by, 0.6) * (1.0 if i == 0 else 0.85)
                out.append(Found(page, link, term, by, conf))
    out.sort(key=lambda f: -f.confidence)
    return out


def broken_targets(site: SiteEvidence, found: list[Found]) -> list[str]:
    failed = {canonical(h.url): h for h in site.failed if h.location != "crawler-trap"}
    return [f.link.href for f in found if canonical(f.link.href) in failed]

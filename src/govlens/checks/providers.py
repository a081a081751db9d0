"""Fingerprints as data, and the small matchers the ``*_extra`` check families share.

The data (``checks/data/*.yaml``) names digital-ID providers, payment gateways, chat
widgets, CMSs and third parties by host, URL, page-source marker and name; the lexicon
(``lexicon/data/*.yaml``) names concepts in each language. A :class:`Hit` is one piece of
evidence with the source that decided it and a confidence:

========== ============================================== ==========
source     what matched                                   confidence
========== ============================================== ==========
link-text  a link's text, image alt, title or aria-label   1.0
host       a link/action/script host from the data        1.0
url        a URL pattern from the data                    0.9
heading    a heading                                      0.9
image      an image's alt or title (outside any link)     0.9
link-url   a word of the link's URL path                  0.8
text       the page's visible text                        0.7
========== ============================================== ==========

Pages after the home page weigh 0.85 of that. Everything here is a pure function of the
evidence: the page source (``Page.html``) is re-parsed for structure, never fetched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from govlens.checks.registry import Pointer
from govlens.collect.discover import canonical, site_key
from govlens.evidence.model import Form, Link, Page, SiteEvidence
from govlens.lexicon.matcher import Concept, load_lexicon, normalise

DATA_DIR = Path(__file__).parent / "data"
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# second-level labels under a country code that are not a registrant's name (or.th, co.uk …)
_GENERIC_SLD = frozenset("ac co com edu go gob gouv gov govt in mi mil ne net or org sch".split())


@cache
def fingerprints() -> dict[str, Any]:
    """Every ``checks/data/*.yaml`` mapping merged into one (keys are unique across files)."""
    out: dict[str, Any] = {}
    for f in sorted(DATA_DIR.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for k, v in doc.items():
            if k in out:
                raise ValueError(f"{f.name}: key {k!r} is already defined in another data file")
            out[k] = v
    return out


def data(key: str, default: Any = None) -> Any:
    return fingerprints().get(key, default)


@lru_cache(maxsize=256)
def _regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I) if patterns else None


def excluded(text: str, patterns: Sequence[str]) -> str:
    """``text`` normalised, with every match of the exclusion patterns blanked out."""
    t = normalise(text)
    rx = _regex(tuple(patterns))
    return rx.sub(" ", t) if rx else t


def matches_any(text: str, patterns: Sequence[str]) -> str | None:
    rx = _regex(tuple(patterns))
    m = rx.search(normalise(text)) if rx and text else None
    return m.group(0) if m else None


@lru_cache(maxsize=512)
def _names_re(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    latin = sorted((normalise(n) for n in names if not _THAI.search(n)), key=len, reverse=True)
    thai = tuple(normalise(n) for n in names if _THAI.search(n))
    rx = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in latin) + r")(?![\w])") if latin else None
    return rx, thai


def match_names(text: str, names: Iterable[str]) -> str | None:
    """A name from ``names`` in ``text``: whole words for Latin script, substrings for Thai."""
    if not text:
        return None
    rx, thai = _names_re(tuple(names))
    t = normalise(text)
    for n in thai:
        if n in t:
            return n
    m = rx.search(t) if rx else None
    return m.group(0) if m else None


# ------------------------------------------------------------------------------- hosts


def path_only(url: str) -> str:
    """``url`` without its query: query words are parameters and ids (``?login=…``,
    ``?survey_id=…``), not what the link is about."""
    try:
        p = urlsplit(url)
    except ValueError:
        return url
    return f"{p.scheme}://{p.netloc}{p.path}" if p.scheme else p.path


@lru_cache(maxsize=8192)  # small: a site's menus repeat; a run's URLs must not pile up
def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


@lru_cache(maxsize=4096)
def _suffix_set(suffixes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(x.lower() for x in suffixes)


def host_matches(host: str, suffixes: Iterable[str]) -> str | None:
    """The suffix ``host`` is, or is a subdomain of (walks the host's labels, not the list)."""
    known = _suffix_set(tuple(suffixes))
    h = host.lower()
    while h:
        if h in known:
            return h
        h = h.partition(".")[2]
    return None


def site_hosts(site: SiteEvidence) -> set[str]:
    return {h for h in (host_of(site.site_url), host_of(site.final_url)) if h}


def government_suffix(host: str) -> str | None:
    """The longest government suffix of ``host`` (``go.th`` for ``www.dol.go.th``)."""
    best = None
    for s in data("government_suffixes", []):
        if (host == s or host.endswith("." + s)) and (best is None or len(s) > len(best)):
            best = s
    return best


def agency_domain(host: str) -> str:
    """The part that names the agency: ``dol.go.th`` for ``eservice.dol.go.th``."""
    host = site_key(host)
    suffix = government_suffix(host)
    if suffix:
        rest = host[: -len(suffix)].rstrip(".")
        return (rest.rsplit(".", 1)[-1] + "." + suffix) if rest else suffix
    parts = host.split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in _GENERIC_SLD:
        return ".".join(parts[-3:])  # dgs.or.th, council.co.uk
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def same_government(url: str, hosts: Iterable[str]) -> str | None:
    """How ``url`` belongs with the site: ``same-site``, ``same-agency`` (another host of the
    agency's domain), ``same-government`` (another host under the same government suffix,
    e.g. ``*.go.th``) — or None."""
    host = site_key(host_of(url))
    if not host:
        return None
    keys = {site_key(h) for h in hosts}
    if host in keys:
        return "same-site"
    if agency_domain(host) in {agency_domain(h) for h in keys}:
        return "same-agency"
    suffix = government_suffix(host)
    if suffix and any(government_suffix(h) == suffix for h in keys):
        return "same-government"
    return None


def eservice_host(host: str) -> bool:
    """A host whose first label names an e-service system (``eservice.``, ``efiling.`` …)."""
    first = host.split(".", 1)[0].lower()
    rx = _regex(tuple(f"^(?:{p})$" for p in data("eservice_host_labels", [])))
    return bool(rx and rx.match(first))


# ------------------------------------------------------------------------------- hits


@dataclass(frozen=True)
class Hit:
    """One piece of evidence for a check."""

    what: str  # concept name or data entry id
    name: str  # the term matched or the entry's human name
    url: str  # the page it is on
    by: str  # link-text | host | url | heading | image | link-url | text | form | script | html | meta | jsonld
    confidence: float
    selector: str = ""
    snippet: str = ""
    target: str = ""  # where a link or form leads

    def pointer(self, note: str = "") -> Pointer:
        n = note or f"{self.what}: matched '{self.name}' by {self.by}" + (f"; leads to {self.target}" if self.target else "")
        return Pointer(self.url, self.selector, self.snippet[:200], note=n[:300])


def link_hit(what: str, name: str, page: Page, link: Link, by: str, conf: float) -> Hit:
    return Hit(what, name, page.final_url, by, conf, link.selector,
               (link.label or link.href or link.raw_href)[:200], link.href or link.raw_href)


def page_weight(i: int) -> float:
    return 1.0 if i == 0 else 0.85


def iter_pages(site: SiteEvidence, home_only: bool = False) -> Iterator[tuple[int, Page]]:
    for i, page in enumerate(site.pages):
        if home_only and i > 0:
            break
        yield i, page


def concept_hits(
    site: SiteEvidence,
    concept: str | Concept,
    *,
    exclude: Sequence[str] = (),
    hosts: Sequence[str] = (),
    urls: Sequence[str] = (),
    host_labels: Sequence[str] = (),
    headings: bool = True,
    images: bool = True,
    text: bool = False,
    link_urls: bool = True,
    home_only: bool = False,
    link_filter: Any = None,
) -> list[Hit]:
    """Where a page shows ``concept``: links (text, then host/URL data, then URL words),
    headings, images outside links and, when asked, the visible text. Exclusion patterns
    are blanked out of text before matching; hits are sorted by confidence."""
    c = load_lexicon().concept(concept) if isinstance(concept, str) else concept
    label_rx = _regex(tuple(f"^(?:{p})\\." for p in host_labels)) if host_labels else None
    out: list[Hit] = []
    seen: set[str] = set()
    for i, page in iter_pages(site, home_only):
        w = page_weight(i)
        for link in page.links:
            href = link.href or ""
            if href.startswith(("mailto:", "tel:")) or not (href or link.raw_href):
                continue
            if link_filter is not None and not link_filter(link):
                continue
            key = canonical(href) if href else link.raw_href
            if key in seen:
                continue
            host = host_of(href)
            low = (href or link.raw_href).lower()
            hit = None
            term = c.match_text(excluded(link.label, exclude)) if link.label else None
            if not term and exclude and link.label and c.match_text(link.label):
                continue  # the label names the concept only inside an excluded phrase
            if term:
                hit = link_hit(c.name, term, page, link, "link-text", w)
            elif hosts and host and (s := host_matches(host, hosts)):
                hit = link_hit(c.name, s, page, link, "host", w)
            elif urls and (u := next((u for u in urls if u in low), None)):
                hit = link_hit(c.name, u, page, link, "url", 0.9 * w)
            elif label_rx and host and (m := label_rx.match(host)):
                hit = link_hit(c.name, m.group(0).rstrip("."), page, link, "host", 0.9 * w)
            elif link_urls and href and (term := c.match_url(path_only(href))):
                hit = link_hit(c.name, term, page, link, "link-url", 0.8 * w)
            if hit:
                seen.add(key)
                out.append(hit)
        if headings:
            for level, htext in page.headings:
                term = c.match_text(excluded(htext, exclude))
                if term:
                    out.append(Hit(c.name, term, page.final_url, "heading", 0.9 * w, f"h{level}", htext[:200]))
                    break
        if images:
            for img in page.images:
                if img.in_link:
                    continue
                alt = " ".join(p for p in (img.alt or "", img.title, img.aria_label) if p)
                term = c.match_text(excluded(alt, exclude)) if alt else None
                if term:
                    out.append(Hit(c.name, term, page.final_url, "image", 0.9 * w, img.selector, alt[:200], img.src))
                    break
        if text and page.text:
            t = excluded(page.text, exclude)
            term = c.match_text(t)
            if term:
                at = t.find(term)
                out.append(Hit(c.name, term, page.final_url, "text", 0.7 * w, "body",
                               t[max(0, at - 60): at + 80]))
    out.sort(key=lambda h: -h.confidence)
    return out


# ------------------------------------------------------------------------ page structure


@lru_cache(maxsize=16)
def tree(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def node_text(node: LexborNode | None, limit: int = 400) -> str:
    if node is None:
        return ""
    return re.sub(r"\s+", " ", node.text(separator=" ") or "").strip()[:limit]


def form_context(page: Page, form: Form) -> str:
    """The form's own text plus the text of its container and the heading before it
    (a staff login box is usually titled outside the form)."""
    parts = [form.text, form.name, form.id, form.action]
    if page.html and form.selector:
        try:
            node = tree(page.html).css_first(form.selector)
        except Exception:  # a selector lexbor cannot parse: fall back to the form's own text
            node = None
        if node is not None:
            parent = node.parent
            if parent is not None and parent.tag not in ("body", "html"):
                parts.append(node_text(parent, 300))
            prev = node.prev
            hops = 0
            while prev is not None and hops < 4:
                if prev.tag and not prev.tag.startswith("-"):
                    parts.append(node_text(prev, 150))
                    break
                prev = prev.prev
                hops += 1
    return " ".join(p for p in parts if p)


_RESOURCE_SELECTORS = (
    ("script", "script[src]", "src"), ("stylesheet", "link[href]", "href"), ("image", "img[src]", "src"),
    ("frame", "iframe[src]", "src"), ("frame", "frame[src]", "src"), ("media", "source[src]", "src"),
    ("media", "video[src]", "src"), ("media", "audio[src]", "src"), ("embed", "embed[src]", "src"),
    ("embed", "object[data]", "data"), ("image", "input[type=image][src]", "src"),
)
_LINK_RESOURCE_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon",
                       "manifest", "prefetch"}


def resources(page: Page) -> list[tuple[str, str]]:
    """``(kind, absolute URL)`` of everything the page's markup makes a browser load:
    scripts, stylesheets and preloads, images, frames, media and embeds (data: URIs and
    inline code excluded). Hints such as ``preconnect`` are not loads and are left out."""
    if not page.html:
        return [("script", s) for s in page.scripts]
    t = tree(page.html)
    base_el = t.css_first("base[href]")
    base = urljoin(page.final_url, base_el.attributes.get("href") or "") if base_el is not None else page.final_url
    out: list[tuple[str, str]] = []
    for kind, sel, attr in _RESOURCE_SELECTORS:
        for el in t.css(sel):
            v = (el.attributes.get(attr) or "").strip()
            if not v or v.lower().startswith(("data:", "javascript:", "about:", "#")):
                continue
            if sel == "link[href]":
                rels = set((el.attributes.get("rel") or "").lower().split())
                if not rels & _LINK_RESOURCE_RELS:
                    continue
            try:
                out.append((kind, urljoin(base, v)))
            except ValueError:
                continue
    return out


def jsonld(page: Page) -> list[dict[str, Any]]:
    """Every JSON-LD node on the page (``@graph`` flattened); unparsable blocks skipped."""
    if not page.html or "ld+json" not in page.html.lower():
        return []
    out: list[dict[str, Any]] = []

    def walk(x: Any) -> None:
        if isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            out.append(x)
            for k in ("@graph", "dataset", "hasPart", "mainEntity", "distribution"):
                if k in x:
                    walk(x[k])

    for el in tree(page.html).css('script[type="application/ld+json"]'):
        try:
            walk(json.loads(el.text(deep=True) or ""))
        except ValueError:
            continue
    return out


# ------------------------------------------------------------------------- data entries


def _host_suffixes(host: str) -> list[str]:
    """``a.b.go.th`` → a.b.go.th, b.go.th, go.th, th: every suffix a data entry may name."""
    out = []
    while host:
        out.append(host)
        host = host.partition(".")[2]
    return out


def entry_hits(page: Page, entries: Iterable[dict[str, Any]], *, weight: float = 1.0,
               links: bool = True, forms: bool = True, loads: bool = True, html: bool = True,
               what: str = "") -> list[Hit]:
    """Data entries (providers, gateways, widgets, third parties) a page shows, by host and
    URL of its links, form actions and loaded resources, and by markers in its source.
    Names are not matched here: callers decide in which context a name counts."""
    out: list[Hit] = []
    targets: list[tuple[str, str, str, str]] = []  # (by, url, selector, snippet)
    if links:
        targets += [("link", (lk.href or lk.raw_href), lk.selector, lk.label) for lk in page.links]
    if forms:
        targets += [("form", f.action, f.selector, f.text[:120]) for f in page.forms if f.action]
    if loads:
        targets += [(kind, u, "", "") for kind, u in resources(page)]
    targets = [t for t in targets if t[1]]
    # each target's host suffixes and lower-cased URL, computed once for all entries
    suffixes = [set(_host_suffixes(host_of(t[1]))) for t in targets]
    lowered = [t[1].lower() for t in targets]
    low_html = page.html.lower() if html and page.html else ""
    for e in entries:
        hosts = _suffix_set(tuple(e.get("hosts") or ()))
        urls = [u.lower() for u in e.get("urls") or []]
        hit = None
        for (by, url, sel, snip), sfx, low in zip(targets, suffixes, lowered, strict=True):
            if hosts and not hosts.isdisjoint(sfx):
                hit = Hit(what or e["id"], e["name"], page.final_url, by, weight, sel, snip or url, url)
            elif urls and any(u in low for u in urls):
                hit = Hit(what or e["id"], e["name"], page.final_url, by, 0.9 * weight, sel, snip or url, url)
            if hit:
                break
        if hit is None and low_html:
            marker = next((m for m in e.get("html") or [] if m.lower() in low_html), None)
            if marker:
                at = low_html.find(marker.lower())
                hit = Hit(what or e["id"], e["name"], page.final_url, "html", 0.9 * weight, "",
                          page.html[max(0, at - 40): at + 80], marker)
        if hit:
            out.append(hit)
    return out


def dedupe(hits: Iterable[Hit]) -> list[Hit]:
    out: dict[tuple[str, str, str], Hit] = {}
    for h in hits:
        key = (h.what, h.target or h.snippet, h.url)
        if key not in out or h.confidence > out[key].confidence:
            out[key] = h
    return sorted(out.values(), key=lambda h: -h.confidence)


def best_confidence(hits: Sequence[Hit]) -> float:
    return round(max((h.confidence for h in hits), default=0.0), 3)

"""Which links to follow first: key pages by lexicon, then breadth-first.

A key page (contact, about, e-services, sitemap page, privacy, FAQ, open data,
participation, news) is what the frameworks ask about, so it is fetched before the budget
goes to ordinary pages. Links are ranked by what a visitor reads (text, image alt, title),
then URL words, then position (nav, header and footer menus are where such links live).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from govlens.lexicon.matcher import load_lexicon

KEY_CONCEPTS = ("contact", "about", "services", "sitemap", "privacy", "faq", "opendata",
                "feedback", "news")
SKIP_EXT = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|7z|gz|tar|jpe?g|png|gif|svg|webp|ico|bmp|tiff?|"
    r"mp3|mp4|avi|mov|wmv|flv|webm|ogg|wav|exe|msi|dmg|iso|apk|css|js|json|xml|csv|txt|rss|atom)$",
    re.I)
_SESSION = re.compile(r"(?:^|[;&?])(?:(?:jsessionid|phpsessid|sessionid|aspsessionid\w*|oscsid|zenid)="
                      r"|sid=[0-9a-z]{16,})", re.I)
_SESSION_KEYS = re.compile(r"^(?:jsessionid|phpsessid|sessionid|aspsessionid\w*|oscsid|zenid)$", re.I)
_TOKEN = re.compile(r"^[0-9a-z]{16,}$", re.I)  # what a session id looks like ("sid=12" is a section)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*", re.I)
_ASPNET_COOKIELESS = re.compile(r"/\((?:[A-Z]\([^)]*\))+\)/", re.I)  # /(S(abc123))/page.aspx
_DIGITS = re.compile(r"\d+")
_REGION_BONUS = {"nav": 0.5, "header": 0.4, "footer": 0.3, "aside": 0.1}


class LinkLike(Protocol):
    href: str
    region: str

    @property
    def label(self) -> str: ...


def site_key(host: str) -> str:
    """Hosts that count as the same site: ``www.`` and case do not matter."""
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, hosts: Iterable[str]) -> bool:
    return site_key(urlsplit(url).hostname or "") in {site_key(h) for h in hosts}


def canonical(url: str) -> str:
    """Fragment dropped, host lower-cased, empty path as '/': one URL, one fetch."""
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc.lower(), p.path or "/", p.query, ""))


def strip_session(url: str) -> str:
    """The URL without session ids (``;jsessionid=…``, ``?PHPSESSID=…``): one page, one URL.

    A site that puts a fresh session id in every link is an endless URL space; without the
    ids its pages are finite again (as search engines treat them).
    """
    p = urlsplit(url)
    path = _PATH_SESSION.sub("", p.path)
    query = p.query
    if query and _SESSION.search("?" + query):
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, v) for k, v in pairs if not (
            _SESSION_KEYS.match(k) or (k.lower() == "sid" and _TOKEN.match(v)))])
    if path == p.path and query == p.query:
        return url
    return urlunsplit((p.scheme, p.netloc, path or "/", query, p.fragment))


def trap_reason(url: str) -> str:
    """Why ``url`` looks like part of an endless URL space ("" when it does not)."""
    p = urlsplit(url)
    if len(url) > 400:
        return "URL longer than 400 characters"
    if p.path.count("/") > 10:
        return "path deeper than 10 levels"
    segments = [s for s in p.path.split("/") if s]
    if segments and max(segments.count(s) for s in set(segments)) >= 4:
        return "a path segment repeats 4 times or more"
    if _SESSION.search(p.path) or _SESSION.search("?" + p.query) or _ASPNET_COOKIELESS.search(p.path):
        return "session id in the URL"
    return ""


def url_shape(url: str) -> str:
    """Host, path with digits as N, and the query's parameter names: what a trap repeats.

    ``/calendar?month=7`` and ``/calendar?month=8`` have one shape; so do ``/events/2024/06``
    and ``/events/2024/07``.
    """
    p = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(p.query, keep_blank_values=True)})
    return f"{site_key(p.hostname or '')}{_DIGITS.sub('N', p.path)}?{'&'.join(keys)}"


def crawlable(url: str) -> bool:
    p = urlsplit(url)
    if p.scheme not in ("http", "https") or SKIP_EXT.search(p.path):
        return False
    # crawler traps: endless depth, endless URLs, session ids in URLs
    return not trap_reason(url)


@dataclass(frozen=True)
class KeyLink:
    concept: str
    url: str
    score: float
    matched: str


def key_links(links: Sequence[LinkLike], hosts: Iterable[str]) -> list[KeyLink]:
    """The best same-site link for each key concept, in KEY_CONCEPTS order."""
    lex = load_lexicon()
    hosts = list(hosts)
    best: dict[str, KeyLink] = {}
    n = max(len(links), 1)
    for i, link in enumerate(links):
        if not link.href or not same_site(link.href, hosts) or not crawlable(strip_session(link.href)):
            continue
        label = link.label
        for concept in KEY_CONCEPTS:
            c = lex.concept(concept)
            term = c.match_text(label) if label else None
            score = 3.0 if term else 0.0
            url_term = c.match_url(link.href)
            if url_term:
                score += 2.0
            if not score:
                continue
            score += _REGION_BONUS.get(link.region, 0.0) + 0.2 * (1 - i / n)
            if concept not in best or score > best[concept].score:
                best[concept] = KeyLink(concept, strip_session(canonical(link.href)), score,
                                        term or url_term or "")
    return [best[c] for c in KEY_CONCEPTS if c in best]

"""Finding things on pages: the one matching layer every check family uses.

Words come from the lexicon (``lexicon/data/``: concepts per language, and tables of hosts,
URL patterns and fingerprints). A :class:`Hit` is one piece of evidence, with what decided
it (``by``) and a confidence read from one table:

============ ================================================ ==========
by           what matched                                     confidence
============ ================================================ ==========
link-text    a link's text, image alt, title or aria-label      1.0
host         a link/action/script host from the data            1.0
url          a URL pattern or host label from the data          0.9
heading      a heading                                          0.9
image        an image's alt or title (outside any link)         0.9
mail-text    an e-mail/phone link whose text names the concept  0.9
link-url     a word of the link's URL                           0.8
text         the page's visible text                            0.7
image-file   the file name of an unlabelled image button        0.6
============ ================================================ ==========

Pages after the home page weigh :data:`LATER_PAGE` of that. :func:`concept_hits` is the one
concept finder; :func:`concept_check` builds the "there is a link to X" checks, with one
rule for a found target that failed: ``partial`` (0.5) when every target found is broken.
Page structure (parse trees, resources, JSON-LD) is derived evidence: parsed once per site.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from govlens.checks.registry import Pointer, Verdict, check, failed, partial, passed
from govlens.checks.view import SiteView, computed
from govlens.collect.discover import canonical, same_site, site_key
from govlens.evidence.model import Form, Image, Link, Page
from govlens.evidence.parse import root_of
from govlens.lexicon.matcher import NO_SPACE_SCRIPTS as _NO_SPACE
from govlens.lexicon.matcher import (
    Concept,
    load_lexicon,
    normalise,
    prefix_tree,
    required_literals,
    screened,
    url_words,
)

CONFIDENCE: dict[str, float] = {
    "link-text": 1.0, "host": 1.0, "url": 0.9, "heading": 0.9, "image": 0.9, "mail-text": 0.9,
    "link-url": 0.8, "text": 0.7, "image-file": 0.6,
}
LATER_PAGE = 0.85
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# second-level labels under a country code that are not a registrant's name (or.th, co.uk …)
_GENERIC_SLD = frozenset("ac co com edu go gob gouv gov govt in mi mil ne net or org sch".split())


def data(key: str, default: Any = None) -> Any:
    """A table of the lexicon (hosts, URL patterns, fingerprints)."""
    return load_lexicon().data.get(key, default)


def page_weight(i: int) -> float:
    return 1.0 if i == 0 else LATER_PAGE


def iter_pages(ev: SiteView, home_only: bool = False) -> Iterator[tuple[int, Page]]:
    for i, page in enumerate(ev.pages):
        if home_only and i > 0:
            break
        yield i, page


# ------------------------------------------------------------------------------ text


@lru_cache(maxsize=256)
def _regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any of ``patterns`` (IGNORECASE), screened by the characters a match starts with."""
    return screened("|".join(f"(?:{p})" for p in patterns), re.I) if patterns else None


def matches_any(text: str, patterns: Sequence[str]) -> str | None:
    rx = _regex(tuple(patterns))
    m = rx.search(normalise(text)) if rx and text else None
    return m.group(0) if m else None


@lru_cache(maxsize=512)
def _names_re(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...], tuple[str, ...]]:
    latin = sorted((normalise(n) for n in names if not _THAI.search(n)), key=len, reverse=True)
    thai = tuple(normalise(n) for n in names if _THAI.search(n))
    rx = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in latin) + r")(?![\w])") if latin else None
    return rx, thai, tuple(latin)


def match_names(text: str, names: Iterable[str]) -> str | None:
    """A name from ``names`` in ``text``: whole words for Latin script, substrings for Thai."""
    if not text:
        return None
    if len(text) <= 256:  # labels repeat on every page: answered from a bounded memo
        return _match_names_short(text, tuple(names))
    return names_in_normalised(normalise(text), names)


@lru_cache(maxsize=8192)  # bounded like lexicon.normalise's cache
def _match_names_short(text: str, names: tuple[str, ...]) -> str | None:
    return names_in_normalised(normalise(text), names)


def names_in_normalised(t: str, names: Iterable[str]) -> str | None:
    """:func:`match_names` on a text already normalised (a page's text, normalised once)."""
    rx, thai, latin = _names_re(tuple(names))
    for n in thai:
        if n in t:
            return n
    # the pattern matches one of the names literally: when none is a substring of ``t``
    # (a fast scan), the search cannot match either (a page's whole text, once per entry)
    m = rx.search(t) if rx and any(n in t for n in latin) else None
    return m.group(0) if m else None


_SPACES = re.compile(r"\s+")


def css_word_alike(word: str) -> bool:
    """``word in value.lower()`` is lexbor's ``[attr*=word i]`` (ASCII case-insensitive): lower()
    turns no character into an ASCII letter but "K" (KELVIN SIGN → k) and "İ" (→ i and a
    combining dot, which no word can continue after an i), and a word without space cannot
    span the space between the class and the id."""
    return (bool(word) and '"' not in word and "\\" not in word and "k" not in word and not word.endswith("i")
            and not any(ch.isspace() for ch in word)
            and all((ch.isascii() and not ch.isupper()) or ch.lower() == ch.upper() == ch for ch in word))


def node_text(node: LexborNode | None, limit: int = 400) -> str:
    if node is None:
        return ""
    return _SPACES.sub(" ", node.text(separator=" ") or "").strip()[:limit]


# ------------------------------------------------------------------------------ hosts


def path_only(url: str) -> str:
    """``url`` without its query: query words are parameters and ids (``?login=…``,
    ``?survey_id=…``), not what the link is about."""
    try:
        p = urlsplit(url)
    except ValueError:
        return url
    return f"{p.scheme}://{p.netloc}{p.path}" if p.scheme else p.path


@lru_cache(maxsize=8192)  # bounded like host_of's
def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, memoised: several checks split the same links (a ValueError is not
    cached, so a URL urlsplit rejects raises again where it is read)."""
    return urlsplit(url)


@lru_cache(maxsize=8192)  # bounded like host_of's: a page repeats its menu links (four in ten hrefs)
def canonical_url(url: str) -> str:
    """``collect.discover.canonical(url)``, memoised (a ValueError is not cached: raised again)."""
    return canonical(url)


@lru_cache(maxsize=8192)  # small: a site's menus repeat; a run's URLs must not pile up
def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


@lru_cache(maxsize=4096)
def _suffix_set(suffixes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(x.lower() for x in suffixes)


def host_suffixes(host: str) -> list[str]:
    """``a.b.go.th`` → a.b.go.th, b.go.th, go.th, th: every suffix a data entry may name."""
    out = []
    while host:
        out.append(host)
        host = host.partition(".")[2]
    return out


@lru_cache(maxsize=8192)  # bounded: a run's hosts must not pile up
def suffixes_of(host: str) -> tuple[str, ...]:
    """:func:`host_suffixes` as a tuple, memoised (a site's hosts repeat on every page)."""
    return tuple(host_suffixes(host))


def host_matches(host: str, suffixes: Iterable[str]) -> str | None:
    """The suffix ``host`` is, or is a subdomain of (walks the host's labels, not the list)."""
    known = _suffix_set(tuple(suffixes))
    for h in host_suffixes(host.lower()):
        if h in known:
            return h
    return None


def site_hosts(ev: SiteView) -> set[str]:
    return {h for h in (host_of(ev.site_url), host_of(ev.final_url)) if h}


def government_suffix(host: str) -> str | None:
    """The longest government suffix of ``host`` (``go.th`` for ``www.dol.go.th``): the first of
    the host's suffixes (longest first, :func:`host_suffixes`) that the table lists — ``host ==
    s or host.endswith("." + s)`` says ``s`` is one of them."""
    known = _suffix_table(tuple(data("government_suffixes", [])))
    for h in suffixes_of(host):
        if h in known:
            return h
    return None


@lru_cache(maxsize=16)
def _suffix_table(suffixes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s for s in suffixes if s)


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
    by: str  # a key of CONFIDENCE, or form | script | html | meta | jsonld | microdata | rdfa | link
    confidence: float
    selector: str = ""
    snippet: str = ""
    target: str = ""  # where a link or form leads

    def pointer(self, note: str = "") -> Pointer:
        n = note or f"{self.what}: matched '{self.name}' by {self.by}" + (f"; leads to {self.target}" if self.target else "")
        return Pointer(self.url, self.selector, self.snippet[:200], note=n[:300])


_PLACEHOLDER = re.compile(r"\{\{|\{%|<\?|\$\{|%7b%7b|%7b%|\[\[|<%", re.I)


def goes_somewhere(page: Page, link: Link) -> bool:
    """A link a visitor can follow somewhere: not ``href="#"`` or empty, not a link back to the
    same page (an anchor to a section of it, ``#news``, does lead to that section — when the page
    has an element so named: :func:`link_facts` checks that), not a template placeholder left in the markup (``{{ route('login') }}``,
    ``<?=$url?>``). ``javascript:`` handlers have no target (``Link.href`` is empty); callers
    that accept them (a chat opener) say so."""
    raw = (link.raw_href or "").strip()
    if not raw or raw in ("#", "#!", "#/") or _PLACEHOLDER.search(raw):
        return False
    if raw.startswith("#"):
        return True  # an in-page section ("#procurement" opens that tab): the page shows it
    href = link.href or ""
    if href.startswith(("mailto:", "tel:")):
        return True
    # canonical_url: memoised (the page's own URL is asked for every link)
    return not (href and canonical_url(href) == canonical_url(page.final_url))


class LinkFacts:
    """What every finder asks of one link, worked out once per page (derived evidence):
    its canonical form, host and host suffixes, lower-cased URL, URL without its query,
    whether it leads anywhere, and whether it is an anchor into this page (its URL is the
    page's own, so its URL words say nothing about the link). A value that cannot be worked out (a URL ``urlsplit`` rejects)
    is worked out again where it is read, so it fails exactly as before."""

    __slots__ = ("link", "href", "mail", "host", "low", "in_page", "_page", "_goes", "_key", "_path", "_suffixes",
                 "_skey")

    def __init__(self, page: Page, link: Link, page_key: str | None) -> None:
        self.link = link
        href = self.href = link.href or ""
        self.mail = href.startswith(("mailto:", "tel:"))
        raw = link.raw_href or ""
        self.host = host_of(href)
        self.low = (href or raw).lower()
        self._key: str | None = None
        self._path: str | None = None
        self._suffixes: tuple[str, ...] | None = None
        self._skey: str | None = None
        self._page = page
        if href and not self.mail:
            try:
                self._key = canonical_url(href)
            except ValueError:
                self._key = None
        # goes_somewhere, worked out once
        stripped = raw.strip()
        self.in_page = stripped.startswith("#")
        raw_ok = bool(stripped) and stripped not in ("#", "#!", "#/") and not _PLACEHOLDER.search(stripped)
        self._goes: bool | None
        if not raw_ok or self.mail or not href or self.in_page:
            self._goes = raw_ok  # "#section": an in-page section, which the page does show
        elif page_key is not None and self._key is not None:
            self._goes = self._key != page_key
        else:
            self._goes = None  # a URL urlsplit rejects: decided (and failing) where it is read

    @property
    def goes(self) -> bool:
        """:func:`goes_somewhere` of the link."""
        if self._goes is None:
            return goes_somewhere(self._page, self.link)
        return self._goes

    @property
    def blocked(self) -> bool:
        """concept_hits' test: ``#``, a link back to this page, a template placeholder."""
        raw = self.link.raw_href or ""
        if self.href and not self.goes:
            return True
        return bool(_PLACEHOLDER.search(raw))

    @property
    def key(self) -> str:
        """What counts as one target: the canonical URL, else the attribute as written."""
        if not self.href:
            return self.link.raw_href
        return self._key if self._key is not None else canonical(self.href)

    @property
    def path(self) -> str:
        if self._path is None:
            self._path = path_only(self.href)
        return self._path

    @property
    def suffixes(self) -> tuple[str, ...]:
        if self._suffixes is None:
            self._suffixes = suffixes_of(self.host.lower())
        return self._suffixes

    def site_key(self, own: Iterable[str]) -> str | None:
        """The link's host as ``same_site`` compares it (None when it cannot be split)."""
        if self._skey is None:
            try:
                self._skey = site_key(urlsplit(self.href).hostname or "")
            except ValueError:
                same_site(self.href, own)  # raises as before
                raise
        return self._skey


def link_facts(ev: SiteView, page: Page) -> list[LinkFacts]:
    """:class:`LinkFacts` of every link of ``page``, in order, computed once per site."""
    def make() -> list[LinkFacts]:
        try:
            page_key: str | None = canonical(page.final_url)
        except ValueError:
            page_key = None
        facts = [LinkFacts(page, lk, page_key) for lk in page.links]
        anchors = [f for f in facts if f.in_page and f._goes]
        if anchors:
            # "#5" with no element id="5" (or name="5") on the page scrolls nowhere
            targets = set(_ANCHOR_TARGET.findall(page.html or ""))
            for f in anchors:
                frag = unquote((f.link.raw_href or "").strip()[1:]).lstrip("/!")
                if frag and frag not in targets:
                    f._goes = False
        return facts

    return ev.derived.per_page("link-facts", page, make)


# the lookahead screens out, in one test, the blanks not followed by what "id" or "name" can
# start with under IGNORECASE (i, I, dotless ı, İ; n, N): the same matches, tried at fewer places
_ANCHOR_TARGET = re.compile(r"""\s(?=[iInNıİ])(?:id|name)\s*=\s*["']?([^"'\s>]+)""", re.I)


_LABEL_CONCEPTS: dict[str, frozenset[str]] = {}
_URL_CONCEPTS: dict[str, frozenset[str]] = {}
_MEMO_SIZE = 8192  # bounded like lexicon.normalise's cache: labels and URLs repeat across pages


_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _LabelIndex:
    r"""The lexicon's concepts arranged to find which of them a label names (built once):

    * ``unspaced``: every unspaced-script term in one prefix-tree pattern, which finds at a
      position the longest term starting there; ``names_at``: a term → the concepts of it and of
      the terms that are prefixes of it (which start there too);
    * ``by_word``: concepts by the first word of their whole-word terms: those are matched as
      ``(?<!\w)…(?!\w)``, so a term's first word is one of the label's ``\w+`` runs;
      ``unscreened``: concepts with a term that does not start with a word character;
    * ``any_exclusion``: every concept's exclusions in one pattern (None when they cannot be
      joined): when it finds nothing, no concept's exclusion occurs in the label, and only the
      concepts with a term found or a first word present (``by_name``) are asked."""

    concepts: tuple[tuple[str, Concept], ...]
    unspaced: re.Pattern[str] | None
    names_at: dict[str, frozenset[str]]
    by_word: dict[str, list[str]]
    unscreened: frozenset[str]
    any_exclusion: re.Pattern[str] | None
    exclusion_screen: re.Pattern[str] | None  # one of the literals every exclusion match holds
    by_name: dict[str, Concept]  # ``concepts`` by name


_LABEL_INDEX: list[tuple[Any, _LabelIndex]] = []


def _label_index(lex: Any) -> _LabelIndex:
    if _LABEL_INDEX and _LABEL_INDEX[0][0] is lex:
        return _LABEL_INDEX[0][1]
    subs: dict[str, set[str]] = {}
    by_word: dict[str, list[str]] = {}
    unscreened: set[str] = set()
    for name, c in lex.concepts.items():
        for sub in c.substrings:
            subs.setdefault(sub, set()).add(name)
        if c.word_re is None:
            continue
        firsts = [_WORD.match(t) for t in c.latin]
        if not c.latin or any(m is None for m in firsts):
            unscreened.add(name)
            continue
        for w in {m.group(0) for m in firsts if m is not None}:
            by_word.setdefault(w, []).append(name)
    excl = [c.exclude for c in lex.concepts.values() if c.exclude is not None]
    joinable = all(x.groups == 0 and x.flags == re.UNICODE for x in excl)  # no groups or flags to renumber
    any_exclusion = re.compile("|".join(f"(?:{x.pattern})" for x in excl)) if excl and joinable else None
    needed = [required_literals(x.pattern, x.flags) for x in excl]
    exclusion_screen = (re.compile(prefix_tree(set().union(*needed)))
                        if any_exclusion is not None and all(needed) else None)
    unspaced = re.compile(prefix_tree(subs)) if subs and "" not in subs else None
    names_at = {t: frozenset().union(*(subs[t[:k]] for k in range(1, len(t) + 1) if t[:k] in subs)) for t in subs}
    got = _LabelIndex(tuple(lex.concepts.items()), unspaced, names_at, by_word, frozenset(unscreened),
                      any_exclusion, exclusion_screen, dict(lex.concepts))
    _LABEL_INDEX[:] = [(lex, got)]
    return got


def _names_in_label(label: str) -> Iterator[str]:
    """The concepts ``Concept.match_text(label) is not None or only_excluded(label)`` holds for.

    Where no exclusion of the concept occurs in the label, that is "a term of the concept is in
    the normalised label" (the text with exclusions blanked is the text itself), looked up in
    :class:`_LabelIndex` rather than asked of every concept; a concept whose exclusion occurs
    is asked as before."""
    t = normalise(label)
    ix = _label_index(load_lexicon())
    with_term: set[str] = set()
    if ix.unspaced is not None and _NO_SPACE.search(t):  # every unspaced-script term holds such a character
        # every position where a term starts: the longest there, and the terms it starts with
        pos = 0
        while (m := ix.unspaced.search(t, pos)) is not None:
            with_term |= ix.names_at[m.group(0)]
            pos = m.start() + 1
    may_word = set(ix.unscreened)
    for w in set(_WORD.findall(t)):
        may_word.update(ix.by_word.get(w, ()))
    # a label holding none of the literals every exclusion match holds holds no exclusion: one
    # prefix-tree search instead of the joined exclusions tried at every position
    excluded = ix.any_exclusion is None or (
        (ix.exclusion_screen is None or ix.exclusion_screen.search(t) is not None)
        and ix.any_exclusion.search(t) is not None)
    if not (excluded or with_term or may_word):
        return
    if not excluded:
        # no exclusion occurs: the loop below would yield exactly these (callers take a set)
        yield from with_term
        by_name = ix.by_name
        for name in may_word - with_term:
            word_re = by_name[name].word_re
            if word_re is not None and word_re.search(t):
                yield name
        return
    for name, c in ix.concepts:
        if excluded and c.exclude is not None and c.exclude.search(t):
            if c.match_text(label) is not None or c.only_excluded(label):
                yield name
            continue
        if name in with_term or (name in may_word and c.word_re is not None and c.word_re.search(t)):
            yield name


def label_concepts(label: str) -> frozenset[str]:
    """The lexicon concepts that a link label names, or names only inside an excluded phrase
    (``Concept.match_text`` / ``only_excluded`` of every concept, memoised per label)."""
    got = _LABEL_CONCEPTS.get(label)
    if got is None:
        got = frozenset(_names_in_label(label))
        if len(_LABEL_CONCEPTS) >= _MEMO_SIZE:
            _LABEL_CONCEPTS.clear()
        _LABEL_CONCEPTS[label] = got
    return got


_URL_WORD_INDEX: list[tuple[Any, dict[str, frozenset[str]]]] = []


def _url_word_index(lex: Any) -> dict[str, frozenset[str]]:
    """URL word → the concepts whose ``url`` list holds it (what ``Concept.match_url`` looks up)."""
    if _URL_WORD_INDEX and _URL_WORD_INDEX[0][0] is lex:
        return _URL_WORD_INDEX[0][1]
    index: dict[str, set[str]] = {}
    for name, c in lex.concepts.items():
        for word in c.url:
            index.setdefault(word, set()).add(name)
    got = {k: frozenset(v) for k, v in index.items()}
    _URL_WORD_INDEX[:] = [(lex, got)]
    return got


def url_concepts(url: str) -> frozenset[str]:
    """The lexicon concepts ``Concept.match_url(url)`` finds a word of (raises as it does)."""
    got = _URL_CONCEPTS.get(url)
    if got is None:
        index = _url_word_index(load_lexicon())
        names: set[str] = set()
        for word in url_words(url):
            names.update(index.get(word, ()))
        got = frozenset(names)
        if len(_URL_CONCEPTS) >= _MEMO_SIZE:
            _URL_CONCEPTS.clear()
        _URL_CONCEPTS[url] = got
    return got


class ConceptIndex:
    """Which links of a page can name each lexicon concept (derived evidence, per page).

    ``by_concept[name]``: the links whose label names the concept (or names it only inside
    an excluded phrase), whose URL words (query included or not) hold one of its URL words,
    and every link whose facts cannot be worked out (a URL ``urlsplit`` rejects: it must fail
    where :func:`concept_hits` reads it, as before). A link outside that list gives no hit by
    text or URL words; host, URL pattern, host label and image-file evidence are looked up
    per call in ``by_suffix``, ``lows``, ``by_host`` and ``unlabelled`` (``no_href``: links
    whose host is read from the attribute as written). Every list holds the odd links too."""

    __slots__ = ("by_concept", "unlabelled", "no_href", "by_suffix", "by_host", "lows")

    def __init__(self, facts: Sequence[LinkFacts]) -> None:
        by_concept: dict[str, list[int]] = {}
        odd: list[int] = []
        self.unlabelled: list[int] = []
        self.no_href: list[int] = []  # links with an attribute but no resolved target (javascript:, ftp:)
        self.by_suffix: dict[str, list[int]] = {}
        self.by_host: dict[str, list[int]] = {}
        self.lows = [f.low for f in facts]
        for j, f in enumerate(facts):
            link = f.link
            names: set[str] = set()
            if link.label:
                names.update(label_concepts(link.label))
            else:
                self.unlabelled.append(j)
            href = f.href
            if href:
                if not f.mail and (f._goes is None or f._key is None):
                    odd.append(j)
                    continue
                try:  # e-mail links too: services' login finder reads their URL words
                    names.update(url_concepts(href))
                    names.update(url_concepts(f.path))
                except ValueError:
                    odd.append(j)
                    continue
            else:
                if link.raw_href:
                    self.no_href.append(j)
                if f._goes is None:
                    odd.append(j)
                    continue
            if f.host:
                self.by_host.setdefault(f.host, []).append(j)
                for s in f.suffixes:
                    self.by_suffix.setdefault(s, []).append(j)
            for name in names:
                by_concept.setdefault(name, []).append(j)
        if odd:
            for name in load_lexicon().concepts:
                by_concept[name] = sorted(by_concept.get(name, []) + odd)
            for d in (self.by_suffix, self.by_host):
                for k in d:
                    d[k] = sorted(d[k] + odd)
            self.unlabelled = sorted(set(self.unlabelled) | set(odd))
            self.no_href = sorted(set(self.no_href) | set(odd))
        self.by_concept = by_concept


def concept_index(ev: SiteView, page: Page) -> ConceptIndex:
    return ev.derived.per_page("concept-index", page, lambda: ConceptIndex(link_facts(ev, page)))


class _NameTable:
    """The ``names`` of a list of data entries, and which of them each label names (memoised
    per label: menus repeat on every page and across sites)."""

    __slots__ = ("entries", "names", "memo", "screen")

    def __init__(self, entries: Sequence[dict[str, Any]]) -> None:
        self.entries = entries
        self.names = [tuple(e.get("names") or ()) for e in entries]
        self.memo: dict[str, tuple[int, ...]] = {}
        # match_names finds a name only where the normalised name is a substring of the
        # normalised text: one search for any of them turns most labels away at once
        every = {normalise(n) for names in self.names for n in names}
        self.screen = re.compile(prefix_tree(every)) if every and "" not in every else None

    def named_by(self, label: str) -> tuple[int, ...]:
        """Indexes of the entries whose names ``match_names`` finds in ``label``."""
        got = self.memo.get(label)
        if got is None:
            if self.screen is not None and self.screen.search(normalise(label)) is None:
                got = ()
            else:
                got = tuple(k for k, names in enumerate(self.names) if names and match_names(label, names))
            if len(self.memo) >= _MEMO_SIZE:
                self.memo.clear()
            self.memo[label] = got
        return got


_NAME_TABLES: dict[int, _NameTable] = {}


def first_named_links(ev: SiteView, page: Page, entries: Sequence[dict[str, Any]]) -> dict[int, Link]:
    """Entry index → the first link of ``page`` (in page order) whose label names the entry
    (:func:`match_names` over the entry's ``names``): one pass over the links for the whole
    list, not one per entry. ``entries`` is lexicon data (kept alive by the lexicon)."""
    table = _NAME_TABLES.get(id(entries))
    if table is None or table.entries is not entries:
        if len(_NAME_TABLES) > 256:
            _NAME_TABLES.clear()
        table = _NAME_TABLES[id(entries)] = _NameTable(entries)

    def make() -> dict[int, Link]:
        first: dict[int, Link] = {}
        for link in page.links:
            if link.label:
                for k in table.named_by(link.label):
                    first.setdefault(k, link)
        return first

    return ev.derived.per_page(f"named-links:{id(entries)}", page, make)


def link_hit(what: str, name: str, page: Page, link: Link, by: str, conf: float) -> Hit:
    return Hit(what, name, page.final_url, by, conf, link.selector,
               (link.label or link.href or link.raw_href)[:200], link.href or link.raw_href)


def dedupe(hits: Iterable[Hit]) -> list[Hit]:
    out: dict[tuple[str, str, str], Hit] = {}
    for h in hits:
        key = (h.what, h.target or h.snippet, h.url)
        if key not in out or h.confidence > out[key].confidence:
            out[key] = h
    return sorted(out.values(), key=lambda h: -h.confidence)


def best_confidence(hits: Sequence[Hit]) -> float:
    return round(max((h.confidence for h in hits), default=0.0), 3)


def concept_hits(
    ev: SiteView,
    concept: str | Concept,
    *,
    hosts: Sequence[str] = (),
    urls: Sequence[str] = (),
    host_labels: Sequence[str] = (),
    headings: bool = True,
    images: bool = True,
    text: bool = False,
    link_urls: bool = True,
    url_query: bool = False,
    mail_links: bool = False,
    image_files: bool = False,
    same_site_only: bool = False,
    resolved_only: bool = False,
    home_only: bool = False,
    link_filter: Callable[[Link], bool] | None = None,
) -> list[Hit]:
    """Where the pages show ``concept``: links (their text, then host/URL data, then URL
    words), headings, images outside links and, when asked, the visible text.

    The concept's exclusions (phrases that only look like it) are blanked before matching; a
    link whose label names the concept only inside such a phrase is not a link to it.
    ``url_query``: URL words include the query (``index.php?page=contact``);
    ``mail_links``: an e-mail/phone link counts when its text names the concept;
    ``image_files``: an unlabelled image button counts by its file name (``btn_contact.gif``);
    ``resolved_only``: only links with a resolved target (not ``javascript:`` handlers).
    Each target counts once; hits are sorted by confidence."""
    lex = load_lexicon()
    c = lex.concept(concept) if isinstance(concept, str) else concept
    label_rx = _regex(tuple(f"^(?:{p})\\." for p in host_labels)) if host_labels else None
    own = site_hosts(ev) if same_site_only else set()
    own_keys = {site_key(h) for h in own}
    known_hosts = _suffix_set(tuple(hosts)) if hosts else None
    indexed = lex.concepts.get(c.name) is c  # a lexicon concept: its links are indexed per page
    out: list[Hit] = []
    seen: set[str] = set()
    for i, page in iter_pages(ev, home_only):
        w = page_weight(i)
        facts = link_facts(ev, page)
        todo: Iterable[LinkFacts] = facts
        if indexed:
            # only the links that can name the concept (see _concept_index): the others add no
            # hit and leave ``seen`` as it was, so skipping them changes nothing
            ix = concept_index(ev, page)
            cand = set(ix.by_concept.get(c.name, ()))
            if image_files:
                cand.update(ix.unlabelled)
            if known_hosts:
                for sfx, at in ix.by_suffix.items():
                    if sfx in known_hosts:
                        cand.update(at)
            if urls:
                cand.update(j for j, low in enumerate(ix.lows) if any(u in low for u in urls))
            if label_rx is not None:
                for h, at in ix.by_host.items():
                    if label_rx.match(h):
                        cand.update(at)
            todo = [facts[j] for j in sorted(cand)]
        for f in todo:
            link = f.link
            href = f.href
            if f.mail:
                term = c.match_text(link.label) if mail_links else None
                if term and href not in seen:
                    seen.add(href)
                    out.append(link_hit(c.name, term, page, link, "mail-text", CONFIDENCE["mail-text"] * w))
                continue
            if not (href or (link.raw_href and not resolved_only)) or (link_filter is not None and not link_filter(link)):
                continue
            if f.blocked:
                continue  # "#", a link back to this page, a template placeholder: not a feature
            if same_site_only and f.site_key(own) not in own_keys:
                continue
            key = f.key
            if key in seen:
                continue
            host = f.host
            by, term = "", None
            if link.label:
                term = c.match_text(link.label)
                if term is None and c.only_excluded(link.label):
                    continue  # the label names the concept only inside an excluded phrase
                by = "link-text" if term else ""
            if not term and known_hosts and host and (s := next((h for h in f.suffixes if h in known_hosts), None)):
                by, term = "host", s
            elif not term and urls and (u := next((u for u in urls if u in f.low), None)):
                by, term = "url", u
            elif not term and label_rx and host and (m := label_rx.match(host)):
                by, term = "url", m.group(0).rstrip(".")
            elif not term and link_urls and href and not f.in_page \
                    and (t := c.match_url(href if url_query else f.path)):  # "#main": this page's URL
                by, term = "link-url", t
            if not term and image_files and not link.label:
                term = _image_file_term(ev, page, link, c)
                by = "image-file" if term else ""
            if term:
                seen.add(key)
                out.append(link_hit(c.name, term, page, link, by, CONFIDENCE[by] * w))
        if headings:
            for level, htext in page.headings:
                term = c.match_text(htext)
                if term:
                    out.append(Hit(c.name, term, page.final_url, "heading", CONFIDENCE["heading"] * w,
                                   f"h{level}", htext[:200]))
                    break
        if images:
            for img, alt in _image_alts(ev, page):
                term = c.match_text(alt)
                if term:
                    out.append(Hit(c.name, term, page.final_url, "image", CONFIDENCE["image"] * w,
                                   img.selector, alt[:200], img.src))
                    break
        if text and page.text:
            t = c.without_exclusions(page.text)
            term = c.match_text(t)
            if term:
                at = t.find(term)
                out.append(Hit(c.name, term, page.final_url, "text", CONFIDENCE["text"] * w, "body",
                               t[max(0, at - 60): at + 80]))
    out.sort(key=lambda h: -h.confidence)
    return out


def _image_alts(ev: SiteView, page: Page) -> list[tuple[Image, str]]:
    """``(image, its alt, title and aria-label joined)`` of the page's images outside links
    that have any of them, in page order: joined once per page, not once per concept."""
    def make() -> list[tuple[Image, str]]:
        out = []
        for img in page.images:
            if not img.in_link:
                alt = " ".join(p for p in (img.alt or "", img.title, img.aria_label) if p)
                if alt:
                    out.append((img, alt))
        return out

    return ev.derived.per_page("image-alts", page, make)


def link_concept_hits(ev: SiteView, concept: str, **options: Any) -> list[Hit]:
    """Links that name ``concept`` the way a "there is a link to X" check reads them: by text,
    URL words (query included) or an unlabelled image button's file name, only links with a
    target; headings and images outside links do not count. ``options`` add to that
    (``mail_links``, ``same_site_only``)."""
    return concept_hits(ev, concept, headings=False, images=False, url_query=True, image_files=True,
                        resolved_only=True, **options)


def _image_file_term(ev: SiteView, page: Page, link: Link, c: Concept) -> str | None:
    """An image button without alt: its file name (btn_contact.gif) is all a program has."""
    for im in _images_under(ev, page).get(link.selector, ()):
        term = c.match_url(im.src.rsplit("/", 1)[-1])
        if term:
            return term
    return None


def _images_under(ev: SiteView, page: Page) -> dict[str, list[Image]]:
    """Selector → the page's images in links (with a ``src``) whose selector starts with it and
    " > ", in page order: every ``selector.startswith(link_selector + " > ")`` answered at once,
    once per page (each ancestor path of an image's selector is a key)."""
    def make() -> dict[str, list[Image]]:
        out: dict[str, list[Image]] = {}
        for im in page.images:
            if im.in_link and im.src:
                sel, at = im.selector, im.selector.find(" > ")
                while at >= 0:
                    out.setdefault(sel[:at], []).append(im)
                    at = sel.find(" > ", at + 1)
        return out

    return ev.derived.per_page("images-under", page, make)


# the breadcrumb's last step, or the item marked current, names the page the visitor is on
_CURRENT_PAGE = ('[aria-current="page"], .breadcrumb li:last-child, .breadcrumbs li:last-child, '
                 '.breadcrumb .active, ol.breadcrumb > :last-child')


def _current_page_names(ev: SiteView, page: Page) -> list[str]:
    """The short texts that name the page in its own breadcrumb or current-item marker."""
    def make() -> list[str]:
        low = lower_html(ev, page)
        if "breadcrumb" not in low and "aria-current" not in low:
            return []  # most pages have neither: no tree walk
        return [t for n in ev.tree(page).css(_CURRENT_PAGE) if (t := node_text(n, 81)) and len(t) <= 80]
    return ev.derived.per_page("current-page-names", page, make)


def _page_is(ev: SiteView, concept: str) -> Pointer | None:
    """A crawled page that *is* the concept's page (its title, its first h1, or its breadcrumb's
    last step names it): a saved contact page offers contact details even without a link to
    itself."""
    c = load_lexicon().concept(concept)
    for page in ev.pages:
        h1 = next((t for level, t in page.headings if level == 1), "")
        for where, text in (("title", page.title), ("h1", h1)):
            if text and len(text) <= 120 and c.match_text(text.split("|")[0].split(" - ")[0]):
                return Pointer(page.final_url, where, text[:200], note=f"the page is the {concept} page ({where})")
        for text in _current_page_names(ev, page):
            if c.match_text(text):
                return Pointer(page.final_url, "breadcrumb", text[:200],
                               note=f"the page is the {concept} page (its breadcrumb)")
    return None


# tab controls title the panel they show, whatever their tag (a button, a link to "#")
_TITLE_TAGS = ("div, span, p, strong, b, td, th, li, legend, label, dt, summary, figcaption, [role=tab], "
               "[data-bs-toggle=tab], [data-bs-toggle=pill], [data-toggle=tab], [data-toggle=pill], [data-tab]")


def title_texts(ev: SiteView, page: Page, limit: int = 40) -> Iterator[str]:
    """Short texts of elements that title a section without a heading tag (a styled div, a
    tab, a box label: ``<div class="title-news">ข่าวประชาสัมพันธ์</div>``), links excluded
    (they are judged as links). Only the element's own text counts, not its children's."""
    def own_texts() -> list[str]:  # every limit's list is a sublist of this one: one walk per page
        out = []
        for node in ev.tree(page).css(_TITLE_TAGS):
            parent = node.parent
            if parent is not None and parent.tag == "a":
                continue
            own = " ".join((node.text(deep=False) or "").split())
            if own:
                out.append(own)
        return out

    def make() -> list[str]:
        return [own for own in ev.derived.per_page("title-texts", page, own_texts) if len(own) <= limit]

    yield from ev.derived.per_page(f"title-texts:{limit}", page, make)  # once per page


# a card: a small box whose title names what its one or two links lead to ("ติดต่อเรา" over
# "ถาม-ตอบปัญหาสุขภาพ", "Contact us" over "Find out more"); a bigger box is a section of links
_CARD_TITLES = "h2, h3, h4, h5, h6, [class*=title], [class*=heading]"
_CARD_LINKS = 2
_CARD_TEXT = 400
_CARD_LEVELS = 3


def _card_links(ev: SiteView, page: Page) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """``(title, ((target, label), …))`` of the page's cards, found in one walk per page."""
    def make() -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        out = []
        here = canonical_url(page.final_url)
        for h in ev.tree(page).css(_CARD_TITLES):
            if h.tag == "a" or h.css_first("a") is not None or (h.parent is not None and h.parent.tag == "a"):
                continue  # a linked title is judged as a link
            title = node_text(h, 80)
            if not title or len(title) > 60:
                continue
            box, anchors = h.parent, []
            for _ in range(_CARD_LEVELS):
                if box is None or box.tag in ("body", "html"):
                    break
                anchors = box.css("a[href]")
                if anchors:
                    break
                box = box.parent
            if not anchors or len(anchors) > _CARD_LINKS or len(node_text(box, _CARD_TEXT + 1)) > _CARD_TEXT:
                continue
            links = []
            for a in anchors:
                raw = (a.attributes.get("href") or "").strip()
                if not raw or raw.startswith(("#", "javascript:")) or _PLACEHOLDER.search(raw):
                    continue
                target = urljoin(page.final_url, raw)
                if canonical_url(target) != here:
                    links.append((target, node_text(a, 120)))
            if links:
                out.append((title, tuple(links)))
        return out

    return ev.derived.per_page("card-links", page, make)


def card_title_hits(ev: SiteView, concept: str) -> list[Hit]:
    """Links in a card titled for the concept, whatever the links' own words: the title says
    where they lead."""
    c = load_lexicon().concept(concept)
    out = []
    for i, page in iter_pages(ev):
        if not page.html:
            continue
        for title, links in _card_links(ev, page):
            term = c.match_text(title)
            if term:
                out += [Hit(concept, term, page.final_url, "card-title", 0.7 * page_weight(i), "", f"{title} — {label}",
                            target) for target, label in links]
    return out


def field_labels(page: Page) -> set[str]:
    """The labels of a page's form fields: texts that name what a field takes, not a section."""
    return {" ".join(f.label.split()) for form in page.forms for f in form.fields if f.label}


def section_title_hits(ev: SiteView, concept: str, skip: Callable[[Page], set[str]] | None = None) -> list[Hit]:
    """A section or tab titled for the concept without a heading tag (a tab "ประกาศจัดซื้อจัดจ้าง"
    in a news box, "ผู้บริหาร" over portraits): the content shown on the page, not only linked.
    ``skip``: texts of a page that are not titles (:func:`field_labels`)."""
    c = load_lexicon().concept(concept)
    for i, page in iter_pages(ev):
        not_titles = skip(page) if skip is not None else set()
        for own in title_texts(ev, page):
            if own in not_titles:
                continue
            term = c.match_text(own)
            if term:
                return [Hit(concept, term, page.final_url, "section-title", 0.7 * page_weight(i), "", own,
                            page.final_url)]
    return []


def broken_targets(ev: SiteView, hits: Sequence[Hit]) -> list[str]:
    """The hits' targets that the crawl tried and could not get (crawler traps excepted)."""
    failed_urls = {canonical(h.url) for h in ev.failed if h.location != "crawler-trap"}
    return [h.target for h in hits if h.target and canonical(h.target) in failed_urls]


_TITLE_DIGITS = re.compile(r"[0-9\u0e50-\u0e59]")


def concept_check(cid: str, concept: str, *, title: dict[str, str], failure_title: dict[str, str],
                  description: dict[str, str], why: dict[str, str], references: Sequence[str] = (),
                  skip_ext: tuple[str, ...] = (), headings: bool = False,
                  languages: Sequence[str] = ("en", "th"),
                  fallback: Callable[[SiteView], tuple[Pointer, float, str] | None] | None = None) -> None:
    """Register a "there is a link to X" check for a lexicon concept.

    Links count by their text, URL words (query included) or, for contact, an e-mail/phone
    link whose text names it; ``headings`` lets a heading pass when no link names it
    (confidence 0.8); then a link in a card titled for the concept (:func:`card_title_hits`);
    ``fallback`` is asked last, for other evidence of the concept (it
    returns a pointer, a confidence and how it was found). One rule for broken targets: when
    every target found failed, ``partial`` 0.5."""

    def fn(ev: SiteView) -> Verdict:
        found = [h for h in link_concept_hits(ev, concept, mail_links=concept == "contact")
                 if not (skip_ext and urlsplit(h.target).path.lower().endswith(skip_ext))]
        if not found:
            page_hit = _page_is(ev, concept)
            if page_hit is not None:
                return passed(page_hit, confidence=0.8, by="page-title")
        if not found and headings:
            c = load_lexicon().concept(concept)
            for page in ev.pages:
                for level, text in page.headings:
                    term = c.match_text(text)
                    if term:
                        return passed(Pointer(page.final_url, f"h{level}", text[:200]), confidence=0.8,
                                      matched=term, by="heading")
            for page in ev.pages:
                for own in title_texts(ev, page):
                    if _TITLE_DIGITS.search(own):
                        continue  # "About 1,200 visitors today": a counter or a dated line, not a title
                    term = c.match_text(own)
                    if term:
                        return passed(Pointer(page.final_url, "", own, note=f"a section titled {own!r}"),
                                      confidence=0.7, matched=term, by="section-title")
        if not found and (cards := card_title_hits(ev, concept)):
            return passed(*(h.pointer() for h in cards[:3]), confidence=cards[0].confidence,
                          matched=cards[0].name, by="card-title")
        if not found and fallback is not None and (other := fallback(ev)) is not None:
            pointer, confidence, by = other
            return passed(pointer, confidence=confidence, by=by)
        if not found:
            return failed(Pointer(ev.final_url, note=f"no link to {concept} found on {len(ev.pages)} page(s)"))
        broken = broken_targets(ev, found)
        if broken and len(broken) == len(found):
            return partial(0.5, *(h.pointer() for h in found[:3]), broken=broken)
        best = found[0]
        return passed(*(h.pointer() for h in found[:3]), confidence=best.confidence,
                      matched=best.name, by=best.by)

    fn.__name__ = cid.split(".", 1)[1].replace("-", "_")
    check(cid, title=title, failure_title=failure_title, description=description, why=why,
          needs=("pages",), references=references, languages=languages)(fn)


# ------------------------------------------------------------------------ page structure


def _form_node(ev: SiteView, page: Page, form: Form) -> LexborNode | None:
    """The form's element in the page's tree; None when there is no markup, no selector, or a
    selector lexbor cannot parse (callers fall back to the form's own text)."""
    if not (page.html and form.selector):
        return None
    try:
        return ev.tree(page).css_first(form.selector)
    except Exception:
        return None


def form_context(ev: SiteView, page: Page, form: Form) -> str:
    """The form's own text plus the text of its container and the heading before it
    (a staff login box is usually titled outside the form)."""
    parts = [form.text, form.name, form.id, form.action]
    node = _form_node(ev, page, form)
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


_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "legend"))
_HEADINGS_CSS = "h1, h2, h3, h4, h5, h6, legend"


def form_title(ev: SiteView, page: Page, form: Form, most: int = 2) -> str:
    """What the page calls the form, without what the form asks for: the headings inside it
    and the nearest ``most`` headings before it in document order, and the form's text with
    its fields' labels blanked out (a title written as plain text, "แบบฟอร์มแจ้งปัญหา"). A
    field labelled "Ý kiến đóng góp" (comments) makes a contact form ask for a comment; a
    heading "ศูนย์รับเรื่องร้องเรียน" over it makes it a complaint channel."""
    own = form.text
    for f in form.fields:
        if f.type in ("submit", "button", "image", "reset"):
            continue  # a button says what the form does ("Đăng câu hỏi", post a question)
        for w in (f.label, f.placeholder):
            if w and len(w) > 1:
                own = own.replace(w, " ")
    # the fields' machine names stay: an author names a field "complaints" for what it holds
    parts = [own, form.id, form.name, *(f.name.replace("_", " ") for f in form.fields if f.name and not f.hidden)]
    node = _form_node(ev, page, form)
    if node is not None:
        parts += [node_text(h, 150) for h in node.css(_HEADINGS_CSS)[:3]]
        found: list[str] = []
        at, ups = node, 0
        while at is not None and ups < 6 and len(found) < most and at.tag not in ("body", "html"):
            prev, hops = at.prev, 0
            while prev is not None and hops < 12 and len(found) < most:
                if prev.tag in _HEADING_TAGS:
                    found.append(node_text(prev, 150))
                elif prev.tag and not prev.tag.startswith("-"):
                    found += [node_text(h, 150) for h in reversed(prev.css(_HEADINGS_CSS)[-most:])]
                prev, hops = prev.prev, hops + 1
            at, ups = at.parent, ups + 1
        parts += found[:most]
    return " ".join(p for p in parts if p)


_RESOURCE_SELECTORS = (
    ("script", "script[src]", "src"), ("stylesheet", "link[href]", "href"), ("image", "img[src]", "src"),
    ("frame", "iframe[src]", "src"), ("frame", "frame[src]", "src"), ("media", "source[src]", "src"),
    ("media", "video[src]", "src"), ("media", "audio[src]", "src"), ("embed", "embed[src]", "src"),
    ("embed", "object[data]", "data"), ("image", "input[type=image][src]", "src"),
)
# every selector above in one query (one walk of the tree, not eleven), its elements put back
# by tag in the order of the selectors: each selector names another tag
_RESOURCES_CSS = ", ".join(sel for _, sel, _ in _RESOURCE_SELECTORS)
_RESOURCE_TAGS = tuple(sel.split("[", 1)[0] for _, sel, _ in _RESOURCE_SELECTORS)
_LINK_RESOURCE_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon",
                       "manifest", "prefetch"}


def resources(ev: SiteView, page: Page) -> list[tuple[str, str]]:
    """``(kind, absolute URL)`` of everything the page's markup makes a browser load:
    scripts, stylesheets and preloads, images, frames, media and embeds (data: URIs and
    inline code excluded). Hints such as ``preconnect`` are not loads and are left out.
    Once per page, whatever the view's scope (the page alone decides it)."""
    return ev.derived.per_page("resources", page, lambda: _resources(ev, page))


def _resources(ev: SiteView, page: Page) -> list[tuple[str, str]]:
    if not page.html:
        return [("script", s) for s in page.scripts]
    t = ev.tree(page)
    base_el = t.css_first("base[href]")
    base = urljoin(page.final_url, base_el.attributes.get("href") or "") if base_el is not None else page.final_url
    by_tag: dict[str, list[Any]] = {}
    for el in t.css(_RESOURCES_CSS):
        by_tag.setdefault((el.tag or "").lower(), []).append(el)
    out: list[tuple[str, str]] = []
    for (kind, sel, attr), tag in zip(_RESOURCE_SELECTORS, _RESOURCE_TAGS, strict=True):
        for el in by_tag.get(tag, ()):
            v = (el.attributes.get(attr) or "").strip()
            if not v or v.lower().startswith(("data:", "javascript:", "about:", "#")):
                continue
            if sel == "link[href]":
                rels = set((el.attributes.get("rel") or "").lower().split())
                if not rels & _LINK_RESOURCE_RELS:
                    continue
            try:
                out.append((kind, _resolve(base, v)))
            except ValueError:
                continue
    return out


def _resolve(base: str, ref: str) -> str:
    """``urljoin(base, ref)``; a reference whose path starts with one "/" (a site's scripts
    and styles on every page) is resolved against the base's ``scheme://host/`` and memoised."""
    if ref[:1] == "/" and ref[1:2] != "/":
        root = root_of(base)
        if root:
            return _join_root(root, ref)
    return urljoin(base, ref)


@lru_cache(maxsize=8192)
def _join_root(root: str, ref: str) -> str:
    return urljoin(root, ref)  # a ValueError is not cached: raised again each time


@computed
def jsonld(ev: SiteView, page: Page) -> list[dict[str, Any]]:
    """Every JSON-LD node on the page (``@graph`` flattened); unparsable blocks skipped."""
    if not page.html or "ld+json" not in lower_html(ev, page):
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

    for el in ev.tree(page).css('script[type="application/ld+json"]'):
        try:
            walk(json.loads(el.text(deep=True) or ""))
        except ValueError:
            continue
    return out


def lower_html(ev: SiteView, page: Page) -> str:
    """The page's source in lower case, once per page (several checks search it)."""
    return ev.derived.per_page("lower-html", page, page.html.lower) if page.html else ""


# ------------------------------------------------------------------------- data entries


def entry_hits(ev: SiteView, page: Page, entries: Iterable[dict[str, Any]], *, weight: float = 1.0,
               links: bool = True, forms: bool = True, loads: bool = True, html: bool = True,
               what: str = "") -> list[Hit]:
    """Data entries (providers, gateways, widgets, third parties) a page shows, by host and
    URL of its links, form actions and loaded resources, and by markers in its source.
    Names are not matched here: callers decide in which context a name counts."""
    out: list[Hit] = []
    targets, joined, starts, first_at = _entry_targets(ev, page, links, forms, loads)
    low_html = lower_html(ev, page) if html else ""
    # marker (lower case) → found in the page's source: the tables share markers (third
    # parties hold the chat widgets and gateways), and each is looked for once per page
    in_html: dict[str, bool] = ev.derived.per_page("html-markers", page, dict) if low_html else {}
    n = len(targets)
    rows, by_host, url_rows, by_marker = _entry_table(entries)
    # the first target under each entry's hosts: the page's host suffixes looked up in the
    # table's host index (the same minimum as over each entry's hosts)
    at_of: dict[int, int] = {}
    for h, i in first_at.items():
        for k in by_host.get(h, ()):
            if i < at_of.get(k, n):
                at_of[k] = i
    # only the entries that can match: a host under which a target lies, URL patterns, or a
    # marker the source holds; any other entry adds no hit (most of a table, on most pages)
    cand = set(at_of)
    cand.update(url_rows)
    if low_html:
        unknown = tuple(sorted(low for low in by_marker if low not in in_html))
        if unknown:  # the table's markers not yet looked for on this page, in a few scans
            present = _marker_scan(unknown).present(low_html)
            for low in unknown:
                in_html[low] = low in present
        for low, at_rows in by_marker.items():
            got = in_html.get(low)
            if got is None:
                got = in_html[low] = low in low_html
            if got:
                cand.update(at_rows)
    for k in sorted(cand):
        e, _hosts, urls, markers = rows[k]
        hit = None
        # the first target (in page order) that matches by host or, failing that, by URL
        at = at_of.get(k, n)
        j = None
        if urls and at:
            if isinstance(joined, str) and not any("\x00" in u for u in urls):
                # the first target whose URL holds a pattern: the earliest occurrence in the
                # URLs joined by NUL (a pattern without NUL cannot span two of them)
                pos = min((p for u in urls if (p := joined.find(u)) >= 0), default=-1)
                if pos >= 0:
                    j = bisect_right(starts, pos) - 1
                    if j >= at:
                        j = None
            else:  # a URL or pattern holding NUL: target by target, as written
                j = next((j for j in range(at) if any(u in joined[j] for u in urls)), None)
        if j is not None:
            by, url, sel, snip = targets[j]
            hit = Hit(what or e["id"], e["name"], page.final_url, by, 0.9 * weight, sel, snip or url, url)
        elif at < n:
            by, url, sel, snip = targets[at]
            hit = Hit(what or e["id"], e["name"], page.final_url, by, weight, sel, snip or url, url)
        if hit is None and low_html:
            marker = None
            for m, low in markers:
                got = in_html.get(low)
                if got is None:
                    got = in_html[low] = low in low_html
                if got:
                    marker = m
                    break
            if marker:
                at = low_html.find(marker.lower())
                hit = Hit(what or e["id"], e["name"], page.final_url, "html", 0.9 * weight, "",
                          page.html[max(0, at - 40): at + 80], marker)
        if hit:
            out.append(hit)
    return out


# characters rare enough in a page's source to start a scan at: re skips to each of them in C,
# where a tail of marker text is looked for, instead of one ``in`` pass over the source per marker
_ANCHORS = "/._-=<+\""
_MIN_TAIL = 6  # a marker whose tail from its first anchor is shorter is looked for with ``in``
_MIN_GROUP = 3  # so are the markers of an anchor fewer have: a scan costs a few ``in`` passes


class _MarkerScan:
    """Which of some markers (lower case) a page's lower-cased source holds, exactly the
    ``marker in source`` of each, in a few scans: a marker is split at its first anchor
    character into a head and a tail, and one pattern per anchor character finds, at every
    occurrence of it, the longest tail that follows (a lookahead: every occurrence is tried).
    A tail that follows there makes every tail that is a prefix of it follow there too; a
    marker is present when its tail follows an occurrence and its head precedes it. Markers
    without an anchor or with a short tail are looked for with ``in``."""

    __slots__ = ("plain", "scans")

    def __init__(self, markers: Iterable[str]) -> None:
        self.plain: list[str] = []
        by_anchor: dict[str, dict[str, list[tuple[str, str]]]] = {}  # anchor → tail → (head, marker)
        for m in dict.fromkeys(markers):
            k = next((i for i, ch in enumerate(m) if ch in _ANCHORS), -1)
            if k < 0 or len(m) - k < _MIN_TAIL:
                self.plain.append(m)
                continue
            by_anchor.setdefault(m[k], {}).setdefault(m[k + 1:], []).append((m[:k], m))
        for anchor in [a for a, tails in by_anchor.items() if sum(map(len, tails.values())) < _MIN_GROUP]:
            self.plain += [m for hms in by_anchor.pop(anchor).values() for _h, m in hms]
        # (pattern, tail → the markers of every tail that is a prefix of it with their heads,
        # whether any has a head)
        self.scans: list[tuple[re.Pattern[str], dict[str, list[tuple[str, str]]], bool]] = []
        for anchor, tails in by_anchor.items():
            rx = re.compile(re.escape(anchor) + "(?=(" + prefix_tree(tails) + "))")
            closure = {t: [hm for p, hms in tails.items() if t.startswith(p) for hm in hms] for t in tails}
            self.scans.append((rx, closure, any(head for hms in tails.values() for head, _m in hms)))

    def present(self, low: str) -> set[str]:
        out = {m for m in self.plain if m in low}
        for rx, closure, heads in self.scans:
            if not heads:
                for tail in set(rx.findall(low)):  # no heads: the tails found are enough
                    out.update(m for _h, m in closure[tail])
                continue
            for found in rx.finditer(low):
                at = found.start()
                for head, m in closure[found.group(1)]:
                    if m not in out and (not head or (at >= len(head) and low.startswith(head, at - len(head)))):
                        out.add(m)
        return out


@lru_cache(maxsize=64)
def _marker_scan(markers: tuple[str, ...]) -> _MarkerScan:
    return _MarkerScan(markers)


def _entry_targets(ev: SiteView, page: Page, links: bool, forms: bool, loads: bool,
                   ) -> tuple[list[tuple[str, str, str, str]], str | list[str], list[int], dict[str, int]]:
    """A page's targets for :func:`entry_hits` (``(by, url, selector, snippet)`` of links,
    form actions, loaded resources), their lower-cased URLs joined by NUL with where each
    starts (the list of them when a URL holds NUL itself), and the first target under each host suffix: computed once per page and kind,
    from the links', forms' and loads' own lists (:func:`_target_part`, once per page each)."""

    def make() -> tuple[list[tuple[str, str, str, str]], str | list[str], list[int], dict[str, int]]:
        targets: list[tuple[str, str, str, str]] = []
        lowered: list[str] = []
        first_at: dict[str, int] = {}
        for wanted, part in ((links, "link"), (forms, "form"), (loads, "load")):
            if not wanted:
                continue
            got, low, first = _target_part(ev, page, part)
            offset = len(targets)
            for h, i in first.items():  # a suffix an earlier part holds keeps that part's first
                first_at.setdefault(h, offset + i)
            targets += got
            lowered += low
        starts, at = [], 0
        for low in lowered:
            starts.append(at)
            at += len(low) + 1
        joined = "\x00".join(lowered)
        nul_in_url = joined.count("\x00") > len(lowered) - 1
        return targets, (lowered if nul_in_url else joined), starts, first_at

    return ev.derived.per_page(f"entry-targets:{links:d}{forms:d}{loads:d}", page, make)


def _target_part(ev: SiteView, page: Page, part: str,
                 ) -> tuple[list[tuple[str, str, str, str]], list[str], dict[str, int]]:
    """The targets of one part (``link``, ``form`` or ``load``) of a page, with a URL, their
    lower-cased URLs and the first of them under each host suffix: once per page."""

    def make() -> tuple[list[tuple[str, str, str, str]], list[str], dict[str, int]]:
        if part == "link":
            targets = [("link", (lk.href or lk.raw_href), lk.selector, lk.label) for lk in page.links]
        elif part == "form":
            targets = [("form", f.action, f.selector, f.text[:120]) for f in page.forms if f.action]
        else:
            targets = [(kind, u, "", "") for kind, u in resources(ev, page)]
        targets = [t for t in targets if t[1]]
        first_at: dict[str, int] = {}
        for i, t in enumerate(targets):
            for h in suffixes_of(host_of(t[1])):
                first_at.setdefault(h, i)
        return targets, [t[1].lower() for t in targets], first_at

    return ev.derived.per_page(f"entry-targets:{part}", page, make)


_ENTRY_INDEX: dict[int, tuple[dict[str, Any], Any]] = {}
EntryRow = tuple[dict[str, Any], frozenset[str], list[str], list[tuple[str, str]]]
EntryTable = tuple[list[EntryRow], dict[str, list[int]], tuple[int, ...], dict[str, list[int]]]
_ENTRY_TABLES: dict[tuple[int, ...], tuple[list[Any], EntryTable]] = {}


def _entry_table(entries: Iterable[dict[str, Any]]) -> EntryTable:
    """The entries of a list, prepared (:func:`_entry_index`), host → entry positions, the
    positions of the entries with URL patterns, and marker (lower case) → entry positions:
    built once per sequence of entries, keyed by the entries' identities (a filtered copy of a
    table, such as ``tech.cms``'s, finds the same table; the entries are kept alive with it,
    so an identity cannot be reused by another object). The indexes let :func:`entry_hits`
    visit only the entries a page can match."""
    seq = list(entries)
    key = tuple(map(id, seq))
    got = _ENTRY_TABLES.get(key)
    if got is not None:
        return got[1]
    rows: list[EntryRow] = [(e, *_entry_index(e)) for e in seq]
    by_host: dict[str, list[int]] = {}
    by_marker: dict[str, list[int]] = {}
    for k, row in enumerate(rows):
        for h in row[1]:
            by_host.setdefault(h, []).append(k)
        for _m, low in row[3]:
            at = by_marker.setdefault(low, [])
            if not at or at[-1] != k:
                at.append(k)
    url_rows = tuple(k for k, row in enumerate(rows) if row[2])
    if len(_ENTRY_TABLES) > 256:
        _ENTRY_TABLES.clear()
    table: EntryTable = (rows, by_host, url_rows, by_marker)
    _ENTRY_TABLES[key] = (seq, table)
    return table


def _entry_index(e: dict[str, Any]) -> tuple[frozenset[str], list[str], list[tuple[str, str]]]:
    """An entry's hosts (lower case), URL patterns (lower case) and source markers, prepared
    once per entry (entries are lexicon data; the table is bounded)."""
    got = _ENTRY_INDEX.get(id(e))
    if got is None or got[0] is not e:
        if len(_ENTRY_INDEX) > 4096:
            _ENTRY_INDEX.clear()
        prepared = (frozenset(x.lower() for x in e.get("hosts") or ()),
                    [u.lower() for u in e.get("urls") or []],
                    [(m, m.lower()) for m in e.get("html") or []])
        got = (e, prepared)
        _ENTRY_INDEX[id(e)] = got
    return got[1]

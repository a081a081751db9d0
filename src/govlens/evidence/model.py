"""Immutable evidence: what a page and a site showed, parsed once, judged by checks later.

Everything here is plain frozen data so that a check is a pure function of it and the same
archive always yields equal evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govlens.collect.htmlvalid import Markup  # noqa: F401  (the validator's message type)


@dataclass(frozen=True, slots=True)
class Link:
    """An ``<a href>`` (or image-map area) with every text a visitor or reader could use."""

    href: str  # absolute URL, fragment removed
    text: str  # visible text of the element, whitespace collapsed
    title: str = ""
    rel: tuple[str, ...] = ()
    img_alt: str = ""  # alt of images inside the link (image menus are common in Thai sites)
    aria_label: str = ""
    region: str = ""  # header | nav | main | footer | aside | "" (unknown)
    selector: str = ""  # a CSS path a person can paste into devtools
    raw_href: str = ""  # the attribute as written (javascript:, mailto:, tel: …)
    hreflang: str = ""  # hreflang= or lang= on the link: where a language switch leads
    label: str = field(default="", compare=False)  # derived: every readable name, joined

    def __post_init__(self) -> None:
        # All human-readable names of the link, for lexicon matching; computed once because
        # every check family reads it for every link.
        if not self.label:
            object.__setattr__(self, "label", " ".join(
                p for p in (self.text, self.img_alt, self.title, self.aria_label) if p))


@dataclass(frozen=True, slots=True)
class FormField:
    tag: str  # input | select | textarea | button
    type: str  # input type ("text", "email", "search", "file", "submit", …)
    name: str = ""
    id: str = ""
    label: str = ""  # text of <label for>, wrapping <label>, aria-label or aria-labelledby
    placeholder: str = ""
    title: str = ""
    required: bool = False
    hidden: bool = False
    selector: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    action: str  # absolute URL ("" when the form posts to itself)
    method: str  # GET | POST
    fields: tuple[FormField, ...]
    text: str = ""  # visible text inside the form and its nearest heading
    role: str = ""
    id: str = ""
    name: str = ""
    selector: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    alt: str | None  # None: no alt attribute at all (differs from alt="")
    role: str = ""
    aria_label: str = ""
    title: str = ""
    in_link: bool = False
    selector: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched document, decoded and parsed."""

    url: str  # the URL requested
    final_url: str  # after redirects
    status: int
    headers: tuple[tuple[str, str], ...]  # as received, in order, names lower-cased
    content_type: str
    charset: str  # the encoding actually used to decode (normalised codec name)
    charset_source: str  # header | bom | meta | detected | default
    title: str
    lang: str
    text: str  # visible text, whitespace collapsed
    links: tuple[Link, ...]
    forms: tuple[Form, ...]
    images: tuple[Image, ...]
    scripts: tuple[str, ...]  # external script srcs (absolute)
    meta: tuple[tuple[str, str], ...]  # (name|property|http-equiv, content)
    headings: tuple[tuple[int, str], ...]  # (level, text)
    html: str = field(default="", repr=False)  # decoded source, for rules that need the DOM
    size: int = 0  # bytes of body received
    truncated: bool = False
    elapsed_ms: float = 0.0
    discovered_as: str = ""  # why the crawler fetched it: home | key:contact | bfs | …
    repair: str = ""  # what evidence.repair undid (double-decoded text), "" when nothing
    rendered: bool = False  # parsed from the DOM a browser built (collect/render.py), not the source

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k == name:
                return v
        return None

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    def meta_content(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.meta:
            if k == name:
                return v
        return None


@dataclass(frozen=True, slots=True)
class Fetched:
    """A non-HTML resource the site answered for (robots.txt, sitemap.xml, security.txt …)."""

    url: str
    status: int
    content_type: str = ""
    text: str = ""
    size: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class Hop:
    url: str
    status: int
    location: str = ""


@dataclass(frozen=True, slots=True)
class TLSInfo:
    """What the TLS handshake showed; filled when the site was reached over HTTPS."""

    ok: bool
    error: str = ""  # tls-expired | tls-untrusted | tls-hostname | tls-other
    detail: str = ""
    subject: str = ""
    issuer: str = ""
    not_before: str = ""
    not_after: str = ""
    san: tuple[str, ...] = ()
    version: str = ""


@dataclass(frozen=True, slots=True)
class AxeNode:
    selector: str  # axe's target (CSS selector; frames joined by " >>> ")
    snippet: str = ""  # the element's start of markup
    summary: str = ""  # axe's failure summary


@dataclass(frozen=True, slots=True)
class AxeRule:
    """One axe-core rule that found violations on a rendered page."""

    id: str
    impact: str
    tags: tuple[str, ...]
    help: str = ""
    help_url: str = ""
    count: int = 0  # failing elements (``nodes`` keeps the first MAX_NODES)
    nodes: tuple[AxeNode, ...] = ()


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a browser showed of one page: findings, metrics and pointers into the WARC."""

    url: str
    error: str = ""
    axe_version: str = ""  # "": axe-core was not run
    violations: tuple[AxeRule, ...] = ()
    passes: tuple[str, ...] = ()  # axe rules that applied and passed
    incomplete: tuple[str, ...] = ()  # axe rules that need a person to decide
    metrics: tuple[tuple[str, float], ...] = ()  # lcp_ms, cls, tbt_ms, fcp_ms, load_ms, requests, bytes …
    phone: tuple[tuple[str, object], ...] = ()  # width, overflow_px, small_text_chars, small_targets …
    shots: tuple[tuple[str, str], ...] = ()  # (viewport | full | phone, WARC-Record-ID of the JPEG)
    dom_record: str = ""  # WARC-Record-ID of the rendered DOM (a conversion record)
    blocked: tuple[str, ...] = ()  # requests refused, with why
    elapsed_ms: float = 0.0

    def metric(self, name: str) -> float | None:
        return next((v for k, v in self.metrics if k == name), None)

    def phone_value(self, name: str) -> object:
        return next((v for k, v in self.phone if k == name), None)


@dataclass(frozen=True, slots=True)
class SiteEvidence:
    """All that was learnt about one site in one crawl."""

    site_url: str  # the URL in the catalog
    final_url: str  # where the home page request ended
    status: str  # ok | dns | connect | tls-* | timeout-* | too-many-redirects | http-4xx | …
    reason: str  # human-readable explanation of a failure ("" when ok)
    redirects: tuple[Hop, ...]  # the home page's redirect chain
    pages: tuple[Page, ...]  # pages[0] is the home page when reachable
    robots: Fetched | None = None
    sitemap: Fetched | None = None
    https: bool | None = None  # None: not probed
    http_to_https: bool | None = None  # plain http redirected to https
    tls: TLSInfo | None = None
    http_probe: tuple[Hop, ...] = ()  # redirect chain when the http:// URL was requested
    extra: tuple[Fetched, ...] = ()  # other resources (security.txt …)
    cookies: tuple[str, ...] = ()  # raw Set-Cookie header values seen on the home page
    https_headers: tuple[tuple[str, str], ...] = ()  # headers of the final HTTPS home response
    failed: tuple[Hop, ...] = ()  # pages the crawl tried and could not get (url, status, error)
    captured: str = ""  # ISO time of the crawl: the reference date for freshness
    decisions: tuple[str, ...] = ()  # what the crawler skipped and why
    markup: tuple[Markup, ...] | None = None  # vnu messages for the home page; None: not validated
    renders: tuple[Rendered, ...] = ()  # pages rendered in a browser (home first)
    # the pages as served, when some of ``pages`` were replaced by their rendered DOM (same
    # order); empty when nothing was rendered: ``pages`` are then the served pages
    static_pages: tuple[Page, ...] = ()
    render_note: str = ""  # why pages were not rendered, when rendering was asked for

    @property
    def home(self) -> Page | None:
        return self.pages[0] if self.pages and self.status == "ok" else None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def served_pages(self) -> tuple[Page, ...]:
        """The pages as the server sent them (before any JavaScript)."""
        return self.static_pages or self.pages

    @property
    def served_home(self) -> Page | None:
        home = self.home
        return self.static_pages[0] if home is not None and self.static_pages else home

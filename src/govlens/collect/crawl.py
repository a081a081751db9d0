"""Crawl one site politely: robots.txt, home, the other scheme, sitemap, key pages, then BFS.

The crawl decides what to fetch and records why; it never judges the site (checks do).
Order of work is deterministic for the same answers, so a re-crawl of an unchanged site
fetches the same pages and the evidence is comparable across runs.

Endless URL spaces (calendars linking the next month forever, session ids in every link,
paths that repeat) are cut off: session ids are stripped from links, and a page whose URL
has the same shape as the page it was found on, for more than ``trap_chain`` generations,
is not fetched. Each cut is kept as a decision and as a page with status ``crawler-trap``.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from protego import Protego

from govlens.collect.capture import Capture, Exchange, decode_content
from govlens.collect.discover import (
    LinkLike,
    canonical,
    crawlable,
    key_links,
    same_site,
    strip_session,
    trap_reason,
    url_shape,
)
from govlens.collect.failures import BLOCKED_MARK, http_status
from govlens.collect.http import HTML_TYPES, Fetcher
from govlens.collect.settings import CrawlSettings

ParseLinks = Callable[[Exchange], "Sequence[LinkLike] | Awaitable[Sequence[LinkLike]]"]
Sink = Callable[[Exchange], None]
MAX_CRAWL_DELAY = 30.0
_HOST_FAILURES = frozenset({"dns", "connect", "timeout-connect", "blocked-address", "tls-expired",
                            "tls-untrusted", "tls-hostname", "tls-error"})
MAX_TRAPS = 20  # crawler-trap pages recorded per site (one per kind of endless space)

# Magic numbers of formats that are never HTML (WHATWG MIME sniffing, and the usual suspects)
_BINARY_MAGIC = (b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04",
                 b"\x1f\x8b", b"BM", b"RIFF", b"OggS", b"\x00\x00\x01\x00", b"7z\xbc\xaf",
                 b"Rar!", b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0", b"wOFF", b"wOF2", b"ID3",
                 b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x1cftyp", b"\x00\x00\x00 ftyp")
_BINARY_BYTES = frozenset([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
# every byte that is not a binary data byte, deleted by bytes.translate: what is left is counted
_NOT_BINARY = bytes(b for b in range(256) if b not in _BINARY_BYTES)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def looks_binary(head: bytes) -> bool:
    """Bytes no HTML document starts with: a binary format's magic number, or mostly
    control bytes (WHATWG "binary data bytes") in the first KiB."""
    if not head or head.startswith(_BOMS):
        return False
    if head.startswith(_BINARY_MAGIC):
        return True
    sample = head[:1024]
    return len(sample.translate(None, _NOT_BINARY)) > len(sample) * 0.1


def looks_html(ex: Exchange) -> bool:
    """HTML by Content-Type (or by its first bytes when untyped) — and not binary bytes
    behind an HTML type (a PDF or an image served as text/html)."""
    if ex.mime and ex.mime not in HTML_TYPES:
        return False
    head, _ = decode_content(ex.raw[:65536], ex.header("content-encoding") or "", 1024)
    if looks_binary(head):
        return False
    if ex.mime:
        return True
    low = head[:512].lstrip().lower()
    return low.startswith((b"<!doctype html", b"<html")) or b"<body" in low


def parse_robots(body: bytes) -> tuple[Protego | None, str]:
    """robots.txt bytes → (rules, note); (None, why) when it cannot be parsed."""
    text = body.decode("utf-8", errors="replace")
    try:
        return Protego.parse(text), ""
    except Exception as exc:  # protego on hostile input: treat as no rules, note why
        return None, f"robots.txt unparseable ({type(exc).__name__}); no rules applied"


def robots_allows(robots: Protego | None, url: str, user_agent: str) -> bool:
    if robots is None:
        return True
    try:
        return bool(robots.can_fetch(url, user_agent))
    except Exception:  # a rule protego cannot apply to this URL: stay on the safe side
        return False


def robots_delay(robots: Protego, user_agent: str) -> float | None:
    try:
        delay = robots.crawl_delay(user_agent)
        return None if delay is None else max(0.0, float(delay))
    except (TypeError, ValueError, OverflowError):
        return None


class _Pacer:
    """Crawl-delay from robots.txt: at most one request per ``delay`` seconds for the site."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._lock = asyncio.Lock()
        self._next = 0.0

    async def wait(self) -> None:
        if self.delay <= 0:
            return
        async with self._lock:
            now = time.monotonic()
            if now < self._next:
                await asyncio.sleep(self._next - now)
            self._next = time.monotonic() + self.delay


class SiteCrawl:
    def __init__(self, url: str, fetcher: Fetcher, sink: Sink, parse_links: ParseLinks,
                 settings: CrawlSettings, organisation: dict[str, Any] | None = None) -> None:
        self.url = canonical(url)
        self.f = fetcher
        self.sink = sink
        self.parse_links = parse_links
        self.s = settings
        self.cap = Capture(url=self.url, captured=datetime.now(UTC).isoformat(timespec="seconds"),
                           organisation=organisation or {})
        self.robots: Protego | None = None
        self.pacer = _Pacer(0.0)
        self.seen: set[str] = set()
        self.pages = 0
        self.seq = 0
        self.home_done = False
        self.chain: dict[str, int] = {}  # url → generations of same-shape discovery behind it
        self.traps: set[str] = set()
        self.unreachable = False  # robots.txt found the host dead (no HTTP answer at all)

    # -- plumbing -------------------------------------------------------------------
    def _record(self, exs: list[Exchange], seq: int) -> None:
        for ex in exs:
            ex.seq = seq
            self.sink(ex)
            self.cap.exchanges.append(ex)

    def _allowed(self, url: str) -> bool:
        return robots_allows(self.robots, url, self.s.user_agent)

    async def _links(self, ex: Exchange) -> Sequence[LinkLike]:
        links = self.parse_links(ex)
        if inspect.isawaitable(links):
            links = await links
        return links  # type: ignore[return-value]

    def _trap(self, url: str, kind: str, reason: str) -> None:
        """Record one cut-off endless URL space (once per kind): a decision and a page status."""
        if kind in self.traps or len(self.traps) >= MAX_TRAPS:
            return
        self.traps.add(kind)
        self.cap.decisions.append(f"crawler-trap: {reason}; not fetched: {url}")
        self.seq += 1
        self._record([Exchange(url=url, role="page:trap", error="crawler-trap", detail=reason)], self.seq)

    async def follow(self, url: str, role: str, *, want: str = "html", max_body: int | None = None,
                     stay_on: set[str] | None = None, stop_at_https: bool = False,
                     retries: int | None = None) -> Exchange:
        """GET with redirects followed by hand (each hop archived and guarded)."""
        self.seq += 1
        seq = self.seq
        current = url
        for hop in range(self.s.max_redirects + 1):
            await self.pacer.wait()
            exs = await self.f.fetch(current, role, want=want, max_body=max_body, retries=retries)
            self._record(exs, seq)
            ex = exs[-1]
            loc = ex.header("location")
            if ex.error or not (300 <= ex.status < 400 and loc):
                return ex
            nxt = canonical(urljoin(current, loc.strip()))
            if hop == self.s.max_redirects:
                ex.error = "too-many-redirects"
                ex.detail = f"more than {self.s.max_redirects} redirects from {url}"
                return ex
            if urlsplit(nxt).scheme not in ("http", "https"):
                ex.error = "blocked-address"
                ex.detail = f"redirect to {nxt[:200]}: a non-HTTP target is {BLOCKED_MARK}"
                return ex
            if stop_at_https and nxt.startswith("https://"):
                return ex
            if stay_on is not None and not same_site(nxt, stay_on):
                self.cap.decisions.append(f"not followed off-site redirect {current} -> {nxt}")
                return ex
            if not self._allowed(nxt):
                self.cap.decisions.append(f"robots.txt disallows redirect target {nxt}")
                return ex
            current = nxt
        return ex  # pragma: no cover  (loop always returns)

    # -- stages ---------------------------------------------------------------------
    async def run(self) -> Capture:
        t0 = time.monotonic()
        try:
            async with asyncio.timeout(self.s.site_budget_s):
                await self._run()
        except TimeoutError:
            if self.home_done:
                self.cap.decisions.append(f"site time budget ({self.s.site_budget_s:g}s) spent; kept what was fetched")
            else:
                self.cap.status = "timeout-total"
                self.cap.reason = f"no home page within the site budget of {self.s.site_budget_s:g}s"
        self.cap.elapsed_s = time.monotonic() - t0
        return self.cap

    async def _run(self) -> None:
        parts = urlsplit(self.url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if self.s.respect_robots:
            await self._robots(origin)
            if self.cap.status != "ok":
                return
        if not self._allowed(self.url):
            self.cap.status = "robots-disallowed"
            self.cap.reason = f"robots.txt disallows {self.url} for {self.s.user_agent}"
            return
        # robots.txt already met a dead host (after its retries): one more try for the home
        # page, not another round — a dead site costs one round of timeouts, not two.
        home = await self.follow(self.url, "home", retries=0 if self.unreachable else None)
        self.home_done = True
        if not self._judge_home(home):
            return
        hosts = {parts.hostname or "", urlsplit(home.url).hostname or ""}
        self.seen.update({self.url, canonical(home.url)})
        self.pages = 1
        links = await self._links(home)
        if self.s.probe_https:
            await self._probe_other_scheme(parts.scheme, parts.netloc)
        if self.s.fetch_sitemap:
            await self._sitemap(urlsplit(home.url))
        await self._pages(links, hosts)

    async def _robots(self, origin: str) -> None:
        ex = await self.follow(origin + "/robots.txt", "robots", want="text",
                               max_body=self.s.max_robots)
        if ex.error and not (ex.error == "too-large" and ex.status):
            self.cap.decisions.append(f"robots.txt not fetched ({ex.error}); home page decides")
            self.unreachable = ex.status == 0 and ex.error in _HOST_FAILURES
            return
        if 200 <= ex.status < 300:
            body, _ = ex.body(self.s.max_robots)
            if ex.truncated and len(ex.raw) >= self.s.max_robots:
                ex.error = ex.error or "too-large"
                ex.detail = ex.detail or f"robots.txt over {self.s.max_robots} bytes"
                self.cap.decisions.append(f"robots.txt over {self.s.max_robots} bytes: only the "
                                          "rules in the first part apply (as Google does)")
            self.robots, note = parse_robots(body)
            if self.robots is None:
                self.cap.decisions.append(note)
                return
            delay = robots_delay(self.robots, self.s.user_agent)
            if delay:
                self.pacer = _Pacer(min(delay, MAX_CRAWL_DELAY))
                self.cap.robots_delay = delay
        elif ex.status >= 500 and ex.status != 503:
            # RFC 9309 §2.3.1.4: an unreachable robots.txt means assume complete disallow
            self.cap.status = "robots-disallowed"
            self.cap.reason = f"robots.txt answered {ex.status}; RFC 9309 says assume disallow"

    def _judge_home(self, ex: Exchange) -> bool:
        cap = self.cap
        if ex.error:
            cap.status = ex.error
            cap.reason = ex.detail or ex.error
        elif ex.status >= 400:
            cap.status = http_status(ex.status)
            cap.reason = ex.detail or f"home page answered HTTP {ex.status}"
        elif 300 <= ex.status < 400:
            cap.status = "http-4xx" if not ex.header("location") else "too-many-redirects"
            cap.reason = f"redirect {ex.status} without a usable target"
        elif ex.truncated and len(ex.raw) >= self.s.max_body:
            cap.status = "too-large"
            cap.reason = f"home page larger than {self.s.max_body} bytes"
        elif not looks_html(ex):
            cap.status = "not-html"
            cap.reason = (f"home page is {ex.mime or 'untyped'}, not HTML" if ex.mime not in HTML_TYPES
                          else f"home page is served as {ex.mime} but its bytes are binary")
        else:
            return True
        return False

    async def _probe_other_scheme(self, scheme: str, netloc: str) -> None:
        host = urlsplit(f"//{netloc}").hostname or ""
        if scheme == "http":
            await self.follow(f"https://{host}/", "probe-https", stay_on={host})
        else:
            await self.follow(f"http://{host}/", "probe-http", stop_at_https=True, stay_on={host})

    async def _sitemap(self, home: Any) -> None:
        origin = f"{home.scheme}://{home.netloc}"
        urls = list(self.robots.sitemaps) if self.robots is not None else []
        target = next((u for u in urls if same_site(u, {home.hostname or ""})), origin + "/sitemap.xml")
        if self._allowed(target):
            await self.follow(target, "sitemap", want="any")

    async def _fetch_page(self, url: str, why: str, hosts: set[str]) -> Exchange | None:
        if not self._allowed(url):
            self.cap.decisions.append(f"robots.txt disallows {url}")
            return None
        ex = await self.follow(url, f"page:{why}", stay_on=hosts)
        if not ex.error:  # the page's taxonomy status when it is not evidence
            if ex.status >= 400:
                ex.error, ex.detail = http_status(ex.status), f"HTTP {ex.status}"
            elif 200 <= ex.status < 300 and not looks_html(ex):
                ex.error, ex.detail = "not-html", f"{ex.mime or 'untyped'} is not HTML"
        return ex if (not ex.error and 200 <= ex.status < 300) else None

    async def _wave(self, batch: list[tuple[str, str]], hosts: set[str]) -> list[tuple[str, Exchange]]:
        results = await asyncio.gather(*(self._fetch_page(u, why, hosts) for u, why in batch))
        return [(u, r) for (u, _), r in zip(batch, results, strict=True) if r is not None]

    def _candidate(self, href: str, source: str, hosts: set[str]) -> str:
        """The URL to queue for a link found on ``source`` ("" when it is not to be fetched)."""
        url = canonical(href) if href else ""
        if not url or not same_site(url, hosts):
            return ""
        bare = strip_session(url)
        if bare != url and bare in self.seen:
            self._trap(url, "session", "session ids in links (fetched once without them)")
            return ""
        url = bare
        if url in self.seen:
            return ""
        if not crawlable(url):
            reason = trap_reason(url)
            if reason and urlsplit(url).scheme in ("http", "https"):
                self._trap(url, reason, reason)
            return ""
        shape = url_shape(url)
        depth = self.chain.get(source, 0) + 1 if source and url_shape(source) == shape else 0
        if depth > self.s.trap_chain:
            self._trap(url, "shape:" + shape,
                       f"endless URL space: more than {self.s.trap_chain} pages shaped like {shape}, "
                       "each found on the one before")
            return ""
        self.chain[url] = depth
        return url

    async def _pages(self, home_links: Sequence[LinkLike], hosts: set[str]) -> None:
        budget = self.s.max_pages - 1
        batch: list[tuple[str, str]] = []
        for kl in key_links(home_links, hosts):
            if kl.url not in self.seen and len(batch) < budget:
                self.seen.add(kl.url)
                batch.append((kl.url, f"key:{kl.concept}"))
        fetched = await self._wave(batch, hosts)
        budget -= len(batch)
        pending: list[tuple[str, Sequence[LinkLike]]] = [(self.url, home_links)]
        for src, ex in fetched:
            pending.append((src, await self._links(ex)))
        while budget > 0 and pending:
            batch = []
            for src, links in pending:
                for link in links:
                    if len(batch) >= budget:
                        break
                    url = self._candidate(link.href, src, hosts)
                    if url:
                        self.seen.add(url)
                        batch.append((url, "bfs"))
            if not batch:
                break
            fetched = await self._wave(batch, hosts)
            budget -= len(batch)
            pending = []
            for src, ex in fetched:
                pending.append((src, await self._links(ex)))


async def crawl_site(url: str, fetcher: Fetcher, sink: Sink, parse_links: ParseLinks,
                     settings: CrawlSettings, organisation: dict[str, Any] | None = None) -> Capture:
    """Crawl one site; every exchange goes to ``sink`` (the WARC) as it happens."""
    return await SiteCrawl(url, fetcher, sink, parse_links, settings, organisation).run()

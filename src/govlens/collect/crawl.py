"""Crawl one site politely: robots.txt, home, the other scheme, sitemap, key pages, then BFS.

The crawl decides what to fetch and records why; it never judges the site (checks do).
Order of work is deterministic for the same answers, so a re-crawl of an unchanged site
fetches the same pages and the evidence is comparable across runs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from protego import Protego

from govlens.collect.capture import Capture, Exchange
from govlens.collect.discover import LinkLike, canonical, crawlable, key_links, same_site
from govlens.collect.failures import http_status
from govlens.collect.http import HTML_TYPES, Fetcher
from govlens.collect.settings import CrawlSettings

ParseLinks = Callable[[Exchange], Sequence[LinkLike]]
Sink = Callable[[Exchange], None]
MAX_CRAWL_DELAY = 30.0


def looks_html(ex: Exchange) -> bool:
    if ex.mime in HTML_TYPES:
        return True
    if not ex.mime:
        head = ex.raw[:512].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
    return False


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

    # -- plumbing -------------------------------------------------------------------
    def _record(self, exs: list[Exchange], seq: int) -> None:
        for ex in exs:
            ex.seq = seq
            self.sink(ex)
            self.cap.exchanges.append(ex)

    def _allowed(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(url, self.s.user_agent)

    async def follow(self, url: str, role: str, *, want: str = "html", max_body: int | None = None,
                     stay_on: set[str] | None = None, stop_at_https: bool = False) -> Exchange:
        """GET with redirects followed by hand (each hop archived and guarded)."""
        self.seq += 1
        seq = self.seq
        current = url
        for hop in range(self.s.max_redirects + 1):
            await self.pacer.wait()
            exs = await self.f.fetch(current, role, want=want, max_body=max_body)
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
        home = await self.follow(self.url, "home")
        self.home_done = True
        if not self._judge_home(home):
            return
        hosts = {parts.hostname or "", urlsplit(home.url).hostname or ""}
        self.seen.update({self.url, canonical(home.url)})
        self.pages = 1
        links = self.parse_links(home)
        if self.s.probe_https:
            await self._probe_other_scheme(parts.scheme, parts.netloc)
        if self.s.fetch_sitemap:
            await self._sitemap(urlsplit(home.url))
        await self._pages(links, hosts)

    async def _robots(self, origin: str) -> None:
        ex = await self.follow(origin + "/robots.txt", "robots", want="text",
                               max_body=self.s.max_robots)
        if ex.error:
            self.cap.decisions.append(f"robots.txt not fetched ({ex.error}); home page decides")
            return
        if 200 <= ex.status < 300:
            body, _ = ex.body(self.s.max_robots)
            text = body.decode("utf-8", errors="replace")
            try:
                self.robots = Protego.parse(text)
            except Exception as exc:  # protego on hostile input: treat as no rules, note why
                self.cap.decisions.append(f"robots.txt unparseable ({type(exc).__name__}); no rules applied")
                return
            delay = self.robots.crawl_delay(self.s.user_agent)
            if delay:
                self.pacer = _Pacer(min(float(delay), MAX_CRAWL_DELAY))
                self.cap.robots_delay = float(delay)
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
            cap.reason = f"home page answered HTTP {ex.status}"
        elif 300 <= ex.status < 400:
            cap.status = "http-4xx" if not ex.header("location") else "too-many-redirects"
            cap.reason = f"redirect {ex.status} without a usable target"
        elif ex.truncated and len(ex.raw) >= self.s.max_body:
            cap.status = "too-large"
            cap.reason = f"home page larger than {self.s.max_body} bytes"
        elif not looks_html(ex):
            cap.status = "not-html"
            cap.reason = f"home page is {ex.mime or 'untyped'}, not HTML"
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
        return ex if (not ex.error and 200 <= ex.status < 300 and looks_html(ex)) else None

    async def _wave(self, batch: list[tuple[str, str]], hosts: set[str]) -> list[Exchange]:
        results = await asyncio.gather(*(self._fetch_page(u, why, hosts) for u, why in batch))
        return [r for r in results if r is not None]

    async def _pages(self, home_links: Sequence[LinkLike], hosts: set[str]) -> None:
        budget = self.s.max_pages - 1
        batch: list[tuple[str, str]] = []
        for kl in key_links(home_links, hosts):
            if kl.url not in self.seen and len(batch) < budget:
                self.seen.add(kl.url)
                batch.append((kl.url, f"key:{kl.concept}"))
        fetched = await self._wave(batch, hosts)
        budget -= len(batch)
        pending: list[Sequence[LinkLike]] = [home_links] + [self.parse_links(ex) for ex in fetched]
        while budget > 0 and pending:
            batch = []
            for links in pending:
                for link in links:
                    if len(batch) >= budget:
                        break
                    url = canonical(link.href) if link.href else ""
                    if url and url not in self.seen and same_site(url, hosts) and crawlable(url):
                        self.seen.add(url)
                        batch.append((url, "bfs"))
            if not batch:
                break
            fetched = await self._wave(batch, hosts)
            budget -= len(batch)
            pending = [self.parse_links(ex) for ex in fetched]


async def crawl_site(url: str, fetcher: Fetcher, sink: Sink, parse_links: ParseLinks,
                     settings: CrawlSettings, organisation: dict[str, Any] | None = None) -> Capture:
    """Crawl one site; every exchange goes to ``sink`` (the WARC) as it happens."""
    return await SiteCrawl(url, fetcher, sink, parse_links, settings, organisation).run()

"""Crawl settings with their defaults in one place (as Scrapy keeps them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from govlens import USER_AGENT


@dataclass(frozen=True)
class CrawlSettings:
    max_pages: int = 25  # HTML pages per site, home and key pages included
    concurrency: int = 32  # requests in flight over the whole run
    per_host: int = 2  # requests in flight per host
    sites_in_flight: int = 16  # sites crawled at once
    site_budget_s: float = 120.0  # wall time per site; then the crawl stops and keeps what it has
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0  # longest silence between bytes
    response_timeout_s: float = 60.0  # wall time per response, connect to last byte (drip-feeds)
    keepalive_s: float = 3.0  # idle connections kept this long (a site's pages reuse them; a run
    #                           of thousands of sites must not hoard sockets and TLS buffers)
    max_redirects: int = 10
    max_body: int = 5 * 1024 * 1024  # bytes on the wire per response; then truncated and flagged
    max_decoded: int = 20 * 1024 * 1024  # bytes after content decoding (gzip/brotli bombs)
    max_robots: int = 512 * 1024  # robots.txt beyond this is ignored as Google does (500 KiB)
    trap_chain: int = 4  # same-shape URLs found one from another before the crawler calls it a trap
    retries: int = 2  # for 429/503 and connection errors
    backoff_s: float = 1.0
    max_retry_after_s: float = 30.0  # a longer Retry-After is not waited for: left to the second pass
    respect_robots: bool = True
    probe_https: bool = True  # also try the other scheme (https availability, http→https redirect)
    fetch_sitemap: bool = True
    user_agent: str = USER_AGENT
    resolve: tuple[str, ...] = ()  # curl --resolve HOST:PORT:ADDR
    connect_to: tuple[str, ...] = ()  # curl --connect-to HOST:PORT:ADDR:PORT2
    offline_dns: bool = False  # unpinned names are "not found" instead of asking the resolver
    allow_private: bool = False  # let the crawler reach private/loopback addresses not pinned
    ca_file: str = ""  # extra CA bundle to trust (tests, private PKI)
    render: str = "none"  # none | home | key | all: pages rendered in a browser (collect/render.py)
    block_heavy: bool = False  # rendering: third-party images, media and fonts not loaded
    eval_workers: int = -1  # processes judging finished sites (run/pool.py); -1: one per core beyond the first
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def replace(self, **changes: Any) -> CrawlSettings:
        d = asdict(self)
        d.update(changes)
        return CrawlSettings(**d)

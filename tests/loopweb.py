"""A tiny virtual-host web server on loopback for collector tests (real aiohttp, real sockets)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from govlens.collect.capture import Capture, Exchange
from govlens.collect.crawl import crawl_site
from govlens.collect.http import Fetcher
from govlens.collect.settings import CrawlSettings
from govlens.collect.warc import SiteWarc
from govlens.evidence.build import page_of

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def html(body: str, status: int = 200, **headers: str) -> Handler:
    async def h(_: web.Request) -> web.StreamResponse:
        return web.Response(text=body, status=status, content_type="text/html", headers=headers)
    return h


def text(body: str, status: int = 200, ctype: str = "text/plain") -> Handler:
    async def h(_: web.Request) -> web.StreamResponse:
        return web.Response(text=body, status=status, content_type=ctype)
    return h


@dataclass
class LoopWeb:
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)
    port: int = 0
    _runner: web.AppRunner | None = None

    def add(self, host: str, path: str, handler: Handler) -> None:
        self.routes[(host, path)] = handler

    async def _dispatch(self, req: web.Request) -> web.StreamResponse:
        host = (req.host or "").split(":")[0]
        key = (host, req.path_qs if (host, req.path_qs) in self.routes else req.path)
        self.hits[key] += 1
        h = self.routes.get(key)
        if h is None:
            return web.Response(status=404, text="not found")
        return await h(req)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def settings(self, **kw: object) -> CrawlSettings:
        hosts = {h for h, _ in self.routes}
        rules = tuple(f"{h}:80:127.0.0.1:{self.port}" for h in sorted(hosts))
        base = {"offline_dns": True, "connect_to": rules, "backoff_s": 0.05, "connect_timeout_s": 2.0,
                "read_timeout_s": 2.0, "probe_https": False}
        base.update(kw)
        return CrawlSettings(**base)  # type: ignore[arg-type]


async def crawl(webs: LoopWeb, url: str, warc: Path | None = None, **kw: object) -> tuple[Capture, dict]:
    await webs.start()
    parsed: dict = {}

    def parse_links(ex: Exchange):  # noqa: ANN202
        p = page_of(ex)
        parsed[ex.seq] = p
        return p.links

    try:
        settings = webs.settings(**kw)
        writer = SiteWarc(warc, {}) if warc else None
        async with Fetcher(settings) as f:
            cap = await crawl_site(url, f, writer.write if writer else (lambda e: None), parse_links, settings)
        if writer:
            writer.finish(cap)
    finally:
        await webs.stop()
    return cap, parsed


def run(coro):  # noqa: ANN001, ANN201
    return asyncio.run(coro)

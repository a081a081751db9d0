"""Serve a synthetic web on loopback: one HTTP and one HTTPS port, virtual hosts by Host.

    async with serve(web) as running:
        running.connect_rules  # ["moph-001.fictional-gov.test:80:127.0.0.1:41234", …]
        running.ca_file        # the CA to trust

Every host the catalog lists gets two ``--connect-to`` rules (port 80 and 443), except the
``dns`` site, which has none (its name must not resolve). Ports a site does not serve, and
both ports of the ``connect`` site, map to a loopback port that is bound but not listening,
so connecting there is refused. The HTTPS port picks the certificate by SNI, so the bad-cert
hosts get theirs. Only 127.0.0.1 is ever bound or contacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from multidict import CIMultiDict

from govlens.synthweb.generate import HOST_SUFFIXES, SynthSite, SynthWeb
from govlens.synthweb.render import Resource, SiteRenderer
from govlens.synthweb.tls import CertSet

LOOPBACK = "127.0.0.1"


def parse_rule(rule: str) -> tuple[str, int, str, int]:
    host, port, addr, port2 = rule.rsplit(":", 3)
    return host, int(port), addr, int(port2)


class StaticResolver(AbstractResolver):
    """An aiohttp resolver that knows only the pinned names (curl ``--connect-to`` rules);
    every other name fails as a DNS error would. It never asks a real resolver."""

    def __init__(self, rules: list[str]) -> None:
        self.pins: dict[tuple[str, int], tuple[str, int]] = {}
        for r in rules:
            host, port, addr, port2 = parse_rule(r)
            self.pins[(host.lower(), port)] = (addr, port2)

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        pin = self.pins.get((host.lower().rstrip("."), port))
        if pin is None:
            raise OSError(socket.EAI_NONAME, f"Name or service not known: {host}")
        return [{"hostname": host, "host": pin[0], "port": pin[1], "family": socket.AF_INET,
                 "proto": 0, "flags": socket.AI_NUMERICHOST}]

    async def close(self) -> None:
        return None


@dataclass
class Running:
    """A live synthetic web: where it listens and what it served."""

    web: SynthWeb
    http_port: int
    https_port: int
    closed_port: int
    connect_rules: list[str]
    ca_pem: bytes
    ca_file: Path
    slow_seconds: float
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)  # (host, path?query)
    scheme_hits: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    _certs: CertSet | None = field(default=None, repr=False)

    def resolver(self) -> StaticResolver:
        return StaticResolver(self.connect_rules)

    def client_ssl_context(self) -> ssl.SSLContext:
        """Verifying client context trusting only the synthetic CA."""
        return ssl.create_default_context(cadata=self.ca_pem.decode())

    def connector(self, **kwargs: Any) -> Any:
        """An ``aiohttp.TCPConnector`` mapped to the loopback servers (call inside a loop)."""
        import aiohttp

        kwargs.setdefault("ssl", self.client_ssl_context())
        return aiohttp.TCPConnector(resolver=self.resolver(), **kwargs)

    def rules_for(self, host: str) -> list[str]:
        return [r for r in self.connect_rules if r.split(":", 1)[0] == host]

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())


class _Server:
    def __init__(self, web_: SynthWeb, slow_seconds: float, trickle_seconds: float,
                 trickle_interval: float | None, cache_sites: int) -> None:
        self.web = web_
        self.slow_seconds = slow_seconds
        self.trickle_seconds = trickle_seconds
        self.trickle = trickle_interval if trickle_interval is not None else max(
            0.05, min(1.0, trickle_seconds / 20))
        self.cache: OrderedDict[int, SiteRenderer] = OrderedDict()
        self.cache_sites = cache_sites
        self.runners: list[web.BaseRunner] = []
        self.socks: list[socket.socket] = []
        self.hits: Counter[tuple[str, str]] = Counter()
        self.scheme_hits: Counter[tuple[str, str, str]] = Counter()

    def renderer(self, site: SynthSite) -> SiteRenderer:
        r = self.cache.get(site.index)
        if r is None:
            r = SiteRenderer(site)
            self.cache[site.index] = r
            if len(self.cache) > self.cache_sites:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(site.index)
        return r

    async def handle(self, request: web.BaseRequest, scheme: str) -> web.StreamResponse:
        host = request.headers.get("Host", "").strip().lower()
        host = host.split("]")[0] + "]" if host.startswith("[") else host.split(":")[0]
        host = host.rstrip(".")
        raw = request.raw_path
        self.hits[(host, raw)] += 1
        self.scheme_hits[(scheme, host, raw)] += 1
        site = self.web.site(host)
        if site is None or site.behaviour in ("dns", "connect"):
            return web.Response(status=421, text=f"govlens synthweb: no site {host!r} here\n")
        res = self.renderer(site).resource(scheme, raw)
        if res is None:
            return web.Response(status=421, text=f"govlens synthweb: {host} has no {scheme}\n")
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, text="method not allowed\n",
                                headers={"Allow": "GET, HEAD"})
        return await self.send(request, res)

    async def send(self, request: web.BaseRequest, res: Resource) -> web.StreamResponse:
        headers = CIMultiDict(res.headers)
        if res.slow == "headers":
            await asyncio.sleep(self.slow_seconds)
        if not res.stream_bytes and res.slow != "body":
            return web.Response(status=res.status, headers=headers, body=res.body)
        resp = web.StreamResponse(status=res.status, headers=headers)
        await resp.prepare(request)
        if request.method == "HEAD":
            return resp
        with contextlib.suppress(ConnectionError):
            if res.stream_bytes:
                head = (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Oversized "
                        b"(fictional)</title><meta name=\"generator\" content=\"govlens-synthweb (fictional)\">"
                        b"</head><body>\n")
                chunk = b"<p>" + b"govlens synthweb oversized page (fictional). " * 1400 + b"</p>\n"
                await resp.write(head)
                sent = len(head)
                while sent < res.stream_bytes:
                    await resp.write(chunk)
                    sent += len(chunk)
                await resp.write(b"</body></html>\n")
            else:  # trickle the body: bytes keep coming, so only a total timeout fires
                body = res.body
                deadline = time.monotonic() + self.trickle_seconds
                pos = 0
                step = max(1, len(body) // 200)
                while time.monotonic() < deadline and pos < len(body) - step:
                    await resp.write(body[pos:pos + step])
                    pos += step
                    await asyncio.sleep(self.trickle)
                await resp.write(body[pos:])
            await resp.write_eof()
        return resp

    async def start(self) -> Running:
        bad = {s.host: s.cert for s in self.web.sites
               if s.cert != "ok" and s.serves.get("https") != "closed"}
        self.certs = CertSet(HOST_SUFFIXES, bad)
        ports = []
        for scheme, ctx in (("http", None), ("https", self.certs.default)):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((LOOPBACK, 0))
            self.socks.append(sock)

            async def handler(request: web.BaseRequest, scheme: str = scheme
                              ) -> web.StreamResponse:
                return await self.handle(request, scheme)

            server = web.Server(handler, handler_cancellation=True, access_log=None)
            runner = web.ServerRunner(server, shutdown_timeout=0.25)
            await runner.setup()
            self.runners.append(runner)
            site = web.SockSite(runner, sock, ssl_context=ctx, backlog=1024)
            await site.start()
            ports.append(sock.getsockname()[1])
        closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        closed.bind((LOOPBACK, 0))  # bound, never listening: connections are refused
        self.socks.append(closed)
        closed_port = closed.getsockname()[1]
        http_port, https_port = ports
        rules: list[str] = []
        for s in self.web.sites:
            if s.behaviour == "dns":
                continue
            for port, scheme, live in ((80, "http", http_port), (443, "https", https_port)):
                target = closed_port if (s.behaviour == "connect"
                                         or s.serves.get(scheme) == "closed") else live
                rules.append(f"{s.host}:{port}:{LOOPBACK}:{target}")
        return Running(web=self.web, http_port=http_port, https_port=https_port,
                       closed_port=closed_port, connect_rules=rules, ca_pem=self.certs.ca_pem,
                       ca_file=self.certs.ca_file, slow_seconds=self.slow_seconds,
                       hits=self.hits, scheme_hits=self.scheme_hits, _certs=self.certs)

    async def stop(self) -> None:
        for runner in self.runners:
            with contextlib.suppress(Exception):
                await runner.cleanup()
        for s in self.socks:
            s.close()
        if getattr(self, "certs", None) is not None:
            self.certs.close()


@contextlib.asynccontextmanager
async def serve(web_: SynthWeb, *, slow_seconds: float = 30.0, trickle_seconds: float = 300.0,
                trickle_interval: float | None = None, cache_sites: int = 256
                ) -> AsyncIterator[Running]:
    """Serve ``web_`` on 127.0.0.1 until the block exits.

    ``slow_seconds``: how long the ``slow-headers`` site waits before answering its home page
    (set it above the client's read timeout → ``timeout-read``). ``trickle_seconds``: how
    long the ``slow-body`` site trickles its home page, a few bytes every
    ``trickle_interval`` (default: trickle_seconds/20, at most 1 s), so no read timeout fires
    (set it above the client's total or per-site budget → ``timeout-total``).
    ``cache_sites``: site renderers kept (LRU).
    """
    server = _Server(web_, slow_seconds, trickle_seconds, trickle_interval, cache_sites)
    try:
        running = await server.start()
        yield running
    finally:
        await server.stop()


@contextlib.contextmanager
def serve_in_thread(web_: SynthWeb, **kwargs: Any) -> Iterator[Running]:
    """:func:`serve` in a background thread's event loop, for synchronous callers."""
    ready = threading.Event()
    box: dict[str, Any] = {}
    loop = asyncio.new_event_loop()

    async def main() -> None:
        box["stop"] = asyncio.Event()
        try:
            async with serve(web_, **kwargs) as running:
                box["running"] = running
                ready.set()
                await box["stop"].wait()
        except BaseException as exc:  # reported to the caller's thread
            box["error"] = exc
            ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(main())
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="synthweb-server", daemon=True)
    thread.start()
    if not ready.wait(120):
        raise RuntimeError("synthweb server did not start")
    if "error" in box:
        thread.join(10)
        raise RuntimeError("synthweb server failed to start") from box["error"]
    try:
        yield box["running"]
    finally:
        loop.call_soon_threadsafe(box["stop"].set)
        thread.join(60)

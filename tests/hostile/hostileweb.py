"""A hostile web on loopback for the collector's reliability tests.

* ``HostileWeb`` — virtual hosts on 127.0.0.1 only: an aiohttp server for streaming
  hostility (drips, endless bodies, bombs, traps), a raw asyncio server for protocol-level
  hostility (HTTP/1.0, resets mid-body, huge headers, garbage), an optional HTTPS server
  with bad certificates (expired, untrusted, wrong host), a refused port and a port whose
  accept queue is full (connect timeouts).
* ``StandIn`` — a server on an address no pin covers (127.0.0.2, 127.0.0.3, ::1) standing in
  for a forbidden target (an intranet host, a cloud metadata service). It counts every TCP
  connection it accepts; a guard that works leaves the count at zero. Because the stand-ins
  are loopback too, nothing leaves the machine even if the guard is broken.

Nothing here ever asks a DNS resolver: the crawler runs with ``offline_dns`` and
``--connect-to`` pins, or with a resolver the test injects.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import psutil
from aiohttp import web

from govlens.collect.capture import Capture, Exchange
from govlens.collect.crawl import crawl_site
from govlens.collect.http import Fetcher
from govlens.collect.net import PinnedResolver
from govlens.collect.settings import CrawlSettings
from govlens.evidence.build import build_site, page_of
from govlens.evidence.model import SiteEvidence

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
RawHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, bytes], Awaitable[None]]
LOOPBACK = "127.0.0.1"

# Settings every hostile case starts from: short limits so each case ends in seconds.
HOSTILE_SETTINGS: dict[str, Any] = {
    "offline_dns": True, "probe_https": False, "fetch_sitemap": False,
    "connect_timeout_s": 1.0, "read_timeout_s": 2.0, "response_timeout_s": 4.0,
    "site_budget_s": 12.0, "max_body": 1024 * 1024, "max_decoded": 4 * 1024 * 1024,
    "backoff_s": 0.05, "max_retry_after_s": 2.0, "retries": 2, "max_pages": 10,
}


# --------------------------------------------------------------------------- handlers

def html(body: str | bytes, status: int = 200, ctype: str = "text/html; charset=utf-8",
         **headers: str) -> Handler:
    data = body.encode() if isinstance(body, str) else body

    async def h(_: web.Request) -> web.StreamResponse:
        return web.Response(body=data, status=status, headers={"Content-Type": ctype, **headers})
    return h


def raw_bytes(data: bytes) -> RawHandler:
    """Send ``data`` as the whole response, then close."""
    async def h(_: asyncio.StreamReader, w: asyncio.StreamWriter, __: bytes) -> None:
        w.write(data)
        await w.drain()
    return h


# --------------------------------------------------------------------------- stand-in

class StandIn:
    """A would-be forbidden target on a loopback address no pin covers; counts connections."""

    def __init__(self, addr: str) -> None:
        self.addr = addr
        self.port = 0
        self.connections = 0
        self._server: asyncio.AbstractServer | None = None

    async def _handle(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        self.connections += 1
        with contextlib.suppress(Exception):
            await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 2)
            body = b"<html><title>internal secret</title><body>metadata</body></html>"
            w.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                    b"Connection: close\r\n\r\n%s" % (len(body), body))
            await w.drain()
        w.close()

    async def start(self) -> StandIn:
        self._server = await asyncio.start_server(self._handle, self.addr, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        host = f"[{self.addr}]" if ":" in self.addr else self.addr
        return f"http://{host}:{self.port}/"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)


# --------------------------------------------------------------------------- the web

@dataclass
class HostileWeb:
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    raw_routes: dict[tuple[str, str], RawHandler] = field(default_factory=dict)
    tls_hosts: dict[str, str] = field(default_factory=dict)  # host → ok | expired | untrusted | hostname
    refused_hosts: set[str] = field(default_factory=set)
    stalled_hosts: set[str] = field(default_factory=set)  # connect never completes
    hits: Counter = field(default_factory=Counter)
    ports: dict[str, int] = field(default_factory=dict)
    ca_file: str = ""
    _runners: list[web.BaseRunner] = field(default_factory=list)
    _servers: list[asyncio.AbstractServer] = field(default_factory=list)
    _socks: list[socket.socket] = field(default_factory=list)
    _tasks: set[asyncio.Task] = field(default_factory=set)
    _certs: Any = None

    def add(self, host: str, path: str, handler: Handler) -> None:
        self.routes[(host, path)] = handler

    def raw(self, host: str, path: str, handler: RawHandler) -> None:
        self.raw_routes[(host, path)] = handler

    # -- aiohttp side ---------------------------------------------------------------
    async def _dispatch(self, req: web.Request) -> web.StreamResponse:
        host = (req.host or "").split(":")[0].lower()
        key = (host, req.path_qs if (host, req.path_qs) in self.routes else req.path)
        self.hits[key] += 1
        h = self.routes.get(key) or self.routes.get((host, "*"))
        if h is None:
            return web.Response(status=404, text="not found")
        return await h(req)

    async def _aio_site(self, ssl_context: ssl.SSLContext | None) -> int:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.2)
        await runner.setup()
        site = web.TCPSite(runner, LOOPBACK, 0, ssl_context=ssl_context)
        await site.start()
        self._runners.append(runner)
        return site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    # -- raw side -------------------------------------------------------------------
    async def _raw_conn(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
            host = next((ln.split(":", 1)[1].strip().split(":")[0].lower() for ln in lines[1:]
                         if ln.lower().startswith("host:")), "")
            key = (host, path if (host, path) in self.raw_routes else path.split("?")[0])
            self.hits[key] += 1
            h = self.raw_routes.get(key)
            if h is None:
                w.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            else:
                await h(r, w, head)
            with contextlib.suppress(Exception):
                await w.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError,
                asyncio.CancelledError):
            pass  # the client gave up (as it should): nothing to report
        finally:
            with contextlib.suppress(Exception):
                w.close()
            if task is not None:
                self._tasks.discard(task)

    # -- lifecycle ------------------------------------------------------------------
    async def start(self) -> HostileWeb:
        self.ports["http"] = await self._aio_site(None)
        srv = await asyncio.start_server(self._raw_conn, LOOPBACK, 0)
        self._servers.append(srv)
        self.ports["raw"] = srv.sockets[0].getsockname()[1]
        closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        closed.bind((LOOPBACK, 0))  # bound, never listening: connections are refused
        self._socks.append(closed)
        self.ports["closed"] = closed.getsockname()[1]
        if self.stalled_hosts:
            self.ports["stalled"] = self._stalled_port()
        if self.tls_hosts:
            from govlens.synthweb.tls import CertSet

            bad = {h: k for h, k in self.tls_hosts.items() if k != "ok"}
            self._certs = CertSet(["hostile.test"], bad)
            self.ca_file = str(self._certs.ca_file)
            self.ports["https"] = await self._aio_site(self._certs.default)
        return self

    def _stalled_port(self) -> int:
        """A listening socket whose accept queue is full: new SYNs are dropped, so a connect
        neither succeeds nor is refused (a timeout-connect, on loopback)."""
        lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lst.bind((LOOPBACK, 0))
        lst.listen(0)
        port = lst.getsockname()[1]
        self._socks.append(lst)
        for _ in range(4):  # fill the queue
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            c.setblocking(False)
            with contextlib.suppress(BlockingIOError, OSError):
                c.connect((LOOPBACK, port))
            self._socks.append(c)
        time.sleep(0.05)
        return port

    async def stop(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        for srv in self._servers:
            srv.close()
        for runner in self._runners:
            with contextlib.suppress(Exception):
                await runner.cleanup()
        for s in self._socks:
            s.close()
        if self._certs is not None:
            self._certs.close()

    def connect_rules(self) -> tuple[str, ...]:
        rules = []
        for h in sorted({h for h, _ in self.routes}):
            rules.append(f"{h}:80:{LOOPBACK}:{self.ports['http']}")
        for h in sorted({h for h, _ in self.raw_routes}):
            rules.append(f"{h}:80:{LOOPBACK}:{self.ports['raw']}")
        for h in sorted(self.tls_hosts):
            rules.append(f"{h}:443:{LOOPBACK}:{self.ports['https']}")
        for h in sorted(self.refused_hosts):
            rules.append(f"{h}:80:{LOOPBACK}:{self.ports['closed']}")
        for h in sorted(self.stalled_hosts):
            rules.append(f"{h}:80:{LOOPBACK}:{self.ports['stalled']}")
        return tuple(rules)

    def settings(self, **kw: Any) -> CrawlSettings:
        base = dict(HOSTILE_SETTINGS, connect_to=self.connect_rules(), ca_file=self.ca_file)
        base.update(kw)
        return CrawlSettings(**base)


# --------------------------------------------------------------------------- running a crawl

class RSSSampler:
    """Peak resident memory of this process while a block runs (sampled every 5 ms)."""

    def __init__(self) -> None:
        self._proc = psutil.Process()
        self.start_rss = self.peak_rss = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak_rss = max(self.peak_rss, self._proc.memory_info().rss)

    def __enter__(self) -> RSSSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(1)
        self.peak_rss = max(self.peak_rss, self._proc.memory_info().rss)


@dataclass
class Outcome:
    capture: Capture
    evidence: SiteEvidence
    elapsed_s: float
    peak_rss_mb: float
    delta_rss_mb: float
    requests: int
    refused_at_socket: int

    def page_status(self, url: str) -> str:
        """The taxonomy status of one page: its failure, or "ok" when it became evidence."""
        for hop in self.evidence.failed:
            if hop.url == url:
                return hop.location  # build_site keeps the error in Hop.location
        if any(p.url == url for p in self.evidence.pages):
            return "ok"
        return "not-fetched"


async def crawl(url: str, settings: CrawlSettings, resolver: PinnedResolver | None = None,
                fetcher_hook: Callable[[Fetcher], None] | None = None) -> Outcome:
    """Crawl one site as a run does (parse for links, then build the evidence)."""
    parsed: dict = {}

    def parse_links(ex: Exchange):  # noqa: ANN202
        p = page_of(ex)
        parsed[ex.seq] = p
        return p.links

    t0 = time.monotonic()
    with RSSSampler() as mem:
        async with Fetcher(settings, resolver=resolver) as f:
            if fetcher_hook is not None:
                fetcher_hook(f)
            cap = await crawl_site(url, f, lambda e: None, parse_links, settings)
            requests = f.requests
            refused = f.resolver.refused
        ev = build_site(cap, parsed)
    return Outcome(cap, ev, time.monotonic() - t0, mem.peak_rss / 2**20,
                   (mem.peak_rss - mem.start_rss) / 2**20, requests, refused)

"""The hostile cases: each builds its corner of the hostile web, names the site (or page) to
crawl, the taxonomy status it must end with, and the wall-time budget it must end within.

A case's ``check`` gets the Outcome, the web and the stand-ins for assertions beyond the
status (what was fetched, what was not, what the evidence says).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import itertools
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import brotli
from aiohttp import web
from hostileweb import HostileWeb, Outcome, StandIn, html, raw_bytes

H = "site.hostile.test"
URL = f"http://{H}/"
PAGE = f"http://{H}/page"
HOME = '<html><head><title>home</title></head><body><a href="/page">page</a></body></html>'


@dataclass
class Case:
    name: str
    what: str
    build: Callable[[HostileWeb, dict[str, StandIn]], None]
    status: str  # the site's taxonomy status
    budget_s: float
    page: str = ""  # a page URL whose status is asserted too
    page_status: str = ""
    url: str = URL
    settings: dict[str, Any] = field(default_factory=dict)
    check: Callable[[Outcome, HostileWeb, dict[str, StandIn]], None] | None = None
    standins: tuple[str, ...] = ()  # stand-in addresses the case needs (and asserts untouched)
    note: str = ""  # for the table in docs/reliability.md


# --------------------------------------------------------------------------- payloads

@cache
def gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB in ~64 KiB


@cache
def brotli_bomb() -> bytes:
    return brotli.compress(b"\0" * (64 * 1024 * 1024), quality=5)  # 64 MiB in well under 1 KiB


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89" + bytes(range(256)) * 8)
THAI_CP874 = "<html><head><title>กรมตัวอย่าง</title></head><body><p>ยินดีต้อนรับสู่เว็บไซต์ภาครัฐ "\
             "ข่าวประชาสัมพันธ์ ติดต่อเรา</p></body></html>".encode("cp874")


# --------------------------------------------------------------------------- handlers

def drip_body(interval: float = 1.0) -> Any:
    async def h(req: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(req)
        await resp.write(b"<html><title>drip</title>")
        with contextlib.suppress(ConnectionError):
            for _ in range(10_000):
                await asyncio.sleep(interval)
                await resp.write(b"x")
        return resp
    return h


def endless(chunk: bytes = b"<p>" + b"endless " * 8000 + b"</p>\n", ctype: str = "text/html") -> Any:
    async def h(req: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": ctype})
        await resp.prepare(req)
        await resp.write(b"<html><title>endless</title><body>")
        with contextlib.suppress(ConnectionError):  # the crawler hangs up at max_body
            for _ in range(1_000_000):
                await resp.write(chunk)
        return resp
    return h


def redirect(location: str, status: int = 302) -> Any:
    async def h(_: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})
    return h


def retry_after(status: int, value: str) -> Any:
    async def h(_: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Retry-After": value}, text="slow down")
    return h


def calendar(req: web.Request) -> Any:
    n = int(req.query.get("month", "0") or 0)
    return web.Response(content_type="text/html", text=(
        f'<html><title>calendar {n}</title><body><a href="/calendar?month={n + 1}">next month</a>'
        f'<a href="/calendar?month={n - 1}">previous month</a></body></html>'))


async def calendar_handler(req: web.Request) -> web.StreamResponse:
    return calendar(req)


_session_ids = itertools.count(10**15)


async def session_page(req: web.Request) -> web.StreamResponse:
    """Every link carries a fresh session id: endless URLs for one finite set of pages."""
    def sid() -> str:
        return f"{next(_session_ids):x}deadbeefcafe"

    links = "".join(f'<a href="/s{i};jsessionid={sid()}">section {i}</a>'
                    f'<a href="/s{i}?PHPSESSID={sid()}">section {i} again</a>' for i in range(3))
    return web.Response(content_type="text/html",
                        text=f"<html><title>{req.path}</title><body>{links}</body></html>")


async def repeating_path(req: web.Request) -> web.StreamResponse:
    return web.Response(content_type="text/html",
                        text=f'<html><title>{req.path}</title><body><a href="a/">deeper</a></body></html>')


def fifty_thousand_links() -> str:
    links = "".join(f'<li><a href="/item/{i}">item {i}</a></li>' for i in range(50_000))
    return f"<html><head><title>index</title></head><body><ul>{links}</ul></body></html>"


MALFORMED = (b"<html><head><title>malformed\x00 page</title><body><div><p>unclosed <b>bold <i>italic"
             b"<table><tr><td>cell<td>cell2<a href='/page'>a link<div>\x00\x00nul bytes"
             b"<form><input name=q><select><option>x</form></span></em></html></html><p>after")


# --------------------------------------------------------------------------- raw handlers

def http10(_: Any = None) -> Any:
    return raw_bytes(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
                     b"<html><title>HTTP/1.0 server</title><body>old</body></html>")


async def reset_mid_body(r: asyncio.StreamReader, w: asyncio.StreamWriter, _: bytes) -> None:
    w.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
            b"<html><title>cut</title>" + b"x" * 1000)
    await w.drain()
    sock = w.get_extra_info("socket")
    if sock is not None:  # RST instead of FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    w.transport.abort()


async def drip_headers(r: asyncio.StreamReader, w: asyncio.StreamWriter, _: bytes) -> None:
    for b in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"y" * 10_000:
        w.write(bytes([b]))
        await w.drain()
        await asyncio.sleep(0.5)


async def silent(r: asyncio.StreamReader, w: asyncio.StreamWriter, _: bytes) -> None:
    await asyncio.sleep(30)


def huge_header() -> Any:
    return raw_bytes(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Huge: " + b"a" * 70_000 +
                     b"\r\nContent-Length: 13\r\n\r\n<html></html>")


def many_headers() -> Any:
    hdrs = b"".join(b"X-Header-%d: %s\r\n" % (i, b"v" * 100) for i in range(700))  # ~75 KiB
    return raw_bytes(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + hdrs +
                     b"Content-Length: 13\r\n\r\n<html></html>")


# --------------------------------------------------------------------------- the cases

def _home(w: HostileWeb) -> None:
    w.add(H, "/", html(HOME))


def _page_case(handler: Any) -> Callable[[HostileWeb, dict], None]:
    def build(w: HostileWeb, _: dict) -> None:
        _home(w)
        w.add(H, "/page", handler)
    return build


def _hits(w: HostileWeb, path: str) -> int:
    return sum(n for (h, p), n in w.hits.items() if h == H and p.split("?")[0] == path)


def _check_no_refetch(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert _hits(w, "/") <= 1


def _check_redirect_chain(o: Outcome, w: HostileWeb, s: dict) -> None:
    hops = sum(n for (h, p), n in w.hits.items() if p.startswith("/hop"))
    assert hops <= 10  # max_redirects; the 30-hop chain is cut
    assert "more than 10 redirects" in o.capture.reason


def _check_standins_untouched(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert all(st.connections == 0 for st in s.values()), {a: st.connections for a, st in s.items()}


def _check_bomb(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert "decodes to more than" in o.capture.reason


def _check_robots_big(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert _hits(w, "/secret") == 0, "rules in the first 512 KiB still apply"
    assert any("robots.txt over" in d for d in o.capture.decisions)
    assert o.evidence.robots is not None and o.evidence.robots.error == "too-large"


def _check_robots_all(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert _hits(w, "/") == 0


def _check_50k(o: Outcome, w: HostileWeb, s: dict) -> None:
    from govlens.evidence.parse import MAX_LINKS

    assert len(o.evidence.pages[0].links) == MAX_LINKS
    assert len(o.evidence.pages) <= 10  # max_pages


def _check_calendar(o: Outcome, w: HostileWeb, s: dict) -> None:
    # the first month, then trap_chain (4) generations each way (next and previous month)
    assert _hits(w, "/calendar") <= 9, w.hits
    assert any(d.startswith("crawler-trap") for d in o.capture.decisions)
    assert any(h.location == "crawler-trap" for h in o.evidence.failed)


def _check_sessions(o: Outcome, w: HostileWeb, s: dict) -> None:
    for i in range(3):
        assert _hits(w, f"/s{i}") == 1, w.hits  # each page once, whatever its session ids
    assert any(h.location == "crawler-trap" for h in o.evidence.failed)


def _check_repeating(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert not any(p.count("/a") > 4 for (_, p) in w.hits)
    assert any(h.location == "crawler-trap" for h in o.evidence.failed)


def _check_malformed(o: Outcome, w: HostileWeb, s: dict) -> None:
    home = o.evidence.pages[0]
    assert home.title.startswith("malformed")
    assert "nul bytes" in home.text and "\x00" not in home.html
    assert any(link.href.endswith("/page") for link in home.links)


def _check_thai_detected(o: Outcome, w: HostileWeb, s: dict) -> None:
    home = o.evidence.pages[0]
    assert home.charset == "cp874" and "ติดต่อเรา" in home.text


def _check_misdeclared(o: Outcome, w: HostileWeb, s: dict) -> None:
    home = o.evidence.pages[0]
    assert home.charset == "utf-8" and home.charset_source == "header" and "\ufffd" in home.text


def _check_429_long(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert _hits(w, "/") == 1  # not hammered
    assert "second pass" in o.capture.reason


def _check_retried(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert _hits(w, "/") == 3  # retries = 2


def _check_deep(o: Outcome, w: HostileWeb, s: dict) -> None:
    assert "deep text" in o.evidence.pages[0].text


def _tls(kind: str) -> Callable[[HostileWeb, dict], None]:
    def build(w: HostileWeb, _: dict) -> None:
        host = f"{kind}.hostile.test"
        w.tls_hosts[host] = kind
        w.add(host, "/", html(HOME))
    return build


def _redirect_to_standin(addr: str) -> Callable[[HostileWeb, dict], None]:
    def build(w: HostileWeb, s: dict) -> None:
        w.add(H, "/", redirect(s[addr].url))
    return build


def _robots(text: str) -> Callable[[HostileWeb, dict], None]:
    def build(w: HostileWeb, _: dict) -> None:
        w.add(H, "/robots.txt", html(text, ctype="text/plain"))
        w.add(H, "/", html('<html><title>home</title><a href="/secret">s</a><a href="/page">p</a></html>'))
        w.add(H, "/secret", html("<html><title>secret</title></html>"))
        w.add(H, "/page", html("<html><title>page</title></html>"))
    return build


def _chain(w: HostileWeb, _: dict) -> None:
    w.add(H, "/", redirect("/hop1"))
    for i in range(1, 31):
        w.add(H, f"/hop{i}", redirect(f"/hop{i + 1}" if i < 30 else "/final"))
    w.add(H, "/final", html(HOME))


def _loop(w: HostileWeb, _: dict) -> None:
    w.add(H, "/", redirect("/a"))
    w.add(H, "/a", redirect("/"))


CASES: list[Case] = [
    # slow servers
    Case("drip-body", "home body dripped 1 byte/s (read timeout never fires)",
         lambda w, s: w.add(H, "/", drip_body()), "timeout-total", 6),
    Case("drip-headers", "status line and headers dripped, 2 bytes/s",
         lambda w, s: w.raw(H, "/", drip_headers), "timeout-total", 6),
    Case("drip-page", "one page dripped 1 byte/s; the site is assessed without it",
         _page_case(drip_body()), "ok", 6, page=PAGE, page_status="timeout-total",
         note='the drip page ends at response_timeout_s; the rest is assessed'),
    Case("silent", "connection accepted, nothing ever sent",
         lambda w, s: w.raw(H, "/", silent), "timeout-read", 6),
    Case("stalled-connect", "accept queue full: the TCP handshake never completes",
         lambda w, s: w.stalled_hosts.add(H), "timeout-connect", 6,
         note='robots.txt 3 tries, then the home page once'),
    Case("refused", "nothing listens on the port", lambda w, s: w.refused_hosts.add(H),
         "connect", 4),
    Case("unresolvable", "a name with no DNS answer (offline DNS, no pin)",
         lambda w, s: None, "dns", 3, url="http://nowhere.hostile.test/"),
    # size
    Case("endless-body", "home streams HTML forever", lambda w, s: w.add(H, "/", endless()),
         "too-large", 6),
    Case("endless-page", "one page streams forever", _page_case(endless()), "ok", 6,
         page=PAGE, page_status="too-large"),
    Case("gzip-bomb", "64 MiB of zeros as ~64 KiB of gzip",
         lambda w, s: w.add(H, "/", html(gzip_bomb(), **{"Content-Encoding": "gzip"})),
         "too-large", 6, check=_check_bomb),
    Case("brotli-bomb", "64 MiB of zeros as brotli",
         lambda w, s: w.add(H, "/", html(brotli_bomb(), **{"Content-Encoding": "br"})),
         "too-large", 6, check=_check_bomb),
    Case("gzip-bomb-page", "a page that is a gzip bomb",
         _page_case(html(gzip_bomb(), **{"Content-Encoding": "gzip"})), "ok", 6,
         page=PAGE, page_status="too-large"),
    Case("huge-header", "one 70 KB response header", lambda w, s: w.raw(H, "/", huge_header()),
         "too-large", 4),
    Case("many-headers", "700 headers, 75 KB in all", lambda w, s: w.raw(H, "/", many_headers()),
         "too-large", 4),
    Case("50k-links", "a home page with 50,000 links",
         lambda w, s: w.add(H, "/", html(fifty_thousand_links())), "ok", 10,
         settings={"max_body": 5 * 1024 * 1024, "max_decoded": 20 * 1024 * 1024}, check=_check_50k,
         note='the first 5,000 links kept; 9 more pages fetched (max_pages 10)'),
    Case("deep-nesting", "100,000 nested <div>s (quadratic for the tree builder)",
         lambda w, s: w.add(H, "/", html("<html><title>deep</title><body>" + "<div>" * 100_000 +
                                         "deep text</body></html>")), "ok", 6, check=_check_deep,
         note='block tags deeper than 512 dropped before lexbor; text kept'),
    # redirects
    Case("redirect-loop", "/ → /a → / …", _loop, "too-many-redirects", 4),
    Case("redirect-chain-30", "30 redirects before the page", _chain, "too-many-redirects", 4,
         check=_check_redirect_chain),
    Case("redirect-to-private", "home redirects to 127.0.0.2 (an intranet stand-in)",
         _redirect_to_standin("127.0.0.2"), "blocked-address", 4, standins=("127.0.0.2",),
         check=_check_standins_untouched,
         note='stand-in on 127.0.0.2 saw 0 connections'),
    Case("redirect-to-ipv6-loopback", "home redirects to [::1]",
         _redirect_to_standin("::1"), "blocked-address", 4, standins=("::1",),
         check=_check_standins_untouched,
         note='stand-in on ::1 saw 0 connections'),
    Case("redirect-to-file", "home redirects to file:///etc/passwd",
         lambda w, s: w.add(H, "/", redirect("file:///etc/passwd")), "blocked-address", 4),
    # protocol
    Case("http-1.0", "an HTTP/1.0 server: no length, body ends at close",
         lambda w, s: w.raw(H, "/", http10()), "ok", 4),
    Case("reset-mid-body", "TCP reset after 1 KB of a 100 KB body",
         lambda w, s: w.raw(H, "/", reset_mid_body), "connect", 4,
         note='retried twice (backoff), then given up'),
    Case("garbage", "not HTTP at all", lambda w, s: w.raw(H, "/", raw_bytes(b"\x00\xffSSH-2.0\r\n\r\n")),
         "connect", 4),
    Case("empty-reply", "connection closed without a byte", lambda w, s: w.raw(H, "/", raw_bytes(b"")),
         "connect", 4),
    # content
    Case("html-as-png", "an HTML page served as image/png",
         lambda w, s: w.add(H, "/", html(HOME, ctype="image/png")), "not-html", 3),
    Case("png-as-html", "PNG bytes served as text/html",
         lambda w, s: w.add(H, "/", html(PNG, ctype="text/html")), "not-html", 3),
    Case("pdf-as-html", "a PDF served as text/html",
         lambda w, s: w.add(H, "/", html(b"%PDF-1.7\n" + bytes(range(256)) * 4, ctype="text/html")),
         "not-html", 3),
    Case("corrupt-gzip", "Content-Encoding: gzip on a plain body",
         lambda w, s: w.add(H, "/", html(HOME, **{"Content-Encoding": "gzip"})), "decode-error", 3),
    Case("unknown-coding", "Content-Encoding: zstd (not offered)",
         lambda w, s: w.add(H, "/", html(HOME, **{"Content-Encoding": "zstd"})), "decode-error", 3),
    Case("bad-charset-label", "charset=x-no-such-thing on TIS-620 bytes: detected",
         lambda w, s: w.add(H, "/", html(THAI_CP874, ctype="text/html; charset=x-no-such-thing")),
         "ok", 3, check=_check_thai_detected,
         note='unknown label ignored; TIS-620 detected'),
    Case("undefined-codec", "charset=undefined (a Python codec that always raises)",
         lambda w, s: w.add(H, "/", html(THAI_CP874, ctype="text/html; charset=undefined")),
         "ok", 3, check=_check_thai_detected,
         note='non-web codec ignored; TIS-620 detected'),
    Case("misdeclared-charset", "charset=utf-8 on TIS-620 bytes: replacement characters",
         lambda w, s: w.add(H, "/", html(THAI_CP874, ctype="text/html; charset=utf-8")), "ok", 3,
         check=_check_misdeclared,
         note='decoded as declared: U+FFFD where the bytes are not UTF-8, as a browser shows'),
    Case("malformed-html", "unclosed tags, stray end tags, NUL bytes",
         lambda w, s: w.add(H, "/", html(MALFORMED)), "ok", 3, check=_check_malformed,
         note='title, text, links and form parsed; NULs replaced'),
    # politeness
    Case("429-retry-after", "429 with Retry-After: 0.3, every time",
         lambda w, s: w.add(H, "/", retry_after(429, "0.3")), "http-429", 4, check=_check_retried,
         note='Retry-After honoured twice'),
    Case("429-retry-after-long", "429 with Retry-After: 3600 (not waited for)",
         lambda w, s: w.add(H, "/", retry_after(429, "3600")), "http-429", 2, check=_check_429_long,
         note='not waited for, not hammered: left to the second pass'),
    Case("503-retry-after", "503 with Retry-After: 0.2",
         lambda w, s: w.add(H, "/", retry_after(503, "0.2")), "http-5xx", 4, check=_check_retried,
         note='Retry-After honoured twice'),
    Case("home-404", "home answers 404", lambda w, s: w.add(H, "/", html("gone", status=404)),
         "http-4xx", 3),
    Case("robots-disallow-all", "robots.txt: Disallow: /", _robots("User-agent: *\nDisallow: /\n"),
         "robots-disallowed", 3, check=_check_robots_all),
    Case("robots-oversized", "a 600 KiB robots.txt (rules first, junk after)",
         _robots("User-agent: *\nDisallow: /secret\n" + "# padding\n" * 61_440), "ok", 4,
         check=_check_robots_big,
         note='robots.txt itself `too-large`; the rules in its first 512 KiB still apply'),
    Case("robots-5xx", "robots.txt answers 500 (RFC 9309: full disallow)",
         lambda w, s: (w.add(H, "/robots.txt", html("err", status=500)), _home(w)),
         "robots-disallowed", 3),
    # endless URL spaces
    Case("calendar-trap", "?month=N links to ?month=N+1 forever",
         lambda w, s: (w.add(H, "/", html('<html><title>home</title><a href="/calendar?month=1">'
                                          'calendar</a></html>')), w.add(H, "/calendar", calendar_handler)),
         "ok", 6, settings={"max_pages": 50}, check=_check_calendar,
         note='4 generations each way, then cut'),
    Case("session-ids", "every link carries a fresh session id",
         lambda w, s: w.add(H, "*", session_page), "ok", 6, settings={"max_pages": 50},
         check=_check_sessions,
         note='session ids stripped: each page fetched once'),
    Case("repeating-path", "relative links that grow /a/a/a/…",
         lambda w, s: w.add(H, "*", repeating_path), "ok", 6, settings={"max_pages": 50},
         check=_check_repeating,
         note='cut at the 4th repeat'),
    # TLS
    Case("tls-expired", "certificate expired 30 days ago", _tls("expired"), "tls-expired", 3,
         url="https://expired.hostile.test/"),
    Case("tls-untrusted", "certificate from a CA nobody trusts", _tls("untrusted"), "tls-untrusted", 3,
         url="https://untrusted.hostile.test/"),
    Case("tls-hostname", "certificate for another name", _tls("hostname"), "tls-hostname", 3,
         url="https://hostname.hostile.test/"),
]

"""The address guard: private targets are refused directly, by DNS answer, by redirect, and
at the socket — and the tests themselves cannot reach anything but loopback.

Forbidden targets are stood in for by loopback addresses no pin covers (127.0.0.2,
127.0.0.3, ::1), each with a server that counts connections: "refused" means the count
stays at zero. DNS is never asked: names resolve through pins or a resolver the test
injects (``PinnedResolver(system=...)``).
"""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest
from aiohttp import web as aioweb
from aiohttp.abc import AbstractResolver, ResolveResult
from hostileweb import HostileWeb, StandIn, crawl, html

from govlens.collect.failures import BlockedAddress
from govlens.collect.net import PinnedResolver, forbidden
from govlens.collect.settings import CrawlSettings

pytestmark = pytest.mark.timeout(30)
GOV = "gov.hostile.test"


class FakeDNS(AbstractResolver):
    """Answers from a table (or a sequence of tables, one per query); never a real resolver."""

    def __init__(self, *tables: dict[str, list[str]]) -> None:
        self.tables = list(tables)
        self.queries: list[str] = []

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        table = self.tables[min(len(self.queries), len(self.tables) - 1)]
        self.queries.append(host)
        if host not in table:
            raise OSError(socket.EAI_NONAME, f"{host}: not in the test's table")
        return [ResolveResult(hostname=host, host=a, port=port,
                              family=socket.AF_INET6 if ":" in a else socket.AF_INET,
                              proto=0, flags=socket.AI_NUMERICHOST) for a in table[host]]

    async def close(self) -> None:
        return None


def settings(**kw: object) -> CrawlSettings:
    base: dict = {"offline_dns": True, "probe_https": False, "fetch_sitemap": False,
                  "connect_timeout_s": 1.0, "read_timeout_s": 1.0, "response_timeout_s": 3.0,
                  "site_budget_s": 8.0, "backoff_s": 0.01, "retries": 1}
    base.update(kw)
    return CrawlSettings(**base)  # type: ignore[arg-type]


async def _with_standins(*addrs: str):  # noqa: ANN202
    return {a: await StandIn(a).start() for a in addrs}


async def _stop(standins: dict[str, StandIn], web: HostileWeb | None = None) -> None:
    for st in standins.values():
        await st.stop()
    if web is not None:
        await web.stop()


# --------------------------------------------------------------------------- classes of address

@pytest.mark.parametrize("addr", [
    "127.0.0.1", "127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
    "2002:7f00:1::", "2002:a00:1::", "64:ff9b::a00:1", "64:ff9b::7f00:1", "2001::1",
    "not-an-address", "",
])
def test_non_public_addresses_are_forbidden(addr: str) -> None:
    assert forbidden(addr)


@pytest.mark.parametrize("addr", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
                                  "64:ff9b::808:808", "2a00:1450:4001::1"])
def test_public_addresses_pass(addr: str) -> None:
    assert not forbidden(addr)


@pytest.mark.parametrize("url", [
    "http://127.0.0.2/", "http://[::1]/", "http://[::ffff:127.0.0.2]/", "http://[0:0:0:0:0:ffff:7f00:2]/",
    "http://2130706434/", "http://127.2/", "http://0x7f000002/", "http://0177.0.0.2/", "http://169.254.169.254/",
    "http://[fe80::1%25eth0]/", "http://127.0.0.2./",
])
def test_literal_forms_are_refused_before_any_request(url: str) -> None:
    with pytest.raises(BlockedAddress):
        PinnedResolver().check_literal(url)


def test_the_socket_factory_refuses_what_is_not_pinned() -> None:
    r = PinnedResolver(connect_to=("gov.test:80:127.0.0.1:8080",))
    with pytest.raises(BlockedAddress):
        r.socket_factory((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", 80)))
    with pytest.raises(BlockedAddress):
        r.socket_factory((socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::ffff:127.0.0.2", 80, 0, 0)))
    r.socket_factory((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80))).close()  # pinned
    assert r.refused == 2
    PinnedResolver(allow_private=True).socket_factory(
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", 80))).close()


# --------------------------------------------------------------------------- directly

@pytest.mark.parametrize("addr,form", [
    ("127.0.0.2", "{a}"), ("127.0.0.3", "{a}"), ("::1", "[{a}]"), ("127.0.0.2", "[::ffff:{a}]"),
])
def test_refused_directly_ip_literal(addr: str, form: str) -> None:
    async def go():  # noqa: ANN202
        st = await _with_standins(addr)
        try:
            host = form.format(a=addr)
            out = await crawl(f"http://{host}:{st[addr].port}/", settings())
        finally:
            await _stop(st)
        return out, st[addr].connections

    out, connections = asyncio.run(go())
    assert out.capture.status == "blocked-address", out.capture.reason
    assert connections == 0


# --------------------------------------------------------------------------- by DNS answer

@pytest.mark.parametrize("answer", ["127.0.0.2", "::1", "::ffff:127.0.0.2"])
def test_refused_by_dns_answer(answer: str) -> None:
    async def go():  # noqa: ANN202
        addr = "127.0.0.2" if "127.0.0.2" in answer else answer
        st = await _with_standins(addr)
        dns = FakeDNS({"evil.test": [answer]})
        try:
            out = await crawl(f"http://evil.test:{st[addr].port}/", settings(offline_dns=False),
                              resolver=PinnedResolver(system=dns))
        finally:
            await _stop(st)
        return out, st[addr].connections, dns.queries

    out, connections, queries = asyncio.run(go())
    assert out.capture.status == "blocked-address", out.capture.reason
    assert "not a public address" in out.capture.reason
    assert connections == 0
    assert "evil.test" in queries


def test_mixed_answers_keep_only_public_addresses() -> None:
    async def go():  # noqa: ANN202
        r = PinnedResolver(system=FakeDNS({"mixed.test": ["10.0.0.5", "8.8.8.8", "::1"]}))
        return await r.resolve("mixed.test", 80)

    assert [a["host"] for a in asyncio.run(go())] == ["8.8.8.8"]  # resolved only, never dialled


def test_dns_rebinding_is_checked_on_every_resolution() -> None:
    """First answer public, the next private: the second is refused, and aiohttp's cache only
    ever held the public one. (Resolution only: nothing is dialled.)"""
    async def go():  # noqa: ANN202
        dns = FakeDNS({"rebind.test": ["93.184.216.34"]}, {"rebind.test": ["127.0.0.2"]})
        r = PinnedResolver(system=dns)
        conn = aiohttp.TCPConnector(resolver=r, ttl_dns_cache=None, use_dns_cache=False)
        if not hasattr(conn, "_resolve_host"):
            await conn.close()
            pytest.skip("this aiohttp resolves hosts elsewhere")
        try:
            first = await conn._resolve_host("rebind.test", 80)
            with pytest.raises(BlockedAddress):
                await conn._resolve_host("rebind.test", 80)
        finally:
            await conn.close()
        return first, dns.queries

    first, queries = asyncio.run(go())
    assert [a["host"] for a in first] == ["93.184.216.34"]
    assert queries == ["rebind.test", "rebind.test"]


def test_a_poisoned_dns_cache_cannot_bypass_the_guard() -> None:
    """Even if a private address got into aiohttp's DNS cache, the socket-level door refuses it."""
    async def go():  # noqa: ANN202
        st = await _with_standins("127.0.0.2")
        port = st["127.0.0.2"].port
        s = settings(offline_dns=False)

        def poison(fetcher) -> None:  # noqa: ANN001
            conn = fetcher._session.connector
            if not hasattr(conn, "_cached_hosts"):
                pytest.skip("this aiohttp has no DNS cache table to poison")
            conn._cached_hosts.add(("cached.test", port), [ResolveResult(
                hostname="cached.test", host="127.0.0.2", port=port, family=socket.AF_INET,
                proto=0, flags=socket.AI_NUMERICHOST)])

        try:
            out = await crawl(f"http://cached.test:{port}/", s, resolver=PinnedResolver(system=FakeDNS({})),
                              fetcher_hook=poison)
        finally:
            await _stop(st)
        return out, st["127.0.0.2"].connections

    out, connections = asyncio.run(go())
    assert out.capture.status == "blocked-address", out.capture.reason
    assert out.refused_at_socket >= 1
    assert connections == 0


# --------------------------------------------------------------------------- by redirect

def test_refused_by_redirect_to_a_private_literal() -> None:
    async def go():  # noqa: ANN202
        st = await _with_standins("127.0.0.2")
        web = HostileWeb()
        web.add(GOV, "/", _redirect(st["127.0.0.2"].url))
        await web.start()
        try:
            out = await crawl(f"http://{GOV}/", settings(connect_to=web.connect_rules()))
        finally:
            await _stop(st, web)
        return out, st["127.0.0.2"].connections

    out, connections = asyncio.run(go())
    assert out.capture.status == "blocked-address"
    assert [e.status for e in out.capture.exchanges if e.role == "home"][0] == 302
    assert connections == 0


def test_refused_by_redirect_to_a_name_with_a_private_answer() -> None:
    async def go():  # noqa: ANN202
        st = await _with_standins("127.0.0.2")
        port = st["127.0.0.2"].port
        web = HostileWeb()
        web.add(GOV, "/", _redirect(f"http://intranet.test:{port}/admin"))
        await web.start()
        dns = FakeDNS({"intranet.test": ["127.0.0.2"]})
        try:
            r = PinnedResolver(connect_to=web.connect_rules(), system=dns)
            out = await crawl(f"http://{GOV}/", settings(offline_dns=False), resolver=r)
        finally:
            await _stop(st, web)
        return out, st["127.0.0.2"].connections, dns.queries

    out, connections, queries = asyncio.run(go())
    assert out.capture.status == "blocked-address", out.capture.reason
    assert "intranet.test" in queries and GOV not in queries  # pinned names never go to DNS
    assert connections == 0


def test_every_hop_is_guarded_and_pages_too() -> None:
    """A → B (both pinned, fine) → 127.0.0.3 for the home; a page whose redirect leaves the
    site is not followed at all."""
    async def go():  # noqa: ANN202
        st = await _with_standins("127.0.0.3")
        web = HostileWeb()
        web.add(GOV, "/", _redirect("http://b.hostile.test/"))
        web.add("b.hostile.test", "/", _redirect(st["127.0.0.3"].url))
        await web.start()
        try:
            out = await crawl(f"http://{GOV}/", settings(connect_to=web.connect_rules()))
        finally:
            await _stop(st, web)
        return out, web, st["127.0.0.3"].connections

    out, web, connections = asyncio.run(go())
    assert out.capture.status == "blocked-address"
    assert web.hits[("b.hostile.test", "/")] == 1
    assert connections == 0


# --------------------------------------------------------------------------- what lifts it

def test_a_pin_to_a_private_address_is_honoured() -> None:
    """Pins are deliberate (tests, intranet audits): --connect-to lifts the guard for its name."""
    async def go():  # noqa: ANN202
        st = await _with_standins("127.0.0.2")
        port = st["127.0.0.2"].port
        try:
            out = await crawl(f"http://pinned.test:{port}/",
                              settings(connect_to=(f"pinned.test:{port}:127.0.0.2:{port}",)))
        finally:
            await _stop(st)
        return out, st["127.0.0.2"].connections

    out, connections = asyncio.run(go())
    assert out.capture.status == "ok", out.capture.reason
    assert connections >= 1


def test_allow_private_lifts_the_guard() -> None:
    async def go():  # noqa: ANN202
        st = await _with_standins("127.0.0.3")
        try:
            out = await crawl(st["127.0.0.3"].url, settings(allow_private=True))
        finally:
            await _stop(st)
        return out, st["127.0.0.3"].connections

    out, connections = asyncio.run(go())
    assert out.capture.status == "ok", out.capture.reason
    assert connections >= 1


def _redirect(location: str):  # noqa: ANN202
    async def h(_):  # noqa: ANN001, ANN202
        return aioweb.Response(status=302, headers={"Location": location})
    return h


def test_the_hostile_web_points_at_loopback_only() -> None:
    """The hostile web binds 127.0.0.1 only; its rules point nowhere else."""
    async def go() -> tuple[str, ...]:
        web = HostileWeb()
        web.add(GOV, "/", html("<html></html>"))
        web.refused_hosts.add("refused.test")
        await web.start()
        try:
            return web.connect_rules()
        finally:
            await web.stop()

    assert all(":127.0.0.1:" in r for r in asyncio.run(go()))

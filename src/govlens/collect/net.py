"""Name resolution with pins (curl's --resolve / --connect-to), offline DNS and the address guard.

The guard refuses loopback, private, link-local, multicast and reserved addresses — IPv4,
IPv6, and IPv4 hidden in IPv6 (mapped ``::ffff:a.b.c.d``, compatible ``::a.b.c.d``, 6to4,
Teredo, NAT64) — unless the name was pinned on purpose or ``allow_private`` is set. It
stands at three doors, so that no one of them failing opens the way:

1. ``check_literal``: IP-literal URLs (which skip resolution) before the request;
2. ``PinnedResolver.resolve``: every DNS answer, on every connection — every redirect hop
   too — so DNS rebinding cannot slip a private address in, and aiohttp's DNS cache only ever
   holds addresses that passed;
3. ``socket_factory``: the address a socket is about to connect to, whatever produced it
   (cache, literal, happy-eyeballs) — only pinned addresses and public ones pass.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver
from yarl import URL

from govlens.collect.failures import BLOCKED_MARK, BlockedAddress, OfflineDNS

_NUMERIC = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    packed = ip.packed
    if any(ip in net for net in _NAT64) or (packed[:12] == bytes(12) and packed[12:] != bytes(4)):
        return ipaddress.IPv4Address(packed[12:])  # NAT64 and deprecated IPv4-compatible ::a.b.c.d
    return None


def forbidden(addr: str) -> bool:
    """True for addresses a public-web crawler must never reach on its own."""
    try:
        ip = ipaddress.ip_address(addr.split("%")[0].strip("[]"))
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        v4 = _embedded_v4(ip)
        if v4 is not None and forbidden(str(v4)):
            return True
        if ip.ipv4_mapped is not None or any(ip in net for net in _NAT64):
            return False  # reaches exactly the (public) IPv4 address it carries
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified


def _split_addr(s: str) -> tuple[str, str]:
    """'[::1]:8080' → ('::1', '8080'); '127.0.0.1:80' → ('127.0.0.1', '80')."""
    if s.startswith("["):
        end = s.index("]")
        return s[1:end], s[end + 2:] if len(s) > end + 1 else ""
    a, _, rest = s.partition(":")
    return a, rest


@dataclass(frozen=True)
class Pin:
    host: str  # "" = any host
    port: int | None  # None = any port
    addr: str
    to_port: int | None  # None = the same port


def parse_resolve(rule: str) -> Pin:
    """curl --resolve ``HOST:PORT:ADDR`` (ADDR may be ``[v6]``)."""
    try:
        host, rest = rule.split(":", 1)
        port, addr = rest.split(":", 1)
        addr = addr.strip("[]")
        ipaddress.ip_address(addr)
        return Pin(host.lower(), int(port) if port not in ("", "*") else None, addr, None)
    except ValueError as exc:
        raise ValueError(f"bad --resolve {rule!r}: expected HOST:PORT:ADDR") from exc


def parse_connect_to(rule: str) -> Pin:
    """curl --connect-to ``HOST:PORT:ADDR:PORT2`` (empty HOST or PORT = any)."""
    try:
        host, rest = rule.split(":", 1)
        port, rest = rest.split(":", 1)
        addr, to_port = _split_addr(rest)
        ipaddress.ip_address(addr)
        return Pin(host.lower(), int(port) if port else None, addr, int(to_port) if to_port else None)
    except ValueError as exc:
        raise ValueError(f"bad --connect-to {rule!r}: expected HOST:PORT:ADDR:PORT2") from exc


def _same_addr(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a.split("%")[0]) == ipaddress.ip_address(b.split("%")[0])
    except ValueError:
        return False


class PinnedResolver(AbstractResolver):
    """Pins first; then offline "not found" or the system resolver behind the guard."""

    def __init__(self, resolve: tuple[str, ...] = (), connect_to: tuple[str, ...] = (),
                 offline: bool = False, allow_private: bool = False,
                 system: AbstractResolver | None = None) -> None:
        self.pins = [parse_connect_to(r) for r in connect_to] + [parse_resolve(r) for r in resolve]
        self.offline = offline
        self.allow_private = allow_private
        self._system: AbstractResolver | None = system  # tests inject their own here
        self.refused = 0  # connections the socket-level guard refused

    def pinned(self, host: str, port: int) -> Pin | None:
        host = host.lower().rstrip(".")
        for p in self.pins:
            if p.host in ("", host) and p.port in (None, port):
                return p
        return None

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        pin = self.pinned(host, port)
        if pin is not None:
            fam = socket.AF_INET6 if ":" in pin.addr else socket.AF_INET
            return [ResolveResult(hostname=host, host=pin.addr, port=pin.to_port or port,
                                  family=fam, proto=0, flags=_NUMERIC)]
        if self.offline:
            raise OfflineDNS(f"{host}: name not found (offline DNS and no --resolve pin)")
        if self._system is None:
            self._system = ThreadedResolver()
        answers = await self._system.resolve(host, port, family)
        if self.allow_private:
            return answers
        allowed = [a for a in answers if not forbidden(a["host"])]
        if not allowed:
            raise BlockedAddress(f"{host} resolves only to addresses that are {BLOCKED_MARK} "
                                 f"({', '.join(a['host'] for a in answers)[:200]})")
        return allowed

    def check_literal(self, host_or_url: str) -> None:
        """IP-literal URLs skip resolution; apply the guard to them here.

        Given a URL, the host is taken as aiohttp/yarl will see it (not urllib's reading),
        so a parser differential cannot hide a literal.
        """
        host = host_or_url
        if "/" in host_or_url:
            try:
                host = URL(host_or_url).raw_host or ""
            except (ValueError, TypeError):
                return  # aiohttp refuses the URL itself
        host = host.strip("[]").rstrip(".")
        addr = _literal(host)
        if addr is None:
            return
        if not self.allow_private and forbidden(addr):
            raise BlockedAddress(f"{host} is {BLOCKED_MARK} (use --allow-private)")

    def connect_allowed(self, addr: str) -> bool:
        if self.allow_private or not forbidden(addr):
            return True
        return any(_same_addr(addr, p.addr) for p in self.pins)

    def socket_factory(self, addr_info: tuple) -> socket.socket:  # type: ignore[type-arg]
        """aiohttp's socket factory: the last door, at the address actually dialled."""
        family, type_, proto, _, sockaddr = addr_info
        addr = str(sockaddr[0])
        if not self.connect_allowed(addr):
            self.refused += 1
            raise BlockedAddress(f"{addr} is {BLOCKED_MARK} (refused at connect)")
        return socket.socket(family=family, type=type_, proto=proto)

    async def close(self) -> None:
        if self._system is not None:
            await self._system.close()


def _literal(host: str) -> str | None:
    """The address an IP-literal host names (also legacy forms like 2130706433 or 127.1)."""
    try:
        return str(ipaddress.ip_address(host.split("%")[0]))
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host) and any(c.isdigit() for c in host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))  # inet_aton's legacy numeric forms
        except OSError:
            return None
    return None

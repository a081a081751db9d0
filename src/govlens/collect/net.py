"""Name resolution with pins (curl's --resolve / --connect-to), offline DNS and the address guard.

The guard refuses loopback, private, link-local, multicast and reserved addresses after
resolution — on every connection, so every redirect hop too — unless the name was pinned
on purpose or ``allow_private`` is set. Checking the resolved address (not the name) is what
stops DNS-rebinding tricks.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from govlens.collect.failures import BlockedAddress, OfflineDNS

_NUMERIC = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV


def forbidden(addr: str) -> bool:
    """True for addresses a public-web crawler must never reach on its own."""
    try:
        ip = ipaddress.ip_address(addr.split("%")[0])
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
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


class PinnedResolver(AbstractResolver):
    """Pins first; then offline "not found" or the system resolver behind the guard."""

    def __init__(self, resolve: tuple[str, ...] = (), connect_to: tuple[str, ...] = (),
                 offline: bool = False, allow_private: bool = False) -> None:
        self.pins = [parse_connect_to(r) for r in connect_to] + [parse_resolve(r) for r in resolve]
        self.offline = offline
        self.allow_private = allow_private
        self._system: ThreadedResolver | None = None

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
            raise BlockedAddress(f"{host} resolves only to non-public addresses "
                                 f"({', '.join(a['host'] for a in answers)})")
        return allowed

    def check_literal(self, host: str) -> None:
        """IP-literal URLs skip resolution; apply the guard to them here."""
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return
        if not self.allow_private and forbidden(host.strip("[]")):
            raise BlockedAddress(f"{host} is not a public address (use --allow-private)")

    async def close(self) -> None:
        if self._system is not None:
            await self._system.close()

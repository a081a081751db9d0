"""The failure taxonomy: why a site or a page could not be assessed.

Each status is permanent (retrying will not help) or retryable (a second pass with longer
limits may succeed), after the GSA site-scanning status list.
"""

from __future__ import annotations

import asyncio
import ssl

import aiohttp

RETRYABLE = {
    "dns": True, "connect": True, "timeout-connect": True, "timeout-read": True,
    "timeout-total": True, "http-5xx": True, "http-429": True,
    "tls-expired": False, "tls-untrusted": False, "tls-hostname": False, "tls-error": False,
    "too-many-redirects": False, "too-large": False, "not-html": False, "decode-error": False,
    "http-4xx": False, "robots-disallowed": False, "blocked-address": False, "crawler-trap": False,
}
STATUSES = ("ok", *RETRYABLE)


class BlockedAddress(OSError):
    """The address guard refused a target (private, loopback, link-local … not pinned)."""


class OfflineDNS(OSError):
    """A name with no --resolve pin asked for while DNS is offline."""


def is_retryable(status: str) -> bool:
    return RETRYABLE.get(status, False)


def http_status(code: int) -> str:
    if code == 429:
        return "http-429"
    return "http-5xx" if code >= 500 else "http-4xx"


def classify(exc: BaseException) -> tuple[str, str]:
    """(status, detail) for an exception raised while fetching."""
    detail = f"{type(exc).__name__}: {exc}"[:500]
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, BlockedAddress) or isinstance(cause, BlockedAddress):
        return "blocked-address", str(cause if isinstance(cause, BlockedAddress) else exc)
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        err = exc.certificate_error
        code = getattr(err, "verify_code", None)
        msg = str(err).lower()
        if code == 10 or "expired" in msg:
            return "tls-expired", detail
        if code == 62 or "hostname" in msg or "ip address mismatch" in msg:
            return "tls-hostname", detail
        return "tls-untrusted", detail
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "dns", detail
    if isinstance(exc, aiohttp.ClientConnectorSSLError | aiohttp.ClientSSLError | ssl.SSLError):
        return "tls-error", detail
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return "timeout-connect", detail
    if isinstance(exc, aiohttp.SocketTimeoutError | aiohttp.ServerTimeoutError | asyncio.TimeoutError | TimeoutError):
        return "timeout-read", detail
    if isinstance(exc, aiohttp.TooManyRedirects):
        return "too-many-redirects", detail
    if isinstance(exc, aiohttp.ClientConnectorError):
        if isinstance(exc.os_error, BlockedAddress):
            return "blocked-address", str(exc.os_error)
        if isinstance(exc.os_error, OfflineDNS):
            return "dns", str(exc.os_error)
        return "connect", detail
    if isinstance(exc, aiohttp.ClientError | ConnectionError | OSError):
        return "connect", detail
    return "connect", detail

"""The failure taxonomy: why a site or a page could not be assessed.

Each status is permanent (retrying will not help) or retryable (a second pass with longer
limits may succeed), after the GSA site-scanning status list. A site's status is in
``Capture.status`` / ``SiteEvidence.status``; a page's in ``Exchange.error`` and, once built,
``SiteEvidence.failed`` (url, HTTP status, taxonomy status).
"""

from __future__ import annotations

import asyncio
import ssl

RETRYABLE = {
    "dns": True, "connect": True, "timeout-connect": True, "timeout-read": True,
    "timeout-total": True, "http-5xx": True, "http-429": True,
    "tls-expired": False, "tls-untrusted": False, "tls-hostname": False, "tls-error": False,
    "too-many-redirects": False, "too-large": False, "not-html": False, "decode-error": False,
    "http-4xx": False, "robots-disallowed": False, "blocked-address": False, "crawler-trap": False,
    "internal-error": False,
}
STATUSES = ("ok", *RETRYABLE)

MEANING = {
    "ok": "assessed",
    "dns": "the name does not resolve (or DNS is offline and the name is not pinned)",
    "connect": "connection refused, reset or broken (also mid-body), or not HTTP",
    "timeout-connect": "no TCP/TLS connection within connect_timeout_s",
    "timeout-read": "silence longer than read_timeout_s while waiting for bytes",
    "timeout-total": "a response longer than response_timeout_s (drip-feed), or no home page "
                     "within site_budget_s",
    "http-5xx": "the server answered 5xx (after Retry-After / backoff retries)",
    "http-429": "rate-limited: 429 after retries, or a Retry-After longer than max_retry_after_s",
    "tls-expired": "the certificate has expired",
    "tls-untrusted": "the certificate chain is not trusted (self-signed, unknown CA)",
    "tls-hostname": "the certificate is for another name",
    "tls-error": "another TLS failure (protocol, handshake)",
    "too-many-redirects": "more than max_redirects hops, or a loop",
    "too-large": "body over max_body on the wire, over max_decoded once decoded (bombs), or "
                 "response headers over the parser's limits",
    "not-html": "a page that is not HTML (by Content-Type, or binary bytes behind text/html)",
    "decode-error": "the Content-Encoding cannot be undone (corrupt or unsupported coding)",
    "http-4xx": "the server answered 4xx (except 429)",
    "robots-disallowed": "robots.txt forbids the page (or answered 5xx: RFC 9309 full disallow)",
    "blocked-address": "the address guard refused a loopback/private/link-local/multicast/"
                       "reserved target, or a redirect to a non-HTTP URL",
    "crawler-trap": "an endless URL space (calendar, session ids, repeating paths) was cut off",
    "internal-error": "govlens itself failed on this site (a bug: the run went on)",
}


class BlockedAddress(OSError):
    """The address guard refused a target (private, loopback, link-local … not pinned)."""


class OfflineDNS(OSError):
    """A name with no --resolve pin asked for while DNS is offline."""


BLOCKED_MARK = "not a public address"  # in every BlockedAddress message (survives re-wrapping)


def is_retryable(status: str) -> bool:
    return RETRYABLE.get(status, False)


def http_status(code: int) -> str:
    if code == 429:
        return "http-429"
    return "http-5xx" if code >= 500 else "http-4xx"


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in out and len(out) < 8:
        out.append(cur)
        cur = getattr(cur, "os_error", None) or cur.__cause__ or cur.__context__
    return out


def classify(exc: BaseException) -> tuple[str, str]:
    """(status, detail) for an exception raised while fetching."""
    import aiohttp  # here, not at the top: the checks read RETRYABLE, and aiohttp costs 0.1 s to import
    detail = f"{type(exc).__name__}: {exc}"[:500]
    chain = _chain(exc)
    for e in chain:
        if isinstance(e, BlockedAddress):
            return "blocked-address", str(e)[:500]
    if BLOCKED_MARK in str(exc):  # several addresses refused: happy-eyeballs joins the messages
        return "blocked-address", detail
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
    if any(isinstance(e, OfflineDNS) for e in chain):
        return "dns", detail
    if isinstance(exc, aiohttp.ClientConnectorSSLError | aiohttp.ClientSSLError | ssl.SSLError):
        return "tls-error", detail
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return "timeout-connect", detail
    if isinstance(exc, aiohttp.SocketTimeoutError | aiohttp.ServerTimeoutError | asyncio.TimeoutError | TimeoutError):
        return "timeout-read", detail
    if isinstance(exc, aiohttp.TooManyRedirects):
        return "too-many-redirects", detail
    if isinstance(exc, aiohttp.ClientResponseError) and _headers_too_large(exc):
        return "too-large", f"response headers over the parser's limits: {detail}"
    return "connect", detail


def _headers_too_large(exc: BaseException) -> bool:
    from aiohttp import http_exceptions

    for e in _chain(exc):
        if isinstance(e, http_exceptions.LineTooLong):
            return True
        msg = str(e)
        if "Too many headers" in msg or "Got more than" in msg or "too long" in msg.lower():
            return True
    return False

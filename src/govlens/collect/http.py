"""One HTTP exchange at a time, politely and within bounds (aiohttp).

No automatic redirects (each hop is recorded and re-checked by the address guard), no
automatic decompression (the WARC keeps the bytes as sent; decoding is capped, see
capture.decode_content), no cookie state (an assessment must not depend on visit order).
"""

from __future__ import annotations

import asyncio
import inspect
import ssl
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp

from govlens.collect.capture import Exchange, decoded_problem
from govlens.collect.failures import BlockedAddress, classify
from govlens.collect.net import PinnedResolver
from govlens.collect.settings import CrawlSettings

HTML_TYPES = ("text/html", "application/xhtml+xml")
SMALL_READ = 64 * 1024  # what is kept of a response that is not what was asked for


def _cert_summary(cert: dict[str, Any]) -> dict[str, Any]:
    def name(rdns: Any) -> str:
        return ", ".join(f"{k}={v}" for rdn in rdns or () for k, v in rdn)

    return {
        "subject": name(cert.get("subject")), "issuer": name(cert.get("issuer")),
        "not_before": cert.get("notBefore", ""), "not_after": cert.get("notAfter", ""),
        "san": [v for k, v in cert.get("subjectAltName", ()) if k == "DNS"],
    }


def ssl_context(settings: CrawlSettings) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if settings.ca_file:
        ctx.load_verify_locations(cafile=settings.ca_file)
    return ctx


def retry_after(value: str | None, cap: float = float("inf")) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date), at most ``cap``."""
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
        if secs != secs:  # NaN
            return None
        return min(max(secs, 0.0), cap)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), cap)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _connector_kwargs(resolver: PinnedResolver) -> dict[str, Any]:
    """The socket-level guard, where this aiohttp has the hook (3.12+)."""
    if "socket_factory" in inspect.signature(aiohttp.TCPConnector.__init__).parameters:
        return {"socket_factory": resolver.socket_factory}
    return {}  # pragma: no cover  (older aiohttp: resolver + literal checks only)


class Fetcher:
    """A session shared by all sites of a run; limits are global and per host."""

    def __init__(self, settings: CrawlSettings, resolver: PinnedResolver | None = None) -> None:
        self.settings = settings
        self.resolver = resolver or PinnedResolver(settings.resolve, settings.connect_to,
                                                   settings.offline_dns, settings.allow_private)
        self._session: aiohttp.ClientSession | None = None
        self._ssl = ssl_context(settings)
        self.requests = 0

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        conn = aiohttp.TCPConnector(
            resolver=self.resolver, limit=s.concurrency, limit_per_host=s.per_host,
            ssl=self._ssl, ttl_dns_cache=300, keepalive_timeout=s.keepalive_s,
            **_connector_kwargs(self.resolver),
        )
        self._session = aiohttp.ClientSession(
            connector=conn, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=s.connect_timeout_s,
                                          sock_read=s.read_timeout_s),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate, br",
                     "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                     "Accept-Language": "th,en;q=0.8"},
            max_line_size=16384, max_field_size=16384, trust_env=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
        await self.resolver.close()

    async def fetch(self, url: str, role: str, *, want: str = "html",
                    max_body: int | None = None, retries: int | None = None) -> list[Exchange]:
        """GET ``url`` once (no redirect), retrying 429/503 and transient errors.

        Returns every attempt in order; the last is the answer. ``want`` (html | text | any)
        decides how much of an unexpected content type is read. A Retry-After longer than
        ``max_retry_after_s`` is not waited for (nor hammered): the failure stands and the
        second pass comes back later.
        """
        s = self.settings
        retries = s.retries if retries is None else retries
        attempts: list[Exchange] = []
        for attempt in range(retries + 1):
            ex = await self._once(url, role, want, max_body or s.max_body)
            attempts.append(ex)
            wait: float | None = None
            if ex.status in (429, 503):
                asked = retry_after(ex.header("retry-after"))
                if asked is not None and asked > s.max_retry_after_s:
                    ex.detail = (f"HTTP {ex.status} with Retry-After {asked:g}s, over the "
                                 f"{s.max_retry_after_s:g}s a crawl waits; left to the second pass")
                    break
                wait = asked if asked is not None else s.backoff_s * (2 ** attempt)
            elif ex.error in ("connect", "timeout-connect"):
                wait = s.backoff_s * (2 ** attempt)
            if wait is None or attempt == retries:
                break
            ex.role = f"retried:{role}"
            await asyncio.sleep(wait)
        return attempts

    async def _once(self, url: str, role: str, want: str, max_body: int) -> Exchange:
        assert self._session is not None, "use 'async with Fetcher(...)'"
        s = self.settings
        ex = Exchange(url=url, role=role)
        t0 = time.perf_counter()
        self.requests += 1
        chunks: list[bytes] = []
        limit = max_body
        deadline = asyncio.timeout(s.response_timeout_s)
        try:
            async with deadline:
                self.resolver.check_literal(url)
                async with self._session.get(url, allow_redirects=False) as resp:
                    ex.status = resp.status
                    ex.headers = [(k.decode("latin-1").lower(), v.decode("latin-1"))
                                  for k, v in resp.raw_headers
                                  if k.lower() != b"transfer-encoding"]
                    ex.request_headers = [(k, v) for k, v in resp.request_info.headers.items()]
                    ex.date = datetime.now(UTC).isoformat(timespec="seconds")
                    ex.tls = self._tls(resp)
                    mime = ex.mime
                    if want == "html" and mime and mime not in HTML_TYPES:
                        limit = min(limit, SMALL_READ)
                    if 300 <= resp.status < 400 and resp.headers.get("Location"):
                        limit = min(limit, SMALL_READ)
                    size = 0
                    async for chunk in resp.content.iter_chunked(65536):
                        chunks.append(chunk)
                        size += len(chunk)
                        if size > limit:
                            ex.truncated = True
                            break
                    body = b"".join(chunks)
                    ex.raw = body[:limit] if ex.truncated else body
                    if ex.truncated:
                        resp.close()  # do not drain the rest of an oversized body
        except BlockedAddress as exc:
            ex.error, ex.detail = "blocked-address", str(exc)
        except TimeoutError as exc:
            if deadline.expired():
                got = sum(map(len, chunks))
                ex.error = "timeout-total"
                ex.detail = (f"response not complete within {s.response_timeout_s:g}s "
                             f"({'headers and ' + str(got) + ' body bytes' if ex.status else 'no headers'} received)")
            else:
                ex.error, ex.detail = classify(exc)
            self._keep_partial(ex, chunks, max_body)
        except (aiohttp.ClientError, OSError, ssl.SSLError, ValueError) as exc:
            ex.error, ex.detail = classify(exc)
            self._keep_partial(ex, chunks, max_body)
        if not ex.error and 200 <= ex.status < 300 and not role.startswith("probe"):
            self._vet_body(ex, want, limit, max_body)
        ex.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)  # as the WARC summary keeps it
        return ex

    @staticmethod
    def _keep_partial(ex: Exchange, chunks: list[bytes], max_body: int) -> None:
        if ex.status:
            ex.truncated = True  # headers arrived, the body stalled or broke: keep what came
            if not ex.raw:
                ex.raw = b"".join(chunks)[:max_body]

    def _vet_body(self, ex: Exchange, want: str, limit: int, max_body: int) -> None:
        """Page-level too-large / decode-error: on the wire, then once decoded (bombs).

        Probes of the other scheme are not vetted: they ask whether it answers, not what."""
        s = self.settings
        if want == "html" and ex.truncated and limit == max_body:
            ex.error = "too-large"
            ex.detail = f"body over {max_body} bytes on the wire; the first {max_body} kept"
            return
        problem, detail = decoded_problem(ex.raw, ex.header("content-encoding") or "", s.max_decoded)
        if problem == "decode-error" or (problem == "too-large" and want == "html"):
            ex.error, ex.detail = problem, detail

    @staticmethod
    def _tls(resp: aiohttp.ClientResponse) -> dict[str, Any] | None:
        conn = resp.connection
        if conn is None or conn.transport is None:
            return None
        sslobj = conn.transport.get_extra_info("ssl_object")
        if sslobj is None:
            return None
        info = {"ok": True, "version": sslobj.version() or ""}
        cert = sslobj.getpeercert()
        if cert:
            info.update(_cert_summary(cert))
        return info

"""What a crawl captured for one site: the exchanges and the crawl's decisions.

A Capture is the boundary between collect and evidence. The live crawl builds one as it
goes; reading a WARC rebuilds the same one (see warc.py), so evidence built from either is
equal — that is what makes an assessment re-checkable from its archive alone.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import brotli


@dataclass
class Exchange:
    """One request and what came back (or why nothing did)."""

    url: str
    role: str  # robots | home | redirect | page:<why> | sitemap | probe-https | probe-http | extra
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)  # names lower-cased
    raw: bytes = b""  # payload as received on the wire (still content-encoded)
    truncated: bool = False
    error: str = ""  # taxonomy status when the fetch failed
    detail: str = ""
    elapsed_ms: float = 0.0
    record_id: str = ""  # WARC-Record-ID of the response record
    tls: dict[str, Any] | None = None
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    date: str = ""  # ISO time the response arrived
    seq: int = 0  # which logical fetch (a redirect chain shares one); orders evidence stably

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").strip()

    @property
    def mime(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    def body(self, max_decoded: int = 20 * 1024 * 1024) -> tuple[bytes, bool]:
        """(decoded body, cut) — Content-Encoding undone with an output cap (bomb-safe)."""
        return decode_content(self.raw, self.header("content-encoding") or "", max_decoded)

    def summary(self) -> dict[str, Any]:
        """The JSON-able part kept in the site's WARC metadata record."""
        d: dict[str, Any] = {"url": self.url, "role": self.role, "seq": self.seq,
                             "status": self.status, "elapsed_ms": round(self.elapsed_ms, 1)}
        for k in ("error", "detail", "record_id", "date"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        if self.truncated:
            d["truncated"] = True
        if self.tls is not None:
            d["tls"] = self.tls
        return d


@dataclass
class Rendering:
    """One page as the browser built it (collect/render.py): kept in the WARC beside the
    response it rendered, so replay needs no browser."""

    url: str
    seq: int = 0  # the exchange rendered
    response_id: str = ""  # its WARC-Record-ID
    dom: str = ""  # serialised DOM after scripts ran
    shots: dict[str, bytes] = field(default_factory=dict)  # viewport | full | phone → JPEG
    axe: dict[str, Any] | None = None  # axe-core results (violations with nodes, passes …); None: not run
    metrics: dict[str, Any] = field(default_factory=dict)  # lcp_ms, cls, tbt_ms, fcp_ms, requests, bytes …
    phone: dict[str, Any] = field(default_factory=dict)  # overflow, tap targets, text size at a phone viewport
    blocked: list[dict[str, str]] = field(default_factory=list)  # requests refused and why
    subresources: int = 0
    error: str = ""
    elapsed_ms: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # ms per phase: open, load, dom, axe, shots, phone, close
    record_ids: dict[str, str] = field(default_factory=dict)  # dom | meta | shot:<kind> → WARC-Record-ID

    def data(self) -> dict[str, Any]:
        """The JSON-able part (the WARC render record)."""
        return {"url": self.url, "seq": self.seq, "response_id": self.response_id, "axe": self.axe,
                "metrics": self.metrics, "phone": self.phone, "blocked": self.blocked,
                "subresources": self.subresources, "error": self.error, "elapsed_ms": self.elapsed_ms,
                "timings": self.timings,
                "record_ids": self.record_ids}


@dataclass
class Capture:
    url: str  # the catalog URL
    captured: str  # ISO time the crawl started; the reference date for freshness
    status: str = "ok"
    reason: str = ""
    exchanges: list[Exchange] = field(default_factory=list)
    organisation: dict[str, Any] = field(default_factory=dict)
    decisions: list[str] = field(default_factory=list)  # what the crawler skipped and why
    robots_delay: float | None = None
    elapsed_s: float = 0.0
    attempts: int = 1
    retry_of: dict[str, Any] | None = None  # the failed first attempt this one retries
    renders: list[Rendering] = field(default_factory=list)  # pages rendered in a browser
    render_note: str = ""  # why pages were not rendered, when asked to be

    def summary(self) -> dict[str, Any]:
        d = {
            "url": self.url, "captured": self.captured, "status": self.status,
            "reason": self.reason, "organisation": self.organisation,
            "decisions": self.decisions, "elapsed_s": round(self.elapsed_s, 3),
            "attempts": self.attempts,
            "exchanges": [e.summary() for e in self.exchanges],
        }
        if self.retry_of:
            d["retry_of"] = self.retry_of
        if self.renders:
            d["renders"] = [r.record_ids.get("meta", "") for r in self.renders]
        if self.render_note:
            d["render_note"] = self.render_note
        return d


CHUNK = 64 * 1024
_DECODERS = ("gzip", "x-gzip", "deflate", "br")


class ContentDecodeError(ValueError):
    """The Content-Encoding could not be undone (corrupt stream or unsupported coding)."""


def _inflate(chunks: Iterator[bytes], enc: str) -> Iterator[bytes]:
    d: Any = None
    for chunk in chunks:
        if d is None:
            if not chunk:
                continue
            wbits = 47 if enc != "deflate" else (15 if chunk[:1] == b"\x78" else -15)
            d = zlib.decompressobj(wbits)
        tail = chunk
        while tail and not d.eof:
            try:
                out = d.decompress(tail, CHUNK)
            except zlib.error as exc:
                raise ContentDecodeError(f"{enc}: {exc}") from None
            tail = d.unconsumed_tail
            if out:
                yield out
        if d.eof:
            return
    if d is not None:  # input ended (perhaps truncated): drain what zlib still holds
        while not d.eof:
            try:
                out = d.decompress(b"", CHUNK)
            except zlib.error as exc:
                raise ContentDecodeError(f"{enc}: {exc}") from None
            if not out:
                return
            yield out


def _unbrotli(chunks: Iterator[bytes]) -> Iterator[bytes]:
    b = brotli.Decompressor()
    for chunk in chunks:
        for i in range(0, len(chunk), 16384):
            if b.is_finished():
                return
            try:
                out = b.process(chunk[i:i + 16384], output_buffer_limit=CHUNK)
                if out:
                    yield out
                while not b.can_accept_more_data() and not b.is_finished():
                    out = b.process(b"", output_buffer_limit=CHUNK)
                    if not out:
                        break
                    yield out
            except brotli.error as exc:
                raise ContentDecodeError(f"br: {exc}") from None


def codings(encoding: str) -> list[str]:
    """Content-Encoding values in the order to undo them (the last applied first)."""
    return [e for e in (x.strip().lower() for x in encoding.split(",")) if e and e != "identity"][::-1]


def iter_decoded(raw: bytes, encoding: str) -> Iterator[bytes]:
    """The decoded body as chunks of at most 64 KiB, lazily: a bomb costs only what is read.

    Raises ContentDecodeError for a corrupt stream or a coding that is not gzip/deflate/br.
    """
    chunks: Iterator[bytes] = iter(raw[i:i + CHUNK] for i in range(0, len(raw), CHUNK))
    for enc in codings(encoding):
        if enc in ("gzip", "x-gzip", "deflate"):
            chunks = _inflate(chunks, enc)
        elif enc == "br":
            chunks = _unbrotli(chunks)
        else:
            raise ContentDecodeError(f"unsupported content-encoding {enc[:40]!r}")
    return chunks


def decode_checked(raw: bytes, encoding: str, limit: int) -> tuple[bytes, bool, str]:
    """(decoded body, cut at ``limit``, error) — never raises, never holds more than ``limit``."""
    out: list[bytes] = []
    total = 0
    try:
        for piece in iter_decoded(raw, encoding):
            out.append(piece)
            total += len(piece)
            if total > limit:
                return b"".join(out)[:limit], True, ""
    except ContentDecodeError as exc:
        return b"".join(out)[:limit], True, str(exc)
    return b"".join(out), False, ""


def decoded_problem(raw: bytes, encoding: str, limit: int) -> tuple[str, str]:
    """("too-large" | "decode-error" | "", detail): can the body be decoded within ``limit``?

    Counts decoded bytes without keeping them, so checking a bomb costs no memory.
    """
    if not codings(encoding):
        return "", ""
    total = 0
    try:
        for piece in iter_decoded(raw, encoding):
            total += len(piece)
            if total > limit:
                return "too-large", (f"body decodes to more than {limit} bytes "
                                     f"(Content-Encoding: {encoding.strip()[:40]}; {len(raw)} bytes sent)")
    except ContentDecodeError as exc:
        return "decode-error", f"Content-Encoding could not be undone: {exc}"
    return "", ""


def decode_content(raw: bytes, encoding: str, limit: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate/br (stacked too); stop at ``limit`` output bytes.

    On a corrupt stream, what decoded before the fault is returned, flagged as cut; an
    unsupported coding leaves the bytes as they are (flagged as cut).
    """
    if not codings(encoding):
        return raw[:limit], len(raw) > limit
    data, cut, error = decode_checked(raw, encoding, limit)
    if error.startswith("unsupported"):
        return raw[:limit], True
    return data, cut or bool(error)

"""What a crawl captured for one site: the exchanges and the crawl's decisions.

A Capture is the boundary between collect and evidence. The live crawl builds one as it
goes; reading a WARC rebuilds the same one (see warc.py), so evidence built from either is
equal — that is what makes an assessment re-checkable from its archive alone.
"""

from __future__ import annotations

import zlib
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

    def summary(self) -> dict[str, Any]:
        return {
            "url": self.url, "captured": self.captured, "status": self.status,
            "reason": self.reason, "organisation": self.organisation,
            "decisions": self.decisions, "elapsed_s": round(self.elapsed_s, 3),
            "attempts": self.attempts,
            "exchanges": [e.summary() for e in self.exchanges],
        }


def decode_content(raw: bytes, encoding: str, limit: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate/br (stacked too); stop at ``limit`` output bytes."""
    data, cut = raw, False
    for enc in [e.strip().lower() for e in encoding.split(",") if e.strip()][::-1]:
        if enc in ("identity", ""):
            continue
        try:
            if enc in ("gzip", "x-gzip", "deflate"):
                wbits = 47 if enc != "deflate" else (15 if data[:1] == b"\x78" else -15)
                d = zlib.decompressobj(wbits)
                out = d.decompress(data, limit + 1)
                cut = cut or len(out) > limit or bool(d.unconsumed_tail)
                data = out[:limit]
            elif enc == "br":
                b = brotli.Decompressor()
                chunks, total = [], 0
                for i in range(0, max(len(data), 1), 16384):
                    piece = b.process(data[i:i + 16384], output_buffer_limit=limit + 1 - total)
                    chunks.append(piece)
                    total += len(piece)
                    while total <= limit and not b.can_accept_more_data() and not b.is_finished():
                        piece = b.process(b"", output_buffer_limit=limit + 1 - total)
                        if not piece:
                            break
                        chunks.append(piece)
                        total += len(piece)
                    if total > limit:
                        cut = True
                        break
                data = b"".join(chunks)[:limit]
            else:
                return data, cut  # unknown coding: keep bytes as they are
        except (zlib.error, brotli.error):
            return data, True
    return data, cut

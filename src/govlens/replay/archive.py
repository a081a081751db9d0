"""The archived responses of a run, by URL: what a snapshot is made from.

Reads the run's WARCs through the same reader as a replayed assessment (``read_captures``),
so the page a snapshot shows is byte for byte the page the checks judged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from govlens.collect.capture import Exchange
from govlens.collect.warc import read_captures, warc_files


@dataclass(frozen=True)
class Archived:
    """One archived 2xx response: where it was, when, and the exchange itself."""

    url: str
    captured: str
    exchange: Exchange


def url_keys(url: str) -> list[str]:
    """The spellings of ``url`` an evidence pointer may use for the archived one: as given,
    without the fragment, and with or without a trailing slash on the path."""
    p = urlsplit(url.strip())
    bare = urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, ""))
    keys = [url.strip(), bare]
    if bare.endswith("/") and p.path not in ("", "/"):
        keys.append(bare.rstrip("/"))
    elif not bare.endswith("/") and not p.query:
        keys.append(bare + "/")
    return list(dict.fromkeys(keys))


def index_responses(warcs: Iterable[str | Path], wanted: set[str] | None = None) -> dict[str, Archived]:
    """URL → its archived successful response, from ``warcs`` (files or folders); with
    ``wanted``, only those URLs (by any spelling of :func:`url_keys`) are kept in memory."""
    want = None if wanted is None else {k for u in wanted for k in url_keys(u)}
    out: dict[str, Archived] = {}
    for cap in read_captures(warc_files(list(warcs))):
        for ex in cap.exchanges:
            if not (200 <= ex.status < 300) or not ex.raw:
                continue
            keys = url_keys(ex.url)
            if want is not None and not want.intersection(keys):
                continue
            for k in keys:
                out.setdefault(k, Archived(ex.url, ex.date or cap.captured, ex))
    return out


def lookup(index: dict[str, Archived], url: str) -> Archived | None:
    """The archived response for ``url`` under any of its spellings, else None."""
    return next((index[k] for k in url_keys(url) if k in index), None)

"""WARC 1.1 archive per site, and the reader that rebuilds a Capture from it.

One gzip WARC per site, written to ``*.part`` and renamed when the site is done: a killed
run leaves only whole archives (and ``.part`` files that resume ignores and redoes). The
last record of a site is a ``metadata`` record holding the crawl's summary (roles, errors,
timings, decisions); with the response records it is enough to rebuild the Capture.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govlens import __version__
from govlens.collect.capture import Capture, Exchange, Rendering

SUMMARY_URI = "urn:govlens:site-summary:"
SUMMARY_TYPE = "application/vnd.govlens.site-summary+json"
ERROR_TYPE = "application/vnd.govlens.fetch-error+json"
RENDER_TYPE = "application/vnd.govlens.render+json"
RENDER_URI = "urn:govlens:render:"
SHOT_URI = "urn:govlens:screenshot:"
_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other",
            307: "Temporary Redirect", 308: "Permanent Redirect", 404: "Not Found"}


class SiteWarc:
    """Writes one site's exchanges as they happen; ``finish`` seals the file."""

    def __init__(self, path: Path, settings: dict[str, Any] | None = None) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.part, "wb")  # noqa: SIM115  (closed in finish/abort)
        self._w = WARCWriter(self._fh, gzip=True, warc_version="WARC/1.1")
        info = {"software": f"govlens/{__version__}", "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"}
        if settings:
            info["govlens-settings"] = json.dumps(settings, ensure_ascii=False, default=str)
        self._w.write_record(self._w.create_warcinfo_record(path.name, info))

    def write(self, ex: Exchange) -> None:
        if ex.status:
            self._write_pair(ex)
        else:
            payload = json.dumps({"url": ex.url, "role": ex.role, "error": ex.error,
                                  "detail": ex.detail, "elapsed_ms": ex.elapsed_ms}).encode()
            rec = self._w.create_warc_record(ex.url, "metadata", payload=io.BytesIO(payload),
                                             length=len(payload), warc_content_type=ERROR_TYPE)
            self._w.write_record(rec)

    def _write_pair(self, ex: Exchange) -> None:
        reason = _REASONS.get(ex.status, "")
        http = StatusAndHeaders(f"{ex.status} {reason}".strip(), ex.headers, protocol="HTTP/1.1")
        resp = self._w.create_warc_record(ex.url, "response", payload=io.BytesIO(ex.raw),
                                          length=len(ex.raw), http_headers=http,
                                          warc_headers_dict=_date(ex))
        if ex.truncated:
            resp.rec_headers.add_header("WARC-Truncated", "length")
        ex.record_id = resp.rec_headers.get_header("WARC-Record-ID")
        parts = urlsplit(ex.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = [(k, v) for k, v in ex.request_headers if k.lower() != "host"]
        req_headers.insert(0, ("Host", parts.netloc))
        req = self._w.create_warc_record(
            ex.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", req_headers, is_http_request=True),
            warc_headers_dict={"WARC-Concurrent-To": ex.record_id, **_date(ex)})
        self._w.write_record(resp)
        self._w.write_record(req)

    def write_render(self, r: Rendering) -> None:
        """A rendered page: its DOM as a ``conversion`` of the response it rendered, each
        screenshot as a ``resource``, and the findings (axe, metrics, phone) as ``metadata``
        naming them all (``record_ids``)."""
        refers = {"WARC-Refers-To": r.response_id} if r.response_id else {}
        ids: dict[str, str] = {}
        if r.dom:
            dom = r.dom.encode("utf-8")
            rec = self._w.create_warc_record(r.url, "conversion", payload=io.BytesIO(dom), length=len(dom),
                                             warc_content_type="text/html; charset=utf-8",
                                             warc_headers_dict=dict(refers))
            ids["dom"] = rec.rec_headers.get_header("WARC-Record-ID")
            self._w.write_record(rec)
        for kind, jpeg in r.shots.items():
            rec = self._w.create_warc_record(f"{SHOT_URI}{kind}:{r.url}", "resource", payload=io.BytesIO(jpeg),
                                             length=len(jpeg), warc_content_type="image/jpeg",
                                             warc_headers_dict=dict(refers))
            ids[f"shot:{kind}"] = rec.rec_headers.get_header("WARC-Record-ID")
            self._w.write_record(rec)
        r.record_ids = ids
        payload = json.dumps(r.data(), ensure_ascii=False).encode("utf-8")
        rec = self._w.create_warc_record(RENDER_URI + r.url, "metadata", payload=io.BytesIO(payload),
                                         length=len(payload), warc_content_type=RENDER_TYPE,
                                         warc_headers_dict=dict(refers))
        r.record_ids["meta"] = rec.rec_headers.get_header("WARC-Record-ID")
        self._w.write_record(rec)

    def finish(self, capture: Capture) -> Path:
        payload = json.dumps(capture.summary(), ensure_ascii=False).encode("utf-8")
        rec = self._w.create_warc_record(SUMMARY_URI + capture.url, "metadata",
                                         payload=io.BytesIO(payload), length=len(payload),
                                         warc_content_type=SUMMARY_TYPE)
        self._w.write_record(rec)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.part, self.path)
        return self.path

    def abort(self) -> None:
        if not self._fh.closed:
            self._fh.close()


def _date(ex: Exchange) -> dict[str, str]:
    return {"WARC-Date": ex.date.replace("+00:00", "Z")} if ex.date else {}


def warc_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories to their ``*.warc.gz`` files (sorted); keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.warc.gz")) + sorted(p.glob("*.warc")))
        else:
            out.append(p)
    return out


def read_captures(paths: Iterable[str | Path]) -> Iterator[Capture]:
    """Rebuild every finished site's Capture from WARC files, with no network."""
    for path in warc_files(paths):
        responses: dict[str, tuple[int, list[tuple[str, str]], bytes, bool]] = {}
        parts: dict[str, Any] = {}  # render records by id: DOM text, screenshot bytes, findings
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, arc2warc=True):
                kind = rec.rec_type
                rtype = rec.rec_headers.get_header("Content-Type") or ""
                if kind == "conversion":
                    parts[rec.rec_headers.get_header("WARC-Record-ID")] = rec.content_stream().read().decode("utf-8")
                elif kind == "resource" and (rec.rec_headers.get_header("WARC-Target-URI") or "").startswith(SHOT_URI):
                    parts[rec.rec_headers.get_header("WARC-Record-ID")] = rec.content_stream().read()
                elif kind == "metadata" and rtype == RENDER_TYPE:
                    parts[rec.rec_headers.get_header("WARC-Record-ID")] = json.loads(rec.content_stream().read())
                elif kind == "response":
                    rid = rec.rec_headers.get_header("WARC-Record-ID")
                    code = int(rec.http_headers.get_statuscode() or 0)
                    headers = [(k.lower(), v) for k, v in rec.http_headers.headers]
                    raw = rec.raw_stream.read()
                    responses[rid] = (code, headers, raw,
                                      rec.rec_headers.get_header("WARC-Truncated") is not None)
                elif kind == "metadata" and rtype == SUMMARY_TYPE:
                    summary = json.loads(rec.content_stream().read().decode("utf-8"))
                    cap = _capture_from(summary, responses)
                    cap.renders = [_rendering_from(parts[m], parts) for m in summary.get("renders", []) if m in parts]
                    cap.render_note = summary.get("render_note", "")
                    yield cap
                    responses, parts = {}, {}


def _rendering_from(d: dict[str, Any], parts: dict[str, Any]) -> Rendering:
    ids = d.get("record_ids", {})
    return Rendering(url=d["url"], seq=d.get("seq", 0), response_id=d.get("response_id", ""),
                     dom=parts.get(ids.get("dom", ""), ""),
                     shots={k.split(":", 1)[1]: parts[v] for k, v in ids.items() if k.startswith("shot:") and v in parts},
                     axe=d.get("axe"), metrics=d.get("metrics", {}), phone=d.get("phone", {}),
                     blocked=d.get("blocked", []), subresources=d.get("subresources", 0),
                     error=d.get("error", ""), elapsed_ms=d.get("elapsed_ms", 0.0),
                     timings=d.get("timings", {}), record_ids=ids)


def _capture_from(summary: dict[str, Any], responses: dict[str, Any]) -> Capture:
    cap = Capture(url=summary["url"], captured=summary["captured"], status=summary["status"],
                  reason=summary.get("reason", ""), organisation=summary.get("organisation", {}),
                  decisions=list(summary.get("decisions", [])),
                  elapsed_s=summary.get("elapsed_s", 0.0), attempts=summary.get("attempts", 1),
                  retry_of=summary.get("retry_of"))
    for e in summary["exchanges"]:
        ex = Exchange(url=e["url"], role=e["role"], status=e.get("status", 0),
                      error=e.get("error", ""), detail=e.get("detail", ""),
                      elapsed_ms=e.get("elapsed_ms", 0.0), record_id=e.get("record_id", ""),
                      tls=e.get("tls"), date=e.get("date", ""), truncated=e.get("truncated", False),
                      seq=e.get("seq", 0))
        if ex.record_id:
            code, headers, raw, _ = responses[ex.record_id]
            ex.status, ex.headers, ex.raw = code, headers, raw
        cap.exchanges.append(ex)
    return cap

"""Home-page screenshots from a run's archives, as small data: URIs for the reports.

The rendering keeps each screenshot in the site's WARC (a ``resource`` record named
``urn:govlens:screenshot:<kind>:<page url>``); the report reads results only, so the caller
takes the pictures from the archives here and hands them over.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from govlens.collect.warc import SHOT_URI

THUMB_WIDTH = 480


def first_shot(warc: Path, kind: str = "viewport") -> bytes | None:
    """The first ``kind`` screenshot in a site's WARC (the home page is rendered first)."""
    prefix = f"{SHOT_URI}{kind}:"
    with open(warc, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "resource" and (rec.rec_headers.get_header("WARC-Target-URI") or "").startswith(prefix):
                return rec.content_stream().read()
    return None


def thumbnail(jpeg: bytes, width: int = THUMB_WIDTH) -> bytes:
    """A smaller JPEG (Pillow, which WeasyPrint already needs); the original if it cannot."""
    try:
        from PIL import Image

        im = Image.open(io.BytesIO(jpeg))
        if im.width > width:
            im = im.resize((width, max(1, round(im.height * width / im.width))))
        out = io.BytesIO()
        im.convert("RGB").save(out, "JPEG", quality=70)
        return out.getvalue()
    except Exception:  # an odd picture is shown as it is
        return jpeg


def site_shots(workspace: Path, sites: Iterable[dict[str, Any]], kind: str = "viewport") -> dict[str, str]:
    """Site URL → its home page's screenshot as a data: URI, for the sites that were rendered."""
    out: dict[str, str] = {}
    for s in sites:
        rel = s.get("warc") or ""
        if not rel:
            continue
        path = Path(rel) if Path(rel).is_absolute() else workspace / rel
        if not path.is_file():
            continue
        shot = first_shot(path, kind)
        if shot:
            out[s["url"]] = "data:image/jpeg;base64," + base64.b64encode(thumbnail(shot)).decode("ascii")
    return out

"""Coverage-guided fuzzing (atheris / libFuzzer) of the parsers that take outside input.

    python tests/fuzz/atheris_fuzz.py TARGET [libFuzzer flags, e.g. -runs=20000 -max_total_time=60]

TARGET: html | decode | content | robots | sitemap | catalog-yaml | catalog-csv. An uncaught
exception (anything but the documented errors) or an input slower than ``-timeout`` seconds
is a finding: libFuzzer writes it to ``crash-*`` / ``timeout-*`` in the working directory.
``tests/fuzz/test_atheris.py`` runs each target briefly when atheris is installed.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from govlens.catalog.errors import CatalogError
    from govlens.catalog.loader import load_catalog
    from govlens.checks.families.tech import sitemap_xml
    from govlens.collect.capture import decode_content, decoded_problem
    from govlens.collect.crawl import parse_robots, robots_allows, robots_delay
    from govlens.collect.decode import decode
    from govlens.evidence.model import Fetched, SiteEvidence
    from govlens.evidence.parse import parse_html

UA = "govlens"
CODINGS = ["", "gzip", "deflate", "br", "gzip, br", "zstd", "x-gzip"]
CTYPES = ["", "text/html", "text/html; charset=utf-8", "text/html; charset=tis-620",
          "text/html; charset=undefined", "text/html; charset=x-bogus"]
TMP = Path(tempfile.mkdtemp(prefix="govlens-atheris-"))


def html(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    ctype = CTYPES[fdp.ConsumeIntInRange(0, len(CTYPES) - 1)]
    parse_html(fdp.ConsumeBytes(fdp.remaining_bytes()), "http://a.test/", headers=(("content-type", ctype),))


def decode_target(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    ctype = fdp.ConsumeUnicodeNoSurrogates(40)
    decode(fdp.ConsumeBytes(fdp.remaining_bytes()), ctype)


def content(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    coding = CODINGS[fdp.ConsumeIntInRange(0, len(CODINGS) - 1)]
    limit = fdp.ConsumeIntInRange(0, 1 << 20)
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    out, _ = decode_content(raw, coding, limit)
    assert len(out) <= limit
    decoded_problem(raw, coding, limit)


def robots(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    url = "http://a.test/" + fdp.ConsumeUnicodeNoSurrogates(30)
    rules, _ = parse_robots(fdp.ConsumeBytes(fdp.remaining_bytes()))
    robots_allows(rules, url, UA)
    if rules is not None:
        robots_delay(rules, UA)
        list(rules.sitemaps)


HOME = parse_html(b"<html><title>home</title></html>", "http://a.test/")


def sitemap(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    site = SiteEvidence(site_url="http://a.test/", final_url="http://a.test/", status="ok", reason="",
                        redirects=(), pages=(HOME,),
                        sitemap=Fetched(url="http://a.test/sitemap.xml", status=200, text=text))
    assert sitemap_xml(site).outcome in ("pass", "fail")


def _catalog(data: bytes, suffix: str) -> None:
    path = TMP / f"catalog{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(CatalogError):
        load_catalog(path)


TARGETS = {
    "html": html, "decode": decode_target, "content": content, "robots": robots, "sitemap": sitemap,
    "catalog-yaml": lambda d: _catalog(d, ".yaml"), "catalog-csv": lambda d: _catalog(d, ".csv"),
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer flags]")
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""Hypothesis strategies for outside input: HTML-ish soup, encodings, robots.txt, sitemaps,
URLs and catalogs. Structured enough to reach deep into the parsers, random enough to
include what no one would write on purpose."""

from __future__ import annotations

import gzip
import zlib

import brotli
from hypothesis import strategies as st

TAGS = ["html", "head", "body", "title", "a", "area", "img", "form", "input", "select", "option",
        "textarea", "button", "label", "div", "p", "ul", "li", "table", "tr", "td", "nav", "header",
        "footer", "main", "aside", "script", "style", "noscript", "template", "meta", "base", "h1",
        "h2", "iframe", "svg", "math", "b", "i", "span", "frameset", "plaintext", "xmp", "!--"]
ATTRS = ["href", "src", "alt", "id", "for", "name", "type", "lang", "charset", "content",
         "http-equiv", "aria-label", "aria-labelledby", "aria-hidden", "hidden", "role", "rel",
         "title", "value", "action", "method", "hreflang", "class", "xml:lang"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["/", "#", "javascript:alert(1)", "mailto:a@b", "tel:+66", "data:,x", "//evil.test/",
                     "http://[::1]/", "http://a.test/%zz", "../../../../", "?q=1&q=2", "utf-8",
                     "tis-620", "windows-874", "x-bogus", "undefined", "idna", "utf-7", "refresh",
                     "0;url=http://x/", "width=device-width", "search", "hidden", "true", "\x00",
                     "\ud800", "a" * 600, "http://a.test/" + "a/" * 30]),
)


@st.composite
def tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(TAGS))
    if name == "!--":
        return "<!--" + draw(st.text(max_size=20)) + draw(st.sampled_from(["-->", "--!>", ""]))
    closing = draw(st.sampled_from(["", "", "", "/"]))
    attrs = draw(st.lists(st.tuples(st.sampled_from(ATTRS), VALUES), max_size=4))
    quote = draw(st.sampled_from(['"', "'", ""]))
    body = "".join(f" {k}={quote}{v}{quote}" for k, v in attrs)
    end = draw(st.sampled_from([">", "/>", "", " >"]))
    return f"<{closing}{name}{body}{end}"


HTML_TEXT = st.lists(st.one_of(tag(), st.text(max_size=40),
                               st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&nbsp", "\x00",
                                                "ภาษาไทย", "\r\n", "<", ">", "]]>"])),
                     max_size=60).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "cp874", "utf-16-le", "utf-16-be", "latin-1", "gb18030",
                             "shift_jis", "cp1252"])


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    text = draw(HTML_TEXT)
    data = text.encode(draw(ENCODINGS), errors="replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + data
    if draw(st.booleans()):  # splice in raw junk
        junk = draw(st.binary(max_size=64))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + junk + data[at:]
    return data


CONTENT_TYPES = st.one_of(
    st.sampled_from(["", "text/html", "text/html; charset=utf-8", "text/html; charset=tis-620",
                     "text/html; charset=x-bogus", "text/html; charset=undefined",
                     "text/html; charset=idna", "text/html; charset=utf-7", "text/html;charset=\"\"",
                     "text/html; charset=rot13", "text/html; charset=base64", "image/png",
                     "text/html; charset=" + "x" * 200]),
    st.text(max_size=60),
)


@st.composite
def encoded_body(draw: st.DrawFn) -> tuple[bytes, str]:
    """(raw bytes, Content-Encoding): valid, stacked, truncated, corrupted or nonsense."""
    plain = draw(st.binary(max_size=2048))
    if draw(st.booleans()):
        plain = plain * draw(st.integers(1, 200))  # compressible
    coding = draw(st.sampled_from(["", "identity", "gzip", "x-gzip", "deflate", "br",
                                   "gzip, br", "br, gzip", "deflate, gzip", "zstd", "compress", "GZIP",
                                   " gzip ,, ", "gzip, gzip, gzip"]))
    raw = plain
    for c in [c.strip().lower() for c in coding.split(",") if c.strip()]:
        if c in ("gzip", "x-gzip"):
            raw = gzip.compress(raw)
        elif c == "deflate":
            raw = zlib.compress(raw) if draw(st.booleans()) else zlib.compressobj(wbits=-15).compress(raw)
        elif c == "br":
            raw = brotli.compress(raw)
    how = draw(st.sampled_from(["as-is", "truncate", "flip", "random"]))
    if how == "truncate" and raw:
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif how == "flip" and raw:
        i = draw(st.integers(0, len(raw) - 1))
        raw = raw[:i] + bytes([raw[i] ^ draw(st.integers(1, 255))]) + raw[i + 1:]
    elif how == "random":
        raw = draw(st.binary(max_size=512))
    return raw, coding


ROBOTS_LINES = st.one_of(
    st.tuples(st.sampled_from(["User-agent", "user-agent", "USER-AGENT", "Disallow", "Allow", "Crawl-delay",
                               "Sitemap", "Request-rate", "Visit-time", "Host", "Noindex", "Clean-param",
                               "Disallow ", " Allow"]),
              st.sampled_from([":", " : ", "", "="]),
              st.one_of(st.text(max_size=40),
                        st.sampled_from(["*", "/", "/*", "/*$", "/a*b*c*d*e*f*g$", "$", "**********",
                                         "/%", "/%zz", "/%E0%B8", "govlens", "-1", "1e309", "nan", "inf",
                                         "0.5", "99999999999999999999", "1/0", "10/1m", "0600-0845",
                                         "http://a.test/sitemap.xml", "/ภาษา", "\x00", "*" * 300]))).map(
        lambda t: f"{t[0]}{t[1]}{t[2]}"),
    st.text(max_size=60),
    st.just("# comment"),
    st.just(""),
)
ROBOTS = st.lists(ROBOTS_LINES, max_size=40).map("\n".join)

URLS = st.one_of(
    st.builds(lambda scheme, host, path, q: f"{scheme}://{host}{path}{q}",
              st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
              st.sampled_from(["a.test", "A.TEST", "www.a.test", "[::1]", "127.0.0.2", "2130706433",
                               "a.test:80", "a.test:99999", "", "xn--ls8h.test", "ก.test", "a.test\\@b.test"]),
              st.one_of(st.text(max_size=40).map(lambda t: "/" + t),
                        st.sampled_from(["/", "/a/a/a/a/a", "/p;jsessionid=ABC", "/(S(abc))/x.aspx",
                                         "/" + "x/" * 20, "/%2e%2e/"])),
              st.one_of(st.just(""), st.text(max_size=30).map(lambda t: "?" + t),
                        st.sampled_from(["?month=1", "?PHPSESSID=0123456789abcdef0123", "?sid=12",
                                         "?a=1&a=2&b", "?=&&="]))),
    st.text(max_size=80),
)

SITEMAP = st.one_of(
    st.lists(st.one_of(
        st.sampled_from(['<?xml version="1.0"?>', "<urlset>", "</urlset>", "<sitemapindex>",
                         "<url>", "</url>", "<loc>", "</loc>", "<image:loc>", "</image:loc>",
                         "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "<![CDATA[", "]]>",
                         "http://a.test/page", "<LOC>", "</LOC>", "<xhtml:loc>", "<loc>   ",
                         "<" * 50, "<loc>" * 50]),
        st.text(max_size=30)), max_size=80).map("".join),
    st.text(max_size=500),
)

CATALOG_KEYS = ["catalog", "source", "as_of", "countries", "code", "name", "en", "th", "organisations",
                "id", "kind", "sector", "parent", "sites", "url", "checked", "services", "life_event"]
YAML_SCALARS = st.one_of(
    st.sampled_from(["THA", "SGP", "ministry", "department", "health", "null", "~", "2026-11-24",
                     "2026-02-30", "https://a.go.th/", "http://[::1]/", "ftp://x", "yes", "no",
                     "&a x", "*a", "!!python/object:os.system", "!!binary aGk=", "{", "}", "[", "]",
                     "'", '"', ":", "- ", "? ", "| ", "> ", "%YAML 1.1", "---", "...", "\t", "0x10",
                     ".inf", "1e999", "-0"]),
    st.text(max_size=20),
)


@st.composite
def yaml_text(draw: st.DrawFn) -> str:
    """Indentation-structured YAML-ish text: mostly the catalog's keys, sometimes nonsense."""
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        indent = " " * (2 * draw(st.integers(0, 5)))
        dash = draw(st.sampled_from(["", "", "- "]))
        key = draw(st.sampled_from(CATALOG_KEYS + ["x", "a0"]))
        if draw(st.booleans()):
            lines.append(f"{indent}{dash}{key}: {draw(YAML_SCALARS)}")
        else:
            lines.append(f"{indent}{dash}{key}:")
    if draw(st.booleans()):
        lines.append(draw(st.text(max_size=50)))
    return "\n".join(lines)


CSV_CELLS = st.one_of(st.sampled_from(["THA", "th-x", "ministry", "health", "", "https://a.go.th/",
                                       "Ministry", "กระทรวง", '"', '""', "\n", ",", "\r", "2026-11-24",
                                       "country", "org_id", "site_url"]), st.text(max_size=15))
CSV_HEADER = "country,org_id,kind,sector,parent,name_en,name_th,site_url"


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from([CSV_HEADER, CSV_HEADER + ",source,checked", "country,org_id",
                                   CSV_HEADER + ",country", "", "\ufeff" + CSV_HEADER]))
    rows = draw(st.lists(st.lists(CSV_CELLS, min_size=0, max_size=11), max_size=12))
    body = "\n".join(",".join(r) for r in rows)
    return header + "\n" + body

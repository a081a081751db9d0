"""One archived page as a file a person can open with no network: the page as the checks saw
it, scripts removed, nothing loaded from the web, the evidence element outlined, and a banner
(Thai and English) that says what this is, where it came from and when.

Why not a proxy replay: the report is handed over as files (a ministry's shared drive, an
e-mail), so each piece of evidence must open by itself. The page's own styles that were inline
survive; external stylesheets, images and frames are blocked by the snapshot's
Content-Security-Policy, and links point back to the live web, marked as such."""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from govlens.collect.decode import decode
from govlens.evidence.parse import parse_tree
from govlens.evidence.repair import repair

ANCHOR = "govlens-evidence"
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
       "form-action 'none'; frame-src 'none'; base-uri 'none'")
_DROP = "script, iframe, frame, frameset, object, embed, applet, base, link, meta[http-equiv], meta[charset]"
_URL_ATTRS = ("href", "src", "action", "formaction", "poster", "background", "data", "srcset", "xlink:href")
_HIGHLIGHT = "outline:3px solid #d4351c !important;outline-offset:2px;background-color:#fff7bf !important"
_TEXTY = "a, button, label, h1, h2, h3, h4, h5, h6, p, li, td, th, dt, dd, span, div, form"
_BANNER_STYLE = ("all:initial;display:block;box-sizing:border-box;width:100%;padding:8px 12px;margin:0;"
                 "background:#1d3557;color:#fff;font:14px/1.45 'Noto Sans Thai','Tahoma',sans-serif;"
                 "border-bottom:4px solid #d4351c;position:relative;z-index:2147483647")


@dataclass(frozen=True)
class Snapshot:
    """The snapshot's HTML and whether the evidence element was found (by selector or text)."""

    html: str
    found: str  # "selector" | "snippet" | ""


def _esc(s: str) -> str:
    return htmlmod.escape(s or "", quote=True)


def _find(tree, selector: str, snippet: str) -> tuple[LexborNode | None, str]:
    """The evidence element: the pointer's selector, else the smallest element whose text holds
    the snippet (selectors from an older parse may not match; the text usually still does)."""
    if selector:
        try:
            node = tree.css_first(selector)
        except Exception:  # noqa: BLE001 - a selector lexbor cannot parse is just not found
            node = None
        if node is not None:
            return node, "selector"
    text = re.sub(r"\s+", " ", snippet or "").strip().strip("…").strip()[:60]
    if len(text) >= 3:
        best = None
        for node in tree.css(_TEXTY):
            t = re.sub(r"\s+", " ", node.text(deep=True) or "")
            if text in t and (best is None or len(t) <= best[0]):  # ties: the inner one
                best = (len(t), node)
        if best:
            return best[1], "snippet"
    return None, ""


def _defuse(tree, base: str) -> None:
    """Remove what could run or load: scripts, frames, plugins, external stylesheets, refreshes,
    event handlers and javascript: URLs; make links absolute so they go to the live page."""
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css("noscript"):
        node.unwrap()  # no script runs here, so what the page shows without one is what it shows
    root = tree.root
    if root is None:
        return
    for node in root.traverse():
        attrs = node.attributes
        if not attrs:
            continue
        for name, value in list(attrs.items()):
            low = name.lower()
            if low.startswith("on"):
                del node.attrs[name]
            elif low in _URL_ATTRS and value is not None:
                v = value.strip()
                if re.match(r"(?i)\s*(javascript|vbscript|data:text/html)", v):
                    del node.attrs[name]
                elif node.tag == "a" and low == "href" and v and not v.startswith("#"):
                    node.attrs[name] = urljoin(base, v)
                    node.attrs["rel"] = "noopener noreferrer"
                    node.attrs["target"] = "_blank"


def _banner(url: str, captured: str, check: str, found: str, selector: str, snippet: str, jump: str) -> str:
    if found:
        where = f'<a href="#{_esc(jump)}" style="color:#ffdd00">ไปยังหลักฐาน · jump to the evidence</a>'
    elif not (selector or snippet):
        where = "หลักฐานคือทั้งหน้านี้ · the evidence is the page as a whole"
    else:
        where = ("ไม่พบองค์ประกอบที่เป็นหลักฐานในสำเนานี้ · the evidence element was not found in this copy"
                 f"{' (' + _esc(selector) + ')' if selector else ''}")
    what = f" · {_esc(check)}" if check else ""
    return (f'<div id="govlens-banner" style="{_BANNER_STYLE}" lang="th">'
            f"<b>สำเนาที่เก็บถาวรโดย govlens · Archived copy by govlens</b>{what}<br>"
            f'<span style="word-break:break-all">{_esc(url)}</span> · {_esc(captured)}<br>'
            "สคริปต์ถูกนำออกและไม่มีการโหลดสิ่งใดจากเว็บ · scripts removed, nothing is loaded from the web"
            f"<br>{where}</div>")


def make_snapshot(body: bytes, content_type: str, url: str, captured: str, *, selector: str = "",
                  snippet: str = "", check: str = "") -> Snapshot:
    """The offline snapshot of one archived response (``body`` already content-decoded)."""
    text, _codec, _source = decode(body, content_type)
    text, _repair = repair(text)
    mime = content_type.split(";")[0].strip().lower()
    if mime and "html" not in mime and "xml" not in mime:
        text = f"<!DOCTYPE html><html><head></head><body><pre>{_esc(text)}</pre></body></html>"
    tree = parse_tree(text)
    _defuse(tree, url)
    node, found = _find(tree, selector, snippet)
    jump = ""
    if node is not None:
        jump = node.attributes.get("id") or ANCHOR
        if not node.attributes.get("id"):
            node.attrs["id"] = ANCHOR
        node.attrs["data-govlens-evidence"] = check or "evidence"
        style = (node.attributes.get("style") or "").rstrip("; ")
        node.attrs["style"] = f"{style};{_HIGHLIGHT}" if style else _HIGHLIGHT
    out = tree.html or ""
    head = (f'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{_esc(CSP)}">'
            '<meta name="robots" content="noindex">'
            f'<meta name="govlens-original" content="{_esc(url)}">')
    out, n = re.subn(r"(?i)<head\b[^>]*>", lambda m: m.group(0) + head, out, count=1)
    if not n:
        out = head + out
    banner = _banner(url, captured, check, found, selector, snippet, jump)
    out, n = re.subn(r"(?i)<body\b[^>]*>", lambda m: m.group(0) + banner, out, count=1)
    if not n:
        out += banner
    if not out.lstrip().lower().startswith("<!doctype"):
        out = "<!DOCTYPE html>\n" + out
    return Snapshot(out, found)

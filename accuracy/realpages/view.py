#!/usr/bin/env python3
"""Neutral page viewer for human labellers of the real-page corpus.

Prints what a page contains -- title, declared language, visible text, links,
headings, image alts and forms -- and judges nothing.  It does not import
govlens on purpose: labellers must see the page, not the detectors.

    python accuracy/realpages/view.py accuracy/realpages/pages/th-sao-sanor-01.html
    python accuracy/realpages/view.py --id th-sao-sanor-01          # body file from manifest.csv
    python accuracy/realpages/view.py FILE --text-limit 6000

Encoding: the bytes are decoded with the charset from a BOM or <meta charset>
(TIS-620 / windows-874 are read as cp874), else UTF-8, else cp874, else
Latin-1.  A page whose text looks like UTF-8 that was read as Latin-1/cp1252
("à¸..." runs) is repaired only when re-encoding round-trips cleanly; the
header says which decoding and repair (if any) was used.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

HERE = Path(__file__).resolve().parent
THAI_ALIASES = {"tis-620", "tis620", "windows-874", "cp874", "iso-8859-11", "x-windows-874"}
SKIP_TEXT = {"script", "style", "noscript", "template", "svg", "head"}


# ---------------------------------------------------------------- decoding
def declared_charset(raw: bytes) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", raw[:8192], re.I)
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, how) where how names the decoding and any repair."""
    cs = declared_charset(raw)
    tried = []
    if cs in THAI_ALIASES:
        tried.append("cp874")
    elif cs:
        tried.append(cs)
    tried += ["utf-8", "cp874"]
    text, how = None, ""
    for enc in tried:
        try:
            text = raw.decode(enc)
            how = enc if enc == (cs or enc) else f"{enc} (declared {cs or 'none'})"
            break
        except (LookupError, UnicodeDecodeError):
            continue
    if text is None:
        text, how = raw.decode("latin-1"), f"latin-1 fallback (declared {cs or 'none'})"
    repaired = repair_mojibake(text)
    if repaired is not None:
        return repaired, how + "; repaired UTF-8-as-Latin-1 mojibake"
    return text, how


MOJIBAKE = re.compile("[\u00c0-\u00ff][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc]")


def _sloppy_cp1252(text: str) -> bytes:
    """Encode as windows-1252, letting the five bytes it leaves undefined map to themselves."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                raise
            out.append(ord(ch))
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """Undo UTF-8 read as Latin-1/cp1252 -- only when it is trivial and lossless."""
    if len(MOJIBAKE.findall(text)) < 20:
        return None
    try:
        fixed = _sloppy_cp1252(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if len(MOJIBAKE.findall(fixed)) < len(MOJIBAKE.findall(text)) / 10:
        return fixed
    return None


# ---------------------------------------------------------------- helpers
def squash(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def node_text(n: Node) -> str:
    return squash(n.text(deep=True, separator=" "))


def visible_text(root: Node | None) -> str:
    """Text a reader sees: skips script/style/noscript/template/svg/head and comments."""
    if root is None:
        return ""
    parts: list[str] = []
    stack = [iter([root])]
    block = {
        "br",
        "p",
        "div",
        "li",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
    }
    while stack:
        try:
            n = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if n.tag == "-text":
            parts.append(n.text_content or "")
        elif n.tag in SKIP_TEXT or n.tag == "-comment":
            continue
        else:
            if n.tag in block:
                parts.append(" ")
            stack.append(n.iter(include_text=True))
    return squash(" ".join(parts))


def attrs_of(n: Node, *names: str) -> str:
    out = []
    for name in names:
        v = n.attributes.get(name)
        if v:
            out.append(f"{name}={squash(v)!r}")
    return " ".join(out)


def label_for(tree: HTMLParser, field: Node) -> str:
    bits = []
    fid = field.attributes.get("id")
    if fid:
        for lab in tree.css("label"):
            if lab.attributes.get("for") == fid:
                bits.append("label=" + repr(node_text(lab)))
    p = field.parent
    while p is not None and p.tag not in ("form", "body", "html"):
        if p.tag == "label":
            bits.append("label=" + repr(node_text(p)))
            break
        p = p.parent
    for a in (
        "placeholder",
        "aria-label",
        "title",
        "value" if field.attributes.get("type") in ("submit", "button") else "",
    ):
        if a and field.attributes.get(a):
            bits.append(f"{a}={squash(field.attributes[a])!r}")
    return " ".join(bits)


def text_around(full_text: str, node: Node, width: int = 200) -> str:
    own = node_text(node)
    key = own[:40]
    if key and key in full_text:
        i = full_text.index(key)
        return full_text[max(0, i - width // 2) : i + len(own) + width // 2]
    return own[:width]


# ---------------------------------------------------------------- report
def report(path: Path, text_limit: int) -> str:
    raw = path.read_bytes()
    html, how = decode(raw)
    tree = HTMLParser(html)
    out: list[str] = []
    w = out.append
    title = tree.css_first("title")
    html_el = tree.css_first("html")
    w(f"file: {path}")
    w(f"bytes: {len(raw)}  decoding: {how}")
    w(f"title: {node_text(title) if title else ''}")
    w(f"<html lang>: {html_el.attributes.get('lang') if html_el else ''}")
    for m in tree.css("meta[name], meta[property]"):
        k = (m.attributes.get("name") or m.attributes.get("property") or "").lower()
        if k in ("description", "keywords", "og:url", "og:title", "og:site_name"):
            w(f"meta {k}: {squash(m.attributes.get('content'))[:300]}")

    full = visible_text(tree.body or tree.root)
    w("")
    w(f"== visible text ({len(full)} chars, first {text_limit}) ==")
    w(full[:text_limit] + (" ..." if len(full) > text_limit else ""))

    w("")
    w("== headings ==")
    for h in tree.css("h1, h2, h3, h4, h5, h6"):
        t = node_text(h)
        if t:
            w(f"{h.tag}: {t[:200]}")

    w("")
    links = tree.css("a, area")
    w(f"== links ({len(links)}) ==  [n] text | title/alt/aria-label | href")
    for i, a in enumerate(links, 1):
        t = node_text(a)
        imgs = [squash(im.attributes.get("alt")) for im in a.css("img") if im.attributes.get("alt")]
        extra = [
            f"title={squash(a.attributes['title'])!r}" for _ in [0] if a.attributes.get("title")
        ]
        if a.attributes.get("aria-label"):
            extra.append(f"aria-label={squash(a.attributes['aria-label'])!r}")
        if imgs:
            extra.append("img-alt=" + repr(" / ".join(imgs)))
        if a.tag == "area" and a.attributes.get("alt"):
            extra.append(f"alt={squash(a.attributes['alt'])!r}")
        target = f" target={a.attributes['target']}" if a.attributes.get("target") else ""
        w(f"[{i}] {t[:150]} | {' '.join(extra)} | {a.attributes.get('href', '')}{target}")

    w("")
    imgs = tree.css("img")
    w(f"== images ({len(imgs)}) ==  alt | src")
    for im in imgs:
        w(f"- {squash(im.attributes.get('alt'))!r} | {im.attributes.get('src', '')}")

    w("")
    forms = tree.css("form")
    w(f"== forms ({len(forms)}) ==")
    for k, f in enumerate(forms, 1):
        w(
            f"form #{k}: action={f.attributes.get('action', '')!r} method={f.attributes.get('method', '')!r} "
            f"{attrs_of(f, 'id', 'class', 'name', 'role', 'aria-label')}"
        )
        for fld in f.css("input, select, textarea, button"):
            typ = fld.attributes.get("type", "") if fld.tag != "select" else ""
            desc = f"  {fld.tag}"
            if typ:
                desc += f" type={typ}"
            desc += " " + attrs_of(fld, "name", "id")
            lab = label_for(tree, fld)
            if fld.tag == "button":
                lab = (lab + " text=" + repr(node_text(fld))).strip()
            if fld.tag == "select":
                opts = [node_text(o) for o in fld.css("option")][:8]
                lab += " options=" + repr(opts)
            w(desc.rstrip() + ("  " + lab if lab else ""))
        w(f"  around: {text_around(full, f)}")
    iframes = tree.css("iframe")
    if iframes:
        w("")
        w(f"== iframes ({len(iframes)}) ==")
        for fr in iframes:
            w(f"- {fr.attributes.get('src', '')} {attrs_of(fr, 'title')}")
    return "\n".join(out)


def body_file_for(pid: str) -> Path:
    with open(HERE / "manifest.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["id"] == pid:
                return HERE / (row.get("body_file") or row["file"])
    raise SystemExit(f"no page {pid!r} in manifest.csv")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", help="page file")
    ap.add_argument("--id", help="page id from manifest.csv (uses its body_file)")
    ap.add_argument("--text-limit", type=int, default=3000)
    a = ap.parse_args(argv)
    if not a.file and not a.id:
        ap.error("give a FILE or --id")
    path = body_file_for(a.id) if a.id else Path(a.file)
    sys.stdout.write(report(path, a.text_limit) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Bytes → text, in the order browsers use: HTTP header, BOM, <meta>, then detection.

Thai government sites still serve TIS-620 / windows-874 / ISO-8859-11, often declared only
in a <meta>; all three are decoded with windows-874 (a superset), as the WHATWG Encoding
standard maps them.
"""

from __future__ import annotations

import codecs
import re

# WHATWG label → Python codec, for the labels that differ or matter here.
_ALIASES = {
    "tis-620": "cp874", "tis620": "cp874", "iso-8859-11": "cp874", "iso8859-11": "cp874",
    "windows-874": "cp874", "x-windows-874": "cp874", "dos-874": "cp874", "cp874": "cp874",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "l1": "cp1252", "iso8859-1": "cp1252", "windows-1252": "cp1252",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8", "x-unicode20utf8": "utf-8",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "shift_jis", "sjis": "shift_jis", "euc-kr": "cp949",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_HEADER_RE = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
# Python codecs that are not web encodings: they raise whatever ``errors`` says (undefined,
# idna), interpret escapes (unicode-escape), or were dropped from the web for safety (utf-7).
# A page declaring one is treated as declaring nothing, as browsers ignore unknown labels.
_NOT_WEB = frozenset({"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape",
                      "utf-7", "charmap", "mbcs", "oem", "unicode-internal"})


def codec_for(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _ALIASES:
        return _ALIASES[label]
    if len(label) > 40:
        return None
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_WEB:
        return None
    return info.name


def charset_from_content_type(content_type: str) -> str | None:
    m = _HEADER_RE.search(content_type or "")
    return m.group(1) if m else None


def sniff(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(codec, source) for ``body``; source is header | bom | meta | detected | default."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, "bom"  # a BOM wins over the header, as in the WHATWG decode algorithm
    header = codec_for(charset_from_content_type(content_type))
    if header:
        return header, "header"
    m = _META_RE.search(body[:4096])
    if m:
        meta = codec_for(m.group(1).decode("ascii", "replace"))
        if meta:
            # a page declaring utf-16 in a meta is really ASCII-compatible (WHATWG rule)
            return ("utf-8" if meta.startswith("utf-16") else meta), "meta"
    try:
        body.decode("utf-8")
        return "utf-8", "default"
    except UnicodeDecodeError:
        pass
    if _looks_thai(body):
        return "cp874", "detected"
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    if best is not None and best.encoding:
        name = codec_for(best.encoding) or best.encoding
        return ("cp874" if name in ("tis_620", "iso8859_11") else name), "detected"
    return "cp1252", "default"


def _looks_thai(body: bytes) -> bool:
    """Undeclared legacy Thai: nearly every high byte decodes to a Thai letter in windows-874.

    Generic detectors often guess a CJK code page for short Thai pages; this domain sees
    far more Thai than anything else, so it is tried first.
    """
    high = [b for b in body[:65536] if b >= 0x80]
    if len(high) < 8:
        return False
    text = bytes(high).decode("cp874", errors="replace")
    thai = sum(1 for ch in text if "\u0e00" <= ch <= "\u0e7f")
    return thai / len(high) > 0.9


def decode(body: bytes, content_type: str = "") -> tuple[str, str, str]:
    """(text, codec, source). Undecodable bytes become U+FFFD, never an exception."""
    name, source = sniff(body, content_type)
    if source == "bom":
        body = body[len(codecs.BOM_UTF8):] if name == "utf-8" else body[2:]
    try:
        return body.decode(name, errors="replace"), name, source
    except (LookupError, UnicodeError, ValueError, TypeError):  # a codec that ignores "replace"
        return body.decode("utf-8", errors="replace"), "utf-8", "default"

"""Repair text that was decoded twice or with the wrong charset, before anything is matched.

Real Thai government pages arrive mis-declared: UTF-8 bytes read as Latin-1 / windows-1252
("à¸à¸£à¸¡" for "กรม"), and TIS-620 / windows-874 bytes read as Latin-1 ("¡ÃÁ" for "กรม").
Either defeats every Thai word list. The UTF-8 family is repaired by ftfy (a maintained
library that undoes exactly these mix-ups and leaves correct text alone); TIS-620 read as
Latin-1 is recognised here: the text holds no Thai, many characters of the Latin-1 range
that TIS-620 maps to Thai, and read back as windows-874 it is well-formed Thai (no vowel or
tone mark without a consonant before it). The repair is recorded on the page.
"""

from __future__ import annotations

import re

_UTF8_AS_1252 = re.compile(r"à¸|à¹|Ã[\x80-\xbf©¨ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿]|â€")
_TIS_RANGE = re.compile(r"[\xa1-\xfb]")
_THAI = re.compile(r"[\u0e01-\u0e5b]")
# vowels and tone marks that sit on a consonant: after anything but a Thai letter they are garbage
_MARK = re.compile(r"(?<![\u0e01-\u0e30\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
MIN_TIS_CHARS = 20


_TIS_BYTES = bytes(range(0xa1, 0xfc))  # _TIS_RANGE as Latin-1 bytes


def repair(text: str) -> tuple[str, str]:
    """``(text, what was repaired)``; ``""`` when nothing needed repair.

    The source is scanned as little as possible (this runs on every page): ASCII text holds
    nothing either repair looks for; TIS-620 read as Latin-1 can only be undone in text that
    encodes to Latin-1 (which then holds no Thai); every pattern of the UTF-8 family starts
    with à, Ã or â."""
    if text.isascii():
        return text, ""
    try:
        raw: bytes | None = text.encode("latin-1")
    except UnicodeEncodeError:
        raw = None  # a character above U+00FF: _tis620_from_latin1 would give None
    if raw is not None and len(raw) - len(raw.translate(None, _TIS_BYTES)) >= MIN_TIS_CHARS:
        fixed = _tis620_from_latin1(text)
        if fixed is not None:
            return fixed, "tis-620 decoded as latin-1 (re-read as windows-874)"
    if ("à" in text or "Ã" in text or "â" in text) and _UTF8_AS_1252.search(text):
        import ftfy  # 0.05 s to import, and most pages never need it

        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            return fixed, "utf-8 decoded as latin-1/windows-1252 (repaired with ftfy)"
    return text, ""


def _tis620_from_latin1(text: str) -> str | None:
    try:
        fixed = text.encode("latin-1").decode("cp874")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    thai = len(_THAI.findall(fixed))
    if thai < MIN_TIS_CHARS or len(_MARK.findall(fixed)) > 0.02 * thai:
        return None  # French, German … with accents: not Thai read wrongly
    return fixed

"""Dates as Thai and English government pages write them.

Thai pages use Buddhist Era years (CE + 543) with full or abbreviated month names
("12 มี.ค. 2567", "12 มีนาคม 2567") or numbers ("12/03/2567"); two-digit BE years
("12 มี.ค. 67") are common in news lists. English and ISO forms are understood too.
"""

from __future__ import annotations

import re
from datetime import date

TH_MONTHS = {
    "มกราคม": 1, "ม.ค.": 1, "กุมภาพันธ์": 2, "ก.พ.": 2, "มีนาคม": 3, "มี.ค.": 3, "เมษายน": 4,
    "เม.ย.": 4, "พฤษภาคม": 5, "พ.ค.": 5, "มิถุนายน": 6, "มิ.ย.": 6, "กรกฎาคม": 7, "ก.ค.": 7,
    "สิงหาคม": 8, "ส.ค.": 8, "กันยายน": 9, "ก.ย.": 9, "ตุลาคม": 10, "ต.ค.": 10,
    "พฤศจิกายน": 11, "พ.ย.": 11, "ธันวาคม": 12, "ธ.ค.": 12,
}
EN_MONTHS = {m: i for i, ms in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for m in ms}


def _trie(words: list[str]) -> str:
    """``words`` as one alternation factored by common prefixes ("jan(?:uary)?"): at each
    position the same words are tried in the same order as in a longest-first alternation of
    them (a longer word before its prefix), with one branch per first letter, not per word."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


_TH = "|".join(re.escape(m) for m in sorted(TH_MONTHS, key=len, reverse=True))
_EN_TRIE = _trie(sorted(EN_MONTHS))
_EN_FIRST = "".join(sorted({m[0] for m in EN_MONTHS}))
# The plain patterns, written so that re's search skips ahead to a digit in C (a pattern that
# starts with a character set) instead of trying the whole pattern at every position:
# "\b(\d{1,2})" is written "(\d(?<!\w\d)\d?)" (a digit is a word character, so the boundary
# before it is "no word character before it"), "\d{1,2}" is "\d\d?", and the English month
# names, which under IGNORECASE no character set can lead, are screened by their first letters
# and tried as a prefix tree (the same words in the same order). Plain, they read:
#   TH      (\d{1,2})\s*(TH)\s*(?:พ\.ศ\.\s*)?(\d{4}|\d{2})(?!\d)
#   EN_DMY  \b(\d{1,2})(?:st|nd|rd|th)?\s+(EN)\.?,?\s+(\d{4})\b          (IGNORECASE)
#   EN_MDY  \b(EN)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b          (IGNORECASE)
#   ISO     \b(\d{4})-(\d{2})-(\d{2})\b
#   DMY     \b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b
_RE_TH = re.compile(rf"(\d\d?)\s*({_TH})\s*(?:พ\.ศ\.\s*)?(\d{{4}}|\d{{2}})(?!\d)")
_RE_EN_DMY = re.compile(rf"(\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+({_EN_TRIE})\.?,?\s+(\d{{4}})\b", re.I)
_RE_EN_MDY = re.compile(rf"\b(?=[{_EN_FIRST}])({_EN_TRIE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_RE_ISO = re.compile(r"(\d(?<!\w\d)\d{3})-(\d{2})-(\d{2})\b")
_RE_DMY = re.compile(r"(\d(?<!\w\d)\d?)[/.-](\d{1,2})[/.-](\d{4})\b")


def year_ce(y: int) -> int:
    """A year as written → Common Era: BE years (≥ 2400) lose 543; 2-digit years are BE."""
    if y < 100:
        y += 2500  # "67" in a Thai date is BE 2567
    return y - 543 if y >= 2400 else y


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(year_ce(y), m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, str]]:
    """Every date in ``text`` with the snippet it came from."""
    out: list[tuple[date, str]] = []
    for m in _RE_TH.finditer(text):
        d = _mk(int(m.group(3)), TH_MONTHS[m.group(2)], int(m.group(1)))
        if d:
            out.append((d, m.group(0)))
    for m in _RE_EN_DMY.finditer(text):
        d = _mk(int(m.group(3)), EN_MONTHS[m.group(2).lower()], int(m.group(1)))
        if d:
            out.append((d, m.group(0)))
    for m in _RE_EN_MDY.finditer(text):
        d = _mk(int(m.group(3)), EN_MONTHS[m.group(1).lower()], int(m.group(2)))
        if d:
            out.append((d, m.group(0)))
    for m in _RE_ISO.finditer(text):
        d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            out.append((d, m.group(0)))
    for m in _RE_DMY.finditer(text):
        d = _mk(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            out.append((d, m.group(0)))
    return out


def newest(text: str, today: date, slack_days: int = 2) -> tuple[date, str] | None:
    """The most recent date not in the future (event announcements can be ahead)."""
    found = [(d, s) for d, s in find_dates(text) if (d - today).days <= slack_days and d.year > 1990]
    return max(found, default=None, key=lambda x: x[0])

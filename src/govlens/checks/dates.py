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

_TH = "|".join(re.escape(m) for m in sorted(TH_MONTHS, key=len, reverse=True))
_EN = "|".join(sorted(EN_MONTHS, key=len, reverse=True))
_RE_TH = re.compile(rf"(\d{{1,2}})\s*({_TH})\s*(?:พ\.ศ\.\s*)?(\d{{4}}|\d{{2}})(?!\d)")
_RE_EN_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_EN})\.?,?\s+(\d{{4}})\b", re.I)
_RE_EN_MDY = re.compile(rf"\b({_EN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_RE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RE_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


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

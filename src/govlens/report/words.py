"""The reports' words in English and Thai, from ``words.yaml`` (data, not code): interface
words, outcomes, the failure taxonomy's statuses, and the evidence notes checks write."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGS = ("en", "th")
_FILE = Path(__file__).with_name("words.yaml")


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str, str]]:
    out = []
    for entry in words()["notes"]:
        en = entry["en"]
        parts = re.split(r"(\{\w+\})", en)
        rx = "".join(f"(?P<{p[1:-1]}>.+?)" if p.startswith("{") and p.endswith("}") else re.escape(p)
                     for p in parts)
        out.append((re.compile(f"^{rx}$", re.S), en, entry["th"]))
    return out


def _pick(table: str, key: str, lang: str) -> str | None:
    entry = words()[table].get(key)
    if entry is None:
        return None
    return entry.get(lang) or entry.get("en")


def ui(key: str, lang: str) -> str:
    return _pick("ui", key, lang) or key


def outcome(value: str, lang: str) -> str:
    return _pick("outcomes", value, lang) or value


def status(value: str, lang: str) -> str:
    """A site status in words (``dns`` → "domain name not found" / "ไม่พบชื่อโดเมน")."""
    return _pick("statuses", value, lang) or value


def family(value: str, lang: str) -> str:
    return _pick("families", value, lang) or value


_AS_IS = frozenset({"n", "m", "date", "url", "word", "kind"})


def _one(text: str) -> str | None:
    for rx, _, th in _patterns():
        m = rx.match(text)
        if m is None:
            continue
        values = {}
        for k, v in m.groupdict().items():
            if k == "status":
                v = status(v, "th") + f" ({v})"
            elif k not in _AS_IS:
                v = words()["terms"].get(v, v)
            values[k] = v
        return th.format(**values)
    return None


def note(text: str, lang: str) -> str | None:
    """An evidence note or reason in ``lang``; None when no entry knows it (in Thai)."""
    if not text:
        return ""
    if lang == "en":
        return text
    got = _one(text)
    if got is None and "; " in text:
        parts = [_one(p) for p in text.split("; ")]
        if all(p is not None for p in parts):
            return "; ".join(p for p in parts if p is not None)
    return got


def note_or_title(text: str, lang: str, failure_title: dict[str, str] | None = None,
                  outcome_: str = "") -> str:
    """A note in ``lang``: its translation, else (a failed check, in Thai) the check's failure
    title with the note as written, else the note as written."""
    got = note(text, lang)
    if got is not None:
        return got
    if outcome_ == "fail" and failure_title and failure_title.get(lang):
        return f"{failure_title[lang]} ({text})" if text else failure_title[lang]
    return text

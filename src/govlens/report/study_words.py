"""The study report's own words (``study-words.yaml``) and the document's bilingual texts in
one language: ``Words(lang).t("summary")``, ``.pick({"en": …, "th": …})`` (the other
language when one is missing), and numbers written the same way in every format."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGS = ("en", "th")
_FILE = Path(__file__).with_name("study-words.yaml")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


def pick(text: Any, lang: str) -> str:
    """A bilingual object in ``lang``, else English, else Thai, else any language it has."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, dict):
        other = "th" if lang == "en" else "en"
        for key in (lang, other):
            if text.get(key):
                return str(text[key])
        return next((str(v) for v in text.values() if v), "")
    return str(text)


def pct(value: Any) -> str:
    """A share (0–1) as a whole percentage; unknown stays a dash, never 0."""
    return "–" if not isinstance(value, int | float) else f"{value * 100:.0f}%"


def points(value: Any) -> str:
    """A difference of shares in percentage points, one decimal."""
    return "–" if not isinstance(value, int | float) else f"{value * 100:.1f}"


def rank_text(value: Any) -> str:
    if not isinstance(value, int | float):
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def interval(value: Any) -> str:
    if not isinstance(value, list | tuple) or len(value) != 2 or None in value:
        return "–"
    return f"{rank_text(value[0])}–{rank_text(value[1])}"


@dataclass(frozen=True)
class Words:
    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"language {self.lang!r}: one of {', '.join(LANGS)}")

    def t(self, key: str, **values: Any) -> str:
        entry = table()["ui"].get(key)
        text = pick(entry, self.lang) if entry else key
        return text.format(**values) if values else text

    def pick(self, text: Any) -> str:
        return pick(text, self.lang)

    def kind(self, kind: str) -> str:
        return pick(table()["kinds"].get(kind), self.lang) or kind

    def effort(self, effort: str) -> str:
        return self.t(f"effort_{effort}") if f"effort_{effort}" in table()["ui"] else effort

    def level(self, level: str, doc: dict[str, Any]) -> str:
        rules = (doc.get("rules") or {}).get("levels") or {}
        return pick(rules.get(level) or table()["levels"].get(level), self.lang) or level

    def aim(self, aim: str, doc: dict[str, Any]) -> str:
        rules = (doc.get("rules") or {}).get("aims") or {}
        return pick(rules.get(aim) or table()["aims"].get(aim), self.lang) or aim

    def country(self, code: str, doc: dict[str, Any]) -> str:
        c = (doc.get("countries") or {}).get(code) or {}
        return pick(c.get("name"), self.lang) or code

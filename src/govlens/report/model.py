"""What every report format shows of a run — sites × checks, in one language — built once
from the run as stored (its recorded check catalogue, never the registry)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from govlens import __version__
from govlens.report import words

JUDGED = ("pass", "partial", "fail")


def iso(t: Any) -> str:
    """A time as ISO 8601 with its UTC offset ("2026-05-01T03:04:05+00:00"); text as given."""
    if isinstance(t, datetime):
        return t.isoformat(timespec="seconds")
    return "" if t is None else str(t)


def run_checks_of(run: dict[str, Any], sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The checks the run was judged with, as it recorded them; a run without the record
    (made before it was kept) gets its ids, families and ids as titles from the results."""
    recorded = (run.get("settings") or {}).get("checks")
    if recorded:
        return [dict(c) for c in recorded]
    ids = sorted({cid for s in sites for cid in s["checks"]})
    return [{"id": i, "category": i.split(".")[0], "title": {"en": i}, "description": {"en": ""}} for i in ids]


def _text(d: dict[str, str] | None, lang: str) -> str:
    d = d or {}
    return d.get(lang) or d.get("en") or ""


def site_share(site: dict[str, Any]) -> tuple[int, int, int, float | None]:
    """(judged, passed, failed, share): the share is the mean score of the judged checks
    (pass 1, partial its score, fail 0); None when nothing was judged."""
    judged = [c for c in site["checks"].values() if c.get("outcome") in JUDGED]
    if not judged:
        return 0, 0, 0, None
    total = 0.0
    for c in judged:
        s = c.get("score")
        total += float(s) if isinstance(s, int | float) else (1.0 if c["outcome"] == "pass" else 0.0)
    passed = sum(1 for c in judged if c["outcome"] == "pass")
    failed = sum(1 for c in judged if c["outcome"] == "fail")
    return len(judged), passed, failed, round(total / len(judged), 4)


@dataclass
class Cell:
    outcome: str
    word: str
    score: float | None
    note: str  # the first evidence note, or the reason, in the report's language
    note_en: str
    evidence: list[dict[str, str]]
    reason: str


@dataclass
class SiteRow:
    url: str
    org_id: str
    name_en: str
    name_th: str
    name: str  # in the report's language (else the other)
    status: str
    status_words: str
    reason: str
    finished: str
    judged: int
    passed: int
    failed: int
    share: float | None
    cells: dict[str, Cell] = field(default_factory=dict)
    axe: dict[str, Any] | None = None  # a11y.axe's details (summary per level, violations), when rendered
    shot: str = ""  # the home page's screenshot as a data: URI, when given


@dataclass
class ReportModel:
    lang: str
    run: dict[str, Any]
    checks: list[dict[str, Any]]
    sites: list[SiteRow]
    statuses: Counter[str]
    per_check: dict[str, Counter[str]]
    version: str = __version__

    def t(self, key: str) -> str:
        return words.ui(key, self.lang)

    def title(self, check: dict[str, Any]) -> str:
        return _text(check.get("title"), self.lang) or check["id"]

    @property
    def unreachable(self) -> int:
        return sum(n for st, n in self.statuses.items() if st != "ok")

    def run_rows(self) -> list[tuple[str, str]]:
        r = self.run
        return [(self.t("run"), str(r.get("id", ""))), (self.t("name"), str(r.get("name", ""))),
                (self.t("started"), iso(r.get("started"))), (self.t("finished"), iso(r.get("finished"))),
                (self.t("source"), str(r.get("source", ""))), (self.t("catalog"), str(r.get("catalog", ""))),
                (self.t("sites"), str(len(self.sites))), (self.t("version"), str(r.get("govlens_version", "")))]


def build(run: dict[str, Any], sites: Iterable[dict[str, Any]], lang: str = "en",
          shots: Mapping[str, str] | None = None) -> ReportModel:
    """The report's model; ``shots``: site URL → home-page screenshot (data: URI), read from the
    run's archives by the caller (the report reads results, not archives)."""
    if lang not in words.LANGS:
        raise ValueError(f"language {lang!r}: one of {', '.join(words.LANGS)}")
    site_list = list(sites)
    checks = sorted(run_checks_of(run, site_list), key=lambda c: (c["category"], c["id"]))
    by_id = {c["id"]: c for c in checks}
    rows = []
    for s in site_list:
        org = s.get("organisation") or {}
        name = org.get("name") or {}
        if isinstance(name, str):
            name = {"en": name}
        judged, passed, failed, share = site_share(s)
        row = SiteRow(url=s["url"], org_id=str(org.get("id", "")), name_en=name.get("en", ""),
                      name_th=name.get("th", ""), name=_text(name, lang) or name.get("th", ""),
                      status=s.get("status", ""), status_words=words.status(s.get("status", ""), lang),
                      reason=s.get("reason", ""), finished=iso(s.get("finished")), judged=judged,
                      passed=passed, failed=failed, share=share, shot=(shots or {}).get(s["url"], ""))
        axe = s["checks"].get("a11y.axe") or {}
        if axe.get("outcome") in ("pass", "partial", "fail"):
            row.axe = axe.get("details") or {}
        for cid, r in s["checks"].items():
            ev = list(r.get("evidence") or [])
            reason = str((r.get("details") or {}).get("reason", ""))
            first = ev[0] if ev else {}
            raw = first.get("note") or first.get("snippet") or reason
            text = first.get("note") or reason
            details = r.get("details") or {}
            failure = str(details.get("tls_error") or (details.get("status") if cid == "site.reachable" else "") or "")
            if failure and failure != "ok" and words.note(text, lang) in (None, text) and failure in words.words()["statuses"]:
                # a library's error message: said in the failure taxonomy's words, the message kept as detail
                note = f"{words.status(failure, lang)} ({failure})"
            else:
                note = words.note_or_title(text, lang, (by_id.get(cid) or {}).get("failure_title"), r["outcome"])
            if not note and first.get("snippet"):
                note = first["snippet"]
            row.cells[cid] = Cell(r["outcome"], words.outcome(r["outcome"], lang), r.get("score"), note,
                                  raw, ev, reason)
        rows.append(row)
    per_check = {c["id"]: Counter(row.cells[c["id"]].outcome if c["id"] in row.cells else "missing"
                                  for row in rows) for c in checks}
    return ReportModel(lang, run, checks, rows, Counter(r.status for r in rows), per_check)

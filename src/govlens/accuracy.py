"""Accuracy of checks against hand labels: precision, recall and F1 per check.

Labels are ``site_url, check_id, expected``. A check is "positive" when it says the
feature is there (pass or partial); expected pass/partial is a positive label, fail a
negative one; other expected values are compared for exact agreement only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POSITIVE = {"pass", "partial", "info"}  # info: an inventory found something
NEGATIVE = {"fail"}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    agree: int = 0
    total: int = 0
    missing: int = 0  # labelled but no result (site or check absent)
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        def rnd(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn, "n": self.total,
                "missing": self.missing, "agreement": rnd(self.agree / self.total if self.total else None),
                "precision": rnd(self.precision), "recall": rnd(self.recall), "f1": rnd(self.f1)}


def load_labels(path: Path) -> list[tuple[str, str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    need = {"site_url", "check_id", "expected"}
    if rows and not need <= set(rows[0]):
        raise ValueError(f"{path}: labels need columns {sorted(need)}, found {sorted(rows[0])}")
    return [(r["site_url"].strip(), r["check_id"].strip(), r["expected"].strip().lower()) for r in rows]


def load_outcomes(results: Path) -> dict[tuple[str, str], str]:
    doc = json.loads(Path(results).read_text(encoding="utf-8"))
    return {(s["url"], cid): c["outcome"] for s in doc["sites"] for cid, c in s["checks"].items()}


def tally(labels: list[tuple[str, str, str]], outcomes: dict[tuple[str, str], str]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for url, cid, expected in labels:
        t = tallies.setdefault(cid, Tally())
        got = outcomes.get((url, cid))
        if got is None:
            t.missing += 1
            continue
        t.total += 1
        t.agree += int(got == expected or (got in POSITIVE and expected in POSITIVE))
        exp_pos = expected in POSITIVE
        got_pos = got in POSITIVE
        if expected not in POSITIVE | NEGATIVE:
            continue
        if exp_pos and got_pos:
            t.tp += 1
        elif exp_pos:
            t.fn += 1
            t.errors.append({"site": url, "expected": expected, "got": got})
        elif got_pos:
            t.fp += 1
            t.errors.append({"site": url, "expected": expected, "got": got})
        else:
            t.tn += 1
    return dict(sorted(tallies.items()))


# ------------------------------------------------------------------------ page corpora

# A labelled feature (docs/labelling-guide.md) → the check that detects it. A feature with
# no check here is reported as "no detector", never silently dropped.
FEATURE_CHECKS: dict[str, str] = {
    "contact": "content.contact", "contact_details": "content.contact-details", "about": "content.about",
    "org_chart": "content.org-chart", "executives": "content.executives", "news": "content.news",
    "faq": "content.faq", "sitemap": "content.sitemap", "privacy": "content.privacy-policy",
    "website_policy": "content.website-policy", "search": "content.search",
    "foreign_language": "content.foreign-language", "social_media": "participation.social-media",
    "feedback": "participation.feedback", "survey": "participation.survey",
    "e_petition": "participation.e-petition", "consultation": "participation.consultation",
    "chat": "participation.chat", "eservice": "services.eservice-links", "citizen_login": "services.login",
    "payment": "services.payment", "opendata": "opendata.link", "datasets": "opendata.datasets",
    "procurement": "participation.procurement", "budget": "participation.budget",
}
UNKNOWN = {"?", ""}


@dataclass
class PageTallies:
    """Per feature (and per form kind) tallies over a page corpus, with the ``?`` labels
    that were dropped and the features no check detects."""

    features: dict[str, Tally]
    forms: dict[str, Tally]
    language: Tally
    dropped: dict[str, int]
    no_detector: dict[str, int]
    skipped_pages: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"features": {k: t.to_dict() for k, t in self.features.items()},
                "forms": {k: t.to_dict() for k, t in self.forms.items()},
                "page_language": self.language.to_dict(), "dropped_unknown": self.dropped,
                "no_detector": self.no_detector, "skipped_pages": self.skipped_pages}


def read_batch(path: Path) -> dict[str, dict[str, Any]]:
    """``govlens checks page --format jsonl`` output, by page id."""
    out: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path}:{n}: not a JSON line: {exc}") from None
                out[str(row["id"])] = row
    return out


def page_tally(labels: Iterable[Mapping[str, str]], batch: Mapping[str, Mapping[str, Any]],
               forms: Iterable[Mapping[str, str]] = (), ids: set[str] | None = None,
               feature_checks: Mapping[str, str] = FEATURE_CHECKS) -> PageTallies:
    """Precision / recall per feature of a page corpus: ``labels`` rows ``id, feature, value``
    (1 / 0 / ? — ``?`` dropped and counted), ``forms`` rows ``id, form, kind`` (the form's
    number in document order, from 1), ``batch`` the judged pages; ``ids`` restricts to a part
    of the corpus (development or held-out)."""
    feats: dict[str, Tally] = {}
    dropped: dict[str, int] = {}
    no_det: dict[str, int] = {}
    lang = Tally()
    skipped = sorted(i for i, r in batch.items() if "skipped" in r and (ids is None or i in ids))
    for row in labels:
        pid, feature, value = row["id"].strip(), row["feature"].strip(), str(row["value"]).strip().lower()
        if ids is not None and pid not in ids:
            continue
        page = batch.get(pid)
        if feature == "page_language":
            if value in UNKNOWN:
                dropped[feature] = dropped.get(feature, 0) + 1
                continue
            got = ((page or {}).get("checks", {}).get("content.language", {}).get("details") or {}).get("language")
            if page is None or "skipped" in page:
                lang.missing += 1
                continue
            lang.total += 1
            lang.agree += int(got == value.split(":")[0])
            if got != value.split(":")[0]:
                lang.errors.append({"site": pid, "expected": value, "got": str(got)})
            continue
        if value in UNKNOWN:
            dropped[feature] = dropped.get(feature, 0) + 1
            continue
        cid = feature_checks.get(feature)
        if cid is None:
            no_det[feature] = no_det.get(feature, 0) + 1
            continue
        t = feats.setdefault(feature, Tally())
        result = (page or {}).get("checks", {}).get(cid)
        if result is None:
            t.missing += 1
            continue
        _count(t, pid, value in ("1", "yes", "true", "pass"), result["outcome"] in POSITIVE, result["outcome"])
    kinds: dict[str, Tally] = {}
    for row in forms:
        pid = row["id"].strip()
        if ids is not None and pid not in ids:
            continue
        page = batch.get(pid)
        k = int(row["form"]) - 1
        want = row["kind"].strip().lower()
        if want in UNKNOWN or page is None or "skipped" in page:
            continue
        found = page.get("forms", [])
        got = found[k]["kind"] if 0 <= k < len(found) else "missing"
        got = "contact" if got == "feedback" else got  # the labels' word for free-text contact forms
        for kind in {want, got} - {"missing"}:
            _count(kinds.setdefault(kind, Tally()), f"{pid}#{k + 1}", want == kind, got == kind, got)
    return PageTallies(dict(sorted(feats.items())), dict(sorted(kinds.items())), lang, dropped, no_det, skipped)


def _count(t: Tally, where: str, expected: bool, got: bool, outcome: str) -> None:
    t.total += 1
    t.agree += int(expected == got)
    if expected and got:
        t.tp += 1
    elif expected:
        t.fn += 1
        t.errors.append({"site": where, "expected": "1", "got": outcome})
    elif got:
        t.fp += 1
        t.errors.append({"site": where, "expected": "0", "got": outcome})
    else:
        t.tn += 1

"""Accuracy of checks against hand labels: precision, recall and F1 per check.

Labels are ``site_url, check_id, expected``. A check is "positive" when it says the
feature is there (pass or partial); expected pass/partial is a positive label, fail a
negative one; other expected values are compared for exact agreement only.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
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


LABEL_COLUMNS = ("site_url", "check_id", "expected")
IGNORED_COLUMNS = ("note", "notes", "why", "source", "labeller", "labeler", "comment")


class LabelError(ValueError):
    """A labels file that cannot be used; ``str()`` names the file (and the row)."""


@dataclass
class LabelFile:
    labels: list[tuple[str, str, str]]
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


def _examples(c: Counter[str], n: int = 5) -> str:
    return ", ".join(f"{k!r} ×{v}" for k, v in c.most_common(n)) + (" …" if len(c) > n else "")


def read_labels(path: str | Path, encoding: str | None = None) -> LabelFile:
    """Read and judge a labels CSV (``site_url, check_id, expected``): a missing column, a
    malformed row, an empty file or an ``expected`` that is not an outcome is a LabelError
    (with the rows and counts); unknown extra columns and repeated labels are warnings."""
    from govlens.checks.registry import OUTCOMES
    from govlens.textfile import read_text

    path = Path(path)
    text, used = read_text(path, encoding)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out = LabelFile([], used)
    header: list[str] | None = None
    bad: dict[str, list[int]] = {}
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    repeats = 0
    row = 0
    while True:
        row += 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            hint = " (a quote \" that is never closed?)" if "end of data" in str(exc) or "EOF" in str(exc) else ""
            raise LabelError(f"{path}:{reader.line_num}: not valid CSV: {exc}{hint}") from None
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [c.strip().lower().lstrip("\ufeff") for c in record]
            missing = [c for c in LABEL_COLUMNS if c not in header]
            if missing:
                raise LabelError(f"{path}: labels need the columns {', '.join(LABEL_COLUMNS)}; "
                                 f"missing {', '.join(missing)} (found {', '.join(header) or 'none'})")
            unknown = [c for c in header if c not in LABEL_COLUMNS and c not in IGNORED_COLUMNS]
            if unknown:
                out.warnings.append(f"{path}: unknown column(s) {', '.join(unknown)} ignored "
                                    f"(columns: {', '.join(LABEL_COLUMNS)})")
            continue
        if len(record) != len(header):
            raise LabelError(f"{path}:{row}: {len(record)} values but the header has {len(header)} columns")
        r = dict(zip(header, (c.strip() for c in record), strict=True))
        url, cid, expected = r["site_url"], r["check_id"], r["expected"].lower()
        if not url or not cid:
            raise LabelError(f"{path}:{row}: {'site_url' if not url else 'check_id'} is empty")
        if expected not in OUTCOMES:
            bad.setdefault(r["expected"], []).append(row)
            continue
        key = (url, cid)
        if key in seen:
            repeats += 1
            if seen[key][0] != expected:
                raise LabelError(f"{path}:{row}: {cid} on {url} is labelled {expected!r} here and "
                                 f"{seen[key][0]!r} at row {seen[key][1]}")
            continue
        seen[key] = (expected, row)
        out.labels.append((url, cid, expected))
    if bad:
        n = sum(len(v) for v in bad.values())
        shown = ", ".join(f"{v!r} ×{len(rows)} (row {', '.join(map(str, rows[:3]))}{' …' if len(rows) > 3 else ''})"
                          for v, rows in list(bad.items())[:5])
        raise LabelError(f"{path}: {n} label(s) with an unknown expected value: {shown}; "
                         f"expected is one of {', '.join(OUTCOMES)}")
    if header is None:
        raise LabelError(f"{path}: the file is empty (labels need a header: {', '.join(LABEL_COLUMNS)})")
    if not out.labels:
        raise LabelError(f"{path}: no labels, only a header")
    if repeats:
        out.warnings.append(f"{path}: {repeats} repeated label(s) counted once")
    return out


def load_labels(path: Path, encoding: str | None = None) -> list[tuple[str, str, str]]:
    """The labels of a file (see :func:`read_labels`), as (site_url, check_id, expected)."""
    return read_labels(path, encoding).labels


def unmatched(labels: list[tuple[str, str, str]], outcomes: dict[tuple[str, str], str]) -> dict[str, Counter[str]]:
    """Labels naming a site or a check the results do not have: ``{"sites": …, "checks": …}``
    counting labels per unknown site / check id."""
    sites = {u for u, _ in outcomes}
    checks = {c for _, c in outcomes}
    return {"sites": Counter(u for u, _, _ in labels if u not in sites),
            "checks": Counter(c for u, c, _ in labels if u in sites and c not in checks)}


def load_outcomes(results: Path) -> dict[tuple[str, str], str]:
    """(site url, check id) → outcome, from a results.json (ResultsFileError when it is not one)."""
    from govlens.store.results import read_results_file

    doc = read_results_file(results)
    return outcomes_of(doc["sites"])


def outcomes_of(sites: Iterable[dict[str, Any]]) -> dict[tuple[str, str], str]:
    return {(s["url"], cid): c.get("outcome", "") for s in sites for cid, c in (s.get("checks") or {}).items()}


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

"""Accuracy of checks against hand labels: precision, recall and F1 per check.

Labels are ``site_url, check_id, expected``. A check is "positive" when it says the
feature is there (pass or partial); expected pass/partial is a positive label, fail a
negative one; other expected values are compared for exact agreement only.
"""

from __future__ import annotations

import csv
import json
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

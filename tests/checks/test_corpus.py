"""Accuracy on the labelled corpus (tests/corpus): precision, recall and F1 per check.

Each ``tests/corpus/*.html`` is a saved page (its URL in the ``<!-- saved from url=… -->``
comment browsers write); ``tests/corpus/labels.csv`` says, per page and check, what a
visitor sees (``pass``/``fail``; ``partial`` for freshness; the maturity level as
``services.maturity@level``). The page is parsed as the crawler would, put into a one-page
``SiteEvidence`` captured on 2026-11-24, and every labelled check is run.

``GOVLENS_WRITE_ACCURACY=1 python -m pytest tests/checks/test_corpus.py`` also writes the
table to ``docs/accuracy-corpus.md``.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from govlens.accuracy import Tally, tally
from govlens.checks.registry import get_check
from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import parse_html

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
HOLDOUT = CORPUS / "holdout"  # written after the detectors were frozen: reported, not gated
DOC = ROOT / "docs" / "accuracy-corpus.md"
CAPTURED = "2026-11-24T00:00:00+00:00"
LEVEL = "services.maturity@level"
MIN_F1 = 0.95
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->")

# Core checks that miss the bar because of a detector weakness outside the files this suite
# owns; the fix is proposed in docs/accuracy-corpus.md ("Proposed fixes"). Labels are not
# changed to make them pass. Remove an entry when its fix lands (the test then runs strict).
_SEE = "fix proposed in docs/accuracy-corpus.md"
KNOWN_WEAK: dict[str, str] = {}  # checks below the bar, with the reason; none today


def page_url(body: bytes, name: str) -> str:
    m = _SAVED_FROM.search(body[:500])
    return m.group(1).decode("ascii") if m else f"https://corpus.test/{name}"


@cache
def corpus(folder: Path = CORPUS) -> tuple[dict[str, str], dict[tuple[str, str], str], dict[str, dict[str, str]]]:
    """(file → URL, outcomes by (URL, check), labels by file → {check: expected})."""
    labels: dict[str, dict[str, str]] = {}
    with open(folder / "labels.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            labels.setdefault(row["file"], {})[row["check_id"]] = row["expected"].strip().lower()
    urls: dict[str, str] = {}
    outcomes: dict[tuple[str, str], str] = {}
    check_ids = sorted({c for per in labels.values() for c in per if c != LEVEL})
    checks = [get_check(c) for c in check_ids]
    for name in sorted(labels):
        body = (folder / name).read_bytes()
        url = page_url(body, name)
        urls[name] = url
        page = parse_html(body, url, discovered_as="home")
        site = SiteEvidence(site_url=url, final_url=url, status="ok", reason="", redirects=(),
                            pages=(page,), captured=CAPTURED)
        for c in checks:
            r = c.run(site)
            outcomes[(url, c.id)] = r.outcome
            if c.id == "services.maturity":
                outcomes[(url, LEVEL)] = str(r.details.get("level", ""))
    return urls, outcomes, labels


@cache
def tallies(folder: Path = CORPUS) -> dict[str, Tally]:
    urls, outcomes, labels = corpus(folder)
    rows = [(urls[f], cid, exp) for f, per in labels.items() for cid, exp in per.items()]
    return tally(rows, outcomes)


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def markdown() -> str:
    urls, _, labels = corpus()
    by_url = {u: f for f, u in urls.items()}
    t = tallies()
    langs = Counter("th" if f.startswith("th-") else "en" for f in labels)
    lines = [
        "# Accuracy on the labelled corpus",
        "",
        "Produced by `GOVLENS_WRITE_ACCURACY=1 python -m pytest tests/checks/test_corpus.py -q`",
        f"on {len(labels)} saved pages in `tests/corpus/` ({langs['th']} Thai-government, {langs['en']} "
        "English-language), captured date 2026-11-24. Labels (`tests/corpus/labels.csv`) are what a visitor "
        "sees, decided when each page was written — see “How pages were labelled” below.",
        "",
        "A check is positive when it says `pass` or `partial`. `n` counts labelled pages.",
        "",
        "| check | n | TP | FP | FN | TN | precision | recall | F1 | bar |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for cid, tl in t.items():
        if cid == LEVEL:
            continue
        d = tl.to_dict()
        bar = ("xfail: " + KNOWN_WEAK[cid].split(":")[0]) if cid in KNOWN_WEAK else \
            ("≥ 0.95" if _gated(cid) else "reported")
        lines.append(f"| `{cid}` | {d['n']} | {tl.tp} | {tl.fp} | {tl.fn} | {tl.tn} | {_f(d['precision'])} | "
                     f"{_f(d['recall'])} | {_f(d['f1'])} | {bar} |")
    lv = t.get(LEVEL)
    if lv:
        lines += ["", f"`services.maturity` level (1–5) agrees exactly on {lv.agree} of {lv.total} pages "
                      f"({lv.agree / lv.total:.1%})."]
    lines += ["", "## Errors (the hard cases the detectors still get wrong)", ""]
    any_err = False
    for cid, tl in t.items():
        for e in tl.errors:
            any_err = True
            lines.append(f"- `{cid}` on `{by_url.get(e['site'], e['site'])}`: expected {e['expected']}, got {e['got']}")
    if lv:
        for f, per in sorted(labels.items()):
            got = corpus()[1].get((urls[f], LEVEL))
            if got != per.get(LEVEL):
                any_err = True
                lines.append(f"- maturity level on `{f}`: expected {per.get(LEVEL)}, got {got}")
    if not any_err:
        lines.append("None.")
    if (HOLDOUT / "labels.csv").exists():
        hu, ho, hl = corpus(HOLDOUT)
        ht = tallies(HOLDOUT)
        hby = {u: f for f, u in hu.items()}
        tp = sum(x.tp for k, x in ht.items() if k != LEVEL)
        fp = sum(x.fp for k, x in ht.items() if k != LEVEL)
        fn = sum(x.fn for k, x in ht.items() if k != LEVEL)
        lines += ["", "## Held-out pages (`tests/corpus/holdout/`, reported, not gated)", "",
                  f"{len(hl)} pages written and labelled after the detectors were frozen. Over all labelled "
                  f"checks: precision {_f(tp / (tp + fp) if tp + fp else None)}, recall "
                  f"{_f(tp / (tp + fn) if tp + fn else None)} ({tp} TP, {fp} FP, {fn} FN). Errors now:", ""]
        herr = [f"- `{cid}` on `{hby.get(e['site'], e['site'])}`: expected {e['expected']}, got {e['got']}"
                for cid, x in ht.items() for e in x.errors]
        herr += [f"- maturity level on `{f}`: expected {per.get(LEVEL)}, got {ho.get((hu[f], LEVEL))}"
                 for f, per in sorted(hl.items()) if ho.get((hu[f], LEVEL)) != per.get(LEVEL)]
        lines += herr or ["None."]
    extra = ROOT / "tests" / "corpus" / "README.md"
    if extra.exists():
        lines += ["", extra.read_text(encoding="utf-8").split("\n", 1)[1].strip()]
    return "\n".join(lines) + "\n"


def _gated(cid: str) -> bool:
    return cid.split(".")[0] in ("content", "services", "participation", "opendata") and cid != LEVEL


def test_every_page_is_labelled_for_every_check():
    urls, _, labels = corpus()
    pages = {p.name for p in CORPUS.glob("*.html")}
    assert pages == set(labels), f"unlabelled: {pages - set(labels)}; missing: {set(labels) - pages}"
    assert len(pages) >= 60
    first = next(iter(labels.values()))
    for f, per in labels.items():
        assert set(per) == set(first), f"{f} is not labelled for {set(first) ^ set(per)}"
    assert len(set(urls.values())) == len(urls), "two pages share a URL"


def test_write_accuracy_doc():
    text = markdown()
    if os.environ.get("GOVLENS_WRITE_ACCURACY") == "1":
        DOC.write_text(text, encoding="utf-8")
    assert "| check |" in text


def _params() -> list:
    _, _, labels = corpus()
    ids = sorted({c for per in labels.values() for c in per if _gated(c)})
    out = []
    for cid in ids:
        marks = [pytest.mark.xfail(reason=KNOWN_WEAK[cid], strict=False)] if cid in KNOWN_WEAK else []
        out.append(pytest.param(cid, id=cid, marks=marks))
    return out


@pytest.mark.parametrize("cid", _params())
def test_f1_at_least_bar(cid):
    t = tallies()[cid]
    assert t.f1 is not None and t.f1 >= MIN_F1, (
        f"{cid}: F1 {t.f1} (P {t.precision}, R {t.recall}); errors: {t.errors}")


def test_maturity_level_agreement():
    lv = tallies()[LEVEL]
    assert lv.total and lv.agree / lv.total >= 0.9, f"maturity level agreement {lv.agree}/{lv.total}"

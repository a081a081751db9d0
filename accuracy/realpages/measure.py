"""Measure govlens on the real-page corpus: judge every page (the same code path as
``govlens checks page DIR --format jsonl``), then precision / recall / F1 per feature against
the blind labels, on the held-out part (the result) and the development part (beside it).

    python accuracy/realpages/measure.py            # writes accuracy/realpages/results.md and batch.jsonl
    python accuracy/realpages/measure.py --dev-only # detector work: development figures and errors only
    python accuracy/realpages/measure.py --dev-only --last-round  # the same, on the last round's dev pages
    python accuracy/realpages/measure.py --since=6  # fresh held-out = the pages of rounds 6 and later

rounds.csv says in which collection round each page came; the held-out pages of the last round
are reported on their own, since the older held-out pages have been measured (never tuned on)
at the end of earlier rounds.

Labels: labels/*.csv (``id,feature,value,note``; value 1/0/?) and labels/forms-*.csv
(``id,form,kind,staff,note``) from the first blind pass; agreement with the second pass
(labels/pass2/) is reported per feature as percent and Cohen's kappa.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from govlens.accuracy import FEATURE_CHECKS, Tally, page_tally
from govlens.run.pages import SavedPage, judge_pages

HERE = Path(__file__).resolve().parent
ROOT = Path(next((a for a in sys.argv[1:] if not a.startswith("--")), HERE))  # the corpus folder (pages/, labels/, split.csv)
CAPTURED = "2026-12-01T00:00:00+00:00"


def read_csvs(paths: list[Path]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for p in sorted(paths):
        with open(p, newline="", encoding="utf-8-sig") as fh:
            rows += [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(fh)]
    return rows


def kappa(a: list[str], b: list[str]) -> float | None:
    n = len(a)
    if not n:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    cats = set(a) | set(b)
    pe = sum((a.count(c) / n) * (b.count(c) / n) for c in cats)
    return None if pe == 1 else round((po - pe) / (1 - pe), 3)


def _served(m: dict[str, str]) -> Path:
    """The page as served (served.py), else the page as the readers were shown it."""
    copy = ROOT / "pages" / f"{m['id']}.served.html"
    return copy if copy.exists() else ROOT / m["body_file"]


def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def table(title: str, tallies: dict[str, Tally], dev: dict[str, Tally] | None = None,
          forms: bool = False) -> list[str]:
    out = [f"### {title}", "", "| feature | check | n | positives | precision | recall | F1 | dev F1 |",
           "|---|---|---:|---:|---:|---:|---:|---:|"]
    for k, t in tallies.items():
        d = dev.get(k) if dev else None
        check = "form kind" if forms else f"`{FEATURE_CHECKS.get(k, '—')}`"
        out.append(f"| {k} | {check} | {t.total} | {t.tp + t.fn} | {fmt(t.precision)} | "
                   f"{fmt(t.recall)} | {fmt(t.f1)} | {fmt(d.f1) if d else '—'} |")
    return out + [""]


def binary_agreement(by_feat: dict[str, tuple[list[str], list[str]]]) -> list[str]:
    """Agreement where both readers judged (0/1), and the second reader's F1 against the first:
    the ceiling the labels themselves set on a detector's F1. Most disagreement above is one
    reader's `?` (a fragment) against the other's 0/1, which the scores drop anyway."""
    out = ["Where both readers said 0 or 1 (a `?` from either is dropped, as the scores drop it), "
           "and the second reader scored as a detector against the first:", "",
           "| feature | both judged | agreement | positives (first reader) | second reader's F1 | with a `?` |",
           "|---|---:|---:|---:|---:|---:|"]
    for f, (a, b) in sorted(by_feat.items()):
        pairs = [(x, y) for x, y in zip(a, b, strict=True) if x in ("0", "1") and y in ("0", "1")]
        if not pairs:
            continue
        tp = sum(p == ("1", "1") for p in pairs)
        fp = sum(p == ("0", "1") for p in pairs)
        fn = sum(p == ("1", "0") for p in pairs)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
        agree = sum(x == y for x, y in pairs) / len(pairs)
        out.append(f"| {f} | {len(pairs)} | {agree:.1%} | {tp + fn} | {fmt(f1)} | {len(a) - len(pairs)} |")
    return out


def dev_errors_md(dev) -> list[str]:
    out = ["### Development errors (what detector work may look at)", ""]
    for k, t in dev.features.items():
        out += [f"- `{k}` on `{e['site']}`: labelled {e['expected']}, got {e['got']}" for e in t.errors]
    for k, t in dev.forms.items():
        out += [f"- form `{k}` on `{e['site']}`: labelled {e['expected']}, got {e['got']}" for e in t.errors]
    return out


def dev_only(dev, judged: int, dt: float) -> int:
    """Development table and errors, nothing about the held-out part (for detector work)."""
    lines = [f"{judged} pages judged in {dt:.1f} s ({judged / dt:.0f} pages/s)", "",
             "| feature | n | positives | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|"]
    for k, t in {**dev.features, **{f"form:{k}": t for k, t in dev.forms.items()}}.items():
        lines.append(f"| {k} | {t.total} | {t.tp + t.fn} | {fmt(t.precision)} | {fmt(t.recall)} | {fmt(t.f1)} |")
    (ROOT / "dev-errors.md").write_text("\n".join(dev_errors_md(dev)) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def main() -> int:
    split = {r["id"]: r["part"] for r in read_csvs([ROOT / "split.csv"])}
    labels = read_csvs([p for p in (ROOT / "labels").glob("*.csv") if not p.name.startswith("forms")])
    forms = read_csvs(list((ROOT / "labels").glob("forms*.csv")))
    manifest = read_csvs([ROOT / "manifest.csv"])
    pages = [SavedPage(_served(m), m.get("original_url", ""), m["id"]) for m in manifest]
    t0 = time.perf_counter()
    batch = {}
    with open(ROOT / "batch.jsonl", "w", encoding="utf-8") as fh:
        for row in judge_pages(pages, captured=CAPTURED):
            batch[row["id"]] = row
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    dt = time.perf_counter() - t0
    parts = {p: {i for i, q in split.items() if q == p} for p in ("dev", "heldout")}
    rounds = {r["id"]: int(r["round"]) for r in read_csvs([ROOT / "rounds.csv"])}
    last = max(rounds.values())
    # pages no detector work has seen measured: the last round's, or those of the rounds since
    # --since N (several rounds collected in one session, measured once at its end)
    since = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--since=")), last)
    fresh = {i for i, n in rounds.items() if n >= since}
    fresh_name = f"round {last}" if since == last else f"rounds {since}–{last}"
    dev = page_tally(labels, batch, forms, parts["dev"])
    if "--dev-only" in sys.argv:  # tuning must not see held-out figures
        if "--last-round" in sys.argv or any(a.startswith("--since=") for a in sys.argv):
            dev = page_tally(labels, batch, forms, parts["dev"] & fresh)
        return dev_only(dev, len(batch), dt)
    held = page_tally(labels, batch, forms, parts["heldout"])
    held_new = page_tally(labels, batch, forms, parts["heldout"] & fresh)
    dev_new = page_tally(labels, batch, forms, parts["dev"] & fresh)
    lines = ["# Accuracy on the real-page corpus", "",
             f"{len(batch)} pages judged in {dt:.1f} s ({len(batch) / dt:.0f} pages/s, one process); "
             f"{len(labels)} feature labels, {len(forms)} form labels.", "",
             "Command: `python accuracy/realpages/measure.py`", ""]
    lines += table("Held-out part (the result)", held.features, dev.features)
    lines += table("Form kinds, held-out", held.forms, dev.forms, forms=True)
    lines += table(f"Held-out pages of {fresh_name} only ({len(parts['heldout'] & fresh)} pages: measured here for "
                   f"the first time; dev F1 = the dev pages of {fresh_name})",
                   held_new.features, dev_new.features)
    lines += table(f"Form kinds, held-out pages of {fresh_name} only", held_new.forms, dev_new.forms, forms=True)
    lines += [f"Page language (held-out): {held.language.agree}/{held.language.total} agree; "
              f"dev {dev.language.agree}/{dev.language.total}.", "",
              f"Dropped `?` labels (held-out): {held.dropped}; features without a detector: {held.no_detector}.", ""]
    pass2_dir = ROOT / "labels" / "pass2"
    pass2 = read_csvs([p for p in pass2_dir.glob("*.csv") if not p.name.startswith("forms")]) \
        if pass2_dir.is_dir() else []
    if pass2:
        first = {(r["id"], r["feature"]): r["value"].lower() for r in labels}
        by_feat: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for r in pass2:
            key = (r["id"], r["feature"])
            if key in first:
                by_feat[r["feature"]][0].append(first[key])
                by_feat[r["feature"]][1].append(r["value"].lower())
        lines += ["### Agreement of two blind readers", "",
                  f"{len({r['id'] for r in pass2})} pages labelled twice.", "",
                  "| feature | n | agreement | Cohen's kappa |", "|---|---:|---:|---:|"]
        for f, (a, b) in sorted(by_feat.items()):
            agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
            lines.append(f"| {f} | {len(a)} | {agree:.1%} | {fmt(kappa(a, b))} |")
        lines += ["", *binary_agreement(by_feat)]
        lines.append("")
    errors = ["### Held-out errors", ""]
    for k, t in held.features.items():
        for e in t.errors:
            errors.append(f"- `{k}` on `{e['site']}`: labelled {e['expected']}, got {e['got']}")
    dev_errors = dev_errors_md(dev)
    (ROOT / "results.md").write_text("\n".join(lines + errors) + "\n", encoding="utf-8")
    (ROOT / "dev-errors.md").write_text("\n".join(dev_errors) + "\n", encoding="utf-8")
    if "--dev" in sys.argv:
        print("\n".join(dev_errors))
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

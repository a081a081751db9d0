"""govlens's W3C ACT implementation report: every published test case of every ACT rule govlens
implements, run through :func:`govlens.checks.act.outcomes`, written as EARL (JSON-LD, the format
the W3C ACT implementation reports read, act-tools ``map-implementation``) and as a summary.

    .venv/bin/python accuracy/act/report.py      # writes docs/act/earl.json and docs/act/README.md

The test cases come from ``accuracy/act/testcases/testcases.json`` (extracted from the
act-rules/act-rules.github.io snapshot by ``accuracy/act/extract.py``; W3C Software and Document
License). Each is run as the W3C serves it (``codeSnippet``: a fragment wrapped in a doctype,
``<html lang="en">`` and a ``<title>``, as act-tools does) and also as published (``rawCode``);
the report gives the served outcome and notes any case where the two differ.

Outcomes: passed / failed / inapplicable as govlens computes them, except **cantTell** when govlens
finds no target on a page whose scripts attach shadow roots (``attachShadow``): scripts are not run,
so targets a script would create are not seen.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from extract import add_code_template  # noqa: E402

from govlens.checks.act import RULES, outcomes  # noqa: E402

TESTCASES = HERE / "testcases" / "testcases.json"
OUT_DIR = ROOT / "docs" / "act"
COMMAND = ".venv/bin/python accuracy/act/report.py"
ASSERTOR_ID = "urn:x-govlens:assertor"  # govlens has no public homepage to name it by

EARL_CONTEXT = {
    "@vocab": "http://www.w3.org/ns/earl#", "earl": "http://www.w3.org/ns/earl#",
    "WCAG2": "https://www.w3.org/TR/WCAG2/#", "dct": "http://purl.org/dc/terms/",
    "doap": "http://usefulinc.com/ns/doap#", "foaf": "http://xmlns.com/foaf/spec/#",
    "sch": "https://schema.org/", "isPartOf": {"@id": "dct:isPartOf", "@type": "@id"},
    "name": "doap:name", "release": "doap:release", "revision": "doap:revision",
    "homepage": {"@id": "doap:homepage", "@type": "@id"}, "vendor": "doap:vendor",
    "assertedBy": {"@id": "earl:assertedBy", "@type": "@id"}, "result": {"@id": "earl:result", "@type": "@id"},
    "test": {"@id": "earl:test", "@type": "@id"}, "outcome": {"@id": "earl:outcome", "@type": "@id"},
    "mode": {"@id": "earl:mode", "@type": "@id"}, "subject": {"@id": "earl:subject", "@type": "@id"},
    "assertions": {"@reverse": "earl:subject"}, "source": {"@id": "dct:source", "@type": "@id"},
    "title": "dct:title", "description": "dct:description",
    "passed": "earl:passed", "failed": "earl:failed", "inapplicable": "earl:inapplicable",
    "cantTell": "earl:cantTell", "automatic": "earl:automatic",
}

# The static rules (decidable from the HTML without rendering, running scripts, media or human
# judgement) as this report counts them: the ACT rules implemented here, in RULES order.
PEERS = {"axe-core": 23, "Alfa": 29}


def govlens_version() -> str:
    try:
        return version("govlens")
    except PackageNotFoundError:
        return "0+unknown"


def outcome_of(rule_id: str, html: str) -> str:
    out = outcomes(html)[rule_id].outcome
    if out == "inapplicable" and re.search(r"\.attachShadow\s*\(", html):
        return "cantTell"
    return out


def run() -> dict:
    data = json.loads(TESTCASES.read_text(encoding="utf-8"))
    cases = [t for t in data["testcases"] if t["ruleId"] in RULES]
    per_rule: dict[str, list[dict]] = defaultdict(list)
    for t in cases:
        served = add_code_template(t["rawCode"], t["language"], t["testcaseTitle"])
        got = outcome_of(t["ruleId"], served)
        raw = outcome_of(t["ruleId"], t["rawCode"])
        per_rule[t["ruleId"]].append({**t, "outcome": got, "raw_outcome": raw})
    return {"source": data["source"], "rules": per_rule}


def consistency(results: list[dict]) -> str:
    """The W3C's consistency of an implementation with a rule (act-tools ``getConsistency``):
    *inconsistent* on any false positive (failed where passed/inapplicable is expected);
    *complete* with no false negative (passed/inapplicable where failed is expected) and at least
    one failed case found; *partial* with a failed case found but some missed. Passed and
    inapplicable are both "satisfied"; cantTell is neither."""
    if any(r["expected"] in ("passed", "inapplicable") and r["outcome"] == "failed" for r in results):
        return "inconsistent"
    true_pos = any(r["expected"] == r["outcome"] == "failed" for r in results)
    false_neg = any(r["expected"] == "failed" and r["outcome"] in ("passed", "inapplicable") for r in results)
    if true_pos and not false_neg:
        return "complete"
    return "partial" if true_pos else "inconsistent"


# The ACT rules govlens does not implement, and why (from each rule's input aspects and
# expectations in the snapshot).
NOT_IMPLEMENTED = {
    "needs human judgement or language understanding": (
        "cc0f0a b49b2e c4a8a4 qt1vmo aizyf1 5effbb b20e66 fd3a94 4b1c6c 9bd38c 36b590 off6ek ucwvc8 "
        "0va7u6 e88epe 047fe0 b40fd1 ye5d6e 3e12e1"),
    "needs rendering (layout, colour, scrolling, focus indicator)": "afw4f7 09o5cg 59br37 0ssw9k oj04fd",
    "needs audio or video playback": "afb423 2eb176 aaa1bf 4c31df ab4d13 1ea59c f51b46 fd26cf d7ba54 ee13b5 1a02b0",
    "needs scripts run or user interaction": "efbfc7 c249d5 7677a9 a1b64e ebe86a ffbc54",
    "composite rules (made of the atomic rules above)": "80f0bf e7aa44 cf77f2 80af7b eac66b c5a4ea c3232f 1ec09b",
}


def earl(report: dict) -> dict:
    ver = govlens_version()
    assertor = {"@id": ASSERTOR_ID, "@type": ["earl:Assertor", "earl:Software", "doap:Project"],
                "name": "govlens", "description": "govlens static checker (selectolax/lexbor DOM, no browser)",
                "release": {"@type": "doap:Version", "revision": ver}}
    graph: list[dict] = [assertor]
    for rid, results in report["rules"].items():
        rule = RULES[rid]
        parts = [f"WCAG2:{sc.strip()}" for sc in rule.wcag.split(",") if sc.strip()]
        for r in results:
            graph.append({
                "@type": ["earl:TestSubject", "sch:WebPage"], "source": r["url"],
                "title": f"{rid} {r['testcaseTitle']}",
                "assertions": [{
                    "@type": "earl:Assertion", "assertedBy": assertor["@id"], "mode": "earl:automatic",
                    "test": {"@id": r["rulePage"], "@type": "earl:TestCase", "title": f"a11y.act-{rid}",
                             "description": f"ACT rule {rid}: {rule.title}", "isPartOf": parts},
                    "result": {"@type": "earl:TestResult", "outcome": f"earl:{r['outcome']}"},
                }],
            })
    return {"@context": EARL_CONTEXT, "@graph": graph}


def readme(report: dict) -> str:
    ver = govlens_version()
    rows, counts = [], defaultdict(int)
    total_cases = exact_rules = 0
    raw_diff = []
    for rid in RULES:
        results = report["rules"].get(rid, [])
        if not results:
            continue
        c = consistency(results)
        counts[c] += 1
        total_cases += len(results)
        bad = [f"{r['testcaseTitle']} (expected {r['expected']}, got {r['outcome']})"
               for r in results if r["outcome"] != r["expected"]]
        exact_rules += not bad
        raw_diff += [f"{rid} {r['testcaseTitle']}" for r in results if r["raw_outcome"] != r["outcome"]]
        rows.append(f"| [{rid}]({results[0]['rulePage']}) | {RULES[rid].title} | {len(results)} | {c} | "
                    f"{len(results) - len(bad)}/{len(results)} | {'; '.join(bad) or '—'} |")
    n = len(rows)
    skipped = "\n".join(f"* {why}: {', '.join(ids.split())}" for why, ids in NOT_IMPLEMENTED.items())
    lines = [
        "# govlens ACT implementation report",
        "",
        f"Generated by `{COMMAND}` (govlens {ver}) from the published test cases of "
        f"`{report['source']}` (`accuracy/act/testcases/testcases.json`, extracted with "
        "`accuracy/act/extract.py`; W3C Software and Document License).",
        "",
        "* `earl.json`: the EARL (JSON-LD) report: one `earl:TestSubject` per test case (`source`: the "
        "test case's W3C URL) with its `earl:Assertion` (`test`: the rule page, titled with the check "
        "`a11y.act-<id>`; `result` → `outcome`; `mode` earl:automatic; `assertedBy`: govlens with its "
        "version), as ACT implementation reports are submitted (act-tools `map-implementation`).",
        "* Each case is run as the W3C serves it (a fragment in a doctype, `<html lang=\"en\">` and a "
        "`<title>`); run as published (the bare fragment), "
        + ("every case gives the same outcome." if not raw_diff else
           f"these differ: {', '.join(raw_diff)}."),
        "* **cantTell** is reported when govlens finds no target on a page whose scripts attach shadow "
        "roots: scripts are not run, so targets they would create are not seen.",
        "",
        f"**Totals**: {n} ACT rules, {total_cases} test cases. W3C consistency: "
        f"{counts['complete']} complete, {counts['partial']} partial, {counts['inconsistent']} inconsistent; "
        f"{exact_rules} of the {n} give exactly the expected outcome on every case.",
        "",
        f"All {n} are static rules: decidable from the HTML without a browser (no rendering, script "
        "execution, media or human judgement), given the approximations in `docs/act-rules.md`. "
        "The issue compares with " + " and ".join(f"{k} ({v})" for k, v in PEERS.items())
        + f" consistent rules; govlens is consistent (complete) on {counts['complete']}. The peers' counts "
        "are the issue's figures, not re-measured here.",
        "",
        "| rule | name | test cases | W3C consistency | exact outcomes | cases that differ |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "W3C consistency (act-tools `getConsistency`): passed and inapplicable both count as satisfied; "
        "*complete* = no failed outcome where passed/inapplicable is expected, every failed case found "
        "(cantTell is not a miss); *partial* = some failed case found, none wrongly failed.",
        "",
        "## ACT rules not implemented",
        "",
        skipped,
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    report = run()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "earl.json").write_text(json.dumps(earl(report), ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    (OUT_DIR / "README.md").write_text(readme(report), encoding="utf-8")
    n = sum(len(v) for v in report["rules"].values())
    print(f"{len(report['rules'])} rules, {n} test cases → {OUT_DIR / 'earl.json'}, {OUT_DIR / 'README.md'}")


if __name__ == "__main__":
    main()

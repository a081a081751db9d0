"""Write ``tests/checks/act_cases/<rule>.yaml`` from the extracted test cases (each case's html
exactly as published, the ``rawCode`` of ``testcases.json``) for rules that have no case file yet.

    .venv/bin/python accuracy/act/make_cases.py 674b10 6a7281 ...   [--skip <rule>:<title>,...]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TESTCASES = Path(__file__).parent / "testcases" / "testcases.json"
CASES = ROOT / "tests" / "checks" / "act_cases"


class _Literal(str):
    pass


def _literal(dumper: yaml.SafeDumper, data: _Literal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)


def _dump(rid: str, cases: list[dict]) -> str:
    """Block-literal html (tabs kept), checked to load back to the same text."""
    lines = [f"rule: {rid}", "cases:"]
    for c in cases:
        html = str(c["html"])
        one = [f"  - name: {c['name']}", f"    expect: {c['expect']}"]
        literal = ["    html: |"] + [("      " + ln) if ln else "" for ln in html[:-1].split("\n")]
        try:
            ok = yaml.safe_load("\n".join(["x:", *[ln[2:] if ln.startswith("  ") else ln
                                                    for ln in literal]]) + "\n")["x"]["html"] == html
        except yaml.YAMLError:
            ok = False
        if ok and not html.startswith((" ", "\t")):
            one += literal
        else:
            one.append("    html: " + json.dumps(html, ensure_ascii=False))
        lines += one
    text = "\n".join(lines) + "\n"
    assert [c["html"] for c in yaml.safe_load(text)["cases"]] == [str(c["html"]) for c in cases], rid
    return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rules", nargs="+")
    ap.add_argument("--skip", default="", help="rule:title pairs left out (e.g. needing script execution)")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    skip = {tuple(s.split(":", 1)) for s in args.skip.split(",") if s}
    data = json.loads(TESTCASES.read_text(encoding="utf-8"))
    for rid in args.rules:
        out = CASES / f"{rid}.yaml"
        if out.exists() and not args.force:
            print(f"{out.name} exists, left alone")
            continue
        tcs = [t for t in data["testcases"] if t["ruleId"] == rid]
        cases = []
        for t in tcs:
            if (rid, t["testcaseTitle"]) in skip:
                continue
            html = t["rawCode"] if t["rawCode"].endswith("\n") else t["rawCode"] + "\n"
            cases.append({"name": t["testcaseTitle"].lower().replace(" example", ""),
                          "expect": t["expected"], "html": _Literal(html)})
        header = f"# ACT rule {rid} — {tcs[0]['ruleName']}\n# Published examples ({data['source']})\n"
        left = [t for (r, t) in skip if r == rid]
        if left:
            header += f"# Left out (they need script execution, see docs/act/README.md): {', '.join(left)}\n"
        body = _dump(rid, cases)
        out.write_text(header + body, encoding="utf-8")
        print(f"{out.name}: {len(cases)} cases")


if __name__ == "__main__":
    main()

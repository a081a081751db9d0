#!/usr/bin/env python3
"""The corpus tables of README.md, computed from manifest.csv, split.csv and rounds.csv.

    python accuracy/realpages/tables.py           # prints the tables (Markdown)
    python accuracy/realpages/tables.py --write   # replaces them in README.md

Each table sits in README.md between ``<!-- tables:NAME -->`` and ``<!-- /tables:NAME -->``, so
a new round changes the figures, not the prose around them. Standard library only.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rows(name: str) -> list[dict[str, str]]:
    with open(HERE / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def tables() -> dict[str, str]:
    manifest = _rows("manifest.csv")
    part = {r["id"]: r["part"] for r in _rows("split.csv")}
    rnd = {r["id"]: r["round"] for r in _rows("rounds.csv")}
    thai = [r for r in manifest if r["country"] == "THA"]
    countries = {r["country"] for r in manifest} - {"THA"}
    repos: OrderedDict[str, list[dict[str, str]]] = OrderedDict()
    for r in manifest:
        repos.setdefault(r["repository"], []).append(r)
    out = {"size": (f"**Size: {len(manifest)} pages, {len(thai)} of them Thai, {len(manifest) - len(thai)} from "
                    f"{len(countries)} other countries, from {len(repos)} repositories**; split **dev "
                    f"{sum(v == 'dev' for v in part.values())} / held-out "
                    f"{sum(v == 'heldout' for v in part.values())}**.")}
    by_round = Counter(rnd[r["id"]] for r in manifest)
    thai_round = Counter(rnd[r["id"]] for r in thai)
    lines = ["| round | pages | Thai | dev | held-out |", "| ---: | ---: | ---: | ---: | ---: |"]
    for n in sorted(by_round, key=int):
        ids = [r["id"] for r in manifest if rnd[r["id"]] == n]
        lines.append(f"| {n} | {by_round[n]} | {thai_round[n]} | {sum(part[i] == 'dev' for i in ids)} | "
                     f"{sum(part[i] == 'heldout' for i in ids)} |")
    out["rounds"] = "\n".join(lines)
    lic = Counter((r["licence"], r["in_git"]) for r in manifest)
    out["licences"] = "\n".join(["| licence | in git | pages |", "| --- | --- | ---: |"] + [
        f"| {k[0]} | {k[1]} | {v} |" for k, v in sorted(lic.items(), key=lambda kv: (-kv[1], kv[0]))])

    def split_table(key: str, rows: list[dict[str, str]], head: str) -> str:
        c = Counter(r[key] for r in rows)
        lines = [f"| {head} | pages | dev | held-out |", "| --- | ---: | ---: | ---: |"]
        for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])):
            ids = [r["id"] for r in rows if r[key] == k]
            lines.append(f"| {k} | {v} | {sum(part[i] == 'dev' for i in ids)} | "
                         f"{sum(part[i] == 'heldout' for i in ids)} |")
        return "\n".join(lines)

    out["countries"] = split_table("country", manifest, "country")
    out["thai-kinds"] = split_table("org_kind", thai, "org_kind")
    lines = ["| repository | country | pages | licence | in git | part | round |",
             "| --- | --- | ---: | --- | --- | --- | ---: |"]
    for repo, rs in repos.items():
        lines.append(f"| {repo} | {rs[0]['country']} | {len(rs)} | {rs[0]['licence']} | {rs[0]['in_git']} | "
                     f"{part[rs[0]['id']]} | {rnd[rs[0]['id']]} |")
    out["sources"] = "\n".join(lines)
    return out


def write(readme: Path = HERE / "README.md") -> list[str]:
    """Replace each marked table in ``readme``; the names of those not found."""
    text = readme.read_text(encoding="utf-8")
    missing = []
    for name, body in tables().items():
        pat = re.compile(rf"(<!-- tables:{re.escape(name)} -->\n).*?(\n<!-- /tables:{re.escape(name)} -->)", re.S)
        if not pat.search(text):
            missing.append(name)
            continue
        text = pat.sub(lambda m: m.group(1) + body + m.group(2), text)
    readme.write_text(text, encoding="utf-8")
    return missing


def main() -> int:
    if "--write" in sys.argv:
        missing = write()
        if missing:
            print("no markers for: " + ", ".join(missing), file=sys.stderr)
            return 1
        return 0
    for name, body in tables().items():
        print(f"<!-- tables:{name} -->\n{body}\n<!-- /tables:{name} -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

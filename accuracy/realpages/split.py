#!/usr/bin/env python3
"""Seeded dev / held-out split of the real-page corpus (made once, before any detector run).

Pages from one source repository (one site or one template family) always go to the same
part, so a site's template cannot leak from dev into held-out.  Groups are stratified by
country, and Thai groups also by org_kind (the org_kind of the group's first page).
Within a stratum the groups are shuffled with random.Random(f"{SEED}:{stratum}") and each is
given to the part that is furthest below its target share of the stratum's pages
(dev 60 %, held-out 40 %); the first group of a stratum goes to the part that is furthest
below its share of all pages assigned so far (strata are taken in sorted order; a tie is
broken by the same generator).  split.csv is the frozen result: pages added later are appended
with this rule applied to the new groups only, existing rows are never moved.

    python accuracy/realpages/split.py            # writes split.csv (refuses to overwrite)
    python accuracy/realpages/split.py --check    # recomputes and compares with split.csv
"""

import csv
import random
import sys
from collections import OrderedDict, defaultdict
from pathlib import Path

SEED = 20260909
DEV_SHARE = 0.6
HERE = Path(__file__).resolve().parent


def compute(rows):
    groups = OrderedDict()
    for r in rows:
        groups.setdefault(r["repository"], []).append(r)
    strata = defaultdict(list)
    for repo, rs in groups.items():
        c = rs[0]["country"]
        key = f"{c}/{rs[0]['org_kind']}" if c == "THA" else c
        strata[key].append(repo)
    part = {}
    glob = {"dev": 0, "heldout": 0}
    for key in sorted(strata):
        rng = random.Random(f"{SEED}:{key}")
        repos = sorted(strata[key])
        rng.shuffle(repos)
        total = sum(len(groups[g]) for g in repos)
        n = {"dev": 0, "heldout": 0}
        for i, g in enumerate(repos):
            if i == 0:
                done = glob["dev"] + glob["heldout"] + len(groups[g])
                dev_gap = DEV_SHARE * done - glob["dev"]
                ho_gap = (1 - DEV_SHARE) * done - glob["heldout"]
                if abs(dev_gap - ho_gap) < 1e-9:
                    p = "dev" if rng.random() < DEV_SHARE else "heldout"
                else:
                    p = "dev" if dev_gap > ho_gap else "heldout"
            else:
                dev_gap = DEV_SHARE * total - n["dev"]
                ho_gap = (1 - DEV_SHARE) * total - n["heldout"]
                p = "dev" if dev_gap >= ho_gap else "heldout"
            n[p] += len(groups[g])
            glob[p] += len(groups[g])
            for r in groups[g]:
                part[r["id"]] = p
    return [(r["id"], part[r["id"]]) for r in rows]


def main():
    with open(HERE / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    result = compute(rows)
    out = HERE / "split.csv"
    if "--check" in sys.argv:
        with open(out, encoding="utf-8") as fh:
            frozen = [tuple(r) for r in list(csv.reader(fh))[1:]]
        ok = frozen == result
        print("split.csv matches" if ok else "split.csv differs from a fresh computation")
        return 0 if ok else 1
    if out.exists():
        sys.exit("split.csv exists and is frozen; use --check")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "part"])
        w.writerows(result)
    print(f"wrote {out} ({len(result)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

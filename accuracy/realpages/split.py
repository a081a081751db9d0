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
    python accuracy/realpages/split.py --extend   # appends the manifest's new pages (extend())
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


def _owner(repo):
    return repo.split("/", 1)[0].lower()


def _stratum(r):
    return f"{r['country']}/{r['org_kind']}" if r["country"] == "THA" else r["country"]


def extend(rows, frozen):
    """Parts for the pages of ``rows`` not in ``frozen`` (id -> part); frozen rows never move.

    New pages are grouped by repository, and the repositories of one owner form one group (a
    vendor's or a developer's template family). A group whose owner already has pages in the
    corpus goes where they are, when they are all on one side; otherwise, per stratum (as in
    compute), the new groups are shuffled with random.Random(f"{SEED}:{stratum}") and each goes
    to the part furthest below its share of the stratum's pages, the pages already assigned
    included; a stratum with no pages yet starts with the part furthest below its share of all
    pages so far.
    """
    by_id = {r["id"]: r for r in rows}
    old_parts = defaultdict(set)
    for i, part in frozen.items():
        if i in by_id:
            old_parts[_owner(by_id[i]["repository"])].add(part)
    glob = {"dev": 0, "heldout": 0}
    stratum_n = defaultdict(lambda: {"dev": 0, "heldout": 0})
    for i, part in frozen.items():
        if i in by_id:
            glob[part] += 1
            stratum_n[_stratum(by_id[i])][part] += 1
    groups = OrderedDict()
    for r in rows:
        if r["id"] not in frozen:
            groups.setdefault(_owner(r["repository"]), []).append(r)
    out = {}
    strata = defaultdict(list)
    for owner, rs in groups.items():
        sides = old_parts.get(owner, set())
        if len(sides) == 1:
            (p,) = sides
            for r in rs:
                out[r["id"]] = p
            glob[p] += len(rs)
            stratum_n[_stratum(rs[0])][p] += len(rs)
        else:
            strata[_stratum(rs[0])].append(owner)
    for key in sorted(strata):
        rng = random.Random(f"{SEED}:{key}")
        owners = sorted(strata[key])
        rng.shuffle(owners)
        n = stratum_n[key]
        fresh = n["dev"] + n["heldout"] == 0
        total = n["dev"] + n["heldout"] + sum(len(groups[g]) for g in owners)
        for i, g in enumerate(owners):
            if i == 0 and fresh:
                done = glob["dev"] + glob["heldout"] + len(groups[g])
                dev_gap, ho_gap = DEV_SHARE * done - glob["dev"], (1 - DEV_SHARE) * done - glob["heldout"]
            else:
                dev_gap, ho_gap = DEV_SHARE * total - n["dev"], (1 - DEV_SHARE) * total - n["heldout"]
            p = "dev" if dev_gap >= ho_gap else "heldout"
            for r in groups[g]:
                out[r["id"]] = p
            n[p] += len(groups[g])
            glob[p] += len(groups[g])
    return out


def main():
    with open(HERE / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = HERE / "split.csv"
    if "--extend" in sys.argv:
        with open(out, encoding="utf-8") as fh:
            frozen = dict(tuple(r) for r in list(csv.reader(fh))[1:])
        new = extend(rows, frozen)
        with open(out, "a", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows((r["id"], new[r["id"]]) for r in rows if r["id"] in new)
        counts = {p: sum(v == p for v in new.values()) for p in ("dev", "heldout")}
        print(f"appended {len(new)} pages to {out}: {counts}")
        return 0
    result = compute(rows)
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

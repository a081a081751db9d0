"""Static evaluation per page on a replayed archive: evidence and checks, and a digest of outcomes.

    python benchmarks/bench_eval.py WARC_DIR [--repeat 5] [--profile] [--src DIR]
    python benchmarks/bench_eval.py WARC_DIR --digest [--ids FILE | --write-ids FILE]

Every site of the archive is rebuilt from its WARC (``collect.warc.read_captures``, read into
memory first, not timed) and judged as ``govlens assess --from-warc`` judges it
(``run.assess.judge``: ``evidence.build.build_site`` then every check). Figures are ms of
process CPU (``time.process_time``) per page, the minimum of ``--repeat`` runs, for

* evidence — ``build_site`` of every capture (decode, parse, links, forms);
* checks — ``checks.registry.run_checks`` with every check on the evidence built once;
* total — ``run.assess.judge`` of every capture (both, as a run does them).

The machine may be shared: compare figures taken in the same run (``--src`` measures another
source tree, e.g. ``git archive <commit> src | tar -x -C /tmp/old``). ``--profile`` prints the
30 costliest functions of one checks pass and of one evidence pass by own time (cProfile,
tottime); ``--per-check`` the costliest checks.

``--digest`` prints, per site, a SHA-256 of every outcome — check id, outcome, score rounded
to 6 places, details as sorted JSON, and the evidence pointers — and one over the whole
archive. ``--write-ids FILE`` records the check ids judged; ``--ids FILE`` digests only those
(checks added later do not change the digest of the checks that existed). Run it with
``PYTHONHASHSEED`` fixed: set iteration order must not matter, but the run is then exact.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def best_of(repeat: int, fn: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def load(warc: Path) -> list[Any]:
    from govlens.collect.warc import read_captures

    return list(read_captures([warc]))


def result_record(cid: str, r: Any) -> list[Any]:
    score = None if r.score is None else round(float(r.score), 6)
    return [cid, r.outcome, score, json.dumps(r.details, sort_keys=True, ensure_ascii=False, default=str),
            [p.to_dict() for p in r.evidence], round(float(r.confidence), 6)]


def digest(caps: list[Any], ids: list[str] | None, write_ids: Path | None) -> None:
    from govlens.run.assess import judge

    whole = hashlib.sha256()
    judged: set[str] = set()
    for cap in sorted(caps, key=lambda c: c.url):
        _, results = judge(cap)
        judged.update(results)
        keep = ids if ids is not None else sorted(results)
        recs = [result_record(cid, results[cid]) if cid in results else [cid, "absent"] for cid in keep]
        blob = json.dumps(recs, sort_keys=True, ensure_ascii=False).encode("utf-8")
        h = hashlib.sha256(blob).hexdigest()
        whole.update(cap.url.encode("utf-8") + b"\x00" + h.encode("ascii") + b"\n")
        print(f"{h}  {cap.url}")
    print(f"{whole.hexdigest()}  ALL ({len(caps)} sites, {len(ids) if ids is not None else len(judged)} checks)")
    if write_ids is not None:
        write_ids.write_text("\n".join(sorted(judged)) + "\n", encoding="utf-8")


def timing(caps: list[Any], repeat: int, profile: bool, per_check: bool) -> None:
    from govlens.checks.registry import NEEDS, all_checks, run_checks
    from govlens.checks.view import Derived, SiteView
    from govlens.evidence.build import build_site
    from govlens.run.assess import judge

    sites = [build_site(c) for c in caps]
    n = sum(len(s.pages) for s in sites)
    checks = all_checks()

    def evidence() -> None:
        for c in caps:
            build_site(c)

    def checks_only() -> None:
        for s in sites:
            run_checks(s, checks)

    def total() -> None:
        for c in caps:
            judge(c)

    checks_only()  # warm-up: lexicon loading, compiled patterns
    t_ev = best_of(repeat, evidence)
    t_ck = best_of(repeat, checks_only)
    t_all = best_of(repeat, total)
    print(f"{len(sites)} sites, {n} pages, {len(checks)} checks; ms of CPU per page, min of {repeat}")
    print(f"  evidence {1000 * t_ev / n:6.2f}   checks {1000 * t_ck / n:6.2f}   "
          f"judge (both) {1000 * t_all / n:6.2f}")
    if profile:
        for name, fn in (("checks", checks_only), ("evidence", evidence)):
            print(f"\n--- profile of one {name} pass (top 30 by own time)")
            prof = cProfile.Profile()
            prof.runcall(fn)
            pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    if per_check:
        cost = dict.fromkeys((c.id for c in checks), float("inf"))
        for _ in range(repeat):
            spent = dict.fromkeys(cost, 0.0)
            for s in sites:
                view = SiteView(s, tuple(NEEDS), Derived())
                for c in checks:
                    t0 = time.process_time()
                    c.run(s, None, view)
                    spent[c.id] += time.process_time() - t0
            cost = {k: min(v, spent[k]) for k, v in cost.items()}
        print("\nchecks by cost (ms per page; shared derived evidence is charged to the first check that asks)")
        for k, v in sorted(cost.items(), key=lambda kv: -kv[1])[:25]:
            print(f"  {1000 * v / n:6.3f}  {k}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("warc", type=Path, help="a folder of WARC files (e.g. <workdir>/runs/<id>/warc)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="cProfile top 30 by own time of one checks pass")
    ap.add_argument("--per-check", action="store_true", help="CPU per page of each check (the costliest 25)")
    ap.add_argument("--digest", action="store_true", help="print a SHA-256 of the outcomes per site")
    ap.add_argument("--ids", type=Path, help="digest only the check ids listed in this file")
    ap.add_argument("--write-ids", type=Path, help="write the check ids judged to this file")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the govlens source tree to measure")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(a.src.resolve()))
    import govlens

    print(f"govlens from {Path(govlens.__file__).parent}", file=sys.stderr)
    caps = load(a.warc)
    if a.digest:
        ids = None
        if a.ids is not None:
            ids = [x for x in a.ids.read_text(encoding="utf-8").split() if x]
        digest(caps, ids, a.write_ids)
    else:
        timing(caps, a.repeat, a.profile, a.per_check)


if __name__ == "__main__":
    main()

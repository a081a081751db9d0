"""Evaluation cost per page: evidence and checks, separately, in process CPU time.

    python benchmarks/bench_evaluate.py [--warc DIR] [--pages CSV] [--repeat 3] [--profile N] [--src DIR]

Two workloads, each loaded into memory first (reading WARC files and page files is not
counted):

* replay — every site of a WARC archive (default: the demo archive) is rebuilt as evidence
  (``evidence.build.build_site``: decode, parse, link extraction) and judged by every check
  (``checks.registry.run_checks``), as ``govlens assess --from-warc`` does;
* pages — a batch of saved pages (default: ``accuracy/realpages/pages.csv``, written by
  ``accuracy/realpages/served.py``) parsed (``evidence.parse.parse_html``) and judged as
  ``govlens checks page`` does (page-level checks, form kinds, ACT outcomes).

Figures are ms of process CPU per page (``time.process_time``), best of ``--repeat`` runs;
the machine is shared, so compare figures taken in the same run. ``--profile N`` prints the
N most expensive functions of one checks pass (cProfile, cumulative). ``--src`` measures
another source tree (``git archive <commit> src | tar -x -C /tmp/old``), for before/after
figures taken in alternation on the same machine.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

DEFAULT_WARC = Path("/work/baseline/demo120/runs/1/warc")
DEFAULT_PAGES = ROOT / "accuracy/realpages/pages.csv"


def best_of(repeat: int, fn: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def replay(warc: Path, repeat: int, profile: int) -> None:
    from govlens.checks.registry import all_checks, run_checks
    from govlens.collect.warc import read_captures
    from govlens.evidence.build import build_site

    caps = list(read_captures([warc]))
    sites = [build_site(c) for c in caps]
    n = sum(len(s.pages) for s in sites)
    checks = all_checks()

    def evidence() -> None:
        for c in caps:
            build_site(c)

    def judge() -> None:
        for s in sites:
            run_checks(s, checks)

    judge()  # warm-up: lexicon loading, compiled patterns
    t_ev = best_of(repeat, evidence)
    t_ck = best_of(repeat, judge)
    print(f"replay {warc}: {len(sites)} sites, {n} pages")
    print(f"  evidence {1000 * t_ev / n:7.2f} ms/page   checks {1000 * t_ck / n:7.2f} ms/page   "
          f"total {1000 * (t_ev + t_ck) / n:7.2f} ms/page   (best of {repeat}, CPU)")
    if profile:
        show_profile(judge, profile)


def pages(csv_path: Path, repeat: int, profile: int) -> None:
    from govlens.evidence.parse import parse_html
    from govlens.run import pages as saved

    bodies = []
    for sp in saved.collect_inputs([csv_path]):
        body = sp.path.read_bytes()
        if not saved.not_html_reason(body):
            bodies.append((sp, body, sp.url or saved.saved_url(body, sp.path)))
    checks = saved.page_checks()
    parsed = [(sp, u, parse_html(b, u, discovered_as="home")) for sp, b, u in bodies]
    n = len(parsed)

    def evidence() -> None:
        for _, b, u in bodies:
            parse_html(b, u, discovered_as="home")

    def judge() -> None:  # what ``govlens checks page`` does after the parse
        for sp, u, p in parsed:
            saved.judge_parsed(sp, u, p, checks)

    if not hasattr(saved, "judge_parsed"):  # an older tree (--src): judge_page's steps after the parse
        from govlens.checks.families.a11y import act_outcomes
        from govlens.checks.forms import explain
        from govlens.checks.registry import run_checks
        from govlens.checks.view import SiteView
        from govlens.evidence.model import SiteEvidence

        def judge() -> None:
            for _, u, p in parsed:
                site = SiteEvidence(site_url=u, final_url=u, status="ok", reason="", redirects=(), pages=(p,),
                                    captured="")
                run_checks(site, checks)
                for form in p.forms:
                    explain(form)
                act_outcomes(SiteView(site, ("page", "pages", "headers")), p)

    judge()
    t_ev = best_of(repeat, evidence)
    t_ck = best_of(repeat, judge)
    print(f"pages {csv_path}: {n} pages")
    print(f"  parse    {1000 * t_ev / n:7.2f} ms/page   checks {1000 * t_ck / n:7.2f} ms/page   "
          f"total {1000 * (t_ev + t_ck) / n:7.2f} ms/page   (best of {repeat}, CPU)")
    if profile:
        show_profile(judge, profile)


def show_profile(fn: Callable[[], None], top: int) -> None:
    prof = cProfile.Profile()
    prof.runcall(fn)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warc", type=Path, default=DEFAULT_WARC)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", type=int, default=0, help="print the N costliest functions of one checks pass")
    ap.add_argument("--only", choices=("replay", "pages"))
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the govlens source tree to measure")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(a.src.resolve()))
    import govlens
    print(f"govlens from {Path(govlens.__file__).parent}")
    if a.only != "pages":
        if a.warc.exists():
            replay(a.warc, a.repeat, a.profile)
        else:
            print(f"replay: {a.warc} not found (skipped)")
    if a.only != "replay":
        if a.pages.exists():
            pages(a.pages, a.repeat, a.profile)
        else:
            print(f"pages: {a.pages} not found (run accuracy/realpages/served.py; skipped)")


if __name__ == "__main__":
    main()

"""Throughput and memory of an assessment, against a floor measured in the same run.

    python benchmarks/bench_assess.py [--sites 10 100] [--repeat 3]

For each size, a synthetic web (no hostile sites) is served from a separate process on
loopback, and two crawler processes are timed in alternation:

* floor — fetch + parse only (the crawl with its link finder; no WARC, no evidence, no
  checks, no database): the least any assessment must do;
* full  — the real ``assess``: WARC per site, evidence, every check, SQLite per site.

Reported: pages/s for each, the ratio full/floor (machines here are noisy, ratios less so),
and the peak RSS of each process, so memory for 10 vs 100 sites can be compared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def worker(mode: str, info: dict, workspace: Path) -> dict:
    from govlens.collect.crawl import crawl_site
    from govlens.collect.http import Fetcher
    from govlens.collect.settings import CrawlSettings
    from govlens.evidence.build import page_of
    from govlens.run.assess import Target, assess
    from govlens.store import results as store
    from govlens.store.db import connect

    settings = CrawlSettings(offline_dns=True, connect_to=tuple(info["rules"]), ca_file=info["ca_file"],
                             connect_timeout_s=5, read_timeout_s=10, site_budget_s=120)
    urls = info["urls"]
    t0 = time.perf_counter()
    if mode == "floor":
        async def go() -> int:
            pages = 0
            async with Fetcher(settings) as f:
                sem = asyncio.Semaphore(settings.sites_in_flight)

                async def one(url: str) -> int:
                    n = 0

                    def parse_links(ex):  # noqa: ANN001, ANN202
                        nonlocal n
                        n += 1
                        return page_of(ex).links

                    async with sem:
                        await crawl_site(url, f, lambda e: None, parse_links, settings)
                    return n

                pages = sum(await asyncio.gather(*(one(u) for u in urls)))
            return pages

        pages = asyncio.run(go())
    else:
        engine = connect(workspace)
        rid = store.create_run(engine, name="bench", catalog="bench", settings=settings.to_dict())
        assess(engine, rid, [Target(u, o) for u, o in zip(urls, info["orgs"], strict=True)], settings, workspace)
        pages = sum(s["pages"] for s in store.iter_site_results(engine, rid))
    took = time.perf_counter() - t0
    return {"mode": mode, "sites": len(urls), "pages": pages, "seconds": round(took, 3),
            "pages_per_s": round(pages / took, 2), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_worker(mode: str, info: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, __file__, "--worker", mode, tmp], input=json.dumps(info),
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, nargs="+", default=[10, 100])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        info = json.loads(sys.stdin.read())
        print(json.dumps(worker(a.worker[0], info, Path(a.worker[1]))))
        return
    rows = []
    for n in a.sites:
        server = subprocess.Popen([sys.executable, str(HERE / "serve_synthweb.py"), str(n), str(a.seed), "clean"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            info = json.loads(server.stdout.readline())  # type: ignore[union-attr]
            runs: dict[str, list[dict]] = {"floor": [], "full": []}
            for _ in range(a.repeat):
                for mode in ("floor", "full"):
                    runs[mode].append(run_worker(mode, info))
        finally:
            server.stdin.close()  # type: ignore[union-attr]
            server.wait(timeout=30)
        med = {m: statistics.median(r["pages_per_s"] for r in rs) for m, rs in runs.items()}
        ratios = [f["pages_per_s"] / fl["pages_per_s"] for f, fl in zip(runs["full"], runs["floor"], strict=True)]
        rows.append({"sites": n, "pages": runs["full"][0]["pages"],
                     "floor_pages_per_s": med["floor"], "full_pages_per_s": med["full"],
                     "ratio_full_to_floor": round(statistics.median(ratios), 3),
                     "ratio_min": round(min(ratios), 3), "ratio_max": round(max(ratios), 3),
                     "floor_peak_rss_mb": max(r["peak_rss_mb"] for r in runs["floor"]),
                     "full_peak_rss_mb": max(r["peak_rss_mb"] for r in runs["full"])})
    print("| sites | pages | floor pages/s | full pages/s | full/floor (median, min–max) | peak RSS floor MB | peak RSS full MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['sites']} | {r['pages']} | {r['floor_pages_per_s']} | {r['full_pages_per_s']} | "
              f"{r['ratio_full_to_floor']} ({r['ratio_min']}–{r['ratio_max']}) | {r['floor_peak_rss_mb']} | {r['full_peak_rss_mb']} |")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_assess.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

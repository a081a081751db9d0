"""Memory and time of a long run over a synthetic web with hostile sites.

    python benchmarks/bench_reliability.py [--sites 2000] [--max-pages 10] [--write-doc]

The synthetic web (``generate(N, hostile=True)``: one site in eight hostile — slow, endless,
oversized, broken TLS, redirect loops, …) is served from a separate process on loopback
(benchmarks/serve_synthweb.py), so the server's memory is not the crawler's. The crawler is
the real ``assess`` (WARC per site, evidence, every check, SQLite per site, second pass for
retryable failures) in its own subprocess, which samples its resident memory (psutil) as
sites finish and every 50 ms in between. Reported: RSS and peak RSS after 100 … N sites, the
time to reach each mark, and the totals. Memory that does not grow with the site count is
the point: RSS at 2,000 sites ≈ RSS at 500.

``--write-doc`` puts the table into docs/reliability.md (between the bench markers).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "reliability.md"
MARKS = (100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000)


def worker(info: dict, workspace: Path, opts: dict) -> dict:
    import psutil

    from govlens.collect.settings import CrawlSettings
    from govlens.run.assess import Target, assess
    from govlens.store import results as store
    from govlens.store.db import connect

    proc = psutil.Process()
    peak = {"rss": proc.memory_info().rss}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.05):
            peak["rss"] = max(peak["rss"], proc.memory_info().rss)

    threading.Thread(target=sample, daemon=True).start()
    settings = CrawlSettings(
        offline_dns=True, connect_to=tuple(info["rules"]), ca_file=info["ca_file"],
        connect_timeout_s=opts["timeout"], read_timeout_s=opts["timeout"],
        response_timeout_s=opts["budget"], site_budget_s=opts["budget"], max_pages=opts["max_pages"],
        sites_in_flight=opts["sites_in_flight"], concurrency=2 * opts["sites_in_flight"],
        backoff_s=0.2, max_retry_after_s=2.0)
    engine = connect(workspace)
    rid = store.create_run(engine, name="bench-reliability", catalog="synthetic", settings=settings.to_dict())
    n = len(info["urls"])
    marks = [m for m in MARKS if m < n] + [n]
    rows: list[dict] = []
    done = {"n": 0}
    t0 = time.perf_counter()
    base_rss = proc.memory_info().rss

    def progress(url: str, status: str) -> None:
        done["n"] += 1
        rss = proc.memory_info().rss
        peak["rss"] = max(peak["rss"], rss)
        if done["n"] in marks:
            rows.append({"sites": done["n"], "seconds": round(time.perf_counter() - t0, 1),
                         "rss_mb": round(rss / 2**20, 1), "peak_rss_mb": round(peak["rss"] / 2**20, 1)})
            print(json.dumps({"progress": rows[-1]}), file=sys.stderr, flush=True)

    targets = [Target(u, o) for u, o in zip(info["urls"], info["orgs"], strict=True)]
    counts = assess(engine, rid, targets, settings, workspace, progress)
    took = time.perf_counter() - t0
    final_rss = proc.memory_info().rss
    stop.set()
    pages = retried = 0
    for s in store.iter_site_results(engine, rid):  # streamed: the bench must not hold them all
        pages += s["pages"]
        retried += s["attempts"] > 1
    return {"sites": n, "seconds": round(took, 1), "sites_per_s": round(n / took, 2),
            "pages": pages, "statuses": counts, "retried": retried,
            "base_rss_mb": round(base_rss / 2**20, 1), "final_rss_mb": round(final_rss / 2**20, 1),
            "peak_rss_mb": round(max(peak["rss"], final_rss) / 2**20, 1), "marks": rows, "settings": opts}


def run(n: int, seed: int, opts: dict) -> dict:
    server = subprocess.Popen([sys.executable, str(HERE / "serve_synthweb.py"), str(n), str(seed), "hostile",
                               str(opts["slow_seconds"])],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(server.stdout.readline())  # type: ignore[union-attr]
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([sys.executable, __file__, "--worker", tmp], input=json.dumps({"info": info, "opts": opts}),
                                 stdout=subprocess.PIPE, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=60)


def table(r: dict) -> str:
    lines = ["| sites done | elapsed s | RSS MB | peak RSS so far MB |", "|---:|---:|---:|---:|"]
    for m in r["marks"]:
        lines.append(f"| {m['sites']} | {m['seconds']} | {m['rss_mb']} | {m['peak_rss_mb']} |")
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(r["statuses"].items(), key=lambda kv: -kv[1]))
    o = r["settings"]
    lines += ["", f"{r['sites']} sites ({r['pages']} pages) in {r['seconds']} s "
                  f"({r['sites_per_s']} sites/s), second pass included ({r['retried']} sites retried); "
                  f"RSS at start {r['base_rss_mb']} MB, when the run ended {r['final_rss_mb']} MB, peak "
                  f"over the whole run {r['peak_rss_mb']} MB.", "",
              f"Final statuses: {statuses}.", "",
              f"Settings: max_pages {o['max_pages']}, {o['sites_in_flight']} sites in flight, connect/read "
              f"timeout {o['timeout']} s, response timeout and site budget {o['budget']} s (doubled on the "
              f"second pass), slow-header sites wait {o['slow_seconds']} s. Measured on "
              f"{platform.system()} {platform.machine()}, Python {platform.python_version()}."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--max-pages", type=int, default=10)
    ap.add_argument("--sites-in-flight", type=int, default=32)
    ap.add_argument("--timeout", type=float, default=2.0, help="connect and read timeout, s")
    ap.add_argument("--budget", type=float, default=6.0, help="response timeout and site budget, s")
    ap.add_argument("--slow-seconds", type=float, default=4.0)
    ap.add_argument("--write-doc", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        job = json.loads(sys.stdin.read())
        print(json.dumps(worker(job["info"], Path(a.worker), job["opts"])))
        return
    opts = {"max_pages": a.max_pages, "sites_in_flight": a.sites_in_flight, "timeout": a.timeout,
            "budget": a.budget, "slow_seconds": a.slow_seconds}
    r = run(a.sites, a.seed, opts)
    md = table(r)
    print(md)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_reliability.json").write_text(json.dumps(r, indent=2))
    if a.write_doc and DOC.exists():
        text = DOC.read_text(encoding="utf-8")
        DOC.write_text(re.sub(r"<!-- bench-sites:start -->.*?<!-- bench-sites:end -->",
                              lambda _: f"<!-- bench-sites:start -->\n{md}\n<!-- bench-sites:end -->",
                              text, flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()

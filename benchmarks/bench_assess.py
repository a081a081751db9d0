"""Throughput and memory of an assessment, against floors measured in the same run.

    python benchmarks/bench_assess.py [--sites 10 100 1000] [--repeat 3] [--modes true-floor crawl full]
                                      [--sample-rss SECONDS]

For each size, a synthetic web (no hostile sites) is served from a separate process on
loopback, and three crawler processes are timed in alternation:

* true-floor — the fastest fetch + parse of the same pages this machine does: one aiohttp
  session at high concurrency (no politeness: no robots.txt, no per-host limit, no pacing),
  lexbor parse and link extraction, the same pages per site; no WARC;
* crawl — govlens's own crawl without checks (robots.txt, per-host limits, the link finder's
  parse; no WARC, no evidence, no checks, no database);
* full — the real ``assess``: WARC per site, evidence, every check (in the worker process on
  the second core), SQLite per site.

Reported per mode: pages/s, CPU seconds per page (the process and its children: the check
worker), peak RSS (the process, and the largest child), and the ratios full/crawl and
full/true-floor (machines here are noisy, ratios less so).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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
    if mode == "true-floor":
        pages = asyncio.run(true_floor(urls, settings))
    elif mode == "crawl":
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
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    own, cpu = me.ru_utime + me.ru_stime, me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    return {"mode": mode, "sites": len(urls), "pages": pages, "seconds": round(took, 3),
            "pages_per_s": round(pages / took, 2), "cpu_ms_per_page": round(1000 * cpu / max(1, pages), 2),
            "own_cpu_ms_per_page": round(1000 * own / max(1, pages), 2),
            "peak_rss_mb": round(me.ru_maxrss / 1024, 1), "child_peak_rss_mb": round(kids.ru_maxrss / 1024, 1)}


async def true_floor(urls: list[str], settings: object, max_pages: int = 25, concurrency: int = 128) -> int:
    """Fetch each site's home page and up to ``max_pages - 1`` same-host links, all at once,
    parsing each page with lexbor and taking its links: what the machine can do."""
    from urllib.parse import urljoin, urlsplit

    import aiohttp
    from selectolax.lexbor import LexborHTMLParser

    from govlens.collect.http import _connector_kwargs, ssl_context
    from govlens.collect.net import PinnedResolver

    s = settings
    resolver = PinnedResolver(s.resolve, s.connect_to, s.offline_dns, s.allow_private)  # type: ignore[attr-defined]
    conn = aiohttp.TCPConnector(resolver=resolver, limit=concurrency, limit_per_host=0, ssl=ssl_context(s),  # type: ignore[arg-type]
                                **_connector_kwargs(resolver))
    sem = asyncio.Semaphore(concurrency)
    pages = 0
    async with aiohttp.ClientSession(connector=conn, cookie_jar=aiohttp.DummyCookieJar()) as http:
        async def get(url: str) -> list[str]:
            nonlocal pages
            async with sem:
                try:
                    async with http.get(url, allow_redirects=True) as r:
                        body = await r.read()
                        final = str(r.url)
                        if "html" not in r.headers.get("content-type", ""):
                            return []
                except (aiohttp.ClientError, OSError, TimeoutError):
                    return []
            pages += 1
            tree = LexborHTMLParser(body)
            return [urljoin(final, a.attributes.get("href") or "") for a in tree.css("a[href]")]

        async def site(url: str) -> None:
            links = await get(url)
            host = urlsplit(url).hostname
            seen, todo = {url}, []
            for u in links:
                u = u.split("#")[0]
                if urlsplit(u).hostname == host and u not in seen and len(todo) < max_pages - 1:
                    seen.add(u)
                    todo.append(u)
            await asyncio.gather(*(get(u) for u in todo))

        await asyncio.gather(*(site(u) for u in urls))
    await resolver.close()
    return pages


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except (OSError, ValueError):
        pass
    return kids


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a live process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def run_worker(mode: str, info: dict, sample_s: float = 0.0) -> dict:
    """One crawler process; with ``sample_s``, its RSS and its largest child's (the check
    worker) are read from /proc every ``sample_s`` seconds (Linux), to see whether memory
    stays flat as sites finish."""
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([sys.executable, __file__, "--worker", mode, tmp], stdin=subprocess.PIPE,
                                stdout=out, text=True)
        proc.stdin.write(json.dumps(info))  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
        t0, samples = time.perf_counter(), []
        while proc.poll() is None:
            if sample_s:
                kids = [_rss_mb(k) for k in _children(proc.pid)]
                samples.append((round(time.perf_counter() - t0, 1), round(_rss_mb(proc.pid), 1),
                                round(max(kids, default=0.0), 1)))
            time.sleep(sample_s or 0.2)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, proc.args)
        out.seek(0)
        result = json.loads(out.read().strip().splitlines()[-1])
    if samples:
        result["rss_samples"] = samples  # (seconds, process MB, largest child MB)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, nargs="+", default=[10, 100])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--modes", nargs="+", default=["true-floor", "crawl", "full"],
                    choices=["true-floor", "crawl", "full"])
    ap.add_argument("--sample-rss", type=float, default=0.0, metavar="SECONDS",
                    help="read the crawler's RSS (and its check worker's) from /proc this often; "
                         "printed at each tenth of the run, to see whether memory stays flat")
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
            runs: dict[str, list[dict]] = {m: [] for m in a.modes}
            for _ in range(a.repeat):
                for mode in a.modes:
                    before = _cpu_s(server.pid)
                    runs[mode].append(run_worker(mode, info, a.sample_rss))
                    r = runs[mode][-1]  # the synthetic server's CPU: it shares the cores
                    r["server_cpu_ms_per_page"] = round(1000 * (_cpu_s(server.pid) - before) / max(1, r["pages"]), 2)
        finally:
            server.stdin.close()  # type: ignore[union-attr]
            server.wait(timeout=30)
        med = {m: statistics.median(r["pages_per_s"] for r in rs) for m, rs in runs.items()}
        row: dict = {"sites": n, "pages": {m: rs[0]["pages"] for m, rs in runs.items()}}
        for m, rs in runs.items():
            row[m] = {"pages_per_s": med[m], "cpu_ms_per_page": statistics.median(r["cpu_ms_per_page"] for r in rs),
                      "own_cpu_ms_per_page": statistics.median(r["own_cpu_ms_per_page"] for r in rs),
                      "server_cpu_ms_per_page": statistics.median(r["server_cpu_ms_per_page"] for r in rs),
                      "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
                      "child_peak_rss_mb": max(r["child_peak_rss_mb"] for r in rs)}
            if "rss_samples" in rs[0]:  # the first run's, at each tenth of it
                sm = rs[0]["rss_samples"]
                row[m]["rss_samples"] = [sm[min(len(sm) - 1, len(sm) * k // 10)] for k in range(1, 11)]
        for base in ("crawl", "true-floor"):
            if "full" in runs and base in runs:
                ratios = [f["pages_per_s"] / b["pages_per_s"] for f, b in zip(runs["full"], runs[base], strict=True)]
                row[f"full/{base}"] = [round(statistics.median(ratios), 3), round(min(ratios), 3), round(max(ratios), 3)]
        rows.append(row)
    print("| sites | mode | pages | pages/s | CPU ms/page (all / process; server) "
          "| peak RSS MB (process / largest child) |")
    print("|---:|---|---:|---:|---:|---:|")
    for r in rows:
        for m in a.modes:
            x = r[m]
            print(f"| {r['sites']} | {m} | {r['pages'][m]} | {x['pages_per_s']} | {x['cpu_ms_per_page']} / "
                  f"{x['own_cpu_ms_per_page']}; {x['server_cpu_ms_per_page']} | "
                  f"{x['peak_rss_mb']} / {x['child_peak_rss_mb']} |")
    for r in rows:
        for m in a.modes:
            if "rss_samples" in r[m]:
                print(f"{r['sites']} sites, {m}: RSS MB (s, process, worker) at each tenth of the run: "
                      + ", ".join(f"{t:g}s {p:g}/{c:g}" for t, p, c in r[m]["rss_samples"]))
    for r in rows:
        for k in ("full/crawl", "full/true-floor"):
            if k in r:
                print(f"{r['sites']} sites: {k} = {r[k][0]} ({r[k][1]}–{r[k][2]})")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_assess.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

"""Rendered, axe-audited pages/s and peak memory: govlens's renderer next to Lighthouse and pa11y,
on the same synthetic pages, in the same run.

    python benchmarks/bench_render.py [--pages 20] [--lighthouse-pages 5] [--concurrency 2]
                                      [--json benchmarks/out/bench_render.json]

Peer tools (installed once, never by this script; versions pinned in benchmarks/node/):

    cd benchmarks/node && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund

(lighthouse 12.8.2 and pa11y 9.0.1, the last releases that run on Node 20, sharing one
axe-core 4.10.3 — the version govlens pins in .venv/npm. Nothing downloads a browser: every
tool drives Debian's /usr/bin/chromium.)

The pages: a synthetic web (``govlens.synthweb``, no hostile sites) served from a separate
process on 127.0.0.1, one loopback port per site so every URL is a plain 127.0.0.1 URL and the
pages' root-relative images, CSS and scripts load from their own site; absolute links to a
site's ``.test`` host are rewritten to its port. The pages alternate home page / inner page
(contact, registration, search, news, FAQ…), with the faults the generator deals: images
without alt, unlabelled fields, empty titles, missing or malformed ``lang``, image links
without a name, low contrast. Peer chromiums run with
``--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1``: no name is ever resolved.

Timed, each as its users run it, one after the other (never two tools at once):

* Lighthouse — the CLI, one page per invocation, sequentially, ``--only-categories=
  accessibility,performance`` (default mobile emulation, simulated throttling), on the first
  ``--lighthouse-pages`` pages only (~10 s a page): its pages/s is extrapolated from those.
* pa11y (CLI) — ``pa11y --runner axe --reporter json --config benchmarks/node/pa11y.json URL``,
  one page per invocation, sequentially. pa11y's axe runner runs axe with ``runOnly`` tags
  wcag2a, wcag21a, wcag2aa, wcag21aa, best-practice (in axe 4.10.3 exactly the rules axe runs
  by default) and reports violations *and* incomplete results, each typed by its impact only:
  critical/serious → error, moderate → warning, minor → notice. Without
  ``--include-warnings``/``--include-notices`` only the errors are printed, so moderate and
  minor violations are dropped and serious "incomplete" (needs review, e.g. contrast over an
  image) ones are kept; its ``selector`` is pa11y's own DOM path, not axe's target.
* pa11y (API, 1 browser) — pa11y's Node API as pa11y-ci drives it (one chromium,
  ``--concurrency`` tabs), through ``benchmarks/node/pa11y-runner-axe-targets.js``: the stock
  axe runner that also keeps axe's node target and whether the result was a violation. This
  gives the reference violation sets, and a peer with the same concurrency as govlens.
* govlens — ``govlens.collect.render.render_urls(urls, axe=True, concurrency=N)`` in a worker
  process (pages/s over the call; process start-up shown apart).

Peak RSS: the sum of the resident set sizes of the tool's whole process tree (chromium's
renderer, GPU and utility processes included), sampled every 50 ms with psutil (or /proc).
Shared pages are counted once per process, as ``ps`` would. For tools run once per page, the
peak is that of the worst page.

The axe comparison, per page: govlens's violations as {rule id → sorted axe targets} against
pa11y's (the violations of the API run); govlens keeps at most 50 nodes per rule with the
true count, so a truncated rule matches when the count is the same and its targets are among
pa11y's. Also checked: the stock CLI's errors are the API run's errors (same rule and pa11y
selector), and both ran the same axe rules.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "node"
BIN = NODE_DIR / "node_modules" / ".bin"
PA11Y_CONFIG = NODE_DIR / "pa11y.json"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--dns-prefetch-disable"]
NO_DNS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
INNER_ORDER = ("contact", "register", "register-page", "search", "feedback", "faq", "about",
               "eservice", "news", "privacy", "sitemap", "projects", "performance", "procurement")
TODAY = date(2026, 11, 24)


# --------------------------------------------------------------------------- the pages


def pick_pages(n_pages: int, seed: int) -> tuple[Any, list[dict]]:
    """Sites of a synthetic web and ``n_pages`` of their HTML pages: home, inner, home, …"""
    from govlens.synthweb.generate import generate
    from govlens.synthweb.render import SiteRenderer

    n_sites = max(3, (n_pages + 1) // 2)
    web = generate(max(n_sites, 12), seed=seed, today=TODAY, hostile=False)
    pages: list[dict] = []
    used_kinds: dict[str, int] = {}
    for site in web.sites:
        if len(pages) >= n_pages:
            break
        r = SiteRenderer(site)
        scheme = site.content_scheme

        def html_ok(path: str, r: Any = r, scheme: str = scheme) -> bool:
            res = r.resource(scheme, path)
            return res is not None and res.status == 200 and res.content_type.startswith("text/html")

        if not html_ok(site.plan.home_path):
            continue
        pages.append({"site": site.index, "host": site.host, "path": site.plan.home_path, "kind": "home"})
        if len(pages) >= n_pages:
            break
        # the inner page: the kind used least so far (forms first), so the mix stays varied
        cands = [(k, r.paths[k]) for k in INNER_ORDER if k in r.paths and r.paths[k] in r.routes()
                 and r.paths[k] != site.plan.home_path]
        news_items = [p for p in r.routes() if p.startswith("/news/") and p.endswith(".html")]
        if news_items:
            cands.append(("news-item", news_items[0]))
        cands = [(k, p) for k, p in cands if html_ok(p)]
        if cands:
            kind, path = min(cands, key=lambda kp: (used_kinds.get(kp[0], 0), INNER_ORDER.index(kp[0])
                                                    if kp[0] in INNER_ORDER else 99))
            used_kinds[kind] = used_kinds.get(kind, 0) + 1
            pages.append({"site": site.index, "host": site.host, "path": path, "kind": kind})
    return web, pages[:n_pages]


def serve(n_pages: int, seed: int) -> None:
    """The server process: one 127.0.0.1 port per site; prints the pages as one JSON line and
    serves until stdin closes."""
    import socket

    from aiohttp import web as aioweb

    from govlens.synthweb.render import SiteRenderer

    synth, pages = pick_pages(n_pages, seed)
    sites = {s.index: s for s in synth.sites if any(p["site"] == s.index for p in pages)}
    socks = {i: socket.socket(socket.AF_INET, socket.SOCK_STREAM) for i in sites}
    for s in socks.values():
        s.bind(("127.0.0.1", 0))
    port = {i: s.getsockname()[1] for i, s in socks.items()}
    origin = {i: f"http://127.0.0.1:{port[i]}" for i in sites}
    rewrites = []
    for i, s in sites.items():
        for scheme in ("https", "http"):
            rewrites.append((f"{scheme}://{s.host}".encode(), origin[i].encode()))

    def rewrite(body: bytes) -> bytes:
        for old, new in rewrites:
            body = body.replace(old, new)
        return body

    renderers = {i: SiteRenderer(s) for i, s in sites.items()}

    async def main() -> None:
        runners = []
        for i, site in sites.items():
            async def handle(request: aioweb.BaseRequest, i: int = i, site: Any = site) -> aioweb.StreamResponse:
                res = renderers[i].resource(site.content_scheme, request.raw_path)
                if res is None or res.stream_bytes or res.slow:
                    return aioweb.Response(status=404, text="not served here\n")
                headers = [(k, rewrite(v.encode()).decode()) for k, v in res.headers
                           if k.lower() != "strict-transport-security"]
                body = rewrite(res.body) if res.content_type.startswith("text/") else res.body
                resp = aioweb.Response(status=res.status, body=body)
                for k, v in headers:
                    resp.headers.add(k, v)
                return resp

            runner = aioweb.ServerRunner(aioweb.Server(handle, access_log=None), shutdown_timeout=0.25)
            await runner.setup()
            await aioweb.SockSite(runner, socks[i], backlog=256).start()
            runners.append(runner)
        out = [{**p, "url": origin[p["site"]] + p["path"]} for p in pages]
        print(json.dumps({"pages": out}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        for r in runners:
            await r.cleanup()

    asyncio.run(main())


# --------------------------------------------------------------------------- measuring


class TreeRSS:
    """Peak of the summed RSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        try:
            import psutil
            self._psutil: Any = psutil
        except ImportError:
            self._psutil = None

    def __enter__(self) -> TreeRSS:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()

    def sample(self) -> int:
        if self._psutil is not None:
            try:
                root = self._psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
            except self._psutil.Error:
                return 0
            total = 0
            for p in procs:
                with contextlib.suppress(self._psutil.Error):
                    total += p.memory_info().rss
            return total
        return _proc_tree_rss(self.pid)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(self.interval)


def _proc_tree_rss(root: int) -> int:
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            status = Path(f"/proc/{d}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parent[int(d)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(d)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    tree, todo = {root}, [root]
    while todo:
        p = todo.pop()
        for c, pp in parent.items():
            if pp == p and c not in tree:
                tree.add(c)
                todo.append(c)
    return sum(rss.get(p, 0) for p in tree)


def measured(cmd: list[str], *, stdin: str = "", env: dict | None = None, cwd: Path | None = None,
             timeout: float = 600) -> dict:
    """Run ``cmd``; wall seconds, peak tree RSS, exit code, stdout, stderr."""
    t0 = time.perf_counter()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env={**os.environ, **(env or {})}, cwd=cwd, start_new_session=True)
    with TreeRSS(p.pid) as mem:
        try:
            out, err = p.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            out, err = p.communicate()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    return {"rc": p.returncode, "seconds": time.perf_counter() - t0, "peak_rss": mem.peak,
            "cpu_s": cpu, "stdout": out, "stderr": err}


def mb(n: int) -> float:
    return round(n / 2**20, 1)


# --------------------------------------------------------------------------- the tools


def run_lighthouse(urls: list[str], tmp: Path) -> dict:
    # yargs-parser (Lighthouse's --chrome-flags) keeps a value with spaces only quoted after "="
    key, value = NO_DNS.split("=", 1)
    flags = " ".join([*CHROME_FLAGS, "--headless=new", f'{key}="{value}"'])
    per = []
    for k, url in enumerate(urls):
        out = tmp / f"lh-{k}.json"
        m = measured([str(BIN / "lighthouse"), url, "--quiet", "--output=json", f"--output-path={out}",
                      "--only-categories=accessibility,performance", f"--chrome-flags={flags}"],
                     env={"CHROME_PATH": CHROMIUM}, timeout=300)
        page = {"url": url, "seconds": round(m["seconds"], 2), "cpu_s": round(m["cpu_s"], 2),
                "peak_rss_mb": mb(m["peak_rss"]), "rc": m["rc"]}
        try:
            rep = json.loads(out.read_text())
            cats = rep.get("categories", {})
            page["accessibility"] = (cats.get("accessibility") or {}).get("score")
            page["performance"] = (cats.get("performance") or {}).get("score")
            a11y = {r["id"] for r in (cats.get("accessibility") or {}).get("auditRefs", [])}
            page["axe_failing"] = sorted(k for k, v in rep.get("audits", {}).items()
                                         if k in a11y and v.get("score") == 0)
            page["runtime_error"] = (rep.get("runtimeError") or {}).get("code")
        except (OSError, ValueError) as exc:
            page["error"] = f"{type(exc).__name__}: {m['stderr'][-300:]}"
        per.append(page)
    wall = sum(p["seconds"] for p in per)
    return {"tool": "Lighthouse (CLI, 1 page/invocation)", "pages": len(urls), "seconds": wall,
            "cpu_s": sum(p["cpu_s"] for p in per),
            "peak_rss": max(p["peak_rss_mb"] for p in per) * 2**20 if per else 0, "per_page": per,
            "errors": sum(1 for p in per if p.get("error") or p["rc"])}


def run_pa11y_cli(urls: list[str]) -> dict:
    per = []
    for url in urls:
        m = measured([str(BIN / "pa11y"), "--runner", "axe", "--reporter", "json",
                      "--config", str(PA11Y_CONFIG), url], timeout=300)
        page: dict = {"url": url, "seconds": round(m["seconds"], 2), "cpu_s": round(m["cpu_s"], 2),
                      "peak_rss_mb": mb(m["peak_rss"]), "rc": m["rc"]}
        try:  # exit 2: issues found
            issues = json.loads(m["stdout"].strip() or "[]")
            page["errors"] = sorted({(i["code"], i["selector"]) for i in issues})
            page["types"] = sorted({i["type"] for i in issues})
        except ValueError:
            page["error"] = (m["stderr"] or m["stdout"])[-300:]
        per.append(page)
    wall = sum(p["seconds"] for p in per)
    return {"tool": "pa11y (CLI, 1 page/invocation)", "pages": len(urls), "seconds": wall,
            "cpu_s": sum(p["cpu_s"] for p in per),
            "peak_rss": max(p["peak_rss_mb"] for p in per) * 2**20 if per else 0, "per_page": per,
            "errors": sum(1 for p in per if p.get("error") or p["rc"] not in (0, 2))}


def run_pa11y_api(urls: list[str], concurrency: int) -> dict:
    m = measured(["node", str(NODE_DIR / "pa11y-batch.js"), str(PA11Y_CONFIG), str(concurrency)],
                 stdin=json.dumps(urls), cwd=NODE_DIR, timeout=900)
    lines = [json.loads(x) for x in m["stdout"].splitlines() if x.startswith("{")]
    by_url = {x["url"]: x for x in lines}
    if m["rc"]:
        print(f"pa11y-batch exited {m['rc']}: {m['stderr'][-500:]}", file=sys.stderr)
    return {"tool": f"pa11y (API, 1 browser, {concurrency} tabs)", "pages": len(urls), "seconds": m["seconds"],
            "cpu_s": m["cpu_s"],
            "peak_rss": m["peak_rss"], "per_page": [by_url.get(u, {"url": u, "error": "no result"}) for u in urls],
            "errors": sum(1 for u in urls if "error" in by_url.get(u, {"error": 1}))}


def run_govlens(urls: list[str], concurrency: int) -> dict:
    m = measured([sys.executable, str(Path(__file__).resolve()), "--worker-govlens", str(concurrency)],
                 stdin=json.dumps(urls), timeout=900)
    try:
        res = json.loads(m["stdout"].strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"tool": "govlens render_urls", "unavailable": (m["stderr"] or m["stdout"])[-800:]}
    return {"tool": f"govlens render_urls (concurrency {concurrency})", "pages": len(urls),
            "seconds": res["seconds"], "process_seconds": m["seconds"], "peak_rss": m["peak_rss"],
            "cpu_s": m["cpu_s"],
            "per_page": res["pages"], "axe_version": res.get("axe_version"),
            "render_py_sha1": res.get("render_py_sha1"),
            "phases_ms": {k: round(sum(p.get("timings", {}).get(k, 0) for p in res["pages"]) / max(1, len(res["pages"])), 1)
                          for k in sorted({k for p in res["pages"] for k in p.get("timings", {})})},
            "errors": sum(1 for p in res["pages"] if p.get("error"))}


def _flat(target: Any) -> str:
    """axe's node target as pa11y's axe runner joins it (frames/shadow parts flattened)."""
    if isinstance(target, str):
        return target
    parts: list[str] = []
    for t in target:
        parts.extend(t if isinstance(t, list) else [t])
    return " ".join(map(str, parts))


def govlens_worker(concurrency: int) -> None:
    from govlens.collect.render import render_urls

    urls = json.loads(sys.stdin.read())
    t0 = time.perf_counter()
    rs = render_urls(urls, axe=True, concurrency=concurrency)
    took = time.perf_counter() - t0
    pages, versions = [], set()
    for r in rs:
        axe = r.axe or {}
        if axe.get("version"):
            versions.add(axe["version"])
        viol: dict[str, list[str]] = {}
        counts: dict[str, int] = {}
        for v in axe.get("violations", []):
            viol[v["id"]] = sorted({_flat(n["target"]) for n in v.get("nodes", [])})
            counts[v["id"]] = int(v.get("count", len(v.get("nodes", []))))
        rules = sorted({*(x if isinstance(x, str) else x.get("id") for x in axe.get("passes", [])),
                        *(x if isinstance(x, str) else x.get("id") for x in axe.get("inapplicable", [])),
                        *(v["id"] for v in axe.get("violations", [])),
                        *(v["id"] for v in axe.get("incomplete", []))})
        pages.append({"url": r.url, "error": r.error or ("" if r.axe else "no axe results"),
                      "violations": viol, "counts": counts, "rules": rules,
                      "uncounted_passes": int(axe.get("best_practice_passes", 0)),
                      "elapsed_ms": getattr(r, "elapsed_ms", None), "timings": getattr(r, "timings", {})})
    import hashlib

    import govlens.collect.render as mod

    src = hashlib.sha1(Path(mod.__file__).read_bytes()).hexdigest()[:12]
    print(json.dumps({"seconds": took, "pages": pages, "axe_version": ",".join(sorted(versions)),
                      "render_py_sha1": src}))


# --------------------------------------------------------------------------- comparing


def pa11y_violations(page: dict) -> tuple[dict[str, list[str]], dict[str, int]]:
    sets: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for i in page.get("issues", []):
        if i["result"] == "violation":
            sets.setdefault(i["code"], set()).add(i["target"])
            counts[i["code"]] = counts.get(i["code"], 0) + 1
    return {k: sorted(v) for k, v in sets.items()}, counts


def compare(pages: list[dict], api: dict, cli: dict, gov: dict | None) -> dict:
    api_by = {p["url"]: p for p in api["per_page"]}
    cli_by = {p["url"]: p for p in cli["per_page"]}
    gov_by = {p["url"]: p for p in (gov or {}).get("per_page", [])}
    rows = []
    for pg in pages:
        url = pg["url"]
        a = api_by.get(url, {})
        ref, ref_counts = pa11y_violations(a)
        row: dict = {"url": url, "kind": pg["kind"], "pa11y_rules": len(ref),
                     "pa11y_nodes": sum(len(v) for v in ref.values()), "pa11y_violations": ref}
        # the stock CLI prints the API run's errors (same rule and pa11y selector)
        api_errors = sorted({(i["code"], i["selector"]) for i in a.get("issues", []) if i["type"] == "error"})
        cli_errors = [tuple(x) for x in cli_by.get(url, {}).get("errors", [])]
        row["cli_errors"] = len(cli_errors)
        row["cli_equals_api_errors"] = cli_errors == api_errors
        row["cli_errors_from_incomplete"] = len({(i["code"], i["selector"]) for i in a.get("issues", [])
                                                 if i["type"] == "error" and i["result"] == "incomplete"})
        row["violations_hidden_by_cli"] = sum(1 for i in a.get("issues", [])
                                              if i["result"] == "violation" and i["type"] != "error")
        g = gov_by.get(url)
        if g is not None:
            gv, gc = g["violations"], g["counts"]
            same = set(gv) == set(ref)
            diffs = {}
            for rule in sorted(set(gv) | set(ref)):
                gt, pt = gv.get(rule, []), ref.get(rule, [])
                truncated = gc.get(rule, len(gt)) > len(gt)
                ok = gt == pt or (truncated and gc.get(rule) == ref_counts.get(rule) and set(gt) <= set(pt))
                if not ok:
                    same = False
                    diffs[rule] = {"govlens_only": sorted(set(gt) - set(pt))[:10],
                                   "pa11y_only": sorted(set(pt) - set(gt))[:10]}
            row["same_violations"] = same and not g.get("error")
            row["same_rule_ids"] = set(gv) == set(ref)
            row["govlens_error"] = g.get("error", "")
            row["diffs"] = diffs
            # govlens lists its best-practice passes only as a count: the rules pa11y lists and
            # govlens does not must be best-practice ones, no more of them than that count
            grules, prules = set(g.get("rules", [])), set(a.get("rules", []))
            unlisted = prules - grules
            row["same_rules_run"] = (grules <= prules and unlisted <= set(a.get("best_practice_rules", []))
                                     and len(unlisted) <= g.get("uncounted_passes", 0))
        rows.append(row)
    summary = {"pages": len(rows),
               "pa11y_violation_rules": sum(r["pa11y_rules"] for r in rows),
               "pa11y_violation_nodes": sum(r["pa11y_nodes"] for r in rows),
               "cli_equals_api_errors": sum(r["cli_equals_api_errors"] for r in rows),
               "cli_errors_from_incomplete": sum(r["cli_errors_from_incomplete"] for r in rows),
               "violations_hidden_by_cli": sum(r["violations_hidden_by_cli"] for r in rows)}
    if gov_by:
        summary.update({"same_violations": sum(bool(r.get("same_violations")) for r in rows),
                        "same_rule_ids": sum(bool(r.get("same_rule_ids")) for r in rows),
                        "same_rules_run": sum(bool(r.get("same_rules_run")) for r in rows)})
    return {"pages": rows, "summary": summary}


# --------------------------------------------------------------------------- main


def warm_chromium() -> None:
    """One throw-away chromium start, so no tool pays for reading the browser from disk."""
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([CHROMIUM, *CHROME_FLAGS, NO_DNS, "--headless=new", f"--user-data-dir={prof}",
                        "--dump-dom", "about:blank"], capture_output=True, timeout=60, check=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--lighthouse-pages", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--skip", nargs="*", default=[], choices=["lighthouse", "pa11y-cli", "pa11y-api", "govlens"])
    ap.add_argument("--serve", nargs=2, type=int, help=argparse.SUPPRESS)
    ap.add_argument("--worker-govlens", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.serve:
        serve(*a.serve)
        return
    if a.worker_govlens:
        govlens_worker(a.worker_govlens)
        return
    for tool in ("lighthouse", "pa11y"):
        if not (BIN / tool).exists():
            sys.exit(f"{BIN / tool} missing: cd benchmarks/node && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund")
    if not shutil.which("node"):
        sys.exit("node is not on PATH")
    server = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", str(a.pages), str(a.seed)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        pages = json.loads(server.stdout.readline())["pages"]  # type: ignore[union-attr]
        urls = [p["url"] for p in pages]
        warm_chromium()
        load_before = os.getloadavg()
        results: dict[str, dict] = {}
        with tempfile.TemporaryDirectory() as tmp:
            if "lighthouse" not in a.skip:
                results["lighthouse"] = run_lighthouse(urls[:a.lighthouse_pages], Path(tmp))
            if "pa11y-cli" not in a.skip:
                results["pa11y-cli"] = run_pa11y_cli(urls)
            if "pa11y-api" not in a.skip:
                results["pa11y-api"] = run_pa11y_api(urls, a.concurrency)
            if "govlens" not in a.skip:
                results["govlens"] = run_govlens(urls, a.concurrency)
        load_after = os.getloadavg()
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=30)

    lh = results.get("lighthouse")
    lh_rate = lh["pages"] / lh["seconds"] if lh and lh["seconds"] else None
    table = []
    for key, r in results.items():
        if "unavailable" in r:
            table.append({"tool": r["tool"], "unavailable": r["unavailable"].strip().splitlines()[-1][:200]})
            continue
        rate = r["pages"] / r["seconds"] if r["seconds"] else 0.0
        row = {"key": key, "tool": r["tool"], "pages": r["pages"], "wall_s": round(r["seconds"], 2),
               "pages_per_s": round(rate, 3), "s_per_page": round(r["seconds"] / max(1, r["pages"]), 2),
               "cpu_s_per_page": round(r["cpu_s"] / max(1, r["pages"]), 2),
               "peak_rss_mb": mb(int(r["peak_rss"])), "errors": r["errors"],
               "x_lighthouse": round(rate / lh_rate, 1) if lh_rate else None}
        if "process_seconds" in r:
            row["process_wall_s"] = round(r["process_seconds"], 2)
        table.append(row)
    axe_cmp = compare(pages, results["pa11y-api"], results["pa11y-cli"], results.get("govlens")) \
        if "pa11y-api" in results and "pa11y-cli" in results else None

    lh_note = (f"Lighthouse on the first {lh['pages']} (pages/s extrapolated)" if lh else "no Lighthouse")
    print(f"{len(urls)} pages ({sum(p['kind'] == 'home' for p in pages)} home), {os.cpu_count()} cores, "
          f"concurrency {a.concurrency}; {lh_note}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
          "(anything else running shares the 2 cores: compare CPU s/page too)\n")
    print("| tool | pages | wall s | s/page | pages/s | CPU s/page | peak RSS MB | × Lighthouse | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in table:
        if "unavailable" in row:
            print(f"| {row['tool']} | — | — | — | — | — | — | — | unavailable: {row['unavailable']} |")
            continue
        x = f"{row['x_lighthouse']}×" if row["x_lighthouse"] is not None else "—"
        extra = f" (process {row['process_wall_s']})" if "process_wall_s" in row else ""
        print(f"| {row['tool']} | {row['pages']} | {row['wall_s']}{extra} | {row['s_per_page']} | "
              f"{row['pages_per_s']} | {row['cpu_s_per_page']} | {row['peak_rss_mb']} | {x} | {row['errors']} |")
    if lh:
        lp = lh["per_page"]
        print(f"\nLighthouse per page: s {statistics.median(p['seconds'] for p in lp):.1f} median; "
              f"accessibility scores {[p.get('accessibility') for p in lp]}; failing a11y audits "
              f"{[len(p.get('axe_failing', [])) for p in lp]}")
    cpus = os.cpu_count() or 1
    rows = [r for r in table if "unavailable" not in r and r["cpu_s_per_page"]]
    if rows:
        print(f"CPU-bound ceiling on {cpus} idle cores ({cpus} / CPU s per page): "
              + "; ".join(f"{r['tool'].split(' (')[0]}{' API' if 'API' in r['tool'] else ''} "
                          f"{cpus / r['cpu_s_per_page']:.2f} pages/s" for r in rows))
    if axe_cmp:
        s = axe_cmp["summary"]
        print(f"\naxe (pa11y API run, violations): {s['pa11y_violation_rules']} rule failures, "
              f"{s['pa11y_violation_nodes']} failing nodes on {s['pages']} pages")
        print(f"pa11y CLI (stock, errors only) = API run's errors on {s['cli_equals_api_errors']}/{s['pages']} pages; "
              f"its errors that are axe 'incomplete': {s['cli_errors_from_incomplete']}; "
              f"violations it does not print (moderate/minor): {s['violations_hidden_by_cli']}")
        if "same_violations" in s:
            print(f"govlens = pa11y violation set (rule ids and targets): {s['same_violations']}/{s['pages']} pages; "
                  f"same rule ids: {s['same_rule_ids']}/{s['pages']}; same axe rules run: {s['same_rules_run']}/{s['pages']}")
            print("\n| page | kind | pa11y rules | pa11y nodes | govlens = pa11y |")
            print("|---|---|---:|---:|---|")
            for r in axe_cmp["pages"]:
                mark = "yes" if r.get("same_violations") else f"no {r.get('govlens_error') or ''} {list(r.get('diffs', {}))}"
                print(f"| {r['url']} | {r['kind']} | {r['pa11y_rules']} | {r['pa11y_nodes']} | {mark} |")
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps({"pages": pages, "table": table, "axe": axe_cmp, "runs": results,
                                      "loadavg": {"before": load_before, "after": load_after},
                                      "cpus": os.cpu_count(),
                                      "command": " ".join(sys.argv)}, indent=2, default=str))


if __name__ == "__main__":
    main()

"""SIGKILL a run mid-way, resume it, and get what an uninterrupted run gets.

The run is the real CLI in a subprocess against a synthetic web (a share of it hostile)
served on loopback in this process. The run is killed as soon as some, not all, sites are
committed; ``--resume 1`` then finishes it. Checked:

* the final check outcomes and statuses equal an uninterrupted run's;
* no site that was finished when the run died is fetched again (server hit counts);
* every WARC in the run folder is a valid, sealed archive (warcio reads it to its summary
  record), and a leftover ``*.part`` is ignored and then replaced.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from govlens.collect.warc import SUMMARY_TYPE, read_captures
from govlens.run.assess import warc_name
from govlens.synthweb.generate import generate
from govlens.synthweb.labels import write_catalog
from govlens.synthweb.serve import serve_in_thread

N_SITES = 24
TIMEOUTS = ["--connect-timeout", "1", "--read-timeout", "1", "--site-budget", "4", "--sites-in-flight", "2"]


def cli_args(catalog: Path | None, ws: Path, running, *extra: str) -> list[str]:  # noqa: ANN001
    args = [sys.executable, "-m", "govlens.cli", "assess"]
    if catalog is not None:
        args.append(str(catalog))
    args += ["-w", str(ws), "--offline-dns", "--ca-file", str(running.ca_file), *TIMEOUTS, *extra]
    for rule in running.connect_rules:
        args += ["--connect-to", rule]
    return args


def committed(db: Path) -> list[tuple[str, str, int, int]]:
    if not db.exists():
        return []
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT url, status, retryable, attempts FROM sites WHERE run_id = 1").fetchall()
        finally:
            con.close()
    except sqlite3.Error:  # the schema is not there yet
        return []


# a lab timing of the browser (LCP, CLS, blocking time): two runs of the same page differ
TIMED = frozenset({"tech.page-speed"})


def outcomes(path: Path) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    checks = {(s["url"], cid): c["outcome"] for s in doc["sites"] for cid, c in s["checks"].items()
              if cid not in TIMED}
    return checks, {s["url"]: s["status"] for s in doc["sites"]}


def hits_by_site(web, hits: Counter) -> Counter:  # noqa: ANN001
    out: Counter = Counter()
    for (host, _path), n in hits.items():
        site = web.site(host)
        out[site.url if site else host] += n
    return out


@pytest.mark.timeout(420)
def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    web = generate(N_SITES, seed=7, today=date.today(), hostile=True)
    assert sum(s.expected_status != "ok" for s in web.sites) >= 8
    catalog = tmp_path / "catalog.yaml"
    write_catalog(web, catalog)
    serve = {"slow_seconds": 6.0, "trickle_seconds": 60.0}

    # the reference: one uninterrupted run
    ref_ws = tmp_path / "reference"
    with serve_in_thread(web, **serve) as running:
        ref = subprocess.run(cli_args(catalog, ref_ws, running), capture_output=True, text=True, timeout=300)
        ref_hits = hits_by_site(web, running.hits)
    assert ref.returncode == 0, ref.stderr[-2000:]

    ws = tmp_path / "killed"
    db = ws / "govlens.sqlite"
    warc_dir = ws / "runs" / "1" / "warc"
    with serve_in_thread(web, **serve) as running:
        proc = subprocess.Popen(cli_args(catalog, ws, running), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 240
            while len(committed(db)) < N_SITES // 4 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            os.kill(proc.pid, signal.SIGKILL)  # only the process this test started
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
        at_kill = committed(db)
        assert 0 < len(at_kill) < N_SITES, f"{len(at_kill)} of {N_SITES} sites committed when killed"
        assert proc.returncode == -signal.SIGKILL
        # finished = nothing left to do for it (a retryable first failure still has its second pass)
        finished = {u for u, _st, retryable, attempts in at_kill if not retryable or attempts > 1}
        unfinished = [s.url for s in web.sites if s.url not in {u for u, *_ in at_kill}]
        assert unfinished
        # a leftover .part (a site cut mid-crawl) must be ignored, then replaced
        planted = warc_dir / (warc_name(unfinished[-1]) + ".part")
        planted.write_bytes(b"not a warc: half-written garbage")
        list(read_captures([warc_dir]))  # the garbage .part is not read as an archive
        hits_at_kill = hits_by_site(web, running.hits)

        resumed = subprocess.run(cli_args(None, ws, running, "--resume", "1"), capture_output=True,
                                 text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr[-2000:]
        hits_after = hits_by_site(web, running.hits)

    # nothing finished was fetched again
    refetched = {u: hits_after[u] - hits_at_kill[u] for u in finished if hits_after[u] != hits_at_kill[u]}
    assert not refetched, refetched
    # … and what was not finished was fetched (sites that answer HTTP at all: not dns/connect/tls)
    assert all(hits_after[u] > hits_at_kill[u] for u in unfinished if ref_hits[u])

    # the same results as the uninterrupted run
    got_checks, got_status = outcomes(ws / "runs" / "1" / "results.json")
    ref_checks, ref_status = outcomes(ref_ws / "runs" / "1" / "results.json")
    assert len(got_status) == N_SITES
    assert got_status == ref_status
    assert got_checks == ref_checks

    # every archive valid and sealed; no .part left behind
    assert not list(warc_dir.glob("*.part"))
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert len(files) == N_SITES
    for f in files:
        with open(f, "rb") as fh:
            kinds = [(r.rec_type, r.rec_headers.get_header("Content-Type")) for r in ArchiveIterator(fh)]
        assert kinds[0][0] == "warcinfo" and kinds[-1] == ("metadata", SUMMARY_TYPE), f
    assert {c.url for c in read_captures([warc_dir])} == {s.url for s in web.sites}

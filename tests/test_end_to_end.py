"""The whole spine through the real CLI: synthetic web on loopback → assess → WARC →
replay from WARC → evaluate against ground truth. No packet leaves loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from govlens.checks.registry import all_checks
from govlens.synthweb.generate import generate
from govlens.synthweb.labels import write_catalog, write_labels
from govlens.synthweb.serve import serve_in_thread

N_SITES = 40


def govlens(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govlens.cli", *args], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    web = generate(N_SITES, seed=3, today=date.today())
    catalog, labels = tmp / "catalog.yaml", tmp / "labels.csv"
    write_catalog(web, catalog)
    write_labels(web, labels)
    ws = tmp / "ws"
    with serve_in_thread(web) as running:
        args = ["assess", str(catalog), "-w", str(ws), "--offline-dns", "--ca-file", str(running.ca_file),
                "--connect-timeout", "2", "--read-timeout", "2", "--site-budget", "10",
                # the ground truth is the HTML as served (its "js-link" decoys are features a
                # script adds): rendered, they count — tests/collect/test_render.py
                "--render", "none"]
        for rule in running.connect_rules:
            args += ["--connect-to", rule]
        live = govlens(*args)
        hits_after_live = running.total_hits
    assert live.returncode == 0, live.stderr
    replay = govlens("assess", "-w", str(ws), "--from-warc", str(ws / "runs" / "1" / "warc"),
                     "--out", str(tmp / "replay.json"))
    assert replay.returncode == 0, replay.stderr
    return {"web": web, "ws": ws, "labels": labels, "live": ws / "runs" / "1" / "results.json",
            "replay": tmp / "replay.json", "hits": hits_after_live, "tmp": tmp}


def outcomes(path: Path) -> dict[tuple[str, str], str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {(s["url"], cid): c["outcome"] for s in doc["sites"] for cid, c in s["checks"].items()}


def test_results_hold_every_site_and_every_check(assessed):
    doc = json.loads(assessed["live"].read_text(encoding="utf-8"))
    assert doc["schema"] == "govlens.results/1"
    assert len(doc["sites"]) == N_SITES
    ids = {c.id for c in all_checks()}
    core = {"site.reachable", "security.https", "security.https-redirect", "security.hsts", "content.search",
            "content.contact", "content.sitemap", "content.privacy-policy", "content.faq", "content.news",
            "content.about", "content.foreign-language", "content.freshness", "participation.social-media",
            "participation.feedback", "services.eservice-links", "services.online-forms", "opendata.link",
            "tech.viewport", "tech.html-lang", "tech.title", "tech.robots-txt", "tech.sitemap-xml",
            "a11y.img-alt", "a11y.form-labels"}
    assert core <= ids
    for site in doc["sites"]:
        assert set(site["checks"]) == ids


def test_replay_from_warc_reproduces_every_outcome(assessed):
    live, replay = outcomes(assessed["live"]), outcomes(assessed["replay"])
    assert len(live) == N_SITES * len(all_checks())
    assert replay == live


def test_every_site_ends_with_its_expected_status(assessed):
    doc = json.loads(assessed["live"].read_text(encoding="utf-8"))
    got = {s["url"]: s for s in doc["sites"]}
    hostile = [s for s in assessed["web"].sites if s.expected_status != "ok"]
    assert len(hostile) >= 5
    for s in assessed["web"].sites:
        site = got[s.url]
        assert site["status"] == s.expected_status, (s.url, site["reason"])
        if s.expected_status != "ok":
            reach = site["checks"]["site.reachable"]
            assert reach["outcome"] == "fail" and reach["details"]["reason"]


def test_accuracy_on_ground_truth_meets_the_bar(assessed):
    res = govlens("evaluate", str(assessed["live"]), "--labels", str(assessed["labels"]), "--format", "json")
    assert res.returncode == 0, res.stderr
    tallies = json.loads(res.stdout)
    families = ("content.", "participation.", "services.", "opendata.")
    judged = {k: v for k, v in tallies.items() if k.startswith(families)}
    assert len(judged) >= 14  # 9 content, 2 participation, 2 services, 1 open data
    for cid, t in judged.items():
        assert t["f1"] is not None and t["f1"] >= 0.95, (cid, t)


def test_resume_of_a_finished_run_fetches_nothing(assessed):
    web = assessed["web"]
    with serve_in_thread(web) as running:
        args = ["assess", "-w", str(assessed["ws"]), "--resume", "1", "--offline-dns",
                "--ca-file", str(running.ca_file)]
        for rule in running.connect_rules:
            args += ["--connect-to", rule]
        res = govlens(*args)
        assert res.returncode == 0, res.stderr
        assert running.total_hits == 0
    assert "0 sites assessed now" in res.stdout


def test_benchmark_and_recommend_answer_the_study(assessed):
    """On the assessed run: the benchmark compares every country in it on every framework,
    and recommend ranks recommendations, each traced to a site of the run."""
    ws = assessed["ws"]
    bench = govlens("benchmark", "1", "-w", str(ws), "--draws", "200", "--no-replay")
    assert bench.returncode == 0, bench.stderr
    assert "*THA" in bench.stdout
    answer = ws / "runs" / "1" / "answer.json"
    doc = json.loads(answer.read_text(encoding="utf-8"))
    assert doc["schema"] == "govlens.answer/1" and doc["focus"] == "THA" and doc["fictional"] is True
    assert doc["recommendations"] == []
    assert {f["id"] for f in doc["frameworks"]} == {"un-osi-2024", "un-losi-2024", "waseda-iac-2024",
                                                  "eu-egov-benchmark-2020", "th-gov-website-checklist"}
    assert [r["egdi_rank"] for r in doc["un_context"]["countries"]["THA"]][-1] == 52
    rec = govlens("recommend", "1", "-w", str(ws), "--draws", "200", "--no-replay")
    assert rec.returncode == 0, rec.stderr
    doc = json.loads(answer.read_text(encoding="utf-8"))
    recs = doc["recommendations"]
    assert recs and [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    sites = {s["url"] for s in json.loads(assessed["live"].read_text(encoding="utf-8"))["sites"]}
    for r in recs:
        assert r["gain"]["before"] is not None and r["gain"]["gain"] >= 0
        assert r["targets"] and all(t["site"] in sites for t in r["targets"])
        # evidence is on a site of the run (an https site's redirect check looked at its http://)
        hosts = {urlsplit(u).hostname for u in sites}
        assert r["evidence"] and all(urlsplit(p["url"]).hostname in hosts for p in r["evidence"])


def test_benchmark_names_what_is_wrong(assessed):
    r = govlens("benchmark", "1", "-w", str(assessed["ws"]), "--country", "XXX", "--no-replay")
    assert r.returncode == 2 and "XXX" in r.stderr and "THA" in r.stderr and "Traceback" not in r.stderr
    bad = assessed["tmp"] / "rules.yaml"
    bad.write_text("rules:\n- id: x\n  level: national\n", encoding="utf-8")
    r = govlens("recommend", "1", "-w", str(assessed["ws"]), "--rules", str(bad), "--no-replay")
    assert r.returncode == 2 and str(bad) in r.stderr and "level" in r.stderr


def test_evidence_links_of_the_report_open_the_archived_page(assessed):
    """With replay (the default), every evidence pointer of a page in the archive has a snapshot
    of that page; the report written elsewhere links to copies that carry the original URL."""
    import re

    ws = assessed["ws"]
    rec = govlens("recommend", "1", "-w", str(ws), "--draws", "100")
    assert rec.returncode == 0, rec.stderr
    folder = ws / "runs" / "1"
    doc = json.loads((folder / "answer.json").read_text(encoding="utf-8"))
    assert doc["replay"]["how"] == "static" and doc["replay"]["serve"] == "govlens serve 1"
    ptrs = [p for r in doc["recommendations"] for p in r["evidence"]]
    with_replay = [p for p in ptrs if p.get("replay")]
    assert ptrs and len(with_replay) >= len(ptrs) // 2
    for p in with_replay:
        snap = (folder / p["replay"]).read_text(encoding="utf-8")
        assert f'<meta name="govlens-original" content="{p["url"]}">' in snap and "<script" not in snap.lower()
    out = assessed["tmp"] / "handed-over" / "report.th.html"
    rep = govlens("report", "1", "-w", str(ws), "--lang", "th", "-o", str(out))
    assert rep.returncode == 0, rep.stderr
    links = set(re.findall(r'href="(replay/[0-9a-f]{16}\.html)"', out.read_text(encoding="utf-8")))
    assert links and all((out.parent / link).is_file() for link in links)
    from govlens.report.study import replay_paths

    assert links <= set(replay_paths(doc))  # the report links only to what the answer points to

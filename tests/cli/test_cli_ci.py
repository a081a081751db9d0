"""For CI and scripts: exit statuses for thresholds, --quiet / --verbose, progress lines when
stderr is not a terminal, and govlens.toml for crawl settings."""

from __future__ import annotations

import io
import json

from cli_helpers import run_sub, user_error

WS = "govlens-workspace"


def doc(demo):
    return json.loads((demo / WS / "runs" / "1" / "results.json").read_text(encoding="utf-8"))


def test_fail_on_exits_1_and_says_what_failed(gl, demo_dir):
    sites = doc(demo_dir)["sites"]
    assert any(s["status"] != "ok" for s in sites)  # the demo has unreachable sites
    r = gl("report", "-w", demo_dir / WS, "-o", "-", "--format", "json", "--fail-on", "unreachable")
    # the demo wrote answer.json: JSON is the answer document, and the thresholds still judge the sites
    assert r.code == 1 and "fail-on unreachable:" in r.err and json.loads(r.out)["schema"] == "govlens.answer/1"
    r = gl("report", "-w", demo_dir / WS, "-o", "r.html", "--fail-on", "fail,partial")
    assert r.code == 1 and "fail-on fail,partial:" in r.err and "site.reachable fail" in r.err
    assert gl("report", "-w", demo_dir / WS, "-o", "r.html", "--fail-on", "info").code == 2  # not an outcome to fail on


def test_min_score_exits_1_below_the_share(gl, demo_dir, demo_copy):
    r = gl("report", "-w", demo_dir / WS, "-o", "r.html", "--min-score", "0.99")
    assert r.code == 1 and "min-score 0.99:" in r.err
    assert gl("report", "-w", demo_dir / WS, "-o", "r.html", "--min-score", "0").code == 0
    user_error(gl("report", "-w", demo_dir / WS, "--min-score", "1.5"), "--min-score")
    r = gl("score", "latest", "-f", "th-gov-website-checklist", "-w", demo_copy / WS, "--min-score", "0.99")
    assert r.code == 1 and "min-score 0.99:" in r.err


def test_quiet_and_verbose(gl, demo_dir):
    q = gl("report", "-w", demo_dir / WS, "-o", "r.html", "--quiet")
    assert q.code == 0 and q.err == "" and q.out.startswith("report: ")
    v = gl("-v", "report", "-w", demo_dir / WS, "-o", "r.html")
    assert v.code == 0 and "workspace: " in v.err and "database: sqlite:///" in v.err
    user_error(gl("-q", "-v", "runs", "-w", demo_dir / WS), "--quiet and --verbose")


def test_assess_progress_is_plain_lines_when_not_a_terminal(demo_copy):
    r = run_sub("assess", "--from-warc", f"{WS}/runs/1/warc", cwd=demo_copy)
    assert r.code == 0, r.err
    lines = [x for x in r.err.splitlines() if x.startswith("replay ")]
    assert lines and "elapsed" in lines[-1] and "(100%)" in lines[-1]
    assert "\x1b[" not in r.err  # no terminal codes in a log
    q = run_sub("-q", "assess", "--from-warc", f"{WS}/runs/1/warc", cwd=demo_copy)
    assert q.code == 0 and q.err == "" and "sites assessed now" in q.out


def test_line_progress_estimates_the_time_left():
    from govlens.progress import LineProgress

    t = [0.0]
    out = io.StringIO()
    p = LineProgress(100, "assess", out, clock=lambda: t[0])
    with p:
        for i in range(100):
            t[0] += 2.0
            p.tick(f"https://s{i}.go.th/", "ok")
    lines = out.getvalue().splitlines()
    assert lines[0] == "assess: 100 to do"
    assert len(lines) == 1 + 20  # one line per 5 %, not one per site
    assert lines[1].startswith("assess 5/100 (5%) 0:00:10 elapsed, about 0:03:10 left — ok https://s4.go.th/")
    assert lines[-1].startswith("assess 100/100 (100%) 0:03:20 elapsed — ok")


def test_crawl_settings_from_the_config_file_under_the_options(gl, tmp_path):
    (tmp_path / "c.csv").write_text("country,org_id,kind,sector,parent,name_en,name_th,site_url\n"
                                    "THA,th-a,ministry,health,,A,ก,https://a.go.th/\n", encoding="utf-8")
    (tmp_path / "govlens.toml").write_text('workspace = "ws"\n[crawl]\nmax_pages = 7\nsite-budget = 33\n'
                                           'validate_html = false\n'
                                           '[checks."content.freshness"]\nmax_days = 120\n', encoding="utf-8")
    r = gl("assess", "c.csv", "--dry-run", cwd=tmp_path)
    assert r.code == 0, r.err
    assert f"into workspace {tmp_path / 'ws'}" in r.out
    assert "max 7 pages per site" in r.out and "33s per site" in r.out and "HTML validation off" in r.out
    assert '"content.freshness": {"max_days": 120}' in r.out
    r = gl("assess", "c.csv", "--dry-run", "--max-pages", "9", "--validate-html", "-w", "other", cwd=tmp_path)
    assert "max 9 pages per site" in r.out and "HTML validation on" in r.out and "into workspace other" in r.out
    (tmp_path / "govlens.toml").write_text("[crawl]\nmax_pagez = 7\n", encoding="utf-8")
    user_error(gl("assess", "c.csv", "--dry-run", cwd=tmp_path), "govlens.toml", "max_pagez", "unknown setting")


def test_render_mode_from_options_and_config(gl, tmp_path):
    (tmp_path / "c.csv").write_text("country,org_id,kind,sector,parent,name_en,name_th,site_url\n"
                                    "THA,th-a,ministry,health,,A,ก,https://a.go.th/\n", encoding="utf-8")
    r = gl("assess", "c.csv", "--dry-run", "--render", "none", "-w", "ws", cwd=tmp_path)
    assert r.code == 0, r.err
    assert "rendering none" in r.out
    r = gl("assess", "c.csv", "--dry-run", "-w", "ws", cwd=tmp_path)  # auto: says which it chose
    assert r.code == 0, r.err
    assert ("rendering home" in r.out and "rendering the home pages in chromium" in r.err) or (
        "rendering none" in r.out and "rendering off:" in r.err)
    user_error(gl("assess", "c.csv", "--dry-run", "--render", "everything", "-w", "ws", cwd=tmp_path),
               "--render", "everything")
    (tmp_path / "govlens.toml").write_text('[crawl]\nrender = "none"\n', encoding="utf-8")
    r = gl("assess", "c.csv", "--dry-run", "-w", "ws", cwd=tmp_path)
    assert r.code == 0 and "rendering none" in r.out, (r.out, r.err)

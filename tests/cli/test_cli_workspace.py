"""One workspace for every command; runs that keep their catalog, so a workspace can be moved
and `--resume` still finds what it needs, also after `--from-warc`."""

from __future__ import annotations

import json
import shutil
import sqlite3

from cli_helpers import run_sub, user_error

WS = "govlens-workspace"


def test_after_the_demo_a_plain_report_finds_its_run(demo_dir, tmp_path):
    """`make demo` runs `govlens demo` with no workspace; `govlens report` then reports it."""
    r = run_sub("report", cwd=demo_dir)
    assert r.code == 0, r.err
    assert r.out.strip() == f"report: {WS}/runs/1/report.html"
    page = (demo_dir / WS / "runs" / "1" / "report.html").read_text(encoding="utf-8")
    assert "demo (6 fictional sites)" in page


def test_every_command_has_the_same_default_workspace(gl, demo_copy):
    for args in (("runs",), ("report", "-o", "r.json"), ("score", "latest", "-f", "un-losi-2024"),
                 ("frameworks", "template", "un-losi-2024", "--run", "latest", "-o", "t.csv"),
                 ("evaluate", "latest", "--labels", f"{WS}/synthweb/labels.csv")):
        r = gl(*args, cwd=demo_copy)
        assert r.code == 0, (args, r.err)


def test_the_workspace_from_the_environment_and_the_nearest_config(gl, demo_dir, tmp_path):
    r = gl("runs", "--format", "json", cwd=tmp_path, env={"GOVLENS_WORKSPACE": str(demo_dir / WS)})
    assert r.code == 0 and json.loads(r.out)[0]["name"] == "demo (6 fictional sites)"
    project = tmp_path / "project"
    (project / "deep" / "er").mkdir(parents=True)
    (project / "govlens.toml").write_text(f'workspace = "{demo_dir / WS}"\n', encoding="utf-8")
    r = gl("runs", "--format", "json", "-v", cwd=project / "deep" / "er")
    assert r.code == 0 and len(json.loads(r.out)) >= 1
    assert f"config: {project / 'govlens.toml'}" in r.err and f"workspace: {demo_dir / WS}" in r.err
    # -w wins over the file; a relative workspace in the file is relative to the file
    (project / "govlens.toml").write_text('workspace = "elsewhere"\n', encoding="utf-8")
    user_error(gl("runs", cwd=project / "deep"), str(project / "elsewhere"), "no such folder")
    assert gl("runs", "-w", demo_dir / WS, cwd=project / "deep").code == 0


def test_runs_keep_their_catalog_inside_the_workspace(demo_dir):
    con = sqlite3.connect(demo_dir / WS / "govlens.sqlite")
    (catalog, settings), = con.execute("SELECT catalog, settings FROM runs WHERE id = 1").fetchall()
    con.close()
    assert catalog == "runs/1/catalog.yaml" and (demo_dir / WS / catalog).is_file()
    assert json.loads(settings)["catalog_source"].endswith("synthweb/catalog.yaml")


def test_a_moved_workspace_resumes_a_live_run_and_a_from_warc_run(gl, demo_copy, tmp_path):
    ws = demo_copy / WS
    replay = gl("-q", "assess", "--from-warc", ws / "runs" / "1" / "warc", "-w", ws, cwd=tmp_path)
    assert replay.code == 0, replay.err
    moved = tmp_path / "moved" / "ws"
    moved.parent.mkdir()
    shutil.move(ws, moved)  # nothing is left where the runs were made
    assert not ws.exists()
    con = sqlite3.connect(moved / "govlens.sqlite")
    assert con.execute("SELECT catalog FROM runs WHERE id = 2").fetchone()[0] == "runs/1/warc"
    # forget two sites of the replay: --resume judges them again from the archives, and only them
    gone = [r[0] for r in con.execute("SELECT url FROM sites WHERE run_id = 2 ORDER BY url LIMIT 2")]
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("DELETE FROM sites WHERE run_id = 2 AND url IN (?, ?)", gone)
    con.commit()
    con.close()
    r = gl("assess", "--resume", "2", "-w", moved, cwd=tmp_path)
    assert r.code == 0, r.err
    assert "run 2: 2 sites assessed now" in r.out
    doc = json.loads((moved / "runs" / "2" / "results.json").read_text(encoding="utf-8"))
    assert len(doc["sites"]) == 6 and set(gone) <= {s["url"] for s in doc["sites"]}
    # the live run: its catalog is the copy in the moved workspace (every site is done already)
    r = gl("assess", "--resume", "1", "-w", moved, "--offline-dns", "--dry-run", cwd=tmp_path)
    assert r.code == 0, r.err
    assert f"run 1 would assess 0 of 6 sites (6 done) of {moved / 'runs' / '1' / 'catalog.yaml'}" in r.out


def test_resume_when_the_catalog_copy_is_gone(gl, demo_copy):
    ws = demo_copy / WS
    (ws / "runs" / "1" / "catalog.yaml").unlink()
    user_error(gl("assess", "--resume", "1", "-w", ws, "--dry-run"), "run 1", "catalog.yaml is missing",
               "govlens assess CATALOG --resume 1")

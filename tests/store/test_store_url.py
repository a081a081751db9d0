"""Where the database is: a workspace's SQLite file, or a URL (option or $GOVLENS_DATABASE_URL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from storedata import ORG_TH, evidence, thai_results

from govlens.store import results as store
from govlens.store.db import DATABASE_URL_ENV, database_url

PG = "postgresql+psycopg://me:secret@db.example:5432/govlens"


def test_a_workspace_folder_means_its_sqlite_file(tmp_path: Path) -> None:
    import pytest

    from govlens.store.db import DatabaseMissing, connect

    assert database_url(tmp_path / "ws") == f"sqlite:///{tmp_path / 'ws' / 'govlens.sqlite'}"
    assert not (tmp_path / "ws").exists()  # naming the database creates nothing
    assert database_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(DatabaseMissing, match="no such folder"):  # read-only: nothing is created
        connect(tmp_path / "ws", create=False)
    assert not (tmp_path / "ws").exists()
    connect(tmp_path / "ws").dispose()  # a command that writes creates the folder and the file
    assert (tmp_path / "ws" / "govlens.sqlite").is_file()
    connect(tmp_path / "ws", create=False).dispose()


def test_a_url_is_used_as_given_and_survives_a_path_option(tmp_path: Path) -> None:
    assert database_url(PG) == PG
    # typer hands --workspace/--db over as a Path, which folds "//" into "/"
    assert str(Path(PG)) != PG
    assert database_url(Path(PG)) == PG
    assert database_url("sqlite:///" + str(tmp_path / "a.sqlite")) == "sqlite:///" + str(tmp_path / "a.sqlite")
    # no driver named (or the Heroku spelling): psycopg 3, the driver govlens installs
    assert database_url("postgresql://me@h/db") == "postgresql+psycopg://me@h/db"
    assert database_url("postgres://me@h/db") == "postgresql+psycopg://me@h/db"
    assert database_url("postgresql+psycopg2://me@h/db") == "postgresql+psycopg2://me@h/db"


def test_the_environment_names_the_database_of_a_workspace(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, PG)
    assert database_url(tmp_path / "ws") == PG
    assert not (tmp_path / "ws" / "govlens.sqlite").exists()
    # an explicit database (a file or a URL) still wins
    assert database_url(tmp_path / "x.sqlite") == f"sqlite:///{tmp_path / 'x.sqlite'}"
    other = "postgresql+psycopg://u@other/db2"
    assert database_url(other) == other
    monkeypatch.setenv(DATABASE_URL_ENV, "not a url")
    with pytest.raises(ValueError, match=DATABASE_URL_ENV):
        database_url(tmp_path / "ws")
    monkeypatch.setenv(DATABASE_URL_ENV, "")
    assert database_url(tmp_path / "ws").startswith("sqlite:///")


def test_the_cli_reads_the_database_the_environment_names(backend: str, db_url: str, engine: Engine,
                                                         tmp_path: Path) -> None:
    """`govlens report` on a workspace: its SQLite file, or with $GOVLENS_DATABASE_URL set the
    server, with nothing written to the workspace's SQLite file."""
    rid = store.create_run(engine, name="cli", catalog="c.yaml", settings={})
    store.save_site(engine, rid, evidence("https://www.moi.go.th/"), thai_results(), organisation=ORG_TH,
                    warc="", elapsed_s=1.0, retryable=False)
    store.finish_run(engine, rid)
    env = {k: v for k, v in os.environ.items() if k != DATABASE_URL_ENV}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    if backend == "sqlite":
        ws = Path(db_url)
    else:
        ws = tmp_path / "ws"
        env[DATABASE_URL_ENV] = db_url
    out = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-m", "govlens.cli", "report", "latest", "-w", str(ws),
                           "--out", str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    page = out.read_text(encoding="utf-8")
    assert "www.moi.go.th" in page
    if backend == "postgres":
        assert not (ws / "govlens.sqlite").exists()

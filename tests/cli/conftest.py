"""Run the real command line: in this process through ``govlens.cli.main`` (the one error
path, exit statuses and all), or as a subprocess (``python -m govlens.cli``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_helpers import Result, run_sub


@pytest.fixture
def gl(capsys, monkeypatch, tmp_path):
    """``gl(*args, cwd=...)``: govlens in this process; returns (exit status, stdout, stderr)."""
    from govlens.cli import main

    for k in [k for k in os.environ if k.startswith("GOVLENS_")]:
        monkeypatch.delenv(k)

    def call(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        monkeypatch.chdir(cwd or tmp_path)
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            for k in env or {}:
                monkeypatch.delenv(k)
        got = capsys.readouterr()
        return Result(code, got.out, got.err)

    return call


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """A folder where `govlens demo --sites 6` ran with the default workspace (a few seconds,
    loopback only): ``govlens-workspace/`` holds run 1, its WARCs, catalog and labels."""
    d = tmp_path_factory.mktemp("demo")
    r = run_sub("-q", "demo", "--sites", "6", "--seed", "3", "--no-validate-html", cwd=d)
    assert r.code == 0, r.err
    return d


@pytest.fixture
def demo_copy(demo_dir, tmp_path) -> Path:
    """A copy of the demo folder this test may change."""
    dst = tmp_path / "copy"
    shutil.copytree(demo_dir, dst)
    return dst

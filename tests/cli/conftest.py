"""Run the real command line: in this process through ``govlens.cli.main`` (the one error
path, exit statuses and all), or as a subprocess (``python -m govlens.cli``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVLENS_")}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def run_sub(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> Result:
    done = subprocess.run([sys.executable, "-m", "govlens.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=_env(env), timeout=timeout)
    return Result(done.returncode, done.stdout, done.stderr)


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


def user_error(r: Result, *words: str) -> None:
    """Exit 2, ``error: …`` naming every one of ``words``, and no traceback."""
    assert r.code == 2, (r.code, r.out, r.err)
    assert r.err.startswith("error: ") or "\nerror: " in r.err, r.err
    assert "Traceback" not in r.text, r.err
    for w in words:
        assert w in r.err, (w, r.err)


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

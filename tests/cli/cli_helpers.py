"""Helpers of the CLI tests: the result of a command, running it as a subprocess, and what a
user error must look like."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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


def user_error(r: Result, *words: str) -> None:
    """Exit 2, ``error: …`` naming every one of ``words``, and no traceback."""
    assert r.code == 2, (r.code, r.out, r.err)
    assert r.err.startswith("error: ") or "\nerror: " in r.err, r.err
    assert "Traceback" not in r.text, r.err
    for w in words:
        assert w in r.err, (w, r.err)


def answered(entity: dict) -> int:
    """How many of a scored site's indicator values come from a person's answer."""
    prov = entity["provenance"]
    return prov.get("manual", 0) + prov.get("overridden", 0)

"""The package installs and runs on its own: every module that src/govlens imports is the
standard library, govlens itself or a declared runtime dependency (not only the dev extra).

The fresh-virtualenv install and `govlens demo` run in CI (.ci/run, after `make test`)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "govlens"


def _dist(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules() -> dict[str, list[str]]:
    """Top-level module -> the places (file:line) importing it, for every src/govlens file."""
    out: dict[str, list[str]] = {}
    for f in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"), str(f))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for n in names:
                out.setdefault(n.split(".")[0], []).append(f"{f.relative_to(ROOT)}:{node.lineno}")
    return out


def test_every_runtime_import_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_dist(re.split(r"[<>=!~\[;\s]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    providers = packages_distributions()
    missing = {}
    for mod, where in imported_modules().items():
        if mod in sys.stdlib_module_names or mod in ("govlens", "__future__"):
            continue
        if not {_dist(d) for d in providers.get(mod, [])} & declared:
            missing[mod] = (providers.get(mod, ["not installed"]), where[:3])
    assert not missing, f"imported by src/govlens but not in [project] dependencies: {missing}"


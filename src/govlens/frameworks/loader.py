"""Find and load framework editions (the YAML files in ``frameworks/data/``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from govlens.frameworks.schema import Framework, FrameworkError, build_framework
from govlens.textfile import load_yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    id: str
    title: str
    edition: str
    path: Path
    counts: dict[str, int]


def framework_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.yaml") if not p.name.startswith("_"))


def load_framework_file(path: str | Path) -> Framework:
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkError(str(path), [f"not valid YAML: {exc}"]) from exc
    return build_framework(data, str(path))


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> Framework:
    return load_framework_file(path)


def load_framework(id_or_path: str | Path) -> Framework:
    """Load a bundled framework by id (``un-losi-2024``) or any framework file by path."""
    p = Path(id_or_path)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return _load_cached(str(p.resolve()), p.stat().st_mtime)
    candidate = DATA_DIR / f"{id_or_path}.yaml"
    if candidate.exists():
        return _load_cached(str(candidate), candidate.stat().st_mtime)
    known = ", ".join(f.stem for f in framework_files())
    raise KeyError(f"no framework {str(id_or_path)!r}; known: {known}")


def list_frameworks() -> list[FrameworkInfo]:
    out = []
    for p in framework_files():
        f = load_framework(p)
        out.append(FrameworkInfo(f.id, f.title.get("en", f.id), f.edition, p, f.counts()))
    return out


def load_all() -> list[Framework]:
    return [load_framework(p) for p in framework_files()]

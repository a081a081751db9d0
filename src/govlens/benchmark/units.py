"""Which organisations make up a country's score in each framework (data: units.yaml).

A benchmark compares like with like: the UN OSI looks at national portals and ministries,
LOSI at local government. The unit is data so that a reader can see, and change, what a
country's figure is made of."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from govlens.catalog.models import KINDS

DATA = Path(__file__).parent / "data" / "units.yaml"


@dataclass(frozen=True, slots=True)
class Unit:
    kinds: tuple[str, ...]
    why: dict[str, str]

    def includes(self, kind: str) -> bool:
        return kind in self.kinds


def _unit(d: Any, where: str) -> Unit:
    if not isinstance(d, dict) or not isinstance(d.get("kinds"), list):
        raise ValueError(f"{where}: needs kinds: [...]")
    bad = [k for k in d["kinds"] if k not in KINDS]
    if bad:
        raise ValueError(f"{where}: unknown kind(s) {bad}; one of {list(KINDS)}")
    return Unit(tuple(d["kinds"]), dict(d.get("why") or {}))


@cache
def load_units(path: Path = DATA) -> tuple[Unit, dict[str, Unit]]:
    """(the default unit, the unit of each framework id)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    default = _unit(doc.get("default"), f"{path}: default")
    per = {fid: _unit(u, f"{path}: frameworks.{fid}") for fid, u in (doc.get("frameworks") or {}).items()}
    return default, per


def unit_of(framework_id: str) -> Unit:
    default, per = load_units()
    return per.get(framework_id, default)

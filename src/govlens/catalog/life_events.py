"""The life-event list: what a catalog's ``services:`` entries are about.

Data, not code (``reference/life-events.yaml``): each event has a Thai and English name,
whether it serves citizens or businesses, its sector, and the UN OSI 2024 Services Provision
features it answers. A service in a catalog must name one of these ids, so that services can
be compared across countries event by event (``govlens catalog life-events``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govlens.textfile import load_yaml

from .models import Catalog, Name

FILE = Path(__file__).resolve().parent / "reference" / "life-events.yaml"


@dataclass(frozen=True)
class LifeEvent:
    id: str
    name: Name
    audience: str  # citizen | business
    sector: str
    #: UN OSI 2024 indicator ids (frameworks/data/un-osi-2024.yaml) the event answers
    osi: tuple[str, ...]


@cache
def life_events() -> dict[str, LifeEvent]:
    """Id -> event, in the file's order."""
    data = load_yaml(FILE.read_text(encoding="utf-8"))
    return {
        e["id"]: LifeEvent(id=e["id"], name=Name(en=e["name"]["en"], th=e["name"].get("th", "")),
                           audience=e["audience"], sector=e["sector"], osi=tuple(e["osi"]))
        for e in data["events"]
    }


def coverage(catalogs: Iterable[Catalog]) -> list[dict]:
    """Per life event, the catalogued services for it: ``{event, services: [{country, org,
    name, url}]}``; events nobody catalogued are listed with no services."""
    found: dict[str, list[dict]] = {k: [] for k in life_events()}
    for cat in catalogs:
        for org in cat.organisations:
            for s in org.services:
                found.setdefault(s.life_event, []).append(
                    {"country": org.country, "org": org.id, "name": s.name.as_dict(), "url": s.url})
    return [{"event": k, "services": v} for k, v in found.items()]

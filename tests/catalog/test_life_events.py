"""The life-event list: every event answers real UN OSI questions, catalogs may only name
listed events, and `govlens catalog life-events` shows which countries have a service URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from govlens.catalog import bundled_catalogs, load_catalog
from govlens.catalog.life_events import coverage, life_events
from govlens.catalog.models import SECTORS

ROOT = Path(__file__).resolve().parents[2]
OSI = ROOT / "src/govlens/frameworks/data/un-osi-2024.yaml"


def gl(*args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVLENS_")}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "govlens.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def _osi_services() -> dict[str, str]:
    data = yaml.safe_load(OSI.read_text(encoding="utf-8"))
    return {i["id"]: i["name"]["en"] for i in data["indicators"]}


def test_every_event_is_bilingual_and_maps_to_osi_questions_that_exist():
    osi = _osi_services()
    events = life_events()
    assert len(events) >= 20
    for ev in events.values():
        assert ev.name.en and any("\u0e00" <= ch <= "\u0e7f" for ch in ev.name.th), ev.id
        assert ev.audience in ("citizen", "business") and ev.sector in SECTORS
        assert ev.osi and all(code in osi for code in ev.osi), (ev.id, ev.osi)
    # the study's life events are all there, on the OSI question that asks for them
    assert osi[events["birth"].osi[0]] == "Birth / Death / Marriage certificate"
    assert osi[events["moving-address"].osi[0]] == "Address change notification"
    assert osi[events["driving-licence"].osi[0]] == "Driver's license"
    assert osi[events["building-permit"].osi[0]] == "Online building permit"
    assert {"id-card", "starting-business", "paying-taxes", "vehicle-registration", "job-seeking",
            "social-benefits"} <= set(events)


def test_every_transactional_osi_service_has_a_life_event():
    covered = {c for ev in life_events().values() for c in ev.osi}
    # the SP module's questions about one transaction each (#029 e-procurement is participation)
    wanted = {k for k in _osi_services() if k.startswith("osi-sp-") and k != "osi-sp-029"}
    assert wanted - covered <= {"osi-sp-095b"}  # SMS alerts are a channel, not a life event


def test_bundled_services_name_listed_events_and_coverage_finds_them():
    cats = [load_catalog(p) for p in bundled_catalogs().values()]
    rows = {r["event"]: r["services"] for r in coverage(cats)}
    assert set(rows) == set(life_events())  # nothing catalogued outside the list
    tax = {s["country"] for s in rows["paying-taxes"]}
    assert "THA" in tax


def test_cli_lists_events_with_countries_and_osi_codes():
    r = gl("catalog", "life-events", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = {e["event"]: e for e in json.loads(r.stdout)}
    assert out["paying-taxes"]["osi"] == ["osi-sp-043"]
    assert any(s["url"] == "https://efiling.rd.go.th/" for s in out["paying-taxes"]["services"])
    t = gl("catalog", "life-events", "thailand-core", "--lang", "th")
    assert t.returncode == 0 and "ยื่นภาษีเงินได้บุคคลธรรมดา" in t.stdout and "1: THA" in t.stdout
    bad = gl("catalog", "life-events", "--lang", "fr")
    assert bad.returncode == 2 and "--lang fr" in bad.stderr

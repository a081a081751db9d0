"""`govlens catalog list|show|validate|import` as a user runs them (a subprocess each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlens.catalog import bundled_catalogs, load_bundled, load_catalog

SRC = Path(__file__).resolve().parents[2] / "src"
FIX = Path(__file__).parent / "fixtures"


def gl(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVLENS_")}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "govlens.cli", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_list_counts_per_country_match_the_files():
    r = gl("catalog", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    listed = {e["catalog"]: e for e in json.loads(r.stdout)}
    assert set(listed) == set(bundled_catalogs())
    for name, entry in listed.items():
        cat = load_bundled(name)
        assert entry["as_of"] == cat.as_of and entry["source"] == cat.source
        assert sum(c["organisations"] for c in entry["countries"]) == len(cat.organisations)
        assert sum(c["sites"] for c in entry["countries"]) == len(cat.targets())
        assert sum(c["verified"] for c in entry["countries"]) == sum(
            s.verified for o in cat.organisations for s in o.sites)
        assert sum(c["website_unknown"] for c in entry["countries"]) == sum(
            not o.sites for o in cat.organisations)
    tha = next(c for c in listed["thailand-core"]["countries"] if c["country"] == "THA")
    assert tha["organisations"] == len(load_bundled("thailand-core").organisations)
    table = gl("catalog", "list")
    assert table.returncode == 0 and "thailand-core" in table.stdout and "THA Thailand" in table.stdout
    assert f"{len(listed)} catalogs:" in table.stdout


def test_show_a_bundled_catalog_and_one_country():
    r = gl("catalog", "show", "asean-portals", "--country", "sgp", "--format", "json")
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["catalog"] == "asean-portals" and [c["country"] for c in shown["countries"]] == ["SGP"]
    assert {o["country"] for o in shown["organisations"]} == {"SGP"}
    site = shown["organisations"][0]["sites"][0]
    assert set(site) == {"url", "source", "checked", "verified"} and site["verified"] is False
    table = gl("catalog", "show", "thailand-core")
    assert table.returncode == 0
    assert "Ministry of Public Health" in table.stdout and "https://www.moph.go.th/" in table.stdout
    assert "source:" in table.stdout and "as of" in table.stdout


def test_show_unknown_name_and_unknown_country_are_user_errors():
    r = gl("catalog", "show", "no-such-catalog")
    assert r.returncode == 2 and "error: no-such-catalog" in r.stderr and "thailand-core" in r.stderr
    r = gl("catalog", "show", "thailand-core", "--country", "FRA")
    assert r.returncode == 2 and "no country FRA" in r.stderr


@pytest.mark.parametrize("name", sorted(bundled_catalogs()))
def test_validate_passes_for_every_bundled_catalog(name):
    r = gl("catalog", "validate", bundled_catalogs()[name])
    assert r.returncode == 0, r.stderr
    assert ": ok — " in r.stdout


def test_import_writes_a_catalog_that_validates_and_reports_not_assessable(tmp_path):
    out = tmp_path / "dla.yaml"
    r = gl("catalog", "import", "dla", FIX / "dla_sample.json", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "7 organisations, 0 sites" in r.stdout and "7 with website unknown (not assessable)" in r.stdout
    cat = load_catalog(out)
    assert len(cat.organisations) == 7 and cat.as_of == "2026-06-10" and all(o.ref for o in cat.organisations)
    v = gl("catalog", "validate", out)
    assert v.returncode == 0 and "website unknown" in v.stdout and "not assessable" in v.stdout
    # nothing to crawl: assess still refuses it
    a = gl("assess", out, "--dry-run", cwd=tmp_path)
    assert a.returncode == 2 and "no sites" in a.stderr


def test_import_us_needs_as_of_then_records_it(tmp_path):
    out = tmp_path / "us.yaml"
    r = gl("catalog", "import", "us-dotgov", FIX / "us_federal_sample.csv", "-o", out)
    assert r.returncode == 2 and "--as-of" in r.stderr and not out.exists()
    r = gl("catalog", "import", "us-dotgov", FIX / "us_federal_sample.csv", "-o", out, "--as-of", "2026-08-22",
           "--source", "cisagov/dotgov-data @ 48b34674 current-federal.csv")
    assert r.returncode == 0, r.stderr
    cat = load_catalog(out)
    assert cat.as_of == "2026-08-22" and cat.source == "cisagov/dotgov-data @ 48b34674 current-federal.csv"
    text = out.read_text(encoding="utf-8")
    assert text.count("verified: false") == 9
    v = gl("catalog", "validate", out)
    assert v.returncode == 0 and "9 sites of" in v.stdout
    as_csv = tmp_path / "us.csv"
    r = gl("catalog", "import", "us-dotgov", FIX / "us_federal_sample.csv", "-o", as_csv, "--as-of", "2026-08-22")
    assert r.returncode == 0, r.stderr
    urls = [(s.url, s.verified) for o in cat.organisations for s in o.sites]
    assert [(s.url, s.verified) for o in load_catalog(as_csv).organisations for s in o.sites] == urls


def test_import_unknown_kind_or_missing_file(tmp_path):
    r = gl("catalog", "import", "fr", FIX / "dla_sample.json", "-o", tmp_path / "x.yaml")
    assert r.returncode == 2 and "dla, us-dotgov, uk-govorg" in r.stderr
    r = gl("catalog", "import", "dla", tmp_path / "missing.json", "-o", tmp_path / "x.yaml")
    assert r.returncode == 2 and "missing.json" in r.stderr


def test_list_names_a_broken_bundled_catalog_and_still_lists_the_others(tmp_path, monkeypatch, capsys):
    import govlens.catalog.loader as loader
    from govlens.cli.app import app

    (tmp_path / "asean-portals.yaml").write_bytes(bundled_catalogs()["asean-portals"].read_bytes())
    (tmp_path / "broken.yaml").write_text(
        "catalog: broken\nsource: x\nas_of: 2026-01-01\ncountries:\n  - code: THA\n    name: {en: a, b}\n",
        encoding="utf-8")
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    assert app(["catalog", "list"], standalone_mode=False) == 2
    out, err = capsys.readouterr()
    assert "asean-portals" in out and "GBR United Kingdom" in out
    assert "bundled catalog broken (broken.yaml)" in err and "broken.yaml:6: name.b: unknown field" in err
    assert "internal error" not in err

"""The catalog data model: names, crawl targets in file order, lookups, immutability."""

from __future__ import annotations

import dataclasses
import json

import pytest

from govlens.catalog import Catalog, Country, Name, Organisation, Site, SiteTarget


def _catalog() -> Catalog:
    return Catalog(
        name="t",
        source="tests",
        as_of="2026-11-24",
        countries=(
            Country("THA", Name("Thailand", "ประเทศไทย")),
            Country("SGP", Name("Singapore")),
        ),
        organisations=(
            Organisation(
                id="th-b",
                name=Name("B ministry", "กระทรวงบี"),
                kind="ministry",
                sector="health",
                country="THA",
                parent=None,
                sites=(Site("https://b.go.th/"), Site("https://b2.go.th/")),
            ),
            Organisation(
                id="sg-portal",
                name=Name("Gov.sg"),
                kind="national-portal",
                sector="general",
                country="SGP",
                parent=None,
                sites=(Site("https://www.gov.sg/"),),
            ),
            Organisation(
                id="th-a",
                name=Name("A department"),
                kind="department",
                sector="health",
                country="THA",
                parent="th-b",
                sites=(Site("https://a.go.th/"),),
            ),
            Organisation(
                id="th-empty",
                name=Name("No site"),
                kind="other",
                sector="other",
                country="THA",
                parent=None,
            ),
        ),
    )


def test_name_get_prefers_requested_language_then_english():
    name = Name(en="Ministry of Labour", th="กระทรวงแรงงาน")
    assert name.get("th") == "กระทรวงแรงงาน"
    assert name.get("en") == "Ministry of Labour"
    assert name.get("fr") == "Ministry of Labour"
    assert Name(en="Gov.sg").get("th") == "Gov.sg"
    assert Name(en="", th="ไทยเท่านั้น").get("en") == "ไทยเท่านั้น"


def test_targets_follow_file_order_and_skip_organisations_without_sites():
    urls = [t.url for t in _catalog().targets()]
    assert urls == [
        "https://b.go.th/",
        "https://b2.go.th/",
        "https://www.gov.sg/",
        "https://a.go.th/",
    ]


def test_targets_filter_by_country_case_insensitively():
    catalog = _catalog()
    assert [t.org_id for t in catalog.targets("THA")] == ["th-b", "th-b", "th-a"]
    assert [t.org_id for t in catalog.targets("sgp")] == ["sg-portal"]
    assert catalog.targets("DNK") == []


def test_target_carries_organisation_facts_and_json_ready_dict():
    target = _catalog().targets("THA")[-1]
    assert target == SiteTarget(
        url="https://a.go.th/",
        org_id="th-a",
        org_name=Name("A department"),
        kind="department",
        sector="health",
        country="THA",
        parent="th-b",
    )
    d = target.organisation_dict()
    assert d == {
        "id": "th-a",
        "name": {"en": "A department", "th": ""},
        "kind": "department",
        "sector": "health",
        "country": "THA",
        "parent": "th-b",
    }
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


def test_organisation_and_country_lookup():
    catalog = _catalog()
    assert catalog.organisation("th-a").parent == "th-b"
    assert catalog.country("tha").name.th == "ประเทศไทย"
    with pytest.raises(KeyError, match="nope"):
        catalog.organisation("nope")
    with pytest.raises(KeyError, match="DNK"):
        catalog.country("DNK")


def test_models_are_frozen_and_comparable():
    catalog = _catalog()
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.organisations[0].sites[0].url = "https://x/"  # type: ignore[misc]
    assert _catalog() == catalog
    catalog.organisation("th-a")  # fills the lookup cache; equality must not depend on it
    assert _catalog() == catalog
    assert hash(catalog.organisations[0]) == hash(_catalog().organisations[0])

"""Immutable model of a catalog: countries -> organisations -> sites -> services.

This module exists so that every later stage (collect, checks, benchmark, report) codes
against one small, frozen vocabulary for *who* is being assessed, independent of the file
format the catalog came from. Validation with file/line context lives in the loader; the
classes here are plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

KINDS: tuple[str, ...] = (
    "national-portal",
    "ministry",
    "department",
    "province",
    "local",
    "other",
)

SECTORS: tuple[str, ...] = (
    "general",  # whole-of-government: national portals, the head of government's office
    "health",
    "education",
    "labour",
    "social-protection",
    "environment",
    "justice",
    "finance",
    "interior",
    "transport",
    "business",
    "foreign-affairs",
    "digital",
    "agriculture",
    "tourism",
    "defence",
    "culture",
    "energy",
    "science",
    "other",
)

#: The six sectors whose ministries the UN E-Government Survey (OSI) assesses.
UN_SECTORS: tuple[str, ...] = (
    "health",
    "education",
    "labour",
    "social-protection",
    "environment",
    "justice",
)


@dataclass(frozen=True)
class Name:
    """A name in English and/or Thai (at least one; registers such as the DLA list give
    only the Thai name, and an English one is never made up)."""

    en: str
    th: str = ""

    def get(self, lang: str = "en") -> str:
        """The name in ``lang`` if known, else English, else Thai."""
        if lang == "th" and self.th:
            return self.th
        return self.en or self.th

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "th": self.th}


@dataclass(frozen=True)
class Service:
    """An online service an organisation offers, tied to a life event."""

    name: Name
    life_event: str
    url: str


@dataclass(frozen=True)
class Site:
    """One web site of an organisation.

    ``url`` is normalised (see :func:`govlens.catalog.loader.normalise_url`); ``source`` says
    where the address comes from; ``checked`` is the ISO date it was verified ("" if never);
    ``verified`` defaults to whether ``checked`` is set, and may be false with a date (checked,
    but not confirmed).
    """

    url: str
    source: str = ""
    checked: str = ""
    #: True only for an address someone confirmed on ``checked``; imported and
    #: compiled-from-memory addresses are ``False`` until then.
    verified: bool = False


@dataclass(frozen=True)
class Organisation:
    id: str
    name: Name
    kind: str
    sector: str
    country: str
    parent: str | None = None
    sites: tuple[Site, ...] = ()
    services: tuple[Service, ...] = ()
    #: Provenance of the organisation itself: the register or document it was taken from.
    source: str = ""
    #: Its identifier in that register (a DLA code, a GOV.UK register id ...), "" if none.
    ref: str = ""

    @property
    def website_known(self) -> bool:
        """False for an organisation catalogued without a site: it cannot be assessed."""
        return bool(self.sites)


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-3, upper case
    name: Name


@dataclass(frozen=True)
class SiteTarget:
    """One unit of work for the crawler: a site URL with the facts of its organisation."""

    url: str
    org_id: str
    org_name: Name
    kind: str
    sector: str
    country: str
    parent: str | None

    def organisation_dict(self) -> dict:
        """The organisation as a JSON-ready dict."""
        return {
            "id": self.org_id,
            "name": self.org_name.as_dict(),
            "kind": self.kind,
            "sector": self.sector,
            "country": self.country,
            "parent": self.parent,
        }


@dataclass(frozen=True)
class Catalog:
    name: str
    source: str
    as_of: str
    countries: tuple[Country, ...]
    organisations: tuple[Organisation, ...]

    @cached_property
    def _by_id(self) -> dict[str, Organisation]:
        return {org.id: org for org in self.organisations}

    def targets(self, country: str | None = None) -> list[SiteTarget]:
        """Every site of every organisation, in file order, optionally for one country."""
        wanted = country.upper() if country else None
        out: list[SiteTarget] = []
        for org in self.organisations:
            if wanted is not None and org.country != wanted:
                continue
            for site in org.sites:
                out.append(
                    SiteTarget(
                        url=site.url,
                        org_id=org.id,
                        org_name=org.name,
                        kind=org.kind,
                        sector=org.sector,
                        country=org.country,
                        parent=org.parent,
                    )
                )
        return out

    def organisation(self, org_id: str) -> Organisation:
        """The organisation with this id; KeyError if there is none."""
        try:
            return self._by_id[org_id]
        except KeyError:
            raise KeyError(f"no organisation {org_id!r} in catalog {self.name!r}") from None

    def country(self, code: str) -> Country:
        """The country with this ISO3 code; KeyError if there is none."""
        for c in self.countries:
            if c.code == code.upper():
                return c
        raise KeyError(f"no country {code!r} in catalog {self.name!r}")

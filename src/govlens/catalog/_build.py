"""Format-independent validation and assembly of a catalog.

The YAML and CSV readers only know how to find values and their line (or row) numbers; the
rules — id format, allowed kinds and sectors, ISO3 codes, dates, URLs, unique ids and sites,
parents that exist and form no cycle — live here once, so both formats report the same
problems in the same words, all of them in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from .errors import CatalogError, CatalogErrors
from .models import Catalog, Country, Name, Organisation, Service, Site
from .urls import normalise_url

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class DraftOrg:
    id: str
    name: Name | None
    kind: str | None
    sector: str | None
    country: str | None
    parent: str | None
    line: int | None
    parent_line: int | None
    sites: list[Site] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    source: str = ""
    ref: str = ""


class Builder:
    """Collects countries, organisations and sites, and every problem found on the way.

    ``unit`` is "line" (YAML) or "row" (CSV) and is only used in messages that point at a
    second location.
    """

    def __init__(self, file: str, unit: str) -> None:
        self.file = file
        self.unit = unit
        self.errors: list[CatalogError] = []
        self.countries: dict[str, Country] = {}
        self.country_lines: dict[str, int | None] = {}
        self.orgs: dict[str, DraftOrg] = {}
        self.sites: dict[str, tuple[int | None, str]] = {}

    # -- problems ----------------------------------------------------------------------

    def error(self, line: int | None, field: str, message: str) -> None:
        self.errors.append(CatalogError(self.file, line, field, message))

    def where(self, line: int | None) -> str:
        return f"{self.file}:{line}" if line is not None else self.file

    # -- value checks: each returns the clean value, or None after recording a problem ----

    def text(
        self, value: object, line: int | None, field: str, required: bool = True
    ) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(line, field, "required field is missing or empty")
            return None if required else ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.error(
                line,
                field,
                f"must be text, not {_describe(value)} (put the value in quotes)",
            )
            return None
        return str(value).strip()

    def ident(
        self, value: object, line: int | None, field: str, required: bool = True
    ) -> str | None:
        text = self.text(value, line, field, required)
        if not text:
            return text
        if not ID_RE.match(text):
            self.error(
                line,
                field,
                f"invalid id {text!r}: use lower-case letters, digits, '.', '_' and '-', "
                "starting with a letter or digit",
            )
            return None
        return text

    def choice(
        self, value: object, line: int | None, field: str, allowed: tuple[str, ...]
    ) -> str | None:
        text = self.text(value, line, field)
        if text is None:
            return None
        if text not in allowed:
            self.error(line, field, f"unknown {field} {text!r} (allowed: {', '.join(allowed)})")
            return None
        return text

    def iso3(self, value: object, line: int | None, field: str) -> str | None:
        text = self.text(value, line, field)
        if text is None:
            return None
        code = text.upper()
        if not ISO3_RE.match(code):
            self.error(
                line,
                field,
                f"invalid country code {text!r}: use the three-letter ISO 3166-1 alpha-3 code "
                "(e.g. THA)",
            )
            return None
        return code

    def date(
        self, value: object, line: int | None, field: str, required: bool = False
    ) -> str | None:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = self.text(value, line, field, required)
        if not text:
            return text
        if DATE_RE.match(text):
            try:
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                pass
        self.error(line, field, f"invalid date {text!r}: use an ISO date YYYY-MM-DD")
        return None

    def flag(self, value: object, line: int | None, field: str) -> bool | None:
        """A yes/no value: YAML true/false, or (CSV) true/false/yes/no/1/0; None if absent."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        self.error(line, field, f"must be true or false, not {value!r}")
        return None

    def verified(self, value: object, line: int | None, field: str, checked: str) -> bool:
        """``verified`` of a site: given, or whether it was checked; true needs a date."""
        flag = self.flag(value, line, field)
        if flag is None:
            return bool(checked)
        if flag and not checked:
            self.error(line, field, "verified: true needs the date it was checked (checked: YYYY-MM-DD)")
            return False
        return flag

    def url(self, value: object, line: int | None, field: str) -> str | None:
        text = self.text(value, line, field)
        if text is None:
            return None
        try:
            return normalise_url(text)
        except ValueError as exc:
            self.error(line, field, str(exc))
            return None

    # -- assembly -----------------------------------------------------------------------

    def add_country(self, code: str, name: Name, line: int | None, field: str = "code") -> None:
        if code in self.countries:
            first = self.country_lines[code]
            self.error(line, field, f"duplicate country {code} (first at {self.where(first)})")
            return
        self.countries[code] = Country(code=code, name=name)
        self.country_lines[code] = line

    def add_org(self, org: DraftOrg, field: str = "id") -> bool:
        if org.id in self.orgs:
            first = self.orgs[org.id].line
            self.error(
                org.line,
                field,
                f"duplicate organisation id {org.id!r} (first at {self.where(first)})",
            )
            return False
        self.orgs[org.id] = org
        return True

    def add_site(self, org: DraftOrg | None, site: Site, line: int | None, field: str) -> None:
        owner = org.id if org is not None else "?"
        if site.url in self.sites:
            first_line, first_owner = self.sites[site.url]
            self.error(
                line,
                field,
                f"duplicate site URL {site.url} (organisation {owner}); also at "
                f"{self.where(first_line)} (organisation {first_owner})",
            )
            return
        self.sites[site.url] = (line, owner)
        if org is not None:
            org.sites.append(site)

    def _check_parents(self) -> None:
        for org in self.orgs.values():
            if org.parent is not None and org.parent not in self.orgs:
                hint = difflib.get_close_matches(org.parent, list(self.orgs), n=1)
                suffix = f"; did you mean {hint[0]!r}?" if hint else ""
                self.error(
                    org.parent_line,
                    "parent",
                    f"unknown organisation {org.parent!r} (parent must be an id defined in "
                    f"this file){suffix}",
                )
        reported: set[frozenset[str]] = set()
        for org in self.orgs.values():
            path = [org.id]
            current = org.parent
            while current is not None and current in self.orgs:
                if current == org.id:
                    key = frozenset(path)
                    if key not in reported:
                        reported.add(key)
                        if len(path) == 1:
                            message = "an organisation cannot be its own parent"
                        else:
                            chain = " -> ".join([*path, org.id])
                            message = f"parent chain forms a cycle: {chain}"
                        self.error(org.parent_line, "parent", message)
                    break
                if current in path:  # a cycle further up; reported from one of its members
                    break
                path.append(current)
                current = self.orgs[current].parent

    def finish(self, name: str, source: str, as_of: str) -> Catalog:
        self._check_parents()
        self.raise_if_errors()
        organisations = tuple(
            Organisation(
                id=org.id,
                name=org.name,  # type: ignore[arg-type]  (None only when an error was raised)
                kind=org.kind,  # type: ignore[arg-type]
                sector=org.sector,  # type: ignore[arg-type]
                country=org.country,  # type: ignore[arg-type]
                parent=org.parent,
                sites=tuple(org.sites),
                services=tuple(org.services),
                source=org.source,
                ref=org.ref,
            )
            for org in self.orgs.values()
        )
        return Catalog(
            name=name,
            source=source,
            as_of=as_of,
            countries=tuple(self.countries.values()),
            organisations=organisations,
        )

    def raise_if_errors(self) -> None:
        if not self.errors:
            return
        errors = sorted(self.errors, key=lambda e: e.line if e.line is not None else 0)
        if len(errors) == 1:
            raise errors[0]
        raise CatalogErrors(errors)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"

"""Write a catalog back out as YAML or CSV.

Lets people convert between the two formats (a spreadsheet list of agencies to a reviewed
YAML file, or back) and lets tests prove that both readers agree. The YAML output loads
back to an equal catalog; CSV has no place for services, empty countries or the catalog's
source and date, so those are dropped.
"""

from __future__ import annotations

import csv
import io

import yaml

from ._csv import COLUMNS
from .models import Catalog, Name, Site


def _name(name: Name) -> dict[str, str]:
    if not name.en:
        return {"th": name.th}
    return {"en": name.en, "th": name.th} if name.th else {"en": name.en}


def _site(site: Site) -> dict:
    out: dict = {"url": site.url}
    if site.source:
        out["source"] = site.source
    if site.checked:
        out["checked"] = site.checked
    if not site.verified:  # true is the default once checked is set
        out["verified"] = False
    return out


def catalog_to_dict(catalog: Catalog) -> dict:
    """The catalog in the YAML file's shape (plain dicts and lists)."""
    countries = []
    for country in catalog.countries:
        orgs = []
        for org in catalog.organisations:
            if org.country != country.code:
                continue
            entry: dict = {
                "id": org.id,
                "kind": org.kind,
                "sector": org.sector,
                "parent": org.parent,
                "name": _name(org.name),
                **({"source": org.source} if org.source else {}),
                **({"ref": org.ref} if org.ref else {}),
                "sites": [_site(s) for s in org.sites],
            }
            if org.services:
                entry["services"] = [
                    {"name": _name(s.name), "life_event": s.life_event, "url": s.url}
                    for s in org.services
                ]
            orgs.append(entry)
        countries.append({"code": country.code, "name": _name(country.name), "organisations": orgs})
    out: dict = {"catalog": catalog.name, "source": catalog.source}
    if catalog.as_of:
        out["as_of"] = catalog.as_of
    out["countries"] = countries
    return out


def dump_yaml(catalog: Catalog) -> str:
    return yaml.safe_dump(catalog_to_dict(catalog), sort_keys=False, allow_unicode=True, width=100)


def dump_csv(catalog: Catalog) -> str:
    countries = {c.code: c for c in catalog.countries}
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for org in catalog.organisations:
        country = countries.get(org.country)
        base = {
            "country": org.country,
            "org_id": org.id,
            "kind": org.kind,
            "sector": org.sector,
            "parent": org.parent or "",
            "name_en": org.name.en,
            "name_th": org.name.th,
            "country_name_en": country.name.en if country else "",
            "country_name_th": country.name.th if country else "",
            "org_source": org.source,
            "org_ref": org.ref,
        }
        sites = org.sites or (None,)
        for site in sites:
            row = dict(base, site_url="", source="", checked="", verified="")
            if site is not None:
                row.update(site_url=site.url, source=site.source, checked=site.checked,
                           verified="true" if site.verified else "false")
            writer.writerow([row[col] for col in COLUMNS])
    return buf.getvalue()

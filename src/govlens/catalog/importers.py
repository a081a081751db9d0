"""Catalogs from official registers, so that the organisations come from an authority.

Each importer reads one register file *given to it* (nothing is read from a fixed place),
and returns an :class:`ImportResult`: a :class:`~govlens.catalog.models.Catalog` whose every
organisation records where it comes from (``source``, and ``ref``, its id in the register),
whose every site says where its address comes from and is ``verified: false`` (a register
entry is not a check of the live site), and counts for a report. An organisation the
register gives no website for is catalogued with no site — website unknown — and counted
as not assessable. Names are never made up: the DLA register has Thai names only, and its
organisations get no English name.

Kinds (``govlens catalog import KIND``):

``dla``
    the Department of Local Administration's list of Thai local administrative organisations
    (อปท.), as the JSON ``{descriptor, sourceSha256, localAuthorities: [...]}`` built from
    DLA open data set dlads_05_01.
``us-dotgov``
    CISA's list of US federal .gov domains (``current-federal.csv``).
``uk-govorg``
    the GDS register of UK government organisations (``government-organisation.tsv``).

Problems with the file are :class:`~govlens.catalog.errors.CatalogError` with file, row (or
record) and field, all of them in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CatalogError, CatalogErrors
from .models import Catalog, Country, Name, Organisation, Site
from .urls import normalise_url

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # registers give 2015 or 2015-03 too


@dataclass(frozen=True)
class ImportResult:
    catalog: Catalog
    #: organisations catalogued without a website: they cannot be assessed
    not_assessable: tuple[str, ...] = ()
    #: records of the register left out, with the reason ("row 12: closed 2015-03-31")
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        cat = self.catalog
        sites = sum(len(o.sites) for o in cat.organisations)
        verified = sum(s.verified for o in cat.organisations for s in o.sites)
        parts = [f"{len(cat.organisations)} organisations, {sites} sites ({verified} verified)",
                 f"{len(self.not_assessable)} with website unknown (not assessable)"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} register records left out")
        return "; ".join(parts)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise CatalogError(str(file), None, "", f"cannot read file: {reason}") from None


def _as_of(file: Path, as_of: str | None, found: str | None) -> str:
    value = as_of or found
    if not value:
        raise CatalogError(str(file), None, "as_of", "the register carries no date: give --as-of YYYY-MM-DD "
                           "(the date the register was published or downloaded)")
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise CatalogError(str(file), None, "as_of", f"invalid date {value!r}: use YYYY-MM-DD") from None


def _raise(errors: list[CatalogError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise CatalogErrors(errors)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- DLA (Thailand)

#: DLA type -> (Thai title put before the name, English description)
DLA_TYPES: dict[str, tuple[str, str]] = {
    "provincial_admin_org": ("องค์การบริหารส่วนจังหวัด", "provincial administrative organisation"),
    "city_municipality": ("เทศบาลนคร", "city municipality"),
    "town_municipality": ("เทศบาลเมือง", "town municipality"),
    "subdistrict_municipality": ("เทศบาลตำบล", "subdistrict municipality"),
    "subdistrict_admin_org": ("องค์การบริหารส่วนตำบล", "subdistrict administrative organisation"),
    "special_admin_area": ("", "special administrative area"),
}
WEBSITE_KEYS = ("website", "websiteUrl", "url", "เว็ปไซต์ของอปท", "เว็บไซต์ของอปท")


def _dla_place(rec: dict) -> str:
    """Where the organisation is, as the register says (names repeat across districts)."""
    parts = []
    if rec.get("provinceCode"):
        parts.append(f"province code {rec['provinceCode']}")
    if rec.get("districtNameTh"):
        parts.append(f"district (อำเภอ) {rec['districtNameTh']}")
    return f": {', '.join(parts)}" if parts else ""


def import_dla(file: Path, as_of: str | None = None, source: str | None = None) -> ImportResult:
    """The DLA list of Thai local administrative organisations (one organisation each)."""
    name = str(file)
    try:
        data = json.loads(_read(file))
    except json.JSONDecodeError as exc:
        raise CatalogError(name, exc.lineno, "", f"invalid JSON: {exc.msg}") from None
    records = data.get("localAuthorities") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise CatalogError(name, None, "localAuthorities", "not a DLA file: expected a JSON object with a "
                           "list 'localAuthorities'")
    descriptor = data.get("descriptor") or {}
    published = str(descriptor.get("publishedAt") or "")
    when = _as_of(file, as_of, published if DATE_RE.match(published) else None)
    sha = str(data.get("sourceSha256") or "")
    cat_source = source or (
        "Department of Local Administration (กรมส่งเสริมการปกครองท้องถิ่น), open data set dlads_05_01 "
        f"(opendata.dla.go.th){', published ' + published[:10] if published else ''}"
        f"{', source file sha256 ' + sha if sha else ''}; read from {file.name}")
    errors: list[CatalogError] = []
    orgs: list[Organisation] = []
    unknown: list[str] = []
    seen: dict[str, int] = {}
    for n, rec in enumerate(records, start=1):
        if not isinstance(rec, dict):
            errors.append(CatalogError(name, n, "localAuthorities", f"record {n} is not an object"))
            continue
        code = str(rec.get("dlaCode") or "").strip()
        th = str(rec.get("nameTh") or "").strip()
        kind = str(rec.get("type") or "").strip()
        for fld, value in (("dlaCode", code), ("nameTh", th), ("type", kind)):
            if not value:
                errors.append(CatalogError(name, n, fld, f"record {n}: required field is missing or empty"))
        if kind and kind not in DLA_TYPES:
            errors.append(CatalogError(name, n, "type", f"record {n}: unknown DLA type {kind!r} "
                                       f"(known: {', '.join(DLA_TYPES)})"))
            continue
        if not (code and th and kind):
            continue
        if code in seen:
            errors.append(CatalogError(name, n, "dlaCode", f"record {n}: duplicate DLA code {code} "
                                       f"(first in record {seen[code]})"))
            continue
        seen[code] = n
        title, _ = DLA_TYPES[kind]
        full = th if (not title or th.startswith(title)) else f"{title}{th}"
        org_id = f"th-lao-{code}"
        sites: list[Site] = []
        website = next((str(rec[k]).strip() for k in WEBSITE_KEYS if rec.get(k)), "")
        if website:
            try:
                url = normalise_url(website if "://" in website else f"http://{website}")
                sites.append(Site(url=url, source=f"DLA register, website field of code {code}", verified=False))
            except ValueError as exc:
                errors.append(CatalogError(name, n, "website", f"record {n}: {exc}"))
                continue
        else:
            unknown.append(org_id)
        orgs.append(Organisation(id=org_id, name=Name(en="", th=full), kind="local", sector="general",
                                 country="THA", sites=tuple(sites),
                                 source=f"DLA register of local administrative organisations ({when})"
                                        + _dla_place(rec),
                                 ref=code))
    _raise(errors)
    if not orgs:
        raise CatalogError(name, None, "localAuthorities", "the register lists no organisation")
    cat = Catalog(name="thailand-local-dla", source=cat_source, as_of=when,
                  countries=(Country("THA", Name("Thailand", "ประเทศไทย")),), organisations=tuple(orgs))
    notes = () if not unknown else (
        f"{len(unknown)} of {len(orgs)} organisations have no website in the register: catalogued with the "
        "website unknown, not assessable",)
    return ImportResult(cat, tuple(unknown), (), notes)


# --------------------------------------------------------------------------- US federal .gov

#: Words in an organisation's English name -> sector (first match wins; else "other"). Only
#: for the US and UK registers, which give no sector; a keyword guess, reviewed in the YAML.
NAME_SECTORS: tuple[tuple[str, str], ...] = (
    ("health", "health"), ("nhs ", "health"), ("education", "education"), ("labor", "labour"), ("labour", "labour"),
    ("work and pensions", "social-protection"), ("social security", "social-protection"),
    ("environment", "environment"), ("justice", "justice"), ("court", "justice"),
    ("solicitor", "justice"), ("digital", "digital"), ("culture", "culture"),
    ("treasury", "finance"), ("revenue", "finance"), ("defense", "defence"), ("defence", "defence"),
    ("foreign", "foreign-affairs"), ("transport", "transport"), ("agricultur", "agriculture"),
    ("energy", "energy"), ("commerce", "business"), ("business", "business"),
    ("interior", "interior"), ("homeland", "interior"), ("home office", "interior"),
)


def _name_sector(org: str) -> str:
    low = org.lower()
    if low == "department of state":  # the US foreign ministry
        return "foreign-affairs"
    for word, sector in NAME_SECTORS:
        if word in low:
            return sector
    return "other"


US_COLUMNS = ("Domain name", "Domain type", "Organization name", "Suborganization name")


def import_us_dotgov(file: Path, as_of: str | None = None, source: str | None = None) -> ImportResult:
    """CISA's US federal .gov domain list: one organisation per agency and sub-agency, one
    site ``https://DOMAIN/`` per domain (a registered domain, not a checked web site)."""
    name = str(file)
    when = _as_of(file, as_of, None)
    rows = list(csv.reader(io.StringIO(_read(file), newline="")))
    if not rows:
        raise CatalogError(name, None, "", "file is empty (a header row is required)")
    header = [c.strip() for c in rows[0]]
    missing = [c for c in US_COLUMNS if c not in header]
    if missing:
        raise CatalogError(name, 1, missing[0], f"not a CISA .gov list: header lacks {', '.join(missing)}")
    col = {c: header.index(c) for c in US_COLUMNS}
    reg = source or f"CISA .gov registry, list of federal domains ({file.name}, github.com/cisagov/dotgov-data)"
    errors: list[CatalogError] = []
    orgs: dict[str, dict] = {}
    seen_urls: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            errors.append(CatalogError(name, n, "", f"row has {len(row)} values but the header has {len(header)}"))
            continue
        domain = row[col["Domain name"]].strip().lower()
        agency = row[col["Organization name"]].strip()
        sub = row[col["Suborganization name"]].strip()
        if not domain:
            errors.append(CatalogError(name, n, "Domain name", "required field is missing or empty"))
            continue
        if not agency:
            errors.append(CatalogError(name, n, "Organization name", "required field is missing or empty"))
            continue
        try:
            url = normalise_url(f"https://{domain}/")
        except ValueError as exc:
            errors.append(CatalogError(name, n, "Domain name", str(exc)))
            continue
        if url in seen_urls:
            errors.append(CatalogError(name, n, "Domain name", f"duplicate domain {domain} (first at row {seen_urls[url]})"))
            continue
        seen_urls[url] = n
        branch = row[col["Domain type"]].strip()
        agency_id = "us-" + _slug(agency)
        if agency_id not in orgs:
            kind = "ministry" if agency.lower().startswith("department of") and "Executive" in branch else "other"
            orgs[agency_id] = {"name": agency, "kind": kind, "parent": None, "sector": _name_sector(agency),
                               "sites": [], "row": n}
        owner = agency_id
        if sub and sub.lower() != agency.lower():
            owner = f"{agency_id}.{_slug(sub)}"
            if owner not in orgs:
                orgs[owner] = {"name": sub, "kind": "department", "parent": agency_id,
                               "sector": orgs[agency_id]["sector"], "sites": [], "row": n}
        orgs[owner]["sites"].append(Site(url=url, source=f"{reg}, row {n}: registered domain {domain}",
                                         verified=False))
    _raise(errors)
    if not orgs:
        raise CatalogError(name, None, "", "the list has no domain")
    built = tuple(
        Organisation(id=oid, name=Name(o["name"]), kind=o["kind"], sector=o["sector"], country="USA",
                     parent=o["parent"], sites=tuple(o["sites"]), source=f"{reg}, row {o['row']}", ref="")
        for oid, o in orgs.items())
    cat = Catalog(name="usa-federal-dotgov", source=reg, as_of=when,
                  countries=(Country("USA", Name("United States of America", "สหรัฐอเมริกา")),),
                  organisations=built)
    unknown = tuple(o.id for o in built if not o.sites)  # agencies whose domains are all their sub-agencies'
    return ImportResult(cat, unknown, (), ("every site is a registered .gov domain, not a checked web site: "
                                           "all are verified: false",))


# --------------------------------------------------------------------------- UK government organisations

#: Register id prefix -> kind
UK_KINDS = {"D": "ministry", "EA": "department", "PB": "other", "OT": "other"}
UK_COLUMNS = ("government-organisation", "name", "website", "start-date", "end-date")


def import_uk_govorg(file: Path, as_of: str | None = None, source: str | None = None) -> ImportResult:
    """The GDS register of UK government organisations: the ones open on ``as_of`` (those
    with an end-date on or before it are left out), each with its GOV.UK page as its site."""
    name = str(file)
    when = _as_of(file, as_of, None)
    rows = list(csv.reader(io.StringIO(_read(file), newline=""), delimiter="\t"))
    if not rows:
        raise CatalogError(name, None, "", "file is empty (a header row is required)")
    header = [c.strip() for c in rows[0]]
    missing = [c for c in UK_COLUMNS if c not in header]
    if missing:
        raise CatalogError(name, 1, missing[0], f"not the government-organisation register: header lacks "
                           f"{', '.join(missing)}")
    col = {c: header.index(c) for c in UK_COLUMNS}
    reg = source or f"GDS register of UK government organisations ({file.name}, openregister government-organisation)"
    errors: list[CatalogError] = []
    orgs: list[Organisation] = []
    skipped: list[str] = []
    unknown: list[str] = []
    urls: dict[str, tuple[int, str]] = {}
    # the register is a list of entries: a later entry for an id replaces the earlier one
    last = {row[col["government-organisation"]].strip(): n for n, row in enumerate(rows[1:], start=2)
            if len(row) == len(header)}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            errors.append(CatalogError(name, n, "", f"row has {len(row)} values but the header has {len(header)}"))
            continue
        ref = row[col["government-organisation"]].strip()
        org_name = row[col["name"]].strip()
        website = row[col["website"]].strip()
        start, end = row[col["start-date"]].strip(), row[col["end-date"]].strip()
        if not ref or not org_name:
            field_ = "government-organisation" if not ref else "name"
            errors.append(CatalogError(name, n, field_, "required field is missing or empty"))
            continue
        bad = False
        for fld, value in (("start-date", start), ("end-date", end)):
            if value and not PARTIAL_DATE_RE.match(value):
                errors.append(CatalogError(name, n, fld, f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD"))
                bad = True
        if bad:
            continue
        if last.get(ref, n) != n:
            skipped.append(f"row {n}: {ref} {org_name}: superseded by the entry in row {last[ref]}")
            continue
        # a partial end date (2015, 2015-03) sorts before every day of its year or month: closed
        if end and end[:10] <= when:
            skipped.append(f"row {n}: {ref} {org_name} closed {end}")
            continue
        if start and start[:10] > when:
            skipped.append(f"row {n}: {ref} {org_name} opens {start}")
            continue
        prefix = re.sub(r"\d+$", "", ref)
        org_id = "gb-" + _slug(ref)
        sites: tuple[Site, ...] = ()
        if website:
            try:
                url = normalise_url(website)
            except ValueError as exc:
                errors.append(CatalogError(name, n, "website", str(exc)))
                continue
            if url in urls:
                first_row, first = urls[url]
                skipped.append(f"row {n}: {ref} {org_name}: website {url} is also that of {first} (row {first_row}); "
                               "catalogued with the website unknown")
            else:
                urls[url] = (n, ref)
                sites = (Site(url=url, source=f"{reg}, row {n}: website of {ref}", verified=False),)
        if not sites:
            unknown.append(org_id)
        orgs.append(Organisation(id=org_id, name=Name(org_name), kind=UK_KINDS.get(prefix, "other"),
                                 sector=_name_sector(org_name), country="GBR", sites=sites, source=f"{reg}, row {n}", ref=ref))
    _raise(errors)
    if not orgs:
        raise CatalogError(name, None, "", f"the register has no organisation open on {when}")
    cat = Catalog(name="uk-government-organisations", source=reg, as_of=when,
                  countries=(Country("GBR", Name("United Kingdom", "สหราชอาณาจักร")),), organisations=tuple(orgs))
    return ImportResult(cat, tuple(unknown), tuple(skipped),
                        ("sites are the organisations' GOV.UK pages as the register gives them: verified: false",))


IMPORTERS: dict[str, Callable[..., ImportResult]] = {
    "dla": import_dla,
    "us-dotgov": import_us_dotgov,
    "uk-govorg": import_uk_govorg,
}


def import_register(kind: str, file: str | Path, as_of: str | None = None, source: str | None = None,
                    name: str | None = None) -> ImportResult:
    """Import register ``file`` of ``kind`` (one of :data:`IMPORTERS`)."""
    if kind not in IMPORTERS:
        raise CatalogError(str(file), None, "kind", f"unknown register kind {kind!r} (known: {', '.join(IMPORTERS)})")
    result = IMPORTERS[kind](Path(file), as_of=as_of, source=source)
    if name:
        from dataclasses import replace
        result = replace(result, catalog=replace(result.catalog, name=name))
    return result

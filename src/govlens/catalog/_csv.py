"""Read a CSV catalog: one row per site, rows of one organisation merged.

Spreadsheets are how long lists of agencies are kept (e.g. thousands of local authorities),
so a catalog can also be a CSV file. Rows are numbered as a spreadsheet numbers them: the
header is row 1, the first data row is row 2, blank rows still count.

Columns (header required, any order): ``country, org_id, kind, sector, parent, name_en,
name_th, site_url``; optional ``source, checked`` (of the site) and ``country_name_en,
country_name_th`` (a country's name; without them the name is the ISO3 code). An
organisation without a site is one row with an empty ``site_url``. Services cannot be
expressed in CSV.
"""

from __future__ import annotations

import csv
import io

from ._build import Builder, DraftOrg
from .errors import CatalogError
from .models import KINDS, SECTORS, Catalog, Name, Site

REQUIRED_COLUMNS = (
    "country",
    "org_id",
    "kind",
    "sector",
    "parent",
    "name_en",
    "name_th",
    "site_url",
)
OPTIONAL_COLUMNS = ("source", "checked", "verified", "country_name_en", "country_name_th", "org_source", "org_ref")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Fields that describe the organisation and so must be the same on every row of it.
ORG_COLUMNS = ("country", "kind", "sector", "parent", "name_en", "name_th", "org_source", "org_ref")
COUNTRY_COLUMNS = ("country_name_en", "country_name_th")


def load_csv(file: str, text: str, name: str) -> Catalog:
    b = Builder(file, "row")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    first_row: dict[str, tuple[int, dict[str, str]]] = {}  # org id -> (row, org columns)
    country_rows: dict[str, tuple[int, dict[str, str]]] = {}  # code -> (row, name columns)
    row_number = 0
    while True:
        row_number += 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            b.error(row_number, "", f"invalid CSV: {exc}")
            break
        if header is None:
            header = _header(b, record)
            if header is None:
                break
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            b.error(
                row_number,
                "",
                f"row has {len(record)} values but the header has {len(header)} columns",
            )
            continue
        row = {col: cell.strip() for col, cell in zip(header, record, strict=True)}
        for col in OPTIONAL_COLUMNS:
            row.setdefault(col, "")
        _row(b, row, row_number, first_row, country_rows)
    if header is None and not b.errors:
        raise CatalogError(file, None, "", "file is empty (a header row is required)")
    return b.finish(name, "", "")


def _header(b: Builder, record: list[str]) -> list[str] | None:
    header = [cell.strip().lower() for cell in record]
    problems = False
    seen: set[str] = set()
    for col in header:
        if col in seen:
            b.error(1, col, "column appears twice in the header")
            problems = True
        elif col not in COLUMNS:
            b.error(1, col or "(empty)", f"unknown column (allowed: {', '.join(COLUMNS)})")
            problems = True
        seen.add(col)
    missing = [col for col in REQUIRED_COLUMNS if col not in seen]
    if missing:
        b.error(1, missing[0], f"header lacks required column(s): {', '.join(missing)}")
        problems = True
    return None if problems else header


def _row(
    b: Builder,
    row: dict[str, str],
    n: int,
    first_row: dict[str, tuple[int, dict[str, str]]],
    country_rows: dict[str, tuple[int, dict[str, str]]],
) -> None:
    code = b.iso3(row["country"], n, "country")
    org_id = b.ident(row["org_id"], n, "org_id")
    kind = b.choice(row["kind"], n, "kind", KINDS)
    sector = b.choice(row["sector"], n, "sector", SECTORS)
    parent = b.ident(row["parent"], n, "parent", required=False) or None
    name_th = row["name_th"]
    name_en = b.text(row["name_en"], n, "name_en", required=not name_th)  # Thai alone will do

    if code is not None:
        names = {col: row[col] for col in COUNTRY_COLUMNS}
        if code not in country_rows:
            country_rows[code] = (n, names)
            country_name = Name(en=names["country_name_en"] or code, th=names["country_name_th"])
            b.add_country(code, country_name, n, "country")
        else:
            first, first_names = country_rows[code]
            _agree(b, n, first, first_names, names, f"rows of country {code}")

    draft: DraftOrg | None = None
    if org_id is not None:
        org_values = {col: row[col] for col in ORG_COLUMNS}
        org_values["country"] = org_values["country"].upper()
        if org_id not in first_row:
            first_row[org_id] = (n, org_values)
            draft = DraftOrg(
                id=org_id,
                name=Name(en=name_en, th=name_th) if (name_en or name_th) and name_en is not None else None,
                kind=kind,
                sector=sector,
                country=code,
                parent=parent,
                line=n,
                parent_line=n,
                source=row["org_source"],
                ref=row["org_ref"],
            )
            b.add_org(draft, "org_id")
        else:
            first, first_values = first_row[org_id]
            _agree(b, n, first, first_values, org_values, f"rows of organisation {org_id}")
            draft = b.orgs.get(org_id)

    source = row["source"]
    checked = b.date(row["checked"], n, "checked")
    if row["site_url"]:
        url = b.url(row["site_url"], n, "site_url")
        verified = b.verified(row["verified"], n, "verified", checked or "")
        if url is not None:  # a bad date is reported; still check for duplicates
            site = Site(url=url, source=source, checked=checked or "", verified=verified)
            b.add_site(draft, site, n, "site_url")
    elif source or row["checked"] or row["verified"]:
        b.error(n, "site_url", "source, checked or verified given without a site_url")


def _agree(
    b: Builder,
    n: int,
    first: int,
    before: dict[str, str],
    now: dict[str, str],
    what: str,
) -> None:
    for col, value in now.items():
        if value != before[col]:
            b.error(
                n,
                col,
                f"{value!r} differs from {before[col]!r} in row {first} ({what} must agree)",
            )

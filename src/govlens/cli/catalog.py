"""`govlens catalog list|show|validate|import`: the bundled catalogs, one catalog's contents,
checking catalogs without crawling, and catalogs made from official registers (docs/catalog.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from govlens.cli.app import Encoding, TableFormat, app, console, fail
from govlens.cli.inputs import InputError, catalog_targets

catalog_app = typer.Typer(help="Catalogs: the countries, organisations and sites to assess (docs/catalog.md).",
                          no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")


@catalog_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Catalog files (.yaml, .yml or .csv).")],
    encoding: Encoding = None,
    fmt: TableFormat = "table",
) -> None:
    """Check catalogs as `assess` reads them, without crawling: every problem with its file,
    line (or row) and field; exit 2 when any catalog has one."""
    from govlens.catalog.errors import CatalogError
    from govlens.catalog.loader import load_catalog

    report, problems = [], 0
    for f in files:
        try:
            s = catalog_targets(f, encoding=encoding)
        except CatalogError as exc:
            problems += len(exc.errors)
            report.append({"file": str(f), "ok": False, "problems": [str(e) for e in exc.errors]})
            if fmt == "table":
                fail(str(exc))
            continue
        except InputError as exc:
            cat = load_catalog(f, encoding) if f.is_file() else None
            if cat is not None and cat.organisations:  # organisations, all with the website unknown
                n = len(cat.organisations)
                report.append({"file": str(f), "ok": True, "sites": 0, "organisations": n,
                               "countries": {}, "not_assessable": n})
                if fmt == "table":
                    console.print(f"{f}: ok — 0 sites of {n} organisations; all {n} have the website unknown "
                                  "(not assessable: nothing to crawl)", highlight=False, soft_wrap=True)
                continue
            problems += 1
            report.append({"file": str(f), "ok": False, "problems": [str(exc)]})
            if fmt == "table":
                fail(exc.thing, exc.problem, exc.hint)
            continue
        cat = load_catalog(f, encoding)
        unknown = sum(not o.sites for o in cat.organisations)
        report.append({"file": str(f), "ok": True, "sites": len(s.targets), "organisations": s.organisations,
                       "countries": dict(sorted(s.countries.items())), "encoding": s.encoding,
                       "not_assessable": unknown})
        if fmt == "table":
            by = ", ".join(f"{c} {n}" for c, n in sorted(s.countries.items()))
            console.print(f"{f}: ok — {len(s.targets)} sites of {s.organisations} organisations ({by})"
                          + (f"; {unknown} with the website unknown (not assessable)" if unknown else "")
                          + ("" if s.encoding == "utf-8" else f"; read as {s.encoding}"), highlight=False,
                          soft_wrap=True)
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    if problems:
        raise typer.Exit(2)


def _counts(cat) -> list[dict]:
    """Per country of a catalog: organisations, sites, verified URLs, organisations with no site."""
    rows = []
    for country in cat.countries:
        orgs = [o for o in cat.organisations if o.country == country.code]
        sites = [s for o in orgs for s in o.sites]
        rows.append({"country": country.code, "name": country.name.get("en"), "organisations": len(orgs),
                     "sites": len(sites), "verified": sum(s.verified for s in sites),
                     "website_unknown": sum(not o.sites for o in orgs)})
    return rows


def _open(name_or_file: str, encoding: str | None = None):
    from govlens.catalog.errors import CatalogError
    from govlens.catalog.loader import bundled_catalogs, load_catalog

    bundled = bundled_catalogs()
    path = bundled.get(name_or_file) or Path(name_or_file)
    if name_or_file not in bundled and not path.is_file():
        raise fail(name_or_file, "no bundled catalog and no file of that name",
                   f"bundled catalogs: {', '.join(bundled)} (govlens catalog list)")
    try:
        return load_catalog(path, encoding), path
    except CatalogError as exc:
        raise fail(str(exc)) from None


@catalog_app.command("list")
def list_(fmt: TableFormat = "table") -> None:
    """The catalogs bundled with govlens: per country, organisations, sites, verified URLs
    (confirmed on a dated check) and organisations whose website is unknown."""
    from govlens.catalog.errors import CatalogError
    from govlens.catalog.loader import bundled_catalogs, load_catalog

    out, broken = [], []
    for name, path in bundled_catalogs().items():
        try:
            cat = load_catalog(path)
        except CatalogError as exc:  # one broken file must not hide the others
            broken.append({"catalog": name, "file": path.name, "problems": [str(e) for e in exc.errors]})
            continue
        out.append({"catalog": name, "file": path.name, "as_of": cat.as_of, "source": cat.source,
                    "countries": _counts(cat)})
    if fmt == "json":
        print(json.dumps(out + broken, ensure_ascii=False, indent=2))
        if broken:
            raise typer.Exit(2)
        return
    from rich.table import Table

    table = Table("catalog", "country", "organisations", "sites", "verified", "website unknown", "as of",
                  box=None, pad_edge=False)
    for entry in out:
        for row in entry["countries"]:
            table.add_row(entry["catalog"], f"{row['country']} {row['name']}", str(row["organisations"]),
                          str(row["sites"]), str(row["verified"]), str(row["website_unknown"]), entry["as_of"])
    console.print(table)
    total = [r for e in out for r in e["countries"]]
    console.print(f"{len(out)} catalogs: {sum(r['organisations'] for r in total)} organisations, "
                  f"{sum(r['sites'] for r in total)} sites, {sum(r['verified'] for r in total)} verified",
                  highlight=False)
    for b in broken:
        fail(f"bundled catalog {b['catalog']} ({b['file']})", "\n".join(b["problems"]),
             "govlens catalog validate shows every problem of a file")
    if broken:
        raise typer.Exit(2)


@catalog_app.command("show")
def show(
    name: Annotated[str, typer.Argument(metavar="NAME|FILE", help="A bundled catalog's name (govlens catalog list) "
                                        "or a catalog file.")],
    country: Annotated[Optional[str], typer.Option("--country", metavar="ISO3",  # noqa: UP007
                                                   help="Only this country's organisations.")] = None,
    encoding: Encoding = None,
    fmt: TableFormat = "table",
) -> None:
    """One catalog: its source and date, counts per country, and every organisation with its
    kind, sector, names, sites (source, checked date, verified) and provenance."""
    cat, path = _open(name, encoding)
    code = country.strip().upper() if country else None
    if code and code not in {c.code for c in cat.countries}:
        raise fail(f"--country {country}", f"{cat.name} has no country {code}",
                   f"its countries: {', '.join(c.code for c in cat.countries)}")
    orgs = [o for o in cat.organisations if code is None or o.country == code]
    if fmt == "json":
        print(json.dumps({
            "catalog": cat.name, "file": str(path), "source": cat.source, "as_of": cat.as_of,
            "countries": [r for r in _counts(cat) if code is None or r["country"] == code],
            "organisations": [{
                "id": o.id, "country": o.country, "kind": o.kind, "sector": o.sector, "parent": o.parent,
                "name": o.name.as_dict(), "source": o.source, "ref": o.ref, "website_known": o.website_known,
                "sites": [{"url": s.url, "source": s.source, "checked": s.checked, "verified": s.verified}
                          for s in o.sites]} for o in orgs]}, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    console.print(f"{cat.name} ({path}) — as of {cat.as_of or 'no date'}", highlight=False, soft_wrap=True)
    console.print(f"source: {cat.source or '(none given)'}", highlight=False, soft_wrap=True)
    for r in _counts(cat):
        if code is None or r["country"] == code:
            console.print(f"{r['country']} {r['name']}: {r['organisations']} organisations, {r['sites']} sites, "
                          f"{r['verified']} verified, {r['website_unknown']} with the website unknown",
                          highlight=False)
    table = Table("id", "kind", "sector", "name", "site", "verified", box=None, pad_edge=False)
    for o in orgs:
        label = " / ".join(x for x in (o.name.en, o.name.th) if x)
        if not o.sites:
            table.add_row(o.id, o.kind, o.sector, label, "(website unknown: not assessable)", "")
        for i, s in enumerate(o.sites):
            table.add_row(*(o.id, o.kind, o.sector, label) if i == 0 else ("", "", "", ""), s.url,
                          f"yes ({s.checked})" if s.verified else ("no" + (f" (checked {s.checked})" if s.checked
                                                                           else "")))
    console.print(table)


@catalog_app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="The register: dla (Thai local administrative "
                                        "organisations, DLA), us-dotgov (CISA's US federal .gov list) or "
                                        "uk-govorg (the GDS register of UK government organisations).")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The register file, as published.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="CATALOG.yaml",
                                         help="Where to write the catalog: .yaml (or .csv, for a spreadsheet).")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD",  # noqa: UP007
                                                 help="The register's date (default: the date the file "
                                                      "carries; required when it carries none).")] = None,
    source: Annotated[Optional[str], typer.Option("--source", metavar="WHERE",  # noqa: UP007
                                                  help="Where the file comes from, recorded as the catalog's "
                                                       "source (default: a description of the register).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", metavar="ID",  # noqa: UP007
                                                help="The catalog's id (default: one per register).")] = None,
) -> None:
    """Make a catalog from an official register: every organisation records the register (and
    its id there); every URL its source, and `verified: false` until checked. Organisations
    the register gives no website for are catalogued with the website unknown and reported
    as not assessable."""
    from govlens.catalog.dump import dump_csv, dump_yaml
    from govlens.catalog.errors import CatalogError
    from govlens.catalog.importers import IMPORTERS, import_register
    from govlens.catalog.loader import load_catalog

    if kind not in IMPORTERS:
        raise fail(kind, "unknown register kind", f"use one of: {', '.join(IMPORTERS)}")
    if not file.is_file():
        raise fail(str(file), "no such file")
    try:
        result = import_register(kind, file, as_of=as_of, source=source, name=name)
    except CatalogError as exc:
        raise fail(str(exc)) from None
    if output.suffix.lower() not in (".yaml", ".yml", ".csv"):
        raise fail(str(output), "the catalog is written as YAML or CSV", "name the output file .yaml or .csv")
    output.parent.mkdir(parents=True, exist_ok=True)
    dump = dump_csv if output.suffix.lower() == ".csv" else dump_yaml
    output.write_text(dump(result.catalog), encoding="utf-8")
    load_catalog(output)  # what was written loads back (a bug otherwise)
    console.print(f"{output}: {result.summary()}", highlight=False, soft_wrap=True)
    for note in result.notes:
        console.print(f"note: {note}", highlight=False, soft_wrap=True)


@catalog_app.command("life-events")
def life_events_(
    names: Annotated[Optional[list[str]], typer.Argument(metavar="[NAME|FILE]...",  # noqa: UP007
                                                         help="Catalogs to look in (default: every bundled one).")] = None,
    lang: Annotated[str, typer.Option("--lang", metavar="en|th", help="Language of the event names.")] = "en",
    fmt: TableFormat = "table",
) -> None:
    """The life events services are catalogued under (birth, ID card, moving address, starting a
    business, tax filing ...), each with the UN OSI 2024 features it answers and the
    countries whose service URL for it is catalogued."""
    from govlens.catalog.life_events import coverage, life_events
    from govlens.catalog.loader import bundled_catalogs

    if lang not in ("en", "th"):
        raise fail(f"--lang {lang}", "unknown language", "use en or th")
    cats = [_open(n)[0] for n in (names or list(bundled_catalogs()))]
    events = life_events()
    rows = coverage(cats)
    if fmt == "json":
        print(json.dumps([{"event": r["event"], "name": events[r["event"]].name.as_dict(),
                           "audience": events[r["event"]].audience, "sector": events[r["event"]].sector,
                           "osi": list(events[r["event"]].osi), "services": r["services"]}
                          for r in rows if r["event"] in events], ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table("life event", "for", "UN OSI 2024", "countries with a service URL", box=None, pad_edge=False)
    for r in rows:
        ev = events.get(r["event"])
        if ev is None:
            continue
        countries = sorted({s["country"] for s in r["services"]})
        table.add_row(f"{ev.id}: {ev.name.get(lang)}", ev.audience,
                      ", ".join(c.removeprefix("osi-sp-") for c in ev.osi) or "-",
                      f"{len(countries)}: {' '.join(countries)}" if countries else "0")
    console.print(table)
    known = sum(bool(r["services"]) for r in rows)
    console.print(f"{len(events)} life events, {known} with a catalogued service URL in "
                  f"{len(cats)} catalog(s)", highlight=False)

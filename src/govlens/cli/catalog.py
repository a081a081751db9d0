"""`govlens catalog validate`: check catalogs without crawling (docs/catalog.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

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
            problems += 1
            report.append({"file": str(f), "ok": False, "problems": [str(exc)]})
            if fmt == "table":
                fail(exc.thing, exc.problem, exc.hint)
            continue
        report.append({"file": str(f), "ok": True, "sites": len(s.targets), "organisations": s.organisations,
                       "countries": dict(sorted(s.countries.items())), "encoding": s.encoding})
        if fmt == "table":
            by = ", ".join(f"{c} {n}" for c, n in sorted(s.countries.items()))
            console.print(f"{f}: ok — {len(s.targets)} sites of {s.organisations} organisations ({by})"
                          + ("" if s.encoding == "utf-8" else f"; read as {s.encoding}"), highlight=False,
                          soft_wrap=True)
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    if problems:
        raise typer.Exit(2)

"""Entry points for reading catalogs: from a file path, or by the name of a bundled one.

Callers (the CLI, the crawler, tests) should not care whether a catalog is YAML or CSV, or
how problems are found; they get a validated :class:`~govlens.catalog.models.Catalog` or a
:class:`~govlens.catalog.errors.CatalogError` that names file, line or row, and field —
never a bare traceback.
"""

from __future__ import annotations

from pathlib import Path

from ._csv import load_csv
from ._yaml import load_yaml
from .errors import CatalogError
from .models import Catalog
from .urls import normalise_url

__all__ = ["DATA_DIR", "bundled_catalogs", "load_bundled", "load_catalog", "normalise_url"]

DATA_DIR = Path(__file__).resolve().parent / "data"
SUFFIXES = (".yaml", ".yml", ".csv")


def load_catalog(path: str | Path, encoding: str | None = None) -> Catalog:
    """Read and validate a catalog file (.yaml, .yml or .csv).

    The file is UTF-8, or in the ``encoding`` given; a file that is not UTF-8 but reads as
    Thai in windows-874 / TIS-620 (a spreadsheet saved on a Thai Windows) is read as that.
    Raises CatalogError (one problem) or CatalogErrors (several, all found in one pass).
    """
    file = str(path)
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise CatalogError(
            file,
            None,
            "",
            f"unsupported file type {suffix or '(none)'!r} (use .yaml, .yml or .csv)",
        )
    try:
        raw = p.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: e.g. a NUL byte in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        raise CatalogError(file, None, "", f"cannot read file: {reason}") from None
    text = _decode(file, raw, encoding)
    if suffix == ".csv":
        return load_csv(file, text, p.stem)
    return load_yaml(file, text)


def bundled_catalogs() -> dict[str, Path]:
    """Name -> path of every catalog shipped in ``govlens/catalog/data/``."""
    found: dict[str, Path] = {}
    for p in sorted(DATA_DIR.iterdir()) if DATA_DIR.is_dir() else []:
        if p.suffix.lower() in SUFFIXES and p.is_file():
            found.setdefault(p.stem, p)
    return found


def load_bundled(name: str) -> Catalog:
    """Load a bundled catalog by name; KeyError naming the available ones if unknown."""
    catalogs = bundled_catalogs()
    if name not in catalogs:
        raise KeyError(f"no bundled catalog {name!r} (available: {', '.join(catalogs)})")
    return load_catalog(catalogs[name])


def _decode(file: str, raw: bytes, encoding: str | None = None) -> str:
    from govlens.textfile import TextFileError, decode_text

    try:
        return decode_text(raw, file, encoding)[0]
    except TextFileError as exc:
        raise CatalogError(file, exc.line, "", exc.problem.replace(
            "save the file as UTF-8,", "save the file as UTF-8 (TIS-620 / windows-874 files are read when "
            "their Thai is recognised),")) from None
    except ValueError as exc:  # an unknown encoding name
        raise CatalogError(file, None, "", str(exc)) from None

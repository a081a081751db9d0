"""Input judged, not trusted: the files people hand the command line, read with their problems
said in their terms (file, row, column, value, and how many) — each a :class:`InputError`, or
a warning the command prints."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml


class InputError(ValueError):
    """A file that cannot be used: ``thing`` (the file, the value) and ``problem``."""

    def __init__(self, thing: str | Path, problem: str, hint: str = "") -> None:
        self.thing, self.problem, self.hint = str(thing), problem, hint
        super().__init__(f"{self.thing}: {problem}")


# ------------------------------------------------------------------------- catalogs


@dataclass
class CatalogSummary:
    path: Path
    targets: list[Any]
    countries: Counter[str]
    organisations: int
    encoding: str


def catalog_targets(path: Path, country: str | None = None, encoding: str | None = None) -> CatalogSummary:
    """A catalog's sites as run targets; a catalog with no sites (a header row only, or no
    site for ``country``) is an InputError. CatalogError propagates (file, line, field)."""
    from govlens.catalog.loader import load_catalog
    from govlens.run.assess import Target
    from govlens.textfile import decode_text

    cat = load_catalog(path, encoding)
    try:
        used = decode_text(path.read_bytes(), path, encoding)[1]
    except ValueError:
        used = encoding or "utf-8"
    every = list(cat.targets(None))
    countries = Counter(t.organisation_dict().get("country", "") for t in every)
    if not every:
        kind = "a header row and no sites" if path.suffix.lower() == ".csv" else "no sites"
        raise InputError(path, f"the catalog has {kind}: there is nothing to assess",
                         "add one row (CSV) or one sites: entry (YAML) per site; docs/catalog.md shows the format")
    if country is not None:
        code = country.strip().upper()
        chosen = list(cat.targets(code))
        if not chosen:
            raise InputError(f"--country {country}", f"{path} has no sites in {code}",
                             f"its countries: {', '.join(f'{c} ({n})' for c, n in sorted(countries.items()))}")
        every = chosen
    return CatalogSummary(path, [Target(t.url, t.organisation_dict()) for t in every], countries,
                          len(cat.organisations), used)


# ------------------------------------------------------------------------- saved pages

_MAGIC = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
          (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or an Office file)"),
          (b"\x1f\x8b", "a gzip file"), (b"WARC/", "a WARC archive (give it to assess --from-warc)"),
          (b"RIFF", "a RIFF media file"), (b"\x00\x00\x01\x00", "an icon"), (b"BM", "a bitmap image"),
          (b"\xd0\xcf\x11\xe0", "an old Office document"), (b"SQLite format 3", "a SQLite database"))


def html_bytes(path: Path) -> bytes:
    """A saved page's bytes; not there, a folder, or not HTML (an image, a PDF, binary, text
    with no markup) is an InputError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder: `checks page` reads one saved HTML file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise InputError(path, "is empty: not an HTML document")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InputError(path, f"not an HTML document: it is {what}", "give a page saved from a browser (.html)")
    head = raw[:65536]
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "not an HTML document: it is a binary file")
    low = head.lower()
    if not any(tag in low for tag in (b"<html", b"<!doctype", b"<head", b"<body", b"<div", b"<p", b"<a ",
                                      b"<title", b"<meta", b"<table", b"<span", b"<h1", b"<form", b"<img")):
        raise InputError(path, "not an HTML document: no HTML tags in it", "give a page saved from a browser (.html)")
    return raw


def read_headers(path: Path, encoding: str | None = None) -> tuple[list[tuple[str, str]], int]:
    """``Name: value`` lines (a status line is skipped); (headers, lines that are neither)."""
    from govlens.textfile import TextFileError, read_text

    try:
        text, _ = read_text(path, encoding)
    except TextFileError as exc:
        raise InputError(exc.file + (f":{exc.line}" if exc.line else ""), exc.problem) from None
    out: list[tuple[str, str]] = []
    bad = 0
    for line in text.splitlines():
        if not line.strip() or line.upper().startswith("HTTP/"):
            continue
        if ":" not in line:
            bad += 1
            continue
        k, v = line.split(":", 1)
        out.append((k.strip().lower(), v.strip()))
    return out, bad


# ------------------------------------------------------------------------- WARCs


def warc_inputs(paths: list[Path]) -> list[Path]:
    """The WARC files of ``--from-warc`` (folders expanded); a missing path, an empty folder or
    a file that is not a WARC is an InputError."""
    from govlens.collect.warc import warc_files

    for p in paths:
        if not p.exists():
            raise InputError(p, "no such file or folder")
        if p.is_dir() and not warc_files([p]):
            raise InputError(p, "no .warc.gz or .warc files in this folder")
    files = warc_files(paths)
    for f in files:
        try:
            with open(f, "rb") as fh:
                head = fh.read(2)
                fh.seek(0)
                first = gzip.GzipFile(fileobj=fh).read(5) if head == b"\x1f\x8b" else fh.read(5)
        except (OSError, EOFError) as exc:
            raise InputError(f, f"not a WARC file ({exc})") from None
        if first != b"WARC/":
            raise InputError(f, "not a WARC file (it does not start with a WARC record)")
    return files


# ------------------------------------------------------------------------- answers

ANSWER_FIELDS = ("framework", "site", "organisation", "indicator", "answer", "evidence_url", "assessor",
                 "date", "note")


@dataclass
class Answers:
    answers: list[Any]
    rows: int
    warnings: list[str] = field(default_factory=list)
    encoding: str = "utf-8"


def _norm(key: Any) -> str:
    from govlens.frameworks.manual import ALIASES

    k = str(key or "").strip().lower().replace(" ", "_").lstrip("\ufeff")
    return ALIASES.get(k, k)


def _cell(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return "" if v is None else v


def _rows(path: Path, encoding: str | None) -> tuple[list[dict[str, Any]], int, str]:
    """(rows as dicts, the number of the first data row, the encoding read) of a CSV, XLSX,
    YAML or JSON file."""
    from govlens.textfile import TextFileError, read_text

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path), 2, "xlsx"
    if suffix not in (".csv", ".yaml", ".yml", ".json"):
        raise InputError(path, f"unsupported file type {suffix or '(none)'!r} (answers are .csv, .xlsx, .yaml or .json)")
    try:
        text, used = read_text(path, encoding)
    except TextFileError as exc:
        raise InputError(exc.file + (f":{exc.line}" if exc.line else ""), exc.problem) from None
    if suffix == ".csv":
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            records = list(reader)
        except csv.Error as exc:
            raise InputError(f"{path}:{reader.line_num}", f"not valid CSV: {exc}") from None
        records = [r for r in records if any(c.strip() for c in r)]
        if not records:
            raise InputError(path, "the file is empty (answers need a header: site, indicator, answer, …)")
        header = records[0]
        rows = []
        for n, r in enumerate(records[1:], start=2):
            if len(r) > len(header):
                raise InputError(f"{path}:{n}", f"{len(r)} values but the header has {len(header)} columns")
            rows.append(dict(zip(header, r + [""] * (len(header) - len(r)), strict=True)))
        return rows, 2, used
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot parse: {exc}".splitlines()[0]) from None
    if isinstance(data, dict):
        data = data.get("answers", [])
    if not isinstance(data, list):
        raise InputError(path, "expected a list of answers or {answers: [...]}")
    if not all(isinstance(r, dict) for r in data):
        raise InputError(path, "every answer must be a mapping (site, indicator, answer, …)")
    return data, 1, used


def _xlsx_rows(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputError(path, f"not an Excel workbook ({type(exc).__name__})") from None
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if not header:
            raise InputError(path, "the first sheet is empty (answers need a header row)")
        names = [str(h or "").strip() for h in header]
        rows = []
        for r in it:
            if r is None or all(v in (None, "") for v in r):
                continue
            rows.append({k: _cell(v) for k, v in zip(names, r, strict=False) if k})
        return rows
    finally:
        wb.close()


def read_answers(path: Path, encoding: str | None = None) -> Answers:
    """Manual answers from a file, judged: a missing ``indicator`` or ``answer`` column, or no
    ``site`` / ``organisation`` column, is an InputError; unknown columns are a warning (the
    template's own columns are known); ManualAnswerError lists bad rows."""
    from govlens.frameworks.manual import ALIASES, TEMPLATE_COLUMNS, answers_from_rows

    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not an answers file")
    rows, first, used = _rows(path, encoding)
    out = Answers([], len(rows), encoding=used)
    columns: list[str] = []
    for r in rows:
        for k in r:
            if k is not None and k not in columns:
                columns.append(k)
    normed = {_norm(c) for c in columns}
    if rows or path.suffix.lower() in (".csv", ".xlsx"):
        missing = [c for c in ("indicator", "answer") if c not in normed]
        if not ({"site", "organisation"} & normed):
            missing.append("site or organisation")
        if missing and (rows or columns):
            raise InputError(path, f"answers need the column(s) {', '.join(missing)} "
                                   f"(found {', '.join(map(str, columns)) or 'none'})",
                             "`govlens frameworks template FRAMEWORK -o answers.xlsx` writes a file to fill in")
    known = set(ANSWER_FIELDS) | set(TEMPLATE_COLUMNS) | set(ALIASES)
    unknown = [str(c) for c in columns if _norm(c) not in known]
    if unknown:
        out.warnings.append(f"{path}: unknown column(s) {', '.join(unknown)} ignored "
                            f"(answers use: {', '.join(ANSWER_FIELDS)})")
    out.answers = answers_from_rows(rows, path.name, first_row=first)
    if rows and not out.answers:
        out.warnings.append(f"{path}: none of its {len(rows)} row(s) has an answer filled in")
    return out

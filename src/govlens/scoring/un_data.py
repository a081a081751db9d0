"""Import the UN E-Government Development Index tables, reproduce them and vary their weights.

The tables themselves ship in the package (``scoring/data/un_egdi``; sources and licences in
``scoring/data/README.md``) and are the default input.

Formats read (detected by their header, any mix in one folder):

* **wide merged** — ``EGOV_MERGED_2005_2024.csv``: ``Country Name`` then, per survey year,
  ``E-Government Rank YYYY``, ``E-Government Index YYYY``, ``E-Participation Index YYYY``,
  ``Online Service Index YYYY``, ``Human Capital Index YYYY``,
  ``Telecommunication Infrastructure Index YYYY``;
* **UNU-EGOV yearly** — ``egdi-YYYY.csv``: ``country-code`` (ISO3), ``country-name``,
  ``e-gov-rank``, ``e-gov-index``, ``e-pat-index``, ``osi``, ``hci``, ``tii``;
* **UN Knowledgebase export** — ``EGOV_DATA_<year>.csv``: ``Survey Year``, ``Country Name``,
  ``E-Government Rank``, ``E-Government Index``, ``E-Participation Index``,
  ``Online Service Index``, ``Human Capital Index``, ``Telecommunication Infrastructure Index``;
* **country lookup** — ``countries-data_EN.csv`` (semicolon-separated, BOM): ISO3, names,
  region, sub-region, income, status.

Other files (e.g. ``internet_penetration_ogdi.csv``) are listed as skipped.

Country names become ISO3 through ``scoring/data/country_names.csv`` (UN names from the
UNU-EGOV files and the lookup, plus a few aliases); names are compared case-, space-,
apostrophe- and accent-insensitively. Unmatched names are reported and their rows skipped.

Missing values — the README of the data says zeros in the early years (2005–2012)
mean "not assessed or missing":

1. a country-year whose published EGDI is 0 or blank is **not assessed**: EGDI and rank are
   missing, and so is every other measure published as 0 (non-zero HCI/TII are kept);
2. in 2005–2012 a zero OSI, HCI or TII of an assessed country is missing too — unless that
   component is min-max normalised in that year's file (its maximum is exactly 1) and the
   country is the only one at 0: then 0 is the bottom of the scale, a real score (Somalia's
   HCI and Myanmar's TII in 2012; both EGDIs recompute exactly with it);
3. a zero EPI of an assessed country is kept: the EPI is a min-max of e-participation points,
   so 0 is a real score (43 countries in 2005).
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, delete, insert, select

from govlens.scoring.composite import egdi, egdi_weights, ranks
from govlens.scoring.uncertainty import UncertaintyResult, rank_uncertainty
from govlens.store.db import now
from govlens.store.tables import un_countries, un_egdi

DATA = Path(__file__).parent / "data"
SHARED_DATA_ENV = "GOVLENS_SHARED_DATA"  # overrides the packaged tables (DATA / "un_egdi")
MEASURES = ("egdi", "epi", "osi", "hci", "tii")
LAST_EARLY_YEAR = 2012
WIDE = {"E-Government Rank": "rank", "E-Government Index": "egdi",
        "E-Participation Index": "epi", "Online Service Index": "osi",
        "Human Capital Index": "hci", "Telecommunication Infrastructure Index": "tii"}
UNU = {"e-gov-rank": "rank", "e-gov-index": "egdi", "e-pat-index": "epi", "osi": "osi",
       "hci": "hci", "tii": "tii"}


# ----------------------------------------------------------------------------- paths


def packaged_un_data() -> Path:
    """The UN EGDI tables shipped in the package (``scoring/data/un_egdi``, see its README)."""
    return DATA / "un_egdi"


def default_un_path() -> Path:
    """Where the UN tables are read from when no path is given: ``$GOVLENS_SHARED_DATA`` (a
    folder holding ``un_egdi/``, or the tables themselves) when set, else the packaged copy."""
    env = os.environ.get(SHARED_DATA_ENV, "").strip()
    return Path(env) if env else packaged_un_data()


def resolve_un_path(path: str | Path | None = None) -> Path:
    """A file, a ``un_egdi`` folder, or a shared-data folder holding ``un_egdi/``; None is
    :func:`default_un_path`."""
    p = Path(path) if path is not None else default_un_path()
    if p.is_dir() and (p / "un_egdi").is_dir():
        return p / "un_egdi"
    if not p.exists():
        where = f" (from ${SHARED_DATA_ENV})" if path is None else ""
        raise FileNotFoundError(f"{p}{where}")
    return p


# ----------------------------------------------------------------------------- names


def name_key(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(s.split()).casefold()


def ascii_key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name_key(name))
    return "".join(ch for ch in s if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def name_table() -> dict[str, str]:
    out: dict[str, str] = {}
    with (DATA / "country_names.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(name_key(row["name"]), row["iso3"])
            out.setdefault(ascii_key(row["name"]), row["iso3"])
    return out


def to_iso3(name: str) -> str | None:
    t = name_table()
    return t.get(name_key(name)) or t.get(ascii_key(name))


@lru_cache(maxsize=1)
def groups() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((DATA / "groups.yaml").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class UNRecord:
    year: int
    iso3: str
    name: str
    rank: int | None
    egdi: float | None
    epi: float | None
    osi: float | None
    hci: float | None
    tii: float | None
    source: str
    note: str = ""

    def get(self, measure: str) -> float | None:
        return getattr(self, measure)


@dataclass
class ImportReport:
    files: list[tuple[str, str, int]] = field(default_factory=list)  # (file, format, rows)
    skipped_files: list[str] = field(default_factory=list)
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # name -> files
    not_assessed: int = 0
    zeros_missing: Counter[str] = field(default_factory=Counter)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    records: int = 0
    countries: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"files": [{"file": f, "format": k, "rows": n} for f, k, n in self.files],
                "skipped_files": self.skipped_files, "unmatched": self.unmatched,
                "not_assessed": self.not_assessed, "zeros_missing": dict(self.zeros_missing),
                "conflicts": self.conflicts, "records": self.records,
                "countries": self.countries}


def _num(s: Any) -> float | None:
    if s is None:
        return None
    s = str(s).strip()
    if not s or s.lower() in ("nan", "na", "n/a", "..", "-"):
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _rank(s: Any) -> int | None:
    v = _num(s)
    return None if v is None else int(round(v))


def apply_missing_rules(recs: Sequence[UNRecord], report: ImportReport | None = None) -> list[UNRecord]:
    """The module docstring's rules 1–3, for the records of one source file and one year."""
    assessed = [r for r in recs if r.egdi]
    scale_min = {}
    for m in ("osi", "hci", "tii"):
        vals = [r.get(m) for r in assessed if r.get(m) is not None]
        zeros = sum(v == 0 for v in vals)
        scale_min[m] = bool(vals) and max(vals) == 1.0 and zeros == 1
    out = []
    for rec in recs:
        vals = {m: rec.get(m) for m in MEASURES}
        notes = []
        if not vals["egdi"]:
            if report is not None:
                report.not_assessed += 1
            notes.append("not assessed (published EGDI 0 or blank)")
            for m in MEASURES:
                if vals[m] == 0:
                    vals[m] = None
                    if report is not None:
                        report.zeros_missing[m] += 1
            vals["egdi"] = None
            out.append(replace(rec, rank=None, note="; ".join(notes), **vals))
            continue
        if rec.year <= LAST_EARLY_YEAR:
            for m in ("osi", "hci", "tii"):
                if vals[m] == 0 and not scale_min[m]:
                    vals[m] = None
                    notes.append(f"{m.upper()} 0 treated as missing (early year)")
                    if report is not None:
                        report.zeros_missing[m] += 1
        out.append(replace(rec, note="; ".join(notes), **vals))
    return out


def _sniff(path: Path) -> tuple[str, list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text else ""
    if ";" in first and "COUNTRY CODE" in first.upper():
        return "countries", list(csv.DictReader(io.StringIO(text), delimiter=";"))
    rows = list(csv.DictReader(io.StringIO(text)))
    header = [h.strip() for h in (rows[0].keys() if rows else first.split(","))]
    if "Country Name" in header and any(re.fullmatch(r"E-Government Index \d{4}", h) for h in header):
        return "merged", rows
    if "country-code" in header and "e-gov-index" in header:
        return "unu-egov", rows
    if "Survey Year" in header and "E-Government Index" in header:
        return "un-kb", rows
    return "other", rows


def read_un_files(path: str | Path | None = None) -> tuple[list[UNRecord], list[dict[str, str]], ImportReport]:
    """Read every UN table under ``path`` (see :func:`resolve_un_path`)."""
    root = resolve_un_path(path)
    files = sorted(root.rglob("*.csv")) if root.is_dir() else [root]
    report = ImportReport()
    records: list[UNRecord] = []
    countries: list[dict[str, str]] = []
    unmatched: dict[str, set[str]] = defaultdict(set)
    raw_records: dict[tuple[str, int], list[UNRecord]] = defaultdict(list)

    def add(year: int, iso3: str | None, name: str, raw: dict[str, Any], src: str) -> None:
        if not iso3:
            unmatched[name].add(src)
            return
        raw_records[(src, year)].append(UNRecord(
            year, iso3, name, _rank(raw.get("rank")), _num(raw.get("egdi")), _num(raw.get("epi")),
            _num(raw.get("osi")), _num(raw.get("hci")), _num(raw.get("tii")), src))

    for f in files:
        kind, rows = _sniff(f)
        src = f.name
        if kind == "other":
            report.skipped_files.append(src)
            continue
        report.files.append((src, kind, len(rows)))
        if kind == "countries":
            for r in rows:
                code = (r.get("COUNTRY CODE") or "").strip()
                if code:
                    countries.append({"iso3": code, "name": r.get("COMMON NAME", "").strip(),
                                      "official_name": r.get("OFFICIAL NAME", "").strip(),
                                      "region": r.get("REGION", "").strip(),
                                      "subregion": r.get("SUB-REGION", "").strip(),
                                      "income": r.get("INCOME", "").strip(),
                                      "status": r.get("STATUS", "").strip(), "source": src})
        elif kind == "merged":
            years = sorted({int(m.group(1)) for h in rows[0] for m in [re.search(r"(\d{4})$", h.strip())] if m})
            for r in rows:
                name = " ".join(r["Country Name"].split())
                iso3 = to_iso3(name)
                for y in years:
                    raw = {WIDE[k]: r.get(f"{k} {y}") for k in WIDE}
                    if all(v in (None, "") for v in raw.values()):
                        continue
                    add(y, iso3, name, raw, src)
        elif kind == "unu-egov":
            m = re.search(r"(\d{4})", f.stem)
            if not m:
                report.skipped_files.append(src + " (no year in the file name)")
                continue
            for r in rows:
                name = " ".join((r.get("country-name") or "").split())
                iso3 = (r.get("country-code") or "").strip() or to_iso3(name)
                add(int(m.group(1)), iso3, name, {UNU[k]: r.get(k) for k in UNU}, src)
        elif kind == "un-kb":
            for r in rows:
                r = {k.strip(): v for k, v in r.items() if k}
                name = " ".join((r.get("Country Name") or "").split())
                y = _rank(r.get("Survey Year"))
                if y is None:
                    continue
                add(y, to_iso3(name), name, {WIDE[k]: r.get(k) for k in WIDE}, src)
    for key in sorted(raw_records):
        records.extend(apply_missing_rules(raw_records[key], report))
    report.unmatched = {n: sorted(s) for n, s in sorted(unmatched.items())}
    report.records = len(records)
    report.countries = len(countries)
    report.conflicts = compare_sources(records)
    return records, countries, report


SOURCE_ORDER = (("EGOV_DATA", 0), ("EGOV_MERGED", 1), ("egdi-", 2))


def source_priority(source: str) -> int:
    """UN Knowledgebase exports first, then the merged file, then the UNU-EGOV copies."""
    for prefix, p in SOURCE_ORDER:
        if source.startswith(prefix):
            return p
    return len(SOURCE_ORDER)


def compare_sources(records: Iterable[UNRecord], tol: float = 1e-4) -> list[dict[str, Any]]:
    """Country-years where two sources disagree (beyond ``tol``, or one missing)."""
    by: dict[tuple[int, str], list[UNRecord]] = defaultdict(list)
    for r in records:
        by[(r.year, r.iso3)].append(r)
    out = []
    for (y, iso3), rs in sorted(by.items()):
        for m in ("rank",) + MEASURES:
            vals = {r.source: r.get(m) if m != "rank" else r.rank for r in rs}
            present = [v for v in vals.values() if v is not None]
            if len(vals) < 2:
                continue
            if (len(present) != len(vals) and present) or (present and max(present) - min(present) > tol):
                out.append({"year": y, "iso3": iso3, "measure": m, "values": vals})
    return out


def preferred(records: Iterable[UNRecord]) -> list[UNRecord]:
    """One record per (year, ISO3): the most authoritative source (:func:`source_priority`)."""
    best: dict[tuple[int, str], UNRecord] = {}
    for r in records:
        k = (r.year, r.iso3)
        if k not in best or source_priority(r.source) < source_priority(best[k].source):
            best[k] = r
    return sorted(best.values(), key=lambda r: (r.year, r.iso3))


# ----------------------------------------------------------------------------- database


def import_un_egdi(engine: Engine, path: str | Path | None = None) -> ImportReport:
    """Read the UN tables and store them (re-importing a file replaces its rows)."""
    records, countries, report = read_un_files(path)
    stamp = now()
    sources = sorted({r.source for r in records})
    with engine.begin() as conn:
        for s in sources:
            conn.execute(delete(un_egdi).where(un_egdi.c.source == s))
        if records:
            conn.execute(insert(un_egdi), [
                {"year": r.year, "iso3": r.iso3, "country_name": r.name, "rank": r.rank,
                 "egdi": r.egdi, "epi": r.epi, "osi": r.osi, "hci": r.hci, "tii": r.tii,
                 "note": r.note, "source": r.source, "imported": stamp} for r in records])
        if countries:
            conn.execute(delete(un_countries).where(un_countries.c.iso3.in_([c["iso3"] for c in countries])))
            conn.execute(insert(un_countries), countries)
    return report


def load_un_egdi(engine: Engine, years: Sequence[int] | None = None, all_sources: bool = False) -> list[UNRecord]:
    stmt = select(un_egdi)
    if years:
        stmt = stmt.where(un_egdi.c.year.in_(list(years)))
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    recs = [UNRecord(r["year"], r["iso3"], r["country_name"], r["rank"], r["egdi"], r["epi"],
                     r["osi"], r["hci"], r["tii"], r["source"], r["note"]) for r in rows]
    return recs if all_sources else preferred(recs)


# ----------------------------------------------------------------------------- reproduction


@dataclass
class YearReproduction:
    year: int
    weights: tuple[float, float, float]
    recomputed: int = 0
    matched: int = 0
    matched_rounded: int = 0  # round(computed, 4) == round(published, 4)
    max_abs_diff: float = 0.0
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    ranked: int = 0
    rank_matched: int = 0
    rank_mismatches: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("year", "weights", "recomputed", "matched",
                                              "matched_rounded", "max_abs_diff", "mismatches",
                                              "skipped", "ranked", "rank_matched",
                                              "rank_mismatches")}


def reproduce_egdi(records: Iterable[UNRecord], years: Iterable[int] | None = None,
                   tol: float = 1e-4, weights: tuple[float, float, float] | None = None) -> dict[int, YearReproduction]:
    """Recompute EGDI from the published OSI, TII and HCI and the ranks from the published
    EGDI, per survey year. A match is ``|computed − published| < tol`` (1e-4: equal to 4
    decimals up to the rounding of the published components)."""
    by_year: dict[int, list[UNRecord]] = defaultdict(list)
    for r in preferred(records):
        by_year[r.year].append(r)
    out = {}
    for y in sorted(years if years is not None else by_year):
        rs = by_year.get(y, [])
        w = weights or egdi_weights(y)
        rep = YearReproduction(y, w)
        for r in rs:
            c = egdi(r.osi, r.tii, r.hci, w)
            if c is None or r.egdi is None:
                rep.skipped.append({"iso3": r.iso3, "name": r.name, "note": r.note or "component missing"})
                continue
            rep.recomputed += 1
            d = abs(c - r.egdi)
            rep.max_abs_diff = max(rep.max_abs_diff, d)
            if round(c, 4) == round(r.egdi, 4):
                rep.matched_rounded += 1
            if d < tol:
                rep.matched += 1
            else:
                rep.mismatches.append({"iso3": r.iso3, "name": r.name, "published": r.egdi,
                                       "computed": round(c, 6), "diff": round(c - r.egdi, 6)})
        assessed = [r for r in rs if r.egdi is not None and r.rank is not None]
        computed = ranks([r.egdi for r in assessed], method="competition")
        counts = Counter(r.egdi for r in assessed)
        for r, c in zip(assessed, computed, strict=True):
            rep.ranked += 1
            if c == r.rank:
                rep.rank_matched += 1
            else:
                why = ("the published EGDI ties another country's at the published precision; the UN "
                       "ranked on more decimals" if counts[r.egdi] > 1 else "unexplained")
                rep.rank_mismatches.append({"iso3": r.iso3, "name": r.name, "egdi": r.egdi,
                                            "published": r.rank, "computed": c, "why": why})
        out[y] = rep
    return out


# ----------------------------------------------------------------------------- sensitivity


def top_n(records: Iterable[UNRecord], year: int, n: int = 20) -> list[str]:
    rs = [r for r in preferred(records) if r.year == year and r.rank is not None]
    return [r.iso3 for r in sorted(rs, key=lambda r: (r.rank, r.iso3))[:n]]


def un_rank_uncertainty(records: Iterable[UNRecord], year: int, focus: Iterable[str] | None = None,
                        n_draws: int = 1000, seed: int = 0, concentration: float = 10.0) -> UncertaintyResult:
    """Rank intervals of the EGDI for one survey year, varying the weights of OSI, TII and HCI
    and the normalisation, over every assessed country. ``focus`` defaults to ASEAN plus the
    top 20 of that year."""
    recs = [r for r in preferred(records) if r.year == year]
    table = {r.iso3: {"OSI": r.osi, "TII": r.tii, "HCI": r.hci} for r in recs if r.egdi is not None}
    if focus is None:
        focus = list(dict.fromkeys(list(groups()["asean"]["members"]) + top_n(recs, year, 20)))
    w = egdi_weights(year)
    return rank_uncertainty(table, ("OSI", "TII", "HCI"), n_draws=n_draws, seed=seed,
                            concentration=concentration,
                            base_weights={"OSI": w[0], "TII": w[1], "HCI": w[2]}, focus=focus)

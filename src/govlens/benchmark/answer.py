"""The study's answer, first half: where the focus country stands against its peers on every
framework, the organisations' league tables, the UN's own figures for context and the peer
exemplars — one JSON document (``govlens.answer/1``, docs/answer.md) that every report
format renders and that ``recommend`` completes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from govlens import __version__
from govlens.benchmark.compare import CountryValues, compare_countries, org_country
from govlens.benchmark.exemplars import exemplars
from govlens.frameworks.manual import ManualAnswer
from govlens.frameworks.schema import Framework
from govlens.scoring.runs import FrameworkRun, RunInput, score_run
from govlens.store.db import now

ANSWER_SCHEMA = "govlens.answer/1"
UN_YEARS = (2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024)


@dataclass
class Study:
    """The answer document and what it was computed from (recommend re-scores with it)."""

    doc: dict[str, Any]
    inp: RunInput
    runs: dict[str, FrameworkRun] = field(default_factory=dict)
    country_values: dict[str, CountryValues] = field(default_factory=dict)
    focus: str = ""
    peers: tuple[str, ...] = ()


def countries_in(inp: RunInput) -> list[str]:
    return sorted({c for o in inp.org_info if (c := org_country(inp, o))})


def un_context(codes: Sequence[str]) -> dict[str, Any]:
    """The official UN E-Government Survey figures 2005–2024 of these countries (shipped data)."""
    from govlens.scoring.un_data import preferred, read_un_files

    recs, _, _ = read_un_files()
    rows: dict[str, list[dict[str, Any]]] = {c: [] for c in codes}
    for r in sorted(preferred(recs), key=lambda r: (r.iso3, r.year)):
        if r.iso3 in rows and r.year in UN_YEARS:
            rows[r.iso3].append({"year": r.year, "egdi": r.egdi, "egdi_rank": r.rank,
                                 "osi": r.osi, "epi": r.epi, "tii": r.tii, "hci": r.hci})
    return {"source": "UN DESA, UN E-Government Survey 2005–2024 (EGDI, OSI, EPI; "
                      "publicadministration.un.org/egovkb), shipped in govlens/scoring/data/un_egdi",
            "note": {"en": "The UN's published figures for the real countries, for context; "
                           "they are not computed by govlens.",
                     "th": "ตัวเลขที่สหประชาชาติเผยแพร่ของประเทศจริง เพื่อประกอบการพิจารณา "
                           "ไม่ได้คำนวณโดย govlens"},
            "countries": {c: v for c, v in rows.items() if v}}


def country_table(inp: RunInput, codes: Sequence[str], names: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in codes:
        orgs = [o for o in inp.org_info if org_country(inp, o) == c]
        urls = [u for u, o in inp.organisations.items() if o in set(orgs)]
        ok = sum(1 for u in urls if inp.site_status.get(u) == "ok")
        out[c] = {"name": dict(names.get(c) or {"en": c}), "organisations": len(orgs),
                  "sites": len(urls), "assessed": ok, "not_assessable": len(urls) - ok}
    return out


def build_benchmark(inp: RunInput, frameworks: Sequence[Framework], answers: Sequence[ManualAnswer],
                    focus: str, peers: Sequence[str] | None, names: Mapping[str, Mapping[str, str]],
                    *, fictional: bool = False, seed: int = 0, n_draws: int = 1000) -> Study:
    present = countries_in(inp)
    if focus not in present:
        raise LookupError(f"country {focus!r} has no organisation in this run; the run has "
                          f"{', '.join(present) or 'none'}")
    peer_list = tuple(p for p in (peers if peers else present) if p != focus)
    missing = [p for p in peer_list if p not in present]
    if missing:
        raise LookupError(f"peer(s) {', '.join(missing)} have no organisation in this run; the "
                          f"run has {', '.join(present)}")
    codes = [focus, *peer_list]
    study = Study({}, inp, focus=focus, peers=peer_list)
    sections, exemplar_rows = [], []
    for f in frameworks:
        fr = score_run(f, inp, answers)
        section, cv = compare_countries(fr, inp, focus, peer_list, names, n_draws=n_draws, seed=seed)
        study.runs[f.id], study.country_values[f.id] = fr, cv
        sections.append(section)
        shares = {c: d["score"] for c, d in section["countries"].items()}
        exemplar_rows.extend(exemplars(fr, inp, cv, focus, peer_list, shares))
    run = inp.run
    table = country_table(inp, codes, names)
    study.doc = {
        "schema": ANSWER_SCHEMA, "created": now().isoformat(timespec="seconds"),
        "govlens_version": __version__, "fictional": fictional,
        "run": {"id": inp.run_id, "name": run.get("name", ""), "started": str(run.get("started", "")),
                "finished": str(run.get("finished", "") or ""), "sites": len(inp.checks),
                "assessed": sum(1 for s in inp.site_status.values() if s == "ok"),
                "not_assessable": sum(1 for s in inp.site_status.values() if s != "ok")},
        "replay": {"how": "none", "note": {"en": "", "th": ""}},
        "focus": focus, "peers": list(peer_list), "countries": table,
        "frameworks": sections, "un_context": un_context(codes), "exemplars": exemplar_rows,
        "recommendations": [],
    }
    return study

"""Manual answers: import from CSV / YAML / JSON, and the fill-in template export.

One answer row: ``site`` (URL) or ``organisation`` (id), ``indicator`` (id or published code),
``answer``, ``evidence_url``, ``assessor``, ``date`` (ISO), ``note``, and optionally
``framework`` (rows for another framework are ignored). Extra columns — the template's
``question``, ``suggested`` … — are ignored on import, so a filled template imports as is.

Answers: yes / no (also true/false, 1/0, pass/fail, found/not found, ใช่/ไม่ใช่, มี/ไม่มี), a
number 0–1, a percentage ``75%`` or a fraction ``4/6``. ``unknown`` / ``n/a`` / ``-`` (and
ไม่ทราบ) record that the assessor could not tell: the answer is kept but sets no value. A row
with an empty answer is skipped (an untouched template row).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from govlens.frameworks.schema import Framework

_YES = {"yes", "y", "true", "1", "pass", "met", "found", "present", "ใช่", "มี", "ผ่าน"}
_NO = {"no", "n", "false", "0", "fail", "not met", "not found", "absent", "ไม่ใช่", "ไม่มี",
       "ไม่ผ่าน"}
_UNKNOWN = {"unknown", "n/a", "na", "-", "?", "not assessed", "ไม่ทราบ", "ไม่ได้ประเมิน"}

ALIASES = {"url": "site", "site_url": "site", "org": "organisation", "organisation_id": "organisation",
           "organization": "organisation", "org_id": "organisation", "evidence": "evidence_url",
           "indicator_id": "indicator", "code": "indicator", "value": "answer"}


class ManualAnswerError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_answer(text: Any) -> float | None:
    """The value of an answer: 0–1, or None for an explicit unknown. Raises on nonsense."""
    if isinstance(text, bool):
        return 1.0 if text else 0.0
    if isinstance(text, int | float):
        v = float(text)
        if not 0 <= v <= 1:
            raise ValueError(f"answer {text!r} is outside 0–1")
        return v
    s = str(text).strip().lower()
    if s in _YES:
        return 1.0
    if s in _NO:
        return 0.0
    if s in _UNKNOWN:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", s)
    if m:
        v = float(m.group(1)) / 100
    else:
        m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", s)
        if m and int(m.group(2)) > 0:
            v = int(m.group(1)) / int(m.group(2))
        else:
            try:
                v = float(s)
            except ValueError:
                raise ValueError(f"answer {text!r} is not yes/no, a number 0–1, a % or a "
                                 "fraction") from None
    if not 0 <= v <= 1:
        raise ValueError(f"answer {text!r} is outside 0–1")
    return v


@dataclass(frozen=True, slots=True)
class ManualAnswer:
    indicator: str
    answer: str
    value: float | None
    site: str = ""
    organisation: str = ""
    framework: str = ""
    evidence_url: str = ""
    assessor: str = ""
    date: str = ""
    note: str = ""
    ref: str = ""  # where it came from: "file.csv:12"

    @property
    def target(self) -> tuple[str, str]:
        return ("site", self.site) if self.site else ("organisation", self.organisation)

    def to_ref(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}


def _norm_row(row: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in row.items():
        if k is None:
            continue
        key = str(k).strip().lower().replace(" ", "_").lstrip("\ufeff")
        key = ALIASES.get(key, key)
        if key not in out or not out[key]:
            out[key] = "" if v is None else str(v).strip()
    return out


def answers_from_rows(rows: Iterable[Mapping[str, Any]], origin: str = "<rows>",
                      first_row: int = 1) -> list[ManualAnswer]:
    """Build answers from dict rows; every problem is reported at once as ``origin:row``.

    Indicators are kept as written; :func:`resolve_answers` maps them onto a framework."""
    out: list[ManualAnswer] = []
    problems: list[str] = []
    for n, raw in enumerate(rows, start=first_row):
        if not isinstance(raw, Mapping):
            problems.append(f"{origin}:{n}: expected a mapping")
            continue
        r = _norm_row(raw)
        where = f"{origin}:{n}"
        if not r.get("answer"):
            continue
        if not r.get("indicator"):
            problems.append(f"{where}: indicator: required")
            continue
        if not r.get("site") and not r.get("organisation"):
            problems.append(f"{where}: site or organisation: one is required")
            continue
        try:
            value = parse_answer(r["answer"])
        except ValueError as exc:
            problems.append(f"{where}: answer: {exc}")
            continue
        out.append(ManualAnswer(
            indicator=r["indicator"], answer=r["answer"], value=value, site=r.get("site", ""),
            organisation=r.get("organisation", ""), framework=r.get("framework", ""),
            evidence_url=r.get("evidence_url", ""), assessor=r.get("assessor", ""),
            date=r.get("date", ""), note=r.get("note", ""), ref=where,
        ))
    if problems:
        raise ManualAnswerError(problems)
    return out


def resolve_answers(answers: Iterable[ManualAnswer], framework: Framework,
                    strict: bool = True) -> tuple[list[ManualAnswer], list[ManualAnswer]]:
    """The answers for ``framework`` with their indicator resolved to its id (ids or published
    codes are accepted), and the answers left over.

    An answer naming this framework must resolve (else :class:`ManualAnswerError` when
    ``strict``); one naming no framework is taken when its indicator resolves here."""
    mine: list[ManualAnswer] = []
    rest: list[ManualAnswer] = []
    problems: list[str] = []
    for a in answers:
        if a.framework and a.framework != framework.id:
            rest.append(a)
            continue
        ind = framework.find_indicator(a.indicator)
        if ind is None:
            if a.framework and strict:
                problems.append(f"{a.ref}: indicator: {a.indicator!r} is not in {framework.id}")
            rest.append(a)
            continue
        mine.append(replace(a, indicator=ind.id, framework=framework.id))
    if problems:
        raise ManualAnswerError(problems)
    return mine, rest


def read_manual(path: str | Path) -> list[ManualAnswer]:
    """Read answers from a CSV, YAML or JSON file (a list of rows, or ``{answers: [...]}``)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return answers_from_rows(list(csv.DictReader(io.StringIO(text))), path.name, first_row=2)
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ManualAnswerError([f"{path.name}: cannot parse: {exc}"]) from exc
    if isinstance(data, Mapping):
        data = data.get("answers", [])
    if not isinstance(data, list):
        raise ManualAnswerError([f"{path.name}: expected a list of answers or {{answers: [...]}}"])
    return answers_from_rows(data, path.name)


def load_manual(path: str | Path, framework: Framework | None = None) -> list[ManualAnswer]:
    """Read a file; with ``framework``, keep (and resolve) only the answers for it."""
    answers = read_manual(path)
    if framework is None:
        return answers
    return resolve_answers(answers, framework)[0]


def load_manual_files(paths: Iterable[str | Path], framework: Framework | None = None) -> list[ManualAnswer]:
    out: list[ManualAnswer] = []
    problems: list[str] = []
    for p in paths:
        try:
            out.extend(load_manual(p, framework))
        except ManualAnswerError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ManualAnswerError(problems)
    return out


# ----------------------------------------------------------------------------- template

TEMPLATE_COLUMNS = ("framework", "site", "organisation", "indicator", "code", "criterion",
                    "answer_type", "name_en", "name_th", "question", "guidance", "suggested",
                    "suggested_from", "checks_missing", "answer", "evidence_url", "assessor",
                    "date", "note")


def write_template(rows: Sequence[Mapping[str, Any]], path: str | Path) -> Path:
    """Write template rows as CSV (``.csv``) or YAML (``.yaml``/``.yml``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".yaml", ".yml"):
        path.write_text(yaml.safe_dump({"answers": [dict(r) for r in rows]}, allow_unicode=True,
                                       sort_keys=False, width=4000), encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS), extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in TEMPLATE_COLUMNS})
    return path

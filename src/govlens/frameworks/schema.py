"""The framework file schema (``schema: govlens.framework/1``) and its validator.

A framework edition is one YAML file: metadata, sources, ``unknown`` notes (published details
that were not found, with the choice made), criteria, optional views, and indicators. Each
indicator says how it is answered:

* ``automated`` — a ``rule`` over check outcomes decides the value;
* ``assisted`` — a ``rule`` gives a suggestion that a person confirms (``question`` + ``guidance``);
* ``manual`` — a ``question`` with ``guidance`` for the assessor.

Rules (nestable): ``{any: [ids]}``, ``{all: [ids]}``, ``{at_least: k, of: [ids]}``,
``{score_at_least: x, check: id}``, ``{check: id, where: {detail: [values]}}`` (met when the check
passes *and* its ``details[detail]`` is one of the values). A check id may end in ``*``
(``a11y.act-*``) to stand for every check with that prefix present in a site's results.

Every file states at its top, in ``parts``, where each part of it comes from (source ids) and
what was not found; every indicator names a source (its own ``source`` or ``defaults.source``),
and each source an indicator names is listed under some part.

Validation is hand-written (no extra dependency) and reports every problem at once, each with
the file, the indicator and the field, e.g. ``un-losi-2024.yaml: indicators[3] (losi-214):
answer: must be one of automated, assisted, manual``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from govlens.frameworks.checkids import is_known_check

SCHEMA_ID = "govlens.framework/1"
ANSWERS = ("automated", "assisted", "manual")
SCALES = ("binary", "share", "rating")
TOTALS = ("share", "points", "weighted_criteria")
CRITERIA_AGG = ("share",)
CONFIDENCE = ("V", "S", "M", "D", "M/S")

Answer = Literal["automated", "assisted", "manual"]


class FrameworkError(ValueError):
    """A framework file is invalid; ``problems`` lists every problem found."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n  " + "\n  ".join(problems))


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class CheckRef:
    """One check id, or a prefix pattern ending in ``*``."""

    id: str

    @property
    def is_pattern(self) -> bool:
        return self.id.endswith("*")

    def check_ids(self) -> tuple[str, ...]:
        return (self.id,)

    def to_data(self) -> Any:
        return self.id


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Rule, ...]

    def check_ids(self) -> tuple[str, ...]:
        return tuple(i for r in self.items for i in r.check_ids())

    def to_data(self) -> Any:
        return {"any": [r.to_data() for r in self.items]}


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Rule, ...]

    def check_ids(self) -> tuple[str, ...]:
        return tuple(i for r in self.items for i in r.check_ids())

    def to_data(self) -> Any:
        return {"all": [r.to_data() for r in self.items]}


@dataclass(frozen=True, slots=True)
class FirstKnown:
    """The first item whose value is known decides: better evidence when it exists, a weaker
    stand-in when not (``{first: [tech.responsive, tech.viewport]}``: the phone rendering when
    the page was rendered, else the viewport tag)."""

    items: tuple[Rule, ...]

    def check_ids(self) -> tuple[str, ...]:
        return tuple(i for r in self.items for i in r.check_ids())

    def to_data(self) -> Any:
        return {"first": [r.to_data() for r in self.items]}


@dataclass(frozen=True, slots=True)
class AtLeast:
    k: int
    items: tuple[Rule, ...]

    def check_ids(self) -> tuple[str, ...]:
        return tuple(i for r in self.items for i in r.check_ids())

    def to_data(self) -> Any:
        return {"at_least": self.k, "of": [r.to_data() for r in self.items]}


@dataclass(frozen=True, slots=True)
class ScoreAtLeast:
    threshold: float
    check: str

    def check_ids(self) -> tuple[str, ...]:
        return (self.check,)

    def to_data(self) -> Any:
        return {"score_at_least": self.threshold, "check": self.check}


@dataclass(frozen=True, slots=True)
class CheckWhere:
    """A check that passes with one of the given values in its ``details``: ``{check:
    site.government-domain, where: {suffix: [go.th]}}``."""

    check: str
    where: tuple[tuple[str, tuple[Any, ...]], ...]

    def check_ids(self) -> tuple[str, ...]:
        return (self.check,)

    def to_data(self) -> Any:
        return {"check": self.check, "where": {k: list(v) for k, v in self.where}}


Rule = CheckRef | AnyOf | AllOf | FirstKnown | AtLeast | ScoreAtLeast | CheckWhere


def parse_rule(data: Any, where: str, problems: list[str]) -> Rule | None:
    """Parse a rule; append problems (with ``where``) instead of raising."""
    if isinstance(data, str):
        if not data:
            problems.append(f"{where}: empty check id")
            return None
        if not is_known_check(data):
            problems.append(f"{where}: unknown check id {data!r} (see docs/checks.md)")
        return CheckRef(data)
    if not isinstance(data, Mapping):
        problems.append(f"{where}: a rule is a check id or a mapping, got {type(data).__name__}")
        return None
    keys = set(data)

    def items(key: str) -> tuple[Rule, ...]:
        raw = data.get(key)
        if not isinstance(raw, list) or not raw:
            problems.append(f"{where}.{key}: must be a non-empty list")
            return ()
        out = [parse_rule(x, f"{where}.{key}[{n}]", problems) for n, x in enumerate(raw)]
        return tuple(r for r in out if r is not None)

    if keys == {"any"}:
        return AnyOf(items("any"))
    if keys == {"all"}:
        return AllOf(items("all"))
    if keys == {"first"}:
        return FirstKnown(items("first"))
    if keys == {"at_least", "of"}:
        k = data["at_least"]
        its = items("of")
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            problems.append(f"{where}.at_least: must be an integer ≥ 1")
            return None
        if its and k > len(its):
            problems.append(f"{where}.at_least: {k} is more than the {len(its)} items")
        return AtLeast(k, its)
    if keys == {"score_at_least", "check"}:
        x, cid = data["score_at_least"], data["check"]
        if not isinstance(x, int | float) or isinstance(x, bool) or not 0 <= x <= 1:
            problems.append(f"{where}.score_at_least: must be a number in [0, 1]")
            return None
        if not isinstance(cid, str) or not is_known_check(cid) or cid.endswith("*"):
            problems.append(f"{where}.check: unknown or pattern check id {cid!r}")
            return None
        return ScoreAtLeast(float(x), cid)
    if keys == {"check", "where"}:
        cid, cond = data["check"], data["where"]
        if not isinstance(cid, str) or not is_known_check(cid) or cid.endswith("*"):
            problems.append(f"{where}.check: unknown or pattern check id {cid!r}")
            return None
        if not isinstance(cond, Mapping) or not cond:
            problems.append(f"{where}.where: a mapping of detail name → list of accepted values")
            return None
        pairs = []
        for k, vals in cond.items():
            vs = tuple(_as_list(vals))
            if not vs:
                problems.append(f"{where}.where.{k}: at least one accepted value")
            pairs.append((str(k), vs))
        return CheckWhere(cid, tuple(pairs))
    problems.append(f"{where}: unknown rule form {sorted(keys)} (any | all | first | at_least+of | "
                    "score_at_least+check | check+where)")
    return None


# ----------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Unknown:
    """A published detail that was not found, and the choice govlens made."""

    note: str
    choice: str
    topic: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    citation: str
    confidence: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a framework file (its indicator list, its scoring, a group of items) with
    the sources it comes from and what was looked for and not found."""

    part: str
    source: tuple[str, ...]
    not_found: str


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name: Mapping[str, str]
    weight: float = 1.0
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    code: str
    codes: tuple[str, ...]
    name: Mapping[str, str]
    criterion: str
    scoring: str  # binary | share | rating
    weight: float
    source: tuple[str, ...]
    answer: Answer
    rule: Rule | None = None
    question: str = ""
    guidance: str = ""
    note: str = ""
    name_th_source: str = ""
    unknown: tuple[Unknown, ...] = ()
    edition: str = ""  # the edition the item comes from, when not the framework's
    from_text: bool | None = None  # read in the instrument's own text (or a summary of it)?

    @property
    def check_ids(self) -> tuple[str, ...]:
        """The check ids (or patterns) its rule reads, in order, without repeats."""
        if self.rule is None:
            return ()
        return tuple(dict.fromkeys(self.rule.check_ids()))

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.get("en", self.id)


@dataclass(frozen=True, slots=True)
class View:
    """A grouping of indicators reported beside the criteria (e.g. the EPI stages)."""

    id: str
    title: str
    groups: Mapping[str, tuple[str, ...]]
    source: str = ""


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: Mapping[str, str]
    instrument: str
    edition: str
    publisher: str
    unit: str
    status: str
    scoring: Mapping[str, Any]
    sources: Mapping[str, Source]
    unknown: tuple[Unknown, ...]
    criteria: tuple[Criterion, ...]
    indicators: tuple[Indicator, ...]
    views: Mapping[str, View] = field(default_factory=dict)
    parts: tuple[Part, ...] = ()
    path: str = ""

    # lookups -----------------------------------------------------------------------------
    def indicator(self, indicator_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == indicator_id:
                return i
        raise KeyError(f"{self.id}: no indicator {indicator_id!r}")

    def find_indicator(self, key: str) -> Indicator | None:
        """By id, or by published code (``#214``, ``214``) when that is unique."""
        for i in self.indicators:
            if i.id == key:
                return i
        k = key.strip()
        if k and not k.startswith("#"):
            k = "#" + k
        hits = [i for i in self.indicators if i.code == k or k in i.codes]
        return hits[0] if len(hits) == 1 else None

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(f"{self.id}: no criterion {criterion_id!r}")

    def by_criterion(self) -> dict[str, list[Indicator]]:
        out: dict[str, list[Indicator]] = {c.id: [] for c in self.criteria}
        for i in self.indicators:
            out[i.criterion].append(i)
        return out

    def counts(self) -> dict[str, int]:
        """How many indicators are automated, assisted and manual (and the total)."""
        out = {a: 0 for a in ANSWERS}
        for i in self.indicators:
            out[i.answer] += 1
        out["total"] = len(self.indicators)
        return out

    @property
    def total_method(self) -> str:
        return str(self.scoring.get("total", "share"))

    @property
    def unlisted(self) -> int:
        """Items the instrument scores that no source found names (``scoring.unlisted.count``):
        they count in the denominator and are always missing."""
        u = self.scoring.get("unlisted") or {}
        return int(u.get("count", 0)) if isinstance(u, Mapping) else 0

    def score_denominator(self) -> float:
        """Σ weights of the listed indicators plus the unlisted items (weight 1 each)."""
        return sum(i.weight for i in self.indicators) + self.unlisted

    def score_grid(self) -> list[float]:
        """Every share a complete binary assessment can give: k / denominator, k = 0 … N (for
        frameworks whose indicators are all binary with integer weights)."""
        n = self.score_denominator()
        if any(i.scoring != "binary" or i.weight != int(i.weight) for i in self.indicators) or n <= 0:
            raise ValueError(f"{self.id}: the score grid is defined for binary integer-weight items")
        return [k / n for k in range(int(n) + 1)]


# ----------------------------------------------------------------------------- parsing

_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def parse_number(v: Any) -> float | None:
    """A number, or a fraction string such as ``"86/9"`` (exact shares of a total)."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        m = _FRACTION.match(v)
        if m and float(m.group(2)) != 0:
            return float(m.group(1)) / float(m.group(2))
        try:
            return float(v)
        except ValueError:
            return None
    return None


def _names(v: Any, where: str, problems: list[str]) -> dict[str, str]:
    if isinstance(v, str):
        return {"en": v}
    if not isinstance(v, Mapping) or not isinstance(v.get("en"), str) or not v["en"].strip():
        problems.append(f"{where}: needs a mapping with a non-empty 'en' name")
        return {"en": str(v)}
    return {str(k): str(x) for k, x in v.items()}


def _unknowns(v: Any, where: str, problems: list[str]) -> tuple[Unknown, ...]:
    if v is None:
        return ()
    if not isinstance(v, list):
        problems.append(f"{where}: must be a list of {{note, choice}}")
        return ()
    out = []
    for n, u in enumerate(v):
        if not isinstance(u, Mapping) or not u.get("note") or not u.get("choice"):
            problems.append(f"{where}[{n}]: needs 'note' (what is not known) and 'choice' (what "
                            "govlens does)")
            continue
        out.append(Unknown(note=str(u["note"]), choice=str(u["choice"]), topic=str(u.get("topic", ""))))
    return tuple(out)


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return list(v) if isinstance(v, list | tuple) else [v]


_TOP_KEYS = {"schema", "id", "title", "instrument", "edition", "publisher", "unit", "status",
             "parts", "scoring", "defaults", "sources", "unknown", "criteria", "views", "indicators"}
_IND_KEYS = {"id", "code", "codes", "criterion", "name", "name_th_source", "scoring", "weight",
             "source", "answer", "rule", "question", "guidance", "note", "unknown", "edition",
             "from_text"}


def build_framework(data: Any, path: str = "<memory>") -> Framework:
    """Validate a parsed YAML document and build the :class:`Framework` (or raise
    :class:`FrameworkError` listing every problem)."""
    p: list[str] = []
    if not isinstance(data, Mapping):
        raise FrameworkError(path, ["the file must hold a mapping"])
    if data.get("schema") != SCHEMA_ID:
        p.append(f"schema: must be {SCHEMA_ID!r}")
    for k in sorted(set(data) - _TOP_KEYS):
        p.append(f"{k}: unknown top-level field")
    fid = data.get("id")
    if not isinstance(fid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", fid or ""):
        p.append("id: must be a lower-case id such as 'un-losi-2024'")
        fid = str(fid)
    for k in ("instrument", "edition", "publisher", "unit"):
        if not isinstance(data.get(k), str | int) or not str(data.get(k)).strip():
            p.append(f"{k}: required")
    title = _names(data.get("title"), "title", p)

    scoring = data.get("scoring") or {}
    if not isinstance(scoring, Mapping):
        p.append("scoring: must be a mapping")
        scoring = {}
    if scoring.get("total", "share") not in TOTALS:
        p.append(f"scoring.total: must be one of {', '.join(TOTALS)}")
    if scoring.get("criteria", "share") not in CRITERIA_AGG:
        p.append(f"scoring.criteria: must be one of {', '.join(CRITERIA_AGG)}")
    if scoring.get("unit", "share") not in ("share", "points"):
        p.append("scoring.unit: share | points")
    if not scoring.get("formula"):
        p.append("scoring.formula: required (the formula, in words)")
    unl = scoring.get("unlisted")
    if unl is not None and (not isinstance(unl, Mapping) or not isinstance(unl.get("count"), int)
                            or isinstance(unl.get("count"), bool) or unl["count"] < 1 or not unl.get("note")):
        p.append("scoring.unlisted: {count: n ≥ 1, note: why the instrument has items no source names}")

    sources: dict[str, Source] = {}
    raw_sources = data.get("sources") or {}
    if not isinstance(raw_sources, Mapping) or not raw_sources:
        p.append("sources: a mapping of source id → {citation, confidence} is required")
        raw_sources = {}
    for sid, s in raw_sources.items():
        if not isinstance(s, Mapping) or not s.get("citation"):
            p.append(f"sources.{sid}: needs a citation")
            continue
        conf = str(s.get("confidence", ""))
        if conf and conf not in CONFIDENCE:
            p.append(f"sources.{sid}.confidence: one of {', '.join(CONFIDENCE)}")
        sources[str(sid)] = Source(str(sid), str(s["citation"]), conf)

    unknown = _unknowns(data.get("unknown"), "unknown", p)

    parts: list[Part] = []
    raw_parts = data.get("parts")
    if not isinstance(raw_parts, list) or not raw_parts:
        p.append("parts: a list of {part, source, not_found} saying where each part of the file comes "
                 "from and what was not found is required")
        raw_parts = []
    for n, pt in enumerate(raw_parts):
        where = f"parts[{n}]"
        if not isinstance(pt, Mapping) or not str(pt.get("part") or "").strip():
            p.append(f"{where}: needs 'part' (what part of the file)")
            continue
        psrc = tuple(str(x) for x in _as_list(pt.get("source")))
        if not psrc:
            p.append(f"{where}.source: the source ids this part comes from")
        for x in psrc:
            if x not in sources:
                p.append(f"{where}.source: {x!r} is not in sources")
        nf = pt.get("not_found")
        if not isinstance(nf, str) or not nf.strip():
            p.append(f"{where}.not_found: say what was looked for and not found (or 'nothing')")
            nf = ""
        parts.append(Part(str(pt["part"]), psrc, nf))
    in_parts = {x for pt in parts for x in pt.source}

    criteria: list[Criterion] = []
    seen_c: set[str] = set()
    for n, c in enumerate(_as_list(data.get("criteria"))):
        where = f"criteria[{n}]"
        if not isinstance(c, Mapping) or not isinstance(c.get("id"), str):
            p.append(f"{where}: needs an id")
            continue
        if c["id"] in seen_c:
            p.append(f"{where}: duplicate criterion id {c['id']!r}")
        seen_c.add(c["id"])
        w = parse_number(c.get("weight", 1))
        if w is None or w < 0:
            p.append(f"{where}.weight: must be a number ≥ 0 (or a fraction such as '86/9')")
            w = 1.0
        extra = {k: v for k, v in c.items() if k not in ("id", "name", "weight")}
        criteria.append(Criterion(c["id"], _names(c.get("name"), f"{where}.name", p), w, extra))
    if not criteria:
        p.append("criteria: at least one criterion is required")

    defaults = data.get("defaults") or {}
    indicators: list[Indicator] = []
    seen_i: set[str] = set()
    raw_inds = data.get("indicators")
    if not isinstance(raw_inds, list) or not raw_inds:
        p.append("indicators: a non-empty list is required")
        raw_inds = []
    for n, r in enumerate(raw_inds):
        iid = r.get("id") if isinstance(r, Mapping) else None
        where = f"indicators[{n}] ({iid})"
        if not isinstance(r, Mapping) or not isinstance(iid, str) or not iid:
            p.append(f"indicators[{n}]: needs an id")
            continue
        for k in sorted(set(r) - _IND_KEYS):
            p.append(f"{where}: unknown field {k!r}")
        if iid in seen_i:
            p.append(f"{where}: duplicate indicator id")
        seen_i.add(iid)
        crit = r.get("criterion")
        if crit not in seen_c:
            p.append(f"{where}.criterion: {crit!r} is not a criterion of this framework")
        answer = r.get("answer")
        if answer not in ANSWERS:
            p.append(f"{where}.answer: must be one of {', '.join(ANSWERS)}")
            answer = "manual"
        scale = r.get("scoring", defaults.get("scoring", "binary"))
        if scale not in SCALES:
            p.append(f"{where}.scoring: must be one of {', '.join(SCALES)}")
        w = parse_number(r.get("weight", defaults.get("weight", 1)))
        if w is None or w < 0:
            p.append(f"{where}.weight: must be a number ≥ 0")
            w = 1.0
        src = tuple(str(s) for s in _as_list(r.get("source", defaults.get("source"))))
        if not src:
            p.append(f"{where}.source: a source id is required (here or in defaults)")
        for s in src:
            if s not in sources:
                p.append(f"{where}.source: {s!r} is not in sources")
            elif parts and s not in in_parts:
                p.append(f"{where}.source: {s!r} is not listed under any of the file's parts")
        edition = r.get("edition", "")
        if not isinstance(edition, str | int) or isinstance(edition, bool):
            p.append(f"{where}.edition: the edition the item comes from, as text")
            edition = ""
        from_text = r.get("from_text")
        if from_text is not None and not isinstance(from_text, bool):
            p.append(f"{where}.from_text: true | false")
            from_text = None
        if from_text and not any(sources.get(x) and sources[x].confidence == "V" for x in src):
            p.append(f"{where}.from_text: an item read in the instrument's text needs a source read "
                     "first-hand (confidence V)")
        rule = None
        if "rule" in r:
            rule = parse_rule(r["rule"], f"{where}.rule", p)
        if answer in ("automated", "assisted") and rule is None and "rule" not in r:
            p.append(f"{where}: an {answer} indicator needs a rule over check outcomes")
        if answer == "manual" and "rule" in r:
            p.append(f"{where}: a manual indicator has no rule (use 'assisted' for a suggestion)")
        q, g = str(r.get("question") or ""), str(r.get("guidance") or "")
        if answer in ("manual", "assisted") and (not q.strip() or not g.strip()):
            p.append(f"{where}: a {answer} indicator needs a question and guidance for the assessor")
        name = _names(r.get("name"), f"{where}.name", p)
        th_src = str(r.get("name_th_source") or "")
        if th_src and th_src not in ("published", "translation"):
            p.append(f"{where}.name_th_source: published | translation")
        code = str(r.get("code") or "")
        codes = tuple(str(c) for c in _as_list(r.get("codes"))) or ((code,) if code else ())
        indicators.append(Indicator(
            id=iid, code=code, codes=codes, name=name, criterion=str(crit), scoring=str(scale),
            weight=w, source=src, answer=answer, rule=rule, question=q, guidance=g,
            note=str(r.get("note") or ""), name_th_source=th_src,
            unknown=_unknowns(r.get("unknown"), f"{where}.unknown", p),
            edition=str(edition), from_text=from_text,
        ))

    views: dict[str, View] = {}
    raw_views = data.get("views") or {}
    if not isinstance(raw_views, Mapping):
        p.append("views: must be a mapping")
        raw_views = {}
    for vid, v in raw_views.items():
        where = f"views.{vid}"
        if not isinstance(v, Mapping) or not isinstance(v.get("groups"), Mapping):
            p.append(f"{where}: needs groups: {{name: [indicator ids]}}")
            continue
        groups: dict[str, tuple[str, ...]] = {}
        for gname, ids in v["groups"].items():
            ids = tuple(str(x) for x in _as_list(ids))
            for x in ids:
                if x not in seen_i:
                    p.append(f"{where}.groups.{gname}: {x!r} is not an indicator")
            groups[str(gname)] = ids
        views[str(vid)] = View(str(vid), str(v.get("title", vid)), groups, str(v.get("source", "")))

    if p:
        raise FrameworkError(path, p)
    return Framework(
        id=fid, title=title, instrument=str(data["instrument"]), edition=str(data["edition"]),
        publisher=str(data["publisher"]), unit=str(data["unit"]), status=str(data.get("status", "")),
        scoring=dict(scoring), sources=sources, unknown=unknown, criteria=tuple(criteria),
        indicators=tuple(indicators), views=views, parts=tuple(parts), path=path,
    )


def iter_check_ids(frameworks: Iterable[Framework]) -> Iterator[tuple[str, str, str]]:
    """(framework id, indicator id, check id) for every check a rule reads."""
    for f in frameworks:
        for i in f.indicators:
            for c in i.check_ids:
                yield f.id, i.id, c

"""Recommendation rules as data (rules.yaml): loaded and checked here, so that a rule file with
a typo says which file, which rule and which field, instead of silently recommending nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govlens.catalog.models import KINDS
from govlens.textfile import load_yaml

DATA = Path(__file__).parent / "data" / "rules.yaml"
LEVELS = ("portal", "ministry", "policy")
AIMS = ("efficiency", "business", "transparency", "participation")
EFFORT_COST = {"S": 1, "M": 2, "L": 3}
#: the organisations a rule looks at when neither it nor the file's defaults say
DEFAULT_KINDS = {"portal": ["national-portal"], "ministry": ["ministry", "department"],
                 "policy": ["ministry", "department"]}


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file, the rule and the field."""


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    checks: tuple[str, ...]
    kinds: tuple[str, ...]
    min_share: float
    aims: tuple[str, ...]
    effort: str
    effort_reason: dict[str, str]
    title: dict[str, str]
    text: dict[str, str]

    @property
    def cost(self) -> int:
        return EFFORT_COST[self.effort]


@dataclass(frozen=True)
class RuleSet:
    path: str
    rules: tuple[Rule, ...]
    aims: dict[str, dict[str, str]] = field(default_factory=dict)
    levels: dict[str, dict[str, str]] = field(default_factory=dict)
    why: dict[str, dict[str, str]] = field(default_factory=dict)


def _bilingual(v: Any, where: str) -> dict[str, str]:
    if not isinstance(v, dict) or not any(isinstance(v.get(k), str) and v[k].strip() for k in ("en", "th")):
        raise RulesError(f"{where}: needs {{en: ..., th: ...}} (at least one)")
    return {k: str(v[k]) for k in ("en", "th") if v.get(k)}


def _rule(d: Any, n: int, where: str, defaults: dict[str, Any], known_checks: frozenset[str] | None) -> Rule:
    at = f"{where}: rules[{n}]"
    if not isinstance(d, dict):
        raise RulesError(f"{at}: a rule is a mapping")
    rid = d.get("id")
    if not isinstance(rid, str) or not rid:
        raise RulesError(f"{at}: id is required")
    at = f"{where}: rule {rid!r} (rules[{n}])"
    level = d.get("level")
    if level not in LEVELS:
        raise RulesError(f"{at}: level: {level!r} is not one of {', '.join(LEVELS)}")
    checks = d.get("checks")
    if not isinstance(checks, list) or not checks or not all(isinstance(c, str) for c in checks):
        raise RulesError(f"{at}: checks: a list of check ids is required")
    if known_checks is not None:
        bad = [c for c in checks if not (c.endswith("*") and any(k.startswith(c[:-1]) for k in known_checks))
               and c not in known_checks]
        if bad:
            raise RulesError(f"{at}: checks: unknown check id(s) {', '.join(bad)} (`govlens checks list`)")
    kinds = d.get("kinds", (defaults.get("kinds") or {}).get(level, DEFAULT_KINDS[level]))
    bad_k = [k for k in kinds if k not in KINDS] if isinstance(kinds, list) else [kinds]
    if bad_k:
        raise RulesError(f"{at}: kinds: unknown kind(s) {bad_k}; one of {', '.join(KINDS)}")
    share = d.get("min_share", defaults.get("min_share", 0.5))
    if not isinstance(share, int | float) or not 0 < share <= 1:
        raise RulesError(f"{at}: min_share: {share!r} is not a share in (0, 1]")
    aims = d.get("aims")
    if not isinstance(aims, list) or not aims or any(a not in AIMS for a in aims):
        raise RulesError(f"{at}: aims: {aims!r} — a list of {', '.join(AIMS)}")
    effort = d.get("effort")
    if effort not in EFFORT_COST:
        raise RulesError(f"{at}: effort: {effort!r} is not one of S, M, L")
    return Rule(rid, level, tuple(checks), tuple(kinds), float(share), tuple(aims), effort,
                _bilingual(d.get("effort_reason"), f"{at}: effort_reason"),
                _bilingual(d.get("title"), f"{at}: title"), _bilingual(d.get("text"), f"{at}: text"))


def load_rules(path: str | Path = DATA, known_checks: frozenset[str] | None = None) -> RuleSet:
    """The rules of ``path``; with ``known_checks``, unknown check ids are errors too."""
    p = Path(path)
    where = str(p)
    try:
        doc = load_yaml(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{where}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise RulesError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise RulesError(f"{where}: needs a top-level 'rules:' list")
    defaults = doc.get("defaults") or {}
    rules = [_rule(d, n, where, defaults, known_checks) for n, d in enumerate(doc["rules"])]
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise RulesError(f"{where}: rule {r.id!r}: id is used twice")
        seen.add(r.id)
    words = {k: doc.get(k) or {} for k in ("aims", "levels", "why")}
    if p.resolve() != DATA.resolve() and not all(words.values()):  # a user's file may omit the words
        bundled = load_yaml(DATA.read_text(encoding="utf-8"))
        words = {k: v or bundled.get(k) or {} for k, v in words.items()}
    return RuleSet(where, tuple(rules),
                   *({k: _bilingual(v, f"{where}: {part}.{k}") for k, v in words[part].items()}
                     for part in ("aims", "levels", "why")))

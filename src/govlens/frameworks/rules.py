"""Evaluate an indicator rule over one site's check outcomes, in three-valued logic.

A check named in a rule is

* **met** when its outcome is ``pass``;
* **not met** when its outcome is ``fail`` or ``partial`` (a partial finding does not satisfy a
  binary indicator; use ``score_at_least`` to accept partial scores);
* **unknown** when its outcome is ``error`` or ``not_applicable`` or it is absent.

``any`` is met when one item is met (whatever the unknowns), not met when every item is not
met, else unknown; ``all`` is not met when one item is not met, met when all are met, else
unknown; ``at_least k`` is met with k met items, not met when even the unknowns could not reach
k, else unknown; ``score_at_least x`` compares the check's score (unknown when it has none);
``first`` takes the value of its first item that is known (better evidence when there is
some, a stand-in when not); ``{check, where: {detail: [values]}}`` is met when the check passes with ``details[detail]``
among the values, not met when it fails or passes with another value, else unknown.

A pattern such as ``a11y.act-*`` stands for every matching check in the site's results that
applies (``not_applicable`` ones are dropped: the rule does not apply to that content); it is
met when all of them pass, not met when one fails, unknown when none applies or one errs.

So an automated value is 1, 0 or missing (None) — never 0 for lack of evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govlens.frameworks.schema import (
    AllOf,
    AnyOf,
    AtLeast,
    CheckRef,
    CheckWhere,
    FirstKnown,
    Rule,
    ScoreAtLeast,
)

MET_OUTCOMES = frozenset({"pass"})
NOT_MET_OUTCOMES = frozenset({"fail", "partial"})

CheckResults = Mapping[str, Mapping[str, Any]]  # check id -> {"outcome", "score", ...}


@dataclass(frozen=True, slots=True)
class RuleResult:
    value: float | None  # 1.0 met, 0.0 not met, None unknown
    used: tuple[str, ...]  # check ids consulted (patterns expanded)
    missing: tuple[str, ...]  # consulted ids whose outcome is unknown, with the reason


def _leaf(cid: str, results: CheckResults, used: list[str], missing: list[str]) -> bool | None:
    used.append(cid)
    r = results.get(cid)
    if r is None:
        missing.append(f"{cid} (absent)")
        return None
    outcome = r.get("outcome")
    if outcome in MET_OUTCOMES:
        return True
    if outcome in NOT_MET_OUTCOMES:
        return False
    missing.append(f"{cid} ({outcome})")
    return None


def _pattern(pattern: str, results: CheckResults, used: list[str], missing: list[str]) -> bool | None:
    prefix = pattern[:-1]
    ids = sorted(c for c in results if c.startswith(prefix))
    applicable = [c for c in ids if results[c].get("outcome") != "not_applicable"]
    if not applicable:
        used.append(pattern)
        missing.append(f"{pattern} (no applicable check)")
        return None
    vals = [_leaf(c, results, used, missing) for c in applicable]
    return _all(vals)


def _all(vals: list[bool | None]) -> bool | None:
    if any(v is False for v in vals):
        return False
    if vals and all(v is True for v in vals):
        return True
    return None


def _eval(rule: Rule, results: CheckResults, used: list[str], missing: list[str]) -> bool | None:
    if isinstance(rule, CheckRef):
        if rule.is_pattern:
            return _pattern(rule.id, results, used, missing)
        return _leaf(rule.id, results, used, missing)
    if isinstance(rule, AnyOf):
        vals = [_eval(r, results, used, missing) for r in rule.items]
        if any(v is True for v in vals):
            return True
        if all(v is False for v in vals):
            return False
        return None
    if isinstance(rule, AllOf):
        return _all([_eval(r, results, used, missing) for r in rule.items])
    if isinstance(rule, FirstKnown):
        for r in rule.items:
            v = _eval(r, results, used, missing)
            if v is not None:
                return v
        return None
    if isinstance(rule, AtLeast):
        vals = [_eval(r, results, used, missing) for r in rule.items]
        met = sum(v is True for v in vals)
        unknown = sum(v is None for v in vals)
        if met >= rule.k:
            return True
        if met + unknown < rule.k:
            return False
        return None
    if isinstance(rule, ScoreAtLeast):
        used.append(rule.check)
        r = results.get(rule.check)
        if r is None:
            missing.append(f"{rule.check} (absent)")
            return None
        score = r.get("score")
        if r.get("outcome") in ("error", "not_applicable") or score is None:
            missing.append(f"{rule.check} ({r.get('outcome')})")
            return None
        return float(score) >= rule.threshold
    if isinstance(rule, CheckWhere):
        met = _leaf(rule.check, results, used, missing)
        if met is not True:
            return met
        details = results[rule.check].get("details") or {}
        return all(details.get(k) in vals for k, vals in rule.where)
    raise TypeError(f"unknown rule {rule!r}")


def rule_value(rule: Rule, results: CheckResults) -> RuleResult:
    used: list[str] = []
    missing: list[str] = []
    v = _eval(rule, results, used, missing)
    return RuleResult(None if v is None else (1.0 if v else 0.0),
                      tuple(dict.fromkeys(used)), tuple(dict.fromkeys(missing)))

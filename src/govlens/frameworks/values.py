"""Indicator values from check results and manual answers, each with its provenance.

``framework_values(framework, check_results, manual)`` gives, per site, one
:class:`IndicatorValue` per indicator:

* ``automated`` — the rule decided it (for an *assisted* indicator it is an unconfirmed
  suggestion: ``needs_confirmation`` is true);
* ``manual`` — a person answered and there was no automated value, or the answer confirms it;
* ``overridden`` — a person's answer replaced a different automated value (kept in
  ``automated_value``);
* ``missing`` — nothing decided it: a check errored / did not apply / is absent, or a manual
  item has no answer yet. The value is ``None``, never 0.

Precedence of answers for one site and indicator: an answer naming the site beats one naming
its organisation; among equals the latest ``date`` wins, then the later row.

Organisation values (:func:`organisation_values`): per indicator, the **best site** — the
highest value among the organisation's sites (missing ignored; missing only when every site is
missing). This follows the UN practice of counting a feature found on the portal *or a site it
links to*: an organisation has a feature when any of its sites has it. The chosen site is
recorded in ``site``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from govlens.frameworks.manual import ManualAnswer, resolve_answers
from govlens.frameworks.rules import CheckResults, rule_value
from govlens.frameworks.schema import Framework, Indicator

Provenance = Literal["automated", "manual", "overridden", "missing"]


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    value: float | None
    provenance: Provenance
    checks: tuple[str, ...] = ()  # check ids the rule consulted
    automated_value: float | None = None
    answer_ref: Mapping[str, Any] | None = None  # the manual answer used
    note: str = ""
    needs_confirmation: bool = False  # assisted suggestion not yet confirmed by a person
    site: str = ""  # for organisation values: the site it was taken from

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["checks"] = list(self.checks)
        d["answer_ref"] = dict(self.answer_ref) if self.answer_ref else None
        return d


@dataclass
class AnswerIndex:
    """Manual answers looked up by (site | organisation, indicator)."""

    by_site: dict[tuple[str, str], list[ManualAnswer]] = field(default_factory=dict)
    by_org: dict[tuple[str, str], list[ManualAnswer]] = field(default_factory=dict)

    @classmethod
    def build(cls, answers: Iterable[ManualAnswer], framework: Framework | None = None) -> AnswerIndex:
        idx = cls(defaultdict(list), defaultdict(list))
        if framework is not None:
            answers = resolve_answers(answers, framework, strict=False)[0]
        for a in answers:
            if a.site:
                idx.by_site[(a.site, a.indicator)].append(a)
            elif a.organisation:
                idx.by_org[(a.organisation, a.indicator)].append(a)
        return idx

    def lookup(self, site: str, org: str, indicator: str) -> tuple[ManualAnswer | None, list[ManualAnswer]]:
        """The answer that applies (or None) and all candidate answers."""
        cands = [a for a in self.by_site.get((site, indicator), []) if a.value is not None]
        if not cands and org:
            cands = [a for a in self.by_org.get((org, indicator), []) if a.value is not None]
        if not cands:
            return None, []
        ordered = sorted(enumerate(cands), key=lambda t: (t[1].date or "", t[0]))
        return ordered[-1][1], cands

    def sites(self) -> set[str]:
        return {s for s, _ in self.by_site}

    def organisations(self) -> set[str]:
        return {o for o, _ in self.by_org}


def _automated(ind: Indicator, results: CheckResults) -> tuple[float | None, tuple[str, ...], str]:
    if ind.rule is None:
        return None, (), ""
    r = rule_value(ind.rule, results)
    note = "" if r.value is not None else "checks missing: " + ", ".join(r.missing)
    return r.value, r.used, note


def indicator_value(ind: Indicator, results: CheckResults, answer: ManualAnswer | None,
                       candidates: list[ManualAnswer] | None = None) -> IndicatorValue:
    auto, used, auto_note = _automated(ind, results)
    if answer is not None:
        notes = []
        others = [c for c in (candidates or []) if c is not answer]
        if others:
            disagree = sorted({c.assessor or c.ref for c in others if c.value != answer.value})
            notes.append(f"{len(others) + 1} answers; latest used"
                         + (f"; differing: {', '.join(disagree)}" if disagree else ""))
        if auto is not None and auto != answer.value:
            prov: Provenance = "overridden"
            notes.insert(0, f"manual answer {answer.value:g} overrides automated {auto:g}")
        else:
            prov = "manual"
            if auto is not None:
                notes.insert(0, "confirms the automated value")
        if answer.note:
            notes.append(answer.note)
        return IndicatorValue(answer.value, prov, used, auto, answer.to_ref(), "; ".join(notes))
    if auto is not None:
        return IndicatorValue(auto, "automated", used, auto, None,
                              "assisted: awaiting confirmation" if ind.answer == "assisted" else "",
                              needs_confirmation=ind.answer == "assisted")
    if ind.answer == "manual":
        note = "awaiting a manual answer"
    elif ind.answer == "assisted":
        note = auto_note + "; awaiting a manual answer"
    else:
        note = auto_note
    return IndicatorValue(None, "missing", used, None, None, note)


def values_for_site(framework: Framework, results: CheckResults, site: str = "", org: str = "",
                  answers: AnswerIndex | None = None) -> dict[str, IndicatorValue]:
    out: dict[str, IndicatorValue] = {}
    for ind in framework.indicators:
        ans, cands = answers.lookup(site, org, ind.id) if answers else (None, [])
        out[ind.id] = indicator_value(ind, results, ans, cands)
    return out


def framework_values(
    framework: Framework,
    check_results: Mapping[str, CheckResults],
    manual: Iterable[ManualAnswer] = (),
    organisations: Mapping[str, str] | None = None,
) -> dict[str, dict[str, IndicatorValue]]:
    """Per site URL: ``{indicator id: IndicatorValue}``.

    ``check_results`` maps a site URL to ``{check id: {"outcome", "score", ...}}``;
    ``organisations`` maps a site URL to its organisation id (so that organisation-level
    answers reach its sites). Sites that only appear in site-level manual answers are
    evaluated too (with no check results).
    """
    orgs = organisations or {}
    idx = AnswerIndex.build(manual, framework)
    sites = list(check_results) + sorted(idx.sites() - set(check_results))
    return {s: values_for_site(framework, check_results.get(s, {}), s, orgs.get(s, ""), idx)
            for s in sites}


def organisation_values(
    framework: Framework,
    site_values: Mapping[str, Mapping[str, IndicatorValue]],
    organisations: Mapping[str, str],
    manual: Iterable[ManualAnswer] = (),
) -> dict[str, dict[str, IndicatorValue]]:
    """Per organisation id: the best site per indicator (see the module docstring).

    Organisations that only appear in organisation-level manual answers (no site) are
    evaluated from those answers alone.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for site, org in organisations.items():
        if org and site in site_values:
            members[org].append(site)
    out: dict[str, dict[str, IndicatorValue]] = {}
    for org, sites in members.items():
        vals: dict[str, IndicatorValue] = {}
        for ind in framework.indicators:
            best: IndicatorValue | None = None
            for s in sites:
                v = site_values[s][ind.id]
                if v.value is not None and (best is None or best.value is None or v.value > best.value):
                    best = replace(v, site=s)
            if best is None:
                first = site_values[sites[0]][ind.id]
                best = replace(first, site="", note=first.note + (
                    f" (missing on all {len(sites)} sites)" if len(sites) > 1 else ""))
            vals[ind.id] = best
        out[org] = vals
    idx = AnswerIndex.build(manual, framework)
    for org in sorted(idx.organisations() - set(out)):
        out[org] = values_for_site(framework, {}, "", org, idx)
    return out

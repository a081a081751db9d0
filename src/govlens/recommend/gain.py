"""What a recommendation would gain: the focus country re-scored by the scoring engine with the
rule's checks passed at the organisations it targets — the same frameworks, units and
scoring as the benchmark, only the check results changed. Only results that were judged and
failing (fail, partial) are turned into passes: what nobody could judge stays unknown, so a
gain is never coverage bought by assumption."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from govlens.benchmark.compare import country_values, share_of
from govlens.frameworks.manual import ManualAnswer
from govlens.frameworks.schema import Framework
from govlens.recommend.features import expand, overlaps
from govlens.scoring.frameworks import score_values
from govlens.scoring.runs import FrameworkRun, RunInput, score_run

PASSED = {"outcome": "pass", "score": 1.0, "evidence": [], "details": {}}


@dataclass(frozen=True)
class Gain:
    framework: str
    before: float | None
    after: float | None

    @property
    def gain(self) -> float:
        if self.before is None or self.after is None:
            return 0.0
        return self.after - self.before

    def to_dict(self, entity: str) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"framework": self.framework, "entity": entity, "before": r(self.before),
                "after": r(self.after), "gain": round(self.gain, 4)}


def moved_indicators(framework: Framework, patterns: Sequence[str]) -> list[str]:
    """The framework's indicators that the rule's checks feed."""
    return [i.id for i in framework.indicators if any(overlaps(p, c) for p in patterns for c in i.check_ids)]


def patched(inp: RunInput, sites: Sequence[str], patterns: Sequence[str], rule_id: str) -> RunInput:
    """A run input with only ``sites``, their failing results of the checks made passes."""
    checks: dict[str, dict[str, dict[str, Any]]] = {}
    for s in sites:
        res = dict(inp.checks.get(s) or {})
        for c in expand(patterns, res):
            if (res.get(c) or {}).get("outcome") in ("fail", "partial"):
                res[c] = {**PASSED, "details": {"what_if": rule_id}}
        checks[s] = res
    return replace(inp, checks=checks,
                   organisations={s: o for s, o in inp.organisations.items() if s in checks},
                   site_status={s: st for s, st in inp.site_status.items() if s in checks})


def focus_share(framework: Framework, inp: RunInput, org_values: Mapping[str, Any], focus: str) -> float | None:
    cv = country_values(framework, inp, org_values)
    vals = cv.values.get(focus)
    return share_of(score_values(framework, vals)) if vals else None


def rescore(runs: Mapping[str, FrameworkRun], inp: RunInput, answers: Mapping[str, Sequence[ManualAnswer]],
            focus: str, targets: Sequence[str], patterns: Sequence[str], rule_id: str) -> list[Gain]:
    """The focus country's share per framework before and after, for every framework the
    rule's checks feed. Only the target organisations' sites are re-scored (an
    organisation's values depend on its own sites alone)."""
    sites = [s for s, o in inp.organisations.items() if o in set(targets)]
    what_if = patched(inp, sites, patterns, rule_id)
    out = []
    for fid, fr in runs.items():
        f = fr.framework
        if not moved_indicators(f, patterns):
            continue
        before = focus_share(f, inp, fr.org_values, focus)
        new = score_run(f, what_if, list(answers.get(fid, ())))
        merged = {**fr.org_values, **{o: v for o, v in new.org_values.items() if o in set(targets)}}
        after = focus_share(f, inp, merged, focus)
        out.append(Gain(fid, before, after))
    return out

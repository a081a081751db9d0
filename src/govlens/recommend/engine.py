"""Recommendations: each rule (rules.yaml) looked at in the focus country at its level — the
national portal, each ministry with its departments, or the country's organisations as a
whole — and, where it fires, turned into a recommendation with its targets, the gain the
scoring engine computes for it, its evidence trail and a peer exemplar to learn from.
Ranked by priority = mean gain over the study's frameworks / effort cost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govlens.benchmark.answer import Study
from govlens.benchmark.compare import org_country, org_kind
from govlens.benchmark.evidence import pointers, sites_of
from govlens.frameworks.manual import ManualAnswer
from govlens.recommend.features import LACKING, org_feature
from govlens.recommend.gain import Gain, moved_indicators, rescore
from govlens.recommend.rules import Rule, RuleSet

MAX_TARGET_EVIDENCE = 8  # evidence pointers per recommendation (one per target site)


@dataclass(frozen=True)
class Finding:
    """Where a rule fired: the organisations that lack the feature, and the counts behind it."""

    targets: tuple[str, ...]
    judged: int
    failing: int
    groups: tuple[str, ...] = ()  # ministry level: the ministries that fired
    groups_judged: int = 0


def _group(inp: Any, org: str) -> str:
    """A ministry groups itself and its departments (those whose parent is a ministry)."""
    info = inp.org_info.get(org) or {}
    parent = info.get("parent")
    if info.get("kind") == "department" and parent and (inp.org_info.get(parent) or {}).get("kind") == "ministry":
        return str(parent)
    return org


def evaluate(rule: Rule, study: Study, by_org: Mapping[str, list[str]]) -> Finding | None:
    inp, focus = study.inp, study.focus
    orgs = sorted(o for o in inp.org_info if org_country(inp, o) == focus and org_kind(inp, o) in rule.kinds)
    values = {o: org_feature(inp.checks, by_org.get(o, []), rule.checks)[0] for o in orgs}
    judged = [o for o in orgs if values[o] is not None]
    lacking = [o for o in judged if values[o] < LACKING]  # type: ignore[operator]
    if not lacking:
        return None
    if rule.level == "portal":
        return Finding(tuple(lacking), len(judged), len(lacking))
    if rule.level == "policy":
        if len(lacking) / len(judged) < rule.min_share:
            return None
        return Finding(tuple(lacking), len(judged), len(lacking))
    groups: dict[str, list[str]] = {}
    for o in judged:
        groups.setdefault(_group(inp, o), []).append(o)
    ministries = {g: m for g, m in groups.items() if org_kind(inp, g) == "ministry"}
    fired = sorted(g for g, m in ministries.items()
                   if sum(1 for o in m if o in lacking) / len(m) >= rule.min_share)
    if not fired:
        return None
    targets = tuple(o for g in fired for o in ministries[g] if o in lacking)
    return Finding(targets, len(judged), len(lacking), tuple(fired), len(ministries))


def _name(inp: Any, org: str) -> dict[str, str]:
    return dict((inp.org_info.get(org) or {}).get("name") or {"en": org})


def _features(rule: Rule, lang: str) -> str:
    from govlens.checks.registry import get_check

    out = []
    for c in rule.checks:
        if c.endswith("*"):
            out.append({"en": "the automated accessibility rules (W3C ACT)",
                        "th": "กฎการเข้าถึงอัตโนมัติ (W3C ACT)"}[lang])
            continue
        try:
            t = get_check(c).title
        except KeyError:
            out.append(c)
            continue
        out.append(t.get(lang) or t.get("en") or c)
    return ", ".join(out)


def _why(rule: Rule, rules: RuleSet, study: Study, f: Finding) -> dict[str, str]:
    out = {}
    for lang in ("en", "th"):
        tpl = (rules.why.get(rule.level) or {}).get(lang)
        if not tpl:
            continue
        names = ", ".join(_name(study.inp, o).get(lang) or _name(study.inp, o).get("en", o) for o in f.targets[:3])
        out[lang] = tpl.format(failing=f.failing, judged=f.groups_judged if rule.level == "ministry" else f.judged,
                               groups=len(f.groups), names=names, features=_features(rule, lang),
                               share=f"{rule.min_share:.0%}", share_failing=f"{f.failing / f.judged:.0%}")
    return out


def _exemplar(rule: Rule, study: Study, by_org: Mapping[str, list[str]],
              peer_order: Sequence[str]) -> dict[str, Any] | None:
    """The peer organisation of the rule's kinds that has the whole feature — from the
    strongest peer first — with the evidence that it does."""
    inp = study.inp
    for same_kind in (True, False):  # an organisation like the targets first, else any
        for p in peer_order:
            cands = sorted(o for o in inp.org_info if org_country(inp, o) == p
                           and (org_kind(inp, o) in rule.kinds) == same_kind)
            for o in cands:
                v, site = org_feature(inp.checks, by_org.get(o, []), rule.checks)
                if v is not None and v >= 1.0:
                    return {"country": p, "org": o, "name": _name(inp, o), "kind": org_kind(inp, o),
                            "site": site, "evidence": pointers(inp, site, rule.checks, ("pass",), limit=3)}
    return None


def _trail(rule: Rule, study: Study, by_org: Mapping[str, list[str]], targets: Sequence[str]) -> list[dict[str, Any]]:
    """The failing results at the targets' sites: the page looked at and what was (not) found."""
    inp = study.inp
    out: list[dict[str, Any]] = []
    for o in targets:
        _, site = org_feature(inp.checks, by_org.get(o, []), rule.checks)
        got = pointers(inp, site, rule.checks, ("fail", "partial"), limit=1)
        for p in got or [{"check": rule.checks[0], "outcome": "fail", "url": site, "selector": "",
                          "snippet": "", "note": ""}]:
            out.append({**p, "org": o})
        if len(out) >= MAX_TARGET_EVIDENCE:
            break
    return out


def peer_order(study: Study) -> list[str]:
    """Peers from the strongest: by mean score over the study's frameworks."""
    def mean(p: str) -> float:
        xs = [c["score"] for f in study.doc.get("frameworks", []) if (c := f["countries"].get(p)) and c["score"] is not None]
        return sum(xs) / len(xs) if xs else 0.0
    return sorted(study.peers, key=lambda p: (-mean(p), p))


def recommend(study: Study, rules: RuleSet, answers: Mapping[str, Sequence[ManualAnswer]] | None = None) -> list[dict[str, Any]]:
    """The ranked recommendations for the study's focus country."""
    answers = answers or {}
    inp = study.inp
    by_org = sites_of(inp)
    order = peer_order(study)
    n_frameworks = max(1, len(study.runs))
    recs = []
    for rule in rules.rules:
        f = evaluate(rule, study, by_org)
        if f is None:
            continue
        gains: list[Gain] = rescore(study.runs, inp, answers, study.focus, f.targets, rule.checks, rule.id)
        mean_gain = sum(g.gain for g in gains) / n_frameworks
        head = max(gains, key=lambda g: (g.gain, g.framework), default=None)
        indicators = [{"framework": fid, "indicator": i,
                       "title": dict(next(x.name for x in fr.framework.indicators if x.id == i))}
                      for fid, fr in study.runs.items() for i in moved_indicators(fr.framework, rule.checks)]
        recs.append({
            "id": rule.id, "rank": 0, "level": rule.level, "title": rule.title, "text": rule.text,
            "aims": list(rule.aims), "checks": list(rule.checks), "indicators": indicators,
            "effort": rule.effort, "effort_reason": rule.effort_reason,
            "gain": head.to_dict(study.focus) if head else None,
            "gains": [g.to_dict(study.focus) for g in gains],
            "mean_gain": round(mean_gain, 4), "priority": round(mean_gain / rule.cost, 4),
            "targets": [{"org": o, "name": _name(inp, o), "kind": org_kind(inp, o),
                         "site": org_feature(inp.checks, by_org.get(o, []), rule.checks)[1]} for o in f.targets],
            "groups": [{"org": g, "name": _name(inp, g)} for g in f.groups],
            "counts": {"judged": f.judged, "failing": f.failing, "groups": len(f.groups),
                       "groups_judged": f.groups_judged},
            "why": _why(rule, rules, study, f),
            "exemplar": _exemplar(rule, study, by_org, order),
            "evidence": _trail(rule, study, by_org, f.targets),
        })
    recs.sort(key=lambda r: (-r["priority"], -r["mean_gain"], r["id"]))
    for n, r in enumerate(recs, 1):
        r["rank"] = n
    return recs


def complete(study: Study, rules: RuleSet, answers: Mapping[str, Sequence[ManualAnswer]] | None = None) -> dict[str, Any]:
    """The answer document with its recommendations (and the words the report needs for them)."""
    doc = study.doc
    doc["recommendations"] = recommend(study, rules, answers)
    doc["rules"] = {"source": rules.path, "aims": rules.aims, "levels": rules.levels,
                    "ranking": {"en": "priority = mean gain over the frameworks scored ÷ effort cost (S 1, M 2, L 3); "
                                      "the gain is the focus country's score re-computed with the failing checks passed "
                                      "at the target organisations",
                                "th": "ลำดับความสำคัญ = คะแนนที่เพิ่มขึ้นเฉลี่ยของทุกกรอบการประเมิน ÷ ต้นทุนความพยายาม "
                                      "(S 1, M 2, L 3) คะแนนที่เพิ่มขึ้นคำนวณใหม่โดยให้ผลการตรวจที่ไม่ผ่านของหน่วยงานเป้าหมายผ่าน"}}
    return doc

"""Inter-assessor agreement: percent agreement and Cohen's kappa, per criterion.

The UN's process has two researchers assess each country blind and a reviewer resolve the
differences; this report shows where two assessors' answers for the same items differ.

Items are paired by (site or organisation, indicator). Answers are compared as categories
(their value, rounded to 4 decimals; binary items are 0/1). Unknown answers are left out.

Cohen's kappa: κ = (p_o − p_e) / (1 − p_e), with p_o the observed agreement and
p_e = Σ_k p_A(k)·p_B(k) the agreement expected from each assessor's own marginal shares. When
p_e = 1 (both assessors gave one and the same category throughout) κ is undefined and reported
as None.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from govlens.frameworks.manual import ManualAnswer, resolve_answers
from govlens.frameworks.schema import Framework


def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    if len(a) != len(b):
        raise ValueError("the two rating lists differ in length")
    if not a:
        return None
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa for two raters over the same items (None when undefined)."""
    po = percent_agreement(a, b)
    if po is None:
        return None
    n = len(a)
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


@dataclass(frozen=True, slots=True)
class AgreementRow:
    n: int
    agree: int
    percent: float | None
    kappa: float | None


@dataclass
class AgreementReport:
    framework: str
    assessors: tuple[str, str]
    by_criterion: dict[str, AgreementRow] = field(default_factory=dict)
    overall: AgreementRow = AgreementRow(0, 0, None, None)
    disagreements: list[dict[str, object]] = field(default_factory=list)
    unpaired: int = 0

    def to_dict(self) -> dict[str, object]:
        def row(r: AgreementRow) -> dict[str, object]:
            return {"n": r.n, "agree": r.agree, "percent": r.percent, "kappa": r.kappa}

        return {"framework": self.framework, "assessors": list(self.assessors),
                "overall": row(self.overall),
                "by_criterion": {k: row(v) for k, v in self.by_criterion.items()},
                "disagreements": self.disagreements, "unpaired": self.unpaired}


def _row(pairs: list[tuple[float, float]]) -> AgreementRow:
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    return AgreementRow(len(pairs), sum(x == y for x, y in pairs), percent_agreement(a, b),
                        cohen_kappa(a, b))


def agreement_report(framework: Framework, answers: Iterable[ManualAnswer],
                     assessors: tuple[str, str] | None = None) -> AgreementReport:
    """Compare two assessors (the two named, or the only two present in ``answers``)."""
    by: dict[str, dict[tuple[str, str, str], float]] = defaultdict(dict)
    for ans in sorted(resolve_answers(answers, framework, strict=False)[0],
                      key=lambda a: a.date or ""):
        if ans.value is None:
            continue
        kind, target = ans.target
        # the latest answer of an assessor for an item counts (dates sort as ISO strings)
        by[ans.assessor][(kind, target, ans.indicator)] = round(ans.value, 4)
    if assessors is None:
        names = sorted(by)
        if len(names) != 2:
            raise ValueError(f"need exactly two assessors, found {len(names)}: {names}")
        assessors = (names[0], names[1])
    a, b = by.get(assessors[0], {}), by.get(assessors[1], {})
    common = sorted(set(a) & set(b))
    report = AgreementReport(framework.id, assessors)
    report.unpaired = len(set(a) ^ set(b))
    per: dict[str, list[tuple[float, float]]] = defaultdict(list)
    everything: list[tuple[float, float]] = []
    ind_by_id = {i.id: i for i in framework.indicators}
    for key in common:
        ind = ind_by_id.get(key[2])
        if ind is None:
            continue
        pair = (a[key], b[key])
        per[ind.criterion].append(pair)
        everything.append(pair)
        if pair[0] != pair[1]:
            report.disagreements.append({key[0]: key[1], "indicator": key[2],
                                         "criterion": ind.criterion, assessors[0]: pair[0],
                                         assessors[1]: pair[1]})
    for c in framework.criteria:
        if per.get(c.id):
            report.by_criterion[c.id] = _row(per[c.id])
    report.overall = _row(everything)
    return report

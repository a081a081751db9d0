"""Exemplars: for every indicator the focus country's organisations fail, the peer sites that
pass it, with the evidence that they do — what to learn from, and where to look."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govlens.benchmark.compare import CountryValues
from govlens.benchmark.evidence import pointers, site_for, sites_of, value_of
from govlens.scoring.runs import FrameworkRun, RunInput

FAILING = 0.5  # an organisation's value below this fails the indicator (partial credit counts)
PASSING = 1.0  # a peer passes only with the full feature


def exemplars(fr: FrameworkRun, inp: RunInput, cv: CountryValues, focus: str,
              peers: Sequence[str], country_share: Mapping[str, float | None],
              per_indicator: int = 3) -> list[dict[str, Any]]:
    f = fr.framework
    by_org = sites_of(inp)
    focus_orgs = cv.organisations.get(focus, [])
    ranked_peers = sorted((p for p in peers if p != focus and p in cv.organisations),
                          key=lambda p: (-(country_share.get(p) or 0.0), p))
    out = []
    for ind in f.indicators:
        vals = {o: value_of(fr, o, ind.id) for o in focus_orgs}
        judged = [o for o, v in vals.items() if v is not None and v.value is not None]
        failing = [o for o in judged if (vals[o].value or 0.0) < FAILING]  # type: ignore[union-attr]
        if not failing:
            continue
        picks: list[dict[str, Any]] = []
        for rounds in range(per_indicator):  # one per country first, then seconds
            for p in ranked_peers:
                if len(picks) >= per_indicator:
                    break
                passers = sorted(o for o in cv.organisations[p]
                                 if (v := value_of(fr, o, ind.id)) is not None
                                 and v.value is not None and v.value >= PASSING)
                taken = [x["org"] for x in picks if x["country"] == p]
                if len(taken) != rounds:
                    continue
                rest = [o for o in passers if o not in taken]
                if not rest:
                    continue
                o = rest[0]
                site = site_for(fr, inp, o, ind.id, by_org)
                v = value_of(fr, o, ind.id)
                picks.append({"country": p, "org": o,
                              "name": dict((inp.org_info.get(o) or {}).get("name") or {"en": o}),
                              "site": site, "provenance": v.provenance if v else "",
                              "evidence": pointers(inp, site, ind.check_ids)})
        if not picks:
            continue
        out.append({"framework": f.id, "indicator": ind.id, "title": dict(ind.name),
                    "criterion": ind.criterion, "focus_failing": len(failing),
                    "focus_judged": len(judged), "failing": sorted(failing), "peers": picks})
    out.sort(key=lambda e: (-e["focus_failing"] / e["focus_judged"], -e["focus_judged"], e["indicator"]))
    return out

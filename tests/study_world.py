"""A small world of check results for the benchmark and recommendation tests: organisations
of three countries, one site each, with the outcomes a test gives (everything else fails)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govlens.scoring.runs import RunInput

# (org id, country, kind, parent)
ORGS: Sequence[tuple[str, str, str, str | None]] = (
    ("th-portal", "THA", "national-portal", None),
    ("th-moph", "THA", "ministry", None),
    ("th-moph-dept", "THA", "department", "th-moph"),
    ("th-moe", "THA", "ministry", None),
    ("th-moe-dept", "THA", "department", "th-moe"),
    ("th-mof", "THA", "ministry", None),
    ("th-prov", "THA", "province", None),
    ("dk-portal", "DNK", "national-portal", None),
    ("dk-health", "DNK", "ministry", None),
    ("dk-edu", "DNK", "ministry", None),
    ("sg-portal", "SGP", "national-portal", None),
    ("sg-health", "SGP", "ministry", None),
)


def site(org: str) -> str:
    return f"https://{org}.example.test/"


def make_input(passes: Mapping[str, Sequence[str]], checks: Sequence[str],
               unreachable: Sequence[str] = (), orgs: Sequence[tuple[str, str, str, str | None]] = ORGS) -> RunInput:
    """Every org's site has every check in ``checks``: pass where ``passes[org]`` lists it
    (with an evidence pointer at a page of the site), fail otherwise; ``unreachable`` sites
    have no results at all."""
    inp = RunInput("test", 1, {"id": 1, "name": "test"}, {}, {})
    for org, country, kind, parent in orgs:
        url = site(org)
        inp.organisations[url] = org
        inp.org_info[org] = {"id": org, "name": {"en": f"{org} (en)", "th": f"{org} (ไทย)"}, "kind": kind,
                             "sector": "health", "country": country, "parent": parent}
        if org in unreachable:
            inp.checks[url], inp.site_status[url] = {}, "unreachable"
            continue
        inp.site_status[url] = "ok"
        res: dict[str, dict[str, Any]] = {}
        for c in checks:
            ok = c in passes.get(org, ())
            res[c] = {"outcome": "pass" if ok else "fail", "score": 1.0 if ok else 0.0,
                      "evidence": [{"url": f"{url}{c.replace('.', '-')}", "selector": "a#x" if ok else "",
                                    "snippet": c if ok else "", "note": "" if ok else f"no {c} found"}]}
        inp.checks[url] = res
    return inp

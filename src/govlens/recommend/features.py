"""Whether an organisation has a feature (a rule's checks), from its sites' check results.

An organisation has what its best site has: a ministry whose English site carries the
open-data link has the link. Outcomes that judge nothing (not applicable, cannot judge,
unreachable, error, info) are unknown, never a failure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

LACKING = 0.5  # a feature value below this: the organisation lacks it (partial credit counts)


def check_value(result: Mapping[str, Any] | None) -> float | None:
    if not result:
        return None
    outcome = result.get("outcome")
    if outcome == "fail":
        return 0.0
    if outcome in ("pass", "partial"):
        s = result.get("score")
        return float(s) if isinstance(s, int | float) else (1.0 if outcome == "pass" else 0.5)
    return None


def matches(pattern: str, check_id: str) -> bool:
    """``a11y.act-*`` matches every ``a11y.act-…``; a plain id matches itself."""
    return check_id.startswith(pattern[:-1]) if pattern.endswith("*") else check_id == pattern


def overlaps(a: str, b: str) -> bool:
    """Two check ids or patterns name at least one check in common."""
    if a.endswith("*") and b.endswith("*"):
        return a[:-1].startswith(b[:-1]) or b[:-1].startswith(a[:-1])
    if a.endswith("*"):
        return matches(a, b)
    return matches(b, a)


def expand(patterns: Iterable[str], check_ids: Iterable[str]) -> list[str]:
    ids = sorted(set(check_ids))
    out: list[str] = []
    for p in patterns:
        for c in ids if p.endswith("*") else [p]:
            if matches(p, c) and c not in out:
                out.append(c)
    return out


def site_feature(results: Mapping[str, Mapping[str, Any]], patterns: Sequence[str]) -> float | None:
    """The mean of the known values of the checks (patterns expanded) at one site."""
    vals = [v for c in expand(patterns, results) if (v := check_value(results.get(c))) is not None]
    return sum(vals) / len(vals) if vals else None


def org_feature(checks: Mapping[str, Mapping[str, Mapping[str, Any]]], sites: Sequence[str],
                patterns: Sequence[str]) -> tuple[float | None, str]:
    """(the organisation's feature value, the site it comes from): its best site's value."""
    best: tuple[float | None, str] = (None, sites[0] if sites else "")
    for s in sites:
        v = site_feature(checks.get(s) or {}, patterns)
        if v is not None and (best[0] is None or v > best[0]):
            best = (v, s)
    return best

"""From an organisation's indicator value back to the archived evidence: the site the value
came from, the checks that judged it, and their evidence pointers (URL, selector, snippet)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govlens.frameworks.values import IndicatorValue
from govlens.scoring.runs import FrameworkRun, RunInput


def sites_of(inp: RunInput) -> dict[str, list[str]]:
    """Organisation → its site URLs in the run, in catalog order."""
    out: dict[str, list[str]] = {}
    for url, org in inp.organisations.items():
        out.setdefault(org, []).append(url)
    return out


def value_of(fr: FrameworkRun, org: str, indicator: str) -> IndicatorValue | None:
    return (fr.org_values.get(org) or {}).get(indicator)


def site_for(fr: FrameworkRun, inp: RunInput, org: str, indicator: str,
             by_org: dict[str, list[str]] | None = None) -> str:
    """The site an organisation's value was taken from (its best site), else its first."""
    v = value_of(fr, org, indicator)
    if v is not None and v.site:
        return v.site
    urls = (by_org or sites_of(inp)).get(org) or []
    return urls[0] if urls else ""


def pointers(inp: RunInput, site: str, checks: Iterable[str],
             outcomes: tuple[str, ...] = ("pass",), limit: int = 3) -> list[dict[str, Any]]:
    """The evidence pointers of ``site``'s results for ``checks`` with one of ``outcomes``
    (each tagged with its check), at most ``limit``; a site with none gives its home page."""
    out: list[dict[str, Any]] = []
    results = inp.checks.get(site) or {}
    wanted = [c for pat in checks
              for c in ([k for k in sorted(results) if k.startswith(pat[:-1])] if pat.endswith("*") else [pat])]
    for cid in wanted:
        r = results.get(cid)
        if not r or r.get("outcome") not in outcomes:
            continue
        for p in r.get("evidence") or []:
            if isinstance(p, dict) and p.get("url"):
                out.append({"check": cid, "outcome": r["outcome"],
                            **{k: str(p.get(k) or "") for k in ("url", "selector", "snippet", "note")}})
                if len(out) >= limit:
                    return out
    return out


def pointer_lists(doc: Any) -> Iterable[list[dict[str, Any]]]:
    """Every ``evidence`` list in an answer document (to attach replay links to)."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == "evidence" and isinstance(v, list):
                yield v
            else:
                yield from pointer_lists(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from pointer_lists(v)

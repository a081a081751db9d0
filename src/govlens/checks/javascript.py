"""What JavaScript changes: findings that exist only in the rendered page, and findings that
may be missing because the page was not rendered.

With a rendering, the content families are judged on the DOM the browser built; they are also
judged on the HTML as served, and a finding that only the rendered page gives says so
(``details.javascript`` and ``details.without_javascript``) — a menu that exists only after
JavaScript is "not visible without JavaScript". Without a rendering, a failure on a home page
that looks built by script (:func:`govlens.evidence.build.built_by_script`) says that the
feature may be there after JavaScript and how to look (``--render``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from govlens.checks.registry import CheckResult, all_checks, run_checks
from govlens.evidence.build import built_by_script
from govlens.evidence.model import SiteEvidence

FAMILIES = ("content", "services", "participation", "opendata")
ONLY_RENDERED = "found only after JavaScript ran: not visible without JavaScript"


def mark_javascript(ev: SiteEvidence, results: dict[str, CheckResult],
                    options: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, CheckResult]:
    """``results`` with the JavaScript notes added (a new dict; outcomes unchanged)."""
    out = dict(results)
    if ev.static_pages:
        served = dataclasses.replace(ev, pages=ev.static_pages, static_pages=(), renders=())
        todo = [c for c in all_checks() if c.category in FAMILIES and c.id in results]
        for cid, s in run_checks(served, todo, options).items():
            r = out[cid]
            if r.outcome in ("pass", "partial") and (
                    s.outcome in ("fail", "not_applicable") or (s.score or 0.0) < (r.score or 0.0)):
                out[cid] = dataclasses.replace(r, details={
                    **r.details, "javascript": ONLY_RENDERED,
                    "without_javascript": {"outcome": s.outcome, "score": s.score}})
        return out
    home = ev.home
    why = built_by_script(home) if home is not None and not ev.renders else ""
    if why:
        for cid, r in results.items():
            if r.outcome == "fail" and cid.split(".")[0] in FAMILIES:
                out[cid] = dataclasses.replace(r, details={
                    **r.details, "javascript": f"perhaps not visible without JavaScript: {why}; "
                                               "assess with --render home to see the page as a browser builds it"})
    return out

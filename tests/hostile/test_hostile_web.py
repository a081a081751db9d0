"""Every hostile case ends with its taxonomy status, within its time budget.

``GOVLENS_WRITE_RELIABILITY=1 python -m pytest tests/hostile/test_hostile_web.py`` also
writes the case → status → time → memory table into ``docs/reliability.md`` (between the
``hostile-table`` markers).
"""

from __future__ import annotations

import asyncio
import os
import platform
import re
from pathlib import Path

import pytest
from cases import CASES, Case
from hostileweb import HostileWeb, Outcome, StandIn, crawl

from govlens.collect.failures import RETRYABLE, STATUSES, is_retryable

DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
ROWS: dict[str, tuple[Case, Outcome]] = {}


async def run_case(case: Case) -> tuple[Outcome, HostileWeb, dict[str, StandIn]]:
    standins = {a: await StandIn(a).start() for a in case.standins}
    web = HostileWeb()
    try:
        case.build(web, standins)
        await web.start()
        out = await asyncio.wait_for(crawl(case.url, web.settings(**case.settings)), case.budget_s + 10)
    finally:
        await web.stop()
        for st in standins.values():
            await st.stop()
    return out, web, standins


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case) -> None:
    out, web, standins = asyncio.run(run_case(case))
    ROWS[case.name] = (case, out)
    assert out.capture.status == case.status, (out.capture.status, out.capture.reason)
    assert out.evidence.status == case.status
    assert out.capture.status in STATUSES
    if case.status != "ok":
        assert out.capture.reason, "a failed site says why"
    if case.page:
        assert out.page_status(case.page) == case.page_status, out.evidence.failed
    assert out.elapsed_s <= case.budget_s, f"{case.name} took {out.elapsed_s:.1f}s > {case.budget_s}s"
    for st in standins.values():
        assert st.connections == 0, f"a connection reached the stand-in {st.addr}"
    if case.check is not None:
        case.check(out, web, standins)


def test_every_taxonomy_status_is_marked_permanent_or_retryable() -> None:
    issue = {"dns", "connect", "tls-expired", "tls-untrusted", "tls-hostname", "timeout-connect",
             "timeout-read", "timeout-total", "too-many-redirects", "too-large", "not-html",
             "decode-error", "http-4xx", "http-5xx", "robots-disallowed", "blocked-address",
             "crawler-trap"}
    assert issue <= set(RETRYABLE)
    assert {s for s in issue if is_retryable(s)} == {
        "dns", "connect", "timeout-connect", "timeout-read", "timeout-total", "http-5xx"}


def test_the_hostile_web_covers_the_taxonomy() -> None:
    """Each status of the taxonomy is produced by at least one hostile case (site or page)."""
    produced = {c.status for c in CASES} | {c.page_status for c in CASES if c.page_status}
    produced.add("crawler-trap")  # page-level, asserted by the trap cases' checks
    missing = set(RETRYABLE) - produced - {"internal-error", "tls-error", "http-429"} - {"http-5xx"}
    assert not missing, missing
    assert "http-5xx" in produced and "http-429" in produced


@pytest.fixture(scope="module", autouse=True)
def _write_table():  # noqa: ANN202
    yield
    if os.environ.get("GOVLENS_WRITE_RELIABILITY") != "1" or len(ROWS) < len(CASES):
        return
    lines = ["| case | what the server does | status (site) | page status | retryable | time s | "
             "budget s | peak RSS MB | Δ RSS MB | notes |",
             "|---|---|---|---|---|---:|---:|---:|---:|---|"]
    for case in CASES:
        c, o = ROWS[case.name]
        page = f"`{c.page_status}`" if c.page_status else ("`crawler-trap` (trap page)"
                                                            if any(h.location == "crawler-trap" for h in o.evidence.failed) else "")
        status = c.page_status if c.page_status and c.status == "ok" else c.status
        lines.append(f"| {c.name} | {c.what} | `{c.status}` | {page} | "
                     f"{'yes' if is_retryable(status) else 'no'} | {o.elapsed_s:.2f} | {c.budget_s:g} | "
                     f"{o.peak_rss_mb:.0f} | {o.delta_rss_mb:+.1f} | {c.note} |")
    lines.append("")
    lines.append(f"Measured on {platform.system()} {platform.machine()}, Python "
                 f"{platform.python_version()}, one process running all cases in turn (so the "
                 "RSS column is that process's; Δ is the growth during the case).")
    table = "\n".join(lines)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "<!-- hostile-table:start -->\n<!-- hostile-table:end -->\n"
    new = re.sub(r"<!-- hostile-table:start -->.*?<!-- hostile-table:end -->",
                 lambda _: f"<!-- hostile-table:start -->\n{table}\n<!-- hostile-table:end -->",
                 text, flags=re.S)
    DOC.write_text(new, encoding="utf-8")

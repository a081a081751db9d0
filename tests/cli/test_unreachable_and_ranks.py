"""One rule for unreachable sites, applied by every check and said the same in the docs; and
sites with too little judged are not ranked, with the reason in the scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlens.checks.registry import UNREACHABLE_RULE, all_checks, run_checks
from govlens.evidence.model import SiteEvidence, TLSInfo

CERT = TLSInfo(ok=True, subject="CN=a.go.th", issuer="CN=Test CA", not_before="2025-01-01T00:00:00+00:00",
               not_after="2027-01-01T00:00:00+00:00", version="TLSv1.3")


def unreachable(status: str, **probe) -> SiteEvidence:
    return SiteEvidence(site_url="https://a.go.th/", final_url="https://a.go.th/", status=status,
                        reason=f"{status} happened", redirects=(), pages=(), captured="2026-01-01T00:00:00+00:00",
                        **probe)


@pytest.mark.parametrize("site", [
    unreachable("dns"),
    # the server answered over https with a good certificate, but with a 5xx / not a web page:
    # that is no evidence about HTTPS, HSTS or anything else (these used to pass or fail)
    unreachable("http-5xx", https=True, http_to_https=True, tls=CERT,
                https_headers=(("content-type", "text/html"),)),
    unreachable("not-html", https=True, http_to_https=True, https_headers=(("content-type", "image/png"),)),
    unreachable("too-large", https=True, tls=CERT),
], ids=["dns", "http-5xx", "not-html", "too-large"])
def test_an_unreachable_site_is_judged_only_on_reachability(site):
    # the checks that need no answer from the site: its reachability, and its catalog URL's domain
    without = {c.id for c in all_checks() if not c.requires_home}
    assert without == {"site.reachable", "site.government-domain"}
    results = run_checks(site)
    assert results["site.reachable"].outcome == "fail"
    assert results["site.government-domain"].outcome == "pass"  # a.go.th: the catalog says so
    judged = {cid: r.outcome for cid, r in results.items() if r.outcome != "error" and cid not in without}
    assert judged == {}
    for cid, r in results.items():
        if cid not in without:
            assert r.details["reason"] == f"site-unreachable: {site.status}" and r.score is None, cid


def test_a_certificate_failure_is_judged_by_the_certificate_checks():
    site = unreachable("tls-expired", https=None,
                       tls=TLSInfo(ok=False, error="tls-expired", detail="certificate has expired"))
    results = run_checks(site)
    judged = {cid: r.outcome for cid, r in results.items() if r.outcome != "error"}
    assert judged == {"site.reachable": "fail", "site.government-domain": "pass", "security.https": "fail",
                      "security.tls-certificate": "fail"}
    assert {c.id for c in all_checks() if c.judges_unreachable} == {"security.https", "security.tls-certificate"}


def test_the_docs_state_the_rule_the_registry_applies():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text(encoding="utf-8")
    assert f"**Unreachable sites.** {UNREACHABLE_RULE}" in docs
    assert "`security.https` and `security.tls-certificate` fail too" in UNREACHABLE_RULE
    for c in all_checks():  # every exception to "error" is named in the rule
        if not c.requires_home or c.judges_unreachable:
            assert f"`{c.id}`" in UNREACHABLE_RULE, c.id


def test_sites_with_too_little_known_are_not_ranked_and_say_why():
    from govlens.frameworks import load_framework
    from govlens.scoring.frameworks import score_set

    f = load_framework("un-losi-2024")
    ids = [i.id for i in f.indicators]
    half = set(ids[: len(ids) // 2])
    values = {
        "https://a.go.th/": {i: (1.0 if i in half else None) for i in ids},  # 50% known, all 1
        "https://b.go.th/": {i: (0.5 if i in half else None) for i in ids},  # 50% known
        "https://down.go.th/": {i: (0.0 if i == ids[0] else None) for i in ids},  # 1 of 95: unreachable
        "https://none.go.th/": {i: None for i in ids},
    }
    got = score_set(f, values)
    assert [got[u].rank_assessed for u in values] == [1, 2, None, None]
    assert "indicative" in got["https://a.go.th/"].rank_note
    assert got["https://down.go.th/"].rank_note.startswith("not ranked: 1% of the weight known, below the")
    assert got["https://none.go.th/"].rank_note == "not ranked: no indicator has a value"
    assert got["https://down.go.th/"].to_dict()["rank_note"]

"""The registry's promises: ids unique and bilingual, and an unreachable site is never judged
as a silent fail by checks that need its pages."""

from govlens.checks.registry import OUTCOMES, all_checks, run_checks
from govlens.evidence.model import SiteEvidence

UNREACHABLE = SiteEvidence(site_url="https://gone.test/", final_url="https://gone.test/", status="dns",
                           reason="name not found", redirects=(), pages=())


def test_every_check_is_bilingual_and_in_a_family():
    checks = all_checks()
    assert len({c.id for c in checks}) == len(checks) >= 60
    for c in checks:
        assert c.title["en"] and c.title["th"] and c.description["en"] and c.description["th"], c.id
        assert c.category == c.id.split(".")[0]


def test_unreachable_site_gives_error_not_fail_for_home_checks():
    results = run_checks(UNREACHABLE)
    home_checks = [c for c in all_checks() if c.requires_home]
    assert len(home_checks) >= 40
    for c in home_checks:
        r = results[c.id]
        assert r.outcome == "error" and r.score is None, c.id
        assert r.details["reason"] == "site-unreachable: dns"
    assert results["site.reachable"].outcome == "fail"
    assert all(r.outcome in OUTCOMES and r.outcome != "pass" for r in results.values())

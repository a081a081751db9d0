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


# ------------------------------------------------------------------ the check shape

import pytest  # noqa: E402

from govlens.checks import registry  # noqa: E402
from govlens.checks.options import DEFAULTS, OptionError, parse_overrides, resolve  # noqa: E402
from govlens.checks.registry import Pointer, Verdict, check, get_check, passed  # noqa: E402
from govlens.checks.view import EvidenceNotDeclared, SiteView  # noqa: E402
from govlens.evidence.parse import parse_html  # noqa: E402

META = {"title": {"en": "t", "th": "ท"}, "failure_title": {"en": "f", "th": "ฟ"},
        "description": {"en": "d", "th": "ด"}, "why": {"en": "w", "th": "ว"}}


def _site(html: str = "<html lang='th'><title>x</title><a href='/a'>ติดต่อเรา</a></html>",
          **kw) -> SiteEvidence:
    page = parse_html(html, "https://a.go.th/", discovered_as="home")
    return SiteEvidence(site_url="https://a.go.th/", final_url="https://a.go.th/", status="ok", reason="",
                        redirects=(), pages=(page,), **kw)


@pytest.fixture
def scratch():
    """Register throwaway checks; remove them afterwards so the real registry is untouched."""
    before = set(registry._REGISTRY)
    yield
    for k in set(registry._REGISTRY) - before:
        del registry._REGISTRY[k]


def test_registry_stamps_the_id_and_keeps_the_verdict(scratch):
    @check("zz.stamp", **META)
    def fn(ev):
        return passed(Pointer(ev.final_url, snippet="s"), score=0.5, confidence=0.7, k=1)

    r = registry._REGISTRY["zz.stamp"].run(_site())
    assert (r.check_id, r.outcome, r.score, r.confidence, r.details) == ("zz.stamp", "pass", 0.5, 0.7, {"k": 1})


def test_exception_becomes_error_and_wrong_return_is_a_bug(scratch):
    @check("zz.boom", **META)
    def boom(ev):
        raise RuntimeError("bad page")

    @check("zz.tuple", **META)
    def wrong(ev):
        return ("pass", 1.0)

    r = registry._REGISTRY["zz.boom"].run(_site())
    assert r.outcome == "error" and r.details["error"] == "RuntimeError: bad page"
    with pytest.raises(TypeError, match="not a Verdict"):
        registry._REGISTRY["zz.tuple"].run(_site())


def test_a_check_sees_only_the_evidence_it_declares(scratch):
    @check("zz.page", **META, needs=("page",))
    def page_only(ev):
        return passed(n=len(ev.pages), robots=ev.robots)

    r = registry._REGISTRY["zz.page"].run(_site())
    assert r.outcome == "error" and "robots" in r.details["error"]
    view = SiteView(_site(), ("page",))
    with pytest.raises(EvidenceNotDeclared):
        _ = view.tls
    two = _site()
    two = SiteEvidence(**{**{f: getattr(two, f) for f in two.__dataclass_fields__}, "pages": two.pages * 2})
    assert len(SiteView(two, ("page",)).pages) == 1 and len(SiteView(two, ("pages",)).pages) == 2


def test_inventory_checks_may_only_report(scratch):
    @check("zz.inv", **META, kind="inventory")
    def judges(ev):
        return passed()

    with pytest.raises(ValueError, match="inventory"):
        registry._REGISTRY["zz.inv"].run(_site())
    assert get_check("tech.cms").kind == "inventory" and get_check("tech.third-parties").kind == "inventory"


def test_metadata_is_required_in_both_languages(scratch):
    with pytest.raises(ValueError, match="Thai"):
        check("zz.bad", **{**META, "why": {"en": "only English"}})(lambda ev: passed())
    with pytest.raises(ValueError, match="unknown needs"):
        check("zz.bad2", **META, needs=("dom",))(lambda ev: passed())
    with pytest.raises(ValueError, match="duplicate"):
        check("content.contact", **META)(lambda ev: passed())


def test_derived_evidence_is_shared_within_one_site_only():
    site = _site()
    view = SiteView(site, ("pages",))
    home = site.pages[0]
    assert view.tree(home) is view.narrow(("page",)).tree(home)  # one parse for every check of the site
    assert SiteView(site, ("pages",)).tree(home) is not view.tree(home)  # another evaluation parses anew


def test_options_defaults_overrides_and_errors():
    assert resolve("content.freshness") == {"max_days": 90, "partial_days": 365}
    assert parse_overrides(["content.freshness.max_days=120"]) == {"content.freshness": {"max_days": 120}}
    with pytest.raises(OptionError, match="no option"):
        resolve("content.freshness", {"max_age": 3})
    with pytest.raises(OptionError, match="must be int"):
        parse_overrides(["content.freshness.max_days=soon"])
    with pytest.raises(OptionError, match="CHECK.OPTION=VALUE"):
        parse_overrides(["freshness=3"])
    for cid, opts in DEFAULTS.items():  # every option belongs to a check that takes options
        assert set(get_check(cid).options) == set(opts)


def test_an_option_changes_the_outcome():
    html = "<html><title>x</title><body>ประกาศ 1 มกราคม 2569</body></html>"
    site = _site(html, captured="2026-03-01T00:00:00+00:00")  # 59 days after 1 Jan 2026 (2569 BE)
    fresh = get_check("content.freshness")
    assert fresh.run(site).outcome == "pass"
    assert fresh.run(site, {"max_days": 30}).outcome == "partial"
    assert run_checks(site, [fresh], {"content.freshness": {"max_days": 30, "partial_days": 40}})[
        "content.freshness"].outcome == "fail"


def test_verdict_is_what_checks_return():
    info = get_check("tech.title")
    assert isinstance(info.fn(SiteView(_site(), info.needs)), Verdict)

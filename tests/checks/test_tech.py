"""tech.cms, tech.third-parties, tech.page-weight, tech.compression, tech.caching."""

from govlens.checks.registry import get_check
from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import parse_html

URL = "https://www.agency.go.th/"


def run(cid: str, body: str = "", head: str = "", headers: tuple = (), size: int | None = None):
    page = parse_html(f"<html><head>{head}</head><body>{body}</body></html>", URL, headers=headers, size=size)
    site = SiteEvidence(site_url=URL, final_url=URL, status="ok", reason="", redirects=(), pages=(page,))
    return get_check(cid).run(site)


def test_cms_from_generator_then_paths():
    r = run("tech.cms", head='<meta name="generator" content="WordPress 6.4.2">')
    assert r.outcome == "info" and r.score is None and r.details["cms"] == "WordPress" and r.details["version"] == "6.4.2"
    assert r.score is None  # an inventory, never scored
    assert run("tech.cms", head='<link rel="stylesheet" href="/sites/default/files/css/a.css">').details["cms"] == "Drupal"
    assert run("tech.cms", body='<a href="/index.php?option=com_content&view=article">x</a>').details["cms"] == "Joomla"
    assert run("tech.cms", body="<p>hello</p>").outcome == "not_applicable"


def test_design_system_alone_is_not_a_cms():
    r = run("tech.cms", body='<div class="govuk-template">x</div>')
    assert r.outcome == "not_applicable" and r.details["design_systems"] == ["GOV.UK Frontend"]


def test_third_parties_inventory():
    head = ('<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>'
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Sarabun">'
            '<script src="/local.js"></script><script src="https://cdn.agency.go.th/x.js"></script>'
            '<script src="https://unknown-widget.example.com/w.js"></script>')
    r = run("tech.third-parties", head=head)
    assert r.outcome == "info" and r.score is None
    assert r.details["categories"] == {"analytics": 1, "fonts": 1}
    assert "unknown-widget.example.com" in r.details["hosts"]
    assert "cdn.agency.go.th" not in r.details["hosts"]  # the site's own domain is not a third party
    assert run("tech.third-parties", head='<script src="/a.js"></script>').outcome == "not_applicable"


def test_page_weight_thresholds():
    r = run("tech.page-weight", body="<img src='/a.png'>" * 3, head="<script src='/a.js'></script>")
    assert r.outcome == "pass" and r.details["resources"] == 4
    assert run("tech.page-weight", body="<img src='/a.png'>" * 150).outcome == "partial"
    assert run("tech.page-weight", body="<img src='/a.png'>" * 201).outcome == "fail"
    assert run("tech.page-weight", body="<p>x</p>", size=3_000_000).outcome == "partial"
    assert run("tech.page-weight", body="<p>x</p>", size=5_000_000).outcome == "fail"
    hints = '<link rel="preconnect" href="https://fonts.gstatic.com"><img src="data:image/png;base64,AAAA">'
    assert run("tech.page-weight", head=hints).details["resources"] == 0


def test_compression():
    assert run("tech.compression", headers=(("content-encoding", "br"),)).outcome == "pass"
    assert run("tech.compression", headers=(("content-encoding", "gzip"),)).details["encoding"] == ["gzip"]
    assert run("tech.compression", headers=(("content-type", "text/html"),)).outcome == "fail"
    assert run("tech.compression").outcome == "not_applicable"  # a saved page without headers


def test_caching():
    both = (("cache-control", "max-age=600"), ("etag", '"abc"'))
    r = run("tech.caching", headers=both)
    assert r.outcome == "pass" and r.details["max_age"] == 600
    assert run("tech.caching", headers=(("last-modified", "Mon, 23 Nov 2026 10:00:00 GMT"),)).outcome == "partial"
    assert run("tech.caching", headers=(("content-type", "text/html"),)).outcome == "fail"
    assert run("tech.caching").outcome == "not_applicable"

"""opendata.datasets, opendata.metadata, opendata.licence."""

from govlens.checks.registry import get_check
from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import parse_html

URL = "https://data.agency.go.th/"


def run(cid: str, body: str, head: str = ""):
    page = parse_html(f"<html><head>{head}</head><body>{body}</body></html>".encode(), URL)
    site = SiteEvidence(site_url=URL, final_url=URL, status="ok", reason="", redirects=(), pages=(page,))
    return get_check(cid).run(site)


def test_dataset_files_by_extension_query_and_badge():
    r = run("opendata.datasets", '<a href="/d/pop.csv">Population</a><a href="/d/x.geojson">Map</a>')
    assert r.outcome == "pass" and r.details["formats"] == ["csv", "geojson"]
    assert run("opendata.datasets", '<a href="/api/v1/x?format=json">API</a>').details["formats"] == ["json"]
    assert run("opendata.datasets", '<a href="/file?uri=/datasets/hpi.xlsx">Index</a>').details["formats"] == ["xlsx"]
    assert run("opendata.datasets", '<a href="/dataset/x/resource/1">CSV</a>').outcome == "pass"


def test_feeds_and_sitemaps_are_not_datasets():
    body = ('<a href="/rss.xml">RSS</a><a href="/feeds/press.xml">Press</a><a href="/sitemap.xml">XML sitemap</a>'
            '<a href="/report.pdf">Annual report</a>')
    assert run("opendata.datasets", body).outcome == "fail"


def test_metadata_jsonld_microdata_rdfa_and_linked_document():
    ld = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Dataset","name":"x"}</script>'
    assert run("opendata.metadata", "", head=ld).details["vocabularies"] == ["schema.org"]
    dcat = ('<script type="application/ld+json">{"@context":{"dcat":"http://www.w3.org/ns/dcat#"},'
            '"@graph":[{"@type":"dcat:Catalog"}]}</script>')
    assert run("opendata.metadata", "", head=dcat).details["vocabularies"] == ["dcat"]
    assert run("opendata.metadata", '<div itemscope itemtype="https://schema.org/Dataset"></div>').outcome == "pass"
    assert run("opendata.metadata", '<div typeof="dcat:Dataset"></div>').outcome == "pass"
    assert run("opendata.metadata", '<body vocab="http://schema.org/" typeof="WebPage">').outcome == "fail"
    linked = '<link rel="alternate" type="application/rdf+xml" href="/catalog.rdf">'
    assert run("opendata.metadata", "", head=linked).outcome == "partial"
    broken = '<script type="application/ld+json">{not json</script>'
    assert run("opendata.metadata", "", head=broken).outcome == "fail"


def test_open_licences_and_restricted_ones():
    assert run("opendata.licence", '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY</a>').outcome == "pass"
    assert run("opendata.licence", "<p>Data under the Open Data Commons Open Database License (ODbL).</p>").outcome == "pass"
    assert run("opendata.licence", "<p>เผยแพร่ภายใต้สัญญาอนุญาตครีเอทีฟคอมมอนส์แบบแสดงที่มา 4.0</p>").outcome == "pass"
    ogl = '<a rel="license" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">OGL</a>'
    assert run("opendata.licence", ogl).details["by"] == "rel-license"
    nc = '<a rel="license" href="https://creativecommons.org/licenses/by-nc-nd/4.0/">CC BY-NC-ND 4.0</a>'
    r = run("opendata.licence", nc)
    assert r.outcome == "fail" and r.details["restricted"]
    assert run("opendata.licence", "<p>&copy; 2569 สงวนลิขสิทธิ์</p>").outcome == "fail"

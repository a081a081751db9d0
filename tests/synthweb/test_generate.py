"""The synthetic web generator: determinism, label coverage, and labels that match pages."""

from __future__ import annotations

import csv
import datetime as dt
import time
from pathlib import Path
from urllib.parse import urlsplit

import _synth_oracle as O
import pytest
import yaml

from govlens.synthweb import (
    CHECK_IDS,
    GENERATOR_META,
    HOSTILE_KINDS,
    generate,
    label_counts,
    write_catalog,
    write_labels,
    write_statuses,
)
from govlens.synthweb.generate import check_ids_in
from govlens.synthweb.render import SiteRenderer
from govlens.synthweb.text import fmt_date

TODAY = dt.date(2025, 1, 15)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def core_table() -> str:
    """The core check table of docs/checks.md (the part the synthetic web labels), not the
    generated list of every registered check that follows it."""
    return DOCS.read_text(encoding="utf-8").split("## Every registered check")[0]


@pytest.fixture(scope="module")
def web40():
    return generate(40, seed=0, today=TODAY)


@pytest.fixture(scope="module")
def web120():
    return generate(120, seed=5, today=TODAY)


def _snapshot(web):
    return [(s.host, s.url, s.expected_status, s.behaviour, s.labels, s.org, s.serves, s.cert)
            for s in web.sites]


def test_deterministic_for_a_seed():
    a, b = generate(60, seed=7, today=TODAY), generate(60, seed=7, today=TODAY)
    assert _snapshot(a) == _snapshot(b)
    for sa, sb in zip(a.sites[:12], b.sites[:12], strict=True):
        assert sa.files_for("http") == sb.files_for("http")
        assert sa.files_for("https") == sb.files_for("https")
    c = generate(60, seed=8, today=TODAY)
    assert [s.labels for s in c.sites] != [s.labels for s in a.sites]
    # the date of generation moves the dates on pages, not the plan
    d = generate(60, seed=7, today=TODAY + dt.timedelta(days=30))
    assert [s.labels for s in d.sites] == [s.labels for s in a.sites]
    s0 = next(s for s in a.reachable() if s.plan.newest)
    s1 = d.sites[s0.index]
    assert (s1.plan.newest - s0.plan.newest).days == 30


def test_check_ids_match_docs():
    documented = check_ids_in(core_table())
    assert len(documented) >= 20
    assert set(documented) == set(CHECK_IDS)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_every_check_has_pass_and_fail_at_n40(seed):
    web = generate(40, seed=seed, today=TODAY)
    counts = label_counts(web)
    for check in O_documented():
        c = counts[check]
        assert c.get("pass", 0) >= 1 and c.get("fail", 0) >= 1, (check, c)


def O_documented() -> list[str]:
    return check_ids_in(core_table())


@pytest.mark.parametrize("n,seed", [(40, 0), (40, 11), (100, 3)])
def test_balance_at_least_a_quarter_each_way(n, seed):
    web = generate(n, seed=seed, today=TODAY)
    for check, c in label_counts(web).items():
        if check == "site.reachable":
            continue
        total = sum(c.values())
        assert total >= 15, check
        assert c.get("pass", 0) / total >= 0.25, (check, c)
        assert (c.get("fail", 0) + c.get("partial", 0)) / total >= 0.25, (check, c)


def test_hostile_sites_one_of_each_and_only_reachability_label(web40):
    hostile = [s for s in web40.sites if s.behaviour]
    assert {s.behaviour for s in hostile} == set(HOSTILE_KINDS)
    assert 0.1 <= len(hostile) / len(web40.sites) <= 0.35
    for s in hostile:
        assert s.labels == {"site.reachable": "fail"}
        assert s.expected_status == HOSTILE_KINDS[s.behaviour]
        if s.behaviour.startswith("tls-"):
            assert s.scheme == "https"
    big = generate(400, seed=1, today=TODAY)
    share = sum(1 for s in big.sites if s.behaviour) / 400
    assert 0.1 <= share <= 0.15  # about one in eight
    assert all(s.expected_status == "ok" for s in big.sites if not s.behaviour)
    assert not generate(40, seed=0, today=TODAY, hostile=False).sites[0].behaviour
    assert all(s.behaviour is None for s in generate(40, seed=0, today=TODAY, hostile=False).sites)


def test_hosts_are_fictional_and_under_test_tld(web120):
    hosts = [s.host for s in web120.sites]
    assert len(set(hosts)) == len(hosts)
    for s in web120.sites:
        assert s.host.endswith(".test")
        assert s.url == f"{s.scheme}://{s.host}/"
        assert urlsplit(s.url).port is None
        assert "(fictional)" in s.org.name_en and "(สมมุติ)" in s.org.name_th
    assert any(h.endswith(".fictional-gov.test") for h in hosts)
    assert any(h.endswith(".fictional.go.th.test") for h in hosts)
    assert {s.country for s in web120.sites} == {"THA", "SGP", "DNK", "KOR", "MYS", "VNM"}
    assert {s.language for s in web120.sites} == {"th", "en"}
    assert all(s.language == "en" for s in web120.sites if s.country != "THA")
    portals = [s for s in web120.sites if s.org.kind == "national-portal"]
    assert any(s.country == "THA" for s in portals)
    assert all(s.behaviour is None for s in portals)
    deps = [s.org for s in web120.sites if s.org.kind == "department" and s.org.parent]
    ids = {s.org.id for s in web120.sites}
    assert deps and all(d.parent in ids for d in deps)


def test_generation_is_fast_and_lazy():
    t = time.perf_counter()
    web = generate(2000, seed=1, today=TODAY)
    assert time.perf_counter() - t < 2.0
    assert len(web.sites) == 2000
    oversized = next(s for s in web.sites if s.behaviour == "oversized")
    home = oversized.files_for(oversized.content_scheme)["/"]
    assert home.body == b"" and home.stream_bytes > 6 * 1024 * 1024


def _pages(site):
    """(path, ParsedPage) of every HTML page the site serves where its content lives."""
    r = SiteRenderer(site)
    files = site.files
    out = {}
    for path, res in files.items():
        if res.status == 200 and res.content_type.startswith("text/html"):
            html = _decode(site, res.body, res.content_type)
            out[path] = O.parse(f"{r.base}{path}", html)
    return out, files


def _decode(site, body: bytes, content_type: str | None = None) -> str:
    """As a browser would: header charset, then BOM, then <meta>, else UTF-8."""
    import re

    ctype = content_type if content_type is not None else site.files[
        site.plan.home_path].content_type
    m = re.search(r"charset=([\w-]+)", ctype)
    if m:
        return body.decode(_codec(m.group(1)))
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8")
    m = re.search(rb'charset="?([\w-]+)', body[:1024])
    return body.decode(_codec(m.group(1).decode()) if m else "utf-8")


def _codec(label: str) -> str:
    # Python has no "windows-874" alias (WHATWG maps tis-620 and windows-874 to cp874)
    return {"windows-874": "cp874", "tis-620": "cp874"}.get(label.lower(), label)


def _link_feature(pages, feature) -> list:
    concept = O.CONCEPT_OF[feature]
    return [lk for p in pages.values() for lk in p.links if O.link_concept(lk, concept)]


@pytest.mark.parametrize("n,seed", [(60, 0), (60, 1), (50, 9)])
def test_labels_agree_with_what_a_visitor_sees(n, seed):
    web = generate(n, seed=seed, today=TODAY)
    for site in web.reachable():
        pages, files = _pages(site)
        home = pages[site.plan.home_path]
        lab = site.labels
        where = f"{site.host} ({site.plan.layout}, {site.plan.path_style})"
        # link features
        for feature in ("contact", "sitemap", "privacy", "faq", "news", "about", "eservice"):
            check = {"privacy": "content.privacy-policy", "eservice": "services.eservice-links"
                     }.get(feature, f"content.{feature}")
            found = _link_feature(pages, feature)
            if lab[check] == "fail":
                assert not found, (where, check, found[:2])
            else:
                home_found = _link_feature({"h": home}, feature)
                assert home_found, (where, check)
                targets = {urlsplit(lk.href).path + ("?" + urlsplit(lk.href).query
                                                     if urlsplit(lk.href).query else "")
                           for lk in home_found if urlsplit(lk.href).hostname == site.host}
                statuses = {files[t].status if t in files else 404 for t in targets}
                if lab[check] == "pass":
                    assert 200 in statuses, (where, check, targets)
                else:
                    assert statuses == {404}, (where, check, targets)
        # search
        search_forms = [f for p in pages.values() for f in p.forms if O.is_search_form(f)]
        search_links = _link_feature(pages, "search")
        if lab["content.search"] == "pass":
            assert any(O.is_search_form(f) for f in home.forms) or _link_feature(
                {"h": home}, "search"), where
        else:
            assert not search_forms and not search_links, where
        for p in pages.values():
            for f in p.forms:
                if O.is_login_form(f):
                    assert not O.is_search_form(f) and not O.is_service_form(f)
        # feedback: a link or a feedback form
        fb = _link_feature(pages, "feedback") or [
            f for p in pages.values() for f in p.forms if O.is_feedback_form(f)]
        assert bool(fb) == (lab["participation.feedback"] == "pass"), where
        # online forms
        svc = [f for p in pages.values() for f in p.forms if O.is_service_form(f)]
        assert bool(svc) == (lab["services.online-forms"] == "pass"), where
        # foreign language, social, open data
        own = site.language
        assert any(O.foreign_switch(p, own) for p in pages.values()) == (
            lab["content.foreign-language"] == "pass"), where
        assert O.foreign_switch(home, own) == (lab["content.foreign-language"] == "pass")
        assert any(O.social_link(p) for p in pages.values()) == (
            lab["participation.social-media"] == "pass"), where
        assert O.opendata_link(home) == (lab["opendata.link"] == "pass"), where
        assert any(O.opendata_link(p) for p in pages.values()) == (
            lab["opendata.link"] == "pass"), where
        # freshness: home page and the news page
        texts = [home.visible_text]
        news = [p for path, p in pages.items() if path == SiteRenderer(site).paths["news"]]
        texts += [p.visible_text for p in news]
        assert O.freshness_outcome(texts, TODAY) == lab["content.freshness"], where
        # tech
        vp = home.viewport or ""
        assert ("width=device-width" in vp) == (lab["tech.viewport"] == "pass"), where
        assert (bool(home.title and home.title.strip())) == (lab["tech.title"] == "pass"), where
        import re
        ok_lang = bool(home.lang and re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*",
                                                  home.lang))
        assert ok_lang == (lab["tech.html-lang"] == "pass"), where
        assert O.img_alt_outcome(home) == lab["a11y.img-alt"], where
        assert O.form_labels_outcome(home) == lab.get("a11y.form-labels"), where
        # robots and sitemap
        robots = files.get("/robots.txt")
        robots_ok = robots is not None and robots.status == 200 and robots.content_type.startswith(
            "text/plain")
        assert robots_ok == (lab["tech.robots-txt"] == "pass"), where
        assert _sitemap_ok(site, files) == (lab["tech.sitemap-xml"] == "pass"), where
        # every page is marked fictional
        for path, res in files.items():
            if res.status == 200 and res.content_type.startswith("text/html"):
                assert GENERATOR_META.encode() in res.body, (where, path)


def _sitemap_ok(site, files) -> bool:
    candidates = ["/sitemap.xml"]
    robots = files.get("/robots.txt")
    if robots is not None and robots.status == 200:
        for line in robots.body.decode().splitlines():
            if line.lower().startswith("sitemap:"):
                candidates.append(urlsplit(line.split(":", 1)[1].strip()).path)
    for c in candidates:
        res = files.get(c)
        if res and res.status == 200 and "xml" in res.content_type and b"<loc>" in res.body:
            return True
    return False


def test_security_labels_follow_what_is_served(web120):
    for s in web120.reachable():
        https_ok = s.serves["https"] == "content" and s.cert == "ok"
        assert (s.labels["security.https"] == "pass") == https_ok
        redirect = s.serves["http"] == "redirect" or (s.serves["http"] == "closed" and https_ok)
        assert (s.labels["security.https-redirect"] == "pass") == redirect
        if s.serves["http"] == "redirect":
            res = s.files_for("http")["/"]
            assert res.status in (301, 302) and res.header("Location") == f"https://{s.host}/"
        if s.serves["http"] == "closed":
            assert s.files_for("http") is None
        sts = None
        if https_ok:
            res = s.files_for("https")[s.plan.home_path]
            assert res.status == 200
            sts = res.header("Strict-Transport-Security")
        expected = "fail"
        if sts:
            age = int(sts.split("max-age=")[1].split(";")[0])
            expected = "pass" if age >= 15768000 else "partial"
        assert s.labels["security.hsts"] == expected, s.host
    decoys = [s for s in web120.reachable() if s.plan.hsts == "http-decoy"]
    assert decoys
    for s in decoys:  # HSTS sent over plain http does not count
        assert s.files_for("http")[s.plan.home_path].header("Strict-Transport-Security")
        assert s.labels["security.hsts"] == "fail"


def test_thai_dates_use_buddhist_era():
    d = dt.date(2024, 3, 12)
    assert fmt_date(d, "th-abbr") == "12 มี.ค. 2567"
    assert fmt_date(d, "th-full") == "12 มีนาคม 2567"
    assert fmt_date(d, "th-slash") == "12/03/2567"
    assert fmt_date(d, "th-abbr-2digit") == "12 มี.ค. 67"
    assert fmt_date(d, "en-mdy") == "March 12, 2024"
    assert fmt_date(d, "iso") == "2024-03-12"
    assert O.dates_in("วันที่ 12 มี.ค. พ.ศ. 2567") == [d]


def test_encodings_tis620_windows874_and_bom(web120):
    seen = set()
    for s in web120.reachable():
        enc = s.plan.encoding
        home = s.files[s.plan.home_path]
        if enc == "tis-620-header":
            assert home.content_type == "text/html; charset=TIS-620"
            with pytest.raises(UnicodeDecodeError):
                home.body.decode("utf-8")
            text = home.body.decode("tis-620")
            assert s.org.name_th.split(" ")[0].encode("tis-620") in home.body
            assert "ไม่มีอยู่จริง" in text
            assert any(0xA1 <= b <= 0xFB for b in home.body)
        elif enc == "windows-874-meta":
            assert "charset" not in home.content_type
            assert b'<meta charset="windows-874">' in home.body
            home.body.decode("cp874")
            with pytest.raises(UnicodeDecodeError):
                home.body.decode("utf-8")
        elif enc == "utf-8-bom":
            assert home.body.startswith(b"\xef\xbb\xbf")
            assert "charset" not in home.content_type
        seen.add(enc)
    assert {"tis-620-header", "windows-874-meta", "utf-8-bom", "utf-8"} <= seen


def test_presentations_are_varied(web120):
    styles, regions, layouts = set(), set(), set()
    for s in web120.reachable():
        r = SiteRenderer(s)
        styles |= {lk.style for lk in r.links}
        regions |= {lk.region for lk in r.links}
        layouts.add(s.plan.layout)
    assert {"text", "img", "title", "aria", "url"} <= styles
    assert {"nav", "header", "footer", "main"} <= regions
    assert layouts == {"modern", "table", "classic"}
    # an image link whose only name is its alt text, inside a <table> menu
    found = False
    for s in web120.reachable():
        if s.plan.layout != "table":
            continue
        html = _decode(s, s.files[s.plan.home_path].body)
        page = O.parse(f"http://{s.host}/", html)
        if any(lk.alts and not lk.text and O.link_concept(lk, "contact") for lk in page.links):
            found = True
            break
    assert found


def test_decoys_do_not_count(web120):
    lens = [s for s in web120.reachable() if "contact-lens" in s.plan.decoys
            and s.labels["content.contact"] == "fail"]
    assert lens
    for s in lens:
        html = _decode(s, s.files[s.plan.home_path].body)
        assert "contact lens" in html.lower() or "คอนแทคเลนส์" in html
        page = O.parse(f"http://{s.host}/", html)
        assert not any(O.link_concept(lk, "contact") for lk in page.links)
    js = [s for s in web120.reachable() if SiteRenderer(s).decoy_feature
          and {"js-link", "comment-link"} & set(s.plan.decoys)]
    assert js
    for s in js:
        r = SiteRenderer(s)
        feature = r.decoy_feature
        html = _decode(s, s.files[s.plan.home_path].body)
        assert html.count("<a href=") > len(O.parse("http://x/", html).links) - 1
        page = O.parse(f"http://{s.host}/", html)
        assert not any(O.link_concept(lk, O.CONCEPT_OF[feature]) for lk in page.links)
    # a "Go" search box (name=q) is a search
    goes = [s for s in web120.reachable() if s.plan.features["search"].variant == "form-q"]
    assert goes and all(s.labels["content.search"] == "pass" for s in goes)
    assert all(b'value="Go"' in s.files[s.plan.home_path].body for s in goes)
    # login forms appear and are not services
    logins = [s for s in web120.reachable() if s.plan.login]
    assert logins and any(s.labels["services.online-forms"] == "fail" for s in logins)


def test_crawl_breadth_and_links_home(web120):
    for s in web120.reachable()[:40]:
        pages, files = _pages(s)
        assert 5 <= len(pages) <= 30, (s.host, len(pages))
        home_abs = f"{SiteRenderer(s).base}{s.plan.home_path}"
        for path, p in pages.items():
            if path == s.plan.home_path:
                continue
            assert any(lk.href == home_abs for lk in p.links), (s.host, path)
        # breadth-first from home reaches most pages
        seen, queue = {s.plan.home_path}, [s.plan.home_path]
        while queue:
            p = pages.get(queue.pop(0))
            if p is None:
                continue
            for lk in p.links:
                u = urlsplit(lk.href)
                if u.hostname != s.host:
                    continue
                key = u.path + (f"?{u.query}" if u.query else "")
                if key not in seen and key in pages:
                    seen.add(key)
                    queue.append(key)
        assert len(seen) >= 5, s.host


def test_writers(tmp_path, web40):
    cat = yaml.safe_load(write_catalog(web40, tmp_path / "c.yaml").read_text(encoding="utf-8"))
    assert cat["catalog"] == "synthweb-40-0"
    assert cat["as_of"] == TODAY  # an unquoted YAML date, as in the hand-made catalogs
    assert "fictional" in cat["source"]
    orgs = [o for c in cat["countries"] for o in c["organisations"]]
    assert len(orgs) == 40
    assert {c["code"] for c in cat["countries"]} == {"THA", "SGP", "DNK", "KOR", "MYS", "VNM"}
    assert all("(fictional)" in c["name"]["en"] for c in cat["countries"])
    assert sum(o["kind"] == "national-portal" for o in orgs) >= 1
    assert {o["kind"] for o in orgs} <= {"national-portal", "ministry", "department",
                                         "province", "local", "other"}
    urls = [site["url"] for o in orgs for site in o["sites"]]
    assert sorted(urls) == sorted(s.url for s in web40.sites)
    with write_labels(web40, tmp_path / "l.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["site_url", "check_id", "expected"]
    assert len(rows) == sum(len(s.labels) for s in web40.sites)
    assert {r["expected"] for r in rows} == {"pass", "fail", "partial"}
    with write_statuses(web40, tmp_path / "s.csv").open(encoding="utf-8") as fh:
        st = list(csv.DictReader(fh))
    assert len(st) == 40
    assert {r["expected_status"] for r in st} == {"ok", *HOSTILE_KINDS.values()}


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 7])
def test_generated_catalog_passes_catalog_validation(tmp_path, seed):
    """The synthetic web's catalog must load with the real catalog loader."""
    from govlens.catalog.loader import load_catalog
    from govlens.synthweb.labels import write_catalog

    web = generate(60, seed=seed)
    path = write_catalog(web, tmp_path / "c.yaml")
    assert len(load_catalog(path).targets()) == 60

"""The fast paths of evaluation give the answers of the straightforward code they replace.

Each optimisation of issue 13 (static evaluation per page) is pinned against a reference:
the straightforward implementation, kept here or reached through the same function's
unindexed path, run over every lexicon concept and the links, labels and texts of the
hand-written corpus (``tests/corpus``) plus links built to hit the edge cases (URLs
``urlsplit`` rejects, e-mail links, ``javascript:``, placeholders, links back to the page).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from govlens.checks.families.content import contact_details_in
from govlens.checks.families.services import _login_term
from govlens.checks.match import (
    _resolve,
    concept_hits,
    concept_index,
    data,
    first_named_links,
    label_concepts,
    link_facts,
    match_names,
    names_in_normalised,
)
from govlens.checks.view import SiteView
from govlens.evidence.model import Page, SiteEvidence
from govlens.evidence.parse import (
    _HINT_REGION,
    _REGION_HINT,
    _REGION_ROLES,
    _REGION_TAGS,
    _abs,
    _Positions,
    _region,
    _selector,
    parse_html,
    parse_tree,
)
from govlens.lexicon.matcher import load_lexicon, normalise

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# links that take the unusual branches: unresolvable URLs, mail and phone links whose
# address holds concept words, raw attributes without a target, placeholders, self links
EDGE_HTML = """<html><head><title>Contact us | Test</title></head><body>
<nav><a href="http://[bad/contact">Contact</a> <a href="https://x.go.th:99999/login">Login</a>
<a href="mailto:login.help@agency.go.th">write to us</a> <a href="mailto:contact@agency.go.th">Contact</a>
<a href="tel:021234567">โทร 02 123 4567</a> <a href="javascript:void(0)">เข้าสู่ระบบ</a>
<a href="ftp://files.data.go.th/contact/">files</a> <a href="#">ติดต่อเรา</a> <a href="#news">News</a>
<a href="{{ route('login') }}">Sign in</a> <a href="/">หน้าแรก</a> <a href="/contact-us.php">x</a>
<a href="/index.php?page=contact">?</a> <a href="https://www.thaid.go.th/">ThaID</a>
<a href="https://eservice.agency.go.th/">e-Service</a> <a href="https://line.me/R/ti/p/@agency">LINE</a>
<a href="/e-payment"><img src="/img/btn_payment.gif"></a> <a href="/survey"><img src="btn_contact.png"></a>
<a href="https://www.facebook.com/agency">Facebook</a> <a href="/faq">FAQ คำถามที่พบบ่อย</a>
<a href="/budget">ปีงบประมาณ 2567</a> <a href="/budget/plan">งบประมาณรายจ่าย</a>
<a href="https://data.go.th/dataset/x.csv">data.csv</a> <a href="/pay?via=promptpay">PromptPay</a>
<a href="HTTPS://Example.GO.TH/About">About us</a> <a href="/ask">Ask Jamie</a> <a href="https:///nohost">?</a></nav>
<main><div hidden>hidden ติดต่อ <b>02 999 9999</b></div><span aria-hidden="true">icon</span><h2>ช่องทางการติดต่อ</h2><p>โทร. ๐๒-๑๒๓-๔๕๖๗ แฟกซ์ 02-123-4568 hotline 1111 name [at] agency dot go dot th
TEL: +66 2 123 4567 ถนนพระราม 6 แขวงทุ่งพญาไท เขตราชเทวี กรุงเทพฯ 10400 info@agency.go.th</p></main>
</body></html>"""


@cache
def corpus_pages() -> tuple[Page, ...]:
    pages = [parse_html(EDGE_HTML.encode("utf-8"), "https://www.agency.go.th/contact.html", discovered_as="home")]
    for f in sorted(CORPUS.glob("**/*.html")):
        pages.append(parse_html(f.read_bytes(), f"https://www.{f.stem}.go.th/", discovered_as="home"))
    return tuple(pages)


def site_of(pages: tuple[Page, ...]) -> SiteView:
    home = pages[0]
    site = SiteEvidence(site_url=home.final_url, final_url=home.final_url, status="ok", reason="",
                        redirects=(), pages=pages, captured="2026-11-24T00:00:00+00:00")
    return SiteView(site, ("pages",))


def views() -> list[SiteView]:
    pages = corpus_pages()
    # one site of every page (a target seen on an earlier page counts once, later pages weigh
    # less), and each page alone
    return [site_of(pages)] + [site_of((p,)) for p in pages]


def test_corpus_is_large() -> None:
    pages = corpus_pages()
    assert len(pages) >= 40
    assert sum(len(p.links) for p in pages) >= 1000


CONCEPT_OPTIONS: list[dict] = [
    {},  # concept_hits' defaults: links, headings, images
    dict(headings=False, images=False, url_query=True, image_files=True, resolved_only=True),  # link_concept_hits
    dict(headings=False, images=False, url_query=True, image_files=True, resolved_only=True, mail_links=True),
    dict(same_site_only=True, text=True),
    dict(home_only=True, link_urls=False, resolved_only=True),
    dict(hosts=("go.th", "thaid.go.th", "data.go.th", "line.me"), urls=("/pay", "survey", "[bad"),
         host_labels=("eservice", "e-?service", "x")),
    dict(link_filter=lambda lk: len(lk.label or "") <= 20),
]


@pytest.mark.parametrize("opts", CONCEPT_OPTIONS, ids=[",".join(o) or "defaults" for o in CONCEPT_OPTIONS])
def test_concept_hits_indexed_equals_every_link(opts: dict) -> None:
    """Every concept × option set × view: the per-page index path (a lexicon concept) gives the
    hits of the plain loop over every link (the same concept as a copy, which is not indexed)."""
    lex = load_lexicon()
    compared = found = 0
    for ev in views():
        for name, c in lex.concepts.items():
            plain = dataclasses.replace(c)  # equal terms, not the lexicon's object: every link is read
            assert lex.concepts[name] is not plain
            try:
                want = concept_hits(ev, plain, **opts)
            except ValueError as exc:  # a URL urlsplit rejects fails the same way on both paths
                with pytest.raises(ValueError, match=re.escape(str(exc))):
                    concept_hits(ev, name, **opts)
                continue
            got = concept_hits(ev, name, **opts)
            assert got == want, (name, opts, ev.final_url)
            compared += 1
            found += bool(want)
    assert compared > 1000 and found > 100  # the comparison saw real hits


def test_label_concepts_equals_every_concept() -> None:
    """The screened label → concepts equals asking every concept (match_text, only_excluded),
    on every label and heading of the corpus and on edge labels (exclusions, glued words)."""
    lex = load_lexicon()
    labels = {lk.label for p in corpus_pages() for lk in p.links if lk.label}
    labels |= {h for p in corpus_pages() for _, h in p.headings if h}
    labels |= {"ปีงบประมาณ 2567", "งบประมาณรายจ่าย", "Contact-us", "e-Service", "x" * 600, "  Contact  Us ",
               "(Contact)", "İletişim", "contactus", "re-contact", "SERVICIOS EN LINEA"}
    found = 0
    for label in sorted(labels):
        want = frozenset(n for n, c in lex.concepts.items()
                         if c.match_text(label) is not None or c.only_excluded(label))
        assert label_concepts(label) == want, label
        found += bool(want)
    assert found > 100


def test_concept_index_misses_no_link() -> None:
    """A link outside ``by_concept[name]`` names the concept by no label term, no excluded
    phrase and no URL word (query or not) — what concept_hits and the login finder skip."""
    lex = load_lexicon()
    checked = 0
    for ev in views()[:1]:
        for page in ev.pages:
            ix = concept_index(ev, page)
            for j, f in enumerate(link_facts(ev, page)):
                link = f.link
                for name, c in lex.concepts.items():
                    if j in ix.by_concept.get(name, ()):
                        continue
                    checked += 1
                    if link.label:
                        assert c.match_text(link.label) is None and not c.only_excluded(link.label), (name, link)
                    if f.href:
                        assert c.match_url(f.href) is None and c.match_url(f.path) is None, (name, link)
                if not any(j in ix.by_concept.get(n, ()) for n in ("login", "account_login")):
                    assert _login_term(link.label, link.href) == (None, ""), link
            facts = link_facts(ev, page)
            assert {j for j, f in enumerate(facts) if not f.link.label} <= set(ix.unlabelled)
            # the login finder reads these links' hosts from the attribute as written
            assert {j for j, f in enumerate(facts) if not f.href and f.link.raw_href} <= set(ix.no_href)
    assert checked > 10000


@pytest.mark.parametrize("table", ["payment_gateways", "chat_widgets", "identity_providers"])
def test_first_named_links_equals_entries_by_links(table: str) -> None:
    entries = data(table, [])
    assert any(e.get("names") for e in entries)
    ev = views()[0]
    found = 0
    for page in ev.pages:
        got = first_named_links(ev, page, entries)
        want = {}
        for k, e in enumerate(entries):
            names = e.get("names") or []
            if not names:
                continue
            for link in page.links:  # the loop each caller had: entries × links
                if match_names(link.label, names):
                    want[k] = link
                    break
        assert {k: id(v) for k, v in got.items()} == {k: id(v) for k, v in want.items()}
        found += len(want)
    assert found > 0


def _reference_names_in_normalised(t: str, names: list[str]) -> str | None:
    thai_re = re.compile(r"[\u0e00-\u0e7f]")
    latin = sorted((normalise(n) for n in names if not thai_re.search(n)), key=len, reverse=True)
    for n in (normalise(n) for n in names if thai_re.search(n)):
        if n in t:
            return n
    if not latin:
        return None
    m = re.search(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in latin) + r")(?![\w])", t)
    return m.group(0) if m else None


def test_names_in_normalised_equals_plain_search() -> None:
    tables = [e.get("names") or [] for key in ("payment_gateways", "chat_widgets", "identity_providers",
                                               "open_format_names") for e in (data(key, []) or [])
              if isinstance(e, dict)]
    tables += [["promptpay", "2c2p", "ktb"], ["line", "line oa", "ไลน์"], ["chat.bot"]]
    texts = [normalise(p.text) for p in corpus_pages() if p.text]
    texts += [normalise(lk.label) for p in corpus_pages() for lk in p.links if lk.label][:3000]
    texts += ["pay by promptpay.", "xpromptpay", "2c2p-gateway", "line.me", "chat.bot!", ""]
    hits = 0
    for names in tables:
        for t in texts:
            want = _reference_names_in_normalised(t, names)
            assert names_in_normalised(t, names) == want, (names, t[:80])
            hits += want is not None
    assert hits > 0


def _reference_contact_details_in(text: str) -> dict[str, list[str]]:
    spec = data("contact_details", {})
    t = text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    found: dict[str, list[str]] = {"phone": [], "email": [], "address": []}
    fax = re.compile(spec.get("fax_before", "$^"), re.I)

    def snippet(start: int, end: int) -> str:
        return t[max(0, start - 40): end + 40].strip()

    for pat in spec.get("phone", []):
        for m in re.finditer(pat, t, re.I):
            at = m.start(1) if m.re.groups else m.start()
            if not fax.search(t[max(0, at - 12): at]):
                found["phone"].append(snippet(at, m.end()))
    for pat in spec.get("email", []):
        for m in re.finditer(pat, t, re.I):
            found["email"].append(m.group(0))
    words = [w.lower() for w in spec.get("address_words", [])]
    window = int(spec.get("address_window", 160))
    for m in re.finditer(spec.get("postcode", r"(?!)"), t):
        before = t[max(0, m.start() - window): m.start()].lower()
        if sum(1 for w in words if w in before) >= 2:
            found["address"].append(snippet(m.start() - window // 2, m.end()))
    return {k: list(dict.fromkeys(v))[:5] for k, v in found.items() if v}


def test_contact_details_equals_every_pattern_on_every_text() -> None:
    texts = [p.text for p in corpus_pages()]
    texts += ["TEL. 02-123-4567", "Telephone: (202) 555-0100", "CALL 1300 123 456", "HOTLINE: 1548",
              "Call Center 1111", "สายด่วน 1111", "โทรศัพท์ ๐๕๓-๑๒๓-๔๕๖", "fax 02 123 4567",
              "name [AT] agency [dot] go [dot] th", "someone(at)x(dot)org", "a @ b.com", "mail@x.go.th",
              "telecom 0 2123 4567", ""]
    seen = 0
    for t in texts:
        want = _reference_contact_details_in(t)
        assert contact_details_in(t) == want, t[:120]
        seen += bool(want)
    assert seen > 10


def _reference_abs(base: str, href: str) -> str:
    href = href.strip()
    if not href:
        return ""
    low = href[:11].lower()
    if low.startswith(("javascript:", "data:")):
        return ""
    if low.startswith(("mailto:", "tel:")):
        return href
    try:
        url = urldefrag(urljoin(base, href)).url
    except ValueError:
        return ""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def test_abs_equals_urljoin() -> None:
    hrefs = sorted({lk.raw_href for p in corpus_pages() for lk in p.links})
    hrefs += ["http://a.test", "https://a.test/x/../y#f", "http:///x", "https://?q", "http://#x", "http://",
              "https:\\\\evil.test/", "http://\nx.test/", "http://[::1]/", "http://[bad/", "HTTP://X.test/",
              "https://x.test:99999/", "https://a.test/ b", "//cdn.test/x.js", "../up", "?q=1", "#top",
              "/root/../x.css?v=1#f", "/", "/;p?q", "/\n/evil.test/", "/\t/x", "/a b/c", "/..", "/./x"]
    bases = ["https://www.agency.go.th/a/b.html", "http://agency.test/", "https://[bad/", "ftp://x.test/",
             "https://agency.test/dir/?q#f", "HTTPS://User@Agency.test:8443/d/e;p?q=1", "http:///nohost/x",
             "https://agency.test/a\tb/c"]
    for base in bases:
        for href in hrefs:
            assert _abs(base, href) == _reference_abs(base, href), (base, href)
            try:
                want = urljoin(base, href.strip())
            except ValueError:
                with pytest.raises(ValueError):
                    _resolve(base, href.strip())
                continue
            assert _resolve(base, href.strip()) == want, (base, href)


def _reference_selector(node) -> str:
    parts: list[str] = []
    cur = node
    depth = 0
    while cur is not None and cur.tag not in (None, "html", "-undef") and depth < 12:
        ident = cur.attributes.get("id")
        ident = ident if isinstance(ident, str) else ""
        if ident and re.fullmatch(r"[A-Za-z][\w-]*", ident):
            parts.append(f"{cur.tag}#{ident}")
            break
        n = 1
        if cur.parent is not None:
            for child in cur.parent.iter():
                if child.mem_id == cur.mem_id:
                    break
                n += (child.tag or "") == (cur.tag or "")
        parts.append(f"{cur.tag}:nth-of-type({n})" if n > 1 else cur.tag)
        cur = cur.parent
        depth += 1
    return " > ".join(reversed(parts))


def _reference_region(node) -> str:
    def attr(n, k: str) -> str:
        v = n.attributes.get(k)
        return v if isinstance(v, str) else ""

    cur = node.parent
    hinted = ""
    up = 0
    while cur is not None and cur.tag not in (None, "html", "body") and up < 256:
        up += 1
        if cur.tag in _REGION_TAGS:
            return _REGION_TAGS[cur.tag]
        role = attr(cur, "role").lower()
        if role in _REGION_ROLES:
            return _REGION_ROLES[role]
        if not hinted:
            m = _REGION_HINT.search(f"{attr(cur, 'id')} {attr(cur, 'class')}")
            if m:
                hinted = _HINT_REGION[m.group(1).lower()]
        cur = cur.parent
    return hinted


def test_selectors_and_regions_equal_the_walk_up() -> None:
    """Selector parts and region decisions memoised per element give each link's walk."""
    regions = set()
    count = 0
    for f in [None, *sorted(CORPUS.glob("**/*.html"))]:
        html = EDGE_HTML if f is None else f.read_bytes().decode("utf-8", "replace")
        tree = parse_tree(html)
        positions = _Positions()
        for el in tree.css("a[href], area[href], img, form, input"):
            assert _selector(el, positions) == _reference_selector(el)
            region = _region(el, positions)
            assert region == _reference_region(el)
            regions.add(region)
            count += 1
    assert count > 1000 and {"header", "nav", "footer", "main"} <= regions


def _reference_dataset_links(page: Page, weight: float = 1.0) -> list:
    from govlens.checks.families.opendata import _DOWNLOADISH, _NOT_DATA_LABEL, _format_of
    from govlens.checks.match import link_hit, matches_any

    formats = set(data("open_formats", []))
    names = data("open_format_names", [])
    not_ds = data("not_dataset", [])
    out = []
    for link in page.links:
        href = link.href
        if not href or href.startswith(("mailto:", "tel:")) or "alternate" in link.rel:
            continue
        if matches_any(urlsplit(href).path.lower(), not_ds) or _NOT_DATA_LABEL.search(link.label or ""):
            continue
        fmt = _format_of(href, formats)
        if fmt:
            out.append(link_hit("dataset-file", fmt, page, link, "url", weight))
            continue
        label = normalise(link.label)
        fmt = match_names(label, names)
        if fmt and (len(label) <= 12 or _DOWNLOADISH.search(href)):
            out.append(link_hit("dataset-file", fmt, page, link, "link-text", 0.9 * weight))
    return out


def test_dataset_and_licence_links_memoised_per_link() -> None:
    from govlens.checks.families.opendata import _licence_in, dataset_links, licence_hits

    ev = views()[0]
    found = 0
    for _ in range(2):  # the second pass answers from the memo
        for i, page in enumerate(ev.pages):
            w = 1.0 if i == 0 else 0.85
            want = _reference_dataset_links(page, w)
            assert dataset_links(page, w) == want
            found += len(want)
            good, bad = licence_hits(ev, page, w)
            links = [h for h in good + bad if h.by in ("link", "rel-license")]
            assert sorted((h.name, h.selector) for h in links) == sorted(
                (what, lk.selector) for lk in page.links if (what := _licence_in(lk.label, lk.href)[0]))
    assert found > 0


def test_normalise_collapses_as_the_substitution() -> None:
    """The skipped substitution (printable text without a double space) changes nothing: every
    code point of the basic plane, alone, inside words, after spaces and doubled."""
    from govlens.lexicon.matcher import _norm

    spaces = re.compile(r"\s+")
    skipped = 0
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for t in (c, f"a{c}b", f" {c}  x", c + c, f"x {c} y"):
            # the reference, with the one deliberate difference: Turkish İ becomes a plain i
            want = spaces.sub(" ", unicodedata.normalize("NFC", t)).replace("İ", "i").strip().lower()
            assert _norm(t) == want, hex(cp)
        skipped += c.isprintable()
    assert skipped > 1000
    long = "ข้อมูล  ติดต่อ\u00a0Contact US " * 100
    assert normalise(long) == normalise(long) == spaces.sub(" ", unicodedata.normalize("NFC", long)).strip().lower()


def _reference_entry_hits(ev: SiteView, page: Page, entries: list, weight: float = 1.0, links: bool = True,
                          forms: bool = True, loads: bool = True, what: str = "") -> list:
    from govlens.checks.match import Hit, host_of, host_suffixes, resources

    targets = []
    if links:
        targets += [("link", (lk.href or lk.raw_href), lk.selector, lk.label) for lk in page.links]
    if forms:
        targets += [("form", f.action, f.selector, f.text[:120]) for f in page.forms if f.action]
    if loads:
        targets += [(kind, u, "", "") for kind, u in resources(ev, page)]
    targets = [t for t in targets if t[1]]
    low_html = page.html.lower() if page.html else ""
    out = []
    for e in entries:  # every entry against every target, in page order
        hosts = {x.lower() for x in e.get("hosts") or ()}
        urls = [u.lower() for u in e.get("urls") or []]
        hit = None
        for by, url, sel, snip in targets:
            low = url.lower()
            if hosts and any(h in hosts for h in host_suffixes(host_of(url))):
                hit = Hit(what or e["id"], e["name"], page.final_url, by, weight, sel, snip or url, url)
                break
            if urls and any(u in low for u in urls):
                hit = Hit(what or e["id"], e["name"], page.final_url, by, 0.9 * weight, sel, snip or url, url)
                break
        if hit is None and low_html:
            marker = next((m for m in e.get("html") or [] if m.lower() in low_html), None)
            if marker:
                at = low_html.find(marker.lower())
                hit = Hit(what or e["id"], e["name"], page.final_url, "html", 0.9 * weight, "",
                          page.html[max(0, at - 40): at + 80], marker)
        if hit:
            out.append(hit)
    return out


@pytest.mark.parametrize("table", ["payment_gateways", "chat_widgets", "identity_providers", "third_parties",
                                   "cms"])
def test_entry_hits_equals_entries_by_targets(table: str) -> None:
    from govlens.checks.match import entry_hits

    entries = data(table, [])
    if not isinstance(entries, list) or not entries or not isinstance(entries[0], dict):
        pytest.skip(f"no entry table {table}")
    ev = views()[0]
    found = 0
    for page in ev.pages:
        for opts in ({}, {"links": False}, {"loads": False, "what": "x", "weight": 0.85}):
            want = _reference_entry_hits(ev, page, entries, **opts)
            assert entry_hits(ev, page, entries, **opts) == want, (table, opts, page.final_url)
            found += len(want)
    assert found > 0


def test_checks_reuse_the_evidence_tree_as_parsed() -> None:
    """parse_html leaves its tree as parsed (invisible elements skipped, not removed), so the
    checks' tree is that tree when it is still kept, and the page text is what removing the
    invisible elements gave."""
    from govlens.evidence.parse import _INVISIBLE, MAX_TEXT, _kept, _text, page_tree

    reused = 0
    for f in [None, *sorted(CORPUS.glob("**/*.html"))]:
        body = EDGE_HTML.encode("utf-8") if f is None else f.read_bytes()
        page = parse_html(body, "https://www.agency.go.th/")
        fresh = parse_tree(page.html)
        kept = _kept.get(id(page.html), (None, None))[1]
        tree = page_tree(page.html)
        reused += tree is kept
        assert page_tree(page.html) is not tree  # handed over once: another evaluation parses anew
        assert tree.html == fresh.html
        if fresh.body is not None:
            for el in fresh.body.css(_INVISIBLE):
                el.decompose()
            assert page.text == _text(fresh.body, MAX_TEXT)
    assert reused > 40
    assert page_tree("<p>not parsed by parse_html</p>") is not page_tree("<p>not parsed by parse_html</p>")


def test_clean_collapses_as_the_substitution() -> None:
    from govlens.evidence.parse import clean

    spaces = re.compile(r"\s+")
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for t in (c, f"a{c}b", f" {c}  x", c + c, f"x {c} y"):
            assert clean(t) == spaces.sub(" ", t).strip(), hex(cp)
    assert clean(None) == clean("") == ""


def test_network_index_equals_every_suffix() -> None:
    """participation's network look-up by host suffix equals asking every network's suffixes."""
    from govlens.checks.families.participation import _network

    networks = data("networks", {})
    hosts = {(urlsplit(lk.href).hostname or "") for p in corpus_pages() for lk in p.links if lk.href}
    hosts |= {"", "facebook.com", "m.facebook.com", "FACEBOOK.COM", "notfacebook.com", "x.youtube.com.",
              "line.me", "twitter.com", "x.com", "www.instagram.com", "tiktok.com.evil.th"}
    found = 0
    for host in sorted(hosts):
        low = host.lower()
        want = next((name for name, sfx in networks.items()
                     if any(low == s or low.endswith("." + s) for s in sfx)), None)
        assert _network(host, networks) == want, host
        found += want is not None
    assert found > 3

"""Open data: a portal link, dataset files in open formats, machine-readable dataset metadata
(DCAT, schema.org Dataset), and an open licence.

Formats, licence URLs and the things that look like data but are not (RSS feeds, XML
sitemaps) are data in ``lexicon/data/context.yaml``; licence names are the lexicon concept
``open_licence``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from govlens.checks.match import (
    Hit,
    best_confidence,
    data,
    dedupe,
    iter_pages,
    jsonld,
    link_concept_hits,
    link_hit,
    match_names,
    matches_any,
    page_weight,
    split_url,
)
from govlens.checks.registry import Pointer, Verdict, check, failed, partial, passed
from govlens.checks.view import SiteView
from govlens.evidence.model import Page
from govlens.lexicon.matcher import load_lexicon, normalise

LANGS = ("en", "th")


@check("opendata.link",
       failure_title={"en": 'No open data', "th": 'ไม่พบข้อมูลเปิด'},
       why={"en": 'Open data lets businesses, researchers and journalists reuse what the state collects.',
            "th": 'ข้อมูลเปิดทำให้ภาคธุรกิจ นักวิจัย และสื่อนำข้อมูลที่รัฐจัดเก็บไปใช้ต่อได้'},
       title={"en": "Open data", "th": "ข้อมูลเปิดภาครัฐ"},
       description={"en": "A link to an open-data portal (e.g. data.go.th) or to downloadable datasets.",
                    "th": "มีลิงก์ไปยังศูนย์ข้อมูลเปิด (เช่น data.go.th) หรือชุดข้อมูลที่ดาวน์โหลดได้"},
       needs=("pages",), languages=LANGS)
def opendata_link(ev: SiteView) -> Verdict:
    portals = data("opendata_hosts", [])
    exts = tuple("." + e for e in data("dataset_extensions", []) if e not in ("xml", "zip"))
    for page in ev.pages:
        for link in page.links:
            href = link.href
            on_portal = (_memo_link("portal", href, "", lambda: _on_portal(href, portals))  # noqa: B023 - called at once
                         if href else any(p == "" for p in portals))  # no href: host "" (as before)
            if on_portal:
                return passed(Pointer(page.final_url, link.selector, link.href[:200]), by="portal")
    hits = link_concept_hits(ev, "opendata")
    if hits:
        return passed(hits[0].pointer(), confidence=hits[0].confidence, by="link")
    for page in ev.pages:
        for link in page.links:
            if link.href and split_url(link.href).path.lower().endswith(exts):
                return passed(Pointer(page.final_url, link.selector, link.href[:200]), by="dataset-file")
    return failed(Pointer(ev.final_url, note="no open-data portal or dataset link"))


def _on_portal(href: str, portals: list[str]) -> bool:
    host = split_url(href).hostname or ""
    return any(host == p or host.endswith("." + p) for p in portals)


_NOT_DATA_LABEL = re.compile(r"\b(?:rss|feeds?|atom|sitemap|podcast)\b|แผนผัง", re.I)
_DOWNLOADISH = re.compile(r"/(?:download|resource|resources|files?|data|dataset|datasets|export)(?:/|$)|[?&](?:format|type|ext)=", re.I)


def _format_of(href: str, formats: frozenset[str]) -> str | None:
    p = split_url(href)
    last = p.path.lower().rsplit("/", 1)[-1]
    if "." in last and last.rsplit(".", 1)[-1] in formats:
        return last.rsplit(".", 1)[-1]
    if not p.query:
        return None  # parse_qs("") is {}: no value to look at
    q = parse_qs(p.query.lower())
    for key in ("format", "type", "ext", "output", "f"):
        for v in q.get(key, []):
            if v in formats:
                return v
    for vs in q.values():  # /file?uri=/datasets/x/data.csv, /download.php?file=data.json
        for v in vs:
            tail = v.rsplit("/", 1)[-1]
            if "." in tail and tail.rsplit(".", 1)[-1] in formats:
                return tail.rsplit(".", 1)[-1]
    return None


_LINK_MEMO: dict[tuple[str, str, str], Any] = {}  # pure functions of a link's href and label
_LINK_MEMO_SIZE = 8192  # bounded: menus repeat on every page and across sites


def _memo_link(kind: str, href: str, label: str, make: Callable[[], Any]) -> Any:
    key = (kind, href, label)
    try:
        return _LINK_MEMO[key]
    except KeyError:
        pass
    got = make()  # a URL urlsplit rejects raises here, every time, as before
    if len(_LINK_MEMO) >= _LINK_MEMO_SIZE:
        _LINK_MEMO.clear()
    _LINK_MEMO[key] = got
    return got


_FORMATS: list[tuple[list[str], int, frozenset[str]]] = []


def _open_formats(formats: list[str]) -> frozenset[str]:
    """The formats table as a set, made once per table (lexicon data; a table changed in
    length is read again), not once per link."""
    if _FORMATS and _FORMATS[0][0] is formats and _FORMATS[0][1] == len(formats):
        return _FORMATS[0][2]
    got = frozenset(formats)
    _FORMATS[:] = [(formats, len(formats), got)]
    return got


def _dataset_file(href: str, label: str) -> tuple[str, str] | None:
    """``(by, format)`` when a link (not mail, not rel=alternate) is a dataset file."""
    path = split_url(href).path.lower()
    if matches_any(path, data("not_dataset", [])) or _NOT_DATA_LABEL.search(label or ""):
        return None
    fmt = _format_of(href, _open_formats(data("open_formats", [])))
    if fmt:
        return "url", fmt
    norm = normalise(label)
    fmt = match_names(norm, data("open_format_names", []))
    if fmt and (len(norm) <= 12 or _DOWNLOADISH.search(href)):
        return "link-text", fmt
    return None


def dataset_links(page: Page, weight: float = 1.0) -> list[Hit]:
    out: list[Hit] = []
    for link in page.links:
        href = link.href
        if not href or href.startswith(("mailto:", "tel:")) or "alternate" in link.rel:
            continue
        got = _memo_link("dataset", href, link.label, lambda: _dataset_file(href, link.label))  # noqa: B023 - called at once
        if got is None:
            continue
        by, fmt = got
        out.append(link_hit("dataset-file", fmt, page, link, by, weight if by == "url" else 0.9 * weight))
    return out


@check("opendata.datasets",
       failure_title={"en": 'No datasets in open formats', "th": 'ไม่พบชุดข้อมูลในรูปแบบเปิด'},
       why={"en": 'Data in a PDF cannot be reused; machine-readable files can (3★ open data).',
            "th": 'ข้อมูลใน PDF นำไปใช้ต่อไม่ได้ ไฟล์ที่เครื่องอ่านได้จึงจำเป็น (ข้อมูลเปิดระดับ 3 ดาว)'},
       title={"en": "Datasets in open formats", "th": "ชุดข้อมูลในรูปแบบเปิด"},
       description={"en": "Links to dataset files in open, machine-readable formats (CSV, JSON, XLSX, XML, "
                          "GeoJSON …); RSS feeds and XML sitemaps do not count.",
                    "th": "มีลิงก์ดาวน์โหลดชุดข้อมูลในรูปแบบเปิดที่เครื่องอ่านได้ (CSV, JSON, XLSX, XML, GeoJSON) "
                          "ไม่นับ RSS และ sitemap"},
       needs=("pages",),
       languages=LANGS, references=('5-star open data',))
def datasets(ev: SiteView) -> Verdict:
    hits: list[Hit] = []
    for i, page in iter_pages(ev):
        hits += dataset_links(page, page_weight(i))
    hits = dedupe(hits)
    if not hits:
        return failed(Pointer(ev.final_url, note="no links to dataset files in open formats"))
    fmts = sorted({h.name for h in hits})
    return passed(*(h.pointer() for h in hits[:5]), confidence=best_confidence(hits), formats=fmts, files=len(hits))


_SCHEMA_TYPES = {"dataset", "datacatalog", "datadownload"}
_DCAT_TYPES = {"dcat:dataset", "dcat:catalog", "dcat:distribution", "dcat:dataservice"}


def _type_names(node: dict[str, Any]) -> list[str]:
    t = node.get("@type", [])
    return [str(x) for x in (t if isinstance(t, list) else [t])]


def metadata_hits(ev: SiteView, page: Page, weight: float = 1.0) -> tuple[list[Hit], list[Hit]]:
    """(in-page dataset metadata, links to metadata documents) on one page."""
    found: list[Hit] = []
    for node in jsonld(ev, page):
        ctx = str(node.get("@context", "")).lower()
        for t in _type_names(node):
            low = t.lower()
            short = low.rsplit("/", 1)[-1].rsplit("#", 1)[-1].split(":", 1)[-1]
            if low in _DCAT_TYPES or "w3.org/ns/dcat" in low or ("dcat" in ctx and short in ("dataset", "catalog")):
                found.append(Hit("dcat", t, page.final_url, "jsonld", weight, 'script[type="application/ld+json"]', t))
            elif short in _SCHEMA_TYPES:
                found.append(Hit("schema.org", t, page.final_url, "jsonld", weight, 'script[type="application/ld+json"]', t))
    links: list[Hit] = []
    if page.html:
        t = ev.tree(page)
        for el in t.css("[itemtype]"):
            it = (el.attributes.get("itemtype") or "").lower()
            if re.search(r"schema\.org/(?:dataset|datacatalog|datadownload)\b", it):
                found.append(Hit("schema.org", it, page.final_url, "microdata", weight, f"[itemtype='{it}']", it))
                break
        for el in t.css("[typeof]"):
            ty = (el.attributes.get("typeof") or "").lower()
            vocab = (el.attributes.get("vocab") or "").lower()
            words = ty.split()
            if any(w in _DCAT_TYPES or "w3.org/ns/dcat" in w for w in words):
                found.append(Hit("dcat", ty, page.final_url, "rdfa", weight, f"[typeof='{ty}']", ty))
                break
            if any(w in ("schema:dataset", "schema:datacatalog") or
                   (w in ("dataset", "datacatalog") and "schema.org" in vocab) for w in words):
                found.append(Hit("schema.org", ty, page.final_url, "rdfa", weight, f"[typeof='{ty}']", ty))
                break
        for el in t.css('link[rel~="alternate"][type]'):
            typ = (el.attributes.get("type") or "").lower()
            if typ in ("application/rdf+xml", "text/turtle", "application/ld+json", "application/n-triples"):
                href = el.attributes.get("href") or ""
                links.append(Hit("dcat-document", typ, page.final_url, "link", 0.7 * weight,
                                 f'link[type="{typ}"]', href, href))
    return found, links


@check("opendata.metadata",
       failure_title={"en": 'No machine-readable dataset metadata', "th": 'ไม่พบคำอธิบายชุดข้อมูลแบบเครื่องอ่านได้'},
       why={"en": 'Metadata is how data catalogues and search engines find a dataset.',
            "th": 'คำอธิบายชุดข้อมูลทำให้บัญชีข้อมูลและเครื่องมือค้นหาค้นพบชุดข้อมูลได้'},
       title={"en": "Dataset metadata (DCAT / schema.org)", "th": "คำอธิบายชุดข้อมูลแบบเครื่องอ่านได้ (DCAT / schema.org)"},
       description={"en": "Dataset metadata in the page: DCAT or schema.org Dataset/DataCatalog in JSON-LD, "
                          "microdata or RDFa; a link to an RDF/JSON-LD metadata document alone is partial.",
                    "th": "มีคำอธิบายชุดข้อมูล (metadata) ตามมาตรฐาน DCAT หรือ schema.org Dataset ในหน้าเว็บ "
                          "(JSON-LD, microdata หรือ RDFa) ลิงก์ไปยังไฟล์ metadata อย่างเดียวได้คะแนนบางส่วน"},
       needs=("pages",), references=('W3C DCAT', 'schema.org Dataset'))
def metadata(ev: SiteView) -> Verdict:
    found: list[Hit] = []
    links: list[Hit] = []
    for i, page in iter_pages(ev):
        f, lk = metadata_hits(ev, page, page_weight(i))
        found += f
        links += lk
    if found:
        return passed(*(h.pointer() for h in found[:5]), confidence=best_confidence(found),
                      vocabularies=sorted({h.what for h in found}), by=sorted({h.by for h in found}))
    if links:
        return partial(0.5, *(h.pointer() for h in links[:3]), by="link",
                       note="metadata is linked as a document, not in the page")
    return failed(Pointer(ev.final_url, note="no DCAT or schema.org Dataset metadata"))


def _licence_in(text: str, url: str = "") -> tuple[str | None, bool]:
    """(what names an open licence, whether the licence is restricted NC/ND)."""
    urls = data("open_licence_urls", [])
    bad = data("not_open_licence", [])
    low = url.lower()
    c = load_lexicon().concept("open_licence")
    hit = next((u for u in urls if u in low), None) if low else None
    if not hit and text:
        hit = c.match_text(text)
    if not hit:
        return None, False
    restricted = bool(matches_any(f"{text} {low}", bad))
    return hit, restricted


def licence_hits(ev: SiteView, page: Page, weight: float = 1.0) -> tuple[list[Hit], list[Hit]]:
    good: list[Hit] = []
    bad: list[Hit] = []
    for link in page.links:
        what, restricted = _memo_link("licence", link.href, link.label,
                                      lambda: _licence_in(link.label, link.href))  # noqa: B023 - called at once
        if what:
            by = "rel-license" if "license" in link.rel else "link"
            (bad if restricted else good).append(link_hit("licence", what, page, link, by, weight))
    for node in jsonld(ev, page):
        lic = node.get("license") or node.get("dct:license") or node.get("dcterms:license")
        if isinstance(lic, dict):
            lic = lic.get("@id") or lic.get("url") or lic.get("name") or ""
        if isinstance(lic, str) and lic:
            what, restricted = _licence_in(lic, lic)
            if what:
                (bad if restricted else good).append(Hit("licence", what, page.final_url, "jsonld", weight, "", lic, lic))
    for k, v in page.meta:
        if k in ("dcterms.license", "dc.rights", "license", "dcterms.rights", "copyright"):
            what, restricted = _licence_in(v, v)
            if what:
                (bad if restricted else good).append(Hit("licence", what, page.final_url, "meta", 0.9 * weight,
                                                         f'meta[name="{k}"]', v))
    if page.text:
        c = load_lexicon().concept("open_licence")
        t = c.without_exclusions(page.text)
        term = c.match_text(t)
        if term:
            at = t.find(term)
            window = t[max(0, at - 40): at + len(term) + 60]
            restricted = bool(matches_any(window, data("not_open_licence", [])))
            (bad if restricted else good).append(Hit("licence", term, page.final_url, "text", 0.8 * weight,
                                                     "body", window))
    return good, bad


@check("opendata.licence",
       failure_title={"en": 'No open licence', "th": 'ไม่พบสัญญาอนุญาตแบบเปิด'},
       why={"en": 'Without an open licence, reuse is legally uncertain.',
            "th": 'หากไม่มีสัญญาอนุญาตแบบเปิด การนำข้อมูลไปใช้ต่อไม่มีความชัดเจนทางกฎหมาย'},
       title={"en": "Open licence", "th": "สัญญาอนุญาตแบบเปิด"},
       description={"en": "Content or data under an open licence (Open Data Commons, CC BY / CC BY-SA / CC0, "
                          "Open Government Licence, Thai open-data licence) in a link, metadata or text; "
                          "non-commercial or no-derivatives licences are not open.",
                    "th": "ข้อมูลหรือเนื้อหาเผยแพร่ภายใต้สัญญาอนุญาตแบบเปิด (Open Data Commons, CC BY, CC0, "
                          "Open Government Licence) สัญญาอนุญาตแบบห้ามใช้เพื่อการค้าหรือห้ามดัดแปลงไม่นับเป็นแบบเปิด"},
       needs=("pages",), languages=LANGS, references=('Open Definition 2.1',))
def licence(ev: SiteView) -> Verdict:
    good: list[Hit] = []
    bad: list[Hit] = []
    for i, page in iter_pages(ev):
        g, b = licence_hits(ev, page, page_weight(i))
        good += g
        bad += b
    good = dedupe(good)
    if good:
        return passed(*(h.pointer() for h in good[:5]), confidence=best_confidence(good),
                      licence=good[0].name, by=good[0].by, restricted_found=len(bad))
    if bad:
        return failed(*(h.pointer("a licence that is not open (non-commercial / no derivatives)") for h in bad[:3]),
                      restricted=[h.snippet[:80] for h in bad[:5]])
    return failed(Pointer(ev.final_url, note="no open licence found"))

"""Technology without a browser: viewport, language, title, robots.txt, sitemap.xml, the CMS
and third parties (inventories), page weight, compression, caching, and HTML validity.

``tech.cms`` and ``tech.third-parties`` are inventories: ``info`` (never scored) when
something is identified, ``not_applicable`` when nothing is. Fingerprints are data
(``lexicon/data/cms.yaml``, ``lexicon/data/third_parties.yaml``).

``tech.page-weight`` thresholds (home page, from the markup only — resource sizes are not
fetched; options in ``checks/options.py``): ``pass`` with HTML ≤ 2 MB (2,000,000 bytes) and
≤ 100 referenced resources; ``partial`` (0.5) with HTML ≤ 4 MB and ≤ 200 resources; ``fail``
beyond either. Resources are the scripts, stylesheets, preloads and icons, images, frames,
media and embeds the markup makes a browser load (:func:`govlens.checks.match.resources`);
inline ``data:`` images are counted in the HTML bytes, where they are. 100 requests is about
the HTTP Archive's 75th percentile for a home page; 2 MB of HTML alone is far beyond any
ordinary page.

``tech.html-valid`` counts the Nu Html Checker's messages (``SiteEvidence.markup``, gathered
when a run validates HTML), on the number of ``error`` messages (warnings and info never
count): ``pass`` (1.0) with none; ``partial`` with 1–10, score ``1 - errors/20``; ``fail``
with more; ``not_applicable`` when HTML was not validated; ``error`` when the checker could
not check the page. Every message the checker repeats is counted, as on validator.w3.org;
after 1000 messages the checker stops ("Too many messages.") and ``details.capped`` says the
counts are lower bounds. docs/html-validity.md explains the thresholds.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from govlens.checks.match import data, entry_hits, host_of, resources, site_hosts
from govlens.checks.registry import (
    Pointer,
    Verdict,
    check,
    failed,
    info,
    not_applicable,
    partial,
    passed,
)
from govlens.checks.view import SiteView
from govlens.collect.discover import site_key
from govlens.evidence.model import Markup

# BCP 47 well-formedness, simplified: language, optional script, region, variants.
BCP47 = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?"
                   r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wy-z\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$",
                   re.I)
_LOC = re.compile(rb"<(?:\w+:)?loc>\s*([^<\s]+)\s*</(?:\w+:)?loc>", re.I)


@check("tech.viewport",
       failure_title={"en": 'No mobile viewport', "th": 'ไม่รองรับการแสดงผลบนมือถือ'},
       why={"en": 'Most Thai users reach government sites by phone; without a viewport the page is unreadable.',
            "th": 'ผู้ใช้ส่วนใหญ่เข้าเว็บไซต์ภาครัฐผ่านโทรศัพท์ หากไม่มี viewport หน้าเว็บจะอ่านยาก'},
       title={"en": "Mobile viewport", "th": "รองรับการแสดงผลบนมือถือ (viewport)"},
       description={"en": "The home page declares a viewport with width=device-width.",
                    "th": "หน้าแรกกำหนด meta viewport เป็น width=device-width"},
       needs=("page",))
def viewport(ev: SiteView) -> Verdict:
    home = ev.home
    value = home.meta_content("viewport")
    if value and "width=device-width" in value.replace(" ", "").lower():
        return passed(Pointer(home.final_url, 'meta[name="viewport"]', value[:120]))
    return failed(Pointer(home.final_url, 'meta[name="viewport"]', value or "",
                                           note="missing" if value is None else "no width=device-width"))


@check("tech.html-lang",
       failure_title={"en": 'Page language not declared', "th": 'ไม่ระบุภาษาของหน้าเว็บ'},
       why={"en": 'Screen readers choose their voice from the page language.',
            "th": 'โปรแกรมอ่านหน้าจอเลือกเสียงอ่านตามภาษาที่หน้าเว็บระบุ'},
       title={"en": "Page language declared", "th": "ระบุภาษาของหน้าเว็บ"},
       description={"en": "<html lang> is present and a well-formed BCP 47 tag.",
                    "th": "มีแอตทริบิวต์ lang ที่ถูกต้องตาม BCP 47 ในแท็ก html"},
       needs=("page",), references=('WCAG 2.1 SC 3.1.1',))
def html_lang(ev: SiteView) -> Verdict:
    home = ev.home
    if home.lang and BCP47.match(home.lang):
        return passed(Pointer(home.final_url, "html[lang]", home.lang), lang=home.lang)
    return failed(Pointer(home.final_url, "html", home.lang,
                                            note="missing" if not home.lang else "not a BCP 47 tag"))


@check("tech.title",
       failure_title={"en": 'Page has no title', "th": 'หน้าเว็บไม่มีชื่อ'},
       why={"en": 'The title names the page in tabs, bookmarks and search results.',
            "th": 'ชื่อหน้าเว็บแสดงในแท็บ บุ๊กมาร์ก และผลการค้นหา'},
       title={"en": "Page title", "th": "ชื่อหน้าเว็บ (title)"},
       description={"en": "The home page has a non-empty <title>.", "th": "หน้าแรกมีแท็ก title ที่ไม่ว่าง"},
       needs=("page",), references=('WCAG 2.1 SC 2.4.2',))
def title(ev: SiteView) -> Verdict:
    home = ev.home
    if home.title:
        return passed(Pointer(home.final_url, "title", home.title[:120]))
    return failed(Pointer(home.final_url, "title", note="missing or empty"))


@check("tech.robots-txt",
       failure_title={"en": 'No robots.txt', "th": 'ไม่มีไฟล์ robots.txt'},
       why={"en": 'robots.txt tells search engines what to index; without it they guess.',
            "th": 'robots.txt บอกเครื่องมือค้นหาว่าควรเก็บข้อมูลหน้าใด'},
       title={"en": "robots.txt", "th": "ไฟล์ robots.txt"},
       description={"en": "/robots.txt answers 200 with text.", "th": "มีไฟล์ /robots.txt ที่ตอบกลับ 200"},
       needs=("robots",), references=('RFC 9309',))
def robots_txt(ev: SiteView) -> Verdict:
    r = ev.robots
    if r is None:
        return failed(Pointer(ev.final_url, note="robots.txt not fetched"))
    ok_type = not r.content_type or r.content_type.startswith("text/")
    if r.status == 200 and ok_type and not r.error:
        lines = sum(1 for ln in r.text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
        return passed(Pointer(r.url, snippet=r.text[:160]), rules=lines)
    return failed(Pointer(r.url, note=r.error or f"HTTP {r.status} {r.content_type}"),
                  status=r.status)


@check("tech.sitemap-xml",
       failure_title={"en": 'No XML sitemap', "th": 'ไม่มีไฟล์ sitemap.xml'},
       why={"en": 'An XML sitemap gets every page into search engines, where people look first.',
            "th": 'sitemap.xml ช่วยให้ทุกหน้าปรากฏในเครื่องมือค้นหา ซึ่งเป็นที่แรกที่ประชาชนค้นหา'},
       title={"en": "XML sitemap", "th": "ไฟล์ sitemap.xml"},
       description={"en": "A sitemap XML (from robots.txt or /sitemap.xml) lists at least one URL.",
                    "th": "มีไฟล์ sitemap XML (จาก robots.txt หรือ /sitemap.xml) ที่ระบุ URL อย่างน้อยหนึ่งรายการ"},
       needs=("sitemap",), references=('sitemaps.org protocol 0.9',))
def sitemap_xml(ev: SiteView) -> Verdict:
    sm = ev.sitemap
    if sm is None:
        return failed(Pointer(ev.final_url, note="sitemap.xml not fetched"))
    if sm.status != 200 or sm.error:
        return failed(Pointer(sm.url, note=sm.error or f"HTTP {sm.status}"), status=sm.status)
    body = sm.text.encode("utf-8", "replace")
    head = body[:2048].lower()
    locs = _LOC.findall(body)
    if (b"<urlset" in head or b"<sitemapindex" in head) and locs:
        return passed(Pointer(sm.url, snippet=locs[0].decode("utf-8", "replace")[:160]),
                      urls=len(locs), index=b"<sitemapindex" in head)
    return failed(Pointer(sm.url, snippet=sm.text[:120], note="not a sitemap or empty"))


# ---------------------------------------------------------------- platform and weight

_MAX_AGE = re.compile(r"(?:s-)?max-age\s*=\s*\"?(\d+)", re.I)


@check("tech.cms",
       failure_title={"en": 'No CMS identified', "th": 'ไม่พบระบบจัดการเนื้อหา'},
       why={"en": 'Knowing the platform shows which sites share it, and which run outdated versions.',
            "th": 'การรู้แพลตฟอร์มทำให้เห็นว่าเว็บไซต์ใดใช้ร่วมกันและเว็บไซต์ใดใช้รุ่นที่ล้าสมัย'},
       title={"en": "CMS / site generator", "th": "ระบบจัดการเนื้อหา (CMS)"},
       description={"en": "The CMS or site generator, from <meta name=generator> and markers in the page source "
                          "(/wp-content/, Joomla, Drupal … — data). A design system alone (GOV.UK Frontend, "
                          "USWDS, WET) is reported in details but is not a CMS. Inventory: reported, never scored.",
                    "th": "ระบบจัดการเนื้อหาหรือเครื่องมือสร้างเว็บไซต์ จาก meta generator และร่องรอยในซอร์สของหน้า "
                          "(ข้อมูลประกอบ ไม่นำไปคิดคะแนน)"},
       needs=("page",), kind="inventory")
def cms(ev: SiteView) -> Verdict:
    home = ev.home
    entries = data("cms", [])
    generator = " ".join(v for k, v in home.meta if k == "generator").lower()
    found: list[dict[str, Any]] = []
    ptrs: list[Pointer] = []
    for e in entries:
        g = next((x for x in e.get("generator", []) if generator and x.lower() in generator), None)
        if g:
            found.append({"id": e["id"], "name": e["name"], "kind": e.get("kind", "cms"), "by": "generator"})
            ptrs.append(Pointer(home.final_url, 'meta[name="generator"]', generator[:120]))
    have = {f["id"] for f in found}
    for h in entry_hits(ev, home, [e for e in entries if e["id"] not in have], links=True, forms=False):
        e = next(x for x in entries if x["id"] == h.what)
        found.append({"id": e["id"], "name": e["name"], "kind": e.get("kind", "cms"), "by": h.by})
        ptrs.append(h.pointer())
    platforms = [f for f in found if f["kind"] != "design-system"]
    if not platforms:
        extra = {"design_systems": [f["name"] for f in found]} if found else {}
        return not_applicable("no CMS or generator fingerprint found (custom or unknown platform)", **extra)
    cms_first = sorted(platforms, key=lambda f: (f["kind"] != "cms", f["by"] != "generator"))
    version = re.search(r"(\d+(?:\.\d+)+)", generator)
    return info(*ptrs[:5], confidence=1.0 if cms_first[0]["by"] == "generator" else 0.9,
                cms=cms_first[0]["name"], all=found, generator=generator or None,
                version=version.group(1) if version else None)


_THIRD_PARTY_ENTRIES: list[tuple[tuple[Any, ...], tuple[int, ...], list[dict[str, Any]]]] = []


def _third_party_entries() -> list[dict[str, Any]]:
    """The third-party table with the chat widgets and payment gateways (with hosts) after
    it: built once per lexicon, so :func:`entry_hits` finds its prepared table every time (a
    table changed in length is read again)."""
    src = (data("third_parties", []), data("chat_widgets", []), data("payment_gateways", []))
    sizes = tuple(map(len, src))
    if _THIRD_PARTY_ENTRIES:
        old, old_sizes, entries = _THIRD_PARTY_ENTRIES[0]
        if old_sizes == sizes and all(a is b for a, b in zip(old, src, strict=True)):
            return entries
    entries = (src[0] + [{**e, "category": "chat"} for e in src[1]]
               + [{**e, "category": "payment"} for e in src[2] if e.get("hosts")])
    _THIRD_PARTY_ENTRIES[:] = [(src, sizes, entries)]
    return entries


@check("tech.third-parties",
       failure_title={"en": 'No third parties loaded', "th": 'ไม่พบการโหลดบริการภายนอก'},
       why={"en": 'Third parties see every visitor of a government page; they should be known and few.',
            "th": 'บริการภายนอกเห็นผู้เข้าชมหน้าเว็บภาครัฐทุกคน จึงควรรู้ว่ามีใครและมีให้น้อย'},
       title={"en": "Third-party services", "th": "บริการของบุคคลที่สาม"},
       description={"en": "Notable third parties the home page loads — analytics, tag managers, fonts, CDNs, "
                          "social widgets, video, maps (data) — and every other third-party host. Inventory: reported, never scored.",
                    "th": "บริการภายนอกที่หน้าแรกโหลด เช่น ระบบวิเคราะห์สถิติ ฟอนต์ CDN วิดเจ็ตโซเชียล "
                          "(ข้อมูลประกอบ ไม่นำไปคิดคะแนน)"},
       needs=("page",), kind="inventory")
def third_parties(ev: SiteView) -> Verdict:
    home = ev.home
    own = {site_key(h) for h in site_hosts(ev)}
    own_domains = {".".join(h.split(".")[-3:]) for h in own}
    # chat widgets and payment gateways a page loads are third parties too
    entries = _third_party_entries()
    hits = entry_hits(ev, home, entries, links=False, forms=False)
    known = [{"id": h.what, "name": h.name, "by": h.by, "url": h.target[:160]} for h in hits]
    category = {e["id"]: e.get("category", "other") for e in entries}
    for k in known:
        k["category"] = category.get(k["id"], "other")
    other = sorted({host_of(u) for _, u in resources(ev, home)
                    if host_of(u) and site_key(host_of(u)) not in own
                    and not any(host_of(u).endswith(d) for d in own_domains)})
    if not known and not other:
        return not_applicable("the home page loads nothing from other hosts")
    by_cat = Counter(k["category"] for k in known)
    return info(*(h.pointer() for h in hits[:8]), confidence=0.9, third_parties=known,
                categories=dict(sorted(by_cat.items())), hosts=other[:50], host_count=len(other))


@check("tech.page-weight",
       failure_title={"en": 'Home page too heavy', "th": 'หน้าแรกมีขนาดใหญ่เกินไป'},
       why={"en": 'Heavy pages are slow and costly on mobile data, which many citizens pay by the megabyte.',
            "th": 'หน้าที่ใหญ่โหลดช้าและสิ้นเปลืองอินเทอร์เน็ตมือถือ ซึ่งประชาชนจำนวนมากจ่ายตามปริมาณข้อมูล'},
       title={"en": "Page weight", "th": "ขนาดของหน้าเว็บ"},
       description={"en": "Home page HTML bytes and the number of resources its markup loads: pass with HTML "
                          "≤ 2 MB and ≤ 100 resources; partial up to 4 MB / 200; fail beyond.",
                    "th": "ขนาด HTML ของหน้าแรกและจำนวนไฟล์ที่หน้าเรียกโหลด: ผ่านเมื่อ HTML ไม่เกิน 2 MB และไม่เกิน "
                          "100 ไฟล์ ได้บางส่วนเมื่อไม่เกิน 4 MB / 200 ไฟล์"},
       needs=("page",))
def page_weight(ev: SiteView, opts: dict[str, Any]) -> Verdict:
    home = ev.home
    size = home.size or len(home.html.encode("utf-8", "replace"))
    res = resources(ev, home)
    max_html, max_res = opts["max_html_bytes"], opts["max_resources"]
    soft_html, soft_res = opts["soft_html_bytes"], opts["soft_resources"]
    kinds = dict(sorted(Counter(k for k, _ in res).items()))
    details = {"html_bytes": size, "resources": len(res), "by_kind": kinds,
               "thresholds": {"pass": [max_html, max_res], "partial": [soft_html, soft_res]},
               "truncated": home.truncated}
    ptr = Pointer(home.final_url, note=f"{size:,} bytes of HTML, {len(res)} resources")
    if size <= max_html and len(res) <= max_res and not home.truncated:
        return passed(ptr, **details)
    if size <= soft_html and len(res) <= soft_res and not home.truncated:
        return partial(0.5, ptr, **details)
    return failed(ptr, **details)


@check("tech.compression",
       failure_title={"en": 'Responses not compressed', "th": 'การตอบกลับไม่ถูกบีบอัด'},
       why={"en": 'Compression makes pages several times smaller at no cost.',
            "th": 'การบีบอัดทำให้หน้าเว็บเล็กลงหลายเท่าโดยไม่มีต้นทุน'},
       title={"en": "Compressed responses", "th": "การบีบอัดข้อมูล (gzip/br)"},
       description={"en": "The home response is compressed (Content-Encoding gzip, br, zstd or deflate).",
                    "th": "การตอบกลับของหน้าแรกถูกบีบอัด (Content-Encoding เป็น gzip, br, zstd หรือ deflate)"},
       needs=("headers",), references=('RFC 9110 §8.4',))
def compression(ev: SiteView) -> Verdict:
    home = ev.home
    if not home.headers:
        return not_applicable("no response headers recorded for the home page")
    enc = (home.header("content-encoding") or "").lower()
    codings = [c.strip() for c in enc.split(",") if c.strip() and c.strip() != "identity"]
    if codings and all(c in ("gzip", "x-gzip", "br", "zstd", "deflate") for c in codings):
        return passed(Pointer(home.final_url, snippet=f"Content-Encoding: {enc}"), encoding=codings)
    return failed(Pointer(home.final_url, snippet=f"Content-Encoding: {enc}" if enc else "",
                               note="response not compressed"), encoding=codings or None)


@check("tech.caching",
       failure_title={"en": 'No caching headers', "th": 'ไม่กำหนดการแคช'},
       why={"en": 'Caching spares returning visitors from downloading the same page again.',
            "th": 'การแคชช่วยให้ผู้กลับมาเข้าชมไม่ต้องดาวน์โหลดหน้าเดิมซ้ำ'},
       title={"en": "Caching headers", "th": "การกำหนดแคช (Cache-Control/ETag/Last-Modified)"},
       description={"en": "The home response says how to cache it: Cache-Control plus a validator (ETag or "
                          "Last-Modified) passes; one of them is partial; none fails.",
                    "th": "การตอบกลับของหน้าแรกกำหนดการแคช: มี Cache-Control และ ETag หรือ Last-Modified ถือว่าผ่าน "
                          "มีอย่างใดอย่างหนึ่งได้บางส่วน"},
       needs=("headers",), references=('RFC 9111',))
def caching(ev: SiteView) -> Verdict:
    home = ev.home
    if not home.headers:
        return not_applicable("no response headers recorded for the home page")
    cc = home.header("cache-control")
    etag = home.header("etag")
    lm = home.header("last-modified")
    m = _MAX_AGE.search(cc or "")
    details = {"cache_control": cc, "etag": etag is not None, "last_modified": lm is not None,
               "max_age": int(m.group(1)) if m else None}
    shown = " | ".join(f"{k}: {v}" for k, v in (("Cache-Control", cc), ("ETag", etag), ("Last-Modified", lm)) if v)
    ptr = Pointer(home.final_url, snippet=shown[:200])
    if cc and (etag or lm):
        return passed(ptr, **details)
    if cc or etag or lm:
        return partial(0.5, ptr, **details)
    return failed(Pointer(home.final_url, note="no Cache-Control, ETag or Last-Modified"), **details)


# ----------------------------------------------------------------------- HTML validity

ERROR_WEIGHT = 1 / 20  # score lost per error while partial
MAX_POINTERS = 10
RULE = ("pass: 0 errors; partial: 1-10 errors, score 1 - errors/20; fail: more than 10 errors; "
        "warnings and info do not count")


def capped(m: Markup) -> bool:
    """vnu's "Too many messages." (after 1000): the counts are lower bounds, it is no markup error."""
    return m.type == "error" and m.subtype == "fatal" and m.message.startswith("Too many messages")


def kind(m: Markup) -> str:
    """error | fatal | warning | info | non-document-error, as validator.w3.org labels them."""
    if m.type == "error":
        return "fatal" if m.subtype == "fatal" else "error"
    if m.type == "info":
        return "warning" if m.subtype == "warning" else "info"
    return m.type


def pointer(url: str, m: Markup) -> Pointer:
    where = f"{m.line}:{m.column}" if m.line else "document"
    return Pointer(url, "", m.extract.strip()[:200], note=f"{where} {kind(m)}: {m.message}"[:500])


def score_for(errors: int) -> float:
    return 1.0 if errors == 0 else round(max(0.0, 1 - errors * ERROR_WEIGHT), 3)


@check("tech.html-valid",
       failure_title={"en": 'HTML has errors', "th": 'HTML มีข้อผิดพลาด'},
       why={"en": 'Broken markup renders differently across browsers and confuses assistive technology.',
            "th": 'HTML ที่ผิดแสดงผลต่างกันในแต่ละเบราว์เซอร์และทำให้เทคโนโลยีสิ่งอำนวยความสะดวกทำงานผิด'},
       title={"en": "Valid HTML (W3C Nu Html Checker)",
              "th": "HTML ถูกต้องตามมาตรฐาน W3C (Nu Html Checker)"},
       description={"en": "The home page's HTML checked by the Nu Html Checker (the W3C validator, run "
                          "locally): pass with no errors, partial with 1-10 errors (score 1 - errors/20), "
                          "fail with more. Warnings do not count. Not applicable when HTML was not validated "
                          "(run with --validate-html and Java installed).",
                    "th": "ตรวจ HTML ของหน้าแรกด้วย Nu Html Checker (เครื่องมือตรวจของ W3C ที่รันในเครื่อง): "
                          "ผ่านเมื่อไม่มีข้อผิดพลาด ผ่านบางส่วนเมื่อมีข้อผิดพลาด 1-10 รายการ "
                          "(คะแนน 1 - จำนวนข้อผิดพลาด/20) ไม่ผ่านเมื่อมีมากกว่านั้น คำเตือนไม่นับ "
                          "ไม่นำมาพิจารณาเมื่อไม่ได้ตรวจ HTML (ใช้ --validate-html และต้องมี Java)"},
       needs=("page", "markup"), references=('W3C Nu Html Checker', 'WHATWG HTML'))
def html_valid(ev: SiteView, opts: dict[str, Any]) -> Verdict:
    if ev.markup is None:
        return not_applicable("HTML not validated (run with --validate-html; needs Java and vnu.jar)")
    home = ev.home
    url = home.final_url
    broken = [m for m in ev.markup if m.type == "non-document-error"]
    if broken:
        return Verdict("error", None, tuple(pointer(url, m) for m in broken[:MAX_POINTERS]),
                       {"reason": "the checker could not check the page: " + broken[0].message[:300]})
    markup = [m for m in ev.markup if not capped(m)]
    kinds = [kind(m) for m in markup]
    errors = sum(k in ("error", "fatal") for k in kinds)
    details: dict[str, object] = {
        "errors": errors, "warnings": kinds.count("warning"), "info": kinds.count("info"),
        "fatal": kinds.count("fatal") > 0, "rule": RULE, "validator": "Nu Html Checker (vnu.jar)",
    }
    if len(markup) < len(ev.markup):
        details["capped"] = True  # the checker stopped after 1000 messages: counts are lower bounds
    if home.truncated:
        details["truncated"] = True  # only the part received was checked
    # errors first, then warnings, each in document order
    ordered = ([m for m, k in zip(markup, kinds, strict=True) if k in ("error", "fatal")]
               + [m for m, k in zip(markup, kinds, strict=True) if k == "warning"])
    evidence = [pointer(url, m) for m in ordered[:MAX_POINTERS]]
    if errors == 0:
        return passed(*evidence, **details)
    if errors <= opts["max_partial_errors"]:
        return partial(score_for(errors), *evidence, **details)
    return failed(*evidence, **details)

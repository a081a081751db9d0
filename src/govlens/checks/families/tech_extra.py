"""Technology and performance without a browser: CMS, third parties, page weight,
compression and caching of the home page.

``tech.cms`` and ``tech.third-parties`` are inventories: ``pass`` (score None, never scored)
when something is identified, ``not_applicable`` when nothing is. Fingerprints are data
(``checks/data/cms.yaml``, ``checks/data/third_parties.yaml``).

``tech.page-weight`` thresholds (home page, from the markup only — resource sizes are not
fetched):

* ``pass``: HTML ≤ 2 MB (2,000,000 bytes) and ≤ 100 referenced resources;
* ``partial`` (0.5): HTML ≤ 4 MB and ≤ 200 resources;
* ``fail``: beyond either.

Resources are the scripts, stylesheets, preloads and icons, images, frames, media and
embeds the markup makes a browser load (``providers.resources``); inline ``data:`` images
are counted in the HTML bytes, where they are. 100 requests is about the HTTP Archive's
75th percentile for a home page; 2 MB of HTML alone is far beyond any ordinary page.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from govlens.checks.providers import data, entry_hits, host_of, resources, site_hosts
from govlens.checks.registry import (
    CheckResult,
    Pointer,
    check,
    failed,
    not_applicable,
    partial,
    passed,
)
from govlens.collect.discover import site_key
from govlens.evidence.model import SiteEvidence

MAX_HTML = 2_000_000
MAX_RESOURCES = 100
SOFT_HTML = 4_000_000
SOFT_RESOURCES = 200
_MAX_AGE = re.compile(r"(?:s-)?max-age\s*=\s*\"?(\d+)", re.I)


@check("tech.cms",
       title={"en": "CMS / site generator", "th": "ระบบจัดการเนื้อหา (CMS)"},
       description={"en": "The CMS or site generator, from <meta name=generator> and markers in the page source "
                          "(/wp-content/, Joomla, Drupal … — data). A design system alone (GOV.UK Frontend, "
                          "USWDS, WET) is reported in details but is not a CMS. Inventory: not scored.",
                    "th": "ระบบจัดการเนื้อหาหรือเครื่องมือสร้างเว็บไซต์ จาก meta generator และร่องรอยในซอร์สของหน้า "
                          "(ข้อมูลประกอบ ไม่นำไปคิดคะแนน)"},
       needs=("page",), standard="GSA Site Scanning (CMS); LOSI technology", requires_home=True)
def cms(site: SiteEvidence) -> CheckResult:
    cid = "tech.cms"
    home = site.pages[0]
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
    for h in entry_hits(home, [e for e in entries if e["id"] not in have], links=True, forms=False):
        e = next(x for x in entries if x["id"] == h.what)
        found.append({"id": e["id"], "name": e["name"], "kind": e.get("kind", "cms"), "by": h.by})
        ptrs.append(h.pointer())
    platforms = [f for f in found if f["kind"] != "design-system"]
    if not platforms:
        r = not_applicable(cid, "no CMS or generator fingerprint found (custom or unknown platform)")
        if found:
            r.details["design_systems"] = [f["name"] for f in found]
        return r
    cms_first = sorted(platforms, key=lambda f: (f["kind"] != "cms", f["by"] != "generator"))
    version = re.search(r"(\d+(?:\.\d+)+)", generator)
    return CheckResult(cid, "pass", None, tuple(ptrs[:5]),
                       {"cms": cms_first[0]["name"], "all": found,
                        "generator": generator or None, "version": version.group(1) if version else None},
                       1.0 if cms_first[0]["by"] == "generator" else 0.9)


@check("tech.third-parties",
       title={"en": "Third-party services", "th": "บริการของบุคคลที่สาม"},
       description={"en": "Notable third parties the home page loads — analytics, tag managers, fonts, CDNs, "
                          "social widgets, video, maps (data) — and every other third-party host. Inventory: not scored.",
                    "th": "บริการภายนอกที่หน้าแรกโหลด เช่น ระบบวิเคราะห์สถิติ ฟอนต์ CDN วิดเจ็ตโซเชียล "
                          "(ข้อมูลประกอบ ไม่นำไปคิดคะแนน)"},
       needs=("page",), standard="DashLord third parties; GSA Site Scanning", requires_home=True)
def third_parties(site: SiteEvidence) -> CheckResult:
    cid = "tech.third-parties"
    home = site.pages[0]
    own = {site_key(h) for h in site_hosts(site)}
    own_domains = {".".join(h.split(".")[-3:]) for h in own}
    # chat widgets and payment gateways a page loads are third parties too
    entries = (data("third_parties", []) + [{**e, "category": "chat"} for e in data("chat_widgets", [])]
               + [{**e, "category": "payment"} for e in data("payment_gateways", []) if e.get("hosts")])
    hits = entry_hits(home, entries, links=False, forms=False)
    known = [{"id": h.what, "name": h.name, "by": h.by, "url": h.target[:160]} for h in hits]
    category = {e["id"]: e.get("category", "other") for e in entries}
    for k in known:
        k["category"] = category.get(k["id"], "other")
    other = sorted({host_of(u) for _, u in resources(home)
                    if host_of(u) and site_key(host_of(u)) not in own
                    and not any(host_of(u).endswith(d) for d in own_domains)})
    if not known and not other:
        return not_applicable(cid, "the home page loads nothing from other hosts")
    by_cat = Counter(k["category"] for k in known)
    return CheckResult(cid, "pass", None, tuple(h.pointer() for h in hits[:8]),
                       {"third_parties": known, "categories": dict(sorted(by_cat.items())),
                        "hosts": other[:50], "host_count": len(other)}, 0.9)


@check("tech.page-weight",
       title={"en": "Page weight", "th": "ขนาดของหน้าเว็บ"},
       description={"en": "Home page HTML bytes and the number of resources its markup loads: pass with HTML "
                          "≤ 2 MB and ≤ 100 resources; partial up to 4 MB / 200; fail beyond.",
                    "th": "ขนาด HTML ของหน้าแรกและจำนวนไฟล์ที่หน้าเรียกโหลด: ผ่านเมื่อ HTML ไม่เกิน 2 MB และไม่เกิน "
                          "100 ไฟล์ ได้บางส่วนเมื่อไม่เกิน 4 MB / 200 ไฟล์"},
       needs=("page",), standard="LOSI technology (page speed); HTTP Archive Web Almanac", requires_home=True)
def page_weight_check(site: SiteEvidence) -> CheckResult:
    cid = "tech.page-weight"
    home = site.pages[0]
    size = home.size or len(home.html.encode("utf-8", "replace"))
    res = resources(home)
    kinds = dict(sorted(Counter(k for k, _ in res).items()))
    details = {"html_bytes": size, "resources": len(res), "by_kind": kinds,
               "thresholds": {"pass": [MAX_HTML, MAX_RESOURCES], "partial": [SOFT_HTML, SOFT_RESOURCES]},
               "truncated": home.truncated}
    ptr = Pointer(home.final_url, note=f"{size:,} bytes of HTML, {len(res)} resources")
    if size <= MAX_HTML and len(res) <= MAX_RESOURCES and not home.truncated:
        return passed(cid, ptr, **details)
    if size <= SOFT_HTML and len(res) <= SOFT_RESOURCES and not home.truncated:
        return partial(cid, 0.5, ptr, **details)
    return failed(cid, ptr, **details)


@check("tech.compression",
       title={"en": "Compressed responses", "th": "การบีบอัดข้อมูล (gzip/br)"},
       description={"en": "The home response is compressed (Content-Encoding gzip, br, zstd or deflate).",
                    "th": "การตอบกลับของหน้าแรกถูกบีบอัด (Content-Encoding เป็น gzip, br, zstd หรือ deflate)"},
       needs=("headers",), standard="LOSI technology (page speed); RFC 9110 content coding", requires_home=True)
def compression(site: SiteEvidence) -> CheckResult:
    cid = "tech.compression"
    home = site.pages[0]
    if not home.headers:
        return not_applicable(cid, "no response headers recorded for the home page")
    enc = (home.header("content-encoding") or "").lower()
    codings = [c.strip() for c in enc.split(",") if c.strip() and c.strip() != "identity"]
    if codings and all(c in ("gzip", "x-gzip", "br", "zstd", "deflate") for c in codings):
        return passed(cid, Pointer(home.final_url, snippet=f"Content-Encoding: {enc}"), encoding=codings)
    return failed(cid, Pointer(home.final_url, snippet=f"Content-Encoding: {enc}" if enc else "",
                               note="response not compressed"), encoding=codings or None)


@check("tech.caching",
       title={"en": "Caching headers", "th": "การกำหนดแคช (Cache-Control/ETag/Last-Modified)"},
       description={"en": "The home response says how to cache it: Cache-Control plus a validator (ETag or "
                          "Last-Modified) passes; one of them is partial; none fails.",
                    "th": "การตอบกลับของหน้าแรกกำหนดการแคช: มี Cache-Control และ ETag หรือ Last-Modified ถือว่าผ่าน "
                          "มีอย่างใดอย่างหนึ่งได้บางส่วน"},
       needs=("headers",), standard="RFC 9111 HTTP caching; LOSI technology (page speed)", requires_home=True)
def caching(site: SiteEvidence) -> CheckResult:
    cid = "tech.caching"
    home = site.pages[0]
    if not home.headers:
        return not_applicable(cid, "no response headers recorded for the home page")
    cc = home.header("cache-control")
    etag = home.header("etag")
    lm = home.header("last-modified")
    m = _MAX_AGE.search(cc or "")
    details = {"cache_control": cc, "etag": etag is not None, "last_modified": lm is not None,
               "max_age": int(m.group(1)) if m else None}
    shown = " | ".join(f"{k}: {v}" for k, v in (("Cache-Control", cc), ("ETag", etag), ("Last-Modified", lm)) if v)
    ptr = Pointer(home.final_url, snippet=shown[:200])
    if cc and (etag or lm):
        return passed(cid, ptr, **details)
    if cc or etag or lm:
        return partial(cid, 0.5, ptr, **details)
    return failed(cid, Pointer(home.final_url, note="no Cache-Control, ETag or Last-Modified"), **details)

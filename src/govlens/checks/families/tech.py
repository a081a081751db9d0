"""Technical basics: viewport, language, title, robots.txt, sitemap.xml."""

import re

from govlens.checks.registry import CheckResult, Pointer, check, failed, passed
from govlens.evidence.model import SiteEvidence

# BCP 47 well-formedness, simplified: language, optional script, region, variants.
BCP47 = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?"
                   r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wy-z\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$",
                   re.I)
_LOC = re.compile(rb"<(?:\w+:)?loc>\s*([^<\s]+)\s*</(?:\w+:)?loc>", re.I)


@check("tech.viewport",
       title={"en": "Mobile viewport", "th": "รองรับการแสดงผลบนมือถือ (viewport)"},
       description={"en": "The home page declares a viewport with width=device-width.",
                    "th": "หน้าแรกกำหนด meta viewport เป็น width=device-width"},
       needs=("page",), standard="LOSI TECH mobile; EU benchmark mobile friendliness", requires_home=True)
def viewport(site: SiteEvidence) -> CheckResult:
    home = site.pages[0]
    value = home.meta_content("viewport")
    if value and "width=device-width" in value.replace(" ", "").lower():
        return passed("tech.viewport", Pointer(home.final_url, 'meta[name="viewport"]', value[:120]))
    return failed("tech.viewport", Pointer(home.final_url, 'meta[name="viewport"]', value or "",
                                           note="missing" if value is None else "no width=device-width"))


@check("tech.html-lang",
       title={"en": "Page language declared", "th": "ระบุภาษาของหน้าเว็บ"},
       description={"en": "<html lang> is present and a well-formed BCP 47 tag.",
                    "th": "มีแอตทริบิวต์ lang ที่ถูกต้องตาม BCP 47 ในแท็ก html"},
       needs=("page",), standard="WCAG 3.1.1 (a11y.act-b5c3f8 and a11y.act-bf051a are the ACT rules)", requires_home=True)
def html_lang(site: SiteEvidence) -> CheckResult:
    home = site.pages[0]
    if home.lang and BCP47.match(home.lang):
        return passed("tech.html-lang", Pointer(home.final_url, "html[lang]", home.lang), lang=home.lang)
    return failed("tech.html-lang", Pointer(home.final_url, "html", home.lang,
                                            note="missing" if not home.lang else "not a BCP 47 tag"))


@check("tech.title",
       title={"en": "Page title", "th": "ชื่อหน้าเว็บ (title)"},
       description={"en": "The home page has a non-empty <title>.", "th": "หน้าแรกมีแท็ก title ที่ไม่ว่าง"},
       needs=("page",), standard="WCAG 2.4.2 (a11y.act-2779a5 is the ACT rule)", requires_home=True)
def title(site: SiteEvidence) -> CheckResult:
    home = site.pages[0]
    if home.title:
        return passed("tech.title", Pointer(home.final_url, "title", home.title[:120]))
    return failed("tech.title", Pointer(home.final_url, "title", note="missing or empty"))


@check("tech.robots-txt",
       title={"en": "robots.txt", "th": "ไฟล์ robots.txt"},
       description={"en": "/robots.txt answers 200 with text.", "th": "มีไฟล์ /robots.txt ที่ตอบกลับ 200"},
       needs=("robots",), standard="LOSI TECH findability", requires_home=True)
def robots_txt(site: SiteEvidence) -> CheckResult:
    r = site.robots
    if r is None:
        return failed("tech.robots-txt", Pointer(site.final_url, note="robots.txt not fetched"))
    ok_type = not r.content_type or r.content_type.startswith("text/")
    if r.status == 200 and ok_type and not r.error:
        lines = sum(1 for ln in r.text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
        return passed("tech.robots-txt", Pointer(r.url, snippet=r.text[:160]), rules=lines)
    return failed("tech.robots-txt", Pointer(r.url, note=r.error or f"HTTP {r.status} {r.content_type}"),
                  status=r.status)


@check("tech.sitemap-xml",
       title={"en": "XML sitemap", "th": "ไฟล์ sitemap.xml"},
       description={"en": "A sitemap XML (from robots.txt or /sitemap.xml) lists at least one URL.",
                    "th": "มีไฟล์ sitemap XML (จาก robots.txt หรือ /sitemap.xml) ที่ระบุ URL อย่างน้อยหนึ่งรายการ"},
       needs=("sitemap",), standard="LOSI TECH findability; DGA v3 (XML sitemap)", requires_home=True)
def sitemap_xml(site: SiteEvidence) -> CheckResult:
    sm = site.sitemap
    if sm is None:
        return failed("tech.sitemap-xml", Pointer(site.final_url, note="sitemap.xml not fetched"))
    if sm.status != 200 or sm.error:
        return failed("tech.sitemap-xml", Pointer(sm.url, note=sm.error or f"HTTP {sm.status}"), status=sm.status)
    body = sm.text.encode("utf-8", "replace")
    head = body[:2048].lower()
    locs = _LOC.findall(body)
    if (b"<urlset" in head or b"<sitemapindex" in head) and locs:
        return passed("tech.sitemap-xml", Pointer(sm.url, snippet=locs[0].decode("utf-8", "replace")[:160]),
                      urls=len(locs), index=b"<sitemapindex" in head)
    return failed("tech.sitemap-xml", Pointer(sm.url, snippet=sm.text[:120], note="not a sitemap or empty"))

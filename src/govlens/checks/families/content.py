"""Content a government site is expected to offer, found the way a visitor finds it.

Each check looks for a link whose text, image alt, title or URL names the thing, in Thai
or English (lexicons are data). A found link whose target failed is ``partial``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from govlens.checks.common import broken_targets, find_concept
from govlens.checks.dates import newest
from govlens.checks.forms import classify
from govlens.checks.registry import CheckResult, Pointer, check, failed, partial, passed
from govlens.evidence.model import SiteEvidence
from govlens.lexicon.matcher import load_lexicon, normalise

LANGS = ("en", "th")


def concept_check(cid: str, concept: str, title: dict[str, str], description: dict[str, str],
                  standard: str = "", skip_ext: tuple[str, ...] = (), headings: bool = False) -> None:
    """Register a "there is a link to X" check for a lexicon concept."""

    def fn(site: SiteEvidence) -> CheckResult:
        found = [f for f in find_concept(site, concept)
                 if not (skip_ext and urlsplit(f.link.href).path.lower().endswith(skip_ext))]
        if not found and headings:
            c = load_lexicon().concept(concept)
            for page in site.pages:
                for level, text in page.headings:
                    term = c.match_text(text)
                    if term:
                        return CheckResult(cid, "pass", 1.0, (Pointer(page.final_url, f"h{level}", text[:200]),),
                                           {"matched": term, "by": "heading"}, 0.8)
        if not found:
            return failed(cid, Pointer(site.final_url, note=f"no link to {concept} found on "
                                                            f"{len(site.pages)} page(s)"))
        broken = broken_targets(site, found)
        best = found[0]
        if broken and len(broken) == len(found):
            return partial(cid, 0.5, *(f.pointer() for f in found[:3]), broken=broken)
        return CheckResult(cid, "pass", 1.0, tuple(f.pointer() for f in found[:3]),
                           {"matched": best.term, "by": best.by}, best.confidence)

    check(cid, title=title, description=description, needs=("pages",), standard=standard,
          languages=LANGS, requires_home=True)(fn)


concept_check("content.contact", "contact",
              {"en": "Contact page", "th": "หน้าติดต่อหน่วยงาน"},
              {"en": "A link to the organisation's contact details.",
               "th": "มีลิงก์ไปยังข้อมูลการติดต่อหน่วยงาน"}, "LOSI CP; DGA v1 C1")
concept_check("content.sitemap", "sitemap",
              {"en": "Sitemap page", "th": "แผนผังเว็บไซต์"},
              {"en": "A link to an HTML sitemap page.", "th": "มีลิงก์ไปยังหน้าแผนผังเว็บไซต์"},
              "LOSI TECH; DGA v3", skip_ext=(".xml", ".xml.gz"))
concept_check("content.privacy-policy", "privacy",
              {"en": "Privacy / website policy", "th": "นโยบายคุ้มครองข้อมูลส่วนบุคคล / นโยบายเว็บไซต์"},
              {"en": "A link to the privacy, personal-data or website policy.",
               "th": "มีลิงก์ไปยังนโยบายความเป็นส่วนตัว คุ้มครองข้อมูลส่วนบุคคล หรือนโยบายเว็บไซต์"},
              "OSI #014; PDPA B.E. 2562")
concept_check("content.faq", "faq",
              {"en": "FAQ", "th": "คำถามที่พบบ่อย (ถาม-ตอบ)"},
              {"en": "A link to frequently asked questions or Q&A.",
               "th": "มีลิงก์ไปยังคำถามที่พบบ่อยหรือถาม-ตอบ"}, "DGA v1 C2.1")
concept_check("content.news", "news",
              {"en": "News", "th": "ข่าวประชาสัมพันธ์"},
              {"en": "A link to news or announcements.", "th": "มีลิงก์ไปยังข่าวหรือประกาศ"}, headings=True)
concept_check("content.about", "about",
              {"en": "About the organisation", "th": "เกี่ยวกับหน่วยงาน"},
              {"en": "A link to about, history, vision or structure.",
               "th": "มีลิงก์ไปยังข้อมูลเกี่ยวกับหน่วยงาน ประวัติ วิสัยทัศน์ หรือโครงสร้าง"}, "DGA v1 C1.1")


@check("content.search",
       title={"en": "Site search", "th": "ระบบค้นหาข้อมูล"},
       description={"en": "A search box (a form that searches) or a link to a search page.",
                    "th": "มีช่องค้นหา (แบบฟอร์มค้นหา) หรือลิงก์ไปยังหน้าค้นหา"},
       needs=("pages",), standard="LOSI TECH; DGA v1 C2.2", languages=LANGS, requires_home=True)
def search(site: SiteEvidence) -> CheckResult:
    cid = "content.search"
    for i, page in enumerate(site.pages):
        for form in page.forms:
            if classify(form) == "search":
                return CheckResult(cid, "pass", 1.0, (Pointer(page.final_url, form.selector or
                                   (form.fields[0].selector if form.fields else ""),
                                   form.text[:120] or ", ".join(f.name for f in form.fields)),),
                                   {"by": "form"}, 1.0 if i == 0 else 0.85)
    found = find_concept(site, "search", same_site_only=True)
    if found:
        return CheckResult(cid, "pass", 1.0, (found[0].pointer(),), {"by": "link"}, found[0].confidence * 0.9)
    return failed(cid, Pointer(site.final_url, note="no search form or search link"))


def _link_language(text: str, hreflang: str, names: dict[str, list[str]]) -> str | None:
    if hreflang:
        return hreflang.split("-")[0].lower()
    t = normalise(text)
    tokens = [w for w in re.split(r"[\s()/|:,\-–]+", t) if w]
    for lang, words in names.items():
        ws = {normalise(w) for w in words}
        if t in ws:
            return lang
        # "English version", "English (EN)", "ภาษาไทย | TH": a language name among ≤ 3 words
        if 1 < len(tokens) <= 3 and any(w in ws for w in tokens if len(w) > 2):
            return lang
    return None


@check("content.foreign-language",
       title={"en": "Foreign-language version", "th": "เว็บไซต์ภาษาต่างประเทศ"},
       description={"en": "A switch to a version in another language than the page's own.",
                    "th": "มีปุ่มหรือลิงก์เปลี่ยนไปยังเนื้อหาภาษาอื่นนอกจากภาษาของหน้า"},
       needs=("page",), standard="OSI #015 foreign language support", languages=LANGS, requires_home=True)
def foreign_language(site: SiteEvidence) -> CheckResult:
    cid = "content.foreign-language"
    names = load_lexicon().data.get("language_names", {})
    home = site.pages[0]
    own = (home.lang or "").split("-")[0].lower()
    for link in home.links:
        lang = _link_language(link.label, link.hreflang, names)
        if lang and lang != own:
            return passed(cid, Pointer(home.final_url, link.selector, link.label[:80],
                                       note=f"switch to {lang}"), to=lang, page_lang=own)
    if home.html and "<select" in home.html.lower():  # a <select> switch (navigates by script)
        for opt in LexborHTMLParser(home.html).css("select option"):
            lang = _link_language(opt.text() or "", "", names)
            if lang and lang != own and (opt.attributes.get("value") or ""):
                return passed(cid, Pointer(home.final_url, "select option", (opt.text() or "")[:80],
                                           note=f"switch to {lang} (select)"), to=lang, page_lang=own)
    return failed(cid, Pointer(home.final_url, note="no language switch found"), page_lang=own)


@check("content.freshness",
       title={"en": "Recently updated", "th": "ข้อมูลเป็นปัจจุบัน"},
       description={"en": "The newest date on the home or news page is within 90 days of the crawl.",
                    "th": "วันที่ล่าสุดบนหน้าแรกหรือหน้าข่าวอยู่ภายใน 90 วันก่อนวันที่ตรวจ"},
       needs=("pages",), languages=LANGS, requires_home=True)
def freshness(site: SiteEvidence, max_days: int = 90) -> CheckResult:
    cid = "content.freshness"
    today = datetime.fromisoformat(site.captured).date() if site.captured else date.today()
    best: tuple[date, str, str] | None = None
    candidates = [site.pages[0]] + [p for p in site.pages[1:] if p.discovered_as == "key:news"]
    for page in candidates:
        texts = [page.text] + [v for k, v in page.meta if k in ("article:modified_time", "article:published_time",
                                                                   "last-modified", "dcterms.modified", "date")]
        for t in texts:
            hit = newest(t, today)
            if hit and (best is None or hit[0] > best[0]):
                best = (hit[0], hit[1], page.final_url)
    if best is None:
        return failed(cid, Pointer(site.final_url, note="no date found"), newest=None)
    age = (today - best[0]).days
    ptr = Pointer(best[2], snippet=best[1], note=f"{age} days before the crawl")
    details = {"newest": best[0].isoformat(), "age_days": age}
    if age <= max_days:
        return passed(cid, ptr, **details)
    if age <= 365:
        return partial(cid, 0.5, ptr, **details)
    return failed(cid, ptr, **details)

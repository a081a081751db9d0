"""Content a government site is expected to offer, found the way a visitor finds it.

The "there is a link to X" checks look for a link whose text, image alt, title or URL names
the thing, in Thai or English (lexicon concepts); a found link whose target failed is
``partial`` (:func:`govlens.checks.match.concept_check`). The organisation chart and the
executives may also show as a heading or an image.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from govlens.checks.dates import newest
from govlens.checks.forms import case_lookup, classify, form_facts
from govlens.checks.match import (
    Hit,
    best_confidence,
    concept_check,
    concept_hits,
    css_word_alike,
    data,
    dedupe,
    form_title,
    goes_somewhere,
    iter_pages,
    link_concept_hits,
    lower_html,
    matches_any,
    page_weight,
    section_title_hits,
    title_texts,
)
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
from govlens.checks.view import SiteView, computed
from govlens.evidence.model import Form, Link, Page
from govlens.lexicon.matcher import load_lexicon, normalise

LANGS = ("en", "th")

_COMMENT_FORM = re.compile(r"comment|bình luận|ความคิดเห็นต่อข่าว", re.I)


def _writes_to_agency(form: Form) -> bool:
    """A message box with a way to answer back (e-mail or phone, as the form classifier reads
    them): a way to write to the organisation and be answered — not a comment under an
    article (``#commentform``, ``wp-comments-post``)."""
    x = form_facts(form)
    return bool(x.reply) and x.text_area and not _COMMENT_FORM.search(f"{form.id} {form.name} {form.action}")


def _contact_elsewhere(ev: SiteView) -> tuple[Pointer, float, str] | None:
    """Contact offered without a link named contact: a contact form, or a heading or title
    that names it over the organisation's phone, e-mail or address (a footer "ติดต่อเรา"
    block, a contact page whose title is the organisation's name). A bare e-mail link is not enough: blind readers split
    on it (the real-page corpus), so it stays evidence for content.contact-details only."""

    lex = load_lexicon()
    c, fb = lex.concept("contact"), lex.concept("feedback")
    for page in ev.pages:
        for form in page.forms:
            if classify(form) != "feedback":
                continue
            title = form_title(ev, page, form)
            # a complaint box or a question board is a feedback channel (participation.feedback)
            if c.match_text(form.text) or c.match_text(title) or (
                    _writes_to_agency(form) and not fb.match_text(title) and not fb.match_text(page.title)):
                return (Pointer(page.final_url, form.selector, form.text[:200],
                                note="a contact form (write to the organisation)"), 0.75, "contact-form")
        if not contact_details_of(ev, page):
            continue
        for level, text in page.headings:
            if len(text) <= 80 and c.match_text(text):
                return (Pointer(page.final_url, f"h{level}", text[:200],
                                note="a contact heading over phone, e-mail or address"), 0.75, "heading+details")
        # a title drawn without a heading tag (a styled div, a breadcrumb, a footer label)
        for own in title_texts(ev, page):
            if c.match_text(own):
                return (Pointer(page.final_url, "", own, note="a contact title over phone, e-mail or address"),
                        0.7, "title+details")
    return None


concept_check(
    "content.contact", "contact", fallback=_contact_elsewhere,
    title={"en": "Contact page", "th": "หน้าติดต่อหน่วยงาน"},
    failure_title={"en": "No link to contact details", "th": "ไม่พบลิงก์ไปยังข้อมูลการติดต่อหน่วยงาน"},
    description={"en": "A link to the organisation's contact details (its text, URL or an e-mail link "
                       "named 'contact') or a contact heading over phone, e-mail or address; every such "
                       "link broken: partial.",
                 "th": "มีลิงก์ไปยังข้อมูลการติดต่อหน่วยงาน (จากข้อความ URL หรือลิงก์อีเมลที่ระบุว่าติดต่อ) "
                       "หรือหัวข้อ 'ติดต่อ' ที่มีเบอร์โทรศัพท์ อีเมล หรือที่อยู่ ถ้าลิงก์ที่พบเสียทั้งหมดได้คะแนนบางส่วน"},
    why={"en": "People need to reach the organisation by phone, mail or in person when a service fails.",
         "th": "ประชาชนต้องติดต่อหน่วยงานได้ทางโทรศัพท์ อีเมล หรือที่ตั้ง เมื่อใช้บริการไม่สำเร็จ"})
concept_check(
    "content.sitemap", "sitemap",
    title={"en": "Sitemap page", "th": "แผนผังเว็บไซต์"},
    failure_title={"en": "No sitemap page", "th": "ไม่พบหน้าแผนผังเว็บไซต์"},
    description={"en": "A link to an HTML sitemap page (links to sitemap.xml do not count).",
                 "th": "มีลิงก์ไปยังหน้าแผนผังเว็บไซต์ (ไม่นับลิงก์ไปยัง sitemap.xml)"},
    why={"en": "A sitemap lets visitors and assistive technology find pages the menus hide.",
         "th": "แผนผังเว็บไซต์ช่วยให้ผู้ใช้และเทคโนโลยีสิ่งอำนวยความสะดวกค้นหาหน้าที่เมนูไม่แสดงได้"},
    skip_ext=(".xml", ".xml.gz"))
concept_check(
    "content.privacy-policy", "privacy",
    title={"en": "Privacy (personal-data) policy", "th": "นโยบายคุ้มครองข้อมูลส่วนบุคคล"},
    failure_title={"en": "No privacy (personal-data) policy", "th": "ไม่พบนโยบายคุ้มครองข้อมูลส่วนบุคคล"},
    description={"en": "A link to the privacy or personal-data protection policy or notice (PDPA). A website "
                       "policy, terms of use or a cookie policy alone is not it (content.website-policy).",
                 "th": "มีลิงก์ไปยังนโยบายหรือประกาศความเป็นส่วนตัว/คุ้มครองข้อมูลส่วนบุคคล (PDPA) "
                       "นโยบายเว็บไซต์ ข้อกำหนดการใช้งาน หรือนโยบายคุกกี้อย่างเดียวไม่นับ (ดู content.website-policy)"},
    why={"en": "People must know what happens to the personal data a service collects (PDPA B.E. 2562).",
         "th": "ประชาชนต้องทราบว่าข้อมูลส่วนบุคคลที่บริการเก็บไปถูกใช้อย่างไร (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)"},
    references=("PDPA B.E. 2562",))
concept_check(
    "content.website-policy", "website_policy",
    title={"en": "Website policy", "th": "นโยบายเว็บไซต์"},
    failure_title={"en": "No website policy", "th": "ไม่พบนโยบายเว็บไซต์"},
    description={"en": "A link to the website policy or terms of use (นโยบายเว็บไซต์, terms of use, terms and "
                       "conditions). The personal-data policy is content.privacy-policy.",
                 "th": "มีลิงก์ไปยังนโยบายเว็บไซต์หรือข้อกำหนดการใช้งานเว็บไซต์ "
                       "(นโยบายคุ้มครองข้อมูลส่วนบุคคลตรวจด้วย content.privacy-policy)"},
    why={"en": "The terms on which the site's content may be used, linked and relied on should be public.",
         "th": "เงื่อนไขการใช้ การอ้างอิง และการเชื่อมโยงเนื้อหาของเว็บไซต์ควรเปิดเผยต่อผู้ใช้"})
concept_check(
    "content.faq", "faq",
    title={"en": "FAQ", "th": "คำถามที่พบบ่อย (ถาม-ตอบ)"},
    failure_title={"en": "No FAQ", "th": "ไม่พบคำถามที่พบบ่อย"},
    description={"en": "A link to frequently asked questions or Q&A.",
                 "th": "มีลิงก์ไปยังคำถามที่พบบ่อยหรือถาม-ตอบ"},
    why={"en": "Answers to common questions save a call or a visit.",
         "th": "คำตอบของคำถามที่พบบ่อยช่วยลดการโทรหรือเดินทางไปติดต่อ"})
concept_check(
    "content.news", "news",
    title={"en": "News", "th": "ข่าวประชาสัมพันธ์"},
    failure_title={"en": "No news or announcements", "th": "ไม่พบข่าวหรือประกาศ"},
    description={"en": "A link to news or announcements, or a news heading or section title.",
                 "th": "มีลิงก์ หัวข้อ หรือกล่องข่าวหรือประกาศ"},
    why={"en": "Announcements tell people about changes to services, deadlines and closures.",
         "th": "ประกาศแจ้งประชาชนเรื่องการเปลี่ยนแปลงบริการ กำหนดเวลา และวันหยุดให้บริการ"},
    headings=True)
concept_check(
    "content.about", "about",
    title={"en": "About the organisation", "th": "เกี่ยวกับหน่วยงาน"},
    failure_title={"en": "No information about the organisation", "th": "ไม่พบข้อมูลเกี่ยวกับหน่วยงาน"},
    description={"en": "A link to about, history, vision or structure.",
                 "th": "มีลิงก์ไปยังข้อมูลเกี่ยวกับหน่วยงาน ประวัติ วิสัยทัศน์ หรือโครงสร้าง"},
    why={"en": "People need to know what the organisation is responsible for before they turn to it.",
         "th": "ประชาชนต้องทราบอำนาจหน้าที่ของหน่วยงานก่อนติดต่อขอรับบริการ"},
    headings=True)  # a vision or mission section shown on the page (a heading, a tab) tells it too


@check("content.search",
       title={"en": "Site search", "th": "ระบบค้นหาข้อมูล"},
       failure_title={"en": "No site search", "th": "ไม่พบระบบค้นหาข้อมูล"},
       description={"en": "A search box (a form that searches) or a link to a search page.",
                    "th": "มีช่องค้นหา (แบบฟอร์มค้นหา) หรือลิงก์ไปยังหน้าค้นหา"},
       why={"en": "Search is how most visitors find a service on a large site.",
            "th": "ผู้ใช้ส่วนใหญ่หาบริการบนเว็บไซต์ขนาดใหญ่ด้วยการค้นหา"},
       needs=("pages",), languages=LANGS)
def search(ev: SiteView) -> Verdict:
    for i, page in enumerate(ev.pages):
        for form in page.forms:
            if classify(form) == "search" and not case_lookup(form, form_title(ev, page, form)):
                # a box for one's request code or ID card number looks up a case, not the site
                return passed(Pointer(page.final_url, form.selector or (form.fields[0].selector if form.fields else ""),
                                      form.text[:120] or ", ".join(f.name for f in form.fields)),
                              confidence=1.0 if i == 0 else 0.85, by="form")
    found = link_concept_hits(ev, "search", same_site_only=True)
    if found:
        return passed(found[0].pointer(), confidence=found[0].confidence * 0.9, by="link")
    for page in ev.pages:  # a search box drawn by a script (Google Programmable Search …)
        low = lower_html(ev, page)
        marker = next((m for m in data("search_widgets", []) if m.lower() in low), None)
        if marker:
            return passed(Pointer(page.final_url, snippet=marker, note="search widget loaded by script"),
                          confidence=0.8, by="widget")
    return failed(Pointer(ev.final_url, note="no search form or search link"))


_LANGUAGE_WORDS: list[tuple[dict[str, list[str]], list[tuple[str, frozenset[str]]], frozenset[str]]] = []
_LANGUAGE_SPLIT = re.compile(r"[\s()/|:,\-–]+")


def _language_words(names: dict[str, list[str]]) -> tuple[list[tuple[str, frozenset[str]]], frozenset[str]]:
    """``(language, its names normalised)`` in table order, and every language's names in one
    set: normalised once per table, not once per link (the table is lexicon data; a table
    changed in place is read again)."""
    if _LANGUAGE_WORDS and _LANGUAGE_WORDS[0][0] is names and len(_LANGUAGE_WORDS[0][1]) == len(names):
        return _LANGUAGE_WORDS[0][1], _LANGUAGE_WORDS[0][2]
    got = [(lang, frozenset(normalise(w) for w in words)) for lang, words in names.items()]
    every = frozenset().union(*(ws for _, ws in got))
    _LANGUAGE_WORDS[:] = [(names, got, every)]
    return got, every


def _link_language(text: str, hreflang: str, names: dict[str, list[str]]) -> str | None:
    if hreflang:
        return hreflang.split("-")[0].lower()
    t = normalise(text)
    tokens = [w for w in _LANGUAGE_SPLIT.split(t) if w]
    by_language, every = _language_words(names)
    if t not in every and not (1 < len(tokens) <= 3 and any(w in every for w in tokens if len(w) > 2)):
        return None  # no language's names hold the label or its words: the loop below finds none
    for lang, ws in by_language:
        if t in ws:
            return lang
        # "English version", "English (EN)", "ภาษาไทย | TH": a language name among ≤ 3 words
        if 1 < len(tokens) <= 3 and any(w in ws for w in tokens if len(w) > 2):
            return lang
    return None


@check("content.foreign-language",
       title={"en": "Foreign-language version", "th": "เว็บไซต์ภาษาต่างประเทศ"},
       failure_title={"en": "No version in another language", "th": "ไม่พบเนื้อหาภาษาอื่น"},
       description={"en": "A switch to a version in another language than the page's own.",
                    "th": "มีปุ่มหรือลิงก์เปลี่ยนไปยังเนื้อหาภาษาอื่นนอกจากภาษาของหน้า"},
       why={"en": "Foreign residents, visitors and investors use public services too.",
            "th": "ชาวต่างชาติที่อาศัย ท่องเที่ยว หรือลงทุนในประเทศก็ใช้บริการภาครัฐเช่นกัน"},
       needs=("page",), languages=LANGS)
def foreign_language(ev: SiteView) -> Verdict:
    names = data("language_names", {})
    home = ev.home
    # the page's own language is the one its text is written in (a Thai page left with a
    # template's lang="en" offers "ภาษาไทย" as its own, not as a foreign version); the
    # declared one when the text does not tell (another script, a mixed page)
    detected = page_language(ev, home)[0]
    own = detected if detected in ("th", "en") else (home.lang or "").split("-")[0].lower()
    for link in home.links:
        if not link.hreflang and not goes_somewhere(home, link):
            continue  # "EN" with href="#": a switch that leads nowhere is not a version
        lang = _link_language(link.label, link.hreflang, names)
        if lang and lang != own:
            return passed(Pointer(home.final_url, link.selector, link.label[:80], note=f"switch to {lang}"),
                          to=lang, page_lang=own)
    if home.html and "<select" in lower_html(ev, home):  # a <select> switch (navigates by script)
        for opt in ev.tree(home).css("select option"):
            lang = _link_language(opt.text() or "", "", names)
            if lang and lang != own and (opt.attributes.get("value") or ""):
                return passed(Pointer(home.final_url, "select option", (opt.text() or "")[:80],
                                      note=f"switch to {lang} (select)"), to=lang, page_lang=own)
    return failed(Pointer(home.final_url, note="no language switch found"), page_lang=own)


@check("content.freshness",
       title={"en": "Recently updated", "th": "ข้อมูลเป็นปัจจุบัน"},
       failure_title={"en": "Not updated recently", "th": "ข้อมูลไม่เป็นปัจจุบัน"},
       description={"en": "The newest date on the home or news page is within max_days (90) of the crawl: pass; "
                          "within partial_days (365): partial; older or no date: fail.",
                    "th": "วันที่ล่าสุดบนหน้าแรกหรือหน้าข่าวอยู่ภายใน max_days (90) วันก่อนวันที่ตรวจถือว่าผ่าน "
                          "ภายใน partial_days (365) วันได้คะแนนบางส่วน เก่ากว่านั้นหรือไม่พบวันที่ถือว่าไม่ผ่าน"},
       why={"en": "Stale pages give wrong fees, dates and rules; people stop trusting the site.",
            "th": "หน้าที่ไม่ปรับปรุงให้ข้อมูลค่าธรรมเนียม วันเวลา และระเบียบที่ผิด ทำให้ประชาชนไม่เชื่อถือเว็บไซต์"},
       needs=("pages",), languages=LANGS)
def freshness(ev: SiteView, opts: dict[str, Any]) -> Verdict:
    today = datetime.fromisoformat(ev.captured).date() if ev.captured else date.today()
    best: tuple[date, str, str] | None = None
    pages = ev.pages
    candidates = [pages[0]] + [p for p in pages[1:] if p.discovered_as == "key:news"]
    for page in candidates:
        texts = [page.text] + [v for k, v in page.meta if k in ("article:modified_time", "article:published_time",
                                                                   "last-modified", "dcterms.modified", "date")]
        for t in texts:
            hit = newest(t, today)
            if hit and (best is None or hit[0] > best[0]):
                best = (hit[0], hit[1], page.final_url)
    if best is None:
        return failed(Pointer(ev.final_url, note="no date found"), newest=None)
    age = (today - best[0]).days
    ptr = Pointer(best[2], snippet=best[1], note=f"{age} days before the crawl")
    details = {"newest": best[0].isoformat(), "age_days": age}
    if age <= opts["max_days"]:
        return passed(ptr, **details)
    if age <= opts["partial_days"]:
        return partial(0.5, ptr, **details)
    return failed(ptr, **details)


# -------------------------------------------------------------- institutional information

_DIGITS = re.compile(r"[0-9\u0e50-\u0e59]")


def _not_headline(link: Link) -> bool:
    """Menu items are short and carry no numbers; news headlines ("ประชุมผู้บริหาร… ครั้งที่
    5/2569") mention the same words in passing."""
    label = link.label or ""
    return len(label) <= 60 and not _DIGITS.search(label)


def found(hits: list[Hit], **details: Any) -> Verdict:
    """``pass`` with the best hits as evidence (callers pass at least one hit)."""
    return passed(*(h.pointer() for h in hits[:5]), confidence=best_confidence(hits),
                  by=hits[0].by, matched=hits[0].name, count=len(hits), **details)


def not_found(ev: SiteView, what: str) -> Verdict:
    return failed(Pointer(ev.final_url, note=f"no {what} found on {len(ev.pages)} page(s)"))


@check("content.org-chart",
       title={"en": "Organisation chart", "th": "โครงสร้างองค์กร"},
       failure_title={"en": "No organisation chart", "th": "ไม่พบโครงสร้างองค์กร"},
       description={"en": "The organisation chart or structure: a link, heading or image (organisation "
                          "chart, organisational structure, โครงสร้างองค์กร, แผนภูมิโครงสร้าง).",
                    "th": "มีโครงสร้างองค์กร/แผนภูมิโครงสร้าง (ลิงก์ หัวข้อ หรือรูปภาพ)"},
       why={"en": "Who is responsible for what is basic transparency (Thai ITA O1).",
            "th": "การเปิดเผยว่าใครรับผิดชอบเรื่องใดเป็นความโปร่งใสขั้นพื้นฐาน (ITA O1)"},
       needs=("pages",), references=("Thai ITA O1",), languages=LANGS)
def org_chart(ev: SiteView) -> Verdict:
    hits = concept_hits(ev, "org_chart")
    return found(hits) if hits else not_found(ev, "organisation chart")


def _executive_profiles(ev: SiteView) -> list[Hit]:
    """Portraits: an image alt or heading that names a person (honorific first) with an
    executive title, or a block whose class names the executives and holds a picture."""
    titles = data("executive_titles", [])
    hon = data("honorifics", [])
    boxes = [b.lower() for b in data("executive_containers", [])]
    out: list[Hit] = []
    for i, page in iter_pages(ev):
        w = page_weight(i)
        for img in page.images:
            alt = " ".join(p for p in (img.alt or "", img.title) if p)
            if alt and ((matches_any(alt, hon) and matches_any(alt, titles)) or _title_then_name(alt, titles)):
                out.append(Hit("executives", "portrait", page.final_url, "image", 0.9 * w, img.selector, alt[:160], img.src))
        for level, text in page.headings:
            if matches_any(text, hon) and matches_any(text, titles) and len(text) <= 120:
                out.append(Hit("executives", "profile heading", page.final_url, "heading", 0.8 * w, f"h{level}", text))
        # a portrait card: the name in one element, the office under it ("นายรอสาลี อดุลย์อภิมุข"
        # then "นายกองค์การบริหารส่วนตำบลสะนอ"), as headings or as short styled texts
        for where, texts in (("heading", [t for _, t in page.headings]), ("text", list(title_texts(ev, page, 120)))):
            pair = _name_then_office(texts, hon, titles)
            if pair:
                out.append(Hit("executives", "profile card", page.final_url, where, 0.75 * w, "", pair))
                break
        if page.html and boxes:
            box_rx = _any_of(tuple(boxes))  # a search for any of them: ``any(b in cls …)`` in one scan
            seen: set[int] = set()
            for el in ev.tree(page).css(_box_selector(tuple(boxes))):
                if el.mem_id in seen:
                    continue  # an element two of the selectors match comes twice, in document order
                seen.add(el.mem_id)
                attrs = el.attributes  # a new dict at every access: read once per element
                cls = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
                if box_rx.search(cls) and el.css_first("img") is not None:
                    out.append(Hit("executives", "executive block", page.final_url, "html", 0.7 * w,
                                   f".{cls.split()[0]}" if cls.split() else "", (el.text(separator=" ") or "")[:160]))
                    break
    return out


@lru_cache(maxsize=16)
def _box_selector(boxes: tuple[str, ...]) -> str:
    """The elements whose class or id holds one of ``boxes`` (lower case), as lexbor selects
    them, when it selects them alike (:func:`css_word_alike`); else every element with either."""
    if not all(css_word_alike(b) for b in boxes):
        return "[class], [id]"
    return ", ".join(f'[{a}*="{b}" i]' for b in boxes for a in ("class", "id"))


@lru_cache(maxsize=64)
def _any_of(literals: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds any of ``literals`` as written (one scan instead of one per literal)."""
    return re.compile("|".join(re.escape(x) for x in literals))


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Each pattern compiled once (``re.search(p, …)`` looks it up in re's cache on every call)."""
    return tuple(re.compile(p) for p in patterns)


_CAPITALISED_NAME = re.compile(r"\s+(?:[A-Z][a-z'\u00c0-\u024f-]+\.?\s+){1,3}[A-Z][a-z'\u00c0-\u024f-]+\s*$")


def _title_then_name(alt: str, titles: list[str]) -> bool:
    """An image alt that is an office and then a person's name, without an honorific
    ("DHCS Director Jennifer Kent"): a portrait in Latin script names its sitter this way."""
    if len(alt) > 80:
        return False
    low = alt.lower()
    for rx in _compiled(tuple(titles)):
        m = rx.search(low)
        if m and _CAPITALISED_NAME.match(alt[m.end():]):
            return True
    return False


def _name_then_office(texts: list[str], hon: list[str], titles: list[str]) -> str:
    """The first person's name (honorific first, short) followed by an executive title."""
    for a, b in zip(texts, texts[1:], strict=False):
        if len(a) <= 60 and len(b) <= 120 and matches_any(a, hon) and matches_any(b, titles):
            return f"{a} — {b}"[:160]
    return ""


@check("content.executives",
       title={"en": "Executives", "th": "ผู้บริหาร"},
       failure_title={"en": "No information on the executives", "th": "ไม่พบข้อมูลผู้บริหาร"},
       description={"en": "Who leads the organisation: a link or heading (executives, leadership, ผู้บริหาร), "
                          "or executive portraits named with their titles (director-general, อธิบดี, mayor …).",
                    "th": "มีข้อมูลผู้บริหารของหน่วยงาน (ลิงก์หรือหัวข้อผู้บริหาร หรือภาพผู้บริหารพร้อมชื่อและตำแหน่ง)"},
       why={"en": "Naming the people in charge makes them accountable (Thai ITA O2).",
            "th": "การระบุผู้บริหารทำให้ตรวจสอบความรับผิดชอบได้ (ITA O2)"},
       needs=("pages",), references=("Thai ITA O2",), languages=LANGS)
def executives(ev: SiteView) -> Verdict:
    hits = dedupe(concept_hits(ev, "executives", link_filter=_not_headline) + _executive_profiles(ev))
    if not hits:  # a box titled for the executives without a heading tag ("ผู้บริหาร" over portraits)
        hits = section_title_hits(ev, "executives")
    return found(hits) if hits else not_found(ev, "executives information")



# ---------------------------------------------------------------- contact details, language

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_LETTERS = re.compile(r"[\u0e01-\u0e4e]+")
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_EN_WORDS = frozenset("the and of to for in on with our your is are this that from by about contact services".split())


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 40): end + 40].strip()


_HAS_THAI_DIGIT = re.compile("[๐-๙]")
_OBFUSCATED_AT = re.compile(r"\[at\]|\(at\)|\{at\}|\sat\s|\s@\s", re.I)
# _OBFUSCATED_AT found or not, asked of the lower-cased text: only "A" and "T" lower to "a" and
# "t" (and IGNORECASE matches no other), no character lowers to a blank or from one, so the
# literals are plain ``in`` tests and the rest a pattern that skips ahead to blanks in C
_SPACED_AT = re.compile(r"\s(?:at|@)\s")


def _needs(*needles: str) -> Callable[[str, str], bool]:
    return lambda t, low: any(n in low for n in needles)


# Cheap tests that a pattern of contact_details.yaml cannot match ``t`` (``low``: t lower-cased),
# keyed by the pattern exactly as written there: each asks for a string the pattern cannot
# match without (its literal "66" or "@", one of its leading words), so skipping the pattern when
# the test fails changes nothing; a pattern edited in the data has no test and always runs.
# The words avoid the letters that IGNORECASE matches beyond lower() (i/ı, s/ſ, k/K).
_PREFILTERS: dict[str, Callable[[str, str], bool]] = {
    r"(?<![\d\w/.])\+?66[\s\-.]?\(?0?\)?[2-9](?:[\s\-.]?\d){7,8}(?!\d)": lambda t, low: "66" in t,
    (r"(?:\btel\b|\bphone\b|telephone|\bcall\b|hotline|helpline|toll[\s-]?free|โทร|โทรศัพท์|전화|電話)"
     r"[^\d+\n]{0,12}(\+?\(?\d[\d\s\-().]{6,}\d)"):
        _needs("tel", "phone", "call", "hotl", "helpl", "toll", "โทร", "전화", "電話"),
    r"(?<![\d\w])0\d{1,3}\)\s?\d{3,4}-\d{4}(?!\d)": lambda t, low: ")" in t,
    r"(?:สายด่วน|hotline|call center|คอลเซ็นเตอร์)\s*[:：]?\s*(1\d{3})(?!\d)":
        _needs("สายด่วน", "hotl", "call center", "คอลเซ็นเตอร์"),
    r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+": lambda t, low: "@" in t,
    (r"[A-Za-z0-9._%+\-]+\s*(?:\[at\]|\(at\)|\{at\}|\sat\s|\s@\s)\s*[A-Za-z0-9\-]+"
     r"(?:\s*(?:\.|\[dot\]|\(dot\)|\sdot\s)\s*[A-Za-z0-9\-]+)+"):
        lambda t, low: "[at]" in low or "(at)" in low or "{at}" in low or _SPACED_AT.search(low) is not None,
}


def _may_match(pat: str, t: str, low: str) -> bool:
    test = _PREFILTERS.get(pat)
    return test is None or test(t, low)


# Patterns of contact_details.yaml written so that re's search skips ahead in C to the
# character a match starts with (a pattern that starts with a literal or a set), keyed like
# _PREFILTERS by the pattern as written there (an edited pattern runs as written), each finding
# exactly the same matches: a lookbehind before a literal moves after it
# ("(?<![\d\w])0" is "0(?<![\d\w]0)"), a pattern that starts with an alternation is screened
# by the first characters of its branches, and a run that only the character after it can end
# is possessive (giving characters back could only put one of the run's own before the ``\s``,
# ``[`` or ``(`` that must come next).
_FASTER: dict[str, str] = {
    r"(?<![\d\w/.])0[\s\-.]?[2-9](?:[\s\-.]?\d){7,8}(?!\d)":
        r"0(?<![\d\w/.]0)[\s\-.]?[2-9](?:[\s\-.]?\d){7,8}(?!\d)",
    (r"(?:\btel\b|\bphone\b|telephone|\bcall\b|hotline|helpline|toll[\s-]?free|โทร|โทรศัพท์|전화|電話)"
     r"[^\d+\n]{0,12}(\+?\(?\d[\d\s\-().]{6,}\d)"):
        (r"(?=[tphcโ전電])(?:\btel\b|\bphone\b|telephone|\bcall\b|hotline|helpline|toll[\s-]?free|โทร|โทรศัพท์|전화|電話)"
         r"[^\d+\n]{0,12}(\+?\(?\d[\d\s\-().]{6,}\d)"),
    r"(?<![\d\w])0\d{1,3}\)\s?\d{3,4}-\d{4}(?!\d)": r"0(?<![\d\w]0)\d{1,3}\)\s?\d{3,4}-\d{4}(?!\d)",
    (r"[A-Za-z0-9._%+\-]+\s*(?:\[at\]|\(at\)|\{at\}|\sat\s|\s@\s)\s*[A-Za-z0-9\-]+"
     r"(?:\s*(?:\.|\[dot\]|\(dot\)|\sdot\s)\s*[A-Za-z0-9\-]+)+"):
        (r"[A-Za-z0-9._%+\-]++\s*(?:\[at\]|\(at\)|\{at\}|\sat\s|\s@\s)\s*[A-Za-z0-9\-]+"
         r"(?:\s*(?:\.|\[dot\]|\(dot\)|\sdot\s)\s*[A-Za-z0-9\-]+)+"),
    r"(?<!\d)([1-9]\d{4})(?!\d)": r"([1-9](?<!\d[1-9])\d{4})(?!\d)",
}


@lru_cache(maxsize=64)
def _pattern(pat: str, flags: int) -> re.Pattern[str]:
    """``re.compile(pat, flags)``, through :data:`_FASTER` (the same matches)."""
    return re.compile(_FASTER.get(pat, pat), flags)


# Patterns of contact_details.yaml that start with a run of one character class which only the
# character after it can end ("[A-Za-z0-9._%+\-]+@…": no "@" is in the class, and giving
# characters back would put one of the run's own where the "@", "[", "(" or blank must come).
# Every start inside a run then leads to the same end of the run and the same rest, so a
# search need only try where a run starts, and where it resumes after a match (inside a run
# or not): re otherwise tries every character of every word, each time reading to the word's
# end. Keyed like _PREFILTERS by the pattern as written, with the class of its run.
_RUN_LED: dict[str, str] = {
    r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+": r"[A-Za-z0-9._%+\-]",
    (r"[A-Za-z0-9._%+\-]+\s*(?:\[at\]|\(at\)|\{at\}|\sat\s|\s@\s)\s*[A-Za-z0-9\-]+"
     r"(?:\s*(?:\.|\[dot\]|\(dot\)|\sdot\s)\s*[A-Za-z0-9\-]+)+"): r"[A-Za-z0-9._%+\-]",
}


@lru_cache(maxsize=64)
def _run_led(pat: str, flags: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """The pattern, the pattern only where its run starts, and its run's class (None when
    ``pat`` is not in :data:`_RUN_LED`)."""
    cls = _RUN_LED.get(pat)
    if cls is None:
        return None
    plain = _pattern(pat, flags)
    return plain, re.compile(f"(?<!{cls})(?:{plain.pattern})", flags), re.compile(cls, flags)


def _finditer(pat: str, flags: int, text: str) -> Iterator[re.Match[str]]:
    """``re.finditer(pat, text, flags)``: the same matches, found faster (:data:`_FASTER`,
    :data:`_RUN_LED`)."""
    run = _run_led(pat, flags)
    if run is None:
        yield from _pattern(pat, flags).finditer(text)
        return
    plain, lead, in_run = run
    pos = 0
    while pos < len(text):  # a match takes at least the run's first character
        m = (plain.match(text, pos) if pos and in_run.match(text, pos - 1) and in_run.match(text, pos)
             else None)  # resuming inside a run: the match from here, if any, is the run's
        if m is None:
            m = lead.search(text, pos)
            if m is None:
                return
        yield m
        pos = m.end()


def contact_details_of(ev: SiteView, page: Page) -> dict[str, list[str]]:
    """:func:`contact_details_in` of the page's visible text, once per page."""
    return ev.derived.per_page("contact-details", page, lambda: contact_details_in(page.text))


def contact_details_in(text: str) -> dict[str, list[str]]:
    """Phones, e-mail addresses and postal addresses in ``text`` (visible text): the
    matched strings by kind. Patterns are data (``lexicon/data/contact_details.yaml``)."""
    spec = data("contact_details", {})
    t = text.translate(_THAI_DIGITS) if _HAS_THAI_DIGIT.search(text) else text
    low = t.lower()
    found: dict[str, list[str]] = {"phone": [], "email": [], "address": []}
    fax = re.compile(spec.get("fax_before", "$^"), re.I)
    for pat in spec.get("phone", []):
        if not _may_match(pat, t, low):
            continue
        for m in _pattern(pat, re.I).finditer(t):
            at = m.start(1) if m.re.groups else m.start()  # where the number itself starts
            if fax.search(t[max(0, at - 12): at]):
                continue  # a fax number is not a way to talk to anyone
            found["phone"].append(_snippet(t, at, m.end()))
    placeholder = re.compile(spec.get("placeholder_email_domains", "$^"), re.I)
    for pat in spec.get("email", []):
        if not _may_match(pat, t, low):
            continue
        for m in _finditer(pat, re.I, t):
            domain = m.group(0).rsplit("@", 1)[-1].strip().lower()
            if not placeholder.search(domain):
                found["email"].append(m.group(0))
    words = [w.lower() for w in spec.get("address_words", [])]
    window = int(spec.get("address_window", 160))
    for m in _pattern(spec.get("postcode", r"(?!)"), 0).finditer(t):
        before = t[max(0, m.start() - window): m.start()].lower()
        if sum(1 for w in words if w in before) >= 2:
            found["address"].append(_snippet(t, m.start() - window // 2, m.end()))
    return {k: list(dict.fromkeys(v))[:5] for k, v in found.items() if v}


@check("content.contact-details",
       title={"en": "Contact details on the page", "th": "ข้อมูลการติดต่อบนหน้าเว็บ"},
       failure_title={"en": "No phone, e-mail or address shown", "th": "ไม่แสดงเบอร์โทรศัพท์ อีเมล หรือที่อยู่"},
       description={"en": "The visible text of the home or contact page shows a phone number (Thai formats "
                          "0-2xxx-xxxx, 02 xxx xxxx, +66, extensions ต่อ; hotlines), an e-mail address (also "
                          "written 'at'/[at]) or a postal address with a Thai postcode; fax numbers do not count.",
                    "th": "ข้อความบนหน้าแรกหรือหน้าติดต่อแสดงเบอร์โทรศัพท์ (เช่น 0-2xxx-xxxx, +66, ต่อ, สายด่วน) "
                          "อีเมล (รวมถึงแบบ [at]) หรือที่อยู่ไปรษณีย์พร้อมรหัสไปรษณีย์ ไม่นับเบอร์แฟกซ์"},
       why={"en": "A link to a contact page is not a way to reach anyone: the number or address is.",
            "th": "ลิงก์ไปหน้าติดต่อยังไม่ใช่ช่องทางติดต่อ เบอร์โทรศัพท์หรือที่อยู่จึงจะใช้ติดต่อได้จริง"},
       needs=("pages",), languages=LANGS)
def contact_details(ev: SiteView) -> Verdict:
    pages = [p for i, p in enumerate(ev.pages) if i == 0 or p.discovered_as in ("key:contact", "key:about")]
    kinds: dict[str, list[str]] = {}
    pointers: list[Pointer] = []
    for page in pages:
        for kind, items in contact_details_of(ev, page).items():
            if kind not in kinds:
                pointers.append(Pointer(page.final_url, "body", items[0][:200], note=f"{kind} in the visible text"))
            kinds.setdefault(kind, []).extend(items)
    if not kinds:
        return failed(Pointer(ev.final_url, note=f"no phone, e-mail or address in the text of {len(pages)} page(s)"))
    return passed(*pointers, kinds=sorted(kinds), **{k: v[:5] for k, v in kinds.items()})


@computed
def page_language(ev: SiteView, page: Page) -> tuple[str, dict[str, int]]:
    """The main language of the page's visible text: th, en, mixed or other (by script, and
    English function words for Latin script), with the letter counts it was decided on."""
    text = page.text[:20000]
    thai = sum(map(len, _THAI_LETTERS.findall(text)))  # letters counted by runs: fewer matches
    latin = sum(map(len, _LATIN_LETTERS.findall(text)))
    counts = {"thai_letters": thai, "latin_letters": latin}
    total = thai + latin
    if total < 20:
        return "", counts
    if thai >= 0.7 * total:
        return "th", counts
    words = re.findall(r"[a-z]+", text.lower())
    english = sum(1 for w in words if w in _EN_WORDS) / max(1, len(words))
    if thai >= 0.25 * total:
        return "mixed", counts
    return ("en" if english >= 0.04 else "other"), counts


@check("content.language",
       title={"en": "Main language of the page", "th": "ภาษาหลักของหน้าเว็บ"},
       failure_title={"en": "Language not recognised", "th": "ระบุภาษาหลักไม่ได้"},
       description={"en": "The main language of the home page's visible text — th, en, mixed or other — from "
                          "its scripts (Thai letters vs Latin) and English function words; compared with "
                          "<html lang>. Inventory: reported, never scored.",
                    "th": "ภาษาหลักของข้อความบนหน้าแรก (ไทย อังกฤษ ผสม หรืออื่น ๆ) จากสัดส่วนตัวอักษรไทยกับละติน "
                          "เทียบกับ lang ที่ประกาศ (ข้อมูลประกอบ ไม่นำไปคิดคะแนน)"},
       why={"en": "Whether a site has a foreign-language version is judged against its own language.",
            "th": "การมีเนื้อหาภาษาต่างประเทศต้องพิจารณาเทียบกับภาษาหลักของเว็บไซต์เอง"},
       needs=("page",), kind="inventory", languages=LANGS)
def language(ev: SiteView) -> Verdict:
    home = ev.home
    lang, counts = page_language(ev, home)
    declared = (home.lang or "").split("-")[0].lower()
    if not lang:
        return not_applicable("too little text to tell its language", declared=declared or None, **counts)
    return info(Pointer(home.final_url, "body", home.text[:120], note=f"main language {lang}"),
                language=lang, declared=declared or None,
                agrees=None if not declared or lang in ("mixed", "other") else declared == lang, **counts)

"""Participation and transparency: e-petitions, consultations, surveys, chat, procurement,
budget, the organisation chart and the executives.

Each is found the way a visitor finds it — a link, heading or image naming it in Thai or
English (lexicon concepts ``petition``, ``consultation``, ``survey``, ``chat``,
``procurement``, ``budget``, ``org_chart``, ``executives``) — or by the hosts that provide it
(``checks/data/context.yaml``). Chat widgets are drawn by scripts by nature, so they are
recognised from their loaders in the page source (``checks/data/chat.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from govlens.checks.forms import classify, visible_fields
from govlens.checks.providers import (
    Hit,
    best_confidence,
    concept_hits,
    data,
    dedupe,
    entry_hits,
    form_context,
    host_matches,
    host_of,
    iter_pages,
    link_hit,
    match_names,
    matches_any,
    page_weight,
    tree,
)
from govlens.checks.registry import CheckResult, Pointer, check, failed
from govlens.evidence.model import Link, SiteEvidence
from govlens.lexicon.matcher import load_lexicon

LANGS = ("en", "th")


def _result(cid: str, hits: Sequence[Hit], what: str, **details: Any) -> CheckResult:
    """``pass`` with the best hits as evidence (callers pass at least one hit)."""
    return CheckResult(cid, "pass", 1.0, tuple(h.pointer() for h in hits[:5]),
                       {"by": hits[0].by, "matched": hits[0].name, "count": len(hits), **details},
                       best_confidence(hits))


def _no(site: SiteEvidence, cid: str, what: str) -> CheckResult:
    return failed(cid, Pointer(site.final_url, note=f"no {what} found on {len(site.pages)} page(s)"))


def _exclude(concept: str) -> list[str]:
    return (data("exclude", {}) or {}).get(concept, []) or []


_DIGITS = re.compile(r"[0-9\u0e50-\u0e59]")
_DOC = re.compile(r"\.(?:pdf|docx?|xlsx?|odt|ods|rtf|zip)$", re.I)


def _not_headline(link: Link) -> bool:
    """Menu items are short and carry no numbers; news headlines ("ประชุมผู้บริหาร… ครั้งที่
    5/2569") mention the same words in passing."""
    label = link.label or ""
    return len(label) <= 60 and not _DIGITS.search(label)


def _not_document(link: Link) -> bool:
    return not _DOC.search(urlsplit(link.href).path) if link.href else True


def _simple(site: SiteEvidence, cid: str, concept: str, what: str, **kw: Any) -> CheckResult:
    hits = concept_hits(site, concept, exclude=_exclude(concept), **kw)
    return _result(cid, hits, what) if hits else _no(site, cid, what)


@check("participation.e-petition",
       title={"en": "E-petitions", "th": "การเข้าชื่อ/ยื่นคำร้องออนไลน์ (e-Petition)"},
       description={"en": "A link to an e-petition system (petition, e-petition, petition.parliament.uk …).",
                    "th": "มีลิงก์ไปยังระบบเข้าชื่อหรือยื่นคำร้องออนไลน์ (e-Petition) เช่น การเข้าชื่อเสนอกฎหมาย"},
       needs=("pages",), standard="UN OSI e-participation (e-petition); LOSI e-petition", languages=LANGS, requires_home=True)
def e_petition(site: SiteEvidence) -> CheckResult:
    return _simple(site, "participation.e-petition", "petition", "e-petition link",
                   hosts=data("petition_hosts", []))


@check("participation.consultation",
       title={"en": "Public consultation", "th": "การรับฟังความคิดเห็นสาธารณะ"},
       description={"en": "A link to public consultations or hearings (public consultation, have your say, "
                          "รับฟังความคิดเห็น, law.go.th, consultation hubs).",
                    "th": "มีลิงก์ไปยังการรับฟังความคิดเห็นของประชาชน เช่น รับฟังความคิดเห็นร่างกฎหมาย ระบบกลางทางกฎหมาย (law.go.th)"},
       needs=("pages",), standard="UN OSI e-consultation; LOSI e-participation", languages=LANGS, requires_home=True)
def consultation(site: SiteEvidence) -> CheckResult:
    return _simple(site, "participation.consultation", "consultation", "public consultation",
                   hosts=data("consultation_hosts", []), urls=data("consultation_urls", []),
                   host_labels=data("consultation_host_labels", []))


@check("participation.survey",
       title={"en": "Satisfaction survey", "th": "แบบสำรวจความพึงพอใจ"},
       description={"en": "A survey visitors can answer: a link to a (satisfaction) survey or questionnaire, "
                          "or a poll form on the page. Links to survey results do not count.",
                    "th": "มีแบบสำรวจหรือแบบสอบถามความพึงพอใจให้ผู้เข้าชมตอบ (ลิงก์หรือแบบฟอร์มโพลล์) "
                          "ลิงก์ผลการสำรวจไม่นับ"},
       needs=("pages",), standard="UN OSI e-participation; DGA website standard", languages=LANGS, requires_home=True)
def survey(site: SiteEvidence) -> CheckResult:
    cid = "participation.survey"
    c = load_lexicon().concept("survey")
    hits = concept_hits(site, "survey", exclude=_exclude("survey"), hosts=data("survey_hosts", []),
                        link_filter=_not_document)
    for i, page in iter_pages(site):
        for form in page.forms:
            fields = visible_fields(form)
            choice = [f for f in fields if f.type in ("radio", "checkbox", "select")]
            ctx = form_context(page, form)
            if choice and c.match_text(ctx) and classify(form) not in ("search", "login"):
                hits.append(Hit("survey", "poll form", page.final_url, "form", page_weight(i), form.selector,
                                form.text[:160], form.action))
    hits = dedupe(hits)
    return _result(cid, hits, "survey") if hits else _no(site, cid, "survey or poll")


@check("participation.chat",
       title={"en": "Live chat or chatbot", "th": "แชทสดหรือแชทบอท"},
       description={"en": "A live-chat or chatbot widget (recognised from its loader: checks/data/chat.yaml), "
                          "a LINE Official Account or Messenger link, or a link to a chat service. "
                          "details.kinds says bot, live or both.",
                    "th": "มีระบบแชทสดหรือแชทบอท (ตรวจจากสคริปต์) ลิงก์ LINE Official Account หรือ Messenger "
                          "หรือลิงก์ไปยังบริการแชท"},
       needs=("pages",), standard="UN OSI #270 chatbot / live chat; LOSI #270a; EU benchmark user support",
       languages=LANGS, requires_home=True)
def chat(site: SiteEvidence) -> CheckResult:
    cid = "participation.chat"
    widgets = data("chat_widgets", [])
    kinds = {e["id"]: e.get("kind", "both") for e in widgets}
    line = data("line_oa", {})
    hits: list[Hit] = []
    for i, page in iter_pages(site):
        w = page_weight(i)
        hits += entry_hits(page, widgets, weight=w)
        for link in page.links:
            href = (link.href or link.raw_href or "").lower()
            if not href:
                continue
            if host_matches(host_of(href), line.get("hosts", [])) or any(u in href for u in line.get("urls", [])):
                hits.append(link_hit("line-oa", "LINE Official Account", page, link, "host", w))
                kinds["line-oa"] = "both"
        for e in widgets:
            if e.get("names"):
                for link in page.links:
                    if match_names(link.label, e["names"]):
                        hits.append(link_hit(e["id"], e["name"], page, link, "link-text", w))
                        break
    hits += concept_hits(site, "chat", headings=False, images=True)
    hits = dedupe(hits)
    if not hits:
        return _no(site, cid, "chat widget or chat link")
    found_kinds = sorted({kinds.get(h.what, "unknown") for h in hits})
    return _result(cid, hits, "chat", kinds=found_kinds, widgets=sorted({h.name for h in hits if h.what in kinds}))


@check("participation.procurement",
       title={"en": "Procurement announcements", "th": "ประกาศจัดซื้อจัดจ้าง"},
       description={"en": "A link to procurement announcements or results (tenders, contract awards, "
                          "จัดซื้อจัดจ้าง, gprocurement.go.th, Contracts Finder, SAM.gov …).",
                    "th": "มีลิงก์ไปยังประกาศหรือผลการจัดซื้อจัดจ้าง เช่น ประกาศจัดซื้อจัดจ้าง ผลการจัดซื้อจัดจ้าง ระบบ e-GP (gprocurement.go.th)"},
       needs=("pages",), standard="UN OSI #procurement; LOSI e-procurement; Thai ITA O16–O18", languages=LANGS, requires_home=True)
def procurement(site: SiteEvidence) -> CheckResult:
    return _simple(site, "participation.procurement", "procurement", "procurement link",
                   hosts=data("procurement_hosts", []))


@check("participation.budget",
       title={"en": "Budget information", "th": "ข้อมูลงบประมาณ"},
       description={"en": "A link or section on the budget or spending (budget, spending, financial "
                          "statements, งบประมาณ, แผนการใช้จ่ายงบประมาณ); 'fiscal year' and project amounts do not count.",
                    "th": "มีลิงก์หรือหัวข้อข้อมูลงบประมาณหรือการใช้จ่าย (งบประมาณ แผนการใช้จ่ายงบประมาณ งบการเงิน) "
                          "ไม่นับคำว่า 'ปีงบประมาณ' หรือวงเงินของโครงการ"},
       needs=("pages",), standard="UN OSI budget information; LOSI; Thai ITA O10–O12", languages=LANGS, requires_home=True)
def budget(site: SiteEvidence) -> CheckResult:
    return _simple(site, "participation.budget", "budget", "budget information",
                   hosts=data("budget_hosts", []))


@check("content.org-chart",
       title={"en": "Organisation chart", "th": "โครงสร้างองค์กร"},
       description={"en": "The organisation chart or structure: a link, heading or image (organisation "
                          "chart, organisational structure, โครงสร้างองค์กร, แผนภูมิโครงสร้าง).",
                    "th": "มีโครงสร้างองค์กร/แผนภูมิโครงสร้าง (ลิงก์ หัวข้อ หรือรูปภาพ)"},
       needs=("pages",), standard="UN OSI institutional information; LOSI; Thai ITA O1", languages=LANGS, requires_home=True)
def org_chart(site: SiteEvidence) -> CheckResult:
    return _simple(site, "content.org-chart", "org_chart", "organisation chart")


def _executive_profiles(site: SiteEvidence) -> list[Hit]:
    """Portraits: an image alt or heading that names a person (honorific first) with an
    executive title, or a block whose class names the executives and holds a picture."""
    titles = data("executive_titles", [])
    hon = data("honorifics", [])
    boxes = [b.lower() for b in data("executive_containers", [])]
    out: list[Hit] = []
    for i, page in iter_pages(site):
        w = page_weight(i)
        for img in page.images:
            alt = " ".join(p for p in (img.alt or "", img.title) if p)
            if alt and matches_any(alt, hon) and matches_any(alt, titles):
                out.append(Hit("executives", "portrait", page.final_url, "image", 0.9 * w, img.selector, alt[:160], img.src))
        for level, text in page.headings:
            if matches_any(text, hon) and matches_any(text, titles) and len(text) <= 120:
                out.append(Hit("executives", "profile heading", page.final_url, "heading", 0.8 * w, f"h{level}", text))
        if page.html and boxes:
            for el in tree(page.html).css("[class], [id]"):
                cls = f"{el.attributes.get('class') or ''} {el.attributes.get('id') or ''}".lower()
                if any(b in cls for b in boxes) and el.css_first("img") is not None:
                    out.append(Hit("executives", "executive block", page.final_url, "html", 0.7 * w,
                                   f".{cls.split()[0]}" if cls.split() else "", (el.text(separator=" ") or "")[:160]))
                    break
    return out


@check("content.executives",
       title={"en": "Executives", "th": "ผู้บริหาร"},
       description={"en": "Who leads the organisation: a link or heading (executives, leadership, ผู้บริหาร), "
                          "or executive portraits named with their titles (director-general, อธิบดี, mayor …).",
                    "th": "มีข้อมูลผู้บริหารของหน่วยงาน (ลิงก์หรือหัวข้อผู้บริหาร หรือภาพผู้บริหารพร้อมชื่อและตำแหน่ง)"},
       needs=("pages",), standard="UN OSI institutional information; LOSI; Thai ITA O2", languages=LANGS, requires_home=True)
def executives(site: SiteEvidence) -> CheckResult:
    cid = "content.executives"
    hits = dedupe(concept_hits(site, "executives", link_filter=_not_headline) + _executive_profiles(site))
    return _result(cid, hits, "executives") if hits else _no(site, cid, "executives information")

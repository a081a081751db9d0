"""Ways for people to take part: social media, feedback and complaint channels, e-petitions,
consultations, surveys, chat, and the transparency of procurement and budget.

Each is found the way a visitor finds it — a link, heading or image naming it in Thai or
English (lexicon concepts ``feedback``, ``petition``, ``consultation``, ``survey``, ``chat``,
``procurement``, ``budget``) — or by the hosts that provide it (``lexicon/data/context.yaml``).
Chat widgets are drawn by scripts by nature, so they are recognised from their loaders in the
page source (``lexicon/data/chat.yaml``).
"""

from __future__ import annotations

import re
from typing import Any

from govlens.checks.families.content import found, not_found
from govlens.checks.forms import classify, visible_fields
from govlens.checks.match import (
    Hit,
    concept_hits,
    data,
    dedupe,
    entry_hits,
    field_labels,
    first_named_links,
    form_context,
    form_title,
    host_of,
    host_suffixes,
    iter_pages,
    link_concept_hits,
    link_hit,
    page_weight,
    section_title_hits,
    split_url,
    suffixes_of,
)
from govlens.checks.registry import Pointer, Verdict, check, failed, passed
from govlens.checks.view import SiteView
from govlens.evidence.model import Link
from govlens.lexicon.matcher import load_lexicon

LANGS = ("en", "th")
_SHARE = re.compile(r"/(?:sharer(?:\.php)?|share(?:\.php)?|shareArticle|intent/(?:tweet|post)|dialog/(?:share|feed)|lineit/share|msg/text)(?:/|$)", re.I)
# one video (a watch link, an embedded player) shows a clip; it is not the organisation's channel
_VIDEO = re.compile(r"^/(?:watch|embed/|shorts/|v/)", re.I)
_DOC = re.compile(r"\.(?:pdf|docx?|xlsx?|odt|ods|rtf|zip)$", re.I)


def _network(host: str, networks: dict[str, list[str]]) -> str | None:
    """The first network (in table order) that ``host`` is, or is a subdomain of, one of whose
    suffixes."""
    host = host.lower()
    index = _network_index(networks)
    if index is None:  # an empty suffix: ask every network as written
        for name, suffixes in networks.items():
            if any(host == s or host.endswith("." + s) for s in suffixes):
                return name
        return None
    # ``host == s or host.endswith("." + s)``: s is the host or what follows one of its dots
    found = [index[h] for h in host_suffixes(host) if h in index]
    return min(found)[1] if found else None


_NETWORK_INDEX: list[tuple[dict[str, list[str]], int, dict[str, tuple[int, str]] | None]] = []


def _network_index(networks: dict[str, list[str]]) -> dict[str, tuple[int, str]] | None:
    """Suffix → (position, name) of the first network listing it, built once per table (None
    when a suffix is empty, which the host's suffixes cannot stand for)."""
    if _NETWORK_INDEX and _NETWORK_INDEX[0][0] is networks and _NETWORK_INDEX[0][1] == len(networks):
        return _NETWORK_INDEX[0][2]
    index: dict[str, tuple[int, str]] | None = {}
    for k, (name, suffixes) in enumerate(networks.items()):
        for suffix in suffixes:
            if not suffix:
                index = None
                break
            index.setdefault(suffix, (k, name))
        if index is None:
            break
    _NETWORK_INDEX[:] = [(networks, len(networks), index)]
    return index


@check("participation.social-media",
       failure_title={"en": 'No social media accounts', "th": 'ไม่พบบัญชีสื่อสังคมออนไลน์'},
       why={"en": 'Social accounts are where many people first hear about and ask about services.',
            "th": 'สื่อสังคมออนไลน์เป็นช่องทางที่ประชาชนจำนวนมากรับข่าวและสอบถามเรื่องบริการ'},
       title={"en": "Social media accounts", "th": "ช่องทางสื่อสังคมออนไลน์"},
       description={"en": "Links to the organisation's social network accounts (share buttons do not count).",
                    "th": "มีลิงก์ไปยังบัญชีสื่อสังคมออนไลน์ของหน่วยงาน (ไม่นับปุ่มแชร์)"},
       needs=("page",))
def social_media(ev: SiteView) -> Verdict:
    networks = data("networks", {})
    seen: dict[str, Pointer] = {}
    for page in ev.pages:
        for link in page.links:
            if not link.href:
                continue
            parts = split_url(link.href)
            if _SHARE.search(parts.path):
                continue  # a share button posts the page, it is not the organisation's account
            net = _network(parts.hostname or "", networks)
            if net and not parts.path.strip("/") and not parts.query:
                continue  # the network's front page ("https://www.facebook.com/" left by a theme): no account
            if net == "youtube" and (_VIDEO.match(parts.path) or (parts.hostname or "").endswith("youtu.be")):
                continue
            if net and net not in seen:
                seen[net] = Pointer(page.final_url, link.selector, link.href[:200])
    if seen:
        return passed(*seen.values(), networks=sorted(seen))
    return failed(Pointer(ev.final_url, note="no social network links on the home page"))


@check("participation.feedback",
       failure_title={"en": 'No feedback or complaint channel', "th": 'ไม่พบช่องทางรับเรื่องร้องเรียนและความคิดเห็น'},
       why={"en": 'People must be able to complain and be heard; it is how services improve.',
            "th": 'ประชาชนต้องร้องเรียนและแสดงความคิดเห็นได้ ซึ่งเป็นวิธีที่บริการได้รับการปรับปรุง'},
       title={"en": "Feedback and complaint channel", "th": "ช่องทางรับเรื่องร้องเรียนและความคิดเห็น"},
       description={"en": "A link to a feedback, complaint or petition channel, or a feedback form.",
                    "th": "มีลิงก์ไปยังช่องทางร้องเรียน แสดงความคิดเห็น หรือแบบฟอร์มรับความคิดเห็น"},
       needs=("pages",), languages=LANGS)
def feedback(ev: SiteView) -> Verdict:
    hits = link_concept_hits(ev, "feedback")
    if hits:
        return passed(*(h.pointer() for h in hits[:3]), confidence=hits[0].confidence, by="link",
                      matched=hits[0].name)
    concept = load_lexicon().concept("feedback")
    for page in ev.pages:
        for form in page.forms:
            # a contact form is contact; it is a feedback channel when it or its page says so
            # (a complaint form, "แบบฟอร์มแจ้งปัญหา", a suggestion box)
            if classify(form) == "feedback" and (term := concept.match_text(form_title(ev, page, form))
                                                 or concept.match_text(page.title)
                                                 or concept.match_url(form.action)):
                return passed(Pointer(page.final_url, form.selector, form.text[:120]), by="form", matched=term)
    # a web board or complaint box shown on the page (a form field's label is not a title)
    titled = section_title_hits(ev, "feedback", skip=field_labels)
    if titled:
        return passed(titled[0].pointer(), confidence=titled[0].confidence, by="section-title",
                      matched=titled[0].name)
    return failed(Pointer(ev.final_url, note="no feedback or complaint channel found"))


def _not_document(link: Link) -> bool:
    return not _DOC.search(split_url(link.href).path) if link.href else True


def _simple(ev: SiteView, concept: str, what: str, titles: bool = False, **kw: Any) -> Verdict:
    hits = concept_hits(ev, concept, **kw)
    if not hits and titles:
        hits = section_title_hits(ev, concept)
    return found(hits) if hits else not_found(ev, what)


@check("participation.e-petition",
       failure_title={"en": 'No e-petition system', "th": 'ไม่พบระบบเข้าชื่อหรือยื่นคำร้องออนไลน์'},
       why={"en": 'E-petitions let citizens put a question on the public agenda.',
            "th": 'การเข้าชื่อออนไลน์ทำให้ประชาชนเสนอเรื่องเข้าสู่วาระสาธารณะได้'},
       title={"en": "E-petitions", "th": "การเข้าชื่อ/ยื่นคำร้องออนไลน์ (e-Petition)"},
       description={"en": "A link to an e-petition system (petition, e-petition, petition.parliament.uk …).",
                    "th": "มีลิงก์ไปยังระบบเข้าชื่อหรือยื่นคำร้องออนไลน์ (e-Petition) เช่น การเข้าชื่อเสนอกฎหมาย"},
       needs=("pages",), languages=LANGS)
def e_petition(ev: SiteView) -> Verdict:
    return _simple(ev, "petition", "e-petition link",
                   hosts=data("petition_hosts", []))


@check("participation.consultation",
       failure_title={"en": 'No public consultation', "th": 'ไม่พบการรับฟังความคิดเห็นสาธารณะ'},
       why={"en": 'Consultation before a decision is the core of e-participation (UN EPI).',
            "th": 'การรับฟังความคิดเห็นก่อนตัดสินใจเป็นหัวใจของการมีส่วนร่วมทางอิเล็กทรอนิกส์'},
       title={"en": "Public consultation", "th": "การรับฟังความคิดเห็นสาธารณะ"},
       description={"en": "A link to public consultations or hearings (public consultation, have your say, "
                          "รับฟังความคิดเห็น, law.go.th, consultation hubs).",
                    "th": "มีลิงก์ไปยังการรับฟังความคิดเห็นของประชาชน เช่น รับฟังความคิดเห็นร่างกฎหมาย ระบบกลางทางกฎหมาย (law.go.th)"},
       needs=("pages",), languages=LANGS)
def consultation(ev: SiteView) -> Verdict:
    return _simple(ev, "consultation", "public consultation",
                   hosts=data("consultation_hosts", []), urls=data("consultation_urls", []),
                   host_labels=data("consultation_host_labels", []))


_RATING = re.compile(r"ดีมาก|ปานกลาง|พอใช้|ควรปรับปรุง|พึงพอใจมาก|excellent|very good|very satisfied|"
                     r"satisfied|dissatisfied|poor")
_POLL = re.compile(r"poll|vote|survey|questionnaire|โพล", re.I)  # a poll box's id or class in its selector


@check("participation.survey",
       failure_title={"en": 'No satisfaction survey', "th": 'ไม่พบแบบสำรวจความพึงพอใจ'},
       why={"en": 'Asking users how a service went is the cheapest way to learn what to fix.',
            "th": 'การถามผู้ใช้ว่าบริการเป็นอย่างไรเป็นวิธีที่ง่ายที่สุดในการรู้ว่าต้องแก้ไขอะไร'},
       title={"en": "Satisfaction survey", "th": "แบบสำรวจความพึงพอใจ"},
       description={"en": "A survey visitors can answer: a link to a (satisfaction) survey or questionnaire, "
                          "or a poll form on the page. Links to survey results do not count.",
                    "th": "มีแบบสำรวจหรือแบบสอบถามความพึงพอใจให้ผู้เข้าชมตอบ (ลิงก์หรือแบบฟอร์มโพลล์) "
                          "ลิงก์ผลการสำรวจไม่นับ"},
       needs=("pages",), languages=LANGS)
def survey(ev: SiteView) -> Verdict:
    c = load_lexicon().concept("survey")
    hits = concept_hits(ev, "survey", hosts=data("survey_hosts", []), link_filter=_not_document)
    for i, page in iter_pages(ev):
        for form in page.forms:
            fields = visible_fields(form)
            choice = [f for f in fields if f.type in ("radio", "checkbox", "select")]
            if not choice or len(choice) * 2 < len(fields):
                continue  # a form mostly of free-text details is a request or an application, not a poll
            ctx = f"{form_context(ev, page, form)} {form_title(ev, page, form)}"
            rated = len(set(_RATING.findall(form.text.lower()))) >= 2  # options on a rating scale
            if (c.match_text(ctx) or _POLL.search(form.selector) or rated) and classify(form) not in ("search", "login"):
                hits.append(Hit("survey", "poll form", page.final_url, "form", page_weight(i), form.selector,
                                form.text[:160], form.action))
    hits = dedupe(hits)
    return found(hits) if hits else not_found(ev, "survey or poll")


@check("participation.chat",
       failure_title={"en": 'No chat or chatbot', "th": 'ไม่พบแชทหรือแชทบอท'},
       why={"en": 'A chat answers a question at once, outside office hours too.',
            "th": 'แชทตอบคำถามได้ทันที รวมถึงนอกเวลาราชการ'},
       title={"en": "Live chat or chatbot", "th": "แชทสดหรือแชทบอท"},
       description={"en": "A live-chat or chatbot widget (recognised from its loader: lexicon/data/chat.yaml), "
                          "a LINE Official Account or Messenger link, or a link to a chat service. "
                          "details.kinds says bot, live or both.",
                    "th": "มีระบบแชทสดหรือแชทบอท (ตรวจจากสคริปต์) ลิงก์ LINE Official Account หรือ Messenger "
                          "หรือลิงก์ไปยังบริการแชท"},
       needs=("pages",),
       languages=LANGS)
def chat(ev: SiteView) -> Verdict:
    widgets = data("chat_widgets", [])
    kinds = {e["id"]: e.get("kind", "both") for e in widgets}
    line = data("line_oa", {})
    line_hosts = frozenset(x.lower() for x in line.get("hosts", []))  # what host_matches looks up
    line_urls = list(line.get("urls", []))
    hits: list[Hit] = []
    for i, page in iter_pages(ev):
        w = page_weight(i)
        hits += entry_hits(ev, page, widgets, weight=w)
        for link in page.links:
            href = (link.href or link.raw_href or "").lower()
            if not href:
                continue
            host = host_of(href)
            # suffixes_of: host_suffixes memoised (the links' hosts repeat on every page)
            if (host and not line_hosts.isdisjoint(suffixes_of(host))) or any(u in href for u in line_urls):
                hits.append(link_hit("line-oa", "LINE Official Account", page, link, "host", w))
                kinds["line-oa"] = "both"
        named = first_named_links(ev, page, widgets)
        for k, e in enumerate(widgets):
            if e.get("names") and (link := named.get(k)) is not None:
                hits.append(link_hit(e["id"], e["name"], page, link, "link-text", w))
    hits += concept_hits(ev, "chat", headings=False, images=True)
    hits = dedupe(hits)
    if not hits:
        return not_found(ev, "chat widget or chat link")
    found_kinds = sorted({kinds.get(h.what, "unknown") for h in hits})
    return found(hits, kinds=found_kinds, widgets=sorted({h.name for h in hits if h.what in kinds}))


@check("participation.procurement",
       failure_title={"en": 'No procurement announcements', "th": 'ไม่พบประกาศจัดซื้อจัดจ้าง'},
       why={"en": 'Open procurement is required of Thai agencies (ITA O16–O18) and lets firms compete.',
            "th": 'การเปิดเผยการจัดซื้อจัดจ้างเป็นข้อกำหนดของหน่วยงานไทย (ITA O16–O18) และเปิดโอกาสให้ผู้ประกอบการแข่งขัน'},
       title={"en": "Procurement announcements", "th": "ประกาศจัดซื้อจัดจ้าง"},
       description={"en": "A link to procurement announcements or results (tenders, contract awards, "
                          "จัดซื้อจัดจ้าง, gprocurement.go.th, Contracts Finder, SAM.gov …).",
                    "th": "มีลิงก์ไปยังประกาศหรือผลการจัดซื้อจัดจ้าง เช่น ประกาศจัดซื้อจัดจ้าง ผลการจัดซื้อจัดจ้าง ระบบ e-GP (gprocurement.go.th)"},
       needs=("pages",), languages=LANGS, references=('Thai ITA O16-O18',))
def procurement(ev: SiteView) -> Verdict:
    return _simple(ev, "procurement", "procurement link", titles=True,
                   hosts=data("procurement_hosts", []))


@check("participation.budget",
       failure_title={"en": 'No budget information', "th": 'ไม่พบข้อมูลงบประมาณ'},
       why={"en": 'Publishing the budget and spending is basic fiscal transparency (ITA O10–O12).',
            "th": 'การเปิดเผยงบประมาณและการใช้จ่ายเป็นความโปร่งใสทางการคลังขั้นพื้นฐาน (ITA O10–O12)'},
       title={"en": "Budget information", "th": "ข้อมูลงบประมาณ"},
       description={"en": "A link or section on the budget or spending (budget, spending, financial "
                          "statements, งบประมาณ, แผนการใช้จ่ายงบประมาณ); 'fiscal year' and project amounts do not count.",
                    "th": "มีลิงก์หรือหัวข้อข้อมูลงบประมาณหรือการใช้จ่าย (งบประมาณ แผนการใช้จ่ายงบประมาณ งบการเงิน) "
                          "ไม่นับคำว่า 'ปีงบประมาณ' หรือวงเงินของโครงการ"},
       needs=("pages",), languages=LANGS, references=('Thai ITA O10-O12',))
def budget(ev: SiteView) -> Verdict:
    return _simple(ev, "budget", "budget information",
                   hosts=data("budget_hosts", []))



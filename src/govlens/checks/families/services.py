"""Online services: links to e-services, service forms, login and digital ID, payment, a
catalogue of services, and the maturity stage these add up to.

* ``services.eservice-links`` — links to online services: the ``services`` concept, named
  online services and Thai verb + ออนไลน์ labels, or e-service systems on other hosts of the
  same government; or a crawled page that is itself a public e-service (an application form
  that does not enrol in an activity, a login under a system's name, a log-out control).
* ``services.online-forms`` — an HTML form that takes a citizen's application, registration
  or feedback (not search or login).
* ``services.login`` — a citizen login (form or link) and the digital-ID providers it names
  (``lexicon/data/identity.yaml``); staff, intranet and webmail logins do not count.
* ``services.maturity`` — the stage a site reaches, after the UN survey's stages and the EU
  benchmark's online availability: 1 information only → 2 downloadable forms → 3 online
  service (a service form or a link to an e-service, also on another host of the same
  government) → 4 authenticated transaction (a citizen login with an online service) →
  5 online payment. ``score = level / 5``; ``pass`` from level 4, ``partial`` at 2–3,
  ``fail`` at 1.
* ``services.payment`` — e-payment: payment links and words, PromptPay / QR payment,
  payment gateways (``lexicon/data/payment.yaml``).
* ``services.catalogue`` — a list of services: a block headed "services" (บริการ …) with at
  least 5 service links, or a crawled services page; a link to a service directory alone is
  ``partial``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import urljoin

from govlens.checks.forms import case_lookup, classify, visible_fields
from govlens.checks.match import (
    Hit,
    best_confidence,
    concept_hits,
    concept_index,
    css_word_alike,
    data,
    dedupe,
    entry_hits,
    eservice_host,
    first_named_links,
    form_context,
    form_title,
    host_of,
    host_suffixes,
    iter_pages,
    link_concept_hits,
    link_facts,
    link_hit,
    match_names,
    matches_any,
    names_in_normalised,
    node_text,
    page_weight,
    path_only,
    same_government,
    site_hosts,
    split_url,
)
from govlens.checks.registry import Pointer, Verdict, check, failed, partial, passed
from govlens.checks.view import SiteView, computed
from govlens.evidence.model import Form, Link, Page
from govlens.lexicon.matcher import load_lexicon, normalise, url_words

LANGS = ("en", "th")
# a block needs checks/options.py's min_services links (5) to be a list of services, and
# one with more than max_block_links (60) is the whole page, not a list
MIN_SERVICES = 5
MAX_BLOCK_LINKS = 60
# a page with less visible text than this, titled as a login, is a login screen
_LOGIN_PAGE_TEXT = 1500


# ------------------------------------------------------------------------------ login


_TABLES: list[tuple[Any, dict[str, Any]]] = []  # (lexicon, its tables prepared as this module reads them)


def _tables() -> dict[str, Any]:
    """The lexicon tables the login finders read, prepared once per lexicon (they were rebuilt
    for every link or page): staff-login terms, CMS sign-in URLs, staff URL words, and the
    identity providers with their hosts, URLs and names."""
    lex = load_lexicon()
    if _TABLES and _TABLES[0][0] is lex:
        return _TABLES[0][1]
    staff = data("staff_login", {})
    idp = data("identity_providers", [])
    idp_index = [(e, frozenset(h.lower() for h in e.get("hosts") or ()), [u.lower() for u in e.get("urls", [])],
                  tuple(e.get("names", []))) for e in idp]
    all_urls = sorted({u for _, _, us, _ in idp_index for u in us})
    got = {"staff_terms": tuple(staff.get("terms", [])), "cms_login_urls": tuple(data("cms_login_urls", [])),
           "staff_url": frozenset(staff.get("url", [])), "idp": idp, "idp_index": idp_index,
           "any_host": frozenset().union(*(h for _, h, _, _ in idp_index)),
           # does any provider URL occur
           "any_url": re.compile("|".join(map(re.escape, all_urls))) if all_urls else None}
    _TABLES[:] = [(lex, got)]
    return got


def _staff(text: str, url: str = "") -> bool:
    t = _tables()
    if text and matches_any(text, t["staff_terms"]):
        return True
    if url and any(m in url for m in t["cms_login_urls"]):
        return True  # the CMS's own sign-in (Liferay /c/portal/login): its editors', not the public's
    return bool(url) and not t["staff_url"].isdisjoint(url_words(url))


def _login_term(label: str, href: str) -> tuple[str | None, str]:
    """A login link's term, by its label, else by its URL — unless the label names a login only
    inside an excluded phrase ("บันทึกการลงชื่อเข้าใช้", a log of sign-ins). Code repositories
    are skipped by :func:`logins` before it asks."""
    lex = load_lexicon()
    for name in ("login", "account_login"):
        t = lex.concept(name).match_text(label) if label else None
        if t:
            return t, "link-text"
    if label and any(lex.concept(n).only_excluded(label) for n in ("login", "account_login")):
        return None, ""
    for name in ("login", "account_login"):
        t = lex.concept(name).match_url(path_only(href)) if href else None
        if t:
            return t, "link-url"
    return None, ""


@cache
def _code_hosts() -> frozenset[str]:
    return frozenset(data("code_hosts", []))


@computed
def logins(ev: SiteView) -> dict[str, Any]:
    """Citizen logins, staff logins (not counted) and the digital-ID providers seen."""
    tables = _tables()
    idp, idp_index, any_host, any_url = tables["idp"], tables["idp_index"], tables["any_host"], tables["any_url"]
    citizen: list[Hit] = []
    staff: list[Hit] = []
    providers: dict[str, Hit] = {}
    logout = load_lexicon().concept("logout")
    link_staff = data("staff_link_words", [])
    for i, page in iter_pages(ev):
        w = page_weight(i)
        staff_page = _staff(page.title)  # a page titled for staff (an internal survey): its logins are staff's
        for form in page.forms:
            if classify(form) != "login":
                continue
            ctx = form_context(ev, page, form)
            if staff_page:
                ctx = f"{ctx} {page.title}"
            if page.text and len(page.text) < _LOGIN_PAGE_TEXT and _login_term(page.title, "")[0]:
                # the page is the login screen ("เข้าสู่ระบบ"): all of it is the form's context,
                # its menu too ("เข้าสู่ระบบสำหรับเจ้าหน้าที่")
                ctx = f"{ctx} {page.title} {page.text}"
            h = Hit("login-form", "login form", page.final_url, "form", w, form.selector,
                    (form.text or ", ".join(f.name for f in visible_fields(form)))[:160], form.action)
            is_staff = _staff(ctx, form.action)
            (staff if is_staff else citizen).append(h)
            if not is_staff:
                for e in idp:
                    n = match_names(form.text, e.get("names", []))
                    if n:
                        providers.setdefault(e["id"], Hit(e["id"], e["name"], page.final_url, "form", w,
                                                          form.selector, form.text[:160], form.action))
        facts = link_facts(ev, page)
        # only links that can be a login link (by the login concepts' words) or show a
        # provider (by host or URL), and those whose host is read from the raw attribute:
        # every other link is skipped below without a hit
        ix = concept_index(ev, page)
        cand = set(ix.by_concept.get("login", ())) | set(ix.by_concept.get("account_login", ()))
        cand.update(ix.no_href)
        for sfx, at in ix.by_suffix.items():
            if sfx in any_host:
                cand.update(at)
        if any_url is not None:
            cand.update(j for j, low in enumerate(ix.lows) if any_url.search(low))
        for f in (facts[j] for j in sorted(cand)):
            link = f.link
            href = link.href or link.raw_href
            if link.href and not f.goes:
                continue  # a login link back to this page or to "#" leads to no login
            if f.host and not _code_hosts().isdisjoint(host_suffixes(f.host)):
                continue  # a code repository (singpass-myinfo-oidc-helper) is not a sign-in or a provider
            term, by = _login_term(link.label, "" if f.in_page else link.href)
            if term and (_DOCUMENT.search(split_url(link.href).path) or len(link.label) > 60
                         or (link.label and logout.match_text(link.label))):
                term = None  # a guide to logging in (a PDF, a news line) or a log-out is not a login
            if term:
                h = link_hit("login-link", term, page, link, by, (1.0 if by == "link-text" else 0.7) * w)
                is_staff = staff_page or _staff(link.label, link.href) or matches_any(link.label, link_staff)
                (staff if is_staff else citizen).append(h)
            low = href.lower()
            host = host_of(href)
            suffixes = set(host_suffixes(host)) if host else set()
            if not term and not (suffixes and not any_host.isdisjoint(suffixes)) \
                    and not (any_url is not None and any_url.search(low)):
                continue  # no provider's host or URL, and not a login link: no provider here
            login_url: bool | None = None
            for e, e_hosts, e_urls, e_names in idp_index:
                if e_hosts and suffixes and not e_hosts.isdisjoint(suffixes):
                    providers.setdefault(e["id"], link_hit(e["id"], e["name"], page, link, "host", w))
                    continue
                by_url = any(u in low for u in e_urls)
                if not term and not by_url:
                    continue  # a provider counts by name only on a login link, by URL only on a login URL
                if not term:
                    if login_url is None:
                        login_url = bool(_login_term("", link.href)[0])
                    if login_url:
                        providers.setdefault(e["id"], link_hit(e["id"], e["name"], page, link, "url", 0.9 * w))
                    continue
                if by_url or match_names(link.label, e_names):
                    providers.setdefault(e["id"], link_hit(e["id"], e["name"], page, link,
                                                           "url" if by_url else "link-text", 0.9 * w))
        for h in entry_hits(ev, page, idp, weight=w, links=False):
            providers.setdefault(h.what, h)
    return {"citizen": dedupe(citizen), "staff": dedupe(staff), "providers": providers}


@check("services.login",
       failure_title={"en": 'No citizen login', "th": 'ไม่พบการเข้าสู่ระบบสำหรับประชาชน'},
       why={"en": 'A citizen login with a digital ID is what lets a service be completed online, not only started.',
            "th": 'การเข้าสู่ระบบของประชาชนด้วยการยืนยันตัวตนดิจิทัลทำให้ทำธุรกรรมจนเสร็จสิ้นทางออนไลน์ได้'},
       title={"en": "Citizen login and digital ID", "th": "การเข้าสู่ระบบของประชาชนและการยืนยันตัวตนดิจิทัล"},
       description={"en": "A login form or link for citizens (not staff, intranet or webmail), naming the "
                          "digital-ID providers it uses (ThaID, DGA Digital ID, Singpass, GOV.UK One Login, "
                          "login.gov, MitID … — data in lexicon/data/identity.yaml).",
                    "th": "มีแบบฟอร์มหรือลิงก์เข้าสู่ระบบสำหรับประชาชน (ไม่นับระบบของเจ้าหน้าที่ อินทราเน็ต หรืออีเมล) "
                          "และระบุผู้ให้บริการยืนยันตัวตนดิจิทัลที่ใช้ เช่น ThaID, DGA Digital ID, Singpass"},
       needs=("pages",),
       languages=LANGS)
def login(ev: SiteView) -> Verdict:
    got = logins(ev)
    citizen, staff, providers = got["citizen"], got["staff"], got["providers"]
    details: dict[str, Any] = {"providers": sorted(h.name for h in providers.values()),
                               "staff_logins_ignored": len(staff)}
    hits = list(providers.values()) + citizen
    if hits:
        by = "provider" if providers else citizen[0].by
        return passed(*(h.pointer() for h in hits[:5]), confidence=best_confidence(hits),
                      **details, by=by, logins=len(citizen))
    if staff:
        return failed(*(h.pointer("staff-only login: not a citizen login") for h in staff[:3]), **details)
    return failed(Pointer(ev.final_url, note="no login form or link found"), **details)


# ---------------------------------------------------------------------------- payment


@computed
def payments(ev: SiteView) -> list[Hit]:
    gateways = data("payment_gateways", [])
    hits = concept_hits(ev, "payment", headings=True, images=True)
    for i, page in iter_pages(ev):
        w = page_weight(i)
        hits += entry_hits(ev, page, gateways, weight=w, what="")
        alt_text: str | None = None
        page_text = ""
        named = first_named_links(ev, page, gateways)
        for k, e in enumerate(gateways):
            names = e.get("names") or []
            if not names:
                continue
            link = named.get(k)
            if link is not None:
                hits.append(link_hit(e["id"], e["name"], page, link, "link-text", w))
            else:
                if alt_text is None:  # normalised once per page, not once per gateway
                    alt_text = " ".join(img.alt or "" for img in page.images)
                    alt_norm = normalise(alt_text) if alt_text else ""
                    page_text = normalise(page.text) if page.text else ""
                n = ((names_in_normalised(alt_norm, names) if alt_text else None)
                     or (names_in_normalised(page_text, names) if page.text else None))
                if n:
                    hits.append(Hit(e["id"], e["name"], page.final_url, "text", 0.8 * w, "body", n))
    return dedupe(hits)


@check("services.payment",
       failure_title={"en": 'No online payment', "th": 'ไม่พบการชำระเงินออนไลน์'},
       why={"en": 'Paying fees online saves a trip to an office and a queue.',
            "th": 'การชำระค่าธรรมเนียมออนไลน์ช่วยให้ไม่ต้องเดินทางไปต่อคิวที่สำนักงาน'},
       title={"en": "Online payment", "th": "การชำระเงินออนไลน์ (e-Payment)"},
       description={"en": "E-payment is offered: a payment link or words (pay online, e-Payment), PromptPay / "
                          "QR payment, or a payment gateway (data in lexicon/data/payment.yaml).",
                    "th": "มีช่องทางชำระเงินอิเล็กทรอนิกส์ เช่น ลิงก์ชำระเงินออนไลน์ พร้อมเพย์/QR Code "
                          "หรือระบบรับชำระเงิน (payment gateway)"},
       needs=("pages",),
       languages=LANGS)
def payment(ev: SiteView) -> Verdict:
    hits = payments(ev)
    if not hits:
        return failed(Pointer(ev.final_url, note="no e-payment link, scheme or gateway found"))
    names = sorted({h.name for h in hits if h.what != "payment"})
    return passed(*(h.pointer() for h in hits[:5]), confidence=best_confidence(hits),
                  gateways=names, by=hits[0].by, count=len(hits))


# -------------------------------------------------------------------------- catalogue

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6", "caption", "legend", "dt", "th")
_TITLE_CLASS = ("title", "head", "header", "caption", "topic", "label")
# items that lead to information pages, not to services, do not make a list of services
_NOT_SERVICES = ("contact", "faq", "news", "about", "privacy", "sitemap", "search")


_TITLE_CLASS_RX = re.compile("|".join(re.escape(k) for k in _TITLE_CLASS))  # any of them, in one scan
# The elements _titled_blocks looks at: a div, span or p only with a class _titleish accepts,
# asked of lexbor ([class*=title i]) rather than of every div's class in Python, when lexbor
# finds the words alike (:func:`css_word_alike`); other words keep every div.
_BLOCK_TAGS = "h1, h2, h3, h4, h5, h6, caption, legend, dt, th, strong, b, div, span, p, li > a"
if all(css_word_alike(w) for w in _TITLE_CLASS):
    _BLOCK_TAGS = "h1, h2, h3, h4, h5, h6, caption, legend, dt, th, strong, b, li > a, " + ", ".join(
        f"{tag}[class*={w} i]" for tag in ("div", "span", "p") for w in _TITLE_CLASS)


def _titleish(n: Any) -> bool:
    tag = n.tag
    if tag in _HEADINGS or tag in ("strong", "b"):
        return True
    if not tag or tag.startswith("-"):
        return False
    return _TITLE_CLASS_RX.search((n.attributes.get("class") or "").lower()) is not None


def _anchors(n: Any) -> list[Any]:
    if n.tag in ("a", "area"):
        return [n]
    return list(n.css("a[href], area[href]"))


def _section_anchors(h: Any) -> list[Any]:
    """The links under a title: its following siblings up to the next title; when the
    title stands alone in its wrapper, the wrapper's following siblings."""
    cur = h
    for _ in range(3):
        out: list[Any] = []
        sib = cur.next
        while sib is not None:
            if sib.tag and not sib.tag.startswith("-"):
                if _titleish(sib) and out:
                    break
                if not _titleish(sib):
                    out += _anchors(sib)
            sib = sib.next
        if out:
            return out
        cur = cur.parent
        if cur is None or cur.tag in ("body", "html"):
            break
    return []


def _service_links(anchors: list[Any], page_url: str) -> set[str]:
    lex = load_lexicon()
    others = [lex.concept(c) for c in _NOT_SERVICES]
    out = set()
    for a in anchors:
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        label = node_text(a, 120) or " ".join((i.attributes.get("alt") or "") for i in a.css("img"))
        if any(c.match_text(label) for c in others):
            continue
        out.add(href)
    return out


def service_blocks(ev: SiteView, page: Page, min_services: int = MIN_SERVICES,
                   max_links: int = MAX_BLOCK_LINKS) -> list[tuple[str, set[str], str]]:
    """``(title, service links, tag)`` of lists headed by a services title (บริการ, services …) with
    at least :data:`MIN_SERVICES` links to services: a heading and the section after it, or
    a menu item and its sub-menu. Items leading to contact, FAQ, news … are not counted."""
    return [b for b in _titled_blocks(ev, page) if min_services <= len(b[1]) <= max_links]


# the titles a block of links is looked for under: a catalogue of services, and online services
_BLOCK_TITLES = ("service_catalogue", "services")


def _titled_blocks(ev: SiteView, page: Page, concept: str = "service_catalogue") -> list[tuple[str, set[str], str]]:
    """Every block :func:`service_blocks` considers, before its size bounds, whose title says
    ``concept`` (one of :data:`_BLOCK_TITLES`)."""
    return [(title, hrefs, tag) for title, hrefs, tag, said in _blocks_by_title(ev, page) if concept in said]


@computed
def _blocks_by_title(ev: SiteView, page: Page) -> list[tuple[str, set[str], str, frozenset[str]]]:
    """Blocks of links under a title naming services, each with the concepts its title says:
    the page's nodes are walked once for every caller and whatever bounds it asks for."""
    if not page.html:
        return []
    lex = load_lexicon()
    concepts = [(name, lex.concept(name)) for name in _BLOCK_TITLES]
    t = ev.tree(page)
    out: list[tuple[str, set[str], str, frozenset[str]]] = []
    seen: set[int] = set()
    for n in t.css(_BLOCK_TAGS):
        if n.mem_id in seen:
            continue  # an element two of the selectors match comes twice, in document order
        seen.add(n.mem_id)
        in_menu = n.tag == "a" and n.parent is not None and n.parent.css_first("ul, ol") is not None
        if not (in_menu or _titleish(n)):
            continue
        text = node_text(n, 80)
        if not text or len(text) > 60:
            continue
        said = frozenset(name for name, c in concepts if c.match_text(text))
        if not said:
            continue
        if in_menu:
            sub = n.parent.css_first("ul, ol")
            anchors = _anchors(sub) if sub is not None else []
        else:
            anchors = _section_anchors(n)
        out.append((text, _service_links(anchors, page.final_url), n.tag or "", said))
    return out


@check("services.catalogue",
       failure_title={"en": 'No list of services', "th": 'ไม่พบรายการบริการ'},
       why={"en": 'People look for a service by its name; a list shows what can be done online.',
            "th": 'ประชาชนค้นหาบริการจากชื่อบริการ รายการบริการบอกว่าทำอะไรทางออนไลน์ได้บ้าง'},
       title={"en": "Catalogue of services", "th": "รายการบริการของหน่วยงาน"},
       description={"en": "A list of the organisation's services: a block headed 'services' with at least "
                          "5 service links, or a services page; a link to a service directory alone is partial.",
                    "th": "มีรายการบริการของหน่วยงาน (หัวข้อบริการที่มีลิงก์บริการอย่างน้อย 5 รายการ หรือหน้ารวมบริการ) "
                          "ลิงก์ไปยังหน้ารวมบริการเพียงอย่างเดียวได้คะแนนบางส่วน"},
       needs=("pages",),
       languages=LANGS)
def catalogue(ev: SiteView, opts: dict[str, Any]) -> Verdict:
    least, most = opts["min_services"], opts["max_block_links"]
    for i, page in iter_pages(ev):
        if page.discovered_as == "key:services":
            main = {lk.href for lk in page.links if lk.href and lk.region not in ("nav", "header", "footer")}
            if len(main) >= least:
                return passed(Pointer(page.final_url, note=f"services page with {len(main)} links"),
                              confidence=0.9, by="services-page", links=len(main))
        blocks = service_blocks(ev, page, least, most)
        if blocks:
            title, hrefs, tag = max(blocks, key=lambda b: len(b[1]))
            n = len(hrefs)
            return passed(Pointer(page.final_url, tag, title, note=f"'{title}' lists {n} links"),
                          confidence=0.9 * page_weight(i), by="block", title=title, links=n, blocks=len(blocks))
    links = concept_hits(ev, "catalogue_link", headings=False, images=False, link_urls=True)
    if links:
        return partial(0.5, *(h.pointer() for h in links[:3]), by="link",
                       note="a link to a service directory; the list itself was not seen")
    return failed(Pointer(ev.final_url, note="no list of services found"))


# --------------------------------------------------------------------------- maturity


def _doc_forms(ev: SiteView) -> list[Hit]:
    lex = load_lexicon()
    fd, fp = lex.concept("forms_download"), lex.concept("forms_page")
    exts = tuple("." + e for e in data("document_extensions", []))
    out: list[Hit] = []
    for i, page in iter_pages(ev):
        w = page_weight(i)
        for link in page.links:
            if not link.href:
                continue
            path = split_url(link.href).path.lower()
            if path.endswith(exts):
                term = fd.match_text(link.label) or fd.match_url(link.href)
                if term:
                    out.append(link_hit("downloadable-form", term, page, link, "link-text", w))
                continue
            term = fp.match_text(link.label) or fp.match_url(link.href)
            if term:
                out.append(link_hit("forms-page", term, page, link, "link-text", 0.9 * w))
    return dedupe(out)


def service_kind(ev: SiteView, page: Page, form: Form) -> str:
    """:func:`classify`, with three corrections a service count needs: a form whose only
    fields are one radio/checkbox group is a poll; a "feedback" form that takes files or
    many fields and does not speak of feedback is an application; fields outside any
    ``<form>`` (the parser's "(no form)" group, often unrelated script widgets) are not one form."""
    if form.name == "(no form)" and not form.selector:
        return "other"
    fields = visible_fields(form)
    groups = {(f.type, f.name) for f in fields if f.type in ("radio", "checkbox")}
    if fields and len(groups) == 1 and all(f.type in ("radio", "checkbox") for f in fields):
        return "poll"
    kind = classify(form)
    if kind == "feedback" and ("file" in {f.type for f in fields} or len(fields) >= 6) \
            and not load_lexicon().concept("feedback").match_text(form_context(ev, page, form)):
        return "application"
    return kind


def _service_forms(ev: SiteView) -> list[Hit]:
    out = []
    for i, page in iter_pages(ev):
        for form in page.forms:
            kind = service_kind(ev, page, form)
            if kind in ("application", "registration") and not _staff(form_context(ev, page, form), form.action):
                out.append(Hit("service-form", kind, page.final_url, "form", page_weight(i), form.selector,
                               f"{kind}: {len(visible_fields(form))} fields", form.action))
    return out


def _verb_online(label: str) -> bool:
    """A Thai service named by its verb and ออนไลน์: "ยื่นคำร้อง…ออนไลน์", "จองคิว…ออนไลน์"."""
    t = normalise(label)
    return "ออนไลน์" in t and t.startswith(tuple(data("online_service_verbs", [])))


def _named_services(ev: SiteView, concept: str) -> list[Hit]:
    return link_concept_hits(ev, concept)


@computed
def online_service_links(ev: SiteView) -> list[Hit]:
    """Links naming an online service: the core ``services`` concept, ``online_service``
    (apply for…, e-filing, แจ้งความออนไลน์ …) and Thai verb + ออนไลน์ labels."""
    found = _named_services(ev, "services") + _named_services(ev, "online_service")
    out = [Hit("eservice-link", h.name, h.url, h.by, h.confidence * 0.8, h.selector, h.snippet, h.target)
           for h in found]
    for i, page in iter_pages(ev):
        for link in page.links:
            if link.href and link.label and _verb_online(link.label):
                out.append(link_hit("eservice-link", "ออนไลน์", page, link, "link-text", 0.8 * page_weight(i)))
    return dedupe(out)


# a menu or section of online services holds a few systems; more is a site's whole menu
_MENU_SERVICES_MAX = 30


@computed
def menu_eservices(ev: SiteView) -> list[Hit]:
    """Links listed under a title that names online services — a menu "e-Service ▾" whose
    own link goes nowhere, a heading "บริการออนไลน์", "SERVICIOS EN LINEA": the items are the
    systems, whatever each one's own name ("ระบบแจ้งซ่อม", "Libro de reclamaciones"). Items
    that lead to contact, FAQ, news … pages are not counted."""
    out = []
    for i, page in iter_pages(ev):
        for title, hrefs, tag in _titled_blocks(ev, page, "services"):
            if len(hrefs) > _MENU_SERVICES_MAX:
                continue
            for href in sorted(hrefs):
                out.append(Hit("eservice-menu", title, page.final_url, "block", 0.7 * page_weight(i), tag,
                               title, urljoin(page.final_url, href)))
    return dedupe(out)


@computed
def external_eservices(ev: SiteView) -> list[Hit]:
    """Links to an e-service system on another host of the same agency or government
    (``eservice.dol.go.th``, ``efiling.rd.go.th`` from ``www.dol.go.th``): named as a
    service, on a host named like one, or listed in a block of services that mostly
    leads to such hosts."""
    hosts = site_hosts(ev)
    lex = load_lexicon()
    services, named = lex.concept("services"), lex.concept("online_service")
    relation: dict[str, str | None] = {}
    out = []
    for i, page in iter_pages(ev):
        listed: set[str] = set()
        for _, hrefs, _ in service_blocks(ev, page):
            absolute = {urljoin(page.final_url, h) for h in hrefs}
            away = {u for u in absolute if same_government(u, hosts) in ("same-agency", "same-government")}
            if len(away) * 2 >= len(absolute):  # a list of separate systems, not of information pages
                listed |= away
        for link in page.links:
            if not link.href or link.href.startswith(("mailto:", "tel:")):
                continue
            host = host_of(link.href)
            rel = relation.get(host)  # same_government reads only the URL's host
            if rel is None and host not in relation:
                rel = relation[host] = same_government(link.href, hosts)
            if rel not in ("same-agency", "same-government"):
                continue
            term = (services.match_text(link.label) or named.match_text(link.label)
                    or ("ออนไลน์" if _verb_online(link.label) else None)) if link.label else None
            if term or eservice_host(host) or link.href in listed:
                out.append(link_hit("external-eservice", host, page, link, "host" if not term else "link-text",
                                    page_weight(i) * (1.0 if term else 0.8)))
    return dedupe(out)


@computed
def maturity_evidence(ev: SiteView) -> dict[str, Any]:
    stages: dict[int, list[Hit]] = {2: _doc_forms(ev)}
    links = online_service_links(ev)
    ext = external_eservices(ev)
    stages[3] = dedupe(_service_forms(ev) + links + ext)
    lg = logins(ev)
    stages[4] = list(lg["providers"].values()) + lg["citizen"]
    stages[5] = payments(ev)
    if stages[5]:
        level = 5
    elif stages[4] and stages[3]:
        level = 4
    elif stages[3] or stages[4]:
        level = 3
    elif stages[2]:
        level = 2
    else:
        level = 1
    return {"level": level, "stages": stages, "external": ext}


@check("services.maturity",
       failure_title={"en": 'Information only, no online service', "th": 'มีเพียงข้อมูล ยังไม่มีบริการออนไลน์'},
       why={"en": 'How far a service goes online decides how many trips and papers a citizen is spared.',
            "th": 'ระดับที่บริการทำได้ทางออนไลน์กำหนดว่าประชาชนลดการเดินทางและเอกสารได้เพียงใด'},
       title={"en": "Online service maturity", "th": "ระดับความพร้อมของบริการออนไลน์"},
       description={"en": "The highest stage reached: 1 information only, 2 downloadable forms (PDF/DOC/XLS), "
                          "3 online service (a service form, or a link to an e-service — also on another host of "
                          "the same government), 4 authenticated transaction (citizen login with an online "
                          "service), 5 online payment. Score = level/5; pass from level 4, partial at 2–3.",
                    "th": "ระดับสูงสุดที่เว็บไซต์ไปถึง: 1 ข้อมูลอย่างเดียว 2 ดาวน์โหลดแบบฟอร์ม 3 บริการออนไลน์ "
                          "(แบบฟอร์มบริการหรือลิงก์ระบบ e-Service รวมถึงโดเมนอื่นของภาครัฐ) 4 ธุรกรรมที่ยืนยันตัวตน "
                          "(เข้าสู่ระบบ) 5 ชำระเงินออนไลน์ คะแนน = ระดับ/5"},
       needs=("pages",),
       languages=LANGS)
def maturity(ev: SiteView) -> Verdict:
    got = maturity_evidence(ev)
    level: int = got["level"]
    names = {1: "information", 2: "downloadable forms", 3: "online service",
             4: "authenticated transaction", 5: "online payment"}
    stages = {str(k): [f"{h.what}: {h.snippet or h.target}"[:160] for h in v[:5]] for k, v in got["stages"].items() if v}
    details: dict[str, Any] = {"level": level, "stage": names[level], "stages": stages,
                               "external_eservices": sorted({h.name for h in got["external"]})}
    top = got["stages"].get(level, [])
    pointers = tuple(h.pointer(f"stage {level} ({names[level]}): {h.what} '{h.name}'") for h in top[:3])
    if not pointers:
        pointers = (Pointer(ev.final_url, note="information only: no forms, online service, login or payment"),)
    conf = best_confidence(top) if top else 0.9
    outcome = "pass" if level >= 4 else "partial" if level >= 2 else "fail"
    return Verdict(outcome, round(level / 5, 3), pointers, details, conf)


# ------------------------------------------------------------------ links and forms


@check("services.eservice-links",
       failure_title={"en": 'No links to online services', "th": 'ไม่พบลิงก์ไปยังบริการออนไลน์'},
       why={"en": "An e-service nobody can find from the organisation's site is not used.",
            "th": 'บริการอิเล็กทรอนิกส์ที่หาไม่พบจากเว็บไซต์ของหน่วยงานจะไม่มีผู้ใช้'},
       title={"en": "Links to online services", "th": "ลิงก์ไปยังบริการออนไลน์ (e-Service)"},
       description={"en": "Links to the organisation's online (e-)services: named as services, as an online "
                          "service (apply for…, e-filing, Thai verb + ออนไลน์), e-service systems on other "
                          "hosts of the same government, or a page that is itself a public e-service (its "
                          "application form, its login named for the system, a signed-in page).",
                    "th": "มีลิงก์ไปยังบริการอิเล็กทรอนิกส์ของหน่วยงาน (ชื่อบริการ บริการออนไลน์ หรือระบบ e-Service "
                          "บนโดเมนอื่นของภาครัฐ)"},
       needs=("pages",), languages=LANGS)
def eservice_links(ev: SiteView) -> Verdict:
    staff = staff_systems(ev)
    found = [h for h in _named_services(ev, "services") if h.target not in staff]
    extra = {"staff_systems": sorted(staff)[:10]} if staff else {}
    if not found:
        hits = (online_service_links(ev) or external_eservices(ev) or transactional_links(ev)
                or menu_eservices(ev) or entry_page(ev))
        hits = [h for h in hits if h.target not in staff]
        if hits:
            return passed(*(h.pointer() for h in hits[:5]), confidence=hits[0].confidence,
                          count=len(hits), by=hits[0].by, targets=sorted({h.target for h in hits})[:20], **extra)
        return failed(Pointer(ev.final_url, note="no link to online services"), **extra)
    return passed(*(h.pointer() for h in found[:5]), confidence=found[0].confidence,
                  count=len(found), targets=sorted({h.target for h in found})[:20], **extra)


_DOCUMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|jpe?g|png)$", re.I)
_DIGITS = re.compile(r"[0-9\u0e50-\u0e59]{2,}")


def _actionable(link: Link) -> bool:
    """A link that can be a system's entry: not a document to read, not a news headline
    (long, or carrying a date or number), not a share button."""
    label = link.label or ""
    if link.href:
        parts = split_url(link.href)
        if _DOCUMENT.search(parts.path) or _NEWS_URL.search(f"{parts.path}?{parts.query}"):
            return False  # a document, or an item of the site's news ("การรับสมัครสอบ…" → news.php?id=)
    return len(label) <= 80 and not _DIGITS.search(label)


# an item of the site's news, blog or activity pages: its headline may say "register", it is read
_NEWS_URL = re.compile(r"news|article|blog|(?:^|[/_\-=])(?:public_)?detail|page=news|activit", re.I)


@computed
def staff_systems(ev: SiteView) -> set[str]:
    """Targets of links to systems for staff only (webmail, intranet, e-office, admin): the UN
    counts services to the public, so these are reported apart, never as e-services."""
    out: set[str] = set()
    for _, page in iter_pages(ev):
        for link in page.links:
            target = link.href or link.raw_href
            if target and target not in out and _staff_link(link.label, link.href):
                out.add(target)
    return out


_STAFF_LINKS: dict[tuple[str, str], bool] = {}


def _staff_link(label: str, href: str) -> bool:
    """:func:`_staff` of a link, memoised per label and URL (menus repeat on every page)."""
    key = (label, href)
    got = _STAFF_LINKS.get(key)
    if got is None:
        got = _staff(label, href)
        if len(_STAFF_LINKS) >= 8192:
            _STAFF_LINKS.clear()
        _STAFF_LINKS[key] = got
    return got


@computed
def transactional_links(ev: SiteView) -> list[Hit]:
    """E-services named by what they do — a transactional verb and its object ("ระบบยื่นคำร้อง",
    "จองคิวใช้บริการ", "Apply for a passport", "Check your application status") — and links to
    online-form hosts whose label is not a survey or feedback form."""
    hits = concept_hits(ev, "transaction", headings=False, images=False, link_urls=False,
                        resolved_only=True, link_filter=_actionable)
    lex = load_lexicon()
    survey, feedback = lex.concept("survey"), lex.concept("feedback")
    forms = concept_hits(ev, "transaction", headings=False, images=False, link_urls=False, resolved_only=True,
                         hosts=data("form_hosts", []), urls=data("form_urls", []) + data("app_store_urls", []),
                         link_filter=lambda lk: not (survey.match_text(lk.label) or feedback.match_text(lk.label)))
    out = [Hit("eservice-link", h.name, h.url, h.by, h.confidence * 0.8, h.selector, h.snippet, h.target)
           for h in hits + [f for f in forms if f.by in ("host", "url")]]
    return dedupe(out)


@computed
def entry_page(ev: SiteView) -> list[Hit]:
    """A crawled page that is itself a public e-service, judged by what it does: a citizen
    login form on a page or under a heading that names a system or an e-service; a form that
    takes an application (fields for a case, files), unless it enrols in an activity (a project,
    a training: taking part, not a public service); or a signed-in page (a log-out control)
    that is not a staff system."""
    lex = load_lexicon()
    names, logout, activity = lex.concept("system_entry"), lex.concept("logout"), lex.concept("activity")
    transaction = lex.concept("transaction")
    out: list[Hit] = []
    for i, page in iter_pages(ev):
        if _staff(page.title, page.final_url):
            continue
        for form in page.forms:
            kind = classify(form)
            if kind == "feedback" and sum(f.type == "file" for f in form.fields) >= 2 \
                    and service_kind(ev, page, form) == "application":
                # the writer's details and several documents (a copy of the ID card, a signed
                # form), no word of feedback: a request; a message may carry one attachment
                kind = "application"
            if kind not in ("login", "application", "registration", "other", "search"):
                continue
            context = form_context(ev, page, form)
            if _staff(context, form.action):
                continue
            if kind in ("other", "search"):
                # a form titled by what it does for the visitor ("ตรวจสอบสถานะการสมัคร", "Track
                # your application"): a look-up of one's own case is a service, not a site search
                title = form_title(ev, page, form)
                t = transaction.match_text(title) or case_lookup(form, title)
                if t:
                    out.append(Hit("eservice-lookup", t, page.final_url, "form", 0.7 * page_weight(i),
                                   form.selector, f"{(page.title or context)[:120]} — {t}", page.final_url))
                    break
                if kind == "search":
                    continue
            term = names.match_text(page.title) or names.match_text(context)
            if kind == "login" and term:
                out.append(Hit("eservice-entry", term, page.final_url, "form", 0.8 * page_weight(i), form.selector,
                               f"{(page.title or context)[:120]} — login form", page.final_url))
                break
            # an application (fields outside a <form> are grouped per container: one lone
            # upload box in a table cell is a piece of a form, not an application), or an
            # account for the public (a password chosen twice, several details: the entry to a
            # system people sign up to use, "สมัครสมาชิก", "Create an account")
            if (kind == "registration" or (kind == "application" and (
                    form.name != "(no form)" or len(visible_fields(form)) >= 3))) \
                    and not activity.match_text(context) and not activity.match_text(page.title):
                out.append(Hit("eservice-form", f"{kind} form", page.final_url, "form", 0.7 * page_weight(i),
                               form.selector, f"{(page.title or context)[:120]} — {kind} form", page.final_url))
                break
            if kind == "other" and (t := logout.match_text(form.text)):
                out.append(Hit("eservice-session", t, page.final_url, "form", 0.6 * page_weight(i), form.selector,
                               f"{(page.title or context)[:120]} — signed in ({t})", page.final_url))
                break
    return out


@check("services.online-forms",
       failure_title={"en": 'No online service form', "th": 'ไม่พบแบบฟอร์มบริการออนไลน์'},
       why={"en": 'A form that takes an application online replaces a paper form and a visit.',
            "th": 'แบบฟอร์มที่รับคำขอทางออนไลน์แทนแบบฟอร์มกระดาษและการเดินทางไปยื่น'},
       title={"en": "Online forms", "th": "แบบฟอร์มออนไลน์"},
       description={"en": "An HTML form that takes a citizen's input for a service "
                          "(not a search or login form).",
                    "th": "มีแบบฟอร์ม HTML สำหรับรับข้อมูลจากประชาชนเพื่อใช้บริการ (ไม่นับช่องค้นหาหรือเข้าสู่ระบบ)"},
       needs=("pages",))
def online_forms(ev: SiteView) -> Verdict:
    hits = []
    for page in ev.pages:
        for form in page.forms:
            kind = classify(form)
            if kind in ("application", "feedback", "registration"):
                hits.append(Pointer(page.final_url, form.selector,
                                    f"{kind}: {len(visible_fields(form))} fields", note=form.action))
    if hits:
        return passed(*hits[:5], count=len(hits))
    return failed(Pointer(ev.final_url, note="no service form on the crawled pages"))

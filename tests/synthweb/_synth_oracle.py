"""An independent reading of synthetic pages, to check the generator's labels.

It sees what a visitor without scripts sees (links, forms, images, visible text; nothing in
<script>, <style> or comments) and matches concept words taken from the project lexicon
files (when present) plus the synthweb link texts. It is deliberately small and
separate from govlens.checks: it judges the generator, not the checks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from govlens.synthweb import text as T

LEXICON_DIR = Path(__file__).resolve().parents[2] / "src" / "govlens" / "lexicon" / "data"
CONCEPT_OF = {"contact": "contact", "sitemap": "sitemap", "privacy": "privacy", "faq": "faq",
              "news": "news", "about": "about", "search": "search", "feedback": "feedback",
              "eservice": "services", "opendata": "opendata"}
SOCIAL_HOSTS = ("facebook.com", "fb.com", "twitter.com", "x.com", "youtube.com", "youtu.be",
                "line.me", "lin.ee", "instagram.com", "tiktok.com", "linkedin.com")
OPENDATA_HOSTS = ("data.go.th", "data.gov.sg", "opendata.dk", "gdcatalog.go.th", "data.go.kr", "data.gov.my",
                  "data.gov.vn")
DATA_EXT = re.compile(r"\.(csv|json|xlsx|xls|xml|ods|geojson|kml|zip)$", re.I)
LANG_WORDS = {"english": "en", "en": "en", "eng": "en", "ภาษาอังกฤษ": "en", "ภาษาไทย": "th",
              "ไทย": "th", "th": "th", "thai": "th", "中文": "zh", "bahasa melayu": "ms",
              "dansk": "da", "한국어": "ko", "tiếng việt": "vi"}
SEARCH_NAMES = re.compile(r"^(q|query|keywords?|search\w*|s|kw)$", re.I)


@dataclass
class Concept:
    thai: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # latin, whole-word
    url: set[str] = field(default_factory=set)

    def match_text(self, text: str) -> bool:
        t = " ".join(text.lower().split())
        if any(s in t for s in self.thai):
            return True
        return any(re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", t) for w in self.words)

    def match_url(self, url: str) -> bool:
        p = urlsplit(url)
        path = (p.path + ("?" + p.query if p.query else "")).lower()
        words = set(w for w in re.split(r"[/\-_.?=&+ ]+", path) if w)
        words |= {s.rsplit(".", 1)[0] for s in re.split(r"[/?=&]+", path) if s}
        return bool(words & self.url)


def _load_concepts() -> dict[str, Concept]:
    out = {name: Concept() for name in set(CONCEPT_OF.values())}
    for feature, concept in CONCEPT_OF.items():
        for _lang, texts in T.LINK_TEXTS[feature].items():
            for t in texts:
                (out[concept].thai if re.search("[\u0e00-\u0e7f]", t) else
                 out[concept].words).add(t.lower())
        for p in T.PRETTY_PATHS[feature]:
            out[concept].url.add(p.strip("/").rsplit(".", 1)[0])
    for f in sorted(LEXICON_DIR.glob("*.yaml")) if LEXICON_DIR.is_dir() else []:
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for name, c in (data.get("concepts") or {}).items():
            if name not in out:
                continue
            for t in c.get("terms", []):
                t = str(t).lower()
                (out[name].thai if re.search("[\u0e00-\u0e7f]", t) else out[name].words).add(t)
            out[name].url |= {str(u).lower() for u in c.get("url", [])}
    return out


CONCEPTS = _load_concepts()


@dataclass
class Link:
    href: str
    text: str = ""
    title: str = ""
    aria: str = ""
    alts: list[str] = field(default_factory=list)
    hreflang: str = ""
    lang: str = ""

    @property
    def label(self) -> str:
        return " ".join([self.text, self.title, self.aria, *self.alts]).strip()


@dataclass
class Control:
    tag: str
    type: str
    name: str
    id: str
    placeholder: str
    aria: str
    title: str
    in_label: bool


@dataclass
class Form:
    action: str
    role: str
    controls: list[Control] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)


@dataclass
class ParsedPage:
    url: str
    lang: str | None = None
    title: str | None = None
    viewport: str | None = None
    links: list[Link] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    images: list[tuple[str | None, bool]] = field(default_factory=list)  # (alt, in_link)
    label_for: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)
    loose_controls: list[Control] = field(default_factory=list)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def all_controls(self) -> list[Control]:
        return [c for f in self.forms for c in f.controls] + self.loose_controls


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.p = page
        self.skip = 0
        self.link: Link | None = None
        self.form: Form | None = None
        self.in_title = False
        self.title_parts: list[str] = []
        self.label_depth = 0
        self.button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        has = {k for k, _ in attrs}
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "html":
            self.p.lang = a.get("lang") if "lang" in has else None
        elif tag == "title":
            self.in_title = True
            self.title_parts = []
        elif tag == "meta" and a.get("name", "").lower() == "viewport":
            self.p.viewport = a.get("content", "")
        elif tag == "a" and "href" in has:
            self.link = Link(urljoin(self.p.url, a["href"]), title=a.get("title", ""),
                             aria=a.get("aria-label", ""), hreflang=a.get("hreflang", ""),
                             lang=a.get("lang", ""))
            self.p.links.append(self.link)
        elif tag == "area" and "href" in has:
            self.p.links.append(Link(urljoin(self.p.url, a["href"]), alts=[a.get("alt", "")]))
        elif tag == "img":
            alt = a.get("alt") if "alt" in has else None
            self.p.images.append((alt, self.link is not None))
            if self.link is not None and alt:
                self.link.alts.append(alt)
        elif tag == "form":
            self.form = Form(urljoin(self.p.url, a.get("action", "")), a.get("role", ""))
            self.p.forms.append(self.form)
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.p.label_for.add(a["for"])
        elif tag in ("input", "textarea", "select"):
            typ = a.get("type", "text").lower() if tag == "input" else tag
            if typ in ("submit", "button", "reset", "image"):
                if self.form is not None:
                    self.form.buttons.append(a.get("value", ""))
                return
            if typ == "hidden":
                return
            c = Control(tag, typ, a.get("name", ""), a.get("id", ""), a.get("placeholder", ""),
                        a.get("aria-label", ""), a.get("title", ""), self.label_depth > 0)
            (self.form.controls if self.form is not None else self.p.loose_controls).append(c)
        elif tag == "button":
            self.button = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
            self.p.title = "".join(self.title_parts)
        elif tag == "a":
            self.link = None
        elif tag == "form":
            self.form = None
        elif tag == "label":
            self.label_depth = max(0, self.label_depth - 1)
        elif tag == "button" and self.button is not None:
            if self.form is not None:
                self.form.buttons.append(" ".join(self.button))
            self.button = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        self.p.text.append(data)
        if self.link is not None:
            self.link.text = (self.link.text + " " + data).strip()
        if self.button is not None:
            self.button.append(data)


def parse(url: str, html: str) -> ParsedPage:
    page = ParsedPage(url)
    _Parser(page).feed(html)
    return page


# ------------------------------------------------------------------ judgements


def link_concept(link: Link, concept: str) -> bool:
    c = CONCEPTS[concept]
    return c.match_text(link.label) or c.match_url(link.href)


def is_search_form(f: Form) -> bool:
    c = CONCEPTS["search"]
    if len(f.controls) > 2 or any(x.type in ("password", "textarea", "file") for x in f.controls):
        return False
    if f.role == "search" or any(x.type == "search" or SEARCH_NAMES.match(x.name)
                                 for x in f.controls):
        return True
    words = " ".join([*(x.placeholder + " " + x.aria + " " + x.title for x in f.controls),
                      *f.buttons])
    return c.match_text(words) or c.match_url(f.action)


def is_login_form(f: Form) -> bool:
    return any(x.type == "password" for x in f.controls)


def is_service_form(f: Form) -> bool:
    if is_search_form(f) or is_login_form(f):
        return False
    return len(f.controls) >= 3 or any(x.type in ("textarea", "file") for x in f.controls)


def is_feedback_form(f: Form) -> bool:
    contact = re.compile(r"name|mail|phone|tel", re.I)
    return any(x.type == "textarea" for x in f.controls) and any(
        contact.search(x.name) for x in f.controls if x.type != "textarea")


def foreign_switch(page: ParsedPage, own: str) -> bool:
    for lk in page.links:
        if not lk.href.startswith(("http://", "https://")):
            continue  # mailto:/tel: texts ("…@x.go.th") are not language switches
        tag = (lk.hreflang or lk.lang).split("-")[0].lower()
        if tag and tag != own:
            return True
        label = " ".join(lk.label.lower().split())
        for word, lang in LANG_WORDS.items():
            hit = (re.search(rf"(?<!\w){re.escape(word)}(?!\w)", label) if word.isascii()
                   else word in label)
            if hit and lang != own:
                return True
    return False


def social_link(page: ParsedPage) -> bool:
    for lk in page.links:
        host = (urlsplit(lk.href).hostname or "").lower()
        if any(host == h or host.endswith("." + h) for h in SOCIAL_HOSTS):
            return True
    return False


def opendata_link(page: ParsedPage) -> bool:
    for lk in page.links:
        p = urlsplit(lk.href)
        host = (p.hostname or "").lower()
        if any(host == h or host.endswith("." + h) for h in OPENDATA_HOSTS):
            return True
        if DATA_EXT.search(p.path) or "/dataset" in p.path or link_concept(lk, "opendata"):
            return True
    return False


def labelled(c: Control, page: ParsedPage) -> bool:
    return bool(c.in_label or (c.id and c.id in page.label_for) or c.aria.strip()
                or c.title.strip())


def img_alt_outcome(page: ParsedPage) -> str | None:
    if not page.images:
        return None
    ok = sum(1 for alt, in_link in page.images
             if alt is not None and (not in_link or alt.strip()))
    share = ok / len(page.images)
    return "pass" if share == 1 else ("partial" if share >= 0.5 else "fail")


def form_labels_outcome(page: ParsedPage) -> str | None:
    ctl = page.all_controls()
    if not ctl:
        return None
    share = sum(labelled(c, page) for c in ctl) / len(ctl)
    return "pass" if share == 1 else ("partial" if share >= 0.5 else "fail")


_TH_MONTHS = {m: i + 1 for i, m in enumerate(T.TH_ABBR)} | {
    m: i + 1 for i, m in enumerate(T.TH_FULL)}
_EN_MONTHS = {m.lower(): i + 1 for i, m in enumerate(T.EN_FULL)} | {
    m[:3].lower(): i + 1 for i, m in enumerate(T.EN_FULL)}
_THM = "|".join(re.escape(m) for m in sorted(_TH_MONTHS, key=len, reverse=True))
_ENM = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))


def dates_in(text: str) -> list[dt.date]:
    out: list[dt.date] = []

    def add(y: int, m: int, d: int) -> None:
        if y < 100:
            y += 2500
        if y > 2400:
            y -= 543
        with contextlib.suppress(ValueError):
            out.append(dt.date(y, m, d))

    for m in re.finditer(rf"(\d{{1,2}})\s*({_THM})\s*(?:พ\.ศ\.\s*)?(\d{{4}}|\d{{2}})(?!\d)", text):
        add(int(m.group(3)), _TH_MONTHS[m.group(2)], int(m.group(1)))
    for m in re.finditer(rf"\b({_ENM})\s+(\d{{1,2}}),\s+(\d{{4}})\b", text, re.I):
        add(int(m.group(3)), _EN_MONTHS[m.group(1).lower()], int(m.group(2)))
    for m in re.finditer(rf"\b(\d{{1,2}})\s+({_ENM})\s+(\d{{4}})\b", text, re.I):
        add(int(m.group(3)), _EN_MONTHS[m.group(2).lower()], int(m.group(1)))
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        add(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in re.finditer(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text):
        add(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return out


def freshness_outcome(texts: list[str], today: dt.date) -> str:
    found = [d for t in texts for d in dates_in(t) if d <= today + dt.timedelta(days=2)]
    if not found:
        return "fail"
    age = (today - max(found)).days
    return "pass" if age <= 90 else ("partial" if age <= 365 else "fail")

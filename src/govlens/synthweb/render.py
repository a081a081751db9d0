"""Pages of one synthetic site, rendered on demand from its plan.

Rendering is deterministic: shared choices (texts, paths, regions) come from a random
generator seeded by (seed, site index), per-page choices from one seeded by the path too.
Nothing is cached here; :mod:`govlens.synthweb.serve` keeps a small LRU of renderers.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from govlens.synthweb import text as T
from govlens.synthweb.generate import GENERATOR_META, SynthSite

OVERSIZED_BYTES = 7 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Resource:
    """One HTTP answer: status, headers in order, body.

    ``stream_bytes`` > 0: the body is not stored but streamed by the server (that many bytes
    of HTML filler, for the oversized site). ``slow``: "headers" (the server waits before
    answering) or "body" (it trickles the body) — the slow sites.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    stream_bytes: int = 0
    slow: str = ""

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def content_type(self) -> str:
        return self.header("Content-Type") or ""


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def _png(w: int = 1, h: int = 1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = _png()
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


# --------------------------------------------------------------------------- page parts


@dataclass(slots=True)
class Img:
    src: str
    alt: str | None
    in_link: bool = False
    protected: bool = False  # carries a feature's only name: never degraded
    extra: str = ""

    def __str__(self) -> str:
        alt = "" if self.alt is None else f' alt="{esc(self.alt)}"'
        return f'<img src="{esc(self.src)}"{alt}{self.extra}>'

    @property
    def ok(self) -> bool:
        return self.alt is not None and (not self.in_link or self.alt.strip() != "")


@dataclass(slots=True)
class Field:
    """A visible form control with its accessible name (mode) — rendered with its label."""

    tag: str  # input | textarea | select
    type: str
    name: str
    label: str
    mode: str  # label-for | wrap | aria | title | placeholder | none
    placeholder: str = ""
    fid: str = ""
    options: tuple[str, ...] = ()

    @property
    def labelled(self) -> bool:
        return self.mode in ("label-for", "wrap", "aria", "title")

    def __str__(self) -> str:
        attrs = f' name="{esc(self.name)}"'
        if self.fid:
            attrs += f' id="{esc(self.fid)}"'
        ph = self.placeholder or (self.label if self.mode == "placeholder" else "")
        if ph and self.tag != "select":
            attrs += f' placeholder="{esc(ph)}"'
        if self.mode == "aria":
            attrs += f' aria-label="{esc(self.label)}"'
        elif self.mode == "title":
            attrs += f' title="{esc(self.label)}"'
        if self.tag == "textarea":
            ctl = f"<textarea{attrs} rows=\"4\"></textarea>"
        elif self.tag == "select":
            opts = "".join(f"<option>{esc(o)}</option>" for o in self.options)
            ctl = f"<select{attrs}>{opts}</select>"
        else:
            ctl = f'<input type="{self.type}"{attrs}>'
        if self.mode == "label-for":
            return f'<label for="{esc(self.fid)}">{esc(self.label)}</label> {ctl}'
        if self.mode == "wrap":
            return f"<label>{esc(self.label)} {ctl}</label>"
        return ctl


@dataclass(slots=True)
class Doc:
    parts: list[object] = field(default_factory=list)
    imgs: list[Img] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    extra_imgs: list[Img] = field(default_factory=list)  # appended at the partner strip

    def add(self, *s: str) -> None:
        self.parts.extend(s)

    def img(self, src: str, alt: str | None, in_link: bool = False, protected: bool = False,
            extra: str = "") -> None:
        im = Img(src, alt, in_link, protected, extra)
        self.parts.append(im)
        self.imgs.append(im)

    def field(self, f: Field) -> None:
        self.parts.append(f)
        self.fields.append(f)

    def partner_strip(self) -> None:
        self.parts.append(self.extra_imgs)

    def render(self) -> str:
        out: list[str] = []
        for p in self.parts:
            if isinstance(p, list):
                out.extend(str(x) for x in p)
            else:
                out.append(str(p))
        return "".join(out)


@dataclass(frozen=True, slots=True)
class LinkSpec:
    feature: str
    href: str
    text: str
    style: str  # text | img | title | aria | url | area
    region: str  # nav | header | footer | main
    attrs: str = ""
    icon: str = ""


# --------------------------------------------------------------------------- renderer


class SiteRenderer:
    def __init__(self, site: SynthSite) -> None:
        self.site = site
        self.plan = plan = site.plan
        self.lang = plan.lang
        self.rng = rng = random.Random(f"synthweb-render:{site.seed}:{site.index}")
        self.host = site.host
        self.base = f"{site.content_scheme}://{site.host}"
        self.slug = site.host.split(".", 1)[0]
        self.org_name = site.org.name_th if self.lang == "th" else site.org.name_en
        self.server = rng.choice(("Apache/2.4.58 (Ubuntu)", "nginx", "nginx/1.24.0",
                                  "Microsoft-IIS/10.0", "Apache"))
        self.powered = rng.choice(("", "", "PHP/7.4.33", "PHP/8.1.27", "ASP.NET"))
        self.cookie = rng.random() < 0.4
        self.g = T.GENERIC[self.lang]
        f = plan.features

        # paths of every page the site has
        used = set(range(10, 100))
        ids = rng.sample(sorted(used), 20)
        self.paths: dict[str, str] = {}
        for i, name in enumerate(("contact", "sitemap", "privacy", "faq", "news", "about",
                                  "feedback", "eservice", "opendata", "projects",
                                  "performance", "procurement")):
            if plan.path_style == "cms":
                self.paths[name] = f"/index.php?page={ids[i]}"
            elif name in T.PRETTY_PATHS:
                self.paths[name] = rng.choice(T.PRETTY_PATHS[name])
            else:
                self.paths[name] = f"/{name}"
        self.paths["search"] = "/search.php" if plan.path_style == "cms" else "/search"
        self.paths["report"] = "/files/annual-report.pdf"
        self.paths["apply"] = "/e-service/apply"
        self.paths["service2"] = "/e-service/booking"
        self.paths["register"] = "/projects/register"
        self.news_ids = sorted(rng.sample(range(100, 999), 8), reverse=True)
        self.alt_lang = rng.choice(plan.alt_langs) if plan.alt_langs else "en"
        self.paths["alt"] = f"/{self.alt_lang}/"
        od_ext = rng.choice(("csv", "xlsx", "json"))
        self.paths["datafile"] = f"/files/{self.slug}-statistics.{od_ext}"
        self.paths["dataset"] = f"/dataset/{self.slug}-annual-budget"

        # dates: newest first
        self.dates: list[_dt.date] = []
        if plan.newest is not None:
            d = plan.newest
            for _ in range(8):
                self.dates.append(d)
                d = d - _dt.timedelta(days=rng.randint(3, 25))
        titles = list(T.NEWS_TITLES[self.lang])
        rng.shuffle(titles)
        self.news_titles = titles[:8]
        self.future = site.today + _dt.timedelta(days=rng.randint(20, 80))

        # feature links
        self.links: list[LinkSpec] = []
        for name in ("about", "news", "eservice", "faq", "contact", "privacy", "sitemap",
                     "feedback", "opendata", "search"):
            feat = f[name]
            if not feat.present:
                continue
            if name == "feedback" and feat.variant == "form":
                continue  # a feedback form on the home page, no link
            if name == "search" and feat.variant != "link":
                continue
            self.links.append(self._feature_link(name))
        self.social: list[tuple[str, str, str, str]] = []  # name, url, icon, style
        if f["social"].present:
            nets = rng.sample(T.SOCIAL, rng.randint(1, 4))
            style = rng.choice(("text", "img", "aria", "url"))
            self.social = [(n, u.format(slug=self.slug), i, style) for n, u, i in nets]
        self.social_region = "footer" if rng.random() < 0.7 else "header"
        self.switch: tuple[str, str, str] | None = None  # text, attrs, style
        if f["foreign"].present:
            name = rng.choice(T.LANG_NAMES[self.alt_lang])
            tag = T.LANG_TAGS[self.alt_lang]
            attr_kind = rng.choice(("", "hreflang", "lang"))
            if self.alt_lang not in ("en", "th"):
                attr_kind = attr_kind or "hreflang"
            attrs = {"": "", "hreflang": f' hreflang="{tag}"', "lang": f' lang="{tag}"'}[attr_kind]
            style = "img" if rng.random() < 0.2 else "text"
            self.switch = (name, attrs, style)
        self.switch_region = "header" if rng.random() < 0.8 else "footer"
        absent = [n for n in ("contact", "faq", "privacy", "sitemap", "about", "eservice",
                              "feedback", "opendata") if not f[n].present]
        self.decoy_feature = rng.choice(absent) if absent else None

    # ----------------------------------------------------------------- helpers

    def href(self, path: str) -> str:
        return self.base + path if self.plan.abs_links else path

    def _feature_link(self, name: str) -> LinkSpec:
        rng, plan = self.rng, self.plan
        native = T.LINK_TEXTS[name][self.lang]
        styles = {"text": 6.0, "text-other": 1.5 if self.lang == "th" else 0.0,
                  "img": 5.0 if plan.layout == "table" else 1.5, "title": 1.0, "aria": 1.0,
                  "url": 1.2 if plan.path_style == "pretty" else 0.0,
                  "area": 0.6 if plan.layout == "table" else 0.0}
        style = rng.choices(list(styles), weights=list(styles.values()))[0]
        text = rng.choice(T.LINK_TEXTS[name]["en"] if style == "text-other" else native)
        if style == "text-other":
            style = "text"
        if plan.footer_only:
            region = "footer"
        elif name == "search":
            region = "header"
        else:
            region = rng.choices(("nav", "header", "footer", "main"), (45, 12, 28, 15))[0]
        target = name
        if name == "opendata":
            v = plan.features["opendata"].variant
            if v == "portal":
                url = T.OPENDATA_PORTALS[self.site.country].format(slug=self.slug)
                text = rng.choice((urlsplit(url).hostname or "", text))
                return LinkSpec(name, url, text, "text" if style in ("url", "area") else style,
                                region, icon=T.ICONS[name])
            if v == "dataset-path":
                target = "dataset"
                text = "งบประมาณรายจ่ายประจำปี" if self.lang == "th" else "Annual budget figures"
                style = "text"  # the URL (/dataset/…) is the clue
            elif v == "file":
                target = "datafile"
                ext = self.paths["datafile"].rsplit(".", 1)[1].upper()
                text = ("สถิติประจำปี" if self.lang == "th" else "Annual statistics") + f" ({ext})"
                style = "text"
        return LinkSpec(name, self.href(self.paths[target]), text, style, region,
                        icon=T.ICONS[name])

    def _a(self, doc: Doc, link: LinkSpec, page_rng: random.Random) -> None:
        h = esc(link.href)
        t = esc(link.text)
        if link.style == "text":
            doc.add(f'<a href="{h}"{link.attrs}>{t}</a>')
        elif link.style == "img":
            doc.add(f'<a href="{h}"{link.attrs}>')
            doc.img(f"/img/menu-{link.feature}.png", link.text, in_link=True, protected=True)
            doc.add("</a>")
        elif link.style == "title":
            doc.add(f'<a href="{h}" title="{t}"><i class="{link.icon}"></i></a>')
        elif link.style == "aria":
            doc.add(f'<a href="{h}" aria-label="{t}"><svg aria-hidden="true" width="16" '
                    f'height="16"><circle cx="8" cy="8" r="6"/></svg></a>')
        elif link.style == "url":
            doc.add(f'<a href="{h}"><i class="{link.icon}" aria-hidden="true"></i></a>')
        elif link.style == "area":
            mid = f"m-{link.feature}"
            doc.img(f"/img/map-{link.feature}.png", "", protected=True, extra=f' usemap="#{mid}"')
            doc.add(f'<map name="{mid}"><area shape="rect" coords="0,0,160,40" href="{h}" '
                    f'alt="{t}"></map>')

    def _links_in(self, region: str, home: bool) -> list[LinkSpec]:
        out = [lk for lk in self.links if lk.region == region]
        if region == "main":
            return out if home else []
        return out

    # ----------------------------------------------------------------- page frame

    def _head(self, doc: Doc, title: str, lang_attr: str | None = None) -> None:
        plan = self.plan
        lang = plan.html_lang if lang_attr is None else lang_attr
        doc.add("<!DOCTYPE html>\n")
        doc.add("<html>" if lang is None else f'<html lang="{esc(lang)}">', "\n<head>\n")
        enc = plan.encoding
        if enc == "utf-8":
            doc.add('<meta charset="utf-8">\n')
        elif enc == "utf-8-meta":
            doc.add('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n')
        elif enc == "windows-874-meta":
            doc.add('<meta charset="windows-874">\n')
        if plan.viewport == "ok":
            doc.add('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        elif plan.viewport == "decoy":
            doc.add('<meta name="viewport" content="width=1024">\n')
        doc.add(f'<meta name="generator" content="{GENERATOR_META}">\n')
        doc.add(f'<meta name="description" content="{esc(T.NOTICE[self.lang])}">\n')
        if plan.title == "ok":
            doc.add(f"<title>{esc(title)}</title>\n")
        elif plan.title == "empty":
            doc.add("<title> </title>\n" if self.site.index % 2 else "<title></title>\n")
        doc.add('<link rel="stylesheet" href="/css/site.css">\n')
        doc.add(f"<style>{T.CSS}</style>\n</head>\n<body>\n")
        doc.add(f'<div class="fictional-notice" role="note">{esc(T.NOTICE[self.lang])}</div>\n')

    def _search_form(self, doc: Doc, home: bool, labelled: bool = True) -> None:
        v = self.plan.features["search"].variant
        if not v.startswith("form"):
            return
        action = esc(self.href(self.paths["search"]))
        word = T.LINK_TEXTS["search"][self.lang][0]
        mode_ok = "label-for"
        if v == "form-type":
            doc.add(f'<form action="{action}" method="get" role="search">')
            f = Field("input", "search", "keyword", word, mode_ok if labelled else "none",
                      fid="site-search")
            button = f"<button type=\"submit\">{esc(word)}</button>"
        elif v == "form-q":
            doc.add(f'<form action="{action}" method="get">')
            f = Field("input", "text", "q", word, "title" if labelled else "none")
            button = '<input type="submit" value="Go">'
        elif v == "form-placeholder":
            doc.add(f'<form action="{action}" method="get" class="search-box">')
            f = Field("input", "text", "kw", word, "wrap" if labelled else "none",
                      placeholder=f"{word}...")
            button = '<button type="submit"><i class="fa fa-search"></i></button>'
        else:  # form-aria
            doc.add(f'<form action="{action}" method="get">')
            f = Field("input", "text", "txt", word, "aria")
            button = '<button type="submit">OK</button>'
        if self.lang == "th":
            doc.add('<input type="hidden" name="lang" value="th">')
        doc.field(f) if home else doc.add(str(f))
        doc.add(button, "</form>\n")

    def _switch(self, doc: Doc) -> None:
        if not self.switch:
            return
        name, attrs, style = self.switch
        h = esc(self.href(self.paths["alt"]))
        if style == "img":
            doc.add(f'<a href="{h}"{attrs}>')
            doc.img(f"/img/flag-{self.alt_lang}.png", name, in_link=True, protected=True)
            doc.add("</a> ")
        else:
            doc.add(f'<a href="{h}"{attrs}>{esc(name)}</a> ')

    def _social(self, doc: Doc) -> None:
        if not self.social:
            return
        doc.add('<div class="social">')
        for name, url, icon, style in self.social:
            u = esc(url)
            if style == "text":
                doc.add(f'<a href="{u}" rel="noopener">{esc(name)}</a>')
            elif style == "img":
                doc.add(f'<a href="{u}" rel="noopener">')
                doc.img(f"/img/social-{name.lower()}.png", name, in_link=True, protected=True)
                doc.add("</a>")
            elif style == "aria":
                doc.add(f'<a href="{u}" aria-label="{esc(name)}"><i class="{icon}"></i></a>')
            else:
                doc.add(f'<a href="{u}" target="_blank"><i class="{icon}"></i></a>')
        doc.add("</div>\n")

    def _nav_items(self, home: bool) -> list[tuple[str, LinkSpec | None]]:
        """Menu entries: generic (path key) or feature links, in a stable order."""
        items: list[tuple[str, LinkSpec | None]] = [("home", None)]
        feats = self._links_in("nav", home)
        items += [(lk.feature, lk) for lk in feats[:2]]
        items += [("projects", None), ("performance", None)]
        items += [(lk.feature, lk) for lk in feats[2:]]
        items.append(("procurement", None))
        return items

    def _generic_a(self, key: str) -> str:
        path = self.plan.home_path if key == "home" else self.paths[key]
        return f'<a href="{esc(self.href(path))}">{esc(self.g[key])}</a>'

    def _frame(self, doc: Doc, title: str, main: Callable[[Doc], None], home: bool,
               page_rng: random.Random) -> None:
        plan = self.plan
        self._head(doc, title)
        layout = plan.layout
        home_href = esc(self.href(plan.home_path))

        def utility() -> None:
            for lk in self._links_in("header", home):
                self._a(doc, lk, page_rng)
                doc.add(" ")
            if self.switch_region == "header":
                self._switch(doc)
            if self.social_region == "header":
                self._social(doc)
            self._search_form(doc, home, labelled=self._search_labelled(home))

        def menu(tag_open: str, item_open: str, item_close: str, tag_close: str) -> None:
            doc.add(tag_open)
            for key, lk in self._nav_items(home):
                doc.add(item_open)
                if lk is None:
                    doc.add(self._generic_a(key))
                else:
                    self._a(doc, lk, page_rng)
                doc.add(item_close)
            doc.add(tag_close)

        def footer() -> None:
            doc.add(f"<p>{esc(self.org_name)}<br>{esc(T.ADDRESS[self.lang])}</p>\n<p>")
            for lk in self._links_in("footer", home):
                self._a(doc, lk, page_rng)
                doc.add(" ")
            doc.add(self._generic_a("report"), "</p>\n")
            if self.switch_region == "footer":
                self._switch(doc)
            if self.social_region == "footer":
                self._social(doc)
            if home and self.dates and page_rng.random() < 0.5:
                word = "ปรับปรุงล่าสุด" if self.lang == "th" else "Last updated"
                doc.add(f'<p class="updated">{word}: {T.fmt_date(self.dates[0], plan.date_style)}'
                        f"</p>\n")

        if layout == "table":
            doc.add('<table class="layout" width="100%" cellpadding="0" cellspacing="0">\n'
                    f'<tr><td class="logo"><a href="{home_href}">')
            doc.img("/img/logo.png", self.org_name, in_link=True)
            doc.add(f'</a></td><td class="org">{esc(self.org_name)}</td><td class="utility">')
            utility()
            doc.add("</td></tr>\n<tr><td colspan=\"3\">")
            menu('<table class="menu"><tr>', "<td>", "</td>", "</tr></table>")
            doc.add('</td></tr>\n<tr><td colspan="2" valign="top">')
            main(doc)
            doc.add('</td><td valign="top" width="220">')
            if home:
                self._login(doc)
            doc.add('</td></tr>\n<tr><td colspan="3" class="footer">')
            footer()
            doc.add("</td></tr>\n</table>\n")
        elif layout == "classic":
            doc.add(f'<div id="header"><a href="{home_href}">')
            doc.img("/img/logo.png", self.org_name, in_link=True)
            doc.add(f'</a> <span class="org">{esc(self.org_name)}</span><div class="utility">')
            utility()
            doc.add("</div></div>\n")
            menu('<div id="menu"><ul>', "<li>", "</li>", "</ul></div>\n")
            doc.add('<div id="content">')
            main(doc)
            doc.add("</div>\n")
            if home:
                doc.add('<div id="sidebar">')
                self._login(doc)
                doc.add("</div>\n")
            doc.add('<div id="footer">')
            footer()
            doc.add("</div>\n")
        else:
            doc.add(f'<header class="site-header"><div class="brand"><a href="{home_href}">')
            doc.img("/img/logo.png", self.org_name, in_link=True)
            doc.add(f'</a><span class="org">{esc(self.org_name)}</span></div>'
                    '<div class="utility">')
            utility()
            doc.add("</div></header>\n")
            menu('<nav class="main-nav" aria-label="menu"><ul>', "<li>", "</li>", "</ul></nav>\n")
            doc.add('<main id="content">')
            main(doc)
            doc.add("</main>\n")
            if home:
                doc.add("<aside>")
                self._login(doc)
                doc.add("</aside>\n")
            doc.add('<footer class="site-footer">')
            footer()
            doc.add("</footer>\n")
        self._script_decoys(doc, home)
        doc.add('<script src="/js/main.js"></script>\n</body>\n</html>\n')

    def _search_labelled(self, home: bool) -> bool:
        return not (home and self.plan.form_labels == "fail")

    def _login(self, doc: Doc) -> None:
        n = self.plan.login
        if not n:
            return
        th = self.lang == "th"
        doc.add('<form class="login" action="/login" method="post">'
                f'<h3>{"สำหรับเจ้าหน้าที่" if th else "Staff intranet"}</h3>')
        doc.field(Field("input", "text", "username", "ชื่อผู้ใช้" if th else "User name",
                        "label-for", fid="login-user"))
        doc.field(Field("input", "password", "password", "รหัสผ่าน" if th else "Password",
                        "label-for", fid="login-pass"))
        if n >= 3:
            doc.field(Field("input", "checkbox", "remember", "จดจำฉัน" if th else "Remember me",
                            "wrap"))
        doc.add(f'<button type="submit">{"เข้าสู่ระบบ" if th else "Log in"}</button></form>\n')

    def _script_decoys(self, doc: Doc, home: bool) -> None:
        feat = self.decoy_feature
        if not home or feat is None:
            return
        path = T.PRETTY_PATHS[feat][0]
        text = T.LINK_TEXTS[feat][self.lang][0]
        if "js-link" in self.plan.decoys:
            doc.add('<div id="jsmenu"></div><script>\n'
                    f"document.getElementById('jsmenu').innerHTML = "
                    f"'<a href=\"{path}\">{esc(text)}<\\/a>';\n</script>\n")
        if "comment-link" in self.plan.decoys:
            doc.add(f'<!-- old menu: <li><a href="{path}">{esc(text)}</a></li> -->\n')

    # ----------------------------------------------------------------- pages

    def _filler(self, doc: Doc, rng: random.Random, k: int) -> None:
        pool = T.FILLER[self.lang]
        for _ in range(k):
            sents = [rng.choice(pool) for _ in range(rng.randint(3, 7))]
            doc.add(f"<p>{esc(' '.join(sents))}</p>\n")

    def _date(self, i: int) -> str:
        return T.fmt_date(self.dates[i], self.plan.date_style) if i < len(self.dates) else ""

    def _news_href(self, k: int) -> str:
        nid = self.news_ids[k]
        p = f"/index.php?nid={nid}" if self.plan.path_style == "cms" else f"/news/{nid}.html"
        return p

    def _home_main(self, doc: Doc, rng: random.Random) -> None:
        plan, th = self.plan, self.lang == "th"
        f = plan.features
        doc.add(f"<h1>{esc(self.org_name)}</h1>\n<div class=\"banner\">")
        for b in range(rng.randint(2, 4)):
            alt = ("ภาพกิจกรรมของหน่วยงาน " if th else "Our staff at work, picture ") + str(b + 1)
            if rng.random() < 0.4:
                doc.add(f'<a href="{esc(self.href(self.paths["projects"]))}">')
                doc.img(f"/img/banner-{b + 1}.jpg", alt, in_link=True)
                doc.add("</a>")
            else:
                doc.img(f"/img/banner-{b + 1}.jpg", alt)
        doc.add("</div>\n")
        quick = self._links_in("main", True)
        if quick:
            doc.add('<div class="quick">')
            for lk in quick:
                self._a(doc, lk, rng)
            doc.add("</div>\n")
        notes = []
        for d in plan.decoys:
            if d == "contact-lens":
                notes.append(T.DECOY_TEXT[d][self.lang])
            elif d == "social-text" and not f["social"].present:
                notes.append(T.DECOY_TEXT[d][self.lang].format(slug=self.slug))
            elif d == "english-text" and not f["foreign"].present:
                notes.append(T.DECOY_TEXT[d][self.lang])
        if plan.future_decoy:
            word = "กำหนดการสัมมนาประจำปี" if th else "Annual seminar scheduled for"
            notes.append(f"{word} {T.fmt_date(self.future, plan.date_style)}")
        if notes:
            doc.add('<div class="notice-board"><ul>')
            for n in notes:
                doc.add(f"<li>{esc(n)}</li>")
            doc.add("</ul></div>\n")
        # news (links) or highlights (plain text)
        k = 5
        if f["news"].present:
            news_lk = next(lk for lk in self.links if lk.feature == "news")
            head = esc(news_lk.text) if news_lk.style == "text" else (
                "ข่าวล่าสุด" if th else "Latest")
            doc.add(f'<section class="news"><h2>{head}</h2><ul class="news-list">')
            for i in range(k):
                href = esc(self.href(self._news_href(i)))
                doc.add("<li>")
                if i < 3:
                    doc.add(f'<a href="{href}">')
                    doc.img(f"/img/news-{self.news_ids[i]}.jpg", self.news_titles[i], in_link=True)
                    doc.add("</a> ")
                doc.add(f'<a href="{href}">{esc(self.news_titles[i])}</a>')
                if self.dates:
                    doc.add(f' <span class="date">{self._date(i)}</span>')
                doc.add("</li>")
            more = "ดูทั้งหมด" if th else "More"
            doc.add(f'</ul><a href="{esc(self.href(self.paths["news"]))}">{more}</a></section>\n')
        else:
            doc.add(f'<section class="highlights"><h2>{"เรื่องเด่น" if th else "Highlights"}</h2><ul>')
            for i in range(k):
                doc.add("<li>")
                if i < 2:
                    doc.img(f"/img/highlight-{i}.jpg", self.news_titles[i])
                doc.add(esc(self.news_titles[i]))
                if self.dates:
                    doc.add(f' <span class="date">({self._date(i)})</span>')
                doc.add("</li>")
            doc.add("</ul></section>\n")
        if f["forms"].present and f["forms"].variant == "home-feedback":
            self._feedback_form(doc, home=True)
        self._filler(doc, rng, rng.randint(8, 16))
        doc.add('<div class="partners">')
        for p in range(rng.randint(2, 4)):
            doc.img(f"/img/partner-{p}.png", ("ตราหน่วยงานเครือข่าย " if th else "Partner logo ")
                    + str(p + 1))
        doc.partner_strip()
        doc.img("/img/spacer.gif", "")
        doc.add("</div>\n")

    def _feedback_form(self, doc: Doc, home: bool) -> None:
        th = self.lang == "th"
        head = "แสดงความคิดเห็น" if th else "Tell us what you think"
        put = doc.field if home else (lambda x: doc.add(str(x)))
        doc.add(f'<form class="feedback" action="/feedback-submit" method="post"><h2>{head}</h2>')
        put(Field("input", "text", "fullname", "ชื่อ-นามสกุล" if th else "Your name",
                  "label-for", fid="fb-name"))
        put(Field("input", "email", "email", "อีเมล" if th else "Email", "label-for",
                  fid="fb-email"))
        put(Field("textarea", "textarea", "message", "ข้อความ" if th else "Message",
                  "label-for", fid="fb-msg"))
        doc.add(f'<button type="submit">{"ส่ง" if th else "Send"}</button></form>\n')

    def _service_form(self, doc: Doc) -> None:
        th = self.lang == "th"
        doc.add('<form class="service" action="/e-service/submit" method="post" '
                'enctype="multipart/form-data">')
        for fld in (
            Field("input", "text", "fullname", "ชื่อ-นามสกุล" if th else "Full name", "label-for",
                  fid="sv-name"),
            Field("input", "text", "citizen_id", "เลขประจำตัวประชาชน" if th else "ID number",
                  "label-for", fid="sv-id"),
            Field("input", "tel", "phone", "โทรศัพท์" if th else "Phone", "label-for",
                  fid="sv-phone"),
            Field("select", "select-one", "request_type", "ประเภทคำขอ" if th else "Request type",
                  "label-for", fid="sv-type", options=("A", "B", "C")),
            Field("input", "file", "attachment", "เอกสารแนบ" if th else "Attachment",
                  "label-for", fid="sv-file"),
        ):
            doc.add(str(fld), "<br>")
        doc.add(f'<button type="submit">{"ส่งคำขอ" if th else "Submit"}</button></form>\n')

    def _register_form(self, doc: Doc) -> None:
        th = self.lang == "th"
        doc.add('<form class="service" action="/projects/register-submit" method="post">'
                f'<h2>{"ลงทะเบียนเข้าร่วมโครงการ" if th else "Register for a project"}</h2>')
        for fld in (
            Field("input", "text", "fullname", "ชื่อ-นามสกุล" if th else "Full name", "wrap"),
            Field("input", "tel", "phone", "โทรศัพท์" if th else "Phone", "wrap"),
            Field("input", "email", "email", "อีเมล" if th else "Email", "wrap"),
            Field("select", "select-one", "project", "โครงการ" if th else "Project", "wrap",
                  options=("1", "2", "3")),
        ):
            doc.add(str(fld), "<br>")
        doc.add(f'<button type="submit">{"ลงทะเบียน" if th else "Register"}</button></form>\n')

    def _inner(self, key: str, title: str, body: Callable[[Doc, random.Random], None]
               ) -> Callable[[], bytes]:
        def render() -> bytes:
            rng = random.Random(f"synthweb-page:{self.site.seed}:{self.site.index}:{key}")
            doc = Doc()

            def main(d: Doc) -> None:
                d.add(f"<h1>{esc(title)}</h1>\n")
                body(d, rng)
                home_txt = "กลับหน้าแรก" if self.lang == "th" else "Back to home"
                d.add(f'<p><a href="{esc(self.href(self.plan.home_path))}">{home_txt}</a></p>\n')

            self._frame(doc, f"{title} | {self.org_name}", main, False, rng)
            return self._encode(doc.render())
        return render

    def home_html(self) -> str:
        rng = random.Random(f"synthweb-page:{self.site.seed}:{self.site.index}:home")
        doc = Doc()
        self._frame(doc, self.org_name, lambda d: self._home_main(d, rng), True, rng)
        self._degrade(doc, rng)
        return doc.render()

    def _degrade(self, doc: Doc, rng: random.Random) -> None:
        """Make the home page's images and fields match the dealt a11y outcome."""
        plan = self.plan
        imgs = doc.imgs
        strippable = [im for im in imgs if not im.protected]
        total = len(imgs)
        bad = 0
        if plan.img_alt == "partial":
            bad = min(len(strippable), max(1, round(0.25 * total)), (total - 1) // 2)
        elif plan.img_alt == "fail":
            while len(strippable) < math.ceil(0.7 * total):
                im = Img(f"/img/partner-extra-{len(doc.extra_imgs)}.png", "")
                doc.extra_imgs.append(im)
                imgs.append(im)
                strippable.append(im)
                total += 1
            bad = math.ceil(0.7 * total)
        for im in rng.sample(strippable, bad):
            im.alt = "" if (im.in_link and rng.random() < 0.5) else None
        fields = doc.fields
        if plan.form_labels == "fail":
            for fl in fields:
                fl.mode = rng.choice(("none", "placeholder"))
        elif plan.form_labels == "partial":
            cands = [fl for fl in fields if fl.name not in ("q", "keyword", "kw", "txt")]
            if cands and len(fields) >= 3:
                victim = rng.choice(cands)
                victim.mode = "placeholder" if victim.type != "checkbox" else "none"

    # ----------------------------------------------------------------- encoding & routes

    def _encode(self, s: str) -> bytes:
        enc = self.plan.encoding
        if enc in ("tis-620-header", "windows-874-meta"):
            codec = "tis-620" if enc == "tis-620-header" else "cp874"
            return s.encode(codec, errors="xmlcharrefreplace")
        data = s.encode("utf-8")
        return b"\xef\xbb\xbf" + data if enc == "utf-8-bom" else data

    def _html_type(self) -> str:
        enc = self.plan.encoding
        if enc == "utf-8":
            return "text/html; charset=utf-8"
        if enc == "tis-620-header":
            return "text/html; charset=TIS-620"
        return "text/html"

    def _headers(self, ctype: str, scheme: str, extra: tuple[tuple[str, str], ...] = ()
                 ) -> tuple[tuple[str, str], ...]:
        h: list[tuple[str, str]] = [("Server", self.server), ("Content-Type", ctype)]
        if self.powered and ctype.startswith("text/html"):
            h.append(("X-Powered-By", self.powered))
        sts = self._sts(scheme)
        if sts:
            h.append(("Strict-Transport-Security", sts))
        return tuple(h) + extra

    def _sts(self, scheme: str) -> str:
        hsts = self.plan.hsts
        if scheme == "https" and hsts == "long":
            return {0: "max-age=31536000; includeSubDomains", 1: "max-age=15768000",
                    2: "max-age=63072000; includeSubDomains; preload"}[self.site.index % 3]
        if scheme == "https" and hsts == "short":
            return {0: "max-age=86400", 1: "max-age=300", 2: "max-age=2592000"}[self.site.index % 3]
        if scheme == "http" and hsts == "http-decoy":
            return "max-age=31536000"
        return ""

    def routes(self) -> dict[str, Callable[[], tuple[int, str, bytes]]]:
        """path (as linked, with query) → renderer of (status, content type, body)."""
        plan, th = self.plan, self.lang == "th"
        f = plan.features
        ht = self._html_type()
        r: dict[str, Callable[[], tuple[int, str, bytes]]] = {}

        def page(key: str, title: str, body: Callable[[Doc, random.Random], None]) -> None:
            fn = self._inner(key, title, body)
            r[self.paths[key]] = lambda: (200, ht, fn())

        r[plan.home_path] = lambda: (200, ht, self._encode(self.home_html()))
        tx = T.LINK_TEXTS

        def simple(k: int) -> Callable[[Doc, random.Random], None]:
            return lambda d, rng: self._filler(d, rng, k + rng.randint(1, 4))

        for key in ("projects", "performance", "procurement"):
            title = self.g[key]
            if key == "projects" and f["forms"].present and f["forms"].variant == "projects-page":
                def body(d: Doc, rng: random.Random) -> None:
                    self._filler(d, rng, 2)
                    d.add(f'<p><a href="{esc(self.href(self.paths["register"]))}">'
                          f'{"ลงทะเบียนเข้าร่วมโครงการ" if th else "Register for a project"}</a></p>')
                page(key, title, body)

                def reg(d: Doc, rng: random.Random) -> None:
                    self._register_form(d)
                self.paths["register-page"] = self.paths["register"]
                page("register-page", "ลงทะเบียน" if th else "Registration", reg)
            else:
                page(key, title, simple(3))
        for name in ("contact", "sitemap", "privacy", "faq", "about", "news", "eservice",
                     "feedback", "opendata"):
            feat = f[name]
            if not feat.present or feat.broken:
                continue
            if name == "feedback" and feat.variant == "form":
                continue
            if name == "opendata" and feat.variant != "text":
                continue
            title = tx[name][self.lang][0]
            page(name, title, getattr(self, f"_body_{name}"))
        if f["search"].present:
            def search_body(d: Doc, rng: random.Random) -> None:
                word = tx["search"][self.lang][0]
                d.add(f'<form action="{esc(self.paths["search"])}" method="get" role="search">'
                      f'<label for="sq">{esc(word)}</label> <input type="search" id="sq" name="q">'
                      f'<button type="submit">{esc(word)}</button></form>\n')
                d.add("<p>" + ("ไม่พบผลลัพธ์" if th else "No results") + "</p>\n")
            page("search", tx["search"][self.lang][0], search_body)
        if f["news"].present:
            for i in range(len(self.news_ids)):
                def item(d: Doc, rng: random.Random, i: int = i) -> None:
                    if self.dates:
                        d.add(f'<p class="date">{self._date(i)}</p>')
                    self._filler(d, rng, 3)
                key = f"news-{i}"
                self.paths[key] = self._news_href(i)
                page(key, self.news_titles[i], item)
        if f["foreign"].present:
            alt_tag = T.LANG_TAGS[self.alt_lang]
            back = "ภาษาไทย" if self.lang == "th" else "English"

            def alt_page() -> tuple[int, str, bytes]:
                doc = Doc()
                self._head(doc, f"{self.site.org.name_en} ({self.alt_lang})", lang_attr=alt_tag)
                doc.add(f"<h1>{esc(self.site.org.name_en)}</h1>")
                self._filler(doc, random.Random(self.site.index), 2)
                doc.add(f'<p><a href="{esc(self.href(plan.home_path))}" hreflang="{self.lang}">'
                        f"{back}</a></p></body></html>\n")
                return 200, ht, self._encode(doc.render())
            r[self.paths["alt"]] = alt_page
        if f["eservice"].present:
            if f["forms"].present and f["forms"].variant == "eservice-page":
                def apply(d: Doc, rng: random.Random) -> None:
                    self._service_form(d)
                page("apply", "แบบคำขอออนไลน์" if th else "Online application", apply)

            def booking(d: Doc, rng: random.Random) -> None:
                d.add("<p>" + ("ระบบปิดปรับปรุงชั่วคราว" if th else "Temporarily closed for maintenance")
                      + "</p>")
            page("service2", "จองคิว" if th else "Book an appointment", booking)
        if f["opendata"].present:
            v = f["opendata"].variant
            if v in ("text", "file"):
                ext = self.paths["datafile"].rsplit(".", 1)[1]
                ctype = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                         "xlsx": "application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet"}[ext]
                r[self.paths["datafile"]] = lambda: (200, ctype, b"year,value\n1,10\n2,12\n")
            if v == "dataset-path":
                page("dataset", "Annual budget (dataset)", simple(2))
        r[self.paths["report"]] = lambda: (200, "application/pdf", PDF)
        r["/css/site.css"] = lambda: (200, "text/css", T.CSS.encode())
        r["/js/main.js"] = lambda: (200, "application/javascript",
                                    b"document.documentElement.className+=' js';\n")
        return r

    # key page bodies
    def _body_contact(self, d: Doc, rng: random.Random) -> None:
        th = self.lang == "th"
        mail = f"saraban@{self.host}"
        d.add(f"<p>{esc(T.ADDRESS[self.lang])}</p>")
        d.add(f'<p>{"อีเมล" if th else "Email"}: <a href="mailto:{mail}">{mail}</a><br>'
              f'{"โทรศัพท์" if th else "Phone"}: <a href="tel:+0020000000">0 2000 0000</a><br>'
              f'{"เวลาทำการ จันทร์-ศุกร์ 08.30-16.30 น." if th else "Open Monday to Friday, 8:30 to 16:30"}</p>')
        f = self.plan.features["forms"]
        if f.present and f.variant == "contact-page":
            self._feedback_form(d, home=False)

    def _body_sitemap(self, d: Doc, rng: random.Random) -> None:
        d.add("<ul>")
        d.add(f"<li>{self._generic_a('home')}</li>")
        for lk in self.links:
            if lk.href.startswith(("http://", "https://")) and not lk.href.startswith(self.base):
                continue
            d.add(f'<li><a href="{esc(lk.href)}">{esc(lk.text)}</a></li>')
        for key in ("projects", "performance", "procurement"):
            d.add(f"<li>{self._generic_a(key)}</li>")
        d.add("</ul>\n")

    def _body_privacy(self, d: Doc, rng: random.Random) -> None:
        self._filler(d, rng, rng.randint(5, 9))

    def _body_faq(self, d: Doc, rng: random.Random) -> None:
        th = self.lang == "th"
        for i in range(4):
            q = f"คำถามข้อที่ {i + 1}" if th else f"Question {i + 1}"
            d.add(f"<details><summary>{q}</summary>")
            self._filler(d, rng, 1)
            d.add("</details>\n")

    def _body_about(self, d: Doc, rng: random.Random) -> None:
        self._filler(d, rng, rng.randint(5, 9))

    def _body_news(self, d: Doc, rng: random.Random) -> None:
        d.add('<ul class="news-list">')
        for i in range(len(self.news_ids)):
            d.add(f'<li><a href="{esc(self.href(self._news_href(i)))}">'
                  f"{esc(self.news_titles[i])}</a>")
            if self.dates:
                d.add(f' <span class="date">{self._date(i)}</span>')
            d.add("</li>")
        d.add("</ul>\n")

    def _body_eservice(self, d: Doc, rng: random.Random) -> None:
        th = self.lang == "th"
        d.add("<ul>")
        f = self.plan.features["forms"]
        if f.present and f.variant == "eservice-page":
            d.add(f'<li><a href="{esc(self.href(self.paths["apply"]))}">'
                  f'{"ยื่นคำขออนุญาตออนไลน์" if th else "Apply for a permit online"}</a></li>')
        d.add(f'<li><a href="{esc(self.href(self.paths["service2"]))}">'
              f'{"จองคิวรับบริการ" if th else "Book an appointment"}</a></li></ul>\n')

    def _body_feedback(self, d: Doc, rng: random.Random) -> None:
        th = self.lang == "th"
        d.add("<p>" + ("สายด่วน 1111 หรือส่งจดหมายถึงหน่วยงาน" if th else
                       "Call the hotline 1111 or write to us.") + "</p>")
        f = self.plan.features["forms"]
        if f.present and f.variant == "feedback-page":
            self._feedback_form(d, home=False)

    def _body_opendata(self, d: Doc, rng: random.Random) -> None:
        th = self.lang == "th"
        d.add(f'<ul><li><a href="{esc(self.href(self.paths["datafile"]))}">'
              f'{"สถิติประจำปี" if th else "Annual statistics"}</a></li></ul>\n')
        self._filler(d, rng, 1)

    # ----------------------------------------------------------------- public API

    def robots_txt(self) -> Resource | None:
        plan = self.plan
        h = (("Server", self.server),)
        if plan.robots == "disallow-all":
            return Resource(200, (*h, ("Content-Type", "text/plain")),
                            b"User-agent: *\nDisallow: /\n")
        if plan.robots == "404":
            return None
        if plan.robots == "410":
            return Resource(410, (*h, ("Content-Type", "text/html")),
                            b"<html><body><h1>410 Gone</h1></body></html>")
        lines = [f"# robots.txt for {self.host} (fictional site, govlens-synthweb)"]
        if plan.robots_badbot:
            lines += ["User-agent: BadBot", "Disallow: /", ""]
        lines += ["User-agent: *", "Disallow: /admin/", "Disallow: /tmp/"]
        if plan.crawl_delay:
            lines.append("Crawl-delay: 0")
        if plan.robots_sitemap_line:
            target = "/sitemaps/pages.xml" if plan.sitemap_xml == "robots-only" else "/sitemap.xml"
            lines += ["", f"Sitemap: {self.base}{target}"]
        return Resource(200, (*h, ("Content-Type", "text/plain; charset=utf-8")),
                        ("\n".join(lines) + "\n").encode())

    def _sitemap_files(self) -> dict[str, Resource]:
        plan = self.plan
        xml = (("Server", self.server), ("Content-Type", "application/xml"))
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        pages = [p for p in self.routes() if not p.startswith(("/files/", "/css/", "/js/"))]
        urlset = ('<?xml version="1.0" encoding="UTF-8"?>\n' f"<urlset {ns}>\n" + "".join(
            f"  <url><loc>{esc(self.base + p)}</loc></url>\n" for p in pages) + "</urlset>\n"
        ).encode()
        v = plan.sitemap_xml
        if v == "root":
            return {"/sitemap.xml": Resource(200, xml, urlset)}
        if v == "robots-only":
            return {"/sitemaps/pages.xml": Resource(200, xml, urlset)}
        if v == "index":
            index = ('<?xml version="1.0" encoding="UTF-8"?>\n' f"<sitemapindex {ns}>\n"
                     f"  <sitemap><loc>{self.base}/sitemap-pages.xml</loc></sitemap>\n"
                     "</sitemapindex>\n").encode()
            return {"/sitemap.xml": Resource(200, xml, index),
                    "/sitemap-pages.xml": Resource(200, xml, urlset)}
        if v == "empty":
            return {"/sitemap.xml": Resource(200, xml, (
                '<?xml version="1.0" encoding="UTF-8"?>\n' f"<urlset {ns}>\n</urlset>\n").encode())}
        if v == "html":
            return {"/sitemap.xml": Resource(200, (("Content-Type", "text/html; charset=utf-8"),),
                                             self._not_found_body())}
        return {}

    def _not_found_body(self) -> bytes:
        msg = "ไม่พบหน้าที่ต้องการ" if self.lang == "th" else "Page not found"
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{msg}</title>'
                f'<meta name="generator" content="{GENERATOR_META}"></head>'
                f"<body><h1>{msg}</h1><p>{esc(T.NOTICE[self.lang])}</p>"
                f'<p><a href="{esc(self.href(self.plan.home_path))}">{self.g["home"]}</a></p>'
                "</body></html>").encode()

    def not_found(self) -> Resource:
        return Resource(404, (("Server", self.server),
                              ("Content-Type", "text/html; charset=utf-8")), self._not_found_body())

    def _redirect(self, status: int, location: str, scheme: str) -> Resource:
        return Resource(status, self._headers("text/html", scheme, (("Location", location),)),
                        f'<a href="{esc(location)}">moved</a>'.encode())

    def resource(self, scheme: str, raw_path: str) -> Resource | None:
        """What ``scheme://host{raw_path}`` answers; None: the port is closed."""
        site, plan = self.site, self.plan
        mode = site.serves.get(scheme, "closed")
        if mode == "closed":
            return None
        if mode == "redirect":
            status = 301 if site.index % 3 else 302
            return self._redirect(status, f"https://{self.host}{raw_path}", scheme)
        path = raw_path
        b = site.behaviour
        if b == "redirect-loop" and path.split("?")[0] in ("/", "/a", plan.home_path) or (
                b == "redirect-loop" and path.startswith("/loop/")):
            if site.index % 2:  # an endless chain of new URLs
                n = int(path[6:]) + 1 if path.startswith("/loop/") and path[6:].isdigit() else 1
                return self._redirect(302, f"/loop/{n}", scheme)
            return self._redirect(302, "/a" if path != "/a" else "/", scheme)  # a 2-cycle
        if path == "/robots.txt":
            return self.robots_txt() or self.not_found()
        sm = self._sitemap_files()
        if path in sm:
            res = sm[path]
            return Resource(res.status, self._headers(res.content_type, scheme), res.body)
        if path.startswith("/img/") or path == "/favicon.ico":
            ctype = "image/jpeg" if path.endswith(".jpg") else "image/png"
            return Resource(200, self._headers(ctype, scheme), PNG)
        is_home = path in ("/", plan.home_path)
        if is_home and b == "home-404":
            return self.not_found()
        if is_home and b == "home-500":
            return Resource(500, self._headers("text/html", scheme),
                            b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        if is_home and b == "not-html":
            return Resource(200, self._headers("image/png", scheme), PNG)
        if is_home and b == "oversized":
            return Resource(200, self._headers("text/html; charset=utf-8", scheme),
                            stream_bytes=OVERSIZED_BYTES)
        if path == "/" and plan.home_path != "/":
            return self._redirect(302, plan.home_path, scheme)  # same scheme: not an https upgrade
        routes = self.routes()
        fn = routes.get(path)
        if fn is None and "?" in path:
            base = path.split("?", 1)[0]
            if base == self.paths["search"] and plan.features["search"].present:
                fn = routes.get(base)
        if fn is None:
            return self.not_found()
        status, ctype, body = fn()
        extra: tuple[tuple[str, str], ...] = ()
        if is_home and self.cookie:
            extra = (("Set-Cookie", f"PHPSESSID={site.index:08x}{site.seed:04x}; path=/; HttpOnly"),)
        slow = ""
        if is_home and b in ("slow-headers", "slow-body"):
            slow = b[5:]
        return Resource(status, self._headers(ctype, scheme, extra), body, slow=slow)

    def paths_for(self, scheme: str) -> list[str]:
        mode = self.site.serves.get(scheme, "closed")
        if mode == "closed":
            return []
        ps = ["/", self.plan.home_path, *self.routes(), "/robots.txt", *self._sitemap_files()]
        return list(dict.fromkeys(ps))

    def files_for(self, scheme: str) -> dict[str, Resource] | None:
        if self.site.serves.get(scheme, "closed") == "closed":
            return None
        out: dict[str, Resource] = {}
        for p in self.paths_for(scheme):
            res = self.resource(scheme, p)
            if res is not None and not (p == "/robots.txt" and res.status == 404):
                out[p] = res
        return out

"""HTML → :class:`Page`, parsed once with lexbor (selectolax).

What is extracted is what a visitor without scripts would see and use: link names from
text, image alt, title and aria-label; the page region a link sits in (header, nav, footer);
form fields with their accessible labels. Selectors point a person at the element.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govlens.evidence.decode import decode
from govlens.evidence.model import Form, FormField, Image, Link, Page

MAX_LINKS = 5000  # links kept per page; a page with 50,000 links keeps the first 5,000
MAX_FORMS = 200
MAX_IMAGES = 2000
MAX_TEXT = 200_000  # characters of visible text kept per page

_WS = re.compile(r"\s+")
_REGION_TAGS = {"header": "header", "nav": "nav", "footer": "footer", "aside": "aside", "main": "main"}
_REGION_ROLES = {"banner": "header", "navigation": "nav", "contentinfo": "footer",
                 "complementary": "aside", "main": "main"}
_REGION_HINT = re.compile(r"(?:^|[\s_-])(footer|header|nav|navbar|menu|mainmenu|topmenu|sidebar)(?:$|[\s_-])", re.I)
_HINT_REGION = {"footer": "footer", "header": "header", "nav": "nav", "navbar": "nav", "menu": "nav",
                "mainmenu": "nav", "topmenu": "nav", "sidebar": "aside"}
_INVISIBLE = "script, style, noscript, template, [hidden], [aria-hidden=true]"
_FIELD_TAGS = ("input", "select", "textarea", "button")


def clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _attr(node: LexborNode, name: str) -> str:
    v = node.attributes.get(name)
    return v if isinstance(v, str) else ""


def _selector(node: LexborNode) -> str:
    """A short CSS path: stops at the nearest ancestor with an id."""
    parts: list[str] = []
    cur: LexborNode | None = node
    depth = 0
    while cur is not None and cur.tag not in (None, "html", "-undef") and depth < 12:
        ident = _attr(cur, "id")
        if ident and re.fullmatch(r"[A-Za-z][\w-]*", ident):
            parts.append(f"{cur.tag}#{ident}")
            break
        n, sib = 1, cur.prev
        while sib is not None:
            if sib.tag == cur.tag:
                n += 1
            sib = sib.prev
        parts.append(f"{cur.tag}:nth-of-type({n})" if n > 1 else cur.tag)
        cur = cur.parent
        depth += 1
    return " > ".join(reversed(parts))


def _region(node: LexborNode) -> str:
    cur = node.parent
    hinted = ""
    while cur is not None and cur.tag not in (None, "html", "body"):
        if cur.tag in _REGION_TAGS:
            return _REGION_TAGS[cur.tag]
        role = _attr(cur, "role").lower()
        if role in _REGION_ROLES:
            return _REGION_ROLES[role]
        if not hinted:
            m = _REGION_HINT.search(f"{_attr(cur, 'id')} {_attr(cur, 'class')}")
            if m:
                hinted = _HINT_REGION[m.group(1).lower()]
        cur = cur.parent
    return hinted


def _abs(base: str, href: str) -> str:
    href = href.strip()
    if not href:
        return ""
    low = href[:11].lower()
    if low.startswith(("javascript:", "data:")):
        return ""
    if low.startswith(("mailto:", "tel:")):
        return href
    try:
        url = urldefrag(urljoin(base, href)).url
    except ValueError:
        return ""
    return url if urlsplit(url).scheme in ("http", "https") else ""


_BLOCK = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol option p pre section summary table "
    "tbody td tfoot th thead tr ul caption select textarea button img input label".split())
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})


def _text(node: LexborNode) -> str:
    """Text as a reader sees it: inline elements run together (Thai words split by <b> stay
    one word), block elements and cells are separated by spaces."""
    parts: list[str] = []

    def walk(n: LexborNode) -> None:
        for child in n.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
            elif tag in _SKIP or tag is None or tag.startswith("-"):
                continue
            elif tag in _BLOCK:
                parts.append(" ")
                walk(child)
                parts.append(" ")
            else:
                walk(child)

    walk(node)
    return clean("".join(parts))


def parse_html(
    body: bytes | str,
    url: str,
    *,
    status: int = 200,
    headers: tuple[tuple[str, str], ...] = (),
    final_url: str | None = None,
    size: int | None = None,
    truncated: bool = False,
    elapsed_ms: float = 0.0,
    discovered_as: str = "",
) -> Page:
    """Parse one document. ``body`` as bytes is decoded by the header/BOM/meta/detection order."""
    content_type = next((v for k, v in headers if k == "content-type"), "")
    if isinstance(body, bytes):
        html, charset, source = decode(body, content_type)
        nbytes = len(body)
    else:
        html, charset, source, nbytes = body, "utf-8", "given", len(body.encode("utf-8", "replace"))
    html = html.replace("\x00", "\ufffd")  # NUL bytes break C parsers' string handling
    final = final_url or url
    tree = LexborHTMLParser(html)
    base = final
    base_el = tree.css_first("base[href]")
    if base_el is not None:
        base = _abs(final, _attr(base_el, "href")) or final

    root = tree.css_first("html")
    lang = clean(_attr(root, "lang") or _attr(root, "xml:lang")) if root is not None else ""
    title_el = tree.css_first("title")
    title = clean(title_el.text()) if title_el is not None else ""

    ids: dict[str, LexborNode] = {}
    for el in tree.css("[id]"):
        ids.setdefault(_attr(el, "id"), el)
    label_for: dict[str, str] = {}
    for lab in tree.css("label[for]"):
        label_for.setdefault(_attr(lab, "for"), _text(lab))

    def labelled_by(el: LexborNode) -> str:
        refs = _attr(el, "aria-labelledby").split()
        return clean(" ".join(_text(ids[r]) for r in refs if r in ids))

    links: list[Link] = []
    for a in tree.css("a[href], area[href]"):
        if len(links) >= MAX_LINKS:
            break
        raw = _attr(a, "href")
        alts = " ".join(clean(_attr(img, "alt")) for img in a.css("img[alt]"))
        links.append(Link(
            href=_abs(base, raw), text=_text(a) if a.tag == "a" else clean(_attr(a, "alt")),
            title=clean(_attr(a, "title")), rel=tuple(_attr(a, "rel").lower().split()),
            img_alt=clean(alts), aria_label=clean(_attr(a, "aria-label")) or labelled_by(a),
            region=_region(a), selector=_selector(a), raw_href=raw[:500],
            hreflang=clean(_attr(a, "hreflang") or _attr(a, "lang")),
        ))

    def field_of(el: LexborNode) -> FormField:
        tag = el.tag or ""
        ftype = (_attr(el, "type").lower() or ("submit" if tag == "button" else "text")) if tag in ("input", "button") else tag
        label = clean(_attr(el, "aria-label")) or labelled_by(el)
        ident = _attr(el, "id")
        if not label and ident in label_for:
            label = label_for[ident]
        if not label:
            p = el.parent
            while p is not None and p.tag not in ("form", "body", None):
                if p.tag == "label":
                    label = _text(p)
                    break
                p = p.parent
        if not label and tag == "button":
            label = _text(el) or " ".join(clean(_attr(i, "alt")) for i in el.css("img[alt]")).strip()
        if not label and tag == "input" and ftype in ("submit", "button", "reset"):
            label = clean(_attr(el, "value"))
        if not label and tag == "input" and ftype == "image":
            label = clean(_attr(el, "alt"))
        return FormField(
            tag=tag, type=ftype, name=_attr(el, "name"), id=ident, label=label,
            placeholder=clean(_attr(el, "placeholder")), title=clean(_attr(el, "title")),
            required="required" in el.attributes,
            hidden=ftype == "hidden" or "hidden" in el.attributes, selector=_selector(el),
        )

    forms: list[Form] = []
    for f in tree.css("form")[:MAX_FORMS]:
        fields = []
        for el in f.css(", ".join(_FIELD_TAGS)):
            fields.append(field_of(el))
        action = _attr(f, "action")
        forms.append(Form(
            action=_abs(base, action) if action.strip() else "", method=(_attr(f, "method") or "get").upper(),
            fields=tuple(fields), text=_text(f)[:2000], role=_attr(f, "role"), id=_attr(f, "id"),
            name=_attr(f, "name"), selector=_selector(f),
        ))
    orphans = [el for el in tree.css("input, select, textarea")
               if not _has_ancestor(el, "form") and _attr(el, "type").lower() != "hidden"]
    if orphans:  # fields outside any form (script-driven search boxes are common)
        forms.append(Form(action="", method="GET", fields=tuple(field_of(el) for el in orphans[:100]),
                          text="", role="", id="", name="(no form)", selector=""))

    images = []
    for img in tree.css("img")[:MAX_IMAGES]:
        alt = img.attributes.get("alt")
        images.append(Image(
            src=_abs(base, _attr(img, "src")), alt=None if alt is None else clean(alt or ""),
            role=_attr(img, "role"), aria_label=clean(_attr(img, "aria-label")) or labelled_by(img),
            title=clean(_attr(img, "title")), in_link=_has_ancestor(img, "a"), selector=_selector(img),
        ))
    scripts = tuple(s for s in (_abs(base, _attr(el, "src")) for el in tree.css("script[src]")) if s)
    meta = tuple(
        ((_attr(m, "name") or _attr(m, "property") or _attr(m, "http-equiv") or
          ("charset" if "charset" in m.attributes else "")).lower(),
         _attr(m, "content") or _attr(m, "charset"))
        for m in tree.css("meta")
    )
    headings = tuple((int(h.tag[1]), _text(h)) for h in tree.css("h1, h2, h3, h4, h5, h6"))

    body_el = tree.body
    text = ""
    if body_el is not None:
        for el in body_el.css(_INVISIBLE):
            el.decompose()
        text = _text(body_el)[:MAX_TEXT]
    return Page(
        url=url, final_url=final, status=status, headers=headers, content_type=content_type,
        charset=charset, charset_source=source, title=title, lang=lang, text=text,
        links=tuple(links), forms=tuple(forms), images=tuple(images), scripts=scripts, meta=meta,
        headings=headings, html=html, size=nbytes if size is None else size, truncated=truncated,
        elapsed_ms=elapsed_ms, discovered_as=discovered_as,
    )


def _has_ancestor(el: LexborNode, tag: str) -> bool:
    p = el.parent
    while p is not None:
        if p.tag == tag:
            return True
        p = p.parent
    return False

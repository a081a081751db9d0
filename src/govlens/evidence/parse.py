"""HTML → :class:`Page`, parsed once with lexbor (selectolax).

What is extracted is what a visitor without scripts would see and use: link names from
text, image alt, title and aria-label; the page region a link sits in (header, nav, footer);
form fields with their accessible labels. Selectors point a person at the element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govlens.collect.decode import decode
from govlens.evidence.model import Form, FormField, Image, Link, Page
from govlens.evidence.repair import repair

MAX_LINKS = 5000  # links kept per page; a page with 50,000 links keeps the first 5,000
MAX_FORMS = 200
MAX_FIELDS = 500  # fields kept per form
MAX_IMAGES = 2000
MAX_TEXT = 200_000  # characters of visible text kept per page
MAX_META = 500
MAX_SCRIPTS = 1000
MAX_HEADINGS = 1000
MAX_IDS = 20_000  # elements indexed by id (for aria-labelledby)
MAX_LABELS = 2000
MAX_UP = 256  # ancestors looked at (region, label, "inside a link"): nesting can be 100,000 deep
MAX_ELEMENT_TEXT = 20_000  # characters kept of one element's text (a link, a label, a heading)

MAX_DEPTH = 512  # element nesting kept, as Blink's parser caps it (deeper start tags dropped)

# Start tags that make lexbor scan its whole stack of open elements ("close a <p> in button
# scope"): nested by the ten thousand they cost seconds, quadratically.
_DEEP_TRIGGERS = re.compile(
    r"<(?:address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figcaption|"
    r"figure|footer|header|hgroup|main|menu|nav|ol|section|summary|ul|pre|listing|optgroup|rt|rp|"
    r"h[1-6]|p|form|table|li|dd|dt)[\s/>]", re.I)
_START = re.compile(r"<[a-zA-Z]")
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>")
_TRIGGER_NAMES = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure "
    "footer header hgroup main menu nav ol section summary ul pre listing optgroup rt rp h1 h2 h3 "
    "h4 h5 h6 p form table li dd dt".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr param keygen "
                  "basefont bgsound frame image".split())
_REGION_TAGS = {"header": "header", "nav": "nav", "footer": "footer", "aside": "aside", "main": "main"}
_REGION_ROLES = {"banner": "header", "navigation": "nav", "contentinfo": "footer",
                 "complementary": "aside", "main": "main"}
_REGION_HINT = re.compile(r"(?:^|[\s_-])(footer|header|nav|navbar|menu|mainmenu|topmenu|sidebar)(?:$|[\s_-])", re.I)
_HINT_REGION = {"footer": "footer", "header": "header", "nav": "nav", "navbar": "nav", "menu": "nav",
                "mainmenu": "nav", "topmenu": "nav", "sidebar": "aside"}
_INVISIBLE = "script, style, noscript, template, [hidden], [aria-hidden=true]"
_FIELD_TAGS = ("input", "select", "textarea", "button")
_BOXES = frozenset({"div", "section", "header", "nav", "aside", "footer", "main", "td", "li", "fieldset",
                    "article", "body"})


def clean(text: str | None) -> str:
    if not text:
        return ""
    # every character \s matches but the plain space is one isprintable() refuses: a
    # printable text without a double space has nothing to collapse
    if text.isprintable() and "  " not in text:
        return text.strip()
    # str.split() and str.strip() take as whitespace exactly what the regex \s does (both ask
    # Py_UNICODE_ISSPACE): the same as re.sub(r"\s+", " ", text).strip(), three times as fast
    return " ".join(text.split())


def _attr(node: LexborNode, name: str) -> str:
    v = node.attributes.get(name)
    return v if isinstance(v, str) else ""


class _Positions:
    """nth-of-type of elements, counted once per parent (a parent with 50,000 children would
    otherwise cost 50,000 steps for every child asked about); and, per element of one parse,
    what the selector and region walks found (ancestors are shared by many links, so each
    element's answer is built from its parent's instead of walking up again)."""

    def __init__(self) -> None:
        self._nth: dict[int, int] = {}
        self._done: set[int] = set()
        self.parts: dict[int, tuple[str, bool]] = {}  # selector part, and whether the path stops there
        self.paths: dict[int, tuple[str, ...]] = {}  # an element's selector parts, itself first
        self.regions: dict[int, tuple[str, str]] = {}  # region by tag or role, region hinted by id/class
        # from an element up: (region by tag or role, nearest hint, elements the walk reads)
        self.chains: dict[int, tuple[str, str, int]] = {}

    def nth(self, node: LexborNode) -> int:
        found = self._nth.get(node.mem_id)
        if found is not None:
            return found
        parent = node.parent
        if parent is None or parent.mem_id in self._done:
            return 1
        self._done.add(parent.mem_id)
        counts: dict[str, int] = {}
        for child in parent.iter():
            tag = child.tag or ""
            counts[tag] = counts.get(tag, 0) + 1
            self._nth[child.mem_id] = counts[tag]
        return self._nth.get(node.mem_id, 1)


_IDENT = re.compile(r"[A-Za-z][\w-]*")
_SELECTOR_PARTS = 12  # a selector names at most this many elements, the element itself first


def _selector(node: LexborNode, positions: _Positions | None = None) -> str:
    """A short CSS path: stops at the nearest ancestor with an id.

    An element's parts are its own, then its parent's (cut to the length limit), so they are
    kept per element and each walk stops at the first ancestor already known."""
    positions = positions or _Positions()
    cache, paths = positions.parts, positions.paths
    chain: list[tuple[int, tuple[str, bool]]] = []  # the elements walked, nearest first
    tail: tuple[str, ...] = ()  # the parts of the element above the last one walked
    cur: LexborNode | None = node
    while cur is not None:
        key = cur.mem_id
        known = paths.get(key)
        if known is not None:
            tail = known
            break
        if len(chain) == _SELECTOR_PARTS:  # the limit cuts the path here: only ``node``'s is whole
            parts = tuple(got[0] for _, got in chain)
            paths[chain[0][0]] = parts
            return " > ".join(reversed(parts))
        got = cache.get(key)
        if got is None:
            tag = cur.tag
            if tag in (None, "html", "-undef"):
                break
            ident = _attr(cur, "id")
            if ident and _IDENT.fullmatch(ident):
                got = (f"{tag}#{ident}", True)
            else:
                n = positions.nth(cur)
                got = (f"{tag}:nth-of-type({n})" if n > 1 else tag, False)  # type: ignore[assignment]
            cache[key] = got
        chain.append((key, got))
        if got[1]:
            break
        cur = cur.parent
    path = tail
    for key, got in reversed(chain):
        path = (got[0],) if got[1] else ((got[0], *path) if len(path) < _SELECTOR_PARTS
                                         else (got[0], *path[:_SELECTOR_PARTS - 1]))
        paths[key] = path
    return " > ".join(reversed(path))


def _region_of(cur: LexborNode, cache: dict[int, tuple[str, str]]) -> tuple[str, str] | None:
    """An element's own (region by tag or role, region hinted by id/class); None where the
    walk up stops (html, body, the document)."""
    key = cur.mem_id
    got = cache.get(key)
    if got is None:
        tag = cur.tag
        if tag in (None, "html", "body"):
            return None
        if tag in _REGION_TAGS:
            got = (_REGION_TAGS[tag], "")
        else:
            attrs = cur.attributes
            role = attrs.get("role")
            role = role.lower() if isinstance(role, str) else ""
            if role in _REGION_ROLES:
                got = (_REGION_ROLES[role], "")
            else:
                ident, cls = attrs.get("id"), attrs.get("class")
                m = _REGION_HINT.search(f"{ident if isinstance(ident, str) else ''} "
                                        f"{cls if isinstance(cls, str) else ''}")
                got = ("", _HINT_REGION[m.group(1).lower()] if m else "")
        cache[key] = got
    return got


def _region(node: LexborNode, positions: _Positions | None = None) -> str:
    """The region of the nearest ancestor that has one by tag or role, else the nearest
    hinted by id or class; at most MAX_UP ancestors are read.

    Kept per ancestor as (region, nearest hint, elements read to decide), built from its
    parent's, so the links of one list share one walk up."""
    if positions is None:
        return _region_walk(node, {})
    cache, chains = positions.regions, positions.chains
    walked: list[tuple[int, tuple[str, str]]] = []
    above = ("", "", 0)
    cur = node.parent
    while cur is not None:
        key = cur.mem_id
        known = chains.get(key)
        if known is not None:
            above = known
            break
        if len(walked) == MAX_UP:
            return _region_walk(node, cache)
        got = _region_of(cur, cache)
        if got is None:
            break
        walked.append((key, got))
        if got[0]:
            break
        cur = cur.parent
    for key, got in reversed(walked):
        above = (got[0], "", 1) if got[0] else (above[0], got[1] or above[1], above[2] + 1)
        chains[key] = above
    if above[2] > MAX_UP:
        return _region_walk(node, cache)
    return above[0] or above[1]


def _region_walk(node: LexborNode, cache: dict[int, tuple[str, str]]) -> str:
    """:func:`_region` by walking up from ``node`` (what the kept chains stand for)."""
    cur = node.parent
    hinted = ""
    up = 0
    while cur is not None and up < MAX_UP:
        got = _region_of(cur, cache)
        if got is None:
            break
        up += 1
        if got[0]:
            return got[0]
        if not hinted:
            hinted = got[1]
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
    rest = href[8:] if href.startswith("https://") else href[7:] if href.startswith("http://") else ""
    if rest and rest[0] not in "/?#\\\t\r\n":  # a host follows the scheme
        # an absolute URL resolves the same against every base of the same scheme (urljoin
        # reads only the base's scheme when the reference has a scheme and a host): memoised
        # across the pages of a run, keyed by that scheme
        try:
            bscheme = urlsplit(base).scheme
        except ValueError:
            bscheme = ""
        if bscheme in ("http", "https"):
            m = _PLAIN_ABS.fullmatch(href)
            if m:
                return m.group(1)
            return _join(f"{bscheme}://base.invalid/", href)
    elif href[:1] == "/" and href[1:2] != "/":
        root = root_of(base)
        if root:
            plain = _plain(href[1:])
            return root + plain if plain else _join(root, href)
    elif href[:1] == "#":  # the base itself, whatever the fragment
        return _join(base, "#")
    else:
        plain = _plain(href)
        if plain:
            folder = folder_of(base)
            if folder:
                return folder + plain
    return _join.__wrapped__(base, href)


def _plain(ref: str) -> str:
    """``ref`` without its fragment when it is a relative path urljoin keeps as written (see
    :data:`_PLAIN_REL`; no "." or ".." segment), else ""."""
    m = _PLAIN_REL.fullmatch(ref)
    if m is None:
        return ""
    path = m.group(2)
    if "." in path and any(seg in (".", "..") for seg in path.split("/")):
        return ""
    return m.group(1)


# References urljoin and urldefrag give back as written but for the fragment (which goes): no
# ";" in the path (urlparse's params), no empty "?" (dropped or kept, by the base's scheme), no
# character urlsplit removes or rejects (whitespace, controls; a host of letters, digits, dots).
_UNSAFE = r"\\\s\x00-\x1f\x7f"
# an absolute http(s) URL
_PLAIN_ABS = re.compile(rf"(https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^?#;{_UNSAFE}]*)?(?:\?[^#{_UNSAFE}]+)?)(?:#.*)?",
                        re.S)
# a relative path (no ":" that would make it a scheme, no empty segment) and maybe a query: with
# no "." or ".." segment (group 2: the path) it goes after the base's folder as written
_PLAIN_REL = re.compile(rf"(([^/?#;:{_UNSAFE}]+(?:/[^/?#;:{_UNSAFE}]+)*/?)(?:\?[^#{_UNSAFE}]+)?)(?:#.*)?", re.S)


@lru_cache(maxsize=4096)
def folder_of(base: str) -> str:
    """What urljoin puts before a relative path without dot segments (``base`` resolved, up
    to its last "/"), or "" when ``base`` is not http(s): urljoin's answer for "x", less "x"."""
    got = _join.__wrapped__(base, "x")
    return got[:-1] if got.endswith("/x") else ""


@lru_cache(maxsize=4096)
def root_of(base: str) -> str:
    """``scheme://host/`` of an http(s) ``base``, or "" (a URL urlsplit rejects, another
    scheme): a reference whose path starts with one "/" resolves the same against it as
    against ``base`` (urljoin reads only the base's scheme and host for such a path)."""
    try:
        p = urlsplit(base)
    except ValueError:
        return ""
    return f"{p.scheme}://{p.netloc}/" if p.scheme in ("http", "https") else ""


@lru_cache(maxsize=8192)
def _join(base: str, href: str) -> str:
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


def _text(node: LexborNode, limit: int = MAX_ELEMENT_TEXT, skip: set[int] | None = None) -> str:
    """Text as a reader sees it: inline elements run together (Thai words split by <b> stay
    one word), block elements and cells are separated by spaces.

    Walks with its own stack (nesting depth is the page's to choose) and stops once about
    ``limit`` characters are collected.
    """
    first = node.child
    if first is None:
        return ""
    if first.next is None and first.tag == "-text":  # one text node (most links, headings): nothing to walk
        return clean(first.text_content or "")[:limit]
    parts: list[str] = []
    append = parts.append
    size = 0
    cap = 2 * limit  # whitespace collapses below; keep some margin
    # the iterators of the elements above, and whether each is a block; a ``for`` resumes the
    # one on top where it left off (cheaper than a next() per child)
    stack: list[tuple[Iterator[LexborNode], bool]] = []
    it: Iterator[LexborNode] = node.iter(include_text=True)
    block = False
    while True:
        for child in it:
            tag = child.tag
            if tag == "-text":
                t = child.text_content or ""
                append(t)
                size += len(t)
                if size > cap:
                    return clean("".join(parts))[:limit]
            elif tag in _SKIP or tag is None or tag.startswith("-"):
                continue
            elif skip and child.mem_id in skip:
                continue  # an invisible element (``skip``: their ids), with everything in it
            else:
                is_block = tag in _BLOCK
                if is_block:
                    append(" ")
                stack.append((it, block))
                it, block = child.iter(include_text=True), is_block
                break
        else:  # ``it`` is done: its element ends
            if block:
                append(" ")
            if not stack:
                break
            it, block = stack.pop()
    return clean("".join(parts))[:limit]


def _limit_depth(html: str) -> str:
    """Drop block start tags nested deeper than MAX_DEPTH (and their end tags) when the page
    is built to make the tree builder quadratic; ordinary pages are returned unchanged.
    Text, links and other inline elements down there are kept."""
    # Bounds first, from two C-speed counts: every trigger and every start tag begins at a
    # "<", and none at a "</" — most pages are below the limits by these alone.
    lts = html.count("<")
    if lts < 2000 or lts * (lts - html.count("</")) < 20_000_000:
        return html
    triggers = len(_DEEP_TRIGGERS.findall(html))
    if triggers < 2000:
        return html
    depth_hint = len(_START.findall(html)) - html.count("</")
    if triggers * depth_hint < 20_000_000:
        return html
    out: list[str] = []
    pos = depth = 0
    skipped: dict[str, int] = {}
    for m in _TAG.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            if skipped.get(name):
                skipped[name] -= 1
                out.append(html[pos:m.start()])
                pos = m.end()
            else:
                depth = max(0, depth - 1)
        elif name not in _VOID and not selfclose:
            if depth >= MAX_DEPTH and name in _TRIGGER_NAMES:
                skipped[name] = skipped.get(name, 0) + 1
                out.append(html[pos:m.start()])
                pos = m.end()
            else:
                depth += 1
    out.append(html[pos:])
    return "".join(out)


def parse_tree(html: str) -> LexborHTMLParser:
    """A lexbor tree of ``html`` through the nesting guard: every parse of a page goes here."""
    return LexborHTMLParser(_limit_depth(html))


_KEPT_TREES = 32  # the trees of the last pages parsed (a site's pages are judged right after)
_kept: dict[int, tuple[str, LexborHTMLParser]] = {}


def _keep_tree(html: str, tree: LexborHTMLParser) -> None:
    try:
        while len(_kept) >= _KEPT_TREES:
            _kept.pop(next(iter(_kept)), None)  # the oldest
    except (RuntimeError, StopIteration):  # another thread changed it meanwhile
        _kept.clear()
    _kept[id(html)] = (html, tree)


def page_tree(html: str) -> LexborHTMLParser:
    """The tree of a page's ``html``: the one :func:`parse_html` built for that very string
    when it is among the last pages parsed (parse_html leaves its tree as parsed), else a new
    parse. Either way the tree of ``parse_tree(html)``. A kept tree is handed over, not
    shared: it belongs to the first evaluation that asks (one ``Derived``, one thread), and
    any other evaluation of the page parses anew."""
    got = _kept.pop(id(html), None)
    if got is not None and got[0] is html:
        return got[1]
    return parse_tree(html)


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
    html, repaired = repair(html)  # mojibake from a mis-declared charset, before any matching
    final = final_url or url
    tree = parse_tree(html)
    base = final
    base_el = tree.css_first("base[href]")
    if base_el is not None:
        base = _abs(final, _attr(base_el, "href")) or final

    root = tree.css_first("html")
    lang = clean(_attr(root, "lang") or _attr(root, "xml:lang")) if root is not None else ""
    title_el = tree.css_first("title")
    title = clean(title_el.text()) if title_el is not None else ""

    positions = _Positions()
    resolved: dict[str, str] = {}  # href as written -> absolute URL (a third of a page's links repeat one)

    def absolute(href: str) -> str:
        got = resolved.get(href)
        if got is None:
            got = resolved[href] = _abs(base, href)
        return got

    ids: dict[str, LexborNode] = {}
    for el in tree.css("[id]"):
        if len(ids) >= MAX_IDS:
            break
        ids.setdefault(_attr(el, "id"), el)
    label_for: dict[str, str] = {}
    for lab in tree.css("label[for]"):
        if len(label_for) >= MAX_LABELS:
            break
        label_for.setdefault(_attr(lab, "for"), _text(lab))

    def labelled_by(refs_attr: str) -> str:
        """The text of the elements an ``aria-labelledby`` value names."""
        refs = refs_attr.split()
        return clean(" ".join(_text(ids[r]) for r in refs[:20] if r in ids))[:MAX_ELEMENT_TEXT]

    links: list[Link] = []
    for a in tree.css("a[href], area[href]"):
        if len(links) >= MAX_LINKS:
            break
        # a new dict at every call: read once per link; a value is a str, or None when the
        # attribute has none (``or ""`` reads both as :func:`_attr` does)
        get = a.attributes.get
        raw = get("href") or ""
        first = a.child  # a link holding one text node (most) holds no image: no query
        alts = "" if first is None or (first.next is None and first.tag == "-text") else " ".join(
            clean(_attr(img, "alt")) for img in a.css("img[alt]"))
        links.append(Link(
            href=absolute(raw), text=_text(a) if a.tag == "a" else clean(get("alt")),
            title=clean(get("title")), rel=tuple((get("rel") or "").lower().split()),
            img_alt=clean(alts), aria_label=clean(get("aria-label")) or labelled_by(get("aria-labelledby") or ""),
            region=_region(a, positions), selector=_selector(a, positions), raw_href=raw[:500],
            hreflang=clean(get("hreflang") or get("lang")),
        ))

    def field_of(el: LexborNode) -> FormField:
        tag = el.tag or ""
        fattrs = el.attributes  # a new dict at every call: read once per field

        def fat(name: str) -> str:
            v = fattrs.get(name)
            return v if isinstance(v, str) else ""

        ftype = (fat("type").lower() or ("submit" if tag == "button" else "text")) if tag in ("input", "button") else tag
        label = clean(fat("aria-label")) or labelled_by(fat("aria-labelledby"))
        ident = fat("id")
        if not label and ident in label_for:
            label = label_for[ident]
        if not label:
            p = el.parent
            up = 0
            while p is not None and p.tag not in ("form", "body", None) and up < MAX_UP:
                if p.tag == "label":
                    label = _text(p)
                    break
                p = p.parent
                up += 1
        if not label and tag == "button":
            label = _text(el) or " ".join(clean(_attr(i, "alt")) for i in el.css("img[alt]")).strip()
        if not label and tag == "input" and ftype in ("submit", "button", "reset"):
            label = clean(fat("value"))
        if not label and tag == "input" and ftype == "image":
            label = clean(fat("alt"))
        return FormField(
            tag=tag, type=ftype, name=fat("name"), id=ident, label=label,
            placeholder=clean(fat("placeholder")), title=clean(fat("title")),
            required="required" in fattrs,
            hidden=ftype == "hidden" or "hidden" in fattrs, selector=_selector(el, positions),
        )

    forms: list[Form] = []
    for f in tree.css("form")[:MAX_FORMS]:
        fields = []
        for el in f.css(", ".join(_FIELD_TAGS)):
            if len(fields) >= MAX_FIELDS:
                break
            fields.append(field_of(el))
        action = _attr(f, "action")
        forms.append(Form(
            action=_abs(base, action) if action.strip() else "", method=(_attr(f, "method") or "get").upper(),
            fields=tuple(fields), text=_text(f)[:2000], role=_attr(f, "role"), id=_attr(f, "id"),
            name=_attr(f, "name"), selector=_selector(f, positions),
        ))
    orphans = []
    for el in tree.css("input, select, textarea")[:MAX_FIELDS * 10]:
        if len(orphans) >= 100:
            break
        if not _has_ancestor(el, "form") and _attr(el, "type").lower() != "hidden":
            orphans.append(el)
    if orphans:  # fields outside any form (script-driven search boxes are common): one
        # pseudo-form per container, so a search box and an unrelated widget stay apart
        groups: dict[int, tuple[LexborNode, list[LexborNode]]] = {}
        for el in orphans:
            box = el.parent
            while box is not None and box.tag not in _BOXES:
                box = box.parent
            box = box if box is not None else el
            groups.setdefault(box.mem_id, (box, []))[1].append(el)
        for box, els in groups.values():
            ids = {e.mem_id for e in els}
            buttons = [b for b in box.css("button, input[type=submit], input[type=button], input[type=image]")
                       if b.mem_id not in ids]
            forms.append(Form(action="", method="GET", fields=tuple(field_of(el) for el in els + buttons),
                              text=_text(box)[:2000], role=_attr(box, "role"), id=_attr(box, "id"),
                              name="(no form)", selector=_selector(box, positions)))

    images = []
    for img in tree.css("img")[:MAX_IMAGES]:
        iattrs = img.attributes  # a new dict at every call: read once per image

        def iat(name: str, iattrs: dict = iattrs) -> str:
            v = iattrs.get(name)
            return v if isinstance(v, str) else ""

        alt = iattrs.get("alt")
        images.append(Image(
            src=absolute(iat("src")), alt=None if alt is None else clean(alt or ""),
            role=iat("role"), aria_label=clean(iat("aria-label")) or labelled_by(iat("aria-labelledby")),
            title=clean(iat("title")), in_link=_has_ancestor(img, "a"),
            selector=_selector(img, positions),
        ))
    scripts = tuple(s for s in (absolute(_attr(el, "src"))
                                for el in tree.css("script[src]")[:MAX_SCRIPTS]) if s)
    meta = tuple(_meta(m) for m in tree.css("meta")[:MAX_META])
    headings = tuple((int(h.tag[1]), _text(h, 2000))
                     for h in tree.css("h1, h2, h3, h4, h5, h6")[:MAX_HEADINGS])

    body_el = tree.body
    text = ""
    if body_el is not None:
        # invisible elements are left out of the text by skipping them, not by removing them:
        # the tree stays as parsed, so the checks can use it instead of parsing the page again
        hidden = {el.mem_id for el in body_el.css(_INVISIBLE)}
        if body_el.mem_id not in hidden:  # a hidden body shows no text (as when it was removed)
            text = _text(body_el, MAX_TEXT, hidden)
    _keep_tree(html, tree)
    return Page(
        url=url, final_url=final, status=status, headers=headers, content_type=content_type,
        charset=charset, charset_source=source, title=title, lang=lang, text=text,
        links=tuple(links), forms=tuple(forms), images=tuple(images), scripts=scripts, meta=meta,
        headings=headings, html=html, size=nbytes if size is None else size, truncated=truncated,
        elapsed_ms=elapsed_ms, discovered_as=discovered_as, repair=repaired,
    )


def _meta(m: LexborNode) -> tuple[str, str]:
    """(name | property | http-equiv | "charset", content | charset) of a ``meta``, its
    attributes read once."""
    attrs = m.attributes

    def at(name: str) -> str:
        v = attrs.get(name)
        return v if isinstance(v, str) else ""

    return ((at("name") or at("property") or at("http-equiv") or ("charset" if "charset" in attrs else "")).lower(),
            at("content") or at("charset"))


def _has_ancestor(el: LexborNode, tag: str) -> bool:
    p = el.parent
    up = 0
    while p is not None and up < MAX_UP:
        if p.tag == tag:
            return True
        p = p.parent
        up += 1
    return False

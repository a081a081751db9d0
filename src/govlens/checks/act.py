"""W3C ACT rules on one static HTML page: applicability, expectations and the failing elements.

Each rule follows its published definition (act-rules.github.io / w3.org/WAI/standards-guidelines/act)
on the DOM as parsed by lexbor, without a browser. What needs layout or CSS is approximated from the
markup (see ``docs/act-rules.md``): hidden = ``hidden``, ``aria-hidden="true"``, inline
``display:none`` / ``visibility:hidden``; an image "renders" when it has a ``src``/``srcset`` (or a
``<picture>`` source, or an inline ``background-image``). Accessible names come from
:mod:`govlens.checks.accname`.

Structure: :class:`ActDocument` is built once per page (from a lexbor tree the evidence layer already
parsed, or from an html string) and holds what the rules share: the elements in document order, the
ones in the accessibility tree with their semantic role, the ``meta`` elements, the accessible-name
computer. Each rule is one function ``(doc) -> RuleOutcome`` registered with :func:`rule`, which
puts its metadata (:class:`Rule`) into :data:`RULES`; a rule builds a fresh outcome and changes
nothing another rule sees. :func:`document_outcomes` / :func:`tree_outcomes` / :func:`outcomes`
run every rule; :func:`act_report` gives, per rule id, ``passed`` / ``failed`` / ``inapplicable``
and the failing elements (CSS selector and start-tag snippet).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govlens.checks.accname import (
    _INTEGER,
    ARIA_ROLES,
    GLOBAL_ARIA,
    AccName,
    Facts,
    attr,
    explicit_role,
    fold_down,
    implicit_of,
    input_type,
    style_of,
    type_of,
)
from govlens.evidence.parse import parse_tree  # every parse goes through the nesting guard

ACT_OUTCOMES = ("passed", "failed", "inapplicable")

# ARIA 1.2 states and properties, plus those of the ARIA 1.3 draft that browsers implement.
ARIA_ATTRIBUTES = frozenset("""
aria-activedescendant aria-atomic aria-autocomplete aria-busy aria-checked aria-colcount aria-colindex
aria-colspan aria-controls aria-current aria-describedby aria-details aria-disabled aria-dropeffect
aria-errormessage aria-expanded aria-flowto aria-grabbed aria-haspopup aria-hidden aria-invalid
aria-keyshortcuts aria-label aria-labelledby aria-level aria-live aria-modal aria-multiline
aria-multiselectable aria-orientation aria-owns aria-placeholder aria-posinset aria-pressed aria-readonly
aria-relevant aria-required aria-roledescription aria-rowcount aria-rowindex aria-rowspan aria-selected
aria-setsize aria-sort aria-valuemax aria-valuemin aria-valuenow aria-valuetext
aria-braillelabel aria-brailleroledescription aria-colindextext aria-description aria-rowindextext
""".split())

LINK_ROLES = frozenset({"link", "doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref"})
FIELD_ROLES = frozenset({"checkbox", "combobox", "listbox", "menuitemcheckbox", "menuitemradio", "radio",
                         "searchbox", "slider", "spinbutton", "switch", "textbox"})


@dataclass
class RuleOutcome:
    rule: str
    targets: int = 0
    passed: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    note: str = ""

    @property
    def outcome(self) -> str:
        if not self.targets:
            return "inapplicable"
        return "failed" if self.failed else "passed"

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "title": RULES[self.rule].title, "targets": self.targets,
                "passed": self.passed, "failed": [dict(f) for f in self.failed],
                **({"note": self.note} if self.note else {})}


RuleFn = Callable[["ActDocument"], RuleOutcome]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    title_th: str
    wcag: str  # the success criteria it maps to
    fn: RuleFn | None = field(default=None, repr=False, compare=False)  # (doc) -> RuleOutcome


RULES: dict[str, Rule] = {}  # rule id -> metadata and function, in registration (report) order


def rule(rule_id: str, *, title: str, title_th: str, wcag: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn(doc) -> RuleOutcome`` as ACT rule ``rule_id`` with its titles and WCAG SCs."""
    def register(fn: RuleFn) -> RuleFn:
        if rule_id in RULES:
            raise ValueError(f"ACT rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, title, title_th, wcag, fn)
        return fn
    return register


# ---------------------------------------------------------------- helpers
_IDENT = re.compile(r"[A-Za-z][\w-]*")


def selector(node: LexborNode, parts_of: dict[int, tuple[str, bool]] | None = None) -> str:
    """A short CSS path to the element (stops at the nearest ancestor with a usable id).

    ``parts_of``: the parts already worked out for elements of the same tree (by ``mem_id``:
    the part and whether the path stops there), kept by a caller naming many elements — the
    failing elements of a rule share ancestors, and a long list's items their siblings."""
    if parts_of is None:
        parts_of = {}
    parts: list[str] = []
    cur: LexborNode | None = node
    depth = 0
    while cur is not None and depth < 12:
        key = cur.mem_id
        got = parts_of.get(key)
        if got is None:
            tag = cur.tag
            if tag in (None, "-undef", "#document"):
                break
            ident = attr(cur, "id") or ""
            if ident and _IDENT.fullmatch(ident):
                got = (f"{tag}#{ident}", True)
            elif tag == "html":
                got = ("html", True)
            else:
                n, sib = 1, cur.prev
                while sib is not None:
                    if sib.tag == tag:
                        n += 1
                    sib = sib.prev
                got = (f"{tag}:nth-of-type({n})" if n > 1 else (tag or ""), False)
            parts_of[key] = got
        parts.append(got[0])
        if got[1]:
            break
        cur = cur.parent
        depth += 1
    return " > ".join(reversed(parts))


def start_tag(node: LexborNode, limit: int = 200) -> str:
    bits = [node.tag or ""]
    for k, v in node.attributes.items():
        bits.append(k if v is None else f'{k}="{v}"')
    tag = "<" + " ".join(bits) + ">"
    return tag if len(tag) <= limit else tag[: limit - 1] + "…"


def _in_foreign(node: LexborNode) -> bool:
    """Inside <svg> or <math> (not an HTML element)."""
    p = node.parent
    while p is not None:
        if p.tag in ("svg", "math"):
            return True
        p = p.parent
    return False


_LEAD = re.compile(r"^(?:\ufeff|\s+|<!--.*?-->|<\?.*?\?>|<!doctype[^>]*>)*", re.I | re.S)


_ROOT_TAG = re.compile(r"<([A-Za-z][\w:-]*)")


def is_html_document(html: str) -> bool:
    """False when the source's root element is <svg> or <math> (an SVG/MathML document)."""
    m = _ROOT_TAG.match(html, _LEAD.match(html).end()) if html else None  # no copy of the source
    return not (m and m.group(1).lower() in ("svg", "math"))


def _tally(rule_id: str, targets: Iterable[tuple[LexborNode, str]], note: str = "") -> RuleOutcome:
    """A fresh outcome from ``(element, why it fails)`` per test target ("" when it passes)."""
    out = RuleOutcome(rule_id, note=note)
    parts_of: dict[int, tuple[str, bool]] = {}  # the targets are of one tree: their ancestors' parts
    for node, why in targets:
        out.targets += 1
        if why:
            out.failed.append({"selector": selector(node, parts_of), "snippet": start_tag(node), "note": why})
        else:
            out.passed += 1
    return out


# ---------------------------------------------------------------- language tags
def primary_language_valid(tag: str) -> bool:
    """True when the primary language subtag is registered in the IANA language subtag registry
    (ISO 639-1, ISO 639-3 without a 639-1 code, ISO 639-5 collections, qaa–qtz private use)."""
    primary = tag.strip().split("-")[0].lower()
    if not primary.isascii() or not primary.isalpha():
        return False
    if len(primary) == 2:
        return primary in _LANG2
    if len(primary) == 3:
        return primary in _lang3() or ("qaa" <= primary <= "qtz")
    return False


@lru_cache(maxsize=1)
def _lang3() -> frozenset[str]:
    out: set[str] = set()
    for group in _LANG3_PACKED.split():
        prefix, _, thirds = group.partition(":")
        out.update(prefix + c for c in thirds)
    return frozenset(out)


# ---------------------------------------------------------------- viewport and refresh parsing
_NUM = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def viewport_properties(content: str) -> dict[str, str]:
    """Key-value pairs of a viewport ``content`` (separators: whitespace, comma, semicolon)."""
    out: dict[str, str] = {}
    for k, v in re.findall(r"([^\s,;=]+)\s*=\s*([^\s,;=]*)", content):
        out[k.lower()] = v.lower()
    return out


def _viewport_number(value: str) -> float | None:
    """CSS Device Adaptation translation of a viewport number; None for an invalid (negative) one."""
    if value == "yes":
        return 1.0
    if value == "no":
        return 0.1
    if value in ("device-width", "device-height"):
        return 10.0
    m = _NUM.match(value)
    if not m:
        return 0.1
    n = float(m.group(0))
    if n < 0:
        return None
    return max(0.1, min(10.0, n))


def viewport_blocks_zoom(content: str) -> str:
    """Why a viewport prevents zooming to 200% ("" when it does not)."""
    props = viewport_properties(content)
    if "user-scalable" in props:
        v = props["user-scalable"]
        if v in ("yes", "device-width", "device-height"):
            zoom = True
        elif v == "no":
            zoom = False
        else:
            m = _NUM.match(v)
            zoom = bool(m) and abs(float(m.group(0))) >= 1
        if not zoom:
            return f"user-scalable={props['user-scalable']}"
    if "maximum-scale" in props:
        n = _viewport_number(props["maximum-scale"])
        if n is not None and n < 2:
            return f"maximum-scale={props['maximum-scale']}"
    return ""


def refresh_time(content: str) -> int | None:
    """The delay of a ``<meta http-equiv=refresh>`` per HTML's shared declarative refresh steps;
    None when the content is not valid."""
    s, pos, n = content, 0, len(content)
    ws = " \t\n\f\r"
    while pos < n and s[pos] in ws:
        pos += 1
    start = pos
    while pos < n and s[pos].isascii() and s[pos].isdigit():
        pos += 1
    digits = s[start:pos]
    if not digits:
        if pos >= n or s[pos] != ".":
            return None
        time = 0
    else:
        time = int(digits)
    while pos < n and ((s[pos].isascii() and s[pos].isdigit()) or s[pos] == "."):
        pos += 1
    if pos < n and s[pos] not in ";," + ws:
        return None
    return time


# ---------------------------------------------------------------- image rendering
_BG = re.compile(r"background(?:-image)?\s*:[^;]*url\(", re.I)


def renders_image(node: LexborNode) -> bool:
    style = attr(node, "style") or ""
    if _BG.search(style):
        return True
    if node.tag != "img":
        return False
    if (attr(node, "src") or "").strip() or (attr(node, "srcset") or "").strip():
        return True
    parent = node.parent
    return bool(parent is not None and parent.tag == "picture"
                and any((attr(s, "srcset") or "").strip() for s in parent.css("source")))


# ---------------------------------------------------------------- the document the rules share
# Elements the element rules never apply to (document metadata, never rendered).
_NOT_CONTENT = frozenset({"html", "head", "title", "meta", "script", "style", "link", "base"})


class ActDocument:
    """What every rule needs about one page, computed once; nothing in it changes afterwards
    (the caches below only remember answers that the page alone decides).

    * ``tree``: the lexbor tree; ``root``: its ``html`` element.
    * ``is_html_page``: False when the source's root element is ``<svg>`` or ``<math>``.
    * ``elements``: every element under ``html`` (``html`` included), in document order.
    * ``exposed``: ``(element, tag, semantic role)`` of the elements in the accessibility tree,
      approximated: HTML (not inside svg/math), not document metadata, not hidden.
    * ``items``: ``(element, its Facts)`` for each of ``elements``, and ``exposed_items`` for
      those of ``exposed``: the loops read these rather than asking the element again.
    * ``metas``: the ``meta`` elements in document order; ``acc``: the :class:`AccName`.

    The rules ask the same questions of the same elements many times (role, focusable, inside
    svg/math, rendered), so the answers are kept per element (keyed by ``mem_id``): the
    :class:`~govlens.checks.accname.Facts` of :meth:`facts`, and the methods below that stand for
    the module's functions of the same name (:func:`_in_foreign`, :func:`_not_rendered`, …).
    """

    __slots__ = ("_acc_tree", "_focus", "_foreign", "_grids", "_icon_selectors", "_important_styles", "_math", "_not_rendered",
                 "_offscreen", "_offscreen_classes", "_style_rules", "_style_texts", "_styles", "acc", "elements", "exposed",
                 "exposed_items", "is_html_page", "items", "metas", "root", "tree")

    def __init__(self, tree: LexborHTMLParser, source: str | None = None) -> None:
        """``tree`` parsed once per page (e.g. by :mod:`govlens.evidence.parse`). ``source`` is the
        html it was parsed from; without it the tree's own copy of its input is read (only to tell
        whether the root element in the source was ``<svg>``/``<math>``)."""
        if source is None:
            raw = getattr(tree, "raw_html", None)
            source = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else (raw or "")
        self.tree = tree
        self.is_html_page = is_html_document(source)
        self.root: LexborNode | None = tree.css_first("html")
        self.acc = AccName(tree)
        scope = self.root if self.root is not None else tree.root
        self.elements: tuple[LexborNode, ...] = tuple(scope.css("*")) if scope is not None else ()
        self.metas: tuple[LexborNode, ...] = tuple(tree.css("meta"))
        self._offscreen_classes: frozenset[str] | None = None
        self._style_texts: tuple[str, ...] | None = None
        self._style_rules: tuple[tuple[str, str], ...] | None = None
        self._important_styles: tuple[str, ...] | None = None
        self._acc_tree: _AccTree | None = None
        self._icon_selectors: frozenset[str] | None = None
        self._styles: _Styles | None = None
        self._focus: dict[int, bool] = {}
        self._grids: dict[int, list[tuple[LexborNode, int, int, int, int]]] = {}
        self._not_rendered: dict[int, bool] = {}
        self._offscreen: dict[int, bool] = {}
        self._foreign, self._math = _foreign_sets(tree)
        pairs, hidden = self.acc.prime(self.elements)
        self.items: tuple[tuple[LexborNode, Facts], ...] = tuple(pairs)
        foreign = self._foreign
        self.exposed_items: tuple[tuple[LexborNode, Facts], ...] = tuple(
            pair for pair, is_hidden in zip(pairs, hidden, strict=True)
            if not is_hidden and pair[1].tag not in _NOT_CONTENT and pair[1].key not in foreign)
        self.exposed: tuple[tuple[LexborNode, str, str], ...] = tuple(
            (el, facts.tag, facts.role) for el, facts in self.exposed_items)

    @classmethod
    def from_html(cls, html: str) -> ActDocument:
        """Parse ``html`` with lexbor behind the evidence parser's nesting guard."""
        html = html or ""
        return cls(parse_tree(html), source=html)

    @property
    def page_root(self) -> LexborNode | None:
        """The document element of an HTML page: what the page rules apply to."""
        return self.root if self.is_html_page else None

    @property
    def page_note(self) -> str:
        return "" if self.is_html_page else "not an HTML document"

    def name(self, node: LexborNode) -> str:
        """The accessible name (accname 1.2 + HTML-AAM, static DOM)."""
        return self.acc.name(node)

    # ------------------------------------------------------------ per-element facts, remembered
    def facts(self, el: LexborNode) -> Facts:
        """Tag, attributes, explicit and semantic role, focusability of ``el``."""
        return self.acc.facts(el)

    def attrs(self, el: LexborNode) -> dict[str, str]:
        """``el``'s attributes as :func:`attr` reads them (valueless: "")."""
        return self.acc.facts(el).attrs

    def role(self, el: LexborNode) -> str:
        """:func:`~govlens.checks.accname.semantic_role` of ``el``."""
        return self.acc.facts(el).role

    def explicit(self, el: LexborNode) -> str:
        """:func:`~govlens.checks.accname.explicit_role` of ``el``."""
        return self.acc.facts(el).explicit

    def in_foreign(self, el: LexborNode | Facts) -> bool:
        """:func:`_in_foreign`: inside ``<svg>`` or ``<math>``."""
        return (el.key if isinstance(el, Facts) else el.mem_id) in self._foreign

    def in_math(self, el: LexborNode | Facts) -> bool:
        """:func:`_in_math`: a ``<math>`` element or inside one."""
        return (el.key if isinstance(el, Facts) else el.mem_id) in self._math

    def not_rendered(self, el: LexborNode) -> bool:
        """:func:`_not_rendered` of ``el``."""
        return fold_down(self._not_rendered, el, False, lambda n, above: above or _renders_nothing(self.acc.facts(n)))

    def in_sequential_focus(self, el: LexborNode) -> bool:
        """:func:`in_sequential_focus` of ``el``."""
        key = el.mem_id
        got = self._focus.get(key)
        if got is None:
            got = self._focus[key] = _sequential(el, self.acc.facts(el)) and not self.not_rendered(el)
        return got

    def not_visible(self, el: LexborNode) -> bool:
        """:func:`not_visible` of ``el``."""
        if self.not_rendered(el):
            return True
        classes = self.offscreen_classes()
        return fold_down(self._offscreen, el, False,
                         lambda n, above: above or _offscreen_own(self.acc.facts(n).attrs, classes))

    def grid(self, table: LexborNode) -> list[tuple[LexborNode, int, int, int, int]]:
        """:func:`table_grid` of ``table``, worked out once (two rules read each table's)."""
        key = table.mem_id
        got = self._grids.get(key)
        if got is None:
            got = self._grids[key] = table_grid(table)
        return got

    def acc_tree(self) -> _AccTree:
        """The approximated accessibility tree (:class:`_AccTree`), built once for the rules
        that walk it; it only reads the page."""
        if self._acc_tree is None:
            self._acc_tree = _AccTree(self)
        return self._acc_tree

    def style_texts(self) -> tuple[str, ...]:
        """The text of each ``<style>`` element, in document order (read once)."""
        if self._style_texts is None:
            self._style_texts = tuple(style.text(deep=True) or "" for style in self.tree.css("style"))
        return self._style_texts

    def important_styles(self) -> tuple[str, ...]:
        """The ``style`` attributes that mention "important", in document order (read once)."""
        if self._important_styles is None:
            self._important_styles = tuple(
                style for _el, facts in self.items if "important" in (style := facts.attrs.get("style") or ""))
        return self._important_styles

    def style_rules(self) -> tuple[tuple[str, str], ...]:
        """``(selector, declarations)`` of the simple ``sel { … }`` rules of the page's
        ``<style>`` elements, in document order (read once for the rules that look at them)."""
        if self._style_rules is None:
            self._style_rules = tuple(pair for text in self.style_texts()
                                      for pair in re.findall(r"([^{}]+)\{([^{}]*)\}", text))
        return self._style_rules

    def styles(self) -> _Styles:
        """The page's small cascade (:class:`_Styles`), built once; it only remembers answers."""
        if self._styles is None:
            self._styles = _Styles(self)
        return self._styles

    def icon_font_selectors(self) -> frozenset[str]:
        """The selectors (each of a list, stripped) of the page's ``<style>`` rules that set a
        ``font-family`` naming "icon" (computed once; :func:`_icon_font` looks classes up here)."""
        if self._icon_selectors is None:
            found: set[str] = set()
            for sel, body in self.style_rules():
                if re.search(r"font-family\s*:[^;]*icon", body, re.I):
                    found.update(part.strip() for part in sel.split(","))
            self._icon_selectors = frozenset(found)
        return self._icon_selectors

    def offscreen_classes(self) -> frozenset[str]:
        """Classes that the page's own ``<style>`` elements position far off screen
        (``position:absolute`` with ``left``/``top`` of -999 px/em or less) or set to
        ``display:none``, read from simple ``.class { … }`` rules (computed once)."""
        if self._offscreen_classes is None:
            found: set[str] = set()
            for sel, body in self.style_rules():
                if _offscreen_decls(body):
                    found.update(re.findall(r"^\s*\.([\w-]+)\s*$", sel))
            self._offscreen_classes = frozenset(found)
        return self._offscreen_classes


def _foreign_sets(tree: LexborHTMLParser) -> tuple[frozenset[int], frozenset[int]]:
    """``mem_id`` of the elements inside ``<svg>``/``<math>`` (:func:`_in_foreign`) and of the
    ``<math>`` elements with their descendants (:func:`_in_math`), from one query."""
    foreign: set[int] = set()
    math_ids: set[int] = set()
    for top in tree.css("svg, math"):
        top_id = top.mem_id
        inside = [d.mem_id for d in top.css("*")]  # lexbor's css includes the element itself
        foreign.update(i for i in inside if i != top_id)
        if top.tag == "math":
            math_ids.update(inside)
    return frozenset(foreign), frozenset(math_ids)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip(" \t\n\f\r")


# ---------------------------------------------------------------- the rules, one function each
@rule("b5c3f8", title="HTML page has lang attribute", title_th="หน้า HTML มีแอตทริบิวต์ lang", wcag="3.1.1")
def html_page_has_lang(doc: ActDocument) -> RuleOutcome:
    """Applies to the document element of an HTML page; expects a ``lang`` attribute that is
    neither empty nor only ASCII whitespace (``xml:lang`` alone does not count).
    Without a browser: an "HTML page" is a source whose root element is not ``<svg>``/``<math>``."""
    root = doc.page_root
    targets = []
    if root is not None:
        lang = attr(root, "lang")
        why = "" if not _blank(lang) else ("no lang attribute" if lang is None
                                           else "lang is empty or only whitespace")
        targets.append((root, why))
    return _tally("b5c3f8", targets, doc.page_note)


@rule("bf051a", title="HTML page lang attribute has valid language tag",
      title_th="แอตทริบิวต์ lang ของหน้า HTML เป็นรหัสภาษาที่ถูกต้อง", wcag="3.1.1")
def html_page_lang_valid(doc: ActDocument) -> RuleOutcome:
    """Applies to the document element of an HTML page with a non-blank ``lang``; expects it to be
    a valid language tag. Approximated: only the primary language subtag is checked against the
    IANA registry (region, script and variants are not)."""
    root = doc.page_root
    targets = []
    lang = attr(root, "lang") if root is not None else None
    if root is not None and lang is not None and not _blank(lang):
        why = "" if primary_language_valid(lang) else f"'{lang.strip()}' has no registered primary language subtag"
        targets.append((root, why))
    return _tally("bf051a", targets, doc.page_note)


@rule("2779a5", title="HTML page has non-empty title", title_th="หน้า HTML มีชื่อเรื่อง (title) ที่ไม่ว่าง",
      wcag="2.4.2")
def html_page_has_title(doc: ActDocument) -> RuleOutcome:
    """Applies to the document element of an HTML page; expects at least one HTML ``title``
    element, the first of which has text that is not only whitespace (SVG titles do not count)."""
    root = doc.page_root
    targets = []
    if root is not None:
        titles = [t for t in root.css("title") if not doc.in_foreign(t)]
        if not titles:
            targets.append((root, "no title element"))
        elif not (titles[0].text(deep=True) or "").strip():
            targets.append((titles[0], "the first title element is empty"))
        else:
            targets.append((root, ""))
    return _tally("2779a5", targets, doc.page_note)


@rule("b4f0c3", title="Meta viewport allows for zoom", title_th="meta viewport อนุญาตให้ผู้ใช้ขยายหน้าจอได้",
      wcag="1.4.4, 1.4.10")
def meta_viewport_allows_zoom(doc: ActDocument) -> RuleOutcome:
    """Applies to each ``meta name=viewport`` whose content mentions ``user-scalable`` or
    ``maximum-scale``; expects it not to prevent zooming (to 200%): no ``user-scalable=no``,
    ``maximum-scale`` of at least 2, read with CSS Device Adaptation's translations."""
    targets = []
    for meta in doc.metas:
        content = attr(meta, "content")
        if ((attr(meta, "name") or "").strip().lower() == "viewport" and content is not None
                and ("user-scalable" in content or "maximum-scale" in content)):
            why = viewport_blocks_zoom(content)
            targets.append((meta, f"prevents zoom: {why}" if why else ""))
    return _tally("b4f0c3", targets)


@rule("bc659a", title="Meta element has no refresh delay", title_th="แท็ก meta ไม่รีเฟรชหรือเปลี่ยนหน้าแบบหน่วงเวลา",
      wcag="2.2.1, 2.2.4, 3.2.5")
def meta_refresh_no_delay(doc: ActDocument) -> RuleOutcome:
    """Applies to the first ``meta http-equiv=refresh`` with a valid ``content`` (HTML's
    declarative refresh parsing); expects its time to be 0 or more than 72000 seconds (20 hours)."""
    for meta in doc.metas:
        content = attr(meta, "content")
        if (attr(meta, "http-equiv") or "").strip().lower() == "refresh" and content is not None:
            t = refresh_time(content)
            if t is not None:
                why = "" if t == 0 or t > 72000 else f"refreshes or redirects after {t} seconds"
                return _tally("bc659a", [(meta, why)])
    return RuleOutcome("bc659a")


@rule("23a2a8", title="Image has non-empty accessible name", title_th="รูปภาพมีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง",
      wcag="1.1.1")
def image_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to ``img`` elements and elements with role img (not ``svg``) in the accessibility
    tree that render an image; expects a non-empty accessible name or a decorative role
    (none/presentation, which ``alt=""`` gives). Without a browser: rendering = ``src``/``srcset``,
    a ``<picture>`` source or an inline ``background-image``; CSS-class images are not seen."""
    return _tally("23a2a8", (
        (el, "" if role in ("none", "presentation") or doc.name(el)
         else "image without an accessible name (add alt, or alt=\"\" if decorative)")
        for el, tag, role in doc.exposed
        if (tag == "img" or (role == "img" and tag != "svg")) and renders_image(el)))


@rule("c487ae", title="Link has non-empty accessible name", title_th="ลิงก์มีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง",
      wcag="2.4.4, 4.1.2")
def link_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to elements with the semantic role link (or doc-backlink, doc-biblioref,
    doc-glossref, doc-noteref) in the accessibility tree; expects a non-empty accessible name.
    Without a browser: hidden only from markup and inline styles; no CSS generated content."""
    return _tally("c487ae", ((el, "" if doc.name(el) else "link without an accessible name")
                             for el, _tag, role in doc.exposed if role in LINK_ROLES))


@rule("97a4e1", title="Button has non-empty accessible name", title_th="ปุ่มมีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง",
      wcag="4.1.2")
def button_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to elements with the semantic role button in the accessibility tree, except
    ``input type=image``; expects a non-empty accessible name (the default "Submit"/"Reset" of
    input buttons counts). Without a browser: hidden only from markup and inline styles."""
    return _tally("97a4e1", ((el, "" if doc.name(el) else "button without an accessible name")
                             for el, tag, role in doc.exposed
                             if role == "button" and not (tag == "input" and input_type(el) == "image")))


@rule("e086e5", title="Form field has non-empty accessible name",
      title_th="ช่องกรอกข้อมูลมีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง", wcag="4.1.2")
def form_field_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to elements in the accessibility tree with role checkbox, combobox, listbox,
    menuitemcheckbox, menuitemradio, radio, searchbox, slider, spinbutton, switch or textbox;
    expects a non-empty accessible name. Without a browser: roles from markup (HTML-AAM)."""
    return _tally("e086e5", ((el, "" if doc.name(el) else f"{role} without an accessible name")
                             for el, _tag, role in doc.exposed if role in FIELD_ROLES))


@rule("cae760", title="Iframe element has non-empty accessible name",
      title_th="iframe มีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง", wcag="4.1.2")
def iframe_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to ``iframe`` elements in the accessibility tree that are not removed from the
    focus order (negative ``tabindex``) nor marked decorative (role none/presentation); expects a
    non-empty accessible name. Without a browser: hidden only from markup and inline styles."""
    return _tally("cae760", ((el, "" if doc.name(el) else "iframe without a title or other accessible name")
                             for el, tag, _role in doc.exposed if tag == "iframe" and _iframe_focusable(doc.facts(el))))


def _iframe_focusable(facts: Facts) -> bool:
    tabindex = (facts.attrs.get("tabindex") or "").strip()
    negative = bool(re.fullmatch(r"-\d+", tabindex)) and int(tabindex) < 0
    return not negative and facts.explicit not in ("none", "presentation")


@rule("ffd0e9", title="Heading has non-empty accessible name", title_th="หัวข้อมีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง",
      wcag="1.3.1")
def heading_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to elements with the semantic role heading in the accessibility tree; expects a
    non-empty accessible name. Without a browser: no CSS generated content, hidden from markup."""
    return _tally("ffd0e9", ((el, "" if doc.name(el) else "heading with an empty accessible name")
                             for el, _tag, role in doc.exposed if role == "heading"))


@rule("59796f", title="Image button has non-empty accessible name",
      title_th="ปุ่มรูปภาพมีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง", wcag="1.1.1, 4.1.2")
def image_button_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to ``input`` elements in the Image Button state (``type=image``) in the
    accessibility tree; expects a non-empty accessible name (the browser default "Submit Query"
    is not one). Without a browser: hidden only from markup and inline styles."""
    return _tally("59796f", (
        (el, "" if doc.name(el) else "image button without alt, aria-label, aria-labelledby or title")
        for el, tag, _role in doc.exposed if tag == "input" and input_type(el) == "image"))


@rule("5f99a7", title="ARIA attribute is defined in WAI-ARIA",
      title_th="แอตทริบิวต์ ARIA เป็นแอตทริบิวต์ที่กำหนดไว้ใน WAI-ARIA", wcag="4.1.2")
def aria_attribute_defined(doc: ActDocument) -> RuleOutcome:
    """Applies to every attribute whose name starts with ``aria-`` (hidden elements included);
    expects it to be defined in WAI-ARIA 1.2 (or one of the ARIA 1.3 attributes browsers
    implement). Nothing needs a browser here."""
    return _tally("5f99a7", ((el, "" if name in ARIA_ATTRIBUTES else f"{name} is not defined in WAI-ARIA")
                             for el, facts in doc.items for name in facts.attrs if name.startswith("aria-")))


# ---------------------------------------------------------------- WAI-ARIA 1.2 data for the ARIA rules
# The states and properties every role supports (ARIA 1.2 §6.4, with the four 1.2 deprecated
# globals aria-disabled, aria-errormessage, aria-haspopup, aria-invalid, still global in 1.2).
GLOBAL_STATES = frozenset("""
aria-atomic aria-busy aria-controls aria-current aria-describedby aria-details aria-disabled aria-dropeffect
aria-errormessage aria-flowto aria-grabbed aria-haspopup aria-hidden aria-invalid aria-keyshortcuts aria-label
aria-labelledby aria-live aria-owns aria-relevant aria-roledescription
aria-braillelabel aria-brailleroledescription aria-description
""".split())

# Role(s): the non-global states and properties they support (inherited included), "aria-" left out.
_SUPPORTED_PACKED = """
group: activedescendant
combobox: activedescendant autocomplete expanded readonly required
searchbox textbox: activedescendant autocomplete multiline placeholder readonly required
treegrid: activedescendant colcount multiselectable orientation readonly required rowcount
grid: activedescendant colcount multiselectable readonly rowcount
row: activedescendant colindex expanded level posinset rowindex selected setsize
application graphics-object: activedescendant expanded
listbox: activedescendant expanded multiselectable orientation readonly required
tablist: activedescendant level multiselectable orientation
tree: activedescendant multiselectable orientation required
menu menubar toolbar: activedescendant orientation
radiogroup: activedescendant orientation readonly required
spinbutton: activedescendant readonly required valuemax valuemin valuenow valuetext
treeitem: checked expanded level posinset selected setsize
menuitemcheckbox menuitemradio: checked expanded posinset readonly required setsize
checkbox switch: checked expanded readonly required
option: checked posinset selected setsize
radio: checked posinset setsize
table: colcount rowcount
gridcell: colindex colspan expanded readonly required rowindex rowspan selected
columnheader rowheader: colindex colspan expanded readonly required rowindex rowspan selected sort
cell: colindex colspan rowindex rowspan
doc-biblioentry doc-endnote: expanded level posinset setsize
doc-pagebreak: expanded orientation valuemax valuemin valuenow valuetext
link graphics-document graphics-symbol: expanded
tab: expanded posinset selected setsize
menuitem: expanded posinset setsize
button: expanded pressed
heading: level
listitem: level posinset setsize
alertdialog dialog: modal
slider: orientation readonly valuemax valuemin valuenow valuetext
scrollbar separator: orientation valuemax valuemin valuenow valuetext
article: posinset setsize
meter progressbar: valuemax valuemin valuenow valuetext
"""

# Required states and properties without an implicit value (ARIA 1.2 "Required States and
# Properties" minus those listed under "Implicit Value for Role": option's aria-selected=false,
# slider's and scrollbar's aria-valuenow half-way). A focusable separator needs aria-valuenow.
REQUIRED_STATES: dict[str, tuple[str, ...]] = {
    "checkbox": ("aria-checked",), "combobox": ("aria-controls", "aria-expanded"), "heading": ("aria-level",),
    "menuitemcheckbox": ("aria-checked",), "menuitemradio": ("aria-checked",), "meter": ("aria-valuenow",),
    "radio": ("aria-checked",), "scrollbar": ("aria-controls",), "switch": ("aria-checked",),
}

# Roles on which aria-label and aria-labelledby are prohibited (generic: aria-roledescription too).
_NAME_PROHIBITED = frozenset("""
caption code deletion emphasis generic insertion none paragraph presentation strong subscript superscript
""".split())

# ARIA 1.2 required context roles.
REQUIRED_CONTEXT: dict[str, frozenset[str]] = {
    "caption": frozenset({"figure", "grid", "table", "treegrid"}),
    "cell": frozenset({"row"}), "columnheader": frozenset({"row"}), "gridcell": frozenset({"row"}),
    "rowheader": frozenset({"row"}), "listitem": frozenset({"directory", "list"}),
    "menuitem": frozenset({"group", "menu", "menubar"}), "menuitemcheckbox": frozenset({"group", "menu", "menubar"}),
    "menuitemradio": frozenset({"group", "menu", "menubar"}), "option": frozenset({"group", "listbox"}),
    "row": frozenset({"grid", "rowgroup", "table", "treegrid"}), "rowgroup": frozenset({"grid", "table", "treegrid"}),
    "tab": frozenset({"tablist"}), "treeitem": frozenset({"group", "tree"}),
}

_MENU_ITEMS = frozenset({"menuitem", "menuitemcheckbox", "menuitemradio"})
_ROWS = frozenset({"row"})
# ARIA 1.2 required owned elements: the roles a role may own directly, and for a grouping role
# ("group → option") the roles that group may own in turn (None: nothing further is required).
REQUIRED_OWNED: dict[str, dict[str, frozenset[str] | None]] = {
    "feed": {"article": None},
    "grid": {"row": None, "rowgroup": _ROWS}, "table": {"row": None, "rowgroup": _ROWS},
    "treegrid": {"row": None, "rowgroup": _ROWS},
    "list": {"listitem": None}, "listbox": {"option": None, "group": frozenset({"option"})},
    "menu": {**dict.fromkeys(_MENU_ITEMS), "group": _MENU_ITEMS},
    "menubar": {**dict.fromkeys(_MENU_ITEMS), "group": _MENU_ITEMS},
    "radiogroup": {"radio": None}, "row": dict.fromkeys(("cell", "columnheader", "gridcell", "rowheader")),
    "rowgroup": {"row": None}, "tablist": {"tab": None}, "tree": {"treeitem": None, "group": frozenset({"treeitem"})},
}

# Roles whose children are presentational (ARIA 1.2 "Children Presentational: True", DPUB, Graphics).
PRESENTATIONAL_CHILDREN = frozenset("""
button checkbox img menuitemcheckbox menuitemradio meter option progressbar radio scrollbar separator slider
switch tab graphics-symbol doc-pagebreak
""".split())

# Value types of the states and properties (ARIA 1.2 §6.7); for tokens, the allowed values.
_BOOL = ("true", "false")
ARIA_VALUE_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    **dict.fromkeys(("aria-atomic", "aria-busy", "aria-disabled", "aria-modal", "aria-multiline",
                     "aria-multiselectable", "aria-readonly", "aria-required"), ("token", _BOOL)),
    **dict.fromkeys(("aria-expanded", "aria-grabbed", "aria-hidden", "aria-selected"),
                    ("token", (*_BOOL, "undefined"))),
    **dict.fromkeys(("aria-checked", "aria-pressed"), ("token", (*_BOOL, "mixed", "undefined"))),
    **dict.fromkeys(("aria-colcount", "aria-colindex", "aria-colspan", "aria-level", "aria-posinset",
                     "aria-rowcount", "aria-rowindex", "aria-rowspan", "aria-setsize"), ("integer", ())),
    **dict.fromkeys(("aria-valuemax", "aria-valuemin", "aria-valuenow"), ("number", ())),
    "aria-autocomplete": ("token", ("inline", "list", "both", "none")),
    "aria-current": ("token", ("page", "step", "location", "date", "time", "true", "false")),
    "aria-dropeffect": ("tokens", ("copy", "execute", "link", "move", "none", "popup")),
    "aria-haspopup": ("token", ("false", "true", "menu", "listbox", "tree", "grid", "dialog")),
    "aria-invalid": ("token", ("grammar", "false", "spelling", "true")),
    "aria-live": ("token", ("assertive", "off", "polite")),
    "aria-orientation": ("token", ("horizontal", "vertical", "undefined")),
    "aria-relevant": ("tokens", ("additions", "all", "removals", "text")),
    "aria-sort": ("token", ("ascending", "descending", "none", "other")),
}


@lru_cache(maxsize=1)
def _supported() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in _SUPPORTED_PACKED.strip().splitlines():
        roles, _, names = line.partition(":")
        attrs = frozenset("aria-" + n for n in names.split())
        for r in roles.split():
            out[r] = attrs
    return out


def aria_value_valid(name: str, value: str) -> bool:
    """Whether ``value`` is valid for the ARIA state or property ``name`` (ID references,
    strings and attributes of unknown type: any value)."""
    kind, allowed = ARIA_VALUE_TYPES.get(name, ("string", ()))
    v = value.strip().lower()
    if kind == "token":
        return v in allowed
    if kind == "tokens":
        return bool(v.split()) and all(t in allowed for t in v.split())
    if kind == "integer":
        return bool(re.fullmatch(r"[+-]?\d+", v))
    if kind == "number":
        return bool(re.fullmatch(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?", v))
    return True


def aria_attribute_allowed(el: LexborNode, name: str, role: str) -> str:
    """Why the state or property ``name`` is not allowed on ``el`` with semantic role ``role``
    ("" when it is): prohibited on the role, or neither global, nor supported by the role, nor
    allowed on the HTML element by ARIA in HTML."""
    if name in ("aria-label", "aria-labelledby") and role in _NAME_PROHIBITED:
        return f"{name} is prohibited on role {role}"
    if name == "aria-roledescription" and role == "generic":
        return f"{name} is prohibited on role generic"
    if name in GLOBAL_STATES:
        return ""
    if name in _supported().get(role, frozenset()):
        return ""
    if role == "" and (el.tag or "") == "input" and name in _supported()["textbox"] | {"aria-checked"}:
        return ""  # ARIA in HTML: inputs without a role (password, date, …) take the textbox attributes
    if name == "aria-valuenow" and role == "separator":
        return ""
    return f"{name} is not supported on role {role or el.tag}"


def _lookup(doc: ActDocument, ident: str) -> LexborNode | None:
    return doc.acc.ids.get(ident)


# ---------------------------------------------------------------- focus and the accessibility tree
_FOCUS_HANDLER = re.compile(
    r"""(?:getElementById\(\s*['"]([^'"]+)['"]\s*\)|querySelector\(\s*['"]#([^'"]+)['"]\s*\))\s*"""
    r"""\.addEventListener\(\s*['"]focus(?:in)?['"]([^<]{0,300})""", re.S)


def _focus_redirected(doc: ActDocument) -> frozenset[int]:
    """Elements whose focus handler moves focus elsewhere (the "focus sentinel" of modal
    dialogs): an inline ``onfocus`` that calls ``.focus()``, or a script that registers a focus
    listener on the element by id whose body calls ``.focus()``. Scripts are not run: this reads
    their text."""
    out: set[int] = set()
    for el, facts in doc.items:
        if ".focus(" in (facts.attrs.get("onfocus") or ""):
            out.add(el.mem_id)
    for script in doc.tree.css("script"):
        for m in _FOCUS_HANDLER.finditer(script.text(deep=True) or ""):
            target = _lookup(doc, m.group(1) or m.group(2) or "")
            if target is not None and ".focus(" in m.group(3):
                out.add(target.mem_id)
    return frozenset(out)


def _not_rendered(el: LexborNode) -> bool:
    """Not rendered, from markup and inline styles: ``hidden``, ``display:none`` or
    ``visibility:hidden`` on it or an ancestor, or inside an element never rendered; also inside
    a Bootstrap ``.modal`` not marked shown (``.show``/``.in``), which its stylesheet hides.
    (The plain definition; the rules ask :meth:`ActDocument.not_rendered`, which remembers.)"""
    cur: LexborNode | None = el
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        if _renders_nothing(Facts(cur)):
            return True
        cur = cur.parent
    return False


def _renders_nothing(facts: Facts) -> bool:
    """The element itself keeps it and its content from rendering (see :func:`_not_rendered`)."""
    tag, attrs = facts.tag, facts.attrs
    if tag in ("script", "style", "template", "noscript", "head") or "hidden" in attrs:
        return True
    if tag == "input" and type_of(attrs) == "hidden":
        return True
    style = style_of(attrs.get("style"))
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return True
    classes = (attrs.get("class") or "").split()
    # Bootstrap's stylesheet hides .modal until it is shown (.show / .in)
    return "modal" in classes and not {"show", "in"} & set(classes) and style.get("display") is None


def in_sequential_focus(el: LexborNode) -> bool:
    """Part of sequential focus navigation, as the markup shows: focusable (by default or by
    ``tabindex``), no negative ``tabindex``, not disabled, rendered; a ``summary`` only as the
    first ``summary`` child of a ``details``. (The plain definition; the rules ask
    :meth:`ActDocument.in_sequential_focus`, which remembers.)"""
    return _sequential(el, Facts(el)) and not _not_rendered(el)


def _sequential(el: LexborNode, facts: Facts) -> bool:
    """:func:`in_sequential_focus` but for being rendered."""
    tabindex = (facts.attrs.get("tabindex") or "").strip()
    numeric = bool(tabindex) and _INTEGER.fullmatch(tabindex) is not None
    if numeric and int(tabindex) < 0:
        return False
    if facts.tag == "summary" and not numeric:
        parent = el.parent
        if parent is None or parent.tag != "details" or next(
                (c for c in _element_children(parent) if c.tag == "summary"), None) != el:
            return False
    return facts.focusable


_FAR = re.compile(r"(?:^|;)\s*(?:left|top)\s*:\s*-\d{3,}(?:\.\d+)?(?:px|em|rem)", re.I)


def _offscreen_decls(decls: str) -> bool:
    d = decls.lower()
    if re.search(r"(?:^|;)\s*display\s*:\s*none", d):
        return True
    return bool(re.search(r"position\s*:\s*(?:absolute|fixed)", d) and _FAR.search(d))


def _offscreen_own(attrs: dict[str, str], classes: frozenset[str]) -> bool:
    """The element itself is positioned far off screen (see :func:`not_visible`)."""
    return _offscreen_decls(attrs.get("style") or "") or bool(
        classes and any(c in classes for c in (attrs.get("class") or "").split()))


def not_visible(doc: ActDocument, el: LexborNode) -> bool:
    """Not visible, as far as the markup and the page's own simple stylesheet rules show: not
    rendered (:func:`_not_rendered`), or it or an ancestor positioned far off screen by an inline
    style or a class of :meth:`ActDocument.offscreen_classes`. (The plain definition; the rules
    ask :meth:`ActDocument.not_visible`, which remembers.)"""
    if _not_rendered(el):
        return True
    classes = doc.offscreen_classes()
    cur: LexborNode | None = el
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        if _offscreen_own(Facts(cur).attrs, classes):
            return True
        cur = cur.parent
    return False


def _element_children(node: LexborNode) -> Iterable[LexborNode]:
    child = node.child
    while child is not None:
        if child.tag and not child.tag.startswith("-"):
            yield child
        child = child.next


def _ignored(facts: Facts) -> bool:
    """Left out of the accessibility tree's parent/child structure (its children take its
    place): role none/presentation, a generic element or one without a role that has no global
    ARIA attribute and is not focusable."""
    role = facts.role
    if role in ("none", "presentation"):
        return True
    return role in ("generic", "") and GLOBAL_ARIA.isdisjoint(facts.attrs) and not facts.focusable


class _AccTree:
    """Parent/child in the accessibility tree, approximated from the DOM: hidden elements are
    left out, ignored elements (see :func:`_ignored`) give way to their children, and
    ``aria-owns`` moves the referenced elements under the owner (the first owner wins)."""

    def __init__(self, doc: ActDocument) -> None:
        self.doc = doc
        self.owner: dict[int, LexborNode] = {}
        self.owned: dict[int, list[LexborNode]] = {}
        for el, facts in doc.exposed_items:
            for ident in (facts.attrs.get("aria-owns") or "").split():
                ref = _lookup(doc, ident)
                if ref is not None and ref.mem_id not in self.owner and ref != el:
                    self.owner[ref.mem_id] = el
                    self.owned.setdefault(el.mem_id, []).append(ref)

    def role(self, el: LexborNode) -> str:
        return self.doc.role(el)

    def _ignored(self, el: LexborNode) -> bool:
        return _ignored(self.doc.facts(el))

    def parent(self, el: LexborNode) -> LexborNode | None:
        owner = self.owner.get(el.mem_id)
        if owner is not None:
            return owner
        cur = el.parent
        while cur is not None and cur.tag not in (None, "-undef", "#document", "html"):
            if cur.mem_id in self.owner:
                return self.owner[cur.mem_id] if self._ignored(cur) else cur
            if not self._ignored(cur):
                return cur
            cur = cur.parent
        return None

    def children(self, el: LexborNode) -> list[LexborNode | str]:
        """Child elements, and the non-blank text directly inside ignored descendants (as "#text")."""
        out: list[LexborNode | str] = []
        self._collect(el, out, top=True)
        for ref in self.owned.get(el.mem_id, []):
            if not self.doc.acc.is_hidden(ref):
                if self._ignored(ref):
                    self._collect(ref, out, top=True)
                else:
                    out.append(ref)
        return out

    def _collect(self, node: LexborNode, out: list[LexborNode | str], top: bool) -> None:
        child = node.child
        while child is not None:
            tag = child.tag or ""
            if tag == "-text":
                if (child.text(deep=False) or "").strip():
                    out.append("#text")
            elif tag and not tag.startswith("-") and tag not in _NOT_CONTENT \
                    and not self.doc.facts(child).hidden_self and child.mem_id not in self.owner:
                if self._ignored(child):
                    self._collect(child, out, top=False)
                else:
                    out.append(child)
            child = child.next


def _aria_busy_inside(el: LexborNode) -> bool:
    cur: LexborNode | None = el
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        if (attr(cur, "aria-busy") or "").strip().lower() == "true":
            return True
        cur = cur.parent
    return False


def _owned_ok(tree: _AccTree, child: LexborNode | str, allowed: dict[str, frozenset[str] | None]) -> str:
    """"" when ``child`` may be owned under ``allowed``; else its role (or "text")."""
    if isinstance(child, str):
        return "text"
    role = tree.role(child)
    if role not in allowed:
        return role or (child.tag or "")
    inner = allowed[role]
    if inner is None:
        return ""
    nested = {**dict.fromkeys(inner), role: inner}  # a group may hold groups of the same items
    for grandchild in tree.children(child):
        why = _owned_ok(tree, grandchild, nested)
        if why:
            return why
    return ""


# ---------------------------------------------------------------- the ARIA rules
@rule("674b10", title="Role attribute has valid value", title_th="แอตทริบิวต์ role มีค่าที่ถูกต้อง", wcag="4.1.2")
def role_attribute_valid(doc: ActDocument) -> RuleOutcome:
    """Applies to every ``role`` attribute that is not empty nor only whitespace, on an HTML or
    SVG element that is not hidden; expects at least one token to be a non-abstract WAI-ARIA
    role (ARIA 1.2, DPUB-ARIA, Graphics ARIA). Without a browser: hidden from markup only."""
    targets = []
    for el, facts in doc.items:
        value = facts.attrs.get("role")
        if value is None or _blank(value) or facts.tag in _NOT_CONTENT or doc.in_math(facts) or doc.acc.is_hidden(el):
            continue
        ok = any(tok in ARIA_ROLES for tok in (value or "").lower().split())
        targets.append((el, "" if ok else f'role="{value}" has no valid WAI-ARIA role'))
    return _tally("674b10", targets)


def _in_math(node: LexborNode) -> bool:
    cur: LexborNode | None = node
    while cur is not None:
        if cur.tag == "math":
            return True
        cur = cur.parent
    return False


@rule("6a7281", title="ARIA state or property has valid value",
      title_th="สถานะหรือคุณสมบัติ ARIA มีค่าที่ถูกต้อง", wcag="4.1.2")
def aria_value_valid_rule(doc: ActDocument) -> RuleOutcome:
    """Applies to every WAI-ARIA state or property with a non-empty value on an HTML or SVG
    element (hidden ones included; MathML not); expects the value to be valid for its value type
    (true/false, tristate, integer, number, token, token list); ID references need not exist.
    Nothing needs a browser here."""
    targets = []
    for el, facts in doc.items:
        if ARIA_ATTRIBUTES.isdisjoint(facts.attrs):
            continue  # no state or property to look at
        for name, value in facts.attrs.items():
            if name in ARIA_ATTRIBUTES and value and not doc.in_math(facts):
                ok = aria_value_valid(name, value)
                targets.append((el, "" if ok else f'{name}="{value}" is not a valid value'))
    return _tally("6a7281", targets)


@rule("5c01ea", title="ARIA state or property is permitted", title_th="สถานะหรือคุณสมบัติ ARIA ได้รับอนุญาตบนบทบาทนั้น",
      wcag="4.1.2")
def aria_state_permitted(doc: ActDocument) -> RuleOutcome:
    """Applies to every WAI-ARIA state or property on an element in the accessibility tree;
    expects it to be global, supported or required by the element's semantic role, or allowed on
    the HTML element by ARIA in HTML, and not prohibited on the role (aria-label/labelledby on
    generic, paragraph, none, …). Without a browser: roles from markup, hidden from markup."""
    targets = []
    for el, facts in doc.exposed_items:
        for name in facts.attrs:
            if name in ARIA_ATTRIBUTES:
                targets.append((el, aria_attribute_allowed(el, name, facts.role)))
    for el, facts in doc.items:  # SVG content elements are in the accessibility tree too
        if ARIA_ATTRIBUTES.isdisjoint(facts.attrs):
            continue  # no state or property to look at
        if doc.in_foreign(facts) and not doc.in_math(facts) and not doc.acc.is_hidden(el):
            role = facts.explicit
            for name in facts.attrs:
                if name in ARIA_ATTRIBUTES:
                    targets.append((el, aria_attribute_allowed(el, name, role or "graphics-symbol")
                                    if role else ""))
    return _tally("5c01ea", targets)


@rule("4e8ab6", title="Element with role attribute has required states and properties",
      title_th="องค์ประกอบที่มี role มีสถานะและคุณสมบัติที่จำเป็นครบ", wcag="4.1.2")
def role_required_states(doc: ActDocument) -> RuleOutcome:
    """Applies to elements in the accessibility tree with an explicit role that differs from
    their implicit role; expects the role's required states and properties (those without an
    implicit value) to be set and not empty. Without a browser: hidden from markup."""
    targets = []
    for el, facts in doc.exposed_items:
        explicit, role = facts.explicit, facts.role
        if not explicit or explicit != role or explicit == implicit_of(facts.tag, facts.attrs):
            continue
        required = list(REQUIRED_STATES.get(role, ()))
        if role == "separator" and facts.focusable:
            required.append("aria-valuenow")
        missing = [n for n in required if _blank(facts.attrs.get(n))]
        targets.append((el, f"role {role} without {', '.join(missing)}" if missing else ""))
    return _tally("4e8ab6", targets)


@rule("in6db8", title="ARIA required ID references exist", title_th="ID ที่ ARIA อ้างอิงถึงมีอยู่จริง", wcag="1.3.1")
def aria_required_id_references(doc: ActDocument) -> RuleOutcome:
    """Applies to ``aria-controls`` on an HTML element that is an expanded combobox
    (``aria-expanded="true"``) or a scrollbar; expects at least one of its IDs to be an element
    of the same document. Without a browser: script-made shadow trees are not seen (their IDs do
    not count, as they would not in the light tree)."""
    targets = []
    for el, facts in doc.items:
        attrs = facts.attrs
        if "aria-controls" not in attrs or doc.in_foreign(facts):
            continue
        role = facts.role
        expanded = (attrs.get("aria-expanded") or "").strip().lower() == "true"
        if (role == "combobox" and expanded) or role == "scrollbar":
            ids = attrs["aria-controls"].split()
            ok = any(_lookup(doc, i) is not None for i in ids)
            targets.append((el, "" if ok else "aria-controls refers to no element of the page"))
    return _tally("in6db8", targets)


@rule("6cfa84", title="Element with aria-hidden has no content in sequential focus navigation",
      title_th="องค์ประกอบที่มี aria-hidden ไม่มีเนื้อหาที่รับโฟกัสด้วยแป้น Tab", wcag="1.3.1, 4.1.2")
def aria_hidden_no_focusable(doc: ActDocument) -> RuleOutcome:
    """Applies to every element with ``aria-hidden="true"``; expects no inclusive descendant to be
    focusable and in sequential focus navigation. Without a browser: focusability from markup
    (see :func:`in_sequential_focus`); an element whose focus handler moves focus elsewhere (a
    modal's focus sentinel, read from inline ``onfocus`` or script text) is not counted."""
    redirected = _focus_redirected(doc)
    targets = []
    for el, facts in doc.items:
        if "aria-hidden" not in facts.attrs:
            continue
        if (facts.attrs.get("aria-hidden") or "").strip().lower() != "true" or facts.tag in _NOT_CONTENT:
            continue
        bad = next((d for d in el.css("*") if d.mem_id not in redirected and doc.in_sequential_focus(d)), None)
        targets.append((el, f"contains focusable {start_tag(bad, 80)}" if bad is not None else ""))
    return _tally("6cfa84", targets)


@rule("307n5z", title="Element with presentational children has no focusable content",
      title_th="องค์ประกอบที่ลูกเป็นแบบนำเสนอไม่มีเนื้อหาที่รับโฟกัสได้", wcag="1.3.1, 4.1.2")
def presentational_children_no_focusable(doc: ActDocument) -> RuleOutcome:
    """Applies to HTML and SVG elements whose semantic role has presentational children (button,
    checkbox, img, tab, slider, …); expects no descendant in sequential focus navigation.
    Without a browser: focusability from markup (see :func:`in_sequential_focus`)."""
    targets = []
    for el, facts in doc.items:
        if facts.role not in PRESENTATIONAL_CHILDREN and facts.explicit not in PRESENTATIONAL_CHILDREN:
            continue  # whichever of the two applies, it has no presentational children
        if facts.tag in _NOT_CONTENT or doc.in_math(facts):
            continue
        role = facts.role if not doc.in_foreign(facts) else facts.explicit
        if role in PRESENTATIONAL_CHILDREN:
            bad = None if el.child is None else next(  # no child: no descendant to look at
                (d for d in el.css("*") if d != el and doc.in_sequential_focus(d)), None)
            targets.append((el, f"{role} contains focusable {start_tag(bad, 80)}" if bad is not None else ""))
    return _tally("307n5z", targets)


@rule("ff89c9", title="ARIA required context role", title_th="บทบาท ARIA อยู่ในบริบทที่กำหนด", wcag="1.3.1")
def aria_required_context(doc: ActDocument) -> RuleOutcome:
    """Applies to elements in the accessibility tree with an explicit ARIA 1.2 role that has a
    required context role (listitem, option, row, tab, menuitem, …) and differs from their
    implicit role; expects their parent in the accessibility tree to have one of those roles.
    Without a browser: the tree is approximated (see :class:`_AccTree`); script-made shadow trees
    are not seen."""
    tree = doc.acc_tree()
    targets = []
    for el, facts in doc.exposed_items:
        explicit, role = facts.explicit, facts.role
        if explicit != role or role not in REQUIRED_CONTEXT or explicit == implicit_of(facts.tag, facts.attrs):
            continue
        parent = tree.parent(el)
        prole = tree.role(parent) if parent is not None else ""
        ok = prole in REQUIRED_CONTEXT[role]
        targets.append((el, "" if ok else f"{role} not inside {' or '.join(sorted(REQUIRED_CONTEXT[role]))}"
                                          f" (parent role: {prole or 'none'})"))
    return _tally("ff89c9", targets)


@rule("bc4a75", title="ARIA required owned elements", title_th="บทบาท ARIA มีองค์ประกอบลูกตามที่กำหนด", wcag="1.3.1")
def aria_required_owned(doc: ActDocument) -> RuleOutcome:
    """Applies to elements in the accessibility tree with an explicit ARIA 1.2 role that has
    required owned elements (list, menu, grid, tablist, …), unless inside ``aria-busy="true"``;
    expects every element they own (children in the accessibility tree) to have one of the
    required owned roles. Without a browser: the tree is approximated (see :class:`_AccTree`);
    text directly inside counts as an owned element without such a role."""
    tree = doc.acc_tree()
    targets = []
    for el, facts in doc.exposed_items:
        role = facts.role
        if facts.explicit != role or role not in REQUIRED_OWNED or _aria_busy_inside(el):
            continue
        allowed = REQUIRED_OWNED[role]
        whys = [w for w in (_owned_ok(tree, c, allowed) for c in tree.children(el)) if w]
        targets.append((el, f"{role} owns {whys[0]}" if whys else ""))
    return _tally("bc4a75", targets)


# ---------------------------------------------------------------- more accessible names
@rule("m6b1q3", title="Menuitem has non-empty accessible name", title_th="รายการเมนูมีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง",
      wcag="4.1.2")
def menuitem_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to HTML elements with the semantic role menuitem in the accessibility tree;
    expects a non-empty accessible name. Without a browser: hidden from markup, no CSS content."""
    return _tally("m6b1q3", ((el, "" if doc.name(el) else "menuitem without an accessible name")
                             for el, _tag, role in doc.exposed if role == "menuitem"))


_SVG_NAMED = frozenset({"img", "graphics-document", "graphics-symbol"})


@rule("7d6734", title="SVG element with explicit role has non-empty accessible name",
      title_th="องค์ประกอบ SVG ที่กำหนด role มีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง", wcag="1.1.1")
def svg_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to SVG elements (``svg`` and its content) with an explicit role img,
    graphics-document or graphics-symbol in the accessibility tree; expects a non-empty
    accessible name (aria-labelledby, aria-label, a ``title`` child, the ``title`` attribute;
    text content does not name an image). Without a browser: hidden from markup."""
    targets = []
    for el, facts in doc.items:
        tag = facts.tag
        if facts.explicit not in _SVG_NAMED or not (tag == "svg" or doc.in_foreign(facts)) or doc.in_math(facts):
            continue
        if doc.acc.is_hidden(el):
            continue
        name = doc.name(el)
        if not name and tag != "svg":
            title = next((c for c in _element_children(el) if c.tag == "title"), None)
            name = (title.text(deep=True) or "").strip() if title is not None else ""
        targets.append((el, "" if name else f"{tag} role={doc.explicit(el)} without an accessible name"))
    return _tally("7d6734", targets)


@rule("2t702h", title="Summary element has non-empty accessible name",
      title_th="องค์ประกอบ summary มีชื่อที่เข้าถึงได้ซึ่งไม่ว่าง", wcag="4.1.2")
def summary_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to ``summary`` elements in the accessibility tree that are the summary of their
    parent ``details`` (its first ``summary`` child) and have no explicit role, or one ignored
    (none/presentation on the focusable summary); expects a non-empty accessible name (from
    aria-labelledby, aria-label, content or title; the ``::marker`` is not counted)."""
    targets = []
    for el, tag, _role in doc.exposed:
        if tag != "summary" or doc.explicit(el) not in ("", "none", "presentation"):
            continue
        parent = el.parent
        if parent is None or parent.tag != "details" or next(
                (c for c in _element_children(parent) if c.tag == "summary"), None) != el:
            continue
        name = doc.name(el) or doc.acc.from_content(el)
        targets.append((el, "" if name else "summary without an accessible name"))
    return _tally("2t702h", targets)


@rule("8fc3b6", title="Object element rendering non-text content has non-empty accessible name",
      title_th="องค์ประกอบ object ที่แสดงเนื้อหาที่ไม่ใช่ข้อความมีชื่อที่เข้าถึงได้", wcag="1.1.1")
def object_has_name(doc: ActDocument) -> RuleOutcome:
    """Applies to ``object`` elements in the accessibility tree without an explicit role that
    embed an image, audio or video resource; expects a non-empty accessible name (aria-labelledby,
    aria-label, title; not the fallback content, not ``alt``). Without a browser: the MIME type
    comes from the ``type`` attribute, else from the ``data`` URL's file extension."""
    targets = []
    for el, tag, _role in doc.exposed:
        if tag != "object" or doc.explicit(el) or _blank(doc.attrs(el).get("role")) is False:
            continue
        if not _embeds_media(el):
            continue
        targets.append((el, "" if doc.name(el) else "object without an accessible name"))
    return _tally("8fc3b6", targets)


_MEDIA_EXT = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|ico|avif|mp3|wav|ogg|oga|m4a|aac|flac|mp4|m4v|webm|ogv|mov)"
                        r"(?:[?#].*)?$", re.I)


def _embeds_media(el: LexborNode) -> bool:
    mime = (attr(el, "type") or "").strip().lower()
    if mime:
        return mime.split("/")[0] in ("image", "audio", "video")
    return bool(_MEDIA_EXT.search((attr(el, "data") or "").strip()))


@rule("46ca7f", title="Element marked as decorative is not exposed",
      title_th="องค์ประกอบที่ระบุว่าเป็นของตกแต่งไม่ถูกเปิดเผยต่อเทคโนโลยีสิ่งอำนวยความสะดวก", wcag="1.1.1")
def decorative_not_exposed(doc: ActDocument) -> RuleOutcome:
    """Applies to elements marked as decorative (explicit role none/presentation, or ``img``
    with ``alt=""`` and no explicit role); expects them not to be in the accessibility tree or to
    keep the role none/presentation (a global ARIA attribute or focusability overrides it).
    ACT maps this rule to no WCAG requirement; govlens files it under 1.1.1 (decorative images).
    Without a browser: hidden from markup."""
    targets = []
    for el, facts in doc.items:
        tag, explicit = facts.tag, facts.explicit
        marked = explicit in ("none", "presentation") or (tag == "img" and facts.attrs.get("alt") == "" and not explicit)
        if not marked or tag in _NOT_CONTENT or doc.in_math(facts):
            continue
        if doc.acc.is_hidden(el):
            targets.append((el, ""))
            continue
        role = facts.role
        targets.append((el, "" if role in ("none", "presentation")
                        else f"marked decorative but exposed as {role or tag}"))
    return _tally("46ca7f", targets)


@rule("bisz58", title="Meta element has no refresh delay (no exception)",
      title_th="แท็ก meta ไม่รีเฟรชหรือเปลี่ยนหน้าแบบหน่วงเวลา (ไม่มีข้อยกเว้น)", wcag="2.2.1, 2.2.4, 3.2.5")
def meta_refresh_no_delay_strict(doc: ActDocument) -> RuleOutcome:
    """Applies to the first ``meta http-equiv=refresh`` with a valid ``content``; expects its
    time to be 0 (no exception for long delays)."""
    for meta in doc.metas:
        content = attr(meta, "content")
        if (attr(meta, "http-equiv") or "").strip().lower() == "refresh" and content is not None:
            t = refresh_time(content)
            if t is not None:
                return _tally("bisz58", [(meta, "" if t == 0 else f"refreshes or redirects after {t} seconds")])
    return RuleOutcome("bisz58")


# ---------------------------------------------------------------- autocomplete
# HTML autofill field names (the "correct autocomplete field" tokens) and those a contact
# token (home, work, mobile, fax, pager) may precede.
AUTOFILL_FIELDS = frozenset("""
name honorific-prefix given-name additional-name family-name honorific-suffix nickname username new-password
current-password one-time-code organization-title organization street-address address-line1 address-line2
address-line3 address-level4 address-level3 address-level2 address-level1 country country-name postal-code
cc-name cc-given-name cc-additional-name cc-family-name cc-number cc-exp cc-exp-month cc-exp-year cc-csc
cc-type transaction-currency transaction-amount language bday bday-day bday-month bday-year sex url photo
tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix tel-local-suffix tel-extension
email impp
""".split())
_CONTACT_FIELDS = frozenset({"email", "impp"})
_WIDGET_ROLES = frozenset("""
button checkbox gridcell link menuitem menuitemcheckbox menuitemradio option progressbar radio scrollbar
searchbox separator slider spinbutton switch tab tabpanel textbox treeitem combobox grid listbox menu menubar
radiogroup tablist tree treegrid
""".split())


def autocomplete_valid(value: str) -> bool:
    """Whether an ``autocomplete`` value is a valid autofill detail token list: [section-*]
    [shipping|billing] [home|work|mobile|fax|pager before email/impp/tel*] field [webauthn]."""
    tokens = value.lower().split()
    i = 0
    if i < len(tokens) and tokens[i].startswith("section-"):
        i += 1
    if i < len(tokens) and tokens[i] in ("shipping", "billing"):
        i += 1
    if i < len(tokens) and tokens[i] in ("home", "work", "mobile", "fax", "pager"):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if not (nxt in _CONTACT_FIELDS or nxt == "tel" or nxt.startswith("tel-")):
            return False
        i += 1
    if i >= len(tokens) or tokens[i] not in AUTOFILL_FIELDS:
        return False
    i += 1
    if i < len(tokens) and tokens[i] == "webauthn":
        i += 1
    return i == len(tokens)


def _disabled_element(el: LexborNode) -> bool:
    """Disabled (ACT "disabled element"): ``disabled`` on a form control or an ancestor fieldset,
    or ``aria-disabled="true"`` on it or an ancestor."""
    cur: LexborNode | None = el
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        if (attr(cur, "aria-disabled") or "").strip().lower() == "true":
            return True
        if cur is el and attr(cur, "disabled") is not None and (cur.tag or "") in (
                "input", "select", "textarea", "button"):
            return True
        if cur is not el and cur.tag == "fieldset" and attr(cur, "disabled") is not None:
            return True
        cur = cur.parent
    return False


@rule("73f2c2", title="Autocomplete attribute has valid value", title_th="แอตทริบิวต์ autocomplete มีค่าที่ถูกต้อง",
      wcag="1.3.5")
def autocomplete_valid_rule(doc: ActDocument) -> RuleOutcome:
    """Applies to ``input``, ``select`` and ``textarea`` with a non-blank ``autocomplete`` that is
    not just ``on``/``off``, except disabled ones (``disabled`` or ``aria-disabled``), inputs of a
    fixed-value type (button, checkbox, file, image, radio, reset, submit), hidden ones, and ones
    out of the focus order whose role is not a widget; expects a valid autofill token list.
    Without a browser: hidden and focusability from markup."""
    targets = []
    for el, facts in doc.items:
        tag = facts.tag
        if tag not in ("input", "select", "textarea"):
            continue
        value = facts.attrs.get("autocomplete")
        if _blank(value) or doc.in_foreign(facts):
            continue
        tokens = (value or "").lower().split()
        if tokens in (["on"], ["off"]) or _disabled_element(el):
            continue
        if tag == "input" and input_type(el) in ("button", "checkbox", "file", "image", "radio", "reset",
                                                  "submit", "hidden"):
            continue
        if doc.not_rendered(el) and doc.acc.is_hidden(el):
            continue
        if not doc.in_sequential_focus(el) and doc.role(el) not in _WIDGET_ROLES:
            continue
        targets.append((el, "" if autocomplete_valid(value or "") else f'autocomplete="{value}" is not valid'))
    return _tally("73f2c2", targets)


# ---------------------------------------------------------------- element language
@rule("de46e4", title="Element with lang attribute has valid language tag",
      title_th="องค์ประกอบที่มีแอตทริบิวต์ lang ใช้รหัสภาษาที่ถูกต้อง", wcag="3.1.2")
def element_lang_valid(doc: ActDocument) -> RuleOutcome:
    """Applies to HTML elements in ``body`` (inclusive) with a non-empty ``lang`` that some
    non-blank text inherits its language from (text nodes that are visible or in the
    accessibility tree, and accessible names from attributes such as ``alt``, up to the next
    element with its own non-empty ``lang``); expects a known primary language subtag.
    Without a browser: visible = not hidden by markup or inline style (off-screen text counts)."""
    if not doc.is_html_page:
        return RuleOutcome("de46e4", note=doc.page_note)
    body = doc.tree.body
    targets = []
    if body is None:
        return RuleOutcome("de46e4")
    for el in (body, *body.css("[lang]")):
        lang = attr(el, "lang")
        if not lang or doc.in_foreign(el) or not self_text_inherits(doc, el):
            continue
        targets.append((el, "" if primary_language_valid(lang) else f'lang="{lang}" is not a valid language tag'))
    return _tally("de46e4", targets)


def self_text_inherits(doc: ActDocument, el: LexborNode) -> bool:
    """Whether some non-blank text inherits its programmatic language from ``el``."""
    stack = [el]
    while stack:
        node = stack.pop()
        if node is not el and attr(node, "lang"):
            continue  # it sets its own language
        if (node.tag or "") in _NOT_CONTENT or (node.tag or "") in ("noscript", "template"):
            continue
        rendered = not doc.not_rendered(node)
        exposed = not doc.acc.is_hidden(node)
        if not rendered and not exposed:
            continue
        attrs = doc.attrs(node)
        if exposed and (attrs.get("alt") or attrs.get("aria-label") or attrs.get("aria-labelledby")
                        or attrs.get("title")) \
                and doc.name(node):
            return True
        child = node.child
        while child is not None:
            tag = child.tag or ""
            if tag == "-text":
                if (child.text(deep=False) or "").strip():
                    return True
            elif tag and not tag.startswith("-"):
                stack.append(child)
            child = child.next
    return False


# ---------------------------------------------------------------- tables
_CELL_ROLES = frozenset({"cell", "gridcell", "columnheader", "rowheader"})
_TABLE_ROLES = frozenset({"table", "grid", "treegrid"})


def _closest(el: LexborNode, pred: Callable[[LexborNode], bool]) -> LexborNode | None:
    cur = el.parent
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        if pred(cur):
            return cur
        cur = cur.parent
    return None


def _is(node: LexborNode | None, other: LexborNode) -> bool:
    """``node == other`` for a ``node`` at or below ``other`` (its closest table or row): lexbor's
    ``==`` compares serialised HTML unless both are the same node, and an element's HTML always
    differs from its descendants' (it holds theirs), so identity decides without serialising."""
    return node is not None and node.mem_id == other.mem_id


def _span(el: LexborNode, name: str) -> int:
    v = (attr(el, name) or "").strip()
    return max(1, min(int(v), 1000)) if v.isdigit() and int(v) > 0 else 1


def table_grid(table: LexborNode) -> list[tuple[LexborNode, int, int, int, int]]:
    """``(cell, row, column, rowspan, colspan)`` of each cell of an HTML ``table`` (its own rows,
    not a nested table's) or of an ARIA table/grid (role row / cell roles), with HTML's slot
    placement for ``rowspan``/``colspan`` (spans end with the table's rows; past 5000 spanned rows
    in all, further row spans count as 1)."""
    is_html = table.tag == "table"
    if is_html:
        rows = [tr for tr in table.css("tr") if _is(_closest(tr, lambda n: n.tag == "table"), table)]
    else:
        rows = [r for r in table.css('[role]') if explicit_role(r) == "row"
                and _is(_closest(r, lambda n: explicit_role(n) in _TABLE_ROLES or n.tag == "table"), table)]
    taken: dict[int, list[tuple[int, int]]] = {}  # row -> column ranges [start, end) already spanned
    budget = 5000  # rows a table's row spans may cover in all
    out = []
    for r, row in enumerate(rows):
        if is_html:
            cells = [c for c in _element_children(row) if c.tag in ("td", "th")]
        else:
            cells = [c for c in row.css("*") if explicit_role(c) in _CELL_ROLES
                     and _is(_closest(c, lambda n: explicit_role(n) == "row"), row)]
        col, spans, i = 0, sorted(taken.pop(r, ())), 0
        for cell in cells:
            while i < len(spans) and spans[i][1] <= col:
                i += 1
            while i < len(spans) and spans[i][0] <= col:  # skip slots spanned from rows above
                col = max(col, spans[i][1])
                i += 1
            rs, cs = (_span(cell, "rowspan"), _span(cell, "colspan")) if is_html else (1, 1)
            rs = min(rs, len(rows) - r, max(1, budget))  # a row span ends with the table's rows
            budget -= rs - 1  # pathological row spans (thousands of rows each) count as 1 once it is spent
            for dr in range(1, rs):
                taken.setdefault(r + dr, []).append((col, col + cs))
            out.append((cell, r, col, rs, cs))
            col += cs
    return out


def cell_role(cell: LexborNode, in_grid: bool) -> str:
    """The semantic role of a table cell: its explicit role, else for ``th`` the ``scope``
    (row/rowgroup → rowheader, col/colgroup → columnheader) or, without one, rowheader when its
    row has a ``td`` and columnheader otherwise; ``td`` is a cell (gridcell in a grid)."""
    explicit = explicit_role(cell)
    if explicit:
        return explicit
    if cell.tag == "td":
        return "gridcell" if in_grid else "cell"
    scope = (attr(cell, "scope") or "").strip().lower()
    if scope in ("row", "rowgroup"):
        return "rowheader"
    if scope in ("col", "colgroup"):
        return "columnheader"
    return "rowheader" if cell.parent is not None and any(
        c.tag == "td" for c in _element_children(cell.parent)) else "columnheader"


@rule("a25f45", title="Headers attribute specified on a cell refers to cells in the same table element",
      title_th="แอตทริบิวต์ headers ของเซลล์อ้างถึงเซลล์ในตารางเดียวกัน", wcag="1.3.1")
def headers_refer_to_cells(doc: ActDocument) -> RuleOutcome:
    """Applies to ``headers`` attributes on cells of an HTML ``table`` that is visible, in the
    accessibility tree and has the semantic role table, grid or treegrid; expects every token to
    be the id of a cell of the same table, and none the cell's own id. Without a browser:
    visible per :func:`not_visible` (markup, inline styles, simple class rules of the page)."""
    targets = []
    for table in doc.tree.css("table"):
        if doc.acc.is_hidden(table) or doc.not_visible(table) or doc.role(table) not in _TABLE_ROLES:
            continue
        grid = doc.grid(table)
        ids = {attr(c, "id") for c, *_ in grid if attr(c, "id")}
        for cell, *_ in grid:
            headers = attr(cell, "headers")
            if headers is None:
                continue
            tokens = headers.split()
            own = attr(cell, "id")
            if own and own in tokens:
                why = "headers refers to the cell itself"
            else:
                missing = [t for t in tokens if t not in ids]
                why = f"headers refers to {', '.join(missing)}, not a cell of this table" if missing else ""
            targets.append((cell, why))
    return _tally("a25f45", targets)


@rule("d0f69e", title="Table header cell has assigned cells", title_th="เซลล์หัวตารางมีเซลล์ที่อยู่ภายใต้", wcag="1.3.1")
def header_cell_has_cells(doc: ActDocument) -> RuleOutcome:
    """Applies to visible rowheader/columnheader cells in the accessibility tree whose closest
    table or grid is in the accessibility tree; expects at least one cell assigned to it: a cell
    whose ``headers`` names it, or (without ``headers``) a cell below a column header in its
    columns or right of a row header in its rows. Without a browser: HTML's table model with
    the header roles of :func:`cell_role`; visible per :func:`not_visible`."""
    targets = []
    for table, facts in doc.items:
        if facts.role not in _TABLE_ROLES:
            continue
        role = facts.role if not doc.in_foreign(facts) else ""
        if role not in ("table", "grid", "treegrid") or doc.acc.is_hidden(table):
            continue
        grid = doc.grid(table)
        roles = {c.mem_id: cell_role(c, role != "table") for c, *_ in grid}
        for h, hr, hc, hrs, hcs in grid:
            hrole = roles[h.mem_id]
            if hrole not in ("rowheader", "columnheader") or doc.acc.is_hidden(h) or doc.not_visible(h):
                continue
            hid = attr(h, "id")
            assigned = False
            for c, r, col, rs, cs in grid:
                if c.mem_id == h.mem_id or roles[c.mem_id] not in _CELL_ROLES:
                    continue
                headers = attr(c, "headers") if table.tag == "table" else None
                if headers is not None:
                    hit = bool(hid) and hid in headers.split()
                elif hrole == "columnheader":
                    hit = r > hr and col < hc + hcs and hc < col + cs
                else:
                    hit = col > hc and r < hr + hrs and hr < r + rs
                if hit:
                    assigned = True
                    break
            targets.append((h, "" if assigned else f"{hrole} with no cell assigned to it"))
    return _tally("d0f69e", targets)


# ---------------------------------------------------------------- text spacing in style attributes
_DEFAULT_FONT_PX = 16.0
_VIEWPORT_PX = 1280.0
_LEN = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(px|em|rem|%|pt)?$")


def _decls(style: str) -> list[tuple[str, str, bool]]:
    """``(property, value, important)`` of a style attribute, in order."""
    out = []
    for decl in style.split(";"):
        k, sep, v = decl.partition(":")
        if sep:
            v = v.strip().lower()
            important = bool(re.search(r"!\s*important\s*$", v))
            out.append((k.strip().lower(), re.sub(r"!\s*important\s*$", "", v).strip(), important))
    return out


class _Styles:
    """A tiny cascade for ``font-size``, ``letter-spacing``, ``word-spacing`` and ``line-height``:
    the element's ``style`` attribute, rules of the page's ``<style>`` elements whose selector is
    a bare tag name, inheritance, ``inherit``/``unset``/``initial``. Lengths in px/em/rem/%/pt;
    anything else (calc(), var(), other selectors) is not seen."""

    def __init__(self, doc: ActDocument) -> None:
        self.sheet: dict[str, list[tuple[str, str, bool]]] = {}
        for sel, body in doc.style_rules():
            for tag in sel.split(","):
                tag = tag.strip().lower()
                if re.fullmatch(r"[a-z][a-z0-9]*", tag):
                    self.sheet.setdefault(tag, []).extend(_decls(body))
        self._font: dict[int, float] = {}
        self._prop: dict[tuple[int, str], tuple[float, str, bool, bool]] = {}

    def _declared(self, el: LexborNode, prop: str) -> tuple[str, bool, bool] | None:
        """(value, important, from the style attribute) cascaded for ``prop`` on ``el``."""
        own = [(v, imp) for k, v, imp in _decls(attr(el, "style") or "") if k == prop]
        sheet = [(v, imp) for k, v, imp in self.sheet.get(el.tag or "", []) if k == prop]
        own_imp = [v for v, imp in own if imp]
        if own_imp:
            return own_imp[-1], True, True
        sheet_imp = [v for v, imp in sheet if imp]
        if sheet_imp:
            return sheet_imp[-1], True, False
        if own:
            return own[-1][0], False, True
        if sheet:
            return sheet[-1][0], False, False
        return None

    def font_size(self, el: LexborNode | None) -> float:
        if el is None or el.tag in (None, "-undef", "#document"):
            return _DEFAULT_FONT_PX
        got = self._font.get(el.mem_id)
        if got is not None:
            return got
        parent = self.font_size(el.parent)
        size = parent
        d = self._declared(el, "font-size")
        if d is not None:
            m = _LEN.match(d[0])
            if m:
                n, unit = float(m.group(1)), m.group(2) or "px"
                size = {"px": n, "em": n * parent, "%": n * parent / 100, "rem": n * _DEFAULT_FONT_PX,
                        "pt": n * 4 / 3}[unit]
        self._font[el.mem_id] = size
        return size

    def computed(self, el: LexborNode | None, prop: str) -> tuple[float, str, bool, bool]:
        """(value, "px" or "factor", important, declared in a style attribute)."""
        if el is None or el.tag in (None, "-undef", "#document"):
            return self._initial(prop, False)
        key = (el.mem_id, prop)
        got = self._prop.get(key)
        if got is not None:
            return got
        d = self._declared(el, prop)
        if d is None or d[0] in ("inherit", "unset"):
            out = self.computed(el.parent, prop)
        elif d[0] == "initial" or d[0] == "normal":
            out = (*self._initial(prop, d[1])[:3], d[2])
        else:
            value, important, in_attr = d
            m = _LEN.match(value)
            fs = self.font_size(el)
            if not m:
                out = (*self._initial(prop, important)[:3], in_attr)
            else:
                n, unit = float(m.group(1)), m.group(2)
                if unit is None and prop == "line-height":
                    out = (n, "factor", important, in_attr)
                else:
                    px = {"px": n, "em": n * fs, "%": n * fs / 100, "rem": n * _DEFAULT_FONT_PX,
                          "pt": n * 4 / 3, None: n}[unit]
                    out = (px, "px", important, in_attr)
        self._prop[key] = out
        return out

    @staticmethod
    def _initial(prop: str, important: bool) -> tuple[float, str, bool, bool]:
        return (1.2, "factor", important, False) if prop == "line-height" else (0.0, "px", important, False)


def _own_text(el: LexborNode) -> str:
    parts = []
    child = el.child
    while child is not None:
        if child.tag == "-text":
            parts.append(child.text(deep=False) or "")
        child = child.next
    return " ".join("".join(parts).split())


def _wraps(el: LexborNode, styles: _Styles) -> bool:
    """Whether the element's text likely wraps onto a second line: its estimated width (0.5 em a
    character) exceeds the narrowest ``width``/``max-width`` in px on it or an ancestor, else the
    width of a 1280 px viewport."""
    text = " ".join((el.text(deep=True) or "").split())
    width = len(text) * 0.5 * styles.font_size(el)
    limit = _VIEWPORT_PX
    cur: LexborNode | None = el
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        for k, v, _imp in _decls(attr(cur, "style") or ""):
            m = _LEN.match(v)
            if k in ("width", "max-width") and m and (m.group(2) or "px") == "px":
                limit = min(limit, float(m.group(1)))
        cur = cur.parent
    return width > limit


def _spacing(doc: ActDocument, rule_id: str, prop: str, factor: float) -> RuleOutcome:
    if not any(prop in style for style in doc.important_styles()):
        return RuleOutcome(rule_id)  # no style attribute declares it !important: nothing applies
    styles = doc.styles()
    targets = []
    for el, facts in doc.items:
        if facts.tag in _NOT_CONTENT or not _own_text(el):
            continue
        value, kind, important, in_attr = styles.computed(el, prop)
        if not (important and in_attr) or doc.in_foreign(el) or doc.not_visible(el):
            continue
        if prop == "line-height" and not _wraps(el, styles):
            continue
        fs = styles.font_size(el)
        px = value * fs if kind == "factor" else value
        ok = px >= factor * fs - 1e-6
        targets.append((el, "" if ok else f"{prop} {px:g}px is less than {factor:g} × the font size ({fs:g}px)"))
    return _tally(rule_id, targets)


@rule("24afc2", title="Important letter spacing in style attributes is wide enough",
      title_th="ระยะห่างตัวอักษรที่บังคับใน style กว้างพอ", wcag="1.4.12")
def letter_spacing_wide_enough(doc: ActDocument) -> RuleOutcome:
    """Applies to HTML elements with visible text-node children whose ``letter-spacing`` is
    declared ``!important`` in a ``style`` attribute (on them or inherited); expects it to be at
    least 0.12 × the font size. Without a browser: the small cascade of :class:`_Styles`;
    visible per :func:`not_visible`."""
    return _spacing(doc, "24afc2", "letter-spacing", 0.12)


@rule("78fd32", title="Important line height in style attributes is wide enough",
      title_th="ความสูงบรรทัดที่บังคับใน style กว้างพอ", wcag="1.4.12")
def line_height_wide_enough(doc: ActDocument) -> RuleOutcome:
    """Applies to HTML elements with visible text-node children whose text wraps and whose
    ``line-height`` is declared ``!important`` in a ``style`` attribute (on them or inherited);
    expects it to be at least 1.5 × the font size (``normal`` is taken as 1.2). Without a
    browser: the cascade of :class:`_Styles`; wrapping estimated by :func:`_wraps`."""
    return _spacing(doc, "78fd32", "line-height", 1.5)


@rule("9e45ec", title="Important word spacing in style attributes is wide enough",
      title_th="ระยะห่างคำที่บังคับใน style กว้างพอ", wcag="1.4.12")
def word_spacing_wide_enough(doc: ActDocument) -> RuleOutcome:
    """Applies to HTML elements with visible text-node children whose ``word-spacing`` is
    declared ``!important`` in a ``style`` attribute (on them or inherited); expects it to be at
    least 0.16 × the font size. Without a browser: the cascade of :class:`_Styles`."""
    return _spacing(doc, "9e45ec", "word-spacing", 0.16)


# ---------------------------------------------------------------- iframes and visible labels
@rule("akn7bn", title="Iframe with interactive elements is not excluded from tab-order",
      title_th="iframe ที่มีองค์ประกอบโต้ตอบได้ไม่ถูกตัดออกจากลำดับแป้น Tab", wcag="2.1.1")
def iframe_interactive_in_tab_order(doc: ActDocument) -> RuleOutcome:
    """Applies to ``iframe`` elements that are not inert and whose document has a visible
    element in sequential focus navigation; expects no negative ``tabindex`` on the iframe.
    Without a browser: only ``srcdoc`` documents are read (an iframe loaded from ``src`` is not
    fetched: inapplicable); an iframe rendered 1×1 px or smaller, hidden, or inside ``inert``
    shows nothing; scripts that change ``tabIndex`` or open modal dialogs are not run."""
    targets = []
    for el, facts in doc.items:
        if facts.tag != "iframe" or doc.in_foreign(facts) or doc.not_visible(el) or _inert(el):
            continue
        if any(_tiny(attr(el, d)) for d in ("width", "height")):
            continue
        srcdoc = attr(el, "srcdoc")
        if not srcdoc:
            continue
        inner = ActDocument.from_html(srcdoc)
        if not any(inner.in_sequential_focus(d) and not inner.not_visible(d) for d in inner.elements):
            continue
        tabindex = (attr(el, "tabindex") or "").strip()
        negative = bool(re.fullmatch(r"[+-]?\d+", tabindex)) and int(tabindex) < 0
        targets.append((el, "iframe with focusable content has a negative tabindex" if negative else ""))
    return _tally("akn7bn", targets)


def _tiny(value: str | None) -> bool:
    m = _LEN.match((value or "").strip())
    return bool(m) and (m.group(2) or "px") == "px" and float(m.group(1)) <= 1


def _inert(el: LexborNode) -> bool:
    cur: LexborNode | None = el
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        if attr(cur, "inert") is not None:
            return True
        cur = cur.parent
    return False


_WIDGET_NAME_FROM_CONTENT = frozenset("""
button checkbox gridcell link menuitem menuitemcheckbox menuitemradio option radio switch tab treeitem
doc-backlink doc-biblioref doc-glossref doc-noteref
""".split())


def _visible_text(doc: ActDocument, el: LexborNode) -> str:
    """The visible text content: text nodes of the element and its descendants that are not
    hidden by markup or inline style (aria-hidden text is still visible), in document order."""
    parts: list[str] = []
    stack: list[LexborNode | str] = [el]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if (item.tag or "") in _NOT_CONTENT or doc.not_rendered(item):
            continue
        kids: list[LexborNode | str] = []
        child = item.child
        while child is not None:
            if child.tag == "-text":
                kids.append(child.text(deep=False) or "")
            elif child.tag and not child.tag.startswith("-"):
                kids.append(child)
            child = child.next
        stack.extend(reversed(kids))
    return " ".join(" ".join(parts).split())


def _icon_font(doc: ActDocument, el: LexborNode) -> bool:
    """Text drawn in an icon font (a ``font-family`` naming "icon" in the element's inline style
    or in a page ``<style>`` rule for its tag or one of its classes)."""
    styles = doc.styles()
    cur: LexborNode | None = el
    classes: set[str] = set()
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        for k, v, _imp in _decls(attr(cur, "style") or "") + styles.sheet.get(cur.tag or "", []):
            if k == "font-family" and "icon" in v:
                return True
        classes.update((attr(cur, "class") or "").split())
        cur = cur.parent
    selectors = doc.icon_font_selectors()
    return any("." + c in selectors for c in classes)


@rule("2ee8b8", title="Visible label is part of accessible name",
      title_th="ข้อความที่มองเห็นเป็นส่วนหนึ่งของชื่อที่เข้าถึงได้", wcag="2.5.3")
def visible_label_in_name(doc: ActDocument) -> RuleOutcome:
    """Applies to elements whose semantic role is a widget that supports name from content
    (link, button, checkbox, menuitem, tab, …), with visible text content and an ``aria-label``
    or ``aria-labelledby``; expects the visible text (case and whitespace aside) to be contained
    in the accessible name, except text standing for non-text content (a single symbol such as
    "X", text in an icon font). Without a browser: visible = not hidden by markup or inline style."""
    targets = []
    for el, facts in doc.exposed_items:
        if facts.role not in _WIDGET_NAME_FROM_CONTENT or ("aria-label" not in facts.attrs
                                                           and "aria-labelledby" not in facts.attrs):
            continue  # (the element's attributes as read once, not lexbor's new dict of them twice)
        text = _visible_text(doc, el)
        if not text:
            continue
        if len(text) == 1 or _icon_font(doc, el):
            targets.append((el, ""))
            continue
        name = " ".join(doc.name(el).split()).lower()
        ok = text.lower() in name
        targets.append((el, "" if ok else f'visible label "{text[:60]}" is not in the accessible name "{name[:60]}"'))
    return _tally("2ee8b8", targets)


# ---------------------------------------------------------------- orientation
_ANGLE_UNITS = {"deg": 1.0, "rad": 180 / 3.141592653589793, "grad": 0.9, "turn": 360.0}
_ROTATING = re.compile(r"\b(rotate|rotatez|rotate3d|matrix|matrix3d)\s*\(([^)]*)\)", re.I)


def _angle(text: str) -> float | None:
    m = re.fullmatch(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(deg|rad|grad|turn)?\s*", text, re.I)
    if not m:
        return None
    n = float(m.group(1))
    return n * _ANGLE_UNITS[(m.group(2) or "deg").lower()] if m.group(2) or n == 0 else None


def z_rotation(prop: str, value: str) -> float | None:
    """The rotation around the Z axis, in degrees, of a ``transform`` (rotate, rotateZ, rotate3d
    about z, matrix, matrix3d; summed) or ``rotate`` value; None when it does not rotate."""
    if prop == "rotate":
        parts = value.split()
        if not parts or parts[0] == "none":
            return None
        if len(parts) == 1:
            return _angle(parts[0])
        if len(parts) == 2 and parts[0] == "z":
            return _angle(parts[1])
        if len(parts) == 4:
            try:
                x, y, z = (float(p) for p in parts[:3])
            except ValueError:
                return None
            a = _angle(parts[3])
            return (a * (1 if z > 0 else -1)) if a is not None and x == y == 0 and z else 0.0
        return None
    total, found = 0.0, False
    for fn, args in _ROTATING.findall(value):
        fn = fn.lower()
        vals = [a.strip() for a in args.split(",")]
        if fn in ("rotate", "rotatez") and len(vals) == 1:
            a = _angle(vals[0])
        elif fn == "rotate3d" and len(vals) == 4:
            try:
                x, y, z = (float(v) for v in vals[:3])
            except ValueError:
                continue
            a = _angle(vals[3])
            a = (a * (1 if z > 0 else -1)) if a is not None and x == y == 0 and z else 0.0
        elif fn in ("matrix", "matrix3d") and len(vals) in (6, 16):
            try:
                a = math.degrees(math.atan2(float(vals[1]), float(vals[0])))
            except ValueError:
                continue
        else:
            continue
        if a is not None:
            total, found = total + a, True
    return total if found else None


_MEDIA = re.compile(r"@media([^{]*)\{", re.I)
_ORIENTATION = re.compile(r"orientation\s*:\s*(portrait|landscape)", re.I)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _orientation_rules(css: str) -> list[tuple[str, str, str, str]]:
    """``(orientation or "", selector, property, value)`` of the rotate/transform declarations
    in a stylesheet: those inside ``@media (orientation: …)`` blocks and at the top level."""
    out: list[tuple[str, str, str, str]] = []
    css = _COMMENT.sub("", css)
    pos = 0
    while pos < len(css):
        m = _MEDIA.search(css, pos)
        chunk_end = m.start() if m else len(css)
        out += [("", s, p, v) for s, p, v in _decl_rules(css[pos:chunk_end])]
        if not m:
            break
        depth, i = 1, m.end()
        while i < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        o = _ORIENTATION.search(m.group(1))
        if o:
            out += [(o.group(1).lower(), s, p, v) for s, p, v in _decl_rules(css[m.end():i - 1])]
        pos = i
    return out


def _decl_rules(css: str) -> list[tuple[str, str, str]]:
    out = []
    for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for k, v, _imp in _decls(body):
            if k in ("transform", "rotate"):
                out.append((sel.strip(), k, v))
    return out


@rule("b33eff", title="Orientation of the page is not restricted using CSS transforms",
      title_th="ไม่จำกัดการวางแนวหน้าจอด้วย CSS transform", wcag="1.3.4")
def orientation_not_restricted(doc: ActDocument) -> RuleOutcome:
    """Applies to visible HTML elements with a ``rotate`` or a rotating ``transform`` (rotate,
    rotateZ, rotate3d, matrix, matrix3d) applied under ``@media (orientation: portrait|landscape)``;
    expects its Z rotation in one orientation not to differ by 90° (mod 180°) from the other
    (the rule outside the media block, or the other orientation's, else none). Without a browser:
    the page's own ``<style>`` elements, selectors matched by lexbor, the last declaration of a
    selector wins; specificity is not weighed."""
    sheets = [_COMMENT.sub("", text) for text in doc.style_texts()]
    if not any(_ORIENTATION.search(css) for css in sheets):
        return _tally("b33eff", [])  # no orientation media query anywhere: nothing applies
    rules: list[tuple[str, str, str, str]] = []
    for css in sheets:
        rules += _orientation_rules(css)
    targets: dict[int, tuple[LexborNode, dict[str, float]]] = {}
    for orientation, sel, prop, value in rules:
        angle = z_rotation(prop, value)
        try:
            matched = doc.tree.css(sel)
        except Exception:  # a selector lexbor does not take
            continue
        for el in matched:
            if doc.in_foreign(el):
                continue
            entry = targets.setdefault(el.mem_id, (el, {}))
            angles = entry[1]
            if angle is not None:
                angles[orientation or "+"] = angle  # "+": outside any orientation media block
    out = []
    for el, angles in targets.values():
        if not (set(angles) & {"portrait", "landscape"}) or doc.not_visible(el):
            continue
        base = angles.get("+", 0.0)
        portrait, landscape = angles.get("portrait", base), angles.get("landscape", base)
        diff = abs((portrait - landscape) % 180 - 90)
        out.append((el, f"rotated {portrait - landscape:g}° between portrait and landscape" if diff < 1 else ""))
    return _tally("b33eff", out)


# ---------------------------------------------------------------- running them
def document_outcomes(doc: ActDocument, rule_ids: Iterable[str] | None = None) -> dict[str, RuleOutcome]:
    """Each rule's outcome on ``doc`` (every rule, in :data:`RULES` order, unless ``rule_ids``)."""
    out: dict[str, RuleOutcome] = {}
    for rid in (RULES if rule_ids is None else rule_ids):
        fn = RULES[rid].fn
        if fn is None:
            raise ValueError(f"ACT rule {rid} has no function")
        out[rid] = fn(doc)
    return out


def tree_outcomes(tree: LexborHTMLParser, source: str | None = None) -> dict[str, RuleOutcome]:
    """Every rule's outcome on a tree already parsed (once per page) by the evidence layer;
    ``source``: the html it was parsed from, if at hand (see :class:`ActDocument`)."""
    return document_outcomes(ActDocument(tree, source))


@lru_cache(maxsize=8)
def outcomes(html: str) -> dict[str, RuleOutcome]:
    """Every rule's outcome on one document (cached: the checks of one page share it)."""
    return document_outcomes(ActDocument.from_html(html))


def act_report(html: str, url: str = "") -> dict[str, dict[str, Any]]:
    """Per ACT rule id: outcome (passed | failed | inapplicable), targets, and failing elements."""
    report = {}
    for rid, out in outcomes(html or "").items():
        d = out.to_dict()
        if url:
            for f in d["failed"]:
                f["url"] = url
        report[rid] = d
    return report


# ---------------------------------------------------------------- data
# ISO 639-1 codes (and the registry's deprecated iw, in, ji, jw, mo, sh).
_LANG2 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv
dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie
ig ii ik in io is it iu iw ja ji jv jw ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln
lo lt lu lv mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi
pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())

# ISO 639-3 codes without a 639-1 equivalent and ISO 639-5 collections, grouped by their first two
# letters ("aa:abc" is aaa, aab, aac) — the three-letter primary language subtags of the IANA registry.
_LANG3_PACKED = """
aa:abcdefghiklnopqstuvwxz ab:abcdefghijlmnopqrstuvwxyz ac:abdefhiklmnpqrstuvwxyz
ad:abdefghijlnoqrstuwxyz ae:abcdeklmnqrsuwyz af:abdeghiknopstuz ag:abcdefghijklmnoqrstuvwxyz
ah:abghiklmnoprst ai:abcdefghijklmnopqrtwxy aj:aginpsuwz ak:bcdefghijklmopqrstuvwxyz
al:acdefghijklmnopqrstuvwxyz am:abcefgijklmnopqrstuvwxyz an:abcdefghijklmnopqrstuvwxyz
ao:abcdefgijklmnrstuxz ap:abcdefghijklmnopqrstuvwxyz aq:acdgklmnprtz ar:bcdehijklnopqrstuvwxyz
as:abcefghijklnopqrstuvwxyz at:abcdeghijklmnopqrstuvwxyz au:abcdfghijklmnopqrstuwxyz
av:bdiklmnostuv aw:abcdeghikmnorstuvwxy ax:begklmx ay:abcdeghiklnopqrstuz az:abcdgjmnotz
ba:abcdefghijlnoprstuvwxy bb:abcdefghijklmnopqrstuvwxy bc:abcdefghijklmnopqrstuvwyz
bd:abcdefghijklmnopqrstuvwxyz be:abcdefghijkmopqrstuvwxyz bf:abcdefghijklmnopqrstuwxyz
bg:abcdefgijklnopqrstuvwxyz bh:abcdefghijlmnopqrstuvwxyz bi:abdefghklmnopqrtuvwxyz
bj:abcefghijklmnoprstuvwxyz bk:acdfghijklmnopqrstuvwxyz bl:abcdefhijklmnopqrstvwxyz
bm:abcdefghijklmnopqrstuvwxz bn:abcdefgijklmnopqrstuvwxyz bo:abefghijklmnopqrtuvwxyz
bp:acdeghijklmnopqrstuvwxyz bq:abcdfghijklmnopqrstuvwxyz br:abcdfghijklmnopqrstuvwxyz
bs:abcefghijklmnopqrstuvwxy bt:acdefghijkmnopqrstuvwxyz bu:abcdefghijkmnopqstuvwxyz
bv:abcdefghijklmnopqrtuvwxyz bw:abcdefghijklmnopqrstuwxyz bx:abcdefghijklmnopqrsuvwz
by:abcdefghijklmnopqrstvwxz bz:abcdefghijklmnopqrstuvwxyz ca:abcdefghijklmnopqrsuvwxyz
cb:abcdgijklnoqrstuvwy cc:cdeghjlmnoprs cd:acdefhijmnorsyz ce:abgklnty cf:adgm cg:acgk
ch:bcdfghjklmnopqrtwxyz ci:abcdehkmnprwy cj:aehikmnopsvy ck:bhlmnoqrstuvxyz cl:acdehijklmotuwy
cm:acegilmnorst cn:abcghiklopqrstuwx co:abcdefghjklmnopqtuvwxz cp:abcefginopsuxy cq:d
cr:abcdfghijklmnopqrstvwxyz cs:abcdefghijklmnopqrstuvwxyz ct:acdeghlmnopstuyz
cu:abchijklopqrstuvwxy cv:gn cw:abdegt cy:abo cz:hknot da:acdeghijklmoqrsuvwxyz
db:abdefgijlmnopqrtuvwy dc:cr dd:adegijnorsw de:cdefghiklmnpqrsvz dg:abcdeghiklnorstwxz
dh:dgilmnorsuvwx di:abcdfghijklmnopqrsuwxyz dj:abcdefijkmnoruw dk:agkrsx dl:gkmn
dm:abcdefgklmnorsuvwxy dn:adegijknortuvwy do:abcefhiklnopqrstvwxyz dp:p dr:abcdegilnoqstuy
ds:behilnoqz dt:abdhikmnoprstuy du:abcefghiklmnopqrsuvwxyz dv:a dw:akrsuwyz dy:abdgimnouy
dz:aegln ea:a eb:cgkoru ec:rsy ee:e ef:aei eg:almoxy eh:su ei:ptv ej:a ek:aegiklmopry
el:ehikmoux em:abegikmnpqsuwxyz en:abcdfhlmnoqruvwx eo:t ep:i er:aghikorstw es:eghiklmnoqsuxy
et:bchnorstuxz eu:q ev:ehn ew:o ex:t ey:ao ez:ae fa:abdfghijklmnprtuxyz fb:l fc:s fe:r ff:im
fg:r fi:aeflprtuw fk:kv fl:ahilnry fm:pu fn:bgi fo:dimnrsx fp:e fq:s fr:cdkmopqrst fs:els
fu:bcdefhijmnqrtuvy fv:r fw:ae ga:abcdefghijklmnopqrstuwxyz gb:abdefghijklmnopqrsuvwxyz
gc:cdeflnrt gd:abcdefghijklmnoqrstux ge:abcdfghijklmqsvwxyz gf:kt gg:abdegkltuw gh:acehklnorst
gi:abcdeghilmnpqrstuwxyz gj:kmnru gk:adenopu gl:bcdhjkloruwy gm:abdeghlmnqruvwxyz
gn:abcdeghijklmnoqrtuwz go:abcdefghijklmnopqrstuvwxyz gp:aen gq:ainru gr:abcdghijkmoqrstuvwxyz
gs:eglmnopsw gt:au gu:abcdefghiklmnopqrstuwxz gv:acefjlmnoprsy gw:abcdefgijmnrtuwx gx:x
gy:abdefgilmnoryz gz:ain ha:abcdefghijklmnopqrsvwxyz hb:abnou hc:ah hd:nsy he:adghim hg:mw
hh:iry hi:abdfghijklortwx hj:i hk:aehkns hl:abdetu hm:abcdefghijklmnpqrstuvwxyz hn:adeghijnosu
ho:abcdehijklmoprstvwyz hp:os hr:acekmoptuwxz hs:bhlns ht:iosux hu:bcdefghijklmopqrstuvwxyz
hv:ceknv hw:aco hy:awx ia:inr ib:abdeghlmnruy ic:ahlr id:abcdeirstu if:abefkmuy ig:beglmnosw
ih:bipw ii:nr ij:cejnos ik:eikloprstvwxz il:abgikmopsuv im:ailnorsty in:bceghjlmnopstz io:ruw
ip:io iq:uw ir:aehiknoruxy is:acdeghikmnortu it:bcdeiklmorstvwxyz iu:m iv:bv iw:kmos ix:cl
iy:aox iz:hrz ja:abcdefhjklmnoqstuxyz jb:eijkmnortuw jc:st jd:agt je:behiklnrtu jg:beko jh:is
ji:abcdeghilmoqtuvy jj:er jk:amoprsu jl:es jm:abcdilnrswx jn:adgijls jo:bdgrsw jp:arx jq:r
jr:abrtu js:l ju:abcdhiklmnoprstuwy jv:dn jw:i jy:aey ka:abcdefghijkmopqrvwxy
kb:abcdeghijklmnopqrstuvwxyz kc:abcdefghijklmnopqrstuvwxyz kd:acdefghijklmnopqrtuwxyz
ke:abcdefghijklmnopqrstuvwxyz kf:abcdefghijklmnopqrstuvwxyz kg:abefgijklmnopqrstuvwxy
kh:abcdefghijklnopqrstuvwxyz ki:abcdefghijlmopqstuvwxyz kj:abcdeghijklmnopqrstuvxyz
kk:abcdefghijklmnopqrstuvwxyz kl:abcdefghijklmnopqrstuvwxyz km:abcdefghijklmnopqrstuvwxyz
kn:abcdefgijklmnopqrstuvwxyz ko:acdefghiklopqstuvwyz kp:abcdefghijklmnoqrstuvwxyz
kq:abcdefghijklmnopqrstuvwxyz kr:abcdefhijklnoprstuvwxyz ks:abcdefghijklmnopqrstuvwxyz
kt:abcdefghijklmnopqstuvwxyz ku:bcdefghijklmnopqstuvwxyz kv:abcdefghijklmnopqrtuvwxyz
kw:abcdefghijklmnoprstuvwxyz kx:abcdfhijkmnopqrstvwxyz ky:abcdefghijklmnopqrstuvwxyz
kz:abcdefgiklmnopqrsuvwxyz la:abcdefghijlmnpqrsuwxyz lb:bcefgijklmnoqrstuvwxyz lc:cdefhlmpqs
ld:abdghijklmnopq le:abcdefhijklmnopqrstuvwxyz lf:an lg:abghiklmnoqrtuz lh:ahilmnpstu
li:abcdefghjklopqrsuvwxyz lj:aeilpwx lk:abcdehijlmnorstuy ll:abcdefghijklmnpqsux
lm:abcdefghijklnopqruvwxy ln:abdghijlmnsuwz lo:abcefghijklmnopqrstuvwxyz lp:aenox lq:r
lr:acegiklmnortvz ls:abcdehilmnoprstvwy lt:cghinosu lu:acdefijklmnopqrstuvwyz lv:aiksu
lw:aeghlmostuw lx:m ly:agn lz:hlnz ma:abdefgijkmnpqstuvwxz mb:abcdefhijklmnopqrstuvwxyz
mc:abcdefghijklmnopqrstuvwxyz md:abcdefghijklmnpqrstuvwxyz me:abcdefhijklmnopqrstuvwyz
mf:abcdefghijklmnopqrstuvwxyz mg:abcdefghijklmnopqrstuvwyz mh:abcdefgijklmnopqrstuwxyz
mi:abcdefghijklmnopqrstuwxyz mj:bcdeghijklmnopqrstuvwxyz mk:abcefghijklmnopqrstuvwxyz
ml:abcefhijklmnopqrsuvwxz mm:abcdefghijklmnopqrtuvwxyz mn:abcdefghijklmnopqrsuvwxyz
mo:acdeghijkmopqrstuvwxyz mp:abcdeghijklmnopqrstuvwxyz mq:abcefghijklmnopqrstuvwxyz
mr:abcdefghjklmnopqrstuvwxyz ms:bcdefghijklmnopqrsuvwxyz mt:abcdefghijklmnopqrstuvwxy
mu:abcdeghijklmnopqrstuvxyz mv:abdefghiklnopqrstuvwxyz mw:abcefghiklmnopqrstuvwz
mx:abcdefghijklmnopqrstuvwxyz my:bcefghjklmnoprsuvwxyz mz:abcdeghijklmnopqrstuvwxyz
na:abcefghijklmnopqrstwxyz nb:abcdeghijkmnopqrstuvwy nc:abcdefghijklmnoqrstuxz
nd:abcdfghijklmnpqrstuvwxyz ne:abcdefghijkmnoqrstuvwxyz nf:adlru ng:abcdefghijklmnpqrstuvwxyz
nh:abcdefghikmnopqrtuvwxyz ni:abcdefghijklmnoqrstuvwxyz nj:abdhijlmnorstuxyz
nk:abcdefghijkmnopqrstuvwxz nl:acegijklmoquvwxyz nm:abcdefghijklmnopqrstuvwxyz
nn:abcdefghijklmnpqrtuvwyz no:acdefghijklmnpqstuvwyz np:abghilnosuxy nq:gklmnoqty
nr:abcefgiklmnprtuxz ns:abcdefghiklmnopqrstuvwxyz nt:degijkmopruwxyz
nu:abcdefghijklmnopqrstuvwxyz nv:hmo nw:abcegimorwxy nx:adegiklmnoqrx
ny:bcdefghijklmnopqrstuvwxy nz:abdikmsuyz oa:acrv ob:iklmortu oc:ahmou od:aktu of:osu og:bcegou
oh:tu oi:aen oj:bcgpsvw ok:abcdeghijklmnorsuvxz ol:adekmortu om:abcgiklnopqrtuvwxy
on:abegijknoprstuwx oo:dgnrs op:akmoty or:aceghnorstuvwxyz os:acinoptux ot:abdeiklmnoqrstuwxyz
ou:abeim ov:d ow:il oy:bdmy oz:m pa:abcdefghiklmopqrsuvwxyz pb:bcefghilmnoprstuvy
pc:abcdefghijklmnpw pd:acinotu pe:abdefghijklmopqsvxyz pf:ael pg:adgiklnsuz ph:adghijklmnoqrtuvw
pi:abcdefghjlmnoprstuvwxyz pj:t pk:abcghnoprstu pl:abcdefghjklnoqrstuvwyz
pm:abdefhijklmnoqrstwxyz pn:abcdeghijklmnopqrstuvwxyz po:cefghikmnopqstvwxyz pp:eiklmnopqstu
pq:aemw pr:acdefghiklmnopqrstuwxz ps:acdeghilmnopqrstuwy pt:ahinopqrtuvwy pu:abcdefgijmopqrtuwxy
pw:abgimnorw px:m py:emnsuxy pz:hn qu:abcdfghiklmnpqrsvwxyz qv:acehijlmnopswyz qw:acehmst
qx:achlnopqrstuw qy:ap ra:abcdfghijklmnopqrstuvwxyz rb:bklp rc:f rd:b re:abegijlmnrsty
rg:aeknrsu rh:gp ri:abflmnrtu rj:gis rk:abhimtw rm:abcdefghiklmnopqstuvwxyz rn:bdglnprw
ro:abcdefglmopruw rp:nt rr:iot rs:bklmn rt:chmsw ru:bcefghikopqtuyz rw:aklmor rx:dw ry:nsu rz:h
sa:abcdefhijklmoqrstuvwxyz sb:abcdefghijklmnopqrstuvwxyz sc:befghiklnopqstuvwx
sd:abcefghjklnopqrstuvxz se:abcdefghijklmnopqrstuvwyz sf:bemsw sg:abcdeghijkmnprstuwxyz
sh:abcdeghijklmnopqrstuvwxyz si:abdefghijklmopqrstuvwxyz sj:abdegklmnoprstuw
sk:abcdefghijmnopqrstuvwxyz sl:acdefghijlmnpqrstuwxyz sm:abcfghijklmnpqrstuvwxyz
sn:cefgijklmnopqrsuvwxyz so:abcdeghijklnopqrsuvwxyz sp:bcdegiklmnopqrstuvxy sq:ahjkmnoqrstux
sr:abcefghiklmnoqrstuvwxyz ss:abcdefghijklmnopqrstuvxyz st:abdefghijklmnopqrstuvwy
su:abcegijkoqrstvwxyz sv:abcekmsx sw:bcfghijklmnopqrstuvwxy sx:bcegklmnorsuw sy:abcdiklmnorswxy
sz:abcdeglnpsvwy ta:abcdefgijklnopqrsuvwxyz tb:acdefghijklmnopqrstuvwxyz
tc:abcdefghiklmnopqstuwxyz td:abcdefghijklmnoqrstvxy te:abcdefghikmnopqrstuvwxyz tf:inort
tg:abcdefhijnopqrstuvwxyz th:defhiklmnpqrstuvyz ti:acfghijklmnopqstuvwxyz tj:agijlmnopsuw
tk:abdefglmnpqrstuvwxz tl:abcdfghijklmnopqrstuvxy tm:abcdefghijklmnoqrstuvwyz
tn:abcdghiklmnopqrstuvwxyz to:bcdfghijklmopqrsuvwxyz tp:acefgijklmnopqrtuvwxyz tq:blmnopqrtuw
tr:abcdefghijklmnopqrstuvwxyz ts:abcdeghijklmpqrstuvwxyz tt:abcdefghijklmnopqrstuvwyz
tu:abcdefghijlmnopqstuvwxyz tv:adeklmnostuwxy tw:abcdefghlmnopqrtuwxy tx:abceghijmnoqrstuxy
ty:aehijlnprstuvxyz tz:ahjlmnox ua:mnr ub:ailruy ud:aegijlmu ue:s uf:i ug:abehnoy uh:an ui:sv
uj:i uk:aghiklpqsuvwy ul:abcefiklmnuw um:abcdgimnoprsu un:adegikmnruxz uo:n up:iv
ur:abcefghijklmnoprtuvwxyz us:ahikpsu ut:aehpru uu:mru uv:ehl uw:a uy:a uz:ns
va:aefghijlmnoprsuvy vb:bk ve:cdlmopr vg:rt vi:cdfglnstv vk:ajklmnoptuz vl:ps
vm:abcdefghijklmpqrsuvwxyz vn:kmp vo:rt vr:aost vs:ilv vt:o vu:mnt vw:a
wa:abcdefghijklmnopqrstuvwxyz wb:abefhijklmpqrstvw wc:ai wd:dgjktuy we:acdghimnoprstuw wf:g
wg:abgiouy wh:agku wi:bcefghijklmnruvy wj:ai wk:abdlruwy wl:aceghiklmorsuvwxy wm:abcdeghimnostwx
wn:bcdegikmnopuwy wo:abcdefgikmnorswy wp:c wr:bghiklmnoprsuvwxyz ws:agikrsuv wt:fhikmw
wu:abdhlmnrtuvxy ww:aborw wx:aw wy:bimnry xa:abcdegijklmnopqrstuvwy xb:bcdegijmnoprwy
xc:bceghlmnortuvwy xd:ackmoqy xe:bdglmprstu xf:a xg:abdfgilmnruw xh:acdemrtuv xi:bilnrsvy xj:bt
xk:abcdefgijklnopqrstuvwxyz xl:abcdeginopsuy xm:abcdefghjklmnopqrstuvwxyz xn:abdghijkmnoqrstuyz
xo:cdgikmnoprw xp:abcdefghijklmnopqrstuvwxyz xq:at xr:abdegimnrtuw xs:abcdehijlmnopqrsuvy
xt:abcdeghijlmnopqrstuvwy xu:abdgjlmnoprtu xv:einos xw:acdegjklortw xx:bkmrt xy:abjklty xz:hmp
ya:abcdefghijklmnopqrstuvwxyz yb:abehijklmnoxy yc:hlnp yd:adegk ye:aceijlrstuvy yg:ailmprsuw
yh:adls yi:afghijklmnpqrstuvxz yk:agiklmnortuy yl:abegilmnoruy ym:bcdeghiklmnopqrsxz
yn:adegklnoqsu yo:bgiklmntxy yp:abghkmnopz yr:abeklmnoswy ys:cdglmnoprsy yt:alpwy
yu:abcdefgijklmnpqrtwxyz yv:at yw:aglnqrtuw yx:aglmuy yy:ruz yz:gk za:abcdefghijklmopqrstuvwxyz
zb:aceltuw zc:adh zd:j ze:aghn zg:abhmnr zh:bdinwx zi:abklmnwz zk:abdghknoprtuvz zl:aejmnqsw
zm:abcdefghijklmnopqrstuvwxyz zn:adegks zo:chmoqrs zp:abcdefghijklmnopqrstuvwxyz zq:e zr:agnops
zs:aklmru zt:eglmnpqstuxy zu:ahmny zw:a zx:x zy:bgjnp zz:aj
"""

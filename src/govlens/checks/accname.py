"""Accessible names for the static DOM: W3C accname 1.2 with the HTML-AAM host-language rules.

Works on selectolax (lexbor) nodes. What a browser would need a layout for is approximated from
the markup: "hidden" is the ``hidden`` attribute, ``aria-hidden="true"``, ``display:none`` or
``visibility:hidden`` in an inline ``style``, an ``<input type=hidden>`` and elements that are
never rendered (script, style, template, noscript, head). Stylesheets are not evaluated, and no
CSS generated content (``::before``) is seen.

The steps of the computation (accname 1.2 §4.3.2):

* 2A hidden nodes give ""; unless the traversal started at a hidden node that was referenced by
  ``aria-labelledby`` or is a ``<label>``, whose hidden content then counts.
* 2B ``aria-labelledby`` (not followed again inside such a traversal), each reference computed
  from its own aria-label or content; an empty result falls through (1.2).
* 2C an embedded control inside a label gives its value (textbox: value; select: the chosen
  option; range: aria-valuetext / aria-valuenow / value), ignoring its aria-label.
* 2C ``aria-label`` when not blank.
* 2D the host language: ``<label for>`` / wrapping ``<label>`` for labelable elements; ``alt``
  for img, area and ``input type=image``; ``value`` (then the default "Submit"/"Reset") for input
  buttons; ``<legend>``, ``<caption>``, ``<figcaption>``; ``<title>`` child of ``<svg>``.
  Skipped for presentational elements (role none/presentation).
* 2F name from content for roles that allow it and for every node reached by recursion.
* 2I the ``title`` attribute, then (HTML-AAM) ``placeholder`` for text fields.

The default name "Submit Query" of an image button is deliberately not produced: ACT rule
59796f treats it as no name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

ARIA_ROLES = frozenset("""
alert alertdialog application article banner blockquote button caption cell checkbox code columnheader
combobox comment complementary contentinfo definition deletion dialog directory document emphasis feed
figure form generic grid gridcell group heading img image insertion link list listbox listitem log main
mark marquee math menu menubar menuitem menuitemcheckbox menuitemradio meter navigation none note option
paragraph presentation progressbar radio radiogroup region row rowgroup rowheader scrollbar search
searchbox sectionfooter sectionheader separator slider spinbutton status strong subscript suggestion
superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem
graphics-document graphics-object graphics-symbol
doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography
doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication
doc-endnote doc-endnotes doc-epigraph doc-epilogue doc-errata doc-example doc-footnote doc-foreword
doc-glossary doc-glossref doc-index doc-introduction doc-noteref doc-notice doc-pagebreak doc-pagefooter
doc-pageheader doc-pagelist doc-part doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc
""".split())

# Roles whose name can come from their content (ARIA 1.2 "name from: contents").
NAME_FROM_CONTENT = frozenset("""
button cell checkbox columnheader gridcell heading link menuitem menuitemcheckbox menuitemradio option
radio row rowheader switch tab tooltip treeitem doc-backlink doc-biblioref doc-glossref doc-noteref
""".split())

# Global states and properties: their presence overrides role none/presentation (ARIA 1.2 §7.5).
GLOBAL_ARIA = frozenset("""
aria-atomic aria-braillelabel aria-brailleroledescription aria-busy aria-controls aria-current
aria-describedby aria-description aria-details aria-disabled aria-dropeffect aria-errormessage aria-flowto
aria-grabbed aria-haspopup aria-invalid aria-keyshortcuts aria-label aria-labelledby aria-live aria-owns
aria-relevant aria-roledescription
""".split())

_NEVER_RENDERED = frozenset({"script", "style", "template", "noscript", "head", "datalist"})
_LABELABLE = frozenset({"button", "input", "meter", "output", "progress", "select", "textarea"})
_TEXT_INPUTS = frozenset({"text", "search", "email", "tel", "url", "password", "number", ""})
_DISABLEABLE = frozenset({"button", "input", "select", "textarea", "optgroup", "option", "fieldset"})
_BLOCK = frozenset("""
address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3
h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr td th caption ul option legend
summary input select textarea button
""".split())
_INPUT_ROLES = {
    "button": "button", "submit": "button", "reset": "button", "image": "button",
    "checkbox": "checkbox", "radio": "radio", "range": "slider", "number": "spinbutton",
    "search": "searchbox", "email": "textbox", "tel": "textbox", "text": "textbox", "url": "textbox",
}
_INPUT_TYPES = frozenset({
    "hidden", "text", "search", "tel", "url", "email", "password", "date", "month", "week", "time",
    "datetime-local", "number", "range", "color", "checkbox", "radio", "file", "submit", "image", "reset",
    "button",
})
_TAG_ROLES = {
    "article": "article", "aside": "complementary", "blockquote": "blockquote", "button": "button",
    "caption": "caption", "code": "code", "datalist": "listbox", "del": "deletion", "details": "group",
    "dfn": "term", "dialog": "dialog", "em": "emphasis", "fieldset": "group", "figure": "figure",
    "footer": "contentinfo", "form": "form", "h1": "heading", "h2": "heading", "h3": "heading",
    "h4": "heading", "h5": "heading", "h6": "heading", "header": "banner", "hr": "separator",
    "ins": "insertion", "li": "listitem", "main": "main", "mark": "mark", "math": "math", "menu": "list",
    "meter": "meter", "nav": "navigation", "ol": "list", "optgroup": "group", "option": "option",
    "output": "status", "p": "paragraph", "progress": "progressbar", "search": "search", "strong": "strong",
    "sub": "subscript", "sup": "superscript", "svg": "graphics-document", "table": "table",
    "tbody": "rowgroup", "td": "cell", "textarea": "textbox", "tfoot": "rowgroup", "th": "columnheader",
    "thead": "rowgroup", "time": "time", "tr": "row", "ul": "list",
}
_RANGE_ROLES = frozenset({"slider", "spinbutton", "scrollbar", "progressbar", "meter"})
_EMBEDDED = frozenset({"textbox", "searchbox", "combobox", "listbox"}) | _RANGE_ROLES
_GENERIC_TAGS = frozenset({"div", "span", "b", "i", "u", "small", "s", "q", "samp", "bdi", "bdo", "data", "pre"})
_INTEGER = re.compile(r"[+-]?\d+")
_LABELABLE_SELECTOR = ", ".join(sorted(_LABELABLE))
_NAMED_BY_CHILD = {"fieldset": "legend", "table": "caption", "figure": "figcaption"}
_DEFAULT_BUTTON_NAMES = {"submit": "Submit", "reset": "Reset"}
# The elements the host language names (step 2D, :meth:`AccName._native`); others give "" there.
_NATIVE_NAMED = frozenset({"input", "img", "area", "svg"}) | _LABELABLE | frozenset(_NAMED_BY_CHILD)


def clean(text: str | None) -> str:
    """Whitespace collapsed and trimmed (str.split's whitespace is the regex ``\\s``'s)."""
    return " ".join(text.split()) if text else ""


Attrs = dict[str, str]  # an element's attributes, a valueless one as ""


def attrs_of(node: LexborNode) -> Attrs:
    """All attributes at once, as :func:`attr` reads them: ``node.attributes`` builds a new dict
    on every access, so the hot paths read this one (kept per element by :class:`AccName`)."""
    attrs = node.attributes
    if None in attrs.values():
        return {k: "" if v is None else v for k, v in attrs.items()}
    return attrs


def attr(node: LexborNode, name: str) -> str | None:
    """An attribute's value; "" for a valueless attribute, None when absent."""
    attrs = node.attributes
    if name not in attrs:
        return None
    v = attrs.get(name)
    return v if isinstance(v, str) else ""


def _style(node: LexborNode) -> dict[str, str]:
    return style_of(attr(node, "style"))


def style_of(raw: str | None) -> dict[str, str]:
    """The declarations of an inline ``style`` value, lower-cased, ``!important`` dropped."""
    if not raw:
        return {}
    out: dict[str, str] = {}
    for decl in raw.split(";"):
        k, sep, v = decl.partition(":")
        if sep:
            out[k.strip().lower()] = v.replace("!important", "").strip().lower()
    return out


def input_type(node: LexborNode) -> str:
    return type_of(attrs_of(node))


def type_of(attrs: Attrs) -> str:
    """An ``input``'s type state from its attributes (unknown types are "text")."""
    t = (attrs.get("type") or "").strip().lower()
    return t if t in _INPUT_TYPES else "text"


def explicit_role(node: LexborNode) -> str:
    """The first recognised token of ``role`` ("" when none); ``image`` is read as ``img``."""
    return explicit_of(attrs_of(node))


def explicit_of(attrs: Attrs) -> str:
    """:func:`explicit_role` from the attributes."""
    for token in (attrs.get("role") or "").lower().split():
        if token in ARIA_ROLES:
            return "img" if token == "image" else token
    return ""


def implicit_role(node: LexborNode) -> str:
    return implicit_of(node.tag or "", attrs_of(node))


def implicit_of(tag: str, attrs: Attrs) -> str:
    """:func:`implicit_role` from the tag name and attributes."""
    if tag in ("a", "area"):
        return "link" if "href" in attrs else ("generic" if tag == "a" else "")
    if tag == "input":
        t = type_of(attrs)
        if t == "hidden":
            return ""
        if "list" in attrs and t in ("text", "search", "email", "tel", "url"):
            return "combobox"
        return _INPUT_ROLES.get(t, "")
    if tag == "select":
        size = (attrs.get("size") or "").strip()
        multiple = "multiple" in attrs
        return "listbox" if multiple or (size.isdigit() and int(size) > 1) else "combobox"
    if tag == "img":
        return "presentation" if attrs.get("alt") == "" else "img"
    if tag == "section":
        return "region" if (attrs.get("aria-label") or attrs.get("aria-labelledby") or attrs.get("title")) else "generic"
    if tag in _GENERIC_TAGS:
        return "generic"
    return _TAG_ROLES.get(tag, "")


def is_disabled(node: LexborNode) -> bool:
    return disabled_of(node.tag or "", attrs_of(node))


def disabled_of(tag: str, attrs: Attrs) -> bool:
    return tag in _DISABLEABLE and "disabled" in attrs


def is_focusable(node: LexborNode) -> bool:
    """Focusable by default or by tabindex (sequentially or not), as the static DOM shows."""
    return focusable_of(node.tag or "", attrs_of(node))


def focusable_of(tag: str, attrs: Attrs) -> bool:
    """:func:`is_focusable` from the tag name and attributes."""
    tabindex = (attrs.get("tabindex") or "").strip()
    if tabindex and _INTEGER.fullmatch(tabindex) and not disabled_of(tag, attrs):
        return True
    if tag in ("a", "area") and "href" in attrs:
        return True
    if tag in ("button", "select", "textarea") and not disabled_of(tag, attrs):
        return True
    if tag == "input" and type_of(attrs) != "hidden" and not disabled_of(tag, attrs):
        return True
    if tag in ("iframe", "summary"):
        return True
    if tag in ("audio", "video") and "controls" in attrs:
        return True
    ce = attrs.get("contenteditable")
    return ce is not None and ce.strip().lower() != "false"


def has_global_aria(node: LexborNode) -> bool:
    return not GLOBAL_ARIA.isdisjoint(node.attributes)


def semantic_role(node: LexborNode) -> str:
    """The role a user agent exposes: explicit role, else implicit; none/presentation gives way
    to the implicit role on focusable elements or ones with global ARIA attributes (conflict
    resolution, ARIA 1.2 §7.5)."""
    tag, attrs = node.tag or "", attrs_of(node)
    return semantic_of(tag, attrs, explicit_of(attrs), focusable_of(tag, attrs))


def semantic_of(tag: str, attrs: Attrs, explicit: str, focusable: bool) -> str:
    """:func:`semantic_role` from the tag name, attributes, explicit role and focusability."""
    overridden = focusable or not GLOBAL_ARIA.isdisjoint(attrs)
    if explicit in ("none", "presentation"):
        if overridden:
            implicit = implicit_of(tag, attrs)
            return "img" if implicit == "presentation" else implicit
        return explicit
    if explicit:
        return explicit
    implicit = implicit_of(tag, attrs)
    if implicit == "presentation" and overridden:
        return "img"
    return implicit


def hidden_self(node: LexborNode) -> bool:
    """Hidden by its own markup (ancestors not considered; visibility treated as not inherited)."""
    hidden, visibility = own_hidden(node.tag or "", attrs_of(node))
    return hidden or visibility in ("hidden", "collapse")


def own_hidden(tag: str, attrs: Attrs) -> tuple[bool, str | None]:
    """(hidden by this element itself, the visibility it sets or None)."""
    if tag in _NEVER_RENDERED or "hidden" in attrs:
        return True, None
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True, None
    if tag == "input" and type_of(attrs) == "hidden":
        return True, None
    raw = attrs.get("style")
    if not raw:
        return False, None
    style = style_of(raw)
    if style.get("display") == "none":
        return True, None
    return False, style.get("visibility")


# Every attribute the role, focus and hidden functions above read (explicit_of, implicit_of,
# focusable_of, semantic_of, own_hidden): without any of them an element's facts are its tag's.
_FACT_ATTRS = frozenset("""
role tabindex href disabled type list size multiple alt aria-label aria-labelledby title controls
contenteditable hidden aria-hidden style
""".split()) | GLOBAL_ARIA


_T = TypeVar("_T")


def fold_down(memo: dict[int, _T], el: LexborNode, top: _T, step: Callable[[LexborNode, _T], _T]) -> _T:
    """``step`` folded from the document down to ``el`` (``top`` above the root element), each
    element's value remembered in ``memo``: walk up to the first element already known, then
    fill in downwards — every element of a page is computed once however it is reached."""
    path: list[LexborNode] = []
    cur: LexborNode | None = el
    value = top
    while cur is not None and cur.tag not in (None, "-undef", "#document"):
        known = memo.get(cur.mem_id)
        if known is not None:
            value = known
            break
        path.append(cur)
        cur = cur.parent
    for node in reversed(path):
        value = step(node, value)
        memo[node.mem_id] = value
    return value


@lru_cache(maxsize=4096)
def _tag_facts(tag: str) -> tuple[str, bool, str, tuple[bool, str | None]]:
    """(explicit role, focusable, semantic role, own hidden state) of a ``tag`` element without
    any of :data:`_FACT_ATTRS`."""
    focusable = focusable_of(tag, {})
    return explicit_of({}), focusable, semantic_of(tag, {}, explicit_of({}), focusable), own_hidden(tag, {})


class Facts:
    """What the name computation and the ACT rules ask of one element, read once."""

    __slots__ = ("attrs", "explicit", "focusable", "key", "own", "role", "tag")

    def __init__(self, node: LexborNode, key: int | None = None) -> None:
        tag = node.tag or ""
        attrs = node.attributes  # :func:`attrs_of`, inlined (one call per element of a page)
        if attrs and None in attrs.values():
            attrs = {k: "" if v is None else v for k, v in attrs.items()}
        self.key = node.mem_id if key is None else key
        self.tag = tag
        self.attrs = attrs
        if not attrs or _FACT_ATTRS.isdisjoint(attrs):  # most elements: only class, id, data-…; the tag decides
            self.explicit, self.focusable, self.role, self.own = _tag_facts(tag)
        else:
            self.explicit = explicit_of(attrs)
            self.focusable = focusable_of(tag, attrs)
            self.role = semantic_of(tag, attrs, self.explicit, self.focusable)
            self.own = own_hidden(tag, attrs)

    @property
    def hidden_self(self) -> bool:
        """:func:`hidden_self` of the element."""
        return self.own[0] or self.own[1] in ("hidden", "collapse")


class AccName:
    """Accessible-name computation over one parsed document. The document is not changed while
    it is named, so each element's :class:`Facts`, hidden state and accessible name are worked
    out once and remembered (keyed by ``mem_id``)."""

    def __init__(self, tree: LexborHTMLParser | LexborNode):
        root = tree.root if isinstance(tree, LexborHTMLParser) else tree
        self.root = root
        self.ids: dict[str, LexborNode] = {}
        self.labels_for: dict[str, list[LexborNode]] = {}
        self._facts: dict[int, Facts] = {}
        self._hidden: dict[int, bool] = {}
        self._chains: dict[int, tuple[bool, str | None]] = {}
        self._names: dict[int, str] = {}
        if root is None:
            return
        for el in root.css("[id]"):
            ident = attr(el, "id") or ""
            if ident and ident not in self.ids:
                self.ids[ident] = el
        for lab in root.css("label[for]"):
            self.labels_for.setdefault(attr(lab, "for") or "", []).append(lab)

    def facts(self, node: LexborNode) -> Facts:
        """The element's :class:`Facts` (read on first use)."""
        key = node.mem_id
        got = self._facts.get(key)
        if got is None:
            got = self._facts[key] = Facts(node, key)
        return got

    # ------------------------------------------------------------ hidden
    def is_hidden(self, node: LexborNode) -> bool:
        """Hidden itself or through an ancestor (display:none, hidden, aria-hidden, …);
        ``visibility`` is inherited unless a nearer element sets it again. Each element's
        answer is remembered, so a page's elements cost one walk up the tree in all."""
        key = node.mem_id
        got = self._hidden.get(key)
        if got is not None:
            return got
        chained, visibility = self._chain(node)
        hidden = chained or visibility in ("hidden", "collapse")
        self._hidden[key] = hidden
        return hidden

    def prime(self, elements: Sequence[LexborNode]) -> tuple[list[tuple[LexborNode, Facts]], list[bool]]:
        """``(element, its facts)`` and whether it is hidden, for ``elements``: one element and
        everything under it (its ``css("*")``), in document order; the answers are those of
        :meth:`facts` and :meth:`is_hidden`.

        Hidden state comes down from the few elements that set some (``hidden``,
        ``aria-hidden``, a ``style``, …): each passes its own to the elements under it, in
        document order, so the nearest ``visibility`` is the last one passed; no element asks
        its parent. Where nesting would make that costly, each element's state follows from
        its parent's instead (parents come first)."""
        facts_memo = self._facts
        pairs: list[tuple[LexborNode, Facts]] = []
        setters: list[tuple[LexborNode, Facts]] = []
        for el in elements:
            key = el.mem_id
            facts = facts_memo.get(key)
            if facts is None:
                facts = facts_memo[key] = Facts(el, key)
            pairs.append((el, facts))
            own = facts.own
            if own[0] or own[1] is not None:
                setters.append((el, facts))
        if not pairs:
            return pairs, []
        parent = pairs[0][0].parent
        top = self._chain(parent) if parent is not None else (False, None)  # what is above them all
        passed: dict[int, tuple[bool, str | None]] = {}  # the elements under a setter: their state
        budget = 4 * len(pairs) + 1000  # elements visited for the setters (nested ones revisit)
        for el, facts in setters:
            if budget < 0:
                return pairs, self._prime_by_parents(pairs)
            own_hidden, own_vis = facts.own
            under = el.css("*")  # the setter itself first
            budget -= len(under)
            for node in under:
                k = node.mem_id
                above = passed.get(k, top)
                passed[k] = (above[0] or own_hidden, own_vis if own_vis is not None else above[1])
        chains, hidden_memo = self._chains, self._hidden
        top_hidden = top[0] or top[1] in ("hidden", "collapse")
        flags: list[bool] = []
        for _el, facts in pairs:
            key = facts.key
            chain = passed.get(key)
            if chain is None:
                chains[key] = top
                hidden = hidden_memo[key] = top_hidden
            else:
                chains[key] = chain
                hidden = hidden_memo[key] = chain[0] or chain[1] in ("hidden", "collapse")
            flags.append(hidden)
        return pairs, flags

    def _prime_by_parents(self, pairs: list[tuple[LexborNode, Facts]]) -> list[bool]:
        """:meth:`prime`'s hidden states, each from the element's parent's (known already:
        parents come first)."""
        chains, hidden_memo = self._chains, self._hidden
        flags: list[bool] = []
        for el, facts in pairs:
            key = facts.key
            parent = el.parent
            base = chains.get(parent.mem_id) if parent is not None else None
            if base is None:  # the parent is not known (the document node, no parent): walk up
                hidden = self.is_hidden(el)
            else:
                own_hidden, own_vis = facts.own
                chain = (base[0] or own_hidden, own_vis if own_vis is not None else base[1])
                chains[key] = chain
                hidden = hidden_memo[key] = chain[0] or chain[1] in ("hidden", "collapse")
            flags.append(hidden)
        return flags

    def _chain(self, node: LexborNode) -> tuple[bool, str | None]:
        """(hidden through the element or an ancestor, the visibility in effect), remembered
        per element: walk up to the first element already known, then fill in downwards."""
        def step(el: LexborNode, above: tuple[bool, str | None]) -> tuple[bool, str | None]:
            own_hidden, own_vis = self.facts(el).own
            return (above[0] or own_hidden, own_vis if own_vis is not None else above[1])

        return fold_down(self._chains, node, (False, None), step)

    # ------------------------------------------------------------ labels
    def labels(self, node: LexborNode) -> list[LexborNode]:
        """The ``<label>`` elements of a labelable element: ``for=id`` ones and a wrapping one."""
        if (node.tag or "") not in _LABELABLE or (node.tag == "input" and input_type(node) == "hidden"):
            return []
        out: list[LexborNode] = []
        ident = attr(node, "id") or ""
        if ident and self.ids.get(ident) == node:
            out.extend(self.labels_for.get(ident, []))
        p = node.parent
        while p is not None and p.tag not in (None, "html", "body"):
            if p.tag == "label":
                target = attr(p, "for")
                if target is None:
                    first = next((d for d in p.css(_LABELABLE_SELECTOR)
                                  if not (d.tag == "input" and input_type(d) == "hidden")), None)
                    if first is not None and first == node and p not in out:
                        out.append(p)
                break
            p = p.parent
        return out

    # ------------------------------------------------------------ public
    def name(self, node: LexborNode) -> str:
        """The accessible name of ``node``, trimmed and with whitespace collapsed (remembered:
        several rules ask for the same element's name)."""
        key = node.mem_id
        got = self._names.get(key)
        if got is None:
            got = self._names[key] = clean(self._compute(node, root=node, in_labelledby=False, hidden_ok=False,
                                                         recursion=False, visited=set()))
        return got

    def from_content(self, node: LexborNode) -> str:
        return clean(self._content(node, root=node, in_labelledby=False, hidden_ok=False, visited={node.mem_id}))

    # ------------------------------------------------------------ the algorithm
    def _compute(self, node: LexborNode, *, root: LexborNode, in_labelledby: bool, hidden_ok: bool,
                 recursion: bool, visited: set[int]) -> str:
        tag = node.tag or ""
        if tag == "-text":
            return node.text(deep=False) or ""
        if tag.startswith("-") or tag == "#document":
            return ""
        key = node.mem_id
        if key in visited:
            return ""
        visited = visited | {key}
        facts = self.facts(node)
        attrs = facts.attrs
        # 2A: hidden
        if not hidden_ok and (facts.hidden_self if recursion else self.is_hidden(node)):
            return ""
        # 2B: aria-labelledby
        if not in_labelledby:
            labelledby = attrs.get("aria-labelledby")
            refs = [self.ids[i] for i in labelledby.split() if i in self.ids] if labelledby else []
            if refs:
                parts = [self._compute(ref, root=root, in_labelledby=True, hidden_ok=self.is_hidden(ref),
                                       recursion=True, visited=set()) for ref in refs]
                text = clean(" ".join(parts))
                if text:
                    return text
        role = facts.role
        # 2C: an embedded control inside a label is represented by its value
        # (``!=`` last: lexbor compares two different nodes by serialising both subtrees)
        if recursion and (role in _EMBEDDED or tag in ("select", "textarea")) and node != root:
            return self._embedded_value(node, role)
        # 2C: aria-label
        label = clean(attrs.get("aria-label"))
        if label:
            return label
        presentational = role in ("none", "presentation")
        # 2D: host language
        if not presentational and tag in _NATIVE_NAMED:
            native = self._native(node, root=root, hidden_ok=hidden_ok, visited=visited)
            if native:
                return native
        # 2F: name from content
        if (recursion or role in NAME_FROM_CONTENT or tag == "label") and tag not in ("input", "textarea", "select", "img"):
            text = self._content(node, root=root, in_labelledby=in_labelledby, hidden_ok=hidden_ok,
                                 visited=visited)
            cleaned = clean(text)
            if cleaned:
                return text if recursion else cleaned
        if presentational:
            return ""
        # 2I: tooltip, then HTML-AAM's placeholder for text fields
        title = clean(attrs.get("title"))
        if title:
            return title
        if tag == "textarea" or (tag == "input" and type_of(attrs) in _TEXT_INPUTS):
            return clean(attrs.get("placeholder"))
        return ""

    def _native(self, node: LexborNode, *, root: LexborNode, hidden_ok: bool, visited: set[int]) -> str:
        tag = node.tag or ""
        if tag == "input":
            t = input_type(node)
            if t == "image":
                return clean(attr(node, "alt"))
            text = self._label_text(node, root=root, visited=visited)
            if text:
                return text
            if t in ("button", "submit", "reset"):
                value = clean(attr(node, "value"))
                if value:
                    return value
                return _DEFAULT_BUTTON_NAMES.get(t, "")
            return ""
        if tag in _LABELABLE:
            return self._label_text(node, root=root, visited=visited)
        if tag in ("img", "area"):
            return clean(attr(node, "alt"))
        if tag == "svg":
            for child in _children(node):
                if child.tag == "title":
                    return clean(child.text(deep=True))
            return ""
        first_child = _NAMED_BY_CHILD.get(tag)
        if first_child:
            for child in _children(node):
                if child.tag == first_child:
                    return clean(self._content(child, root=root, in_labelledby=False,
                                               hidden_ok=hidden_ok, visited=visited))
        return ""

    def _label_text(self, node: LexborNode, *, root: LexborNode, visited: set[int]) -> str:
        parts = []
        for lab in self.labels(node):
            parts.append(self._compute(lab, root=root, in_labelledby=False, hidden_ok=self.is_hidden(lab),
                                       recursion=True, visited=visited))
        return clean(" ".join(parts))

    def _content(self, node: LexborNode, *, root: LexborNode, in_labelledby: bool, hidden_ok: bool,
                 visited: set[int]) -> str:
        out: list[str] = []
        child = node.child
        while child is not None:
            tag = child.tag or ""
            if tag == "-text":  # what _compute gives a text node, without the call
                out.append(child.text(deep=False) or "")
            elif not tag.startswith("-"):  # comments and the like name nothing
                text = self._compute(child, root=root, in_labelledby=in_labelledby, hidden_ok=hidden_ok,
                                     recursion=True, visited=visited)
                out.append(f" {text} " if tag in _BLOCK else text)
            child = child.next
        return "".join(out)

    def _embedded_value(self, node: LexborNode, role: str) -> str:
        tag = node.tag or ""
        if role in ("textbox", "searchbox") or tag == "textarea":
            if tag == "textarea":
                return clean(node.text(deep=True))
            if tag == "input":
                return clean(attr(node, "value"))
            return clean(node.text(deep=True))
        if role in ("combobox", "listbox") or tag == "select":
            if tag == "select":
                options = node.css("option")
                chosen = [o for o in options if attr(o, "selected") is not None]
                if not chosen and options and role == "combobox":
                    chosen = options[:1]
                return clean(" ".join(clean(attr(o, "label")) or clean(o.text(deep=True)) for o in chosen))
            if tag == "input":
                return clean(attr(node, "value"))
            chosen = [o for o in node.css('[role="option"]') if (attr(o, "aria-selected") or "") == "true"]
            return clean(" ".join(self.from_content(o) for o in chosen))
        if role in _RANGE_ROLES:
            return clean(attr(node, "aria-valuetext")) or clean(attr(node, "aria-valuenow")) or clean(attr(node, "value"))
        return ""


def _children(node: LexborNode, include_text: bool = False) -> Iterable[LexborNode]:
    child = node.child
    while child is not None:
        tag = child.tag or ""
        if include_text or (tag and not tag.startswith("-")):
            yield child
        child = child.next


def accessible_name(node: LexborNode, context: AccName | None = None) -> str:
    """Convenience: the accessible name of one node (build an :class:`AccName` once per document
    when naming many)."""
    if context is None:
        root = node
        while root.parent is not None:
            root = root.parent
        context = AccName(root)
    return context.name(node)

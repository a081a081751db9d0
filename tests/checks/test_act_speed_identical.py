"""The remembered facts of :class:`~govlens.checks.act.ActDocument` give the answers of the
straightforward code they stand for.

The ACT rules read each element's tag, attributes, roles, focusability and hidden state once per
page (:class:`~govlens.checks.accname.Facts`), prime the hidden state in document order, take
svg/math membership from one query and remember accessible names, rendering and focus answers.
Each is pinned here, element by element, against the plain definition: the attribute-by-attribute
role functions as they were (kept below), the walks up the tree of ``act`` (``_in_foreign``,
``_not_rendered``, ``in_sequential_focus``, ``not_visible``) and a fresh, unprimed
:class:`~govlens.checks.accname.AccName`. The pages: the real pages kept in the repository, every
published W3C ACT test case, and a page built for the edge cases (nested svg/math, template
content, inherited visibility, Bootstrap modals, valueless attributes).
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborNode

from govlens.checks import accname
from govlens.checks.accname import AccName, attr, clean
from govlens.checks.act import (
    _NOT_CONTENT,
    ActDocument,
    _in_foreign,
    _in_math,
    _not_rendered,
    in_sequential_focus,
    not_visible,
)

ROOT = Path(__file__).resolve().parents[2]
TESTCASES = ROOT / "accuracy" / "act" / "testcases" / "testcases.json"

EDGE_HTML = """<!doctype html><html lang="en"><head><title>Edge</title>
<style>.off { position: absolute; left: -9999px } .gone { display: none }</style></head><body>
<svg role="img" aria-label="Chart"><g><svg><title>Inner</title><a href="#x"><text>link</text></a></svg></g>
<math><mi>x</mi><svg><rect aria-hidden="true" role="graphics-symbol"/></svg></math></svg>
<math role="math"><mrow><mi tabindex="0">y</mi></mrow></math>
<template><svg><a id="in-template" href="#">t</a></svg><button>Template</button></template>
<div style="visibility: hidden"><span>hidden</span><p style="visibility: visible">shown <a href="#">again</a></p></div>
<div class="modal"><button>Modal</button></div><div class="modal show"><button>Shown modal</button></div>
<div class="off"><a href="#">Off screen</a></div><div class="gone"><input type="text" aria-label="Gone"></div>
<details><summary>More</summary><summary>Second</summary></details>
<input type="hidden" value="x"><input disabled><input type="image" alt=""><input type="checkbox" id="c">
<label for="c">Agree <select><option>1</option><option selected>2</option></select></label>
<img alt><img src="a.png" alt="" role="presentation" tabindex="0"><img src="b.png" aria-label="B">
<span role="button" tabindex="-1" aria-hidden="true"><a href="#">hidden link</a></span>
<div contenteditable>edit</div><div contenteditable="false">no edit</div>
<section aria-labelledby="h"><h2 id="h">Heading <span hidden>x</span></h2></section>
<table><tr><th>Head</th><td>Cell</td></tr></table><p hidden><a href="#">never</a></p>
<noscript><a href="#">no script</a></noscript><iframe srcdoc="<button>in</button>" title="Frame"></iframe>
</body></html>"""


# ---------------------------------------------------------------- the role functions as they were
def _explicit_role(node: LexborNode) -> str:
    for token in (attr(node, "role") or "").lower().split():
        if token in accname.ARIA_ROLES:
            return "img" if token == "image" else token
    return ""


def _input_type(node: LexborNode) -> str:
    t = (attr(node, "type") or "").strip().lower()
    return t if t in accname._INPUT_TYPES else "text"


def _implicit_role(node: LexborNode) -> str:
    tag = node.tag or ""
    if tag in ("a", "area"):
        return "link" if attr(node, "href") is not None else ("generic" if tag == "a" else "")
    if tag == "input":
        t = _input_type(node)
        if t == "hidden":
            return ""
        if attr(node, "list") is not None and t in ("text", "search", "email", "tel", "url"):
            return "combobox"
        return accname._INPUT_ROLES.get(t, "")
    if tag == "select":
        size = (attr(node, "size") or "").strip()
        multiple = attr(node, "multiple") is not None
        return "listbox" if multiple or (size.isdigit() and int(size) > 1) else "combobox"
    if tag == "img":
        return "presentation" if attr(node, "alt") == "" else "img"
    if tag == "section":
        return "region" if (attr(node, "aria-label") or attr(node, "aria-labelledby") or attr(node, "title")) else "generic"
    if tag in ("div", "span", "b", "i", "u", "small", "s", "q", "samp", "bdi", "bdo", "data", "pre"):
        return "generic"
    return accname._TAG_ROLES.get(tag, "")


def _is_disabled(node: LexborNode) -> bool:
    return (node.tag or "") in accname._DISABLEABLE and attr(node, "disabled") is not None


def _is_focusable(node: LexborNode) -> bool:
    tag = node.tag or ""
    tabindex = (attr(node, "tabindex") or "").strip()
    if re.fullmatch(r"[+-]?\d+", tabindex) and not _is_disabled(node):
        return True
    if tag in ("a", "area") and attr(node, "href") is not None:
        return True
    if tag in ("button", "select", "textarea") and not _is_disabled(node):
        return True
    if tag == "input" and _input_type(node) != "hidden" and not _is_disabled(node):
        return True
    if tag in ("iframe", "summary"):
        return True
    if tag in ("audio", "video") and attr(node, "controls") is not None:
        return True
    ce = attr(node, "contenteditable")
    return ce is not None and ce.strip().lower() != "false"


def _semantic_role(node: LexborNode) -> str:
    explicit = _explicit_role(node)
    overridden = _is_focusable(node) or any(name in accname.GLOBAL_ARIA for name in node.attributes)
    if explicit in ("none", "presentation"):
        if overridden:
            implicit = _implicit_role(node)
            return "img" if implicit == "presentation" else implicit
        return explicit
    if explicit:
        return explicit
    implicit = _implicit_role(node)
    return "img" if implicit == "presentation" and overridden else implicit


def _hidden_self(node: LexborNode) -> bool:
    tag = node.tag or ""
    if tag in accname._NEVER_RENDERED or attr(node, "hidden") is not None:
        return True
    if (attr(node, "aria-hidden") or "").strip().lower() == "true":
        return True
    if tag == "input" and _input_type(node) == "hidden":
        return True
    style = accname._style(node)
    return style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse")


# ---------------------------------------------------------------- the pages
@cache
def _real_pages() -> tuple[str, ...]:
    """The real pages the repository keeps (the larger saved set is not committed)."""
    out = subprocess.run(["git", "ls-files", "accuracy/realpages/pages"], cwd=ROOT, capture_output=True,
                         text=True, check=False).stdout.split()
    return tuple(p for p in out if p.endswith(".html"))


@cache
def _act_cases() -> tuple[str, ...]:
    data = json.loads(TESTCASES.read_text(encoding="utf-8"))
    return tuple(t["rawCode"] for t in data["testcases"] if t.get("language") in ("html", "xhtml"))


def _check(doc: ActDocument) -> None:
    """Every remembered answer of ``doc`` equals the plain computation, element by element."""
    fresh = AccName(doc.tree)  # not primed: its hidden state walks up the tree; no name asked yet
    assert [el for el, _facts in doc.items] == list(doc.elements)
    for el, facts in doc.items:
        assert facts.key == el.mem_id and doc.facts(el) is facts
        assert facts.tag == (el.tag or "")
        assert facts.attrs == {k: attr(el, k) for k in el.attributes}
        assert facts.explicit == _explicit_role(el)
        assert facts.focusable == _is_focusable(el)
        assert facts.role == _semantic_role(el)
        assert facts.hidden_self == _hidden_self(el)
        assert doc.in_foreign(el) is doc.in_foreign(facts) is _in_foreign(el)
        assert doc.in_math(el) is doc.in_math(facts) is _in_math(el)
        assert doc.acc.is_hidden(el) is fresh.is_hidden(el)
        assert doc.not_rendered(el) is _not_rendered(el)
        assert doc.in_sequential_focus(el) is in_sequential_focus(el)
        assert doc.not_visible(el) is not_visible(doc, el)
    exposed = [(el, el.tag or "", _semantic_role(el)) for el in doc.elements
               if (el.tag or "") not in _NOT_CONTENT and not _in_foreign(el) and not fresh.is_hidden(el)]
    assert list(doc.exposed) == exposed
    assert [(el, facts.tag, facts.role) for el, facts in doc.exposed_items] == exposed
    for el in doc.elements:  # the remembered name (asked twice) is the one computed afresh
        assert doc.name(el) == doc.name(el) == fresh.name(el)


def test_edge_page() -> None:
    doc = ActDocument.from_html(EDGE_HTML)
    assert any(doc.in_foreign(el) for el in doc.elements) and any(doc.in_math(el) for el in doc.elements)
    _check(doc)


def test_real_pages() -> None:
    pages = _real_pages()
    if not pages:
        pytest.skip("no real pages in this checkout")
    for path in pages:
        _check(ActDocument.from_html((ROOT / path).read_bytes().decode("utf-8", "replace")))


def test_act_test_cases() -> None:
    if not TESTCASES.exists():
        pytest.skip("no ACT test cases in this checkout")
    for html in _act_cases():
        _check(ActDocument.from_html(html))


_SPACES = "".join(c for c in map(chr, range(0x3000 + 1)) if re.fullmatch(r"\s", c) or c.isspace())


@given(st.text(alphabet=st.sampled_from(_SPACES + "ab\u200b\ufeffก")))
def test_clean_is_the_regex_collapse(text: str) -> None:
    assert clean(text) == re.sub(r"\s+", " ", text).strip()

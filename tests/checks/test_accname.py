"""Accessible name computation (accname 1.2 + HTML-AAM) on the static DOM, step by step."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from govlens.checks.accname import AccName, accessible_name, semantic_role


def name(html: str, selector: str) -> str:
    tree = LexborHTMLParser(html)
    node = tree.css_first(selector)
    assert node is not None, selector
    return AccName(tree).name(node)


# 2B aria-labelledby ------------------------------------------------------------------
@pytest.mark.parametrize(("html", "expected"), [
    ('<span id="a">First</span><span id="b">Second</span><button aria-labelledby="a b">x</button>',
     "First Second"),
    # order of the IDREFs, not of the document
    ('<span id="a">First</span><span id="b">Second</span><button aria-labelledby="b a">x</button>',
     "Second First"),
    # wins over aria-label and content
    ('<span id="a">Ref</span><button aria-labelledby="a" aria-label="Label">Content</button>', "Ref"),
    # a hidden referenced node still names (with its hidden content)
    ('<div id="a" hidden>Hidden <span>name</span></div><button aria-labelledby="a">x</button>', "Hidden name"),
    # not followed twice: the referenced node's own aria-labelledby is ignored
    ('<span id="c">Deep</span><span id="b" aria-labelledby="c">Shallow</span><button aria-labelledby="b">x</button>',
     "Shallow"),
    # the referenced node's aria-label is used
    ('<span id="b" aria-label="From label">Text</span><button aria-labelledby="b">x</button>', "From label"),
    # a self-reference names from own content
    ('<span id="t">Delete</span><button id="me" aria-labelledby="me t">File</button>', "File Delete"),
    # missing ids are skipped; all missing falls through to content
    ('<button aria-labelledby="nope">Content</button>', "Content"),
    # an empty reference falls through (accname 1.2)
    ('<span id="e"></span><button aria-labelledby="e">Content</button>', "Content"),
    # hidden descendants of a visible referenced node stay hidden
    ('<div id="a">Shown <span hidden>secret</span></div><button aria-labelledby="a"></button>', "Shown"),
])
def test_aria_labelledby(html: str, expected: str) -> None:
    assert name(html, "button") == expected


# 2C aria-label and embedded controls ----------------------------------------------------
def test_aria_label_trimmed_and_blank_ignored() -> None:
    assert name('<button aria-label="  Close  ">X</button>', "button") == "Close"
    assert name('<button aria-label="   ">Save</button>', "button") == "Save"


def test_embedded_controls_in_a_label() -> None:
    html = ('<label for="c">Send <select><option>1</option><option selected>2</option></select> copies, '
            '<input type="text" value="urgent"> <span role="slider" aria-valuetext="high"></span></label>'
            '<input type="checkbox" id="c">')
    assert name(html, "#c") == "Send 2 copies, urgent high"


def test_embedded_control_ignores_its_aria_label() -> None:
    html = '<div id="l">Volume <input type="range" value="7" aria-label="vol"></div><button aria-labelledby="l"></button>'
    assert name(html, "button") == "Volume 7"


def test_control_inside_its_own_label_is_skipped() -> None:
    assert name("<label>Name <input value='Somchai'></label>", "input") == "Name"


# 2D host language ---------------------------------------------------------------------
@pytest.mark.parametrize(("html", "selector", "expected"), [
    ('<label for="n">Full name</label><input id="n">', "input", "Full name"),
    ('<label>ชื่อ <input></label>', "input", "ชื่อ"),
    ('<label for="n">One</label><label for="n">Two</label><input id="n">', "input", "One Two"),
    # a wrapping label names only its first labelable descendant
    ('<label>Qty <input id="a"><input id="b"></label>', "#b", ""),
    # label for targets the first element with that id
    ('<label for="d">Dup</label><input id="d"><input id="d" class="second">', ".second", ""),
    ('<img src="a.png" alt="Logo กรม">', "img", "Logo กรม"),
    ('<map name="m"><area href="/x" alt="North"></map>', "area", "North"),
    ('<input type="image" src="go.png" alt="Go">', "input", "Go"),
    ('<input type="submit" value="Send">', "input", "Send"),
    ('<input type="submit">', "input", "Submit"),
    ('<input type="reset">', "input", "Reset"),
    ('<input type="button">', "input", ""),
    ('<input type="image" src="go.png">', "input", ""),  # no "Submit Query" default
    ('<table><caption>Budget 2567</caption><tr><td>1</td></tr></table>', "table", "Budget 2567"),
    ('<fieldset><legend>Address</legend><input></fieldset>', "fieldset", "Address"),
    ('<figure><img src="x" alt=""><figcaption>Map</figcaption></figure>', "figure", "Map"),
    ('<svg role="img"><title>Chart</title><circle r="1"/></svg>', "svg", "Chart"),
    ('<button value="v"></button>', "button", ""),
])
def test_host_language(html: str, selector: str, expected: str) -> None:
    assert name(html, selector) == expected


def test_presentational_skips_native_text_alternative() -> None:
    assert name('<h1><img src="a" alt="ACT" role="presentation"></h1>', "h1") == ""
    assert name('<a href="/"><img src="a" alt=""></a>', "a") == ""


# 2F name from content -----------------------------------------------------------------
@pytest.mark.parametrize(("html", "selector", "expected"), [
    ('<a href="/x">  Read <b>more</b>\n about it </a>', "a", "Read more about it"),
    ('<a href="/x"><img src="i.png" alt="Home"></a>', "a", "Home"),
    ('<a href="/x"><img src="i.png" title="Tip"></a>', "a", "Tip"),
    ('<a href="/x"><span aria-label="Labelled"></span></a>', "a", "Labelled"),
    ('<h2><div>Block</div><div>Two</div></h2>', "h2", "Block Two"),
    ('<div role="checkbox">I agree</div>', "div", "I agree"),
    ('<div role="textbox">value text</div>', "div", ""),  # textbox does not take its name from content
    ('<div>generic</div>', "div", ""),
    ('<ul role="list"><li>x</li></ul>', "ul", ""),
])
def test_name_from_content(html: str, selector: str, expected: str) -> None:
    assert name(html, selector) == expected


# hidden content --------------------------------------------------------------------------
@pytest.mark.parametrize("hidden", [
    '<span hidden>X</span>', '<span aria-hidden="true">X</span>', '<span style="display:none">X</span>',
    '<span style="visibility: hidden">X</span>', '<span style="DISPLAY: NONE !important">X</span>',
    '<script>X</script>', '<style>.x{}</style>', '<template>X</template>', '<noscript>X</noscript>',
])
def test_hidden_content_excluded(hidden: str) -> None:
    assert name(f'<a href="/">Go{hidden}</a>', "a") == "Go"


def test_hidden_element_has_no_name() -> None:
    html = '<div style="display:none"><button>Inside</button></div>'
    assert name(html, "button") == ""
    tree = LexborHTMLParser('<div style="visibility:hidden"><p style="visibility:visible"><a href="/">x</a></p></div>')
    assert AccName(tree).is_hidden(tree.css_first("a")) is False


# 2I tooltip and placeholder --------------------------------------------------------------
@pytest.mark.parametrize(("html", "selector", "expected"), [
    ('<iframe src="/m" title="Map"></iframe>', "iframe", "Map"),
    ('<img src="a.png" title="Title only">', "img", "Title only"),
    ('<input title="Search term" placeholder="Type here">', "input", "Search term"),
    ('<input placeholder="ค้นหา">', "input", "ค้นหา"),
    ('<textarea placeholder="Message"></textarea>', "textarea", "Message"),
    ('<input type="checkbox" placeholder="no">', "input", ""),
    ('<a href="/x" title="Facebook"><i class="fa"></i></a>', "a", "Facebook"),
    ('<a href="/x" title="  "></a>', "a", ""),
])
def test_tooltip_and_placeholder(html: str, selector: str, expected: str) -> None:
    assert name(html, selector) == expected


# roles -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("html", "selector", "role"), [
    ('<a href="/">x</a>', "a", "link"), ("<a>x</a>", "a", "generic"), ('<img src="x" alt="">', "img", "presentation"),
    ('<img src="x" alt="" tabindex="0">', "img", "img"), ('<img src="x" alt="" aria-label="n">', "img", "img"),
    ('<button role="none">x</button>', "button", "button"), ('<button role="none" disabled>x</button>', "button", "none"),
    ('<input type="search">', "input", "searchbox"), ('<input list="l">', "input", "combobox"),
    ('<select size="4"></select>', "select", "listbox"), ('<select></select>', "select", "combobox"),
    ('<div role="foo link">x</div>', "div", "link"), ('<input type="password">', "input", ""),
    ('<h3>x</h3>', "h3", "heading"), ('<span role="image">x</span>', "span", "img"),
])
def test_semantic_role(html: str, selector: str, role: str) -> None:
    assert semantic_role(LexborHTMLParser(html).css_first(selector)) == role


def test_accessible_name_convenience() -> None:
    tree = LexborHTMLParser('<label for="q">Query</label><input id="q">')
    assert accessible_name(tree.css_first("input")) == "Query"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<>&\x00"), max_size=40))
def test_names_are_trimmed_and_collapsed(text: str) -> None:
    n = name(f'<button>{text}</button>', "button")
    assert n == n.strip() and "  " not in n and "\n" not in n

"""Double-decoded Thai is repaired before matching, and correct text is left alone."""

import pytest

from govlens.evidence.parse import parse_html
from govlens.evidence.repair import repair

THAI = "<html lang='th'><body><a href='/contact'>ติดต่อเรา</a> กรมการปกครอง บริการออนไลน์ ร้องเรียน</body></html>"


def test_utf8_read_as_latin1_is_repaired():
    text, note = repair(THAI.encode("utf-8").decode("latin-1"))
    assert text == THAI and "ftfy" in note


def test_tis620_read_as_latin1_is_repaired():
    text, note = repair(THAI.encode("cp874").decode("latin-1"))
    assert text == THAI and "tis-620" in note


@pytest.mark.parametrize("text", [
    THAI,
    "Café au lait, élève, crème brûlée, déjà vu, naïve, Noël, où, français, être, très, après " * 3,
    "Straße, Größe, übermäßig, schön, München, Köln, Düsseldorf, für, über, Ärger, Öl " * 3,
    "plain English text with a price of £5 and 25°C",
])
def test_correct_text_is_left_alone(text):
    assert repair(text) == (text, "")


def test_parse_repairs_a_mis_declared_page_and_says_so():
    body = THAI.encode("cp874")
    page = parse_html(body, "https://www.dopa.go.th/", headers=(("content-type", "text/html; charset=iso-8859-1"),))
    assert page.links[0].text == "ติดต่อเรา"
    assert "tis-620" in page.repair
    clean = parse_html(THAI.encode("utf-8"), "https://www.dopa.go.th/",
                       headers=(("content-type", "text/html; charset=utf-8"),))
    assert clean.repair == "" and clean.links[0].text == "ติดต่อเรา"

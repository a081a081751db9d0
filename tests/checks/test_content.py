"""content.language and content.contact-details: the page's own language, contact details in text."""

import pytest

from govlens.checks.families.content import contact_details_in
from govlens.checks.registry import get_check
from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import parse_html


def _site(html: str) -> SiteEvidence:
    page = parse_html(html, "https://www.example.go.th/", discovered_as="home")
    return SiteEvidence(site_url=page.url, final_url=page.url, status="ok", reason="", redirects=(), pages=(page,))


@pytest.mark.parametrize(("text", "lang"), [
    ("กรมการปกครอง กระทรวงมหาดไทย ยินดีต้อนรับสู่เว็บไซต์ ข่าวประชาสัมพันธ์ บริการประชาชน", "th"),
    ("Welcome to the Department of Provincial Administration. Our services for the people of Thailand", "en"),
    ("กรมการปกครอง Department of Provincial Administration ยินดีต้อนรับ welcome to our services", "mixed"),
    ("Willkommen beim Bundesministerium des Innern und für Heimat, Aufgaben und Struktur", "other"),
])
def test_main_language(text, lang):
    r = get_check("content.language").run(_site(f"<html><title>x</title><body><p>{text}</p></body></html>"))
    assert r.outcome == "info" and r.score is None and r.details["language"] == lang


def test_language_compares_with_the_declared_one_and_needs_text():
    r = get_check("content.language").run(_site(
        "<html lang='en'><title>x</title><body>กรมการปกครอง กระทรวงมหาดไทย ยินดีต้อนรับสู่เว็บไซต์ของเรา</body></html>"))
    assert r.details["declared"] == "en" and r.details["agrees"] is False
    assert get_check("content.language").run(_site("<html><title>x</title><body>hi</body></html>")).outcome == "not_applicable"


def test_contact_details_kinds_and_what_is_not_one():
    got = contact_details_in("เลขที่ 1 ถนนนครสวรรค์ แขวงวัดโสมนัส เขตป้อมปราบฯ กรุงเทพมหานคร 10100 "
                             "โทร 02-356-9999 ต่อ 1 อีเมล info@dopa.go.th")
    assert set(got) == {"address", "phone", "email"}
    assert contact_details_in("โทรสาร 02-356-9998 งบประมาณ 1,234,567 บาท วันที่ 12/10/2567 รหัส 10100") == {}
    assert contact_details_in("e-mail: webmaster(at)example(dot)go(dot)th")["email"]
    # a theme's placeholders and documentation examples reach nobody
    assert contact_details_in("Email: contact@website.com, taro-dejita@example.com") == {}
    assert contact_details_in("อีเมล saraban@dga.or.th")["email"] == ["saraban@dga.or.th"]
    # a helpline and an area code closed by a bracket (Korean and Japanese tables)
    assert contact_details_in("e-Invoice Helpline: 1800-103-4786")["phone"]
    assert contact_details_in("민원실 041) 350-3523")["phone"]


def test_a_card_titled_for_a_concept_names_where_its_link_leads():
    """A box "ติดต่อเรา" over one link "ถาม-ตอบปัญหาสุขภาพ": the title says what the link is."""
    card = ('<div class="box"><div class="icn"></div><div><h4 class="box-title">ติดต่อเรา</h4>'
            '<p><a href="/ask">ถาม-ตอบปัญหาสุขภาพ</a></p></div></div>')
    r = get_check("content.contact").run(_site(f"<html><title>x</title><body>{card}</body></html>"))
    assert r.outcome == "pass" and r.details["by"] == "card-title"
    assert r.evidence[0].note.endswith("https://www.example.go.th/ask")
    # a section of many links under the title is a menu, not a card; a dead link leads nowhere
    menu = "<div><h4>ติดต่อเรา</h4>" + "".join(f'<a href="/p{i}">หน้า {i}</a>' for i in range(5)) + "</div>"
    dead = '<div><h4>ติดต่อเรา</h4><a href="#">อ่านต่อ</a></div>'
    for body in (menu, dead):
        r = get_check("content.contact").run(_site(f"<html><title>x</title><body>{body}</body></html>"))
        assert r.details.get("by") != "card-title"


def test_a_language_switch_must_lead_somewhere_and_away_from_the_pages_own_language():
    thai = "กรมการปกครอง กระทรวงมหาดไทย ยินดีต้อนรับสู่เว็บไซต์ ข่าวประชาสัมพันธ์ บริการประชาชน " * 3
    def judge(lang: str, links: str):
        html = f"<html lang='{lang}'><title>x</title><body><p>{thai}</p>{links}</body></html>"
        return get_check("content.foreign-language").run(_site(html))
    assert judge("th", '<a href="/en/">English</a>').outcome == "pass"
    assert judge("th", '<a href="#">English</a>').outcome == "fail"  # a dead switch is no version
    # a Thai page left with its template's lang="en": "ภาษาไทย" is its own language
    assert judge("en", '<a href="/th/">ภาษาไทย</a>').outcome == "fail"
    assert judge("en", '<a href="/th/">ภาษาไทย</a><a href="/en/">English</a>').details["to"] == "en"


def test_a_page_whose_breadcrumb_ends_on_a_concept_is_that_page():
    crumbs = '<ol class="breadcrumb"><li><a href="/">Início</a></li><li class="active">Perguntas Frequentes</li></ol>'
    body = f"<html><title>Prefeitura</title><body>{crumbs}<p>Como emitir o IPTU?</p></body></html>"
    r = get_check("content.faq").run(_site(body))
    assert r.outcome == "pass" and r.details["by"] == "page-title" and r.evidence[0].selector == "breadcrumb"
    other = body.replace("Perguntas Frequentes", "Notícias")
    assert get_check("content.faq").run(_site(other)).outcome == "fail"

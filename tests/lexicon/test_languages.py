"""Every lexicon language matches its own menu words once merged, and only where it should."""

import pytest

from govlens.lexicon.matcher import load_lexicon, normalise


@pytest.mark.parametrize(("label", "concept"), [
    ("İletişim", "contact"),  # Turkish dotted capital I lower-cases to a plain i
    ("İhaleler", "procurement"),
    ("Обратная связь", "feedback"),
    ("联系我们", "contact"),
    ("聯絡我們", "contact"),
    ("اتصل بنا", "contact"),
    ("যোগাযোগ", "contact"),
    ("Санал, хүсэлт өгөх", "feedback"),  # the comma is part of the term (quoted in YAML)
    ("시장에게 바란다", "feedback"),
    ("สายตรงอธิการบดี", "feedback"),
    ("SERVICIOS EN LINEA", "services"),  # capitalised menus drop the accents
    ("Yönetim Şeması", "org_chart"),
    ("نمودار سازمانی شهرداری", "org_chart"),
    ("Estrutura Organica", "org_chart"),
    ("โครงสร้างศูนย์", "org_chart"),
    ("계약정보공개", "procurement"),
    ("Gouvernement ouvert et données ouvertes", "opendata"),
    ("CDE Downloadable Data Files", "opendata"),
    ("Decisions Pending & Opportunities for Public Participation", "consultation"),
    ("Conditions of Use", "website_policy"),
    ("수요야간민원신청", "feedback"),  # Hangul terms match inside compounds
    ("조직도를 확인하세요", "org_chart"),  # and before an attached particle
    ("ข้อจำกัดความรับผิดชอบ", "website_policy"),
    ("Iletisim", "contact"),
])
def test_menu_words_name_their_concept(label: str, concept: str) -> None:
    assert load_lexicon().concept(concept).match_text(label)


@pytest.mark.parametrize(("label", "concept"), [
    ("Санал", "feedback"),  # "vote/opinion" alone is not a feedback channel
    ("検索", "contact"),
    ("เข้าสู่ระบบ", "system_entry"),  # logging in to "the system" names no system
    ("tim kiem", "search"),  # Vietnamese keeps its marks: they tell words apart
    ("ค้นหาศิษย์เก่า", "search"),  # one directory's search (alumni) is not the site's
    ("Help", "faq"),
    ("전통시장 안내", "executives"),  # a traditional market is not the mayor
    ("ประกาศนียบัตรวิชาชีพ", "news"),  # a vocational certificate is not an announcement
    ("วันที่ประกาศใช้", "news"),
    ("California Women's Health Survey", "survey"),  # research, not a survey to answer
    ("สรุปผลรายงานความพึงพอใจ ปี 2561", "survey"),  # a report of results
])
def test_look_alikes_do_not(label: str, concept: str) -> None:
    assert load_lexicon().concept(concept).match_text(label) is None


def test_every_language_file_has_names_in_both_report_languages() -> None:
    """Reports name a page's language in English and Thai: a language file without both breaks them."""
    from importlib import resources

    import yaml

    files = sorted((resources.files("govlens.lexicon") / "data").iterdir(), key=lambda f: f.name)
    langs = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files if f.name.endswith(".yaml")]
    langs = [d for d in langs if "concepts" in d]
    assert {"ar", "zh", "ru", "tr", "pl", "fa"} <= {d["language"] for d in langs}
    named = {d["language"]: d["name"] for d in langs if "name" in d}  # topic files (services.th) add terms only
    for d in langs:
        assert named[d["language"]]["en"] and named[d["language"]]["th"], d["language"]
    assert normalise("İSTANBUL") == "istanbul"


@pytest.mark.parametrize(("label", "concept"), [
    ("ძიება", "search"),  # Georgian
    ("Kontaktujte nás", "contact"),  # Czech
    ("ΑΝΑΚΟΙΝΩΣΕΙΣ", "news"),  # Greek capitals carry no accents
    ("Wasiliana Nasi", "contact"),  # Swahili
    ("Transparenta decizionala", "consultation"),  # Romanian without its diacritics
    ("Søk", "search"),  # Norwegian
    ("ዜና", "news"),  # Amharic
    ("ဆက်သွယ်ရန်", "contact"),  # Burmese, unspaced
])
def test_languages_of_the_sixth_and_seventh_rounds(label: str, concept: str) -> None:
    assert load_lexicon().concept(concept).match_text(label)


def test_norwegian_apply_for_is_not_a_search() -> None:
    lex = load_lexicon()
    assert lex.concept("search").match_text("Søk om tilskudd") is None
    assert lex.concept("transaction").match_text("Søk om tilskudd")

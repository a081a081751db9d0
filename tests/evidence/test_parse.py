from govlens.evidence.parse import parse_html

PAGE = """<html lang="th"><head><title> กรม  ทดสอบ </title><base href="http://gov.test/th/">
<meta name="viewport" content="width=device-width"></head><body>
<header><table><tr><td><a href="contact.php"><img src="c.png" alt="ติดต่อเรา"></a></td></tr></table></header>
<nav role="navigation"><a href="/faq#top" title="คำถามที่พบบ่อย">?</a><a href="javascript:void(0)">js</a></nav>
<form action="/search" method="post"><label for="kw">คำค้น</label><input id="kw" name="kw">
<input type="hidden" name="t" value="1"><button type="submit"><img alt="ค้นหา" src="s.png"></button></form>
<div id="footer-area"><a href="mailto:info@gov.test">อีเมล</a></div>
<script>document.write('<a href="/hidden">hidden</a>')</script><p hidden>ซ่อน</p><p>เนื้อหา</p>
<img src="deco.png">
</body></html>"""


def test_links_resolve_against_base_and_carry_every_name():
    p = parse_html(PAGE.encode(), "http://gov.test/")
    contact = p.links[0]
    assert contact.href == "http://gov.test/th/contact.php"
    assert contact.img_alt == "ติดต่อเรา" and contact.region == "header"
    faq = p.links[1]
    assert faq.href == "http://gov.test/faq" and faq.title == "คำถามที่พบบ่อย" and faq.region == "nav"
    assert p.links[2].href == "" and p.links[2].raw_href.startswith("javascript:")
    assert p.links[3].href == "mailto:info@gov.test" and p.links[3].region == "footer"


def test_script_written_links_are_not_seen():
    p = parse_html(PAGE.encode(), "http://gov.test/")
    assert not any("hidden" in link.href for link in p.links)


def test_forms_fields_and_labels():
    p = parse_html(PAGE.encode(), "http://gov.test/")
    form = p.forms[0]
    assert form.action == "http://gov.test/search" and form.method == "POST"
    kw, hidden, button = form.fields
    assert kw.label == "คำค้น" and hidden.hidden and button.label == "ค้นหา"


def test_visible_text_excludes_scripts_and_hidden():
    p = parse_html(PAGE.encode(), "http://gov.test/")
    assert "เนื้อหา" in p.text and "ซ่อน" not in p.text and "document.write" not in p.text
    assert p.title == "กรม ทดสอบ" and p.lang == "th"


def test_images_distinguish_missing_alt_from_empty():
    p = parse_html(PAGE.encode(), "http://gov.test/")
    alts = {i.src.rsplit("/", 1)[-1]: i.alt for i in p.images}
    assert alts["deco.png"] is None and alts["c.png"] == "ติดต่อเรา"
    assert [i.in_link for i in p.images][:1] == [True]


def test_nul_bytes_and_broken_markup_do_not_break_parsing():
    p = parse_html(b"<html><title>a\x00b</title><a href='/x'>un<b>closed", "http://gov.test/")
    assert p.links[0].href == "http://gov.test/x" and p.links[0].text == "unclosed"

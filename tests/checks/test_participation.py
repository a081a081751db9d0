"""Participation and transparency checks on small pages, with their decoys."""

import pytest

from govlens.checks.registry import get_check
from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import parse_html

URL = "https://www.agency.go.th/"


def run(cid: str, body: str, head: str = ""):
    page = parse_html(f"<html><head>{head}</head><body>{body}</body></html>".encode(), URL)
    site = SiteEvidence(site_url=URL, final_url=URL, status="ok", reason="", redirects=(), pages=(page,))
    return get_check(cid).run(site)


@pytest.mark.parametrize("cid,body,outcome", [
    ("participation.social-media", '<a href="https://www.facebook.com/"><i class="icon-facebook"></i></a>', "fail"),
    ("participation.social-media", '<a href="https://www.facebook.com/agency.go.th">Facebook</a>', "pass"),
    ("participation.e-petition", '<a href="/p">Start a petition</a>', "pass"),
    ("participation.e-petition", '<a href="https://petition.parliament.uk/petitions/1">Fund libraries</a>', "pass"),
    ("participation.e-petition", '<a href="/l">ร่วมลงชื่อเสนอกฎหมาย</a>', "pass"),
    ("participation.e-petition", '<a href="/c">ร้องเรียน</a>', "fail"),
    ("participation.consultation", '<a href="https://www.law.go.th/listeningDetail?survey_id=1">ร่าง พ.ร.บ.</a>', "pass"),
    ("participation.consultation", '<a href="/h">รับฟังความคิดเห็นร่างกฎหมาย</a>', "pass"),
    ("participation.consultation", '<a href="https://consult.council.gov.uk/plan">Local plan</a>', "pass"),
    ("participation.consultation", '<a href="/n">News</a>', "fail"),
    ("participation.survey", '<a href="https://forms.gle/x">แบบสำรวจความพึงพอใจ</a>', "pass"),
    ("participation.survey", '<a href="https://www.surveymonkey.com/r/x">Tell us</a>', "pass"),
    ("participation.survey", '<a href="/r.pdf">รายงานผลการสำรวจความพึงพอใจ ปี 2568</a>', "fail"),
    ("participation.procurement", '<a href="/p">ประกาศจัดซื้อจัดจ้าง</a>', "pass"),
    ("participation.procurement", '<a href="https://process3.gprocurement.go.th/x">e-GP</a>', "pass"),
    ("participation.procurement", '<a href="/t">Current tenders</a>', "pass"),
    ("participation.procurement", '<a href="/n">News</a>', "fail"),
    ("participation.budget", '<a href="/b">แผนการใช้จ่ายงบประมาณ</a>', "pass"),
    ("participation.budget", '<a href="/b">Budget and spending</a>', "pass"),
    ("participation.budget", '<a href="/p">ประกาศจัดซื้อ ปีงบประมาณ 2570 งบประมาณ 500,000 บาท</a>', "fail"),
    ("content.org-chart", '<a href="/s">โครงสร้างองค์กร</a>', "pass"),
    ("content.org-chart", '<img src="/c.png" alt="Organisation chart of the department">', "pass"),
    ("content.org-chart", '<a href="/sitemap">แผนผังเว็บไซต์</a>', "fail"),
    ("content.executives", '<a href="/e">ทำเนียบผู้บริหาร</a>', "pass"),
    ("content.executives", '<img src="/m.jpg" alt="นายสมชาย ใจดี อธิบดีกรมตัวอย่าง">', "pass"),
    ("content.executives", '<a href="/n/1">ประชุมผู้บริหารสถานศึกษา ครั้งที่ 5/2569</a>', "fail"),
    ("content.executives", '<img src="/n.jpg" alt="นายกเทศมนตรีลงพื้นที่มอบถุงยังชีพ">', "fail"),
])
def test_concept_checks(cid, body, outcome):
    assert run(cid, body).outcome == outcome


def test_poll_form_is_a_survey():
    body = ('<h3>Quick poll: how often do you visit?</h3><form><label><input type="radio" name="v"> Weekly</label>'
            '<label><input type="radio" name="v"> Monthly</label><button>Vote</button></form>')
    assert run("participation.survey", body).details["by"] == "form"


def test_chat_widgets_from_scripts_and_line_oa_links():
    r = run("participation.chat", "", head='<script src="https://embed.tawk.to/abc/def"></script>')
    assert r.outcome == "pass" and r.details["kinds"] == ["live"]
    r = run("participation.chat", '<df-messenger agent-id="x"></df-messenger>')
    assert r.outcome == "pass" and r.details["kinds"] == ["bot"]
    inline = "<script>var s=document.createElement('script');s.src='https://code.tidio.co/abc.js';</script>"
    assert run("participation.chat", "", head=inline).outcome == "pass"
    assert run("participation.chat", '<a href="https://lin.ee/AbC">LINE</a>').outcome == "pass"
    assert run("participation.chat", '<a href="https://line.me/R/ti/p/@agency">Add friend</a>').outcome == "pass"
    assert run("participation.chat", '<a href="https://line.me/R/msg/text/?x">Share</a>').outcome == "fail"
    assert run("participation.chat", '<a href="https://www.facebook.com/agency">Facebook</a>').outcome == "fail"


def test_share_buttons_and_single_videos_are_not_accounts():
    """A LinkedIn share link posts the page; a YouTube watch link or embedded player shows one
    clip: neither is the organisation's account. Its channel is."""
    share = ('<a href="http://www.linkedin.com/shareArticle?mini=true&url=x">Share</a>'
             '<a href="https://www.youtube.com/watch?v=pBFQdxA-apI">Video</a>'
             '<a href="https://youtu.be/fibMWKg177Y">Clip</a>'
             '<a href="https://www.youtube.com/embed/J6acmXS6bP4">Player</a>')
    assert run("participation.social-media", share).outcome == "fail"
    r = run("participation.social-media", share + '<a href="https://www.youtube.com/@CDEgov">YouTube</a>')
    assert r.outcome == "pass" and r.details["networks"] == ["youtube"]


def test_a_help_link_is_not_an_faq():
    assert run("content.faq", '<a href="/help">Help</a><a href="/account-help">Get help</a>').outcome == "fail"
    assert run("content.faq", '<a href="/faq">Frequently asked questions</a>').outcome == "pass"


def test_an_anchor_to_no_section_goes_nowhere():
    """"ร้องเรียน/ร้องทุกข์" linking to "#5" when no element is named 5: a menu item that
    scrolls nowhere is no channel; an anchor to a section the page has is one."""
    assert run("participation.feedback", '<a href="#5">ร้องเรียน/ร้องทุกข์</a><div id="4">ข่าว</div>').outcome == "fail"
    r = run("participation.feedback", '<a href="#complaint">ร้องเรียน/ร้องทุกข์</a>'
                                      '<section id="complaint"><p>ช่องทางร้องเรียน</p></section>')
    assert r.outcome == "pass"

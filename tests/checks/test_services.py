"""services.login, services.maturity, services.payment, services.catalogue on small pages."""

from govlens.checks.registry import get_check
from govlens.evidence.model import SiteEvidence
from govlens.evidence.parse import parse_html

URL = "https://www.agency.go.th/"


def run(cid: str, body: str, url: str = URL, pages: tuple[str, ...] = (), discovered: str = "", title: str = ""):
    head = f"<head><title>{title}</title></head>" if title else ""
    home = parse_html(f"<html lang='th'>{head}<body>{body}</body></html>".encode(), url)
    more = tuple(parse_html(f"<html><body>{b}</body></html>".encode(), url + f"p{i}",
                            discovered_as=discovered) for i, b in enumerate(pages))
    site = SiteEvidence(site_url=url, final_url=url, status="ok", reason="", redirects=(),
                        pages=(home, *more), captured="2026-11-24T00:00:00+00:00")
    return get_check(cid).run(site)


def test_login_names_thaid_from_its_sign_in_host():
    r = run("services.login", '<a href="https://imauth.bora.dopa.go.th/api/v2/oauth2/auth/?client_id=x">'
                              'เข้าสู่ระบบด้วย ThaID</a>')
    assert r.outcome == "pass" and r.details["providers"] == ["ThaID"]


def test_login_names_provider_from_label_and_path():
    r = run("services.login", '<a href="/auth/mitid/start">Log on with MitID</a>')
    assert r.outcome == "pass" and "MitID" in r.details["providers"]
    r = run("services.login", '<a href="https://www.singpass.gov.sg/news">Singpass app update</a>')
    assert r.outcome == "fail"  # a news link naming a provider is not a login


def test_login_by_form_and_staff_login_is_not_counted():
    form = '<form action="/login"><input name="u"><input type="password" name="p"><button>เข้าสู่ระบบ</button></form>'
    assert run("services.login", form).outcome == "pass"
    staff = f'<h4>เข้าสู่ระบบสำหรับเจ้าหน้าที่</h4>{form}<a href="/webmail/">Webmail</a>'
    r = run("services.login", staff)
    assert r.outcome == "fail" and r.details["staff_logins_ignored"] == 1


def test_a_login_screen_says_who_it_is_for_anywhere_on_it():
    """A page that is only the login screen: its menu's "for staff" is the form's context."""
    form = '<form method="post"><input name="username"><input type="password" name="password"><button>เข้าสู่ระบบ</button></form>'
    menu = '<nav><a href="/">หน้าหลัก</a><a href="#">เข้าสู่ระบบสำหรับเจ้าหน้าที่</a></nav>'

    def judge(title: str, body: str):
        return run("services.login", body, title=title)

    r = judge("เข้าสู่ระบบ", menu + f"<main><h1>เข้าสู่ระบบ</h1>{form}</main>")
    assert r.outcome == "fail" and r.details["staff_logins_ignored"] == 1
    # the same menu on a page that is not the login screen does not speak for its login box
    news = "<section>" + "ข่าวประชาสัมพันธ์ประจำเดือน " * 80 + "</section>"
    assert judge("เทศบาลตำบลตัวอย่าง", menu + news + form).outcome == "pass"
    assert judge("เข้าสู่ระบบ", f"<main><h1>เข้าสู่ระบบ</h1>{form}</main>").outcome == "pass"


def test_login_ignores_login_words_in_query_strings():
    r = run("services.login", '<a href="http://truehits.net/stat.php?login=abc"><img alt="Truehits"></a>')
    assert r.outcome == "fail"


def test_login_from_provider_script():
    r = run("services.login", '<script src="https://id.singpass.gov.sg/static/ndi_embedded_auth.js"></script>')
    assert r.outcome == "pass" and r.details["providers"] == ["Singpass"]


def test_payment_by_words_gateway_and_promptpay():
    assert run("services.payment", '<a href="/pay">ชำระภาษีออนไลน์</a>').outcome == "pass"
    assert run("services.payment", '<a href="https://www.civicaepay.co.uk/x">Council tax</a>').details["gateways"] == ["Civica Pay"]
    r = run("services.payment", "<p>สแกนจ่ายผ่านพร้อมเพย์ได้ทันที</p>")
    assert r.outcome == "pass" and "PromptPay" in r.details["gateways"]
    assert run("services.payment", "<p>ชำระภาษีได้ที่กองคลังในวันเวลาราชการ</p>").outcome == "fail"


def _list(title: str, n: int, tag: str = "h2") -> str:
    items = "".join(f'<li><a href="/s/{i}">บริการที่ {i}</a></li>' for i in range(n))
    return f"<{tag}>{title}</{tag}><ul>{items}</ul>"


def test_catalogue_needs_five_services_under_a_services_title():
    assert run("services.catalogue", _list("บริการประชาชน", 5)).outcome == "pass"
    assert run("services.catalogue", _list("บริการประชาชน", 4)).outcome == "fail"
    assert run("services.catalogue", _list("ข่าวประชาสัมพันธ์", 8)).outcome == "fail"
    menu = '<ul><li><a href="/services">Services</a><ul>' + "".join(
        f'<li><a href="/s{i}">Service {i}</a></li>' for i in range(6)) + "</ul></li></ul>"
    assert run("services.catalogue", menu).outcome == "pass"


def test_catalogue_does_not_count_information_links():
    body = ('<div class="title">บริการประชาชน</div><ul><li><a href="/e">E-Service</a></li>'
            '<li><a href="/f1.pdf">แบบคำร้อง</a></li><li><a href="/f2.pdf">แบบคำขอ</a></li>'
            '<li><a href="/qa">ถาม-ตอบ</a></li><li><a href="/contact">ติดต่อเรา</a></li></ul>')
    assert run("services.catalogue", body).outcome == "fail"


def test_catalogue_link_alone_is_partial_and_services_page_passes():
    assert run("services.catalogue", '<a href="/az">A to Z of services</a>').outcome == "partial"
    links = "".join(f'<main><a href="/x{i}">x{i}</a></main>' for i in range(6))
    assert run("services.catalogue", "<p>home</p>", pages=(links,), discovered="key:services").outcome == "pass"


def test_maturity_levels():
    assert run("services.maturity", "<p>ข้อมูลหน่วยงาน</p>").details["level"] == 1
    r = run("services.maturity", '<a href="/files/request.pdf">แบบคำร้องทั่วไป (PDF)</a>')
    assert r.details["level"] == 2 and r.outcome == "partial" and r.score == 0.4
    assert run("services.maturity", '<a href="/files/annual-report.pdf">รายงานประจำปี</a>').details["level"] == 1
    assert run("services.maturity", '<a href="/e">ระบบ e-Service</a>').details["level"] == 3
    r = run("services.maturity", '<a href="/e">ระบบ e-Service</a><a href="/login">เข้าสู่ระบบ</a>')
    assert r.details["level"] == 4 and r.outcome == "pass"
    r = run("services.maturity", '<a href="/pay">ชำระเงินออนไลน์</a>')
    assert r.details["level"] == 5 and r.score == 1.0


def test_maturity_counts_an_eservice_host_of_the_same_government():
    r = run("services.maturity", '<a href="https://efiling.revenue.go.th/">ยื่นแบบ</a>')
    assert r.details["level"] == 3 and r.details["external_eservices"] == ["efiling.revenue.go.th"]
    r = run("services.maturity", '<a href="https://efiling.example.com/">ยื่นแบบ</a>')
    assert r.details["level"] == 1


def test_maturity_service_form_not_poll_or_login():
    app = ('<form action="/apply"><input name="name"><input name="id_card"><input name="phone">'
           '<input type="file" name="doc"></form>')
    assert run("services.maturity", app).details["level"] == 3
    poll = ('<h3>แบบสำรวจ</h3><form><input type="radio" name="a" value="1"><input type="radio" name="a" value="2">'
            '<input type="radio" name="a" value="3"><input type="submit" value="โหวต"></form>')
    assert run("services.maturity", poll).details["level"] == 1


def test_unreachable_site_is_an_error():
    site = SiteEvidence(site_url=URL, final_url=URL, status="dns", reason="no such host", redirects=(), pages=())
    for cid in ("services.login", "services.maturity", "services.payment", "services.catalogue"):
        assert get_check(cid).run(site).outcome == "error"


def test_login_links_that_only_look_like_logins():
    # a report of sign-ins, a code repository named for a provider, a skip link on a page whose
    # own URL holds "sso", a menu opener ("Accedi al menu")
    assert run("services.login", '<a href="/login_logs.php">บันทึกการลงชื่อเข้าใช้</a>').outcome == "fail"
    assert run("services.login", '<a href="https://github.com/GovTechSG/singpass-myinfo-oidc-helper">'
                                 "Node.js library for Singpass and Myinfo's OpenID Connect APIs</a>").outcome == "fail"
    assert run("services.login", '<a href="#main">Skip to main content</a>',
               url="https://sso.agency.gov.uk/sign-in/").outcome == "fail"
    assert run("services.login", '<a href="#menu">Accedi al menu</a>').outcome == "fail"
    # and the real ones stay
    assert run("services.login", '<a href="/login.php">เข้าสู่ระบบ</a>').outcome == "pass"
    r = run("services.login", '<a href="https://my.gov.au/">my.gov.au</a>')
    assert r.outcome == "pass" and r.details["providers"] == ["myGov"]


def test_a_status_lookup_form_is_an_eservice_but_a_site_search_is_not():
    track = ('<h5>ตรวจสอบสถานะการสมัคร</h5><form id="checkStatusForm"><input name="search_idcard" '
             'placeholder="เลขบัตรประชาชน 13 หลัก"><select name="search_year"><option>ปี</option></select>'
             '<button type="submit">ตรวจสอบสถานะ</button></form>')
    r = run("services.eservice-links", track)
    assert r.outcome == "pass" and "eservice-lookup" in r.evidence[0].note
    site_search = '<form action="/search"><input type="search" name="q"><button>ค้นหา</button></form>'
    assert run("services.eservice-links", site_search).outcome == "fail"


def test_logging_in_to_the_system_names_no_system():
    """"เข้าสู่ระบบ" (log in to the system) on a bare login form is not a system's name."""
    form = ('<form method="post"><input name="username" placeholder="ชื่อผู้ใช้งาน">'
            '<input type="password" name="password"><button>เข้าสู่ระบบ</button></form>')
    assert run("services.eservice-links", form).outcome == "fail"
    named = '<h2>ระบบจองคิวออนไลน์</h2>' + form
    assert run("services.eservice-links", named).outcome == "pass"


def test_a_form_asking_only_for_the_case_number_looks_the_case_up():
    form = ('<h4>กรุณากรอกรหัสคำร้อง</h4><form name="myForm" method="post"><input name="frm_key" '
            'placeholder="ตัวอย่าง: 1001"><input type="submit" value="ค้นหา"></form>')
    r = run("services.eservice-links", form)
    assert r.outcome == "pass" and "รหัสคำร้อง" in r.evidence[0].note


def test_a_request_with_several_documents_is_an_application_but_a_message_with_one_file_is_not():
    person = ('<input name="by" placeholder="ชื่อ-นามสกุล"><input type="tel" name="phone" placeholder="เบอร์โทรศัพท์">'
              '<textarea name="address" placeholder="ที่อยู่"></textarea>')
    request = (f'<h3>ยื่นเอกสารเงินอุดหนุนเด็กแรกเกิด</h3><form method="post">{person}'
               '<input type="file" name="f1"><input type="file" name="f2"><button>ส่ง</button></form>')
    assert run("services.eservice-links", request).outcome == "pass"
    message = (f'<h3>ติดต่อเรา</h3><form method="post">{person}<input type="email" name="email" placeholder="อีเมล">'
               '<textarea name="msg" placeholder="ข้อความ"></textarea><input type="file" name="f1"><button>ส่ง</button></form>')
    assert run("services.eservice-links", message).outcome == "fail"


def test_staff_pages_guides_and_log_outs_are_not_citizen_logins():
    """A login on a page titled for staff is staff's; a PDF guide to logging in, a news line
    about the login, and a log-out link are not logins at all; an officers' login link is staff's."""
    form = '<form method="post"><input name="u"><input type="password" name="p"><button>เข้าสู่ระบบ</button></form>'

    def judge(title: str, body: str):
        return run("services.login", body, title=title)

    news = "<section>" + "ข่าวประชาสัมพันธ์ประจำเดือน " * 80 + "</section>"
    assert judge("แบบสำรวจความคิดเห็น", news + form).outcome == "pass"
    r = judge("แบบสำรวจสำหรับเจ้าหน้าที่", news + form)
    assert r.outcome == "fail" and r.details["staff_logins_ignored"] == 1
    assert run("services.login", '<a href="/docs/login-manual.pdf">วิธีเข้าสู่ระบบ</a>').outcome == "fail"
    long_news = "ประกาศ: การเข้าสู่ระบบบริการออนไลน์จะปิดปรับปรุงในวันเสาร์ที่ 5 ธันวาคม ตั้งแต่เวลา 8.00 น."
    assert run("services.login", f'<a href="/news/12">{long_news}</a>').outcome == "fail"
    assert run("services.login", '<a href="/logout.php">ออกจากระบบ</a>').outcome == "fail"
    r = run("services.login", '<a href="/login.php">เจ้าหน้าที่ปฏิบัติการ เข้าสู่ระบบ</a>')
    assert r.outcome == "fail" and r.details["staff_logins_ignored"] == 1
    assert run("services.login", '<a href="/login.php">เข้าสู่ระบบ</a>').outcome == "pass"


def test_governments_of_the_corpus_countries_have_their_suffixes():
    """A complaint book on Peru's shared service host is the same government as a regional
    site (gob.pe); the agency domain of a Kazakh ministry host is not the whole gov.kz."""
    from govlens.checks.match import same_government
    assert same_government("https://reclamos.servicios.gob.pe/", ["www.regionjunin.gob.pe"]) == "same-government"
    assert same_government("https://egov.kz.example.com/", ["www.gov.kz"]) is None
    assert same_government("https://eservices.punjab.gov.pk/", ["fisheries.punjab.gov.pk"]) == "same-agency"


def test_a_news_item_about_registering_is_not_an_eservice():
    """A headline linking into the site's news ("การรับสมัครสอบ…" → ?page=news) is read, not used."""
    news = ('<a href="/index.php?page=news&id=12">การรับสมัครสอบลูกจ้างเหมาปฏิบัติงาน</a>'
            '<a href="/public_detail.php?id=64">ลงทะเบียนขอใช้โปรแกรม WSM Lab Online</a>')
    assert run("services.eservice-links", news).outcome == "fail"
    assert run("services.eservice-links", '<a href="/register.php">ลงทะเบียนขอใช้โปรแกรม</a>').outcome == "pass"


def test_items_of_an_online_services_menu_are_e_services_whatever_their_names():
    """A menu "e-Service ▾" (its own link goes nowhere) lists the systems; their names need
    not say what they do. The same items under another title are not e-services."""
    items = '<ul><li><a href="https://app.agency.go.th/hub">Data Hub</a></li>' \
            '<li><a href="/centre">MyApp Centre</a></li></ul>'
    r = run("services.eservice-links", f'<nav><ul><li><a href="#">e-Service</a>{items}</li></ul></nav>')
    assert r.outcome == "pass" and r.details["by"] == "block"
    assert "https://www.agency.go.th/centre" in r.details["targets"]
    assert run("services.eservice-links", f'<nav><ul><li><a href="#">ข่าวสาร</a>{items}</li></ul></nav>').outcome == "fail"
    # items that lead to information pages (contact, news) are not systems
    info = '<ul><li><a href="/contact">ติดต่อเรา</a></li><li><a href="/news">ข่าวประชาสัมพันธ์</a></li></ul>'
    assert run("services.eservice-links", f'<nav><ul><li><a href="#">บริการออนไลน์</a>{info}</li></ul></nav>').outcome == "fail"
    # a "menu" of 40 links is the site's whole navigation, not a list of systems
    many = "<ul>" + "".join(f'<li><a href="/p{i}">Page {i}</a></li>' for i in range(40)) + "</ul>"
    assert run("services.eservice-links", f'<nav><ul><li><a href="#">e-Service</a>{many}</li></ul></nav>').outcome == "fail"


def test_a_page_with_a_public_account_sign_up_is_an_e_service_entry():
    """Choosing a password twice with one's details opens an account on a system (สมัครสมาชิก):
    the page is that system's entry. Signing up for an event is taking part, not a service."""
    signup = ('<form method="post"><input name="name" placeholder="ชื่อ-นามสกุล"><input name="email" type="email">'
              '<input type="password" name="pw"><input type="password" name="pw2"><button>สมัครสมาชิก</button></form>')
    r = run("services.eservice-links", f"<main><h1>สมัครสมาชิก</h1>{signup}</main>")
    assert r.outcome == "pass" and "registration form" in r.evidence[0].snippet
    event = f"<main><h1>Register for the event</h1>{signup}</main>"
    assert run("services.eservice-links", event, title="Register for the event").outcome == "fail"


def test_the_cms_sign_in_is_the_editors_not_a_citizen_login():
    """Liferay's /c/portal/login on a parliament's portal: the door of its editors."""
    r = run("services.login", '<a href="/c/portal/login?p_l_id=20184">Sign In</a>')
    assert r.outcome == "fail" and r.details["staff_logins_ignored"] == 1
    assert run("services.login", '<a href="/account/login">Sign In</a>').outcome == "pass"

import pytest

from govlens.checks.forms import classify
from govlens.evidence.parse import parse_html


def form(html: str):
    return parse_html(f"<html><body>{html}</body></html>".encode(), "http://gov.test/").forms[0]


@pytest.mark.parametrize("html,kind", [
    ('<form action="/r"><input name="q"><button>Go</button></form>', "search"),
    ('<form><input type="search" name="x"></form>', "search"),
    ('<form action="/find"><input name="t" placeholder="ค้นหาข้อมูล"><input type=submit value="ตกลง"></form>', "search"),
    ('<form><input name="user"><input type="password" name="pw"><button>เข้าสู่ระบบ</button></form>', "login"),
    ('<form><input name="name"><input name="email"><textarea name="msg"></textarea><button>ส่ง</button></form>', "feedback"),
    ('<form><input name="a"><input name="b"><input name="c"><input type="file" name="doc"></form>', "application"),
    ('<form><input type="email" name="e" placeholder="email"><button>Subscribe to newsletter</button></form>', "newsletter"),
    ('<form><input name="id_card"><input name="phone"><select name="prov"></select></form>', "application"),
])
def test_form_kinds(html, kind):
    assert classify(form(html)) == kind


# shapes of real forms the first rules got wrong (accuracy/realpages development errors)
@pytest.mark.parametrize("html,kind,why", [
    ('<form><h3>แบบฟอร์มแจ้งปัญหา</h3> ชื่อ-นามสกุล * <input> โทรศัพท์ * <input> อีเมล * <input type="email">'
     ' ข้อความ <textarea></textarea> <input type="file"></form>', "feedback",
     "unlabelled inputs under visible labels, a message and an attachment: a contact form"),
    ('<form>Nombre <input name="nombre"> Correo <input name="correo"> <select name="destino"></select>'
     ' <textarea name="mensaje"></textarea></form>', "feedback", "the writer's details in Spanish"),
    ('<form>Refine a sua busca <input name="termo"> <select name="tipo"></select> <select name="ano"></select></form>',
     "search", "a query with filters whose text says search"),
    ('<form><input name="busked"> <select name="tipo"></select> <input type="radio" name="como"></form>',
     "search", "one query box beside filters only"),
    ('<form><label>เลขประจำตัวผู้เสียภาษี <input name="taxid"></label> <select name="type"></select>'
     ' <select name="year"></select> <button>ตรวจสอบยอดภาษี</button></form>', "application",
     "a look-up by identifier is a service, not a site search"),
    ('<form id="advancedSearchForm"><label>Company name <input name="companyNameIncludes"></label>'
     ' <select name="status"></select> <input type="date" name="from"></form>', "search",
     "a company's name is not the writer's"),
    ('<form><label>Email address <input type="email" name="email"></label>'
     ' <label><input type="checkbox" name="remember_me"> Remember me</label></form>', "login",
     "a sign-in by e-mail with remember me"),
    ('<form><input name="page"> ir a pagina</form>', "other", "a page jumper is not a search"),
    ('<form method="post">กรุณากรอกรหัสคำร้อง <input name="frm_key" placeholder="ตัวอย่าง: 1001">'
     '<input type="submit" value="ค้นหา"></form>', "other", "a box for one's request code is a look-up"),
    ('<form id="checkStatusForm"><input name="search_idcard" placeholder="เลขบัตรประชาชน 13 หลัก">'
     '<select name="search_day"></select><select name="search_month"></select><button>ค้นหา</button></form>',
     "other", "an ID card number and a birth date look up one's record"),
    ('<form><input name="username" placeholder="เลขบัตรประชาชน"><button>เข้าสู่ระบบ</button></form>', "login",
     "an ID card number to log in with is a login, not a look-up"),
    ('<form>' + "".join(f'<input name="filter[cf_{i}]" placeholder="عنوان">' for i in range(7)) + '</form>',
     "search", "seven filters over a table are its search, not an application"),
    ('<form action="/result"><input name="tnames" placeholder="ชื่อ - สกุล"><select name="service_id"></select>'
     '<select name="province_name"></select><button type="submit">ค้นหา</button></form>', "search",
     "a directory searched by name and province, sent by GET with a search button"),
    ('<form method="post" action="/result"><input name="tnames" placeholder="ชื่อ - สกุล">'
     '<select name="service_id"></select><select name="province_name"></select><button type="submit">ค้นหา</button>'
     '</form>', "application", "the same fields posted are not a query in the URL"),
    ('<form method="post" action="check.php">หมายเลขประจำตัวประชาชน หรืออีเมลที่ยื่นคำขอ'
     '<input type="password" name="name" placeholder="3712345678912"><button type="submit">Track</button></form>',
     "other", "an ID number masked as it is typed, with no account name, looks a request up"),
    ('<form><label>รหัส PIN <input type="password" name="pin"></label><button>ตกลง</button></form>', "login",
     "a PIN alone signs in"),
    ('<form id="form1">ลงชื่อเข้าสู่ระบบ ชื่อผู้ใช้: <asp:TextBox ID="u" runat="server"/> รหัสผ่าน: '
     '<asp:TextBox ID="p" TextMode="Password" runat="server"/> เข้าสู่ระบบ</form>', "login",
     "server controls draw the fields; the form names the user and the password"),
    ('<form id="form1">ลงชื่อเข้าสู่ระบบ <asp:Button runat="server"/></form>', "other",
     "login words alone, no password named and no field, are not a login form"),
    ('<form action="/x.html"><input type="text"><button type="submit"><i class="fa fa-search"></i></button></form>',
     "search", "one unnamed box and an icon button, sent by GET: the header's search"),
    ('<form method="post" action="/x"><input type="text"><button type="submit"><i class="fa"></i></button></form>',
     "other", "the same box posted is no search"),
])
def test_form_kinds_of_real_shapes(html, kind, why):
    assert classify(form(html)) == kind, why


def test_contact_form_is_feedback_only_when_titled_so():
    from govlens.checks.registry import get_check, run_checks
    from govlens.evidence.model import SiteEvidence

    def outcome(body: str) -> str:
        page = parse_html(f"<html><head><title>ติดต่อเรา</title></head><body>{body}</body></html>".encode(),
                          "http://gov.test/", discovered_as="home")
        site = SiteEvidence(site_url="http://gov.test/", final_url="http://gov.test/", status="ok", reason="",
                            redirects=(), pages=(page,))
        return run_checks(site, [get_check("participation.feedback")])["participation.feedback"].outcome

    fields = ('<label for="n">ชื่อ</label><input id="n" name="n"> <label for="e">อีเมล</label>'
              '<input id="e" type="email" name="e"> <label for="m">ความคิดเห็น</label><textarea id="m" name="m">'
              '</textarea><button>ส่ง</button>')
    assert outcome(f"<h2>ติดต่อเรา</h2><form>{fields}</form>") == "fail"
    assert outcome(f"<h2>รับเรื่องร้องเรียน</h2><div><form>{fields}</form></div>") == "pass"
    named = fields.replace('name="m"', 'name="complaints"')
    assert outcome(f"<h2>ติดต่อเรา</h2><form>{named}</form>") == "pass"

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

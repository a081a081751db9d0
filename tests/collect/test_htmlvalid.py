"""HTML validity with the real Nu Html Checker (vnu.jar, run locally) and tech.html-valid.

The validator tests start vnu once for the module; they are skipped only when vnu.jar is
not installed (``make setup`` installs it: ``npm install --prefix .venv/npm vnu-jar``).
The check tests on hand-made messages need nothing.
"""

from __future__ import annotations

import dataclasses

import pytest

from govlens.checks.registry import get_check
from govlens.collect import htmlvalid
from govlens.collect.htmlvalid import (
    BatchValidator,
    NuValidator,
    ValidatorError,
    ValidatorUnavailable,
    find_jar,
    markup_of,
    validate_files,
)
from govlens.evidence.markup import served_document, with_markup
from govlens.evidence.model import Markup, SiteEvidence
from govlens.evidence.parse import parse_html

URL = "https://www.example.go.th/"

VALID = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Department of Examples</title>
</head>
<body>
<header><nav><a href="/about">About us</a> <a href="/contact">Contact</a></nav></header>
<main>
<h1>Welcome</h1>
<p>Services for citizens.</p>
<img src="/logo.png" alt="Department logo" width="100" height="50">
<form action="/search" method="get"><label for="q">Search</label> <input id="q" name="q" type="search"></form>
</main>
<footer><p>&copy; 2025 Department of Examples</p></footer>
</body>
</html>
"""

# line numbers matter: the assertions below name them
INVALID = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken</title></head>
<body>
<div id="main"><p>first
<div id="main">second</div>
<blink>obsolete and unknown</blink>
<span><b>unclosed bold</span>
<widget>custom</widget>
</body>
</html>
"""

THAI_TEXT = "ยินดีต้อนรับสู่เว็บไซต์กรมตัวอย่าง บริการประชาชน ข่าวประชาสัมพันธ์ ติดต่อเรา"
THAI_TIS620 = ("""<!DOCTYPE html>
<html lang="th">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=tis-620">
<title>กรมตัวอย่าง</title>
</head>
<body>
<h1>กรมตัวอย่าง</h1>
<p>""" + THAI_TEXT + """</p>
</body>
</html>
""").encode("cp874")


def site_of(page, **kw) -> SiteEvidence:
    return SiteEvidence(site_url=URL, final_url=page.final_url if page else URL, status=kw.pop("status", "ok"),
                        reason="", redirects=(), pages=(page,) if page else (), **kw)


def errors(markup) -> list[Markup]:
    return [m for m in markup if m.type == "error"]


def run_check(site: SiteEvidence):
    return get_check("tech.html-valid").run(site)


# ----------------------------------------------------------------------------- the validator

@pytest.fixture(scope="module")
def vnu():
    if find_jar() is None:
        pytest.skip("vnu.jar (Nu Html Checker) is not installed: run `make setup` or "
                    "`npm install --ignore-scripts --prefix .venv/npm vnu-jar`, or set GOVLENS_VNU_JAR")
    with NuValidator() as v:
        yield v
    assert not v.running  # stopped on exit


def test_service_is_loopback_and_answers(vnu):
    assert vnu.running and vnu.port
    assert vnu.startup_s is not None and vnu.startup_s > 0


def test_valid_html5_page_has_no_errors(vnu):
    markup = vnu.validate(VALID)
    assert errors(markup) == [], markup
    assert markup == ()  # not even a warning


def test_invalid_page_errors_with_line_numbers(vnu):
    markup = vnu.validate(INVALID)
    errs = errors(markup)
    by_line: dict[int, list[str]] = {}
    for m in errs:
        by_line.setdefault(m.line, []).append(m.message)
    assert any("Duplicate ID" in msg and "main" in msg for msg in by_line[6]), by_line
    assert any("blink" in msg and "obsolete" in msg for msg in by_line[7])
    assert any("Unclosed element" in msg and "“b”" in msg for msg in by_line[8])
    assert any("widget" in msg for msg in by_line[9])
    assert any("Unclosed element" in msg and "“div”" in msg for msg in by_line[5])
    # the first occurrence of the id is a warning pointing back at line 5
    assert any(m.type == "info" and m.subtype == "warning" and m.line == 5 and "first occurrence" in m.message
               for m in markup)
    assert all(m.column > 0 and m.extract for m in errs)


def test_same_input_same_messages(vnu):
    thai_no_lang = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><p>'
                    + THAI_TEXT * 20 + "</p></body></html>")
    runs = {vnu.validate(doc) for doc in (INVALID, INVALID, INVALID)}
    assert len(runs) == 1
    # vnu's own extracts depend on how the body arrived over the socket; ours do not
    assert len({vnu.validate(broken_page(600)) for _ in range(15)}) == 1
    # language detection is sampled at random unless seeded: the seed makes it repeatable
    lang = {vnu.validate(thai_no_lang) for _ in range(5)}
    assert len(lang) == 1
    assert any("Thai" in m.message for m in next(iter(lang)))


def test_thai_tis620_declared_in_meta(vnu):
    markup = vnu.validate(THAI_TIS620, "text/html")  # no charset in the header: found in <meta>
    text = " ".join(m.message for m in markup)
    assert "windows-874" in text  # the checker read the meta and decoded the page with it
    assert "Malformed" not in text and "Unmappable" not in text
    # HTML requires UTF-8: a legacy encoding is an error, as on validator.w3.org
    assert any(m.type == "error" and "Legacy encoding" in m.message for m in markup)

    # the evidence path re-encodes the decoded page as it was served and gets the same answer
    page = parse_html(THAI_TIS620, URL, headers=(("content-type", "text/html"),))
    assert page.charset == "cp874" and page.charset_source == "meta"
    assert THAI_TEXT in page.text
    body, ctype = served_document(site_of(page))
    assert body == THAI_TIS620 and ctype == "text/html"
    assert with_markup(site_of(page), vnu).markup == markup

    # sent as UTF-8 text instead, the meta would disagree: that is why bytes are rebuilt
    wrong = vnu.validate(THAI_TIS620.decode("cp874"))
    assert any("disagrees" in m.message for m in wrong)


def test_charset_from_header_is_passed_on(vnu):
    body = VALID.replace('<meta charset="utf-8">\n', "").encode("utf-8")
    assert not any("encoding" in m.message.lower() for m in vnu.validate(body, "text/html; charset=utf-8"))
    undeclared = vnu.validate(body, "text/html")
    assert any("encoding" in m.message.lower() for m in undeclared)


def test_with_markup_is_a_new_evidence(vnu):
    ev = site_of(parse_html(INVALID.encode(), URL, headers=(("content-type", "text/html; charset=utf-8"),)))
    out = with_markup(ev, vnu)
    assert ev.markup is None and out is not ev
    assert out.markup == vnu.validate(INVALID)
    assert dataclasses.replace(out, markup=None) == ev
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.markup = ()  # type: ignore[misc]


def test_check_outcomes_on_validated_evidence(vnu):
    valid = with_markup(site_of(parse_html(VALID.encode(), URL)), vnu)
    r = run_check(valid)
    assert (r.outcome, r.score, r.details["errors"]) == ("pass", 1.0, 0)

    invalid = with_markup(site_of(parse_html(INVALID.encode(), URL)), vnu)
    r = run_check(invalid)
    n = r.details["errors"]
    assert 1 <= n <= 10 and r.outcome == "partial" and r.score == pytest.approx(1 - n / 20)
    assert r.evidence[0].url == URL and "Duplicate ID" in r.evidence[0].note
    assert r.evidence[0].note.startswith("6:1 error:")
    assert r.details["warnings"] >= 1

    many = INVALID.replace("<widget>custom</widget>", "<widget>x</widget>\n" * 12)
    r = run_check(with_markup(site_of(parse_html(many.encode(), URL)), vnu))
    assert r.outcome == "fail" and r.score == 0.0 and r.details["errors"] > 10
    assert len(r.evidence) == 10


def test_batch_fallback_matches_the_service(vnu, tmp_path):
    (tmp_path / "valid.html").write_text(VALID, encoding="utf-8")
    (tmp_path / "invalid.html").write_text(INVALID, encoding="utf-8")
    (tmp_path / "thai.html").write_bytes(THAI_TIS620)
    got = validate_files(sorted(tmp_path.iterdir()))
    assert set(got) == {p.resolve() for p in tmp_path.iterdir()}
    assert got[(tmp_path / "valid.html").resolve()] == ()
    assert got[(tmp_path / "invalid.html").resolve()] == vnu.validate(INVALID)
    # vnu's command line reads files as UTF-8 whatever their <meta> says …
    assert any("Malformed byte sequence" in m.message for m in got[(tmp_path / "thai.html").resolve()])
    # … so BatchValidator decodes first: the text is checked, the error count is the service's
    batch = BatchValidator().validate(THAI_TIS620, "text/html")
    service = vnu.validate(THAI_TIS620, "text/html")
    assert not any("Malformed" in m.message for m in batch)
    assert len(errors(batch)) == len(errors(service))
    assert any("disagrees" in m.message for m in batch)
    assert BatchValidator().validate(INVALID) == vnu.validate(INVALID)


def broken_page(lines: int) -> str:
    return ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>t</title></head>\n<body>\n'
            + "<p>text <b>bold</b> <i>italic</p>\n" * lines + "</body>\n</html>\n")


def test_message_limit_and_large_documents(vnu):
    small = vnu.validate(broken_page(600))  # ~1800 messages: the checker stops at 1000
    assert len(small) == htmlvalid.MESSAGE_LIMIT + 1
    assert small[-1] == Markup("error", "Too many messages.", subtype="fatal")
    r = run_check(with_markup(site_of(parse_html(broken_page(600).encode(), URL)), vnu))
    assert r.outcome == "fail" and r.details["capped"] is True and r.details["errors"] >= 900
    assert "Too many" not in " ".join(p.note for p in r.evidence)

    # 4 MB: vnu stops reading at the limit; the body was sent compressed, so the answer arrives whole
    big = broken_page(130_000).encode()
    assert len(big) > 4_000_000
    def texts(markup):
        return [(m.type, m.subtype, m.message) for m in markup]

    # (the same messages; a position can differ by one character where vnu's read buffers
    # split the text, and the two documents are read in other pieces)
    assert texts(vnu.validate(big)) == texts(small)
    # and a batch run stops where the service does
    assert texts(BatchValidator().validate(broken_page(600))) == texts(small)


def test_too_large_document_is_not_sent(vnu):
    markup = vnu.validate(b" " * (htmlvalid.MAX_DOCUMENT_BYTES + 1))
    assert [m.type for m in markup] == ["non-document-error"]
    assert vnu.running
    page = parse_html(VALID.encode(), URL)
    r = run_check(site_of(page, markup=markup))
    assert r.outcome == "error" and "larger than" in r.details["reason"]


def test_open_validator_falls_back_to_batch(monkeypatch):
    if find_jar() is None:
        pytest.skip("vnu.jar is not installed")

    def cannot_start(self):
        raise ValidatorError("no sockets here")

    monkeypatch.setattr(NuValidator, "start", cannot_start)
    assert isinstance(htmlvalid.open_validator(), BatchValidator)
    with pytest.raises(ValidatorError):
        htmlvalid.open_validator(batch_fallback=False)


def test_a_dead_service_is_started_again(vnu):
    before = vnu.validate(INVALID)
    vnu._proc.kill()  # as the OOM killer would
    vnu._proc.wait()
    assert not vnu.running
    assert vnu.validate(INVALID) == before
    assert vnu.running


def test_validator_not_started_or_closed_is_an_error():
    if find_jar() is None:
        pytest.skip("vnu.jar is not installed")
    v = NuValidator()
    with pytest.raises(ValidatorError, match="not running"):
        v.validate(VALID)
    v.close()
    assert not v.running


def test_a_failing_validator_becomes_an_error_outcome():
    class Broken:
        def validate(self, html, content_type="text/html"):
            raise ValidatorError("connection refused")

    ev = with_markup(site_of(parse_html(VALID.encode(), URL)), Broken())
    assert ev.markup is not None and ev.markup[0].type == "non-document-error"
    r = run_check(ev)
    assert r.outcome == "error" and "connection refused" in r.details["reason"]


# ----------------------------------------------------------------------------- jar discovery

def test_jar_from_env(monkeypatch, tmp_path):
    jar = tmp_path / "vnu.jar"
    monkeypatch.setenv("GOVLENS_VNU_JAR", str(jar))
    assert find_jar() is None  # set but missing: no silent fallback elsewhere
    with pytest.raises(ValidatorUnavailable, match="GOVLENS_VNU_JAR"):
        NuValidator()
    jar.write_bytes(b"PK")
    assert find_jar() == jar


def test_no_jar_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("GOVLENS_VNU_JAR", raising=False)
    monkeypatch.setattr(htmlvalid, "jar_candidates", lambda: [tmp_path / "nothing.jar"])
    assert find_jar() is None
    with pytest.raises(ValidatorUnavailable, match="npm install"):
        NuValidator()


def test_optional_validator_for_a_run(monkeypatch, tmp_path):
    with htmlvalid.optional_validator(False) as v:
        assert v is None
    monkeypatch.delenv("GOVLENS_VNU_JAR", raising=False)
    monkeypatch.setattr(htmlvalid, "jar_candidates", lambda: [tmp_path / "nothing.jar"])
    said: list[str] = []
    with htmlvalid.optional_validator(True, said.append) as v:
        assert v is None
    assert len(said) == 1 and "not applicable" in said[0] and "vnu.jar" in said[0]


# ----------------------------------------------------------------------------- the check alone

def test_check_rule_on_given_messages():
    page = parse_html(VALID.encode(), URL)
    err = Markup("error", "Stray end tag “div”.", 12, 3, "</div>")
    warn = Markup("info", "Consider adding a “lang” attribute.", 2, 1, "<html>", "warning")
    note = Markup("info", "Trailing slash on void elements has no effect.", 4, 5, "<br/>")

    r = run_check(site_of(page))
    assert r.outcome == "not_applicable" and "not validated" in r.details["reason"]

    r = run_check(site_of(page, markup=()))
    assert (r.outcome, r.score) == ("pass", 1.0)

    r = run_check(site_of(page, markup=(warn, note)))
    assert (r.outcome, r.details["errors"], r.details["warnings"], r.details["info"]) == ("pass", 0, 1, 1)

    r = run_check(site_of(page, markup=(warn, err)))
    assert (r.outcome, r.score) == ("partial", 0.95)
    assert r.evidence[0].note == "12:3 error: Stray end tag “div”." and r.evidence[0].snippet == "</div>"
    assert r.evidence[1].note.startswith("2:1 warning:")

    r = run_check(site_of(page, markup=(err,) * 10))
    assert (r.outcome, r.score) == ("partial", 0.5)

    r = run_check(site_of(page, markup=(err,) * 11 + (warn,)))
    assert (r.outcome, r.score, r.details["errors"], len(r.evidence)) == ("fail", 0.0, 11, 10)

    fatal = Markup("error", "Garbage after “</html>”.", 9, 1, "", "fatal")
    r = run_check(site_of(page, markup=(fatal,)))
    assert r.outcome == "partial" and r.details["fatal"] is True and " fatal: " in r.evidence[0].note


def test_check_on_unreachable_site_is_an_error():
    r = run_check(site_of(None, status="dns", markup=None))
    assert r.outcome == "error" and "site-unreachable" in r.details["reason"]


def test_check_metadata():
    info = get_check("tech.html-valid")
    assert info.category == "tech" and {"en", "th"} <= set(info.title) and {"en", "th"} <= set(info.description)
    assert "W3C Nu Html Checker" in info.references and info.needs == ("page", "markup")
    assert set(info.options) == {"max_partial_errors"}


def test_extracts_cut_from_the_source():
    src = htmlvalid.Source("ab\r\ncd\U0001F600ef<x>gh12345678\rlast")
    # line 2, UTF-16 columns 7-9 are "<x>" (the emoji is columns 3-4); context 10 before, 6 after
    assert src.extract((2, 7), (2, 9)) == "ab\ncd\U0001F600ef<x>gh1234"
    assert src.extract((3, 1), (3, 4)) == "h12345678\nlast"
    assert src.extract((9, 1), (9, 2)) is None
    m = markup_of({"type": "error", "lastLine": 2, "firstColumn": 7, "lastColumn": 9, "message": "m",
                   "extract": "f<x>g"}, src)
    assert m.extract == "ab\ncd\U0001F600ef<x>gh1234"
    assert markup_of({"type": "error", "message": "m", "extract": "kept"}, src).extract == "kept"


def test_markup_position_rules():
    same_line = markup_of({"type": "error", "lastLine": 7, "firstColumn": 3, "lastColumn": 9, "message": "m"})
    multi = markup_of({"type": "error", "firstLine": 5, "lastLine": 7, "firstColumn": 2, "lastColumn": 9,
                       "message": "m", "extract": "x", "subType": "fatal"})
    point = markup_of({"type": "info", "lastLine": 4, "lastColumn": 6, "message": "m", "subType": "warning"})
    whole = markup_of({"type": "error", "message": "Legacy encoding used."})
    assert (same_line.line, same_line.column) == (7, 3)
    assert (multi.line, multi.column, multi.subtype) == (5, 2, "fatal")
    assert (point.line, point.column) == (4, 6)
    assert (whole.line, whole.column) == (0, 0)


def test_unreachable_or_empty_home_is_not_validated():
    class Never:
        def validate(self, html, content_type="text/html"):
            raise AssertionError("must not be called")

    down = site_of(None, status="connect")
    assert with_markup(down, Never()) is down
    ok = site_of(parse_html(VALID.encode(), URL))
    assert with_markup(ok, None) is ok
    empty = site_of(dataclasses.replace(ok.pages[0], html=""))
    assert with_markup(empty, Never()) is empty

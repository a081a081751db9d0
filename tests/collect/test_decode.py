import pytest

from govlens.collect.decode import decode

THAI = "กรมการปกครอง ติดต่อเรา ข่าวประชาสัมพันธ์"


@pytest.mark.parametrize("label", ["tis-620", "TIS620", "windows-874", "iso-8859-11"])
def test_thai_legacy_labels_in_header_decode_thai(label):
    text, codec, source = decode(THAI.encode("cp874"), f"text/html; charset={label}")
    assert text == THAI and codec == "cp874" and source == "header"


def test_meta_charset_used_when_header_silent():
    body = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=tis-620"></head>{THAI}'
    text, codec, source = decode(body.encode("cp874"), "text/html")
    assert THAI in text and source == "meta"


def test_bom_beats_a_wrong_header():
    text, codec, source = decode(b"\xef\xbb\xbf" + THAI.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert text == THAI and source == "bom"


def test_undeclared_legacy_thai_is_detected():
    text, codec, source = decode((THAI + " ") .encode("cp874") * 3, "text/html")
    assert codec == "cp874" and source == "detected" and THAI in text


def test_header_latin1_is_windows_1252_like_browsers():
    text, codec, _ = decode("price 5\u20ac".encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert text.endswith("\u20ac") and codec == "cp1252"


def test_bad_bytes_never_raise():
    text, codec, _ = decode(b"<p>\xff\xfa</p>\x00", "text/html; charset=utf-8")
    assert "\ufffd" in text

"""URL normalisation: equal sites must get equal spellings, uncrawlable URLs must be refused."""

from __future__ import annotations

import pytest

from govlens.catalog import normalise_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.moph.go.th", "https://www.moph.go.th/"),
        ("HTTPS://WWW.MOPH.GO.TH/", "https://www.moph.go.th/"),
        ("https://www.moph.go.th:443/", "https://www.moph.go.th/"),
        ("http://www.moph.go.th:80", "http://www.moph.go.th/"),
        ("http://www.moph.go.th:443/", "http://www.moph.go.th:443/"),
        ("https://www.moph.go.th:8443/x", "https://www.moph.go.th:8443/x"),
        ("https://www.moph.go.th/#top", "https://www.moph.go.th/"),
        (
            "https://www.moph.go.th/News/Index.php?id=5&A=B#frag",
            "https://www.moph.go.th/News/Index.php?id=5&A=B",
        ),
        ("  https://www.rd.go.th/  ", "https://www.rd.go.th/"),
        ("https://www.rd.go.th./", "https://www.rd.go.th/"),
        ("https://127.0.0.1:8000", "https://127.0.0.1:8000/"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("https://localhost", "https://localhost/"),
        ("https://ตัวอย่าง.ไทย/", "https://xn--72c1a1bt4awk9o.xn--o3cw4h/"),
        (
            "https://www.moph.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7",
            "https://www.moph.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7",
        ),
    ],
)
def test_normalise(raw, expected):
    assert normalise_url(raw) == expected


def test_normalisation_is_idempotent():
    once = normalise_url("HTTPS://Www.Mof.Go.Th:443?q=1#x")
    assert once == "https://www.mof.go.th/?q=1"
    assert normalise_url(once) == once


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "empty"),
        ("www.moph.go.th", "no scheme"),
        ("moph.go.th:443/", "no scheme"),
        ("localhost:8000/", "no scheme"),
        ("//www.moph.go.th/", "no scheme"),
        ("ftp://www.moph.go.th/", "unsupported scheme 'ftp'"),
        ("mailto:info@moph.go.th", "unsupported scheme 'mailto'"),
        ("javascript:alert(1)", "unsupported scheme"),
        ("https://", "no host"),
        ("https:///path", "no host"),
        ("https://www.moph .go.th/", "whitespace"),
        ("https://www.moph.go.th/a b", "whitespace"),
        ("https://user:pw@www.moph.go.th/", "user name or password"),
        ("https://www.moph.go.th:99999/", "invalid port"),
        ("https://www.moph.go.th:abc/", "invalid port"),
        ("https://www..go.th/", "invalid host"),
        ("https://-bad-.go.th/", "invalid host"),
        ("https://exa$mple.com/", "invalid host"),
    ],
)
def test_bad_urls_raise_value_error_with_reason(raw, words):
    with pytest.raises(ValueError, match="URL") as info:
        normalise_url(raw)
    assert words in str(info.value)


def test_non_text_is_refused():
    with pytest.raises(ValueError, match="must be text"):
        normalise_url(None)  # type: ignore[arg-type]

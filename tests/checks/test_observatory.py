"""The Mozilla HTTP Observatory grading (algorithm 3 and 6) from header sets written from its
published scoring description, and the security checks built on the evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govlens.checks.observatory import (
    SCORE_TABLE_V3,
    SCORE_TABLE_V6,
    TESTS,
    grade,
    grade_for,
    registrable_domain,
    score_results,
    structured_token,
)
from govlens.checks.registry import get_check
from govlens.evidence.model import Fetched, Hop, SiteEvidence, TLSInfo
from govlens.evidence.parse import parse_html

URL = "https://www.example.go.th/"
GOOD_CHAIN = [("http://www.example.go.th/", 301), ("https://www.example.go.th/", 200)]
HTML = [("content-type", "text/html; charset=utf-8")]


def run(headers=(), *, html=None, url=URL, cookies=(), chain=GOOD_CHAIN, https_ok=True, v=6, **kw):
    return grade(list(headers), html=html, url=url, cookies=list(cookies), redirect_chain=chain,
                 https_ok=https_ok, algorithm=v, **kw)


def result(test: str, headers=(), v=6, **kw) -> str:
    return run(headers, v=v, **kw).tests[test]["result"]


# ---------------------------------------------------------------- tables and grade chart
# Mozilla's SCORE_TABLE of v3 and v6 (MPL-2.0), source noted in the file.
REFERENCE = Path(__file__).parent / "data" / "http-observatory-score-modifiers.md"


def test_every_modifier_equals_the_reference_table() -> None:
    v3: dict[str, int] = {}
    v6: dict[str, int] = {}
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1].startswith("`"):
            name = cells[1].strip("`")
            if cells[2] != "—":
                v3[name] = int(cells[2])
            if cells[3] != "—":
                v6[name] = int(cells[3])
    assert len(v3) == 67 and len(v6) == 77
    # v3's code also has x-xss-protection-not-needed-due-to-csp (modifier 0), absent from the table
    assert {k: v for k, v in SCORE_TABLE_V3.items() if k != "x-xss-protection-not-needed-due-to-csp"} == v3
    assert v6 == SCORE_TABLE_V6


def test_tables_match_the_reference() -> None:
    assert len(SCORE_TABLE_V3) == 68 and len(SCORE_TABLE_V6) == 77
    assert SCORE_TABLE_V3["x-frame-options-sameorigin-or-deny"] == 0
    assert SCORE_TABLE_V6["x-frame-options-sameorigin-or-deny"] == 5
    assert "x-xss-protection-not-implemented" not in SCORE_TABLE_V6
    for dropped in ("referrer-policy-no-referrer-when-downgrade", "xml-not-parsable",
                    "request-did-not-return-status-code-200"):
        assert dropped in SCORE_TABLE_V3 and dropped not in SCORE_TABLE_V6
    assert SCORE_TABLE_V6["csp-not-implemented-but-reporting-enabled"] == -25
    assert SCORE_TABLE_V6["csp-implemented-but-duplicate-directives"] == 0
    assert len(TESTS[6]) == 12 and len(TESTS[3]) == 10


@pytest.mark.parametrize(("score", "letter"), [
    (150, "A+"), (100, "A+"), (99, "A"), (90, "A"), (89, "A-"), (85, "A-"), (84, "B+"), (80, "B+"),
    (79, "B"), (70, "B"), (69, "B-"), (65, "B-"), (64, "C+"), (60, "C+"), (59, "C"), (50, "C"),
    (49, "C-"), (45, "C-"), (44, "D+"), (40, "D+"), (39, "D"), (30, "D"), (29, "D-"), (25, "D-"),
    (24, "F"), (5, "F"), (0, "F"), (-20, "F"),
])
def test_grade_chart(score: int, letter: str) -> None:
    assert grade_for(score) == letter


def test_bonus_only_when_uncurved_at_least_90() -> None:
    # 90 uncurved + bonuses counts; 85 uncurved does not get its bonuses
    assert score_results({"a": "hsts-implemented-max-age-less-than-six-months",
                          "b": "csp-implemented-with-no-unsafe-default-src-none"}) == (100, 90, 100)
    assert score_results({"a": "hsts-implemented-max-age-less-than-six-months",
                          "c": "x-content-type-options-not-implemented",
                          "b": "csp-implemented-with-no-unsafe-default-src-none"}) == (85, 85, 95)


# ---------------------------------------------------------------- whole header sets
@pytest.mark.parametrize("v", [3, 6])
def test_no_headers_on_https_is_the_known_baseline(v: int) -> None:
    r = run([], v=v)
    assert (r.score, r.grade) == (30, "D")
    assert r.tests["content-security-policy"]["result"] == "csp-not-implemented"
    assert r.tests["strict-transport-security"]["result"] == "hsts-not-implemented"
    assert r.tests["x-frame-options"]["result"] == "x-frame-options-not-implemented"
    assert r.tests["x-content-type-options"]["result"] == "x-content-type-options-not-implemented"
    assert r.tests["redirection"]["result"] == "redirection-to-https"
    assert len(r.tests) == len(TESTS[v]) and r.algorithm == v


@pytest.mark.parametrize("v", [3, 6])
def test_http_only_site_without_redirect(v: int) -> None:
    r = run([], url="http://www.example.go.th/", chain=[("http://www.example.go.th/", 200)], https_ok=False, v=v)
    assert r.tests["redirection"]["result"] == "redirection-missing"
    assert r.tests["strict-transport-security"]["result"] == "hsts-not-implemented-no-https"
    assert (r.score, r.grade) == (10, "F")


A_PLUS = [
    ("content-security-policy", "default-src 'none'; script-src 'self'; img-src 'self'; style-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    ("strict-transport-security", "max-age=63072000; includeSubDomains; preload"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cross-origin-embedder-policy", "require-corp"),
    ("cross-origin-opener-policy", "same-origin"),
    *HTML,
]
A_PLUS_HTML = '<html><head><script src="/app.js" integrity="sha384-abc"></script></head><body></body></html>'
A_PLUS_COOKIE = ["SESSIONID=abc; Path=/; Secure; HttpOnly; SameSite=Strict"]


def test_full_a_plus_set_v6() -> None:
    r = run(A_PLUS, html=A_PLUS_HTML, cookies=A_PLUS_COOKIE, v=6)
    expected = {
        "content-security-policy": ("csp-implemented-with-no-unsafe-default-src-none", 10),
        "cookies": ("cookies-secure-with-httponly-sessions-and-samesite", 5),
        "cross-origin-resource-sharing": ("cross-origin-resource-sharing-not-implemented", 0),
        "redirection": ("redirection-to-https", 0),
        "referrer-policy": ("referrer-policy-private", 5),
        "strict-transport-security": ("hsts-implemented-max-age-at-least-six-months", 0),
        "subresource-integrity": ("sri-implemented-and-all-scripts-loaded-securely", 5),
        "x-content-type-options": ("x-content-type-options-nosniff", 0),
        "x-frame-options": ("x-frame-options-implemented-via-csp", 5),
        "cross-origin-resource-policy": ("corp-implemented-with-same-origin", 10),
        "cross-origin-embedder-policy": ("coep-implemented-with-require-corp", 10),
        "cross-origin-opener-policy": ("coop-implemented-with-same-origin", 10),
    }
    assert {k: (t["result"], t["modifier"]) for k, t in r.tests.items()} == expected
    assert (r.score, r.grade, r.tests_passed, r.tests_quantity) == (160, "A+", 12, 12)


def test_full_a_plus_set_v3_reaches_the_documented_maximum() -> None:
    r = run(A_PLUS, html=A_PLUS_HTML, cookies=A_PLUS_COOKIE, v=3, hsts_preloaded=True)
    assert r.tests["strict-transport-security"]["result"] == "hsts-preloaded"
    assert r.tests["x-xss-protection"]["result"] == "x-xss-protection-not-needed-due-to-csp"
    assert (r.score, r.grade) == (135, "A+")  # the v3 docs' highest reachable score
    r6 = run(A_PLUS, html=A_PLUS_HTML, cookies=A_PLUS_COOKIE, v=6, hsts_preloaded=True)
    assert r6.score == 165


def test_common_government_setup_v3_vs_v6() -> None:
    """HSTS + nosniff + SAMEORIGIN, no CSP: XFO earns +5 only in v6, but the bonus rule drops it."""
    headers = [("strict-transport-security", "max-age=31536000"), ("x-content-type-options", "nosniff"),
               ("x-frame-options", "SAMEORIGIN"), *HTML]
    r3, r6 = run(headers, v=3), run(headers, v=6)
    assert (r3.score, r3.grade) == (75, "B")
    assert (r6.score, r6.grade) == (75, "B")
    assert r6.with_extra_credit == 80 and r6.uncurved == 75


def test_bonuses_count_at_90() -> None:
    headers = [("content-security-policy", "default-src 'self'"), ("strict-transport-security", "max-age=600"),
               ("x-content-type-options", "nosniff"), ("x-frame-options", "DENY"),
               ("referrer-policy", "strict-origin-when-cross-origin"), *HTML]
    r = run(headers, v=6)  # -10 HSTS; +5 CSP +5 XFO +5 referrer
    assert (r.uncurved, r.score, r.grade) == (90, 105, "A+")
    r = run(headers, v=3)  # XFO SAMEORIGIN/DENY is 0 in v3
    assert (r.uncurved, r.score, r.grade) == (90, 100, "A+")


def test_score_floor_is_zero() -> None:
    headers = [("access-control-allow-origin", "https://observatory.example"),
               ("access-control-allow-credentials", "true"), ("referrer-policy", "unsafe-url"), *HTML]
    html = '<script src="http://cdn.other.com/lib.js"></script>'
    r = run(headers, html=html, url="http://www.example.go.th/", cookies=["PHPSESSID=1; path=/"],
            chain=[("http://www.example.go.th/", 200)], https_ok=False, cors_origin="https://observatory.example")
    assert r.tests["cross-origin-resource-sharing"]["result"] == \
        "cross-origin-resource-sharing-implemented-with-universal-access"
    assert r.tests["cookies"]["result"] == "cookies-session-without-secure-flag"
    assert r.tests["subresource-integrity"]["result"] == "sri-not-implemented-and-external-scripts-not-loaded-securely"
    assert r.uncurved < 0 and (r.score, r.grade) == (0, "F")


def test_unknown_algorithm() -> None:
    with pytest.raises(ValueError):
        run([], v=4)


# ---------------------------------------------------------------- Content Security Policy
@pytest.mark.parametrize(("policy", "expected"), [
    ("default-src 'none'", "csp-implemented-with-no-unsafe-default-src-none"),
    ("default-src 'self'", "csp-implemented-with-no-unsafe"),
    ("default-src 'none'; img-src 'self'", "csp-implemented-with-no-unsafe-default-src-none"),
    ("default-src 'none' 'self'", "csp-implemented-with-no-unsafe"),
    ("default-src 'self'; script-src 'self' 'unsafe-inline'", "csp-implemented-with-unsafe-inline"),
    ("default-src 'self'; script-src 'self' data:", "csp-implemented-with-unsafe-inline"),
    ("default-src 'self'; script-src https:", "csp-implemented-with-unsafe-inline"),
    ("default-src *", "csp-implemented-with-unsafe-inline"),
    ("script-src 'self'", "csp-implemented-with-unsafe-inline"),  # object-src falls back to *
    ("default-src 'self'; script-src 'self' 'unsafe-eval'", "csp-implemented-with-unsafe-eval"),
    ("default-src 'self'; style-src 'self' 'unsafe-inline'", "csp-implemented-with-unsafe-inline-in-style-src-only"),
    ("default-src 'self'; script-src http://cdn.example.com", "csp-implemented-with-insecure-scheme"),
    ("default-src 'self'; img-src http://img.example.com", "csp-implemented-with-insecure-scheme-in-passive-content-only"),
    ("default-src 'none'; script-src 'nonce-abc' 'unsafe-inline'", "csp-implemented-with-no-unsafe-default-src-none"),
    ("default-src 'self'; script-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'",
     "csp-implemented-with-no-unsafe"),
    ("default-src 'self'; script-src 'strict-dynamic'", "csp-header-invalid"),
    ("default-src 'self'; default-src 'none'", "csp-header-invalid"),
    ("a", "csp-header-invalid"),
    ("DEFAULT-SRC 'NONE'", "csp-implemented-with-no-unsafe-default-src-none"),
])
@pytest.mark.parametrize("v", [3, 6])
def test_csp(policy: str, expected: str, v: int) -> None:
    assert result("content-security-policy", [("content-security-policy", policy)], v=v) == expected


def test_csp_not_implemented_and_report_only() -> None:
    ro = [("content-security-policy-report-only", "default-src 'self'; report-uri /r")]
    assert result("content-security-policy", ro, v=6) == "csp-not-implemented-but-reporting-enabled"
    assert result("content-security-policy", ro, v=3) == "csp-not-implemented"
    assert run(ro, v=6).tests["content-security-policy"]["modifier"] == -25


def test_csp_duplicate_report_directives() -> None:
    h = [("content-security-policy", "default-src 'self'; report-uri /a; report-uri /b")]
    r6 = run(h, v=6).tests["content-security-policy"]
    assert (r6["result"], r6["modifier"], r6["pass"]) == ("csp-implemented-but-duplicate-directives", 0, True)
    assert result("content-security-policy", h, v=3) == "csp-header-invalid"


def test_csp_meta_and_multiple_policies() -> None:
    meta = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    assert result("content-security-policy", [], html=meta) == "csp-implemented-with-no-unsafe-default-src-none"
    assert result("content-security-policy", [], html=meta, v=3) == "csp-implemented-with-no-unsafe-default-src-none"
    # frame-ancestors alone in a meta tag is ignored by browsers (v6)
    only_fa = '<meta http-equiv="content-security-policy" content="frame-ancestors \'none\'">'
    assert result("content-security-policy", [], html=only_fa, v=6) == "csp-not-implemented"
    # two policies: a source must be allowed by both
    two = [("content-security-policy", "default-src 'self' https://cdn.example.com"),
           ("content-security-policy", "default-src 'self'")]
    assert result("content-security-policy", two) == "csp-implemented-with-no-unsafe"
    two_unsafe = [("content-security-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'"),
                  ("content-security-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'")]
    assert result("content-security-policy", two_unsafe) == "csp-implemented-with-unsafe-inline"
    # comma-joined policies are two policies in v6
    joined = [("content-security-policy", "default-src 'none', default-src 'self'")]
    assert result("content-security-policy", joined, v=6) == "csp-implemented-with-no-unsafe-default-src-none"


def test_csp_insecure_scheme_only_on_https() -> None:
    h = [("content-security-policy", "default-src 'self'; script-src http://cdn.example.com")]
    assert result("content-security-policy", h, url="http://www.example.go.th/",
                  chain=[("http://www.example.go.th/", 200)], https_ok=False) == "csp-implemented-with-no-unsafe"


# ---------------------------------------------------------------- cookies
@pytest.mark.parametrize(("cookies", "hsts", "expected"), [
    ([], False, "cookies-not-found"),
    (["sessionid=1; Secure; HttpOnly; SameSite=Lax"], False, "cookies-secure-with-httponly-sessions-and-samesite"),
    (["lang=th; Secure"], False, "cookies-secure-with-httponly-sessions"),
    (["lang=th; Secure; SameSite=Lax", "theme=1; Secure"], False, "cookies-secure-with-httponly-sessions"),
    (["lang=th"], True, "cookies-without-secure-flag-but-protected-by-hsts"),
    (["lang=th"], False, "cookies-without-secure-flag"),
    (["JSESSIONID=1; Secure; SameSite=Lax"], False, "cookies-session-without-httponly-flag"),
    (["PHPSESSID=1; HttpOnly"], False, "cookies-session-without-secure-flag"),
    (["PHPSESSID=1; HttpOnly"], True, "cookies-session-without-secure-flag-but-protected-by-hsts"),
    (["csrftoken=1; Secure"], False, "cookies-anticsrf-without-samesite-flag"),
    (["csrftoken=1; Secure; SameSite=Strict"], False, "cookies-secure-with-httponly-sessions-and-samesite"),
    (["a=1; Secure; SameSite=Bogus"], False, "cookies-samesite-flag-invalid"),
    (["a=1; Secure; SameSite"], False, "cookies-samesite-flag-invalid"),
    (["a=1; SameSite=None"], False, "cookies-samesite-flag-invalid"),
    (["a=1; Secure; SameSite=None"], False, "cookies-secure-with-httponly-sessions-and-samesite"),
    (["login_token=1; Secure; HttpOnly", "x=1"], False, "cookies-without-secure-flag"),
    (["heroku-session-affinity=1"], False, "cookies-not-found"),
])
@pytest.mark.parametrize("v", [3, 6])
def test_cookies(cookies: list[str], hsts: bool, expected: str, v: int) -> None:
    headers = [("strict-transport-security", "max-age=31536000")] if hsts else []
    assert result("cookies", headers, cookies=cookies, v=v) == expected


def test_cloudflare_cookie_ignored_in_v3_only() -> None:
    assert result("cookies", [], cookies=["__cfduid=1"], v=3) == "cookies-not-found"
    assert result("cookies", [], cookies=["__cfduid=1"], v=6) == "cookies-without-secure-flag"


# ---------------------------------------------------------------- CORS
def test_cors() -> None:
    assert result("cross-origin-resource-sharing", [("access-control-allow-origin", "*")]) == \
        "cross-origin-resource-sharing-implemented-with-public-access"
    # "*" with credentials is still public access (browsers refuse credentials with "*")
    assert result("cross-origin-resource-sharing", [("access-control-allow-origin", "*"),
                                                    ("access-control-allow-credentials", "true")]) == \
        "cross-origin-resource-sharing-implemented-with-public-access"
    assert result("cross-origin-resource-sharing", [("access-control-allow-origin", "https://portal.go.th")]) == \
        "cross-origin-resource-sharing-implemented-with-restricted-access"
    reflected = [("access-control-allow-origin", "https://probe.example"), ("access-control-allow-credentials", "true")]
    assert result("cross-origin-resource-sharing", reflected, cors_origin="https://probe.example") == \
        "cross-origin-resource-sharing-implemented-with-universal-access"
    assert result("cross-origin-resource-sharing", reflected[:1], cors_origin="https://probe.example") == \
        "cross-origin-resource-sharing-implemented-with-restricted-access"


def test_cors_xml_files_v3() -> None:
    open_xml = '<?xml version="1.0"?><cross-domain-policy><allow-access-from domain="*"/></cross-domain-policy>'
    assert result("cross-origin-resource-sharing", [], v=3, crossdomain_xml=open_xml) == \
        "cross-origin-resource-sharing-implemented-with-universal-access"
    some = '<access-policy><cross-domain-access><policy><allow-from><domain uri="https://a.go.th"/></allow-from></policy></cross-domain-access></access-policy>'
    assert result("cross-origin-resource-sharing", [], v=3, clientaccesspolicy_xml=some) == \
        "cross-origin-resource-sharing-implemented-with-restricted-access"
    assert result("cross-origin-resource-sharing", [], v=3, crossdomain_xml="<oops") == "xml-not-parsable"
    assert result("cross-origin-resource-sharing", [], v=6, crossdomain_xml=open_xml) == \
        "cross-origin-resource-sharing-not-implemented"


# ---------------------------------------------------------------- redirection
@pytest.mark.parametrize(("chain", "https_ok", "preloaded", "expected"), [
    (None, True, False, "redirection-not-needed-no-http"),
    ([("http://www.example.go.th/", 0)], True, False, "redirection-not-needed-no-http"),
    ([("http://www.example.go.th/", 200)], True, False, "redirection-missing"),
    (GOOD_CHAIN, True, False, "redirection-to-https"),
    ([("http://www.example.go.th/", 301), ("http://www.example.go.th/home", 200)], True, False,
     "redirection-not-to-https"),
    ([("http://www.example.go.th/", 302), ("http://www.example.go.th/th/", 301), ("https://www.example.go.th/th/", 200)],
     True, False, "redirection-not-to-https-on-initial-redirection"),
    ([("http://example.go.th/", 301), ("https://www.example.go.th/", 200)], True, False,
     "redirection-off-host-from-http"),
    ([("http://www.example.go.th/", 301), ("https://www.example.go.th/", 0)], False, False,
     "redirection-invalid-cert"),
    (GOOD_CHAIN, True, True, "redirection-all-redirects-preloaded"),
])
def test_redirection(chain, https_ok, preloaded, expected) -> None:
    for v in (3, 6):
        assert result("redirection", [], chain=chain, https_ok=https_ok, hsts_preloaded=preloaded, v=v) == expected


# ---------------------------------------------------------------- referrer policy
@pytest.mark.parametrize(("value", "v3", "v6"), [
    ("no-referrer", "referrer-policy-private", "referrer-policy-private"),
    ("same-origin", "referrer-policy-private", "referrer-policy-private"),
    ("strict-origin-when-cross-origin", "referrer-policy-private", "referrer-policy-private"),
    ("unsafe-url", "referrer-policy-unsafe", "referrer-policy-unsafe"),
    ("origin-when-cross-origin", "referrer-policy-unsafe", "referrer-policy-unsafe"),
    ("no-referrer-when-downgrade", "referrer-policy-no-referrer-when-downgrade", "referrer-policy-unsafe"),
    ("unsafe-url, strict-origin-when-cross-origin", "referrer-policy-private", "referrer-policy-private"),
    ("no-referrer, bogus", "referrer-policy-private", "referrer-policy-private"),
    ("bogus", "referrer-policy-header-invalid", "referrer-policy-header-invalid"),
])
def test_referrer_policy(value: str, v3: str, v6: str) -> None:
    assert result("referrer-policy", [("referrer-policy", value)], v=3) == v3
    assert result("referrer-policy", [("referrer-policy", value)], v=6) == v6


def test_referrer_policy_meta_comes_last() -> None:
    html = '<meta name="referrer" content="no-referrer">'
    assert result("referrer-policy", [], html=html) == "referrer-policy-private"
    assert result("referrer-policy", [("referrer-policy", "no-referrer")],
                  html='<meta name="referrer" content="unsafe-url">') == "referrer-policy-unsafe"
    assert result("referrer-policy", []) == "referrer-policy-not-implemented"


# ---------------------------------------------------------------- HSTS
@pytest.mark.parametrize(("value", "v3", "v6"), [
    ("max-age=31536000; includeSubDomains", "hsts-implemented-max-age-at-least-six-months",
     "hsts-implemented-max-age-at-least-six-months"),
    ("max-age=15552000", "hsts-implemented-max-age-at-least-six-months", "hsts-implemented-max-age-at-least-six-months"),
    ("max-age=86400", "hsts-implemented-max-age-less-than-six-months", "hsts-implemented-max-age-less-than-six-months"),
    ("max-age=0", "hsts-header-invalid", "hsts-implemented-max-age-less-than-six-months"),
    ("includeSubDomains", "hsts-header-invalid", "hsts-header-invalid"),
    ("max-age=31536000, max-age=31536000", "hsts-header-invalid", "hsts-header-invalid"),
    ("max-age=abc", "hsts-header-invalid", "hsts-implemented-max-age-at-least-six-months"),  # JS parseInt → NaN
])
def test_hsts(value: str, v3: str, v6: str) -> None:
    h = [("strict-transport-security", value)]
    assert result("strict-transport-security", h, v=3) == v3
    assert result("strict-transport-security", h, v=6) == v6


def test_hsts_transport() -> None:
    h = [("strict-transport-security", "max-age=31536000")]
    assert result("strict-transport-security", h, https_ok=False) == "hsts-invalid-cert"
    assert result("strict-transport-security", h, url="http://x.go.th/", https_ok=False,
                  chain=[("http://x.go.th/", 200)]) == "hsts-not-implemented-no-https"
    assert result("strict-transport-security", [], hsts_preloaded=True) == "hsts-preloaded"
    two = [("strict-transport-security", "max-age=31536000"), ("strict-transport-security", "max-age=31536000")]
    assert result("strict-transport-security", two) == "hsts-header-invalid"


# ---------------------------------------------------------------- subresource integrity
@pytest.mark.parametrize(("html", "expected"), [
    ("<p>no scripts</p>", "sri-not-implemented-but-no-scripts-loaded"),
    ("<script>var x = 1;</script>", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"),
    ('<script src="/js/app.js"></script>', "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"),
    ('<script src="https://cdn.example.go.th/a.js"></script>',
     "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"),
    ('<script src="https://code.jquery.com/jquery.js"></script>',
     "sri-not-implemented-but-external-scripts-loaded-securely"),
    ('<script src="https://code.jquery.com/jquery.js" integrity="sha384-x" crossorigin="anonymous"></script>',
     "sri-implemented-and-external-scripts-loaded-securely"),
    ('<script src="/a.js" integrity="sha384-x"></script>', "sri-implemented-and-all-scripts-loaded-securely"),
    ('<script src="http://code.jquery.com/jquery.js"></script>',
     "sri-not-implemented-and-external-scripts-not-loaded-securely"),
    ('<script src="http://code.jquery.com/jquery.js" integrity="sha384-x"></script>',
     "sri-implemented-but-external-scripts-not-loaded-securely"),
    ('<script src="//code.jquery.com/jquery.js"></script>',
     "sri-not-implemented-and-external-scripts-not-loaded-securely"),
    ('<script src="https://code.jquery.com/a.js" integrity="sha384-x"></script>'
     '<script src="https://www.googletagmanager.com/gtag/js"></script>',
     "sri-not-implemented-but-external-scripts-loaded-securely"),
])
@pytest.mark.parametrize("v", [3, 6])
def test_sri(html: str, expected: str, v: int) -> None:
    assert result("subresource-integrity", HTML, html=html, v=v) == expected


def test_sri_not_html() -> None:
    assert result("subresource-integrity", [("content-type", "application/json")]) == \
        "sri-not-implemented-response-not-html"
    # v3 only looks at HTML it was told is HTML; v6 assumes HTML without a Content-Type
    assert result("subresource-integrity", [], html="<p>x</p>", v=3) == "sri-not-implemented-response-not-html"
    assert result("subresource-integrity", [], html="<p>x</p>", v=6) == "sri-not-implemented-but-no-scripts-loaded"


@pytest.mark.parametrize(("host", "domain"), [
    ("www.example.go.th", "example.go.th"), ("cdn.example.go.th", "example.go.th"), ("www.gov.uk", "www.gov.uk"),
    ("a.b.example.com", "example.com"), ("example.com", "example.com"), ("10.0.0.1", "10.0.0.1"),
    ("service.gov.sg", "service.gov.sg"),
])
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


# ---------------------------------------------------------------- X-Content-Type-Options / X-Frame-Options
@pytest.mark.parametrize(("value", "expected"), [
    (None, "x-content-type-options-not-implemented"), ("nosniff", "x-content-type-options-nosniff"),
    (" NoSniff ", "x-content-type-options-nosniff"), ("sniff", "x-content-type-options-header-invalid"),
])
def test_xcto(value: str | None, expected: str) -> None:
    h = [("x-content-type-options", value)] if value is not None else []
    assert result("x-content-type-options", h) == expected


@pytest.mark.parametrize(("value", "expected", "m3", "m6"), [
    (None, "x-frame-options-not-implemented", -20, -20),
    ("DENY", "x-frame-options-sameorigin-or-deny", 0, 5),
    ("sameorigin", "x-frame-options-sameorigin-or-deny", 0, 5),
    ("ALLOW-FROM https://portal.go.th", "x-frame-options-allow-from-origin", 0, 0),
    ("ALLOWALL", "x-frame-options-header-invalid", -20, -20),
])
def test_xfo(value: str | None, expected: str, m3: int, m6: int) -> None:
    h = [("x-frame-options", value)] if value is not None else []
    for v, m in ((3, m3), (6, m6)):
        t = run(h, v=v).tests["x-frame-options"]
        assert (t["result"], t["modifier"]) == (expected, m)


def test_xfo_via_csp_frame_ancestors() -> None:
    h = [("x-frame-options", "ALLOWALL"), ("content-security-policy", "default-src 'self'; frame-ancestors *")]
    assert result("x-frame-options", h) == "x-frame-options-implemented-via-csp"
    # an invalid CSP carries no frame-ancestors
    bad = [("content-security-policy", "frame-ancestors 'none'; frame-ancestors 'self'")]
    assert result("x-frame-options", bad) == "x-frame-options-not-implemented"


# ---------------------------------------------------------------- X-XSS-Protection (v3 only)
@pytest.mark.parametrize(("value", "expected", "modifier"), [
    (None, "x-xss-protection-not-implemented", 0),
    ("1; mode=block", "x-xss-protection-enabled-mode-block", 0),
    ("1", "x-xss-protection-enabled", 0),
    ("0", "x-xss-protection-disabled", 0),
    ("1; mode=allow", "x-xss-protection-header-invalid", -5),
    ("1; mode=block; mode=block", "x-xss-protection-header-invalid", -5),
    ("yes", "x-xss-protection-header-invalid", -5),
    ("1; report=https://r.example/x", "x-xss-protection-enabled", 0),
])
def test_xxss(value: str | None, expected: str, modifier: int) -> None:
    h = [("x-xss-protection", value)] if value is not None else []
    t = run(h, v=3).tests["x-xss-protection"]
    assert (t["result"], t["modifier"]) == (expected, modifier)
    assert "x-xss-protection" not in run(h, v=6).tests


def test_xxss_not_needed_with_a_passing_csp() -> None:
    h = [("content-security-policy", "default-src 'self'"), ("x-xss-protection", "0")]
    assert result("x-xss-protection", h, v=3) == "x-xss-protection-not-needed-due-to-csp"


# ---------------------------------------------------------------- CORP / COEP / COOP (v6)
@pytest.mark.parametrize(("header", "values", "expected", "modifier"), [
    ("cross-origin-resource-policy", [], "corp-not-implemented", 0),
    ("cross-origin-resource-policy", ["same-site"], "corp-implemented-with-same-site", 10),
    ("cross-origin-resource-policy", ["Same-Origin"], "corp-implemented-with-same-origin", 10),
    ("cross-origin-resource-policy", ["cross-origin"], "corp-implemented-with-cross-origin", 0),
    ("cross-origin-resource-policy", ["same"], "corp-header-invalid", -5),
    ("cross-origin-embedder-policy", ["require-corp"], "coep-implemented-with-require-corp", 10),
    ("cross-origin-embedder-policy", ['credentialless; report-to="e"'], "coep-implemented-with-credentialless", 10),
    ("cross-origin-embedder-policy", ["unsafe-none"], "coep-implemented-with-unsafe-none", 0),
    ("cross-origin-embedder-policy", ['"require-corp"'], "coep-header-invalid", -5),
    ("cross-origin-embedder-policy", ["require-corp", "require-corp"], "coep-header-invalid", -5),
    ("cross-origin-opener-policy", ["same-origin"], "coop-implemented-with-same-origin", 10),
    ("cross-origin-opener-policy", ["same-origin-allow-popups"], "coop-implemented-with-same-origin-allow-popups", 10),
    ("cross-origin-opener-policy", ["noopener-allow-popups"], "coop-implemented-with-noopener-allow-popups", 10),
    ("cross-origin-opener-policy", ["unsafe-none"], "coop-implemented-with-unsafe-none", 0),
    ("cross-origin-opener-policy", ["Same-Origin"], "coop-header-invalid", -5),
    ("cross-origin-opener-policy", [], "coop-not-implemented", 0),
])
def test_cross_origin_policies(header: str, values: list[str], expected: str, modifier: int) -> None:
    test = {"cross-origin-resource-policy": "cross-origin-resource-policy",
            "cross-origin-embedder-policy": "cross-origin-embedder-policy",
            "cross-origin-opener-policy": "cross-origin-opener-policy"}[header]
    t = run([(header, v) for v in values]).tests[test]
    assert (t["result"], t["modifier"]) == (expected, modifier)


def test_structured_token() -> None:
    assert structured_token("same-origin") == "same-origin"
    assert structured_token('require-corp; report-to="default"') == "require-corp"
    assert structured_token("same-origin;;") is None
    assert structured_token('"same-origin"') is None


@given(st.lists(st.tuples(st.sampled_from(["content-security-policy", "strict-transport-security",
                                            "x-frame-options", "referrer-policy", "set-cookie",
                                            "cross-origin-opener-policy", "x-xss-protection"]),
                          st.text(max_size=60)), max_size=6),
       st.sampled_from([3, 6]))
def test_any_headers_grade_without_crashing(headers: list[tuple[str, str]], v: int) -> None:
    r = run(headers, v=v)
    assert r.score >= 0 and r.grade == grade_for(r.score)
    table = SCORE_TABLE_V3 if v == 3 else SCORE_TABLE_V6
    assert all(t["result"] in table for t in r.tests.values())


# ================================================================ the security checks
def _site(*, html: str = "<html><body></body></html>", headers=(("content-type", "text/html"),),
          url: str = URL, **kw) -> SiteEvidence:
    page = parse_html(html.encode("utf-8"), url, headers=tuple(headers))
    base = {"site_url": url, "final_url": url, "status": "ok", "reason": "", "redirects": (), "pages": (page,)}
    base.update(kw)
    return SiteEvidence(**base)


PROBE = (Hop("http://www.example.go.th/", 301, URL), Hop(URL, 200))


def test_headers_grade_check_details() -> None:
    site = _site(https=True, http_probe=PROBE, https_headers=tuple(A_PLUS), html=A_PLUS_HTML,
                 cookies=tuple(A_PLUS_COOKIE))
    r = get_check("security.headers-grade").run(site)
    assert r.outcome == "pass" and r.score == 1.0
    assert (r.details["score"], r.details["grade"], r.details["algorithm"]) == (160, "A+", 6)
    assert r.details["tests"]["x-frame-options"] == {"result": "x-frame-options-implemented-via-csp", "modifier": 5}
    assert set(r.details["tests"]) == set(TESTS[6])
    assert r.details["v3"]["score"] == 130


@pytest.mark.parametrize(("headers", "outcome", "score"), [
    ([("strict-transport-security", "max-age=31536000"), ("x-content-type-options", "nosniff"),
      ("x-frame-options", "DENY")], "partial", 0.75),
    ([], "fail", 0.3),
])
def test_headers_grade_outcomes(headers, outcome, score) -> None:
    site = _site(https=True, http_probe=PROBE, https_headers=tuple(headers) + (("content-type", "text/html"),))
    r = get_check("security.headers-grade").run(site)
    assert (r.outcome, r.score) == (outcome, score)


def test_headers_grade_falls_back_to_home_headers() -> None:
    site = _site(headers=[("content-type", "text/html"), ("x-frame-options", "DENY")])
    r = get_check("security.headers-grade").run(site)
    assert r.details["tests"]["x-frame-options"]["result"] == "x-frame-options-sameorigin-or-deny"
    assert r.details["tests"]["redirection"]["result"] == "redirection-not-needed-no-http"
    assert "note" in r.details


def test_cookies_check() -> None:
    check = get_check("security.cookies")
    assert check.run(_site()).outcome == "not_applicable"
    good = _site(cookies=("PHPSESSID=1; Secure; HttpOnly; SameSite=Lax", "lang=th; Secure; SameSite=Lax"))
    assert check.run(good).outcome == "pass"
    mixed = _site(cookies=("PHPSESSID=1; Secure; SameSite=Lax", "lang=th; Secure; SameSite=Lax"))
    r = check.run(mixed)
    assert r.outcome == "partial" and r.score == 0.5
    assert r.evidence[0].note == "session cookie without HttpOnly"
    bad = _site(cookies=("ASP.NET_SessionId=1; path=/",))
    r = check.run(bad)
    assert r.outcome == "fail" and r.details["cookies"][0]["problems"] == [
        "no Secure", "no SameSite", "session cookie without HttpOnly"]
    # Set-Cookie of the saved page's headers when the crawl recorded none
    page_only = _site(headers=[("content-type", "text/html"), ("set-cookie", "XSRF-TOKEN=1; Secure; SameSite=Lax")])
    assert check.run(page_only).outcome == "pass"


def test_mixed_content_check() -> None:
    check = get_check("security.mixed-content")
    clean = '<img src="/a.png"><script src="https://cdn.example.com/x.js"></script><iframe src="//maps.example.com"></iframe>'
    assert check.run(_site(html=clean)).outcome == "pass"
    passive = '<img src="http://img.example.com/a.png"><video src="http://v.example.com/a.mp4"></video>'
    r = check.run(_site(html=passive))
    assert r.outcome == "partial" and r.details["passive"] == 2
    active = ('<link rel="stylesheet" href="http://cdn.example.com/a.css"><script src="http://cdn.example.com/x.js">'
              '</script><iframe src="http://maps.example.com/e"></iframe>')
    r = check.run(_site(html=active))
    assert r.outcome == "fail" and r.details["active"] == 3
    assert {p.note for p in r.evidence} == {"stylesheet over http://", "script over http://", "iframe over http://"}
    base = '<base href="http://old.example.go.th/"><link rel="stylesheet" href="s.css">'
    assert check.run(_site(html=base)).outcome == "fail"
    assert check.run(_site(html=active, url="http://www.example.go.th/")).outcome == "not_applicable"


SEC_TXT = "Contact: mailto:security@example.go.th\nExpires: 2025-06-30T00:00:00.000Z\nPreferred-Languages: th, en\n"


@pytest.mark.parametrize(("fetched", "outcome"), [
    (None, "not_applicable"),
    (Fetched(URL + ".well-known/security.txt", 200, "text/plain; charset=utf-8", SEC_TXT), "pass"),
    (Fetched(URL + ".well-known/security.txt", 404, "text/html", "not found"), "fail"),
    (Fetched(URL + ".well-known/security.txt", 200, "text/html", "<!DOCTYPE html><html>home</html>"), "fail"),
    (Fetched(URL + ".well-known/security.txt", 200, "text/plain", "Contact: mailto:a@b.th\n"), "fail"),
    (Fetched(URL + ".well-known/security.txt", 200, "text/plain",
             "Contact: mailto:a@b.th\nExpires: 2024-01-01T00:00:00Z\n"), "fail"),
    (Fetched(URL + ".well-known/security.txt", 200, "text/plain",
             "Contact: mailto:a@b.th\nExpires: 2027-01-01T00:00:00Z\n"), "partial"),
    (Fetched(URL + ".well-known/security.txt", 200, "application/octet-stream", SEC_TXT), "partial"),
    (Fetched(URL + ".well-known/security.txt", 200, "text/plain",
             "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + SEC_TXT +
             "-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n"), "pass"),
])
def test_security_txt_check(fetched, outcome) -> None:
    site = _site(extra=(fetched,) if fetched else (), captured="2025-03-01T08:00:00+07:00")
    r = get_check("security.security-txt").run(site)
    assert r.outcome == outcome, r.details
    if outcome == "pass":
        assert r.details["contact"] == ["mailto:security@example.go.th"] and r.details["days_to_expiry"] == 120


@pytest.mark.parametrize(("tls", "https", "outcome", "extra"), [
    (None, False, "not_applicable", {}),
    (TLSInfo(ok=False, error="tls-expired", detail="certificate has expired"), True, "fail", {"tls_error": "tls-expired"}),
    (TLSInfo(ok=False, error="tls-hostname", detail="mismatch"), True, "fail", {"tls_error": "tls-hostname"}),
    (TLSInfo(ok=False, error="tls-untrusted", detail="self-signed"), True, "fail", {"tls_error": "tls-untrusted"}),
    (TLSInfo(ok=True, issuer="R11, Let's Encrypt", not_before="Jan  1 00:00:00 2025 GMT",
             not_after="Jun  1 00:00:00 2025 GMT"), True, "pass", {"days_to_expiry": 91}),
    (TLSInfo(ok=True, issuer="Thai CA", not_after="Mar 10 00:00:00 2025 GMT"), True, "partial",
     {"days_to_expiry": 8, "expiring_soon": True}),
    (TLSInfo(ok=True, issuer="Thai CA", not_after="2025-02-01T00:00:00Z"), True, "fail", {"tls_error": "tls-expired"}),
])
def test_tls_certificate_check(tls, https, outcome, extra) -> None:
    site = _site(tls=tls, https=https, captured="2025-03-02T00:00:00Z")
    r = get_check("security.tls-certificate").run(site)
    assert r.outcome == outcome
    for k, v in extra.items():
        assert r.details[k] == v
    if outcome in ("pass", "partial"):
        assert r.details["issuer"] and r.details["not_after"]

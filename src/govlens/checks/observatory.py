"""HTTP security-header grading as the Mozilla HTTP Observatory grades, as a pure function.

Every test of the Observatory's published scoring (``shared/reference/http-observatory-scoring.md``;
algorithm version 3 of ``mozilla/http-observatory`` and version 6 of ``mdn/mdn-http-observatory``)
is implemented from the response headers, the HTML of the response, the cookies it set and the
redirect chain of the plain-http request. Nothing is fetched. Where the Observatory needs a
request we do not make (the CORS request with an ``Origin`` header, ``crossdomain.xml``) the
caller may pass what it saw; without it the test reports what the response alone shows.
Choices made where the description leaves a detail open are listed in ``docs/security-grade.md``.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from govlens.evidence.parse import parse_tree

ALGORITHMS = (3, 6)
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15_552_000  # the Observatory's own "white lie" (15768000 is six months)

GRADE_CHART: tuple[tuple[int, str], ...] = (
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"),
    (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
)

# ---------------------------------------------------------------- score tables
_COMMON: dict[str, int] = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "redirection-invalid-cert": -20,
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "hsts-invalid-cert": -20,
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "html-not-parsable": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
}

SCORE_TABLE_V3: dict[str, int] = {
    **_COMMON,
    "xml-not-parsable": -20,
    "referrer-policy-no-referrer-when-downgrade": 0,
    "request-did-not-return-status-code-200": -5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-xss-protection-enabled-mode-block": 0,
    "x-xss-protection-enabled": 0,
    "x-xss-protection-not-needed-due-to-csp": 0,
    "x-xss-protection-disabled": 0,
    "x-xss-protection-not-implemented": 0,
    "x-xss-protection-header-invalid": -5,
}

SCORE_TABLE_V6: dict[str, int] = {
    **_COMMON,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-not-implemented-but-reporting-enabled": -25,
    "x-frame-options-sameorigin-or-deny": 5,
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
    "coep-implemented-with-require-corp": 10,
    "coep-implemented-with-credentialless": 10,
    "coep-implemented-with-unsafe-none": 0,
    "coep-not-implemented": 0,
    "coep-header-invalid": -5,
    "coop-implemented-with-same-origin": 10,
    "coop-implemented-with-same-origin-allow-popups": 10,
    "coop-implemented-with-noopener-allow-popups": 10,
    "coop-implemented-with-unsafe-none": 0,
    "coop-not-implemented": 0,
    "coop-header-invalid": -5,
}

SCORE_TABLES: dict[int, dict[str, int]] = {3: SCORE_TABLE_V3, 6: SCORE_TABLE_V6}

_BASE_TESTS = (
    "content-security-policy", "cookies", "cross-origin-resource-sharing", "redirection",
    "referrer-policy", "strict-transport-security", "subresource-integrity",
    "x-content-type-options", "x-frame-options",
)
TESTS: dict[int, tuple[str, ...]] = {
    3: (*_BASE_TESTS, "x-xss-protection"),
    6: (*_BASE_TESTS, "cross-origin-resource-policy", "cross-origin-embedder-policy",
        "cross-origin-opener-policy"),
}

_HTML_TYPES = ("text/html", "application/xhtml+xml")


# ---------------------------------------------------------------- result
@dataclass(frozen=True, slots=True)
class ObservatoryResult:
    score: int
    grade: str
    tests: dict[str, dict[str, Any]]  # name -> {"result", "modifier", "pass"}
    algorithm: int
    uncurved: int = 0
    with_extra_credit: int = 0
    tests_passed: int = 0
    tests_quantity: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "grade": self.grade, "algorithm": self.algorithm,
                "uncurved": self.uncurved, "with_extra_credit": self.with_extra_credit,
                "tests_passed": self.tests_passed, "tests_quantity": self.tests_quantity,
                "tests": {k: dict(v) for k, v in self.tests.items()}}


def grade_for(score: int) -> str:
    """The letter for a (floored) score: chart[min(score - score % 5, 100)]."""
    s = max(score, 0)
    s = min(s - s % 5, 100)
    for low, letter in GRADE_CHART:
        if s >= low:
            return letter
    return "F"


def score_results(results: dict[str, str], algorithm: int = 6) -> tuple[int, int, int]:
    """(score, uncurved, with_extra_credit) for test results, by the bonus rule and floor 0."""
    table = SCORE_TABLES[algorithm]
    mods = [table[r] for r in results.values()]
    uncurved = 100 + sum(m for m in mods if m < 0)
    extra = 100 + sum(mods)
    score = extra if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    return max(score, 0), uncurved, extra


# ---------------------------------------------------------------- inputs
@dataclass(frozen=True)
class _Input:
    headers: tuple[tuple[str, str], ...]
    html: str | None
    url: str
    cookies: tuple[str, ...]
    chain: tuple[tuple[str, int], ...] | None
    https_ok: bool
    hsts_preloaded: bool
    v: int
    cors_origin: str | None
    crossdomain_xml: str | None
    clientaccesspolicy_xml: str | None
    tree: LexborHTMLParser | None = None  # the body's parse tree, when the caller has one

    def document(self) -> LexborHTMLParser | None:
        """The body's parse tree: the caller's, or parsed here through the nesting guard."""
        if self.tree is None and self.html:
            object.__setattr__(self, "tree", parse_tree(self.html))
        return self.tree

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name]

    def joined(self, name: str) -> str | None:
        """The header as an HTTP client hands it over: repeated fields joined with ", "."""
        vals = self.values(name)
        return ", ".join(vals) if vals else None

    @property
    def https_url(self) -> bool:
        return self.url.lower().startswith("https://")

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()


def _meta(inp: _Input) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(CSP policies, Referrer-Policy values) given in the HTML the way each version reads them."""
    tree = inp.document()
    if tree is None:
        return (), ()
    v = inp.v
    csp: list[str] = []
    referrer: list[str] = []
    for m in tree.css("meta"):
        attrs = m.attributes
        equiv = attrs.get("http-equiv")
        content = attrs.get("content")
        if equiv is not None and content is not None:
            key = (equiv or "").strip().lower()
            if key == "content-security-policy" and content:
                csp.append(content)
            elif key == "referrer-policy" and v == 3:
                referrer = [content or ""]
        elif (attrs.get("name") or "").strip().lower() == "referrer" and content:
            referrer = [content]
    if v == 3 and csp:
        csp = ["; ".join(csp)]  # v3 concatenates meta policies into one
    return tuple(csp), tuple(referrer)


# ---------------------------------------------------------------- CSP
_BROAD = frozenset({"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"})
_UNSAFE_INLINE = frozenset({"'unsafe-inline'", "data:"})
_BROAD_OR_INLINE = _BROAD | _UNSAFE_INLINE
_PASSIVE = ("img-src", "media-src")
_NONCE_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
_META_DISALLOWED = ("frame-ancestors", "report-uri", "sandbox")
_DUP_ALLOWED = frozenset({"report-uri", "report-to"})


class _CspInvalid(ValueError):
    pass


def _path_part_match(a: str, b: str) -> bool:
    """v6's comparison of two sources from different policies (``pathPartMatch``)."""
    if not a or (a == "/" and not b):
        return True
    exact = not a.endswith("/")
    pa, pb = a.split("/"), b.split("/")
    if len(pa) > len(pb) or (exact and len(pa) != len(pb)):
        return False
    if not exact:
        pa = pa[:-1]
    return all(x == y for x, y in zip(pa, pb, strict=False))


def _parse_csp(policies: Sequence[str], v: int) -> tuple[dict[str, set[str]], set[str]]:
    """Directive -> sources for one or more policies (a source must be in every policy that sets
    the directive); also the directives repeated where v6 tolerates it. Raises on invalid."""
    cleaned = [p.replace("\r", "").replace("\n", "").strip() for p in policies]
    if not cleaned:
        return {}, set()
    for p in cleaned:
        if len(p) < 6 or p.isspace():
            raise _CspInvalid("policy shorter than the shortest directive")
    csp: dict[str, set[str]] = {}
    dups: set[str] = set()
    for index, policy in enumerate(cleaned):
        seen: set[str] = set()
        for entry in policy.split(";"):
            parts = entry.split()
            if not parts:
                continue
            directive = parts[0].lower()
            if directive in seen:
                if v >= 6 and directive in _DUP_ALLOWED:
                    dups.add(directive)
                    continue  # the first one is kept
                raise _CspInvalid(f"repeated directive {directive}")
            seen.add(directive)
            values = {s.lower() for s in parts[1:]} or {"'none'"}
            if index == 0:
                # within one policy a source that extends another one is superfluous
                csp[directive] = {s for s in values
                                  if not any(o != s and s.startswith(o) for o in values)} or {"'none'"}
                continue
            old = csp.get(directive, set())
            if v >= 6:
                def match(a: str, b: str) -> bool:
                    return _path_part_match(a, b)
            else:
                def match(a: str, b: str) -> bool:
                    return b.startswith(a)
            kept = {s for s in values if any(match(o, s) for o in old)}
            kept |= {o for o in old if any(o != s and match(s, o) for s in values)}
            csp[directive] = kept or {"'none'"}
    return csp, dups


@dataclass
class _CspOutcome:
    result: str
    passed: bool
    data: dict[str, set[str]] | None


def _csp(inp: _Input) -> _CspOutcome:
    v = inp.v
    http = inp.values("content-security-policy")
    meta = list(_meta(inp)[0])
    if v >= 6:  # RFC 9110: repeated fields may be combined with commas; commas separate policies
        http = [p.strip() for h in http for p in h.split(",")]
        meta = [p.strip() for h in meta for p in h.split(",")]
    try:
        csp, dups = _parse_csp([*http, *meta], v)
    except _CspInvalid:
        return _CspOutcome("csp-header-invalid", False, None)
    if v >= 6:
        try:
            http_only, _ = _parse_csp(http, v)
        except _CspInvalid:
            http_only = {}
        try:
            meta_only, _ = _parse_csp(meta, v)
            for d in _META_DISALLOWED:
                meta_only.pop(d, None)
        except _CspInvalid:
            meta_only = {}
        if not http_only and not meta_only:
            if inp.values("content-security-policy-report-only"):
                return _CspOutcome("csp-not-implemented-but-reporting-enabled", False, None)
            return _CspOutcome("csp-not-implemented", False, None)
    elif not csp:
        return _CspOutcome("csp-not-implemented", False, None)

    result: str | None = None
    default = csp.get("default-src")
    object_src = set(csp.get("object-src") or default or {"*"})
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(s.startswith(_NONCE_HASH) for s in sources):
            sources.discard("'unsafe-inline'")
    strict_dynamic = False
    if any(s.startswith(_NONCE_HASH) for s in script_src) and "'strict-dynamic'" in script_src:
        for s in list(script_src):
            if s.startswith(tuple(_BROAD)) or s in ("'self'", "'unsafe-inline'"):
                script_src.discard(s)
        strict_dynamic = True
    elif "'strict-dynamic'" in script_src:
        result = "csp-header-invalid"  # 'strict-dynamic' without a nonce or hash

    active = [s for d, srcs in csp.items() if d not in _PASSIVE and d != "script-src" for s in srcs]
    active += list(script_src)
    passive = [s for d in _PASSIVE for s in (csp.get(d) or default or set())]

    def insecure(s: str) -> bool:
        if v >= 6:
            return s.startswith(("http:", "ftp:"))
        return "http:" in s or "ftp:" in s

    def first(name: str) -> None:
        nonlocal result
        if result is None:
            result = name

    if script_src & _BROAD_OR_INLINE or object_src & _BROAD:
        first("csp-implemented-with-unsafe-inline")
    if inp.https_url and any(insecure(s) for s in active) and (v >= 6 or not strict_dynamic):
        first("csp-implemented-with-insecure-scheme")
    if "'unsafe-eval'" in script_src | style_src:
        first("csp-implemented-with-unsafe-eval")
    if inp.https_url and any(insecure(s) for s in passive):
        first("csp-implemented-with-insecure-scheme-in-passive-content-only")
    if style_src & _BROAD_OR_INLINE:
        first("csp-implemented-with-unsafe-inline-in-style-src-only")
    if default == {"'none'"}:
        first("csp-implemented-with-no-unsafe-default-src-none")
    else:
        first("csp-implemented-with-no-unsafe")
    assert result is not None
    passed = result in ("csp-implemented-with-no-unsafe",
                        "csp-implemented-with-no-unsafe-default-src-none",
                        "csp-implemented-with-unsafe-inline-in-style-src-only",
                        "csp-implemented-with-insecure-scheme-in-passive-content-only")
    if passed and v >= 6 and dups:
        result = "csp-implemented-but-duplicate-directives"
    return _CspOutcome(result, passed, csp)


# ---------------------------------------------------------------- HSTS
def _parse_int_js(text: str) -> float:
    """JavaScript's ``parseInt(text, 10)``: leading digits, NaN when there are none."""
    m = re.match(r"\s*([+-]?\d+)", text)
    return float(int(m.group(1))) if m else math.nan


def _hsts(inp: _Input) -> tuple[str, bool]:
    has_https = inp.https_url or inp.https_ok
    if not has_https:
        result = "hsts-not-implemented-no-https"
    elif not inp.https_ok:
        result = "hsts-invalid-cert"
    else:
        value = inp.joined("strict-transport-security")
        if value is None:
            result = "hsts-not-implemented"
        else:
            value = value[:1024]
            result = "hsts-header-invalid"
            if "," not in value:
                max_age: float | None = None
                valid = True
                for param in (p.strip().lower() for p in value.split(";")):
                    if param.startswith("max-age="):
                        raw = param[8:128]
                        if inp.v >= 6:
                            max_age = _parse_int_js(raw)
                        elif re.fullmatch(r"\s*[+-]?\d+\s*", raw):
                            max_age = int(raw)
                        else:
                            valid = False
                if valid and max_age is not None and (inp.v >= 6 or max_age):
                    # NaN < six months is false in JavaScript: v6 then grades it as at least six months
                    result = ("hsts-implemented-max-age-less-than-six-months" if max_age < SIX_MONTHS
                              else "hsts-implemented-max-age-at-least-six-months")
    if has_https and inp.hsts_preloaded:
        result = "hsts-preloaded"
    return result, result in ("hsts-implemented-max-age-at-least-six-months", "hsts-preloaded")


# ---------------------------------------------------------------- cookies
_IGNORED_COOKIES = {3: ("__cfduid", "heroku-session-affinity"), 6: ("heroku-session-affinity",)}
_COOKIE_ORDER = (
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
)


@dataclass(frozen=True, slots=True)
class ParsedCookie:
    name: str
    secure: bool
    httponly: bool
    samesite: str | None  # None: attribute absent; "" when given without a value; else lower-cased
    raw: str

    @property
    def samesite_valid(self) -> bool:
        return self.samesite in ("lax", "strict", "none")

    @property
    def session(self) -> bool:
        """The Observatory's session-cookie rule: the name contains "login" or "sess"."""
        n = self.name.lower()
        return "login" in n or "sess" in n

    @property
    def anticsrf(self) -> bool:
        return "csrf" in self.name.lower()


def parse_set_cookie(value: str) -> ParsedCookie:
    parts = value.split(";")
    name = parts[0].split("=", 1)[0].strip() if "=" in parts[0] else ""
    secure = httponly = False
    samesite: str | None = None
    for attr in parts[1:]:
        key, eq, val = attr.partition("=")
        key = key.strip().lower()
        if key == "secure":
            secure = True
        elif key == "httponly":
            httponly = True
        elif key == "samesite" and samesite is None:
            samesite = val.strip().lower() if eq else ""
    return ParsedCookie(name, secure, httponly, samesite, value)


def _worse(new: str, old: str | None) -> str:
    if old is None or _COOKIE_ORDER.index(new) > _COOKIE_ORDER.index(old):
        return new
    return old


def _cookies(inp: _Input, hsts_pass: bool) -> tuple[str, bool]:
    parsed = [parse_set_cookie(c) for c in inp.cookies if c.strip()]
    result: str | None = None
    if inp.v >= 6:  # raw Set-Cookie values with a malformed SameSite
        for c in parsed:
            if c.samesite is not None and not c.samesite_valid:
                result = _worse("cookies-samesite-flag-invalid", result)
    jar: dict[str, ParsedCookie] = {}
    for c in parsed:
        if c.name and c.name not in _IGNORED_COOKIES[inp.v]:
            jar[c.name] = c  # a later Set-Cookie of the same name replaces the earlier
    if not jar:
        result = "cookies-not-found"
    else:
        missing_samesite = False
        for c in jar.values():
            if inp.v < 6 and c.samesite is not None and not c.samesite_valid:
                result = _worse("cookies-samesite-flag-invalid", result)
            if not c.secure and c.samesite == "none":
                result = _worse("cookies-samesite-flag-invalid", result)
            if not c.secure:
                result = _worse("cookies-without-secure-flag-but-protected-by-hsts" if hsts_pass
                                else "cookies-without-secure-flag", result)
            if c.anticsrf and not c.samesite_valid:
                result = _worse("cookies-anticsrf-without-samesite-flag", result)
            if c.session and not c.secure:
                result = _worse("cookies-session-without-secure-flag-but-protected-by-hsts" if hsts_pass
                                else "cookies-session-without-secure-flag", result)
            if c.session and not c.httponly:
                result = _worse("cookies-session-without-httponly-flag", result)
            missing_samesite = missing_samesite or not c.samesite_valid
        if result is None:
            result = ("cookies-secure-with-httponly-sessions" if missing_samesite
                      else "cookies-secure-with-httponly-sessions-and-samesite")
    return result, result in ("cookies-not-found", "cookies-secure-with-httponly-sessions",
                              "cookies-secure-with-httponly-sessions-and-samesite")


# ---------------------------------------------------------------- CORS
def _xml_domains(text: str, kind: str) -> list[str]:
    root = ET.fromstring(text.strip())  # raises ET.ParseError
    if kind == "crossdomain":
        return [e.get("domain", "").strip() for e in root.iter("allow-access-from") if e.get("domain")]
    return [e.get("uri", "").strip() for e in root.iter("domain") if e.get("uri")]


def _cors(inp: _Input) -> tuple[str, bool]:
    result = "cross-origin-resource-sharing-not-implemented"
    acao = inp.values("access-control-allow-origin")
    if acao:
        value = acao[0][:256].strip()
        acac = (inp.joined("access-control-allow-credentials") or "").strip().lower()
        if (value.lower() if inp.v >= 6 else value) == "*":
            result = "cross-origin-resource-sharing-implemented-with-public-access"
        elif inp.cors_origin and value == inp.cors_origin and acac == "true":
            result = "cross-origin-resource-sharing-implemented-with-universal-access"
        else:
            result = "cross-origin-resource-sharing-implemented-with-restricted-access"
    if inp.v < 6 and (inp.crossdomain_xml or inp.clientaccesspolicy_xml):
        try:
            domains = (_xml_domains(inp.crossdomain_xml, "crossdomain") if inp.crossdomain_xml else [])
            domains += (_xml_domains(inp.clientaccesspolicy_xml, "clientaccesspolicy")
                        if inp.clientaccesspolicy_xml else [])
        except ET.ParseError:
            domains = []
            result = "xml-not-parsable"
        if "*" in domains:
            result = "cross-origin-resource-sharing-implemented-with-universal-access"
        elif domains and result != "cross-origin-resource-sharing-implemented-with-universal-access":
            result = "cross-origin-resource-sharing-implemented-with-restricted-access"
    return result, result in ("cross-origin-resource-sharing-not-implemented",
                              "cross-origin-resource-sharing-implemented-with-public-access",
                              "cross-origin-resource-sharing-implemented-with-restricted-access")


# ---------------------------------------------------------------- redirection
def _under(host: str, base: str) -> bool:
    return bool(base) and (host == base or host.endswith("." + base))


def _redirection(inp: _Input) -> tuple[str, bool]:
    chain = inp.chain
    if not chain:
        result = "redirection-not-needed-no-http"
    else:
        route = [urlsplit(u) for u, _ in chain]
        schemes = [(r.scheme or "").lower() for r in route]
        hosts = [(r.hostname or "").lower() for r in route]
        if "https" in schemes and not inp.https_ok:
            result = "redirection-invalid-cert"
        elif inp.hsts_preloaded and all(_under(h, inp.host) for h in hosts):
            result = "redirection-all-redirects-preloaded"
        elif len(route) == 1:
            result = "redirection-missing"
        elif schemes[-1] != "https":
            result = "redirection-not-to-https"
        elif schemes[1] == "http":
            result = "redirection-not-to-https-on-initial-redirection"
        elif schemes[0] == "http" and schemes[1] == "https" and hosts[0] != hosts[1]:
            result = "redirection-off-host-from-http"
        else:
            result = "redirection-to-https"
    return result, result in ("redirection-not-needed-no-http", "redirection-all-redirects-preloaded",
                              "redirection-to-https")


# ---------------------------------------------------------------- referrer policy
_RP_GOOD = ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")
_RP_BAD = ("origin", "origin-when-cross-origin", "unsafe-url")


def _referrer(inp: _Input) -> tuple[str, bool]:
    header = inp.joined("referrer-policy")
    _, meta = _meta(inp)
    parts = ([header] if header is not None else []) + list(meta)
    if not parts:
        return "referrer-policy-not-implemented", True
    data = ", ".join(parts)
    bad = _RP_BAD if inp.v < 6 else (*_RP_BAD, "no-referrer-when-downgrade")
    valid = set(_RP_GOOD) | set(bad) | {"no-referrer-when-downgrade"}
    tokens = [t.strip().lower() for t in data.split(",") if t.strip().lower() in valid]
    policy = tokens[-1] if tokens else ""
    if policy in _RP_GOOD:
        result = "referrer-policy-private"
    elif inp.v < 6 and policy == "no-referrer-when-downgrade":
        result = "referrer-policy-no-referrer-when-downgrade"
    elif policy in bad:
        result = "referrer-policy-unsafe"
    else:
        result = "referrer-policy-header-invalid"
    return result, result in ("referrer-policy-private", "referrer-policy-not-implemented",
                              "referrer-policy-no-referrer-when-downgrade")


# ---------------------------------------------------------------- subresource integrity
# Second-level labels under which a country-code TLD registers names (co.th, go.th, gov.uk …):
# a small stand-in for the Public Suffix List, which is not shipped.
_SECOND_LEVEL = frozenset({
    "ac", "co", "com", "edu", "go", "gob", "gov", "govt", "gouv", "in", "int", "mi", "mil", "ne",
    "net", "nic", "or", "org", "sch", "ltd", "plc", "nhs", "police", "info", "biz", "nom", "web",
})


def registrable_domain(host: str) -> str:
    """eTLD+1 of a host (approximation of the Public Suffix List, see docs/security-grade.md)."""
    host = host.lower().strip(".")
    if not host:
        return ""
    try:
        ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


_SRI_ORDER = (
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
)


def _sri_worse(new: str, old: str | None) -> str:
    if old is None or _SRI_ORDER.index(new) > _SRI_ORDER.index(old):
        return new
    return old


def _sri(inp: _Input) -> tuple[str, bool]:
    ctype = (inp.joined("content-type") or "").split(";")[0].strip().lower()
    result: str | None = None
    not_html = (ctype not in _HTML_TYPES) if inp.v < 6 else (bool(ctype) and ctype not in _HTML_TYPES)
    if not_html:
        result = "sri-not-implemented-response-not-html"
    else:
        doc = inp.document()
        scripts = doc.css("script") if doc is not None else []
        site_domain = registrable_domain(inp.host)
        foreign = False
        for script in scripts:
            attrs = script.attributes
            if "src" not in attrs or (inp.v >= 6 and not attrs.get("src")):
                continue
            src = (attrs.get("src") or "").strip()
            if inp.v >= 6:  # the DOM's script.src: an absolute URL comes back with its scheme lower-cased
                m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", src)
                if m:
                    src = m.group(1).lower() + src[m.end(1):]
            integrity = attrs.get("integrity")
            if inp.v >= 6:
                relative_protocol = bool(re.match(r"^//[^/]", src))
                full = bool(re.match(r"^https?://", src))
                relative_origin = not relative_protocol and not full
                same_sld = (relative_protocol or relative_origin
                            or registrable_domain(urlsplit(src).hostname or "") == site_domain)
                scheme = (urlsplit(src).scheme.lower() + ":") if full else None
            else:
                parts = urlsplit(src)
                relative_origin = not parts.scheme and not parts.netloc
                relative_protocol = not parts.scheme and bool(parts.netloc)
                same_sld = bool(parts.netloc) and registrable_domain(parts.hostname or "") == site_domain
                scheme = parts.scheme.lower() + ":" if parts.scheme else None
            secure_origin = relative_origin or (same_sld and not relative_protocol)
            secure_scheme = scheme == "https:" or (relative_origin and inp.https_url)
            if not secure_origin:
                foreign = True
                if integrity and not secure_scheme:
                    result = _sri_worse("sri-implemented-but-external-scripts-not-loaded-securely", result)
                elif not integrity and secure_scheme:
                    result = _sri_worse("sri-not-implemented-but-external-scripts-loaded-securely", result)
                elif not integrity:
                    result = _sri_worse("sri-not-implemented-and-external-scripts-not-loaded-securely", result)
            elif integrity and secure_scheme and result is None:
                result = "sri-implemented-and-all-scripts-loaded-securely"
        if not scripts:
            result = "sri-not-implemented-but-no-scripts-loaded"
        elif result is None:
            result = ("sri-implemented-and-external-scripts-loaded-securely" if foreign
                      else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin")
    return result, result in ("sri-implemented-and-all-scripts-loaded-securely",
                              "sri-implemented-and-external-scripts-loaded-securely",
                              "sri-not-implemented-response-not-html",
                              "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
                              "sri-not-implemented-but-no-scripts-loaded")


# ---------------------------------------------------------------- simple headers
def _xcto(inp: _Input) -> tuple[str, bool]:
    value = inp.joined("x-content-type-options")
    if value is None:
        return "x-content-type-options-not-implemented", False
    if value[:256].strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", True
    return "x-content-type-options-header-invalid", False


def _xfo(inp: _Input, csp: _CspOutcome) -> tuple[str, bool]:
    value = inp.joined("x-frame-options")
    if value is None:
        result = "x-frame-options-not-implemented"
    else:
        xfo = value[:1024].strip().lower()
        if xfo in ("deny", "sameorigin"):
            result = "x-frame-options-sameorigin-or-deny"
        elif xfo.startswith("allow-from " if inp.v < 6 else "allow-from"):
            result = "x-frame-options-allow-from-origin"
        else:
            result = "x-frame-options-header-invalid"
    if csp.data and "frame-ancestors" in csp.data:  # not checking for * in frame-ancestors
        result = "x-frame-options-implemented-via-csp"
    return result, result in ("x-frame-options-sameorigin-or-deny", "x-frame-options-allow-from-origin",
                              "x-frame-options-implemented-via-csp")


def _xxss(inp: _Input, csp: _CspOutcome) -> tuple[str, bool]:
    header = (inp.joined("x-xss-protection") or "").strip()
    valid, passed = True, False
    if not header:
        result = "x-xss-protection-not-implemented"
    else:
        seen: dict[str, str | None] = {}
        try:
            if header[0] not in "01":
                raise ValueError
            for directive in header.lower().split(";"):
                if "=" in directive:
                    pieces = [d.strip() for d in directive.split("=")]
                    if len(pieces) != 2:
                        raise ValueError
                    k, val = pieces[0], pieces[1]
                else:
                    k, val = directive.strip(), None
                if k not in ("0", "1", "mode", "report") or (k == "mode" and val != "block") or k in seen:
                    raise ValueError
                seen[k] = val
        except ValueError:
            valid = False
        if not valid:
            result = "x-xss-protection-header-invalid"
        elif header[0] == "1":
            passed = True
            result = ("x-xss-protection-enabled-mode-block" if seen.get("mode") == "block"
                      else "x-xss-protection-enabled")
        else:
            result = "x-xss-protection-disabled"
    if valid and not passed and csp.passed:
        return "x-xss-protection-not-needed-due-to-csp", True
    return result, passed


_SF_TOKEN = r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*"
_SF_BARE = rf'(?:{_SF_TOKEN}|-?\d{{1,15}}(?:\.\d{{1,3}})?|"(?:[^"\\]|\\["\\])*"|:[A-Za-z0-9+/=]*:|\?[01])'
_SF_ITEM = re.compile(rf"^({_SF_TOKEN})((?:\s*;\s*[a-z*][a-z0-9_\-.*]*(?:={_SF_BARE})?)*)$")


def structured_token(value: str) -> str | None:
    """The bare token of an RFC 8941 item (``same-origin; report-to="x"``), None when not one."""
    m = _SF_ITEM.match(value.strip(" \t"))
    return m.group(1) if m else None


def _corp(inp: _Input) -> tuple[str, bool]:
    vals = inp.values("cross-origin-resource-policy")
    if not vals:
        return "corp-not-implemented", True
    value = vals[0][:256].strip().lower()
    result = {"same-site": "corp-implemented-with-same-site",
              "same-origin": "corp-implemented-with-same-origin",
              "cross-origin": "corp-implemented-with-cross-origin"}.get(value, "corp-header-invalid")
    return result, result != "corp-header-invalid"


def _policy(inp: _Input, header: str, prefix: str, known: dict[str, str]) -> tuple[str, bool]:
    vals = inp.values(header)
    if not vals:
        return f"{prefix}-not-implemented", True
    if len(vals) > 1:
        return f"{prefix}-header-invalid", False
    token = structured_token(vals[0][:1024].strip())
    result = known.get(token or "", f"{prefix}-header-invalid")
    return result, result != f"{prefix}-header-invalid"


def _coep(inp: _Input) -> tuple[str, bool]:
    return _policy(inp, "cross-origin-embedder-policy", "coep", {
        "require-corp": "coep-implemented-with-require-corp",
        "credentialless": "coep-implemented-with-credentialless",
        "unsafe-none": "coep-implemented-with-unsafe-none"})


def _coop(inp: _Input) -> tuple[str, bool]:
    return _policy(inp, "cross-origin-opener-policy", "coop", {
        "same-origin": "coop-implemented-with-same-origin",
        "same-origin-allow-popups": "coop-implemented-with-same-origin-allow-popups",
        "noopener-allow-popups": "coop-implemented-with-noopener-allow-popups",
        "unsafe-none": "coop-implemented-with-unsafe-none"})


# ---------------------------------------------------------------- entry point
def grade(
    headers: Iterable[tuple[str, str]],
    *,
    html: str | None,
    url: str,
    cookies: Iterable[str] = (),
    redirect_chain: Sequence[tuple[str, int]] | None = None,
    https_ok: bool,
    hsts_preloaded: bool = False,
    algorithm: int = 6,
    cors_origin: str | None = None,
    crossdomain_xml: str | None = None,
    clientaccesspolicy_xml: str | None = None,
    tree: LexborHTMLParser | None = None,
) -> ObservatoryResult:
    """Grade one response the way the Observatory does.

    ``headers``: the response's headers (names lower-cased, repeats allowed) — the HTTPS
    response when there is one. ``html``: its body. ``url``: its URL. ``cookies``: every
    Set-Cookie value seen. ``redirect_chain``: the (url, status) of each request made for
    ``http://host/``, first to last; None when plain http is not served. ``https_ok``: HTTPS
    answers with a certificate that verifies. ``cors_origin``: the Origin the request carried,
    if any (to recognise a reflected origin). The XML files count in version 3 only.
    ``tree``: ``html`` already parsed (a site's derived evidence), so it is not parsed again.
    """
    if algorithm not in SCORE_TABLES:
        raise ValueError(f"unknown Observatory algorithm version {algorithm}; known: {ALGORITHMS}")
    chain = tuple((u, int(s)) for u, s in redirect_chain) if redirect_chain else None
    if chain and chain[0][1] == 0:
        chain = None  # the very first http request got no answer: http is not served
    inp = _Input(
        headers=tuple((k.strip().lower(), v) for k, v in headers), html=html, url=url,
        cookies=tuple(cookies), chain=chain, https_ok=https_ok, hsts_preloaded=hsts_preloaded,
        v=algorithm, cors_origin=cors_origin, crossdomain_xml=crossdomain_xml,
        clientaccesspolicy_xml=clientaccesspolicy_xml, tree=tree if html else None,
    )
    csp = _csp(inp)
    hsts = _hsts(inp)
    outcomes: dict[str, tuple[str, bool]] = {
        "content-security-policy": (csp.result, csp.passed),
        "cookies": _cookies(inp, hsts[1]),
        "cross-origin-resource-sharing": _cors(inp),
        "redirection": _redirection(inp),
        "referrer-policy": _referrer(inp),
        "strict-transport-security": hsts,
        "subresource-integrity": _sri(inp),
        "x-content-type-options": _xcto(inp),
        "x-frame-options": _xfo(inp, csp),
    }
    if algorithm == 3:
        outcomes["x-xss-protection"] = _xxss(inp, csp)
    else:
        outcomes["cross-origin-resource-policy"] = _corp(inp)
        outcomes["cross-origin-embedder-policy"] = _coep(inp)
        outcomes["cross-origin-opener-policy"] = _coop(inp)
    table = SCORE_TABLES[algorithm]
    tests = {name: {"result": r, "modifier": table[r], "pass": p} for name, (r, p) in outcomes.items()}
    score, uncurved, extra = score_results({k: v["result"] for k, v in tests.items()}, algorithm)
    return ObservatoryResult(
        score=score, grade=grade_for(score), tests=tests, algorithm=algorithm, uncurved=uncurved,
        with_extra_credit=extra, tests_passed=sum(1 for t in tests.values() if t["pass"]),
        tests_quantity=len(tests),
    )

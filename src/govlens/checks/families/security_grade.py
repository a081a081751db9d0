"""Security beyond transport: the Observatory header grade, cookies, mixed content,
security.txt (RFC 9116) and the certificate's issuer and expiry.

All pure functions of the evidence: the grade is computed by :mod:`govlens.checks.observatory`
from what the crawl recorded (headers of the HTTPS home response, its HTML, the cookies it set,
the plain-http redirect chain).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from govlens.checks import observatory
from govlens.checks.observatory import ParsedCookie, parse_set_cookie
from govlens.checks.registry import (
    CheckResult,
    Pointer,
    check,
    failed,
    not_applicable,
    partial,
    passed,
    unreachable,
)
from govlens.evidence.model import Fetched, Page, SiteEvidence

GOOD_GRADES = ("A+", "A", "A-")
MIDDLE_GRADES = ("B+", "B", "B-", "C+", "C", "C-")
EXPIRY_WARNING_DAYS = 14


# ---------------------------------------------------------------- helpers
def parse_time(value: str) -> datetime | None:
    """ISO 8601 / RFC 3339, or OpenSSL's ``Jun  1 12:00:00 2025 GMT``; naive times are UTC."""
    value = (value or "").strip()
    if not value:
        return None
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        for fmt in ("%b %d %H:%M:%S %Y %Z", "%b %d %H:%M:%S %Y"):
            try:
                dt = datetime.strptime(re.sub(r"\s+", " ", value), fmt)
                break
            except ValueError:
                continue
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _https_url(site: SiteEvidence) -> str:
    if site.final_url.startswith("https://"):
        return site.final_url
    parts = urlsplit(site.site_url)
    return f"https://{parts.netloc}{parts.path or '/'}"


def _cookie_values(site: SiteEvidence) -> list[str]:
    if site.cookies:
        return list(site.cookies)
    home = site.pages[0] if site.pages else None
    return home.header_all("set-cookie") if home else []


def _https_ok(site: SiteEvidence) -> bool:
    return bool(site.https) and (site.tls is None or site.tls.ok)


def observatory_inputs(site: SiteEvidence) -> dict:
    """The arguments of :func:`observatory.grade` as the crawl's evidence gives them."""
    home = site.pages[0] if site.pages else None
    if site.https_headers:
        headers = list(site.https_headers)
        url = _https_url(site)
    else:
        headers = list(home.headers) if home else []
        url = home.final_url if home else site.final_url
    chain = [(h.url, h.status) for h in site.http_probe] or None
    return {
        "headers": headers, "html": home.html if home else None, "url": url,
        "cookies": _cookie_values(site), "redirect_chain": chain, "https_ok": _https_ok(site),
    }


# ---------------------------------------------------------------- headers grade
@check("security.headers-grade",
       title={"en": "Security headers grade (Mozilla HTTP Observatory)",
              "th": "ระดับคะแนนส่วนหัวความปลอดภัย (Mozilla HTTP Observatory)"},
       description={"en": "The Mozilla HTTP Observatory's published scoring (algorithm 6) applied to the "
                          "HTTPS home response: CSP, cookies, CORS, redirection, Referrer-Policy, HSTS, SRI, "
                          "X-Content-Type-Options, X-Frame-Options, CORP/COEP/COOP. Pass for A-/A/A+, "
                          "partial for B and C grades, fail for D and F.",
                    "th": "ใช้เกณฑ์คะแนนที่เผยแพร่ของ Mozilla HTTP Observatory (อัลกอริทึมรุ่น 6) กับการตอบกลับ "
                          "HTTPS ของหน้าแรก: CSP คุกกี้ CORS การเปลี่ยนเส้นทาง Referrer-Policy HSTS SRI "
                          "X-Content-Type-Options X-Frame-Options และ CORP/COEP/COOP ผ่านเมื่อได้ A-/A/A+ "
                          "ผ่านบางส่วนเมื่อได้ระดับ B หรือ C ไม่ผ่านเมื่อได้ D หรือ F"},
       needs=("headers", "https"), standard="Mozilla HTTP Observatory scoring (algorithm 6; 3 in details)", requires_home=True)
def headers_grade(site: SiteEvidence) -> CheckResult:
    cid = "security.headers-grade"
    args = observatory_inputs(site)
    result = observatory.grade(**args, algorithm=6)
    v3 = observatory.grade(**args, algorithm=3)
    details = {
        "score": result.score, "grade": result.grade, "algorithm": result.algorithm,
        "tests": {k: {"result": t["result"], "modifier": t["modifier"]} for k, t in result.tests.items()},
        "v3": {"score": v3.score, "grade": v3.grade,
               "tests": {k: {"result": t["result"], "modifier": t["modifier"]} for k, t in v3.tests.items()}},
    }
    if not site.http_probe:
        details["note"] = "plain http was not probed: redirection graded as not needed"
    score = round(min(result.score / 100, 1.0), 3)
    worst = sorted(((t["modifier"], k, t["result"]) for k, t in result.tests.items() if t["modifier"] < 0))
    ptr = Pointer(args["url"], snippet=f"Observatory v6: {result.score} ({result.grade})",
                  note="; ".join(f"{r} ({m})" for m, _, r in worst[:5]))
    outcome = "pass" if result.grade in GOOD_GRADES else "partial" if result.grade in MIDDLE_GRADES else "fail"
    return CheckResult(cid, outcome, score, (ptr,), details)


# ---------------------------------------------------------------- cookies
_SESSIONISH = re.compile(r"(sess|login|logged.?in|auth|(?:^|[_.\-])sid(?:$|[_.\-])|^sid)", re.I)
_CSRF = re.compile(r"csrf|xsrf", re.I)


def session_like(c: ParsedCookie) -> bool:
    """A cookie that identifies a session (and so must be HttpOnly): the Observatory's rule
    (name contains login/sess) widened with common names (sid, auth, logged_in); anti-CSRF
    tokens are excluded because scripts must read them."""
    return bool(_SESSIONISH.search(c.name)) and not _CSRF.search(c.name)


def cookie_problems(c: ParsedCookie, *, https: bool) -> list[str]:
    out: list[str] = []
    if not c.secure:
        out.append("no Secure" if https else "no Secure (site not on https)")
    if c.samesite is None:
        out.append("no SameSite")
    elif not c.samesite_valid:
        out.append(f"invalid SameSite={c.samesite!r}")
    elif c.samesite == "none" and not c.secure:
        out.append("SameSite=None without Secure")
    if session_like(c) and not c.httponly:
        out.append("session cookie without HttpOnly")
    return out


@check("security.cookies",
       title={"en": "Cookies are Secure, HttpOnly and SameSite", "th": "คุกกี้ตั้งค่า Secure, HttpOnly และ SameSite"},
       description={"en": "Every cookie the home page sets has Secure and a valid SameSite; session cookies "
                          "are also HttpOnly.",
                    "th": "คุกกี้ทุกตัวที่หน้าแรกกำหนดมี Secure และ SameSite ที่ถูกต้อง คุกกี้เซสชันมี HttpOnly ด้วย"},
       needs=("headers",), standard="OWASP session management; Mozilla Observatory: cookies", requires_home=True)
def cookies(site: SiteEvidence) -> CheckResult:
    cid = "security.cookies"
    jar: dict[str, ParsedCookie] = {}
    for raw in _cookie_values(site):
        c = parse_set_cookie(raw)
        if c.name:
            jar[c.name] = c
    if not jar:
        return not_applicable(cid, "the home page sets no cookies")
    https = site.final_url.startswith("https://") or bool(site.https_headers)
    url = _https_url(site) if https else site.final_url
    rows = []
    bad: list[Pointer] = []
    for c in jar.values():
        problems = cookie_problems(c, https=https)
        rows.append({"name": c.name, "secure": c.secure, "httponly": c.httponly,
                     "samesite": c.samesite, "session": session_like(c), "problems": problems})
        if problems:
            bad.append(Pointer(url, snippet=f"Set-Cookie: {c.raw}"[:200], note="; ".join(problems)))
    ok = len(jar) - len(bad)
    share = round(ok / len(jar), 3)
    if not bad:
        return passed(cid, Pointer(url, note=f"{len(jar)} cookies"), cookies=rows)
    if share >= 0.5:
        return partial(cid, share, *bad[:10], cookies=rows)
    return failed(cid, *bad[:10], score=share, cookies=rows)


# ---------------------------------------------------------------- mixed content
_ACTIVE = {"script", "iframe", "stylesheet", "object", "embed"}


def mixed_content(page: Page) -> list[tuple[str, str, str]]:
    """(kind, url, selector) of every http:// subresource an https page loads."""
    found: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, url: str, selector: str) -> None:
        if urlsplit(url).scheme.lower() == "http" and (kind, url) not in seen:
            seen.add((kind, url))
            found.append((kind, url, selector))

    for s in page.scripts:
        add("script", s, "script[src]")
    for img in page.images:
        add("image", img.src, img.selector or "img")
    if page.html:
        tree = LexborHTMLParser(page.html)
        base = page.final_url
        base_el = tree.css_first("base[href]")
        if base_el is not None and base_el.attributes.get("href"):
            base = urljoin(page.final_url, (base_el.attributes.get("href") or "").strip())

        def resolve(value: str | None) -> str:
            try:
                return urljoin(base, (value or "").strip()) if value and value.strip() else ""
            except ValueError:
                return ""

        for el in tree.css("iframe[src], frame[src]"):
            add("iframe", resolve(el.attributes.get("src")), el.tag or "iframe")
        for el in tree.css("link[href]"):
            rels = (el.attributes.get("rel") or "").lower().split()
            if "stylesheet" in rels:
                add("stylesheet", resolve(el.attributes.get("href")), "link[rel=stylesheet]")
        for el in tree.css("object[data]"):
            add("object", resolve(el.attributes.get("data")), "object[data]")
        for el in tree.css("embed[src]"):
            add("embed", resolve(el.attributes.get("src")), "embed[src]")
        for el in tree.css("audio[src], video[src], source[src], track[src]"):
            add("media", resolve(el.attributes.get("src")), f"{el.tag}[src]")
    return found


@check("security.mixed-content",
       title={"en": "No mixed content", "th": "ไม่มีเนื้อหาผสม (mixed content)"},
       description={"en": "HTTPS pages load no scripts, stylesheets, frames, images or media over plain http://. "
                          "Active content (scripts, stylesheets, frames) fails; images/media only is partial.",
                    "th": "หน้า HTTPS ไม่โหลดสคริปต์ สไตล์ชีต เฟรม รูปภาพ หรือสื่อผ่าน http:// "
                          "เนื้อหาแบบแอคทีฟ (สคริปต์ สไตล์ชีต เฟรม) ไม่ผ่าน ถ้ามีเฉพาะรูปภาพหรือสื่อถือว่าผ่านบางส่วน"},
       needs=("page", "pages"), standard="W3C Mixed Content; LOSI TECH (secure connection)", requires_home=True)
def mixed(site: SiteEvidence) -> CheckResult:
    cid = "security.mixed-content"
    https_pages = [p for p in site.pages if p.final_url.lower().startswith("https://")]
    if not https_pages:
        return not_applicable(cid, "no page was served over https")
    active: list[Pointer] = []
    passive: list[Pointer] = []
    for page in https_pages:
        for kind, url, sel in mixed_content(page):
            ptr = Pointer(page.final_url, sel, url[:200], note=f"{kind} over http://")
            (active if kind in _ACTIVE else passive).append(ptr)
    details = {"pages": len(https_pages), "active": len(active), "passive": len(passive)}
    if active:
        return failed(cid, *(active + passive)[:10], **details)
    if passive:
        return partial(cid, 0.5, *passive[:10], **details)
    return passed(cid, Pointer(https_pages[0].final_url, note=f"{len(https_pages)} https pages checked"),
                  **details)


# ---------------------------------------------------------------- security.txt
_PGP_HEAD = re.compile(r"^-----BEGIN PGP SIGNED MESSAGE-----\r?\n(?:[^\r\n]+\r?\n)*\r?\n", re.M)
_PGP_SIG = re.compile(r"^-----BEGIN PGP SIGNATURE-----.*?-----END PGP SIGNATURE-----\s*", re.M | re.S)


def find_security_txt(site: SiteEvidence) -> Fetched | None:
    extra = [f for f in site.extra if urlsplit(f.url).path.lower().endswith("/security.txt")]
    well_known = [f for f in extra if urlsplit(f.url).path.lower().endswith("/.well-known/security.txt")]
    return (well_known or extra or [None])[0]


def parse_security_txt(text: str) -> dict[str, list[str]]:
    """Field name (lower-case) -> values, with any OpenPGP cleartext signature removed."""
    body = _PGP_SIG.sub("", _PGP_HEAD.sub("", text.lstrip("\ufeff"), count=1))
    fields: dict[str, list[str]] = {}
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        name, _, value = line.partition(":")
        if re.fullmatch(r"[A-Za-z0-9-]+", name.strip()):
            fields.setdefault(name.strip().lower(), []).append(value.strip())
    return fields


@check("security.security-txt",
       title={"en": "security.txt (RFC 9116)", "th": "ไฟล์ security.txt (RFC 9116)"},
       description={"en": "/.well-known/security.txt answers with at least one Contact and exactly one Expires "
                          "in the future (RFC 9116). Not applicable when the crawl did not fetch it.",
                    "th": "/.well-known/security.txt มีช่อง Contact อย่างน้อยหนึ่งรายการ และ Expires หนึ่งรายการ "
                          "ที่ยังไม่หมดอายุ (RFC 9116) ไม่ประเมินเมื่อการเก็บข้อมูลไม่ได้ดึงไฟล์นี้"},
       needs=("site",), standard="RFC 9116", requires_home=True)
def security_txt(site: SiteEvidence) -> CheckResult:
    cid = "security.security-txt"
    f = find_security_txt(site)
    if f is None:
        return not_applicable(cid, "/.well-known/security.txt was not fetched by the crawl")
    if f.error or f.status != 200:
        return failed(cid, Pointer(f.url, note=f.error or f"HTTP {f.status}"), status=f.status)
    ctype = f.content_type.split(";")[0].strip().lower()
    head = f.text.lstrip()[:200].lower()
    if ctype in ("text/html", "application/xhtml+xml") or head.startswith(("<!doctype", "<html")):
        return failed(cid, Pointer(f.url, snippet=f.text[:120], note="an HTML page, not a security.txt"),
                      status=f.status, content_type=ctype)
    fields = parse_security_txt(f.text)
    contacts = fields.get("contact", [])
    expires = fields.get("expires", [])
    errors: list[str] = []
    warnings: list[str] = []
    if not contacts:
        errors.append("no Contact field")
    for c in contacts:
        if not re.match(r"^(mailto:|tel:|https://)", c, re.I):
            warnings.append(f"Contact is not a mailto:, tel: or https:// URI: {c[:60]}")
    days: int | None = None
    expiry: datetime | None = None
    if not expires:
        errors.append("no Expires field")
    elif len(expires) > 1:
        errors.append("Expires appears more than once")
    else:
        expiry = parse_time(expires[0])
        if expiry is None:
            errors.append(f"Expires is not an RFC 3339 date: {expires[0][:60]}")
    captured = parse_time(site.captured)
    if expiry is not None:
        if captured is None:
            warnings.append("no capture date: expiry not judged")
        else:
            days = (expiry - captured).days
            if expiry <= captured:
                errors.append(f"expired on {expires[0]}")
            elif days > 366:
                warnings.append("Expires is more than a year ahead (RFC 9116 recommends less)")
    if ctype and ctype != "text/plain":
        warnings.append(f"served as {ctype}, not text/plain")
    details = {"contact": contacts, "expires": expires[0] if expires else "", "days_to_expiry": days,
               "fields": sorted(fields), "errors": errors, "warnings": warnings}
    ptr = Pointer(f.url, snippet=f.text[:160], note="; ".join(errors or warnings))
    if errors:
        return failed(cid, ptr, **details)
    if warnings:
        return partial(cid, 0.75, ptr, **details)
    return passed(cid, ptr, **details)


# ---------------------------------------------------------------- TLS certificate
@check("security.tls-certificate",
       title={"en": "TLS certificate valid and not about to expire",
              "th": "ใบรับรอง TLS ถูกต้องและยังไม่ใกล้หมดอายุ"},
       description={"en": "The HTTPS certificate verifies (trusted issuer, matching host, in date). Partial when it "
                          f"expires within {EXPIRY_WARNING_DAYS} days of the capture; details name the issuer and expiry.",
                    "th": "ใบรับรอง HTTPS ตรวจสอบผ่าน (ผู้ออกที่เชื่อถือได้ ชื่อโฮสต์ตรงกัน ยังไม่หมดอายุ) ผ่านบางส่วนเมื่อจะหมดอายุ"
                          f"ภายใน {EXPIRY_WARNING_DAYS} วันนับจากวันที่เก็บข้อมูล"},
       needs=("https", "tls"), standard="CA/B Forum baseline; LOSI TECH (secure connection)")
def tls_certificate(site: SiteEvidence) -> CheckResult:
    cid = "security.tls-certificate"
    t = site.tls
    url = _https_url(site)
    if t is None:
        if site.https:
            return not_applicable(cid, "https answered but no certificate details were recorded")
        if site.home is None and site.https is None:
            return unreachable(cid, site)
        return not_applicable(cid, "the site does not answer over https")
    if not t.ok:
        error = t.error or "tls-error"
        return failed(cid, Pointer(url, note=f"{error}: {t.detail}"[:300]), tls_error=error, detail=t.detail)
    info = {"issuer": t.issuer, "subject": t.subject, "not_before": t.not_before, "not_after": t.not_after,
            "version": t.version, "san": list(t.san)}
    captured = parse_time(site.captured)
    not_after = parse_time(t.not_after)
    not_before = parse_time(t.not_before)
    days = None
    if captured is not None and not_after is not None:
        days = (not_after - captured).days
        if not_after <= captured:
            return failed(cid, Pointer(url, note=f"expired {t.not_after}"), tls_error="tls-expired",
                          days_to_expiry=days, **info)
        if not_before is not None and not_before > captured:
            return failed(cid, Pointer(url, note=f"not valid before {t.not_before}"),
                          tls_error="tls-not-yet-valid", days_to_expiry=days, **info)
    ptr = Pointer(url, note=f"issuer {t.issuer}; expires {t.not_after}" + (f" ({days} days)" if days is not None else ""))
    if days is not None and days < EXPIRY_WARNING_DAYS:
        return partial(cid, 0.5, ptr, days_to_expiry=days, expiring_soon=True, **info)
    return passed(cid, ptr, days_to_expiry=days, **info)

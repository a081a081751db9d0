"""Security: HTTPS, the redirect to it, HSTS, the Observatory header grade, cookies, mixed
content, security.txt (RFC 9116) and the certificate's issuer and expiry.

All pure functions of the evidence: the grade is computed by :mod:`govlens.checks.observatory`
from what the crawl recorded (headers of the HTTPS home response, its HTML, the cookies it set,
the plain-http redirect chain). The transport checks judge sites the crawl did not reach when
the probe says enough (no https at all is a fail, not an unknown).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from govlens.checks import observatory
from govlens.checks.observatory import ParsedCookie, parse_set_cookie
from govlens.checks.registry import (
    Pointer,
    Verdict,
    cannot_judge,
    check,
    failed,
    not_applicable,
    partial,
    passed,
    unreachable_reason,
)
from govlens.checks.view import SiteView
from govlens.evidence.model import Fetched, Page

SIX_MONTHS = 15_768_000  # the default of the hsts option (checks/options.py)
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)


@check("security.https",
       failure_title={"en": 'No valid HTTPS', "th": 'ไม่มี HTTPS ที่ถูกต้อง'},
       why={"en": 'Without HTTPS, what people send a government site can be read or changed on the way.',
            "th": 'หากไม่มี HTTPS ข้อมูลที่ประชาชนส่งให้เว็บไซต์ภาครัฐอาจถูกดักอ่านหรือแก้ไขระหว่างทาง'},
       title={"en": "HTTPS with a valid certificate", "th": "ใช้ HTTPS พร้อมใบรับรองที่ถูกต้อง"},
       description={"en": "The site answers over HTTPS and its certificate verifies.",
                    "th": "เว็บไซต์ให้บริการผ่าน HTTPS และใบรับรองตรวจสอบผ่าน"},
       needs=("https", "tls"), references=('RFC 9110 §4.2.2',), judges_unreachable=("tls-",))
def https(ev: SiteView) -> Verdict:
    if ev.tls is not None and not ev.tls.ok:
        return failed(Pointer(ev.site_url, note=ev.tls.detail), tls_error=ev.tls.error)
    if ev.https:
        t = ev.tls
        return passed(Pointer(ev.final_url if ev.final_url.startswith("https") else ev.site_url,
                                   note=f"issuer {t.issuer}" if t else ""),
                      issuer=t.issuer if t else "", not_after=t.not_after if t else "")
    if ev.https is None and not ev.ok:
        return cannot_judge(unreachable_reason(ev))
    return failed(Pointer(ev.site_url, note="no answer over https"))


@check("security.https-redirect",
       failure_title={"en": 'HTTP not redirected to HTTPS', "th": 'HTTP ไม่ถูกเปลี่ยนเส้นทางไป HTTPS'},
       why={"en": 'People who type the address without https:// should still end up on the secure site.',
            "th": 'ผู้ที่พิมพ์ที่อยู่โดยไม่มี https:// ควรถูกพาไปยังเว็บไซต์ที่ปลอดภัย'},
       title={"en": "HTTP redirects to HTTPS", "th": "เปลี่ยนเส้นทาง HTTP ไป HTTPS"},
       description={"en": "Plain http:// requests are sent on to https://.",
                    "th": "คำขอผ่าน http:// ถูกเปลี่ยนเส้นทางไปยัง https://"},
       needs=("https",), references=('Mozilla HTTP Observatory: redirection',))
def https_redirect(ev: SiteView) -> Verdict:
    chain = [f"{h.status} {h.url} -> {h.location}" for h in ev.http_probe]
    if ev.http_to_https:
        return passed(Pointer(ev.http_probe[0].url if ev.http_probe else ev.site_url,
                                   snippet=" | ".join(chain)[:300]), chain=chain)
    if ev.http_to_https is None and ev.https and ev.site_url.startswith("https://"):
        return passed(Pointer(ev.site_url, note="http not served; https only"), chain=chain)
    if not ev.ok and not ev.https:
        return cannot_judge(unreachable_reason(ev))
    return failed(Pointer(ev.http_probe[0].url if ev.http_probe else ev.site_url,
                               note="http answered without redirecting to https"), chain=chain)


@check("security.hsts",
       failure_title={"en": 'No HSTS', "th": 'ไม่ได้ใช้ HSTS'},
       why={"en": 'HSTS stops a network attacker from downgrading the next visit to plain HTTP.',
            "th": 'HSTS ป้องกันผู้โจมตีในเครือข่ายไม่ให้ลดระดับการเข้าชมครั้งถัดไปเป็น HTTP'},
       title={"en": "HTTP Strict Transport Security", "th": "ใช้ HSTS บังคับ HTTPS"},
       description={"en": "The HTTPS response sets Strict-Transport-Security for at least six months.",
                    "th": "การตอบกลับผ่าน HTTPS กำหนด Strict-Transport-Security อย่างน้อยหกเดือน"},
       needs=("https", "headers"), references=('RFC 6797', 'Mozilla HTTP Observatory: hsts'))
def hsts(ev: SiteView, opts: dict[str, Any]) -> Verdict:
    if not ev.https_headers:
        if not ev.ok and ev.https is None:
            return cannot_judge(unreachable_reason(ev))
        return failed(Pointer(ev.site_url, note="no HTTPS response to carry HSTS"))
    value = next((v for k, v in ev.https_headers if k == "strict-transport-security"), None)
    url = ev.final_url if ev.final_url.startswith("https") else ev.site_url.replace("http://", "https://", 1)
    if value is None:
        return failed(Pointer(url, note="no Strict-Transport-Security header"))
    m = _MAX_AGE.search(value)
    age = int(m.group(1)) if m else 0
    ptr = Pointer(url, snippet=f"Strict-Transport-Security: {value}"[:200])
    if age >= opts["min_max_age"]:
        return passed(ptr, max_age=age)
    if age > 0:
        return partial(0.5, ptr, max_age=age)
    return failed(ptr, max_age=age)


GOOD_GRADES = ("A+", "A", "A-")
MIDDLE_GRADES = ("B+", "B", "B-", "C+", "C", "C-")
EXPIRY_WARNING_DAYS = 14  # the default of the tls-certificate option (checks/options.py)


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


def _https_url(ev: SiteView) -> str:
    if ev.final_url.startswith("https://"):
        return ev.final_url
    parts = urlsplit(ev.site_url)
    return f"https://{parts.netloc}{parts.path or '/'}"


def _cookie_values(ev: SiteView) -> list[str]:
    if ev.cookies:
        return list(ev.cookies)
    home = ev.pages[0] if ev.pages else None
    return home.header_all("set-cookie") if home else []


def _https_ok(ev: SiteView) -> bool:
    return bool(ev.https) and (ev.tls is None or ev.tls.ok)


def observatory_inputs(ev: SiteView) -> dict:
    """The arguments of :func:`observatory.grade` as the crawl's evidence gives them."""
    home = ev.pages[0] if ev.pages else None
    if ev.https_headers:
        headers = list(ev.https_headers)
        url = _https_url(ev)
    else:
        headers = list(home.headers) if home else []
        url = home.final_url if home else ev.final_url
    chain = [(h.url, h.status) for h in ev.http_probe] or None
    return {
        "headers": headers, "html": home.html if home else None, "url": url,
        "cookies": _cookie_values(ev), "redirect_chain": chain, "https_ok": _https_ok(ev),
        "tree": ev.tree(home) if home is not None and home.html else None,
    }


# ---------------------------------------------------------------- headers grade
@check("security.headers-grade",
       failure_title={"en": 'Weak security headers', "th": 'ส่วนหัวความปลอดภัยอ่อนแอ'},
       why={"en": 'Security headers stop common attacks (script injection, clickjacking) at no cost to users.',
            "th": 'ส่วนหัวความปลอดภัยป้องกันการโจมตีทั่วไป (การแทรกสคริปต์ การหลอกคลิก) โดยไม่กระทบผู้ใช้'},
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
       needs=("page", "headers", "https", "tls", "cookies"), references=('Mozilla HTTP Observatory scoring, algorithm 6',))
def headers_grade(ev: SiteView) -> Verdict:
    args = observatory_inputs(ev)
    result = observatory.grade(**args, algorithm=6)
    v3 = observatory.grade(**args, algorithm=3)
    details = {
        "score": result.score, "grade": result.grade, "algorithm": result.algorithm,
        "tests": {k: {"result": t["result"], "modifier": t["modifier"]} for k, t in result.tests.items()},
        "v3": {"score": v3.score, "grade": v3.grade,
               "tests": {k: {"result": t["result"], "modifier": t["modifier"]} for k, t in v3.tests.items()}},
    }
    if not ev.http_probe:
        details["note"] = "plain http was not probed: redirection graded as not needed"
    score = round(min(result.score / 100, 1.0), 3)
    worst = sorted(((t["modifier"], k, t["result"]) for k, t in result.tests.items() if t["modifier"] < 0))
    ptr = Pointer(args["url"], snippet=f"Observatory v6: {result.score} ({result.grade})",
                  note="; ".join(f"{r} ({m})" for m, _, r in worst[:5]))
    outcome = "pass" if result.grade in GOOD_GRADES else "partial" if result.grade in MIDDLE_GRADES else "fail"
    return Verdict(outcome, score, (ptr,), details)


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
       failure_title={"en": 'Cookies without protection', "th": 'คุกกี้ไม่มีการป้องกัน'},
       why={"en": "A session cookie without Secure/HttpOnly/SameSite can be stolen and a citizen's session taken over.",
            "th": 'คุกกี้ที่ไม่มี Secure/HttpOnly/SameSite อาจถูกขโมยและถูกยึดเซสชันของประชาชน'},
       title={"en": "Cookies are Secure, HttpOnly and SameSite", "th": "คุกกี้ตั้งค่า Secure, HttpOnly และ SameSite"},
       description={"en": "Every cookie the home page sets has Secure and a valid SameSite; session cookies "
                          "are also HttpOnly.",
                    "th": "คุกกี้ทุกตัวที่หน้าแรกกำหนดมี Secure และ SameSite ที่ถูกต้อง คุกกี้เซสชันมี HttpOnly ด้วย"},
       needs=("page", "headers", "https", "cookies"), references=('OWASP Session Management Cheat Sheet', 'RFC 6265bis'))
def cookies(ev: SiteView) -> Verdict:
    jar: dict[str, ParsedCookie] = {}
    for raw in _cookie_values(ev):
        c = parse_set_cookie(raw)
        if c.name:
            jar[c.name] = c
    if not jar:
        return not_applicable("the home page sets no cookies")
    https = ev.final_url.startswith("https://") or bool(ev.https_headers)
    url = _https_url(ev) if https else ev.final_url
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
        return passed(Pointer(url, note=f"{len(jar)} cookies"), cookies=rows)
    if share >= 0.5:
        return partial(share, *bad[:10], cookies=rows)
    return failed(*bad[:10], score=share, cookies=rows)


# ---------------------------------------------------------------- mixed content
_ACTIVE = {"script", "iframe", "stylesheet", "object", "embed"}


_SUBRESOURCES_CSS = ("iframe[src], frame[src], link[href], object[data], embed[src], "
                     "audio[src], video[src], source[src], track[src]")
_SUBRESOURCE_GROUP = {"iframe": "frame", "frame": "frame", "link": "link", "object": "object", "embed": "embed",
                      "audio": "media", "video": "media", "source": "media", "track": "media"}


def mixed_content(ev: SiteView, page: Page) -> list[tuple[str, str, str]]:
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
        tree = ev.tree(page)
        base = page.final_url
        base_el = tree.css_first("base[href]")
        if base_el is not None and base_el.attributes.get("href"):
            base = urljoin(page.final_url, (base_el.attributes.get("href") or "").strip())

        def resolve(value: str | None) -> str:
            try:
                return urljoin(base, (value or "").strip()) if value and value.strip() else ""
            except ValueError:
                return ""

        # the subresources in one query (one walk of the tree), put back into the groups below by
        # tag (each tag belongs to one group), each group in document order as its own query gave it
        groups: dict[str, list[Any]] = {}
        for el in tree.css(_SUBRESOURCES_CSS):
            groups.setdefault(_SUBRESOURCE_GROUP.get((el.tag or "").lower(), ""), []).append(el)
        for el in groups.get("frame", ()):
            add("iframe", resolve(el.attributes.get("src")), el.tag or "iframe")
        for el in groups.get("link", ()):
            rels = (el.attributes.get("rel") or "").lower().split()
            if "stylesheet" in rels:
                add("stylesheet", resolve(el.attributes.get("href")), "link[rel=stylesheet]")
        for el in groups.get("object", ()):
            add("object", resolve(el.attributes.get("data")), "object[data]")
        for el in groups.get("embed", ()):
            add("embed", resolve(el.attributes.get("src")), "embed[src]")
        for el in groups.get("media", ()):
            add("media", resolve(el.attributes.get("src")), f"{el.tag}[src]")
    return found


@check("security.mixed-content",
       failure_title={"en": 'Mixed content on HTTPS pages', "th": 'มีเนื้อหาผสม HTTP บนหน้า HTTPS'},
       why={"en": "A script loaded over HTTP undoes the page's HTTPS.",
            "th": 'สคริปต์ที่โหลดผ่าน HTTP ทำให้ HTTPS ของหน้าไร้ผล'},
       title={"en": "No mixed content", "th": "ไม่มีเนื้อหาผสม (mixed content)"},
       description={"en": "HTTPS pages load no scripts, stylesheets, frames, images or media over plain http://. "
                          "Active content (scripts, stylesheets, frames) fails; images/media only is partial.",
                    "th": "หน้า HTTPS ไม่โหลดสคริปต์ สไตล์ชีต เฟรม รูปภาพ หรือสื่อผ่าน http:// "
                          "เนื้อหาแบบแอคทีฟ (สคริปต์ สไตล์ชีต เฟรม) ไม่ผ่าน ถ้ามีเฉพาะรูปภาพหรือสื่อถือว่าผ่านบางส่วน"},
       needs=("pages",), references=('W3C Mixed Content',))
def mixed(ev: SiteView) -> Verdict:
    https_pages = [p for p in ev.pages if p.final_url.lower().startswith("https://")]
    if not https_pages:
        return not_applicable("no page was served over https")
    active: list[Pointer] = []
    passive: list[Pointer] = []
    for page in https_pages:
        for kind, url, sel in mixed_content(ev, page):
            ptr = Pointer(page.final_url, sel, url[:200], note=f"{kind} over http://")
            (active if kind in _ACTIVE else passive).append(ptr)
    details = {"pages": len(https_pages), "active": len(active), "passive": len(passive)}
    if active:
        return failed(*(active + passive)[:10], **details)
    if passive:
        return partial(0.5, *passive[:10], **details)
    return passed(Pointer(https_pages[0].final_url, note=f"{len(https_pages)} https pages checked"),
                  **details)


# ---------------------------------------------------------------- security.txt
_PGP_HEAD = re.compile(r"^-----BEGIN PGP SIGNED MESSAGE-----\r?\n(?:[^\r\n]+\r?\n)*\r?\n", re.M)
_PGP_SIG = re.compile(r"^-----BEGIN PGP SIGNATURE-----.*?-----END PGP SIGNATURE-----\s*", re.M | re.S)


def find_security_txt(ev: SiteView) -> Fetched | None:
    extra = [f for f in ev.extra if urlsplit(f.url).path.lower().endswith("/security.txt")]
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
       failure_title={"en": 'No security.txt', "th": 'ไม่มี security.txt'},
       why={"en": 'security.txt tells a researcher who found a flaw whom to tell.',
            "th": 'security.txt บอกผู้ที่พบช่องโหว่ว่าต้องแจ้งใคร'},
       title={"en": "security.txt (RFC 9116)", "th": "ไฟล์ security.txt (RFC 9116)"},
       description={"en": "/.well-known/security.txt answers with at least one Contact and exactly one Expires "
                          "in the future (RFC 9116). Not applicable when the crawl did not fetch it.",
                    "th": "/.well-known/security.txt มีช่อง Contact อย่างน้อยหนึ่งรายการ และ Expires หนึ่งรายการ "
                          "ที่ยังไม่หมดอายุ (RFC 9116) ไม่ประเมินเมื่อการเก็บข้อมูลไม่ได้ดึงไฟล์นี้"},
       needs=("site",), references=('RFC 9116',))
def security_txt(ev: SiteView) -> Verdict:
    f = find_security_txt(ev)
    if f is None:
        return not_applicable("/.well-known/security.txt was not fetched by the crawl")
    if f.error or f.status != 200:
        return failed(Pointer(f.url, note=f.error or f"HTTP {f.status}"), status=f.status)
    ctype = f.content_type.split(";")[0].strip().lower()
    head = f.text.lstrip()[:200].lower()
    if ctype in ("text/html", "application/xhtml+xml") or head.startswith(("<!doctype", "<html")):
        return failed(Pointer(f.url, snippet=f.text[:120], note="an HTML page, not a security.txt"),
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
    captured = parse_time(ev.captured)
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
        return failed(ptr, **details)
    if warnings:
        return partial(0.75, ptr, **details)
    return passed(ptr, **details)


# ---------------------------------------------------------------- TLS certificate
@check("security.tls-certificate",
       failure_title={"en": 'Certificate invalid or expiring', "th": 'ใบรับรองไม่ถูกต้องหรือใกล้หมดอายุ'},
       why={"en": 'An expired certificate shows visitors a warning page and blocks the service.',
            "th": 'ใบรับรองที่หมดอายุทำให้ผู้ใช้เห็นหน้าคำเตือนและใช้บริการไม่ได้'},
       title={"en": "TLS certificate valid and not about to expire",
              "th": "ใบรับรอง TLS ถูกต้องและยังไม่ใกล้หมดอายุ"},
       description={"en": "The HTTPS certificate verifies (trusted issuer, matching host, in date). Partial when it "
                          f"expires within {EXPIRY_WARNING_DAYS} days of the capture; details name the issuer and expiry.",
                    "th": "ใบรับรอง HTTPS ตรวจสอบผ่าน (ผู้ออกที่เชื่อถือได้ ชื่อโฮสต์ตรงกัน ยังไม่หมดอายุ) ผ่านบางส่วนเมื่อจะหมดอายุ"
                          f"ภายใน {EXPIRY_WARNING_DAYS} วันนับจากวันที่เก็บข้อมูล"},
       needs=("https", "tls"), references=('CA/Browser Forum Baseline Requirements',),
       judges_unreachable=("tls-",))
def tls_certificate(ev: SiteView, opts: dict[str, Any]) -> Verdict:
    t = ev.tls
    url = _https_url(ev)
    if t is None:
        if ev.https:
            return not_applicable("https answered but no certificate details were recorded")
        if not ev.ok and ev.https is None:
            return cannot_judge(unreachable_reason(ev))
        return not_applicable("the site does not answer over https")
    if not t.ok:
        error = t.error or "tls-error"
        return failed(Pointer(url, note=f"{error}: {t.detail}"[:300]), tls_error=error, detail=t.detail)
    info = {"issuer": t.issuer, "subject": t.subject, "not_before": t.not_before, "not_after": t.not_after,
            "version": t.version, "san": list(t.san)}
    captured = parse_time(ev.captured)
    not_after = parse_time(t.not_after)
    not_before = parse_time(t.not_before)
    days = None
    if captured is not None and not_after is not None:
        days = (not_after - captured).days
        if not_after <= captured:
            return failed(Pointer(url, note=f"expired {t.not_after}"), tls_error="tls-expired",
                          days_to_expiry=days, **info)
        if not_before is not None and not_before > captured:
            return failed(Pointer(url, note=f"not valid before {t.not_before}"),
                          tls_error="tls-not-yet-valid", days_to_expiry=days, **info)
    ptr = Pointer(url, note=f"issuer {t.issuer}; expires {t.not_after}" + (f" ({days} days)" if days is not None else ""))
    if days is not None and days < opts["expiry_warning_days"]:
        return partial(0.5, ptr, days_to_expiry=days, expiring_soon=True, **info)
    return passed(ptr, days_to_expiry=days, **info)

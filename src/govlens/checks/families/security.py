"""Transport security the core set needs: HTTPS, the redirect to it, HSTS."""

import re

from govlens.checks.registry import (
    CheckResult,
    Pointer,
    check,
    failed,
    partial,
    passed,
    unreachable,
)
from govlens.evidence.model import SiteEvidence

SIX_MONTHS = 15_768_000
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)


@check("security.https",
       title={"en": "HTTPS with a valid certificate", "th": "ใช้ HTTPS พร้อมใบรับรองที่ถูกต้อง"},
       description={"en": "The site answers over HTTPS and its certificate verifies.",
                    "th": "เว็บไซต์ให้บริการผ่าน HTTPS และใบรับรองตรวจสอบผ่าน"},
       needs=("https", "tls"), standard="LOSI TECH (secure connection); DGA website standard v3")
def https(site: SiteEvidence) -> CheckResult:
    cid = "security.https"
    if site.tls is not None and not site.tls.ok:
        return failed(cid, Pointer(site.site_url, note=site.tls.detail), tls_error=site.tls.error)
    if site.https:
        t = site.tls
        return passed(cid, Pointer(site.final_url if site.final_url.startswith("https") else site.site_url,
                                   note=f"issuer {t.issuer}" if t else ""),
                      issuer=t.issuer if t else "", not_after=t.not_after if t else "")
    if site.https is None and site.home is None:
        return unreachable(cid, site)
    return failed(cid, Pointer(site.site_url, note="no answer over https"))


@check("security.https-redirect",
       title={"en": "HTTP redirects to HTTPS", "th": "เปลี่ยนเส้นทาง HTTP ไป HTTPS"},
       description={"en": "Plain http:// requests are sent on to https://.",
                    "th": "คำขอผ่าน http:// ถูกเปลี่ยนเส้นทางไปยัง https://"},
       needs=("https",), standard="Mozilla Observatory: redirection")
def https_redirect(site: SiteEvidence) -> CheckResult:
    cid = "security.https-redirect"
    chain = [f"{h.status} {h.url} -> {h.location}" for h in site.http_probe]
    if site.http_to_https:
        return passed(cid, Pointer(site.http_probe[0].url if site.http_probe else site.site_url,
                                   snippet=" | ".join(chain)[:300]), chain=chain)
    if site.http_to_https is None and site.https and site.site_url.startswith("https://"):
        return passed(cid, Pointer(site.site_url, note="http not served; https only"), chain=chain)
    if site.home is None and not site.https:
        return unreachable(cid, site)
    return failed(cid, Pointer(site.http_probe[0].url if site.http_probe else site.site_url,
                               note="http answered without redirecting to https"), chain=chain)


@check("security.hsts",
       title={"en": "HTTP Strict Transport Security", "th": "ใช้ HSTS บังคับ HTTPS"},
       description={"en": "The HTTPS response sets Strict-Transport-Security for at least six months.",
                    "th": "การตอบกลับผ่าน HTTPS กำหนด Strict-Transport-Security อย่างน้อยหกเดือน"},
       needs=("https", "headers"), standard="Mozilla Observatory: hsts")
def hsts(site: SiteEvidence) -> CheckResult:
    cid = "security.hsts"
    if not site.https_headers:
        if site.home is None and site.https is None:
            return unreachable(cid, site)
        return failed(cid, Pointer(site.site_url, note="no HTTPS response to carry HSTS"))
    value = next((v for k, v in site.https_headers if k == "strict-transport-security"), None)
    url = site.final_url if site.final_url.startswith("https") else site.site_url.replace("http://", "https://", 1)
    if value is None:
        return failed(cid, Pointer(url, note="no Strict-Transport-Security header"))
    m = _MAX_AGE.search(value)
    age = int(m.group(1)) if m else 0
    ptr = Pointer(url, snippet=f"Strict-Transport-Security: {value}"[:200])
    if age >= SIX_MONTHS:
        return passed(cid, ptr, max_age=age)
    if age > 0:
        return partial(cid, 0.5, ptr, max_age=age)
    return failed(cid, ptr, max_age=age)

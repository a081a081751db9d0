"""Is the site there at all."""

from govlens.checks.registry import CheckResult, Pointer, check, failed, passed
from govlens.collect.failures import is_retryable
from govlens.evidence.model import SiteEvidence


@check("site.reachable",
       title={"en": "Site reachable", "th": "เข้าถึงเว็บไซต์ได้"},
       description={"en": "The catalog URL answers with an HTML page within 10 redirects.",
                     "th": "URL ในบัญชีรายชื่อตอบกลับเป็นหน้า HTML ภายใน 10 การเปลี่ยนเส้นทาง"},
       needs=("site",))
def reachable(site: SiteEvidence) -> CheckResult:
    chain = [f"{h.status} {h.url}" for h in site.redirects]
    if site.ok:
        return passed("site.reachable", Pointer(site.final_url, snippet=site.pages[0].title[:200]),
                      status="ok", redirects=chain)
    return failed("site.reachable", Pointer(site.site_url, note=site.reason), status=site.status,
                  reason=site.reason, retryable=is_retryable(site.status), redirects=chain)

"""Is the site there at all."""

from govlens.checks.registry import Pointer, Verdict, check, failed, passed
from govlens.checks.view import SiteView
from govlens.collect.failures import is_retryable


@check("site.reachable",
       failure_title={"en": 'Site not reachable', "th": 'เข้าถึงเว็บไซต์ไม่ได้'},
       why={"en": 'A site that does not answer serves nobody; every other check depends on it.',
            "th": 'เว็บไซต์ที่ไม่ตอบสนองให้บริการใครไม่ได้ และการตรวจอื่นทั้งหมดขึ้นกับข้อนี้'},
       title={"en": "Site reachable", "th": "เข้าถึงเว็บไซต์ได้"},
       description={"en": "The catalog URL answers with an HTML page within 10 redirects.",
                    "th": "URL ในบัญชีรายชื่อตอบกลับเป็นหน้า HTML ภายใน 10 การเปลี่ยนเส้นทาง"},
       needs=("site",), requires_home=False)
def reachable(ev: SiteView) -> Verdict:
    chain = [f"{h.status} {h.url}" for h in ev.redirects]
    if ev.ok:
        return passed(Pointer(ev.final_url, snippet=ev.pages[0].title[:200]), status="ok", redirects=chain)
    return failed(Pointer(ev.site_url, note=ev.reason), status=ev.status, reason=ev.reason,
                  retryable=is_retryable(ev.status), redirects=chain)

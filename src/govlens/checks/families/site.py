"""Is the site there at all, and is it on a government's domain."""

import ipaddress

from govlens.checks.match import data, government_suffix, host_of
from govlens.checks.registry import Pointer, Verdict, check, failed, not_applicable, passed
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


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@check("site.government-domain",
       failure_title={"en": "Not on a government domain", "th": "ไม่ได้ใช้โดเมนของหน่วยงานรัฐ"},
       why={"en": "A government domain (.go.th, .gov.uk …) tells people the site is official and not a copy.",
            "th": "โดเมนของรัฐ (.go.th เป็นต้น) บอกประชาชนว่าเว็บไซต์เป็นของทางราชการจริง ไม่ใช่เว็บไซต์ปลอม"},
       title={"en": "Government domain", "th": "ใช้โดเมนของหน่วยงานรัฐ"},
       description={"en": "The site's host (the final URL when the home page was reached, else the catalog URL) "
                          "is under a government suffix listed in lexicon/data/context.yaml government_suffixes "
                          "(go.th, mi.th, gov.uk …); details.suffix names it. Not under one: fail. A country-code "
                          "domain with no listed suffix for its country: not applicable (the list cannot say).",
                    "th": "โฮสต์ของเว็บไซต์ (URL สุดท้ายเมื่อเข้าถึงหน้าแรกได้ มิฉะนั้น URL ในบัญชีรายชื่อ) อยู่ภายใต้โดเมนของรัฐ"
                          "ที่ระบุใน government_suffixes (go.th, mi.th, gov.uk …) ถ้าไม่อยู่ถือว่าไม่ผ่าน "
                          "ถ้าเป็นโดเมนประเทศที่ยังไม่มีรายการโดเมนรัฐ ไม่นำมาพิจารณา"},
       needs=("site",), requires_home=False, references=("UN LOSI 2024 #281 (i)",))
def government_domain(ev: SiteView) -> Verdict:
    url = ev.final_url if ev.ok and ev.final_url else ev.site_url
    host = host_of(url)
    details = {"host": host, "catalog_host": host_of(ev.site_url)}
    if not host or _is_ip(host):
        return failed(Pointer(url, note="no host name"), suffix=None, **details)
    suffix = government_suffix(host)
    if suffix:
        return passed(Pointer(url, snippet=host, note=f"under .{suffix}"), suffix=suffix, **details)
    tld = host.rsplit(".", 1)[-1]
    listed = [s for s in data("government_suffixes", []) if s == tld or s.endswith("." + tld)]
    if len(tld) == 2 and not listed:
        return not_applicable(f"no government suffix is listed for .{tld} (lexicon/data/context.yaml)",
                              suffix=None, **details)
    return failed(Pointer(url, snippet=host, note="not under a listed government suffix"), suffix=None,
                  **details)

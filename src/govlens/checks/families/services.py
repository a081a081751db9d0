"""Online services: links to e-services and forms that take a citizen's application."""

from govlens.checks.common import find_concept
from govlens.checks.forms import classify, visible_fields
from govlens.checks.registry import CheckResult, Pointer, check, failed, passed
from govlens.evidence.model import SiteEvidence


@check("services.eservice-links",
       title={"en": "Links to online services", "th": "ลิงก์ไปยังบริการออนไลน์ (e-Service)"},
       description={"en": "Links to the organisation's online (e-)services.",
                    "th": "มีลิงก์ไปยังบริการอิเล็กทรอนิกส์ของหน่วยงาน"},
       needs=("pages",), standard="OSI SP; EU benchmark online availability", languages=("en", "th"), requires_home=True)
def eservice_links(site: SiteEvidence) -> CheckResult:
    cid = "services.eservice-links"
    from govlens.checks.families.services_extra import external_eservices, online_service_links

    found = find_concept(site, "services")
    if not found:
        hits = online_service_links(site) or external_eservices(site)
        if hits:
            return CheckResult(cid, "pass", 1.0, tuple(h.pointer() for h in hits[:5]),
                               {"count": len(hits), "by": hits[0].by,
                                "targets": sorted({h.target for h in hits})[:20]}, hits[0].confidence)
    if found:
        return CheckResult(cid, "pass", 1.0, tuple(f.pointer() for f in found[:5]),
                           {"count": len(found), "targets": sorted({f.link.href for f in found})[:20]},
                           found[0].confidence)
    return failed(cid, Pointer(site.final_url, note="no link to online services"))


@check("services.online-forms",
       title={"en": "Online forms", "th": "แบบฟอร์มออนไลน์"},
       description={"en": "An HTML form that takes a citizen's input for a service "
                          "(not a search or login form).",
                    "th": "มีแบบฟอร์ม HTML สำหรับรับข้อมูลจากประชาชนเพื่อใช้บริการ (ไม่นับช่องค้นหาหรือเข้าสู่ระบบ)"},
       needs=("pages",), standard="OSI SP (online forms); UN maturity stage 3", requires_home=True)
def online_forms(site: SiteEvidence) -> CheckResult:
    cid = "services.online-forms"
    hits = []
    for page in site.pages:
        for form in page.forms:
            kind = classify(form)
            if kind in ("application", "feedback", "registration"):
                hits.append(Pointer(page.final_url, form.selector,
                                    f"{kind}: {len(visible_fields(form))} fields", note=form.action))
    if hits:
        return passed(cid, *hits[:5], count=len(hits))
    return failed(cid, Pointer(site.final_url, note="no service form on the crawled pages"))

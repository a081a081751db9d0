"""Open data: a link to a data portal or to datasets in open formats."""

from urllib.parse import urlsplit

from govlens.checks.common import find_concept
from govlens.checks.registry import CheckResult, Pointer, check, failed, passed
from govlens.evidence.model import SiteEvidence
from govlens.lexicon.matcher import load_lexicon


@check("opendata.link",
       title={"en": "Open data", "th": "ข้อมูลเปิดภาครัฐ"},
       description={"en": "A link to an open-data portal (e.g. data.go.th) or to downloadable datasets.",
                    "th": "มีลิงก์ไปยังศูนย์ข้อมูลเปิด (เช่น data.go.th) หรือชุดข้อมูลที่ดาวน์โหลดได้"},
       needs=("pages",), standard="OSI #037; LOSI open data", languages=("en", "th"), requires_home=True)
def opendata_link(site: SiteEvidence) -> CheckResult:
    cid = "opendata.link"
    data = load_lexicon().data
    portals = data.get("opendata_hosts", [])
    exts = tuple("." + e for e in data.get("dataset_extensions", []) if e not in ("xml", "zip"))
    for page in site.pages:
        for link in page.links:
            host = (urlsplit(link.href).hostname or "") if link.href else ""
            if any(host == p or host.endswith("." + p) for p in portals):
                return passed(cid, Pointer(page.final_url, link.selector, link.href[:200]), by="portal")
    found = find_concept(site, "opendata")
    if found:
        return CheckResult(cid, "pass", 1.0, (found[0].pointer(),), {"by": "link"}, found[0].confidence)
    for page in site.pages:
        for link in page.links:
            if link.href and urlsplit(link.href).path.lower().endswith(exts):
                return passed(cid, Pointer(page.final_url, link.selector, link.href[:200]), by="dataset-file")
    return failed(cid, Pointer(site.final_url, note="no open-data portal or dataset link"))

"""Ways for people to take part: social media presence, feedback and complaint channels."""

import re
from urllib.parse import urlsplit

from govlens.checks.common import find_concept
from govlens.checks.forms import classify
from govlens.checks.registry import CheckResult, Pointer, check, failed, passed
from govlens.evidence.model import SiteEvidence
from govlens.lexicon.matcher import load_lexicon

_SHARE = re.compile(r"/(?:sharer(?:\.php)?|share(?:\.php)?|intent/(?:tweet|post)|dialog/(?:share|feed)|lineit/share|msg/text)(?:/|$)", re.I)


def _network(host: str, networks: dict[str, list[str]]) -> str | None:
    host = host.lower()
    for name, suffixes in networks.items():
        if any(host == s or host.endswith("." + s) for s in suffixes):
            return name
    return None


@check("participation.social-media",
       title={"en": "Social media accounts", "th": "ช่องทางสื่อสังคมออนไลน์"},
       description={"en": "Links to the organisation's social network accounts.",
                    "th": "มีลิงก์ไปยังบัญชีสื่อสังคมออนไลน์ของหน่วยงาน"},
       needs=("page",), standard="DGA v1 C2.3; OSI e-information", requires_home=True)
def social_media(site: SiteEvidence) -> CheckResult:
    cid = "participation.social-media"
    networks = load_lexicon().data.get("networks", {})
    found: dict[str, Pointer] = {}
    for page in site.pages[:1] or site.pages:
        for link in page.links:
            if not link.href or _SHARE.search(urlsplit(link.href).path):
                continue  # a share button posts the page, it is not the organisation's account
            net = _network(urlsplit(link.href).hostname or "", networks)
            if net and net not in found:
                found[net] = Pointer(page.final_url, link.selector, link.href[:200])
    if found:
        return passed(cid, *found.values(), networks=sorted(found))
    return failed(cid, Pointer(site.final_url, note="no social network links on the home page"))


@check("participation.feedback",
       title={"en": "Feedback and complaint channel", "th": "ช่องทางรับเรื่องร้องเรียนและความคิดเห็น"},
       description={"en": "A link to a feedback, complaint or petition channel, or a feedback form.",
                    "th": "มีลิงก์ไปยังช่องทางร้องเรียน แสดงความคิดเห็น หรือแบบฟอร์มรับความคิดเห็น"},
       needs=("pages",), standard="DGA v1 C2.3; OSI e-consultation", languages=("en", "th"), requires_home=True)
def feedback(site: SiteEvidence) -> CheckResult:
    cid = "participation.feedback"
    found = find_concept(site, "feedback")
    if found:
        return CheckResult(cid, "pass", 1.0, tuple(f.pointer() for f in found[:3]),
                           {"by": "link", "matched": found[0].term}, found[0].confidence)
    for page in site.pages:
        for form in page.forms:
            if classify(form) == "feedback":
                return passed(cid, Pointer(page.final_url, form.selector, form.text[:120]), by="form")
    return failed(cid, Pointer(site.final_url, note="no feedback or complaint channel found"))

"""Static accessibility basics on the home page: image alternatives and form labels."""

from govlens.checks.forms import visible_fields
from govlens.checks.registry import (
    CheckResult,
    Pointer,
    check,
    failed,
    not_applicable,
    partial,
    passed,
)
from govlens.evidence.model import SiteEvidence


def _by_share(cid: str, ok: int, total: int, bad: list[Pointer], what: str) -> CheckResult:
    share = ok / total
    if ok == total:
        return passed(cid, score=1.0, checked=total)
    if share >= 0.5:
        return partial(cid, round(share, 3), *bad[:10], checked=total, missing=total - ok, what=what)
    return failed(cid, *bad[:10], score=round(share, 3), checked=total, missing=total - ok, what=what)


@check("a11y.img-alt",
       title={"en": "Images have text alternatives", "th": "รูปภาพมีข้อความแทนภาพ (alt)"},
       description={"en": "Every image has an alt attribute; images inside links have a non-empty one.",
                    "th": "รูปภาพทุกภาพมีแอตทริบิวต์ alt และรูปภาพที่เป็นลิงก์มีข้อความ alt ที่ไม่ว่าง"},
       needs=("page",), standard="WCAG 1.1.1", requires_home=True)
def img_alt(site: SiteEvidence) -> CheckResult:
    cid = "a11y.img-alt"
    home = site.pages[0]
    imgs = [i for i in home.images if i.role not in ("presentation", "none")]
    if not imgs:
        return not_applicable(cid, "no images on the home page")
    bad = [Pointer(home.final_url, i.selector, i.src[:160], note="no alt" if i.alt is None else "empty alt in a link")
           for i in imgs if i.alt is None or (i.in_link and not i.alt and not i.aria_label)]
    return _by_share(cid, len(imgs) - len(bad), len(imgs), bad, "images")


@check("a11y.form-labels",
       title={"en": "Form fields are labelled", "th": "ช่องกรอกข้อมูลมีป้ายกำกับ"},
       description={"en": "Every visible form field has a lasting label (label, aria-label, aria-labelledby, title); a placeholder vanishes as one types, so it does not count here (ACT e086e5 is the accname version).",
                    "th": "ช่องกรอกข้อมูลทุกช่องมีชื่อที่เข้าถึงได้ (label, aria-label, aria-labelledby, title)"},
       needs=("page",), standard="WCAG 1.3.1, 4.1.2", requires_home=True)
def form_labels(site: SiteEvidence) -> CheckResult:
    cid = "a11y.form-labels"
    home = site.pages[0]
    fields = [f for form in home.forms for f in visible_fields(form)]
    if not fields:
        return not_applicable(cid, "no form fields on the home page")
    bad = [Pointer(home.final_url, f.selector, f.name or f.id or f.type, note="no accessible name")
           for f in fields if not (f.label or f.title)]
    return _by_share(cid, len(fields) - len(bad), len(fields), bad, "fields")

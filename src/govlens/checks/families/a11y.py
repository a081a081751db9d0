"""Accessibility on the static home page: image alternatives, form labels, and one check per
W3C ACT rule (``a11y.act-<ruleid>``).

An ACT check's outcome follows ACT: passed → pass, failed → fail, inapplicable →
not_applicable; the details carry ``act_outcome`` and the failing elements (selector and
snippet), which are also its evidence. The rules are in :mod:`govlens.checks.act`, evaluated
once per page on the page's parse tree (derived evidence).
"""

from __future__ import annotations

from govlens.checks.act import RULES, Rule, RuleOutcome, tree_outcomes
from govlens.checks.forms import visible_fields
from govlens.checks.registry import (
    Pointer,
    Verdict,
    check,
    failed,
    not_applicable,
    partial,
    passed,
)
from govlens.checks.view import SiteView, computed
from govlens.evidence.model import Page

MAX_POINTERS = 20


def _by_share(ok: int, total: int, bad: list[Pointer], what: str, url: str, selector: str) -> Verdict:
    share = ok / total
    if ok == total:
        return passed(Pointer(url, selector, note=f"all {total} {what} pass"), score=1.0, checked=total)
    if share >= 0.5:
        return partial(round(share, 3), *bad[:10], checked=total, missing=total - ok, what=what)
    return failed(*bad[:10], score=round(share, 3), checked=total, missing=total - ok, what=what)


@check("a11y.img-alt",
       failure_title={"en": 'Images without text alternatives', "th": 'รูปภาพไม่มีข้อความแทนภาพ'},
       why={"en": 'Blind people hear the alt text; an image without it is a hole in the page.',
            "th": 'ผู้พิการทางการมองเห็นฟังข้อความ alt รูปภาพที่ไม่มีข้อความแทนคือช่องว่างในหน้า'},
       title={"en": "Images have text alternatives", "th": "รูปภาพมีข้อความแทนภาพ (alt)"},
       description={"en": "Every image has an alt attribute; images inside links have a non-empty one.",
                    "th": "รูปภาพทุกภาพมีแอตทริบิวต์ alt และรูปภาพที่เป็นลิงก์มีข้อความ alt ที่ไม่ว่าง"},
       needs=("page",), references=('WCAG 2.1 SC 1.1.1',))
def img_alt(ev: SiteView) -> Verdict:
    home = ev.home
    imgs = [i for i in home.images if i.role not in ("presentation", "none")]
    if not imgs:
        return not_applicable("no images on the home page")
    bad = [Pointer(home.final_url, i.selector, i.src[:160], note="no alt" if i.alt is None else "empty alt in a link")
           for i in imgs if i.alt is None or (i.in_link and not i.alt and not i.aria_label)]
    return _by_share(len(imgs) - len(bad), len(imgs), bad, "images", home.final_url, "img")


@check("a11y.form-labels",
       failure_title={"en": 'Form fields without labels', "th": 'ช่องกรอกข้อมูลไม่มีป้ายกำกับ'},
       why={"en": 'A field without a label cannot be filled in by someone who cannot see it.',
            "th": 'ช่องกรอกข้อมูลที่ไม่มีป้ายกำกับ ผู้ที่มองไม่เห็นจะกรอกไม่ได้'},
       title={"en": "Form fields are labelled", "th": "ช่องกรอกข้อมูลมีป้ายกำกับ"},
       description={"en": "Every visible form field has a lasting label (label, aria-label, aria-labelledby, title); a placeholder vanishes as one types, so it does not count here (ACT e086e5 is the accname version).",
                    "th": "ช่องกรอกข้อมูลทุกช่องมีชื่อที่เข้าถึงได้ (label, aria-label, aria-labelledby, title)"},
       needs=("page",), references=('WCAG 2.1 SC 1.3.1', 'WCAG 2.1 SC 4.1.2'))
def form_labels(ev: SiteView) -> Verdict:
    home = ev.home
    fields = [f for form in home.forms for f in visible_fields(form)]
    if not fields:
        return not_applicable("no form fields on the home page")
    bad = [Pointer(home.final_url, f.selector, f.name or f.id or f.type, note="no accessible name")
           for f in fields if not (f.label or f.title)]
    return _by_share(len(fields) - len(bad), len(fields), bad, "fields", home.final_url,
                     "input, select, textarea")


@computed
def act_outcomes(ev: SiteView, page: Page) -> dict[str, RuleOutcome]:
    """Every ACT rule's outcome on ``page``, from its parse tree: once per page per site."""
    return tree_outcomes(ev.tree(page), source=page.html or "")


def _act_check(rule: Rule) -> None:
    def run(ev: SiteView) -> Verdict:
        home = ev.home
        out = act_outcomes(ev, home)[rule.id]
        details = {"act_rule": rule.id, "act_outcome": out.outcome, "targets": out.targets,
                   "passed": out.passed}
        if out.outcome == "inapplicable":
            return not_applicable(out.note or "no element this rule applies to", **details)
        if out.outcome == "passed":
            return passed(Pointer(home.final_url, note=f"{out.targets} applicable, all passed"), **details)
        pointers = [Pointer(home.final_url, f["selector"], f["snippet"], note=f["note"])
                    for f in out.failed[:MAX_POINTERS]]
        share = round(out.passed / out.targets, 3) if out.targets else 0.0
        return failed(*pointers, score=share,
                      failed=[dict(f) for f in out.failed[:100]], failed_count=len(out.failed), **details)

    run.__name__ = f"act_{rule.id}"
    check(f"a11y.act-{rule.id}",
          title={"en": rule.title, "th": rule.title_th},
          failure_title={"en": f"Fails ACT rule {rule.id}: {rule.title}",
                         "th": f"ไม่ผ่านกฎ ACT {rule.id}: {rule.title_th}"},
          description={
              "en": f"W3C ACT rule {rule.id} ({rule.title}) on the home page: its applicability and "
                    f"expectations on the static DOM; outcome passed, failed or inapplicable. WCAG {rule.wcag}.",
              "th": f"กฎ W3C ACT {rule.id} ({rule.title_th}) ตรวจบนหน้าแรกตามเงื่อนไขการใช้และความคาดหวังของกฎ "
                    f"บน DOM แบบคงที่ ผลเป็นผ่าน ไม่ผ่าน หรือไม่เข้าเงื่อนไข (WCAG {rule.wcag})",
          },
          why={"en": f"People using assistive technology depend on it (WCAG {rule.wcag}).",
               "th": f"ผู้ใช้เทคโนโลยีสิ่งอำนวยความสะดวกต้องพึ่งพาข้อนี้ (WCAG {rule.wcag})"},
          needs=("page",), act_rule=rule.id,
          references=(f"W3C ACT rule {rule.id}", *(f"WCAG 2.1 SC {sc.strip()}" for sc in rule.wcag.split(","))),
          )(run)


for _rule in RULES.values():
    _act_check(_rule)

"""One check per W3C ACT rule, on the home page: ``a11y.act-<ruleid>``.

The outcome follows ACT: passed -> pass, failed -> fail, inapplicable -> not_applicable; the
details carry ``act_outcome`` and the failing elements (selector and snippet), which are also
the check's evidence pointers. The rules themselves are in :mod:`govlens.checks.act`.
"""

from __future__ import annotations

from govlens.checks.act import RULES, Rule, evaluate
from govlens.checks.registry import CheckFn, CheckResult, Pointer, check, failed, passed
from govlens.evidence.model import SiteEvidence

MAX_POINTERS = 20


def _make(rule: Rule) -> CheckFn:
    cid = f"a11y.act-{rule.id}"

    @check(cid,
           title={"en": rule.title, "th": rule.title_th},
           description={
               "en": f"W3C ACT rule {rule.id} ({rule.title}) on the home page: its applicability and "
                     f"expectations on the static DOM; outcome passed, failed or inapplicable. WCAG {rule.wcag}.",
               "th": f"กฎ W3C ACT {rule.id} ({rule.title_th}) ตรวจบนหน้าแรกตามเงื่อนไขการใช้และความคาดหวังของกฎ "
                     f"บน DOM แบบคงที่ ผลเป็นผ่าน ไม่ผ่าน หรือไม่เข้าเงื่อนไข (WCAG {rule.wcag})",
           },
           needs=("page",), standard=f"ACT {rule.id}; WCAG {rule.wcag}", act_rule=rule.id,
           requires_home=True)
    def run(site: SiteEvidence) -> CheckResult:
        home = site.pages[0]
        out = evaluate(home.html or "")[rule.id]
        details = {"act_rule": rule.id, "act_outcome": out.outcome, "targets": out.targets,
                   "passed": out.passed}
        if out.outcome == "inapplicable":
            return CheckResult(cid, "not_applicable", None, (),
                               {"reason": out.note or "no element this rule applies to", **details})
        if out.outcome == "passed":
            return passed(cid, Pointer(home.final_url, note=f"{out.targets} applicable, all passed"), **details)
        pointers = [Pointer(home.final_url, f["selector"], f["snippet"], note=f["note"])
                    for f in out.failed[:MAX_POINTERS]]
        share = round(out.passed / out.targets, 3) if out.targets else 0.0
        return failed(cid, *pointers, score=share,
                      failed=[dict(f) for f in out.failed[:100]], failed_count=len(out.failed), **details)

    run.__name__ = f"act_{rule.id}"
    return run


for _rule in RULES.values():
    _make(_rule)

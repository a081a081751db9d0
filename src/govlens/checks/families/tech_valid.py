"""HTML validity of the home page by the Nu Html Checker: the UN LOSI's W3C-validity indicator.

The checker's messages are evidence (``SiteEvidence.markup``, filled by
:func:`govlens.evidence.htmlvalid.with_markup` when a run validates HTML); this check only
counts them. Rule, on the number of ``error`` messages (warnings and info never count):

* ``pass`` (1.0): no errors;
* ``partial``: 1–10 errors, score ``1 - errors/20`` (0.95 for one error … 0.5 for ten);
* ``fail`` (0.0): more than 10 errors;
* ``not_applicable``: HTML was not validated (``markup`` is None: no ``--validate-html``,
  or no Java / vnu.jar on the machine);
* ``error``: the site was unreachable, or the checker could not check the page
  (a ``non-document-error`` message: validator failure, document too large …).

Every message the checker repeats is counted: ten unclosed ``<td>`` are ten errors, as on
validator.w3.org. The checker stops after 1000 messages ("Too many messages."): that
message is not counted and ``details.capped`` says the counts are lower bounds.
docs/html-validity.md explains the choice of thresholds.
"""

from __future__ import annotations

from govlens.checks.registry import (
    CheckResult,
    Pointer,
    check,
    failed,
    not_applicable,
    partial,
    passed,
)
from govlens.evidence.model import Markup, SiteEvidence

CID = "tech.html-valid"
MAX_PARTIAL_ERRORS = 10  # more than this fails
ERROR_WEIGHT = 1 / 20  # score lost per error while partial
MAX_POINTERS = 10
RULE = ("pass: 0 errors; partial: 1-10 errors, score 1 - errors/20; fail: more than 10 errors; "
        "warnings and info do not count")


def capped(m: Markup) -> bool:
    """vnu's "Too many messages." (after 1000): the counts are lower bounds, it is no markup error."""
    return m.type == "error" and m.subtype == "fatal" and m.message.startswith("Too many messages")


def kind(m: Markup) -> str:
    """error | fatal | warning | info | non-document-error, as validator.w3.org labels them."""
    if m.type == "error":
        return "fatal" if m.subtype == "fatal" else "error"
    if m.type == "info":
        return "warning" if m.subtype == "warning" else "info"
    return m.type


def pointer(url: str, m: Markup) -> Pointer:
    where = f"{m.line}:{m.column}" if m.line else "document"
    return Pointer(url, "", m.extract.strip()[:200], note=f"{where} {kind(m)}: {m.message}"[:500])


def score_for(errors: int) -> float:
    return 1.0 if errors == 0 else round(max(0.0, 1 - errors * ERROR_WEIGHT), 3)


@check(CID,
       title={"en": "Valid HTML (W3C Nu Html Checker)",
              "th": "HTML ถูกต้องตามมาตรฐาน W3C (Nu Html Checker)"},
       description={"en": "The home page's HTML checked by the Nu Html Checker (the W3C validator, run "
                          "locally): pass with no errors, partial with 1-10 errors (score 1 - errors/20), "
                          "fail with more. Warnings do not count. Not applicable when HTML was not validated "
                          "(run with --validate-html and Java installed).",
                    "th": "ตรวจ HTML ของหน้าแรกด้วย Nu Html Checker (เครื่องมือตรวจของ W3C ที่รันในเครื่อง): "
                          "ผ่านเมื่อไม่มีข้อผิดพลาด ผ่านบางส่วนเมื่อมีข้อผิดพลาด 1-10 รายการ "
                          "(คะแนน 1 - จำนวนข้อผิดพลาด/20) ไม่ผ่านเมื่อมีมากกว่านั้น คำเตือนไม่นับ "
                          "ไม่นำมาพิจารณาเมื่อไม่ได้ตรวจ HTML (ใช้ --validate-html และต้องมี Java)"},
       needs=("page",), standard="LOSI TECH W3C markup validity; DGA v3 (W3C-valid HTML)", requires_home=True)
def html_valid(site: SiteEvidence) -> CheckResult:
    if site.markup is None:
        return not_applicable(CID, "HTML not validated (run with --validate-html; needs Java and vnu.jar)")
    home = site.pages[0]
    url = home.final_url
    broken = [m for m in site.markup if m.type == "non-document-error"]
    if broken:
        return CheckResult(CID, "error", None, tuple(pointer(url, m) for m in broken[:MAX_POINTERS]),
                           {"reason": "the checker could not check the page: " + broken[0].message[:300]})
    markup = [m for m in site.markup if not capped(m)]
    kinds = [kind(m) for m in markup]
    errors = sum(k in ("error", "fatal") for k in kinds)
    details: dict[str, object] = {
        "errors": errors, "warnings": kinds.count("warning"), "info": kinds.count("info"),
        "fatal": kinds.count("fatal") > 0, "rule": RULE, "validator": "Nu Html Checker (vnu.jar)",
    }
    if len(markup) < len(site.markup):
        details["capped"] = True  # the checker stopped after 1000 messages: counts are lower bounds
    if home.truncated:
        details["truncated"] = True  # only the part received was checked
    # errors first, then warnings, each in document order
    ordered = ([m for m, k in zip(markup, kinds, strict=True) if k in ("error", "fatal")]
               + [m for m, k in zip(markup, kinds, strict=True) if k == "warning"])
    evidence = [pointer(url, m) for m in ordered[:MAX_POINTERS]]
    if errors == 0:
        return passed(CID, *evidence, **details)
    if errors <= MAX_PARTIAL_ERRORS:
        return partial(CID, score_for(errors), *evidence, **details)
    return failed(CID, *evidence, **details)

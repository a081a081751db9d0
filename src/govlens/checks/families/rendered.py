"""Checks on rendered evidence: what a browser showed of the home page (collect/render.py).

They need ``render`` (``govlens assess --render home|key|all``) and say ``not_applicable``,
with the reason, when the site was not rendered, so a run without a browser is judged on the
rest and scoring keeps them missing.

* ``a11y.axe`` — axe-core's WCAG 2.0/2.1 A and AA rules (the set pa11y's axe runner runs, with
  axe's best-practice rules reported but never failing): ``pass`` with no WCAG violation;
  ``partial`` when the only violations are of ``minor`` or ``moderate`` impact; ``fail`` with a
  ``serious`` or ``critical`` one. Score: the share of the WCAG rules that applied and passed.
* ``tech.responsive`` — at a phone viewport (412 × 823 CSS px, device emulation honouring
  ``<meta name=viewport>``): the page is laid out for the phone (not a desktop layout shrunk),
  no horizontal overflow, ≥ 60 % of the text at 12 px or more (Lighthouse's legible-font rule),
  ≥ 90 % of tap targets at least 24 × 24 px (WCAG 2.2 SC 2.5.8, links inside sentences
  excepted). ``pass`` with no problem, ``partial`` with one, ``fail`` with more.
* ``tech.page-speed`` — Core Web Vitals thresholds on the lab load (LCP ≤ 2.5 s, CLS ≤ 0.1,
  total blocking time ≤ 200 ms as the lab stand-in for INP): ``pass`` when all are good,
  ``fail`` when one is poor (LCP > 4 s, CLS > 0.25, TBT > 600 ms), else ``partial``.
* ``tech.javascript-content`` — the home page's content is in the HTML it was served with, not
  only built by JavaScript: with a rendering, ``fail`` when the served HTML holds under a
  quarter of the links the browser built (and the browser built ten or more); without one, a
  page that looks built by script (almost no text or links, scripts present) ``fail``s with
  lower confidence.
"""

from __future__ import annotations

import re

from govlens.checks.registry import (
    Pointer,
    Verdict,
    cannot_judge,
    check,
    failed,
    not_applicable,
    partial,
    passed,
)
from govlens.checks.view import SiteView
from govlens.evidence.build import built_by_script
from govlens.evidence.model import AxeRule, Rendered

NOT_RENDERED = "the home page was not rendered (govlens assess --render home; needs chromium)"
MAX_POINTERS = 20
WCAG_LEVEL = {"wcag2a": "A", "wcag21a": "A", "wcag22a": "A", "wcag2aa": "AA", "wcag21aa": "AA",
              "wcag22aa": "AA"}
_SC = re.compile(r"^wcag(\d)(\d)(\d+)$")


def home_render(ev: SiteView) -> Rendered | None:
    """The rendering of the home page (renders are home first)."""
    home = ev.home
    for r in ev.renders:
        if home is not None and r.url in (home.url, home.final_url):
            return r
    return None


def _why_not(ev: SiteView) -> str:
    return ev.render_note or NOT_RENDERED


def level(rule: AxeRule) -> str:
    """"A", "AA" or "" (best practice, or WCAG AAA) from axe's tags."""
    levels = {WCAG_LEVEL[t] for t in rule.tags if t in WCAG_LEVEL}
    return "A" if "A" in levels else "AA" if "AA" in levels else ""


def criteria(rule: AxeRule) -> list[str]:
    """WCAG success criteria from axe's tags: ``wcag111`` → ``1.1.1``."""
    return [".".join(m.groups()) for t in rule.tags if (m := _SC.match(t))]


@check("a11y.axe",
       title={"en": "No WCAG A/AA violations found by axe-core", "th": "axe-core ไม่พบข้อผิดพลาดตาม WCAG ระดับ A/AA"},
       failure_title={"en": "WCAG A/AA violations found by axe-core", "th": "axe-core พบข้อผิดพลาดตาม WCAG ระดับ A/AA"},
       description={"en": "axe-core run in the rendered home page (WCAG 2.0/2.1 A and AA rules): pass with no "
                          "violation, partial when only minor or moderate ones, fail with a serious or critical "
                          "one; score = share of applicable WCAG rules passed. Best-practice rules are reported, "
                          "not judged.",
                    "th": "รัน axe-core ในหน้าแรกที่เบราว์เซอร์แสดงผลแล้ว (กฎ WCAG 2.0/2.1 ระดับ A และ AA): ผ่านเมื่อไม่พบ"
                          "ข้อผิดพลาด ผ่านบางส่วนเมื่อพบเฉพาะระดับเล็กน้อยหรือปานกลาง ไม่ผ่านเมื่อพบระดับร้ายแรง "
                          "คะแนน = สัดส่วนกฎ WCAG ที่ใช้ได้และผ่าน กฎแนวปฏิบัติที่ดีรายงานไว้แต่ไม่นำมาตัดสิน"},
       why={"en": "Contrast, names, structure and keyboard use decide whether disabled and older people can use "
                  "the service at all; a rendered audit sees what the static HTML cannot.",
            "th": "ความเปรียบต่างของสี ชื่อขององค์ประกอบ โครงสร้าง และการใช้แป้นพิมพ์ เป็นตัวตัดสินว่าคนพิการและผู้สูงอายุ"
                  "ใช้บริการได้หรือไม่ การตรวจหน้าที่แสดงผลแล้วเห็นสิ่งที่ HTML ต้นฉบับมองไม่เห็น"},
       needs=("render", "page"), references=("WCAG 2.1 level A and AA", "axe-core rules (Deque)"))
def axe(ev: SiteView) -> Verdict:
    r = home_render(ev)
    if r is None:
        return not_applicable(_why_not(ev))
    if not r.axe_version:
        if r.error:
            return cannot_judge(f"the rendering failed: {r.error}")
        return not_applicable("axe-core was not run on the rendered page (not installed: make setup)")
    wcag = [v for v in r.violations if level(v)]
    best = [v for v in r.violations if not level(v)]
    summary = {lv: {"rules": sum(1 for v in wcag if level(v) == lv),
                    "elements": sum(v.count for v in wcag if level(v) == lv)} for lv in ("A", "AA")}
    rules = [{"id": v.id, "impact": v.impact, "level": level(v), "wcag": criteria(v), "help": v.help,
              "help_url": v.help_url, "elements": v.count,
              "nodes": [{"selector": n.selector, "snippet": n.snippet} for n in v.nodes[:10]]} for v in wcag]
    details = {"axe_version": r.axe_version, "summary": summary, "violations": rules,
               "best_practice": [{"id": v.id, "impact": v.impact, "elements": v.count} for v in best],
               "passed_rules": len(r.passes), "incomplete": list(r.incomplete), "rendered_dom": r.dom_record,
               "screenshot": dict(r.shots).get("viewport", "")}
    pointers = [Pointer(r.url, n.selector, n.snippet[:160], note=f"{v.id} ({v.impact}): {v.help}")
                for v in wcag for n in v.nodes][:MAX_POINTERS]
    applied = len(wcag) + len(r.passes)
    score = round(1 - len(wcag) / applied, 3) if applied else 1.0
    if not wcag:
        return passed(Pointer(r.url, note=f"axe-core {r.axe_version}: no WCAG A/AA violation"), **details)
    if all(v.impact in ("minor", "moderate") for v in wcag):
        return partial(score, *pointers, **details)
    return failed(*pointers, score=score, **details)


@check("tech.responsive",
       title={"en": "Home page works on a phone", "th": "หน้าแรกใช้งานได้ดีบนโทรศัพท์มือถือ"},
       failure_title={"en": "Home page does not fit a phone", "th": "หน้าแรกแสดงผลบนโทรศัพท์มือถือได้ไม่ดี"},
       description={"en": "Rendered at a phone viewport (412×823): laid out for the phone, no horizontal overflow, "
                          "≥60% of text at 12px or more, ≥90% of tap targets at least 24×24px. Pass with no problem, "
                          "partial with one, fail with more.",
                    "th": "แสดงผลที่ขนาดจอโทรศัพท์ (412×823): จัดหน้าสำหรับโทรศัพท์ ไม่ล้นแนวนอน ข้อความอย่างน้อย 60% มีขนาด "
                          "12px ขึ้นไป และเป้าหมายการแตะอย่างน้อย 90% มีขนาด 24×24px ขึ้นไป ผ่านเมื่อไม่มีปัญหา "
                          "ผ่านบางส่วนเมื่อมีหนึ่งข้อ ไม่ผ่านเมื่อมีมากกว่า"},
       why={"en": "Most Thai citizens reach government online by phone; a page that must be zoomed and panned "
                  "loses them.",
            "th": "ประชาชนส่วนใหญ่เข้าถึงบริการภาครัฐออนไลน์ผ่านโทรศัพท์ หน้าที่ต้องซูมและเลื่อนไปมาทำให้เขาเลิกใช้"},
       needs=("render", "page"), references=("WCAG 2.1 SC 1.4.10 Reflow", "WCAG 2.2 SC 2.5.8 Target Size (Minimum)"))
def responsive(ev: SiteView) -> Verdict:
    r = home_render(ev)
    if r is None:
        return not_applicable(_why_not(ev))
    ph = dict(r.phone)
    if not ph:
        return cannot_judge(f"the phone viewport was not measured: {r.error or 'no measurement'}")
    width, screen = int(ph.get("width") or 0), int(ph.get("screen_width") or 0)
    chars, small = int(ph.get("text_chars") or 0), int(ph.get("small_text_chars") or 0)
    targets, tiny = int(ph.get("targets") or 0), int(ph.get("small_targets") or 0)
    problems = []
    if screen and width > screen * 1.05:
        problems.append(f"laid out {width}px wide and shrunk onto a {screen}px screen (no usable meta viewport)")
    if int(ph.get("overflow_px") or 0) > 0:
        problems.append(f"content wider than the screen by {ph['overflow_px']}px (horizontal scrolling)")
    legible = 1 - small / chars if chars else 1.0
    if legible < 0.6:
        problems.append(f"only {legible:.0%} of the text is 12px or larger on the phone")
    big = 1 - tiny / targets if targets else 1.0
    if big < 0.9:
        problems.append(f"{tiny} of {targets} tap targets smaller than 24×24px")
    details = {"viewport_width": width, "screen_width": screen, "overflow_px": ph.get("overflow_px"),
               "legible_text": round(legible, 3), "tap_targets_ok": round(big, 3),
               "small_targets": [list(x) for x in (ph.get("small_target_examples") or ())],
               "viewport_meta": ph.get("viewport_meta"), "problems": problems,
               "screenshot": dict(r.shots).get("phone", "")}
    pointers = [Pointer(r.url, note=p) for p in problems]
    score = round(1 - len(problems) / 4, 3)
    if not problems:
        return passed(Pointer(r.url, note="fits a 412px phone screen"), **details)
    if len(problems) == 1:
        return partial(score, *pointers, **details)
    return failed(*pointers, score=score, **details)


# (good, poor) per metric: web.dev's Core Web Vitals thresholds; TBT as Lighthouse scores it
THRESHOLDS = {"lcp_ms": (2500, 4000), "cls": (0.1, 0.25), "tbt_ms": (200, 600)}


@check("tech.page-speed",
       title={"en": "Home page loads fast and stays still", "th": "หน้าแรกโหลดเร็วและไม่กระตุก"},
       failure_title={"en": "Home page loads slowly or shifts", "th": "หน้าแรกโหลดช้าหรือเนื้อหาเลื่อนไปมา"},
       description={"en": "Lab load in the browser: LCP ≤ 2.5 s, CLS ≤ 0.1 and total blocking time ≤ 200 ms pass; "
                          "LCP > 4 s, CLS > 0.25 or TBT > 600 ms fail; between is partial.",
                    "th": "วัดการโหลดในเบราว์เซอร์: LCP ไม่เกิน 2.5 วินาที CLS ไม่เกิน 0.1 และเวลาที่ถูกบล็อกรวมไม่เกิน 200 ms "
                          "ถือว่าผ่าน LCP เกิน 4 วินาที CLS เกิน 0.25 หรือ TBT เกิน 600 ms ไม่ผ่าน ระหว่างนั้นผ่านบางส่วน"},
       why={"en": "Slow, jumping pages cost people on prepaid mobile data time and money, and make them give up.",
            "th": "หน้าที่ช้าและกระตุกทำให้ผู้ใช้เน็ตมือถือแบบเติมเงินเสียเวลาและเงิน และเลิกใช้บริการ"},
       needs=("render", "page"), references=("Core Web Vitals (web.dev): LCP, CLS; Lighthouse TBT",))
def page_speed(ev: SiteView) -> Verdict:
    r = home_render(ev)
    if r is None:
        return not_applicable(_why_not(ev))
    m = dict(r.metrics)
    if not m:
        return cannot_judge(f"no load metrics: {r.error or 'not measured'}")
    rating = {}
    for k, (good, poor) in THRESHOLDS.items():
        v = m.get(k)
        rating[k] = "unknown" if v is None else "good" if v <= good else "poor" if v > poor else "needs-improvement"
    details = {**{k: m[k] for k in sorted(m)}, "rating": rating}
    bad = [Pointer(r.url, note=f"{k} = {m.get(k)} ({v})") for k, v in rating.items() if v not in ("good", "unknown")]
    if all(v in ("good", "unknown") for v in rating.values()):
        return passed(Pointer(r.url, note="LCP, CLS and TBT good"), **details)
    if any(v == "poor" for v in rating.values()):
        return failed(*bad, score=round(sum(v == "good" for v in rating.values()) / 3, 3), **details)
    return partial(round(0.5 + 0.5 * sum(v == "good" for v in rating.values()) / 3, 3), *bad, **details)


@check("tech.javascript-content",
       title={"en": "Home page content is in the HTML", "th": "เนื้อหาหน้าแรกอยู่ใน HTML"},
       failure_title={"en": "Home page content only appears with JavaScript",
                      "th": "เนื้อหาหน้าแรกปรากฏเฉพาะเมื่อรัน JavaScript"},
       description={"en": "With a rendering: fail when the served HTML holds under a quarter of the links the browser "
                          "built (and it built 10 or more). Without one: fail (confidence 0.6) when the page looks "
                          "built by script — almost no text or links, scripts present.",
                    "th": "เมื่อแสดงผลด้วยเบราว์เซอร์: ไม่ผ่านเมื่อ HTML ที่ส่งมามีลิงก์ไม่ถึงหนึ่งในสี่ของที่เบราว์เซอร์สร้าง "
                          "(และสร้างได้ 10 ลิงก์ขึ้นไป) เมื่อไม่ได้แสดงผล: ไม่ผ่าน (ความมั่นใจ 0.6) เมื่อหน้าดูเหมือนสร้างด้วยสคริปต์ "
                          "คือแทบไม่มีข้อความหรือลิงก์แต่มีสคริปต์"},
       why={"en": "Menus built only by JavaScript are invisible to simple browsers, some assistive tools, search "
                  "engines and the archive — and to every static check.",
            "th": "เมนูที่สร้างด้วย JavaScript เท่านั้นมองไม่เห็นสำหรับเบราว์เซอร์อย่างง่าย เครื่องมือช่วยบางชนิด "
                  "เครื่องมือค้นหา และการเก็บถาวร รวมถึงการตรวจแบบไม่รันสคริปต์"},
       needs=("render", "page"))
def javascript_content(ev: SiteView) -> Verdict:
    served = ev.served_home
    r = home_render(ev)
    if r is not None and ev.home.rendered:
        built, static = len(ev.home.links), len(served.links)
        details = {"links_served": static, "links_rendered": built,
                   "text_served": len(served.text), "text_rendered": len(ev.home.text)}
        if built >= 10 and static < built / 4:
            return failed(Pointer(r.url, note=f"{static} links in the HTML, {built} after JavaScript"),
                          score=round(static / built, 3), **details)
        return passed(Pointer(r.url, note=f"{static} links in the HTML, {built} after JavaScript"), **details)
    why = built_by_script(served)
    if why:
        return failed(Pointer(served.final_url, note=why), confidence=0.6, reason=why, rendered=False)
    return passed(Pointer(served.final_url, note=f"{len(served.links)} links in the HTML"), confidence=0.8,
                  rendered=False)

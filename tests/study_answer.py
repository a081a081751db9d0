"""A small fictional answer document (govlens.answer/1) for the study report's tests: a made-up
focus country with Thai names and two peers, two frameworks, league tables, UN context,
exemplars and one recommendation per level."""

from __future__ import annotations

from typing import Any

# how the tests (and docs/img/make-screenshots.py) launch the system chromium: no sandbox (root
# in CI), nothing that phones home
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

def _bi(en: str, th: str | None = None) -> dict[str, str]:
    return {"en": en, "th": th} if th else {"en": en}


def make_answer(fictional: bool = True, replay: bool = False) -> dict[str, Any]:
    """A small answer document of a made-up world: focus XTH (Thai names) and two peers."""
    crit = [("CA", "Content", "เนื้อหา"), ("SV", "Services", "บริการ"), ("PA", "Participation", None),
            ("TE", "Technology", "เทคโนโลยี")]
    countries = {"XTH": ("Siamland (fictional)", "ประเทศสยามแลนด์ (สมมุติ)", 0.42),
                 "XDK": ("Nordland (fictional)", "ประเทศนอร์ดแลนด์ (สมมุติ)", 0.81),
                 "XSG": ("Lionport (fictional)", "ประเทศท่าสิงห์ (สมมุติ)", 0.66)}

    def scores(base: float, k: int) -> dict[str, float | None]:
        return {c[0]: (None if c[0] == "PA" and k == 0 else round(min(1.0, base + 0.07 * i - 0.05 * k), 4))
                for i, c in enumerate(crit)}

    ev = {"url": "http://nordland.test/feedback", "selector": "a#fb", "snippet": "แสดงความคิดเห็น", "note": "feedback form",
          "replay": "replay/abc123.html" if replay else None}
    fw = []
    for n, (fid, title_en, title_th) in enumerate((("fw-one", "Framework One", "กรอบการประเมินหนึ่ง"),
                                                  ("fw-two", "Framework Two", None))):
        per = {}
        for rank, (code, (en, th, s)) in enumerate(sorted(countries.items(), key=lambda x: -x[1][2]), start=1):
            per[code] = {"name": _bi(en, th), "score": round(s - 0.03 * n, 4), "coverage": 0.8, "rank": rank,
                         "median_rank": float(rank), "interval_90": [rank, min(3, rank + 1)], "organisations": 5,
                         "criteria": scores(s, 0)}
        league = {code: [{"org": f"{code.lower()}-{i}", "name": _bi(f"Ministry of Things {i}", f"กระทรวงสิ่งของ {i}"),
                          "kind": "ministry" if i < 3 else "department", "sector": "health", "score": round(0.9 - 0.1 * i, 4),
                          "coverage": 0.7, "rank": i + 1 if i < 4 else None, "interval_90": [i + 1, i + 2],
                          "criteria": scores(0.9 - 0.1 * i, i % 2)} for i in range(5)] for code in countries}
        fw.append({"id": fid, "title": _bi(title_en, title_th), "edition": "2024",
                   "unit": {"kinds": ["national-portal", "ministry"], "why": _bi("national government", "รัฐบาลระดับชาติ")},
                   "basis": _bi("share of indicators", "สัดส่วนของตัวชี้วัด"),
                   "criteria": [{"id": c, "title": _bi(e, t)} for c, e, t in crit], "countries": per,
                   "peer_median": {"score": 0.7, "criteria": scores(0.7, 0)},
                   "best": {"score": {"country": "XDK", "value": 0.81},
                            "criteria": {c[0]: {"country": "XDK", "value": 0.9} for c in crit}},
                   "gaps": [{"criterion": c[0], "focus": 0.42, "peer_median": 0.7, "best": 0.9, "best_country": "XDK",
                             "gap_to_best": 0.48 - 0.05 * i} for i, c in enumerate(crit)],
                   "league": league})
    recs = []
    for rank, level in enumerate(("policy", "ministry", "portal"), start=1):
        recs.append({"id": f"rec-{level}", "rank": rank, "level": level,
                     "title": _bi(f"Do the {level} thing", f"ทำเรื่องระดับ{level}"),
                     "text": _bi("Publish it online.", "เผยแพร่ทางออนไลน์"), "aims": ["transparency", "participation"],
                     "indicators": [{"framework": "fw-one", "indicator": "ind-1", "title": _bi("Indicator one")}],
                     "effort": "SML"[rank - 1], "effort_reason": _bi("A law is needed.", "ต้องออกกฎหมาย"),
                     "gain": {"framework": "fw-one", "entity": "XTH", "before": 0.42, "after": 0.5 - 0.02 * rank,
                              "gain": 0.08 - 0.02 * rank},
                     "gains": [{"framework": "fw-two", "entity": "XTH", "before": 0.39, "after": 0.41, "gain": 0.02}],
                     "priority": 0.04 / rank, "targets": [{"org": "xth-1", "name": _bi("Ministry of Things 1", "กระทรวงสิ่งของ 1")}],
                     "why": _bi("4 of 5 ministries publish nothing", "กระทรวง 4 จาก 5 แห่งไม่เผยแพร่"),
                     "exemplar": {"country": "XDK", "org": "xdk-0", "name": _bi("Ministry of Things 0"),
                                  "site": "http://nordland.test/", "replay": ev["replay"], "evidence": [ev]},
                     "evidence": [{**ev, "url": "http://siamland.test/", "org": "xth-1", "outcome": "fail"}]})
    return {
        "schema": "govlens.answer/1", "created": "2026-01-01T00:00:00+00:00", "govlens_version": "0.test",
        "fictional": fictional,
        "run": {"id": 7, "name": "unit test world", "started": "", "finished": "", "sites": 15, "assessed": 14,
                "not_assessable": 1},
        "replay": ({"how": "static", "files": "replay/", "note": _bi("Archived copies open offline.",
                                                                     "สำเนาที่เก็บไว้เปิดได้แบบออฟไลน์")}
                   if replay else {"how": "none"}),
        "focus": "XTH", "peers": ["XDK", "XSG"],
        "countries": {c: {"name": _bi(en, th), "organisations": 5, "sites": 5, "assessed": 5, "not_assessable": 0}
                      for c, (en, th, _) in countries.items()},
        "frameworks": fw,
        "un_context": {"source": "made-up survey", "countries": {
            "XTH": [{"year": y, "egdi": 0.5, "egdi_rank": r, "osi": 0.5, "epi": 0.4}
                    for y, r in ((2016, 77), (2018, 73), (2020, 57), (2022, 55), (2024, 52))]}},
        "exemplars": [{"framework": "fw-one", "indicator": "ind-1", "title": _bi("Feedback form", "แบบฟอร์มความคิดเห็น"),
                       "criterion": "PA", "focus_failing": 4, "focus_judged": 5,
                       "peers": [{"country": "XDK", "org": "xdk-0", "name": _bi("Ministry of Things 0"),
                                  "site": "http://nordland.test/", "evidence": [ev]}]}],
        "recommendations": recs,
        "rules": {"ranking": _bi("gain over effort", "คะแนนที่เพิ่มหารด้วยความพยายาม")},
    }

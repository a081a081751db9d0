"""Evidence and check results to store, built by hand (no crawl): what the store must keep."""

from __future__ import annotations

from typing import Any

from govlens.checks.registry import CheckResult, Pointer
from govlens.evidence.model import Page, SiteEvidence

ORG_TH = {"id": "th-moi", "name": {"th": "กระทรวงมหาดไทย", "en": "Ministry of Interior"},
          "kind": "ministry", "country": "THA", "tags": ["ภาครัฐ", "🏛"]}


def page(url: str, title: str = "หน้าแรก — กระทรวงมหาดไทย", **kw: Any) -> Page:
    base: dict[str, Any] = dict(
        url=url, final_url=url, status=200, headers=(("content-type", "text/html; charset=utf-8"),),
        content_type="text/html", charset="utf-8", charset_source="header", title=title, lang="th",
        text="ยินดีต้อนรับ", links=(), forms=(), images=(), scripts=(), meta=(), headings=((1, "ยินดีต้อนรับ"),),
        size=1234, truncated=False, elapsed_ms=12.5, discovered_as="home")
    base.update(kw)
    return Page(**base)


def evidence(url: str, status: str = "ok", reason: str = "", pages: tuple[Page, ...] | None = None,
             final_url: str | None = None) -> SiteEvidence:
    if pages is None:
        pages = (page(url), page(url + "contact", title="ติดต่อเรา", discovered_as="key:contact")) \
            if status == "ok" else ()
    return SiteEvidence(site_url=url, final_url=final_url if final_url is not None else url,
                        status=status, reason=reason, redirects=(), pages=pages)


def results(*specs: tuple[str, str, float | None], **extra: Any) -> dict[str, CheckResult]:
    """``(check_id, outcome, score)`` each; ``details``/``evidence``/``confidence`` by check id in
    ``extra`` as ``{check_id: {...}}``."""
    out = {}
    for cid, outcome, score in specs:
        kw = extra.get(cid.replace(".", "_").replace("-", "_"), {})
        out[cid] = CheckResult(cid, outcome, score, **kw)  # type: ignore[arg-type]
    return out


def thai_results() -> dict[str, CheckResult]:
    return results(
        ("site.reachable", "pass", 1.0),
        ("content.thai-language", "pass", 0.75),
        ("security.hsts", "fail", 0.0),
        ("services.search", "not_applicable", None),
        content_thai_language={
            "evidence": (Pointer("https://moi.go.th/", "html > body > h1", "ยินดีต้อนรับสู่กระทรวง", "หัวเรื่อง"),),
            "details": {"lang": "th", "ข้อความ": ["ภาษาไทย", "English"], "ratio": 0.75,
                        "nested": {"z": 1, "a": [1, 2, {"ก": None}]}},
            "confidence": 0.8},
        security_hsts={"details": {"header": None, "why": "ไม่มีส่วนหัว Strict-Transport-Security"}},
    )

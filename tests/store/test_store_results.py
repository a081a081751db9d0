"""Writing sites and their check results, and reading them back, on both backends."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from storedata import ORG_TH, evidence, page, results, thai_results

from govlens.checks.registry import CheckResult, Pointer
from govlens.store import results as store
from govlens.store.db import check_results, pages, sites

URL = "https://www.moi.go.th/"


def save(engine: Engine, rid: int, url: str = URL, status: str = "ok", res=None, **kw):  # noqa: ANN001, ANN003, ANN201
    kw = {"organisation": ORG_TH, "warc": "warc/moi.warc.gz", "elapsed_s": 3.14159, "retryable": False, **kw}
    return store.save_site(engine, rid, evidence(url, status, kw.pop("reason", "")),
                           thai_results() if res is None else res, **kw)


@pytest.fixture
def rid(engine: Engine) -> int:
    return store.create_run(engine, name="t", catalog="c.yaml", settings={})


def test_a_saved_site_reads_back_whole(engine: Engine, rid: int) -> None:
    save(engine, rid, attempts=1)
    (site,) = list(store.iter_site_results(engine, rid))
    assert site["url"] == URL and site["final_url"] == URL and site["status"] == "ok"
    assert site["organisation"] == ORG_TH
    assert site["organisation"]["name"]["th"] == "กระทรวงมหาดไทย"
    assert site["retryable"] is False and site["attempts"] == 1 and site["pages"] == 2
    assert site["warc"] == "warc/moi.warc.gz" and site["elapsed_s"] == 3.142
    checks = site["checks"]
    assert set(checks) == {"site.reachable", "content.thai-language", "security.hsts", "services.search"}
    assert checks["site.reachable"] == {"outcome": "pass", "score": 1.0, "evidence": []}
    assert checks["services.search"]["score"] is None  # not applicable: no score, not 0
    th = checks["content.thai-language"]
    assert th["evidence"] == [{"url": "https://moi.go.th/", "selector": "html > body > h1",
                               "snippet": "ยินดีต้อนรับสู่กระทรวง", "note": "หัวเรื่อง"}]
    assert th["details"]["ข้อความ"] == ["ภาษาไทย", "English"]
    assert th["details"]["nested"] == {"z": 1, "a": [1, 2, {"ก": None}]}
    assert list(th["details"]["nested"]) == ["z", "a"]
    assert th["confidence"] == pytest.approx(0.8)
    assert checks["security.hsts"]["details"]["why"] == "ไม่มีส่วนหัว Strict-Transport-Security"
    assert "details" not in checks["site.reachable"] and "confidence" not in checks["site.reachable"]


def test_pages_are_stored_with_their_thai_titles(engine: Engine, rid: int) -> None:
    sid = save(engine, rid)
    with engine.connect() as conn:
        rows = conn.execute(select(pages).where(pages.c.site_id == sid).order_by(pages.c.id)).mappings().all()
    assert [r["title"] for r in rows] == ["หน้าแรก — กระทรวงมหาดไทย", "ติดต่อเรา"]
    assert [r["discovered_as"] for r in rows] == ["home", "key:contact"]
    assert rows[0]["lang"] == "th" and rows[0]["size"] == 1234 and rows[0]["truncated"] == 0
    assert rows[0]["elapsed_ms"] == pytest.approx(12.5)


def test_checks_come_back_in_code_point_order_whatever_the_collation(engine: Engine, rid: int) -> None:
    """ICU/glibc collations ignore punctuation first ("a-c" between "a.b" and "a.d"); the
    results' order must be the same on every backend: by code point, as on SQLite."""
    ids = ["a.d", "a-c", "a.b", "B.x", "a_e", "ab", "ก.1"]
    save(engine, rid, res=results(*[(i, "pass", 1.0) for i in ids]))
    (site,) = list(store.iter_site_results(engine, rid))
    assert list(site["checks"]) == sorted(ids)


def test_saving_a_site_again_replaces_it_and_its_rows(engine: Engine, rid: int) -> None:
    save(engine, rid)
    save(engine, rid, res=results(("site.reachable", "fail", 0.0)), attempts=2, retryable=True,
         status="timeout-read", reason="read timed out")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sites)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(check_results)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(pages)).scalar() == 0  # failed: no pages
    (site,) = list(store.iter_site_results(engine, rid))
    assert site["status"] == "timeout-read" and site["attempts"] == 2 and site["retryable"] is True
    assert site["reason"] == "read timed out"
    assert list(site["checks"]) == ["site.reachable"]


def test_the_same_url_in_two_runs_is_two_sites(engine: Engine, rid: int) -> None:
    other = store.create_run(engine, name="u", catalog="", settings={})
    save(engine, rid)
    save(engine, other, status="dns", res=results(("site.reachable", "error", None)))
    assert store.site_statuses(engine, rid) == {URL: "ok"}
    assert store.site_statuses(engine, other) == {URL: "dns"}


def test_a_site_that_fails_mid_save_leaves_nothing(engine: Engine, rid: int) -> None:
    """One transaction per site: an error after the site's row was written rolls it back."""
    class Exploding(Pointer):
        def to_dict(self):  # noqa: ANN202
            raise RuntimeError("boom")

    bad = {"x.y": CheckResult("x.y", "pass", 1.0, evidence=(Exploding("https://x/"),))}
    with pytest.raises(RuntimeError, match="boom"):
        save(engine, rid, res=bad)
    assert store.finished_sites(engine, rid) == set()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(pages)).scalar() == 0


def test_non_finite_numbers_in_details_are_stored_as_null(engine: Engine, rid: int) -> None:
    """PostgreSQL's json refuses NaN; SQLite would keep text no JSON parser reads."""
    res = results(("x.ratio", "partial", 0.5),
                  x_ratio={"details": {"ratio": math.nan, "max": math.inf, "min": -math.inf, "ok": 1.5,
                                       "list": [math.nan, 2.0]}})
    save(engine, rid, res=res)
    (site,) = list(store.iter_site_results(engine, rid))
    assert site["checks"]["x.ratio"]["details"] == {"ratio": None, "max": None, "min": None, "ok": 1.5,
                                                   "list": [None, 2.0]}


def test_text_the_columns_cannot_hold_is_clipped_and_nul_replaced(engine: Engine, rid: int) -> None:
    """A hostile page: a NUL in its title and reason (PostgreSQL refuses NUL in text), a
    charset and content type longer than their columns (PostgreSQL enforces String(n))."""
    hostile = page(URL, title="ชื่อ\x00เรื่อง", charset="x" * 500, content_type="text/html;" + "p" * 400,
                   lang="th-" + "a" * 100, discovered_as="bfs:" + "z" * 200)
    ev = evidence(URL, pages=(hostile,))
    res = results(("site.reachable", "pass", 1.0), site_reachable={"details": {"raw": "a\x00b"}})
    store.save_site(engine, rid, ev, res, organisation={"id": "o" * 300, "name": "n\x00"}, warc="",
                    elapsed_s=0, retryable=False)
    with engine.connect() as conn:
        row = conn.execute(select(pages)).mappings().one()
        org_id = conn.execute(select(sites.c.org_id)).scalar()
    assert row["title"] == "ชื่อ\ufffdเรื่อง"
    assert row["charset"] == "x" * 40 and len(row["content_type"]) == 200
    assert len(row["lang"]) == 40 and len(row["discovered_as"]) == 80
    assert org_id == "o" * 200
    (site,) = list(store.iter_site_results(engine, rid))
    assert site["organisation"]["name"] == "n\x00"  # JSON keeps it (escaped as \u0000)
    assert site["checks"]["site.reachable"]["details"]["raw"] == "a\x00b"


def test_finished_retryable_and_statuses(engine: Engine, rid: int) -> None:
    save(engine, rid, "https://ok.go.th/")
    save(engine, rid, "https://slow.go.th/", status="timeout-read", reason="slow", retryable=True,
         elapsed_s=10.0, res=results(("site.reachable", "fail", 0.0)))
    save(engine, rid, "https://retried.go.th/", status="timeout-read", retryable=True, attempts=2,
         res=results(("site.reachable", "fail", 0.0)))
    save(engine, rid, "https://gone.go.th/", status="http-4xx", res=results(("site.reachable", "fail", 0.0)))
    assert store.finished_sites(engine, rid) == {"https://ok.go.th/", "https://slow.go.th/",
                                                 "https://retried.go.th/", "https://gone.go.th/"}
    assert store.site_statuses(engine, rid) == {"https://ok.go.th/": "ok", "https://slow.go.th/": "timeout-read",
                                                "https://retried.go.th/": "timeout-read",
                                                "https://gone.go.th/": "http-4xx"}
    # only first attempts are retried: a site already on its second attempt is not
    assert store.retryable_sites(engine, rid) == {"https://slow.go.th/": "timeout-read"}
    assert store.retryable_site_info(engine, rid) == {
        "https://slow.go.th/": {"status": "timeout-read", "reason": "slow", "elapsed_s": 10.0}}


def test_export_writes_the_results_json(engine: Engine, rid: int, tmp_path: Path) -> None:
    save(engine, rid, "https://a.go.th/")
    save(engine, rid, "https://b.go.th/", status="dns", reason="ไม่พบชื่อโดเมน",
         res=results(("site.reachable", "error", None)))
    path = store.export_results(engine, rid, tmp_path / "out" / "results.json")
    raw = path.read_text(encoding="utf-8")
    assert "กระทรวงมหาดไทย" in raw  # UTF-8, not \\u escapes
    doc = json.loads(raw)
    assert doc["schema"] == store.RESULTS_SCHEMA
    assert doc["run"]["id"] == rid and doc["run"]["catalog"] == "c.yaml" and doc["run"]["finished"] is None
    assert [s["url"] for s in doc["sites"]] == ["https://a.go.th/", "https://b.go.th/"]  # saved order
    assert doc["sites"][1]["reason"] == "ไม่พบชื่อโดเมน"
    assert not list(path.parent.glob("*.part"))


def _export(engine: Engine, tmp: Path) -> dict:
    rid = store.create_run(engine, name="same", catalog="c.yaml", settings={"ไทย": [1, 2.5, None]})
    save(engine, rid, "https://a.go.th/", res=results(*[(i, "pass", 0.5) for i in ("z.z", "a.d", "a-c", "a.b")]))
    save(engine, rid, "https://b.go.th/")
    save(engine, rid, "https://c.go.th/", status="timeout-read", retryable=True,
         res=results(("site.reachable", "fail", 0.0)))
    store.finish_run(engine, rid)
    doc = json.loads(store.export_results(engine, rid, tmp / "results.json").read_text(encoding="utf-8"))
    for k in ("started", "finished"):
        doc["run"].pop(k)
    for site in doc["sites"]:  # each site's save time: a second may tick between the two backends
        site.pop("finished")
    return doc


def test_export_is_the_same_as_on_the_default_backend(engine: Engine, tmp_path: Path) -> None:
    """The same run stored in this backend and in a fresh SQLite workspace exports the same
    results.json, byte for byte once the run's times are left out."""
    from govlens.store.db import connect

    reference = connect(tmp_path / "reference")
    try:
        want = _export(reference, tmp_path / "ref")
    finally:
        reference.dispose()
    got = _export(engine, tmp_path / "got")
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)

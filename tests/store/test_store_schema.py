"""Schema, runs and times on both backends (SQLite file, PostgreSQL server)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, insert, inspect, select, text

from govlens.store import results as store
from govlens.store.db import check_results, connect, pages, runs, sites

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_connect_creates_the_store_schema(engine: Engine) -> None:
    insp = inspect(engine)
    assert {"runs", "sites", "pages", "check_results"} <= set(insp.get_table_names())
    assert {c["name"] for c in insp.get_columns("check_results")} >= {
        "site_id", "check_id", "outcome", "score", "evidence", "details", "confidence"}
    uniques = {u["name"]: u["column_names"] for u in insp.get_unique_constraints("sites")}
    assert uniques["uq_site_per_run"] == ["run_id", "url"]
    fks = insp.get_foreign_keys("check_results")
    assert fks[0]["referred_table"] == "sites" and fks[0]["options"].get("ondelete") == "CASCADE"


def test_connect_again_keeps_the_data(engine: Engine, db_url: str) -> None:
    rid = store.create_run(engine, name="first", catalog="c.yaml", settings={})
    again = connect(db_url)  # create_all on an existing schema: no error, nothing dropped
    try:
        assert store.run_info(again, rid)["name"] == "first"
        assert store.resolve_run(again, "latest") == rid
    finally:
        again.dispose()


def test_the_benchmark_tables_are_created_too(db_url: str) -> None:
    import govlens.store.tables  # noqa: F401  (declares its tables on the store's metadata)

    eng = connect(db_url)
    try:
        assert {"un_egdi", "score_runs", "indicator_values", "framework_scores"} <= set(
            inspect(eng).get_table_names())
    finally:
        eng.dispose()


def test_workers_connecting_at_once_create_the_schema_once(db_url: str) -> None:
    """Distributed workers start together: each connect() creates the schema if missing, and
    none may fail because another one is creating it at the same moment."""
    n = 4
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []
    engines: list[Engine] = []

    def worker() -> None:
        barrier.wait()
        try:
            engines.append(connect(db_url))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert not errors, errors
        assert len(engines) == n
        store.create_run(engines[0], name="x", catalog="", settings={})
        assert store.resolve_run(engines[-1], "latest") == 1
    finally:
        for e in engines:
            e.dispose()


def test_run_ids_increase_and_latest_is_the_last(engine: Engine) -> None:
    with pytest.raises(LookupError, match="no runs"):
        store.resolve_run(engine, "latest")
    ids = [store.create_run(engine, name=f"r{i}", catalog="c.yaml", settings={"i": i}) for i in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert store.resolve_run(engine, "latest") == ids[-1]
    assert store.resolve_run(engine, str(ids[0])) == ids[0]
    with pytest.raises(LookupError, match="no run 999"):
        store.resolve_run(engine, 999)


def test_run_info_round_trips_settings_and_names_in_thai(engine: Engine) -> None:
    settings = {"max_pages": 25, "user_agent": "govlens/0.1 (ทดสอบ)", "connect_to": ["a:80:127.0.0.1:1"],
                "nested": {"z": 1.5, "a": None, "ไทย": [True, False]}}
    rid = store.create_run(engine, name="สำรวจเว็บไซต์ภาครัฐ 2568", catalog="แคตตาล็อก.yaml",
                           settings=settings, source="warc")
    info = store.run_info(engine, rid)
    assert info["name"] == "สำรวจเว็บไซต์ภาครัฐ 2568"
    assert info["catalog"] == "แคตตาล็อก.yaml"
    recorded = dict(info["settings"])
    checks = recorded.pop("checks")  # the run records the check catalogue it is judged with
    assert recorded == settings
    assert {c["id"] for c in checks} >= {"content.contact", "site.reachable"}
    assert all(c["title"]["th"] for c in checks)
    assert list(info["settings"]["nested"]) == ["z", "a", "ไทย"]  # key order kept (json, not jsonb)
    assert info["source"] == "warc" and info["finished"] is None


def test_a_run_name_longer_than_its_column_is_clipped_not_refused(engine: Engine) -> None:
    rid = store.create_run(engine, name="ก" * 300, catalog="c" * 5000, settings={})
    info = store.run_info(engine, rid)
    assert info["name"] == "ก" * 200  # String(200): PostgreSQL would refuse 300
    assert info["catalog"] == "c" * 5000  # Text: kept whole


def test_run_times_are_aware_utc_on_every_backend(engine: Engine) -> None:
    before = datetime.now(UTC)
    rid = store.create_run(engine, name="t", catalog="", settings={})
    store.finish_run(engine, rid)
    after = datetime.now(UTC)
    info = store.run_info(engine, rid)
    for k in ("started", "finished"):
        assert info[k].tzinfo is not None and info[k].utcoffset() == timedelta(0), (k, info[k])
        assert before - timedelta(seconds=1) <= info[k] <= after + timedelta(seconds=1)
    assert info["started"] <= info["finished"]


def test_datetimes_in_another_zone_come_back_as_the_same_instant_in_utc(engine: Engine) -> None:
    bangkok = datetime(2026, 1, 1, 6, 30, 15, 123456, tzinfo=BANGKOK)  # 2025-12-31 23:30:15 UTC
    naive = datetime(2026, 6, 1, 12, 0, 0)  # no zone: taken as UTC
    with engine.begin() as conn:
        a = conn.execute(insert(runs).values(name="bkk", started=bangkok, finished=naive, catalog="",
                                             settings={}, govlens_version="", source="live")).inserted_primary_key[0]
    info = store.run_info(engine, a)
    assert info["started"] == bangkok
    assert info["started"].tzinfo is UTC or info["started"].utcoffset() == timedelta(0)
    assert (info["started"].year, info["started"].day, info["started"].hour) == (2025, 31, 23)
    assert info["finished"] == naive.replace(tzinfo=UTC)
    # comparisons in SQL use the instant, not the wall clock
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(runs).where(
            runs.c.started < datetime(2026, 1, 1, 0, 0, tzinfo=UTC))).scalar()
    assert n == 1


def test_the_exported_run_times_carry_their_offset(engine: Engine, tmp_path) -> None:  # noqa: ANN001
    import json

    rid = store.create_run(engine, name="t", catalog="", settings={})
    store.finish_run(engine, rid)
    doc = json.loads(store.export_results(engine, rid, tmp_path / "r.json").read_text(encoding="utf-8"))
    # docs/results-schema.md: "started": "2026-11-24T05:30:00+00:00"
    assert doc["run"]["started"].endswith("+00:00"), doc["run"]["started"]
    assert doc["run"]["finished"].endswith("+00:00")
    assert datetime.fromisoformat(doc["run"]["started"]) <= datetime.fromisoformat(doc["run"]["finished"])


def test_deleting_a_site_deletes_its_pages_and_checks(engine: Engine) -> None:
    """ON DELETE CASCADE must hold on both (SQLite only with PRAGMA foreign_keys=ON)."""
    from storedata import evidence, thai_results

    rid = store.create_run(engine, name="t", catalog="", settings={})
    store.save_site(engine, rid, evidence("https://moi.go.th/"), thai_results(), organisation={},
                    warc="", elapsed_s=1, retryable=False)
    with engine.begin() as conn:
        assert conn.execute(select(func.count()).select_from(pages)).scalar() == 2
        conn.execute(sites.delete())
        assert conn.execute(select(func.count()).select_from(pages)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(check_results)).scalar() == 0


def test_postgres_refuses_a_database_that_is_not_utf8(_postgres_admin: Engine) -> None:
    from sqlalchemy import make_url

    admin = _postgres_admin
    name = "govlens_sql_ascii"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'"))
    try:
        url = make_url(admin.url).set(database=name).render_as_string(hide_password=False)
        with pytest.raises(ValueError, match="not UTF8"):
            connect(url)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

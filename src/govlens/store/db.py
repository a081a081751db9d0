"""Database schema and access (SQLAlchemy 2 Core).

Results are written per site, in one transaction, as each site finishes: memory stays flat
however many sites a run has, and a killed run loses at most the sites in flight.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
)

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, default=""),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("catalog", Text, nullable=False, default=""),
    Column("settings", JSON, nullable=False, default=dict),
    Column("govlens_version", String(40), nullable=False, default=""),
    Column("source", String(20), nullable=False, default="live"),  # live | warc
)

sites = Table(
    "sites", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("org_id", String(200), nullable=False, default=""),
    Column("organisation", JSON, nullable=False, default=dict),
    Column("final_url", Text, nullable=False, default=""),
    Column("status", String(40), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("retryable", Integer, nullable=False, default=0),
    Column("attempts", Integer, nullable=False, default=1),
    Column("pages", Integer, nullable=False, default=0),
    Column("warc", Text, nullable=False, default=""),
    Column("elapsed_s", Float, nullable=False, default=0.0),
    Column("finished", DateTime(timezone=True), nullable=False),
    UniqueConstraint("run_id", "url", name="uq_site_per_run"),
)

pages = Table(
    "pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("final_url", Text, nullable=False),
    Column("status", Integer, nullable=False),
    Column("content_type", String(200), nullable=False, default=""),
    Column("charset", String(40), nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("lang", String(40), nullable=False, default=""),
    Column("size", Integer, nullable=False, default=0),
    Column("truncated", Integer, nullable=False, default=0),
    Column("elapsed_ms", Float, nullable=False, default=0.0),
    Column("discovered_as", String(80), nullable=False, default=""),
)

check_results = Table(
    "check_results", metadata,
    Column("id", Integer, primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("check_id", String(80), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("score", Float),
    Column("evidence", JSON, nullable=False, default=list),
    Column("details", JSON, nullable=False, default=dict),
    Column("confidence", Float, nullable=False, default=1.0),
    UniqueConstraint("site_id", "check_id", name="uq_check_per_site"),
)


def database_url(workspace_or_url: str | Path) -> str:
    """A SQLAlchemy URL: given as is, or ``<workspace>/govlens.sqlite``."""
    s = str(workspace_or_url)
    if "://" in s:
        return s
    p = Path(s)
    if p.suffix not in (".sqlite", ".db"):
        p = p / "govlens.sqlite"
    p.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{p}"


def connect(workspace_or_url: str | Path) -> Engine:
    """Open (and create) the database. SQLite runs in WAL mode so a crash loses nothing committed."""
    url = database_url(workspace_or_url)
    engine = create_engine(url, future=True)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    metadata.create_all(engine)
    return engine


def now() -> datetime:
    return datetime.now(UTC)


def json_default(o: Any) -> Any:
    if isinstance(o, datetime):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(type(o).__name__)


def dumps(o: Any) -> str:
    return json.dumps(o, ensure_ascii=False, default=json_default)


def iter_rows(engine: Engine, stmt: Any) -> Iterator[Any]:
    with engine.connect() as conn:
        yield from conn.execute(stmt)


__all__ = ["metadata", "runs", "sites", "pages", "check_results", "connect", "database_url",
           "now", "dumps", "iter_rows", "select"]

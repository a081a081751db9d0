"""Database schema and access (SQLAlchemy 2 Core).

Results are written per site, in one transaction, as each site finishes: memory stays flat
however many sites a run has, and a killed run loses at most the sites in flight.

One SQLite file per workspace by default; PostgreSQL (or another server) by a SQLAlchemy URL,
given where a workspace is or in ``$GOVLENS_DATABASE_URL`` (see :func:`database_url`). Both
backends store and give back the same values: times are UTC and time-zone aware, JSON is
stored as written (key order kept, non-finite floats as null), and text is clipped to its
column's length with NUL characters replaced, as PostgreSQL would otherwise refuse them.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Dialect,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.exc import OperationalError

DATABASE_URL_ENV = "GOVLENS_DATABASE_URL"

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time, stored as UTC and read back as an aware UTC ``datetime`` on every backend.

    SQLite has no time zones (SQLAlchemy drops the offset) and PostgreSQL's ``timestamptz``
    comes back in the session's time zone; this gives both the same value. A naive datetime
    is taken as UTC. The column type is the plain ``DateTime(timezone=True)``, so existing
    databases need no change.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, default=""),
    Column("started", UTCDateTime(), nullable=False),
    Column("finished", UTCDateTime()),
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
    Column("finished", UTCDateTime(), nullable=False),
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


_SERVER_SCHEMES = ("postgresql", "postgres", "mysql", "mariadb", "mssql", "oracle", "cockroachdb")


def _as_url(s: str) -> str | None:
    """``s`` as a SQLAlchemy URL, or None when it is a path.

    A URL that went through ``pathlib.Path`` (a ``--workspace``/``--db`` option) has lost a
    slash ("postgresql+psycopg:/me@host/db"): it is put back. ``postgres://`` and a bare
    ``postgresql://`` mean psycopg (version 3, the driver govlens installs).
    """
    if "://" not in s:
        m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):/(?!/)", s)
        if not (m and m.group(1).split("+")[0].lower() in _SERVER_SCHEMES):
            return None
        s = f"{m.group(1)}://{s[m.end():]}"
    scheme, rest = s.split("://", 1)
    if scheme.lower() in ("postgres", "postgresql"):
        scheme = "postgresql+psycopg"
    return f"{scheme}://{rest}"


def database_url(workspace_or_url: str | Path) -> str:
    """The SQLAlchemy URL of a workspace's database.

    * a URL (``postgresql+psycopg://user:password@host:5432/govlens``, ``sqlite:///file``) is
      used as is;
    * a ``.sqlite`` or ``.db`` file: that SQLite file;
    * a workspace folder: ``$GOVLENS_DATABASE_URL`` when set, else ``<workspace>/govlens.sqlite``.
    """
    s = str(workspace_or_url)
    url = _as_url(s)
    if url is not None:
        return url
    p = Path(s)
    if p.suffix not in (".sqlite", ".db"):
        env = os.environ.get(DATABASE_URL_ENV, "").strip()
        if env:
            url = _as_url(env)
            if url is None:
                raise ValueError(f"${DATABASE_URL_ENV} is not a database URL: {env!r} "
                                 "(e.g. postgresql+psycopg://user:password@host:5432/govlens)")
            return url
        p = p / "govlens.sqlite"
    return f"sqlite:///{p}"


class DatabaseMissing(LookupError):
    """A read-only command found no govlens database where it looked (nothing is created)."""

    def __init__(self, where: str, why: str) -> None:
        self.where, self.why = where, why
        super().__init__(f"{where}: {why}")


def safe_url(url: str) -> str:
    """A database URL fit to print: the password hidden."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL that does not parse: its host part only
        return url.split("@")[-1] if "@" in url else url


def _finite(o: Any) -> Any:
    if isinstance(o, float):
        return o if math.isfinite(o) else None
    if isinstance(o, Mapping):
        return {k: _finite(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_finite(v) for v in o]
    return o


def json_serializer(o: Any) -> str:
    """JSON columns as written on every backend: UTF-8 text, and NaN/Infinity as null
    (PostgreSQL's json type refuses them; SQLite would keep what no JSON parser reads)."""
    try:
        return json.dumps(o, ensure_ascii=False, allow_nan=False, default=json_default)
    except ValueError:
        return json.dumps(_finite(o), ensure_ascii=False, default=json_default)


_CREATE_LOCK = 0x676F766C656E73  # "govlens": one schema creation at a time on a server


def _utf8_only(dbapi_conn: Any, _: Any) -> None:
    """Refuse a PostgreSQL database that is not UTF-8 before anything is read from it (under
    SQL_ASCII the driver gives bytes, and Thai text would not survive)."""
    info = getattr(dbapi_conn, "info", None)  # psycopg 3
    encoding = info.parameter_status("server_encoding") if info is not None else None
    if isinstance(encoding, bytes):
        encoding = encoding.decode("ascii", "replace")
    if encoding is not None and encoding.upper().replace("-", "") != "UTF8":
        dbname = getattr(info, "dbname", "")
        raise ValueError(f"the PostgreSQL database {dbname!r} is {encoding}, not UTF8: govlens stores "
                         "Thai and other text as UTF-8 (CREATE DATABASE ... ENCODING 'UTF8' "
                         "TEMPLATE template0)")


def _create_schema(engine: Engine) -> None:
    """``metadata.create_all``, safe when several processes open a new database at once."""
    if engine.dialect.name == "postgresql":  # one creator at a time, the others then see it
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CREATE_LOCK})
            metadata.create_all(conn)
        return
    for attempt in range(20):  # SQLite: another connection created a table between check and create
        try:
            metadata.create_all(engine)
            return
        except OperationalError as exc:
            if ("already exists" not in str(exc) and "locked" not in str(exc)) or attempt == 19:
                raise
            time.sleep(0.02 * (attempt + 1))


def connect(workspace_or_url: str | Path, create: bool = True) -> Engine:
    """Open (and create) the database: see :func:`database_url` for where it is.

    SQLite runs in WAL mode so a crash loses nothing committed. On PostgreSQL the database
    must be UTF-8 and the schema is created under an advisory lock (workers starting together).

    ``create=False`` (read-only commands) creates nothing — no folder, no file, no table — and
    raises :class:`DatabaseMissing` when there is no govlens database there.
    """
    url = database_url(workspace_or_url)
    if url.startswith("sqlite") and not url.startswith("sqlite:///:memory:"):
        file = Path(url.removeprefix("sqlite:///"))
        if not create and not file.is_file():
            where = file.parent if file.name == "govlens.sqlite" else file
            raise DatabaseMissing(str(where), "no such folder" if not where.exists() else
                                  "no govlens database here (no govlens.sqlite)")
        if create:
            file.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        engine = create_engine(url, json_serializer=json_serializer, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=30000")  # wait for another writer rather than fail
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    else:
        engine = create_engine(url, json_serializer=json_serializer, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", _utf8_only, insert=True)
    try:
        if create:
            _create_schema(engine)
        else:
            from sqlalchemy import inspect

            if not inspect(engine).has_table("runs"):
                raise DatabaseMissing(safe_url(url), "no govlens tables in this database (no runs yet)")
    except BaseException:
        engine.dispose()
        raise
    return engine


_lengths: dict[str, dict[str, int | None]] = {}


def fit(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row for ``table`` whose text every backend takes: strings clipped to their column's
    length (PostgreSQL enforces ``String(n)``, SQLite does not) and NUL characters, which
    PostgreSQL refuses in text, replaced by U+FFFD."""
    lengths = _lengths.get(table.name)
    if lengths is None:
        lengths = {c.name: getattr(c.type, "length", None) for c in table.columns
                   if isinstance(c.type, String)}
        _lengths[table.name] = lengths
    out = dict(row)
    for k, v in out.items():
        if isinstance(v, str) and k in lengths:
            if "\x00" in v:
                v = v.replace("\x00", "\ufffd")
            n = lengths[k]
            out[k] = v[:n] if n is not None else v
    return out


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
           "DatabaseMissing", "safe_url",
           "DATABASE_URL_ENV", "UTCDateTime", "fit", "json_serializer", "now", "dumps", "iter_rows",
           "select"]

"""Store fixtures: every store test runs on a SQLite file and on a real PostgreSQL server.

The PostgreSQL server is started once per test session from the machine's binaries
(``initdb``, ``pg_ctl``, ``postgres``): a fresh cluster in a temporary folder, listening
only on a Unix socket there (``listen_addresses = ''``), stopped and removed at the end.
Each test gets a database of its own. As root (CI), the server runs as the ``postgres``
user (or ``nobody``), which owns the temporary folder; PostgreSQL refuses to run as root.

Without the binaries the PostgreSQL cases are skipped, saying so, except under CI (the
``CI`` environment variable set), where they fail: CI must test both backends. With
``GOVLENS_TEST_POSTGRES_URL`` set (a server's maintenance database, e.g.
``postgresql+psycopg://me@localhost/postgres``) that server is used instead of starting one.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from govlens.store.db import connect

BACKENDS = ["sqlite", "postgres"]
TOOLS = ("initdb", "pg_ctl", "postgres")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def postgres_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: ``$GOVLENS_PG_BINDIR``,
    ``pg_config --bindir``, the newest ``/usr/lib/postgresql/*/bin`` (Debian), or PATH."""
    candidates: list[str] = []
    if os.environ.get("GOVLENS_PG_BINDIR"):
        candidates.append(os.environ["GOVLENS_PG_BINDIR"])
    if shutil.which("pg_config"):
        try:
            out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=30)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).resolve().parent))  # type: ignore[arg-type]
    for c in candidates:
        d = Path(c)
        if all(os.access(d / t, os.X_OK) for t in TOOLS):
            return d
    return None


def _unprivileged_user() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists: "
                       "PostgreSQL will not run as root (useradd postgres)")


@dataclass
class PostgresServer:
    """A throwaway cluster. ``url(db)`` is a SQLAlchemy URL for one of its databases."""

    bindir: Path
    root: Path
    user: pwd.struct_passwd | None  # who runs the server (None: this process's user)
    port: int = 5432  # only names the socket file: the server listens on no TCP port

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://govlens@/{database}?host={self.socket_dir}&port={self.port}"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        kw: dict = {}
        if self.user is not None:  # as root: drop to the unprivileged user in the child
            kw = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC"}
        env.pop("PGDATA", None)
        return subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True,
                              timeout=timeout, cwd=self.root, env=env, check=False, **kw)

    def _check(self, out: subprocess.CompletedProcess[str], what: str) -> None:
        if out.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{what} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}\n{log}")

    def start(self) -> None:
        self.socket_dir.mkdir()
        if self.user is not None:
            for p in (self.root, self.socket_dir):
                os.chown(p, self.user.pw_uid, self.user.pw_gid)
        initdb = ("initdb", "-D", str(self.data), "-U", "govlens", "--auth=trust", "-E", "UTF8", "--no-sync")
        out = self._run(*initdb, "--locale=C.UTF-8")
        if out.returncode != 0:  # no C.UTF-8 locale on this system
            shutil.rmtree(self.data, ignore_errors=True)
            out = self._run(*initdb, "--no-locale")
        self._check(out, "initdb")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as fh:
            fh.write("\n# govlens tests: a Unix socket only, no durability needed\n"
                     "listen_addresses = ''\n"
                     f"unix_socket_directories = '{self.socket_dir}'\n"
                     f"port = {self.port}\n"
                     "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                     "max_connections = 40\nshared_buffers = 32MB\n"
                     "timezone = 'Asia/Bangkok'\n")  # not UTC: datetimes must not depend on it
        self._check(self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                              "start"), "pg_ctl start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A SQLAlchemy URL of a PostgreSQL maintenance database (superuser) for the session."""
    external = os.environ.get("GOVLENS_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    bindir = postgres_bindir()
    if bindir is None:
        msg = ("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found via $GOVLENS_PG_BINDIR, "
               "pg_config --bindir, /usr/lib/postgresql/*/bin or PATH: install them "
               "(Debian: apt-get install postgresql) to test the store on PostgreSQL")
        if in_ci():
            pytest.fail(msg + " [CI is set: the PostgreSQL store tests must run]", pytrace=False)
        pytest.skip(msg)
    user = _unprivileged_user() if os.geteuid() == 0 else None
    server = PostgresServer(bindir, Path(tempfile.mkdtemp(prefix="govlens-pg-")), user)
    try:
        server.start()
        yield server.url()
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


_db_names = itertools.count(1)


@pytest.fixture(scope="session")
def _postgres_admin(postgres_admin_url: str) -> Iterator[Engine]:
    engine = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(_postgres_admin: Engine) -> Iterator[str]:
    """A fresh, empty UTF-8 database for one test. Its collation is ICU's en-US where the
    server has ICU (it orders "a-b" and "a.b" unlike the bytes), so that an ORDER BY on text
    that only SQLite's byte order makes deterministic shows up here."""
    name = f"govlens_t{os.getpid()}_{next(_db_names)}"
    with _postgres_admin.connect() as conn:
        try:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                              "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"))
        except Exception:  # PostgreSQL < 15 or no ICU: the server's default collation
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"))
    url = make_url(_postgres_admin.url).set(database=name).render_as_string(hide_password=False)
    yield url
    with _postgres_admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What ``connect()`` is given: a workspace folder (SQLite) or a PostgreSQL URL."""
    if backend == "sqlite":
        return str(tmp_path / "workspace")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = connect(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(autouse=True)
def _no_database_url_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A GOVLENS_DATABASE_URL in the developer's shell must not send the SQLite cases elsewhere."""
    monkeypatch.delenv("GOVLENS_DATABASE_URL", raising=False)

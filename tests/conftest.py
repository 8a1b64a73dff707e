"""Every test gets its own database, config file and a fixed ``now`` (docs/architecture.md).

The ``pk`` fixture runs each test twice: on a SQLite file in ``tmp_path`` and on its own schema of
the PostgreSQL server (see ``pg_server``). ``sqlite_pk`` is for tests about the SQLite file itself.
``pk(...)`` runs the real CLI in-process through Typer's CliRunner; ``pk.sh(...)`` runs it as a
subprocess, exactly as a user types it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from promisekeeper.cli import app

pytest_plugins = ["tests.teams"]  # the team fixture (a team of roles on PostgreSQL)

NOW = "2026-11-23T09:00:00+00:00"  # a Monday morning


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class Pk:
    def __init__(self, home: Path, url: str | None = None) -> None:
        self.home = home
        self.db = home / "pk.db"
        self.engine = "postgresql" if url else "sqlite"
        self.env = {
            "PK_DB": url or str(self.db),
            "PK_CONFIG": str(home / "config.toml"),
            "PK_NOW": NOW,
            "PK_USER": "dana",
            "TZ": "UTC",
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "PK_DEBUG": "",
            "PK_CACHE_DIR": str(home / "cache"),
        }

    def __call__(
        self, *args: str, now: str | None = None, input: str | None = None, **env: str
    ) -> Outcome:
        runner = CliRunner()
        extra = {"PK_NOW": now} if now else {}
        result = runner.invoke(app, list(args), input=input, env={**self.env, **extra, **env})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    def snapshot(self) -> str:
        """The whole stored state: the SQLite file's bytes, or a full export on PostgreSQL."""
        import hashlib

        if self.engine == "sqlite":
            return hashlib.sha256(self.db.read_bytes()).hexdigest() if self.db.exists() else "-"
        return self.ok("export").stdout

    def ok(self, *args: str, now: str | None = None, **env: str) -> Outcome:
        out = self(*args, now=now, **env)
        assert out.exit_code == 0, f"pk {' '.join(args)} failed: {out.stderr}{out.stdout}"
        return out

    def on_terminal(self, *args: str, columns: int = 80, rows: int = 40, **env: str) -> str:
        """Run pk with stdin, stdout and stderr on a real pseudo-terminal of ``columns`` ×
        ``rows``; what the terminal received (``\\r\\n`` as ``\\n``)."""
        import fcntl
        import pty
        import struct
        import termios

        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        full_env = {**os.environ, **self.env, **env}
        for name in ("COLUMNS", "LINES"):  # the terminal's own size counts
            full_env.pop(name, None)
        process = subprocess.Popen(
            [sys.executable, "-m", "promisekeeper", *args],
            env=full_env,
            stdin=follower,
            stdout=follower,
            stderr=follower,
        )
        os.close(follower)
        received = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            received += chunk
        process.wait(timeout=60)
        os.close(leader)
        return received.decode("utf-8").replace("\r\n", "\n")

    def sh(self, *args: str, now: str | None = None, **env: str) -> Outcome:
        full_env = {**os.environ, **self.env, **({"PK_NOW": now} if now else {}), **env}
        done = subprocess.run(
            [sys.executable, "-m", "promisekeeper", *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Public holidays cached by tests go to the session's own folder, never the user's."""
    previous = os.environ.get("PK_CACHE_DIR")
    os.environ["PK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("PK_CACHE_DIR", None)
    else:
        os.environ["PK_CACHE_DIR"] = previous


def _make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str | None) -> Pk:
    home = tmp_path / "home"
    home.mkdir()
    tool = Pk(home, url)
    for key, value in tool.env.items():
        monkeypatch.setenv(key, value)
    return tool


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def pk(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pk:
    """The CLI against a fresh database, once per engine."""
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    return _make(tmp_path, monkeypatch, url)


@pytest.fixture
def sqlite_pk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pk:
    """The CLI against a fresh SQLite file, for tests about the file itself."""
    return _make(tmp_path, monkeypatch, None)


@pytest.fixture
def pg_pk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str) -> Pk:
    """The CLI against a fresh PostgreSQL schema, for tests about the server itself."""
    return _make(tmp_path, monkeypatch, pg_url)


DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_problem(url: str) -> str | None:
    """None if the server answers; else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install '.[postgres]' in pk's source folder)"
    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        psycopg.connect(conninfo, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {url.split('@')[-1]}: {str(exc).strip().splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL URL to test against: PK_TEST_PG_URL, else the local default server.

    Skips with the reason when there is none, except when PK_TEST_REQUIRE_PG=1 (CI): then a
    missing server fails the run."""
    url = os.environ.get("PK_TEST_PG_URL") or DEFAULT_PG_URL
    problem = _pg_problem(url)
    if problem:
        if os.environ.get("PK_TEST_REQUIRE_PG") == "1":
            pytest.fail(f"PK_TEST_REQUIRE_PG=1 but {problem}")
        pytest.skip(f"PostgreSQL tests skipped: {problem}; set PK_TEST_PG_URL to run them")
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A database URL whose search_path is a fresh schema, dropped afterwards."""
    import uuid

    import psycopg

    schema = f"pk_test_{uuid.uuid4().hex[:12]}"
    conninfo = pg_server.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{separator}options=-csearch_path%3D{schema}"
    drop_test_schema(conninfo, schema)


def drop_test_schema(conninfo: str, schema: str) -> None:
    """Drop a test's schema, and the group roles ``pk db grant`` made for it."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as connection:
        groups: Any = ()
        if connection.execute(f"SELECT to_regproc('{schema}.pk_groups')").fetchone()[0]:
            groups = connection.execute(f"SELECT * FROM {schema}.pk_groups()").fetchone()
        connection.execute(f"DROP SCHEMA {schema} CASCADE")
        for group in groups or ():
            if connection.execute("SELECT to_regrole(%s)", (f'"{group}"',)).fetchone()[0]:
                connection.execute(
                    f'REVOKE ALL ON DATABASE {connection.info.dbname} FROM "{group}"'
                )
                connection.execute(f'DROP ROLE "{group}"')


def freeze_team_clock(url: str, when: str = NOW) -> None:
    """Stop a PostgreSQL team database's clock at ``when`` (``NOW``: the tests' PK_NOW), as its
    owner may (docs/team.md): members' events carry the team's clock, and a test's dates are
    worked out from PK_NOW."""
    from datetime import datetime

    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("DELETE FROM team_clock")
        connection.execute(
            "INSERT INTO team_clock VALUES (%s)", (int(datetime.fromisoformat(when).timestamp()),)
        )


@pytest.fixture
def server_roles(pg_server: str) -> Iterator[None]:
    """Login roles are the server's, not a database's: a test that creates or drops them (the
    team's alice, bob and lena; the team guide's people) holds this lock, so that a second
    test run against the same server never sees them half made or has them dropped under it.
    Its other tests keep to their own schema and run side by side."""
    import psycopg

    conninfo = pg_server.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(hashtext('pk tests: server roles'))")
        yield

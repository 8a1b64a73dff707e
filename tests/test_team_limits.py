"""Nobody can stall the team (docs/team.md, "Limits"): every command on PostgreSQL runs with a
lock timeout and a statement timeout, so a session holding a lock pk needs ends the blocked
command with one line, exit 3, nothing written — never an unbounded wait. On the real server."""

from __future__ import annotations

import pytest
from tests.conftest import Pk
from tests.helpers import run as _run

pytestmark = pytest.mark.postgres


def _admin(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.mark.parametrize(
    "args",
    [["add", "y", "--to", "Acme", "--by", "friday"], ["keep", "1"], ["due"]],
    ids=" ".join,
)
def test_a_table_locked_by_another_session_ends_the_command(
    pg_pk: Pk, pg_url: str, args: list[str]
) -> None:
    import psycopg

    pg_pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    before = pg_pk.ok("export").stdout
    with psycopg.connect(_admin(pg_url)) as holder:
        holder.execute("LOCK TABLE promise IN ACCESS EXCLUSIVE MODE")  # held until the block ends
        done = _run(pg_pk, *args, PK_DB_LOCK_TIMEOUT="0.5 s")
        holder.rollback()
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Waited too long"), done.stderr
    assert "db.lock_timeout" in lines[0] and "Traceback" not in done.stderr
    assert pg_pk.ok("export").stdout == before  # nothing written
    assert _run(pg_pk, *args).returncode == 0  # and it works once the lock is gone


def test_a_statement_timeout_ends_a_long_statement(pg_pk: Pk, pg_url: str) -> None:
    """The statement limit is the session's: shown by the server itself."""
    import psycopg

    pg_pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    with psycopg.connect(_admin(pg_url)) as holder:
        holder.execute("LOCK TABLE promise IN ACCESS EXCLUSIVE MODE")
        # A lock limit longer than the statement limit: the statement limit ends the wait.
        done = _run(pg_pk, "due", PK_DB_LOCK_TIMEOUT="60 s", PK_DB_STATEMENT_TIMEOUT="1 s")
        holder.rollback()
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith("Error: Waited too long: a statement ran longer than"), (
        done.stderr
    )


@pytest.mark.parametrize("value", ["0", "0.01 s", "abc", "-1", "2 hours", "inf"])
def test_bad_limits_are_refused(sqlite_pk: Pk, value: str) -> None:
    done = _run(sqlite_pk, "due", PK_DB_LOCK_TIMEOUT=value)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Error: db.lock_timeout takes a time such as"), done.stderr
    assert done.stderr.count("\n") == 1

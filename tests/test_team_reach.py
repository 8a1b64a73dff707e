"""What a team ran into: one customer from near spellings added at once on
PostgreSQL, a server that never answers, "cannot reach" told apart from "overdue", and --db
after the command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.test_reliability import Held, wait_for


@pytest.mark.slow
def test_a_silent_server_is_one_line_with_its_own_exit_code(sqlite_pk: Pk) -> None:
    """A server that takes the connection and never answers: pk stops waiting after
    PGCONNECT_TIMEOUT and exits 3, which cron can tell from 1 (overdue)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    port = listener.getsockname()[1]
    url = f"postgresql+psycopg://someone:secret@127.0.0.1:{port}/team"
    done = sqlite_pk.sh("due", "--fail-if-overdue", PK_DB=url, PGCONNECT_TIMEOUT="1")
    listener.close()
    assert done.exit_code == 3 and done.stdout == ""
    assert "did not answer within 1 s" in done.stderr and "secret" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "2026-11-20", "--force")
    assert sqlite_pk("due", "--fail-if-overdue").exit_code == 1  # overdue stays 1


def test_db_after_the_command_works(sqlite_pk: Pk, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--db", str(other))
    assert other.exists()
    assert "Quote" in sqlite_pk.ok("ls", "--db", str(other)).stdout
    assert "Quote" in sqlite_pk.ok(f"--db={other}", "ls").stdout
    assert "Quote" not in sqlite_pk.ok("ls").stdout  # the usual database is untouched


def _waiting_on_a_lock(url: str, name: str) -> bool:
    """Whether the session named ``name`` (PGAPPNAME) waits on the customer lock: only that
    one, so another test run on the same server cannot answer for it."""
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]
    with psycopg.connect(conninfo, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND query LIKE '%%pg_advisory_xact_lock%%' AND application_name = %s",
            (name,),
        ).fetchone()
    return bool(row and row[0])


@pytest.mark.parametrize("round_number", range(3))
def test_near_spellings_added_at_once_make_one_customer(
    pg_url: str, tmp_path: Path, round_number: int
) -> None:
    """One member's add is held just before it commits (with its new customer written); the
    other's, a near spelling, starts then. Whatever the machine's speed, the second can only
    decide once the first has committed, so it sees the first's customer: one customer."""
    pk = Pk(tmp_path, pg_url)
    pk.ok("db", "upgrade")  # the schema first: the held write is then the add itself
    env = {**os.environ, **pk.env}
    held = Held(tmp_path, f"first{round_number}")
    first = subprocess.Popen(
        [sys.executable, "-m", "promisekeeper", "add", "Quote", "--to", "Charlie Widgets",
         "--by", "friday"],
        env={**env, **held.env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    held.wait(first)
    name = f"pk-race-{os.getpid()}-{round_number}"
    second = subprocess.Popen(
        [sys.executable, "-m", "promisekeeper", "add", "Call", "--to", "Charlie-widgets",
         "--by", "friday"],
        env={**env, "PGAPPNAME": name}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    wait_for(
        lambda: second.poll() is not None or _waiting_on_a_lock(pg_url, name),
        "the second add to wait for the first",
    )
    held.release()
    _first_out, first_err = first.communicate(timeout=60)
    _out, err = second.communicate(timeout=60)
    assert first.returncode == 0, first_err
    customers = pk.ok("customer", "list", "-f", "json").json()
    assert [c["customer"] for c in customers] == ["Charlie Widgets"]
    assert second.returncode == 2 and 'looks like the existing customer "Charlie Widgets"' in err

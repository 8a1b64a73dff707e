"""The same commands on PostgreSQL give the same results as on SQLite (README, Where data lives).

Each test gets its own schema on the server named by PK_TEST_PG_URL (default: the local server).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from tests.conftest import Pk


@pytest.fixture
def pk(sqlite_pk: Pk) -> Pk:
    """These tests compare a SQLite database with PostgreSQL explicitly."""
    return sqlite_pk


pytestmark = pytest.mark.postgres

LATER = "2026-11-26T09:00:00+00:00"


def play(pk: Pk, **env: str) -> list[object]:
    """A small life of promises; returns every machine-readable view of it."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--tag", "sales", **env)
    pk.ok("add", "Credit note", "--to", "Hooli", "--by", "tomorrow", **env)
    pk.ok("add", "Old", "--to", "Hooli", "--by", "2026-11-20", "--made", "2026-11-16", **env)
    pk.ok("add", "Sam's", "--to", "Acme", "--by", "wednesday", "--owner", "sam", **env)
    pk.ok("slip", "2", "--by", "wednesday", "--reason", "queue", now=LATER, **env)
    pk.ok("keep", "1", now=LATER, **env)
    pk.ok("promise", "break", "3", "--reason", "gone", now=LATER, **env)
    pk.ok("promise", "note", "2", "called", "--contacted", now=LATER, **env)
    pk.ok("customer", "rename", "Hooli", "Hooli Inc", now=LATER, **env)
    near = pk("add", "x", "--to", "acme.", "--by", "friday", **env)
    assert near.exit_code == 2
    return [
        pk.ok("due", "--all", "-f", "json", now=LATER, **env).json(),
        pk.ok("ls", "--all", "--status", "all", "-f", "json", now=LATER, **env).json(),
        pk.ok("promise", "show", "2", "-f", "json", now=LATER, **env).json(),
        pk.ok("customer", "list", "-f", "json", now=LATER, **env).json(),
        pk.ok("due", now=LATER, **env).stdout,
        pk.ok("ls", "--tag", "sales", "--status", "all", "-f", "csv", now=LATER, **env).stdout,
    ]


def test_same_results_on_both_engines(pk: Pk, pg_url: str) -> None:
    on_sqlite = play(pk)
    on_postgres = play(pk, PK_DB=pg_url)
    assert on_postgres == on_sqlite
    assert pk.ok("db", "check", PK_DB=pg_url).stdout.endswith("ok\n")


def test_commands_leave_no_connection_open(pk: Pk, pg_url: str) -> None:
    """A finished command holds none of the server's max_connections slots.

    With a pooled engine each in-process command left a connection open until the garbage
    collector found it, and a full test run hit "too many clients already" in CI."""
    import gc
    import uuid

    import psycopg

    name = f"pk-test-{uuid.uuid4().hex[:12]}"  # this test's own connections (PGAPPNAME): a
    # second test run on the same server has its own

    def open_connections() -> int:
        with psycopg.connect(pg_url.replace("+psycopg", "").split("?")[0]) as admin:
            row = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (name,)
            ).fetchone()
            assert row is not None
            return int(row[0])

    pk.ok("add", "first", "--to", "Acme", "--by", "friday", PK_DB=pg_url, PGAPPNAME=name)
    gc.collect()
    gc.disable()  # nothing may depend on the collector closing connections
    try:
        before = open_connections()
        for n in range(5):
            pk.ok("add", f"p{n}", "--to", "Acme", "--by", "friday", PK_DB=pg_url, PGAPPNAME=name)
            pk.ok("due", PK_DB=pg_url, PGAPPNAME=name)
            pk.ok("report", "--month", PK_DB=pg_url, PGAPPNAME=name)
        after = open_connections()
    finally:
        gc.enable()
    assert after <= before


def test_connection_errors_hide_the_password(pk: Pk) -> None:
    url = "postgresql+psycopg://pk:s3cret-pw@127.0.0.1:1/nowhere"
    out = pk.sh("due", PK_DB=url)
    assert out.exit_code == 3  # cannot reach the database (docs/decisions.md)
    assert out.stderr.startswith("Error: Cannot connect to the database")
    assert "s3cret-pw" not in out.stderr + out.stdout
    assert (
        pk.ok("db", "path", PK_DB=url).stdout == "postgresql+psycopg://pk:***@127.0.0.1:1/nowhere\n"
    )


def test_export_restores_into_postgres_identically(pk: Pk, pg_url: str, tmp_path: Path) -> None:
    play(pk)
    exported = pk.ok("export").stdout
    source = tmp_path / "export.json"
    source.write_text(exported)
    pk.ok("import", str(source), PK_DB=pg_url)
    assert pk.ok("export", PK_DB=pg_url).stdout == exported
    after = pk.ok("add", "next", "--to", "Acme", "--by", "friday", PK_DB=pg_url)
    assert after.stdout.startswith("Promised #5 ")  # the sequence moved past restored ids


WORKER = """
import sys
from promisekeeper.service import promises as service
from promisekeeper.config import load_settings
settings = load_settings()
worker, rounds = int(sys.argv[1]), int(sys.argv[2])
for i in range(rounds):
    service.add_promise(settings, what=f"w{worker}-{i}", customer="New Customer", by="friday")
    service.reschedule(settings, 1, by="+%dd" % (worker * 100 + i + 5), reason=None,
                       customer_asked=False)
"""


def test_concurrent_writers_on_postgres(pk: Pk, pg_url: str) -> None:
    import os

    from tests.test_store import run_parallel

    # First use of an empty schema by 8 processes at once: one schema, no error.
    env = {**os.environ, **pk.env, "PK_DB": pg_url}
    first = [
        f"import runpy, sys; sys.argv = ['pk', 'add', 'p{n}', '--to', 'Acme', '--by', 'friday'];"
        " runpy.run_module('promisekeeper', run_name='__main__')"
        for n in range(8)
    ]
    results = run_parallel(first, env)
    assert [r.returncode for r in results] == [0] * 8, [r.stderr[-300:] for r in results]

    # 8 processes, each adding promises for one new customer and rescheduling promise 1.
    scripts = [f"import sys; sys.argv = ['w', '{n}', '15']\n{WORKER}" for n in range(8)]
    results = run_parallel(scripts, env)
    assert [r.returncode for r in results] == [0] * 8, [r.stderr[-300:] for r in results]

    promises = pk.ok("ls", "--all", "--status", "all", "-f", "json", PK_DB=pg_url).json()
    assert len(promises) == 8 + 8 * 15
    assert len({p["what"] for p in promises}) == len(promises)
    customers = pk.ok("customer", "list", "-f", "json", PK_DB=pg_url).json()
    assert [c["customer"] for c in customers] == ["Acme", "New Customer"]
    shown = pk.ok("promise", "show", "1", "-f", "json", PK_DB=pg_url).json()
    reschedules = [e for e in shown["history"] if e["kind"] == "rescheduled"]
    assert len(reschedules) == 8 * 15
    # Every reschedule read the due date the previous one wrote: the history is a chain.
    for before, after in itertools.pairwise(reschedules):
        assert after["from"] == before["to"]
    assert shown["slips"] == sum(1 for e in reschedules if e["slip"])
    # every event in the chain, in the order the writers committed, none lost or doubled
    verified = pk.ok("db", "verify", "-f", "json", PK_DB=pg_url).json()
    assert (verified["events"], verified["intact"]) == (8 + 2 * 8 * 15, True)


@pytest.mark.parametrize(
    ("url", "code", "message"),
    [
        (
            "postgresql+psycopg://postgres@127.0.0.1:5432/pk_no_such_db",
            3,
            'database "pk_no_such_db" does not exist',
        ),
        (
            "postgresql+psycopg://pk_nobody:hunter2@127.0.0.1:5432/test",
            3,
            'role "pk_nobody" does not exist',
        ),
        (
            "postgresql+pg8000://postgres:hunter2@127.0.0.1/test",
            2,
            "The database driver pg8000 is not the one pk uses: pk connects with psycopg 3",
        ),
        ("mysql://me:hunter2@db/promises", 2, '"mysql://me:***@db/promises" is neither'),
    ],
)
def test_connection_problems_are_one_clear_line(
    pk: Pk, pg_server: str, url: str, code: int, message: str
) -> None:
    out = pk.sh("due", PK_DB=url)
    assert out.exit_code == code
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("Error: ")
    assert message in out.stderr and "hunter2" not in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
def test_lost_connection_mid_import_writes_nothing(pk: Pk, pg_url: str, tmp_path: Path) -> None:
    """The server ends the import's connection with every row written and the commit not yet
    sent (the hold hook stops the import exactly there, on any machine): one line, nothing
    written. A round left alone commits everything."""
    import os
    import subprocess
    import sys
    import time
    import uuid

    import psycopg

    rows = 2000
    own_name = f"pk_lost_{uuid.uuid4().hex[:12]}"  # another test run's import is not this one
    url = f"{pg_url}&application_name={own_name}"
    pk.ok("due", PK_DB=url)  # schema in place, so the import is the only thing running
    conninfo = pg_url.split("?")[0].replace("postgresql+psycopg://", "postgresql://", 1)
    outcomes = []
    for round_number, terminate in enumerate((True, False, True, True)):
        source = tmp_path / f"big{round_number}.csv"
        source.write_text(
            "what,customer,due_at\n"
            + "".join(
                f"round {round_number} row {i},Customer {i % 50},2026-12-01\n" for i in range(rows)
            )
        )
        hold = tmp_path / f"hold{round_number}"
        process = subprocess.Popen(
            [sys.executable, "-m", "promisekeeper", "import", str(source), "--new-customer"],
            env={**os.environ, **pk.env, "PK_DB": url, "PK_TEST_HOLD": str(hold)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(60_000):  # wait on progress: the import reaching its commit
            if Path(f"{hold}.held").exists() or process.poll() is not None:
                break
            time.sleep(0.01)
        assert Path(f"{hold}.held").exists(), process.communicate()
        killed = 0
        if terminate:
            with psycopg.connect(conninfo, autocommit=True) as admin:
                killed = admin.execute(
                    "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE application_name = %s",
                    (own_name,),
                ).fetchone()[0]  # type: ignore[index]
        Path(f"{hold}.go").touch()
        _out, err = process.communicate(timeout=600)
        found = pk.ok("ls", "--all", "--status", "all", "-f", "json", PK_DB=pg_url).json()
        count = sum(1 for p in found if p["what"].startswith(f"round {round_number} "))
        if terminate:
            assert killed == 1
            # a lost server is a database pk cannot reach: exit 3 (docs/decisions.md)
            assert process.returncode == 3 and err.count("\n") == 1, err
            assert "Traceback" not in err and count == 0
        else:
            assert process.returncode == 0 and count == rows, err
        outcomes.append((killed, process.returncode, count))
    assert [o[2] for o in outcomes] == [0, rows, 0, 0]

"""Storage: private files, one schema under concurrent first runs, no lost writes between
processes, schema versions, backups and checks (docs/reliability.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import one_line, run

from promisekeeper.store.schema import HEAD


@pytest.fixture
def pk(sqlite_pk: Pk) -> Pk:
    """These tests are about the SQLite file itself."""
    return sqlite_pk


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_database_is_private_whatever_the_umask(pk: Pk, tmp_path: Path) -> None:
    data_home = tmp_path / "xdg"
    env = {**os.environ, **pk.env, "XDG_DATA_HOME": str(data_home)}
    env.pop("PK_DB")
    code = (
        "import os, runpy; os.umask(0o022); runpy.run_module('promisekeeper', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "add", "x", "--to", "Acme", "--by", "friday"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    folder = data_home / "promisekeeper"
    assert mode(folder) == 0o700
    assert mode(folder / "pk.db") == 0o600
    # WAL and shared-memory files take the database's mode.
    connection = sqlite3.connect(folder / "pk.db")
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE promise SET what = what")
    assert mode(folder / "pk.db-wal") == 0o600
    assert mode(folder / "pk.db-shm") == 0o600
    connection.rollback()
    connection.close()


def test_wal_and_pragmas(pk: Pk) -> None:
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    connection = sqlite3.connect(pk.db)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def run_parallel(scripts: list[str], env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script in scripts
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


@pytest.mark.slow
def test_concurrent_first_runs_create_the_schema_once(pk: Pk) -> None:
    env = {**os.environ, **pk.env}
    start = "import runpy, sys; sys.argv = ['pk'] + sys.argv[1:]"
    scripts = [
        f"{start}; sys.argv = ['pk', 'add', 'p{i}', '--to', 'Acme', '--by', 'friday']; "
        "runpy.run_module('promisekeeper', run_name='__main__')"
        for i in range(8)
    ]
    results = run_parallel(scripts, env)
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    connection = sqlite3.connect(pk.db)
    assert connection.execute("SELECT COUNT(*) FROM promise").fetchone()[0] == 8
    assert connection.execute("SELECT COUNT(*) FROM customer").fetchone()[0] == 1
    assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    connection.close()


@pytest.mark.slow
def test_concurrent_read_modify_write_loses_nothing(pk: Pk) -> None:
    pk.ok("add", "shared", "--to", "Acme", "--by", "friday")
    env = {**os.environ, **pk.env}
    worker = textwrap.dedent("""
        import sys
        from promisekeeper.service import promises as service
        from promisekeeper.config import load_settings
        settings = load_settings()
        worker = int(sys.argv[1])
        for i in range(25):
            service.add_promise(settings, what=f"w{worker}-{i}", customer="Acme", by="friday")
            # Read-modify-write of one shared row: each call reads the current due date and
            # counters and writes new ones.
            service.reschedule(settings, 1, by="+%dd" % (worker * 100 + i + 5), reason=None,
                               customer_asked=False)
    """)
    scripts = [f"import sys; sys.argv = ['w', '{n}']\n{worker}" for n in range(8)]
    results = run_parallel(scripts, env)
    assert [r.returncode for r in results] == [0] * 8, [r.stderr[-500:] for r in results]
    connection = sqlite3.connect(pk.db)
    assert connection.execute("SELECT COUNT(*) FROM promise").fetchone()[0] == 1 + 8 * 25
    events = connection.execute(
        "SELECT COUNT(*) FROM event WHERE promise_id = 1 AND kind = 'rescheduled'"
    ).fetchone()[0]
    slips = connection.execute("SELECT slips, version FROM promise WHERE id = 1").fetchone()
    assert events == 200
    # Every reschedule was applied on top of the previous one: the counters saw all 200.
    assert slips[1] == 1 + 200
    distinct = connection.execute("SELECT COUNT(DISTINCT what) FROM promise").fetchone()[0]
    assert distinct == 201
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    # every event in the chain, each after the one committed before it
    assert pk.ok("db", "verify").stdout.startswith("401 events, chain intact, head ")


def test_newer_schema_is_refused_and_left_alone(pk: Pk) -> None:
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    connection = sqlite3.connect(pk.db)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = pk.db.read_bytes()
    out = pk.sh("due")
    assert out.exit_code == 1
    assert out.stderr == (
        "Error: This database was written by a newer pk (schema 9999; this pk knows up to "
        f"{HEAD}). Upgrade pk; the database was left untouched.\n"
    )
    assert pk.db.read_bytes() == before


def test_foreign_sqlite_database_is_refused(pk: Pk) -> None:
    connection = sqlite3.connect(pk.db)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.commit()
    connection.close()
    out = pk.sh("due")
    assert out.exit_code == 1 and "not a pk database" in out.stderr


def test_db_path_check_and_backup(pk: Pk, tmp_path: Path) -> None:
    assert pk.ok("db", "path").stdout == f"{pk.db}\n"
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    check = pk.ok("db", "check")
    assert check.stdout.endswith("ok\n") and "promises: 1" in check.stdout
    target = tmp_path / "copy.db"
    pk.ok("db", "backup", str(target))
    assert mode(target) == 0o600
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT what FROM promise").fetchall() == [("x",)]
    copy.close()
    again = pk("db", "backup", str(target))
    assert again.exit_code == 2 and "already exists" in again.stderr
    too_long = pk("db", "backup", str(tmp_path / ("x" * 300)))  # found by hypothesis
    assert too_long.exit_code == 2
    assert too_long.stderr.endswith("for the backup: File name too long.\n")
    default = pk.ok("db", "backup")
    assert "backups/pk-20261123-090000.db" in default.stdout
    assert pk.ok("db", "upgrade").stdout == f"Schema is up to date ({HEAD}).\n"


def test_db_check_finds_broken_references(pk: Pk) -> None:
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    connection = sqlite3.connect(pk.db)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("UPDATE promise SET customer_id = 42")
    connection.commit()
    connection.close()
    out = pk("db", "check")
    assert out.exit_code == 1 and "points at a missing customer" in out.stderr


def test_ids_survive_deletion_of_the_last_row(pk: Pk) -> None:
    pk.ok("add", "a", "--to", "Acme", "--by", "friday")
    pk.ok("promise", "delete", "1", "--yes")
    pk.ok("add", "b", "--to", "Acme", "--by", "friday")
    assert pk.ok("ls", "-f", "json").json()[0]["id"] == 2


def test_a_status_filter_is_written_into_the_sql_and_only_a_known_one() -> None:
    """The condition is part of the SQL text, written as the partial indexes are (so SQLite can
    count active promises from their index alone), never a value a caller supplies unchecked."""
    from promisekeeper.store.queries import PromiseFilter

    clause, params = PromiseFilter(owner="ann", status="open").where()
    assert "p.closed_at IS NULL" in clause and "status" not in params
    clause, params = PromiseFilter(owner="ann", status="kept").where()
    assert "p.status = 'kept'" in clause and "status" not in params
    with pytest.raises(ValueError, match="unknown status"):
        PromiseFilter(status="open' OR 1=1 --").where()


def test_read_only_place_sees_every_committed_write(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    pk.ok("add", "first", "--to", "Acme", "--by", "friday")
    holder = sqlite3.connect(pk.db)  # another process keeps the database (and its log) open
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("SELECT COUNT(*) FROM promise").fetchone()
    pk.ok("add", "acknowledged", "--to", "Acme", "--by", "friday")
    assert Path(f"{pk.db}-wal").stat().st_size > 0  # the second promise is in the log only
    mounted = tmp_path / "read-only"
    mounted.mkdir()
    if subprocess.run(["mount", "--bind", str(pk.home), str(mounted)]).returncode:
        pytest.skip("cannot make a read-only bind mount here (needs mount privileges)")
    backup = tmp_path / "copy.db"
    try:
        assert subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)]).returncode == 0
        there = str(mounted / "pk.db")
        listed = run(pk, "ls", "-f", "json", PK_DB=there)
        exported = run(pk, "export", PK_DB=there)
        checked = run(pk, "db", "check", PK_DB=there)
        backed_up = run(pk, "db", "backup", str(backup), PK_DB=there)
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
        holder.close()
    assert [p["what"] for p in json.loads(listed.stdout)] == ["first", "acknowledged"]
    assert '"what": "acknowledged"' in exported.stdout
    assert checked.returncode == 0 and "promises: 2" in checked.stdout
    assert backed_up.returncode == 0, backed_up.stderr
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT COUNT(*) FROM promise").fetchone()[0] == 2


def test_read_only_place_refuses_a_log_it_cannot_read(sqlite_pk: Pk, tmp_path: Path) -> None:
    """A write-ahead log with content but no index file beside it (left by a crash) cannot be
    read where nothing may be created: pk says so instead of showing the older main file."""
    pk = sqlite_pk
    pk.ok("add", "first", "--to", "Acme", "--by", "friday")
    holder = sqlite3.connect(pk.db)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("SELECT COUNT(*) FROM promise").fetchone()
    pk.ok("add", "only in the log", "--to", "Acme", "--by", "friday")
    copy = tmp_path / "copy"
    copy.mkdir()
    for suffix in ("", "-wal"):  # as a crash leaves them: no -shm
        (copy / f"pk.db{suffix}").write_bytes(Path(f"{pk.db}{suffix}").read_bytes())
    holder.close()
    mounted = tmp_path / "read-only"
    mounted.mkdir()
    if subprocess.run(["mount", "--bind", str(copy), str(mounted)]).returncode:
        pytest.skip("cannot make a read-only bind mount here (needs mount privileges)")
    try:
        assert subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)]).returncode == 0
        listed = run(pk, "ls", PK_DB=str(mounted / "pk.db"))
        backed_up = run(pk, "db", "backup", str(tmp_path / "b.db"), PK_DB=str(mounted / "pk.db"))
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
    one_line(listed, 1, "holds changes that cannot be read")
    one_line(backed_up, 1, "holds changes that cannot be read")
    assert not (tmp_path / "b.db").exists()

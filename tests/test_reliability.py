"""The failure modes of docs/reliability.md, as real processes, with the figures measured.

Each test records its figures (``record``); ``make reliability`` runs this file and prints them,
and docs/reliability.md shows a run. Every test fails without the mechanism it checks (BEGIN
IMMEDIATE and busy timeouts, one locked schema creation, transactions around multi-row work,
private file modes, one-line errors on full disks).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Pk

from promisekeeper.store.schema import HEAD

pytestmark = pytest.mark.slow
FIGURES: dict[str, Any] = {}


@pytest.fixture
def pk(sqlite_pk: Pk) -> Pk:
    """SQLite files: what can go wrong with a file is what this battery is about."""
    return sqlite_pk


@pytest.fixture(scope="module", autouse=True)
def report_figures() -> Iterator[None]:
    yield
    target = os.environ.get("PK_RELIABILITY_OUT")
    if target and FIGURES:
        Path(target).write_text(json.dumps(FIGURES, indent=2) + "\n")


def record(name: str, **figures: Any) -> None:
    FIGURES[name] = figures


# A process that runs the real CLI in a loop and prints each acknowledgement as it happens.
CLI_LOOP = """
import sys
from typer.main import get_command
from promisekeeper.cli import app
sys.stdout.reconfigure(line_buffering=True)
cli = get_command(app)
for args in (line.split("\\t") for line in sys.argv[1:]):
    code = cli.main(args, standalone_mode=False)
    if code:
        sys.exit(code)
"""


# Writers wait for each other's lock as long as it takes: a crowded machine makes them slower,
# never wrong, so the tests below wait on progress instead of on the machine's speed.
PATIENT = {"PK_BUSY_TIMEOUT_MS": "600000"}


def cli_loop(
    pk: Pk, commands: list[list[str]], env: dict[str, str] | None = None, **popen: Any
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI_LOOP, *("\t".join(c) for c in commands)],
        env={**os.environ, **pk.env, **PATIENT, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def wait_for(condition: Any, what: str, attempts: int = 60_000) -> None:
    """Wait until ``condition()`` holds, checking every 10 ms; fail (naming ``what``) only when
    nothing happened for a very long time, which means a hang, not a slow machine."""
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"gave up waiting: {what}")


class Held:
    """A pk process held just before it commits (the ``PK_TEST_HOLD`` hook of ``store``)."""

    def __init__(self, folder: Path, name: str) -> None:
        self.base = folder / name
        self.env = {"PK_TEST_HOLD": str(self.base)}

    def wait(self, process: subprocess.Popen[str]) -> None:
        wait_for(
            lambda: Path(f"{self.base}.held").exists() or process.poll() is not None,
            "the write to reach its commit",
        )
        assert Path(f"{self.base}.held").exists(), process.communicate()

    def release(self) -> None:
        Path(f"{self.base}.go").touch()

    def settle(self, process: subprocess.Popen[str], *, kill: bool) -> None:
        """Once held: kill the process there, or let it commit; then wait for it to end."""
        self.wait(process)
        if kill:
            process.send_signal(signal.SIGKILL)
        else:
            self.release()
        process.communicate()


class Acknowledgements:
    """Reads a writer's acknowledgements as they are printed (a thread per writer)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        import threading

        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line)


def database(pk: Pk) -> sqlite3.Connection:
    return sqlite3.connect(pk.db)


def integrity(pk: Pk) -> str:
    with database(pk) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


ADDED = re.compile(r"^Promised #(\d+) to \S+ — (\S+)$", re.MULTILINE)


# --- concurrency -------------------------------------------------------------------------------


def test_eight_processes_add_1600_promises(pk: Pk) -> None:
    pk.ok("add", "seed", "--to", "Acme", "--by", "friday")
    started = time.monotonic()
    workers = [
        cli_loop(pk, [["add", f"w{n}-{i}", "--to", "Acme", "--by", "friday"] for i in range(200)])
        for n in range(8)
    ]
    outputs = [w.communicate(timeout=600) for w in workers]
    elapsed = time.monotonic() - started
    assert [w.returncode for w in workers] == [0] * 8, [err[-300:] for _out, err in outputs]
    acknowledged = [m for out, _err in outputs for m in ADDED.findall(out)]
    assert len(acknowledged) == 1600
    with database(pk) as connection:
        stored = dict(connection.execute("SELECT id, what FROM promise WHERE what <> 'seed'"))
    assert {int(i): w for i, w in acknowledged} == stored
    assert not any("locked" in err for _out, err in outputs)
    assert integrity(pk) == "ok"
    record(
        "8 processes x 200 `pk add`",
        acknowledged=1600,
        stored=len(stored),
        lost=0,
        seconds=round(elapsed, 1),
    )


def test_eight_processes_reschedule_the_same_promises(pk: Pk) -> None:
    for n in range(4):
        pk.ok("add", f"shared {n}", "--to", "Acme", "--by", "friday")
    workers = [
        cli_loop(
            pk, [["slip", str(1 + (i + n) % 4), "--by", f"+{10 + n * 40 + i}d"] for i in range(25)]
        )
        for n in range(8)
    ]
    outputs = [w.communicate(timeout=600) for w in workers]
    assert [w.returncode for w in workers] == [0] * 8, [err[-300:] for _out, err in outputs]
    with database(pk) as connection:
        events = connection.execute(
            "SELECT promise_id, data FROM event WHERE kind = 'rescheduled' ORDER BY id"
        ).fetchall()
        counters = dict(connection.execute("SELECT id, version FROM promise"))
    assert len(events) == 200
    # Per promise, each reschedule starts from the date the previous one set: none was lost or
    # applied twice, and the version counter saw every one.
    for promise_id in range(1, 5):
        chain = [json.loads(d) for p, d in events if p == promise_id]
        assert all(b["from"] == a["to"] for a, b in itertools.pairwise(chain))
        assert counters[promise_id] == 1 + len(chain)
    record(
        "8 processes x 25 reschedules of 4 shared promises",
        events=200,
        lost=0,
        duplicated=0,
        locked_errors=0,
    )


def test_eight_simultaneous_first_runs(pk: Pk) -> None:
    workers = [
        cli_loop(pk, [["add", f"first {n}", "--to", "Acme", "--by", "friday"]]) for n in range(8)
    ]
    outputs = [w.communicate(timeout=120) for w in workers]
    assert [w.returncode for w in workers] == [0] * 8, [err[-300:] for _out, err in outputs]
    with database(pk) as connection:
        assert connection.execute("SELECT COUNT(*) FROM promise").fetchone()[0] == 8
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    record("8 simultaneous first runs", errors=0, schemas=1)


# --- crash safety ------------------------------------------------------------------------------


def test_sigkill_loses_no_acknowledged_write(pk: Pk, tmp_path: Path) -> None:
    pk.ok("add", "seed", "--to", "Acme", "--by", "friday")
    rng = random.Random(20261123)
    rounds, acknowledged_total = 30, 0
    for round_number in range(rounds):
        writers = [
            cli_loop(
                pk,
                [
                    ["add", f"r{round_number}w{n}-{i}", "--to", "Acme", "--by", "friday"]
                    for i in range(400)
                ],
            )
            for n in range(3)
        ]
        readers = [Acknowledgements(w) for w in writers]
        # Kill after a random amount of progress (not of time): as many acknowledgements as
        # the round drew, whatever the machine's speed.
        wanted = rng.randint(3, 40)

        def progressed(
            readers: list[Acknowledgements] = readers,
            writers: list[subprocess.Popen[str]] = writers,
            wanted: int = wanted,
        ) -> bool:
            done = all(w.poll() is not None for w in writers)
            return sum(len(r.lines) for r in readers) >= wanted or done

        wait_for(progressed, "the writers to make progress")
        for writer in writers:
            writer.send_signal(signal.SIGKILL)
        acknowledged = []
        for writer, reader in zip(writers, readers, strict=True):
            writer.wait()
            reader.thread.join()
            acknowledged += [(int(i), w) for i, w in ADDED.findall("".join(reader.lines))]
        acknowledged_total += len(acknowledged)
        with database(pk) as connection:
            for promise_id, what in acknowledged:
                row = connection.execute(
                    "SELECT p.what, COUNT(e.id) FROM promise p JOIN event e ON e.promise_id = p.id"
                    " WHERE p.id = ? AND e.kind = 'created' GROUP BY p.what",
                    (promise_id,),
                ).fetchone()
                assert row == (what, 1), f"round {round_number}: #{promise_id} lost"
        assert integrity(pk) == "ok"
    assert acknowledged_total > 100, "the writers never got going; the test proves nothing"
    record(
        "SIGKILL of 3 writers at random moments",
        rounds=rounds,
        acknowledged_writes=acknowledged_total,
        lost=0,
    )


def test_killed_imports_and_merges_are_all_or_nothing(pk: Pk, tmp_path: Path) -> None:
    """Every other round is killed at the worst moment: all its rows written, not yet committed
    (the hold hook puts the kill there, on any machine); the others commit."""
    rows = 300
    outcomes = {"import": {0: 0, rows: 0}, "merge": {"before": 0, "after": 0}}
    pk.ok("add", "seed", "--to", "Target", "--by", "friday")
    for round_number in range(12):
        kill = round_number % 2 == 0
        source = tmp_path / f"import{round_number}.csv"
        source.write_text(
            "what,customer,due_at\n"
            + "".join(
                f"imp{round_number}-{i},Importer {round_number},2026-12-01\n" for i in range(rows)
            )
        )
        held = Held(tmp_path, f"import{round_number}")
        process = cli_loop(pk, [["import", str(source), "--new-customer"]], held.env)
        held.settle(process, kill=kill)
        with database(pk) as connection:
            count = connection.execute(
                "SELECT COUNT(*) FROM promise WHERE what LIKE ?", (f"imp{round_number}-%",)
            ).fetchone()[0]
        assert count == (0 if kill else rows), f"import round {round_number}: {count} rows"
        outcomes["import"][count] += 1
        if count:
            held = Held(tmp_path, f"merge{round_number}")
            process = cli_loop(
                pk, [["customer", "merge", f"Importer {round_number}", "Target"]], held.env
            )
            kill_merge = round_number % 4 == 1
            held.settle(process, kill=kill_merge)
            with database(pk) as connection:
                left = connection.execute(
                    "SELECT COUNT(*) FROM promise p JOIN customer c ON c.id = p.customer_id"
                    " WHERE c.name = ?",
                    (f"Importer {round_number}",),
                ).fetchone()[0]
                edits = connection.execute(
                    "SELECT COUNT(*) FROM event e JOIN promise p ON p.id = e.promise_id"
                    " WHERE e.kind = 'edited' AND p.what LIKE ?",
                    (f"imp{round_number}-%",),
                ).fetchone()[0]
            assert (left, edits) == ((rows, 0) if kill_merge else (0, rows)), round_number
            outcomes["merge"]["before" if left else "after"] += 1
        assert integrity(pk) == "ok"
    assert outcomes["import"] == {0: 6, rows: 6} and outcomes["merge"] == {"before": 3, "after": 3}
    record(
        "SIGKILL during `pk import` (300 rows) and `pk customer merge`",
        imports_killed_before_commit=outcomes["import"][0],
        imports_completed=outcomes["import"][rows],
        merges_killed_before_commit=outcomes["merge"]["before"],
        merges_completed=outcomes["merge"]["after"],
        partial=0,
    )


def test_killed_first_run_leaves_a_usable_database(pk: Pk, tmp_path: Path) -> None:
    rng = random.Random(3)
    for round_number in range(10):
        path = tmp_path / f"fresh{round_number}.db"
        process = subprocess.Popen(
            [sys.executable, "-m", "promisekeeper", "add", "x", "--to", "Acme", "--by", "friday"],
            env={**os.environ, **pk.env, "PK_DB": str(path)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = pk("due", PK_DB=str(path))
        assert after.exit_code == 0, after.stderr
        with sqlite3.connect(path) as connection:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert {"customer", "promise", "event", "alembic_version"} <= tables
    record("SIGKILL during schema creation", rounds=10, unusable=0)


# --- files -------------------------------------------------------------------------------------


def test_backup_while_writers_run(pk: Pk, tmp_path: Path) -> None:
    pk.ok("add", "seed", "--to", "Acme", "--by", "friday")
    writers = [
        cli_loop(pk, [["add", f"b{n}-{i}", "--to", "Acme", "--by", "friday"] for i in range(150)])
        for n in range(3)
    ]
    backups = []
    for number in range(5):
        time.sleep(0.4)
        target = tmp_path / f"backup{number}.db"
        pk.ok("db", "backup", str(target), **PATIENT)
        backups.append(target)
    for writer in writers:
        writer.communicate(timeout=600)
    counts = []
    for target in backups:
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        with sqlite3.connect(target) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counts.append(connection.execute("SELECT COUNT(*) FROM promise").fetchone()[0])
    assert counts == sorted(counts)
    record(
        "`pk db backup` while 3 writers run",
        backups=5,
        passed_integrity_check=5,
        promises_in_backups=counts,
    )


def run_limited(
    pk: Pk, args: list[str], max_bytes: int, **env: str
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run(
        [sys.executable, "-m", "promisekeeper", *args],
        env={**os.environ, **pk.env, **env},
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=60,
    )


def test_full_disk_for_the_database(pk: Pk) -> None:
    pk.ok("add", "seed", "--to", "Acme", "--by", "friday")
    size = pk.db.stat().st_size
    failures = None
    kept = 1
    for _attempt in range(60):
        done = run_limited(
            pk, ["add", "x" * 4000, "--to", "Acme", "--by", "friday", "--again"], size
        )
        if done.returncode:
            failures = done
            break
        kept += 1
    assert failures is not None, "the size limit never bit"
    assert failures.returncode == 1 and failures.stderr.count("\n") == 1
    assert "could not be written" in failures.stderr and "Traceback" not in failures.stderr
    assert integrity(pk) == "ok"
    with database(pk) as connection:
        assert connection.execute("SELECT COUNT(*) FROM promise").fetchone()[0] == kept
    record(
        "database file size limit (RLIMIT_FSIZE)",
        writes_before_full=kept - 1,
        message=failures.stderr.strip(),
        committed_rows_intact=kept,
    )


def test_full_disk_for_exports(pk: Pk, tmp_path: Path) -> None:
    for n in range(30):
        pk.ok("add", f"promise {n} " + "y" * 3000, "--to", "Acme", "--by", "friday")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "promisekeeper", "export"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **pk.env},
        )
    assert done.returncode == 1
    assert done.stderr == "Error: Cannot write the output: No space left on device.\n"
    target = tmp_path / "export.json"
    # Above SQLite's 32 KiB shared-memory file, below the ~100 KB export.
    limited = run_limited(pk, ["export", "--out", str(target)], 40_000)
    assert limited.returncode == 1 and "Cannot write" in limited.stderr
    assert limited.stderr.count("\n") == 1
    assert not target.exists() and list(tmp_path.glob(".*.tmp")) == []
    record(
        "export to a full disk (/dev/full, RLIMIT_FSIZE)",
        message=done.stderr.strip(),
        partial_files_left=0,
    )


def test_read_only_database(pk: Pk, tmp_path: Path) -> None:
    pk.ok("add", "seed", "--to", "Acme", "--by", "friday")
    before = pk.db.read_bytes()
    mounted = tmp_path / "read-only"
    mounted.mkdir()
    bind = subprocess.run(["mount", "--bind", str(pk.home), str(mounted)], capture_output=True)
    if bind.returncode:
        pytest.skip("cannot make a read-only bind mount here (needs mount privileges)")
    try:
        remount = subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)])
        assert remount.returncode == 0
        results = {
            name: pk.sh(*args, PK_DB=str(mounted / "pk.db"))
            for name, args in (
                ("add", ["add", "x", "--to", "Acme", "--by", "friday"]),
                ("keep", ["keep", "1"]),
                ("due", ["due"]),
            )
        }
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
    for name in ("add", "keep"):
        done = results[name]
        assert done.exit_code == 1 and done.stderr.count("\n") == 1, (name, done.stderr)
        assert "read-only" in done.stderr and "Traceback" not in done.stderr
    due = results["due"]
    assert due.exit_code == 0 or (due.exit_code == 1 and due.stderr.count("\n") == 1)
    assert pk.db.read_bytes() == before
    record(
        "database on a read-only file system",
        message=results["add"].stderr.strip(),
        changed=False,
        reads=("work" if due.exit_code == 0 else due.stderr.strip()),
    )


def test_corruption_is_reported_and_left_alone(pk: Pk) -> None:
    for n in range(200):
        pk.ok("add", f"promise {n} " + "z" * 300, "--to", "Acme", "--by", "friday")
    size = pk.db.stat().st_size
    with open(pk.db, "r+b") as handle:  # damage pages in the middle, not the header
        handle.seek(size // 2)
        handle.write(os.urandom(8192))
    check = pk.sh("db", "check")
    assert check.exit_code == 1 and "Traceback" not in check.stderr
    assert "problem:" in check.stderr or "damaged" in check.stderr
    # Other commands may still work where they do not touch the damaged pages (finding damage
    # means reading the whole file, which `pk db check` does); where they do, they fail with one
    # line and change nothing.
    for args in (
        ["ls", "--all"],
        ["report", "--all"],
        ["add", "x", "--to", "Acme", "--by", "friday"],
    ):
        before = pk.db.read_bytes()
        out = pk.sh(*args)
        assert "Traceback" not in out.stderr
        if out.exit_code:
            assert out.stderr.count("\n") == 1 and out.stderr.startswith("Error: ")
            assert pk.db.read_bytes() == before
    record(
        "damaged pages in the database",
        db_check_exit=check.exit_code,
        first_line=(check.stderr or check.stdout).splitlines()[0],
    )


def test_killed_upgrade_is_all_or_nothing(pk: Pk, tmp_path: Path) -> None:
    """Every other upgrade is killed with the whole migration done and not yet committed (the
    hold hook stops it there); the rest are let go."""
    import shutil

    fixture = Path(__file__).parent / "fixtures" / "schema-0001.db"
    with sqlite3.connect(fixture) as original:
        rows = original.execute("SELECT * FROM event ORDER BY id").fetchall()
    outcomes = {"0001": 0, HEAD: 0}
    for round_number in range(10):
        kill = round_number % 2 == 0
        path = pk.home / f"upgrade{round_number}.db"
        shutil.copy(fixture, path)
        held = Held(tmp_path, f"upgrade{round_number}")
        process = subprocess.Popen(
            [sys.executable, "-m", "promisekeeper", "due"],
            env={**os.environ, **pk.env, **held.env, "PK_DB": str(path)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        held.settle(process, kill=kill)
        with sqlite3.connect(path) as connection:
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            kept = connection.execute("SELECT * FROM event ORDER BY id").fetchall()
            assert [r[: len(rows[0])] for r in kept] == rows  # later columns are new
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert version == ("0001" if kill else HEAD), round_number
        outcomes[version] += 1
        assert pk("due", PK_DB=str(path)).exit_code == 0  # and it finishes the upgrade later
    assert outcomes == {"0001": 5, HEAD: 5}
    record(
        f"SIGKILL during the 0001 → {HEAD} upgrade",
        rounds=10,
        killed_before_commit=outcomes["0001"],
        completed=outcomes[HEAD],
        partial=0,
    )

"""Time pk as a user runs it, at 1k to 1M promises, beside Taskwarrior; write BENCHMARKS.md.

    make bench                                  # everything (about 40 minutes)
    python benchmarks/run.py --sizes 1000,10000 --pg-sizes "" --runs 5   # a quick look

Each command runs as a separate process (the installed ``pk`` script), once to warm up and then
``--runs`` times; the table shows the median wall time and the peak RSS of the child (os.wait4).
Taskwarrior (Debian package ``taskwarrior``) runs alternately with pk when ``task`` is installed.
Databases are generated once under benchmarks/data/ and reused (delete it to regenerate).
pk's own modules are byte-compiled first, as ``pip install`` does for a user: with
PYTHONDONTWRITEBYTECODE set (as on some CI machines) every run would otherwise recompile them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from generate import NOW  # noqa: E402

BIN = Path(sys.executable).parent
PK = str(BIN / "pk")
USER = "owner-01"
# In every promise a run adds: the data is generated once and kept, and pk refuses the same
# promise made twice the same day (an earlier run's, or another part's of this run).
RUN = str(int(time.time()))
PG_ADMIN = os.environ.get("PK_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Timing:
    seconds: float
    peak_mb: float


def run_once(
    argv: list[str], env: dict[str, str], *, terminal: bool = False
) -> tuple[float, float, int]:
    """Run once; wall seconds, peak RSS in MB, exit code. posix_spawn, unlike fork, does not
    copy this process's memory into the child, so the child's peak RSS is its own. Output goes
    to /dev/null, or with ``terminal`` to a pseudo-terminal of 100 × 40 (read as it comes)."""
    import tempfile
    import threading

    program = argv[0] if os.sep in argv[0] else shutil.which(argv[0]) or argv[0]
    with tempfile.TemporaryFile() as errors:
        actions: list[tuple[Any, ...]] = [
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, errors.fileno(), 2),
        ]
        reader = None
        if terminal:
            import fcntl
            import pty
            import struct
            import termios

            leader, follower = pty.openpty()
            fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
            actions = [(os.POSIX_SPAWN_DUP2, follower, 1), actions[1]]
            env = {k: v for k, v in env.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
            reader = threading.Thread(target=_drain, args=(leader,), daemon=True)
            reader.start()
        started = time.perf_counter()
        pid = os.posix_spawn(program, argv, env, file_actions=actions)
        if terminal:
            os.close(follower)
        _pid, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - started
        if reader is not None:
            reader.join(timeout=5)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            raise RuntimeError(f"{argv}: {errors.read().decode()[-300:]}")
    return elapsed, usage.ru_maxrss / 1024, code


def _drain(descriptor: int) -> None:
    try:
        while os.read(descriptor, 65536):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)


def measure(argvs: list[list[str]], env: dict[str, str]) -> Timing:
    """Warm up with the first command line, then time each of the rest."""
    run_once(argvs[0], env)
    results = [run_once(argv, env) for argv in argvs[1:]]
    return Timing(statistics.median(r[0] for r in results), max(r[1] for r in results))


Entry = tuple[str, list[list[str]], dict[str, str]]


def alternate(entries: list[Entry], on_terminal: frozenset[str] = frozenset()) -> dict[str, Timing]:
    """Time several commands in turns (a, b, c, a, b, c, …) after one warm-up each, so that a
    ratio between them is measured in the same stretch of time: this machine's speed drifts
    by tens of percent over minutes. Labels in ``on_terminal`` run on a pseudo-terminal."""
    for label, argvs, env in entries:
        run_once(argvs[0], env, terminal=label in on_terminal)
    runs: dict[str, list[tuple[float, float, int]]] = {label: [] for label, _a, _e in entries}
    for index in range(1, min(len(argvs) for _l, argvs, _e in entries)):
        for label, argvs, env in entries:
            runs[label].append(run_once(argvs[index], env, terminal=label in on_terminal))
    return {
        label: Timing(statistics.median(r[0] for r in done), max(r[1] for r in done))
        for label, done in runs.items()
    }


def pk_env(db: str) -> dict[str, str]:
    return {
        **os.environ,
        "PK_DB": db,
        "PK_USER": USER,
        "PK_NOW": NOW.isoformat(),
        "TZ": "UTC",
        "PK_CONFIG": "/nonexistent/pk-bench.toml",
        "NO_COLOR": "1",
    }


def open_ids(db: str, count: int) -> list[int]:
    """Open promises of the benchmark user, to keep one per timed run. One customer's only: this
    process must stay small, because a child's peak RSS starts from this process's high-water
    mark (the kernel carries it over at exec)."""
    done = subprocess.run(
        [PK, "promise", "list", "--customer", "Customer 001", "-f", "json"],
        env=pk_env(db),
        capture_output=True,
        text=True,
        check=True,
    )
    return [p["id"] for p in json.loads(done.stdout)][-count:]


def pk_commands(db: str, runs: int) -> dict[str, list[list[str]] | Callable[[], list[list[str]]]]:
    """Each command's argument lists, one per run; `keep` is listed after `add` and picks its ids
    when its turn comes, so it can keep the promises `add` just made (1k has few open ones)."""
    repeat = runs + 1
    return {
        "pk --help": [[PK, "--help"]] * repeat,
        "pk when friday": [[PK, "when", "friday"]] * repeat,
        "pk due": [[PK, "due"]] * repeat,
        "pk promise list --overdue": [[PK, "promise", "list", "--overdue"]] * repeat,
        "pk promise add": [
            [PK, "promise", "add", f"Bench {RUN}-{i}", "--to", "Customer 001", "--by", "friday"]
            for i in range(repeat)
        ],
        "pk promise keep": lambda: [
            [PK, "promise", "keep", str(i)] for i in open_ids(db, repeat)[:repeat]
        ],
        "pk report --month": [[PK, "report", "--month", "--all"]] * repeat,
        "pk report --month --by customer": [[PK, "report", "--month", "--all", "--by", "customer"]]
        * repeat,
    }


EVERYDAY = ("add", "keep", "slip", "note", "due", "ls", "show")


def everyday_in_turns(db: str, runs: int) -> dict[str, Timing]:
    """The commands typed many times a day, each in turns with ``import typer`` (the ratio
    targets), plus `pk due` on a terminal, where Rich draws it. The promises they change are
    made first (untimed): keep needs one open promise per run."""
    repeat = runs + 1
    env = pk_env(db)
    for i in range(repeat + 1):
        run_once([PK, "add", f"Everyday {RUN}-{i}", "--to", "Customer 001", "--by", "friday"], env)
    ids = open_ids(db, repeat + 1)
    first, rest = str(ids[0]), [str(i) for i in ids[1:]]
    holidays = holiday_env(db)
    entries: list[Entry] = [
        ("import typer", [[sys.executable, "-c", "import typer"]] * repeat, dict(os.environ)),
        (
            "add",
            [
                [PK, "add", f"Everyday bench {RUN}-{i}", "--to", "Customer 001", "--by", "friday"]
                for i in range(repeat)
            ],
            env,
        ),
        ("keep", [[PK, "keep", promise_id] for promise_id in rest], env),
        (
            "slip",
            [
                [PK, "slip", first, "--by", f"in {i + 8} days", "--reason", "bench"]
                for i in range(repeat)
            ],
            env,
        ),
        ("note", [[PK, "promise", "note", first, f"called {i}"] for i in range(repeat)], env),
        ("due", [[PK, "due"]] * repeat, env),
        ("ls", [[PK, "ls"]] * repeat, env),  # on a terminal: a screenful, as typed
        ("show", [[PK, "promise", "show", first]] * repeat, env),
        ("due, on a terminal", [[PK, "due"]] * repeat, env),
        ("due, with US/NY holidays", [[PK, "due"]] * repeat, holidays),
        ("when friday", [[PK, "when", "friday"]] * repeat, env),
    ]
    found = alternate(entries, on_terminal=frozenset({"due, on a terminal", "ls"}))
    return {f"{label}, everyday in turns": timing for label, timing in found.items()}


def holiday_env(db: str) -> dict[str, str]:
    """The environment of a user whose calendar has public holidays (US/NY), set up as a user
    would (`pk config set`, which also caches the holidays): `pk due` then finds the promises at
    risk in business hours that skip holidays, reading the cache rather than the package."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pk-bench-holidays-"))
    env = {**pk_env(db), "PK_CONFIG": str(folder / "config.toml"),
           "PK_CACHE_DIR": str(folder / "cache")}  # fmt: skip
    for key, value in (("calendar.country", "US"), ("calendar.subdivision", "NY")):
        run_once([PK, "config", "set", key, value], env)
    return env


def line_count(argv: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(argv, env=env, stdout=subprocess.PIPE, check=True)
    return done.stdout.count(b"\n")


def lists(db: str, runs: int) -> dict[str, Timing]:
    """Long lists written to a file (no screenful limit there), with their sizes in the label,
    and the commands that must stay bounded however large the database (``BOUNDED``)."""
    env = pk_env(db)
    found = {}
    for label, argv in (
        ("pk promise list", [PK, "promise", "list"]),
        ("pk overdue --all", [PK, "overdue", "--all"]),
    ):
        rows = line_count([*argv, "-f", "csv"], env) - 1
        found[f"{label} ({rows:,} rows) to a file"] = measure([argv] * (runs + 1), env)
    for label in BOUNDED:
        found[f"{label}, to a file"] = measure([[PK, *label.split()[1:]]] * 3, env)
    return found


# Commands that read every promise of their kind: bounded in time and memory at any size.
BOUNDED = ("pk escalations --all", "pk slips --all", "pk team", "pk customer list")


def many_customers(data: Path, runs: int) -> dict[str, Timing]:
    """`pk customer list` with 10,000 customers (two promises each), made once by `pk import`."""
    db = data / "pk-10k-customers.db"
    if not db.exists():
        source = data / "10k-customers.csv"
        with source.open("w") as out:
            out.write("what,customer,due_at\n")
            for i in range(20000):
                out.write(f"Promise {i},Client {i % 10000:05d},2026-12-{1 + i % 28:02d}\n")
        subprocess.run(
            [PK, "import", str(source), "--new-customer"],
            env=pk_env(str(db)),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return {
        "pk customer list (10,000 customers)": measure(
            [[PK, "customer", "list"]] * (runs + 1), pk_env(str(db))
        )
    }


REPLIES = "pk feedback read (10,000-message mbox)"


def replies(data: Path, runs: int) -> dict[str, Timing]:
    """`pk feedback read` of an mbox of 10,000 replies (each quoting the question), against a
    database of 50 asked promises: the verdicts are read offline, one message at a time."""
    import mailbox

    db, box = data / "pk-replies.db", data / "replies-10k.mbox"
    env = {**pk_env(str(db)), "PK_NOW": "2026-11-23T09:00:00+00:00"}
    if not db.exists():
        for i in range(50):
            subprocess.run([PK, "add", f"Promise {i}", "--to", "Acme", "--by", "2026-11-20",
                            "--made", "2026-11-16", "--new-customer"], env=env, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
    if not box.exists():
        quoted = "".join("> a line of the question we asked\n" for _ in range(30))
        mbox = mailbox.mbox(str(box))
        for n in range(10000):
            mbox.add(
                f"From: Ana <ana@acme.example>\nMessage-ID: <m{n}@acme.example>\n"
                f"Subject: Re: Did we keep our promise? [pk#{n % 50 + 1}-AAAAAAAAAA]\n"
                f"Date: Tue, 24 Nov 2026 10:00:00 +0100\n\nNo - it came late.\n\n{quoted}"
            )
        mbox.flush()
        mbox.close()
    return {REPLIES: measure([[PK, "feedback", "read", str(box)]] * (runs + 1), env)}


def transfers(db: str, size: int, data: Path) -> dict[str, Timing]:
    """Exports to a file and imports into an empty database, once each (peak RSS is the point;
    the first run is the measurement, there is nothing to warm up that a user would have)."""
    env = pk_env(db)
    found = {}
    folder = data / f"transfer-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for fmt in ("json", "csv"):
        target = folder / f"export.{fmt}"
        elapsed, peak, _code = run_once([PK, "export", "-f", fmt, "--out", str(target)], env)
        found[f"pk export -f {fmt} --out FILE"] = Timing(elapsed, peak)
    elapsed, peak, _code = run_once([PK, "ics", "--all", "--out", str(folder / "all.ics")], env)
    found["pk ics --all --out FILE"] = Timing(elapsed, peak)
    for fmt in ("csv", "json"):
        fresh = pk_env(str(folder / f"import-{fmt}.db"))
        # The empty database is made first, untimed: creating a schema is a one-time cost of a
        # new database (about a second: Alembic), not of importing.
        run_once([PK, "customer", "list"], fresh)
        argv = [PK, "import", str(folder / f"export.{fmt}")]
        elapsed, peak, _code = run_once(argv + (["--new-customer"] if fmt == "csv" else []), fresh)
        found[f"pk import FILE.{fmt} (into an empty database)"] = Timing(elapsed, peak)
    shutil.rmtree(folder, ignore_errors=True)
    return found


MIGRATION = "pk db upgrade: chaining the history (migration 0019)"


def chaining(db: str, data: Path) -> dict[str, Timing]:
    """The migration that chains an existing history (docs/formats.md, "The chain"), timed on a
    copy of ``db`` taken back to the schema before it: ``pk db upgrade`` as a user runs it after
    installing this pk, its backup copy included."""
    copy = data / "chaining.db"
    for leftover in data.glob("chaining.db*"):
        leftover.unlink()
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    subprocess.run(
        [sys.executable, "-c",
         "import sys; from alembic import command;"
         " from promisekeeper.store.engines import SqliteStore;"
         " from promisekeeper.store.migrate import alembic_config; from pathlib import Path;"
         " engine = SqliteStore(Path(sys.argv[1])).engine(migrating=True);"
         " connection = engine.connect();"
         " command.downgrade(alembic_config(connection), '0018'); connection.commit()",
         str(copy)],
        check=True,
    )  # fmt: skip
    with sqlite3.connect(copy) as connection:
        events = connection.execute("SELECT COUNT(*) FROM event").fetchone()[0]
    elapsed, peak, code = run_once([PK, "db", "upgrade"], pk_env(str(copy)))
    assert code == 0, "pk db upgrade failed"
    for leftover in data.glob("chaining.db*"):
        leftover.unlink()
    return {f"{MIGRATION}, {events:,} events": Timing(elapsed, peak)}


def demo() -> Timing:
    """`make demo` after the install: the demo script with pk on the PATH."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    elapsed, peak, _code = run_once(["bash", str(ROOT / "examples" / "demo.sh")], env)
    return Timing(elapsed, peak)


# --- databases -----------------------------------------------------------------------------------


def generate_elsewhere(db: str, size: int) -> None:
    """Generate in a child process: a large parent would inflate every later child's peak RSS
    (a forked child counts the parent's pages until it execs)."""
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--promises", str(size), "--db", db], check=True
    )


def sqlite_database(size: int, data: Path) -> str:
    path = data / f"pk-{size}.db"
    if not path.exists():
        generate_elsewhere(str(path), size)
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return str(path)


def postgres_database(size: int) -> str | None:
    """The URL of a PostgreSQL database of ``size`` promises, made in a child process: importing
    psycopg here would raise this process's peak RSS, which every later child inherits."""
    done = subprocess.run(
        [sys.executable, __file__, "--prepare-pg", str(size)], stdout=subprocess.PIPE, text=True
    )
    lines = done.stdout.strip().splitlines()
    return lines[-1] if done.returncode == 0 and lines and "://" in lines[-1] else None


def prepare_postgres(size: int) -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    name = f"pk_bench_{size}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                admin.execute(f"CREATE DATABASE {name}")
    except psycopg.Error as exc:
        print(f"  PostgreSQL skipped: {exc}".splitlines()[0], file=sys.stderr, flush=True)
        return None
    url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}") as connection:
        filled = connection.execute("SELECT to_regclass('promise')").fetchone()[0] is not None
        count = connection.execute("SELECT COUNT(*) FROM promise").fetchone()[0] if filled else 0
    if count < size:
        if filled:
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {name}")
        generate_elsewhere(url, size)
    # A server's autovacuum analyzes a table that grew; a test server may run without it, and a
    # freshly loaded table without statistics gets plans no real database has (a parallel scan
    # of 2M events for 40 ids). Measure what users have.
    with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", autocommit=True) as connection:
        connection.execute("ANALYZE")
    return url


# --- Taskwarrior ---------------------------------------------------------------------------------


def taskwarrior(size: int, data: Path, db: str) -> dict[str, str] | None:
    """A Taskwarrior database holding the same pending items as pk's database ``db``: every
    open promise (not waiting, not deleted), with its text, customer (as the project), made
    date (as the entry) and due date. ``task next`` and ``pk due --all`` then look at the same
    items."""
    if shutil.which("task") is None:
        return None
    folder = data / f"task-{size}-same"
    rc = folder / "taskrc"
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(folder)}
    if not (folder / "pending.data").exists():
        folder.mkdir(parents=True, exist_ok=True)
        rc.write_text(
            f"data.location={folder}\nconfirmation=off\nverbose=nothing\ncolor=off\n"
            "hooks=off\nnews.version=2.6.2\n"
        )
        # Written one task at a time: a big list here would raise this process's peak RSS,
        # which every later child inherits in its own figure (see open_ids).
        source = folder / "import.json"
        stamp = "%Y%m%dT%H%M%SZ"
        count = 0
        with source.open("w") as out, sqlite3.connect(db) as connection:
            out.write("[")
            for what, customer, made, due in connection.execute(
                "SELECT p.what, c.name, p.made_at, p.due_at FROM promise p"
                " JOIN customer c ON c.id = p.customer_id"
                " WHERE p.status = 'open' AND p.deleted_at IS NULL ORDER BY p.id"
            ):
                task = {
                    "description": what,
                    "project": customer.replace(" ", ""),
                    "status": "pending",
                    "entry": datetime.fromtimestamp(made, UTC).strftime(stamp),
                    "due": datetime.fromtimestamp(due, UTC).strftime(stamp),
                }
                out.write(("," if count else "") + json.dumps(task))
                count += 1
            out.write("]")
        started = time.monotonic()
        subprocess.run(
            ["task", "import", str(source)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print(f"  Taskwarrior: imported {count:,} tasks (pk's open promises) in "
              f"{time.monotonic() - started:.0f} s")  # fmt: skip
    return env


# --- the run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--pg-sizes", default="100000,1000000")
    parser.add_argument("--task-sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--prepare-pg", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", default=str(HERE / "data"))
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    options = parser.parse_args()
    if options.prepare_pg:
        print(prepare_postgres(options.prepare_pg) or "")
        return
    data = Path(options.data)
    data.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in options.sizes.split(",") if s]
    pg_sizes = [int(s) for s in options.pg_sizes.split(",") if s]
    task_sizes = [int(s) for s in options.task_sizes.split(",") if s]
    runs = options.runs

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    results: dict[str, dict[str, Timing]] = {}
    sizes_bytes: dict[int, float] = {}
    base = measure([[sys.executable, "-c", "import typer"]] * (runs + 1), dict(os.environ))
    print(f"python -c 'import typer': {base.seconds:.3f} s", flush=True)

    for size in sizes:
        print(f"SQLite, {size:,} promises", flush=True)
        db = sqlite_database(size, data)
        sizes_bytes[size] = Path(db).stat().st_size / size
        env = pk_env(db)
        column = results.setdefault(f"sqlite {size}", {})
        for name, argvs in pk_commands(db, runs).items():
            column[name] = measure(argvs() if callable(argvs) else argvs, env)
            print(
                f"  {name:34} {column[name].seconds:6.3f} s {column[name].peak_mb:6.0f} MB",
                flush=True,
            )
        if size in task_sizes:
            task_env = taskwarrior(size, data, db)
            if task_env is not None:
                # Taskwarrior and pk in turns, in the same stretch of time.
                repeat = runs + 1
                column.update(
                    alternate(
                        [
                            ("task due", [["task", "due"]] * repeat, task_env),
                            ("task next", [["task", "next"]] * repeat, task_env),
                            ("pk due (again)", [[PK, "due"]] * repeat, env),
                            ("pk due --all", [[PK, "due", "--all"]] * repeat, env),
                        ]
                    )
                )
                column.update(
                    alternate(
                        [
                            (
                                "task add",
                                [
                                    ["task", "add", f"Bench {i}", "project:Customer001", "due:fri"]
                                    for i in range(repeat)
                                ],
                                task_env,
                            ),
                            (
                                "pk promise add (again)",
                                [
                                    [
                                        PK,
                                        "add",
                                        f"Again {RUN}-{i}",
                                        "--to",
                                        "Customer 001",
                                        "--by",
                                        "fri",
                                    ]
                                    for i in range(repeat)
                                ],
                                env,
                            ),
                        ]
                    )
                )
                for label in (
                    "task due",
                    "task next",
                    "pk due (again)",
                    "pk due --all",
                    "task add",
                    "pk promise add (again)",
                ):
                    print(f"  {label:34} {column[label].seconds:6.3f} s", flush=True)

    if sizes:
        # The ratio targets, each measured in turns in one stretch (see alternate()).
        smallest, largest = min(sizes), max(sizes)
        small_env, big_env = (
            pk_env(sqlite_database(smallest, data)),
            pk_env(sqlite_database(largest, data)),
        )
        repeat = runs + 1
        print("Start-up and size ratios, in turns", flush=True)
        startup = alternate(
            [
                (
                    "import typer, in turns",
                    [[sys.executable, "-c", "import typer"]] * repeat,
                    dict(os.environ),
                ),
                ("pk --help, in turns", [[PK, "--help"]] * repeat, small_env),
                ("pk when friday, in turns", [[PK, "when", "friday"]] * repeat, small_env),
            ]
        )
        results[f"sqlite {smallest}"].update(startup)
        due = alternate(
            [
                ("small", [[PK, "due"]] * repeat, small_env),
                ("big", [[PK, "due"]] * repeat, big_env),
            ]
        )
        results[f"sqlite {smallest}"]["pk due, 1k and 1M in turns"] = due["small"]
        results[f"sqlite {largest}"]["pk due, 1k and 1M in turns"] = due["big"]
        for label, timing in [
            *startup.items(),
            ("pk due 1k", due["small"]),
            ("pk due 1M", due["big"]),
        ]:
            print(f"  {label:34} {timing.seconds:6.3f} s", flush=True)
        for size in dict.fromkeys((smallest, largest)):
            print(f"Everyday commands in turns with import typer, {size:,} promises", flush=True)
            found = everyday_in_turns(sqlite_database(size, data), runs)
            results[f"sqlite {size}"].update(found)
            show_all(found)
        for size in sizes:
            if size >= 100000 or size == largest:
                print(f"Long lists and bounded commands, {size:,} promises", flush=True)
                found = lists(sqlite_database(size, data), runs)
                results[f"sqlite {size}"].update(found)
                show_all(found)
        for size in sizes:
            if size >= 100000:
                print(f"Export and import, {size:,} promises", flush=True)
                found = transfers(sqlite_database(size, data), size, data)
                results[f"sqlite {size}"].update(found)
                show_all(found)
        for size in sizes:
            if size == 100000:
                print(f"Chaining the history of {size:,} promises (migration 0019)", flush=True)
                found = chaining(sqlite_database(size, data), data)
                results[f"sqlite {size}"].update(found)
                show_all(found)
        found = many_customers(data, runs)
        results[f"sqlite {smallest}"].update(found)
        show_all(found)
        found = replies(data, runs)
        results[f"sqlite {smallest}"].update(found)
        show_all(found)
        found = {"make demo (after the install)": demo()}
        results[f"sqlite {smallest}"].update(found)
        show_all(found)

    for size in pg_sizes:
        print(f"PostgreSQL, {size:,} promises", flush=True)
        url = postgres_database(size)
        if url is None:
            continue
        env = pk_env(url)
        column = results.setdefault(f"postgresql {size}", {})
        for name, argvs in pk_commands(url, runs).items():
            column[name] = measure(argvs() if callable(argvs) else argvs, env)
            print(
                f"  {name:34} {column[name].seconds:6.3f} s {column[name].peak_mb:6.0f} MB",
                flush=True,
            )
        if size in sizes:
            repeat = runs + 1
            lite = pk_env(sqlite_database(size, data))
            for name, argvs in (
                ("pk due", [[PK, "due"]] * repeat),
                ("pk add", [[PK, "add", f"Turn {RUN}-{i}", "--to", "Customer 001", "--by", "fri"]
                            for i in range(repeat)]),
            ):  # fmt: skip
                both = alternate([("postgresql", argvs, env), ("sqlite", argvs, lite)])
                label = f"{name}, PostgreSQL and SQLite in turns"
                column[label] = both["postgresql"]
                results[f"sqlite {size}"][label] = both["sqlite"]
                show_all({f"{name} {engine}, in turns": t for engine, t in both.items()})

    Path(options.out).write_text(render(base, results, sizes_bytes, runs))
    print(f"wrote {options.out}")


def show_all(found: dict[str, Timing]) -> None:
    for label, timing in found.items():
        print(f"  {label:44} {timing.seconds:6.3f} s {timing.peak_mb:6.0f} MB", flush=True)


def versions() -> str:
    import sqlalchemy
    import typer

    try:
        task = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        task = "not installed"
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, Typer "
        f"{typer.__version__}, SQLAlchemy {sqlalchemy.__version__}, Taskwarrior {task}"
    )


def render(
    base: Timing, results: dict[str, dict[str, Timing]], sizes_bytes: dict[int, float], runs: int
) -> str:
    from datetime import date

    def get(column: str, name: str) -> Timing | None:
        return results.get(column, {}).get(name)

    lines = [
        "# Benchmarks",
        "",
        f"Measured {date.today().isoformat()} on {versions()}.",
        "",
        f"Median of {runs} runs after a warm-up, wall time of the whole command as a user "
        "runs it (a new process each time), and the largest peak RSS. Re-run with "
        "`make bench` (about 40 minutes; data is generated once under benchmarks/data/).",
        "",
    ]
    columns = list(results)
    names = [n for n in dict.fromkeys(n for c in columns for n in results[c])]
    lines.append("| command | " + " | ".join(columns) + " |")
    lines.append("|---|" + "---:|" * len(columns))
    for name in names:
        cells = []
        for column in columns:
            timing = get(column, name)
            shown = "" if timing is None else f"{timing.seconds:.3f} s · {timing.peak_mb:.0f} MB"
            cells.append(shown)
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        f'Baseline: `python -c "import typer"` {base.seconds:.3f} s at the start of the run. '
        'Rows marked "in turns" or "(again)" were timed alternately with the commands they are '
        "compared with (round-robin, same stretch of time); the targets use those, because this "
        "machine's speed drifts by tens of percent over minutes.",
        "",
    ]
    lines += [
        "Database size (SQLite, including history and indexes): "
        + ", ".join(f"{size:,} promises {per:.0f} B/promise" for size, per in sizes_bytes.items())
        + ".",
        "",
    ]
    lines += targets(base, results, sizes_bytes)
    lines += [
        "",
        "Why the unmet targets are unmet, and what would meet them: "
        "[docs/performance.md](docs/performance.md).",
    ]
    return "\n".join(lines) + "\n"


def capture_figures() -> tuple[float, float, float]:
    """Precision and recall of the capture extractor on the hand-labelled corpus of the tests,
    and the slowest sentence's time in seconds (the best of 5 passes, each sentence)."""
    sys.path.insert(0, str(ROOT))
    from tests.test_capture import KNOWN, corpus, measure

    from promisekeeper.calendar import Calendar
    from promisekeeper.dates import DateSettings
    from promisekeeper.domain.capture import read_sentence

    precision, recall, _promises, _sentences = measure()
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    settings = DateSettings(ZoneInfo("UTC"), dtime(17, 0), "mdy", Calendar(), dtime(9, 0))
    slowest = 0.0
    for sentence, _expected in corpus():
        best = min(
            _timed(lambda s=sentence: read_sentence(s, now, settings, KNOWN)) for _ in range(5)
        )
        slowest = max(slowest, best)
    print(
        f"capture: precision {precision:.3f}, recall {recall:.3f}, slowest {slowest * 1000:.1f} ms"
    )
    return precision, recall, slowest


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def targets(
    base: Timing, results: dict[str, dict[str, Timing]], sizes_bytes: dict[int, float]
) -> list[str]:
    def seconds(column: str, name: str) -> float | None:
        timing = results.get(column, {}).get(name)
        return None if timing is None else timing.seconds

    rows = []

    def target(
        what: str, value: float | None, limit: float | None, shown: str, better: str = "lower"
    ) -> None:
        if value is None or limit is None:
            rows.append(f"| {what} | not measured | |")
            return
        met = value <= limit if better == "lower" else value >= limit
        rows.append(f"| {what} | {shown} | {'met' if met else '**not met**'} |")

    def within(what: str, timing: Timing | None, limit: float) -> None:
        """A command's wall time against ``limit`` seconds."""
        shown = "" if timing is None else f"{timing.seconds:.3f} s"
        target(what, None if timing is None else timing.seconds, limit, shown)

    def peak(what: str, timing: Timing | None, limit: float, time_too: bool = False) -> None:
        """A command's peak memory against ``limit`` MB (with its time beside, ``time_too``)."""
        shown = "" if timing is None else f"{timing.peak_mb:.0f} MB"
        if timing is not None and time_too:
            shown += f" ({timing.seconds:.1f} s)"
        target(what, None if timing is None else timing.peak_mb, limit, shown)

    def ratio(what: str, value: float | None, base: float | None, limit: float) -> None:
        """``value`` against ``base`` (seconds), as a ratio that must stay ≤ ``limit``."""
        found = None if value is None or not base else value / base
        shown = f"{value or 0:.3f} s vs {base or 0:.3f} s = {found or 0:.2f} ×"
        target(what, found, limit, shown)

    typer_in_turns = seconds("sqlite 1000", "import typer, in turns")
    for name in ("pk --help", "pk when friday"):
        value = seconds("sqlite 1000", f"{name}, in turns")
        ratio(f"`{name}` ≤ 1.25 × `import typer`", value, typer_in_turns, 1.25)
    # The same pending items in both: each tool's morning command as its user types it (pk due
    # shows the user's own; pk due --all, everyone's, is in the table beside it).
    ratio(
        "`pk due` at 10k ≤ 1.0 × `task next` (the same items)",
        seconds("sqlite 10000", "pk due (again)"),
        seconds("sqlite 10000", "task next"),
        1.0,
    )
    pk_due = seconds("sqlite 100000", "pk due (again)")
    task_due = seconds("sqlite 100000", "task next")
    speedup = None if pk_due is None or task_due is None else task_due / pk_due
    target(
        "`pk due` at 100k ≥ 10 × faster than `task next` (the same items)",
        speedup,
        10,
        f"{pk_due or 0:.3f} s vs {task_due or 0:.3f} s = {speedup or 0:.1f} × faster",
        "higher",
    )
    ratio(
        "`pk due` at 1M ≤ 1.2 × at 1k",
        seconds("sqlite 1000000", "pk due, 1k and 1M in turns"),
        seconds("sqlite 1000", "pk due, 1k and 1M in turns"),
        1.2,
    )
    report = results.get("sqlite 1000000", {}).get("pk report --month --by customer")
    within("`pk report --month --by customer` at 1M ≤ 1.5 s", report, 1.5)
    peak("… and ≤ 200 MB peak", report, 200)
    columns = sorted(int(c.split()[1]) for c in results if c.startswith("sqlite "))
    for size in dict.fromkeys(columns[:1] + columns[-1:]):
        column = f"sqlite {size}"
        typer_turns = seconds(column, "import typer, everyday in turns")
        for name in (*EVERYDAY, "due, on a terminal", "due, with US/NY holidays"):
            value = seconds(column, f"{name}, everyday in turns")
            terminal = name in ("ls", "due, on a terminal")
            shown = f"`pk {name}`" + (" (on a terminal)" if name == "ls" else "")
            limit = 1.6 if terminal else 1.4
            ratio(f"{shown} at {size:,} ≤ {limit} × `import typer`", value, typer_turns, limit)
    for size in (10000, 100000):
        ratio(
            f"`pk promise add` at {size:,} ≤ 1.0 × `task add`",
            seconds(f"sqlite {size}", "pk promise add (again)"),
            seconds(f"sqlite {size}", "task add"),
            1.0,
        )

    def prefixed(column: str, prefix: str) -> tuple[str, Timing] | None:
        for name, timing in results.get(column, {}).items():
            if name.startswith(prefix):
                return name, timing
        return None

    biggest = f"sqlite {columns[-1]}" if columns else ""
    for prefix, limit in (("pk promise list (", 1.5), ("pk overdue --all (", 0.5)):
        found = prefixed(biggest, prefix)
        where = f"{int(biggest.split()[-1]):,}" if biggest else "?"
        within(f"{found[0] if found else prefix} at {where} ≤ {limit} s", found and found[1], limit)
    smallest = f"sqlite {columns[0]}" if columns else ""
    customers = prefixed(smallest, "pk customer list (10,000")
    within("`pk customer list` with 10,000 customers ≤ 0.5 s", customers and customers[1], 0.5)
    chained = next(
        ((name, t) for name, t in results.get("sqlite 100000", {}).items()
         if name.startswith(MIGRATION)),
        None,
    )  # fmt: skip
    within(f"`{chained[0] if chained else MIGRATION}` ≤ 30 s", chained and chained[1], 30)
    read = results.get(smallest, {}).get(REPLIES)
    within("`pk feedback read` of a 10,000-message mbox ≤ 10 s", read, 10)
    peak("`pk feedback read` of a 10,000-message mbox ≤ 100 MB", read, 100)
    for size in (100000, 1000000):
        for name, limit in (
            ("pk export -f json --out FILE", 30),
            ("pk export -f csv --out FILE", 30),
            ("pk ics --all --out FILE", 30),
            ("pk import FILE.csv (into an empty database)", 60),
            ("pk import FILE.json (into an empty database)", 60),
            *((f"{label}, to a file", 2) for label in BOUNDED),
        ):
            timing = results.get(f"sqlite {size}", {}).get(name)
            peak(f"`{name}` at {size:,}: peak ≤ 100 MB", timing, 100, time_too=True)
            within(f"… and ≤ {limit} s", timing, limit)
    csv_import = results.get("sqlite 100000", {}).get("pk import FILE.csv (into an empty database)")
    within("CSV import of 100,000 rows ≤ 5 s", csv_import, 5)
    for column in results:
        if column.startswith("postgresql "):
            size = int(column.split()[1])
            for name in ("pk due", "pk add"):
                ratio(
                    f"`{name}` on PostgreSQL at {size:,} ≤ 2 × on SQLite",
                    seconds(column, f"{name}, PostgreSQL and SQLite in turns"),
                    seconds(f"sqlite {size}", f"{name}, PostgreSQL and SQLite in turns"),
                    2,
                )
    demo_run = prefixed(smallest, "make demo")
    within("`make demo` ≤ 15 s after the install", demo_run and demo_run[1], 15)
    precision, recall, per_sentence = capture_figures()
    target("`pk capture` precision on its corpus ≥ 0.95", precision, 0.95,
           f"{precision:.3f}", better="higher")  # fmt: skip
    target("`pk capture` recall on its corpus ≥ 0.8", recall, 0.8, f"{recall:.3f}",
           better="higher")  # fmt: skip
    target("`pk capture` ≤ 50 ms per sentence (slowest of the corpus)", per_sentence * 1000, 50,
           f"{per_sentence * 1000:.1f} ms")  # fmt: skip
    largest = max(sizes_bytes) if sizes_bytes else None
    target(
        "database ≤ 400 bytes per promise",
        None if largest is None else sizes_bytes[largest],
        400,
        "" if largest is None else f"{sizes_bytes[largest]:.0f} B at {largest:,}",
    )
    return ["## Targets", "", "| target | measured | |", "|---|---|---|", *rows]


if __name__ == "__main__":
    main()

"""Attacks a careful user or an attacker would try: output targets that would destroy data, stale
reads, raw terminal output, printed secrets, plain input that reached "This is a bug in pk",
imports that store what later breaks a view, dates and customers silently wrong, and files made
for others to read (docs/reliability.md, "Trust"). Each failed before its fix."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.conftest import NOW, Pk

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
BUG = "This is a bug in pk"


def run(pk: Pk, *args: str | bytes, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "promisekeeper", *args],
        env={**os.environ, **pk.env, **env},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def one_line(done: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert done.returncode == code, done.stderr
    assert BUG not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: "), done.stderr
    assert text in done.stderr, done.stderr


def in_terminal(pk: Pk, *args: str, **env: str) -> str:
    return pk.on_terminal(*args, columns=100, **env)


# --- output targets never destroy data -----------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_never_overwrites_the_database(sqlite_pk: Pk, suffix: str, fmt: str) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.db.read_bytes()
    done = run(pk, "export", "-f", fmt, "--out", f"{pk.db}{suffix}")
    one_line(done, 2, "is the database pk is using")
    assert pk.db.read_bytes() == before
    assert pk.ok("ls").stdout.count("Send the quote") == 1


def test_output_targets_reached_through_links_or_other_names(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    link = pk.home / "link.db"
    link.symlink_to(pk.db)
    one_line(run(pk, "export", "--out", str(link)), 2, "is the database pk is using")
    dotted = f"{pk.home}/../{pk.home.name}/pk.db"
    one_line(run(pk, "export", "--out", dotted), 2, "is the database pk is using")
    one_line(run(pk, "db", "backup", f"{pk.db}-wal"), 2, "is the database pk is using")
    assert not Path(f"{pk.db}-wal").exists() or Path(f"{pk.db}-wal").stat().st_size == 0


def test_devices_and_fifos_are_written_to_not_replaced(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    done = run(pk, "export", "--out", str(device))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(device.stat().st_mode)  # still the device, not a file renamed over it
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run(pk, "export", "-f", "csv", "--out", str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"Send the quote" in received[0]


@pytest.mark.parametrize("target", [".", "..", "folder"])
def test_folders_are_input_errors(sqlite_pk: Pk, tmp_path: Path, target: str) -> None:
    pk = sqlite_pk
    (tmp_path / "folder").mkdir(exist_ok=True)
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    for args in (["export", "--out", target], ["db", "backup", target]):
        done = subprocess.run(
            [sys.executable, "-m", "promisekeeper", *args],
            env={**os.environ, **pk.env},
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        one_line(done, 2, "folder" if args[0] == "export" else "")


def test_db_or_config_naming_a_fifo_does_not_hang(sqlite_pk: Pk, tmp_path: Path) -> None:
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    done = run(sqlite_pk, "due", PK_DB=str(fifo))  # run() gives up after 60 s: a hang fails
    one_line(done, 2, "is not a regular file")
    one_line(run(sqlite_pk, "due", PK_CONFIG=str(fifo)), 2, "is not a regular file")
    one_line(run(sqlite_pk, "config", "set", "user", "x", PK_CONFIG=str(fifo)), 2, "regular")


# --- reads are never stale ---------------------------------------------------------------------


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


# --- nothing raw reaches the terminal, no secret is printed --------------------------------------

HOSTILE = "Acme\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202e\u2066\u2028\x9b31m"


def test_plain_lines_reach_a_terminal_neutralised(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Quote", "--to", HOSTILE, "--by", "friday", "--new-customer")
    screens = {
        "config set": in_terminal(pk, "config", "set", "user", HOSTILE, PK_USER=""),
        "config get": in_terminal(pk, "config", "get", "user", PK_USER=""),
        "db path": in_terminal(pk, "db", "path", PK_DB=str(pk.home / f"{HOSTILE}.db")),
        "export json": in_terminal(pk, "export"),
        "export csv": in_terminal(pk, "export", "-f", "csv"),
    }
    for name, screen in screens.items():
        assert not RAW.search(screen.replace("\t", "")), (name, screen)
        assert "\\x1b]52;c;cHduZWQ=" in screen or "\\u001b]52" in screen, (name, screen)
    exported = json.loads(screens["export json"])
    assert exported["customers"][0]["name"] == HOSTILE  # escaped on screen, lossless as data


def test_json_and_csv_files_keep_the_exact_text(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    pk.ok("add", "Quote", "--to", HOSTILE, "--by", "friday", "--new-customer")
    pk.ok("export", "--out", str(tmp_path / "e.json"))
    pk.ok("export", "-f", "csv", "--out", str(tmp_path / "e.csv"))
    data = json.loads((tmp_path / "e.json").read_text())
    assert data["promises"][0]["customer"] == HOSTILE
    assert not RAW.search((tmp_path / "e.json").read_text())  # escaped, still lossless
    assert HOSTILE in (tmp_path / "e.csv").read_text()


PASSWORDS = ["s3cr@t", "pa:ss", "pa/ss", "p@ss:w/rd"]


@pytest.mark.slow
@pytest.mark.parametrize("password", PASSWORDS)
def test_passwords_are_never_printed(sqlite_pk: Pk, password: str) -> None:
    from urllib.parse import quote

    pk = sqlite_pk
    raw = f"postgresql+psycopg://bob:{password}@127.0.0.1:1/team"
    encoded = f"postgresql+psycopg://bob:{quote(password, safe='')}@127.0.0.1:1/team"
    pieces = {password, quote(password, safe=""), *re.split("[@:/]", password)} - {""}
    for url in (raw, encoded):
        outputs = [
            run(pk, "config", "set", "db", url, PK_DB=""),
            run(pk, "config", "get", "db", PK_DB=""),
            run(pk, "config", "list", PK_DB=""),
            run(pk, "config", "list", "-f", "json", PK_DB=""),
            run(pk, "db", "path", PK_DB=url),
            run(pk, "due", PK_DB=url),  # connection refused on port 1: an error line
        ]
        for done in outputs:
            text = done.stdout + done.stderr
            assert BUG not in text
            for piece in pieces:
                if len(piece) >= 3:
                    assert piece not in text.replace("127.0.0.1", ""), (url, text)


# --- no plain input reaches the bug line ----------------------------------------------------------

DEEP_TOML = "a = " + "[" * 2000 + "]" * 2000 + "\n"


@pytest.mark.parametrize(
    ("args", "env", "config", "message"),
    [
        (["due", "--days", "99999999999999999999"], {}, None, "from 0 to 365"),
        (["due", "--days", "10000000"], {}, None, "from 0 to 365"),
        (["due"], {"PK_NOW": "0001-01-01T00:00:00+00:00"}, None, "outside the times pk keeps"),
        (["due"], {"PK_NOW": "9999-12-31T12:00:00+00:00"}, None, "outside the times pk keeps"),
        (["report", "--month", "0001-01"], {}, None, "must lie within the times pk keeps"),
        (["report", "--quarter", "9999-Q4"], {}, None, "must lie within the times pk keeps"),
        (["due"], {}, 'due.days = "²"\n', "due.days must be a whole number"),
        (["due"], {}, DEEP_TOML, "config file"),
        (["due"], {}, "[due]\ndays = { a = 1 }\n", "must be one value"),
        (["due"], {"PK_DB": "postgresql+psycopg://bob@localhost:abc/db"}, None, "not a number"),
        (["due"], {"PK_USER": "   "}, None, "PK_USER is blank"),
        (["add", "x", "--to", "Acme", "--by", "9999-12-31"], {}, None, "outside the times"),
    ],
)
def test_plain_input_never_reaches_the_bug_line(
    sqlite_pk: Pk, args: list[str], env: dict[str, str], config: str | None, message: str
) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    if config is not None:
        Path(pk.env["PK_CONFIG"]).write_text(config)
    one_line(run(pk, *args, **env), 2, message)
    assert pk.snapshot() == before


def test_invalid_utf8_arguments_and_environment(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    environment = {**os.environ, **pk.env}
    for argv, extra in (
        ([b"add", b"caf\xe9", b"--to", b"Acme", b"--by", b"friday"], {}),
        ([b"ls", b"--customer", b"\xff\xfe"], {}),
        ([b"due"], {b"PK_USER": b"d\xe4na"}),
    ):
        env = {os.fsencode(k): os.fsencode(v) for k, v in environment.items()}
        done = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"promisekeeper", *argv],
            env={**env, **extra},
            capture_output=True,
            timeout=60,
        )
        stderr = done.stderr.decode()
        assert done.returncode == 2 and "not valid UTF-8" in stderr and BUG not in stderr, stderr
        assert stderr.count("\n") == 1
    assert pk.snapshot() == before


def test_los_angeles_cannot_store_what_breaks_views_east_of_utc(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    done = run(pk, "add", "far", "--to", "Acme", "--by", "2999-12-31", TZ="America/Los_Angeles")
    one_line(done, 2, "outside the times pk keeps")  # 2999-12-31 17:00 in LA is 3000 in UTC
    pk.ok("add", "near", "--to", "Acme", "--by", "2999-12-30", TZ="America/Los_Angeles")
    for zone in ("Pacific/Kiritimati", "Asia/Tokyo", "UTC", "Pacific/Pago_Pago"):
        assert pk("ls", "--all", TZ=zone).exit_code == 0


def limited(max_bytes: int) -> object:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def test_backup_and_config_on_a_full_disk(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    for n in range(40):
        pk.ok("add", f"promise {n} " + "y" * 2000, "--to", "Acme", "--by", "friday")
    env = {**os.environ, **pk.env}
    backup = tmp_path / "backup.db"
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "db", "backup", str(backup)],
        env={**env, "PK_BUSY_TIMEOUT_MS": "60000"},
        capture_output=True,
        text=True,
        preexec_fn=limited(pk.db.stat().st_size // 2),  # type: ignore[arg-type]
        timeout=60,
    )
    one_line(done, 1, f"Cannot write the backup {backup}")
    assert not backup.exists()
    config = Path(pk.env["PK_CONFIG"])
    config.write_text('user = "dana"\n' + "# padding\n" * 50)
    before = config.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "config", "set", "workday.end", "18:00"],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limited(10),  # type: ignore[arg-type]
        timeout=60,
    )
    one_line(done, 1, f"Cannot write the config file {config}")
    assert config.read_bytes() == before
    assert [p.name for p in config.parent.iterdir() if p.name.endswith(".tmp")] == []


# --- imports check everything they store ----------------------------------------------------------


def export_of(pk: Pk) -> dict[str, object]:
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Call back", "--to", "Acme", "--by", "tomorrow")
    pk.ok("keep", "2")
    data: dict[str, object] = json.loads(pk.ok("export").stdout)
    return data


HOSTILE_IMPORTS = {
    "huge int": (lambda d: d["promises"][0].update(id=10**30), "id must be a whole number"),
    "huge slips": (lambda d: d["promises"][0].update(slips=10**30), "slips must be a whole"),
    "id true": (lambda d: d["promises"][0].update(id=True), "id must be a whole number"),
    "promises not a list": (lambda d: d.update(promises={"a": 1}), "promises must be a list"),
    "customer a string": (lambda d: d["customers"].__setitem__(0, "Acme"), "must be an object"),
    "promise a list": (lambda d: d["promises"].__setitem__(0, [1]), "must be an object"),
    "lone surrogate": (lambda d: d["promises"][0].update(what="\ud800x"), "what must be"),
    "deep nesting": (lambda d: d["promises"][0].update(tags=[[[[[]]]]]), "tags must be a list"),
    "out of range time": (
        lambda d: d["promises"][0].update(due_at="0001-01-01T00:00:00+05:00"),
        "due_at is out of range",
    ),
    "year 9999": (
        lambda d: d["promises"][0].update(due_at="9999-12-31T23:00:00+00:00"),
        "outside the times pk keeps",
    ),
    "kept without kept_at": (
        lambda d: d["promises"][1].update(kept_at=None),
        "status is kept but kept_at is null",
    ),
    "event time a number": (
        lambda d: d["promises"][0]["history"][0].update(at=1700000000),
        "history event 1 at must be an ISO 8601 time",
    ),
    "event time null": (
        lambda d: d["promises"][1]["history"][1].update(at=None),
        "history event 2 at must be an ISO 8601 time",
    ),
    "tags a string": (lambda d: d["promises"][0].update(tags="a,b"), "tags must be a list"),
    "tags a dict": (lambda d: d["promises"][0].update(tags={"a": 1}), "tags must be a list"),
    "no created event": (
        lambda d: d["promises"][1].update(history=d["promises"][1]["history"][1:]),
        "history must start with its one created event",
    ),
    "event with a wrong detail": (
        lambda d: d["promises"][1]["history"][1].update(kept_at=5),
        "history event 2 kept_at must be an ISO 8601 time",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(HOSTILE_IMPORTS), ids=list(HOSTILE_IMPORTS))
def test_hostile_json_imports_are_refused_whole(sqlite_pk: Pk, tmp_path: Path, case: str) -> None:
    data = export_of(sqlite_pk)
    change, message = HOSTILE_IMPORTS[case]
    change(data)
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(data))
    empty = str(tmp_path / "empty.db")
    done = run(sqlite_pk, "import", str(source), PK_DB=empty)
    assert done.returncode == 2 and BUG not in done.stderr, done.stderr
    assert message in done.stderr, done.stderr
    assert run(sqlite_pk, "ls", "--all", "--status", "all", PK_DB=empty).stdout.startswith("No ")


def test_deeply_nested_json_is_refused(sqlite_pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text(
        '{"promisekeeper_export": 1, "promises": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    one_line(run(sqlite_pk, "import", str(source)), 2, "nested too deeply")


def test_db_check_applies_the_import_rules(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("keep", "1")
    assert run(pk, "db", "check").returncode == 0
    with sqlite3.connect(pk.db) as connection:  # what a buggy tool or a hand edit could leave
        connection.execute("UPDATE promise SET kept_at = NULL, tags = 'x'")
    done = run(pk, "db", "check")
    assert done.returncode == 1
    assert "promise #1: status is kept but kept_at is null" in done.stderr


NEAR_CSV = "what,customer,due_at\na,Acme,2026-12-01\nb,acme.,2026-12-01\nc,Acme\u200b,2026-12-01\n"


def test_csv_import_applies_the_near_customer_rule(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "near.csv"
    source.write_text(NEAR_CSV)
    pk.ok("due")  # the database exists: its bytes must not change
    before = pk.snapshot()
    out = pk("import", str(source))
    assert out.exit_code == 2 and 'row 3: customer "acme." looks like "Acme"' in out.stderr
    assert pk.snapshot() == before
    source.write_text(NEAR_CSV.replace("b,acme.,2026-12-01\n", ""))
    pk.ok("import", str(source))
    assert [c["customer"] for c in pk.ok("customer", "list", "-f", "json").json()] == ["Acme"]
    source.write_text("what,customer,due_at\nd,Acme Logistics,2026-12-01\n")
    assert pk("import", str(source)).exit_code == 2
    pk.ok("import", str(source), "--new-customer")


def test_csv_reimport_adds_nothing_and_dry_run_writes_nothing(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "what,customer,due_at,made_at\n"
        "Send the quote,Acme,2026-12-01,\n"
        "Call back,Hooli,2026-12-02,2026-11-20\n"
    )
    pk.ok("due")
    before = pk.snapshot()
    dry = pk.ok("import", str(source), "--dry-run")
    assert dry.stdout.startswith("Would import 2 promises (2 new customers).")
    assert pk.snapshot() == before
    pk.ok("import", str(source))
    again = pk.ok("import", str(source), now="2026-11-25T09:00:00+00:00")
    assert again.stdout.startswith("Imported 0 promises.")
    assert "2 rows already there, skipped (rows 2, 3)." in again.stdout
    assert len(pk.ok("ls", "--all", "-f", "json").json()) == 2


def test_json_import_dry_run_writes_nothing(pk: Pk, tmp_path: Path) -> None:
    export_of(pk)
    source = tmp_path / "all.json"
    source.write_text(pk.ok("export").stdout)
    fresh = tmp_path / "fresh.db"
    env = {"PK_DB": str(fresh)} if pk.engine == "sqlite" else {}
    if pk.engine == "sqlite":
        pk.ok("due", **env)
        before = fresh.read_bytes()
        dry = pk.ok("import", str(source), "--dry-run", **env)
        assert dry.stdout.startswith("Would import 2 promises (1 new customer).")
        assert fresh.read_bytes() == before
    else:
        out = pk("import", str(source), "--dry-run")
        assert out.exit_code == 2 and "empty database only" in out.stderr


def test_csv_round_trip_gives_back_the_exact_text(pk: Pk, tmp_path: Path) -> None:
    texts = ["two\nlines", "typed \\n backslash-n", "'quoted", "''twice", "=1+2", "@at", "tab\tin"]
    for text in texts:
        pk.ok("add", text, "--to", "Acme", "--by", "friday")
    target = tmp_path / "out.csv"
    pk.ok("export", "-f", "csv", "--out", str(target))
    fresh = Pk(tmp_path / "other") if pk.engine == "sqlite" else None
    if fresh is not None:
        (tmp_path / "other").mkdir()
        fresh.ok("import", str(target))
        assert [p["what"] for p in fresh.ok("ls", "--all", "-f", "json").json()] == texts
    else:
        out = pk.ok("import", str(target))
        assert "7 rows already there" in out.stdout  # read back equal to what is stored


def test_csv_kept_before_due_without_made_at(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "kept.csv"
    source.write_text(
        "what,customer,due_at,status,kept_at\nEarly,Acme,2026-11-20,kept,2026-11-18\n"
    )
    pk.ok("import", str(source))
    (promise,) = pk.ok("ls", "--all", "--status", "all", "-f", "json").json()
    assert promise["made_at"] == "2026-11-18T17:00:00+00:00"
    assert promise["outcome"] == "kept_on_time"


# --- no date or customer silently wrong -----------------------------------------------------------

WED_9_DEC = "2026-12-09T10:00:00+00:00"


def test_day_and_month_of_the_last_30_days(pk: Pk) -> None:
    out = pk("add", "x", "--to", "Acme", "--by", "dec 8", now=WED_9_DEC)
    assert out.exit_code == 2 and 'write "Dec 8 2027"' in out.stderr
    pk.ok("add", "x", "--to", "Acme", "--by", "dec 10", "--made", "dec 1", now=WED_9_DEC)
    kept = pk.ok("keep", "1", "--at", "dec 1", now=WED_9_DEC).stdout
    assert "Tue 1 Dec" in kept
    (promise,) = pk.ok("ls", "--all", "--status", "all", "-f", "json", now=WED_9_DEC).json()
    assert promise["made_at"] == "2026-12-01T00:00:00+00:00"
    assert promise["kept_at"] == "2026-12-01T17:00:00+00:00"


@pytest.mark.parametrize(
    ("typed", "existing"),
    [("Acm", "Acme"), ("Acne", "Acme"), ("ACME Inc", "Acme"), ("Globex", "Globex Ltd")],
)
def test_near_customers_are_refused_with_a_suggestion(pk: Pk, typed: str, existing: str) -> None:
    pk.ok("add", "first", "--to", existing, "--by", "friday")
    out = pk("add", "second", "--to", typed, "--by", "friday")
    assert out.exit_code == 2
    assert f'looks like the existing customer "{existing}". Use --to "{existing}"' in out.stderr
    pk.ok(
        "add", "second", "--to", "Acme\u200b" if existing == "Acme" else existing, "--by", "friday"
    )
    assert len(pk.ok("customer", "list", "-f", "json").json()) == 1


def test_private_folders_under_umask_000(sqlite_pk: Pk, tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PK_"))}
    env.update(HOME=str(home), PK_NOW=NOW, PK_USER="dana", TZ="UTC")
    for args in (["add", "x", "--to", "Acme", "--by", "friday"], ["config", "set", "user", "dana"]):
        done = subprocess.run(
            [sys.executable, "-m", "promisekeeper", *args],
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=lambda: os.umask(0),
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    created = [
        home / ".local",
        home / ".local/share",
        home / ".local/share/promisekeeper",
        home / ".config",
        home / ".config/promisekeeper",
    ]
    assert {str(p): stat.S_IMODE(p.stat().st_mode) for p in created} == {
        str(p): 0o700 for p in created
    }
    database = home / ".local/share/promisekeeper/pk.db"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    database.chmod(0o644)
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "due"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stderr.startswith("Warning: the database") and "chmod 600" in done.stderr
    assert done.stderr.count("\n") == 1

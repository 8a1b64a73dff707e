"""Bad input: one line on stderr, exit 2 (1 for environment faults), no traceback, nothing written
(the database file is byte-for-byte unchanged). Run as real subprocesses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.conftest import Pk

BAD_INPUT = [
    (["promise", "keep", "999"], 2, "No promise #999. `pk promise list` shows the open ones."),
    (["promise", "reopen", "99999999999999999999"], 2, "No promise #99999999999999999999."),
    (["promise", "show", "0"], 2, "No promise #0."),
    (["add", "x", "--to", "Acme", "--by", "the 45th"], 2, '"the 45th" is not a day of the month'),
    (["add", "x", "--to", "Acme", "--by", "fridya"], 2, 'Did you mean "friday"?'),
    (["add", "x", "--to", "Acme", "--by", "2026-11-20"], 2, "is in the past"),
    (["add", "   ", "--to", "Acme", "--by", "friday"], 2, "The promise text cannot be empty."),
    (["add", "x", "--to", "", "--by", "friday"], 2, "cannot be empty"),
    (["ls", "--format", "yaml"], 2, "Invalid value for '--format'"),
    (["add", "y", "--to", "acme.", "--by", "friday"], 2, 'looks like the existing customer "Acme"'),
    (["due", "--days", "-1"], 2, "--days must be a whole number from 0 to 365, not -1."),
    (["ls", "--status", "nope"], 2, 'Unknown status "nope"'),
    (["keep", "1", "--at", "tomorrow"], 2, "in the future"),
    (["ls", "--owner", "sam", "--all"], 2, "either --owner or --all"),
    (["add", "x", "--to", "Acme", "--by", "friday", "--tag", "two words"], 2, "is not a tag"),
    (["promise", "show", "abc"], 2, "Invalid value for 'ID'"),
    (["promise", "frobnicate"], 2, "No such command 'frobnicate'"),
    (["slip", "1", "--by", "friday"], 2, "already due then"),
    (["promise", "reopen", "1"], 2, "already open"),
    (["customer", "show", "Nobody"], 2, 'No customer "Nobody"'),
    (["config", "set", "due.days", "soon"], 2, "due.days must be a whole number"),
]


def check_one_line(out_stderr: str, message: str) -> None:
    assert "Traceback" not in out_stderr
    assert out_stderr.count("\n") == 1 and out_stderr.startswith("Error: "), out_stderr
    assert message in out_stderr


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT)
def test_bad_input_writes_nothing(pk: Pk, args: list[str], code: int, message: str) -> None:
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    out = pk.sh(*args)
    assert out.exit_code == code, out.stderr
    check_one_line(out.stderr, message)
    assert out.stdout == ""
    assert pk.snapshot() == before


def test_json_errors_print_nothing_on_stdout(pk: Pk) -> None:
    out = pk.sh("promise", "show", "7", "--format", "json")
    assert out.exit_code == 2 and out.stdout == ""
    check_one_line(out.stderr, "No promise #7")


def test_missing_database_directory(sqlite_pk: Pk, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "pk.db"
    out = sqlite_pk.sh("--db", str(target), "add", "x", "--to", "Acme", "--by", "friday")
    assert out.exit_code == 2
    check_one_line(out.stderr, "does not exist; create it or choose another --db")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    "content",
    [b"This is my shopping list, not a database.\n", b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text-file", "damaged-sqlite"],
)
def test_unreadable_database_file_is_left_alone(sqlite_pk: Pk, content: bytes) -> None:
    sqlite_pk.db.write_bytes(content)
    for args in (["due"], ["add", "x", "--to", "Acme", "--by", "friday"]):
        out = sqlite_pk.sh(*args)
        assert out.exit_code == 1, out.stderr
        check_one_line(out.stderr, "")
        assert "not a pk database" in out.stderr or "damaged" in out.stderr
    assert sqlite_pk.db.read_bytes() == content


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_database_without_read_permission(sqlite_pk: Pk) -> None:
    sqlite_pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    sqlite_pk.db.chmod(0)
    try:
        out = sqlite_pk.sh("due")
    finally:
        sqlite_pk.db.chmod(0o600)
    assert out.exit_code == 1
    check_one_line(out.stderr, "Cannot")


def test_invalid_config_file(pk: Pk) -> None:
    Path(pk.env["PK_CONFIG"]).write_text("workday = [unclosed\n")
    out = pk.sh("due")
    assert out.exit_code == 2
    check_one_line(out.stderr, "is not valid TOML")


def test_unexpected_errors_are_one_line_too(sqlite_pk: Pk) -> None:
    # A directory where the database file should be: an environment fault, not a crash.
    sqlite_pk.db.mkdir()
    out = sqlite_pk.sh("due")
    assert out.exit_code == 2
    check_one_line(out.stderr, "is a directory")


def test_the_installed_pk_leaves_fast_yet_flushes_and_reports(sqlite_pk: Pk) -> None:
    """The installed script skips the interpreter's shutdown (cli.run): all its output still
    arrives, its exit codes are the command's, and a failed flush is one line and exit 1."""
    import json

    script = str(Path(sys.executable).parent / "pk")
    env = {**os.environ, **sqlite_pk.env}
    rows = "what,customer,due_at\n" + "".join(
        f"Promise {i},Acme,2026-12-{1 + i % 28:02d}\n" for i in range(3000)
    )
    source = sqlite_pk.home / "many.csv"
    source.write_text(rows)
    imported = subprocess.run([script, "import", str(source), "--new-customer"], env=env,
                              capture_output=True, text=True)  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run([script, "ls", "--all", "-f", "json"], env=env, capture_output=True)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 3000  # every byte came
    refused = subprocess.run([script, "keep", "99999"], env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            failed = subprocess.run([script, "ls", "--all"], env=env, stdout=full,
                                    stderr=subprocess.PIPE, text=True)  # fmt: skip
        assert failed.returncode == 1
        assert failed.stderr.startswith("Error: Cannot write the output")


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


CONNINFO = [
    "host=db.example dbname=pk user=bob password=s3cr3t-pw",
    "dbname=pk password=s3cr3t-pw",
    "  HOST = db.example password=s3cr3t-pw",
    "service=team password=s3cr3t-pw",
    "team db=main password=s3cr3t-pw",  # a keyword anywhere
]


@pytest.mark.parametrize("where", ["PK_DB", "--db", "file"])
@pytest.mark.parametrize("db", CONNINFO)
def test_libpq_keywords_are_refused_not_made_a_file(
    sqlite_pk: Pk, tmp_path: Path, db: str, where: str
) -> None:
    """A libpq keyword string once became a SQLite file named after it ("Nothing due", and
    `pk db path` printed the password): now one line naming the URL form, exit 2, no file,
    and the password never printed."""
    env = {**os.environ, **sqlite_pk.env}
    args = ["db", "path"]
    if where == "PK_DB":
        env["PK_DB"] = db
    elif where == "--db":
        args = ["--db", db, "due"]
    else:
        del env["PK_DB"]
        (tmp_path / "config.toml").write_text(f'db = "{db}"\n')
        env["PK_CONFIG"] = str(tmp_path / "config.toml")
    before = set(os.listdir(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", *args],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert "postgresql+psycopg://" in lines[0] and ".pgpass" in lines[0]
    assert "s3cr3t" not in done.stderr
    assert set(os.listdir(tmp_path)) == before  # no file named after the string


def test_a_password_in_the_db_option_is_warned_about(sqlite_pk: Pk) -> None:
    """Allowed (it works), but every local user sees it in ps: one warning line, and the
    password is never printed (`pk db path` does not connect)."""
    with_password = "postgresql+psycopg://bob:not-needed@127.0.0.1:5432/team"
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "--db", with_password, "db", "path"],
        env={**os.environ, **sqlite_pk.env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "not-needed" not in done.stdout + done.stderr
    assert "visible to every user of this machine (ps)" in done.stderr
    assert ".pgpass" in done.stderr and done.stderr.count("\n") == 1


def test_another_location_with_equals_and_spaces_is_a_file_said_so(sqlite_pk: Pk) -> None:
    """Not libpq's keywords: a file name, as given, with one line saying how it was taken."""
    name = str(sqlite_pk.home / "team db=2027 notes.db")
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "add", "x", "--to", "Acme", "--by", "friday"],
        env={**os.environ, **sqlite_pk.env, "PK_DB": name}, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert 'PK_DB has "=" and spaces; it is taken as the name of a SQLite file' in done.stderr
    assert done.stderr.count("\n") == 1 and Path(name).exists()

"""Trust, round 3: the wave-2 surfaces (hooks, capture, imports from other tools, CalDAV,
notifications, reminders, undo, business calendars) under hostile input. Each case failed
before the mechanism named in docs/reliability.md ("Outside values", "One text rule", …) was
put in place; each checks one line, the exit code, and that nothing was written."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from tests.conftest import Pk
from tests.test_hooks import hook as _hook


def _one_error(done: object, *words: str) -> str:
    """The single ``Error:`` line of a refused command, which names ``words``."""
    stderr = done.stderr  # type: ignore[attr-defined]
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert "bug in pk" not in lines[0] and "Traceback" not in stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --- outside values are parsed before library code sees them ---------------------------------

ENV_NUMBERS = [
    ("PK_HOOK_TIMEOUT", "inf"),
    ("PK_HOOK_TIMEOUT", "nan"),
    ("PK_HOOK_TIMEOUT", "1e309"),
    ("PK_HOOK_TIMEOUT", "abc"),
    ("PK_HOOK_TIMEOUT", "0"),
    ("PK_HOOK_TIMEOUT", "-1"),
    ("PK_HOOK_TIMEOUT", "１０"),  # fullwidth digits: float() would take them
    ("PK_BUSY_TIMEOUT_MS", "1.5"),
    ("PK_BUSY_TIMEOUT_MS", "0"),
    ("PK_PROGRESS_AFTER", "inf"),
    ("PGCONNECT_TIMEOUT", "-3"),
    ("PGCONNECT_TIMEOUT", "5s"),
]


@pytest.mark.parametrize(("name", "value"), ENV_NUMBERS, ids=[f"{n}={v}" for n, v in ENV_NUMBERS])
def test_an_outside_number_is_checked_before_anything_is_written(
    sqlite_pk: Pk, name: str, value: str
) -> None:
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    _hook(sqlite_pk, "sleep 600")
    before = sqlite_pk.snapshot()
    done = sqlite_pk.sh("add", "Call", "--to", "Acme", "--by", "friday", **{name: value})
    assert done.exit_code == 2
    _one_error(done, name, "from", "to")
    assert sqlite_pk.snapshot() == before


def test_a_hook_time_limit_in_range_is_used(sqlite_pk: Pk) -> None:
    _hook(sqlite_pk, "sleep 600")
    done = sqlite_pk.sh(
        "add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer", PK_HOOK_TIMEOUT="0.5"
    )
    assert done.exit_code == 0
    assert "did not finish in 0.5 s and was stopped; the change is saved" in done.stderr


# --- pk remind: nothing announced is lost ---------------------------------------------------


def _overdue(pk: Pk) -> None:
    pk.ok("add", "Call back", "--to", "Acme", "--by", "2026-11-23T08:00", "--made",
          "2026-11-20", "--new-customer")  # fmt: skip


def _remind_into(pk: Pk, stdout: int | IO[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "promisekeeper", "remind", "--all"],
        env={**os.environ, **pk.env},
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )


def test_a_reminder_printed_into_a_closed_pipe_is_announced_again(sqlite_pk: Pk) -> None:
    _overdue(sqlite_pk)
    read_end, write_end = os.pipe()
    os.close(read_end)  # `pk remind | true` when true has already gone
    done = _remind_into(sqlite_pk, write_end)
    os.close(write_end)
    assert done.returncode == 1 and "bug in pk" not in done.stderr
    again = sqlite_pk.ok("remind", "--all").stdout
    assert again.startswith("Overdue: #1 Call back (Acme)")
    assert sqlite_pk.ok("remind", "--all").stdout == ""  # said once it was delivered


def test_a_reminder_written_to_a_full_disk_is_announced_again(sqlite_pk: Pk) -> None:
    _overdue(sqlite_pk)
    with open("/dev/full", "w") as full:
        done = _remind_into(sqlite_pk, full)
    assert done.returncode == 1
    _one_error(done, "No space left on device")
    assert sqlite_pk.ok("remind", "--all").stdout.startswith("Overdue: #1 Call back")


# --- CalDAV: the URL is pk's to check, the server's answer is data --------------------------

BAD_CALDAV = [
    ("http://127.0.0.1:abc/cal/", "port", "1 to 65535"),
    ("http://127.0.0.1:99999/cal/", "port", "1 to 65535"),
    ("http://127.0.0.1:0/cal/", "port", "1 to 65535"),
    ("http://[::1/cal/", "http(s) URL", "https://host"),
    ("http://[zz::1]/cal/", "http(s) URL", "https://host"),
    ("ftp://bob:p@ss3cr3t@host/cal/", "http(s) URL", "ftp://***@host/cal/"),
    ("https://bob:p/ss3cr3t@host:x/cal/", "port", "***@host"),
]


@pytest.mark.parametrize(("url", "named", "shown"), BAD_CALDAV, ids=[b[0] for b in BAD_CALDAV])
def test_a_caldav_url_is_checked_by_pk(pk: Pk, url: str, named: str, shown: str) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    before = pk.snapshot()
    done = pk("ics", "--caldav", url)
    assert done.exit_code == 2
    line = _one_error(done, named, shown)
    assert "ss3cr3t" not in line and "p@ss" not in line
    assert pk.snapshot() == before


class _Answers(http.server.BaseHTTPRequestHandler):
    """A CalDAV server whose every answer holds a control byte in its XML."""

    body = (
        b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/\x01'
        b"</d:href></d:response></d:multistatus>"
    )

    def _answer(self) -> None:
        self.send_response(207)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_PROPFIND = do_REPORT = do_GET = do_PUT = do_OPTIONS = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cal/"
    server.shutdown()
    server.server_close()


def test_a_caldav_answer_holding_a_control_byte_is_one_line(
    sqlite_pk: Pk, hostile_server: str
) -> None:
    pytest.importorskip("caldav", reason="the caldav client is a dev dependency")
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    done = sqlite_pk.sh("ics", "--caldav", hostile_server.replace("://", "://u:secret-pw@"))
    assert done.exit_code == 1
    line = _one_error(done, "CalDAV", "127.0.0.1")
    assert "secret-pw" not in done.stderr and done.stdout == ""
    assert "\x01" not in line


# --- no secret is printed, whatever the URL's shape -----------------------------------------

TOKEN_URLS = [  # services whose host, or user, *is* the secret
    ("pbul://o.gn5kj6nfhv736I7jC3cj0QLRRN84ihas", "gn5kj6nfhv736I7jC3cj0QLRRN84iha"),
    ("ifttt://WebHookID1234/EventToTrigger", "WebHookID1234"),
    ("pover://userkey12345@tokenkey12345", "tokenkey12345"),
    ("json://user:s3cr3t-pw@127.0.0.1:1/hook", "s3cr3t-pw"),
    ("mailto://user:s3cr3t-pw@example.com", "s3cr3t-pw"),
]


@pytest.mark.parametrize(("url", "secret"), TOKEN_URLS, ids=[t[0][:8] for t in TOKEN_URLS])
def test_a_notification_url_is_shown_as_apprise_hides_it(url: str, secret: str) -> None:
    """What every line about a notification URL shows (nothing is sent: these services are
    not on this machine's network)."""
    pytest.importorskip("apprise", reason="Apprise is a dev dependency")
    from promisekeeper.remote.notify import shown

    assert secret.lower() not in shown(url).lower()
    assert shown(url).split("://")[0] in url


def test_a_failed_notification_names_the_service_without_its_secret(sqlite_pk: Pk) -> None:
    """Nothing listens on port 1: the failure line hides the password; the reminder is kept."""
    pytest.importorskip("apprise", reason="Apprise is a dev dependency")
    _overdue(sqlite_pk)
    done = sqlite_pk.sh("remind", "--all", "--notify", "json://user:s3cr3t-pw@127.0.0.1:1/hook")
    assert done.exit_code == 1
    assert "s3cr3t-pw" not in done.stderr + done.stdout
    _one_error(done, "Could not send the reminder to json://user:")
    assert sqlite_pk.ok("remind", "--all").stdout.startswith("Overdue: #1")


def test_a_notification_sent_names_the_service_without_its_token(sqlite_pk: Pk) -> None:
    """A JSON webhook with a password, on a real local receiver: "Sent to" hides it."""
    pytest.importorskip("apprise", reason="Apprise is a dev dependency")

    class Ok(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _overdue(sqlite_pk)
        url = f"json://dana:tok3n-s3cret@127.0.0.1:{server.server_address[1]}/hook"
        done = sqlite_pk.sh("remind", "--all", "--notify", url)
    finally:
        server.shutdown()
        server.server_close()
    assert done.exit_code == 0, done.stderr
    assert "tok3n-s3cret" not in done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("Sent to json://dana:")


# --- bytes from outside are decoded once, at the edge ----------------------------------------

CAPTURE_INPUTS = [
    (b"I'll send Acme the quote by Friday \xff\n", "not UTF-8 text (byte 0xff on line 1)"),
    (b"Hi.\nI'll send Acme the quote by Friday\x00.\n", "holds a NUL byte (line 2)"),
    (b"a" * 1_000_001, "longer than 1 MB"),
]


@pytest.mark.parametrize(("data", "said"), CAPTURE_INPUTS, ids=["utf-8", "nul", "size"])
def test_capture_reads_stdin_by_the_one_rule(pk: Pk, data: bytes, said: str) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    before = pk.snapshot()
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "capture", "--yes"],
        env={**os.environ, **pk.env},
        input=data,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == b""  # refused before any proposal
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "bug in pk" not in lines[0]
    assert pk.snapshot() == before


# --- one time range for computed dates; a calendar with no open day -------------------------


def test_a_resumed_wait_past_the_last_day_is_refused(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "2999-12-30", "--new-customer",
          now="2999-12-01T09:00:00+00:00")  # fmt: skip
    pk.ok("promise", "wait", "1", now="2999-12-02T09:00:00+00:00")
    before = pk.snapshot()
    done = pk("promise", "resume", "1", now="2999-12-28T09:00:00+00:00")
    assert done.exit_code == 2
    _one_error(done, "outside the times pk keeps", "2999-12-31")
    assert pk.snapshot() == before


def _closed_mondays(pk: Pk, first: str, weeks: int) -> None:
    from datetime import date, timedelta

    start = date.fromisoformat(first)
    days = ", ".join(str(start + timedelta(weeks=i)) for i in range(weeks))
    pk.ok("config", "set", "workdays", "mon")
    pk.ok("config", "set", "calendar.closed", days)


@pytest.mark.parametrize(
    ("expression", "weeks", "where"),
    [
        ("eom", 5, "in December 2026"),
        ("next week", 2, "in the week of Mon 14 Dec 2026"),
        ("eow", 1, "in the week of Mon 07 Dec 2026"),
        ("1 business day", 60, "in the 366 days after"),
    ],
)
def test_a_calendar_with_no_open_day_in_reach_is_one_line(
    sqlite_pk: Pk, expression: str, weeks: int, where: str
) -> None:
    _closed_mondays(sqlite_pk, "2026-12-07", weeks)
    done = sqlite_pk("when", expression, now="2026-12-07T08:00:00+00:00")
    assert done.exit_code == 2
    _one_error(done, "The calendar has no open day", where)


# --- a refused setting writes nothing ---------------------------------------------------------


def test_a_country_change_that_strands_the_subdivision_writes_nothing(sqlite_pk: Pk) -> None:
    sqlite_pk.ok("config", "set", "calendar.country", "US")
    sqlite_pk.ok("config", "set", "calendar.subdivision", "NY")
    config = sqlite_pk.home / "config.toml"
    before = config.read_bytes()
    for args in (("set", "calendar.country", "DE"), ("unset", "calendar.country")):
        done = sqlite_pk("config", *args)
        assert done.exit_code == 2
        _one_error(done, "calendar.subdivision")
        assert config.read_bytes() == before
    assert sqlite_pk.ok("when", "friday").stdout  # everything still works
    sqlite_pk.ok("config", "unset", "calendar.subdivision")
    sqlite_pk.ok("config", "set", "calendar.country", "DE")


@pytest.mark.parametrize(
    ("line", "key"),
    [("db = 5", "db"), ("user = true", "user"), ("[workday]\nend = 17", "workday.end")],
)
def test_a_setting_of_the_wrong_type_is_refused(sqlite_pk: Pk, line: str, key: str) -> None:
    (sqlite_pk.home / "config.toml").write_text(line + "\n")
    done = sqlite_pk.sh("due", PK_DB="")
    assert done.exit_code == 2
    _one_error(done, key, "must be text in quotes")
    assert not (sqlite_pk.home / "5").exists() and not Path("5").exists()


def test_numbers_stay_numbers_where_a_setting_is_one(sqlite_pk: Pk) -> None:
    (sqlite_pk.home / "config.toml").write_text("[due]\ndays = 3\n[risk]\nat = 0.5\n")
    sqlite_pk.ok("due")


def test_customer_set_creates_the_customer(pk: Pk) -> None:
    assert pk.ok("customer", "set", "Acme").stdout == 'New customer "Acme".\n'
    done = pk.ok("customer", "set", "Globex", "--timezone", "Europe/Berlin").stdout
    assert done == 'New customer "Globex".\nGlobex: time zone Europe/Berlin, calendar yours.\n'
    near = pk("customer", "set", "ACME Inc")
    assert near.exit_code == 2
    _one_error(near, 'looks like the existing customer "Acme"')
    again = pk("customer", "set", "acme")
    assert again.exit_code == 2
    _one_error(again, '"Acme" is on file already')
    names = [c["customer"] for c in pk.ok("customer", "list", "-f", "json").json()]
    assert names == ["Acme", "Globex"]


# --- one change per undo ----------------------------------------------------------------------


def test_undo_takes_back_one_command_even_in_the_same_second(pk: Pk) -> None:
    """With a fixed clock, 20 notes are 20 commands: one undo takes back the last only; two
    commands of different kinds in one second are two changes; one command on several
    promises is one change."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    pk.ok("add", "Call", "--to", "Acme", "--by", "friday")
    for number in range(20):
        pk.ok("promise", "note", "1", f"note {number}")
    pk.ok("undo")
    history = pk.ok("promise", "show", "1", "-f", "json").json()["history"]
    voided = [e["text"] for e in history if e.get("voided_by")]
    assert voided == ["note 19"]
    pk.ok("keep", "1", "2")  # one command, two promises
    pk.ok("promise", "note", "1", "cron's note")
    pk.ok("undo")
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "kept"
    pk.ok("undo")
    assert [p["status"] for p in pk.ok("ls", "-f", "json").json()] == ["open", "open"]

"""``pk ics --caldav`` against a real CalDAV server (Radicale, started on 127.0.0.1 for these
tests and stopped after), read back with the ``caldav`` client."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Pk
from tests.helpers import one_error

caldav = pytest.importorskip("caldav", reason="the caldav client is a dev dependency")
pytest.importorskip("radicale", reason="the Radicale CalDAV server is a dev dependency")

USER, PASSWORD = "dana", "s3cret-pw"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server with one user (plain htpasswd), until the module's tests are done."""
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    port = _free_port()
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[rights]\ntype = owner_only\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(500):  # wait for the port to accept, however slow the machine
            if process.poll() is not None:
                pytest.fail("Radicale did not start")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.02)
        else:
            pytest.fail("Radicale never accepted a connection")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def collection(server: str, request: pytest.FixtureRequest) -> tuple[str, Any]:
    """A new, empty calendar collection: its URL (without credentials) and the client's view."""
    name = f"pk-{request.node.name}".replace("[", "-").replace("]", "")[:60]
    client = caldav.DAVClient(url=server, username=USER, password=PASSWORD)
    calendar = client.principal().make_calendar(
        name=name, cal_id=name, supported_calendar_component_set=["VTODO", "VEVENT"]
    )
    return str(calendar.url), calendar


def with_password(url: str) -> str:
    return url.replace("http://", f"http://{USER}:{PASSWORD}@")


def with_user(url: str) -> str:
    """The URL naming the user only: the password comes from PK_CALDAV_PASSWORD."""
    return url.replace("http://", f"http://{USER}@")


def tasks(calendar: Any) -> dict[str, Any]:
    return {
        str(t.icalendar_component["summary"]): t.icalendar_component
        for t in calendar.todos(include_completed=True)
    }


@pytest.mark.slow
def test_push_creates_updates_completes_and_removes(pk: Pk, collection: tuple[str, Any]) -> None:
    url, calendar = collection
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    pk.ok("add", "Old idea", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Risky", "--to", "Acme", "--by", "friday")
    calendar.save_todo(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//else//EN\r\nBEGIN:VTODO\r\n"
        "UID:their-own@example\r\nDTSTAMP:20261123T090000Z\r\nSUMMARY:Not pk's\r\n"
        "END:VTODO\r\nEND:VCALENDAR\r\n"
    )
    first = pk.ok("ics", "--tasks", "--caldav", with_password(url))
    assert first.stdout == f"CalDAV {url}: 4 new, 0 changed, 0 completed, 0 cancelled, 0 removed.\n"
    assert PASSWORD not in first.stdout + first.stderr
    found = tasks(calendar)
    assert sorted(found) == [
        "Acme: Old idea",
        "Acme: Risky",
        "Acme: Send the quote",
        "Globex: Call back",
        "Not pk's",
    ]
    assert found["Acme: Send the quote"].decoded("due") == datetime(2026, 11, 27, 17, tzinfo=UTC)

    again = pk.ok("ics", "--tasks", "--caldav", with_user(url), PK_CALDAV_PASSWORD=PASSWORD)
    assert again.stdout.endswith("0 new, 0 changed, 0 completed, 0 cancelled, 0 removed.\n")

    pk.ok(
        "slip",
        "1",
        "--by",
        "monday",
        "--reason",
        "waiting on prices",
        now="2026-11-24T09:00:00+00:00",
    )
    pk.ok("keep", "2")
    pk.ok("promise", "cancel", "3")
    pk.ok("promise", "break", "4", "--reason", "supplier gone")
    moved = pk.ok("ics", "--tasks", "--caldav", with_user(url), PK_CALDAV_PASSWORD=PASSWORD)
    assert moved.stdout.endswith("0 new, 1 changed, 1 completed, 1 cancelled, 1 removed.\n")
    found = tasks(calendar)
    assert sorted(found) == ["Acme: Risky", "Acme: Send the quote", "Globex: Call back", "Not pk's"]
    quote = found["Acme: Send the quote"]
    assert quote.decoded("due") == datetime(2026, 11, 30, 17, tzinfo=UTC)  # the moved date
    assert quote["sequence"] == 1
    assert found["Globex: Call back"]["status"] == "COMPLETED"
    assert found["Acme: Risky"]["status"] == "CANCELLED"
    assert found["Not pk's"]["summary"] == "Not pk's"  # left alone
    last = pk.ok("ics", "--tasks", "--caldav", with_user(url), PK_CALDAV_PASSWORD=PASSWORD)
    assert last.stdout.endswith("0 new, 0 changed, 0 completed, 0 cancelled, 0 removed.\n")


def test_events_are_pushed_as_events(pk: Pk, collection: tuple[str, Any]) -> None:
    url, calendar = collection
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    pk.ok("ics", "--caldav", with_user(url), PK_CALDAV_PASSWORD=PASSWORD)
    events = [e.icalendar_component for e in calendar.events()]
    assert [str(e["summary"]) for e in events] == ["Globex: Call back"]
    assert events[0].decoded("dtend") == datetime(2026, 11, 24, 10, tzinfo=UTC)
    # slipped and kept: the event keeps its place in the calendar at the date kept against
    pk.ok("slip", "1", "--by", "friday")
    pk.ok("keep", "1", now="2026-11-25T09:00:00+00:00")
    kept = pk.ok("ics", "--caldav", with_password(url), now="2026-11-25T09:05:00+00:00")
    assert ": 0 new, 1 changed, 0 completed" in kept.stdout
    event = calendar.events()[0].icalendar_component
    assert event.decoded("dtend") == datetime(2026, 11, 27, 17, tzinfo=UTC)
    assert str(event["status"]) == "CONFIRMED" and int(event["sequence"]) == 1


def test_switching_kinds_says_what_stays(pk: Pk, collection: tuple[str, Any]) -> None:
    """Tasks pushed before events became the default: an open promise's task becomes its
    event (the same UID), a closed one's stays, and the first push of events says so."""
    url, calendar = collection
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("ics", "--tasks", "--caldav", with_password(url))
    pk.ok("keep", "2")
    pk.ok("ics", "--tasks", "--caldav", with_password(url))
    first = pk.ok("ics", "--caldav", with_password(url))
    assert first.stdout.splitlines()[-1] == (
        "The collection also holds 1 task of closed promises that pk pushed before and no "
        "longer updates (with --tasks pk pushes that kind)."
    )
    assert list(tasks(calendar)) == ["Acme: Send the quote"]
    assert [str(e.icalendar_component["summary"]) for e in calendar.events()] == [
        "Globex: Call back"
    ]
    assert "also holds" not in pk.ok("ics", "--caldav", with_password(url)).stdout


@pytest.mark.slow
def test_slipped_and_kept_between_pushes(pk: Pk, collection: tuple[str, Any]) -> None:
    """Pushed, then slipped and kept before the next push: the completed task carries the
    date it was kept against and a higher SEQUENCE, not the date it was pushed with."""
    url, calendar = collection
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    pk.ok("ics", "--tasks", "--caldav", with_password(url))
    pk.ok("slip", "1", "--by", "friday")
    pk.ok("keep", "1", now="2026-11-25T09:00:00+00:00")
    pk.ok("ics", "--tasks", "--caldav", with_password(url), now="2026-11-25T09:05:00+00:00")
    task = tasks(calendar)["Globex: Call back"]
    assert str(task["status"]) == "COMPLETED"
    assert task.decoded("due") == datetime(2026, 11, 27, 17, tzinfo=UTC)
    assert int(task["sequence"]) == 1


def test_a_resume_moves_the_date_and_bumps_the_sequence(pk: Pk) -> None:
    """A wait's end moves the due date by the time waited: the item's SEQUENCE grows, so a
    calendar takes the new date (it kept the old one when only slips counted)."""
    import icalendar

    pk.ok("add", "Call back", "--to", "Globex", "--by", "friday")
    pk.ok("promise", "wait", "1", "--reason", "the logs")
    pk.ok("promise", "resume", "1", now="2026-11-24T09:00:00+00:00")
    shown = pk.ok("ics", "--tasks", now="2026-11-24T09:05:00+00:00").stdout
    todo = icalendar.Calendar.from_ical(shown).walk("VTODO")[0]
    assert int(todo["sequence"]) == 1
    assert todo.decoded("due") > datetime(2026, 11, 27, 17, tzinfo=UTC)


def test_a_refused_login_is_one_line_without_the_password(
    pk: Pk, collection: tuple[str, Any]
) -> None:
    url, _calendar = collection
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    wrong = url.replace("http://", f"http://{USER}:not-{PASSWORD}@")
    refused = pk("ics", "--caldav", wrong)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: The CalDAV server at {url} refused the login of {USER}; check the user and "
        "password (PK_CALDAV_PASSWORD).\n"
    )
    assert PASSWORD not in refused.stderr and "not-" not in refused.stderr


def test_a_collection_that_does_not_exist_says_what_to_create(pk: Pk, server: str) -> None:
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    missing = f"{server}{USER}/no-such-calendar/"
    refused = pk("ics", "--caldav", with_password(missing))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: There is no CalDAV collection at {missing}: create a calendar there first (in "
        "the server's web page or your calendar app; pk writes into one, it does not make "
        "one), or give the URL of one that exists.\n"
    )


def test_an_unreachable_server_is_one_line(pk: Pk) -> None:
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    url = f"http://{USER}:{PASSWORD}@127.0.0.1:{_free_port()}/dana/pk/"
    refused = pk("ics", "--caldav", url)
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("Error: Could not update the CalDAV collection at http://127")
    assert PASSWORD not in refused.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--caldav", "ftp://host/cal"], "--caldav takes the http(s) URL of a calendar collection"),
        (["--caldav", "http://h/", "--out", "x.ics"], "Use either --out or --caldav, not both."),
    ],
)
def test_bad_caldav_options(pk: Pk, args: list[str], message: str) -> None:
    refused = pk("ics", *args)
    assert refused.exit_code == 2 and message in refused.stderr
    assert not Path("x.ics").exists()


BAD_CALDAV = [
    ("http://127.0.0.1:abc/cal/", "port", "1 to 65535"),
    ("http://127.0.0.1:99999/cal/", "port", "1 to 65535"),
    ("http://127.0.0.1:0/cal/", "port", "1 to 65535"),
    ("http://[::1/cal/", "http(s) URL", "https://host"),
    ("http://[zz::1]/cal/", "http(s) URL", "https://host"),
    ("ftp://bob:p@ss3cr3t@host/cal/", "http(s) URL", "ftp://***@host/cal/"),
    ("https://bob:p/ss3cr3t@host:x/cal/", "port", "***@host"),
]


@pytest.fixture
def hostile_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cal/"
    server.shutdown()
    server.server_close()


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


@pytest.mark.parametrize(("url", "named", "shown"), BAD_CALDAV, ids=[b[0] for b in BAD_CALDAV])
def test_a_caldav_url_is_checked_by_pk(pk: Pk, url: str, named: str, shown: str) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    before = pk.snapshot()
    done = pk("ics", "--caldav", url)
    assert done.exit_code == 2
    line = one_error(done, named, shown)
    assert "ss3cr3t" not in line and "p@ss" not in line
    assert pk.snapshot() == before


def test_a_caldav_answer_holding_a_control_byte_is_one_line(
    sqlite_pk: Pk, hostile_server: str
) -> None:
    pytest.importorskip("caldav", reason="the caldav client is a dev dependency")
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    done = sqlite_pk.sh("ics", "--caldav", hostile_server.replace("://", "://u:secret-pw@"))
    assert done.exit_code == 1
    line = one_error(done, "CalDAV", "127.0.0.1")
    assert "secret-pw" not in done.stderr and done.stdout == ""
    assert "\x01" not in line


def test_a_request_is_a_task_without_due(pk: Pk, collection: tuple[str, Any]) -> None:
    """docs/words.md, "Unanswered requests and declines": a request goes up as a to-do without
    DUE; its answer gives it one (a new SEQUENCE); a declined one is taken away."""
    url, calendar = collection
    pk.ok("add", "Quote for the racks", "--to", "Acme", "--unanswered")
    pk.ok("add", "Custom cables", "--to", "Acme", "--unanswered")
    first = pk.ok("ics", "--tasks", "--caldav", with_password(url))
    assert first.stdout.endswith("2 new, 0 changed, 0 completed, 0 cancelled, 0 removed.\n")
    found = tasks(calendar)
    asked = found["Acme: Quote for the racks (answer)"]
    assert "due" not in asked and asked["status"] == "NEEDS-ACTION"
    pk.ok("promise", "answer", "1", "--by", "friday")
    pk.ok("promise", "decline", "2", "--reason", "we do not make cables")
    moved = pk.ok("ics", "--tasks", "--caldav", with_password(url))
    assert moved.stdout.endswith("0 new, 1 changed, 0 completed, 0 cancelled, 1 removed.\n")
    found = tasks(calendar)
    assert sorted(found) == ["Acme: Quote for the racks"]
    quote = found["Acme: Quote for the racks"]
    assert quote.decoded("due") == datetime(2026, 11, 27, 17, tzinfo=UTC)
    assert quote["sequence"] == 1

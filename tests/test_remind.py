"""``pk remind`` (docs/reminders.md): each change said once, across a sequence of runs, after a
notifier failure, and between two runs at the same moment."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from tests.conftest import Pk
from tests.helpers import one_error
from tests.test_reliability import Held

MON = "2026-11-23T09:00:00+00:00"


def seed(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")  # Fri 17:00; at risk Thu 15:00
    pk.ok("add", "Call back", "--to", "Globex", "--by", "today 10am")
    pk.ok("add", "Old", "--to", "Acme", "--by", "2026-11-20", "--made", "2026-11-10")


RUNS = [
    # now, what this run says (nothing already said)
    (MON, ["Overdue: #3 Old (Acme), due Fri 20 Nov 17:00, 3 days late",
           "Due soon: #2 Call back (Globex), due Mon 23 Nov 10:00, in 1 h"]),
    ("2026-11-23T09:30:00+00:00", []),
    ("2026-11-23T10:30:00+00:00",
     ["Overdue: #2 Call back (Globex), due Mon 23 Nov 10:00, 30 min late"]),
    # Past 2 business days overdue: #3 since Tue 17:00, #2 since Wed 10:00.
    ("2026-11-26T14:59:00+00:00",
     ["Escalated: #3 Old (Acme), due Fri 20 Nov 17:00, 6 days late",
      "Escalated: #2 Call back (Globex), due Mon 23 Nov 10:00, 3 days late"]),
    ("2026-11-26T15:00:00+00:00",
     ["At risk: #1 Quote (Acme), due Fri 27 Nov 17:00, tomorrow, 75% of its time used"]),
    ("2026-11-27T16:00:00+00:00", ["Due soon: #1 Quote (Acme), due Fri 27 Nov 17:00, in 1 h"]),
    ("2026-11-27T16:30:00+00:00", []),
    ("2026-11-27T17:01:00+00:00", ["Overdue: #1 Quote (Acme), due Fri 27 Nov 17:00, 1 min late"]),
    ("2026-11-30T09:00:00+00:00", []),
]  # fmt: skip


def test_each_change_is_said_once(pk: Pk) -> None:
    seed(pk)
    for now, said in RUNS:
        out = pk.ok("remind", now=now).stdout
        assert out.splitlines() == said, now


def test_a_moved_date_is_said_again(pk: Pk) -> None:
    seed(pk)
    pk.ok("remind", now="2026-11-23T10:30:00+00:00")
    pk.ok("slip", "2", "--by", "today 11am", now="2026-11-23T10:31:00+00:00")
    again = pk.ok("remind", now="2026-11-23T11:01:00+00:00").stdout
    assert again == "Overdue: #2 Call back (Globex), due Mon 23 Nov 11:00, 1 min late\n"


def test_audiences_are_kept_apart(pk: Pk) -> None:
    seed(pk)
    pk.ok("add", "Sam's", "--to", "Acme", "--by", "2026-11-21", "--made", "2026-11-10",
          "--owner", "sam")  # fmt: skip
    mine = pk.ok("remind").stdout
    assert "Sam's" not in mine
    everyone = pk.ok("remind", "--all").stdout
    assert "Overdue: #4 Sam's" in everyone and "Overdue: #3 Old" in everyone  # its own record
    assert pk.ok("remind", "--owner", "sam").stdout.startswith("Overdue: #4 Sam's")
    assert pk.ok("remind", "--all").stdout == ""


class Receiver:
    """A local HTTP endpoint for Apprise's json:// notifications; fails its first ``fail``
    requests with 500."""

    def __init__(self, fail: int) -> None:
        self.fail = fail
        self.bodies: list[dict[str, object]] = []
        received = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                data = json.loads(self.rfile.read(length) or b"{}")
                if received.fail > 0:
                    received.fail -= 1
                    self.send_response(500)
                else:
                    received.bodies.append(data)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver(fail=1)
    yield found
    found.server.shutdown()


def test_what_a_notifier_could_not_deliver_is_announced_again(pk: Pk, receiver: Receiver) -> None:
    pytest.importorskip("apprise", reason="Apprise is a dev dependency")
    seed(pk)
    failed = pk("remind", "--notify", receiver.url)
    assert failed.exit_code == 1
    assert failed.stderr == f"Error: Could not send the reminder to {receiver.url}.\n"
    sent = pk.ok("remind", "--notify", receiver.url)
    assert sent.stdout.splitlines()[-1] == f"Sent to {receiver.url}."
    assert len(receiver.bodies) == 1
    assert receiver.bodies[0]["title"] == "pk: 1 overdue, 1 due soon"
    assert "Overdue: #3 Old (Acme)" in str(receiver.bodies[0]["message"])
    assert pk.ok("remind", "--notify", receiver.url).stdout == ""  # delivered: not again
    assert len(receiver.bodies) == 1


def test_two_runs_at_once_say_each_thing_once(sqlite_pk: Pk, tmp_path: Path) -> None:
    """The first run is held just before it commits what it announces; the second starts
    then, and may only go on once the first has committed: it finds nothing new."""
    pk = sqlite_pk
    seed(pk)
    held = Held(tmp_path, "first")
    env = {**os.environ, **pk.env}
    command = [sys.executable, "-m", "promisekeeper", "remind"]
    first = subprocess.Popen(command, env={**env, **held.env}, stdout=subprocess.PIPE, text=True)
    held.wait(first)
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    held.release()
    said = [first.communicate()[0], second.communicate()[0]]
    assert first.returncode == second.returncode == 0
    lines = "".join(said).splitlines()
    assert sorted(lines) == sorted(RUNS[0][1])  # each once, between the two


def test_a_webhook_is_told_how_bad_it_is(pk: Pk, receiver: Receiver) -> None:
    """The notification's type (a webhook's "type"): failure when anything is overdue or
    escalated, warning when something is at risk or owed news, info otherwise."""
    pytest.importorskip("apprise", reason="Apprise is a dev dependency")
    receiver.fail = 0
    pk.ok("add", "Call back", "--to", "Globex", "--by", "today 10am")
    pk.ok("remind", "--notify", receiver.url)
    # made Fri 09:00, due Mon 11:00: 8 of its 10 business hours used by Mon 09:00: at risk
    pk.ok(
        "add", "Quote", "--to", "Acme", "--by", "2026-11-23 11:00", now="2026-11-20T09:00:00+00:00"
    )
    pk.ok("remind", "--notify", receiver.url)
    pk.ok("add", "Old", "--to", "Acme", "--by", "2026-11-20", "--made", "2026-11-10")
    pk.ok("remind", "--notify", receiver.url)
    assert [body["type"] for body in receiver.bodies] == ["info", "warning", "failure"]


def test_an_update_owed_is_reminded_once_a_period(pk: Pk) -> None:
    """A customer owed news (the promise's rhythm passed with no contact) is a reminder, said
    once for each time news falls due; one promise is said once, under its worst news."""
    pk.ok("add", "Quote for extra seats", "--to", "Hooli", "--by", "in 14 days",
          "--update-every", "2 business days", now="2026-11-16T09:00:00+00:00")  # fmt: skip
    said = pk.ok("remind").stdout.splitlines()
    assert said == [
        "Update owed: #1 Quote for extra seats (Hooli), due Mon 30 Nov 17:00, the customer is "
        "owed news since Wed 18 Nov 09:00 (every 2 business days)"
    ]
    assert pk.ok("remind").stdout == ""  # said once
    pk.ok("promise", "note", "1", "Sent the draft", "--contacted")
    assert pk.ok("remind", now="2026-11-26T10:00:00+00:00").stdout.startswith("Update owed: #1")


def test_the_desktop_notifier(pk: Pk) -> None:
    """Exercised where the platform has a notifier; elsewhere its absence is one line and the
    reminder is kept for the next run."""
    seed(pk)
    if shutil.which("notify-send") is not None and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        assert pk.ok("remind", "--notify", "desktop").stdout.endswith("Sent to the desktop.\n")
        return
    if sys.platform == "darwin":
        pytest.skip("macOS notifications need a logged-in user session")
    refused = pk("remind", "--notify", "desktop", PATH="/nonexistent")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: No desktop notifier here (notify-send is not installed); use --notify URL.\n"
    )
    assert pk.ok("remind").stdout.startswith("Overdue: #3 Old")  # still to be said


@pytest.mark.parametrize(
    ("url", "message"),
    [("nonsense", "--notify takes desktop or a notification URL Apprise knows")],
)
def test_a_bad_notify_url_is_one_line(pk: Pk, url: str, message: str) -> None:
    pytest.importorskip("apprise", reason="Apprise is a dev dependency")
    seed(pk)
    refused = pk("remind", "--notify", url)
    assert refused.exit_code == 2 and message in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert pk.ok("remind").stdout.startswith("Overdue: #3 Old")  # nothing was recorded


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


TOKEN_URLS = [  # services whose host, or user, *is* the secret
    ("pbul://o.gn5kj6nfhv736I7jC3cj0QLRRN84ihas", "gn5kj6nfhv736I7jC3cj0QLRRN84iha"),
    ("ifttt://WebHookID1234/EventToTrigger", "WebHookID1234"),
    ("pover://userkey12345@tokenkey12345", "tokenkey12345"),
    ("json://user:s3cr3t-pw@127.0.0.1:1/hook", "s3cr3t-pw"),
    ("mailto://user:s3cr3t-pw@example.com", "s3cr3t-pw"),
]


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
    one_error(done, "No space left on device")
    assert sqlite_pk.ok("remind", "--all").stdout.startswith("Overdue: #1 Call back")


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
    one_error(done, "Could not send the reminder to json://user:")
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

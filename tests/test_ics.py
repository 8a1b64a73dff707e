"""``pk ics`` (docs/formats.md, "Calendar feed"): read back with two independent iCalendar
parsers, the ``icalendar`` package that writes it and ``vobject``."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from tests.conftest import Pk

MON = "2026-11-23T09:00:00+00:00"


def seed(pk: Pk) -> None:
    pk.ok("add", "Send the quote, v2; final", "--to", "Acme", "--by", "friday", "--tag", "sales")
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    pk.ok("add", "Sam's", "--to", "Acme", "--by", "friday", "--owner", "sam")
    pk.ok("add", "Done already", "--to", "Acme", "--by", "friday")
    pk.ok("keep", "4")


def todos(text: str) -> dict[str, icalendar.Todo]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(item["summary"]): item for item in calendar.walk("VTODO")}


def test_one_task_per_open_promise(pk: Pk) -> None:
    seed(pk)
    text = pk.ok("ics", "--tasks").stdout
    assert text.startswith("BEGIN:VCALENDAR\n") and text.endswith("END:VCALENDAR\n")  # CRLF: below
    items = todos(text)
    assert sorted(items) == ["Acme: Send the quote, v2; final", "Globex: Call back"]  # mine, open
    quote = items["Acme: Send the quote, v2; final"]
    assert str(quote["uid"]) == "promise-1-20261123T090000Z@promisekeeper"
    assert quote.decoded("due") == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    assert quote["status"] == "NEEDS-ACTION" and quote["sequence"] == 0
    assert quote["categories"].cats == ["Acme", "sales"]
    alarm = quote.walk("VALARM")[0]
    assert alarm.decoded("trigger") == -timedelta(hours=1)
    assert alarm["trigger"].params["RELATED"] == "END"
    everyone = todos(pk.ok("ics", "--tasks", "--all").stdout)
    assert "Acme: Sam's" in everyone and len(everyone) == 3
    globex = todos(pk.ok("ics", "--tasks", "--customer", "globex").stdout)
    assert list(globex) == ["Globex: Call back"]


def test_a_second_parser_reads_the_same(pk: Pk) -> None:
    seed(pk)
    parsed = vobject.readOne(pk.ok("ics", "--tasks").stdout)
    found = {
        todo.summary.value: (todo.uid.value, todo.due.value, todo.sequence.value)
        for todo in parsed.vtodo_list
    }
    assert found == {
        "Acme: Send the quote, v2; final": (
            "promise-1-20261123T090000Z@promisekeeper",
            datetime(2026, 11, 27, 17, 0, tzinfo=UTC),
            "0",
        ),
        "Globex: Call back": (
            "promise-2-20261123T090000Z@promisekeeper",
            datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
            "0",
        ),
    }


def test_the_same_data_gives_the_same_file_and_a_slip_bumps_the_sequence(pk: Pk) -> None:
    seed(pk)
    first = pk.ok("ics", "--tasks").stdout
    later = pk.ok("ics", "--tasks", now="2026-11-24T08:00:00+00:00").stdout
    assert later == first  # time passing: same
    pk.ok("slip", "1", "--by", "monday", "--reason", "waiting on prices")
    pk.ok("slip", "1", "--by", "dec 1", "--customer-asked")
    after = todos(pk.ok("ics", "--tasks").stdout)["Acme: Send the quote, v2; final"]
    before = todos(first)["Acme: Send the quote, v2; final"]
    assert after["uid"] == before["uid"]
    assert after["sequence"] == 2
    assert after.decoded("due") == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    # One slip (with a heads-up) and one move the customer asked for, which set a new agreed date.
    assert "Slipped 1×, 1 with a heads-up; agreed Tue 1 Dec 17:00." in str(after["description"])


def test_events_by_default_for_every_calendar(pk: Pk) -> None:
    """Events by default: calendar apps subscribing to a file (Google Calendar, Outlook,
    Apple Calendar, khal) ignore tasks. ``--events``, the old way to ask, gives the same."""
    seed(pk)
    pk.ok("config", "set", "remind.before", "30 minutes")
    text = pk.ok("ics").stdout
    assert pk.ok("ics", "--events").stdout == text
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.walk("VTODO") == []
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    call = events["Globex: Call back"]
    # the half hour before the deadline, ending at it (a calendar shows no time after it)
    assert call.decoded("dtstart") == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert call.decoded("dtend") == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert call["status"] == "CONFIRMED"
    alarm = call.walk("VALARM")[0]
    assert alarm.decoded("trigger") == -timedelta(minutes=30)
    assert alarm["trigger"].params["RELATED"] == "END"  # 30 minutes before the deadline


def test_out_replaces_the_file_whole_and_never_the_database(pk: Pk, tmp_path: Path) -> None:
    seed(pk)
    folder = tmp_path / "calendars"
    folder.mkdir()
    target = folder / "promises.ics"
    target.write_text("old calendar")
    said = pk.ok("ics", "--out", str(target))
    assert said.stderr == f"Wrote 2 promises to {target}\n" and said.stdout == ""
    written = target.read_bytes()
    assert written.count(b"\r\n") == written.count(b"\n")  # CRLF line ends, as RFC 5545 has them
    assert written.replace(b"\r\n", b"\n") == pk.ok("ics").stdout.encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["promises.ics"]  # no temporary file left
    if pk.engine == "sqlite":
        refused = pk("ics", "--out", str(pk.db))
        assert refused.exit_code == 2 and "is the database pk is using" in refused.stderr


def test_user_text_is_escaped_and_never_raw_on_a_terminal(pk: Pk) -> None:
    pk.ok("add", "Fix \x1b[31mred\x1b[0m, now", "--to", "Acme\nCorp", "--by", "friday")
    text = pk.ok("ics", "--tasks").stdout
    assert "\x1b" not in text
    summary = str(todos(text).popitem()[1]["summary"])
    assert summary == "Acme\\nCorp: Fix \\x1b[31mred\\x1b[0m, now"


@pytest.mark.parametrize(
    ("value", "ok"), [("1 hour", True), ("90 min", True), ("2 days", True), ("soon", False)]
)
def test_remind_before_is_checked(pk: Pk, value: str, ok: bool) -> None:
    done = pk("config", "set", "remind.before", value)
    assert (done.exit_code == 0) is ok
    if not ok:
        assert done.stderr.startswith('Error: remind.before takes a time such as "1 hour"')


def test_without_the_calendar_extra_one_line_names_it(sqlite_pk: Pk, tmp_path: Path) -> None:
    """A Python where icalendar cannot be imported (a module of that name that fails, first on
    the path): pk ics says which extra to install; everything else still works."""
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "icalendar.py").write_text("raise ImportError('not installed')\n")
    sqlite_pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    env = {**os.environ, **sqlite_pk.env, "PYTHONPATH": str(blocker)}
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "ics"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == (
        'Error: pk ics needs the "calendar" extra: '
        "pip install '.[calendar]' in pk's source folder.\n"
    )


def test_tasks_or_events_not_both(pk: Pk) -> None:
    refused = pk("ics", "--tasks", "--events")
    assert refused.exit_code == 2
    assert refused.stderr == "Error: Use either --tasks or --events, not both.\n"

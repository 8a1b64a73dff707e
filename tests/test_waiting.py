"""Waiting on the customer and keeping the customer in the loop (docs/words.md). Every figure
worked out by hand: working hours 09–17 UTC, Monday to Friday; "now" starts Mon 23 Nov 09:00;
US Thanksgiving is Thu 26 Nov 2026."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import Pk
from tests.helpers import one_error

TUE_15 = "2026-11-24T15:00:00+00:00"
MON_30_11 = "2026-11-30T11:00:00+00:00"


def test_a_wait_over_a_weekend_and_a_holiday_moves_the_dates_by_business_time(pk: Pk) -> None:
    """Waited Tue 24 15:00 → Mon 30 11:00. With Thanksgiving closed: Tue 2 + Wed 8 + Fri 8 +
    Mon 2 = 20 business hours, so a due date of Fri 4 Dec 17:00 moves to Wed 9 Dec 13:00
    (Mon 8, Tue 8, Wed 4). With no holidays, Thursday counts: 28 hours, Thu 10 Dec 13:00."""
    for index, country in enumerate(("US", None), start=1):
        if country:
            pk.ok("config", "set", "calendar.country", country)
        else:
            pk.ok("config", "unset", "calendar.country")
        pk.ok("add", f"RCA {index}", "--to", "Acme", "--by", "2026-12-04")
        pk.ok("promise", "wait", str(index), "--reason", "the firewall logs", now=TUE_15)
        resumed = pk.ok("promise", "resume", str(index), now=MON_30_11)
        hours = 20 if country else 28
        span = "2.5 business days" if country else "3.5 business days"
        assert f"waited {span} · moved from Fri 4 Dec 17:00 (not a slip)" in resumed.stdout
        shown = pk.ok("promise", "show", str(index), "-f", "json", now=MON_30_11).json()
        moved = "2026-12-09T13:00:00+00:00" if country else "2026-12-10T13:00:00+00:00"
        assert (shown["due_at"], shown["baseline_due_at"]) == (moved, moved)
        assert shown["original_due_at"] == "2026-12-04T17:00:00+00:00"  # what was first said
        assert (shown["slips"], shown["waiting"], shown["status"]) == (0, False, "open")
        assert shown["waited_business_hours"] == hours
        assert [e["kind"] for e in shown["history"]] == ["created", "waiting", "resumed"]
        assert shown["history"][2] == {
            "at": MON_30_11,
            "kind": "resumed",
            "by": "dana",
            "from": "2026-12-04T17:00:00+00:00",
            "to": moved,
            "baseline_from": "2026-12-04T17:00:00+00:00",
            "baseline_to": moved,
            "waited_business_hours": hours,
            "reason": "the firewall logs",
        }
    timeline = pk.ok("promise", "show", "1", now=MON_30_11).stdout
    assert 'waited 2.5 business days for "the firewall logs"' in " ".join(timeline.split())


def test_a_waiting_promise_is_neither_overdue_nor_at_risk_and_is_chased(pk: Pk) -> None:
    """Due Wed 25 Nov 17:00, waiting since Tue 24 15:00. With Thanksgiving closed, three
    business days into the wait is Mon 30 15:00 (Wed, Fri, Mon): "chase" from then on."""
    pk.ok("config", "set", "calendar.country", "US")
    pk.ok("add", "RCA", "--to", "Acme", "--by", "wednesday")
    pk.ok("add", "Quote", "--to", "Globex", "--by", "wednesday")
    pk.ok("promise", "wait", "1", "--reason", "the firewall logs", now=TUE_15)
    view = pk.ok("due", "-f", "json", now=MON_30_11).json()
    assert [p["id"] for p in view["overdue"]] == [2]
    assert [p["id"] for p in view["waiting"]] == [1]
    waiting = view["waiting"][0]
    assert (waiting["status"], waiting["waiting"], waiting["overdue"]) == ("open", True, False)
    assert waiting["waited_business_hours"] == 20.0  # Tue 2 + Wed 8 + Fri 8 + Mon 2
    table = pk.ok("due", now=MON_30_11).stdout
    assert "Waiting on customer · 1" in table and "waited 2.5 business days" in table
    assert "waiting for the firewall logs" in table and "chase" not in table
    assert table.rstrip().endswith("1 overdue · 1 waiting · 0 today · 0 soon")
    later = "2026-11-30T15:00:00+00:00"
    assert "waited 3 business days · chase" in pk.ok("due", now=later).stdout
    assert pk.ok("overdue", "-f", "json", now=later).json()[0]["id"] == 2
    listed = pk.ok("ls", now=later).stdout
    assert "#1" in listed and "waiting" in listed
    assert [p["id"] for p in pk.ok("ls", "-s", "waiting", "-f", "json").json()] == [1]
    # pk remind says "chase" once per wait.
    first = pk.ok("remind", now=later).stdout
    assert "Chase: #1 RCA (Acme), waiting on the customer since Tue 24 Nov 15:00" in first
    assert "Chase" not in pk.ok("remind", now="2026-11-30T15:05:00+00:00").stdout


def test_keeping_a_waiting_promise_ends_the_wait_and_judges_the_moved_date(pk: Pk) -> None:
    """Due Wed 25 17:00, waiting Tue 24 15:00, kept Thu 26 10:00 (no holidays): waited 2 + 8 + 1
    = 11 business hours, so it was due Fri 27 12:00: kept on time."""
    pk.ok("add", "RCA", "--to", "Acme", "--by", "wednesday")
    pk.ok("promise", "wait", "1", now=TUE_15)
    kept = pk.ok("keep", "1", now="2026-11-26T10:00:00+00:00").stdout
    assert "on time (agreed Fri 27 Nov 12:00)" in kept
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert shown["outcome"] == "kept_on_time" and shown["waited_business_hours"] == 11.0
    assert [e["kind"] for e in shown["history"]] == ["created", "waiting", "resumed", "kept"]
    assert shown["history"][2]["ended_by"] == "keep"


@pytest.mark.parametrize(
    ("command", "ended_by", "status"),
    [(("promise", "break", "1", "--reason", "no"), "break", "broken"),
     (("promise", "cancel", "1"), "cancel", "cancelled")],
)  # fmt: skip
def test_break_and_cancel_end_a_wait(
    pk: Pk, command: tuple[str, ...], ended_by: str, status: str
) -> None:
    pk.ok("add", "RCA", "--to", "Acme", "--by", "wednesday")
    pk.ok("promise", "wait", "1", now=TUE_15)
    pk.ok(*command, now="2026-11-26T10:00:00+00:00")
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["status"], shown["waiting"]) == (status, False)
    assert shown["history"][-2]["ended_by"] == ended_by


def test_the_kept_rate_of_a_month_with_waits(pk: Pk) -> None:
    """November, reported Mon 30 Nov 12:00 (no holidays).

    * A: due Wed 25 17:00; waited Tue 24 15:00 → Thu 26 10:00 (11 h): due Fri 27 12:00; kept
      Fri 27 11:00 — on time against the moved date (late against the first one).
    * B: due Thu 26 17:00, kept Fri 27 10:00 — late.
    * C: due Fri 20 17:00, waiting since Mon 23 10:00, when it was already late: open late.
      Waited so far Mon 7 + Tue–Fri 32 + Mon 3 = 42 h.
    * D: due Mon 30 11:00, waiting since Mon 30 10:00 (2 h so far): its clock stopped before
      it was due, so it is still pending although 11:00 has passed.

    kept_rate = 1 ÷ (1 + 1 + 0 + 1) = 1/3; waits 3, 11 + 42 + 2 = 55 business hours."""
    pk.ok("add", "A", "--to", "Acme", "--by", "wednesday")
    pk.ok("add", "B", "--to", "Acme", "--by", "thursday")
    pk.ok("add", "C", "--to", "Globex", "--by", "2026-11-20", "--made", "2026-11-16")
    pk.ok("promise", "wait", "3", now="2026-11-23T10:00:00+00:00")
    pk.ok("promise", "wait", "1", now=TUE_15)
    pk.ok("promise", "resume", "1", now="2026-11-26T10:00:00+00:00")
    pk.ok("keep", "1", now="2026-11-27T11:00:00+00:00")
    pk.ok("keep", "2", now="2026-11-27T10:00:00+00:00")
    pk.ok("add", "D", "--to", "Globex", "--by", "today 11am", now="2026-11-30T09:00:00+00:00")
    pk.ok("promise", "wait", "4", now="2026-11-30T10:00:00+00:00")
    noon = "2026-11-30T12:00:00+00:00"
    report = pk.ok("report", "--month", "2026-11", "-f", "json", now=noon).json()
    totals = report["totals"]
    assert {k: totals[k] for k in ("due", "kept_on_time", "kept_late", "open_late",
                                   "open_pending", "waits", "waited_business_hours")} == {
        "due": 4, "kept_on_time": 1, "kept_late": 1, "open_late": 1, "open_pending": 1,
        "waits": 3, "waited_business_hours": 55.0,
    }  # fmt: skip
    assert totals["kept_rate"] == 1 / 3 and totals["kept_rate_final"] == 1 / 3
    by = pk.ok("report", "--month", "2026-11", "--by", "customer", "-f", "json", now=noon).json()
    assert [(g["key"], g["waits"], g["waited_business_hours"]) for g in by["by"]] == [
        ("Acme", 1, 11.0),
        ("Globex", 2, 44.0),
    ]
    table = pk.ok("report", "--month", "2026-11", now=noon).stdout
    assert "Waited on customers 3× · 6.9 business days" in " ".join(table.split())
    assert "waited_business_hours" in pk.ok("report", "--month", "2026-11", "-f", "csv").stdout


def test_update_owed_when_no_contact_in_the_rhythm(pk: Pk) -> None:
    """Made Mon 23 09:00, every 2 business days: an update is owed from Wed 25 09:00; a contact
    Wed 25 10:00 settles it until Fri 27 10:00."""
    pk.ok("add", "Migration plan", "--to", "Globex", "--by", "2026-12-11",
          "--update-every", "2 business days")  # fmt: skip
    pk.ok("add", "Other", "--to", "Globex", "--by", "2026-12-11")

    def owed(now: str) -> list[int]:
        return [p["id"] for p in pk.ok("due", "-f", "json", now=now).json()["update_owed"]]

    assert owed("2026-11-25T08:59:00+00:00") == []
    assert owed("2026-11-25T09:00:00+00:00") == [1]
    table = pk.ok("due", now="2026-11-25T09:00:00+00:00").stdout
    assert "Update owed · 1" in table
    assert "update owed since Wed 25 Nov 09:00 (every 2 business days)" in table
    pk.ok("promise", "note", "1", "Sent the draft", "--contacted", now="2026-11-25T10:00:00+00:00")
    assert owed("2026-11-27T09:59:00+00:00") == []
    assert owed("2026-11-27T10:00:00+00:00") == [1]
    pk.ok("promise", "loop", "2", "--every", "4 business hours")
    assert owed("2026-11-27T10:00:00+00:00") == [1, 2]  # made Mon 09:00: owed from Mon 13:00
    changed = pk.ok("promise", "loop", "1", "--every", "none").stdout
    assert "no update rhythm" in changed
    assert owed("2026-11-27T10:00:00+00:00") == [2]
    history = pk.ok("promise", "show", "1", "-f", "json").json()["history"]
    assert history[-1]["changes"] == {"update_every": ["2 business days", None]}


def test_a_promise_shows_in_one_section_only(pk: Pk) -> None:
    """Owed an update and overdue: overdue only. Owed and waiting: waiting only."""
    pk.ok("add", "Late", "--to", "Acme", "--by", "tuesday", "--update-every", "1 business day")
    pk.ok("add", "Paused", "--to", "Acme", "--by", "2026-12-11", "--update-every",
          "1 business day")  # fmt: skip
    pk.ok("promise", "wait", "2", now=TUE_15)
    view = pk.ok("due", "-f", "json", now="2026-11-26T09:00:00+00:00").json()
    assert [p["id"] for p in view["overdue"]] == [1]
    assert [p["id"] for p in view["waiting"]] == [2]
    assert view["update_owed"] == [] and view["soon"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("promise", "resume", "1"), "#1 is open, not waiting on the customer."),
        (("promise", "wait", "2"), "#2 is already waiting on the customer"),
        (("promise", "wait", "3"), "#3 is kept; only open promises can be put on hold."),
        (("promise", "loop", "1", "--every", "soon"), "--every takes business days or hours"),
        (("add", "X", "--to", "Acme", "--by", "friday", "--update-every", "weekly"),
         "--update-every takes business days or hours"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_write_nothing(
    pk: Pk, args: tuple[str, ...], message: str
) -> None:
    for what in ("Open", "Waiting", "Kept"):
        pk.ok("add", what, "--to", "Acme", "--by", "friday")
    pk.ok("promise", "wait", "2")
    pk.ok("keep", "3")
    before = pk.snapshot()
    refused = pk(*args)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert message in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert pk.snapshot() == before


def test_export_and_import_keep_a_wait(pk: Pk, tmp_path: Path) -> None:
    """Export version 3 carries the wait, its count and time, and the update rhythm; importing
    it into an empty database and exporting again gives the same bytes."""
    pk.ok("add", "RCA", "--to", "Acme", "--by", "2026-12-04", "--update-every", "1 business day")
    pk.ok("promise", "wait", "1", "--reason", "logs", now=TUE_15)
    pk.ok("promise", "resume", "1", now=MON_30_11)
    pk.ok("promise", "wait", "1", now=MON_30_11)
    exported = pk.ok("export", now=MON_30_11).stdout
    item = json.loads(exported)["promises"][0]
    assert (item["status"], item["waiting_since"], item["waits"], item["waited_seconds"]) == (
        "waiting",
        MON_30_11,
        2,
        28 * 3600,
    )
    assert item["update_every"] == "1 business day"
    file = tmp_path / "export.json"
    file.write_text(exported, encoding="utf-8")
    other = Pk(tmp_path / "other")
    (tmp_path / "other").mkdir()
    other.ok("import", str(file))
    assert other.ok("export", now=MON_30_11).stdout == exported
    broken = json.loads(exported)
    broken["promises"][0]["waits"] = 1  # the history holds two waits
    file.write_text(json.dumps(broken), encoding="utf-8")
    (tmp_path / "third").mkdir()
    refused = Pk(tmp_path / "third")("import", str(file))
    assert refused.exit_code == 2 and "waits (1) differs from the history's 2" in refused.stderr


def test_the_waiting_section_shares_a_bounded_view(pk: Pk) -> None:
    """Five waiting and five due soon in a view of six rows: three each, and the rest counted."""
    for number in range(1, 11):
        pk.ok("add", f"P{number}", "--to", "Acme", "--by", "tomorrow")
    for number in range(1, 6):
        pk.ok("promise", "wait", str(number))
    view = pk.ok("due", "--limit", "6").stdout
    assert "Waiting on customer · 5" in view and "Due soon · 5" in view
    assert view.count("… 2 more not shown") == 2
    assert view.rstrip().endswith("0 overdue · 5 waiting · 0 today · 5 soon")


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    amount=st.integers(min_value=1, max_value=6),
    unit=st.sampled_from(["day", "hour"]),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"]),
)
def test_a_rhythm_never_ends_sooner_than_the_database_assumes(
    start: datetime, amount: int, unit: str, zone: str
) -> None:
    """The database leaves out the promises made or contacted less than N days less two hours
    (a clock change) ago for a rhythm of N business days, or N hours for N business hours
    (service.due.update_owed): no such promise can be owed an update yet."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from promisekeeper.calendar import Calendar, WorkingTime
    from promisekeeper.domain.standards import Within

    working = WorkingTime(Calendar(), ZoneInfo(zone))
    made = start.replace(tzinfo=ZoneInfo(zone))
    within = Within(amount, "day" if unit == "day" else "hour")
    shortest = timedelta(days=amount, hours=-2) if unit == "day" else timedelta(hours=amount)
    assert within.due(made, working) - made >= shortest


def test_a_resumed_wait_past_the_last_day_is_refused(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "2999-12-30", "--new-customer",
          now="2999-12-01T09:00:00+00:00")  # fmt: skip
    pk.ok("promise", "wait", "1", now="2999-12-02T09:00:00+00:00")
    before = pk.snapshot()
    done = pk("promise", "resume", "1", now="2999-12-28T09:00:00+00:00")
    assert done.exit_code == 2
    one_error(done, "outside the times pk keeps", "2999-12-31")
    assert pk.snapshot() == before

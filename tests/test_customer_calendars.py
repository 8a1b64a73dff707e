"""Customers with their own zone and calendar (docs/business-time.md, "Customers in other
places"): a day-only deadline ends the customer's working day in its zone, business days skip
its holidays, and dates show both times. Each case worked out by hand; you are in New York."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import Pk

from promisekeeper.calendar import Calendar
from promisekeeper.dates import DateSettings, resolve
from promisekeeper.display import format_for

NY = ZoneInfo("America/New_York")
US = Calendar(country="US", subdivision="NY")


def _customer(zone: str, country: str | None, subdivision: str | None = None) -> DateSettings:
    days = Calendar(country=country, subdivision=subdivision) if country else US
    return DateSettings(NY, time(17, 0), "mdy", days, time(9, 0), ZoneInfo(zone))


BERLIN = _customer("Europe/Berlin", "DE", "BY")

CASES = [
    # customer, now (New York), typed, due as shown, warning
    (BERLIN, "2026-11-23 09:00", "friday", "Fri 27 Nov 17:00 Berlin (11:00 here)", None),
    (BERLIN, "2026-11-23 09:00", "friday 10am", "Fri 27 Nov 16:00 Berlin (10:00 here)", None),
    (BERLIN, "2026-11-23 09:00", "eow", "Fri 27 Nov 17:00 Berlin (11:00 here)", None),
    (BERLIN, "2026-11-23 09:00", "2026-11-30", "Mon 30 Nov 17:00 Berlin (11:00 here)", None),
    (BERLIN, "2026-11-23 09:00", "in 3 days", "Thu 26 Nov 17:00 Berlin (11:00 here)", None),
    # Thanksgiving is ours, not theirs: two business days from Tuesday are Wed and Thu.
    (BERLIN, "2026-11-24 09:00", "2 business days", "Thu 26 Nov 17:00 Berlin (11:00 here)",
     None),
    (BERLIN, "2026-12-21 09:00", "dec 24", "Thu 24 Dec 17:00 Berlin (11:00 here)", None),
    (BERLIN, "2026-12-21 09:00", "dec 25", "Fri 25 Dec 17:00 Berlin (11:00 here)",
     "Fri 25 Dec is a holiday (Christmas Day)"),
    (BERLIN, "2027-01-05 09:00", "1 business day", "Thu 7 Jan 17:00 Berlin (11:00 here)", None),
    (BERLIN, "2027-01-04 09:00", "wednesday", "Wed 6 Jan 17:00 Berlin (11:00 here)",
     "Wed 6 Jan is a holiday (Epiphany)"),
    # Europe changes clocks a week before the US: on Fri 30 Oct Berlin is 5 hours ahead.
    (BERLIN, "2026-10-26 09:00", "friday", "Fri 30 Oct 17:00 Berlin (12:00 here)", None),
    (_customer("Australia/Sydney", "AU", "NSW"), "2026-11-23 09:00", "friday",
     "Fri 27 Nov 17:00 Sydney (01:00 here)", None),
    (_customer("America/Los_Angeles", "US"), "2026-11-23 09:00", "friday",
     "Fri 27 Nov 17:00 Los Angeles (20:00 here)", None),
    (_customer("Pacific/Auckland", "NZ"), "2026-11-23 09:00", "friday",
     "Fri 27 Nov 17:00 Auckland (Thu 26 Nov 23:00 here)", None),
    (_customer("America/Toronto", "CA", "ON"), "2026-11-23 09:00", "friday",
     "Fri 27 Nov 17:00", None),  # same wall time as ours: shown once
]  # fmt: skip


@pytest.mark.parametrize(("customer", "now", "typed", "shown", "warning"), CASES)
def test_deadlines_for_a_customer_elsewhere(
    customer: DateSettings, now: str, typed: str, shown: str, warning: str | None
) -> None:
    moment = datetime.fromisoformat(now).replace(tzinfo=NY)
    found = resolve(typed, moment, customer)
    assert format_for(found.at, moment, NY, customer.deadline_zone) == shown
    assert found.note == warning


def test_a_customer_set_by_pk_customer_set(pk: Pk) -> None:
    ny = {"TZ": "America/New_York"}
    mon = "2026-11-23T09:00:00-05:00"
    pk.ok("config", "set", "calendar.country", "US")
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", now=mon, **ny)
    said = pk.ok("customer", "set", "acme", "--timezone", "Europe/Berlin", "--calendar", "de/by")
    assert said.stdout == "Acme: time zone Europe/Berlin, calendar DE/BY.\n"
    card = pk.ok("customer", "show", "Acme", "-f", "json").json()
    assert (card["timezone"], card["calendar"]) == ("Europe/Berlin", "DE/BY")
    assert "Time zone Europe/Berlin · calendar DE/BY" in pk.ok("customer", "show", "Acme").stdout
    added = pk.ok("add", "Contract", "--to", "Acme", "--by", "friday", now=mon, **ny).stdout
    assert "due Fri 27 Nov 17:00 Berlin (11:00 here) · in 4 days" in added
    listed = pk.ok("ls", now=mon, **ny).stdout
    assert "Fri 27 Nov 23:00 Berlin (17:00 here)" in listed  # #1, made before: our 17:00
    moved = pk.ok("slip", "2", "--by", "monday", now=mon, **ny).stdout
    assert "due Mon 30 Nov 17:00 Berlin (11:00 here)" in moved
    shown = pk.ok("promise", "show", "2", "-f", "json").json()
    assert shown["due_at"] == "2026-11-30T16:00:00+00:00"
    pk.ok("customer", "set", "Acme", "--timezone", "none")
    again = pk.ok("add", "Later", "--to", "Acme", "--by", "friday", now=mon, **ny).stdout
    assert "due Fri 27 Nov 17:00 · in 4 days" in again  # our zone again, their calendar kept


def test_at_risk_counts_in_the_customers_working_time(pk: Pk) -> None:
    """Made Mon 4 Jan 09:00 in New York (15:00 in Berlin), due Thursday at the end of Berlin's
    day; Wednesday is Epiphany in Bavaria. Berlin business hours: Mon 2 + Tue 8 + Wed 0 + Thu 8
    = 18; 75% of them (13.5) are used at Thu 12:30 Berlin, 06:30 in New York."""
    ny = {"TZ": "America/New_York"}
    mon = "2027-01-04T09:00:00-05:00"
    pk.ok("add", "Renewal", "--to", "Acme", "--by", "2027-06-30", now=mon, **ny)
    pk.ok("customer", "set", "Acme", "--timezone", "Europe/Berlin", "--calendar", "DE/BY")
    pk.ok("add", "Contract", "--to", "Acme", "--by", "thursday", now=mon, **ny)
    before = pk.ok("due", "-f", "json", now="2027-01-07T06:29:00-05:00", **ny).json()
    assert [p["id"] for p in before["today"]] == [2] and before["at_risk"] == []
    after = pk.ok("due", "-f", "json", now="2027-01-07T06:30:00-05:00", **ny).json()
    assert [p["id"] for p in after["at_risk"]] == [2] and after["today"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--calendar", "XX"], 'No public holidays are known for "XX"'),
        (["--calendar", "DE/ZZ"], '"ZZ" is not a subdivision of DE; use one of BB, BE'),
        (["--timezone", "Mars/Base"], 'Unknown time zone "Mars/Base"'),
        ([], "Give --timezone ZONE, --calendar CC[/SUB], --email ADDR or --review RHYTHM"),
    ],
)
def test_customer_settings_are_checked(pk: Pk, args: list[str], message: str) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    refused = pk("customer", "set", "Acme", *args)
    assert refused.exit_code == 2 and message in refused.stderr
    assert refused.stderr.count("\n") == 1 and pk.snapshot() == before


def test_a_time_outside_their_working_hours_is_said(sqlite_pk: Pk) -> None:
    """Typed in Berlin for a New York customer, "tomorrow 10am" is 04:00 there: pk says so in
    the echo; --their-time reads the time in the customer's zone."""
    pk = sqlite_pk
    pk.ok("customer", "set", "Brightline", "--timezone", "America/New_York")
    berlin = {"TZ": "Europe/Berlin", "now": "2026-11-23T09:00:00+01:00"}
    mine = pk.ok("add", "Call", "--to", "Brightline", "--by", "tomorrow 10am", **berlin).stdout
    assert "  Note: That is Tue 04:00 in New York, outside their working hours (09:00–17:00);" \
        " --their-time reads\n        the time you type in their zone." in mine  # fmt: skip
    theirs = pk.ok("add", "Call back", "--to", "Brightline", "--by", "tomorrow 10am",
                   "--their-time", **berlin).stdout  # fmt: skip
    assert "Tue 24 Nov 10:00 New York (16:00 here)" in theirs and "That is" not in theirs
    day_only = pk.ok("add", "Quote", "--to", "Brightline", "--by", "friday", **berlin).stdout
    assert "That is" not in day_only  # a day alone is the end of their working day
    refused = pk("add", "x", "--to", "Acme", "--by", "friday", "--their-time",
                 "--new-customer", **berlin)  # fmt: skip
    assert refused.exit_code == 2 and "has no time zone of its own" in refused.stderr


def test_their_deadlines_are_named_everywhere(sqlite_pk: Pk) -> None:
    """Every date of a promise the customer was told (due, agreed, first promised) is in their
    zone, named, with ours beside it, in every view: never our time unnamed beside theirs."""
    pk = sqlite_pk
    berlin = {"TZ": "Europe/Berlin", "now": "2026-11-23T09:00:00+01:00"}
    pk.ok("customer", "set", "Brightline", "--timezone", "America/New_York")
    pk.ok("add", "Call", "--to", "Brightline", "--by", "friday", **berlin)
    pk.ok("slip", "1", "--by", "monday", **berlin)
    shown = pk.ok("promise", "show", "1", **berlin).stdout
    assert "agreed  Fri 27 Nov 17:00 New York (23:00 here)" in shown
    assert "now due  Mon 30 Nov 17:00 New York (23:00 here)" in shown
    markdown = pk.ok("promise", "show", "1", "-f", "markdown", **berlin).stdout
    assert "- **Due:** Mon 30 Nov 17:00 New York (23:00 here) · in 7 days" in markdown
    assert "- **Agreed:** Fri 27 Nov 17:00 New York (23:00 here)" in markdown
    calendar = pk.ok("ics", **berlin).stdout.replace("\r\n ", "").replace("\\n", "\n")
    assert "agreed Fri 27 Nov 17:00 New York (23:00 here)." in calendar
    late = {"TZ": "Europe/Berlin", "now": "2026-12-01T09:00:00+01:00"}
    reminded = pk.ok("remind", **late).stdout
    assert "due Mon 30 Nov 17:00 New York (23:00 here)" in reminded
    listed = pk.ok("ls", "-f", "markdown", **late).stdout
    assert "Mon 30 Nov 17:00 New York (23:00 here) · 10 h late" in listed

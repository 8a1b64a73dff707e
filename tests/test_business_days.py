"""Business days on a calendar with public holidays and closed days (docs/dates.md, "Business
days"): every business-day form skips what is closed; plain day forms keep the day they name.
Each case worked out by hand from the calendars of the `holidays` package."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import Pk
from tests.helpers import one_error

from promisekeeper.calendar import Calendar, WorkingTime
from promisekeeper.dates import DateSettings, resolve

NY, BERLIN, LONDON, SYDNEY = (
    ZoneInfo(z) for z in ("America/New_York", "Europe/Berlin", "Europe/London", "Australia/Sydney")
)
US_NY = (Calendar(country="US", subdivision="NY"), NY)
DE_BY = (Calendar(country="DE", subdivision="BY"), BERLIN)
GB_ENG = (Calendar(country="GB", subdivision="ENG"), LONDON)
AU_NSW = (Calendar(country="AU", subdivision="NSW"), SYDNEY)
WEEKDAYS = (Calendar(), NY)
CLOSED_XMAS_EVE = (
    Calendar(closed=frozenset({date(2026, 12, 24)}), country="DE", subdivision="BY"),
    BERLIN,
)
CLOSED_NYE = (
    Calendar(closed=frozenset({date(2026, 12, 31)}), country="DE", subdivision="BY"),
    BERLIN,
)

CASES = [
    # calendar, now (local, 09:00), expression, expected (local)
    (US_NY, "2026-11-25", "1 business day", "Fri 2026-11-27 17:00"),  # Thanksgiving Thu
    (US_NY, "2026-11-25", "eow", "Fri 2026-11-27 17:00"),
    (US_NY, "2026-12-21", "eow", "Thu 2026-12-24 17:00"),  # Christmas on the Friday
    (US_NY, "2026-12-21", "3 business days", "Thu 2026-12-24 17:00"),
    (US_NY, "2026-12-21", "4 business days", "Mon 2026-12-28 17:00"),
    (US_NY, "2026-11-10", "1 business day", "Thu 2026-11-12 17:00"),  # Veterans Day Wed
    (US_NY, "2026-11-02", "1 business day", "Wed 2026-11-04 17:00"),  # Election Day (NY)
    (US_NY, "2027-12-20", "eow", "Thu 2027-12-23 17:00"),  # Christmas observed Fri 24
    (US_NY, "2027-12-27", "eom", "Thu 2027-12-30 17:00"),  # New Year's observed Fri 31
    (US_NY, "2026-11-23", "thursday", "Thu 2026-11-26 17:00"),  # a plain day keeps its day
    (DE_BY, "2026-12-21", "eow", "Thu 2026-12-24 17:00"),
    (DE_BY, "2026-05-11", "3 business days", "Fri 2026-05-15 17:00"),  # Ascension Thu 14
    (DE_BY, "2026-04-01", "2 business days", "Tue 2026-04-07 17:00"),  # Easter Fri + Mon
    (DE_BY, "2026-12-30", "eom", "Thu 2026-12-31 17:00"),
    (DE_BY, "2026-12-18", "next week", "Thu 2026-12-24 17:00"),
    (DE_BY, "2027-01-05", "1 business day", "Thu 2027-01-07 17:00"),  # Epiphany Wed 6
    (DE_BY, "2026-06-03", "1 business day", "Fri 2026-06-05 17:00"),  # Corpus Christi Thu 4
    (DE_BY, "2026-12-23", "1 business day", "Thu 2026-12-24 17:00"),
    (DE_BY, "2026-12-23", "2 business days", "Mon 2026-12-28 17:00"),  # year end: 25, 26
    (CLOSED_XMAS_EVE, "2026-12-21", "eow", "Wed 2026-12-23 17:00"),  # calendar.closed
    (CLOSED_XMAS_EVE, "2026-12-23", "1 business day", "Mon 2026-12-28 17:00"),
    (CLOSED_NYE, "2026-12-30", "eom", "Wed 2026-12-30 17:00"),
    (
        CLOSED_NYE,
        "2026-12-30",
        "1 business day",
        "Mon 2027-01-04 17:00",
    ),  # 31 Dec closed, 1 Jan a holiday, then the weekend
    (GB_ENG, "2026-12-24", "1 business day", "Tue 2026-12-29 17:00"),  # 25, Boxing observed 28
    (GB_ENG, "2026-05-01", "1 business day", "Tue 2026-05-05 17:00"),  # May Day Mon 4
    (GB_ENG, "2026-03-30", "eow", "Thu 2026-04-02 17:00"),  # Good Friday
    (GB_ENG, "2026-10-23", "1 business day", "Mon 2026-10-26 17:00"),  # across the DST change
    (AU_NSW, "2026-04-24", "1 business day", "Tue 2026-04-28 17:00"),  # ANZAC observed Mon 27
    (AU_NSW, "2026-10-02", "1 business day", "Tue 2026-10-06 17:00"),  # Labour Day, DST starts
    (AU_NSW, "2026-01-19", "eow", "Fri 2026-01-23 17:00"),
    (AU_NSW, "2026-01-19", "6 business days", "Wed 2026-01-28 17:00"),  # Australia Day Mon 26
    (WEEKDAYS, "2026-11-25", "1 business day", "Thu 2026-11-26 17:00"),  # no calendar: weekdays
]


@pytest.mark.parametrize(("calendar", "now", "expression", "expected"), CASES)
def test_business_days_skip_closed_days(
    calendar: tuple[Calendar, ZoneInfo], now: str, expression: str, expected: str
) -> None:
    days, zone = calendar
    moment = datetime.combine(date.fromisoformat(now), time(9, 0), zone)
    settings = DateSettings(zone, time(17, 0), "mdy", days)
    found = resolve(expression, moment, settings).at.astimezone(zone)
    assert found.strftime("%a %Y-%m-%d %H:%M") == expected


def _at(calendar: tuple[Calendar, ZoneInfo], text: str) -> datetime:
    """``Wed 2026-11-25 10:00`` as an instant in the calendar's zone (the weekday checks the
    hand-working)."""
    moment = datetime.strptime(text[4:], "%Y-%m-%d %H:%M").replace(tzinfo=calendar[1])
    assert moment.strftime("%a") == text[:3], text
    return moment


def _working(calendar: tuple[Calendar, ZoneInfo]) -> WorkingTime:
    return WorkingTime(calendar[0], calendar[1], time(9, 0), time(17, 0))


def _shown(calendar: tuple[Calendar, ZoneInfo], moment: datetime) -> str:
    return moment.astimezone(calendar[1]).strftime("%a %Y-%m-%d %H:%M")


CLOSED_THU = (Calendar(closed=frozenset({date(2026, 12, 3)})), NY)
SUN_THU = (Calendar(workdays=frozenset({6, 0, 1, 2, 3})), ZoneInfo("Asia/Jerusalem"))

HOURS_LATER = [
    # calendar, from (local), business hours, expected (local): 09:00–17:00 working hours
    (US_NY, "Tue 2026-11-24 10:00", 3, "Tue 2026-11-24 13:00"),
    (US_NY, "Tue 2026-11-24 16:00", 2, "Wed 2026-11-25 10:00"),
    (US_NY, "Wed 2026-11-25 16:00", 2, "Fri 2026-11-27 10:00"),  # Thanksgiving Thu
    (US_NY, "Wed 2026-11-25 20:00", 8, "Fri 2026-11-27 17:00"),  # ends at a day's end
    (US_NY, "Sat 2026-11-28 12:00", 1, "Mon 2026-11-30 10:00"),
    (US_NY, "Fri 2026-10-30 16:00", 4, "Mon 2026-11-02 12:00"),  # clocks go back Sun 1
    (US_NY, "Thu 2026-12-24 15:00", 4, "Mon 2026-12-28 11:00"),  # Christmas on the Friday
    (US_NY, "Thu 2026-12-31 16:30", 1, "Mon 2027-01-04 09:30"),  # year end, 1 Jan a Friday
    (US_NY, "Tue 2026-11-24 08:00", 0.5, "Tue 2026-11-24 09:30"),  # before hours: from 09:00
    (US_NY, "Mon 2026-11-23 17:00", 1, "Tue 2026-11-24 10:00"),  # 17:00 is after hours
    (DE_BY, "Wed 2026-12-23 15:00", 4, "Thu 2026-12-24 11:00"),
    (DE_BY, "Thu 2026-12-24 16:00", 2, "Mon 2026-12-28 10:00"),  # 25, 26 holidays
    (DE_BY, "Fri 2026-03-27 16:00", 2, "Mon 2026-03-30 10:00"),  # clocks go forward Sun 29
    (DE_BY, "Thu 2026-04-02 16:00", 2, "Tue 2026-04-07 10:00"),  # Good Friday, Easter Monday
    (DE_BY, "Tue 2027-01-05 16:00", 4, "Thu 2027-01-07 12:00"),  # Epiphany Wed 6
    (GB_ENG, "Fri 2026-05-22 15:00", 3, "Tue 2026-05-26 10:00"),  # Spring bank holiday Mon
    (GB_ENG, "Fri 2026-10-23 16:00", 2, "Mon 2026-10-26 10:00"),  # clocks go back Sun 25
    (GB_ENG, "Fri 2026-08-28 12:00", 8, "Tue 2026-09-01 12:00"),  # summer bank holiday Mon
    (AU_NSW, "Fri 2026-10-02 16:00", 2, "Tue 2026-10-06 10:00"),  # DST Sun 4, Labour Day Mon
    (AU_NSW, "Fri 2026-01-23 16:00", 2, "Tue 2026-01-27 10:00"),  # Australia Day Mon 26
    (AU_NSW, "Thu 2026-04-02 13:00", 8, "Tue 2026-04-07 13:00"),  # Easter Friday to Monday
    (CLOSED_XMAS_EVE, "Wed 2026-12-23 16:00", 2, "Mon 2026-12-28 10:00"),  # calendar.closed
]


@pytest.mark.parametrize(("calendar", "start", "hours", "expected"), HOURS_LATER)
def test_business_hours_later(
    calendar: tuple[Calendar, ZoneInfo], start: str, hours: float, expected: str
) -> None:
    working = _working(calendar)
    found = working.add_hours(_at(calendar, start), hours)
    assert _shown(calendar, found) == expected
    # The same count backwards leads to the working instant it counted from.
    back = working.back_hours(found, hours)
    assert back == working.next_working(_at(calendar, start))
    assert working.hours_between(_at(calendar, start), found) == pytest.approx(hours)


def test_business_hours_for_a_customer_in_another_zone() -> None:
    """From Tue 10:00 in New York (16:00 in Berlin) two business hours of a Bavarian customer:
    one on Tuesday in Berlin, one on Wednesday, so Wed 10:00 Berlin (04:00 in New York)."""
    start = _at(US_NY, "Tue 2026-11-24 10:00")
    found = _working(DE_BY).add_hours(start, 2)
    assert _shown(DE_BY, found) == "Wed 2026-11-25 10:00"
    assert _shown(US_NY, found) == "Wed 2026-11-25 04:00"


DAYS_LATER = [
    # a duration of N business days from an instant: the same working time N open days later
    (US_NY, "Wed 2026-11-25 10:00", 1, "Fri 2026-11-27 10:00"),  # Thanksgiving Thu
    (CLOSED_THU, "Wed 2026-12-02 10:00", 1, "Fri 2026-12-04 10:00"),  # Thursday closed
    (US_NY, "Wed 2026-11-25 20:00", 1, "Mon 2026-11-30 09:00"),  # from the next working instant
    (DE_BY, "Fri 2026-03-27 11:00", 1, "Mon 2026-03-30 11:00"),  # across the DST change
    (GB_ENG, "Thu 2026-12-24 14:00", 2, "Wed 2026-12-30 14:00"),  # 25, Boxing Day observed 28
    (AU_NSW, "Thu 2026-12-24 14:00", 1, "Tue 2026-12-29 14:00"),
    (SUN_THU, "Thu 2026-11-26 10:00", 1, "Sun 2026-11-29 10:00"),  # a Sunday–Thursday week
]


@pytest.mark.parametrize(("calendar", "start", "days", "expected"), DAYS_LATER)
def test_business_days_as_a_duration(
    calendar: tuple[Calendar, ZoneInfo], start: str, days: int, expected: str
) -> None:
    found = _working(calendar).add_days(_at(calendar, start), days)
    assert _shown(calendar, found) == expected


BETWEEN = [
    # calendar, from, to (local), business hours in [from, to)
    (US_NY, "Tue 2026-11-24 10:00", "Fri 2026-11-27 10:00", 16),  # 7 + 8 + 0 + 1
    (US_NY, "Fri 2026-12-18 12:00", "Tue 2026-12-29 12:00", 48),  # 5 + 4×8 + 8 + 3
    (DE_BY, "Mon 2026-12-21 09:00", "Mon 2027-01-04 09:00", 64),  # 21–24, 28–31 Dec
    (GB_ENG, "Mon 2026-10-26 08:00", "Mon 2026-10-26 12:00", 3),
    (US_NY, "Sat 2026-11-28 10:00", "Sun 2026-11-29 18:00", 0),
    (US_NY, "Fri 2026-11-27 10:00", "Tue 2026-11-24 10:00", 0),  # backwards: nothing
    (AU_NSW, "Fri 2026-10-02 09:00", "Tue 2026-10-06 17:00", 16),
    (US_NY, "Wed 2026-12-30 09:00", "Mon 2027-01-04 13:00", 20),  # 8 + 8 + New Year + 4
    (WEEKDAYS, "Mon 2026-01-05 09:00", "Mon 2027-01-04 09:00", 2080),  # 260 weekdays
]


@pytest.mark.parametrize(("calendar", "first", "last", "hours"), BETWEEN)
def test_business_hours_between(
    calendar: tuple[Calendar, ZoneInfo], first: str, last: str, hours: float
) -> None:
    working = _working(calendar)
    assert working.hours_between(_at(calendar, first), _at(calendar, last)) == hours


INSTANTS = [
    # calendar, instant, is working time, next working instant
    (US_NY, "Thu 2026-11-26 10:00", False, "Fri 2026-11-27 09:00"),  # Thanksgiving
    (US_NY, "Wed 2026-11-25 16:59", True, "Wed 2026-11-25 16:59"),
    (US_NY, "Wed 2026-11-25 17:00", False, "Fri 2026-11-27 09:00"),
    (DE_BY, "Sat 2026-12-26 12:00", False, "Mon 2026-12-28 09:00"),
    (DE_BY, "Mon 2026-12-28 08:00", False, "Mon 2026-12-28 09:00"),
    (SUN_THU, "Sun 2026-11-29 09:00", True, "Sun 2026-11-29 09:00"),
]


@pytest.mark.parametrize(("calendar", "instant", "working", "following"), INSTANTS)
def test_working_instants(
    calendar: tuple[Calendar, ZoneInfo], instant: str, working: bool, following: str
) -> None:
    hours = _working(calendar)
    assert hours.is_working(_at(calendar, instant)) is working
    assert _shown(calendar, hours.next_working(_at(calendar, instant))) == following


GRAMMAR = [
    # calendar, now (local), expression, expected (local), warning in the echo
    (US_NY, "Wed 2026-11-25 15:00", "in 4 business hours", "Fri 2026-11-27 11:00", None),
    (GB_ENG, "Fri 2026-05-22 16:00", "8 business hours", "Tue 2026-05-26 16:00", None),
    (US_NY, "Wed 2026-11-25 15:00", "an hour", "Wed 2026-11-25 16:00", None),
    (SUN_THU, "Wed 2026-11-25 09:00", "eow", "Thu 2026-11-26 17:00", None),
    (SUN_THU, "Fri 2026-11-27 09:00", "eow", "Thu 2026-12-03 17:00", None),
    (SUN_THU, "Thu 2026-11-26 09:00", "1 business day", "Sun 2026-11-29 17:00", None),
    (US_NY, "Mon 2026-11-23 09:00", "thursday", "Thu 2026-11-26 17:00",
     "Thu 26 Nov is a holiday (Thanksgiving Day)"),
    (DE_BY, "Mon 2026-12-21 09:00", "dec 25", "Fri 2026-12-25 17:00",
     "Fri 25 Dec is a holiday (Christmas Day)"),
    (GB_ENG, "Mon 2026-12-21 09:00", "2026-12-28 10:00", "Mon 2026-12-28 10:00",
     "Mon 28 Dec is a holiday (Boxing Day (observed))"),
    (CLOSED_XMAS_EVE, "Mon 2026-12-21 09:00", "thu", "Thu 2026-12-24 17:00",
     "Thu 24 Dec is a closed day"),
    (US_NY, "Mon 2026-11-23 09:00", "saturday", "Sat 2026-11-28 17:00", None),  # weekend: kept
    (US_NY, "Mon 2026-11-23 09:00", "eow", "Fri 2026-11-27 17:00", None),
]  # fmt: skip


@pytest.mark.parametrize(("calendar", "now", "expression", "expected", "warning"), GRAMMAR)
def test_business_hours_and_holiday_warnings_in_the_grammar(
    calendar: tuple[Calendar, ZoneInfo],
    now: str,
    expression: str,
    expected: str,
    warning: str | None,
) -> None:
    days, zone = calendar
    settings = DateSettings(zone, time(17, 0), "mdy", days, time(9, 0))
    found = resolve(expression, _at(calendar, now), settings)
    assert _shown(calendar, found.at) == expected
    assert found.note == warning


def test_holidays_by_name() -> None:
    us, _zone = US_NY
    assert us.holiday(date(2026, 11, 26)) == "Thanksgiving Day"
    assert us.holiday(date(2026, 11, 27)) is None
    assert Calendar().holiday(date(2026, 12, 25)) is None  # no country: no holidays


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("calendar.country", "XX", 'No public holidays are known for "XX"'),
        ("calendar.country", "Germany", 'calendar.country takes a country code such as "US"'),
        ("calendar.subdivision", "BY", "Set calendar.country before calendar.subdivision."),
        ("calendar.closed", "xmas", 'calendar.closed takes dates like "2026-12-24, 2026-12-31"'),
        ("workdays", "weekdays", 'workdays takes weekdays like "mon-fri", "sun-thu"'),
        ("workday.start", "9am", 'workday.start must be a 24-hour time like "17:00"'),
        ("workday.start", "18:00", "workday.start (18:00) must be before workday.end (17:00)."),
        ("workday.end", "08:30", "workday.start (09:00) must be before workday.end (08:30)."),
        ("risk.at", "1.5", "risk.at must be a share from 0.05 to 0.99 (or 5% to 99%)"),
        ("risk.at", "lots", "risk.at must be a share from 0.05 to 0.99"),
    ],
)
def test_calendar_settings_are_checked(
    sqlite_pk: Pk, setting: str, value: str, message: str
) -> None:
    refused = sqlite_pk("config", "set", setting, value)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert message in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("sun-thu", {6, 0, 1, 2, 3}),
        ("Mon, Wed, Fri", {0, 2, 4}),
        ("mon-wed,fri", {0, 1, 2, 4}),
        ("monday-saturday", {0, 1, 2, 3, 4, 5}),
    ],
)
def test_workdays_are_read_as_runs_or_lists(text: str, days: set[int]) -> None:
    from promisekeeper.calendar import workdays_text
    from promisekeeper.config import check_workdays

    assert check_workdays(text) == days
    assert check_workdays(workdays_text(frozenset(days))) == days


def test_working_hours_set_by_pk_config(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("config", "set", "workday.start", "08:00")
    pk.ok("config", "set", "workday.end", "16:00")
    pk.ok("config", "set", "risk.at", "80%")
    shown = pk.ok("when", "in 3 business hours", now="2026-11-24T14:30:00+00:00").stdout
    assert "Wed 25 Nov 09:30" in shown  # 1.5 hours on Tuesday, 1.5 from 08:00 on Wednesday


def test_a_calendar_set_by_pk_config_moves_business_days(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("config", "set", "calendar.country", "de")
    wrong = pk("config", "set", "calendar.subdivision", "zz")
    assert wrong.exit_code == 2 and "is not a subdivision of DE; use one of BB, BE" in wrong.stderr
    pk.ok("config", "set", "calendar.subdivision", "BY")
    pk.ok("config", "set", "calendar.closed", "2026-12-24")
    shown = pk.ok("when", "eow", now="2026-12-21T09:00:00+01:00", TZ="Europe/Berlin").stdout
    assert "Wed 23 Dec 17:00" in shown
    added = pk.ok("add", "Quote", "--to", "Acme", "--by", "2 business days",
                  now="2026-12-23T09:00:00+01:00", TZ="Europe/Berlin")  # fmt: skip
    assert "Tue 29 Dec" in added.stdout  # 24 closed, 25 and 26 holidays, 27 a Sunday: Mon, Tue


def test_the_morning_view_does_not_import_holidays(sqlite_pk: Pk) -> None:
    """Only a business-day form needs the calendar's holidays; `pk due` never loads them."""
    pk = sqlite_pk
    pk.ok("config", "set", "calendar.country", "US")
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['pk', 'due']\n"
        "try:\n"
        "    runpy.run_module('promisekeeper', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('HOLIDAYS=' + str('holidays' in sys.modules) + '\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env={**os.environ, **pk.env}, capture_output=True, text=True
    )
    assert done.stderr.strip().splitlines()[-1] == "HOLIDAYS=False", done.stderr


def test_pk_calendar_lists_the_closed_days_in_force(pk: Pk) -> None:
    """New York's 2026 public holidays as the holidays package knows them (checked against
    the state's list), plus a closed day of our own; two fall on a weekend."""
    pk.ok("config", "set", "calendar.country", "US")
    pk.ok("config", "set", "calendar.subdivision", "NY")
    pk.ok("config", "set", "calendar.closed", "2026-12-24")
    year = pk.ok("calendar", "-f", "json", TZ="America/New_York").json()
    assert (year["year"], year["calendar"], year["workdays"]) == (2026, "US/NY", "mon-fri")
    assert [(d["date"], d["workday"]) for d in year["closed"]] == [
        ("2026-01-01", True),  # New Year's Day
        ("2026-01-19", True),  # Martin Luther King Jr. Day
        ("2026-02-12", True),  # Lincoln's Birthday (NY)
        ("2026-02-15", False),  # Susan B. Anthony Day (NY), a Sunday
        ("2026-02-16", True),  # Washington's Birthday
        ("2026-05-25", True),  # Memorial Day
        ("2026-06-19", True),  # Juneteenth
        ("2026-07-03", True),  # Independence Day (observed)
        ("2026-07-04", False),  # Independence Day, a Saturday
        ("2026-09-07", True),  # Labor Day
        ("2026-10-12", True),  # Columbus Day
        ("2026-11-03", True),  # Election Day (NY)
        ("2026-11-11", True),  # Veterans Day
        ("2026-11-26", True),  # Thanksgiving Day
        ("2026-12-24", True),  # calendar.closed
        ("2026-12-25", True),  # Christmas Day
    ]
    assert year["closed"][14] == {
        "date": "2026-12-24", "kind": "closed", "name": "a closed day", "workday": True
    }  # fmt: skip
    table = pk.ok("calendar", TZ="America/New_York").stdout
    assert "  Thu 26 Nov  Thanksgiving Day\n" in table
    assert "  Sat 4 Jul   Independence Day · not a workday anyway\n" in table
    assert table.rstrip().endswith("14 working days closed")


def test_pk_calendar_of_a_customer(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    pk.ok("customer", "set", "Acme", "--timezone", "Europe/Berlin", "--calendar", "DE/BY")
    year = pk.ok("calendar", "--customer", "acme", "--year", "2027", "-f", "json").json()
    assert (year["customer"], year["calendar"], year["timezone"]) == (
        "Acme",
        "DE/BY",
        "Europe/Berlin",
    )
    named = {d["date"]: d["name"] for d in year["closed"]}
    assert named["2027-01-06"] == "Epiphany" and named["2027-05-27"] == "Corpus Christi"
    assert "2027-11-25" not in named  # Thanksgiving is not theirs
    refused = pk("calendar", "--year", "5000")
    assert refused.exit_code == 2
    assert refused.stderr == "Error: --year takes a year from 1900 to 2999, not 5000.\n"


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
    one_error(done, "The calendar has no open day", where)

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

from promisekeeper.calendar import Calendar
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
    ],
)
def test_calendar_settings_are_checked(
    sqlite_pk: Pk, setting: str, value: str, message: str
) -> None:
    refused = sqlite_pk("config", "set", setting, value)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert message in refused.stderr and "Traceback" not in refused.stderr


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

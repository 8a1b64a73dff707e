"""The date grammar (docs/dates.md) as tables: input, now, expected, every value worked out by
hand.

Calendar used: November 2026 starts on a Sunday, so Mon 23, Fri 27, Sat 28, Sun 29, Mon 30 Nov;
Tue 1, Fri 4, Mon 7 Dec. Last weekday of November: Mon 30. DST in 2026: New York springs forward
Sun 8 Mar 02:00 and falls back Sun 1 Nov 02:00; Berlin springs forward Sun 29 Mar 02:00 and falls
back Sun 25 Oct 03:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import Pk
from tests.helpers import one_line, run

from promisekeeper.dates import DateSettings, parse_now, resolve
from promisekeeper.display import describe, distance, lateness
from promisekeeper.errors import BadDate

UTC_ZONE = ZoneInfo("UTC")
NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")

# Reference "now"s: a weekday morning, a Friday after work, a weekend.
MON = datetime(2026, 11, 23, 9, 0, tzinfo=UTC_ZONE)
FRI = datetime(2026, 11, 27, 18, 30, tzinfo=UTC_ZONE)
SUN = datetime(2026, 11, 29, 11, 0, tzinfo=UTC_ZONE)
NY_SPRING = datetime(2026, 3, 6, 10, 0, tzinfo=NY)  # Fri, EST (-05:00)
NY_FALL = datetime(2026, 10, 30, 10, 0, tzinfo=NY)  # Fri, EDT (-04:00)
BER_SPRING = datetime(2026, 3, 27, 9, 0, tzinfo=BERLIN)  # Fri, CET (+01:00)
BER_FALL = datetime(2026, 10, 23, 9, 0, tzinfo=BERLIN)  # Fri, CEST (+02:00)
LEAP_DAY = datetime(2028, 2, 29, 9, 0, tzinfo=UTC_ZONE)  # Tue

# (expression, now, expected instant in UTC as "YYYY-MM-DD HH:MM")
VALID = [
    # ISO 8601
    ("2026-12-01", MON, "2026-12-01 17:00"),
    ("2026-12-01T15:00", MON, "2026-12-01 15:00"),
    ("2026-12-01 15:00+01:00", MON, "2026-12-01 14:00"),
    ("2026-12-01T15:00Z", MON, "2026-12-01 15:00"),
    ("2026-11-23T08:00", MON, "2026-11-23 08:00"),
    # absolute dates through dateutil
    ("Dec 1", MON, "2026-12-01 17:00"),
    ("1 December 2026 3pm", MON, "2026-12-01 15:00"),
    ("Dec 1 2026 9am", MON, "2026-12-01 09:00"),
    ("Feb 29", MON, "2028-02-29 17:00"),
    # a day and month more than 30 days back is next year's; 30 days or fewer is refused (below)
    ("Oct 23", MON, "2027-10-23 17:00"),  # 31 days ago
    ("Oct 24 2027", MON, "2027-10-24 17:00"),  # dated: always as typed
    ("Nov 23", MON, "2026-11-23 17:00"),
    ("Tuesday Dec 1 2026", MON, "2026-12-01 17:00"),
    # numeric, date.order = mdy (default)
    ("01/02/2027", MON, "2027-01-02 17:00"),
    ("12/31/2026 8:30am", MON, "2026-12-31 08:30"),
    # day words
    ("today", MON, "2026-11-23 17:00"),
    ("tonight", MON, "2026-11-23 20:00"),
    ("tomorrow", MON, "2026-11-24 17:00"),
    ("eod", MON, "2026-11-23 17:00"),
    ("end of day", MON, "2026-11-23 17:00"),
    # weekdays
    ("friday", MON, "2026-11-27 17:00"),
    ("fri", MON, "2026-11-27 17:00"),
    ("FRIDAY", MON, "2026-11-27 17:00"),
    ("next friday", MON, "2026-12-04 17:00"),
    ("  next   Friday  ", MON, "2026-12-04 17:00"),
    ("this friday", MON, "2026-11-27 17:00"),
    ("this monday", MON, "2026-11-23 17:00"),
    ("monday", MON, "2026-11-30 17:00"),
    ("wednesday 3:30pm", MON, "2026-11-25 15:30"),
    ("friday 10am", MON, "2026-11-27 10:00"),
    ("friday at 10am", MON, "2026-11-27 10:00"),
    # times alone
    ("5pm", MON, "2026-11-23 17:00"),
    ("8am", MON, "2026-11-24 08:00"),
    ("17:30", MON, "2026-11-23 17:30"),
    ("noon", MON, "2026-11-23 12:00"),
    ("12am", MON, "2026-11-24 00:00"),
    ("12pm", MON, "2026-11-23 12:00"),
    ("tomorrow noon", MON, "2026-11-24 12:00"),
    ("10am tomorrow", MON, "2026-11-24 10:00"),
    # offsets
    ("in 3 days", MON, "2026-11-26 17:00"),
    ("in 2 weeks", MON, "2026-12-07 17:00"),
    ("in 4 hours", MON, "2026-11-23 13:00"),
    ("in 30 minutes", MON, "2026-11-23 09:30"),
    ("+3d", MON, "2026-11-26 17:00"),
    ("3d", MON, "2026-11-26 17:00"),
    ("2w", MON, "2026-12-07 17:00"),
    ("4h", MON, "2026-11-23 13:00"),
    ("90min", MON, "2026-11-23 10:30"),
    ("in a week", MON, "2026-11-30 17:00"),
    ("in 3 days 10am", MON, "2026-11-26 10:00"),
    # ends of periods
    ("eow", MON, "2026-11-27 17:00"),
    ("end of week", MON, "2026-11-27 17:00"),
    ("next week", MON, "2026-12-04 17:00"),
    ("eom", MON, "2026-11-30 17:00"),
    ("end of month", MON, "2026-11-30 17:00"),
    # business days
    ("3 business days", MON, "2026-11-26 17:00"),
    ("in 5 working days", MON, "2026-11-30 17:00"),
    ("1 business day", MON, "2026-11-24 17:00"),
    # --- Friday after work (18:30) ---
    ("friday", FRI, "2026-12-04 17:00"),
    ("eow", FRI, "2026-12-04 17:00"),
    ("today", FRI, "2026-11-27 17:00"),
    ("tonight", FRI, "2026-11-27 20:00"),
    ("5pm", FRI, "2026-11-28 17:00"),
    ("19:00", FRI, "2026-11-27 19:00"),
    ("noon", FRI, "2026-11-28 12:00"),
    ("tomorrow", FRI, "2026-11-28 17:00"),
    ("1 business day", FRI, "2026-11-30 17:00"),
    ("3 business days", FRI, "2026-12-02 17:00"),
    ("next monday", FRI, "2026-11-30 17:00"),
    ("monday", FRI, "2026-11-30 17:00"),
    ("eom", FRI, "2026-11-30 17:00"),
    ("in 2 days", FRI, "2026-11-29 17:00"),
    ("in 4 hours", FRI, "2026-11-27 22:30"),
    ("next week", FRI, "2026-12-04 17:00"),
    # --- Sunday late morning ---
    ("eow", SUN, "2026-12-04 17:00"),
    ("next week", SUN, "2026-12-04 17:00"),
    ("next monday", SUN, "2026-11-30 17:00"),
    ("monday", SUN, "2026-11-30 17:00"),
    ("sunday", SUN, "2026-12-06 17:00"),
    ("this sunday", SUN, "2026-11-29 17:00"),
    ("1 business day", SUN, "2026-11-30 17:00"),
    ("eom", SUN, "2026-11-30 17:00"),
    ("tomorrow 9am", SUN, "2026-11-30 09:00"),
    ("in 1 day", SUN, "2026-11-30 17:00"),
    # --- DST, New York: 02:30 on 8 Mar does not exist -> 03:30 EDT ---
    ("sunday 2:30am", NY_SPRING, "2026-03-08 07:30"),
    ("2026-03-08 02:30", NY_SPRING, "2026-03-08 07:30"),
    ("sunday", NY_SPRING, "2026-03-08 21:00"),
    ("in 2 days", NY_SPRING, "2026-03-08 21:00"),
    ("in 48 hours", NY_SPRING, "2026-03-08 15:00"),
    # 01:30 on 1 Nov happens twice -> the first, EDT
    ("sunday 1:30am", NY_FALL, "2026-11-01 05:30"),
    ("sunday", NY_FALL, "2026-11-01 22:00"),
    ("in 2 days", NY_FALL, "2026-11-01 22:00"),
    # --- DST, Berlin ---
    ("sunday 2:30am", BER_SPRING, "2026-03-29 01:30"),
    ("monday", BER_SPRING, "2026-03-30 15:00"),
    ("in 3 days", BER_SPRING, "2026-03-30 15:00"),
    ("sunday 2:30am", BER_FALL, "2026-10-25 00:30"),
    ("eow", BER_FALL, "2026-10-23 15:00"),
    ("next monday", BER_FALL, "2026-10-26 16:00"),
    # the last and first days pk keeps (docs/dates.md: 1900 to 2999, UTC)
    ("2999-12-31", MON, "2999-12-31 17:00"),
    ("2999-12-31T23:59Z", MON, "2999-12-31 23:59"),
    ("1900-01-01T00:00Z", MON, "1900-01-01 00:00"),
    # leap days
    ("2028-02-29", MON, "2028-02-29 17:00"),
    ("Feb 29 2028 9am", MON, "2028-02-29 09:00"),
    ("Feb 29", LEAP_DAY, "2028-02-29 17:00"),  # today is Feb 29: on or after today
    ("in 1 day", LEAP_DAY, "2028-03-01 17:00"),
    ("eom", LEAP_DAY, "2028-02-29 17:00"),  # Tuesday the 29th is the last weekday
    # the forms people write: a part of the day means its end (a deadline is the latest moment)
    ("tomorrow morning", MON, "2026-11-24 12:00"),
    ("monday morning", MON, "2026-11-30 12:00"),
    ("first thing monday", MON, "2026-11-30 12:00"),
    ("this afternoon", MON, "2026-11-23 17:00"),
    ("friday evening", MON, "2026-11-27 20:00"),
    ("tomorrow eod", MON, "2026-11-24 17:00"),
    ("cob friday", MON, "2026-11-27 17:00"),
    ("friday close of business", MON, "2026-11-27 17:00"),
    ("dec 24 noon", MON, "2026-12-24 12:00"),
    ("december 24th", MON, "2026-12-24 17:00"),
    ("the 24th of december", MON, "2026-12-24 17:00"),
    ("15th", MON, "2026-12-15 17:00"),  # the 15th of this month has passed: next month's
    ("the 25th", MON, "2026-11-25 17:00"),
    ("31st", MON, "2026-12-31 17:00"),  # November has no 31st
    ("12/24", MON, "2026-12-24 17:00"),  # mdy: month/day, no year: the next one
    ("next month", MON, "2026-12-31 17:00"),  # its last working day, as eom
    ("end of next week", MON, "2026-12-04 17:00"),
    ("eoq", MON, "2026-12-31 17:00"),  # the last working day of the quarter
    ("end of the quarter", MON, "2026-12-31 17:00"),
    ("in 2 days from now", MON, "2026-11-25 17:00"),
    ("within 3 business days", MON, "2026-11-26 17:00"),
]


def settings_for(now: datetime, order: str = "mdy") -> DateSettings:
    return DateSettings(now.tzinfo, time(17, 0), order)  # type: ignore[arg-type]


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


@pytest.mark.parametrize(("expression", "now", "expected"), VALID)
def test_valid_expressions(expression: str, now: datetime, expected: str) -> None:
    assert resolve(expression, now, settings_for(now)).at == utc(expected)


def test_enough_cases() -> None:
    nows = {now for _e, now, _x in VALID}
    assert len(VALID) >= 60 and {MON, FRI, SUN} <= nows


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("01/02/2027", "2027-02-01 17:00"),
        ("1.2.2027", "2027-02-01 17:00"),
        ("31-12-2026", "2026-12-31 17:00"),
        ("2026-05-03", "2026-05-03 17:00"),  # ISO is never reordered
        ("24/12", "2026-12-24 17:00"),  # day/month, no year: the next one
        ("24.12 10am", "2026-12-24 10:00"),
    ],
)
def test_day_first_order(expression: str, expected: str) -> None:
    assert resolve(expression, MON, settings_for(MON, "dmy")).at == utc(expected)


@pytest.mark.parametrize(
    ("expression", "mode", "expected"),
    [
        ("friday", "at", "2026-11-20 17:00"),  # most recent Friday on or before today
        ("today", "at", "2026-11-23 09:00"),  # end of today is still ahead: now
        ("yesterday 4pm", "at", "2026-11-22 16:00"),
        ("2 days ago", "at", "2026-11-21 17:00"),
        ("3h ago", "at", "2026-11-23 06:00"),
        ("monday", "made", "2026-11-23 00:00"),  # today is Monday
        ("friday", "made", "2026-11-20 00:00"),
        ("2026-11-02", "made", "2026-11-02 00:00"),
        ("8am", "at", "2026-11-23 08:00"),
        ("10am", "at", "2026-11-22 10:00"),  # not yet 10:00 today: yesterday's
    ],
)
def test_past_events(expression: str, mode: str, expected: str) -> None:
    assert resolve(expression, MON, settings_for(MON), mode=mode).at == utc(expected)  # type: ignore[arg-type]


INVALID = [
    ("fridya", MON, 'Did you mean "friday"'),
    ("the 45th", MON, "is not a day of the month"),
    ("midnight", MON, "ambiguous"),
    ("Feb", MON, "needs a day"),
    ("December 2026", MON, "needs a day"),
    ("99", MON, "Can't read"),
    ("1A2B", MON, "Can't read"),
    ("invoice 42", MON, "Can't read"),
    ("13pm", MON, "not a time"),
    ("25:00", MON, "not a time"),
    ("2026-02-30", MON, "not a real date"),
    ("13/13/2026", MON, "not a real date"),
    ("31/12/2026", MON, "not a real date"),  # mdy: there is no month 31
    ("this friday", FRI, "has already passed"),
    ("this saturday", SUN, "has already passed"),
    ("Dec 1 99", MON, "4 digits"),
    ("eod 3pm", MON, "already sets a time"),
    ("Dec 1 5pm EST", MON, "Can't read"),
    ("", MON, "Give a date"),
    ("   ", MON, "Give a date"),
    ("0 business days", MON, "count from 1"),
    ("Friday Dec 5 2026", MON, "is not a friday"),
    ("next", MON, "Can't read"),
    ("in days", MON, "Can't read"),
    ("tomorrow tomorrow", MON, "Can't read"),
    ("9999-12-31T23:00-05:00", MON, "out of range"),
    ("9999-12-31", MON, "outside the times pk keeps"),
    ("3000-01-01", MON, "outside the times pk keeps"),
    ("2999-12-31 23:00-05:00", MON, "outside the times pk keeps"),  # 3000-01-01 04:00 UTC
    # typed on Mon 23 Nov: a day and month of the last 30 days is a typo, not next year
    ("Nov 22", MON, "1 day ago, so it is in the past"),
    ("nov 20", MON, 'For next year\'s write "Nov 20 2027"'),
    ("Oct 24", MON, "30 days ago"),
    ("20 November 3pm", MON, "3 days ago"),
    ("asap", MON, "Can't read"),
    ("2027-02-29", MON, "not a real date"),
    ("Feb 29 2027", MON, "is not a real date"),
]


@pytest.mark.parametrize(("expression", "now", "message"), INVALID)
def test_invalid_expressions(expression: str, now: datetime, message: str) -> None:
    with pytest.raises(BadDate, match=message) as caught:
        resolve(expression, now, settings_for(now))
    assert "\n" not in str(caught.value)


def test_enough_invalid_cases() -> None:
    assert len(INVALID) >= 20


@pytest.mark.parametrize(
    ("expression", "mode", "message"),
    [
        ("tomorrow", "at", "in the future"),
        ("in 3 days", "made", "in the future"),
        ("next friday", "at", "names a coming day"),
    ],
)
def test_past_modes_refuse_the_future(expression: str, mode: str, message: str) -> None:
    with pytest.raises(BadDate, match=message):
        resolve(expression, MON, settings_for(MON), mode=mode)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expression", "mode", "expected"),
    [
        # past events take the most recent occurrence on or before today (typed Mon 23 Nov 2026)
        ("Nov 20", "at", "2026-11-20 17:00"),
        ("Nov 20", "made", "2026-11-20 00:00"),
        ("Nov 23", "made", "2026-11-23 00:00"),
        ("Nov 23", "at", "2026-11-23 09:00"),  # today, before the working day ends: now
        ("Dec 1", "made", "2025-12-01 00:00"),  # not yet this year: last year's
        ("Feb 29", "made", "2024-02-29 00:00"),  # the last leap day
        ("Dec 1 3pm", "at", "2025-12-01 15:00"),
    ],
)
def test_day_and_month_in_past_modes(expression: str, mode: str, expected: str) -> None:
    assert resolve(expression, MON, settings_for(MON), mode=mode).at == utc(expected)  # type: ignore[arg-type]


def test_range_is_checked_at_pk_now() -> None:
    for value in ("0001-01-01T00:00:00+00:00", "9999-12-31T00:00:00+00:00", "1899-12-31T23:00Z"):
        with pytest.raises(BadDate, match=r"outside the times pk keeps|out of range"):
            parse_now(value)
    assert parse_now("1900-01-01T00:00:00+00:00").year == 1900


def test_dst_adjustments_are_explained() -> None:
    gap = resolve("sunday 2:30am", NY_SPRING, settings_for(NY_SPRING))
    assert gap.note == "02:30 does not exist on Sun 8 Mar (clocks go forward); using 03:30"
    overlap = resolve("sunday 1:30am", NY_FALL, settings_for(NY_FALL))
    assert overlap.note is not None and "happens twice" in overlap.note and "EDT" in overlap.note
    assert resolve("friday", MON, settings_for(MON)).note is None


def test_typed_offset_fixes_the_instant_and_results_are_utc() -> None:
    in_berlin = DateSettings(BERLIN, time(17, 0), "mdy")
    typed = resolve("2026-12-01 15:00-05:00", MON, in_berlin).at
    assert typed == utc("2026-12-01 20:00") and typed.tzinfo is UTC
    assert resolve("friday", MON, in_berlin).at.tzinfo is UTC


def test_workday_end_setting() -> None:
    settings = DateSettings(UTC_ZONE, time(18, 30), "mdy")
    assert resolve("friday", MON, settings).at == utc("2026-11-27 18:30")
    assert resolve("friday 9am", MON, settings).at == utc("2026-11-27 09:00")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-27 17:00", "Fri 27 Nov 17:00 · in 4 days"),
        ("2026-11-24 17:00", "Tue 24 Nov 17:00 · tomorrow"),
        ("2026-11-23 17:00", "Mon 23 Nov 17:00 · in 8 h"),
        ("2026-11-23 12:20", "Mon 23 Nov 12:20 · in 3 h 20 min"),
        ("2026-11-23 09:45", "Mon 23 Nov 09:45 · in 45 min"),
        ("2026-11-23 06:00", "Mon 23 Nov 06:00 · 3 h ago"),
        ("2026-11-20 17:00", "Fri 20 Nov 17:00 · 3 days ago"),
        ("2026-11-22 08:00", "Sun 22 Nov 08:00 · yesterday"),
        ("2027-01-05 17:00", "Tue 5 Jan 2027 17:00 · in 43 days"),
    ],
)
def test_echo(moment: str, expected: str) -> None:
    assert describe(utc(moment), MON, UTC_ZONE) == expected


def test_distance_uses_local_calendar_days() -> None:
    # 23:30 Monday in Berlin is already Tuesday; 30 h later is "in 2 days" by the calendar.
    now = datetime(2026, 11, 23, 23, 30, tzinfo=BERLIN)
    later = datetime(2026, 11, 25, 5, 30, tzinfo=BERLIN)
    assert distance(later, now, BERLIN) == "in 2 days"
    assert lateness(datetime(2026, 11, 23, 7, 30, tzinfo=BERLIN), now, BERLIN) == "16 h late"


def test_pk_now_needs_an_offset() -> None:
    assert parse_now("2026-11-23T09:00:00+01:00") == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    with pytest.raises(BadDate, match="needs a UTC offset"):
        parse_now("2026-11-23T09:00:00")
    with pytest.raises(BadDate, match="must be an ISO 8601 time"):
        parse_now("monday")


WED_9_DEC = "2026-12-09T10:00:00+00:00"


def test_los_angeles_cannot_store_what_breaks_views_east_of_utc(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    done = run(pk, "add", "far", "--to", "Acme", "--by", "2999-12-31", TZ="America/Los_Angeles")
    one_line(done, 2, "outside the times pk keeps")  # 2999-12-31 17:00 in LA is 3000 in UTC
    pk.ok("add", "near", "--to", "Acme", "--by", "2999-12-30", TZ="America/Los_Angeles")
    for zone in ("Pacific/Kiritimati", "Asia/Tokyo", "UTC", "Pacific/Pago_Pago"):
        assert pk("ls", "--all", TZ=zone).exit_code == 0


def test_day_and_month_of_the_last_30_days(pk: Pk) -> None:
    out = pk("add", "x", "--to", "Acme", "--by", "dec 8", now=WED_9_DEC)
    assert out.exit_code == 2 and 'write "Dec 8 2027"' in out.stderr
    pk.ok("add", "x", "--to", "Acme", "--by", "dec 10", "--made", "dec 1", now=WED_9_DEC)
    kept = pk.ok("keep", "1", "--at", "dec 1", now=WED_9_DEC).stdout
    assert "Tue 1 Dec" in kept
    (promise,) = pk.ok("ls", "--all", "--status", "all", "-f", "json", now=WED_9_DEC).json()
    assert promise["made_at"] == "2026-12-01T00:00:00+00:00"
    assert promise["kept_at"] == "2026-12-01T17:00:00+00:00"


def test_times_stored_as_seconds_are_written_as_every_other_time() -> None:
    """Exports format stored seconds directly (dates.seconds_to_utc_iso); the text must be the
    one to_utc_iso gives, across the whole range pk keeps."""
    from datetime import UTC, datetime

    from hypothesis import given
    from hypothesis import strategies as st

    from promisekeeper.dates import seconds_to_utc_iso, to_utc_iso
    from promisekeeper.timerange import EARLIEST, LATEST

    low, high = int(EARLIEST.timestamp()), int(LATEST.timestamp()) - 1

    @given(st.integers(min_value=low, max_value=high))
    def same(value: int) -> None:
        assert seconds_to_utc_iso(value) == to_utc_iso(datetime.fromtimestamp(value, UTC))

    same()
    for value in (low, high, -1, 0, 951_782_400):  # the ends, the epoch, a leap day
        assert seconds_to_utc_iso(value) == to_utc_iso(datetime.fromtimestamp(value, UTC))


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("when", "tomorrow morning"), "Tue 24 Nov 12:00"),
        (("when", "15th"), "Tue 15 Dec 17:00"),
        (("add", "Quote", "--to", "Acme", "--by", "dec 24 noon"), "Thu 24 Dec 12:00"),
        (("add", "Quote", "--to", "Acme", "--by", "end of next week"), "Fri 4 Dec 17:00"),
    ],
)
def test_one_grammar_on_the_command_line(sqlite_pk: Pk, args: tuple[str, ...], shown: str) -> None:
    """add, when and capture read the same forms (capture: tests/test_capture.py)."""
    assert shown in sqlite_pk.ok(*args).stdout

"""At risk (docs/business-time.md): an open promise, not overdue, that has used ``risk.at`` or
more of its business time from made to due. Shares worked out by hand; the section appears
exactly when the share crosses the setting; the search by bands misses no promise at risk."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import Pk

from promisekeeper.calendar import Calendar, WorkingTime
from promisekeeper.domain import risk

NY = ZoneInfo("America/New_York")
WEEKDAYS = WorkingTime(Calendar(), NY)
US_NY = WorkingTime(Calendar(country="US", subdivision="NY"), NY)
DE_BY = WorkingTime(Calendar(country="DE", subdivision="BY"), ZoneInfo("Europe/Berlin"))


def _local(working: WorkingTime, text: str) -> datetime:
    moment = datetime.strptime(text[4:], "%Y-%m-%d %H:%M").replace(tzinfo=working.zone)
    assert moment.strftime("%a") == text[:3], text
    return moment


SHARES = [
    # working time, made, due, now, share used (business hours used / business hours in all)
    (WEEKDAYS, "Mon 2026-11-23 09:00", "Fri 2026-11-27 17:00", "Thu 2026-11-26 15:00", 30 / 40),
    (WEEKDAYS, "Mon 2026-11-23 09:00", "Fri 2026-11-27 17:00", "Wed 2026-11-25 13:00", 20 / 40),
    (US_NY, "Mon 2026-11-23 09:00", "Fri 2026-11-27 17:00", "Wed 2026-11-25 17:00", 24 / 32),
    (US_NY, "Mon 2026-11-23 09:00", "Fri 2026-11-27 17:00", "Thu 2026-11-26 12:00", 24 / 32),
    (US_NY, "Wed 2026-11-25 16:00", "Mon 2026-11-30 10:00", "Fri 2026-11-27 09:00", 1 / 10),
    (WEEKDAYS, "Fri 2026-11-20 16:00", "Mon 2026-11-23 10:00", "Sat 2026-11-21 12:00", 1 / 2),
    (WEEKDAYS, "Fri 2026-11-20 18:00", "Sun 2026-11-22 12:00", "Sat 2026-11-21 12:00", 1.0),
    (DE_BY, "Wed 2026-12-23 09:00", "Tue 2026-12-29 17:00", "Mon 2026-12-28 13:00", 20 / 32),
    (DE_BY, "Wed 2026-12-23 09:00", "Tue 2026-12-29 17:00", "Tue 2026-12-29 09:00", 24 / 32),
    (WEEKDAYS, "Mon 2026-11-23 10:00", "Thu 2026-12-10 17:00", "Tue 2026-12-08 10:00", 88 / 111),
]


@pytest.mark.parametrize(("working", "made", "due", "now", "share"), SHARES)
def test_share_of_business_time_used(
    working: WorkingTime, made: str, due: str, now: str, share: float
) -> None:
    found = risk.share_used(
        _local(working, made), _local(working, due), _local(working, now), working
    )
    assert found == pytest.approx(share)


def _section_of(pk: Pk, promise_id: int, now: str, **env: str) -> str | None:
    view = pk.ok("due", "--days", "7", "-f", "json", now=now, **env).json()
    for section in ("overdue", "at_risk", "today", "soon"):
        if any(p["id"] == promise_id for p in view[section]):
            return section
    return None


def test_at_risk_from_the_minute_the_share_crosses_risk_at(pk: Pk) -> None:
    """Made Mon 09:00, due Fri 17:00: 40 business hours; 75% of them are used at Thu 15:00."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")  # now: Mon 23 Nov 09:00 UTC
    assert _section_of(pk, 1, "2026-11-26T14:59:00+00:00") == "soon"
    assert _section_of(pk, 1, "2026-11-26T15:00:00+00:00") == "at_risk"
    assert _section_of(pk, 1, "2026-11-27T16:59:00+00:00") == "at_risk"  # due today: still
    assert _section_of(pk, 1, "2026-11-27T17:01:00+00:00") == "overdue"
    pk.ok("config", "set", "risk.at", "50%")  # 20 hours: Wed 13:00
    assert _section_of(pk, 1, "2026-11-25T12:59:00+00:00") == "soon"
    assert _section_of(pk, 1, "2026-11-25T13:00:00+00:00") == "at_risk"
    pk.ok("keep", "1", now="2026-11-25T14:00:00+00:00")
    assert _section_of(pk, 1, "2026-11-25T15:00:00+00:00") is None  # kept: in no section


def test_a_holiday_brings_the_risk_forward(pk: Pk) -> None:
    """With Thanksgiving closed, Mon 09:00 to Fri 17:00 holds 32 business hours: 75% of them are
    used by Wednesday 17:00, a day earlier than on plain weekdays."""
    pk.ok("config", "set", "calendar.country", "US")
    ny = {"TZ": "America/New_York"}
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", now="2026-11-23T09:00:00-05:00", **ny)
    assert _section_of(pk, 1, "2026-11-25T16:59:00-05:00", **ny) == "soon"
    assert _section_of(pk, 1, "2026-11-25T17:00:00-05:00", **ny) == "at_risk"
    shown = pk.ok("due", now="2026-11-26T12:00:00-05:00", **ny).stdout
    assert "At risk · 1" in shown and "tomorrow · 75% used" in shown


def test_the_at_risk_section_fits_the_screen_and_counts_the_rest(pk: Pk) -> None:
    for n in range(6):
        pk.ok("add", f"Task {n}", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Overdue one", "--to", "Acme", "--by", "tuesday")
    view = pk.on_terminal("due", "--limit", "4", PK_NOW="2026-11-26T16:00:00+00:00")
    assert "At risk · 6" in view and "… 3 more not shown" in view
    assert "1 overdue · 6 at risk · 0 today · 0 soon" in view
    machine = pk.ok("due", "-f", "json", now="2026-11-26T16:00:00+00:00").json()
    assert [p["id"] for p in machine["at_risk"]] == [1, 2, 3, 4, 5, 6]  # files: every one


MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(
    made=MOMENTS,
    span=st.floats(min_value=0.01, max_value=2_000),
    elapsed=st.floats(min_value=0, max_value=1),
    at=st.sampled_from([0.5, 0.75, 0.9, 0.99]),
    working=st.sampled_from([WEEKDAYS, US_NY, DE_BY]),
)
def test_the_bands_hold_every_promise_at_risk(
    made: datetime, span: float, elapsed: float, at: float, working: WorkingTime
) -> None:
    """Whatever the promise, if it is at risk at ``now`` it meets one of the bands the
    database is asked for (so the search never misses one)."""
    due = made + timedelta(hours=span)
    now = made + (due - made) * elapsed
    if risk.share_used(made, due, now, working) < at or due < now:
        return
    found = risk.bands(now, [working], at)
    assert any(
        (before is None or due < before) and (made_by is None or made <= made_by)
        for before, made_by in found
    )


def test_no_working_time_left_is_at_risk_at_once() -> None:
    """Made Friday evening, due Sunday: no working time in the span, nothing left to use."""
    made = datetime.combine(date(2026, 11, 20), time(18, 0), NY)
    due = datetime.combine(date(2026, 11, 22), time(12, 0), NY)
    assert risk.share_used(made, due, made, WEEKDAYS) == 1.0

"""The working calendar: which days are working days (docs/dates.md, "Business days").

One object answers every business-day question of the date grammar (``N business days``,
``eow``, ``eom``). Today it knows the working weekdays; holidays and customers' own calendars
join it here, and every form that consults it follows.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

MONDAY_TO_FRIDAY = frozenset(range(5))


class Calendar(NamedTuple):
    workdays: frozenset[int] = MONDAY_TO_FRIDAY  # date.weekday() numbers, Monday = 0

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.workdays

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day strictly after ``day`` (count ≥ 1)."""
        while count:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def last_working_day_of_month(self, year: int, month: int) -> date:
        import calendar

        day = date(year, month, calendar.monthrange(year, month)[1])
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def week_end(self, monday: date) -> date:
        """The last working day of the Monday-start week beginning ``monday`` (Friday)."""
        day = monday + timedelta(days=6)
        while not self.is_working_day(day) and day > monday:
            day -= timedelta(days=1)
        return day

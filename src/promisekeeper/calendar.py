"""The working calendar: which days are working days (docs/dates.md, "Business days").

One object answers every business-day question of the date grammar (``N business days``,
``eow``, ``eom``, ``next week``): a day is a working day when its weekday is one of
``workdays``, it is not in ``closed`` (the company's own closed days) and it is not a public
holiday of ``country`` (and ``subdivision``) as the ``holidays`` package knows them. That package
is imported only when a calendar with a country must answer, and each year's holidays are
computed once per process.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

MONDAY_TO_FRIDAY = frozenset(range(5))


class Calendar(NamedTuple):
    workdays: frozenset[int] = MONDAY_TO_FRIDAY  # date.weekday() numbers, Monday = 0
    closed: frozenset[date] = frozenset()  # the company's own closed days
    country: str | None = None  # ISO 3166 code of the public holidays, e.g. "DE"
    subdivision: str | None = None  # e.g. "BY"

    def holiday(self, day: date) -> str | None:
        """The public holiday ``day`` is, by name, or None."""
        if self.country is None:
            return None
        return public_holidays(self.country, self.subdivision, day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.workdays and day not in self.closed and self.holiday(day) is None
        )

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
        first = date(year, month, 1)
        while not self.is_working_day(day) and day > first:
            day -= timedelta(days=1)
        return day

    def week_end(self, monday: date) -> date:
        """The last working day of the Monday-start week beginning ``monday`` (Friday, or
        Thursday when Friday is closed)."""
        day = monday + timedelta(days=6)
        while not self.is_working_day(day) and day > monday:
            day -= timedelta(days=1)
        return day


@lru_cache(maxsize=64)
def public_holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """A year's public holidays of a country (and subdivision), by day."""
    import holidays

    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as exc:  # an unknown country or subdivision, set by hand
        from promisekeeper.errors import ConfigError

        where = f"{country}/{subdivision}" if subdivision else country
        raise ConfigError(
            f'No public holidays are known for "{where}" (calendar.country and '
            "calendar.subdivision); `pk config set` checks a code before it keeps it."
        ) from exc
    return {day: str(name) for day, name in found.items()}

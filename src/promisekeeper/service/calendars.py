"""``pk calendar``: the closed days in force for a year, yours or a customer's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.errors import InputError
from promisekeeper.service import check_customer, date_settings_for, reading
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.domain.results.calendars import CalendarYear


def calendar_year(settings: Settings, year: int | None, customer: str | None) -> CalendarYear:
    from promisekeeper.calendar import workdays_text
    from promisekeeper.domain.results.calendars import CalendarYear

    if year is not None and not 1900 <= year <= 2999:
        raise InputError(f"--year takes a year from 1900 to 2999, not {year}.")
    chosen = year or settings.now.astimezone(settings.tz).year
    zone = calendar = name = None
    if customer is not None:
        with reading(settings) as reader:
            name = check_customer(reader, customer)
            assert name is not None
            zone, calendar = queries.customer_place(reader, name)
    dated = date_settings_for(settings, zone, calendar)
    days = dated.calendar
    return CalendarYear(
        year=chosen,
        calendar=days.name,
        customer=name,
        zone=getattr(dated.deadline_zone or settings.tz, "key", None) or str(settings.tz),
        workdays=workdays_text(days.workdays),
        start=settings.workday_start,
        end=settings.workday_end,
        closed=days.closed_in(chosen),
    )

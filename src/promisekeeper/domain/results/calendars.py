"""Results of ``pk calendar`` and ``pk ics``."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from datetime import datetime, time, timedelta

    from promisekeeper.calendar import ClosedDay
    from promisekeeper.domain.model import PromiseRecord


class CalendarYear(NamedTuple):
    """``pk calendar``: the days a calendar is closed in a year, and its working time."""

    year: int
    calendar: str  # "US/NY", or "weekdays" without public holidays
    customer: str | None  # whose calendar, when it is a customer's
    zone: str
    workdays: str  # "mon-fri"
    start: time
    end: time
    closed: list[ClosedDay]


class CalendarFeed(NamedTuple):
    """``pk ics``: open promises as calendar items."""

    promises: list[PromiseRecord]
    changes: dict[int, tuple[int, int, datetime]]  # id -> (date moves, sequence, last change)
    events: bool  # VEVENTs ending at the deadline (the default), else VTODOs
    remind_before: timedelta
    # the promises an owed one leaves too little time, with its lines (docs/owed.md)
    held: dict[int, tuple[str, ...]] | None = None

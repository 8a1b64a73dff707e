"""What commands hand to the renderers: one type per kind of result (``render.registry`` names a
renderer for each type and format)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:  # annotations only: `pk when` need not import the records it never shows
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from datetime import datetime, time, timedelta
    from typing import Any

    from promisekeeper.calendar import ClosedDay
    from promisekeeper.dates import Resolution
    from promisekeeper.domain.due import DueView
    from promisekeeper.domain.escalation import Escalated
    from promisekeeper.domain.model import CustomerSummary, EventRecord, PromiseRecord
    from promisekeeper.domain.report import Figures
    from promisekeeper.domain.standards import Adherence, StandardRecord


class PromiseList(NamedTuple):
    """Promises in a list (``promise list``, ``overdue``)."""

    rows: list[PromiseRecord]
    show_owner: bool
    empty: str = "No promises match."
    limit: int | None = None  # at most this many (0: all; None: a screenful on a terminal)
    wide: bool = False  # whole texts on a terminal too
    # When ``rows`` is the first page only: how many match, how many of them are open, and how
    # many overdue (a list scales with what is shown, not with what exists).
    counts: tuple[int, int, int] | None = None


class DueResult(NamedTuple):
    """The morning view."""

    view: DueView
    show_owner: bool
    wide: bool = False  # whole texts on a terminal too


class Change(NamedTuple):
    """The result of a write: the promise as it is now, plus anything worth telling the user."""

    promise: PromiseRecord
    notices: Sequence[str] = ()
    due: Resolution | None = None


class CustomerList(NamedTuple):
    rows: list[CustomerSummary]


class CustomerDetail(NamedTuple):
    name: str
    summary: CustomerSummary
    all_time: Figures
    last_90_days: Figures
    open: list[PromiseRecord]
    kept_recently: list[PromiseRecord]  # the last 30 days
    history: list[tuple[int, str, EventRecord]]  # (promise id, its text, the event), newest first
    timezone: str | None = None  # its own zone, when it has one
    calendar: str | None = None  # its own public holidays ("DE/BY")


class WhenResult(NamedTuple):
    """``pk when``: what an expression means now."""

    expression: str
    resolution: Resolution


class Setting(NamedTuple):
    name: str
    value: str | None  # as it may be printed (no password)
    source: str
    meaning: str


class SettingList(NamedTuple):
    rows: list[Setting]
    path: str  # the config file


class StandardList(NamedTuple):
    rows: list[StandardRecord]


class StandardDetail(NamedTuple):
    standard: StandardRecord
    record: Adherence  # the promises agreed for the last ``days`` days
    promises: int  # every live promise that follows it
    days: int


class Publication(NamedTuple):
    """``pk standard publish``: what customers can expect from us."""

    standards: list[StandardRecord]
    records: dict[str, Adherence] | None  # by standard name, with --with-record
    now: datetime
    days: int


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
    changes: dict[int, tuple[int, datetime]]  # id -> (date moves, last change)
    events: bool  # VEVENTs at the due time instead of VTODOs
    remind_before: timedelta


class EscalationList(NamedTuple):
    """``pk escalations``: the promises past the escalation thresholds, worst first."""

    rows: list[Escalated]
    show_owner: bool


class Workload(NamedTuple):
    """One person's open promises (``pk team``)."""

    owner: str
    open: int  # active: open or waiting on the customer
    overdue: int
    today: int
    at_risk: int
    waiting: int
    slipping: int  # slipped at least once


class TeamView(NamedTuple):
    """``pk team``: the lead's view of everyone's workload, most overdue first."""

    rows: list[Workload]


AnnouncementKind = Literal["escalated", "overdue", "at_risk", "due_soon", "chase"]


class Announcement(NamedTuple):
    """One thing ``pk remind`` says (docs/reminders.md)."""

    kind: AnnouncementKind
    promise: PromiseRecord
    used: float | None = None  # at risk: the share of business time used


class Reminder(NamedTuple):
    """What one ``pk remind`` run announced, and where it was sent."""

    items: list[Announcement]
    sent_to: str | None = None  # where it was delivered, as it may be shown


# One event as ``pk log`` lists it: (id, promise id, what, customer, at, kind, by, details,
# voided).
LogRow = tuple[int, int, str, str, "datetime", str, str, dict[str, "Any"], bool]


class ExportSource(NamedTuple):
    """What an export writes, each part read lazily as it is written (``store.export``)."""

    standards: Callable[[], Iterable[dict[str, Any]]]
    customers: Callable[[], Iterable[dict[str, Any]]]
    promises: Callable[[], Iterable[dict[str, Any]]]  # every promise, with its history
    live: Callable[[], Iterator[list[PromiseRecord]]]  # the live ones, as records, in batches

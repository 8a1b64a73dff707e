"""Read-side records: what a promise and its history look like to the rest of pk."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, NamedTuple

from promisekeeper.domain.states import STATUSES as STATUSES
from promisekeeper.domain.states import Status as Status

OURS, OWED = "ours", "owed"  # a promise's direction: we made it, or it is owed to us
Outcome = Literal["kept_on_time", "kept_late", "broken", "cancelled"]


class PromiseRecord(NamedTuple):
    id: int
    what: str
    customer: str
    owner: str
    status: Status
    tags: tuple[str, ...]
    made_at: datetime
    created_at: datetime
    due_at: datetime | None  # None: not dated (domain/states.py)
    original_due_at: datetime | None
    baseline_due_at: datetime | None
    kept_at: datetime | None
    closed_at: datetime | None
    slips: int
    slips_heads_up: int
    standard: str | None = None  # the service standard it follows, by name
    standard_due_at: datetime | None = None  # the deadline that standard gave it
    customer_zone: str | None = None  # the customer's own zone (IANA), when it has one
    customer_calendar: str | None = None  # and its own holiday calendar ("DE/BY")
    # Waiting on the customer (docs/words.md): since when, how many waits, and the business
    # seconds waited — of the waits that ended when read from the store, and up to now as
    # the service gives it out (``service.as_of_now``).
    waiting_since: datetime | None = None
    waits: int = 0
    waited_seconds: float = 0
    update_every: str | None = None  # keep the customer in the loop: "2 business days"
    effort_stated: int | None = None  # minutes of effort stated to the customer
    effort_actual: int | None = None  # minutes keeping it took
    # ours, or owed to us by its customer, the party (docs/owed.md); the promise of ours an
    # owed one holds up, and the business time we need after it arrives
    direction: str = "ours"
    blocks: int | None = None
    needs: str | None = None
    plan_b: str | None = None  # what we do if it does not hold
    every: str | None = None  # a recurring promise's rule ("month on the 5th")
    series: int | None = None  # the first promise of its series

    @property
    def owed(self) -> bool:
        """Whether it is a promise made to us (docs/owed.md)."""
        return self.direction == OWED

    # The dates of a promise in a dated state (domain/states.py): every running, judged or
    # closed-with-a-date one has them. Asked of a request without a date, it is a bug in pk.
    @property
    def due(self) -> datetime:
        return _dated(self, self.due_at)

    @property
    def agreed(self) -> datetime:
        """The baseline: the date the customer last agreed to."""
        return _dated(self, self.baseline_due_at)

    @property
    def first_due(self) -> datetime:
        return _dated(self, self.original_due_at)


def _dated(promise: PromiseRecord, value: datetime | None) -> datetime:
    if value is None:
        raise AssertionError(f"#{promise.id} ({promise.status}) has no due date")
    return value


class EventRecord(NamedTuple):
    id: int
    at: datetime
    kind: str
    by: str
    data: dict[str, Any]
    # The place in the history (1 for ``created``) of the ``undone`` event that took this one
    # back, or None: a voided event stays in the history it was written in, counted nowhere.
    voided_by: int | None = None
    # Who brought it in with an import, and when (docs/team.md, "Moving in"); None otherwise.
    imported_by: str | None = None
    imported_at: datetime | None = None


class PromiseDetail(NamedTuple):
    promise: PromiseRecord
    history: tuple[EventRecord, ...]
    deleted_at: datetime | None = None  # a deleted promise keeps its history, shown marked
    expectations: tuple[str, ...] = ()  # what its customer expects of every promise
    # every promise of its series, when it recurs (docs/owed.md), by due date
    series: tuple[PromiseRecord, ...] = ()


class CustomerSummary(NamedTuple):
    name: str
    open: int
    total: int
    overdue: int
    next_due: datetime | None

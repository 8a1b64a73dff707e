"""Results of ``pk remind``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:  # annotations only
    from datetime import datetime

    from promisekeeper.domain.model import PromiseRecord


AnnouncementKind = Literal[
    "escalated", "overdue", "at_risk", "answer", "due_soon", "chase", "update_owed", "review_due"
]


class Announcement(NamedTuple):
    """One thing ``pk remind`` says (docs/reminders.md)."""

    kind: AnnouncementKind
    promise: PromiseRecord
    used: float | None = None  # at risk: the share of business time used
    since: datetime | None = None  # update owed: since when the customer is owed one; a
    # review due: since when it is due (filed under one of the customer's promises)
    rhythm: str | None = None  # a review due: how often ("every 3 months")
    # at risk because an owed promise leaves too little time: its lines (docs/owed.md)
    blocked: tuple[str, ...] = ()


class Reminder(NamedTuple):
    """What one ``pk remind`` run announced, and where it was sent."""

    items: list[Announcement]
    sent_to: str | None = None  # where it was delivered, as it may be shown

"""Escalation (docs/words.md, "Escalation"): an open promise is escalated once it is overdue by
``escalate.overdue`` business days or more, or has slipped ``escalate.slips`` times or more.
The lead's view lists them worst first: most business time overdue, then most slips."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from promisekeeper.calendar import WorkingTime
from promisekeeper.domain.feedback import Flag
from promisekeeper.domain.model import PromiseRecord


class Escalated(NamedTuple):
    promise: PromiseRecord
    late_hours: float  # business hours overdue (0 when not overdue)
    late_days: float  # the same in working days of this calendar
    reasons: tuple[str, ...]  # "overdue", "slips", "flagged"
    last_contact: datetime | None = None
    flag: Flag | None = None  # the team's concern standing on it (docs/feedback.md)
    held: tuple[str, ...] = ()  # owed promises leaving it too little time (docs/owed.md)


def escalated(
    p: PromiseRecord, now: datetime, working: WorkingTime, days: int, slips: int
) -> Escalated | None:
    """``p`` with why it is escalated, or None when it is not."""
    day = working.day_hours
    late = working.hours_between(p.due, now) if p.due < now else 0.0
    reasons = []
    if p.due < now and late >= days * day:
        reasons.append("overdue")
    if p.slips >= slips:
        reasons.append("slips")
    if not reasons:
        return None
    return Escalated(p, round(late, 2), round(late / day, 2), tuple(reasons))


def worst_first(found: list[Escalated]) -> list[Escalated]:
    return sorted(found, key=lambda e: (-e.late_hours, -e.promise.slips, e.promise.id))

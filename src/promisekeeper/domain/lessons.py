"""Causes and lessons (docs/feedback.md, "Causes and lessons"): why our slips and breaks
happened, counted, worst first, with what we learned from each."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

NO_CAUSE = "no cause given"


class CauseCount(NamedTuple):
    cause: str  # one of the setting ``causes``, or NO_CAUSE
    slips: int
    breaks: int
    share: float  # of the slips and breaks counted
    lessons: tuple[Miss, ...]  # the ones with a lesson

    @property
    def total(self) -> int:
        return self.slips + self.breaks


class Miss(NamedTuple):
    """One slip or break, with its cause and lesson."""

    key: str  # its customer or owner, for --by
    promise_id: int
    what: str
    customer: str
    owner: str
    at: datetime
    kind: str  # "slip" or "break"
    cause: str | None
    lesson: str | None


def misses(rows: list[tuple[Any, ...]], by: str | None) -> list[Miss]:
    """The slips (moves that were slips) and breaks among ``store.queries.lesson_events``."""
    found = []
    for promise_id, what, customer, owner, _created, at, kind, _by, data in rows:
        if kind == "rescheduled" and not data.get("slip"):
            continue
        key = customer if by == "customer" else owner if by == "owner" else ""
        found.append(
            Miss(
                key,
                promise_id,
                what,
                customer,
                owner,
                at,
                "slip" if kind == "rescheduled" else "break",
                data.get("cause"),
                data.get("lesson"),
            )
        )
    return found


def tally(found: list[Miss]) -> list[CauseCount]:
    """Causes by count, worst first (then by name), each with its share and lessons."""
    total = len(found)
    causes: dict[str, list[Miss]] = {}
    for miss in found:
        causes.setdefault(miss.cause or NO_CAUSE, []).append(miss)
    counted = [
        CauseCount(
            cause,
            sum(1 for m in items if m.kind == "slip"),
            sum(1 for m in items if m.kind == "break"),
            len(items) / total,
            tuple(m for m in items if m.lesson),
        )
        for cause, items in causes.items()
    ]
    return sorted(counted, key=lambda c: (-c.total, c.cause == NO_CAUSE, c.cause))

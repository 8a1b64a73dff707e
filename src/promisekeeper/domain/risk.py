"""At risk: an open promise, not overdue, that has used ``risk.at`` or more of its business time
(docs/business-time.md, "At risk").

The share used is ``B(made, now) / B(made, due)``, where ``B`` counts working hours
(``WorkingTime``). A promise whose whole span holds no working time (made on Saturday, due on
Sunday) has none left to use: it is at risk at once.

Finding them among many open promises without computing the share of each: a promise at risk
has ``B(now, due) ≤ c · B(made, now)`` with ``c = (1 - risk.at) / risk.at``. ``bands`` turns
that into conditions a database answers from its index on due dates: for each step ``K`` of
working hours, a promise due ``K`` or more working hours from now can only be at risk when it
was made at least ``K / c`` working hours ago. Every promise at risk meets one band; the share
of each one that does is then computed exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from promisekeeper.calendar import WorkingTime

# 1, 2, 4 … 256 working hours ahead (about seven weeks); beyond the last, one band for every
# promise due later. Few steps keep the walk through the calendar short (a few hundred days).
STEPS = tuple(2.0**i for i in range(9))
# Working hours (about a year): bands never look further back, so that they need the public
# holidays of last year, this year and next only (the ones `pk config set` caches).
MAX_LOOKBACK = 2_000.0

Band = tuple[datetime | None, datetime | None]  # (due before, made at or before); None: any


def share_used(made: datetime, due: datetime, now: datetime, working: WorkingTime) -> float:
    """The share of its business time a promise has used at ``now``, from 0 to 1."""
    return share_at(made, due, working.position(now), working)


def share_at(made: datetime, due: datetime, now: float, working: WorkingTime) -> float:
    """``share_used`` with ``now`` as a ``WorkingTime.position`` (computed once for many)."""
    start = working.position(made)
    total = working.position(due) - start
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, (now - start) / total))


def bands(now: datetime, workings: Sequence[WorkingTime], at: float) -> list[Band]:
    """Conditions on (due, made) that every promise at risk at ``now`` meets, for every
    working time in ``workings`` (the promises' own calendars)."""
    ratio = at / (1 - at)  # made ≥ ratio · K working hours ago when due ≥ K working hours ahead
    steps = [k for k in STEPS if k * ratio <= MAX_LOOKBACK] or [STEPS[0]]
    # For each step: the latest instant K working hours ahead (a due before it may be any
    # distance ahead below K), and the latest instant ratio·K working hours back.
    afters = [w.marks_after(now, steps) for w in workings]
    befores = [w.marks_before(now, [k * ratio for k in steps]) for w in workings]
    ahead = [max(marks[i] for marks in afters) for i in range(len(steps))]
    back = [max(marks[i] for marks in befores) for i in range(len(steps))]
    found: list[Band] = [(ahead[0], None)]
    for i in range(len(steps)):
        found.append((ahead[i + 1] if i + 1 < len(steps) else None, back[i]))
    return found

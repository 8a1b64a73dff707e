"""Waiting on the customer and keeping the customer in the loop (docs/words.md): plain rules
taking ``now`` and the promise's working time (its customer's, when the customer has one).

* A wait stops the clock. When it ends (resume, or keep/break/cancel while waiting) the due date
  and the baseline move later by the business time waited; the date first said stays. The move
  is never a slip.
* A promise that has waited ``wait.chase`` business days is flagged "chase".
* A promise with an update rhythm owes the customer an update once that much business time has
  passed since the last ``contacted`` note (or since it was made).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from promisekeeper.calendar import WorkingTime
from promisekeeper.domain.model import PromiseRecord
from promisekeeper.domain.standards import parse_within


class Resume(NamedTuple):
    waited_seconds: int  # business seconds of this wait
    due_at: datetime
    baseline_due_at: datetime


def plan_resume(p: PromiseRecord, at: datetime, working: WorkingTime) -> Resume:
    """How a wait that ends at ``at`` moves the promise's dates."""
    assert p.waiting_since is not None
    seconds = round(working.seconds_between(p.waiting_since, at))
    if seconds <= 0:  # waited outside working time only: nothing moves
        return Resume(0, p.due, p.agreed)
    hours = seconds / 3600
    return Resume(seconds, working.add_hours(p.due, hours), working.add_hours(p.agreed, hours))


def waited_now(p: PromiseRecord, now: datetime, working: WorkingTime) -> float:
    """Business seconds the promise has waited in all, the running wait up to ``now``."""
    running = 0.0
    if p.waiting_since is not None:
        running = working.seconds_between(p.waiting_since, now)
    return p.waited_seconds + running


def chase_at(p: PromiseRecord, working: WorkingTime, chase_days: int) -> datetime | None:
    """When a waiting promise should be chased: ``chase_days`` business days into the wait."""
    if p.waiting_since is None:
        return None
    return working.add_days(p.waiting_since, chase_days)


def update_due_at(
    p: PromiseRecord, last_contact: datetime | None, working: WorkingTime
) -> datetime | None:
    """When the customer is owed the next update: the promise's rhythm after its last
    ``contacted`` note, or after it was made; None without a rhythm."""
    if p.update_every is None:
        return None
    since = max(p.made_at, last_contact) if last_contact is not None else p.made_at
    return parse_within(p.update_every, "--every").due(since, working)

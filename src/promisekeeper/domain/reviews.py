"""Candid reviews with a customer (docs/feedback.md, "Candid reviews"): how often, and when the
next one is due. Plain rules taking ``now``."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.calendar import WorkingTime

_RHYTHM = re.compile(
    r"every\s+(?:(\d{1,3})\s+)?(business\s+days?|working\s+days?|days?|weeks?|months?|quarters?)"
)
UNITS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter"}


class Rhythm(NamedTuple):
    amount: int
    unit: str  # "business day", "day", "week", "month", "quarter"

    @property
    def text(self) -> str:
        unit = self.unit if self.amount == 1 else f"{self.unit}s"
        return f"every {unit}" if self.amount == 1 else f"every {self.amount} {unit}"


def parse_rhythm(value: str) -> Rhythm:
    """``every 3 months``, ``every quarter``, ``every 2 weeks``, ``every 10 business days``."""
    m = _RHYTHM.fullmatch(" ".join(value.strip().lower().split()))
    amount = int(m.group(1) or 1) if m else 0
    if m is None or not 1 <= amount <= 366:
        raise InputError(
            f'--review takes a rhythm such as "every 3 months", "every quarter", "every 2 weeks" '
            f'or "every 10 business days" (none removes it), not "{value}".'
        )
    word = m.group(2)
    unit = "business day" if word.startswith(("business", "working")) else word.rstrip("s")
    return Rhythm(amount, unit)


def next_review(last: datetime, rhythm: Rhythm, tz: tzinfo, working: WorkingTime) -> datetime:
    """When the review after one held (or a rhythm started) at ``last`` is due: a rhythm later,
    in calendar time (months and quarters by the calendar, in ``tz``) or in business days."""
    if rhythm.unit == "business day":
        return working.add_days(last, rhythm.amount)
    from dateutil.relativedelta import relativedelta

    step = {
        "day": relativedelta(days=rhythm.amount),
        "week": relativedelta(weeks=rhythm.amount),
        "month": relativedelta(months=rhythm.amount),
        "quarter": relativedelta(months=3 * rhythm.amount),
    }[rhythm.unit]
    local = last.astimezone(tz)
    return (local.replace(tzinfo=None) + step).replace(tzinfo=tz).astimezone(last.tzinfo)


class ReviewDue(NamedTuple):
    """A customer whose review is due (``pk due``'s "Review due")."""

    customer: str
    last_review: datetime | None  # None: never reviewed (the rhythm's start counts)
    due_since: datetime
    rhythm: str

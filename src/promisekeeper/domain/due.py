"""The morning view: which open promises are overdue, due today, due soon (docs/words.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from promisekeeper.dates import at_wall_time, local_today
from promisekeeper.domain.feedback import Flag
from promisekeeper.domain.model import PromiseRecord
from promisekeeper.domain.reviews import ReviewDue


class DueWindow(NamedTuple):
    """UTC bounds for the query: everything open with ``due_at < until`` is in the view."""

    today: date
    tomorrow_starts: datetime
    until: datetime


def due_window(now: datetime, tz: tzinfo, days: int) -> DueWindow:
    from datetime import time

    today = local_today(now, tz)
    tomorrow = at_wall_time(today + timedelta(days=1), time(0, 0), tz).at
    until = at_wall_time(today + timedelta(days=days + 1), time(0, 0), tz).at
    return DueWindow(today, tomorrow, until)


class DueView(NamedTuple):
    now: datetime
    days: int
    overdue: tuple[PromiseRecord, ...]
    today: tuple[PromiseRecord, ...]
    soon: tuple[PromiseRecord, ...]
    next_after: PromiseRecord | None  # the first one beyond the window, for "nothing due" days
    # Promises of each section left out of it (a view that shows the first ones only), and how
    # many of those slipped.
    more_overdue: int = 0
    more_today: int = 0
    more_soon: int = 0
    more_slipping: int = 0
    # Open promises that have used ``risk.at`` or more of their business time (domain/risk.py),
    # with the share each has used; shown in their own section, not under today or soon.
    at_risk: tuple[PromiseRecord, ...] = ()
    risk_used: tuple[float, ...] = ()
    # The flag standing on each of them, if any: a flagged open promise is at risk whatever
    # share it has used (docs/feedback.md).
    risk_flags: tuple[Flag | None, ...] = ()
    more_at_risk: int = 0
    # Why each is at risk, in words: the share used, a flag, an owed promise's slack.
    risk_reasons: tuple[tuple[str, ...], ...] = ()
    risk_blocked: tuple[tuple[str, ...], ...] = ()  # the owed promises' lines among them
    escalated: frozenset[int] = frozenset()  # ids of the shown promises past escalation
    # Waiting on the customer (clock stopped), with the business hours of the current wait,
    # and the ids of those waiting long enough to chase (docs/words.md).
    waiting: tuple[PromiseRecord, ...] = ()
    waiting_hours: tuple[float, ...] = ()
    waiting_for: tuple[str | None, ...] = ()  # the reason given for each wait
    chase: frozenset[int] = frozenset()
    more_waiting: int = 0
    # Running promises whose customer is owed an update, with when it fell due.
    update_owed: tuple[PromiseRecord, ...] = ()
    owed_since: tuple[datetime, ...] = ()
    more_update_owed: int = 0
    # Requests not answered yet (docs/words.md), oldest first, with the business hours each
    # has waited for its answer, and the ids waiting longer than ``unanswered.chase``.
    unanswered: tuple[PromiseRecord, ...] = ()
    unanswered_hours: tuple[float, ...] = ()
    answer: frozenset[int] = frozenset()
    more_unanswered: int = 0
    # Customers whose review is due (docs/feedback.md, "Candid reviews"), longest due first.
    review_due: tuple[ReviewDue, ...] = ()
    # Promises handed over to you since your last look (id, what, customer, handed by whom);
    # shown once (docs/team.md).
    handed_over: tuple[tuple[int, str, str, str], ...] = ()
    # Owed to you (docs/owed.md): open promises others made to us, overdue or due within the
    # window, by due date; never in our own sections or figures.
    owed: tuple[PromiseRecord, ...] = ()

    @property
    def unanswered_count(self) -> int:
        return len(self.unanswered) + self.more_unanswered

    @property
    def waiting_count(self) -> int:
        return len(self.waiting) + self.more_waiting

    @property
    def update_owed_count(self) -> int:
        return len(self.update_owed) + self.more_update_owed

    @property
    def empty(self) -> bool:
        return not self.shown and not self.owed

    @property
    def at_risk_count(self) -> int:
        return len(self.at_risk) + self.more_at_risk

    @property
    def overdue_count(self) -> int:
        return len(self.overdue) + self.more_overdue

    @property
    def today_count(self) -> int:
        return len(self.today) + self.more_today

    @property
    def soon_count(self) -> int:
        return len(self.soon) + self.more_soon

    @property
    def shown(self) -> tuple[PromiseRecord, ...]:
        """Every promise shown, in section order (overdue, at risk, unanswered, waiting, update
        owed, today, soon): each in one section only."""
        return (
            *self.overdue,
            *self.at_risk,
            *self.unanswered,
            *self.waiting,
            *self.update_owed,
            *self.today,
            *self.soon,
        )

    @property
    def slipping(self) -> int:
        shown = sum(1 for p in self.shown if p.slips)
        return shown + self.more_slipping


SECTION_FLOOR = 3  # a section with promises shows at least this many of them


def shares(available: list[int], budget: int) -> list[int]:
    """How many rows each section shows when ``budget`` rows fit: every section with promises
    at least ``SECTION_FLOOR`` (or all it has), then the rest of the budget shared out evenly,
    a section that needs less leaving its part to the others."""
    given = [min(count, SECTION_FLOOR) for count in available]
    left = budget - sum(given)
    while left > 0:
        wanting = [i for i, count in enumerate(available) if given[i] < count]
        if not wanting:
            break
        each = max(1, left // len(wanting))
        for i in wanting:
            take = min(each, available[i] - given[i], left)
            given[i] += take
            left -= take
    return given


def bucket(
    rows: list[PromiseRecord],
    now: datetime,
    window: DueWindow,
    days: int,
    next_after: PromiseRecord | None,
) -> DueView:
    """Split open promises due before ``window.until`` (ordered by due date, id)."""
    overdue = tuple(p for p in rows if p.due < now)
    today = tuple(p for p in rows if now <= p.due < window.tomorrow_starts)
    soon = tuple(p for p in rows if window.tomorrow_starts <= p.due < window.until)
    return DueView(now, days, overdue, today, soon, next_after)

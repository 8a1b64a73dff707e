"""What others owe us and what it holds up (docs/owed.md, "Blocking and slack").

An owed promise may block one of ours (or another owed one: a chain). It leaves too little
slack when the time we need after it arrives (``needs``, business time from its due date) ends
after the blocked promise's due date, or when it is overdue: the blocked promise is then at
risk, with a reason line ("Supplier now Wed 9 Dec: 1 business day left, needs 3").

Along a chain (A blocks B blocks C) an owed promise cannot arrive before what it waits for has
arrived and been worked on: its earliest arrival is the later of its own due date and, for each
open owed promise blocking it, that one's earliest arrival plus its ``needs``. C's slack is
counted from B's earliest arrival.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.display import short_day

if TYPE_CHECKING:
    from promisekeeper.calendar import WorkingTime
    from promisekeeper.domain.model import PromiseRecord


class Slack(NamedTuple):
    """How one open owed promise bears on the promise it blocks."""

    blocker: int  # the owed promise
    blocked: int
    arrives: datetime  # its earliest arrival (its due date, or later along a chain)
    tight: bool  # too little slack, or overdue: the blocked promise is at risk
    line: str  # the reason line


def earliest(
    owed: Mapping[int, PromiseRecord],
    now: datetime,
    working_of: Callable[[PromiseRecord], WorkingTime],
) -> dict[int, datetime]:
    """Each open owed promise's earliest arrival: its due date, or later when an owed promise
    blocking it arrives too late for it (with that one's ``needs`` after it); an overdue one
    cannot arrive before now. Loops are refused when linked; a hand-made one is cut."""
    from promisekeeper.domain.standards import parse_within

    by_blocked: dict[int, list[int]] = {}
    for p in owed.values():
        if p.blocks is not None:
            by_blocked.setdefault(p.blocks, []).append(p.id)
    found: dict[int, datetime] = {}

    def arrival(promise_id: int, seen: frozenset[int]) -> datetime:
        if promise_id in found:
            return found[promise_id]
        p = owed[promise_id]
        at = max(p.due, now)
        for upstream in by_blocked.get(promise_id, ()):
            if upstream in seen:
                continue
            before = owed[upstream]
            need = parse_within(before.needs or "1 business day", "needs")
            working = working_of(p)
            hours = need.amount * (working.day_hours if need.unit == "day" else 1)
            # ends at a day's end rather than the next day's start (calendar.WorkingTime)
            at = max(at, working.add_hours(arrival(upstream, seen | {upstream}), hours))
        found[promise_id] = at
        return at

    for promise_id in owed:
        arrival(promise_id, frozenset({promise_id}))
    return found


def slack(
    blocker: PromiseRecord,
    arrives: datetime,
    blocked: PromiseRecord,
    now: datetime,
    working: WorkingTime,
    tz_day: Callable[[datetime], str],
) -> Slack:
    """What ``blocker`` (an open owed promise arriving at ``arrives`` at the earliest) leaves
    ``blocked`` (due on a date, counted in ``working``, the blocked promise's business time)."""
    from promisekeeper.domain.standards import parse_within

    need = parse_within(blocker.needs or "1 business day", "needs")
    who = blocker.customer
    if blocker.due < now:
        line = f"{who} overdue since {tz_day(blocker.due)}: needs {need.text} after it arrives"
        return Slack(blocker.id, blocked.id, arrives, True, line)
    hours = working.hours_between(arrives, blocked.due)
    left = hours / working.day_hours if need.unit == "day" else hours
    unit = "business day" if need.unit == "day" else "business hour"
    shown = f"{left:g}" if left == int(left) else f"{left:.1f}"
    plural = "" if shown == "1" else "s"
    when = (
        f"now {tz_day(arrives)}"
        if arrives == blocker.due
        else f"not before {tz_day(arrives)}, after what it waits for"
    )
    line = f"{who} {when}: {shown} {unit}{plural} left, needs {need.amount}"
    needed = need.amount * (working.day_hours if need.unit == "day" else 1)
    return Slack(blocker.id, blocked.id, arrives, hours < needed, line)


def day_words(tz: tzinfo) -> Callable[[datetime], str]:
    """``Wed 9 Dec`` of an instant, in the zone ``tz``."""

    def words(moment: datetime) -> str:
        return short_day(moment.astimezone(tz).date())

    return words

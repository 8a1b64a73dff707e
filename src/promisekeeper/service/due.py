"""The morning view (pk due): each section read once, at risk through the finders."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper.config import Settings
from promisekeeper.domain.due import DueView, bucket, due_window, shares
from promisekeeper.domain.model import (
    PromiseRecord,
)
from promisekeeper.domain.states import UNANSWERED, WAITING
from promisekeeper.domain.team import same_person
from promisekeeper.errors import (
    StorageError,
)
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    from promisekeeper.domain.due import DueWindow
    from promisekeeper.store import Reader


from promisekeeper.service import (
    Scope,
    as_of_now,
    check_customer,
    reading,
    working_time,
    writing,
)
from promisekeeper.service.finders import find_at_risk


def due(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None,
    days: int | None,
    first: int | None = None,
) -> DueView:
    """The morning view; with ``first``, at most that many promises in all, shared between
    the sections (``domain.due.shares``): only those are read, with the counts of the rest.
    A promise shows in one section only: overdue, at risk, waiting on the customer, update
    owed, today, soon (the first that applies). The promises at risk, waiting or owed an
    update are found first (few, from their own indexes); the others by due date."""
    from promisekeeper.config import check_due_days

    days = settings.due_days if days is None else check_due_days(days, "--days")
    window = due_window(settings.now, settings.tz, days)
    with reading(settings) as reader:
        check_customer(reader, customer)
        base = PromiseFilter(owner=scope.owner, customer=customer, status="running")
        risky = find_at_risk(reader, base, settings)
        asked = queries.request_ids(reader, _with(base, status=UNANSWERED))
        waiting = queries.due_dates(reader, _with(base, status=WAITING))
        owed = update_owed(reader, base, settings, {r.id for r in risky})
        known = [
            *((r.id, r.due_at, r.slips) for r in risky),
            *((o.id, o.due_at, o.slips) for o in owed),
        ]
        counts = [len(risky), len(asked), len(waiting), len(owed)]
        if first is None:
            skip = {k[0] for k in known}
            rows = queries.list_promises(reader, _with(base, due_before=window.until))
            rows = [p for p in rows if p.id not in skip]
            given, more = list(counts), (0, 0, 0, 0)
        else:
            rows, more, given = _first_of_each(
                reader, base, settings.now, window, first, known, counts
            )
        shown = risky[: given[0]]
        at_risk = queries.promises_by_id(reader, [r.id for r in shown])
        next_after = None
        if not rows and not risky and not waiting and not owed and not asked:
            later = queries.list_promises(reader, _with(base, due_from=window.until), limit=1)
            next_after = later[0] if later else None
        requests = queries.promises_by_id(reader, asked[: given[1]])
        waiting_shown = as_of_now(
            settings, queries.promises_by_id(reader, [w[0] for w in waiting[: given[2]]])
        )
        reasons = queries.wait_reasons(reader, [p.id for p in waiting_shown]) if waiting else {}
        owed_shown = queries.promises_by_id(reader, [o.id for o in owed[: given[3]]])
        from promisekeeper.service.reviews import reviews_due

        reviews = tuple(reviews_due(reader, settings, scope.owner)) if customer is None else ()
        owed_to_us = queries.list_promises(
            reader, _with(base, direction="owed", due_before=window.until)
        )
        mine = scope.owner is not None and same_person(scope.owner, settings.user)
        handed = queries.handed_over(reader, settings.user) if mine else []
    if handed:  # told once: the next `pk due` no longer says so
        try:
            with writing(settings) as changes:
                changes.forget_handovers(settings.user, [h[0] for h in handed])
        except StorageError:
            pass  # a read-only or busy database: it is told again next time, nothing is lost
    since = {o.id: o.since for o in owed}
    marked: frozenset[int] = frozenset()
    listed = [*rows, *at_risk, *owed_shown]
    if any(p.due < settings.now or p.slips >= settings.escalate_slips for p in listed):
        from promisekeeper.service.escalations import of as escalated

        marked = frozenset(p.id for p in listed if escalated(settings, p) is not None)
    hours, chase = _waits(settings, waiting_shown)
    asked_hours, answer = unanswered_waits(settings, requests)
    left_out: list[int] = [
        *(r.slips for r in risky[given[0] :]),
        *(w[2] for w in waiting[given[2] :]),
        *(o.slips for o in owed[given[3] :]),
    ]
    slipped_out = more[3] + sum(1 for slips in left_out if slips)
    return bucket(rows, settings.now, window, days, next_after)._replace(
        escalated=marked,
        at_risk=tuple(at_risk),
        risk_used=tuple(r.used for r in shown),
        risk_flags=tuple(r.flag for r in shown),
        risk_reasons=tuple(tuple(r.reasons(settings.risk_at)) for r in shown),
        risk_blocked=tuple(r.blocked for r in shown),
        owed=tuple(owed_to_us),
        more_overdue=more[0],
        more_today=more[1],
        more_soon=more[2],
        more_slipping=slipped_out,
        more_at_risk=len(risky) - given[0],
        waiting=tuple(waiting_shown),
        waiting_hours=hours,
        waiting_for=tuple(reasons.get(p.id) for p in waiting_shown),
        chase=chase,
        more_waiting=len(waiting) - given[2],
        unanswered=tuple(requests),
        unanswered_hours=asked_hours,
        answer=answer,
        more_unanswered=len(asked) - given[1],
        update_owed=tuple(owed_shown),
        owed_since=tuple(since[p.id] for p in owed_shown),
        handed_over=tuple(handed),
        more_update_owed=len(owed) - given[3],
        review_due=reviews,
    )


def _waits(
    settings: Settings, rows: list[PromiseRecord]
) -> tuple[tuple[float, ...], frozenset[int]]:
    """The business hours of each waiting promise's current wait, and which to chase."""
    from promisekeeper.domain.waiting import chase_at

    hours, chase = [], set()
    for p in rows:
        assert p.waiting_since is not None
        working = working_time(settings, p.customer_zone, p.customer_calendar)
        hours.append(round(working.hours_between(p.waiting_since, settings.now), 2))
        due = chase_at(p, working, settings.chase_days)
        if due is not None and due <= settings.now:
            chase.add(p.id)
    return tuple(hours), frozenset(chase)


def unanswered_waits(
    settings: Settings, rows: list[PromiseRecord]
) -> tuple[tuple[float, ...], frozenset[int]]:
    """The business hours each request has waited for its answer, and which have waited
    ``unanswered.chase`` or more (marked "answer" in pk due, said by pk remind)."""
    hours, answer = [], set()
    for p in rows:
        working = working_time(settings, p.customer_zone, p.customer_calendar)
        waited = round(working.hours_between(p.made_at, settings.now), 2)
        hours.append(waited)
        if waited >= settings.unanswered_chase_hours:
            answer.add(p.id)
    return tuple(hours), frozenset(answer)


class _Owed(NamedTuple):
    id: int
    due_at: datetime
    slips: int
    since: datetime  # when the update fell due


def update_owed(
    reader: Reader, base: PromiseFilter, settings: Settings, skip: set[int]
) -> list[_Owed]:
    """The running promises, not overdue or at risk (``skip``), whose customer is owed an
    update (docs/words.md, "Keep in the loop"), soonest due first. The database leaves out
    those made or contacted too recently for any working time (a rhythm of N business days or
    hours lasts at least N days less a clock change, or N hours), the rule decides the rest."""
    from datetime import timedelta

    from promisekeeper.domain.standards import parse_within

    now = settings.now
    looped = _with(base, looped=True, status=None)
    thresholds = []
    for text in queries.rhythms(reader, looped):
        within = parse_within(text, "--every")
        shortest = (
            timedelta(days=within.amount, hours=-2)
            if within.unit == "day"
            else timedelta(hours=within.amount)
        )
        thresholds.append((text, now - shortest))
    found = []
    for promise_id, due_at, slips, made, rhythm, contact, zone, calendar in queries.owed_candidates(
        reader, _with(looped, due_from=now), thresholds
    ):
        if promise_id in skip:
            continue
        since = max(made, contact) if contact is not None else made
        working = working_time(settings, zone, calendar)
        owed = parse_within(rhythm, "--every").due(since, working)
        if owed <= now:
            found.append(_Owed(promise_id, due_at, slips, owed))
    return found


def _first_of_each(
    reader: Reader,
    base: PromiseFilter,
    now: datetime,
    window: DueWindow,
    budget: int,
    known: list[tuple[int, datetime, int]],
    counts: list[int],
) -> tuple[list[PromiseRecord], tuple[int, int, int, int], list[int]]:
    """The promises of the overdue, today and soon sections that ``budget`` rows can show, how
    many of each are left out (and how many of those slipped), and how many rows each section
    found beforehand gets (``counts``: at risk, waiting, update owed). ``known`` are the
    (id, due, slips) of the running promises those sections hold: left out of the others."""
    sections = {
        "overdue": _with(base, due_before=now),
        "today": _with(base, due_from=now, due_before=window.tomorrow_starts),
        "soon": _with(base, due_from=window.tomorrow_starts, due_before=window.until),
    }
    bounds = {
        "overdue": (None, now),
        "today": (now, window.tomorrow_starts),
        "soon": (window.tomorrow_starts, window.until),
    }
    skip = {k[0] for k in known}
    inside = {  # the promises shown elsewhere that each section's query finds, left out of it
        name: [k for k in known if (lo is None or k[1] >= lo) and k[1] < hi]
        for name, (lo, hi) in bounds.items()
    }
    found = {
        name: [
            p
            for p in queries.list_promises(reader, where, limit=budget + len(inside[name]))
            if p.id not in skip
        ]
        for name, where in sections.items()
    }
    totals, slipped = {}, {}
    for name, rows in found.items():
        if len(rows) < budget:
            totals[name], slipped[name] = len(rows), sum(1 for p in rows if p.slips)
        else:
            counted = queries.count_promises(reader, sections[name], now, slipped=True)
            totals[name] = counted[0] - len(inside[name])
            slipped[name] = counted[3] - sum(1 for k in inside[name] if k[2])
    given = shares([totals["overdue"], *counts, totals["today"], totals["soon"]], budget)
    before = [given[0], given[-2], given[-1]]
    shown: list[PromiseRecord] = []
    left_out, slipped_out = [], 0
    for (name, rows), count in zip(found.items(), before, strict=True):
        shown += rows[:count]
        left_out.append(totals[name] - count)
        slipped_out += slipped[name] - sum(1 for p in rows[:count] if p.slips)
    return shown, (left_out[0], left_out[1], left_out[2], slipped_out), given[1:-2]


def _with(base: PromiseFilter, **changes: Any) -> PromiseFilter:
    return base._replace(**changes)

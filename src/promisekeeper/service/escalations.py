"""``pk escalations``: the lead's view of promises past the escalation thresholds."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.domain.escalation import Escalated, escalated, worst_first
from promisekeeper.service import Scope, reading, working_time, working_times
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.store import Reader


def escalations(settings: Settings, scope: Scope) -> list[Escalated]:
    """The open promises of ``scope`` past either threshold, worst first, with the time their
    customer was last contacted."""
    with reading(settings) as reader:
        # Running promises only: one waiting on the customer has its clock stopped.
        where = PromiseFilter(owner=scope.owner, status="running")
        found = find(reader, settings, where)
        flags = {f.promise_id: f for f in queries.standing_flags(reader, where)}
        if flags:  # a flagged promise is the lead's business too, with who raised it
            known = {e.promise.id for e in found}
            found = [
                e._replace(flag=flags[e.promise.id], reasons=(*e.reasons, "flagged"))
                if e.promise.id in flags
                else e
                for e in found
            ]
            for p in queries.promises_by_id(reader, [i for i in flags if i not in known]):
                working = working_time(settings, p.customer_zone, p.customer_calendar)
                late = working.hours_between(p.due, settings.now) if p.due < settings.now else 0.0
                found.append(
                    Escalated(
                        p,
                        round(late, 2),
                        round(late / working.day_hours, 2),
                        ("flagged",),
                        flag=flags[p.id],
                    )
                )
        from promisekeeper.service.owed import held_up

        held = held_up(reader, settings, scope.owner)  # the lead sees why
        if held:
            found = [e._replace(held=held.get(e.promise.id, ())) for e in found]
        contacts = queries.last_contacts(reader, [e.promise.id for e in found])
        quiet = quiet_after_a_miss(reader, settings, scope)
    ordered = worst_first([e._replace(last_contact=contacts.get(e.promise.id)) for e in found])
    return ordered + quiet


def quiet_after_a_miss(reader: Reader, settings: Settings, scope: Scope) -> list[Escalated]:
    """The customers with a promise kept late or broken in the last ``quiet.after`` business
    days and no contact note, verdict or review since (docs/feedback.md): each as its latest
    miss, marked "quiet"."""
    now = settings.now
    since = max(
        w.back_hours(now, settings.quiet_days * w.day_hours)
        for w in working_times(settings, reader)
    )
    latest: dict[str, tuple[PromiseRecord, datetime]] = {}
    for p, at in queries.recent_misses(
        reader, PromiseFilter(owner=scope.owner, status=None), since
    ):
        working = working_time(settings, p.customer_zone, p.customer_calendar)
        if working.hours_between(at, now) <= settings.quiet_days * working.day_hours:
            latest[p.customer] = (p, at)
    found = []
    for customer, (p, at) in sorted(latest.items(), key=lambda item: item[1][1]):
        heard = queries.heard_since(reader, customer)
        if heard is None or heard < at:
            found.append(Escalated(p, 0.0, 0.0, ("quiet",), last_contact=heard))
    return found


def find(reader: Reader, settings: Settings, where: PromiseFilter) -> list[Escalated]:
    """The escalated promises ``where`` selects: the database gives those due long enough ago
    (in any working time in use) or slipped often enough, the rule decides."""
    now, days = settings.now, settings.escalate_days
    late_before = max(
        w.back_hours(now, days * w.day_hours) for w in working_times(settings, reader)
    ) + timedelta(seconds=1)
    rows = queries.escalation_candidates(reader, where, late_before, settings.escalate_slips)
    return [e for p in rows if (e := of(settings, p)) is not None]


def of(settings: Settings, p: PromiseRecord) -> Escalated | None:
    """Whether one promise is escalated, in its own working time."""
    working = working_time(settings, p.customer_zone, p.customer_calendar)
    return escalated(p, settings.now, working, settings.escalate_days, settings.escalate_slips)

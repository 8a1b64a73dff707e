"""``pk escalations``: the lead's view of promises past the escalation thresholds."""

from __future__ import annotations

from datetime import timedelta
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
        found = find(reader, settings, PromiseFilter(owner=scope.owner, status="running"))
        contacts = queries.last_contacts(reader, [e.promise.id for e in found])
    return worst_first([e._replace(last_contact=contacts.get(e.promise.id)) for e in found])


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

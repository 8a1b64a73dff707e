"""``pk remind``: what changed since the last run, said once (docs/reminders.md).

A run finds the promises of its scope that are overdue, at risk, due within ``remind.before``,
or waiting on the customer past ``wait.chase``, and the requests not answered past
``unanswered.chase``, leaves out what was already announced to the same
audience for the same due date (for a chase: the same wait), and records the rest in the same
transaction that read them: a second run at the same moment waits for it and then finds nothing
new. What a notifier could not deliver is forgotten again, so the next run announces it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.domain.results.reminders import Announcement, Reminder
from promisekeeper.domain.states import UNANSWERED, WAITING
from promisekeeper.service import Scope, working_time, writing
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.store import Reader


def remind(
    settings: Settings,
    scope: Scope,
    *,
    notify: str | None,
    show: Callable[[Reminder], None],
    compose: Callable[[list[Announcement]], tuple[str, str, str]],
) -> Reminder:
    """Announce what is new for ``scope``: ``show`` prints it, then ``notify`` (if given)
    delivers it, worded by ``compose`` (a title and a body). An announcement is kept as made
    only once both have succeeded: when printing fails (a closed pipe, a full disk) or the
    notifier does, it is forgotten again, so that the next run announces it (and nothing is
    sent that was not shown)."""
    from promisekeeper.service.finders import find_at_risk

    audience = scope.owner or "*"
    now = settings.now
    if notify is not None:
        from promisekeeper.remote import notify as notifier

        to = notifier.target(notify)  # a bad URL is refused before anything is recorded
    with writing(settings) as changes:
        reader = changes.db
        base = PromiseFilter(owner=scope.owner, status="running")
        late = queries.list_promises(reader, base._replace(overdue_at=now))
        within = now + settings.remind_before + timedelta(seconds=1)  # due at the edge: in
        soon = queries.list_promises(reader, base._replace(due_from=now, due_before=within))
        risky = find_at_risk(reader, base, settings)
        used = {r.id: r.used for r in risky}
        blocked = {r.id: r.blocked for r in risky}
        risky_records = queries.promises_by_id(reader, [r.id for r in risky])
        from promisekeeper.service.due import update_owed
        from promisekeeper.service.escalations import find as escalations

        owed = update_owed(reader, base, settings, set(used))
        owed_records = queries.promises_by_id(reader, [o.id for o in owed])
        owed_since = {o.id: o.since for o in owed}
        found = [
            *(Announcement("escalated", e.promise) for e in escalations(reader, settings, base)),
            *(Announcement("overdue", p) for p in late),
            *(Announcement("at_risk", p, used[p.id], blocked=blocked[p.id]) for p in risky_records),
            *(Announcement("answer", p) for p in _to_answer(reader, base, settings)),
            *(Announcement("update_owed", p, since=owed_since[p.id]) for p in owed_records),
            *(Announcement("due_soon", p) for p in soon),
            *(Announcement("chase", p) for p in _to_chase(reader, base, settings)),
            *_reviews(reader, settings, scope),
        ]
        told = changes.announced(audience, sorted({a.promise.id for a in found}))
        new = [a for a in found if _key_seconds(a) not in told]
        keys = [_key(a) for a in new]
        changes.announce(audience, keys, now.replace(microsecond=0))
    if not new:
        return Reminder(new)
    try:
        show(Reminder(new))
        if notify is None:
            return Reminder(new)
        title, body, level = compose(new)
        notifier.send(to, title, body, level)
    except BaseException:
        with writing(settings) as changes:
            changes.unannounce(audience, keys)
        raise
    return Reminder(new, to.shown)


def _reviews(reader: Reader, settings: Settings, scope: Scope) -> list[Announcement]:
    """The customers whose review is due (docs/feedback.md), each filed under its first
    promise so that it is said once per review due."""
    from promisekeeper.service.reviews import reviews_due

    found = []
    for r in reviews_due(reader, settings, scope.owner):
        p = queries.first_promise_of(reader, r.customer, scope.owner)
        if p is not None:
            found.append(Announcement("review_due", p, since=r.due_since, rhythm=r.rhythm))
    return found


def _to_answer(reader: Reader, base: PromiseFilter, settings: Settings) -> list[PromiseRecord]:
    """The requests not answered for ``unanswered.chase`` or more (docs/words.md)."""
    from promisekeeper.service.due import unanswered_waits

    asked = queries.request_ids(reader, base._replace(status=UNANSWERED))
    requests = queries.promises_by_id(reader, asked)
    _hours, answer = unanswered_waits(settings, requests)
    return [p for p in requests if p.id in answer]


def _to_chase(reader: Reader, base: PromiseFilter, settings: Settings) -> list[PromiseRecord]:
    """The promises waiting on the customer for ``wait.chase`` business days or more."""
    from promisekeeper.domain.waiting import chase_at

    found = []
    for p in queries.list_promises(reader, base._replace(status=WAITING)):
        working = working_time(settings, p.customer_zone, p.customer_calendar)
        chase = chase_at(p, working, settings.chase_days)
        if chase is not None and chase <= settings.now:
            found.append(p)
    return found


def _when(a: Announcement) -> datetime:
    """The date an announcement is said once for: the due date, for a chase the start of the
    wait (a new wait is chased again), for an update owed the moment it fell due (the next
    one owed is said again)."""
    if a.kind == "chase" and a.promise.waiting_since is not None:
        return a.promise.waiting_since
    if a.kind in ("update_owed", "review_due") and a.since is not None:
        return a.since
    if a.kind == "answer":  # a request to answer: said once for the request
        return a.promise.made_at
    return a.promise.due


def _key(a: Announcement) -> tuple[int, str, datetime]:
    return a.promise.id, a.kind, _when(a)


def _key_seconds(a: Announcement) -> tuple[int, str, int]:
    return a.promise.id, a.kind, int(_when(a).timestamp())

"""Waiting on the customer and keeping the customer in the loop (docs/words.md): the writes
(wait, resume, the update rhythm) and what the morning view asks about them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.model import PromiseRecord
from promisekeeper.domain.results import Change
from promisekeeper.domain.states import OPEN, WAITING
from promisekeeper.errors import InputError
from promisekeeper.service import (
    load_for_change,
    record_event,
    whole_seconds,
    working_time,
    writing,
)

if TYPE_CHECKING:
    from promisekeeper.store.changes import Changes


def wait(settings: Settings, promise_id: int, reason: str | None, on: int | None = None) -> Change:
    """Stop the promise's clock: the customer owes us something; with ``on``, the promise
    they made us (an owed one), whose keeping ends the wait (docs/owed.md)."""

    reason_text = rules.clean_text(reason, "--reason") if reason is not None else None
    now = whole_seconds(settings.now)
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        rules.require_running(record, "wait")
        if record.owed:
            raise InputError(
                f"#{promise_id} is owed to you: the wait is for a promise of yours "
                "(pk promise wait ID --on OWED_ID)."
            )
        details: dict[str, Any] = {"reason": reason_text}
        if on is not None:
            owed = _owed_to_wait_on(changes, on)
            details = {"reason": reason_text or owed.what, "on": owed.id}
        record = record._replace(status=WAITING, waiting_since=now, waits=record.waits + 1)
        changes.update_promise(record.id, status=WAITING, waiting_since=now, waits=record.waits)
        record_event(changes, record.id, "waiting", settings, **details)
    notices = []
    if rules.is_overdue(record._replace(status=OPEN), now):
        notices.append(
            "It was already overdue: the wait stops the clock, but it stays as late as it is."
        )
    return Change(record, notices)


def _owed_to_wait_on(changes: Changes, on: int) -> PromiseRecord:
    from promisekeeper.store.queries import get_promise

    owed = get_promise(changes.db, on)  # read, not locked: it may be another member's
    if owed is None:
        raise InputError(f"--on #{on}: there is no promise #{on}.")
    if not owed.owed:
        raise InputError(
            f"--on #{on} is a promise you made; --on names a promise owed to you "
            "(pk owed add … --from CUSTOMER)."
        )
    if owed.status != OPEN:
        raise InputError(f"--on #{on} is {owed.status}: only an open one can be waited for.")
    return owed


def resume_waits_on(changes: Changes, settings: Settings, owed: PromiseRecord) -> list[str]:
    """End the waits on ``owed`` (kept): each promise of ours waiting on it resumes when it
    arrived, its dates moved later by the business time waited (never a slip)."""
    from promisekeeper.display import format_day_time
    from promisekeeper.service import refuse_unless_allowed
    from promisekeeper.store.queries import waiting_on

    assert owed.kept_at is not None
    said = []
    for promise_id in waiting_on(changes.db, owed.id):
        found = changes.promise_for_update(promise_id)
        if found is None or found[1]:
            continue
        refuse_unless_allowed(changes, found[0])
        record = end_wait(changes, found[0], settings, owed.kept_at, f"#{owed.id} kept")
        due = format_day_time(record.due, settings.now, settings.tz)
        said.append(f"#{record.id} {record.what} resumes: now due {due} (not a slip).")
    return said


def resume(settings: Settings, promise_id: int) -> tuple[Change, Waited]:
    """End the wait: the due date and the baseline move later by the business time waited."""

    with writing(settings) as changes:
        before = load_for_change(changes, promise_id)
        rules.require_waiting(before)
        record = end_wait(changes, before, settings, whole_seconds(settings.now))
    working = working_time(settings, record.customer_zone, record.customer_calendar)
    waited = (record.waited_seconds - before.waited_seconds) / 3600
    return Change(record), Waited(waited, working.day_hours, before.due)


class Waited(NamedTuple):
    """What a resume did: the business hours waited, a working day's hours, the old date."""

    hours: float
    day_hours: float
    due_before: datetime


def end_wait(
    changes: Changes,
    record: PromiseRecord,
    settings: Settings,
    at: datetime,
    ended_by: str | None = None,
) -> PromiseRecord:
    """Record the end of ``record``'s wait at ``at`` (a resume, or ``ended_by`` keep, break or
    cancel): a ``resumed`` event and the moved dates. Never a slip."""
    from promisekeeper.domain.waiting import plan_resume

    assert record.waiting_since is not None
    at = max(at, record.waiting_since)
    working = working_time(settings, record.customer_zone, record.customer_calendar)
    plan = plan_resume(record, at, working)
    details: dict[str, Any] = {
        "from": dates.to_utc_iso(record.due),
        "to": dates.to_utc_iso(whole_seconds(plan.due_at)),
        "baseline_from": dates.to_utc_iso(record.agreed),
        "baseline_to": dates.to_utc_iso(whole_seconds(plan.baseline_due_at)),
        "waited_business_hours": round(plan.waited_seconds / 3600, 2),
    }
    from promisekeeper.store.queries import wait_reasons

    reason = wait_reasons(changes.db, [record.id]).get(record.id)
    if reason is not None:
        details["reason"] = reason
    if ended_by is not None:
        details["ended_by"] = ended_by
    record_event(changes, record.id, "resumed", settings, **details)
    record = record._replace(
        status=OPEN,
        waiting_since=None,
        due_at=whole_seconds(plan.due_at),
        baseline_due_at=whole_seconds(plan.baseline_due_at),
        waited_seconds=record.waited_seconds + plan.waited_seconds,
    )
    changes.update_promise(
        record.id,
        status=OPEN,
        waiting_since=None,
        due_at=record.due_at,
        baseline_due_at=record.baseline_due_at,
        waited_seconds=round(record.waited_seconds),  # whole seconds, as stored
    )
    return record


def rhythm(text: str | None, option: str) -> str | None:
    """An update rhythm as stored ("2 business days"); ``none`` (or no text) is none."""
    if text is None or text.strip().lower() in ("none", "never", "off"):
        return None
    from promisekeeper.domain.standards import parse_within

    return parse_within(text, option).text


def loop(settings: Settings, promise_id: int, every: str) -> Change:
    """Set (or with ``none`` remove) how often the customer hears from us."""

    new = rhythm(every, "--every")
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        rules.require_open(record, "loop")
        if new == record.update_every:
            raise InputError(
                f"#{promise_id} already has that update rhythm; nothing changed."
                if new
                else f"#{promise_id} has no update rhythm; nothing changed."
            )
        changes.update_promise(record.id, update_every=new)
        record_event(
            changes,
            record.id,
            "edited",
            settings,
            changes={"update_every": [record.update_every, new]},
        )
        record = record._replace(update_every=new)
    return Change(record)

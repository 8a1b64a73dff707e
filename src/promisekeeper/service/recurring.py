"""Recurring promises (docs/owed.md, "Recurring promises"): the next occurrence, made when one
closes, and the end of a series."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.results import Change
from promisekeeper.domain.states import OPEN
from promisekeeper.errors import InputError
from promisekeeper.service import (
    load_for_change,
    record_event,
    whole_seconds,
    working_time,
    writing,
)

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.store.changes import Changes


def next_occurrence(changes: Changes, settings: Settings, record: PromiseRecord) -> list[str]:
    """Make the occurrence after ``record`` (just closed): due on the next day of its rule
    after the day ``record`` was first due, at the time of day the series began with, in the
    customer's working time; its own promise, with its own id and figures. Nothing when a
    later occurrence exists already (a reopened one closed again)."""
    from promisekeeper.display import format_day_time
    from promisekeeper.domain.recurrence import next_day, parse_rule

    assert record.every is not None
    first_id = record.series or record.id
    first = record
    if first_id != record.id:
        found = changes.promise_for_update(first_id)
        first = found[0] if found is not None else record
    if changes.later_in_series(first_id, record.first_due):
        return []
    rule = parse_rule(record.every)
    working = working_time(settings, record.customer_zone, record.customer_calendar)
    start = first.first_due.astimezone(working.zone)
    day = next_day(rule, start.date(), working.local_day(record.first_due), working.calendar)
    due = whole_seconds(dates.at_wall_time(day, start.time().replace(tzinfo=None), working.zone).at)
    now = whole_seconds(settings.now)
    customer = changes.customer_by_fold(rules.name_fold(record.customer))
    assert customer is not None
    fields = {
        "what": record.what,
        "customer_id": customer[0],
        "owner": record.owner,
        "status": OPEN,
        "tags": rules.encode_tags(record.tags),
        "made_at": now,
        "created_at": now,
        "due_at": due,
        "original_due_at": due,
        "baseline_due_at": due,
        "update_every": record.update_every,
        "effort_stated": record.effort_stated,
        "direction": record.direction,
        "plan_b": record.plan_b,
        "every": record.every,
        "series_id": first_id,
    }
    promise_id = changes.add_promise(fields)  # type: ignore[arg-type]
    record_event(
        changes,
        promise_id,
        "created",
        settings,
        after=record.id,
        **({"effort_minutes": record.effort_stated} if record.effort_stated is not None else {}),
    )
    shown = format_day_time(due, settings.now, settings.tz)
    return [f"Next ({record.every}): #{promise_id}, due {shown}."]


def stop(settings: Settings, promise_id: int) -> Change:
    """End a series: the promise no longer makes the next when it closes (an ``edited`` event
    of its rule)."""
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        if record.every is None:
            raise InputError(f"#{promise_id} does not recur; nothing changed.")
        changes.update_promise(record.id, every=None)
        record_event(
            changes, record.id, "edited", settings, changes={"every": [record.every, None]}
        )
        record = record._replace(every=None)
    return Change(record, ["The series ends: no next one is made when this one closes."])

"""``pk undo`` (docs/words.md, "Undo"): take back the last change you made in the last 30
minutes, one per call, as ``undone`` events that void the events of that change. The promise
rows are set back from their histories without the voided events (domain/replay.py), so no
figure or view counts what was undone."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.model import PromiseRecord
from promisekeeper.errors import InputError
from promisekeeper.service import refuse_unless_allowed, whole_seconds, writing

if TYPE_CHECKING:
    from promisekeeper.store.changes import Changes

UNDO_WINDOW = timedelta(minutes=30)


class Undone(NamedTuple):
    kind: str  # the kind of the events taken back
    at: str  # when the change was made, as ISO 8601
    promises: list[tuple[PromiseRecord, bool]]  # as they are now, and whether deleted


def undo(settings: Settings) -> Undone:
    now = whole_seconds(settings.now)
    with writing(settings) as changes:
        found = changes.last_change(settings.by, now - UNDO_WINDOW)
        if not found:
            raise InputError(
                f"Nothing to undo: {settings.by} made no change in the last 30 minutes."
            )
        touched: list[int] = []
        for event_id, promise_id, _at, kind, stored in found:
            _may_change(changes, promise_id)
            number = changes.event_number(promise_id, event_id)
            undone = changes.add_event_returning(
                promise_id, now, "undone", settings.by, {"undid": kind, "event_number": number}
            )
            changes.void(event_id, undone)
            _set_back(changes, promise_id, kind, json.loads(stored), settings)
            touched.append(promise_id)
        records = []
        for promise_id in touched:
            found_row = changes.promise_for_update(promise_id)
            assert found_row is not None
            records.append(found_row)
    return Undone(found[0][3], dates.to_utc_iso(found[0][2]), records)


def _may_change(changes: Changes, promise_id: int) -> None:
    """A change can be taken back only by whoever may change the promise now (docs/team.md)."""
    found = changes.promise_for_update(promise_id)
    if found is not None:
        refuse_unless_allowed(changes, found[0])


def _set_back(
    changes: Changes, promise_id: int, kind: str, data: dict[str, Any], settings: Settings
) -> None:
    """The promise row as its history says without the voided events."""
    from promisekeeper.domain.replay import first_due, first_rhythm, replay
    from promisekeeper.store.queries import get_history

    if kind == "created":  # the promise is taken back whole
        changes.update_promise(promise_id, deleted_at=whole_seconds(settings.now))
        return
    if kind == "edited":
        _edit_back(changes, promise_id, data.get("changes", {}), settings)
    if kind == "handed_over":  # back to whoever had it (docs/owed.md)
        changes.update_promise(promise_id, owner=str(data["from"]))
    found = changes.promise_for_update(promise_id)
    assert found is not None
    record = found[0]
    history = get_history(changes.db, record)
    # Voided events too: they tell what the promise was recorded with.
    everything = changes.events_of(promise_id, ("corrected", "edited"))
    state = replay(history, first_due(everything), first_rhythm(everything, record.update_every))
    changes.update_promise(promise_id, **state)


def _edit_back(
    changes: Changes, promise_id: int, edits: dict[str, list[Any]], settings: Settings
) -> None:
    """Each edited field back to its old value; a customer merged away is made again."""
    fields: dict[str, Any] = {}
    for name, (old, _new) in edits.items():
        if name == "what":
            fields["what"] = old
        elif name == "owner":
            fields["owner"] = old
        elif name == "tags":
            fields["tags"] = rules.encode_tags(tuple(old))
        elif name in ("plan_b", "needs", "every"):  # docs/owed.md
            fields[name] = old
        elif name == "blocks":
            fields["blocks_id"] = old
        elif name == "customer":
            fold = rules.name_fold(old)
            existing = changes.customer_by_fold(fold)
            if existing is None:
                existing = changes.add_customer(old, fold, whole_seconds(settings.now))[:2]
            fields["customer_id"] = existing[0]
    if fields:
        changes.update_promise(promise_id, **fields)

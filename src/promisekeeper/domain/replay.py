"""A promise's state computed from its history (docs/words.md, "Undo"): what ``pk undo`` sets
the promise row back to once an event is voided. Every write keeps the row in step with the
history as it goes; this is the same rule read from the events, used when one is taken back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from promisekeeper.dates import parse_instant
from promisekeeper.domain.events import KIND, Event
from promisekeeper.domain.fields import REPLAYED
from promisekeeper.domain.model import EventRecord

STATE_FIELDS = REPLAYED  # the fields replay computes (domain/fields.py)


def _time(data: dict[str, Any], key: str) -> datetime:
    return parse_instant(str(data[key]), key)


def first_due(history: Iterable[tuple[str, dict[str, Any]]]) -> datetime | None:
    """The due date the promise was recorded with, from its (kind, details) events: a
    correction replaces the dates for good, so the recorded one is the first correction's
    ``from`` (None: the created event's)."""
    for kind, data in history:
        if kind == "corrected":
            return _time(data, "from")
    return None


def first_rhythm(history: Iterable[tuple[str, dict[str, Any]]], current: str | None) -> str | None:
    """The update rhythm the promise was recorded with: the old value of the first change of
    it, or (never changed) the one it has."""
    for kind, data in history:
        if kind == "edited" and "update_every" in data.get("changes", {}):
            old: str | None = data["changes"]["update_every"][0]
            return old
    return current


def replay(
    events: Iterable[EventRecord],
    recorded_due: datetime | None = None,
    recorded_rhythm: str | None = None,
) -> dict[str, Any]:
    """The state fields of a promise (``STATE_FIELDS``) after ``events`` (its history without
    the voided events, oldest first, starting with ``created``), given the due date and the
    update rhythm it was recorded with (``first_due``, ``first_rhythm``: read from the whole
    history, voided events included). Each kind moves them as its row in domain/events.py
    says."""
    state: dict[str, Any] = dict.fromkeys(STATE_FIELDS)
    state.update(status="open", slips=0, slips_heads_up=0, waits=0, waited_seconds=0)
    state.update(due_at=recorded_due, update_every=recorded_rhythm)
    for event in events:
        apply = KIND[event.kind].replay
        if apply is not None:
            apply(state, Event(event.at, event.data))
    return state

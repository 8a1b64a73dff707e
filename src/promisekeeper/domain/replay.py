"""A promise's state computed from its history (docs/words.md, "Undo"): what ``pk undo`` sets
the promise row back to once an event is voided. Every write keeps the row in step with the
history as it goes; this is the same rule read from the events, used when one is taken back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from promisekeeper.dates import parse_instant
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
    history, voided events included)."""
    state: dict[str, Any] = dict.fromkeys(STATE_FIELDS)
    state.update(status="open", slips=0, slips_heads_up=0, waits=0, waited_seconds=0)
    state["update_every"] = recorded_rhythm
    for event in events:
        kind, data = event.kind, event.data
        if kind == "created":
            due = recorded_due or _time(data, "due_at")
            state.update(due_at=due, baseline_due_at=due, original_due_at=due)
        elif kind == "corrected":
            new = _time(data, "to")
            state.update(due_at=new, baseline_due_at=new, original_due_at=new)
        elif kind == "rescheduled":
            state["due_at"] = _time(data, "to")
            if data.get("customer_asked"):
                state["baseline_due_at"] = state["due_at"]
            state["slips"] += int(bool(data.get("slip")))
            state["slips_heads_up"] += int(bool(data.get("heads_up")))
        elif kind == "kept":
            state.update(status="kept", kept_at=_time(data, "kept_at"), closed_at=event.at)
        elif kind in ("broken", "cancelled"):
            state.update(status=kind, closed_at=event.at)
        elif kind == "reopened":
            state.update(status="open", kept_at=None, closed_at=None)
        elif kind == "waiting":
            state.update(status="waiting", waiting_since=event.at, waits=state["waits"] + 1)
        elif kind == "resumed":
            state.update(
                status="open",
                waiting_since=None,
                due_at=_time(data, "to"),
                baseline_due_at=_time(data, "baseline_to"),
                waited_seconds=state["waited_seconds"]
                + round(float(data.get("waited_business_hours", 0)) * 3600),
            )
        elif kind == "deleted":
            state["deleted_at"] = event.at
        elif kind == "edited" and "update_every" in data.get("changes", {}):
            state["update_every"] = data["changes"]["update_every"][1]
    return state

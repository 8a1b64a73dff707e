"""The kinds of event in a promise's history, defined once with their behaviour (docs/words.md).

One row per kind in ``KINDS`` says the details it carries (checked by every import and
``pk db check``), how ``pk undo`` names it when it takes it back, and how it moves the promise's
state fields when the history is replayed (``domain/replay.py``: ``replay`` of None leaves them
as they are). How a history line shows it is the screen's business: ``render/views.py`` has one
describer per kind, and ``tests/test_events.py`` fails when one is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, NamedTuple

from promisekeeper.dates import parse_instant

# How a detail is checked: "text" non-empty text; "optional text" text or null; "bool" true or
# false; "time" an ISO 8601 instant; "changes" an edit's {field: [old, new]}; "status" a state;
# "number" a number from 0; "verdict" a customer's verdict (``VERDICTS``).
Check = Literal["text", "optional text", "bool", "time", "changes", "status", "number", "verdict"]
# What a customer may say of a promise (docs/feedback.md).
VERDICTS: tuple[str, ...] = ("kept", "not_kept")
State = dict[str, Any]  # the promise's state fields while a history is replayed


class Event(NamedTuple):
    """What replay reads of an event: when it was written and its details."""

    at: datetime
    data: dict[str, Any]


class EventKind(NamedTuple):
    name: str
    details: dict[str, tuple[Check, bool]]  # key -> (its check, whether it is required)
    undo: str  # what ``pk undo`` took back, as it says it ("Undid keeping it on #12")
    replay: Callable[[State, Event], None] | None  # how it moves the state fields, if it does


def _time(data: dict[str, Any], key: str) -> datetime:
    return parse_instant(str(data[key]), key)


def _created(state: State, event: Event) -> None:
    if event.data.get("unanswered"):  # a request: no date until it is answered
        state.update(status="unanswered", due_at=None, baseline_due_at=None, original_due_at=None)
        return
    # The due date it was recorded with, when replay was given it (a correction replaced it
    # on the row for good), else the created event's.
    due = state["due_at"] or _time(event.data, "due_at")
    state.update(due_at=due, baseline_due_at=due, original_due_at=due)


def _answered(state: State, event: Event) -> None:
    # The first date it was given: agreed, first promised and current at once.
    due = _time(event.data, "to")
    state.update(status="open", due_at=due, baseline_due_at=due, original_due_at=due)


def _corrected(state: State, event: Event) -> None:
    new = _time(event.data, "to")
    state.update(due_at=new, baseline_due_at=new, original_due_at=new)


def _rescheduled(state: State, event: Event) -> None:
    state["due_at"] = _time(event.data, "to")
    if event.data.get("customer_asked"):
        state["baseline_due_at"] = state["due_at"]
    state["slips"] += int(bool(event.data.get("slip")))
    state["slips_heads_up"] += int(bool(event.data.get("heads_up")))


def _kept(state: State, event: Event) -> None:
    state.update(status="kept", kept_at=_time(event.data, "kept_at"), closed_at=event.at)
    state["effort_actual"] = event.data.get("effort_minutes")


def _closed_as(status: str) -> Callable[[State, Event], None]:
    def closed(state: State, event: Event) -> None:
        state.update(status=status, closed_at=event.at)

    return closed


def _reopened(state: State, event: Event) -> None:
    # A request said no to is a request again: without a date it is not a promise yet.
    status = "open" if state["due_at"] is not None else "unanswered"
    state.update(status=status, kept_at=None, closed_at=None, effort_actual=None)


def _waiting(state: State, event: Event) -> None:
    state.update(status="waiting", waiting_since=event.at, waits=state["waits"] + 1)


def _resumed(state: State, event: Event) -> None:
    waited = round(float(event.data.get("waited_business_hours", 0)) * 3600)
    state.update(
        status="open",
        waiting_since=None,
        due_at=_time(event.data, "to"),
        baseline_due_at=_time(event.data, "baseline_to"),
        waited_seconds=state["waited_seconds"] + waited,
    )


def _deleted(state: State, event: Event) -> None:
    state["deleted_at"] = event.at


def _edited(state: State, event: Event) -> None:
    changes = event.data.get("changes", {})
    if "update_every" in changes:
        state["update_every"] = changes["update_every"][1]


_REASON: dict[str, tuple[Check, bool]] = {"reason": ("optional text", False)}
# Why a slip or a break happened, and what we learned (docs/feedback.md, "Causes and lessons").
_LESSON: dict[str, tuple[Check, bool]] = {
    "cause": ("optional text", False),
    "lesson": ("optional text", False),
}
KINDS: tuple[EventKind, ...] = (
    EventKind(
        "created",
        {
            "due_at": ("time", False),
            "made_at": ("time", False),
            "imported": ("bool", False),
            "source": ("optional text", False),  # another tool's identity: taskwarrior:UUID
            "unanswered": ("bool", False),  # a request, answered later (or declined)
            "hedge": ("optional text", False),  # the words that made a captured one a request
            "effort_minutes": ("number", False),  # the effort stated to the customer
            "after": ("number", False),  # the occurrence of its series it follows
        },
        "the promise itself",
        _created,
    ),
    EventKind("edited", {"changes": ("changes", True)}, "the edit", _edited),
    EventKind(
        "rescheduled",
        {
            "from": ("time", True),
            "to": ("time", True),
            **_REASON,
            "customer_asked": ("bool", True),
            "slip": ("bool", True),
            "heads_up": ("bool", True),
            "notice": ("optional text", False),  # in_time | late_notice | never (a slip's)
            **_LESSON,
        },
        "the move of its date",
        _rescheduled,
    ),
    EventKind("noted", {"text": ("text", True)}, "the note", None),
    EventKind("contacted", {"text": ("text", True)}, "the contact note", None),
    EventKind(
        "answered",
        {"to": ("time", True), "business_hours": ("number", True)},
        "the answer",
        _answered,
    ),
    EventKind("declined", {"reason": ("text", True)}, "declining it", _closed_as("declined")),
    EventKind(
        "kept",
        {
            "kept_at": ("time", True),
            "note": ("optional text", False),
            "effort_minutes": ("number", False),  # the effort it took
        },
        "keeping it",
        _kept,
    ),
    EventKind("broken", {**_REASON, **_LESSON}, "breaking it", _closed_as("broken")),
    EventKind("cancelled", _REASON, "cancelling it", _closed_as("cancelled")),
    EventKind("reopened", {"previous_status": ("status", False)}, "reopening it", _reopened),
    EventKind("deleted", {}, "deleting it", _deleted),
    EventKind(
        "waiting",
        {**_REASON, "on": ("number", False)},  # on: the owed promise it waits for
        "the wait on the customer",
        _waiting,
    ),
    EventKind(
        "resumed",
        {
            "from": ("time", True),
            "to": ("time", True),
            "baseline_from": ("time", True),
            "baseline_to": ("time", True),
            "waited_business_hours": ("number", True),
            **_REASON,
            "ended_by": ("optional text", False),
        },
        "the end of the wait",
        _resumed,
    ),
    EventKind(
        "corrected",
        {"from": ("time", True), "to": ("time", True)},
        "the correction of its date",
        _corrected,
    ),
    # Cover while away (docs/owed.md): the promise goes to the cover, and back; the owner is
    # not a state field, so replay leaves it (undo sets it back from the event).
    EventKind(
        "handed_over",
        {
            "from": ("text", True),
            "to": ("text", True),
            "reason": ("optional text", False),  # away, or back
            "away": ("number", False),  # the absence it was for
        },
        "the hand-over",
        None,
    ),
    # The customer's verdict and the team's voice (docs/feedback.md): none moves the state.
    EventKind(
        "feedback_asked",
        {"to": ("text", True), "message_id": ("text", True)},
        "asking the customer",
        None,
    ),
    EventKind(
        "feedback",
        {
            "verdict": ("verdict", True),
            "text": ("optional text", False),
            "message_id": ("optional text", False),  # a reply's; none for one heard by phone
            "received_at": ("time", False),
            "from": ("optional text", False),  # the reply's sender
        },
        "the customer's verdict",
        None,
    ),
    EventKind(
        "flagged",
        {"text": ("optional text", False), "clear": ("bool", True)},
        "the flag",
        None,
    ),
    EventKind(
        "undone",
        {"undid": ("text", True), "event_number": ("number", True)},
        "the undo",
        None,  # what it voided is left out of the replay; it moves nothing itself
    ),
)
KIND: dict[str, EventKind] = {k.name: k for k in KINDS}
EVENT_KINDS: tuple[str, ...] = tuple(KIND)

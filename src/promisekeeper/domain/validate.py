"""The one check of a stored promise and its history (docs/formats.md, "What an import checks").

``check_promise`` takes a promise as pk's JSON export writes it (``pk export``) and returns the
typed promise, its typed events and every problem found, each named. ``pk import`` runs it on
every promise of a file before it writes anything, and ``pk db check`` runs it on every promise
of the database (read through the same export), so that what one accepts the other accepts and
nothing imported can later break a view, a report or an export.

The rules are the ones the commands enforce: non-empty text that is valid UTF-8; tags as
``pk add --tag`` cleans them; every time an ISO 8601 instant with an offset inside the times pk
keeps; a kept promise has ``kept_at`` and only a kept one does; a closed promise has
``closed_at``; the first event is the one ``created`` event; slip counts equal the slips in the
history; every event's details have the keys and types its kind writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, TypeGuard

from promisekeeper.dates import parse_instant
from promisekeeper.domain import rules
from promisekeeper.domain.events import KINDS, VERDICTS
from promisekeeper.domain.fields import EXPORTED
from promisekeeper.domain.rules import clean_tags
from promisekeeper.domain.states import STATUSES, is_active, is_dated
from promisekeeper.errors import InputError

MAX_ID = 2**63 - 1  # the largest integer key SQLite and PostgreSQL hold
MAX_COUNT = 2**31 - 1

# The details each kind of event carries: key -> (check, required) (domain/events.py).
EVENT_FIELDS = {kind.name: kind.details for kind in KINDS}
EDITABLE = (
    "what",
    "customer",
    "owner",
    "tags",
    "update_every",
    "plan_b",
    "blocks",
    "needs",
    "every",
)


def valid_text(value: object) -> TypeGuard[str]:
    """Text pk can store and show: a string that passes the one text rule (rules.text_problem:
    valid UTF-8, no NUL)."""
    return isinstance(value, str) and rules.text_problem(value) is None


def text(value: object, key: str) -> str:
    """Non-empty text without surrounding blanks, as the commands store it."""
    if isinstance(value, str) and "\x00" in value:
        raise InputError(f"{key} {rules.text_problem(value)}")
    if not valid_text(value) or not value.strip():
        raise InputError(f"{key} must be non-empty UTF-8 text")
    if value != value.strip():
        raise InputError(f"{key} has blanks around it")
    return value


def whole(value: object, key: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{key} must be a whole number from {low} to {high}")
    return value


def instant(value: object, key: str) -> datetime:
    """An ISO 8601 time with an offset, inside the times pk keeps, as UTC whole seconds."""
    if not isinstance(value, str) or not valid_text(value):
        raise InputError(f"{key} must be an ISO 8601 time, not {_shown(value)}")
    moment = parse_instant(value, key)
    return moment if not moment.microsecond else moment.replace(microsecond=0)


def optional_instant(value: object, key: str) -> datetime | None:
    return None if value is None else instant(value, key)


def zone(value: object, key: str) -> str | None:
    """A customer's IANA zone, or null."""
    if value is None:
        return None
    from promisekeeper.config import zone_named

    if not valid_text(value):
        raise InputError(f"{key} must be an IANA zone name or null, not {_shown(value)}")
    zone_named(value)
    return value


def calendar(value: object, key: str) -> str | None:
    """A customer's calendar, ``DE`` or ``DE/BY``, or null (its shape: whether the holidays
    package knows it is checked when it is needed, without importing the package here)."""
    if value is None:
        return None
    if not valid_text(value) or not re.fullmatch(r"[A-Z]{2,3}(/[A-Z0-9-]{1,10})?", value):
        raise InputError(f'{key} must be like "DE" or "DE/BY", or null, not {_shown(value)}')
    return value


def _shown(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "…"


class Collector:
    """Runs checks, keeping every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def run(self, check: Callable[[], Any], default: Any = None) -> Any:
        try:
            return check()
        except InputError as exc:
            self.problems.append(str(exc))
            return default


def check_promise(item: object) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """A promise of ``pk export``: (its fields, typed; its events, typed; every problem)."""
    if not isinstance(item, dict):
        return {}, [], [f"must be an object, not {type(item).__name__}"]
    c = Collector()
    promise: dict[str, Any] = {}
    for name, check, default, failed in _EXPORTED_CHECKS:  # each field by its kind
        try:
            promise[name] = check(item.get(name, default), name)  # older exports lack some
        except InputError as exc:
            c.problems.append(str(exc))
            promise[name] = failed
    # The service standard it follows and the deadline that gave: both or neither.
    if (item.get("standard") is None) != (item.get("standard_due_at") is None):
        c.problems.append("standard and standard_due_at come together (or neither)")
    _check_lifecycle(promise, c)
    events = _check_history(item.get("history"), c)
    # Events an ``undone`` event took back count for nothing (docs/words.md, "Undo").
    voided = {e["data"].get("event_number") for e in events if e["kind"] == "undone"}
    counted = [e for number, e in enumerate(events, 1) if number not in voided]
    if events and promise["waits"] is not None:
        waits = sum(1 for e in counted if e["kind"] == "waiting")
        if waits != promise["waits"]:
            c.problems.append(f"waits ({promise['waits']}) differs from the history's {waits}")
    if events and promise["slips"] is not None and promise["slips_heads_up"] is not None:
        slips = sum(1 for e in counted if e["kind"] == "rescheduled" and e["data"].get("slip"))
        heads_up = sum(
            1 for e in counted if e["kind"] == "rescheduled" and e["data"].get("heads_up")
        )
        if (slips, heads_up) != (promise["slips"], promise["slips_heads_up"]):
            c.problems.append(
                f"slips ({promise['slips']}) and slips_heads_up ({promise['slips_heads_up']}) "
                f"differ from the history's {slips} slips, {heads_up} with a heads-up"
            )
    return promise, events, c.problems


def optional_text(value: object, key: str) -> str | None:
    return None if value is None else text(value, key)


def _status(value: object, key: str) -> str:
    if value not in STATUSES:
        raise InputError(f"{key} must be one of {', '.join(STATUSES)}, not {_shown(value)}")
    assert isinstance(value, str)
    return value


def _rhythm(value: object, key: str = "update_every") -> str | None:
    """An update rhythm as pk stores it ("2 business days"), or null."""
    if value is None:
        return None
    from promisekeeper.domain.standards import parse_within

    if not valid_text(value) or parse_within(value, key).text != value:
        raise InputError(f'{key} must be like "2 business days", not {_shown(value)}')
    return value


def _direction(value: object, key: str) -> str:
    if value not in ("ours", "owed"):
        raise InputError(f'{key} must be "ours" or "owed", not {_shown(value)}')
    assert isinstance(value, str)
    return value


def _rule(value: object, key: str) -> str | None:
    """A recurrence rule as pk stores it ("month on the 5th"), or null."""
    if value is None:
        return None
    from promisekeeper.domain.recurrence import parse_rule

    if not valid_text(value) or parse_rule(value, key).text != value:
        raise InputError(f'{key} must be a rule like "month on the 5th", not {_shown(value)}')
    return value


def _tags(value: object, key: str = "tags") -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(valid_text(t) for t in value):
        raise InputError(f"tags must be a list of text, not {_shown(value)}")
    cleaned = clean_tags(value)
    if list(cleaned) != value:
        raise InputError(f"tags must be lower-case, sorted and unique, like {list(cleaned)}")
    return cleaned


def _minutes(value: object, key: str) -> int:
    return whole(value, key, low=1, high=MAX_COUNT)


# The check of each kind of promise field (domain/fields.py): (value, key) -> the typed value.
CHECKS: dict[str, Callable[[object, str], Any]] = {
    "id": partial(whole, low=1, high=MAX_ID),
    "text": text,
    "status": _status,
    "tags": _tags,
    "time": instant,
    "when": optional_instant,
    "count": partial(whole, low=0, high=MAX_COUNT),
    "minutes": lambda value, key: None if value is None else _minutes(value, key),
    "name": optional_text,
    "rhythm": _rhythm,
    "direction": _direction,
    "ref": lambda value, key: None if value is None else whole(value, key, low=1, high=MAX_ID),
    "rule": _rule,
}
FAILED: dict[str, Any] = {kind: None for kind in CHECKS} | {"tags": ()}  # a value that failed
# (key, check, its value in older exports, its value once it failed) of each exported field
_EXPORTED_CHECKS = tuple((f.name, CHECKS[f.kind], f.default, FAILED[f.kind]) for f in EXPORTED)


def _check_lifecycle(p: dict[str, Any], c: Collector) -> None:
    status, kept_at, closed_at, made_at = p["status"], p["kept_at"], p["closed_at"], p["made_at"]
    if status == "kept" and kept_at is None:
        c.problems.append("status is kept but kept_at is null")
    if status not in (None, "kept") and kept_at is not None:
        c.problems.append(f"kept_at is set but the status is {status}")
    if status is not None and is_active(status) and closed_at is not None:
        c.problems.append(f"closed_at is set but the promise is {status}")
    if status is not None and not is_active(status) and closed_at is None:
        c.problems.append(f"status is {status} but closed_at is null")
    if status is not None and status in STATUSES:  # dates exactly when the state has them
        for key in ("due_at", "original_due_at", "baseline_due_at"):
            failed = any(problem.startswith(f"{key} ") for problem in c.problems)
            if is_dated(status) != (p[key] is not None) and not failed:
                c.problems.append(
                    f"{key} is {'null' if p[key] is None else 'set'} but the status is {status}"
                )
    if (status == "waiting") != (p["waiting_since"] is not None) and status is not None:
        c.problems.append("waiting_since is set exactly when the status is waiting")
    if kept_at is not None and made_at is not None and kept_at < made_at:
        c.problems.append("kept_at is before made_at")
    if p["original_due_at"] is not None and made_at is not None and p["original_due_at"] < made_at:
        c.problems.append("original_due_at is before made_at")
    slips, heads_up = p["slips"], p["slips_heads_up"]
    if slips is not None and heads_up is not None and heads_up > slips:
        c.problems.append("slips_heads_up is more than slips")


def _check_history(history: object, c: Collector) -> list[dict[str, Any]]:
    if not isinstance(history, list) or not history:
        c.problems.append("history must be a non-empty list of events")
        return []
    events: list[dict[str, Any]] = []
    for number, event in enumerate(history, 1):
        problems_before = len(c.problems)
        checked = _check_event(event, f"history event {number}", c)
        if checked is not None and len(c.problems) == problems_before:
            events.append(checked)
    kinds = [e.get("kind") if isinstance(e, dict) else None for e in history]
    if kinds[0] != "created" or kinds.count("created") != 1:
        c.problems.append("history must start with its one created event")
    return events


def _check_event(event: object, name: str, c: Collector) -> dict[str, Any] | None:
    if not isinstance(event, dict):
        c.problems.append(f"{name} must be an object")
        return None
    kind = event.get("kind")
    if kind not in EVENT_FIELDS:
        c.problems.append(f"{name} has no known kind ({_shown(kind)})")
        return None
    at = c.run(lambda: instant(event.get("at"), f"{name} at"))
    by = c.run(lambda: text(event.get("by"), f"{name} by"))
    importer = None  # who imported it, and when: both or neither (docs/team.md, "Moving in")
    if "imported_by" in event or "imported_at" in event:
        importer = (
            c.run(lambda: text(event.get("imported_by"), f"{name} imported_by")),
            c.run(lambda: instant(event.get("imported_at"), f"{name} imported_at")),
        )
    chained = None  # its place in the chained history: id, seq and hash, all or none
    stored = event.get("stored")  # its details exactly as stored, where pk would not
    if stored is not None and not _json_object(stored):
        c.problems.append(f"{name} stored must be a JSON object's text")
    if any(key in event for key in CHAIN_KEYS[:3]):
        chained = (
            c.run(lambda: whole(event.get("id"), f"{name} id", low=1, high=MAX_ID)),
            c.run(lambda: whole(event.get("seq"), f"{name} seq", low=1, high=MAX_ID)),
            c.run(lambda: sha256(event.get("hash"), f"{name} hash")),
        )
    fields = EVENT_FIELDS[kind]
    data = {k: v for k, v in event.items() if k not in EVENT_KEYS}
    for key in data.keys() - fields.keys():
        c.problems.append(f"{name} ({kind}) has an unknown detail {_shown(key)}")
    for key, (check, required) in fields.items():
        if key not in data:
            if required:
                c.problems.append(f"{name} ({kind}) lacks {key}")
            continue
        try:
            _detail(data[key], check, f"{name} {key}")
        except InputError as exc:
            c.problems.append(str(exc))
    return {"at": at, "kind": kind, "by": by, "data": data, "imported": importer,
            "chained": chained, "stored": stored}  # fmt: skip


def _json_object(value: object) -> bool:
    import json

    if not isinstance(value, str):
        return False
    try:
        return isinstance(json.loads(value), dict)
    except ValueError:
        return False


# an event's place in the chain, and its details as stored when pk would store them otherwise
CHAIN_KEYS = ("id", "seq", "hash", "stored")
EVENT_KEYS = ("at", "kind", "by", "imported_by", "imported_at", *CHAIN_KEYS)  # not details


def sha256(value: object, key: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{64}", value):
        raise InputError(f"{key} must be 64 lower-case hex digits (a SHA-256)")
    return value


def _detail(value: object, check: str, key: str) -> None:
    if check == "text":
        text(value, key)
    elif check == "optional text":
        if value is not None and not valid_text(value):
            raise InputError(f"{key} must be text or null")
    elif check == "bool":
        if not isinstance(value, bool):
            raise InputError(f"{key} must be true or false")
    elif check == "time":
        instant(value, key)
    elif check == "status":
        _status(value, key)
    elif check == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise InputError(f"{key} must be a number from 0")
    elif check == "changes":
        _changes(value, key)
    elif check == "verdict" and value not in VERDICTS:
        raise InputError(f"{key} must be one of {', '.join(VERDICTS)}")


def _changes(value: object, key: str) -> None:
    if not isinstance(value, dict) or not value:
        raise InputError(f"{key} must be an object of changed fields")
    for field, pair in value.items():
        if field not in EDITABLE:
            raise InputError(f"{key} names a field that cannot be edited ({_shown(field)})")
        if not isinstance(pair, list) or len(pair) != 2:
            raise InputError(f"{key} {field} must be [old, new]")
        for side in pair:
            if field == "tags":
                _tags(side)
            elif field == "update_every":
                if side is not None and not valid_text(side):
                    raise InputError(f"{key} {field} must be text or null")
            elif not valid_text(side):
                raise InputError(f"{key} {field} must be text")

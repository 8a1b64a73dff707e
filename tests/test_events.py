"""The table of event kinds (domain/events.py): every kind has its details, its undo words, its
replay and its history line, from the one row."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import Pk

from promisekeeper.domain import events
from promisekeeper.domain.model import EventRecord
from promisekeeper.domain.replay import replay
from promisekeeper.domain.validate import EVENT_FIELDS
from promisekeeper.render.views import DESCRIBE

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_every_kind_is_checked_described_and_named_for_undo() -> None:
    assert set(EVENT_FIELDS) == set(events.EVENT_KINDS)
    assert set(DESCRIBE) == set(events.EVENT_KINDS)
    assert all(kind.undo and kind.undo.islower() for kind in events.KINDS)


# (kind, details, the state fields it moves from a fresh open promise due AT)
REPLAYED = [
    ("kept", {"kept_at": "2026-11-22T09:00:00+00:00"},
     {"status": "kept", "closed_at": AT, "kept_at": datetime(2026, 11, 22, 9, tzinfo=UTC)}),
    ("broken", {}, {"status": "broken", "closed_at": AT}),
    ("cancelled", {}, {"status": "cancelled", "closed_at": AT}),
    ("waiting", {}, {"status": "waiting", "waiting_since": AT, "waits": 1}),
    ("deleted", {}, {"deleted_at": AT}),
    ("noted", {"text": "called"}, {}),
    ("contacted", {"text": "called"}, {}),
    ("edited", {"changes": {"update_every": [None, "2 business days"]}},
     {"update_every": "2 business days"}),
    ("rescheduled",
     {"from": "2026-11-23T09:00:00+00:00", "to": "2026-11-30T09:00:00+00:00",
      "customer_asked": False, "slip": True, "heads_up": True},
     {"due_at": datetime(2026, 11, 30, 9, tzinfo=UTC), "slips": 1, "slips_heads_up": 1}),
]  # fmt: skip


def test_each_kind_moves_the_state_as_its_row_says() -> None:
    created = EventRecord(1, AT, "created", "dana", {"due_at": "2026-11-23T09:00:00+00:00"})
    start = replay([created])
    assert start["due_at"] == start["baseline_due_at"] == AT and start["status"] == "open"
    for kind, details, moved in REPLAYED:
        after = replay([created, EventRecord(2, AT, kind, "dana", details)])
        changed = {k: v for k, v in after.items() if start[k] != v}
        assert changed == moved, kind


def test_undo_says_what_it_took_back_in_the_rows_words(pk: Pk) -> None:
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday", "--new-customer")
    pk.ok("keep", "1")
    assert f"Undid {events.KIND['kept'].undo} on" in pk.ok("undo").stdout

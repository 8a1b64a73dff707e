"""``pk ics``: the calendar feed of open promises."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from promisekeeper.config import Settings
from promisekeeper.domain.states import OPEN, calendar_status, is_active
from promisekeeper.service import Scope, check_customer, reading
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    from promisekeeper.domain.results.calendars import CalendarFeed
    from promisekeeper.store import Reader


def _batches(
    reader: Reader, settings: Settings, scope: Scope, customer: str | None, events: bool
) -> Iterator[CalendarFeed]:
    """The feed a batch of promises at a time (the whole list is never in memory)."""
    from promisekeeper.domain.results.calendars import CalendarFeed

    where = PromiseFilter(owner=scope.owner, customer=customer, status=OPEN)
    from promisekeeper.service.owed import held_up

    held = held_up(reader, settings, scope.owner)  # said in the description
    for rows in queries.promise_batches_by_due(reader, where):
        changes = queries.moves_and_changes(reader, [p.id for p in rows])
        yield CalendarFeed(rows, changes, events, settings.remind_before, held)


def ics(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None,
    events: bool,
    target: str | None,
    write: Callable[[str], None],
    render: Callable[[Iterable[CalendarFeed], Settings, IO[str]], int],
) -> tuple[int, Path | None]:
    """Write the open promises of ``scope`` as a calendar to ``target`` as it is made
    (``render`` writes it; atomically: a calendar app subscribed to the file never reads half of
    it) or, without one, through ``write`` once it is whole."""
    import io

    from promisekeeper.files import write_atomic
    from promisekeeper.service import output_file

    chosen = output_file(settings, target, "the calendar") if target is not None else None
    with reading(settings) as reader:
        check_customer(reader, customer)
        batches = _batches(reader, settings, scope, customer, events)
        if chosen is None:
            buffer = io.StringIO(newline="")
            count = render(batches, settings, buffer)
            write(buffer.getvalue())
            return count, None
        count = write_atomic(
            chosen,
            lambda handle: render(batches, settings, handle),
            what="the calendar",
            newline="",
        )
    return count, chosen.path


class Pushed(NamedTuple):
    """What ``pk ics --caldav`` did to the collection."""

    url: str  # without credentials
    created: int
    updated: int
    completed: int  # kept promises' tasks marked COMPLETED
    cancelled: int  # broken promises' items marked CANCELLED
    removed: int  # cancelled or deleted promises' items
    other_kind: int = 0  # pk's items of the other kind (tasks or events) from earlier pushes


def push(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None,
    events: bool,
    url: str,
    password: str | None,
    items: Callable[[CalendarFeed, Settings], dict[str, str]],
) -> Pushed:
    """Bring a CalDAV collection in step with the open promises of ``scope``: create the new
    ones, replace the ones that changed since (a moved date bumps SEQUENCE), mark the tasks of
    kept promises COMPLETED and of broken ones CANCELLED, remove the items of cancelled or deleted
    promises (``items`` gives each promise's calendar text by UID). Items pk did not make are
    left alone, and so are open promises outside the scope. The same run twice changes nothing
    the second time."""
    from promisekeeper.domain.uids import promise_of
    from promisekeeper.remote.caldav import opened, target

    where = target(url, password)
    wanted: dict[str, str] = {}
    with reading(settings) as reader:  # the same feed as pk ics, read the same way
        check_customer(reader, customer)
        for batch in _batches(reader, settings, scope, customer, events):
            wanted |= items(batch, settings)
    counts = dict.fromkeys(("created", "updated", "completed", "cancelled", "removed"), 0)
    with opened(where, events) as collection:
        present = collection.items()
        other = 0
        if not any(promise_of(u) for u in present):  # a first push of this kind: pk's items
            # of the other kind stay, but for open promises' (the same UID: replaced in place)
            left = collection.items(other_kind=True)
            other = sum(1 for u in left if promise_of(u) and u not in wanted)
        for uid_of, text in wanted.items():
            item = present.get(uid_of)
            if item is None:
                collection.put(text)
                counts["created"] += 1
            elif collection.differs(item, text):
                collection.replace(item, text)
                counts["updated"] += 1
        ours = {u: promise_of(u) for u in present if u not in wanted and promise_of(u)}
        with reading(settings) as reader:
            states = queries.promise_states(reader, [found[0] for found in ours.values() if found])
        for uid_of, found in ours.items():
            assert found is not None
            state = states.get(found[0])
            if state is None or f"{state[2]:%Y%m%dT%H%M%SZ}" != found[1]:
                continue  # not a promise of this database
            status, deleted, _created, kept_at, due_at, sequence = state
            shown = calendar_status(status)  # the closed states' STATUS (domain/states.py)
            if deleted or shown is None:
                collection.remove(present[uid_of])
                counts["removed"] += 1
            elif is_active(status) or due_at is None:
                continue  # still open, outside this feed's scope: left as it is
            elif shown == "COMPLETED" and events:  # an event has no COMPLETED: its date
                counts["updated"] += collection.finish(
                    present[uid_of], "CONFIRMED", None, due_at, sequence
                )
            elif shown == "COMPLETED":
                counts["completed"] += collection.finish(
                    present[uid_of], shown, kept_at, due_at, sequence
                )
            elif shown == "CANCELLED":
                counts["cancelled"] += collection.finish(
                    present[uid_of], shown, None, due_at, sequence
                )
    return Pushed(where.url, **counts, other_kind=other)

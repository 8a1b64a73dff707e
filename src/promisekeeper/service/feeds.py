"""``pk ics``: the calendar feed of open promises."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from promisekeeper.config import Settings
from promisekeeper.domain.states import OPEN
from promisekeeper.service import Scope, _check_customer, reading
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter


def ics(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None,
    events: bool,
    target: str | None,
    write: Callable[[str], None],
) -> tuple[int, Path | None]:
    """Write the open promises of ``scope`` as a calendar to ``target`` (atomically: a calendar
    app subscribed to the file never reads half of it) or, without one, through ``write``."""
    from promisekeeper.domain.results import CalendarFeed
    from promisekeeper.files import check_target, write_atomic
    from promisekeeper.render.registry import renderer
    from promisekeeper.service.database import protected_files

    chosen = None
    if target is not None:
        chosen = check_target(
            target, "the calendar", protected=protected_files(settings), streams=True
        )
    with reading(settings) as reader:
        _check_customer(reader, customer)
        rows = queries.list_promises(
            reader, PromiseFilter(owner=scope.owner, customer=customer, status=OPEN)
        )
        changes = queries.moves_and_changes(reader, [p.id for p in rows])
    result = CalendarFeed(rows, changes, events, settings.remind_before)
    text: str = renderer(result, "ics")(result, settings)
    if chosen is None:
        write(text)
        return len(rows), None
    write_atomic(chosen, lambda handle: handle.write(text), what="the calendar", newline="")
    return len(rows), chosen.path

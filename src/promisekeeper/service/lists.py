"""Promises read: lists (pk ls, pk overdue) and one promise with its history (pk show)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.model import (
    PromiseDetail,
    PromiseRecord,
)
from promisekeeper.domain.states import FILTERS
from promisekeeper.errors import (
    InputError,
    PromiseNotFound,
)
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    pass


from promisekeeper.service import (
    Scope,
    as_of_now,
    check_customer,
    existing_id,
    reading,
)


def list_promises(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None = None,
    status: str | None = "open",
    tag: str | None = None,
    overdue: bool = False,
    slipping: bool = False,
    first: int | None = None,
    search: str | None = None,
    direction: str = "ours",
) -> tuple[list[PromiseRecord], tuple[int, int, int] | None]:
    """The matching promises, soonest due first; with ``first``, only that many, and (when
    there may be more) the counts of all that match (total, open, overdue) for the line under
    the list."""
    if status is not None and status != "all" and status not in FILTERS:
        raise InputError(f'Unknown status "{status}"; use one of {", ".join(FILTERS)} or all.')
    tags = rules.clean_tags([tag]) if tag is not None else ()
    with reading(settings) as reader:
        check_customer(reader, customer)
        where = PromiseFilter(
            owner=scope.owner,
            customer=customer,
            status=None if status == "all" else status,
            tag=tags[0] if tags else None,
            overdue_at=settings.now if overdue else None,
            slipping=slipping,
            search=rules.clean_text(search, "The text to search for") if search else None,
            direction=direction,
        )
        rows = as_of_now(settings, queries.list_promises(reader, where, limit=first))
        if first is None or len(rows) < first:
            return rows, None
        return rows, queries.count_promises(reader, where, settings.now)[:3]


def is_empty(settings: Settings) -> bool:
    """Whether the database holds no promise at all (deleted ones count: it was used)."""
    with reading(settings) as reader:
        return queries.promise_count(reader, live_only=False) == 0


def show_promise(settings: Settings, promise_id: int) -> PromiseDetail:
    existing_id(promise_id)
    with reading(settings) as reader:
        detail = queries.get_detail(reader, promise_id)
    if detail is None:
        raise PromiseNotFound(promise_id)
    return detail._replace(promise=as_of_now(settings, [detail.promise])[0])


def require_direction(settings: Settings, promise_ids: list[int], direction: str) -> None:
    """Refuse a ``pk owed`` command on a promise we made (docs/owed.md): each command says
    which promises it is for."""
    with reading(settings) as reader:
        for promise_id in dict.fromkeys(promise_ids):
            existing_id(promise_id)
            found = queries.get_promise(reader, promise_id)
            if found is None:
                raise PromiseNotFound(promise_id)
            if found.direction != direction:
                raise InputError(
                    f"#{promise_id} is a promise you made, not one owed to you; "
                    f"`pk promise` commands change it."
                    if direction == "owed"
                    else f"#{promise_id} is owed to you; `pk owed` commands change it."
                )


def overdue(
    settings: Settings, scope: Scope, first: int | None = None
) -> tuple[list[PromiseRecord], tuple[int, int, int] | None]:
    return list_promises(settings, scope, overdue=True, first=first)

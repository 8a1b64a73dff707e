"""What commands hand to the renderers: one type per kind of result (``render.registry`` names a
renderer for each type and format).

The everyday commands' results are here; the others live in a module of this package named after
their feature, so that a command makes only the classes it uses (making a ``NamedTuple`` class
costs about 0.1 ms at every start: docs/performance.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from collections.abc import Sequence
    from datetime import datetime
    from typing import Any

    from promisekeeper.dates import Resolution
    from promisekeeper.domain.due import DueView
    from promisekeeper.domain.model import PromiseRecord


class PromiseList(NamedTuple):
    """Promises in a list (``promise list``, ``overdue``)."""

    rows: list[PromiseRecord]
    show_owner: bool
    empty: str = "No promises match."
    limit: int | None = None  # at most this many (0: all; None: a screenful on a terminal)
    wide: bool = False  # whole texts on a terminal too
    # When ``rows`` is the first page only: how many match, how many of them are open, and how
    # many overdue (a list scales with what is shown, not with what exists).
    counts: tuple[int, int, int] | None = None


class DueResult(NamedTuple):
    """The morning view."""

    view: DueView
    show_owner: bool
    wide: bool = False  # whole texts on a terminal too
    fit: bool = True  # on a terminal, the whole view fits its height (no --limit given)


class Change(NamedTuple):
    """The result of a write: the promise as it is now, plus anything worth telling the user."""

    promise: PromiseRecord
    notices: Sequence[str] = ()
    due: Resolution | None = None


class WhenResult(NamedTuple):
    """``pk when``: what an expression means now."""

    expression: str
    resolution: Resolution


# One event as ``pk log`` lists it: (id, promise id, what, customer, at, kind, by, details,
# voided).
LogRow = tuple[int, int, str, str, "datetime", str, str, dict[str, "Any"], bool]

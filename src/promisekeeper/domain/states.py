"""The states of a promise and their groups, defined once (docs/words.md, Lifecycle).

Everything that asks "is this promise still running?" asks ``is_active``; every SQL text asks
``ACTIVE_SQL`` (or ``status_sql`` for another group), and the partial indexes of the schema are
derived from the same group. A new state (waiting on the customer, say) is one line here and its
place in the groups; the predicates follow.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["open", "kept", "broken", "cancelled"]
STATUSES: tuple[Status, ...] = ("open", "kept", "broken", "cancelled")

OPEN: Status = "open"  # the state a new or reopened promise is in
KEPT: Status = "kept"

ACTIVE: tuple[Status, ...] = ("open",)  # can still be kept; the clock runs
CLOSED: tuple[Status, ...] = ("kept", "broken", "cancelled")
JUDGED: tuple[Status, ...] = ("open", "kept", "broken")  # counted in rates (cancelled is not)
assert set(ACTIVE) | set(CLOSED) == set(STATUSES) and not set(ACTIVE) & set(CLOSED)


def is_active(status: str) -> bool:
    return status in ACTIVE


def status_sql(group: tuple[Status, ...], column: str = "p.status") -> str:
    """A SQL condition: ``column`` holds one of ``group`` (the values are our own constants)."""
    if len(group) == 1:
        return f"{column} = '{group[0]}'"
    return f"{column} IN ({', '.join(repr(s) for s in group)})"


ACTIVE_SQL = status_sql(ACTIVE)
JUDGED_SQL = status_sql(JUDGED)
# The partial indexes over active promises (store.models, migrations): only those are ever looked
# up by due date (pk due, overdue, lists).
ACTIVE_INDEX_WHERE = f"{status_sql(ACTIVE, 'status')} AND deleted_at IS NULL"

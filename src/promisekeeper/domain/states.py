"""The states of a promise and their groups, defined once (docs/words.md, Lifecycle).

Everything that asks "is this promise still running?" asks ``is_active``/``is_running``; every
SQL text asks ``ACTIVE_SQL``/``RUNNING_SQL`` (or ``status_sql`` for another group), and the
partial indexes of the schema are derived from the same groups.

A promise waiting on the customer is active (not closed: it can still be kept, broken,
cancelled or moved, and lists show it) but its clock is stopped: it is never overdue or at risk,
and only running promises are looked up by due date. Machine formats report it as ``open`` with
``waiting: true`` (``reported_status``), so that the stable set of states stays the same.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["open", "waiting", "kept", "broken", "cancelled"]
STATUSES: tuple[Status, ...] = ("open", "waiting", "kept", "broken", "cancelled")

OPEN: Status = "open"  # the state a new, resumed or reopened promise is in
WAITING: Status = "waiting"  # paused: waiting on the customer (pk promise wait)
KEPT: Status = "kept"

ACTIVE: tuple[Status, ...] = ("open", "waiting")  # not closed: can still be kept
RUNNING: tuple[Status, ...] = ("open",)  # active and the clock runs: due, overdue, at risk
CLOSED: tuple[Status, ...] = ("kept", "broken", "cancelled")
JUDGED: tuple[Status, ...] = ("open", "waiting", "kept", "broken")  # in rates (not cancelled)
assert set(ACTIVE) | set(CLOSED) == set(STATUSES) and not set(ACTIVE) & set(CLOSED)
assert set(RUNNING) < set(ACTIVE)

# What machine formats and lists call each state: the four of the stable contract.
REPORTED: dict[str, str] = {"waiting": "open"}
REPORTED_STATUSES: tuple[str, ...] = ("open", "kept", "broken", "cancelled")
# What a status filter (pk ls --status) names: "open" means every active promise.
FILTERS: tuple[str, ...] = ("open", "waiting", "kept", "broken", "cancelled")


def is_active(status: str) -> bool:
    return status in ACTIVE


def is_running(status: str) -> bool:
    return status in RUNNING


def reported_status(status: str) -> str:
    return REPORTED.get(status, status)


def status_sql(group: tuple[Status, ...], column: str = "p.status") -> str:
    """A SQL condition: ``column`` holds one of ``group`` (the values are our own constants)."""
    if len(group) == 1:
        return f"{column} = '{group[0]}'"
    return f"{column} IN ({', '.join(repr(s) for s in group)})"


ACTIVE_SQL = status_sql(ACTIVE)
# Written as the active condition and then the narrower one: SQLite uses a partial index only
# when the query repeats its condition term for term, and the indexes cover active promises.
RUNNING_SQL = f"{ACTIVE_SQL} AND {status_sql(RUNNING)}"
WAITING_SQL = status_sql((WAITING,))
JUDGED_SQL = status_sql(JUDGED)


def filter_sql(name: str) -> str:
    """The SQL condition of a status filter (``FILTERS``): "open" is every active promise."""
    if name == OPEN:
        return ACTIVE_SQL
    if name not in STATUSES:
        raise ValueError(f"unknown status {name!r}")
    return status_sql((name,))


# Active promises with an update rhythm (keep in the loop), written as "not closed" so that a query
# repeating these terms can use only the index made for them (store.models): SQLite would
# otherwise as gladly take the index over every active promise, and read all of them.
LOOPED_SQL = "p.update_every IS NOT NULL AND " + " AND ".join(f"p.status <> '{s}'" for s in CLOSED)

# The partial indexes over active promises (store.models, migrations): only those are ever looked
# up by due date (pk due, overdue, lists); the waiting ones by when they began to wait; the ones
# with an update rhythm by owner.
ACTIVE_INDEX_WHERE = f"{status_sql(ACTIVE, 'status')} AND deleted_at IS NULL"
WAITING_INDEX_WHERE = f"{status_sql((WAITING,), 'status')} AND deleted_at IS NULL"
LOOPED_INDEX_WHERE = LOOPED_SQL.replace("p.", "") + " AND deleted_at IS NULL"

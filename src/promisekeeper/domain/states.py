"""The states of a promise, defined once with their behaviour (docs/words.md, Lifecycle).

One row per state in ``STATES`` says what the state does: whether the promise is still active
(not closed: it can still be kept, broken, cancelled or moved, and lists show it), whether its
clock runs (due, overdue, at risk), whether the rates judge it, which figure a report counts it
under, its name in machine formats, its style on a terminal and its status in a calendar.
Everything that asks such a question asks this table: ``is_active``/``is_running`` in Python,
``ACTIVE_SQL``/``RUNNING_SQL``/``counted_sql`` in SQL, ``STYLE`` on screen, ``calendar_status``
in ICS files and CalDAV.

Stored facts say whether a promise is closed or waiting, independently of the list of states:
a closed promise has ``closed_at`` and an active one none, a waiting one ``waiting_since`` and
no other (both checked by every import and ``pk db check``). The partial indexes of the schema
are written on those columns (``*_INDEX_WHERE``), so a new state needs no migration of its own.

A promise waiting on the customer is active but its clock is stopped: it is never overdue or at
risk, and only running promises are looked up by due date. Machine formats report it as ``open``
with ``waiting: true``, so that the stable set of reported states stays the same.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["open", "waiting", "kept", "broken", "cancelled"]
# The figure of docs/words.md a report counts a promise in this state under.
Figure = Literal["open", "kept", "broken", "cancelled"]


class State:
    """One row of the table (a plain class: read at every start, where a NamedTuple class
    costs a tenth of a millisecond to make)."""

    __slots__ = ("active", "calendar", "figure", "judged", "name", "reported", "running", "style")

    def __init__(
        self, name: Status, active: bool, running: bool, judged: bool, figure: Figure,
        reported: str, style: str, calendar: str | None,
    ) -> None:  # fmt: skip
        self.name = name
        self.active = active  # not closed: can still be kept, broken, cancelled or moved
        self.running = running  # the clock runs: due, overdue and at risk apply (active only)
        self.judged = judged  # counted in the rates (a cancelled promise is not)
        self.figure = figure  # the figure a report counts it under
        self.reported = reported  # its name in machine formats: one of the stable four
        self.style = style  # how a terminal shows its name (Rich style)
        self.calendar = calendar  # a calendar item's STATUS (None: the item is removed)


# fmt: off
STATES: tuple[State, ...] = (
    #     name         active running judged figure       reported     style    calendar
    State("open",      True,  True,   True,  "open",      "open",      "",      "NEEDS-ACTION"),
    State("waiting",   True,  False,  True,  "open",      "open",      "cyan",  "NEEDS-ACTION"),
    State("kept",      False, False,  True,  "kept",      "kept",      "green", "COMPLETED"),
    State("broken",    False, False,  True,  "broken",    "broken",    "red",   "CANCELLED"),
    State("cancelled", False, False,  False, "cancelled", "cancelled", "dim",   None),
)
# fmt: on
STATE: dict[str, State] = {s.name: s for s in STATES}
assert all(s.active for s in STATES if s.running)

STATUSES: tuple[Status, ...] = tuple(s.name for s in STATES)
OPEN: Status = "open"  # the state a new, resumed or reopened promise is in
WAITING: Status = "waiting"  # paused: waiting on the customer (pk promise wait)
KEPT: Status = "kept"

ACTIVE: tuple[Status, ...] = tuple(s.name for s in STATES if s.active)
RUNNING: tuple[Status, ...] = tuple(s.name for s in STATES if s.running)
CLOSED: tuple[Status, ...] = tuple(s.name for s in STATES if not s.active)
JUDGED: tuple[Status, ...] = tuple(s.name for s in STATES if s.judged)

# What machine formats and lists call each state (the stable contract), and the states a
# status filter (pk ls --status) names: "open" there means every active promise.
REPORTED_STATUSES: tuple[str, ...] = tuple(dict.fromkeys(s.reported for s in STATES))
FILTERS: tuple[str, ...] = STATUSES
STYLE: dict[str, str] = {s.name: s.style for s in STATES}


def is_active(status: str) -> bool:
    return STATE[status].active


def is_running(status: str) -> bool:
    return STATE[status].running


def reported_status(status: str) -> str:
    return STATE[status].reported


def calendar_status(status: str) -> str | None:
    return STATE[status].calendar


def status_sql(group: tuple[str, ...], column: str = "p.status") -> str:
    """A SQL condition: ``column`` holds one of ``group`` (the values are our own constants)."""
    if len(group) == 1:
        return f"{column} = '{group[0]}'"
    return f"{column} IN ({', '.join(repr(s) for s in group)})"


def counted_sql(figure: Figure) -> str:
    """A SQL condition: the promise is in a state a report counts under ``figure``."""
    return status_sql(tuple(s.name for s in STATES if s.figure == figure))


# Active: not closed (closed_at is set exactly when a promise is closed). Written on the column,
# not the list of states, as the partial indexes are: SQLite uses a partial index only when the
# query repeats its condition term for term.
ACTIVE_SQL = "p.closed_at IS NULL"
# The active condition, then the narrower one: the indexes over active promises serve it.
RUNNING_SQL = f"{ACTIVE_SQL} AND {status_sql(RUNNING)}"
# The clock stopped: waiting_since is set exactly when a promise waits on the customer. Among
# active promises the same is their state (``STOPPED_SQL``: read from the indexes' columns).
WAITING_SQL = "p.waiting_since IS NOT NULL"
STOPPED_SQL = status_sql(tuple(s.name for s in STATES if s.active and not s.running))
JUDGED_SQL = status_sql(JUDGED)


def filter_sql(name: str) -> str:
    """The SQL condition of a status filter (``FILTERS``): "open" is every active promise."""
    if name == OPEN:
        return ACTIVE_SQL
    if name not in STATE:
        raise ValueError(f"unknown status {name!r}")
    if name == WAITING:  # on its own: the index over waiting promises serves it alone
        return WAITING_SQL
    return status_sql((name,))


# Active promises with an update rhythm (keep in the loop).
LOOPED_SQL = f"p.update_every IS NOT NULL AND {ACTIVE_SQL}"

# The partial indexes (store.models, migration 0010): active promises, the only ones ever looked
# up by due date (pk due, overdue, lists); the waiting ones by when they began to wait; the
# active ones with an update rhythm by owner.
ACTIVE_INDEX_WHERE = "closed_at IS NULL AND deleted_at IS NULL"
WAITING_INDEX_WHERE = "waiting_since IS NOT NULL AND deleted_at IS NULL"
LOOPED_INDEX_WHERE = "update_every IS NOT NULL AND closed_at IS NULL AND deleted_at IS NULL"

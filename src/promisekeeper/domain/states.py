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

Status = Literal["open", "waiting", "unanswered", "kept", "broken", "cancelled", "declined"]
# The figure of docs/words.md a report counts a promise in this state under.
Figure = Literal["open", "unanswered", "kept", "broken", "cancelled", "declined"]


class State:
    """One row of the table (a plain class: read at every start, where a NamedTuple class
    costs a tenth of a millisecond to make)."""

    __slots__ = (
        "active", "calendar", "dated", "figure", "judged", "name", "reported", "running", "style",
    )  # fmt: skip

    def __init__(
        self, name: Status, active: bool, dated: bool, running: bool, judged: bool,
        figure: Figure, reported: str, style: str, calendar: str | None,
    ) -> None:  # fmt: skip
        self.name = name
        self.active = active  # not closed: can still be kept, broken, cancelled or moved
        # it has a due date (a request not yet answered has none, nor one we said no to)
        self.dated = dated
        self.running = running  # the clock runs: due, overdue and at risk apply (active only)
        self.judged = judged  # counted in the rates (a cancelled promise is not)
        self.figure = figure  # the figure a report counts it under
        self.reported = reported  # its name in machine formats (the stable set)
        self.style = style  # how a terminal shows its name (Rich style)
        self.calendar = calendar  # a calendar item's STATUS (None: the item is removed)


NEEDS, DONE, GONE = "NEEDS-ACTION", "COMPLETED", "CANCELLED"  # calendar statuses
# fmt: off
STATES: tuple[State, ...] = (
    # name        active dated  running judged figure        reported      style      calendar
    State("open",       True,  True,  True,  True,  "open",       "open",       "",        NEEDS),
    State("waiting",    True,  True,  False, True,  "open",       "open",       "cyan",    NEEDS),
    State("unanswered", True,  False, False, False, "unanswered", "unanswered", "yellow",  NEEDS),
    State("kept",       False, True,  False, True,  "kept",       "kept",       "green",   DONE),
    State("broken",     False, True,  False, True,  "broken",     "broken",     "red",     GONE),
    State("cancelled",  False, True,  False, False, "cancelled",  "cancelled",  "dim",     None),
    State("declined",   False, False, False, False, "declined",   "declined",   "magenta", None),
)
# fmt: on
STATE: dict[str, State] = {s.name: s for s in STATES}
assert all(s.active and s.dated for s in STATES if s.running)
assert all(s.dated for s in STATES if s.judged)

STATUSES: tuple[Status, ...] = tuple(s.name for s in STATES)
OPEN: Status = "open"  # the state a new, resumed or reopened promise is in
WAITING: Status = "waiting"  # paused: waiting on the customer (pk promise wait)
KEPT: Status = "kept"
# A request not answered yet with a date, and one answered with a clear no (docs/words.md,
# "Unanswered requests and declines"): the only states a promise without a date is in.
UNANSWERED: Status = "unanswered"
DECLINED: Status = "declined"

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


def is_dated(status: str) -> bool:
    return STATE[status].dated


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
# active promises with a date the same is their state (``STOPPED_SQL``).
WAITING_SQL = "p.waiting_since IS NOT NULL"
STOPPED_SQL = status_sql(tuple(s.name for s in STATES if s.active and s.dated and not s.running))
JUDGED_SQL = status_sql(JUDGED)


def filter_sql(name: str) -> str:
    """The SQL condition of a status filter (``FILTERS``): "open" is every active promise."""
    if name == OPEN:
        return ACTIVE_SQL
    if name not in STATE:
        raise ValueError(f"unknown status {name!r}")
    if name == WAITING:  # on its own: the index over waiting promises serves it alone
        return WAITING_SQL
    if STATE[name].active and not STATE[name].dated:  # the active ones without a date: read
        return f"{ACTIVE_SQL} AND p.due_at IS NULL"  # from the indexes over due dates
    return status_sql((name,))


# Active promises with an update rhythm (keep in the loop).
LOOPED_SQL = f"p.update_every IS NOT NULL AND {ACTIVE_SQL}"

# The partial indexes (store.models, migration 0010): active promises, the only ones ever looked
# up by due date (pk due, overdue, lists); the waiting ones by when they began to wait; the
# active ones with an update rhythm by owner.
ACTIVE_INDEX_WHERE = "closed_at IS NULL AND deleted_at IS NULL"
WAITING_INDEX_WHERE = "waiting_since IS NOT NULL AND deleted_at IS NULL"
LOOPED_INDEX_WHERE = "update_every IS NOT NULL AND closed_at IS NULL AND deleted_at IS NULL"

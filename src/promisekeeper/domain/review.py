"""Review and communication (docs/review.md): the date moves of a period and whether the
customer was told, the slip report, and the statement a customer can be sent. Plain rules on
records the store gives; no printing, no database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from promisekeeper.domain.model import PromiseRecord

MOVED_OFTEN = 2  # a promise moved this many times or more is listed by pk slips


class Move(NamedTuple):
    """One move of a promise's due date (a ``rescheduled`` event)."""

    promise_id: int
    what: str
    customer: str
    owner: str
    at: datetime  # when it was recorded
    old: datetime  # the due date it moved away from
    new: datetime
    reason: str | None
    customer_asked: bool  # their request: never a slip
    slip: bool
    heads_up: bool  # recorded before the old date
    by: str  # who recorded it
    contacted: bool  # a contact was noted after the old date was set and before it passed
    notice: str = "never"  # a slip's heads-up: in_time, late_notice (the last day) or never

    @property
    def told(self) -> bool:
        """Whether the customer heard of the move in time: they asked for it, or it was
        recorded before the old date, or a contact was noted while the old date stood."""
        return self.customer_asked or self.heads_up or self.contacted


def moves_of(
    rows: Iterable[tuple[int, str, str, str, datetime, datetime, str, str, dict[str, Any]]],
) -> list[Move]:
    """The moves in ``rows``: (promise id, what, customer, owner, created, event time, kind,
    by, details) of ``rescheduled`` and ``contacted`` events, by promise then event order. A
    contact counts for a move when it was noted after the date it moved from was set (the
    promise's creation or its previous move) and before that date."""
    from promisekeeper.dates import parse_instant

    found: list[Move] = []
    current: int | None = None
    since: datetime | None = None
    contacts: list[datetime] = []
    for promise_id, what, customer, owner, created, at, kind, by, data in rows:
        if promise_id != current:
            current, since, contacts = promise_id, created, []
        if kind == "contacted":
            contacts.append(at)
            continue
        old = parse_instant(str(data["from"]), "from")
        new = parse_instant(str(data["to"]), "to")
        assert since is not None
        noted = any(since <= c < old for c in contacts)
        found.append(
            Move(
                promise_id,
                what,
                customer,
                owner,
                at,
                old,
                new,
                data.get("reason"),
                bool(data.get("customer_asked")),
                bool(data.get("slip")),
                bool(data.get("heads_up")),
                by,
                noted,
                # moves recorded before notices were: a heads-up counts as in time
                data.get("notice") or ("in_time" if data.get("heads_up") else "never"),
            )
        )
        since = at
    return found


def notice_of(heads_up: bool, at: datetime, old_due: datetime, working: Any, least: float) -> str:
    """A slip's heads-up (docs/feedback.md): ``in_time`` when recorded at least ``least``
    business hours (of ``working``, a ``WorkingTime``) before the date it moved away from,
    ``late_notice`` when before it but later than that, ``never`` after it."""
    if not heads_up:
        return "never"
    return "in_time" if working.hours_between(at, old_due) >= least else "late_notice"


class MovedOften(NamedTuple):
    promise_id: int
    what: str
    customer: str
    owner: str
    moves: int
    slips: int
    latest: datetime  # its current due date, as the last move set it


class SlipTotals(NamedTuple):
    moves: int  # date moves of the period's promises
    slips: int  # of those, the ones the customer did not ask for
    heads_up: int  # slips recorded before the old date
    late_notice: int  # of those, the ones told on the last day (docs/feedback.md)
    untold: int  # slips with neither a heads-up nor a contact before the old date
    moved_often: int  # promises moved MOVED_OFTEN times or more

    @staticmethod
    def of(moves: list[Move]) -> SlipTotals:
        counts: dict[int, int] = {}
        for m in moves:
            counts[m.promise_id] = counts.get(m.promise_id, 0) + 1
        return SlipTotals(
            len(moves),
            sum(1 for m in moves if m.slip),
            sum(1 for m in moves if m.slip and m.heads_up),
            sum(1 for m in moves if m.slip and m.notice == "late_notice"),
            sum(1 for m in moves if m.slip and not m.told),
            sum(1 for n in counts.values() if n >= MOVED_OFTEN),
        )

    def as_json(self) -> dict[str, int]:
        return self._asdict()


def moved_often(moves: list[Move]) -> list[MovedOften]:
    """The promises moved ``MOVED_OFTEN`` times or more, most moves first, then by id."""
    by_promise: dict[int, list[Move]] = {}
    for m in moves:
        by_promise.setdefault(m.promise_id, []).append(m)
    found = [
        MovedOften(
            ms[0].promise_id,
            ms[0].what,
            ms[0].customer,
            ms[0].owner,
            len(ms),
            sum(1 for m in ms if m.slip),
            ms[-1].new,
        )
        for ms in by_promise.values()
        if len(ms) >= MOVED_OFTEN
    ]
    return sorted(found, key=lambda m: (-m.moves, m.promise_id))


def untold(moves: list[Move]) -> list[Move]:
    """The slips the customer was never told of, oldest first."""
    return sorted((m for m in moves if m.slip and not m.told), key=lambda m: (m.old, m.promise_id))


# --- the customer statement ---------------------------------------------------------------------


class Waiting(NamedTuple):
    promise: PromiseRecord
    reason: str | None


class Statement(NamedTuple):
    """What a customer can be sent: what was delivered (on time or late against the date they
    agreed to), what will not be, what moved and why, what we wait on from them, what comes."""

    customer: str
    since: datetime
    now: datetime
    delivered: list[PromiseRecord]  # kept since ``since``, in the order they were kept
    broken: list[tuple[PromiseRecord, str | None]]  # broken since, with the reason given
    moved: list[Move]  # moves recorded since, oldest first
    waiting: list[Waiting]  # waiting on them now
    coming: list[PromiseRecord]  # running promises, soonest due first
    with_owners: bool = False
    # What they told us since: each promise's latest verdict (docs/feedback.md), oldest first
    verdicts: tuple[tuple[PromiseRecord, str, str | None], ...] = ()
    # Requests (docs/words.md): the ones we said no to since, with why, and the ones we owe
    # an answer on now
    declined: tuple[tuple[PromiseRecord, str | None], ...] = ()
    unanswered: tuple[PromiseRecord, ...] = ()
    effort_margin: float = 0.25  # effort.margin: what counts as an effort overrun
    # what the customer promised us and has not sent yet (docs/owed.md), soonest due first
    theirs: tuple[PromiseRecord, ...] = ()
    # The history it commits to, when recorded (docs/review.md, "Statements your customer
    # can check")
    seal: Seal | None = None
    # With --since last: the last recorded statement's time, and the promises made since
    last_sent: datetime | None = None
    new: tuple[PromiseRecord, ...] = ()


class Seal(NamedTuple):
    """What a recorded statement commits to: the history ``events`` long ending with ``head``;
    ``signer`` names who signs it (with ``--sign``), for the footer's check."""

    events: int
    head: str
    signer: str | None = None
    signature: str | None = None  # the file name of the signature


class SlipReport(NamedTuple):
    """``pk slips``: the date moves of the promises agreed for a period (the same promises as
    ``pk report``), the promises moved often and the slips nobody told the customer of."""

    period_label: str
    title: str
    start: datetime
    end: datetime
    now: datetime
    by: str | None  # "customer" | "owner" | None
    totals: SlipTotals
    groups: list[tuple[str, SlipTotals]]  # with ``by``: per key, sorted by key
    moved_often: list[MovedOften]
    untold: list[Move]
    moves: list[Move]  # every move, by promise then time
    with_owners: bool = True

    @staticmethod
    def of(
        label: str,
        title: str,
        start: datetime,
        end: datetime,
        now: datetime,
        by: str | None,
        moves: list[Move],
    ) -> SlipReport:
        groups: list[tuple[str, SlipTotals]] = []
        if by is not None:
            keyed: dict[str, list[Move]] = {}
            for m in moves:
                keyed.setdefault(m.customer if by == "customer" else m.owner, []).append(m)
            groups = [(key, SlipTotals.of(keyed[key])) for key in sorted(keyed, key=str.casefold)]
        return SlipReport(
            label,
            title,
            start,
            end,
            now,
            by,
            SlipTotals.of(moves),
            groups,
            moved_often(moves),
            untold(moves),
            moves,
        )

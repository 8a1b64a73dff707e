"""Every read query of pk, as one SQL text each (named parameters, integer UTC seconds).

The same text runs through sqlite3 on SQLite and SQLAlchemy on PostgreSQL (``store.Reader``), so
there is one source of truth per query and the morning commands need no ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from promisekeeper.dates import seconds_to_utc_iso
from promisekeeper.domain import fields
from promisekeeper.domain.model import (
    CustomerSummary,
    EventRecord,
    PromiseDetail,
    PromiseRecord,
)
from promisekeeper.domain.rules import decode_tags, name_fold
from promisekeeper.domain.states import (
    ACTIVE_SQL,
    CLOSED,
    FILTERS,
    JUDGED,
    JUDGED_SQL,
    LOOPED_SQL,
    OPEN,
    RUNNING,
    RUNNING_SQL,
    STATE,
    STOPPED_SQL,
    WAITING_SQL,
    counted_sql,
    filter_sql,
    status_sql,
)
from promisekeeper.store.engines import Reader, Row, seconds

if TYPE_CHECKING:
    from promisekeeper.domain.away import Absence
    from promisekeeper.domain.chain import SentStatement
    from promisekeeper.domain.feedback import Flag
    from promisekeeper.domain.results import LogRow
    from promisekeeper.domain.standards import StandardRecord

PROMISE_COLUMNS = ", ".join(str(f.read) for f in fields.RECORD)  # PromiseRecord, in its order
PROMISE_FROM = (
    "promise p JOIN customer c ON c.id = p.customer_id LEFT JOIN standard s ON s.id = p.standard_id"
)
PROMISE_WIDTH = len(fields.RECORD)  # the columns of PROMISE_COLUMNS
LIVE = "p.deleted_at IS NULL"
# Our own promises, or the ones owed to us (docs/owed.md): written out, not bound, so that the
# indexes that carry the direction answer alone.
OURS = "p.direction = 'ours'"
OWED = "p.direction = 'owed'"
DIRECTION = {"ours": OURS, "owed": OWED}


def _time(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


# How a stored value becomes a record's, by kind (domain/fields.py).
DECODE: dict[str, Callable[[Any], Any]] = {
    "time": _time,
    "when": _time,
    "count": int,
    "id": int,
    "tags": decode_tags,
}
# (place, decoder) of the record's fields stored otherwise than the record holds them.
_DECODED = tuple(
    (place, DECODE[f.kind]) for place, f in enumerate(fields.RECORD) if f.kind in DECODE
)
assert tuple(f.name for f in fields.RECORD) == PromiseRecord._fields


def promise_from_row(row: Row) -> PromiseRecord:
    """The record of a row selected as ``PROMISE_COLUMNS`` (the record's fields in the table's
    order, which is PromiseRecord's), each value decoded by its field's kind."""
    values = list(row)
    assert len(values) == PROMISE_WIDTH
    for place, decode in _DECODED:
        values[place] = decode(values[place])
    return PromiseRecord._make(values)


def in_chunks(ids: list[int], size: int = 500) -> Iterator[tuple[str, dict[str, Any]]]:
    """``ids`` as SQL placeholders (``:i0, :i1, …``) with their values, ``size`` at a time: the
    most parameters an older SQLite takes in one statement is 999."""
    for start in range(0, len(ids), size):
        names = {f"i{n}": value for n, value in enumerate(ids[start : start + size])}
        yield ", ".join(":" + name for name in names), names


# One owner, named in any case: the member list's spelling when the name is on it, else the name
# as given (docs/team.md). The lookup runs once per query; the owner column's indexes still serve.
MEMBER_NAME = "COALESCE((SELECT m.name FROM member m WHERE m.name_fold = :owner_fold), :owner)"
OWNER_IS = f"p.owner = {MEMBER_NAME}"


def owner_params(owner: str) -> dict[str, str]:
    from promisekeeper.domain.team import fold

    return {"owner": owner, "owner_fold": fold(owner)}


def _add_owner(clauses: list[str], params: dict[str, Any], owner: str | None) -> None:
    """The promises of ``owner`` (any case), when one is given."""
    if owner is not None:
        clauses.append(OWNER_IS)
        params.update(owner_params(owner))


def _clause_adder(clauses: list[str], params: dict[str, Any]) -> Callable[[str, str, Any], None]:
    """``add(sql, name, value)``: when ``value`` is given, append ``sql`` (which uses ``:name``)
    and bind the value, times as UTC seconds. Shared by every WHERE builder below."""

    def add(sql: str, name: str, value: Any) -> None:
        if value is None:
            return
        clauses.append(sql)
        params[name] = seconds(value) if isinstance(value, datetime) else value

    return add


class PromiseFilter(NamedTuple):
    """Filters shared by ``promise list``, ``due`` and ``overdue``. None means "any"."""

    owner: str | None = None
    customer: str | None = None
    status: str | None = "open"  # a status filter (domain/states.py FILTERS) or "running"
    tag: str | None = None
    overdue_at: datetime | None = None  # running and due before this instant
    slipping: bool = False
    due_before: datetime | None = None
    due_from: datetime | None = None
    kept_from: datetime | None = None
    looped: bool = False  # only promises with an update rhythm (keep in the loop)
    closed_from: datetime | None = None  # kept, broken or cancelled at or after this instant
    search: str | None = None  # text in what, the customer's name or a note (any case)
    direction: str | None = "ours"  # ours, owed (docs/owed.md), or None: both
    ids: tuple[int, ...] | None = None  # only these (a few: bound one by one)

    @property
    def joined(self) -> bool:
        """Whether the filter needs the customer table."""
        return self.customer is not None or self.search is not None

    @property
    def dated_only(self) -> bool:
        """Whether only promises with a date can match: a date range, the running ones, or a
        state that always has one (domain/states.py)."""
        if any(v is not None for v in (self.overdue_at, self.due_before, self.due_from)):
            return True
        if self.status == "running" or self.kept_from is not None:
            return True
        return self.status in STATE and self.status != OPEN and STATE[self.status].dated

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = [LIVE]
        if self.direction is not None:
            clauses.append(DIRECTION[self.direction])
        params: dict[str, Any] = {}
        add = _clause_adder(clauses, params)
        _add_owner(clauses, params, self.owner)
        add(
            "c.name_fold = :customer",
            "customer",
            None if self.customer is None else name_fold(self.customer),
        )
        if self.status is not None:
            # Written out, not bound: with the state in the text, SQLite knows the partial
            # indexes over active promises hold every row asked for, and counts from them
            # without reading the rows (44 ms → 1 ms for 24k promises).
            if self.status == "running":
                clauses.append(RUNNING_SQL)
            elif self.status in FILTERS:
                clauses.append(filter_sql(self.status))
            else:
                raise ValueError(f"unknown status {self.status!r}")
        if self.tag is not None:
            escaped = self.tag.replace("!", "!!").replace("%", "!%").replace("_", "!_")
            add("p.tags LIKE :tag ESCAPE '!'", "tag", f"%,{escaped},%")
        add(f"{RUNNING_SQL} AND p.due_at < :overdue_at", "overdue_at", self.overdue_at)
        if self.slipping:
            clauses.append(f"{ACTIVE_SQL} AND p.slips > 0")
        add("p.due_at < :due_before", "due_before", self.due_before)
        add("p.due_at >= :due_from", "due_from", self.due_from)
        add(f"{KEPT_SQL} AND p.kept_at >= :kept_from", "kept_from", self.kept_from)
        add("p.closed_at >= :closed_from", "closed_from", self.closed_from)
        if self.search is not None:
            escaped = self.search.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_")
            add(
                "(LOWER(p.what) LIKE :search ESCAPE '!' OR LOWER(c.name) LIKE :search ESCAPE '!'"
                " OR EXISTS (SELECT 1 FROM event e WHERE e.promise_id = p.id"
                " AND e.voided_by IS NULL AND e.kind IN ('noted', 'contacted')"
                " AND LOWER(e.data) LIKE :search ESCAPE '!'))",
                "search",
                f"%{escaped}%",
            )
        if self.looped:  # active with an update rhythm: give status=None (domain/states.py)
            clauses.append(LOOPED_SQL)
        if self.ids is not None:
            names = {f"only{n}": value for n, value in enumerate(self.ids)}
            clauses.append(f"p.id IN ({', '.join(':' + n for n in names)})" if names else "1 = 0")
            params.update(names)
        return " AND ".join(clauses), params


# Lists go by due date, then id; a promise without a date (a request not answered yet, or said
# no to) comes after every dated one, by id, on both engines: each part is read on its own, so
# the indexes over due dates still give the order, and a filter that only dated promises can
# match reads the first part alone.
DATED, UNDATED = " AND p.due_at IS NOT NULL", " AND p.due_at IS NULL"
_PARTS = (
    (DATED, "p.due_at, p.id",
     " AND (p.due_at > :after_due OR (p.due_at = :after_due AND p.id > :after_id))"),
    (UNDATED, "p.id", " AND p.id > :after_id"),
)  # fmt: skip


def _parts(where: PromiseFilter) -> tuple[tuple[str, str, str], ...]:
    return _PARTS[:1] if where.dated_only else _PARTS


def list_promises(
    reader: Reader, where: PromiseFilter, limit: int | None = None
) -> list[PromiseRecord]:
    clause, params = where.where()
    sql = f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE {clause}"
    found: list[PromiseRecord] = []
    for part, order, _after in _parts(where):
        more = "" if limit is None else f" LIMIT {int(limit - len(found))}"
        rows = reader.all(f"{sql}{part} ORDER BY {order}{more}", params)
        found += (promise_from_row(r) for r in rows)
        if limit is not None and len(found) >= limit:
            break
    return found


def promise_batches_by_due(
    reader: Reader, where: PromiseFilter, size: int = 2000
) -> Iterator[list[PromiseRecord]]:
    """The promises of ``list_promises``, in the same order, ``size`` at a time: the next
    batch starts after the last one read (no table in memory)."""
    clause, params = where.where()
    sql = f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE {clause}"
    for part, order, after_last in _parts(where):
        after = ""
        while True:
            rows = [
                promise_from_row(r)
                for r in reader.all(
                    f"{sql}{part}{after} ORDER BY {order} LIMIT {int(size)}", params
                )
            ]
            if not rows:
                break
            yield rows
            if len(rows) < size:
                break
            after = after_last
            last = rows[-1]
            params = params | {"after_id": last.id}
            if last.due_at is not None:
                params["after_due"] = seconds(last.due_at)


def request_ids(reader: Reader, where: PromiseFilter) -> list[int]:
    """The ids of the matching promises (``where`` asks for the requests not answered yet, a
    state without a date), oldest first."""
    clause, params = where.where()
    source = PROMISE_FROM if where.joined else "promise p"
    rows = reader.all(f"SELECT p.id FROM {source} WHERE {clause} ORDER BY p.id", params)
    return [int(r[0]) for r in rows]


def ids_of(reader: Reader, where: PromiseFilter) -> list[int]:
    """The ids of the promises ``where`` selects, by id."""
    clause, params = where.where()
    source = PROMISE_FROM if where.joined else "promise p"
    return [
        int(r[0])
        for r in reader.all(f"SELECT p.id FROM {source} WHERE {clause} ORDER BY p.id", params)
    ]


BLOCKING = "p.blocks_id IS NOT NULL AND p.closed_at IS NULL AND p.deleted_at IS NULL"


def blocking(reader: Reader, owner: str | None = None) -> list[PromiseRecord]:
    """The open owed promises that hold up another promise (docs/owed.md), read from their own
    index (migration 0017): with ``owner``, those holding up one of ``owner``'s promises and
    the ones upstream of them along a chain, whoever follows them up."""
    # No ORDER BY (sorted here): with one, SQLite walks the whole table in id order rather
    # than the small index over blockers (0.2 s at 1,000,000 promises); and each blocker's
    # target is looked up by its id, where a join would start from the owner's every promise.
    if owner is None:
        rows = reader.all(f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE {BLOCKING}")
        every = sorted(map(promise_from_row, rows), key=lambda p: p.id)
        return [p for p in every if p.due_at is not None]
    rows = reader.all(
        f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE {BLOCKING}"
        f" AND (SELECT t.owner FROM promise t WHERE t.id = p.blocks_id) = {MEMBER_NAME}",
        owner_params(owner),
    )
    found = {p.id: p for p in map(promise_from_row, rows)}
    wanted = list(found)
    while wanted:  # upstream along a chain: what holds up the blockers found
        more: list[PromiseRecord] = []
        for marks, names in in_chunks(wanted):
            more += map(promise_from_row, reader.all(
                f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE {BLOCKING}"
                f" AND p.blocks_id IN ({marks})", names))  # fmt: skip
        wanted = [p.id for p in more if p.id not in found]
        found |= {p.id: p for p in more}
    return [p for _i, p in sorted(found.items()) if p.due_at is not None]


def due_dates(reader: Reader, where: PromiseFilter) -> list[tuple[int, datetime, int]]:
    """(id, due, slips) of the matching promises, soonest due first: what a section of the
    morning view needs to count and order them (the records are read for the ones shown)."""
    clause, params = where.where()
    source = PROMISE_FROM if where.joined else "promise p"
    rows = reader.all(
        f"SELECT p.id, p.due_at, p.slips FROM {source} WHERE {clause} ORDER BY p.due_at, p.id",
        params,
    )
    return [(int(r[0]), datetime.fromtimestamp(r[1], UTC), int(r[2])) for r in rows]


def risk_candidates(
    reader: Reader,
    where: PromiseFilter,
    now: datetime,
    bands: list[tuple[datetime | None, datetime | None]],
    *,
    calendars: bool = False,
) -> list[tuple[int, datetime, datetime, int, str | None, str | None]]:
    """(id, made, due, slips, customer zone, customer calendar) of the open promises not yet
    due that meet one of ``bands`` (due before, made at or before; domain/risk.py), soonest
    due first: answered from the index over open promises, which holds these columns, whatever
    the size of the table. The customer's zone and calendar are read with ``calendars`` only
    (when some customer has its own)."""
    clause, params = where.where()
    joined = where.joined or calendars
    source = "promise p JOIN customer c ON c.id = p.customer_id" if joined else "promise p"
    own = "c.timezone, c.calendar" if calendars else "NULL, NULL"
    # One range of the index per band (due from the band before's end up to its own), each
    # row checked against its own band's made date: the index is read once, in order.
    parts = []
    lower = "risk_now"
    params[lower] = seconds(now)
    for i, (due_before, made_by) in enumerate(bands):
        terms = [f"p.due_at >= :{lower}"]
        if due_before is not None:
            terms.append(f"p.due_at < :risk_due{i}")
            params[f"risk_due{i}"] = seconds(due_before)
        if made_by is not None:
            terms.append(f"p.made_at <= :risk_made{i}")
            params[f"risk_made{i}"] = seconds(made_by)
        parts.append(
            f"SELECT p.id, p.made_at, p.due_at, p.slips, {own} FROM {source}"
            f" WHERE {clause} AND {' AND '.join(terms)}"
        )
        if due_before is None:
            break
        lower = f"risk_due{i}"
    rows = reader.all(" UNION ALL ".join(parts) + " ORDER BY 3, 1", params)
    return [
        (
            int(r[0]),
            datetime.fromtimestamp(r[1], UTC),
            datetime.fromtimestamp(r[2], UTC),
            r[3],
            r[4],
            r[5],
        )
        for r in rows
    ]


def standing_flags(reader: Reader, where: PromiseFilter, now: datetime | None = None) -> list[Flag]:
    """The flags standing on the promises ``where`` selects (the latest ``flagged`` event of
    each, unless it cleared the flag); with ``now``, only promises not yet due. Read from the
    index over the voice events (``ix_event_voice``): as few rows as there are flags."""
    import json

    from promisekeeper.domain.feedback import Flag

    if not any_voice(reader):
        return []
    clause, params = where.where()
    source = "promise p JOIN customer c ON c.id = p.customer_id" if where.joined else "promise p"
    due = ""
    if now is not None:
        due = " AND p.due_at >= :flag_now"
        params["flag_now"] = seconds(now)
    rows = reader.all(
        f'SELECT p.id, p.due_at, p.slips, e."by", e.data, e.at FROM {source}'
        " JOIN event e ON e.promise_id = p.id"
        " WHERE e.kind IN ('feedback_asked', 'feedback', 'flagged') AND e.kind = 'flagged'"
        f" AND e.voided_by IS NULL AND {clause}{due} ORDER BY e.id",
        params,
    )
    latest: dict[int, Flag] = {}
    for r in rows:
        data = json.loads(r[4])
        if data.get("clear"):
            latest.pop(int(r[0]), None)
        else:
            latest[int(r[0])] = Flag(
                int(r[0]),
                datetime.fromtimestamp(r[1], UTC),
                int(r[2]),
                str(r[3]),
                data.get("text"),
                datetime.fromtimestamp(r[5], UTC),
            )
    return sorted(latest.values(), key=lambda f: (f.due_at, f.promise_id))


def customer_calendars(reader: Reader) -> list[tuple[str | None, str | None]]:
    """The (zone, calendar) pairs customers have of their own."""
    rows = reader.all(
        "SELECT DISTINCT timezone, calendar FROM customer"
        " WHERE timezone IS NOT NULL OR calendar IS NOT NULL"
    )
    return [(r[0], r[1]) for r in rows]


def promises_by_id(reader: Reader, ids: list[int]) -> list[PromiseRecord]:
    """These promises, soonest due first (read 500 at a time: the most parameters any SQLite
    takes in one statement is 999)."""
    found: list[PromiseRecord] = []
    for marks, names in in_chunks(ids):
        rows = reader.all(
            f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE p.id IN ({marks})", names
        )
        found += (promise_from_row(r) for r in rows)
    return sorted(found, key=by_due)


def by_due(p: PromiseRecord) -> tuple[bool, datetime, int]:
    """The order of lists: due date, then id; the promises without a date after the others."""
    return (p.due_at is None, p.due_at or p.made_at, p.id)


# The events after which a calendar item says something else about when: a move of the date, a
# wait's end (which moves it by the time waited), a correction, an answer (a request's first
# date), an undo. Counted whether undone or not, so that the count (a calendar item's SEQUENCE)
# only ever grows.
DATE_CHANGES = "('rescheduled', 'resumed', 'corrected', 'answered', 'undone')"


def moves_and_changes(reader: Reader, ids: list[int]) -> dict[int, tuple[int, int, datetime]]:
    """For each promise: how many times its date was moved (``rescheduled`` events), how many
    events changed when it is due (``DATE_CHANGES``: its calendar SEQUENCE), and when it last
    changed (its latest event), 500 ids at a time."""
    found: dict[int, tuple[int, int, datetime]] = {}
    for marks, names in in_chunks(ids):
        rows = reader.all(
            "SELECT promise_id, SUM(CASE WHEN kind = 'rescheduled' THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN kind IN {DATE_CHANGES} THEN 1 ELSE 0 END), MAX(at)"
            f" FROM event WHERE promise_id IN ({marks}) GROUP BY promise_id",
            names,
        )
        found.update(
            {int(r[0]): (int(r[1]), int(r[2]), datetime.fromtimestamp(r[3], UTC)) for r in rows}
        )
    return found


def escalation_candidates(
    reader: Reader, where: PromiseFilter, late_before: datetime, slips: int
) -> list[PromiseRecord]:
    """Open promises due before ``late_before`` or slipped ``slips`` times or more (the
    escalation rule's candidates; domain/escalation.py decides)."""
    clause, params = where.where()
    params |= {"late_before": seconds(late_before), "slips": slips}
    rows = reader.all(
        f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE {clause}"
        " AND (p.due_at < :late_before OR p.slips >= :slips) ORDER BY p.due_at, p.id",
        params,
    )
    return [promise_from_row(r) for r in rows]


def last_contacts(reader: Reader, ids: list[int]) -> dict[int, datetime]:
    """When each promise's customer was last contacted (its latest ``contacted`` note)."""
    found: dict[int, datetime] = {}
    for marks, names in in_chunks(ids):
        rows = reader.all(
            "SELECT promise_id, MAX(at) FROM event WHERE kind = 'contacted' AND voided_by IS NULL"
            f" AND promise_id IN ({marks}) GROUP BY promise_id",
            names,
        )
        found.update({int(r[0]): datetime.fromtimestamp(r[1], UTC) for r in rows})
    return found


def rhythms(reader: Reader, where: PromiseFilter) -> list[str]:
    """The update rhythms in use among the promises ``where`` selects (``looped``): read from
    the index over them alone."""
    clause, params = where.where()
    source = PROMISE_FROM if where.joined else "promise p"
    return [
        r[0]
        for r in reader.all(f"SELECT DISTINCT p.update_every FROM {source} WHERE {clause}", params)
    ]


def owed_candidates(
    reader: Reader, where: PromiseFilter, thresholds: list[tuple[str, datetime]]
) -> list[tuple[int, datetime, int, datetime, str, datetime | None, str | None, str | None]]:
    """(id, due, slips, made, rhythm, last contact, customer zone, customer calendar) of the running
    promises ``where`` selects (``looped``) made at or before their rhythm's threshold and not
    contacted after it: every promise owed an update, and perhaps a few more
    (domain/waiting.py decides)."""
    clause, params = where.where()
    parts = []
    for i, (rhythm, before) in enumerate(thresholds):
        params[f"rhythm{i}"], params[f"before{i}"] = rhythm, seconds(before)
        parts.append(
            "SELECT p.id, p.due_at, p.slips, p.made_at, p.update_every, (SELECT MAX(e.at)"
            " FROM event e WHERE e.promise_id = p.id AND e.kind = 'contacted'"
            " AND e.voided_by IS NULL),"
            " c.timezone, c.calendar"
            f" FROM {PROMISE_FROM} WHERE {clause} AND {status_sql(RUNNING)}"
            f" AND p.update_every = :rhythm{i} AND p.made_at <= :before{i}"
            " AND NOT EXISTS (SELECT 1 FROM event e WHERE e.promise_id = p.id"
            f" AND e.voided_by IS NULL AND e.kind = 'contacted' AND e.at > :before{i})"
        )
    if not parts:
        return []
    return [
        (
            int(r[0]),
            datetime.fromtimestamp(r[1], UTC),
            int(r[2]),
            datetime.fromtimestamp(r[3], UTC),
            r[4],
            _time(r[5]),
            r[6],
            r[7],
        )
        for r in reader.all(" UNION ALL ".join(parts) + " ORDER BY 2, 1", params)
    ]


def latest_details(reader: Reader, ids: list[int], kind: str) -> dict[int, dict[str, Any]]:
    """The details of each promise's latest event of ``kind`` (a wait's or a break's reason)."""
    import json

    found: dict[int, dict[str, Any]] = {}
    for marks, names in in_chunks(ids):
        rows = reader.all(
            "SELECT promise_id, data FROM event WHERE kind = :kind AND voided_by IS NULL"
            f" AND promise_id IN ({marks})"
            " ORDER BY id",
            {**names, "kind": kind},
        )
        found.update({int(r[0]): json.loads(r[1]) for r in rows})
    return found


VoiceRow = tuple[int, int, datetime, str, dict[str, Any]]


def voice_events(reader: Reader, ids: list[int], kind: str) -> list[VoiceRow]:
    """(promise id, event id, at, by, details) of the live events of ``kind`` — asked,
    feedback or flagged (the index over them: ``ix_event_voice``) — of these promises, in the
    order they were written."""
    import json

    found: list[VoiceRow] = []
    for marks, names in in_chunks(ids):
        rows = reader.all(
            'SELECT promise_id, id, at, "by", data FROM event'
            " WHERE kind IN ('feedback_asked', 'feedback', 'flagged') AND kind = :kind"
            f" AND voided_by IS NULL AND promise_id IN ({marks}) ORDER BY id",
            {**names, "kind": kind},
        )
        found += [
            (
                int(r[0]),
                int(r[1]),
                datetime.fromtimestamp(int(r[2]), UTC),
                str(r[3]),
                json.loads(r[4]),
            )
            for r in rows
        ]
    found.sort(key=lambda row: row[1])
    return found


def promises_with_voice(reader: Reader, kind: str) -> list[int]:
    """The promises, not deleted, with a live event of ``kind`` (asked, feedback, flagged)."""
    rows = reader.all(
        "SELECT DISTINCT e.promise_id FROM event e JOIN promise p ON p.id = e.promise_id"
        " WHERE e.kind IN ('feedback_asked', 'feedback', 'flagged') AND e.kind = :kind"
        " AND e.voided_by IS NULL AND p.deleted_at IS NULL ORDER BY e.promise_id",
        {"kind": kind},
    )
    return [int(r[0]) for r in rows]


def latest_verdicts(
    reader: Reader, customer: str | None = None
) -> list[tuple[PromiseRecord, datetime, dict[str, Any]]]:
    """Each live promise's latest verdict (of ``customer``'s promises, when given): (promise,
    when recorded, details), in the order they were recorded (docs/feedback.md)."""
    if not any_voice(reader):
        return []
    promises = {p.id: p for p in promises_by_id(reader, promises_with_voice(reader, "feedback"))}
    if customer is not None:
        promises = {i: p for i, p in promises.items() if p.customer == customer}
    latest = {row[0]: row for row in voice_events(reader, list(promises), "feedback")}
    return [
        (promises[pid], at, data)
        for pid, _eid, at, _by, data in sorted(latest.values(), key=lambda r: r[1])
        if pid in promises
    ]


def wait_reasons(reader: Reader, ids: list[int]) -> dict[int, str | None]:
    """What each promise is waiting on: the reason of its latest ``waiting`` event."""
    return {i: d.get("reason") for i, d in latest_details(reader, ids, "waiting").items()}


def waiting_on(reader: Reader, owed_id: int) -> list[int]:
    """The promises waiting now whose wait is for the owed promise ``owed_id`` (the ``on`` of
    their latest ``waiting`` event): read among the waiting ones, from their index."""
    rows = reader.all(
        "SELECT p.id FROM promise p WHERE p.waiting_since IS NOT NULL AND p.deleted_at IS NULL"
        " ORDER BY p.id"
    )
    ids = [int(r[0]) for r in rows]
    return [i for i, d in latest_details(reader, ids, "waiting").items() if d.get("on") == owed_id]


MoveRow = tuple[int, str, str, str, datetime, datetime, str, str, dict[str, Any]]


def _move_rows(rows: list[Row]) -> list[MoveRow]:
    import json

    return [
        (
            int(r[0]),
            r[1],
            r[2],
            r[3],
            datetime.fromtimestamp(r[4], UTC),
            datetime.fromtimestamp(r[5], UTC),
            r[6],
            r[7],
            json.loads(r[8]),
        )
        for r in rows
    ]


_MOVES = (
    "SELECT p.id, p.what, c.name, p.owner, p.created_at, e.at, e.kind, e.by, e.data"
    " FROM promise p JOIN customer c ON c.id = p.customer_id"
    " JOIN event e ON e.promise_id = p.id AND e.voided_by IS NULL"
)


def move_events(reader: Reader, scope: ReportScope) -> list[MoveRow]:
    """The ``rescheduled`` and ``contacted`` events (promise id, what, customer, owner,
    created, at, kind, by, details) of the promises a report covers (cancelled ones left out,
    as the report's slips leave them out), by promise then event (domain/review.py)."""
    clause, params = scope.where()
    rows = reader.all(
        f"{_MOVES} WHERE {clause} AND {JUDGED_SQL}"
        " AND e.kind IN ('rescheduled', 'contacted') ORDER BY p.id, e.at, e.id",
        params,
    )
    return _move_rows(rows)


def lesson_events(reader: Reader, scope: ReportScope) -> list[MoveRow]:
    """The ``rescheduled`` and ``broken`` events of the promises a report covers, in the
    shape of ``move_events``: what ``pk lessons`` tallies (the slips among the moves, and the
    breaks)."""
    clause, params = scope.where()
    rows = reader.all(
        f"{_MOVES} WHERE {clause} AND {JUDGED_SQL}"
        " AND e.kind IN ('rescheduled', 'broken') ORDER BY p.id, e.at, e.id",
        params,
    )
    return _move_rows(rows)


def recent_misses(
    reader: Reader, where: PromiseFilter, since: datetime
) -> list[tuple[PromiseRecord, datetime]]:
    """The promises ``where`` selects (any state) kept late or broken since ``since``, with
    when: the customers who may be owed a word after a miss."""
    clause, params = where.where()
    params["miss_since"] = seconds(since)
    rows = reader.all(
        f"SELECT {PROMISE_COLUMNS}, p.closed_at FROM {PROMISE_FROM} WHERE {clause}"
        " AND p.closed_at >= :miss_since AND (p.status = 'broken'"
        " OR (p.status = 'kept' AND p.kept_at > p.baseline_due_at)) ORDER BY p.closed_at, p.id",
        params,
    )
    return [
        (promise_from_row(r[:PROMISE_WIDTH]), datetime.fromtimestamp(r[PROMISE_WIDTH], UTC))
        for r in rows
    ]


def first_promise_of(reader: Reader, customer: str, owner: str | None) -> PromiseRecord | None:
    """A customer's first promise (``owner``'s, when given): what a customer's announcement
    (a review due) is filed under, so that it is said once."""
    params: dict[str, Any] = {"fold": name_fold(customer)}
    mine = ""
    if owner is not None:
        params.update(owner_params(owner))
        mine = f" AND {OWNER_IS}"
    row = reader.one(
        f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE c.name_fold = :fold{mine} AND {OURS}"
        " ORDER BY p.id LIMIT 1",
        params,
    )
    return None if row is None else promise_from_row(row)


def heard_since(reader: Reader, customer: str) -> datetime | None:
    """When the customer last heard from us or we from them: a contact noted or a verdict on
    any of its promises, or a review held."""
    found = reader.one(
        "SELECT MAX(t) FROM (SELECT MAX(e.at) AS t FROM event e"
        " JOIN promise p ON p.id = e.promise_id JOIN customer c ON c.id = p.customer_id"
        " WHERE c.name_fold = :fold AND e.kind IN ('contacted', 'feedback')"
        " AND e.voided_by IS NULL"
        " UNION ALL SELECT MAX(r.at) FROM review r JOIN customer c ON c.id = r.customer_id"
        " WHERE c.name_fold = :fold) AS heard",
        {"fold": name_fold(customer)},
    )
    return None if found is None or found[0] is None else datetime.fromtimestamp(found[0], UTC)


def customer_misses(reader: Reader, customer: str, since: datetime) -> list[MoveRow]:
    """The ``rescheduled`` and ``broken`` events recorded since ``since`` on a customer's live
    promises (cancelled ones left out), as ``lesson_events`` gives them: a review's causes."""
    rows = reader.all(
        f"{_MOVES} WHERE c.name_fold = :customer AND {LIVE} AND {OURS} AND {JUDGED_SQL}"
        " AND e.kind IN ('rescheduled', 'broken') AND e.at >= :since ORDER BY p.id, e.at, e.id",
        {"customer": name_fold(customer), "since": seconds(since), "now": seconds(since)},
    )
    return _move_rows(rows)


def customer_moves(reader: Reader, customer: str) -> list[MoveRow]:
    """The same for every live promise of a customer."""
    rows = reader.all(
        f"{_MOVES} WHERE c.name_fold = :customer AND {LIVE} AND {OURS}"
        " AND e.kind IN ('rescheduled', 'contacted') ORDER BY p.id, e.at, e.id",
        {"customer": name_fold(customer)},
    )
    return _move_rows(rows)


def promise_states(
    reader: Reader, ids: list[int]
) -> dict[int, tuple[str, bool, datetime, datetime | None, datetime | None, int]]:
    """(status, deleted, created, kept, due, calendar sequence) of these promises, deleted ones
    too, 500 at a time (a request's due is None)."""
    found: dict[int, tuple[str, bool, datetime, datetime | None, datetime | None, int]] = {}
    for marks, names in in_chunks(ids):
        rows = reader.all(
            "SELECT p.id, p.status, p.deleted_at, p.created_at, p.kept_at, p.due_at,"
            f" (SELECT COUNT(*) FROM event e WHERE e.promise_id = p.id AND e.kind IN"
            f" {DATE_CHANGES}) FROM promise p WHERE p.id IN ({marks})",
            names,
        )
        found.update(
            {
                int(r[0]): (
                    r[1],
                    r[2] is not None,
                    datetime.fromtimestamp(r[3], UTC),
                    _time(r[4]),
                    _time(r[5]),
                    int(r[6]),
                )
                for r in rows
            }
        )
    return found


def count_promises(
    reader: Reader, where: PromiseFilter, now: datetime, *, slipped: bool = False
) -> tuple[int, int, int, int]:
    """How many promises match, how many of them are active, how many overdue at ``now``, and
    (with ``slipped``) how many slipped. Written so that a filter on active promises is counted
    from the partial index alone (owner and due date), without reading the rows."""
    clause, params = where.where()
    if where.status == "running":
        active, late = "COUNT(*)", "p.due_at < :now_at"
    elif where.status == "open":
        active, late = "COUNT(*)", f"{RUNNING_SQL} AND p.due_at < :now_at"
    else:
        active = f"COALESCE(SUM(CASE WHEN {ACTIVE_SQL} THEN 1 ELSE 0 END), 0)"
        late = f"{RUNNING_SQL} AND p.due_at < :now_at"
    slips = "COALESCE(SUM(CASE WHEN p.slips > 0 THEN 1 ELSE 0 END), 0)" if slipped else "0"
    source = PROMISE_FROM if where.joined else "promise p"  # joined to filter by
    row = reader.one(
        f"SELECT COUNT(*), {active}, COALESCE(SUM(CASE WHEN {late} THEN 1 ELSE 0 END), 0),"
        f" {slips} FROM {source} WHERE {clause}",
        {**params, "now_at": seconds(now)},
    )
    if row is None:
        return 0, 0, 0, 0
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def get_promise(reader: Reader, promise_id: int) -> PromiseRecord | None:
    row = reader.one(
        f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE p.id = :id AND {LIVE}",
        {"id": promise_id},
    )
    return None if row is None else promise_from_row(row)


def event_data(kind: str, stored: str, original_due_at: int | None, made_at: int) -> dict[str, Any]:
    """An event's details. ``created`` events (from schema 0002 on) do not store the due and made
    dates that the promise row holds for good; they are filled in here (a request's created
    event has no due date: its answer gave the first one)."""
    import json  # only history needs it: pk due and lists skip its import

    data: dict[str, Any] = json.loads(stored)
    if kind == "created":
        for key, value in (("due_at", original_due_at), ("made_at", made_at)):
            if value is None or (key == "due_at" and data.get("unanswered")):
                continue
            if key not in data:
                data[key] = seconds_to_utc_iso(value)
    return data


def get_history(
    reader: Reader, promise: PromiseRecord, *, voided: bool = False
) -> tuple[EventRecord, ...]:
    """A promise's events, oldest first: the ones that count, or with ``voided`` the whole
    history as it was written, each voided event marked by the place of the ``undone`` event
    that took it back (history is never rewritten: ``pk promise show``)."""
    only = "" if voided else " AND voided_by IS NULL"
    rows = reader.all(
        "SELECT id, at, kind, by, data, voided_by, imported_by, imported_at FROM event"
        f" WHERE promise_id = :id{only}"
        " ORDER BY id",
        {"id": promise.id},
    )
    original = None if promise.original_due_at is None else seconds(promise.original_due_at)
    made = seconds(promise.made_at)
    places = {int(r[0]): number for number, r in enumerate(rows, 1)}
    return tuple(
        EventRecord(
            int(r[0]),
            datetime.fromtimestamp(r[1], UTC),
            r[2],
            r[3],
            event_data(r[2], r[4], original, made),
            places.get(int(r[5])) if r[5] is not None else None,
            r[6],
            None if r[7] is None else datetime.fromtimestamp(r[7], UTC),
        )
        for r in rows
    )


# A customer's lists, stored one item a line (docs/feedback.md): the addresses pk asks its
# verdict at, and what it expects of every promise.
CustomerList = Literal["emails", "expectations"]


def customer_list(reader: Reader, column: CustomerList, customer_id: int) -> list[str]:
    """One of a customer's lists, in the order its items were added."""
    assert column in ("emails", "expectations")  # a column name, never user text
    row = reader.one(f"SELECT {column} FROM customer WHERE id = :id", {"id": customer_id})
    return [] if row is None or not row[0] else str(row[0]).split("\n")


def get_detail(reader: Reader, promise_id: int) -> PromiseDetail | None:
    """A promise with its whole history, a deleted one too (marked by ``deleted_at``)."""
    row = reader.one(
        f"SELECT {PROMISE_COLUMNS}, p.deleted_at FROM {PROMISE_FROM} WHERE p.id = :id",
        {"id": promise_id},
    )
    if row is None:
        return None
    promise = promise_from_row(row[:PROMISE_WIDTH])
    history = get_history(reader, promise, voided=True)
    expects = reader.one(
        "SELECT c.expectations FROM promise p JOIN customer c ON c.id = p.customer_id"
        " WHERE p.id = :id",
        {"id": promise_id},
    )
    said = tuple(str(expects[0]).split("\n")) if expects and expects[0] else ()
    series = (
        series_of(reader, promise.series or promise.id) if promise.every or promise.series else ()
    )
    return PromiseDetail(promise, history, _time(row[PROMISE_WIDTH]), said, tuple(series))


def series_of(reader: Reader, first: int) -> list[PromiseRecord]:
    """The live promises of the series that began with ``first``, by first due date."""
    rows = reader.all(
        f"SELECT {PROMISE_COLUMNS} FROM {PROMISE_FROM} WHERE (p.id = :first OR p.series_id ="
        f" :first) AND {LIVE} ORDER BY p.original_due_at, p.id",
        {"first": first},
    )
    return [promise_from_row(r) for r in rows]


# --- standards ---------------------------------------------------------------------------------

STANDARD_COLUMNS = (
    "s.id, s.name, s.within_amount, s.within_unit, s.text, s.created_at, s.retired_at, sc.name"
)
STANDARD_FROM = "standard s LEFT JOIN customer sc ON sc.id = s.customer_id"
# How reports name the standard a promise followed: a customer's own one with its customer
# (its promises are that customer's), as StandardRecord.label does.
STANDARD_LABEL = (
    "CASE WHEN s.customer_id IS NULL THEN s.name ELSE s.name || ' (' || c.name || ')' END"
)


def standard_from_row(row: Row) -> StandardRecord:
    from promisekeeper.domain.standards import StandardRecord, Within

    return StandardRecord(
        id=int(row[0]),
        name=row[1],
        within=Within(int(row[2]), "hour" if row[3] == "hour" else "day"),
        text=row[4],
        created_at=datetime.fromtimestamp(row[5], UTC),
        retired_at=_time(row[6]),
        customer=row[7],
    )


def standards(
    reader: Reader, *, retired: bool = False, customer: str | None = None
) -> list[StandardRecord]:
    """The standards by name (everyone's first, then each customer's own); retired ones too
    with ``retired``; with ``customer``, what applies to that customer: its own, and the
    general ones it has none of the same name for."""
    clauses = [] if retired else ["s.retired_at IS NULL"]
    params: dict[str, Any] = {}
    if customer is not None:
        clauses.append(
            "(sc.name_fold = :customer OR (s.customer_id IS NULL AND NOT EXISTS (SELECT 1 FROM"
            " standard o JOIN customer oc ON oc.id = o.customer_id WHERE oc.name_fold = :customer"
            " AND o.name_fold = s.name_fold AND o.retired_at IS NULL)))"
        )
        params["customer"] = name_fold(customer)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = reader.all(
        f"SELECT {STANDARD_COLUMNS} FROM {STANDARD_FROM}{where}"
        " ORDER BY s.name_fold, s.customer_id IS NOT NULL, sc.name_fold",
        params,
    )
    return [standard_from_row(r) for r in rows]


def find_standard(reader: Reader, name: str, customer: str | None = None) -> StandardRecord | None:
    """The general standard called ``name``, or with ``customer`` that customer's own."""
    mine = "sc.name_fold = :customer" if customer is not None else "s.customer_id IS NULL"
    row = reader.one(
        f"SELECT {STANDARD_COLUMNS} FROM {STANDARD_FROM} WHERE s.name_fold = :fold AND {mine}",
        {"fold": name_fold(name), **({"customer": name_fold(customer)} if customer else {})},
    )
    return None if row is None else standard_from_row(row)


# (standard name, id, status, made, kept, closed, standard due, customer zone, customer calendar)
StandardRow = tuple[
    str, int, str, datetime, datetime | None, datetime | None, datetime, str | None, str | None
]


def standard_promises(
    reader: Reader,
    standard_id: int | None,
    start: datetime | None,
    end: datetime | None,
    owner: str | None = None,
    customer: str | None = None,
) -> list[StandardRow]:
    """The live promises following a standard (one, or every one with None) whose agreed date
    falls in [start, end); of one customer, when given."""
    clauses = [LIVE, "p.standard_id IS NOT NULL"]
    params: dict[str, Any] = {}
    add = _clause_adder(clauses, params)
    add("p.standard_id = :standard", "standard", standard_id)
    add("c.name_fold = :customer", "customer", None if customer is None else name_fold(customer))
    _add_owner(clauses, params, owner)
    add("p.baseline_due_at >= :start", "start", start)
    add("p.baseline_due_at < :end", "end", end)
    rows = reader.all(
        f"SELECT {STANDARD_LABEL}, p.id, p.status, p.made_at, p.kept_at, p.closed_at,"
        " p.standard_due_at, c.timezone, c.calendar"
        " FROM promise p JOIN standard s ON s.id = p.standard_id"
        f" JOIN customer c ON c.id = p.customer_id WHERE {' AND '.join(clauses)}",
        params,
    )
    return [
        (
            r[0],
            int(r[1]),
            r[2],
            datetime.fromtimestamp(r[3], UTC),
            _time(r[4]),
            _time(r[5]),
            datetime.fromtimestamp(r[6], UTC),
            r[7],
            r[8],
        )
        for r in rows
    ]


def standard_promise_count(reader: Reader, standard_id: int) -> int:
    """How many live promises follow a standard."""
    row = reader.one(
        f"SELECT COUNT(*) FROM promise p WHERE {LIVE} AND p.standard_id = :standard",
        {"standard": standard_id},
    )
    return int(row[0]) if row else 0


def workload(reader: Reader, now: datetime, tomorrow: datetime) -> list[tuple[Any, ...]]:
    """Per owner with active promises: (owner, active, waiting, overdue, due today, slipping),
    from the index over active promises and their rows' slips."""
    rows = reader.all(
        "SELECT p.owner, COUNT(*),"
        f" SUM(CASE WHEN {STOPPED_SQL} THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {RUNNING_SQL} AND p.due_at < :now THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {RUNNING_SQL} AND p.due_at >= :now AND p.due_at < :tomorrow"
        " THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN p.slips > 0 THEN 1 ELSE 0 END)"
        f" FROM promise p WHERE {ACTIVE_SQL} AND {LIVE} AND {OURS} GROUP BY p.owner"
        " ORDER BY p.owner",
        {"now": seconds(now), "tomorrow": seconds(tomorrow)},
    )
    return [(r[0], *(int(v or 0) for v in r[1:])) for r in rows]


def owners_of(reader: Reader, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for marks, names in in_chunks(ids):
        found.update(
            {int(r[0]): r[1] for r in reader.all(
                f"SELECT id, owner FROM promise WHERE id IN ({marks})", names)}
        )  # fmt: skip
    return found


def customer_names(reader: Reader) -> list[str]:
    return [r[0] for r in reader.all("SELECT name FROM customer ORDER BY name_fold")]


def customer_place(reader: Reader, name: str) -> tuple[str | None, str | None]:
    """A customer's own zone and holiday calendar (None: yours)."""
    row = reader.one(
        "SELECT timezone, calendar FROM customer WHERE name_fold = :fold", {"fold": name_fold(name)}
    )
    return (None, None) if row is None else (row[0], row[1])


def find_customer(reader: Reader, name: str) -> str | None:
    row = reader.one("SELECT name FROM customer WHERE name_fold = :fold", {"fold": name_fold(name)})
    return None if row is None else str(row[0])


def customer_summaries(
    reader: Reader, now: datetime, customer: str | None = None
) -> list[CustomerSummary]:
    only = " WHERE c.name_fold = :customer" if customer is not None else ""
    rows = reader.all(
        "SELECT c.name,"
        f" SUM(CASE WHEN {ACTIVE_SQL} THEN 1 ELSE 0 END),"
        " COUNT(p.id),"
        f" SUM(CASE WHEN {RUNNING_SQL} AND p.due_at < :now THEN 1 ELSE 0 END),"
        f" MIN(CASE WHEN {ACTIVE_SQL} THEN p.due_at END)"
        " FROM customer c LEFT JOIN promise p ON p.customer_id = c.id AND p.deleted_at IS NULL"
        f" AND {OURS}"
        f"{only} GROUP BY c.id, c.name, c.name_fold ORDER BY c.name_fold",
        {"now": seconds(now), **({"customer": name_fold(customer)} if customer else {})},
    )
    return [
        CustomerSummary(r[0], int(r[1] or 0), int(r[2] or 0), int(r[3] or 0), _time(r[4]))
        for r in rows
    ]


def promise_ids(reader: Reader, prefix: str, owner: str | None) -> list[tuple[int, str]]:
    """For shell completion: open promise ids starting with ``prefix``, with their text."""
    clause = f"{ACTIVE_SQL} AND " + LIVE + (f" AND {OWNER_IS}" if owner else "")
    rows = reader.all(
        f"SELECT p.id, p.what FROM promise p WHERE {clause} ORDER BY p.id DESC LIMIT 200",
        owner_params(owner) if owner else {},
    )
    return [(int(r[0]), r[1]) for r in rows if str(r[0]).startswith(prefix)]


# --- reports ----------------------------------------------------------------------------------

# Every report figure (docs/words.md) as one aggregate; "final" figures judge against the
# current due date. A promise waiting on the customer is late only if it was late when the wait
# began: its dates move later by the wait when it ends.
_LATE = (
    f"({status_sql(RUNNING)} AND p.{{d}} < :now) OR ({STOPPED_SQL} AND p.{{d}} < p.waiting_since)"
)
KEPT_SQL, BROKEN_SQL, CANCELLED_SQL, OPEN_SQL = (
    counted_sql(f) for f in ("kept", "broken", "cancelled", "open")
)
FIGURE_COLUMNS = f"""
 SUM(CASE WHEN {JUDGED_SQL} THEN 1 ELSE 0 END),
 SUM(CASE WHEN {CANCELLED_SQL} THEN 1 ELSE 0 END),
 SUM(CASE WHEN {KEPT_SQL} AND p.kept_at <= p.baseline_due_at THEN 1 ELSE 0 END),
 SUM(CASE WHEN {KEPT_SQL} AND p.kept_at > p.baseline_due_at THEN 1 ELSE 0 END),
 SUM(CASE WHEN {BROKEN_SQL} THEN 1 ELSE 0 END),
 SUM(CASE WHEN {_LATE.format(d="baseline_due_at")} THEN 1 ELSE 0 END),
 SUM(CASE WHEN {OPEN_SQL} AND NOT ({_LATE.format(d="baseline_due_at")}) THEN 1 ELSE 0 END),
 SUM(CASE WHEN {KEPT_SQL} AND p.kept_at <= p.due_at THEN 1 ELSE 0 END),
 SUM(CASE WHEN ({KEPT_SQL} AND p.kept_at > p.due_at) OR {BROKEN_SQL}
           OR {_LATE.format(d="due_at")} THEN 1 ELSE 0 END),
 SUM(CASE WHEN {JUDGED_SQL} THEN p.slips ELSE 0 END),
 SUM(CASE WHEN {JUDGED_SQL} THEN p.slips_heads_up ELSE 0 END),
 SUM(CASE WHEN {JUDGED_SQL} THEN p.waits ELSE 0 END),
 SUM(CASE WHEN {JUDGED_SQL} THEN p.waited_seconds ELSE 0 END),
 SUM(CASE WHEN {KEPT_SQL} AND p.kept_at > p.baseline_due_at AND p.kept_at <= p.due_at
          THEN 1 ELSE 0 END),
 SUM(CASE WHEN {KEPT_SQL} AND p.kept_at <= p.baseline_due_at AND p.kept_at > p.due_at
          THEN 1 ELSE 0 END),
 SUM(CASE WHEN ({_LATE.format(d="baseline_due_at")}) AND NOT ({_LATE.format(d="due_at")})
          THEN 1 ELSE 0 END),
 SUM(CASE WHEN {JUDGED_SQL} AND p.effort_stated IS NOT NULL THEN 1 ELSE 0 END),
 SUM(CASE WHEN {KEPT_SQL} AND p.effort_actual > p.effort_stated * :effort_over
          THEN 1 ELSE 0 END)"""
KEPT_LATE = f"{KEPT_SQL} AND p.kept_at > p.baseline_due_at"


class ReportScope(NamedTuple):
    """Which promises a report covers: baseline due in [start, end), one owner or all, and
    optionally one customer (by its folded name)."""

    start: datetime | None
    end: datetime | None
    now: datetime
    owner: str | None = None
    customer: str | None = None
    effort_margin: float = 0.25  # effort.margin: beyond it, a keep is an effort overrun
    direction: str = "ours"  # our promises, or (pk report --owed) the ones owed to us

    def where(self, filed_by: str = "p.baseline_due_at") -> tuple[str, dict[str, Any]]:
        """The condition and its parameters; a promise is in the period by ``filed_by`` (the
        agreed date; a request without one by when it was asked)."""
        clauses = [LIVE, DIRECTION[self.direction]]
        params: dict[str, Any] = {"now": seconds(self.now)}
        add = _clause_adder(clauses, params)
        add(f"{filed_by} >= :start", "start", self.start)
        add(f"{filed_by} < :end", "end", self.end)
        _add_owner(clauses, params, self.owner)
        add(
            "c.name_fold = :customer",
            "customer",
            None if self.customer is None else name_fold(self.customer),
        )
        return " AND ".join(clauses), params


def report_counts(
    reader: Reader,
    scope: ReportScope,
    key_sql: str | None = None,
    extra_params: dict[str, Any] | None = None,
    *,
    lateness: bool = True,
) -> tuple[dict[Any, dict[str, int]], dict[Any, list[int]]]:
    """Figure counts per group (``key_sql``, e.g. ``c.name``; None: one group keyed None), and
    with ``lateness`` the seconds late of each kept-late promise per group (for medians; only
    those rows are read). The customer table is joined only when the key or filter needs it."""
    from promisekeeper.domain.report import COUNT_NAMES

    clause, params = scope.where()
    params.update(extra_params or {})
    params["effort_over"] = 1 + scope.effort_margin
    key = key_sql or "NULL"
    group = " GROUP BY 1" if key_sql else ""
    joined = "c." in key or "s." in key or scope.customer is not None
    source = PROMISE_FROM if joined else "promise p"
    rows = reader.all(f"SELECT {key}, {FIGURE_COLUMNS} FROM {source} WHERE {clause}{group}", params)
    counts = {
        row[0]: dict(zip(COUNT_NAMES, (int(v or 0) for v in row[1:]), strict=True)) for row in rows
    }
    late: dict[Any, list[int]] = {}
    if lateness:
        for row in reader.all(
            f"SELECT {key}, p.kept_at - p.baseline_due_at FROM {source}"
            f" WHERE {clause} AND {KEPT_LATE}",
            params,
        ):
            late.setdefault(row[0], []).append(int(row[1]))
    return counts, late


class ReviewRow(NamedTuple):
    customer: str
    every: str | None
    start: datetime | None
    last: datetime | None  # the latest review held
    zone: str | None
    calendar: str | None


def review_rhythms(reader: Reader, owner: str | None = None) -> list[ReviewRow]:
    """The customers with a review rhythm (of ``owner``'s promises, when given), with their
    latest review: what ``pk due`` checks for "Review due"."""
    params: dict[str, Any] = {}
    mine = ""
    if owner is not None:
        params.update(owner_params(owner))
        mine = f" AND EXISTS (SELECT 1 FROM promise p WHERE p.customer_id = c.id AND {OWNER_IS})"
    rows = reader.all(
        "SELECT c.name, c.review_every, c.review_from,"
        " (SELECT MAX(r.at) FROM review r WHERE r.customer_id = c.id), c.timezone, c.calendar"
        f" FROM customer c WHERE c.review_every IS NOT NULL{mine} ORDER BY c.name_fold",
        params,
    )
    return [ReviewRow(r[0], r[1], _time(r[2]), _time(r[3]), r[4], r[5]) for r in rows]


def customer_reviews(reader: Reader, customer: str) -> list[tuple[datetime, str, str | None]]:
    """(when, by whom, note) of the reviews held with a customer, oldest first."""
    rows = reader.all(
        'SELECT r.at, r."by", r.note FROM review r JOIN customer c ON c.id = r.customer_id'
        " WHERE c.name_fold = :fold ORDER BY r.at",
        {"fold": name_fold(customer)},
    )
    return [(datetime.fromtimestamp(r[0], UTC), str(r[1]), r[2]) for r in rows]


def any_voice(reader: Reader) -> bool:
    """Whether any promise was ever asked about, answered or flagged: one step into the index
    over those events, so that a database without them pays nothing for them."""
    return bool(
        reader.all(
            "SELECT 1 FROM event WHERE kind IN ('feedback_asked', 'feedback', 'flagged') LIMIT 1"
        )
    )


def request_figures(
    reader: Reader, scope: ReportScope, key_sql: str | None = None
) -> dict[Any, tuple[int, int, list[float]]]:
    """Per group, the requests made in ``scope``'s period (by when they were asked: a request
    has no date to file it under): how many were declined, how many wait for an answer, and
    the business hours each answered one waited (docs/words.md)."""
    import json

    clause, params = scope.where(filed_by="p.made_at")
    key = key_sql or "NULL"
    source = PROMISE_FROM if ("c." in key or "s." in key or scope.customer) else "promise p"
    found: dict[Any, tuple[int, int, list[float]]] = {}
    for row in reader.all(  # the ones without a date: from the report index
        f"SELECT {key}, p.status, COUNT(*) FROM {source} WHERE {clause}"
        " AND p.baseline_due_at IS NULL GROUP BY 1, 2",
        params,
    ):
        declined, waiting, hours = found.get(row[0], (0, 0, []))
        if row[1] == "declined":
            declined += int(row[2])
        elif row[1] == "unanswered":
            waiting += int(row[2])
        found[row[0]] = (declined, waiting, hours)
    for row in reader.all(  # the answered ones: from the index over answers
        f"SELECT {key}, e.data FROM {source} JOIN event e ON e.promise_id = p.id"
        f" WHERE e.kind = 'answered' AND e.voided_by IS NULL AND {clause}",
        params,
    ):
        declined, waiting, hours = found.get(row[0], (0, 0, []))
        hours.append(float(json.loads(row[1]).get("business_hours", 0)))
        found[row[0]] = (declined, waiting, hours)
    return found


class ClosedRow(NamedTuple):
    """A closed promise as calibration reads it (domain/calibration.py)."""

    id: int
    owner: str
    status: str
    standard: str | None
    tags: tuple[str, ...]
    customer: str
    baseline_due_at: datetime
    kept_at: datetime | None
    zone: str | None
    calendar: str | None


# Judged and closed: kept or broken (domain/states.py).
_JUDGED_CLOSED = status_sql(tuple(s for s in JUDGED if s in CLOSED))


def recently_closed(reader: Reader, owner: str, limit: int) -> list[ClosedRow]:
    """``owner``'s ``limit`` most recently closed promises that the kept-rate judges, newest
    first: one read of the index over closed promises by owner (migration 0016)."""
    rows = reader.all(
        "SELECT p.id, p.owner, p.status, s.name, p.tags, c.name, p.baseline_due_at, p.kept_at,"
        f" c.timezone, c.calendar FROM {PROMISE_FROM} WHERE {OWNER_IS}"
        f" AND p.closed_at IS NOT NULL AND p.deleted_at IS NULL AND {_JUDGED_CLOSED} AND {OURS}"
        f" ORDER BY p.closed_at DESC, p.id DESC LIMIT {int(limit)}",
        owner_params(owner),
    )
    return [
        ClosedRow(
            int(r[0]),
            r[1],
            r[2],
            r[3],
            decode_tags(r[4]),
            r[5],
            datetime.fromtimestamp(r[6], UTC),
            _time(r[7]),
            r[8],
            r[9],
        )
        for r in rows
    ]


def owners_with_closed(reader: Reader) -> list[str]:
    """Every owner with a closed promise (``pk calibration --all``)."""
    rows = reader.all(
        "SELECT DISTINCT p.owner FROM promise p WHERE p.closed_at IS NOT NULL"
        f" AND p.deleted_at IS NULL AND {OURS} ORDER BY p.owner"
    )
    return [str(r[0]) for r in rows]


def late_notices(reader: Reader, scope: ReportScope, key_sql: str | None = None) -> dict[Any, int]:
    """Per group, the slips of the promises in ``scope`` told on the last day (a heads-up, but
    less than ``headsup.min`` before the old date): read only for promises with a heads-up."""
    clause, params = scope.where()
    key = key_sql or "NULL"
    source = PROMISE_FROM if ("c." in key or "s." in key or scope.customer) else "promise p"
    rows = reader.all(
        f"SELECT {key}, COUNT(*) FROM {source} JOIN event e ON e.promise_id = p.id"
        f" AND e.voided_by IS NULL WHERE {clause} AND {JUDGED_SQL} AND p.slips_heads_up > 0"
        " AND e.kind = 'rescheduled' AND e.data LIKE '%\"notice\":\"late_notice\"%'"
        + (" GROUP BY 1" if key_sql else ""),
        params,
    )
    return {r[0]: int(r[1]) for r in rows}


def voice_of_period(
    reader: Reader, scope: ReportScope, key_sql: str | None = None
) -> list[tuple[Any, PromiseRecord, str, dict[str, Any]]]:
    """(group key, promise, kind, details) of every live ``feedback_asked`` and ``feedback``
    event of the promises in ``scope``, in the order written: a report's feedback figures."""
    import json

    if not any_voice(reader):
        return []
    clause, params = scope.where()
    rows = reader.all(
        f"SELECT {key_sql or 'NULL'}, e.kind, e.data, {PROMISE_COLUMNS} FROM {PROMISE_FROM}"
        " JOIN event e ON e.promise_id = p.id"
        f" WHERE {clause} AND e.kind IN ('feedback_asked', 'feedback', 'flagged')"
        " AND e.kind <> 'flagged' AND e.voided_by IS NULL ORDER BY e.id",
        params,
    )
    return [(r[0], promise_from_row(r[3:]), str(r[1]), json.loads(r[2])) for r in rows]


def ongoing_waits(
    reader: Reader, scope: ReportScope, key_sql: str | None = None
) -> list[tuple[Any, datetime, str | None, str | None]]:
    """(group key, waiting since, customer zone, customer calendar) of the promises in
    ``scope`` waiting now: the business time of a wait that has not ended is counted at read
    time (service/reports.py)."""
    clause, params = scope.where()
    rows = reader.all(
        f"SELECT {key_sql or 'NULL'}, p.waiting_since, c.timezone, c.calendar FROM {PROMISE_FROM}"
        f" WHERE {clause} AND {WAITING_SQL}",
        params,
    )
    return [(r[0], datetime.fromtimestamp(r[1], UTC), r[2], r[3]) for r in rows]


def bucket_sql(boundaries: list[datetime]) -> tuple[str, dict[str, Any]]:
    """A CASE expression numbering the period each baseline falls in (0 = oldest)."""
    cases = " ".join(
        f"WHEN p.baseline_due_at < :b{i} THEN {i - 1}" for i in range(1, len(boundaries))
    )
    return f"CASE {cases} END", {f"b{i}": seconds(b) for i, b in enumerate(boundaries)}


def recent_events(reader: Reader, customer: str, limit: int) -> list[tuple[int, str, EventRecord]]:
    """The latest events of a customer's promises: (promise id, promise text, event)."""
    rows = reader.all(
        "SELECT p.id, p.what, e.id, e.at, e.kind, e.by, e.data, p.original_due_at, p.made_at"
        " FROM event e"
        " JOIN promise p ON p.id = e.promise_id JOIN customer c ON c.id = p.customer_id"
        f" WHERE c.name_fold = :customer AND {LIVE} AND e.voided_by IS NULL"
        " ORDER BY e.at DESC, e.id DESC LIMIT :limit",
        {"customer": name_fold(customer), "limit": limit},
    )
    return [
        (
            int(r[0]),
            r[1],
            EventRecord(
                int(r[2]),
                datetime.fromtimestamp(r[3], UTC),
                r[4],
                r[5],
                event_data(r[4], r[6], r[7], r[8]),
            ),
        )
        for r in rows
    ]


# --- export and checks --------------------------------------------------------------------------

EXPORT_COLUMNS = ", ".join(str(f.read) for f in fields.EXPORTED)  # the export's, in its order


def export_customers(reader: Reader) -> list[Row]:
    """(name, created_at seconds, zone, calendar, addresses) of every customer, by folded
    name."""
    return reader.all(
        "SELECT name, created_at, timezone, calendar, emails, review_every, review_from, id,"
        " expectations FROM customer ORDER BY name_fold, id"
    )


def export_reviews(reader: Reader) -> dict[int, list[tuple[Any, Any, Any]]]:
    """(at, by, note) of every review held, by customer id, oldest first."""
    found: dict[int, list[tuple[Any, Any, Any]]] = {}
    for r in reader.all('SELECT customer_id, at, "by", note FROM review ORDER BY customer_id, at'):
        found.setdefault(int(r[0]), []).append((r[1], r[2], r[3]))
    return found


def export_secrets(reader: Reader) -> list[Row]:
    """(name, value) of the database's secrets, for a full export — none for a team member,
    who may not read them (migration 0013)."""
    if reader.engine == "postgresql":
        allowed = reader.one("SELECT has_table_privilege('secret', 'SELECT')")
        if not (allowed and allowed[0]) or (reader.one("SELECT pk_is_member()") or [False])[0]:
            return []
    return reader.all("SELECT name, value FROM secret ORDER BY name")


def export_standards(reader: Reader) -> list[Row]:
    """(name, within amount, within unit, text, created_at, retired_at, the customer whose own
    it is) of every standard, by id."""
    return reader.all(
        "SELECT s.name, s.within_amount, s.within_unit, s.text, s.created_at, s.retired_at,"
        " sc.name FROM standard s LEFT JOIN customer sc ON sc.id = s.customer_id ORDER BY s.id"
    )


def promise_count(reader: Reader, *, live_only: bool) -> int:
    """How many promises ``promise_batches`` gives."""
    row = reader.one("SELECT COUNT(*) FROM promise p" + (f" WHERE {LIVE}" if live_only else ""))
    return int(row[0]) if row else 0


def promise_batches(
    reader: Reader, *, live_only: bool, size: int, columns: str = EXPORT_COLUMNS
) -> Iterator[list[Row]]:
    """Every promise (``columns``, the first being its id) in id order, ``size`` rows at a time
    (no table in memory)."""
    after = 0
    live = f" AND {LIVE}" if live_only else ""
    while True:
        rows = reader.all(
            f"SELECT {columns} FROM {PROMISE_FROM} WHERE p.id > :after{live}"
            " ORDER BY p.id LIMIT :batch",
            {"after": after, "batch": size},
        )
        if not rows:
            return
        yield rows
        after = int(rows[-1][0])


def export_events(
    reader: Reader, first: int, last: int
) -> Iterator[tuple[int, int, str, str, dict[str, Any]]]:
    """(promise id, at seconds, kind, by, details) of the events of promises first..last; the
    details hold ``imported_by``/``imported_at`` (seconds) of an imported event."""
    for row in reader.all(
        "SELECT e.promise_id, e.at, e.kind, e.by, e.data, p.original_due_at, p.made_at,"
        " e.imported_by, e.imported_at, e.id, e.seq, e.hash"
        " FROM event e JOIN promise p ON p.id = e.promise_id"
        " WHERE e.promise_id >= :first AND e.promise_id <= :last ORDER BY e.promise_id, e.id",
        {"first": first, "last": last},
    ):
        details = event_data(row[2], row[4], row[5], row[6])
        if row[7] is not None:
            details.update(imported_by=row[7], imported_at=int(row[8]))
        if row[10] is not None:  # its place in the chained history (docs/formats.md)
            stored = _stored_text(row[2], row[4], details, row[5], row[6])
            details.update(id=int(row[9]), seq=int(row[10]), hash=row[11])
            if stored is not None:
                details["stored"] = stored
        yield int(row[0]), int(row[1]), row[2], row[3], details


def _stored_text(
    kind: str, text: str, details: dict[str, Any], due: int | None, made: int
) -> str | None:
    """The details exactly as stored, when restoring the export would not store them so (an
    old version wrote them otherwise): the chain covers the stored text."""
    if _as_pk_writes(text, details):  # nearly every event: nothing to compare
        return None
    import json

    from promisekeeper.domain.imports import stored_details

    shown = {k: v for k, v in details.items() if k not in ("imported_by", "imported_at")}
    again = stored_details(
        kind, shown, None if due is None else seconds_to_utc_iso(due), seconds_to_utc_iso(made)
    )
    if json.dumps(again, ensure_ascii=False, sort_keys=True, separators=(",", ":")) == text:
        return None
    return text


def _as_pk_writes(text: str, details: dict[str, Any]) -> bool:
    """Whether details are surely stored as pk writes them now (sorted keys, no spaces, text
    beyond ASCII as it is, no due or made date of a created event): what a restore writes back
    byte for byte. False only means "compare" (a note may hold ``": "``)."""
    if '": ' in text or ', "' in text or "\\u" in text or '"due_at"' in text:
        return False
    if '"made_at"' in text:
        return False
    # (the keys the export adds come last: a created event's dates, who imported it)
    own = [k for k in details if k not in ("due_at", "made_at", "imported_by", "imported_at")]
    return own == sorted(own) and all(_sorted_keys(details[k]) for k in own)


def _sorted_keys(value: Any) -> bool:
    if isinstance(value, dict):
        keys = list(value)
        return keys == sorted(keys) and all(_sorted_keys(v) for v in value.values())
    if isinstance(value, list):
        return all(_sorted_keys(v) for v in value)
    return True


def log_batches(reader: Reader, since: datetime | None, size: int = 2000) -> Iterator[list[LogRow]]:
    """Every event since ``since`` in the order it was written: (id, promise id, what,
    customer, at, kind, by, details, voided), ``size`` at a time (no table in memory)."""
    after = 0
    while True:
        rows = reader.all(
            "SELECT e.id, e.promise_id, p.what, c.name, e.at, e.kind, e.by, e.data,"
            " p.original_due_at, p.made_at, e.voided_by FROM event e"
            " JOIN promise p ON p.id = e.promise_id JOIN customer c ON c.id = p.customer_id"
            " WHERE e.id > :after"
            + (" AND e.at >= :since" if since is not None else "")
            + " ORDER BY e.id LIMIT :batch",
            {"after": after, "batch": size, **({"since": seconds(since)} if since else {})},
        )
        if not rows:
            return
        yield [
            (
                int(r[0]),
                int(r[1]),
                r[2],
                r[3],
                datetime.fromtimestamp(r[4], UTC),
                r[5],
                r[6],
                event_data(r[5], r[7], r[8], r[9]),
                r[10] is not None,
            )
            for r in rows
        ]
        after = int(rows[-1][0])


def damage(reader: Reader, sqlite: bool) -> list[str]:
    """What SQLite's own checks find wrong with the file (pages and references)."""
    if not sqlite:
        return []
    problems = []
    integrity = [r[0] for r in reader.all("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [f"integrity: {line}" for line in integrity]
    problems += [
        f"foreign key: {r[0]} row {r[1]} points at a missing {r[2]}"
        for r in reader.all("PRAGMA foreign_key_check")
    ]
    return problems


def table_counts(reader: Reader) -> dict[str, int]:
    found = {}
    for table in ("customer", "promise", "event"):
        row = reader.one(f"SELECT COUNT(*) FROM {table}")
        found[table] = int(row[0]) if row else 0
    return found


def handed_over(reader: Reader, owner: str) -> list[tuple[int, str, str, str]]:
    """(id, what, customer, by whom) of the live promises handed over to ``owner`` that they
    have not been shown yet (docs/team.md)."""
    rows = reader.all(
        'SELECT p.id, p.what, c.name, (SELECT e."by" FROM event e WHERE e.promise_id = p.id'
        " AND e.kind IN ('edited', 'handed_over') ORDER BY e.id DESC LIMIT 1)"
        " FROM announcement a JOIN promise p ON p.id = a.promise_id"
        " JOIN customer c ON c.id = p.customer_id"
        f" WHERE a.audience = {MEMBER_NAME} AND a.kind = 'handover'"
        f" AND {LIVE} AND p.owner = a.audience ORDER BY p.id",
        owner_params(owner),
    )
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3] or "")) for r in rows]


# --- absences (docs/owed.md, "Cover while away") -------------------------------------------------

AWAY_COLUMNS = "id, owner, cover, starts_at, ends_at, set_by, set_at, handed_at, ended_at"


def _away(row: Row) -> Absence:
    from promisekeeper.domain.away import Absence

    return Absence(
        int(row[0]), str(row[1]), str(row[2]), _at(row[3]), _at(row[4]), str(row[5]),
        _at(row[6]), _time(row[7]), _time(row[8]),
    )  # fmt: skip


def _at(value: int) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def aways(reader: Reader, owner: str | None = None, *, open_only: bool = False) -> list[Absence]:
    """The absences recorded (one owner's, or everyone's; with ``open_only`` those not ended),
    by when they start."""
    clauses, params = [], {}
    if owner is not None:
        clauses.append(f"owner = {MEMBER_NAME}")
        params.update(owner_params(owner))
    if open_only:
        clauses.append("ended_at IS NULL")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = reader.all(f"SELECT {AWAY_COLUMNS} FROM away{where} ORDER BY starts_at, id", params)
    return [_away(r) for r in rows]


def pending_aways(reader: Reader, now: datetime, who: str | None) -> list[Absence]:
    """The absences with a hand-over or a hand-back due at ``now`` (of ``who``, as owner or
    cover, when given): from their own small index."""
    mine = ""
    params: dict[str, Any] = {"now": seconds(now)}
    if who is not None:
        mine = " AND (owner = :who OR cover = :who)"
        params["who"] = who
    rows = reader.all(
        f"SELECT {AWAY_COLUMNS} FROM away WHERE ended_at IS NULL AND (starts_at <= :now)"
        f"{mine} AND (handed_at IS NULL OR ends_at <= :now) ORDER BY starts_at, id",
        params,
    )
    return [_away(r) for r in rows]


# --- the chained history (docs/formats.md, "The chain") ----------------------------------------

_CHAIN_COLUMNS = (
    'seq, hash, parts, id, promise_id, at, kind, "by", data, imported_by, imported_at FROM event'
)


def chain_rows(reader: Reader, size: int = 5000) -> Iterator[list[Any]]:
    """The chained events in chain order, ``size`` at a time, as ``domain.chain.Row`` values."""
    after = -1
    while True:
        rows = reader.all(
            f"SELECT {_CHAIN_COLUMNS} WHERE seq > :after ORDER BY seq LIMIT :size",
            {"after": after, "size": size},
        )
        if not rows:
            return
        yield rows
        after = int(rows[-1][0])


def unchained(reader: Reader, limit: int = 1000) -> list[Any]:
    """Events without a place in the chain (none, unless added past its trigger)."""
    return reader.all(f"SELECT {_CHAIN_COLUMNS} WHERE seq IS NULL ORDER BY id LIMIT :limit",
                      {"limit": limit})  # fmt: skip


def chain_head(reader: Reader) -> tuple[int, str] | None:
    row = reader.one("SELECT seq, hash FROM chain WHERE id = 1")
    return None if row is None else (int(row[0]), str(row[1]))


def statements(reader: Reader, customer: str | None = None) -> list[SentStatement]:
    """The recorded statements, oldest first; of one customer (by name) when given (whether
    each still holds is the chain's check to say: ``holds`` None)."""
    from promisekeeper.domain.chain import SentStatement

    where = (
        ""
        if customer is None
        else " WHERE customer_id IN (SELECT id FROM customer WHERE name_fold = :fold)"
    )
    rows = reader.all(
        'SELECT id, customer, at, "by", since, events, head, digest, format,'
        f" signature IS NOT NULL FROM statement{where} ORDER BY at, id",
        {} if customer is None else {"fold": name_fold(customer)},
    )
    return [
        SentStatement(int(r[0]), str(r[1]), datetime.fromtimestamp(r[2], UTC), str(r[3]),
                      datetime.fromtimestamp(r[4], UTC), int(r[5]), str(r[6]), str(r[7]),
                      str(r[8]), bool(r[9]), None)
        for r in rows
    ]  # fmt: skip


def created_after(reader: Reader, customer: str, seq: int) -> list[int]:
    """The live promises of ``customer`` recorded after the chain's place ``seq`` (what is new
    since a statement that covered the history up to there)."""
    rows = reader.all(
        "SELECT p.id FROM promise p JOIN customer c ON c.id = p.customer_id"
        " JOIN event e ON e.promise_id = p.id AND e.kind = 'created'"
        f" WHERE c.name_fold = :fold AND e.seq > :seq AND {LIVE} AND {OURS} ORDER BY p.id",
        {"fold": name_fold(customer), "seq": seq},
    )
    return [int(r[0]) for r in rows]


def statement_signature(reader: Reader, statement_id: int) -> str | None:
    row = reader.one("SELECT signature FROM statement WHERE id = :id", {"id": statement_id})
    return None if row is None or row[0] is None else str(row[0])


def chain_joins(reader: Reader) -> list[tuple[datetime, str, int, int, str, str | None]]:
    """(when, by whom, first and last place, file, its head) of each merge chained here."""
    rows = reader.all(
        'SELECT at, "by", first_seq, last_seq, source, source_head FROM chain_join ORDER BY id'
    )
    return [(datetime.fromtimestamp(r[0], UTC), str(r[1]), int(r[2]), int(r[3]), str(r[4]),
             r[5]) for r in rows]  # fmt: skip

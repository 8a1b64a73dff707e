"""The chained history (docs/formats.md, "The chain"): every event's hash covers its canonical
JSON, which holds the hash of the event before it, so that changing, removing, inserting or
reordering any event breaks every link after it. The database extends the chain as it stores
each event (a trigger calls ``link`` on SQLite; the same text is built in SQL on PostgreSQL);
``walk`` checks it again.

Plain functions of stored values: times as integer UTC seconds, details as the stored text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from json.encoder import encode_basestring
from typing import Any, NamedTuple

GENESIS = "0" * 64  # the "hash before" the first event

# The stored values a link covers, in the order ``Row`` holds them; ``parts`` keeps four hex
# digits of each one's own hash, so that a check can name what changed (a hint: the link's
# hash is what proves it).
PARTS = ("id", "promise", "time", "kind", "author", "details", "import")


class Row(NamedTuple):
    """An event as stored, with its place in the chain."""

    seq: int | None
    hash: str | None
    parts: str | None
    id: int
    promise_id: int
    at: Any  # integer seconds (anything else is damage the check reports)
    kind: str
    by: str
    data: str
    imported_by: str | None
    imported_at: Any


def _text(value: Any) -> str:
    """A JSON string, as ``json.dumps(value, ensure_ascii=False)`` writes it (its C encoder)."""
    return "null" if value is None else encode_basestring(str(value))


def _time(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return (
                '"' + datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%S") + '+00:00"'
            )
        except (OverflowError, OSError, ValueError):
            pass
    return _text(value)


def _number(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else _text(value)


def canonical(prev: str, seq: int, row: Row) -> str:
    """The text an event's hash is taken over: its stored values as JSON with sorted keys and
    no spaces, the details exactly as stored (pk stores them as such JSON itself), times as
    ISO 8601 UTC."""
    return (
        f'{{"at":{_time(row.at)},"by":{_text(row.by)},"data":{row.data},'
        f'"id":{_number(row.id)},"imported_at":{_time(row.imported_at)},'
        f'"imported_by":{_text(row.imported_by)},"kind":{_text(row.kind)},'
        f'"prev":{_text(prev)},"promise_id":{_number(row.promise_id)},"seq":{seq}}}'
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def link(prev: str, seq: int, row: Row) -> str:
    """The hash of the event at ``seq`` after the event whose hash is ``prev``."""
    return _sha(canonical(prev, seq, row))


def parts(row: Row) -> str:
    """Four hex digits of the hash of each value in ``PARTS``."""
    values = (
        _number(row.id),
        _number(row.promise_id),
        _time(row.at),
        _text(row.kind),
        _text(row.by),
        str(row.data),
        _text(row.imported_by) + "," + _time(row.imported_at),
    )
    return "".join(_sha(v)[:4] for v in values)


def sqlite_link(prev: str, seq: int, *values: Any) -> str:
    """``link`` as the SQLite trigger calls it: the hash before, the new place, then the
    event's stored columns in ``Row`` order from ``id``."""
    return link(prev, seq, Row(None, None, None, *values))


def sqlite_parts(*values: Any) -> str:
    return parts(Row(None, None, None, *values))


# --- checking -----------------------------------------------------------------------------------


class Break(NamedTuple):
    """One place where the history no longer matches its chain."""

    seq: int | None  # the place in the chain (None: an event outside it)
    event_id: int | None
    promise_id: int | None
    kind: str | None
    at: Any
    what: str  # what happened there, in words


class SentStatement(NamedTuple):
    """A statement recorded as sent to a customer: the chain as it stood then (``events``
    long, ending with ``head``) and the sha256 of the text (``digest``)."""

    id: int
    customer: str
    at: datetime
    by: str
    since: datetime
    events: int
    head: str
    digest: str
    format: str
    signed: bool
    holds: bool | None  # its history is still the start of the chain (None: not checked)


class Walk(NamedTuple):
    events: int  # events in the chain, as walked
    last: int  # the last one's place (0: none)
    head: str  # the last event's stored hash (GENESIS when none)
    breaks: list[Break]
    hashes: dict[int, str]  # the stored hash at each place a recorded statement ends


# An event pk writes carries the time it was written; one dated an hour or more before a statement
# that did not include it was put in afterwards (clocks of a team's machines may differ a little).
SLACK = 3600


def _changed(row: Row) -> list[str] | None:
    """The values that no longer match the event's ``parts``; None when it has none."""
    if not row.parts or len(row.parts) != 4 * len(PARTS):
        return None
    now = parts(row)
    return [
        name
        for i, name in enumerate(PARTS)
        if now[4 * i : 4 * i + 4] != row.parts[4 * i : 4 * i + 4]
    ]


def named(s: SentStatement, zone: tzinfo = UTC) -> str:
    """``the statement sent to Acme on Mon 23 Nov 2026``."""
    day = s.at.astimezone(zone)
    return f"the statement sent to {s.customer} on {day:%a} {day.day} {day:%b %Y}"


def walk(rows: Iterable[Row], statements: Iterable[SentStatement] = (), zone: tzinfo = UTC) -> Walk:
    """Every chained event, in chain order (``seq`` ascending), checked against the link before
    it, and against the recorded statements: an event after a statement's last one but dated
    before the statement was added afterwards. The stored hash at the place each statement
    ends is kept for ``statement_breaks``."""
    import bisect

    sent = sorted(statements, key=lambda s: s.events)
    ends = [s.events for s in sent]
    latest: list[SentStatement] = []  # by place: the latest statement recorded before it
    for s in sent:
        latest.append(s if not latest or s.at > latest[-1].at else latest[-1])
    wanted = set(ends)
    hashes: dict[int, str] = {}
    breaks: list[Break] = []
    prev, expected, count = GENESIS, 1, 0
    for row in rows:
        assert row.seq is not None
        count += 1
        if row.seq != expected:
            if row.seq > expected:
                missing = row.seq - expected
                gone = f"place {expected}" if missing == 1 else f"places {expected}–{row.seq - 1}"
                what = f"{missing} event{'s' * (missing > 1)} before it removed ({gone})"
            else:  # the same place twice (only without the unique index)
                what = f"a second event at place {row.seq}: inserted"
            breaks.append(_break(row, what))
        elif row.hash != link(prev, row.seq, row):
            changed = _changed(row)  # only where it broke: the hint costs a hash per value
            if changed:
                what = f"changed after it was written: its {_words(changed)}"
            elif changed is None:
                what = "its hash does not match it: added or changed outside pk"
            else:
                what = (
                    "does not match its hash: it or the event before it was changed (and "
                    "that one's hash recomputed), or an event was inserted, removed or "
                    "moved here"
                )
            breaks.append(_break(row, what))
        place = bisect.bisect_left(ends, row.seq) - 1
        if place >= 0 and row.imported_by is None and isinstance(row.at, int):
            before = latest[place]
            if row.at < int(before.at.timestamp()) - SLACK:
                breaks.append(_break(row, f"dated before {named(before, zone)} but added after it"))
        if row.seq in wanted and row.hash is not None:
            hashes[row.seq] = row.hash
        prev = row.hash or ""
        expected = max(expected, row.seq + 1)
    return Walk(count, expected - 1, prev if count else GENESIS, breaks, hashes)


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _break(row: Row, what: str) -> Break:
    return Break(row.seq, row.id, row.promise_id, row.kind, row.at, what)


def outside(rows: Iterable[Row]) -> Iterator[Break]:
    """Events that are not in the chain at all (added past the database's trigger)."""
    for row in rows:
        yield _break(row, "not in the chain: added outside pk")


def statement_breaks(
    statements: Iterable[SentStatement], walked: Walk
) -> Iterator[tuple[SentStatement, str]]:
    """The recorded statements whose history is no longer the start of the chain, with why."""
    first = min((b.seq for b in walked.breaks if b.seq is not None), default=None)
    for s in statements:
        if s.events > walked.last:
            why = (
                f"it covered {s.events} events and the history now ends at event "
                f"{walked.last}: events it covered were removed"
            )
        elif walked.hashes.get(s.events, GENESIS if s.events == 0 else None) != s.head:
            why = (
                f"the history up to its event {s.events} is no longer what it was: an event it "
                "covered was changed, removed or inserted, and the chain recomputed"
            )
        elif first is not None and first <= s.events:
            why = f"it covered event {first}, which no longer matches"
        else:
            continue
        yield s, why


def _when(at: Any, zone: tzinfo) -> str:
    if not isinstance(at, int) or isinstance(at, bool):
        return "no readable time"
    try:
        local = datetime.fromtimestamp(at, UTC).astimezone(zone)
    except (OverflowError, OSError, ValueError):
        return "no readable time"
    return f"{local:%a} {local.day} {local:%b %Y} {local:%H:%M}"


def place(b: Break, zone: tzinfo = UTC) -> str:
    """``event 57 (#12 kept, Mon 23 Nov 2026 10:00)``."""
    where = f"event {b.seq}" if b.seq is not None else f"an event (id {b.event_id})"
    return f"{where} (#{b.promise_id} {b.kind}, {_when(b.at, zone)})"


def findings(result: Any, zone: tzinfo = UTC) -> list[str]:
    """A check's findings (``results.chain.ChainCheck``) in words, the first break first."""
    found = [f"{place(b, zone)}: {b.what}" for b in result.breaks]
    found += [f"{named(s, zone)}: {why}" for s, why in result.statements]
    if result.head_problem:
        found.append(result.head_problem)
    return found

"""Every write of pk, as one SQL text each (named parameters, integer UTC seconds), run inside one
transaction by ``Changes`` (``store.writer``).

As for reads (``store.queries``), the same text serves both engines: the standard library's
sqlite3 runs it on SQLite and psycopg on PostgreSQL, so that ``pk add`` and every other write
start without SQLAlchemy, SQLModel or pydantic. SQLModel (``store.models``) stays the schema
definition Alembic migrates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Unpack

from promisekeeper.domain.fields import COLUMNS, PromiseColumns
from promisekeeper.domain.model import PromiseRecord
from promisekeeper.domain.team import Actor
from promisekeeper.store.engines import Executor
from promisekeeper.store.queries import (
    PROMISE_COLUMNS,
    PROMISE_FROM,
    PROMISE_WIDTH,
    CustomerList,
    VoiceRow,
    customer_list,
    promise_from_row,
)


def compact_json(data: Mapping[str, Any]) -> str:
    """Event details as stored: sorted keys, no spaces, UTF-8 text."""
    import json  # only writes need it: read commands skip its import

    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_RUN: list[int] = []  # the change id of this command run, drawn at its first write


def new_run() -> None:
    """A new command starts (the CLI calls it for each, so that commands run one after the
    other in one process, as the tests run them, are separate changes)."""
    _RUN.clear()


def run_id() -> int:
    """This command run's change id: every event it writes carries it (docs/words.md, Undo)."""
    if not _RUN:
        import secrets

        _RUN.append(secrets.randbits(62) + 1)
    return _RUN[0]


def check_times(fields: Mapping[str, Any]) -> None:
    """Every time a write stores is inside the times pk keeps, however it was reached: typed,
    imported, or computed (a wait moving a date, a standard, business hours). A computed one
    outside is refused like a typed one, and the transaction is not committed."""
    from promisekeeper.timerange import RANGE_TEXT, in_range

    for name, value in fields.items():
        if isinstance(value, datetime) and not in_range(value):
            from promisekeeper.errors import BadDate

            label = name.removesuffix("_at").replace("_", " ")
            raise BadDate(
                f"The {label} date this gives ({value:%Y-%m-%d %H:%M} UTC) is outside the times "
                f"pk keeps ({RANGE_TEXT}); nothing was changed."
            )


_EVENT = 'promise_id, at, kind, "by", data, change_id, imported_by, imported_at'
_EVENT_VALUES = ":promise_id, :at, :kind, :by, :data, :change, :imported_by, :imported_at"


def _placed(row: dict[str, Any], place: tuple[int, int, str]) -> dict[str, Any]:
    """An event's row with the id, place and hash a restored file gives, and its parts."""
    from promisekeeper.domain.chain import Row, parts
    from promisekeeper.store.engines import seconds

    mark = row["imported_at"]
    stored = Row(None, None, None, place[0], row["promise_id"], seconds(row["at"]), row["kind"],
                 row["by"], row["data"], row["imported_by"],
                 None if mark is None else seconds(mark))  # fmt: skip
    return {**row, "id": place[0], "seq": place[1], "hash": place[2], "parts": parts(stored)}


class Changes:
    """The writes of one transaction. Methods take and return plain values and records."""

    def __init__(self, executor: Executor) -> None:
        self.db = executor
        # (promise id, at, kind, by, details) of every event this transaction wrote, for the
        # on-change hooks once it has committed (service/hooks.py).
        self.written: list[tuple[int, datetime, str, str, Mapping[str, Any] | str]] = []
        self.actor = Actor("")  # who writes (service.writing sets it; docs/team.md)

    @property
    def engine(self) -> str:
        return self.db.engine

    # --- promises ---------------------------------------------------------------------------

    def promise_for_update(self, promise_id: int) -> tuple[PromiseRecord, bool] | None:
        """The promise and whether it is deleted, locked for this transaction (a row lock on
        PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` holds the whole database already)."""
        select = f"SELECT {PROMISE_COLUMNS}, p.deleted_at FROM {PROMISE_FROM} WHERE p.id = :id"
        lock = " FOR UPDATE OF p" if self.engine == "postgresql" else ""
        row = self.db.one(select + lock, {"id": promise_id})
        if row is None and lock:
            # A team member may read but not lock another's promise (row-level security lets
            # them lock only what they may change): read it, so that pk can say whose it is.
            row = self.db.one(select, {"id": promise_id})
        if row is None:
            return None
        return promise_from_row(row[:PROMISE_WIDTH]), row[PROMISE_WIDTH] is not None

    def event_kinds(self, promise_id: int) -> set[str]:
        """The kinds of event a promise's history holds."""
        rows = self.db.all(
            "SELECT DISTINCT kind FROM event WHERE promise_id = :id AND voided_by IS NULL",
            {"id": promise_id},
        )
        return {r[0] for r in rows}

    # --- undo (docs/words.md, "Undo") ----------------------------------------------------------

    def last_change(self, by: str, since: datetime) -> list[tuple[int, int, datetime, str, str]]:
        """(event id, promise id, at, kind, details) of the last change ``by`` made at or after
        ``since`` and not taken back: the events of one command run, which share its change id
        (``pk keep 3 5`` keeps two promises at once; two commands in one second are two
        changes). Events from before change ids are grouped by author, time and kind. Undone
        events are not changes that can be undone."""
        latest = self.db.one(
            'SELECT at, kind, change_id FROM event WHERE "by" = :by AND at >= :since'
            " AND voided_by IS NULL AND kind <> 'undone' ORDER BY at DESC, id DESC LIMIT 1",
            {"by": by, "since": since},
        )
        if latest is None:
            return []
        if latest[2] is not None:  # one command run's events (schema 0009 on)
            rows = self.db.all(
                'SELECT id, promise_id, at, kind, data FROM event WHERE "by" = :by'
                " AND change_id = :change AND voided_by IS NULL AND kind <> 'undone' ORDER BY id",
                {"by": by, "change": latest[2]},
            )
        else:  # written before change ids: same author, time and kind
            rows = self.db.all(
                'SELECT id, promise_id, at, kind, data FROM event WHERE "by" = :by AND at = :at'
                " AND kind = :kind AND voided_by IS NULL AND change_id IS NULL ORDER BY id",
                {"by": by, "at": latest[0], "kind": latest[1]},
            )
        return [(int(r[0]), int(r[1]), datetime.fromtimestamp(r[2], UTC), r[3], r[4]) for r in rows]

    def events_of(
        self, promise_id: int, kinds: tuple[str, ...]
    ) -> list[tuple[str, dict[str, Any]]]:
        """(kind, details) of a promise's events of ``kinds``, voided ones too, in order."""
        import json

        marks = ", ".join(f":k{i}" for i in range(len(kinds)))
        rows = self.db.all(
            f"SELECT kind, data FROM event WHERE promise_id = :id AND kind IN ({marks})"
            " ORDER BY id",
            {"id": promise_id, **{f"k{i}": kind for i, kind in enumerate(kinds)}},
        )
        return [(r[0], json.loads(r[1])) for r in rows]

    def event_number(self, promise_id: int, event_id: int) -> int:
        """An event's place in its promise's whole history (1 for ``created``)."""
        row = self.db.one(
            "SELECT COUNT(*) FROM event WHERE promise_id = :p AND id <= :e",
            {"p": promise_id, "e": event_id},
        )
        assert row is not None
        return int(row[0])

    def void_numbered(self, promise_id: int, number: int, undone_number: int) -> None:
        """Void a promise's ``number``-th event by its ``undone_number``-th (a restored
        export, where events are known by their place in the history)."""
        nth = "SELECT id FROM event WHERE promise_id = :p ORDER BY id LIMIT 1 OFFSET :n"
        self.db.run(
            f"UPDATE event SET voided_by = ({nth.replace(':n', ':undone')}) WHERE id = ({nth})",
            {"p": promise_id, "n": number - 1, "undone": undone_number - 1},
        )

    def void(self, event_id: int, undone_id: int) -> None:
        self.db.run(
            "UPDATE event SET voided_by = :undone WHERE id = :id",
            {"undone": undone_id, "id": event_id},
        )

    def add_event_returning(
        self, promise_id: int, at: datetime, kind: str, by: str, data: Mapping[str, Any]
    ) -> int:
        found = self.db.one(
            'INSERT INTO event (promise_id, at, kind, "by", data, change_id)'
            " VALUES (:promise_id, :at, :kind, :by, :data, :change) RETURNING id",
            {"promise_id": promise_id, "at": at, "kind": kind, "by": by,
             "data": compact_json(data), "change": run_id()},
        )  # fmt: skip
        assert found is not None
        self.written.append((promise_id, at, kind, by, data))
        return int(found[0])

    def add_promise(self, fields: PromiseColumns) -> int:
        check_times(fields)
        columns = [f for f in COLUMNS if f in fields]
        found = self.db.one(
            f"INSERT INTO promise ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)}) RETURNING id",
            fields,
        )
        assert found is not None
        return int(found[0])

    def add_promises(self, rows: list[dict[str, Any]]) -> None:
        """Many promises with their ids given (a restored export)."""
        if not rows:
            return
        columns = ["id", *(f for f in COLUMNS if f in rows[0])]
        self.db.many(
            f"INSERT INTO promise ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})",
            rows,
        )

    def update_promise(self, promise_id: int, **fields: Unpack[PromiseColumns]) -> None:
        """Set ``fields`` and count the change in the promise's version."""
        check_times(fields)
        sets = "".join(f"{name} = :{name}, " for name in fields)
        self.db.run(
            f"UPDATE promise SET {sets}version = version + 1 WHERE id = :id",
            {**fields, "id": promise_id},
        )

    def add_event(
        self, promise_id: int, at: datetime, kind: str, by: str, data: Mapping[str, Any]
    ) -> None:
        self.add_events([(promise_id, at, kind, by, data)])

    def add_events(
        self,
        events: Iterable[tuple[int, datetime, str, str, Mapping[str, Any] | str]],
        *,
        imported: bool = False,
        importers: list[tuple[str, datetime] | None] | None = None,
        places: list[tuple[int, int, str] | None] | None = None,
    ) -> None:
        """Events; their details as a mapping, or already as ``compact_json`` text. Events an
        import brings (``imported``) carry no change id: they are history from elsewhere, which
        undo groups as it always did (same author, time and kind), never as one command. They
        are not kept for the on-change hook either (an import runs none), so a large import's
        memory stays flat. ``importers`` gives each event's (who imported it, when), or None:
        what ``pk promise show`` and the export show of it (docs/team.md, "Moving in")."""
        events = list(events)
        marks = importers or [None] * len(events)
        if not imported:  # for the on-change hook, which an import does not run: not kept
            self.written.extend(events)
        change = None if imported else run_id()
        rows = [
            {
                "promise_id": p,
                "at": at,
                "kind": kind,
                "by": by,
                "data": data if isinstance(data, str) else compact_json(data),
                "change": change,
                "imported_by": None if mark is None else mark[0],
                "imported_at": None if mark is None else mark[1],
            }
            for (p, at, kind, by, data), mark in zip(events, marks, strict=True)
        ]
        if places is None:
            self.db.many(f"INSERT INTO event ({_EVENT}) VALUES ({_EVENT_VALUES})", rows)
            return
        # A restore's events keep the id, place and hash its file gives (those without, from
        # an export made before the chain, are chained as they are stored); the whole chain is
        # checked by ``service.chain`` before the restore commits.
        given = [(row, place) for row, place in zip(rows, places, strict=True) if place]
        self.db.many(
            f"INSERT INTO event ({_EVENT}) VALUES ({_EVENT_VALUES})",
            [row for row, place in zip(rows, places, strict=True) if not place],
        )
        self.db.many(
            f"INSERT INTO event (id, seq, hash, parts, {_EVENT})"
            f" VALUES (:id, :seq, :hash, :parts, {_EVENT_VALUES})",
            [_placed(row, place) for row, place in given],
        )

    def keeps_places(self) -> bool:
        """Whether events can be stored with the place in the chain a file gives them: not by
        a member of a team database, whose events the database always chains itself."""
        if self.engine != "postgresql":
            return True
        found = self.db.one("SELECT pk_is_member()")
        return not (found is not None and found[0])

    def chain_settle(self) -> None:
        """After a restore: every event chained (those its file gave no place), the chain's
        head its last event, and new event ids continuing after the restored ones."""
        if self.engine == "postgresql":
            self.db.run("SET CONSTRAINTS pk_event_chained IMMEDIATE")
        self.db.run(
            "UPDATE chain SET seq = COALESCE((SELECT MAX(seq) FROM event), 0),"
            " hash = COALESCE((SELECT hash FROM event WHERE seq = (SELECT MAX(seq) FROM event)),"
            " :genesis) WHERE id = 1",
            {"genesis": "0" * 64},
        )
        if self.engine == "postgresql":
            self.db.run(
                "SELECT setval(pg_get_serial_sequence('event', 'id'), "
                "COALESCE((SELECT MAX(id) FROM event), 0) + 1, false)"
            )

    def hold_chain(self) -> None:
        """Take the chain's head now, for the rest of the transaction (on PostgreSQL a writer
        takes it only at commit otherwise): what a merge does, so that its events get one run
        of places it can record."""
        if self.engine == "postgresql":
            self.db.run("SELECT pk_chain_hold()")

    def chain_now(self) -> int:
        """The chain's length, with this transaction's events chained (after ``hold_chain``,
        no one else's can come between)."""
        if self.engine == "postgresql":  # the events added so far chained now, not at commit
            self.db.run("SET CONSTRAINTS pk_event_chained IMMEDIATE")
            self.db.run("SET CONSTRAINTS pk_event_chained DEFERRED")
        found = self.db.one("SELECT seq FROM chain WHERE id = 1")
        return int(found[0]) if found else 0

    def add_chain_join(
        self, at: datetime, by: str, first: int, last: int, source: str, head: str | None
    ) -> None:
        self.db.run(
            'INSERT INTO chain_join (at, "by", first_seq, last_seq, source, source_head)'
            " VALUES (:at, :by, :first, :last, :source, :head)",
            {"at": at, "by": by, "first": first, "last": last, "source": source, "head": head},
        )

    def row_count(self) -> int:
        found = self.db.one(
            "SELECT (SELECT COUNT(*) FROM promise) + (SELECT COUNT(*) FROM customer)"
        )
        return int(found[0]) if found else 0

    def new_promise_ids(self, count: int) -> list[int]:
        """``count`` ids for new promises, given to no one else: PostgreSQL's sequence hands
        them out even to concurrent writers; on SQLite this transaction holds the only write
        lock, and AUTOINCREMENT continues after explicit ids by itself. (On PostgreSQL through
        the schema's ``pk_promise_ids``: members draw no ids by hand.)"""
        if count <= 0:
            return []
        if self.engine == "postgresql":
            rows = self.db.all("SELECT pk_promise_ids(:count)", {"count": count})
            return [int(r[0]) for r in rows]
        row = self.db.one(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'promise'), 0),"
            " COALESCE((SELECT MAX(id) FROM promise), 0))"
        )
        start = int(row[0]) + 1 if row is not None else 1
        return list(range(start, start + count))

    def continue_ids(self) -> None:
        """After ids were given explicitly: PostgreSQL's sequence must continue after them
        (SQLite's AUTOINCREMENT does by itself)."""
        if self.engine == "postgresql":
            self.db.run(
                "SELECT setval(pg_get_serial_sequence('promise', 'id'), "
                "COALESCE((SELECT MAX(id) FROM promise), 0) + 1, false)"
            )

    def imported_from(self, tool: str) -> dict[str, int]:
        """{identity: promise id} of the promises imported from ``tool`` with an identity of
        its own (a ``created`` event's ``source``, ``taskwarrior:UUID``): rare, so read by a
        scan of the created events that name one."""
        import json

        rows = self.db.all(
            "SELECT promise_id, data FROM event WHERE kind = 'created' AND data LIKE :pattern",
            {"pattern": f'%"source":"{tool}:%'},
        )
        found: dict[str, int] = {}
        for promise_id, data in rows:
            source = json.loads(data).get("source")
            if isinstance(source, str):
                found.setdefault(source, int(promise_id))
        return found

    def live_promise_keys(
        self, customer_ids: Iterable[int]
    ) -> list[tuple[int, str, str, datetime | None, datetime]]:
        """(customer id, what, owner, due, made) of the live promises of these customers (a
        request's due is None)."""
        wanted = sorted(set(customer_ids))
        if not wanted:
            return []
        names = {f"c{i}": c for i, c in enumerate(wanted)}
        rows = self.db.all(
            "SELECT customer_id, what, owner, due_at, made_at FROM promise"
            f" WHERE deleted_at IS NULL AND customer_id IN ({', '.join(':' + n for n in names)})",
            names,
        )
        return [
            (
                int(r[0]),
                r[1],
                r[2],
                None if r[3] is None else datetime.fromtimestamp(r[3], UTC),
                datetime.fromtimestamp(r[4], UTC),
            )
            for r in rows
        ]

    def promise_keys(self, customer_ids: Iterable[int]) -> set[tuple[int, str, str, int, int]]:
        """(customer id, what, owner, made, recorded) of every promise of these customers,
        deleted ones too: what tells a merged promise from a new one."""
        from promisekeeper.store.queries import in_chunks

        found: set[tuple[int, str, str, int, int]] = set()
        for marks, names in in_chunks(sorted(set(customer_ids))):
            rows = self.db.all(
                "SELECT customer_id, what, owner, made_at, created_at FROM promise"
                f" WHERE customer_id IN ({marks})",
                names,
            )
            found.update((int(r[0]), r[1], r[2], int(r[3]), int(r[4])) for r in rows)
        return found

    def open_promises_like(
        self, customer_id: int, owner: str, what: str, direction: str = "ours"
    ) -> list[tuple[int, str, datetime | None]]:
        """(id, text, due) of the open promises of a customer and owner with this text, in any case
        and spacing (the customer's index finds them); a request's due is None."""
        rows = self.db.all(
            "SELECT id, what, due_at FROM promise WHERE customer_id = :c AND owner = :o"
            " AND closed_at IS NULL AND deleted_at IS NULL AND direction = :d",
            {"c": customer_id, "o": owner, "d": direction},
        )
        wanted = " ".join(what.casefold().split())
        return [
            (int(r[0]), str(r[1]), None if r[2] is None else datetime.fromtimestamp(r[2], UTC))
            for r in rows
            if " ".join(str(r[1]).casefold().split()) == wanted
        ]

    def promise_ids_of_customer(self, customer_id: int) -> list[int]:
        rows = self.db.all(
            "SELECT id FROM promise WHERE customer_id = :c ORDER BY id", {"c": customer_id}
        )
        return [int(r[0]) for r in rows]

    def move_promises(self, source: int, target: int) -> None:
        self.db.run(
            "UPDATE promise SET customer_id = :target, version = version + 1"
            " WHERE customer_id = :source",
            {"source": source, "target": target},
        )
        # the statements sent to the first go with its promises (names kept as sent)
        self.db.run(
            "UPDATE statement SET customer_id = :target WHERE customer_id = :source",
            {"source": source, "target": target},
        )

    # --- standards ---------------------------------------------------------------------------

    def standard_by_fold(self, fold: str, customer_id: int | None = None) -> tuple[int, str] | None:
        """The general standard of this (folded) name, or ``customer_id``'s own."""
        mine = "customer_id = :c" if customer_id is not None else "customer_id IS NULL"
        row = self.db.one(
            f"SELECT id, name FROM standard WHERE name_fold = :fold AND {mine}",
            {"fold": fold, **({"c": customer_id} if customer_id is not None else {})},
        )
        return None if row is None else (int(row[0]), str(row[1]))

    def add_standard(self, fields: Mapping[str, Any]) -> int | None:
        """The new standard's id; None when one of that (folded) name exists (among the
        general ones, or the customer's own with ``customer_id``), even one a colleague adds at
        this moment."""
        columns = ["name", "name_fold", "within_amount", "within_unit", "text", "created_at"]
        conflict = "(name_fold) WHERE customer_id IS NULL"
        if fields.get("customer_id") is not None:
            columns.append("customer_id")
            conflict = "(customer_id, name_fold)"
        row = self.db.one(
            f"INSERT INTO standard ({', '.join(columns)})"
            f" VALUES ({', '.join(':' + c for c in columns)})"
            f" ON CONFLICT {conflict} DO NOTHING RETURNING id",
            {c: fields[c] for c in columns},
        )
        return None if row is None else int(row[0])

    def update_standard(self, standard_id: int, **fields: Any) -> None:
        allowed = {"name", "name_fold", "within_amount", "within_unit", "text", "retired_at"}
        assert set(fields) <= allowed, fields
        sets = ", ".join(f"{name} = :{name}" for name in fields)
        self.db.run(f"UPDATE standard SET {sets} WHERE id = :id", {**fields, "id": standard_id})

    # --- reminders ---------------------------------------------------------------------------

    def announced(self, audience: str, ids: list[int]) -> set[tuple[int, str, int]]:
        """(promise id, kind, due seconds) already announced to ``audience`` for these ids."""
        from promisekeeper.store.queries import in_chunks

        found: set[tuple[int, str, int]] = set()
        for marks, names in in_chunks(ids):
            rows = self.db.all(
                "SELECT promise_id, kind, due_at FROM announcement WHERE audience = :audience"
                f" AND promise_id IN ({marks})",
                {**names, "audience": audience},
            )
            found.update((int(r[0]), str(r[1]), int(r[2])) for r in rows)
        return found

    def announce(self, audience: str, keys: list[tuple[int, str, datetime]], at: datetime) -> None:
        """Record announcements; one that a concurrent run recorded first is skipped."""
        self.db.many(
            "INSERT INTO announcement (audience, promise_id, kind, due_at, at)"
            " VALUES (:audience, :promise_id, :kind, :due_at, :at)"
            " ON CONFLICT (audience, promise_id, kind, due_at) DO NOTHING",
            [
                {"audience": audience, "promise_id": p, "kind": k, "due_at": due, "at": at}
                for p, k, due in keys
            ],
        )

    def forget_handovers(self, owner: str, ids: list[int]) -> None:
        """Handed-over promises ``owner`` (any case) has now been shown."""
        from promisekeeper.store.queries import MEMBER_NAME, owner_params

        where = f"kind = 'handover' AND promise_id = :promise_id AND audience = {MEMBER_NAME}"
        rows = [{**owner_params(owner), "promise_id": p} for p in ids]
        if self.engine == "postgresql":  # through the schema's function (store/team.py)
            self.db.many(
                "SELECT pk_forget_announcement(audience, promise_id, kind, due_at)"
                f" FROM announcement WHERE {where}",
                rows,
            )
        else:
            self.db.many(f"DELETE FROM announcement WHERE {where}", rows)

    def unannounce(self, audience: str, keys: list[tuple[int, str, datetime]]) -> None:
        """Forget announcements that could not be delivered, so the next run sends them."""
        self.db.many(
            "SELECT pk_forget_announcement(:audience, :promise_id, :kind, :due_at)"
            if self.engine == "postgresql"  # through the schema's function (store/team.py)
            else "DELETE FROM announcement WHERE audience = :audience"
            " AND promise_id = :promise_id AND kind = :kind AND due_at = :due_at",
            [
                {"audience": audience, "promise_id": p, "kind": k, "due_at": due}
                for p, k, due in keys
            ],
        )

    # --- customers ---------------------------------------------------------------------------

    def lock_customers(self) -> None:
        """Serialize new customers for the rest of this transaction (PostgreSQL; SQLite's
        ``BEGIN IMMEDIATE`` holds the whole database already): two members adding near
        spellings of one new customer at once make one customer."""
        if self.engine == "postgresql":
            self.db.one("SELECT pg_advisory_xact_lock(20261125)")

    # --- absences (docs/owed.md, "Cover while away") ------------------------------------------

    def add_away(
        self, owner: str, cover: str, starts: datetime, ends: datetime, by: str, at: datetime
    ) -> int:
        check_times({"starts_at": starts, "ends_at": ends})
        row = self.db.one(
            "INSERT INTO away (owner, cover, starts_at, ends_at, set_by, set_at)"
            " VALUES (:owner, :cover, :starts, :ends, :by, :at) RETURNING id",
            {"owner": owner, "cover": cover, "starts": starts, "ends": ends, "by": by, "at": at},
        )
        assert row is not None
        return int(row[0])

    def away_handed(self, away_id: int, at: datetime) -> None:
        self.db.run("UPDATE away SET handed_at = :at WHERE id = :id", {"at": at, "id": away_id})

    def away_ended(self, away_id: int, at: datetime) -> None:
        self.db.run("UPDATE away SET ended_at = :at WHERE id = :id", {"at": at, "id": away_id})

    def due_between(self, owner: str, starts: datetime, ends: datetime) -> list[int]:
        """The ids of ``owner``'s open promises (ours and owed) due in [starts, ends), by due
        date: the index over open promises by owner answers."""
        rows = self.db.all(
            "SELECT id FROM promise WHERE owner = :owner AND closed_at IS NULL"
            " AND deleted_at IS NULL AND due_at >= :starts AND due_at < :ends"
            " ORDER BY due_at, id",
            {"owner": owner, "starts": starts, "ends": ends},
        )
        return [int(r[0]) for r in rows]

    def handed_for(self, away_id: int, cover: str) -> list[int]:
        """The open promises ``cover`` holds that were handed over for the absence ``away_id``
        (a ``handed_over`` event of it, not undone), by id: read among the cover's open
        promises and their events, from their indexes."""
        import json

        rows = self.db.all(
            "SELECT e.promise_id, e.data FROM promise p JOIN event e ON e.promise_id = p.id"
            " WHERE p.owner = :cover AND p.closed_at IS NULL AND p.deleted_at IS NULL"
            " AND e.kind = 'handed_over' AND e.voided_by IS NULL ORDER BY e.promise_id, e.id",
            {"cover": cover},
        )
        found = {}
        for promise_id, data in rows:
            details = json.loads(data)
            if details.get("away") == away_id and details.get("reason") == "away":
                found[int(promise_id)] = True
        return list(found)

    def later_in_series(self, first: int, due: datetime) -> bool:
        """Whether the series that began with ``first`` has a live promise first due after
        ``due`` (docs/owed.md): its next occurrence was made already."""
        row = self.db.one(
            "SELECT 1 FROM promise WHERE series_id = :first AND deleted_at IS NULL"
            " AND original_due_at > :due LIMIT 1",
            {"first": first, "due": int(due.timestamp())},
        )
        return row is not None

    def add_statement(self, fields: Mapping[str, Any]) -> int:
        """A statement recorded as sent (docs/review.md); its number."""
        found = self.db.one(
            'INSERT INTO statement (customer_id, customer, at, "by", since, events, head, digest,'
            " format, signature) VALUES (:customer_id, :customer, :at, :by, :since, :events,"
            " :head, :digest, :format, :signature) RETURNING id",
            fields,
        )
        assert found is not None
        return int(found[0])

    def customer_by_fold(self, fold: str) -> tuple[int, str] | None:
        row = self.db.one("SELECT id, name FROM customer WHERE name_fold = :fold", {"fold": fold})
        return None if row is None else (int(row[0]), str(row[1]))

    def customer_calendar(self, customer_id: int) -> tuple[str | None, str | None]:
        """A customer's own zone and holiday calendar (None: yours)."""
        row = self.db.one(
            "SELECT timezone, calendar FROM customer WHERE id = :id", {"id": customer_id}
        )
        return (None, None) if row is None else (row[0], row[1])

    def set_customer_calendar(
        self, customer_id: int, zone: str | None, calendar: str | None
    ) -> None:
        self.db.run(
            "UPDATE customer SET timezone = :zone, calendar = :calendar WHERE id = :id",
            {"zone": zone, "calendar": calendar, "id": customer_id},
        )

    def customer_list(self, column: CustomerList, customer_id: int) -> list[str]:
        """``queries.customer_list``, inside this transaction."""
        return customer_list(self.db, column, customer_id)

    def set_customer_list(self, column: CustomerList, customer_id: int, items: list[str]) -> None:
        """Replace one of a customer's lists (an empty one is stored as none)."""
        assert column in ("emails", "expectations")  # a column name, never user text
        self.db.run(
            f"UPDATE customer SET {column} = :items WHERE id = :id",
            {"items": "\n".join(items) or None, "id": customer_id},
        )

    def set_customer_review(
        self, customer_id: int, every: str | None, start: datetime | None
    ) -> None:
        """A customer's review rhythm ("every 3 months") and when it started (None: none)."""
        self.db.run(
            "UPDATE customer SET review_every = :every, review_from = :start WHERE id = :id",
            {"every": every, "start": start, "id": customer_id},
        )

    def add_review(self, customer_id: int, at: datetime, by: str, note: str | None) -> bool:
        """A review held with a customer; False when one is recorded at that second already."""
        found = self.db.one(
            "SELECT 1 FROM review WHERE customer_id = :id AND at = :at",
            {"id": customer_id, "at": at},
        )
        if found:
            return False
        self.db.run(
            'INSERT INTO review (customer_id, at, "by", note) VALUES (:id, :at, :by, :note)',
            {"id": customer_id, "at": at, "by": by, "note": note},
        )
        return True

    def feedback_digest(self, promise_id: int) -> bytes:
        """HMAC-SHA256 of the promise id under the database's feedback key, the key made on
        first use (docs/feedback.md). On PostgreSQL the schema's ``pk_feedback_token`` computes
        it, so a member's pk never reads the key (migration 0013)."""
        if self.engine == "postgresql":
            found = self.db.one("SELECT pk_feedback_token(:id)", {"id": promise_id})
            assert found is not None
            return bytes(found[0])
        from promisekeeper.domain.feedback import digest

        return digest(bytes.fromhex(self._secret("feedback")), promise_id)

    def set_secret(self, name: str, value: str) -> None:
        """A secret restored from a full export (into an empty database)."""
        self.db.run("DELETE FROM secret WHERE name = :name", {"name": name})
        self.db.run(
            "INSERT INTO secret (name, value) VALUES (:name, :value)",
            {"name": name, "value": value},
        )

    def _secret(self, name: str) -> str:
        found = self.db.one("SELECT value FROM secret WHERE name = :name", {"name": name})
        if found is None:
            import secrets

            self.db.run(
                "INSERT INTO secret (name, value) VALUES (:name, :value)",
                {"name": name, "value": secrets.token_hex(32)},
            )
            found = self.db.one("SELECT value FROM secret WHERE name = :name", {"name": name})
            assert found is not None
        return str(found[0])

    def voice(self, promise_ids: list[int], kind: str) -> list[VoiceRow]:
        """``queries.voice_events``, inside this transaction."""
        from promisekeeper.store.queries import voice_events

        return voice_events(self.db, promise_ids, kind)

    def customers(self) -> list[tuple[int, str]]:
        """(id, name) of every customer, by folded name."""
        rows = self.db.all("SELECT id, name FROM customer ORDER BY name_fold")
        return [(int(r[0]), str(r[1])) for r in rows]

    def customer_names(self) -> list[str]:
        return [name for _id, name in self.customers()]

    def add_customer(self, name: str, fold: str, created: datetime) -> tuple[int, str, bool]:
        """(id, name, whether this call created it). A colleague creating the same customer at
        this moment on PostgreSQL makes this a lookup instead (the unique folded name)."""
        row = self.db.one(
            "INSERT INTO customer (name, name_fold, created_at) VALUES (:name, :fold, :created)"
            " ON CONFLICT (name_fold) DO NOTHING RETURNING id",
            {"name": name, "fold": fold, "created": created},
        )
        if row is not None:
            return int(row[0]), name, True
        existing = self.customer_by_fold(fold)
        assert existing is not None
        return existing[0], existing[1], False

    def rename_customer(self, customer_id: int, name: str, fold: str) -> None:
        self.db.run(
            "UPDATE customer SET name = :name, name_fold = :fold WHERE id = :id",
            {"name": name, "fold": fold, "id": customer_id},
        )

    def delete_customer(self, customer_id: int) -> None:
        if self.engine == "postgresql":  # through the schema's function (store/team.py)
            self.db.one("SELECT pk_drop_customer(:id)", {"id": customer_id})
        else:
            self.db.run("DELETE FROM customer WHERE id = :id", {"id": customer_id})

"""What each command does, by subject: ``promises``, ``customers``, ``reports``, ``database``
(and ``transfer`` for data in and out). A use case takes ``Settings`` (with ``now``) and plain
arguments, applies the rules of ``domain`` and returns a result for a renderer; storage is
``store``'s. Input is checked before the database is opened for writing, and every change runs
in one transaction, so bad input writes nothing.

This module holds what they share: opening the store, whose promises a list shows, ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper.config import Settings
from promisekeeper.errors import CustomerNotFound, InputError, PromiseNotFound
from promisekeeper.store import Reader, Store, open_store, queries

if TYPE_CHECKING:
    from pathlib import Path

    from promisekeeper.calendar import WorkingTime
    from promisekeeper.dates import DateSettings
    from promisekeeper.domain.away import Absence
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.domain.team import Actor
    from promisekeeper.files import Target
    from promisekeeper.store.changes import Changes

# --- opening ----------------------------------------------------------------------------------


def store_for(settings: Settings) -> Store:
    return open_store(
        settings.db,
        default_location=settings.db_is_default,
        limits=(settings.lock_timeout, settings.statement_timeout),
    )


@contextmanager
def writing(settings: Settings) -> Iterator[Changes]:
    """One write transaction; once it has committed, its events wait for the on-change hooks
    (service/hooks.py), which the command runs when it is done."""
    from promisekeeper.errors import Refused
    from promisekeeper.store import writer

    try:
        with writer(store_for(settings)) as changes:
            changes.actor = actor_of(settings)
            if _away_due(changes.db, settings):  # the first command after an absence's day
                settle_aways(changes, settings)
            yield changes
    except Refused:
        _refuse_trusted_member(settings)
        raise
    from promisekeeper.service import hooks

    hooks.PENDING.extend(changes.written)


def _refuse_trusted_member(settings: Settings) -> None:
    """A team member's role refused without ``team.auth = database``: pk wrote in the name
    ``user`` gave, which the database does not take from a member. Say which setting to use
    (docs/team.md); nothing is asked of the database unless a change was refused."""
    if settings.team_auth == "database":
        return
    from promisekeeper.store import is_postgres

    if not is_postgres(settings.db):
        return
    from promisekeeper.errors import PkError, Refused
    from promisekeeper.store import team as store_team

    try:
        with store_for(settings).reader() as reader:
            session, member, _lead, _clock = store_team.identity(reader)
    except PkError:  # the refusal already says what went wrong
        return
    if member:
        raise Refused(
            f"You connect as {session}, a member of this team's database, and the database "
            "takes a member's changes only in their own name and at its own time: set "
            "team.auth = database (pk config set team.auth database, or PK_TEAM_AUTH=database)."
        )


def actor_of(settings: Settings) -> Actor:
    """Who writes, and what they may change (docs/team.md)."""
    from promisekeeper.domain.team import Actor

    return Actor(settings.by, settings.lead, settings.team_auth == "database")


@contextmanager
def reading(settings: Settings) -> Iterator[Reader]:
    store = store_for(settings)
    with store.reader() as reader:
        if not _away_due(reader, settings):
            yield reader
            return
    from promisekeeper.errors import PkError

    try:  # an absence begins or ends: its hand-over first, so that this command sees it
        with writing(settings):
            pass
    except PkError:
        pass  # a read-only or busy database, or not ours to settle: the next command does
    with store.reader() as reader:
        yield reader


_NOTHING_DUE: set[tuple[str, datetime]] = set()  # (database, now) with no hand-over due


def _away_due(reader: Reader, settings: Settings) -> bool:
    """Whether an absence's hand-over or hand-back is due now (docs/owed.md): one look at its
    small table, once per database and moment in a process."""
    key = (str(settings.db), settings.now)
    if key in _NOTHING_DUE:
        return False
    who = settings.by if settings.team_auth == "database" and not settings.lead else None
    if queries.pending_aways(reader, settings.now, who):
        return True
    _NOTHING_DUE.add(key)
    return False


# --- cover while away (docs/owed.md): settled by the first command after an absence's day -----

HANDED_OVER = "handover"  # the announcement a new owner's next `pk due` shows, once


def settle_aways(changes: Changes, settings: Settings) -> None:
    """Do the hand-overs and hand-backs due now (the first command after an absence begins or
    ends; the cover's and the owner's next `pk due` say what came to them). A team member
    settles only the absences she is in (as owner or cover)."""
    actor = changes.actor
    who = actor.name if actor.enforced and not actor.lead else None
    for absence in queries.pending_aways(changes.db, settings.now, who):
        if absence.ends_at <= settings.now:
            hand_back(changes, settings, absence)
        else:
            hand_over(changes, settings, absence)


def hand_over(
    changes: Changes, settings: Settings, absence: Absence
) -> tuple[Absence, list[tuple[int, str]]]:
    """The owner's open promises due in the absence, to the cover: each with its event (written
    before the row changes hands, while it is still the owner's) and the cover told once."""
    now = whole_seconds(settings.now)
    handed = []
    for promise_id in changes.due_between(absence.owner, absence.starts_at, absence.ends_at):
        found = changes.promise_for_update(promise_id)
        if found is not None:
            _pass_on(changes, settings, found[0], absence, "away")
            handed.append((promise_id, found[0].what))
    changes.away_handed(absence.id, now)
    return absence._replace(handed_at=now), handed


def hand_back(
    changes: Changes, settings: Settings, absence: Absence
) -> tuple[Absence, list[tuple[int, str]]]:
    """The promises handed over for ``absence`` that are still open and still the cover's, back
    to the owner (an absence ended before it began hands nothing)."""
    now = whole_seconds(settings.now)
    back = []
    held = changes.handed_for(absence.id, absence.cover) if absence.handed_at else []
    for promise_id in held:  # kept, broken or cancelled meanwhile, or handed on: it stays
        found = changes.promise_for_update(promise_id)
        if found is not None and not found[1]:
            _pass_on(changes, settings, found[0], absence, "back")
            back.append((promise_id, found[0].what))
    changes.away_ended(absence.id, now)
    return absence._replace(ended_at=now), back


def _pass_on(
    changes: Changes, settings: Settings, record: PromiseRecord, absence: Absence, reason: str
) -> None:
    """One promise from the owner to the cover (``away``) or back (``back``): the event first,
    while the row is still the giver's (a team database checks it), then the row, and the
    taker told once."""
    giver, taker = (
        (absence.owner, absence.cover) if reason == "away" else (absence.cover, absence.owner)
    )
    record_event(changes, record.id, "handed_over", settings,
                 **{"from": giver, "to": taker, "reason": reason, "away": absence.id})  # fmt: skip
    changes.update_promise(record.id, owner=taker)
    said_for = record.due_at or record.made_at
    changes.announce(taker, [(record.id, HANDED_OVER, said_for)], whole_seconds(settings.now))


def lead_only(changes: Changes, what: str) -> None:
    """Refuse a member (not a lead) under team.auth = database a change to what the whole team
    shares: customers, standards, the member list (docs/team.md)."""
    from promisekeeper.domain.team import NotYours, lead_refusal

    refusal = lead_refusal(changes.actor, what)
    if refusal:
        raise NotYours(refusal)


# --- shared -----------------------------------------------------------------------------------


class Scope(NamedTuple):
    """Whose promises a list shows: one owner, or everyone's (``owner=None``)."""

    owner: str | None

    @staticmethod
    def of(settings: Settings, owner: str | None, everyone: bool) -> Scope:
        if owner and everyone:
            raise InputError("Use either --owner or --all, not both.")
        if everyone:
            return Scope(None)
        return Scope(owner.strip() if owner else settings.user)

    def shows_owner(self, settings: Settings) -> bool:
        """Whether lists name the owner: for everyone's promises or someone else's."""
        from promisekeeper.domain.team import same_person

        return self.owner is None or not same_person(self.owner, settings.user)


def check_customer(reader: Reader, customer: str | None) -> str | None:
    if customer is None:
        return None
    found = queries.find_customer(reader, customer)
    if found is None:
        from promisekeeper.domain.rules import near_names

        near = near_names(customer, queries.customer_names(reader))
        raise CustomerNotFound(customer, near[0] if near else None)
    return found


MAX_ID = 2**63 - 1  # SQLite's and PostgreSQL's largest integer key


def existing_id(promise_id: int) -> int:
    """Ids outside the range a database can hold name no promise."""
    if not 1 <= promise_id <= MAX_ID:
        raise PromiseNotFound(promise_id)
    return promise_id


def working_time(
    settings: Settings, zone: str | None = None, calendar: str | None = None
) -> WorkingTime:
    """The working time of a promise: yours, or its customer's own zone and public holidays
    (with your workdays, working hours and closed days; docs/business-time.md). One object per
    combination in a process, so that what it has computed serves every promise."""
    key = (settings, zone, calendar)
    found = _WORKING.get(key)
    if found is None:
        from promisekeeper.calendar import WorkingTime

        dated = date_settings_for(settings, zone, calendar)
        found = WorkingTime(
            dated.calendar,
            dated.deadline_zone or settings.tz,
            settings.workday_start,
            settings.workday_end,
        )
        _WORKING[key] = found
    return found


def working_times(settings: Settings, reader: Reader) -> list[WorkingTime]:
    """Every working time promises are counted in: yours, and each customer's own."""
    own = queries.customer_calendars(reader)
    return [working_time(settings)] + [working_time(settings, z, c) for z, c in own]


def date_settings_for(
    settings: Settings, zone: str | None = None, calendar: str | None = None
) -> DateSettings:
    """How dates typed for a customer are read: in your zone, but a day-only deadline ends the
    customer's working day in its zone, and business days skip its public holidays."""
    dated = settings.date_settings
    if zone is None and calendar is None:
        return dated
    from promisekeeper.config import zone_named

    days = dated.calendar
    if calendar is not None:
        country, _, subdivision = calendar.partition("/")
        days = days._replace(country=country, subdivision=subdivision or None)
    return dated._replace(
        calendar=days, deadline_zone=zone_named(zone) if zone is not None else None
    )


def protected_files(settings: Settings) -> list[Path]:
    """The files no output may replace: the SQLite database in use and its companions."""
    from pathlib import Path

    from promisekeeper.files import database_files
    from promisekeeper.store import is_postgres

    if is_postgres(settings.db):
        return []
    return database_files(Path(settings.db.removeprefix("sqlite:///")).expanduser())


def output_file(settings: Settings, target: str, what: str) -> Target:
    """Where ``--out`` writes ``what``: checked before any work (a folder, a special file or the
    database in use is refused in one line)."""
    from promisekeeper.files import check_target

    return check_target(target, what, protected=protected_files(settings), streams=True)


def save(chosen: Target, text: str, what: str) -> None:
    """Replace the file whole through a temporary file, so no reader ever sees half of it."""
    from promisekeeper.files import write_atomic

    write_atomic(chosen, lambda handle: handle.write(text), what=what, newline="")


def as_of_now(settings: Settings, rows: list[PromiseRecord]) -> list[PromiseRecord]:
    """``rows`` with the business time waited counted up to now for those waiting on the
    customer (the store holds the waits that ended)."""
    if all(p.waiting_since is None for p in rows):
        return rows
    from promisekeeper.domain.waiting import waited_now

    return [
        p
        if p.waiting_since is None
        else p._replace(
            waited_seconds=waited_now(
                p, settings.now, working_time(settings, p.customer_zone, p.customer_calendar)
            )
        )
        for p in rows
    ]


_WORKING: dict[tuple[Settings, str | None, str | None], WorkingTime] = {}


def whole_seconds(moment: datetime) -> datetime:
    """Whole seconds: what the database keeps and JSON shows."""
    return moment.replace(microsecond=0)


def shown_database(db: str) -> str:
    """A database path or URL as it may be printed anywhere: without its password."""
    from promisekeeper.store import redact

    return redact(db)


# --- the write kernel: what every change of a promise does -----------------------------------


def record_event(
    changes: Changes, promise_id: int, kind: str, settings: Settings, /, **data: Any
) -> None:
    """Record one event of this command on ``promise_id``, now, by its author."""
    changes.add_event(promise_id, whole_seconds(settings.now), kind, settings.by, data)


def load_for_change(changes: Changes, promise_id: int) -> PromiseRecord:
    """The live promise, locked for this transaction; ``PromiseNotFound`` otherwise, and
    ``NotYours`` when the writer may not change it (docs/team.md)."""
    found = changes.promise_for_update(existing_id(promise_id))
    if found is None or found[1]:
        raise PromiseNotFound(promise_id)
    refuse_unless_allowed(changes, found[0])
    return found[0]


def refuse_unless_allowed(changes: Changes, record: PromiseRecord) -> None:
    """``NotYours`` when the writer may not change this promise (docs/team.md)."""
    from promisekeeper.domain.team import NotYours, promise_refusal

    refusal = promise_refusal(changes.actor, record.owner, record.id)
    if refusal:
        raise NotYours(refusal)

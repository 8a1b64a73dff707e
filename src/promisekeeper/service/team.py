"""``pk team``: the lead's view of who carries what (docs/words.md for each word), and who is on
the team (docs/team.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.config import Settings
from promisekeeper.domain.due import due_window
from promisekeeper.domain.team import same_person
from promisekeeper.service import reading, writing
from promisekeeper.store import Reader, queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    from promisekeeper.domain.results.team import TeamView
    from promisekeeper.store.changes import Changes
    from promisekeeper.store.engines import Executor


def team(settings: Settings) -> TeamView:
    """Per person: open (waiting ones too), overdue, due today, at risk, waiting on the
    customer and slipping; most overdue first, then most at risk, then by name."""
    from promisekeeper.domain.results.team import TeamView, Workload
    from promisekeeper.service.finders import find_at_risk

    window = due_window(settings.now, settings.tz, 0)
    with reading(settings) as reader:
        counts = queries.workload(reader, settings.now, window.tomorrow_starts)
        risky = find_at_risk(reader, PromiseFilter(status="running"), settings)
        owners = queries.owners_of(reader, [r.id for r in risky])
    at_risk: dict[str, int] = {}
    risky_today: dict[str, int] = {}  # shown at risk, not again under today (as in pk due)
    for r in risky:
        owner = owners[r.id]
        at_risk[owner] = at_risk.get(owner, 0) + 1
        if r.due_at < window.tomorrow_starts:
            risky_today[owner] = risky_today.get(owner, 0) + 1
    rows = [
        Workload(
            owner,
            total,
            overdue,
            today - risky_today.get(owner, 0),
            at_risk.get(owner, 0),
            waiting,
            slipping,
        )
        for owner, total, waiting, overdue, today, slipping in counts
    ]
    return TeamView(sorted(rows, key=lambda w: (-w.overdue, -w.at_risk, w.owner.casefold())))


# --- who is on the team (docs/team.md) -----------------------------------------------------


def identify(settings: Settings) -> Settings:
    """Under ``team.auth = database``: you are the PostgreSQL role you connect as. A lead may
    act for someone else (PK_USER or ``user`` names them: the default owner and the lists'
    "mine"), but what they write is still theirs; a member may not. On an SQLite file (a
    personal database: ``--db mine.db``) the setting does not apply."""
    if settings.team_auth != "database":
        return settings
    from promisekeeper.errors import ConfigError
    from promisekeeper.service import store_for
    from promisekeeper.store import is_postgres
    from promisekeeper.store import team as store_team

    if not is_postgres(settings.db):  # an SQLite file has one user: it is yours
        return settings._replace(team_auth="none")
    store = store_for(settings)
    with store.reader() as reader:
        session, member, lead, clock = store_team.identity(reader)
    if member:  # a member's events carry the team's clock, which the database checks
        from datetime import UTC, datetime

        settings = settings._replace(now=datetime.fromtimestamp(clock, UTC))
    lead = lead or not member  # not a member: the database's owner, who is not restricted
    if settings.user_given and not same_person(settings.user, session):
        if not lead:
            raise ConfigError(
                f"You are connected as {session}, but PK_USER or the setting user says "
                f"{settings.user}; under team.auth = database only a lead can act for someone "
                "else. Unset PK_USER (or the user setting)."
            )
        return settings._replace(author=session, lead=True)
    return settings._replace(user=session, author=None, lead=lead)


def known_members(reader: Reader, settings: Settings) -> list[tuple[str, bool]]:
    """(name, whether on the team's member list) of the names an owner may have: the database
    roles under team.auth = database, else every owner name pk has seen (docs/team.md)."""
    from promisekeeper.store import team as store_team

    if settings.team_auth == "database":
        return [(name, True) for name, _lead in store_team.role_members(reader)]
    return store_team.known_members(reader)


def owner_named(changes: Changes, settings: Settings, name: str) -> str:
    """The owner ``name`` means: the member list's spelling (any case; not on a list there is
    refused with the nearest name, unless it is your own, which joins it), else a name seen
    before in any case, else ``name`` — which pk then remembers, so that it matches in any case
    from now on."""
    from promisekeeper.domain.team import fold, owner_named_in
    from promisekeeper.store import team as store_team

    known = known_members(changes.db, settings)
    own = same_person(name, settings.user)
    chosen = owner_named_in(name, known, own=own)
    if settings.team_auth != "database":
        if not any(same_person(chosen, n) for n, _on in known):
            store_team.know_member(changes.db, chosen, fold(chosen), settings.now)
        listed = [n for n, on in known if on]
        if own and listed and not any(same_person(chosen, n) for n in listed):
            store_team.list_member(changes.db, fold(chosen), True)  # you are on your team
    return chosen


def owner_for(changes: Changes, settings: Settings, name: str | None) -> str:
    """The owner a new or handed-over promise gets: ``name`` (see ``owner_named``), or yours;
    refused when the writer may not give it to them (docs/team.md)."""
    from promisekeeper.domain.team import NotYours, owner_refusal

    chosen = owner_named(changes, settings, settings.user if name is None else name)
    refusal = owner_refusal(changes.actor, chosen)
    if refusal:
        raise NotYours(refusal)
    return chosen


class Members(NamedTuple):
    """The team's members (name, whether a lead: always False without team.auth), and where
    the list comes from."""

    names: list[tuple[str, bool]]
    roles: bool  # the database's roles (team.auth = database), not pk's own list


def members(settings: Settings) -> Members:
    from promisekeeper.store import team as store_team

    with reading(settings) as reader:
        if settings.team_auth == "database":
            return Members(store_team.role_members(reader), True)
        listed = [(n, False) for n, on in store_team.known_members(reader) if on]
        return Members(listed, False)


def add_member(settings: Settings, name: str) -> tuple[str, bool]:
    """(the member's name, whether it is new on the list). The first one starts the list, with
    everyone who owns promises already. Under team.auth = database the team is the database's
    roles: ``pk db grant``."""
    from promisekeeper.domain.rules import clean_text
    from promisekeeper.domain.team import NotYours, fold, lead_refusal
    from promisekeeper.store import team as store_team

    _refuse_under_roles(settings)
    clean = clean_text(name, "The member's name")
    with writing(settings) as changes:
        refusal = lead_refusal(changes.actor, "change the member list")
        if refusal:
            raise NotYours(refusal)
        known = store_team.known_members(changes.db)
        found = next(((n, on) for n, on in known if same_person(n, clean)), None)
        if found is not None and found[1]:
            return found[0], False
        if not any(on for _n, on in known):
            store_team.list_everyone(changes.db)
        store_team.know_member(changes.db, clean, fold(clean), settings.now)
        store_team.list_member(changes.db, fold(clean), True)
    return (found[0] if found else clean), True


def remove_member(settings: Settings, name: str) -> str:
    """Take ``name`` off the list (their promises stay theirs); its spelling on the list."""
    from promisekeeper.domain.team import UnknownMember, fold, nearest_member
    from promisekeeper.store import team as store_team

    _refuse_under_roles(settings)
    with writing(settings) as changes:
        listed = [n for n, on in store_team.known_members(changes.db) if on]
        found = next((n for n in listed if same_person(n, name)), None)
        if found is None:
            near = nearest_member(name, listed)
            hint = f' Did you mean "{near}"?' if near else ""
            raise UnknownMember(f'No team member "{name.strip()}".{hint}')
        store_team.list_member(changes.db, fold(found), False)
    return found


def _refuse_under_roles(settings: Settings) -> None:
    if settings.team_auth == "database":
        from promisekeeper.errors import InputError

        raise InputError(
            "Under team.auth = database the team is the database's roles: the database's "
            "owner runs pk db grant NAME or pk db revoke NAME."
        )


# --- the database's roles (team.auth = database) -------------------------------------------


def grant(settings: Settings, name: str, lead: bool) -> None:
    from promisekeeper.store import team as store_team

    with _owner_writing(settings, "pk db grant") as executor:
        store_team.grant(executor, name.strip(), lead)


class Revoked(NamedTuple):
    login_disabled: bool  # the role was pk's own and may no longer log in
    sessions_ended: int  # its open sessions that were ended
    sessions_left: int  # its open sessions the owner was not allowed to end


def revoke(settings: Settings, name: str) -> Revoked:
    """Take ``name`` off the team; once that has committed, end its open sessions."""
    from promisekeeper.errors import InputError
    from promisekeeper.store import team as store_team

    clean = name.strip()
    with _owner_writing(settings, "pk db revoke") as executor:
        disabled = store_team.revoke(executor, clean)
        if disabled is None:
            raise InputError(f'"{clean}" is not a member; `pk db members` lists them.')
    with _owner_writing(settings, "pk db revoke") as executor:
        ended, left = store_team.end_sessions(executor, clean)
    return Revoked(disabled, ended, left)


@contextmanager
def _owner_writing(settings: Settings, command: str) -> Iterator[Executor]:
    """A transaction for changing roles and grants, on PostgreSQL, by a role allowed to."""
    from promisekeeper.errors import StorageError
    from promisekeeper.service import store_for

    store = store_for(settings)
    _refuse_sqlite(store.kind, store.location, command)
    try:
        with store.transaction() as executor:
            _refuse_unless_owner(executor, command)
            yield executor
    except StorageError as exc:
        if "permission denied" in str(exc) or "must be" in str(exc):
            raise StorageError(
                f"{command} must be run by the database's owner, as a role that may create "
                f"roles (CREATEROLE): {exc}"
            ) from exc
        raise


def _refuse_unless_owner(executor: Executor, command: str) -> None:
    """One line, exit 2, when a team member (or a role that may not create roles) runs it."""
    from promisekeeper.errors import Refused

    row = executor.one(
        "SELECT session_user, pk_is_member(), rolsuper OR rolcreaterole FROM pg_roles"
        " WHERE rolname = session_user"
    )
    if row is None:
        return
    if row[1]:
        raise Refused(
            f"{command} is for the database's owner; you are {row[0]}, a member of the team."
        )
    if not row[2]:
        raise Refused(
            f"{command} needs a role that may create roles (CREATEROLE), such as the "
            f"database's owner; {row[0]} may not."
        )


def role_members(settings: Settings) -> list[tuple[str, bool]]:
    """The database's team roles (name, whether a lead), whatever team.auth says."""
    from promisekeeper.store import team as store_team

    with _owner_reading(settings, "pk db members") as reader:
        return store_team.role_members(reader)


@contextmanager
def _owner_reading(settings: Settings, command: str) -> Iterator[Reader]:
    from promisekeeper.service import store_for

    store = store_for(settings)
    _refuse_sqlite(store.kind, store.location, command)
    with store.reader() as reader:
        yield reader


def _refuse_sqlite(kind: str, location: str, command: str) -> None:
    if kind != "postgresql":
        from promisekeeper.errors import InputError

        raise InputError(
            f"{command} is for a team database on PostgreSQL; {location} is an SQLite file, "
            "which has one user."
        )

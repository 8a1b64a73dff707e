"""The team in the database (docs/team.md): the member list (``member``, both engines) and, on
PostgreSQL, the roles of ``team.auth = database``: ``pk_member`` (changes their own promises)
and ``pk_lead`` (changes any), the grants they need and who holds them. The row-level security
policies that enforce it are the schema's (migration 0008)."""

from __future__ import annotations

import re
from datetime import datetime

from promisekeeper.domain.team import same_person
from promisekeeper.errors import InputError
from promisekeeper.store.engines import Executor, Reader

MEMBER_ROLE = "pk_member"
LEAD_ROLE = "pk_lead"

# What a member may do to each table; row-level security narrows it to their own rows. An
# event's author is never changed after it is written: members may only mark events undone.
PRIVILEGES = [
    "GRANT SELECT, INSERT, UPDATE, DELETE ON promise, customer, standard, member, announcement"
    f" TO {MEMBER_ROLE}",
    f"GRANT SELECT, INSERT ON event TO {MEMBER_ROLE}",
    f"GRANT UPDATE (voided_by) ON event TO {MEMBER_ROLE}",
    f"GRANT SELECT ON alembic_version TO {MEMBER_ROLE}",
    "DO $$ BEGIN"
    f" EXECUTE format('GRANT CONNECT ON DATABASE %I TO {MEMBER_ROLE}', current_database());"
    f" EXECUTE format('GRANT USAGE ON SCHEMA %I TO {MEMBER_ROLE}', current_schema());"
    f" EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO {MEMBER_ROLE}',"
    " current_schema()); END $$",
]

ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}")


def quoted_role(name: str) -> str:
    """A role name as SQL: checked against a plain pattern, then quoted."""
    if not ROLE_NAME.fullmatch(name) or name in (MEMBER_ROLE, LEAD_ROLE):
        raise InputError(
            f'"{name}" cannot be a member\'s database role: use letters, digits, _ . @ or -, '
            "starting with a letter."
        )
    return f'"{name}"'


def _create_role(executor: Executor, role: str, login: bool) -> None:
    executor.run(
        "DO $$ BEGIN CREATE ROLE "
        f"{role} {'LOGIN' if login else 'NOLOGIN'}; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )


CONNECTION_LIMIT = 5  # sessions per member role: one person cannot take every server slot


def grant(executor: Executor, name: str, lead: bool) -> None:
    """Make ``name`` a member (a lead with ``lead``, else not one), creating its login role
    without a password when it has none (libpq's files or the server's own rules give it), with
    at most ``CONNECTION_LIMIT`` sessions. One person, one role: refused for a name that
    differs from a member or a known owner only in case, a superuser, the database's owner,
    and names like the group roles (docs/team.md)."""
    role = quoted_role(name)
    _refuse_impostor(executor, name)
    _create_role(executor, MEMBER_ROLE, login=False)
    _create_role(executor, LEAD_ROLE, login=False)
    _create_role(executor, role, login=True)
    grant_privileges(executor)
    executor.run(f"ALTER ROLE {role} CONNECTION LIMIT {CONNECTION_LIMIT}")
    executor.run(f"GRANT {MEMBER_ROLE} TO {role}")
    executor.run(f"{'GRANT' if lead else 'REVOKE'} {LEAD_ROLE} {'TO' if lead else 'FROM'} {role}")


def _refuse_impostor(executor: Executor, name: str) -> None:
    if name.casefold().startswith(("pk_member", "pk_lead")):
        raise InputError(f'"{name}" looks like one of pk\'s group roles; choose another name.')
    known = [*role_members(executor), *known_members(executor)]
    for other, _flag in known:
        if other != name and same_person(other, name):
            raise InputError(
                f'"{name}" differs from "{other}" only in case: one person, one role. Grant '
                f'"{other}", or choose a name that cannot be taken for theirs.'
            )
    row = executor.one(
        "SELECT r.rolsuper, r.oid = d.datdba FROM pg_database d"
        " LEFT JOIN pg_roles r ON r.rolname = :name WHERE d.datname = current_database()",
        {"name": name},
    )
    if row is not None and row[0]:
        raise InputError(f'"{name}" is a superuser, whom no rule can hold; it cannot be a member.')
    if row is not None and row[1]:
        raise InputError(
            f'"{name}" owns this database, which no rule can hold; it cannot be a member.'
        )


def grant_privileges(executor: Executor) -> None:
    """The privileges members need on this database's tables (again after an upgrade, which
    may add tables); nothing when there are no members yet."""
    if executor.one(f"SELECT to_regrole('{MEMBER_ROLE}')")[0] is None:  # type: ignore[index]
        return
    for statement in PRIVILEGES:
        executor.run(statement)


def revoke(executor: Executor, name: str) -> bool:
    """Take ``name`` off the team (its role and its history stay); False if it was not on."""
    role = quoted_role(name)
    if name not in {n for n, _lead in role_members(executor)}:
        return False
    executor.run(f"REVOKE {MEMBER_ROLE} FROM {role}")
    executor.run(f"REVOKE {LEAD_ROLE} FROM {role}")
    return True


def role_members(reader: Reader) -> list[tuple[str, bool]]:
    """(role, whether a lead) of every member, by name."""
    rows = reader.all(
        "SELECT r.rolname, EXISTS (SELECT 1 FROM pg_auth_members l WHERE l.member = r.oid"
        f" AND l.roleid = to_regrole('{LEAD_ROLE}'))"
        " FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
        f" WHERE m.roleid = to_regrole('{MEMBER_ROLE}') ORDER BY r.rolname"
    )
    return [(str(r[0]), bool(r[1])) for r in rows]


def identity(reader: Reader) -> tuple[str, bool, bool]:
    """(the connected role, whether it is a member, whether a lead)."""
    row = reader.one("SELECT session_user, pk_is_member(), pk_is_lead()")
    assert row is not None
    return str(row[0]), bool(row[1]), bool(row[2])


# --- the member list (both engines) ---------------------------------------------------------


def known_members(reader: Reader) -> list[tuple[str, bool]]:
    """(name, whether on the member list) of every owner name pk has seen, by name."""
    rows = reader.all("SELECT name, listed FROM member ORDER BY name_fold")
    return [(str(r[0]), bool(r[1])) for r in rows]


def know_member(executor: Executor, name: str, fold: str, at: datetime) -> None:
    """Remember an owner name (not listed); nothing when one of that fold is known."""
    executor.run(
        "INSERT INTO member (name, name_fold, added_at, listed) VALUES (:name, :fold, :at, false)"
        " ON CONFLICT (name_fold) DO NOTHING",
        {"name": name, "fold": fold, "at": at},
    )


def list_member(executor: Executor, fold: str, listed: bool) -> None:
    executor.run(
        "UPDATE member SET listed = :listed WHERE name_fold = :fold",
        {"listed": listed, "fold": fold},
    )


def list_everyone(executor: Executor) -> None:
    """Start a member list with every owner name known."""
    executor.run("UPDATE member SET listed = true")

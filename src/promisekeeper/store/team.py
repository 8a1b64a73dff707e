"""The team in the database (docs/team.md): the member list (``member``, both engines) and, on
PostgreSQL, the roles of ``team.auth = database``: this database's member group (changes their
own promises) and lead group (changes any), named by the schema's ``pk_groups()`` (migration
0012), the grants they need and who holds them. The row-level security policies and triggers
that enforce it are the schema's (migrations 0008, 0011)."""

from __future__ import annotations

import re
from datetime import datetime

from promisekeeper.domain.team import same_person
from promisekeeper.errors import InputError
from promisekeeper.store.engines import Executor, Reader

# What a member may do to each table; row-level security narrows it to their own rows, and the
# schema's triggers (migration 0011) keep the history append-only. Members read and add; they
# change only the columns pk changes, by column privileges: a table-wide UPDATE or DELETE would
# also let them lock a whole table (LOCK TABLE) and stall the team. An event is changed only to
# mark it undone; what a member's pk deletes it deletes through the schema's functions, which
# check who may (pk_drop_customer, pk_forget_announcement); ids come from identity columns,
# so no member needs a sequence.
TEAM_TABLES = (
    "promise", "event", "customer", "standard", "member", "announcement", "review", "away",
    "statement", "chain_join",
)  # fmt: skip
# table -> the columns a member's pk may change (None: every column but its id)
UPDATABLE: dict[str, tuple[str, ...] | None] = {
    "promise": None,
    "customer": None,
    "standard": None,
    "member": ("listed",),
    "event": ("voided_by",),
    "away": ("handed_at", "ended_at"),  # an absence's hand-over and hand-back (docs/owed.md)
    "statement": ("customer_id",),  # a lead's merge of customers moves their statements
}
MADE_BY_PK = "made by pk db grant"  # the comment on a login role pk created


def ident(name: str) -> str:
    """A name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def groups(reader: Reader) -> tuple[str, str]:
    """(member group, lead group) of this database, as named by its schema."""
    row = reader.one("SELECT member, lead FROM pk_groups()")
    assert row is not None
    return str(row[0]), str(row[1])


ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}")
GROUP_PREFIXES = ("pk_member", "pk_lead")


def quoted_role(name: str) -> str:
    """A role name as SQL: checked against a plain pattern, then quoted."""
    if not ROLE_NAME.fullmatch(name):
        raise InputError(
            f'"{name}" cannot be a member\'s database role: use letters, digits, _ . @ or -, '
            "starting with a letter."
        )
    return ident(name)


def _make_group(executor: Executor, role: str) -> None:
    executor.run(
        f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
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
    member, leads = groups(executor)
    _make_group(executor, ident(member))
    _make_group(executor, ident(leads))
    exists = executor.one("SELECT 1 FROM pg_roles WHERE rolname = :name", {"name": name})
    if exists is None:
        executor.run(f"CREATE ROLE {role} LOGIN")
        executor.run(f"COMMENT ON ROLE {role} IS '{MADE_BY_PK}'")
    elif _made_by_pk(executor, name):
        executor.run(f"ALTER ROLE {role} LOGIN")  # back on the team after a revoke
    grant_privileges(executor)
    executor.run(f"ALTER ROLE {role} CONNECTION LIMIT {CONNECTION_LIMIT}")
    executor.run(f"GRANT {ident(member)} TO {role}")
    executor.run(
        f"{'GRANT' if lead else 'REVOKE'} {ident(leads)} {'TO' if lead else 'FROM'} {role}"
    )


def _made_by_pk(reader: Reader, name: str) -> bool:
    row = reader.one(
        "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = :name",
        {"name": name},
    )
    return row is not None and row[0] == MADE_BY_PK


def _refuse_impostor(executor: Executor, name: str) -> None:
    if name.casefold().startswith(GROUP_PREFIXES):
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
    may add tables); nothing when there are no members yet. Once there are, only the team and
    the database's owner may connect to the database."""
    member = ident(groups(executor)[0])
    found = executor.one("SELECT to_regrole(:member)", {"member": member})
    if found is None or found[0] is None:
        return
    executor.run(
        "DO $$ BEGIN"
        f" EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %s', current_schema(),"
        f" {_literal(member)});"
        f" EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %s', current_schema(),"
        f" {_literal(member)});"
        f" EXECUTE format('GRANT CONNECT ON DATABASE %I TO %s', current_database(),"
        f" {_literal(member)});"
        # only the team (and the owner) may connect: nobody outside it can hold what pk needs,
        # such as the lock that serialises new customers
        " EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());"
        f" EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s', current_schema(),"
        f" {_literal(member)}); END $$"
    )
    executor.run(f"GRANT SELECT, INSERT ON {', '.join(TEAM_TABLES)} TO {member}")
    executor.run(f"GRANT SELECT ON alembic_version, team_clock, chain TO {member}")
    for table, columns in UPDATABLE.items():
        if columns is None:
            rows = executor.all(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :table"
                " AND table_schema = current_schema() AND column_name <> 'id'"
                " ORDER BY ordinal_position",
                {"table": table},
            )
            columns = tuple(str(r[0]) for r in rows)
        listed = ", ".join(ident(c) for c in columns)
        executor.run(f"GRANT UPDATE ({listed}) ON {table} TO {member}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def revoke(executor: Executor, name: str) -> bool | None:
    """Take ``name`` off the team: out of both groups, and a login role pk made may no longer
    log in (True then). Its history stays. None if it was not on the team."""
    role = quoted_role(name)
    if name not in {n for n, _lead in role_members(executor)}:
        return None
    member, leads = groups(executor)
    executor.run(f"REVOKE {ident(member)} FROM {role}")
    executor.run(f"REVOKE {ident(leads)} FROM {role}")
    disabled = _made_by_pk(executor, name)
    if disabled:
        executor.run(f"ALTER ROLE {role} NOLOGIN")
    return disabled


def end_sessions(executor: Executor, name: str) -> tuple[int, int]:
    """End ``name``'s open sessions (once its revoke has committed, so that it cannot log in
    again meanwhile): (how many ended, how many pk was not allowed to end)."""
    ended = left = 0
    for (pid,) in executor.all(
        "SELECT pid FROM pg_stat_activity WHERE usename = :name AND pid <> pg_backend_pid()",
        {"name": name},
    ):
        row = executor.one(
            "SELECT CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
            " OR pg_has_role(current_user, 'pg_signal_backend', 'MEMBER')"
            " OR pg_has_role(current_user, :name, 'MEMBER')"
            " THEN pg_terminate_backend(:pid) ELSE false END",
            {"pid": pid, "name": name},
        )
        if row is not None and row[0]:
            ended += 1
        else:
            left += 1
    return ended, left


def role_members(reader: Reader) -> list[tuple[str, bool]]:
    """(role, whether a lead) of every member, by name."""
    member, leads = groups(reader)
    rows = reader.all(
        "SELECT r.rolname, EXISTS (SELECT 1 FROM pg_auth_members l WHERE l.member = r.oid"
        " AND l.roleid = to_regrole(:lead))"
        " FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
        " WHERE m.roleid = to_regrole(:member) ORDER BY r.rolname",
        {"member": ident(member), "lead": ident(leads)},
    )
    return [(str(r[0]), bool(r[1])) for r in rows]


def server_wide_members(reader: Reader) -> list[str]:
    """The members of the server's ``pk_member`` group when it holds privileges here: a team
    made before the groups were each database's own (migration 0012 moves them)."""
    rows = reader.all(
        "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
        " WHERE m.roleid = to_regrole('pk_member') AND to_regclass('promise') IS NOT NULL"
        " AND has_table_privilege('pk_member', to_regclass('promise'), 'SELECT')"
        " ORDER BY r.rolname"
    )
    return [str(r[0]) for r in rows]


def identity(reader: Reader) -> tuple[str, bool, bool, int]:
    """(the connected role, whether it is a member, whether a lead, the team's clock). The
    clock is the server's (or the moment the database's owner froze it at), in whole seconds
    since the epoch: the time of every event a member writes (migration 0011)."""
    row = reader.one("SELECT session_user, pk_is_member(), pk_is_lead(), pk_clock()")
    assert row is not None
    return str(row[0]), bool(row[1]), bool(row[2]), int(row[3])


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

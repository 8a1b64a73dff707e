"""The database: check, upgrade, backup, and the files no output may replace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.config import Settings
from promisekeeper.errors import (
    StorageError,
)
from promisekeeper.store import Reader, Store, queries

if TYPE_CHECKING:
    pass


from promisekeeper.service import protected_files, store_for

# --- database ---------------------------------------------------------------------------------


class CheckResult(NamedTuple):
    location: str
    version: str | None
    problems: list[str]
    counts: dict[str, int]


def db_check(settings: Settings) -> CheckResult:
    from promisekeeper.store import SqliteStore, schema_version

    store = store_for(settings)
    problems: list[str] = []
    with store.reader() as reader:
        problems += queries.damage(reader, isinstance(store, SqliteStore))
        counts = queries.table_counts(reader)
        if not problems:  # damaged pages first: reading every row of them would fail anyway
            problems += _record_problems(reader)
            problems += _chain_problems(reader, settings)
    return CheckResult(store.location, schema_version(store), problems, counts)


def _record_problems(reader: Reader) -> list[str]:
    """Every promise and event checked by the rules an import applies (``domain.validate``)."""
    from promisekeeper.domain.validate import check_promise
    from promisekeeper.store.export import promises

    problems = []
    try:
        for item in promises(reader):
            _promise, _events, found = check_promise(item)
            problems += [f"promise #{item['id']}: {problem}" for problem in found]
    except (OverflowError, ValueError) as exc:  # a stored time no datetime can hold
        problems.append(f"a promise holds a value pk cannot read ({exc})")
    return problems


def _chain_problems(reader: Reader, settings: Settings) -> list[str]:
    """What ``pk db verify`` finds (docs/formats.md, "The chain"), in its words."""
    from promisekeeper.domain.chain import findings
    from promisekeeper.service.chain import check

    return [f"history: {line}" for line in findings(check(reader, settings.tz), settings.tz)]


class Upgraded(NamedTuple):
    before: str | None  # the schema it had (None: empty)
    after: str
    moved: list[str]  # members moved from the server's old groups to this database's own
    group: str  # this database's member group, when members moved


def db_upgrade(settings: Settings) -> Upgraded:
    """Opening upgrades already; this reports what the schema is (and was), and who moved to
    the database's own groups (docs/team.md, "Roles")."""
    from promisekeeper.store import SqliteStore, ensure_schema, is_postgres, schema_version
    from promisekeeper.store.migrate import upgrade

    if is_postgres(settings.db):
        from promisekeeper.store import PostgresStore

        store: Store = PostgresStore(settings.db)
    else:
        store = store_for(settings)
    before = schema_version(store)
    moved: list[str] = []
    if store.kind == "postgresql" and before is not None:
        from promisekeeper.store.team import server_wide_members

        with store.reader() as reader:
            moved = server_wide_members(reader)
    if isinstance(store, SqliteStore) or before is None:
        ensure_schema(store)
    else:
        upgrade(store)
    group = ""
    if store.kind == "postgresql":
        # members keep their privileges on tables an upgrade adds (docs/team.md)
        from promisekeeper.store.team import grant_privileges, groups

        with store.transaction() as executor:
            grant_privileges(executor)
            group = groups(executor)[0]
    after = schema_version(store) or ""
    return Upgraded(before, after, moved if before != after else [], group)


def db_backup(settings: Settings, target: str | None) -> Path:
    """A consistent copy of the live SQLite database in a new private file (SQLite's backup
    API). Done only when the copy holds every committed write; anything else is one line and
    no file."""
    from promisekeeper.files import check_target, make_private_dirs
    from promisekeeper.store import SqliteStore

    if target is not None:
        # Checked before the database is opened: a bad target reads nothing.
        path = check_target(
            target, "the backup", protected=protected_files(settings), must_be_new=True
        ).path
    store = store_for(settings)
    if not isinstance(store, SqliteStore):
        raise StorageError("Back up a PostgreSQL database with pg_dump (see examples/team.md).")
    if target is None:
        stamp = settings.now.astimezone(settings.tz).strftime("%Y%m%d-%H%M%S")
        folder = store.path.parent / "backups"
        make_private_dirs(folder)
        path = check_target(str(folder / f"pk-{stamp}.db"), "the backup", must_be_new=True).path
    store.backup_to(path)
    return path

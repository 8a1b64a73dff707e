"""Running Alembic migrations safely.

The whole upgrade runs in one transaction that first takes the database's write lock
(``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL) and then re-reads the version: when
several processes open a new database at once, exactly one creates the schema and the others find it
done. On SQLite an existing database is copied with the backup API first, foreign keys are off
during the migration (batch mode recreates tables) and ``foreign_key_check`` must pass before
commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from promisekeeper.errors import SchemaTooNew, StorageError
from promisekeeper.store.engines import (
    SqliteStore,
    Store,
    backup_sqlite,
    hold_before_commit,
    translate_errors,
)
from promisekeeper.store.schema import HEAD, REVISIONS

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Any fixed number: serialises schema creation between pk processes sharing a PostgreSQL database.
_PG_LOCK_KEY = 7_215_042_026


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def alembic_config(connection: Connection | None = None) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "promisekeeper.store:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _current(connection: Connection) -> str | None:
    if connection.dialect.name == "sqlite":
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
    else:
        exists = connection.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar()
    if not exists:
        return None
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return None if row is None else str(row[0])


def upgrade(store: Store) -> UpgradeResult:
    from alembic import command

    engine = store.engine(migrating=True)
    try:
        with translate_errors(getattr(store, "url", "")), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            before = _current(connection)
            if before == HEAD:
                return UpgradeResult(before, HEAD, None)
            if before is not None and before not in REVISIONS:
                raise SchemaTooNew(
                    f"This database was written by a newer pk (schema {before}). Upgrade pk."
                )
            backup = None
            if before is not None and isinstance(store, SqliteStore):
                backup = _backup_before_upgrade(store, before)
            command.upgrade(alembic_config(connection), "head")  # type: ignore[arg-type]
            if connection.dialect.name == "sqlite":
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(
                        f"The upgrade would break {len(problems)} references; it was rolled back "
                        "and the database is unchanged."
                    )
            hold_before_commit()
            return UpgradeResult(before, HEAD, backup)
    finally:
        engine.dispose()


def _backup_before_upgrade(store: SqliteStore, version: str) -> Path:
    """Copy the database as it is before the upgrade. The migration's connection already holds
    the write lock but has written nothing; a second connection reads the same state (readers
    are never blocked by the lock), and the backup API cannot copy from the locking connection
    itself: it retries for ever."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = store.path.with_name(f"{store.path.name}.schema-{version}-{stamp}.bak")
    number = 1
    while target.exists():  # an earlier attempt (killed, say) left one this very second
        number += 1
        target = store.path.with_name(f"{store.path.name}.schema-{version}-{stamp}-{number}.bak")
    reader = store.connect()
    try:
        backup_sqlite(reader, target)
    finally:
        reader.close()
    return target

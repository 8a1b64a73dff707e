"""Storage: the only module that talks to a database.

* Reads go through ``Store.reader()``: the SQL texts in ``store.queries``, run by the standard
  library's sqlite3 on SQLite and by psycopg on PostgreSQL (so the everyday commands never import
  SQLAlchemy). One SQL text per query serves both.
* Writes go through ``writer(store)``: ``store.changes.Changes``, the SQL texts of every write,
  in one transaction (``BEGIN IMMEDIATE`` on SQLite, row locks on PostgreSQL), again with sqlite3
  on SQLite and psycopg on PostgreSQL.
* The schema is Alembic's; ``open_store`` checks the version with plain SQL and migrates (under a
  lock, after a backup on SQLite) only when the database is new or older than this program.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from promisekeeper.errors import InputError, SchemaTooNew, StorageError
from promisekeeper.store.engines import (
    SQLITE_HEADER,
    PostgresStore,
    PsycopgReader,
    Reader,
    Row,
    SqliteReader,
    SqliteStore,
    Store,
    busy_timeout_ms,
    hold_before_commit,
    is_postgres,
    redact,
    scrub,
    secrets_of,
    translate_errors,
)
from promisekeeper.store.schema import HEAD, REVISIONS

if TYPE_CHECKING:
    from promisekeeper.store.changes import Changes

__all__ = [
    "SQLITE_HEADER",
    "PostgresStore",
    "PsycopgReader",
    "Reader",
    "Row",
    "SqliteReader",
    "SqliteStore",
    "Store",
    "busy_timeout_ms",
    "ensure_schema",
    "existing_sqlite_reader",
    "hold_before_commit",
    "is_postgres",
    "open_store",
    "redact",
    "schema_version",
    "scrub",
    "secrets_of",
    "translate_errors",
    "writer",
]

# --- opening ----------------------------------------------------------------------------------


@contextmanager
def existing_sqlite_reader(db: str) -> Iterator[Reader | None]:
    """A reader on ``db`` when it is an existing SQLite file, opened read-only without creating,
    migrating or writing anything (shell completion); None otherwise."""
    from urllib.parse import quote

    path = Path(db.removeprefix("sqlite:///")).expanduser()
    if is_postgres(db) or not path.is_file():
        yield None
        return
    connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=1)
    try:
        yield SqliteReader(connection)
    finally:
        connection.close()


def open_store(
    db: str, *, default_location: bool = False, limits: tuple[float, float] | None = None
) -> Store:
    """Open ``db`` (a path, ``sqlite:///path`` or a PostgreSQL URL), creating and migrating the
    schema when needed. ``default_location`` allows creating the private data directory;
    ``limits`` are PostgreSQL's lock and statement timeouts in seconds (docs/team.md)."""
    if is_postgres(db):
        store: Store = PostgresStore(db, limits)
        ensure_schema(store)
        return store
    if re.match(r"[a-z][a-z0-9+.-]*://", db) and not db.startswith("sqlite:///"):
        raise InputError(
            f"pk keeps promises in SQLite (a file path) or PostgreSQL (postgresql+psycopg://…); "
            f'"{redact(db)}" is neither.'
        )
    path = Path(db.removeprefix("sqlite:///")).expanduser()
    _prepare_sqlite_file(path, default_location)
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    sqlite_store = SqliteStore(path, writable)
    ensure_schema(sqlite_store)
    _warn_if_shared(path)
    return sqlite_store


def _warn_if_shared(path: Path) -> None:
    """pk creates its database private (0600); one made readable to others since gets a
    warning on each use (a ``PkWarning``: the CLI shows it as one line on stderr)."""
    import stat

    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        import warnings

        from promisekeeper.errors import PkWarning

        warnings.warn(
            PkWarning(
                f"the database {path} can be read by other users of this machine "
                f"(mode {mode:04o}); `chmod 600 {path}` makes it private."
            ),
            stacklevel=2,
        )


def _prepare_sqlite_file(path: Path, default_location: bool) -> None:
    directory = path.parent
    if not directory.is_dir():
        if not default_location:
            raise InputError(
                f"The directory {directory} does not exist; create it or choose another --db."
            )
        from promisekeeper.files import make_private_dirs

        make_private_dirs(directory)
    from promisekeeper.files import file_kind

    kind = file_kind(path, "as the database")
    if kind == "folder":
        raise InputError(f"{path} is a directory; --db takes a file path.")
    if kind == "other":
        raise InputError(f"{path} is not a regular file; --db takes a database file.")
    if kind == "missing":
        try:
            # Created private before SQLite opens it; the -wal/-shm files inherit its mode.
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            return
        except FileExistsError:
            pass  # another pk created it this instant: check it as an existing file
        except OSError as exc:
            raise StorageError(f"Cannot create the database {path}: {exc.strerror}.") from exc
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StorageError(f"Cannot read the database {path}: {exc.strerror}.") from exc
    if header and header != SQLITE_HEADER:
        raise StorageError(
            f"{path} is not a pk database (not an SQLite file); it was left untouched. "
            "Choose another --db."
        )


def schema_version(store: Store) -> str | None:
    """The stored Alembic revision; None for an empty database."""
    if isinstance(store, SqliteStore):
        connection = store.connect()
        try:
            with translate_errors():
                tables = {
                    r[0]
                    for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
                if "alembic_version" not in tables:
                    if tables - {"sqlite_sequence"}:
                        raise StorageError(
                            f"{store.path} is an SQLite file but not a pk database; "
                            "it was left untouched. Choose another --db."
                        )
                    return None
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
        return None if row is None else str(row[0])
    assert isinstance(store, PostgresStore)
    with store.reader(keep=True) as reader:  # the command's first read uses it again
        if reader.one("SELECT to_regclass('alembic_version')")[0] is None:  # type: ignore[index]
            return None
        found = reader.one("SELECT version_num FROM alembic_version")
    return None if found is None else str(found[0])


def ensure_schema(store: Store) -> None:
    version = schema_version(store)
    if version == HEAD:
        return
    if version is not None and version not in REVISIONS:
        raise SchemaTooNew(
            f"This database was written by a newer pk (schema {version}; this pk knows up to "
            f"{HEAD}). Upgrade pk; the database was left untouched."
        )
    from promisekeeper.store.migrate import upgrade

    if isinstance(store, SqliteStore):
        store.refuse_if_read_only()
    upgrade(store)


@contextmanager
def writer(store: Store) -> Iterator[Changes]:
    """One write transaction of ``store`` and the writes it allows (``Changes``), committed when
    the block ends without an error, rolled back otherwise."""
    from promisekeeper.store.changes import Changes

    with store.transaction() as executor:
        yield Changes(executor)

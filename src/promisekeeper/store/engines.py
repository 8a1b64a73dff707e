"""The connections pk opens: readers and writers on SQLite (the standard library's sqlite3) and
PostgreSQL (psycopg 3; SQLAlchemy only for Alembic's migrations), their error messages (one
line, never a password) and URL redaction. ``store`` opens them (``open_store``) and
``store.migrate`` migrates through them.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from promisekeeper.errors import InputError, PkError, StorageError, install_extra

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

SQLITE_HEADER = b"SQLite format 3\x00"


def busy_timeout_ms() -> int:
    """How long a write waits for another pk's write lock. ``PK_BUSY_TIMEOUT_MS`` lengthens it
    for slow or crowded machines (the concurrency tests set it, so that they wait on progress
    rather than on the machine's speed)."""
    from promisekeeper.config import BUSY_TIMEOUT, env_number

    return int(env_number(BUSY_TIMEOUT))


Row = Sequence[Any]


class Reader(Protocol):
    """Runs one SQL text (named ``:params``) and returns plain rows."""

    engine: str

    def all(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None: ...


class Executor(Reader, Protocol):
    """A reader inside a write transaction: it also runs changes (``store.changes``)."""

    engine: str

    def run(self, sql: str, params: Mapping[str, Any] | None = None) -> None: ...

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None: ...


def seconds(moment: datetime) -> int:
    """A time as the database keeps it: whole seconds since the epoch, UTC."""
    return int(moment.timestamp() // 1)


def bound(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Parameters as the database takes them: times as integer UTC seconds."""
    return {k: seconds(v) if isinstance(v, datetime) else v for k, v in (params or {}).items()}


class SqliteReader:
    """SQL texts through the standard library's sqlite3, for reads and (inside
    ``SqliteStore.transaction``) writes."""

    engine = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def all(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        with translate_errors():
            return self.connection.execute(sql, bound(params)).fetchall()

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
        with translate_errors():
            row: Row | None = self.connection.execute(sql, bound(params)).fetchone()
            return row

    def run(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        with translate_errors():
            self.connection.execute(sql, bound(params))

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            with translate_errors():
                self.connection.executemany(sql, [bound(r) for r in rows])


class PsycopgReader:
    """The same SQL texts through psycopg 3 alone (PostgreSQL): SQLAlchemy is for migrations,
    and loading it cost every command on PostgreSQL more than the command itself."""

    engine = "postgresql"

    def __init__(self, connection: Any, url: str = "") -> None:
        self.connection = connection
        self.url = url  # to keep its password out of error messages

    def all(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        with translate_errors(self.url):
            cursor = self.connection.execute(pyformat(sql), bound(params))
            return cursor.fetchall() if cursor.description is not None else []

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def run(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        with translate_errors(self.url):
            self.connection.execute(pyformat(sql), bound(params))

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            with translate_errors(self.url), self.connection.cursor() as cursor:
                cursor.executemany(pyformat(sql), [bound(r) for r in rows])


_PYFORMAT: dict[str, str] = {}


def pyformat(sql: str) -> str:
    """An SQL text's ``:name`` parameters as psycopg's ``%(name)s`` (a ``::`` cast stays; a
    literal ``%`` is doubled)."""
    found = _PYFORMAT.get(sql)
    if found is None:
        found = re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", sql.replace("%", "%%"))
        _PYFORMAT[sql] = found
    return found


def chain_functions(connection: sqlite3.Connection) -> None:
    """The functions SQLite's trigger calls to extend the chained history as it stores an
    event (docs/formats.md, "The chain"). A connection without them (the ``sqlite3`` shell)
    cannot add an event at all."""

    def chain_link(prev: str, seq: int, *values: Any) -> str:
        from promisekeeper.domain.chain import sqlite_link

        return sqlite_link(prev, seq, *values)

    def chain_parts(*values: Any) -> str:
        from promisekeeper.domain.chain import sqlite_parts

        return sqlite_parts(*values)

    connection.create_function("pk_chain_link", 10, chain_link, deterministic=True)
    connection.create_function("pk_chain_parts", 8, chain_parts, deterministic=True)


def _file_state(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql:", "postgresql+", "postgres:"))


def redact(db: str) -> str:
    """A database URL without its password, for every message and listing. The URL is parsed by
    SQLAlchemy, which connects with it; where that parse is not sure (a raw ``@`` in the
    password, which it would split at the wrong place) or fails, everything between ``://`` and
    the last ``@`` is hidden. A ``password=`` query parameter is hidden too."""
    if "://" not in db:
        return db
    parts = _url_parts(db)
    if parts is None:
        scheme, rest = db.split("://", 1)
        if "@" in rest:
            rest = "***@" + rest.rpartition("@")[2]
        return _hide_query_password(f"{scheme}://{rest}")
    return _hide_query_password(parts.render_as_string(hide_password=True))


def _hide_query_password(text: str) -> str:
    return re.sub(r"([?&]password=)[^&]*", r"\1***", text)


def _url_parts(db: str) -> Any:
    """SQLAlchemy's reading of ``db``, or None when it fails or is ambiguous."""
    from sqlalchemy.engine import make_url

    try:
        url = make_url(db)
    except Exception:
        return None
    if "@" in (url.host or "") or "@" in (url.database or ""):
        return None
    return url


def secrets_of(db: str) -> list[str]:
    """Every form of the password in ``db`` that a driver's message could quote."""
    from urllib.parse import quote, unquote

    if "://" not in db:
        return []
    found = []
    parts = _url_parts(db)
    if parts is not None and parts.password:
        found.append(str(parts.password))
    userinfo = db.split("://", 1)[1].rpartition("@")[0]
    if ":" in userinfo:
        found.append(userinfo.split(":", 1)[1])
    for value in re.findall(r"[?&]password=([^&]*)", db):
        found.append(value)
    found += [unquote(f) for f in found] + [quote(f, safe="") for f in found]
    return sorted({f for f in found if f}, key=len, reverse=True)


def scrub(message: str, db: str) -> str:
    for secret in secrets_of(db):
        message = message.replace(secret, "***")
    return message


class Store:
    """An open database. Cheap to create; connections are made on use."""

    kind: str
    location: str

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        raise NotImplementedError
        yield

    @contextmanager
    def transaction(self) -> Iterator[Executor]:
        """One write transaction; ``store.writer`` gives its writes (``Changes``)."""
        raise NotImplementedError
        yield

    def engine(self, *, migrating: bool = False) -> Engine:
        raise NotImplementedError


class SqliteStore(Store):
    kind = "sqlite"

    def __init__(self, path: Path, writable: bool = True) -> None:
        self.path = path
        self.location = str(path)
        # WAL needs to create files next to the database, even to read it. Where that is not
        # possible (a read-only file system, no write permission) reads take the read-only path
        # of _connect_read_only and writes are refused up front.
        self.writable = writable
        self.main_file_only = False  # reads bypass the write-ahead log (see _connect_read_only)
        self._engine: Engine | None = None

    def connect(self) -> sqlite3.Connection:
        if not self.writable:
            return self._connect_read_only()
        with translate_errors():
            connection = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=busy_timeout_ms() / 1000
            )
            connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
            chain_functions(connection)
        return connection

    def _connect_read_only(self) -> sqlite3.Connection:
        """Where pk cannot write (a read-only mount, no permission on the folder). Read-only
        mode sees the write-ahead log, so every committed write, as long as the log's index
        file (``-shm``) exists, as it does while another process has the database open. When it
        cannot be opened that way, the immutable mode reads the main file alone, which is
        complete only when there is no log: with a log it cannot read, pk refuses."""
        from urllib.parse import quote

        base = f"file:{quote(str(self.path))}"
        with translate_errors():
            try:
                connection = sqlite3.connect(
                    f"{base}?mode=ro",
                    isolation_level=None,
                    uri=True,
                    timeout=busy_timeout_ms() / 1000,
                )
                connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
                connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                return connection
            except sqlite3.OperationalError as exc:
                if "unable to open" not in str(exc):
                    raise
        if self.unread_log():
            raise StorageError(
                f"The database {self.path} is read-only here, and its write-ahead log "
                f"({self.path.name}-wal) holds changes that cannot be read without write access "
                "to its folder; nothing was read. Run pk where the folder is writable."
            )
        self.main_file_only = True
        with translate_errors():
            return sqlite3.connect(f"{base}?immutable=1", isolation_level=None, uri=True)

    def backup_to(self, path: Path) -> None:
        """A consistent copy in the new private file ``path`` (SQLite's backup API), done only
        when it holds every committed write; otherwise one ``StorageError`` and no file."""
        from promisekeeper.files import remove_quietly

        before = _file_state(self.path)
        source = self.connect()
        try:
            backup_sqlite(source, path)
        except (OSError, sqlite3.Error) as exc:  # backup_sqlite leaves no partial file
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise StorageError(
                f"Cannot write the backup {path}: {reason}; no backup was made."
            ) from exc
        finally:
            source.close()
        if self.main_file_only and (self.unread_log() or _file_state(self.path) != before):
            # Read from the main file alone (see _connect_read_only): a write that reached the
            # database meanwhile may be missing from the copy.
            remove_quietly(path)
            raise StorageError(
                f"The database {self.path} changed while it was copied from a read-only place; "
                "no backup was made. Try again, or back up where its folder is writable."
            )

    def unread_log(self) -> bool:
        """A write-ahead log with content beside the database (changes not yet in the main
        file)."""
        try:
            return os.stat(f"{self.path}-wal").st_size > 0
        except OSError:
            return False

    def refuse_if_read_only(self) -> None:
        if not self.writable:
            raise StorageError(
                f"The database {self.path} is read-only here (read-only file system or no write "
                "permission on it or its folder); nothing was written."
            )

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        connection = self.connect()
        try:
            with translate_errors():
                connection.execute("BEGIN")  # one snapshot for every query of a command
            yield SqliteReader(connection)
        finally:
            connection.close()

    def engine(self, *, migrating: bool = False) -> Engine:
        if self._engine is not None and not migrating:
            return self._engine
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import NullPool

        # No pool: a pk process does one unit of work, and closing the connection when it ends
        # lets SQLite checkpoint the WAL into the database file at once.
        engine = create_engine(f"sqlite:///{self.path}", hide_parameters=True, poolclass=NullPool)
        # Migrations recreate tables in batch mode; with foreign keys on, that would cascade.
        foreign_keys = "OFF" if migrating else "ON"

        @event.listens_for(engine, "connect")
        def _setup(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            # Take control of transactions (SQLAlchemy's SQLite dialect notes): pysqlite's
            # lazy BEGIN loses updates between processes.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
            cursor.execute("PRAGMA journal_mode = WAL")
            # FULL: a change reported done survives power loss too, not only a crash.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {foreign_keys}")
            cursor.close()
            chain_functions(dbapi_connection)

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        if not migrating:
            self._engine = engine
        return engine

    @contextmanager
    def transaction(self) -> Iterator[Executor]:
        """One write transaction with the standard library's sqlite3: the write lock is taken
        up front (``BEGIN IMMEDIATE``: pysqlite's lazy transactions lose updates between
        processes), foreign keys on, ``synchronous=FULL`` (a change reported done survives power
        loss too, not only a crash)."""
        self.refuse_if_read_only()
        connection = self.connect()
        try:
            with translate_errors():
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = FULL")
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteReader(connection)
                hold_before_commit()
                with translate_errors():
                    connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        finally:
            connection.close()


# A URL every parser reads the same way (one @ at most, a numeric port, nothing odd): checked
# without loading SQLAlchemy, whose URL parser decides the rest (``PostgresStore._check_url``).
_PLAIN_URL = re.compile(
    r"postgres(?:ql)?(?:\+psycopg)?://(?:[^:@/?#\s]*(?::[^@/?#\s]*)?@)?"
    r"[^:@/?#\s]*(?::\d{1,5})?(?:/[^?#@\s]*)?(?:\?[^#@\s]*)?"
)


def _plain_url(url: str) -> bool:
    if not _PLAIN_URL.fullmatch(url):
        return False
    port = re.search(r":(\d+)(?=[/?]|$)", url.rpartition("@")[2])
    return port is None or 0 < int(port.group(1)) < 65536


class PostgresStore(Store):
    kind = "postgresql"

    def __init__(self, url: str, limits: tuple[float, float] | None = None) -> None:
        self.url = url
        self.limits = limits  # (lock_timeout, statement_timeout) in seconds, for every command
        self._engine: Engine | None = None
        self._spare: Any = None  # an open connection the next reader or writer takes
        self._check_url()

    @property
    def location(self) -> str:  # type: ignore[override]
        """The URL without its password, for messages and listings."""
        return redact(self.url)

    def _ambiguous(self) -> InputError:
        return InputError(
            f"The database URL {self.location} is ambiguous: write an @, : or / in the user "
            "name or password as %40, %3A or %2F."
        )

    def _check_url(self) -> None:
        """Refuse, in one line without the password, a URL the driver would misread; or one
        naming another driver than psycopg 3."""
        driver = re.match(r"postgres(?:ql)?\+([^:]*)://", self.url)
        if driver and driver.group(1) != "psycopg":
            raise InputError(
                f"The database driver {driver.group(1)} is not the one pk uses: pk connects with "
                "psycopg 3, so write the URL as postgresql+psycopg://…"
            )
        if _plain_url(self.url):
            return
        from sqlalchemy.engine import make_url

        try:
            parts = make_url(self.url)
        except ValueError as exc:
            host_part = self.location.split("://", 1)[-1].rpartition("@")[2]  # no password
            port = re.match(r"[^/?:]*:([^/?]*)", host_part)
            if port is None or port.group(1).isdigit():
                raise self._ambiguous() from exc
            detail = f' (port "{port.group(1)}" is not a number)'
            raise InputError(
                f"The database URL {self.location} cannot be read{detail}; the form is "
                "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE."
            ) from exc
        if _url_parts(self.url) is None:
            raise self._ambiguous()
        if parts.port is not None and not 0 < parts.port < 65536:
            raise InputError(f"The database URL {self.location} has no valid port (1–65535).")

    def conninfo(self) -> str:
        """The URL as libpq reads it."""
        return re.sub(r"^postgres(?:ql)?(?:\+psycopg)?://", "postgresql://", self.url)

    def connect(self) -> Any:
        """A psycopg connection; libpq reads the password from the URL, PGPASSWORD, ~/.pgpass
        or a service file. A server that takes the connection and never answers must not hang
        pk: libpq's connect_timeout, unless the URL or PGCONNECT_TIMEOUT sets one."""
        try:
            import psycopg
        except ModuleNotFoundError as exc:
            raise StorageError(
                f"The database driver psycopg is not installed; pk uses psycopg 3 "
                f"(postgresql+psycopg://…): {install_extra('postgres')}."
            ) from exc
        with translate_errors(self.url):
            return psycopg.connect(self._limited(self.conninfo()), **self._timeout())

    def _limited(self, conninfo: str) -> str:
        """The connection with the lock and statement timeouts set as its session starts
        (libpq's ``options``: no round trip), so that nobody can make a command wait without
        end (docs/team.md). ``options`` of the URL's own come after, so its timeouts win."""
        if self.limits is None:
            return conninfo
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        lock, statement = (max(1, round(seconds * 1000)) for seconds in self.limits)
        ours = f"-c lock_timeout={lock} -c statement_timeout={statement}"
        params = conninfo_to_dict(conninfo)
        theirs = params.get("options")
        params["options"] = f"{ours} {theirs}" if theirs else ours
        return make_conninfo("", **params)

    def _timeout(self) -> dict[str, Any]:
        """libpq's connect_timeout, unless the URL or PGCONNECT_TIMEOUT sets one."""
        if "connect_timeout" in self.url or os.environ.get("PGCONNECT_TIMEOUT"):
            return {}
        return {"connect_timeout": connect_timeout()}

    def engine(self, *, migrating: bool = False) -> Engine:
        """SQLAlchemy's engine, for Alembic's migrations."""
        if self._engine is None:
            from sqlalchemy import create_engine
            from sqlalchemy.pool import NullPool

            url = re.sub(r"^postgres(?:ql)?://", "postgresql+psycopg://", self.url)
            try:
                # No pool: a pk process does one unit of work, and a pooled connection would
                # stay open (holding one of the server's max_connections slots) until the
                # engine is garbage-collected.
                self._engine = create_engine(
                    url, hide_parameters=True, poolclass=NullPool, connect_args=self._timeout()
                )
            except ModuleNotFoundError as exc:
                raise StorageError(
                    f"The database driver {exc.name or 'for this URL'} is not installed; pk uses "
                    f"psycopg 3 (postgresql+psycopg://…): {install_extra('postgres')}."
                ) from exc
        return self._engine

    @contextmanager
    def reader(self, *, keep: bool = False) -> Iterator[Reader]:
        """A connection for reading; with ``keep`` it stays open afterwards for the next
        reader or writer of this command (opening the database checks the schema version, and
        the command's own reading then needs no second connection)."""
        connection = self._take()
        kept = False
        try:
            yield PsycopgReader(connection, self.url)
            if keep:
                with translate_errors(self.url):
                    connection.rollback()  # the next use starts its own transaction
                self._spare, kept = connection, True
        finally:
            if not kept:
                connection.close()

    def close(self) -> None:
        """Close the connection kept for the next use, if no use took it."""
        spare, self._spare = self._spare, None
        if spare is not None:
            with suppress(Exception):
                spare.close()

    def __del__(self) -> None:
        self.close()

    def _take(self) -> Any:
        connection, self._spare = self._spare, None
        if connection is not None and not connection.closed:
            return connection
        return self.connect()

    @contextmanager
    def transaction(self) -> Iterator[Executor]:
        """One write transaction through psycopg (no ORM); promises are row-locked."""
        connection = self._take()
        try:
            yield PsycopgReader(connection, self.url)
            hold_before_commit()
            with translate_errors(self.url):
                connection.commit()
        except BaseException:
            if not connection.closed:
                with suppress(Exception):
                    connection.rollback()
            raise
        finally:
            connection.close()


def connect_timeout() -> int:
    """How long pk waits for PostgreSQL to answer a connection (PGCONNECT_TIMEOUT wins)."""
    from promisekeeper.config import CONNECT_TIMEOUT, env_number

    return int(env_number(CONNECT_TIMEOUT))


def hold_before_commit() -> None:
    """A test hook, so that crash tests need not guess the machine's speed: with
    ``PK_TEST_HOLD=PATH`` set, a write that has done all its work creates ``PATH.held`` and
    waits, inside its transaction, until ``PATH.go`` exists; a test kills it there, or lets it
    commit. Unset (always, outside the test suite), it costs one environment lookup."""
    hold = os.environ.get("PK_TEST_HOLD")
    if not hold:
        return
    import time

    Path(f"{hold}.held").write_text(str(os.getpid()))
    while not os.path.exists(f"{hold}.go"):
        time.sleep(0.01)


@contextmanager
def translate_errors(url: str = "") -> Iterator[None]:
    """Turn driver errors into one clear ``StorageError`` (never a traceback, never a password)."""
    try:
        yield
    except PkError:
        raise
    except Exception as exc:
        message = _storage_message(exc)
        if message is None:
            raise
        if message.startswith("The database refused"):
            from promisekeeper.errors import Refused

            raise Refused(scrub(message, url)) from exc
        if message.startswith(
            ("Cannot connect to the database", "Cannot open the database", "Waited too long")
        ):
            from promisekeeper.errors import Unreachable

            raise Unreachable(scrub(message, url)) from exc
        raise StorageError(scrub(message, url)) from exc


def _storage_message(exc: Exception) -> str | None:
    original = getattr(exc, "orig", None) or exc
    module = type(original).__module__
    text = (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
    lowered = text.lower()
    if "database is locked" in lowered or "database is busy" in lowered:
        return (
            "The database is busy (another pk is writing) and stayed busy for "
            f"{busy_timeout_ms() / 1000:g} s; try again."
        )
    if "read-only transaction" in lowered:  # PostgreSQL: a standby, or read-only by setting
        return (
            "The database server takes no writes (a standby, or default_transaction_read_only "
            "is on); nothing was written. Use the primary server's address."
        )
    if "readonly database" in lowered or "read-only" in lowered:
        return "The database is read-only here; nothing was written. Check the file's permissions."
    if "disk is full" in lowered or "disk i/o error" in lowered:
        return f"The database could not be written ({text}); nothing was saved. Free some space."
    if "not a database" in lowered or "malformed" in lowered:
        return (
            f"The database file is damaged or not a pk database ({text}). `pk db check` tells more."
        )
    if "unable to open database" in lowered:
        return f"Cannot open the database file ({text}). Check the path and its permissions."
    if module.startswith(("sqlite3", "psycopg")) or type(exc).__module__.startswith("sqlalchemy"):
        if "could not serialize" in lowered or "deadlock" in lowered:
            return (
                "Someone changed the same promise at the same moment; nothing was written. "
                "Try again."
            )
        if "connection" in lowered and "permission denied for database" in lowered:
            return (
                "Cannot connect to the database: your role may not connect to it (not on the "
                "team? the database's owner runs pk db grant NAME)."
            )
        if "is not permitted to log in" in lowered:
            return (
                "Cannot connect to the database: your role may not log in (taken off the team? "
                "the database's owner runs pk db grant NAME)."
            )
        if (
            "no schema has been selected" in lowered
            or "permission denied for schema" in lowered
            or "permission denied for table alembic_version" in lowered
        ):
            return (
                "The database refused: your role cannot use pk's tables there (is it on the "
                "team? the database's owner runs pk db grant NAME); nothing was written."
            )
        if lowered.startswith("pk: "):  # the schema's own rules (migration 0011)
            return f"The database refused the change: {text[4:]}; nothing was written."
        if "row-level security" in lowered or "permission denied for" in lowered:
            return (
                "The database refused the change: your role may not make it (team.auth = "
                f"database; `pk team members` shows who may); nothing was written. ({text})"
            )
        if "due to lock timeout" in lowered:
            return (
                "Waited too long: another session held a lock pk needed longer than "
                "db.lock_timeout allows; nothing was written. Try again, or ask who holds it "
                "(pg_stat_activity)."
            )
        if "due to statement timeout" in lowered:
            return (
                "Waited too long: a statement ran longer than db.statement_timeout allows; "
                "nothing was written. Try again, or raise db.statement_timeout."
            )
        if "timeout expired" in lowered:
            return (
                f"Cannot connect to the database: it did not answer within {connect_timeout()} s "
                "(PGCONNECT_TIMEOUT or connect_timeout in the URL set another limit)."
            )
        if "connection" in lowered or "connect" in lowered or "password" in lowered:
            return f"Cannot connect to the database: {text}"
        return f"Database error: {text}"
    return None


def backup_sqlite(source: object, target: Path) -> None:
    """Copy a live SQLite database with the backup API into a new private file."""
    import sqlite3

    assert isinstance(source, sqlite3.Connection)
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:  # from here on the file is ours: on any failure, none is left behind
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)
        finally:
            destination.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise

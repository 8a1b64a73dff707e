"""Table definitions (SQLModel) used for writes. Alembic owns the schema: these classes describe
rows and never create tables in production code.

Times are stored as whole seconds since the epoch, UTC (``UTCTime``): the same integer column on
SQLite and PostgreSQL, so one SQL text serves both engines and every comparison is exact.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata
from promisekeeper.domain.states import ACTIVE_INDEX_WHERE as OPEN  # noqa: E402
from promisekeeper.domain.states import LOOPED_INDEX_WHERE as LOOPED  # noqa: E402
from promisekeeper.domain.states import WAITING_INDEX_WHERE as WAITING  # noqa: E402

# The events of the customer's and the team's voice, read beside many promises at once.
VOICE = "kind IN ('feedback_asked', 'feedback', 'flagged')"
ANSWERED = "kind = 'answered'"
CLOSED = "closed_at IS NOT NULL AND deleted_at IS NULL"
BLOCKS = "blocks_id IS NOT NULL AND closed_at IS NULL AND deleted_at IS NULL"
SERIES = "series_id IS NOT NULL"
CHAINED = "seq IS NOT NULL"

# Ids are 64-bit: BIGINT on PostgreSQL; SQLite's INTEGER is 64-bit already and must stay
# INTEGER to be the row id (and AUTOINCREMENT).
Id = BigInteger().with_variant(Integer(), "sqlite")


class UTCTime(TypeDecorator[datetime]):
    """An aware datetime stored as integer seconds since the epoch (UTC)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return int(value.timestamp() // 1)

    def process_result_value(self, value: int | None, dialect: object) -> datetime | None:
        return None if value is None else datetime.fromtimestamp(value, UTC)


class Customer(SQLModel, table=True):
    __tablename__ = "customer"

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    name: str = Field(sa_column=Column(Text, nullable=False))
    # casefold(name): names are unique case-insensitively (docs/words.md).
    name_fold: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    created_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    # The customer's own zone (IANA) and holiday calendar ("DE/BY"): docs/business-time.md.
    timezone: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    calendar: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The addresses pk asks the customer's verdict at, one a line (docs/feedback.md), or empty.
    emails: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # How often we review our promises with the customer ("every 3 months"), and since when.
    review_every: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    review_from: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    # What the customer expects of every promise ("quotes in EUR"), one a line, or empty.
    expectations: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Review(SQLModel, table=True):
    """A review held with a customer (docs/feedback.md): when, by whom, a note."""

    __tablename__ = "review"

    customer_id: int = Field(
        sa_column=Column(Id, ForeignKey("customer.id"), primary_key=True, autoincrement=False)
    )
    at: datetime = Field(sa_column=Column(UTCTime, primary_key=True))
    by: str = Field(sa_column=Column(Text, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Secret(SQLModel, table=True):
    """The database's own secrets by name: ``feedback``, the key of the tokens that tie a
    customer's reply to its promise (hex). On PostgreSQL no member reads this table: a member's
    pk asks ``pk_feedback_token`` for a token (migration 0013)."""

    __tablename__ = "secret"

    name: str = Field(sa_column=Column(Text, primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))


class Standard(SQLModel, table=True):
    """A service standard: a named promise kind with a time in business days or hours; one with
    a ``customer_id`` is that customer's own, used for its promises instead of the general one
    of the same name (a name is unique among the general ones and among each customer's)."""

    __tablename__ = "standard"
    __table_args__ = (
        Index(
            "ux_standard_general_name",
            "name_fold",
            unique=True,
            sqlite_where=text("customer_id IS NULL"),
            postgresql_where=text("customer_id IS NULL"),
        ),
        Index("ux_standard_customer_name", "customer_id", "name_fold", unique=True),
    )

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    name: str = Field(sa_column=Column(Text, nullable=False))
    name_fold: str = Field(sa_column=Column(Text, nullable=False))
    customer_id: int | None = Field(
        default=None, sa_column=Column(Id, ForeignKey("customer.id"), nullable=True)
    )
    within_amount: int = Field(sa_column=Column(Integer, nullable=False))
    within_unit: str = Field(sa_column=Column(Text, nullable=False))  # "day" | "hour"
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    retired_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))


class Promise(SQLModel, table=True):
    __tablename__ = "promise"
    __table_args__ = (
        # Reports read this index alone: the baseline date and every column of the figures.
        Index(
            "ix_promise_report",
            "baseline_due_at",
            "status",
            "kept_at",
            "due_at",
            "slips",
            "slips_heads_up",
            "customer_id",
            "owner",
            "deleted_at",
            "waiting_since",
            "waits",
            "waited_seconds",
            "effort_stated",
            "effort_actual",
            "direction",
        ),
        Index("ix_promise_customer_id", "customer_id"),
        # + partial indexes and AUTOINCREMENT: see with_schema_options()
    )

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    what: str = Field(sa_column=Column(Text, nullable=False))
    customer_id: int = Field(sa_column=Column(Id, ForeignKey("customer.id"), nullable=False))
    owner: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(sa_column=Column(Text, nullable=False))
    # Lower-case tags, sorted, as ",a,b," ("" when none): filterable with one LIKE on both engines.
    tags: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    made_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    # None for a promise without a date: a request not answered yet, or said no to
    due_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    original_due_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    baseline_due_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    kept_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    deleted_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    # Derived from the history and kept in step with it by every write, so that lists and
    # reports can filter and aggregate on indexed columns.
    slips: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    slips_heads_up: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    # The standard the promise follows, and the deadline it gave when the promise was made.
    standard_id: int | None = Field(
        default=None, sa_column=Column(Id, ForeignKey("standard.id"), nullable=True)
    )
    standard_due_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    # Waiting on the customer: since when (empty unless waiting), how many waits, and the
    # business seconds of the waits that ended (docs/words.md).
    waiting_since: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    waits: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    waited_seconds: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    # How often the customer hears from us ("2 business days"), or empty.
    effort_stated: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    effort_actual: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    update_every: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # ours (a promise we made) or owed (made to us; the customer is the party that owes it),
    # the promise of ours an owed one holds up and the business time we need after it, and
    # plan B (docs/owed.md). Ids refer to promise rows; pk db check finds a dangling one.
    direction: str = Field(
        default="ours", sa_column=Column(Text, nullable=False, server_default="ours")
    )
    blocks_id: int | None = Field(default=None, sa_column=Column(Id, nullable=True))
    needs: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    plan_b: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # A recurring promise's rule ("month on the 5th") and the first promise of its series.
    every: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    series_id: int | None = Field(default=None, sa_column=Column(Id, nullable=True))


class Event(SQLModel, table=True):
    __tablename__ = "event"
    __table_args__ = (Index("ix_event_promise_id_id", "promise_id", "id"),)

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    # No ON DELETE CASCADE: history is never deleted (docs/reliability.md, "Schema migrations").
    promise_id: int = Field(sa_column=Column(Id, ForeignKey("promise.id"), nullable=False))
    at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    kind: str = Field(sa_column=Column(Text, nullable=False))
    by: str = Field(sa_column=Column(Text, nullable=False))
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    # The ``undone`` event that took this one back (docs/words.md, "Undo"), or empty.
    voided_by: int | None = Field(default=None, sa_column=Column(Id, nullable=True))
    # The command run that wrote it: what ``pk undo`` takes back together (migration 0009).
    change_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # Who brought it in with a merge import, and when (migration 0011); empty when written here.
    imported_by: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    imported_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    # Its place in the chained history, the hash that links it to the event before, and four
    # hex digits of each value's own hash (docs/formats.md, "The chain"; migration 0019). Set by
    # the database as it stores the event.
    seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    hash: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    parts: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Chain(SQLModel, table=True):
    """The chain's head: its length and the last event's hash (one row, id 1)."""

    __tablename__ = "chain"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    hash: str = Field(sa_column=Column(Text, nullable=False))


class Statement(SQLModel, table=True):
    """A statement recorded as sent to a customer: the history as it stood (``events`` long,
    ending with ``head``) and the sha256 of the text written (docs/review.md)."""

    __tablename__ = "statement"
    __table_args__ = (Index("ix_statement_customer_id_at", "customer_id", "at"),)

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    customer_id: int = Field(sa_column=Column(Id, nullable=False))
    customer: str = Field(sa_column=Column(Text, nullable=False))  # its name as sent
    at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    by: str = Field(sa_column=Column(Text, nullable=False))
    since: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    events: int = Field(sa_column=Column(BigInteger, nullable=False))
    head: str = Field(sa_column=Column(Text, nullable=False))
    digest: str = Field(sa_column=Column(Text, nullable=False))
    format: str = Field(sa_column=Column(Text, nullable=False))
    signature: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ChainJoin(SQLModel, table=True):
    """A merge import that chained another database's events after this one's."""

    __tablename__ = "chain_join"

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    by: str = Field(sa_column=Column(Text, nullable=False))
    first_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    last_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    source: str = Field(sa_column=Column(Text, nullable=False))  # the file's name
    source_head: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Announcement(SQLModel, table=True):
    """What ``pk remind`` announced to whom: each (audience, promise, kind, due date) once."""

    __tablename__ = "announcement"
    __table_args__ = (UniqueConstraint("audience", "promise_id", "kind", "due_at"),)

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    audience: str = Field(sa_column=Column(Text, nullable=False))  # an owner, or "*"
    promise_id: int = Field(sa_column=Column(Id, ForeignKey("promise.id"), nullable=False))
    kind: str = Field(sa_column=Column(Text, nullable=False))
    due_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    at: datetime = Field(sa_column=Column(UTCTime, nullable=False))


class Away(SQLModel, table=True):
    """An owner's absence: from when to when, who covers, who set it; when the owner's open
    promises due then were handed over, and when the still-open ones were handed back
    (docs/owed.md, "Cover while away")."""

    __tablename__ = "away"
    __table_args__ = (Index("ix_away_open", "ended_at", "starts_at"),)

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    owner: str = Field(sa_column=Column(Text, nullable=False))
    cover: str = Field(sa_column=Column(Text, nullable=False))
    starts_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    ends_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    set_by: str = Field(sa_column=Column(Text, nullable=False))
    set_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    handed_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))
    ended_at: datetime | None = Field(default=None, sa_column=Column(UTCTime, nullable=True))


class Member(SQLModel, table=True):
    """Every owner name pk has seen, compared without case (``name_fold``), shown as first
    written; ``listed`` ones are the team's member list (docs/team.md)."""

    __tablename__ = "member"

    name: str = Field(sa_column=Column(Text, primary_key=True))
    name_fold: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    added_at: datetime = Field(sa_column=Column(UTCTime, nullable=False))
    listed: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


class TeamClock(SQLModel, table=True):
    """Empty, or the moment a team's clock is frozen at (a demo, a test): on PostgreSQL the
    events members write carry the server's time, and only the database's owner can move it
    (docs/team.md)."""

    __tablename__ = "team_clock"

    frozen_at: datetime = Field(sa_column=Column(UTCTime, primary_key=True))


def with_schema_options() -> MetaData:
    """The metadata with the options only the schema needs, for Alembic's comparison with the
    migrations (migrations/env.py, tests): partial indexes over open promises (only open ones
    are ever looked up by due date: pk due, overdue, lists) and SQLite's AUTOINCREMENT (ids are
    never reused). They are left out of the classes because naming a dialect's option makes
    SQLAlchemy import that dialect: every write on SQLite imported the PostgreSQL dialect (and
    asyncpg's module), about 20 ms. The migrations create all of it; writes never need it."""
    promise, event = metadata.tables["promise"], metadata.tables["event"]
    standard, announcement = metadata.tables["standard"], metadata.tables["announcement"]
    if "ix_promise_open_due_at" not in {index.name for index in promise.indexes}:
        for name, columns in (
            (
                "ix_promise_open_owner_due_at",
                (
                    promise.c.owner,
                    promise.c.due_at,
                    promise.c.made_at,
                    promise.c.status,
                    promise.c.direction,
                ),
            ),
            (
                "ix_promise_open_due_at",
                (promise.c.due_at, promise.c.made_at, promise.c.status, promise.c.direction),
            ),
        ):
            Index(name, *columns, sqlite_where=text(OPEN), postgresql_where=text(OPEN))
        Index(
            "ix_promise_waiting",
            promise.c.owner,
            promise.c.waiting_since,
            sqlite_where=text(WAITING),
            postgresql_where=text(WAITING),
        )
        Index(
            "ix_promise_looped",
            promise.c.owner,
            promise.c.update_every,
            promise.c.made_at,
            sqlite_where=text(LOOPED),
            postgresql_where=text(LOOPED),
        )
        Index(
            "ix_event_voice",
            event.c.promise_id,
            event.c.id,
            sqlite_where=text(VOICE),
            postgresql_where=text(VOICE),
        )
        Index(  # each owner's closed promises, newest first: calibration (docs/words.md)
            "ix_promise_closed",
            promise.c.owner,
            promise.c.closed_at,  # and what calibration reads, so that no row is
            promise.c.status,  # read (migration 0016)
            promise.c.baseline_due_at,
            promise.c.kept_at,
            promise.c.customer_id,
            promise.c.standard_id,
            promise.c.tags,
            promise.c.deleted_at,
            promise.c.direction,
            sqlite_where=text(CLOSED),
            postgresql_where=text(CLOSED),
        )
        Index(  # the answers to requests, whose time the reports read (docs/words.md)
            "ix_event_answered",
            event.c.promise_id,
            sqlite_where=text(ANSWERED),
            postgresql_where=text(ANSWERED),
        )
        Index(  # the owed promises that hold up one of ours (docs/owed.md)
            "ix_promise_blocks",
            promise.c.blocks_id,
            sqlite_where=text(BLOCKS),
            postgresql_where=text(BLOCKS),
        )
        Index(  # the promises of a recurring series
            "ix_promise_series",
            promise.c.series_id,
            sqlite_where=text(SERIES),
            postgresql_where=text(SERIES),
        )
        Index(  # each event's place in the chained history (docs/formats.md, "The chain")
            "ix_event_seq",
            event.c.seq,
            unique=True,
            sqlite_where=text(CHAINED),
            postgresql_where=text(CHAINED),
        )
        promise.dialect_kwargs["sqlite_autoincrement"] = True
        event.dialect_kwargs["sqlite_autoincrement"] = True
        standard.dialect_kwargs["sqlite_autoincrement"] = True
        announcement.dialect_kwargs["sqlite_autoincrement"] = True
        metadata.tables["away"].dialect_kwargs["sqlite_autoincrement"] = True
        metadata.tables["statement"].dialect_kwargs["sqlite_autoincrement"] = True
        metadata.tables["chain_join"].dialect_kwargs["sqlite_autoincrement"] = True
    return metadata

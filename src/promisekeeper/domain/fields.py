"""The fields of a promise, defined once (docs/architecture.md, "Add a promise field").

One row per field says what it is and where it goes; everything that lists promise fields is
derived from ``FIELDS``, in its order:

* ``store/queries.py`` — the columns a read selects (``read``) and the record built from them;
* ``store/changes.py`` — the columns a write may set (``column``; typed by ``PromiseColumns``);
* ``store/export.py`` — each promise of the JSON export (``exported``), in this order;
* ``domain/validate.py`` — what an import and ``pk db check`` accept for each exported field
  (by ``kind``; ``default`` for exports older than the field);
* ``domain/replay.py`` — the fields undo computes from the history (``replayed``);
* ``render/machine.py`` — the keys of ``--format json`` lists (``listed``) and the columns of
  CSV lists and the CSV export (``csv``), in this order.

``store/models.py`` (the schema Alembic compares with the migrations) and
``domain/model.PromiseRecord`` are written out for the type checker; ``tests/test_fields.py``
fails unless both agree with this table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypedDict

# How a field is stored and checked. "time" is an instant (integer UTC seconds in the database,
# ISO 8601 in files); "when" the same but may be empty; "count" a whole number from 0; "tags"
# the sorted tag list (",a,b," in the database); "name" a name that may be empty (a standard,
# a zone); "rhythm" an update rhythm ("2 business days") or empty; "derived" a value computed
# for lists only, never stored; "minutes" whole minutes of effort, or empty; "direction" ours
# or owed; "ref" the id of another promise, or empty; "rule" a recurrence rule, or empty.
Kind = Literal[
    "id",
    "text",
    "status",
    "tags",
    "time",
    "when",
    "count",
    "minutes",
    "name",
    "rhythm",
    "derived",
    "direction",
    "ref",
    "rule",
]


class PromiseField:
    """One row of the table (a plain class: pk reads it at every start, and a NamedTuple
    class costs a tenth of a millisecond to make)."""

    __slots__ = ("column", "csv", "default", "exported", "kind", "listed", "name", "read",
                 "record", "replayed")  # fmt: skip

    def __init__(
        self, name: str, kind: Kind, read: str | None, column: str | None, flags: str,
        default: object = None,
    ) -> None:  # fmt: skip
        unknown = set(flags) - set("relcu")
        assert not unknown, (name, unknown)
        self.name = name  # the record attribute and the JSON key
        self.kind = kind
        self.read = read  # the SQL expression a read selects (None: not read with the promise)
        self.column = column  # the promise column a write sets (None: not a column of its own)
        self.record = "r" in flags  # a field of PromiseRecord
        self.exported = "e" in flags  # a key of each promise in the JSON export, checked on import
        self.listed = "l" in flags  # a key of each promise in --format json lists
        self.csv = "c" in flags  # a column of CSV lists and of the CSV export
        self.replayed = "u" in flags  # computed from the history when an event is undone
        self.default = default  # its value in an export older than the field

    def __repr__(self) -> str:
        return f"PromiseField({self.name!r}, {self.kind!r})"


_field = PromiseField
OWN_STANDARD = "CASE WHEN s.customer_id IS NULL THEN NULL ELSE c.name END"
# flags: r a field of PromiseRecord · e exported (and checked on import) · l listed (--format
# json) · c a CSV column · u computed by replay when an event is undone
# fmt: off
FIELDS: tuple[PromiseField, ...] = (
    #      name                     kind       read                 column             flags
    _field("id",                    "id",      "p.id",              "id",              "relc"),
    _field("what",                  "text",    "p.what",            "what",            "relc"),
    _field("customer",              "text",    "c.name",            "customer_id",     "relc"),
    _field("owner",                 "text",    "p.owner",           "owner",           "relc"),
    _field("status",                "status",  "p.status",          "status",          "relcu"),
    _field("tags",                  "tags",    "p.tags",            "tags",            "relc", ()),
    _field("made_at",               "time",    "p.made_at",         "made_at",         "relc"),
    _field("created_at",            "time",    "p.created_at",      "created_at",      "re"),
    # empty for a promise without a date (a request not answered yet, or said no to)
    _field("due_at",                "when",    "p.due_at",          "due_at",          "relcu"),
    _field("original_due_at",       "when",    "p.original_due_at", "original_due_at", "relcu"),
    _field("baseline_due_at",       "when",    "p.baseline_due_at", "baseline_due_at", "relcu"),
    _field("kept_at",               "when",    "p.kept_at",         "kept_at",         "relcu"),
    _field("closed_at",             "when",    "p.closed_at",       "closed_at",       "reu"),
    _field("deleted_at",            "when",    "p.deleted_at",      "deleted_at",      "eu"),
    _field("slips",                 "count",   "p.slips",           "slips",           "relcu"),
    _field("slips_heads_up",        "count",   "p.slips_heads_up",  "slips_heads_up",  "reu"),
    _field("overdue",               "derived", None,                None,              "lc"),
    _field("outcome",               "derived", None,                None,              "lc"),
    _field("standard",              "name",    "s.name",            "standard_id",     "rel"),
    _field("standard_due_at",       "when",    "p.standard_due_at", "standard_due_at", "rel"),
    _field("standard_fit",          "derived", None,                None,              "l"),
    # the customer whose own standard it follows (its own customer), or empty (docs/formats.md)
    _field("standard_customer",     "name",    OWN_STANDARD,        None,              "e"),
    # the customer's own zone and holiday calendar, read with each promise
    _field("customer_zone",         "name",    "c.timezone",        None,              "r"),
    _field("customer_calendar",     "name",    "c.calendar",        None,              "r"),
    _field("waiting_since",         "when",    "p.waiting_since",   "waiting_since",   "reu"),
    _field("waits",                 "count",   "p.waits",           "waits",           "reu", 0),
    _field("waited_seconds",        "count",   "p.waited_seconds",  "waited_seconds",  "reu", 0),
    _field("waiting",               "derived", None,                None,              "lc"),
    _field("waited_business_hours", "derived", None,                None,              "lc"),
    _field("update_every",          "rhythm",  "p.update_every",    "update_every",    "relu"),
    # the effort stated to the customer, and what keeping it took (docs/words.md)
    _field("effort_stated",         "minutes", "p.effort_stated",   "effort_stated",   "relc"),
    _field("effort_actual",         "minutes", "p.effort_actual",   "effort_actual",   "relcu"),
    # who promised whom (docs/owed.md): ours, or owed to us by the party (its customer column)
    _field("direction",             "direction", "p.direction",     "direction",       "relc",
           "ours"),
    _field("party",                 "derived", None,                None,              "l"),
    _field("blocks",                "ref",     "p.blocks_id",       "blocks_id",       "rel"),
    _field("needs",                 "rhythm",  "p.needs",           "needs",           "rel"),
    _field("plan_b",                "name",    "p.plan_b",          "plan_b",          "relc"),
    # a recurring promise's rule and the first promise of its series (docs/owed.md)
    _field("every",                 "rule",    "p.every",           "every",           "rel"),
    _field("series",                "ref",     "p.series_id",       "series_id",       "rel"),
)
# fmt: on
BY_NAME = {f.name: f for f in FIELDS}

RECORD = tuple(f for f in FIELDS if f.record)  # PromiseRecord's fields, in its order
EXPORTED = tuple(f for f in FIELDS if f.exported)
LISTED = tuple(f.name for f in FIELDS if f.listed)
CSV = tuple(f.name for f in FIELDS if f.csv)
REPLAYED = tuple(f.name for f in FIELDS if f.replayed)
# The columns a write may set, besides ``id`` (``version`` counts the writes, set by the store).
COLUMNS = tuple(f.column for f in FIELDS if f.column is not None and f.column != "id")


class PromiseColumns(TypedDict, total=False):
    """The promise columns a write sets, typed (``COLUMNS``): a misspelt column or a value of
    the wrong type is a type error, not a row written wrong. Times are aware datetimes; ``tags``
    is the stored text (``rules.encode_tags``)."""

    what: str
    customer_id: int
    owner: str
    status: str
    tags: str
    made_at: datetime
    created_at: datetime
    due_at: datetime | None  # None: not dated (domain/states.py)
    original_due_at: datetime | None
    baseline_due_at: datetime | None
    kept_at: datetime | None
    closed_at: datetime | None
    deleted_at: datetime | None
    slips: int
    slips_heads_up: int
    standard_id: int | None
    standard_due_at: datetime | None
    waiting_since: datetime | None
    waits: int
    waited_seconds: int
    update_every: str | None
    effort_stated: int | None
    effort_actual: int | None
    direction: str
    blocks_id: int | None
    needs: str | None
    plan_b: str | None
    every: str | None
    series_id: int | None

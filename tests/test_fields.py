"""The table of promise fields (domain/fields.py) agrees with what is written out beside it:
the schema Alembic compares with the migrations, the record type, the typed writes; and what is
derived from it reaches every format."""

from __future__ import annotations

import json
import typing

from sqlalchemy import Integer, Text

from promisekeeper.domain import fields
from promisekeeper.domain.model import PromiseRecord
from promisekeeper.store import models
from promisekeeper.store.models import UTCTime

# The SQL type each kind of stored field has in the schema.
SCHEMA_TYPE = {
    "id": Integer,
    "text": Text,
    "status": Text,
    "tags": Text,
    "time": UTCTime,
    "when": UTCTime,
    "count": Integer,
    "minutes": Integer,
    "rhythm": Text,
    "name": Text,
    "direction": Text,
    "rule": Text,
}
BOOKKEEPING = {"version"}  # counts the writes; no field of its own


def test_the_schema_has_a_column_for_every_stored_field_and_no_other() -> None:
    table = models.Promise.__table__
    stored = {f.column for f in fields.FIELDS if f.column is not None}
    assert set(table.columns.keys()) == stored | BOOKKEEPING


def test_each_column_has_the_type_and_emptiness_of_its_kind() -> None:
    table = models.Promise.__table__
    for field in fields.FIELDS:
        if field.column is None or (field.column.endswith("_id") and field.column != "id"):
            continue  # a reference to another row (customer, standard, promise): checked below
        column = table.columns[field.column]
        assert isinstance(column.type, SCHEMA_TYPE[field.kind]), field.name
        assert column.nullable == (field.kind in ("when", "rhythm", "minutes", "name", "rule")), (
            field.name
        )
    for name, other in (("customer_id", "customer"), ("standard_id", "standard")):
        (key,) = table.columns[name].foreign_keys
        assert key.column.table.name == other


def test_the_record_type_is_the_record_fields_in_order() -> None:
    assert PromiseRecord._fields == tuple(f.name for f in fields.RECORD)


def test_typed_writes_name_exactly_the_columns() -> None:
    hints = typing.get_type_hints(fields.PromiseColumns)
    assert tuple(hints) == fields.COLUMNS


def test_every_kind_has_its_check_and_its_codings() -> None:
    from promisekeeper.domain import validate
    from promisekeeper.render import machine

    assert {f.kind for f in fields.EXPORTED} <= set(validate.CHECKS)
    derived = {f.name for f in fields.FIELDS if f.kind == "derived"}
    assert derived == set(machine.DERIVED)
    assert all(not f.exported and f.read is None for f in fields.FIELDS if f.kind == "derived")
    assert set(fields.CSV) <= set(fields.LISTED)


def test_a_new_field_reaches_every_format(pk, tmp_path) -> None:
    """Every exported field is in the export, every listed key in the JSON list and every CSV
    column in the CSV list, in the table's order."""
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday", "--new-customer")
    listed = json.loads(pk.ok("ls", "--all", "--format", "json").stdout)
    assert tuple(listed[0]) == fields.LISTED
    header = pk.ok("ls", "--all", "--format", "csv").stdout.splitlines()[0]
    assert tuple(header.split(",")) == fields.CSV
    out = tmp_path / "all.json"
    pk.ok("export", "--out", str(out))
    exported = json.loads(out.read_text())["promises"][0]
    assert tuple(exported) == (*(f.name for f in fields.EXPORTED), "history")

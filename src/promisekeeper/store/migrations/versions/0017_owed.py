"""Promises others make to us, plan B, and recurring promises (docs/owed.md).

* ``promise.direction``: ``ours`` (every existing row: a promise we made) or ``owed`` (one made to
  us by a vendor, a colleague or a customer: its customer column names that party).
* ``promise.blocks_id`` and ``needs``: the promise of ours an owed promise holds up, and the
  business time we need after it arrives ("1 business day").
* ``promise.plan_b``: what we do if it does not hold.
* ``promise.every`` and ``series_id``: the rule of a recurring promise ("month on the 5th") and
  the first promise of its series.
* The indexes every list, the morning view, the reports and calibration read alone carry the
  direction, so that leaving owed promises out of our own figures reads no row; two small
  partial indexes find the owed promises that block ours and the promises of a series.
* On PostgreSQL, the team database's own replay (``pk_promise_checked``) keeps the direction as
  recorded and lets the new columns change only with the event that explains them.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import importlib
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ACTIVE = "closed_at IS NULL AND deleted_at IS NULL"
CLOSED = "closed_at IS NOT NULL AND deleted_at IS NULL"
BLOCKS = "blocks_id IS NOT NULL AND closed_at IS NULL AND deleted_at IS NULL"
SERIES = "series_id IS NOT NULL"
REPORT = [
    "baseline_due_at", "status", "kept_at", "due_at", "slips", "slips_heads_up", "customer_id",
    "owner", "deleted_at", "waiting_since", "waits", "waited_seconds", "effort_stated",
    "effort_actual",
]  # fmt: skip
CALIBRATED = ["owner", "closed_at", "status", "baseline_due_at", "kept_at", "customer_id",
              "standard_id", "tags", "deleted_at"]  # fmt: skip
# (name, columns before, where): each gains the direction as its last column
INDEXES = (
    ("ix_promise_open_owner_due_at", ["owner", "due_at", "made_at", "status"], ACTIVE),
    ("ix_promise_open_due_at", ["due_at", "made_at", "status"], ACTIVE),
    ("ix_promise_report", REPORT, None),
    ("ix_promise_closed", CALIBRATED, CLOSED),
)
COLUMNS = ("direction", "blocks_id", "needs", "plan_b", "every", "series_id")


def _checked(schema: str) -> str:
    """Migration 0016's replay, with the direction kept as recorded and the new columns
    changed only with an event of the same transaction."""
    before: str = _before()._checked(schema)
    recorded = (
        "IF (cur.made_at, cur.created_at, cur.standard_id, cur.standard_due_at)\n"
        "                   IS DISTINCT FROM (OLD.made_at, OLD.created_at, OLD.standard_id,\n"
        "                   OLD.standard_due_at) THEN"
    )
    assert recorded in before
    after = before.replace(
        recorded,
        "IF (cur.made_at, cur.created_at, cur.standard_id, cur.standard_due_at, cur.direction,"
        " cur.series_id)\n"
        "                   IS DISTINCT FROM (OLD.made_at, OLD.created_at, OLD.standard_id,\n"
        "                   OLD.standard_due_at, OLD.direction, OLD.series_id) THEN",
    )
    explained = (
        "IF (cur.what, cur.tags, cur.customer_id) IS DISTINCT FROM\n"
        "                     (OLD.what, OLD.tags, OLD.customer_id)"
    )
    assert explained in after
    return after.replace(
        explained,
        "IF (cur.what, cur.tags, cur.customer_id, cur.blocks_id, cur.needs, cur.plan_b,"
        " cur.every) IS DISTINCT FROM\n"
        "                     (OLD.what, OLD.tags, OLD.customer_id, OLD.blocks_id, OLD.needs,"
        " OLD.plan_b, OLD.every)",
    )


def _before() -> ModuleType:
    return importlib.import_module("promisekeeper.store.migrations.versions.0016_requests")


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _index(name: str, columns: list[str], where: str | None) -> None:
    if where is None:
        op.create_index(name, "promise", columns)
    else:
        op.create_index(
            name, "promise", columns,
            sqlite_where=sa.text(where), postgresql_where=sa.text(where),
        )  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    # Added in place on both engines (no copy of the table): each is empty or has a default.
    op.add_column("promise", sa.Column("direction", sa.Text, nullable=False, server_default="ours"))
    op.add_column("promise", sa.Column("blocks_id", _id(), nullable=True))
    op.add_column("promise", sa.Column("needs", sa.Text, nullable=True))
    op.add_column("promise", sa.Column("plan_b", sa.Text, nullable=True))
    op.add_column("promise", sa.Column("every", sa.Text, nullable=True))
    op.add_column("promise", sa.Column("series_id", _id(), nullable=True))
    for name, columns, where in INDEXES:
        op.drop_index(name, table_name="promise")
        _index(name, [*columns, "direction"], where)
    _index("ix_promise_blocks", ["blocks_id"], BLOCKS)
    _index("ix_promise_series", ["series_id"], SERIES)
    if bind.dialect.name != "postgresql":
        return
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    op.execute(_checked(schema))
    # A team made before this: its members write the new columns as pk does (and the efforts
    # of migration 0016, which a team granted before it could not update).
    granted = ", ".join([*COLUMNS, "effort_stated", "effort_actual"])
    op.execute(
        "DO $$ DECLARE g record; BEGIN SELECT * INTO g FROM pk_groups();"
        " IF to_regrole(quote_ident(g.member)) IS NOT NULL THEN"
        f" EXECUTE format('GRANT UPDATE ({granted}) ON promise TO %I', g.member);"
        " END IF; END $$"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # the replay that knows nothing of the new columns
        schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
        op.execute(_before()._checked(schema))
    # Owed promises go with the direction: an older pk would count them as our own.
    op.execute("DELETE FROM announcement WHERE promise_id IN"
               " (SELECT id FROM promise WHERE direction = 'owed')")  # fmt: skip
    op.execute("UPDATE promise SET deleted_at = created_at"
               " WHERE direction = 'owed' AND deleted_at IS NULL")  # fmt: skip
    op.drop_index("ix_promise_series", table_name="promise")
    op.drop_index("ix_promise_blocks", table_name="promise")
    for name, columns, where in INDEXES:
        op.drop_index(name, table_name="promise")
        _index(name, columns, where)
    for column in reversed(COLUMNS):
        op.drop_column("promise", column)

"""Waiting on the customer and keeping the customer in the loop.

* ``promise.status`` may now be ``waiting``: the clock is stopped while the customer owes
  something (docs/words.md, "Waiting on the customer").
* ``promise.waiting_since``: when the current wait began (empty unless waiting).
* ``promise.waits`` and ``promise.waited_seconds``: how many waits the promise had and the
  business seconds of those that ended — derived from the history like ``slips``, kept on the
  row so that reports add them up from the report index alone.
* ``promise.update_every``: how often the customer hears from us ("2 business days"), or empty.

Every new column is empty or zero for existing rows, which is what they mean for a promise that
never waited, so nothing is rewritten and SQLite adds the columns in place.

The partial indexes over open promises now cover every active promise (open or waiting), with
the state as their last column: lists read them for both, the morning view for the running ones,
and a list's count of overdue promises is still answered from the index alone. Two small partial
indexes find the waiting promises and the active ones with an update rhythm without reading the
others. The report index gains the three wait columns.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OPEN_BEFORE = "status = 'open' AND deleted_at IS NULL"
ACTIVE = "status IN ('open', 'waiting') AND deleted_at IS NULL"
WAITING = "status = 'waiting' AND deleted_at IS NULL"
LOOPED = (
    "update_every IS NOT NULL AND status <> 'kept' AND status <> 'broken'"
    " AND status <> 'cancelled' AND deleted_at IS NULL"
)
REPORT = [
    "baseline_due_at",
    "status",
    "kept_at",
    "due_at",
    "slips",
    "slips_heads_up",
    "customer_id",
    "owner",
    "deleted_at",
]
WAIT_COLUMNS = ["waiting_since", "waits", "waited_seconds"]


def upgrade() -> None:
    op.add_column("promise", sa.Column("waiting_since", sa.BigInteger, nullable=True))
    op.add_column("promise", sa.Column("waits", sa.Integer, nullable=False, server_default="0"))
    op.add_column(
        "promise", sa.Column("waited_seconds", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("promise", sa.Column("update_every", sa.Text, nullable=True))
    _active_indexes(ACTIVE, ["status"])
    op.create_index(
        "ix_promise_waiting",
        "promise",
        ["owner", "waiting_since"],
        sqlite_where=sa.text(WAITING),
        postgresql_where=sa.text(WAITING),
    )
    op.create_index(
        "ix_promise_looped",
        "promise",
        ["owner", "update_every", "made_at"],
        sqlite_where=sa.text(LOOPED),
        postgresql_where=sa.text(LOOPED),
    )
    op.drop_index("ix_promise_report", table_name="promise")
    op.create_index("ix_promise_report", "promise", REPORT + WAIT_COLUMNS)


def _active_indexes(where: str, status: list[str]) -> None:
    for name, columns in (
        ("ix_promise_open_owner_due_at", ["owner", "due_at", "made_at", *status]),
        ("ix_promise_open_due_at", ["due_at", "made_at", *status]),
    ):
        op.drop_index(name, table_name="promise")
        op.create_index(
            name, "promise", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
        )


def downgrade() -> None:
    # A waiting promise becomes an open one again (its clock runs from now on).
    op.execute("UPDATE promise SET status = 'open' WHERE status = 'waiting'")
    op.drop_index("ix_promise_report", table_name="promise")
    op.create_index("ix_promise_report", "promise", REPORT)
    op.drop_index("ix_promise_looped", table_name="promise")
    op.drop_index("ix_promise_waiting", table_name="promise")
    _active_indexes(OPEN_BEFORE, [])
    with op.batch_alter_table("promise") as batch:
        for column in ("update_every", "waited_seconds", "waits", "waiting_since"):
            batch.drop_column(column)

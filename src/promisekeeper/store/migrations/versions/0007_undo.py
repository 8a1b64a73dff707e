"""Undo: an event can be voided by a later ``undone`` event.

* ``event.voided_by``: the id of the ``undone`` event that took this one back, or empty. Derived
  from the history (the ``undone`` event names the event it voids by its place in the promise's
  history) and kept on the row so that every view and figure leaves voided events out with one
  condition.

Empty for every existing event, which is what it means for an event never undone; SQLite adds
the column in place.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("voided_by", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.drop_column("voided_by")

"""A change is one command's work: ``event.change_id``.

* ``event.change_id``: a number drawn once per command run and written on every event that run
  writes, so that ``pk undo`` takes back exactly one command's work (``pk keep 3 5`` is one
  change; two commands by the same person in the same second are two). Empty for the events
  written before, which undo still groups as it did (same author, time and kind).

SQLite adds the column in place.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("change_id", sa.BigInteger, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.drop_column("change_id")

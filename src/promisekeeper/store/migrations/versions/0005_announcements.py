"""What ``pk remind`` has announced, so that each reminder is sent once.

One row per (audience, promise, kind, due date): the audience is the owner whose promises a run
covered (``*`` for everyone's); the kind is ``overdue``, ``at_risk`` or ``due_soon``; the due
date is part of the key so that a promise moved to a new date can be announced again. The
unique key is what makes two runs at the same moment announce each item once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("promise_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("due_at", sa.BigInteger, nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_announcement"),
        sa.ForeignKeyConstraint(
            ["promise_id"], ["promise.id"], name="fk_announcement_promise_id_promise"
        ),
        sa.UniqueConstraint(
            "audience",
            "promise_id",
            "kind",
            "due_at",
            name="uq_announcement_audience_promise_id_kind_due_at",
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("announcement")

"""Smaller indexes: the morning queries only look at open promises, so index only those.

Replaces the two (owner, status, due_at) and (status, due_at) indexes over every promise with
partial indexes over open, undeleted promises (both engines support them). Measured on the
benchmark data: 448 → under 400 bytes per promise together with compact event data (0002 also
marks the point from which ``created`` events no longer repeat the due and made dates that the
promise row holds; older rows keep theirs and read the same).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OPEN = "status = 'open' AND deleted_at IS NULL"


def upgrade() -> None:
    op.drop_index("ix_promise_owner_status_due_at", table_name="promise")
    op.drop_index("ix_promise_status_due_at", table_name="promise")
    op.create_index(
        "ix_promise_open_owner_due_at",
        "promise",
        ["owner", "due_at"],
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_promise_open_due_at",
        "promise",
        ["due_at"],
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_promise_open_due_at", table_name="promise")
    op.drop_index("ix_promise_open_owner_due_at", table_name="promise")
    op.create_index("ix_promise_status_due_at", "promise", ["status", "due_at"])
    op.create_index("ix_promise_owner_status_due_at", "promise", ["owner", "status", "due_at"])

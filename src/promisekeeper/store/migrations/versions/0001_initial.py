"""The first schema: customers, promises, their history.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_fold", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customer"),
        sa.UniqueConstraint("name_fold", name="uq_customer_name_fold"),
    )
    op.create_table(
        "promise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), server_default="", nullable=False),
        sa.Column("made_at", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("due_at", sa.BigInteger(), nullable=False),
        sa.Column("original_due_at", sa.BigInteger(), nullable=False),
        sa.Column("baseline_due_at", sa.BigInteger(), nullable=False),
        sa.Column("kept_at", sa.BigInteger(), nullable=True),
        sa.Column("closed_at", sa.BigInteger(), nullable=True),
        sa.Column("deleted_at", sa.BigInteger(), nullable=True),
        sa.Column("slips", sa.Integer(), server_default="0", nullable=False),
        sa.Column("slips_heads_up", sa.Integer(), server_default="0", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name="fk_promise_customer_id_customer"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_promise"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_promise_owner_status_due_at", "promise", ["owner", "status", "due_at"])
    op.create_index("ix_promise_status_due_at", "promise", ["status", "due_at"])
    op.create_index("ix_promise_baseline_due_at", "promise", ["baseline_due_at"])
    op.create_index("ix_promise_customer_id", "promise", ["customer_id"])
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("by", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(["promise_id"], ["promise.id"], name="fk_event_promise_id_promise"),
        sa.PrimaryKeyConstraint("id", name="pk_event"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_event_promise_id_id", "event", ["promise_id", "id"])


def downgrade() -> None:
    op.drop_table("event")
    op.drop_table("promise")
    op.drop_table("customer")

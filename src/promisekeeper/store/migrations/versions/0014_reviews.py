"""A review rhythm per customer (docs/feedback.md, "Candid reviews").

* ``customer.review_every`` ("every 3 months") and ``customer.review_from``, the moment the
  rhythm started (the first review is due a rhythm after it).
* ``review``: the reviews held with a customer (when, by whom, a note), one row each, keyed by
  customer and time. On PostgreSQL anyone on the team may record one in her own name (row-level
  security); only the administrator changes or removes one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SESSION = "session_user::text"
ADMIN = "(NOT pk_is_member())"
OWN = f'(NOT pk_is_member() OR "by" = {SESSION})'


def upgrade() -> None:
    op.add_column("customer", sa.Column("review_every", sa.Text, nullable=True))
    op.add_column("customer", sa.Column("review_from", sa.BigInteger, nullable=True))
    op.create_table(
        "review",
        sa.Column(
            "customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("customer_id", "at", name="pk_review"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name="fk_review_customer_id_customer"
        ),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE review ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY pk_read ON review FOR SELECT USING (true)")
    op.execute(f"CREATE POLICY pk_insert ON review FOR INSERT WITH CHECK {OWN}")
    op.execute(f"CREATE POLICY pk_update ON review FOR UPDATE USING {ADMIN} WITH CHECK {ADMIN}")
    op.execute(f"CREATE POLICY pk_delete ON review FOR DELETE USING {ADMIN}")
    # A team made before this: its members record reviews, and a lead sets a customer's rhythm
    # as she sets its zone.
    op.execute(
        "DO $$ DECLARE g record; BEGIN SELECT * INTO g FROM pk_groups();"
        " IF to_regrole(quote_ident(g.member)) IS NOT NULL THEN"
        " EXECUTE format('GRANT SELECT, INSERT ON review TO %I', g.member);"
        " EXECUTE format('GRANT UPDATE (review_every, review_from) ON customer TO %I',"
        " g.member); END IF; END $$"
    )


def downgrade() -> None:
    op.drop_table("review")
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("review_from")
        batch.drop_column("review_every")

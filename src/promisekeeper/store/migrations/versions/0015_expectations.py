"""A customer's standing expectations ("call before 10:00", "quotes in EUR"), one a line,
shown whenever a promise is made to or shown for the customer (docs/feedback.md, "What each
customer expects").

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customer", sa.Column("expectations", sa.Text, nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    # A team made before this: a lead sets a customer's expectations as she sets its zone.
    op.execute(
        "DO $$ DECLARE g record; BEGIN SELECT * INTO g FROM pk_groups();"
        " IF to_regrole(quote_ident(g.member)) IS NOT NULL THEN"
        " EXECUTE format('GRANT UPDATE (expectations) ON customer TO %I', g.member); END IF;"
        " END $$"
    )


def downgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("expectations")

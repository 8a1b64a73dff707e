"""Cover while away (docs/owed.md, "Cover while away").

* ``away``: an owner's absence (from, to), who covers, who set it and when, when the promises
  were handed over and when the still-open ones were handed back.
* On PostgreSQL, row-level security follows the hand-over: only the owner or a lead sets an
  absence; the owner may give her promises to her cover and the cover may give them back; the
  owner may record the hand-back of the promises she handed over; the cover hears of them.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SESSION = "session_user::text"
ADMIN = "(NOT pk_is_member())"
LEAD = "(NOT pk_is_member() OR pk_is_lead())"
THIS_TRANSACTION = "e.xmin::text = (txid_current() % 4294967296)::text"  # as migration 0011
# The writer and the row's owner are the two sides of an absence under way.
PARTIES = (
    "EXISTS (SELECT 1 FROM away a WHERE a.ended_at IS NULL AND"
    " ((a.owner = {session} AND a.cover = {owner}) OR (a.cover = {session} AND a.owner = {owner})))"
)
PARTY = PARTIES.format(session=SESSION, owner="promise.owner")
# ... and the hand-over's event was written in this very transaction
HANDED_NOW = (
    "EXISTS (SELECT 1 FROM event e WHERE e.promise_id = promise.id AND e.kind = 'handed_over'"
    f" AND {THIS_TRANSACTION})"
)
# A promise of the team: its owner or a lead changes it (migration 0011's policy); the owner
# and the cover of an absence under way pass it to each other, with the event that says so.
PROMISE_UPDATE = f"({LEAD} OR owner = {SESSION} OR ({PARTY} AND {HANDED_NOW}))"
PROMISE_CHECK = PROMISE_UPDATE
BEFORE = f"({LEAD} OR owner = {SESSION})"
# migration 0013's, with the hand-over's event written by either side of an absence under way
OWN_EVENT_OR_FLAG: str = importlib.import_module(
    "promisekeeper.store.migrations.versions.0013_customer_voice"
).OWN_EVENT_OR_FLAG
HANDED = (
    f"(kind = 'handed_over' AND \"by\" = {SESSION} AND imported_by IS NULL AND EXISTS ("
    "SELECT 1 FROM promise p WHERE p.id = promise_id AND "
    f"{PARTIES.format(session=SESSION, owner='p.owner')}))"
)
EVENT_INSERT = f"({OWN_EVENT_OR_FLAG} OR {HANDED})"
# migration 0011's, with the cover told of what is handed to her (and the owner of what comes
# back)
OWN_AUDIENCE = f"(NOT pk_is_member() OR pk_is_lead() OR audience = {SESSION})"
TOLD = (
    f"(kind = 'handover' AND EXISTS (SELECT 1 FROM away a WHERE a.ended_at IS NULL AND"
    f" ((a.owner = {SESSION} AND a.cover = audience) OR"
    f" (a.cover = {SESSION} AND a.owner = audience))))"
)
AWAY_WRITE = f"({LEAD} OR owner = {SESSION} OR cover = {SESSION})"


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    # ids from an identity column on PostgreSQL (as migration 0011 made every table's): no
    # member needs a sequence; SQLite's AUTOINCREMENT never hands one out twice
    key = (
        sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False)
        if postgresql
        else sa.Column("id", sa.Integer, nullable=False)
    )
    op.create_table(
        "away",
        key,
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("cover", sa.Text, nullable=False),
        sa.Column("starts_at", sa.BigInteger, nullable=False),
        sa.Column("ends_at", sa.BigInteger, nullable=False),
        sa.Column("set_by", sa.Text, nullable=False),
        sa.Column("set_at", sa.BigInteger, nullable=False),
        sa.Column("handed_at", sa.BigInteger, nullable=True),
        sa.Column("ended_at", sa.BigInteger, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_away"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_away_open", "away", ["ended_at", "starts_at"])
    if not postgresql:
        return
    op.execute("ALTER TABLE away ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY pk_read ON away FOR SELECT USING (true)")
    op.execute(
        f"CREATE POLICY pk_insert ON away FOR INSERT WITH CHECK ({LEAD} OR owner = {SESSION})"
    )
    op.execute(
        f"CREATE POLICY pk_update ON away FOR UPDATE USING {AWAY_WRITE} WITH CHECK {AWAY_WRITE}"
    )
    op.execute(f"CREATE POLICY pk_delete ON away FOR DELETE USING {ADMIN}")
    _policies(PROMISE_UPDATE, PROMISE_CHECK, EVENT_INSERT, f"({OWN_AUDIENCE} OR {TOLD})")
    op.execute(
        "DO $$ DECLARE g record; BEGIN SELECT * INTO g FROM pk_groups();"
        " IF to_regrole(quote_ident(g.member)) IS NOT NULL THEN"
        " EXECUTE format('GRANT SELECT, INSERT ON away TO %I', g.member);"
        " EXECUTE format('GRANT UPDATE (handed_at, ended_at) ON away TO %I', g.member);"
        " END IF; END $$"
    )


def _policies(update: str, check: str, event: str, audience: str) -> None:
    op.execute("DROP POLICY IF EXISTS pk_update ON promise")
    op.execute(f"CREATE POLICY pk_update ON promise FOR UPDATE USING {update} WITH CHECK {check}")
    op.execute("DROP POLICY IF EXISTS pk_insert ON event")
    op.execute(f"CREATE POLICY pk_insert ON event FOR INSERT WITH CHECK {event}")
    op.execute("DROP POLICY IF EXISTS pk_insert ON announcement")
    op.execute(f"CREATE POLICY pk_insert ON announcement FOR INSERT WITH CHECK {audience}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _policies(BEFORE, BEFORE, OWN_EVENT_OR_FLAG, OWN_AUDIENCE)
    op.drop_index("ix_away_open", table_name="away")
    op.drop_table("away")

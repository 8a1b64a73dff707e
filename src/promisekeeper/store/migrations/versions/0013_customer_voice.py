"""The customer's verdict and the team's voice (docs/feedback.md).

* ``customer.emails``: the addresses pk asks a customer's verdict at, one a line.
* ``secret``: the database's own secrets; ``feedback`` keys the tokens that tie a reply to its
  promise. Created on first use. On PostgreSQL no member reads it (row-level security allows
  the administrator alone); ``pk_feedback_token(id)`` — owned by the schema's owner — gives a
  member's pk the token's HMAC-SHA256 digest without the key ever leaving the server.
* ``ix_event_voice``: the events that ask, answer and flag, found by promise without reading
  the rest of a history.
* A flag is the team's voice: anyone who can read a promise may add a ``flagged`` event to it,
  in her own name (the other events stay the owner's or a lead's).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

VOICE = "kind IN ('feedback_asked', 'feedback', 'flagged')"
SESSION = "session_user::text"
ADMIN = "(NOT pk_is_member())"
# as migration 0011's, with a flag by anyone in her own name
OWN_EVENT = (
    f'(NOT pk_is_member() OR (("by" = {SESSION} OR (imported_by = {SESSION} AND pk_is_lead()))'
    f" AND (pk_is_lead() OR EXISTS ("
    f"SELECT 1 FROM promise p WHERE p.id = promise_id AND p.owner = {SESSION}))))"
)
OWN_EVENT_OR_FLAG = (
    f"({OWN_EVENT} OR (kind = 'flagged' AND \"by\" = {SESSION} AND imported_by IS NULL))"
)


def _token_function(schema: str) -> str:
    """HMAC-SHA256 (RFC 2104) of the promise id's decimal digits under the feedback key, made
    here from core PostgreSQL's ``sha256`` (no extension needed); the key is made on first use
    from the server's strong random source (``gen_random_uuid``)."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    return f"""CREATE OR REPLACE FUNCTION pk_feedback_token(promise bigint) RETURNS bytea
        LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
        DECLARE k bytea; inner_pad bytea; outer_pad bytea; i integer;
        BEGIN
          SELECT decode(value, 'hex') INTO k FROM secret WHERE name = 'feedback';
          IF k IS NULL THEN
            INSERT INTO secret (name, value) VALUES ('feedback',
              replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
              ON CONFLICT (name) DO NOTHING;
            SELECT decode(value, 'hex') INTO k FROM secret WHERE name = 'feedback';
          END IF;
          k := k || decode(repeat('00', 64 - length(k)), 'hex');
          inner_pad := k; outer_pad := k;
          FOR i IN 0..63 LOOP
            inner_pad := set_byte(inner_pad, i, get_byte(k, i) # 54);
            outer_pad := set_byte(outer_pad, i, get_byte(k, i) # 92);
          END LOOP;
          RETURN sha256(outer_pad || sha256(inner_pad || convert_to(promise::text, 'UTF8')));
        END $$"""


def upgrade() -> None:
    op.add_column("customer", sa.Column("emails", sa.Text, nullable=True))
    op.create_table(
        "secret",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_secret"),
    )
    op.create_index(
        "ix_event_voice",
        "event",
        ["promise_id", "id"],
        sqlite_where=sa.text(VOICE),
        postgresql_where=sa.text(VOICE),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    op.execute("ALTER TABLE secret ENABLE ROW LEVEL SECURITY")
    for name, command in (("pk_read", "SELECT"), ("pk_delete", "DELETE")):
        op.execute(f"CREATE POLICY {name} ON secret FOR {command} USING {ADMIN}")
    op.execute(f"CREATE POLICY pk_insert ON secret FOR INSERT WITH CHECK {ADMIN}")
    op.execute(f"CREATE POLICY pk_update ON secret FOR UPDATE USING {ADMIN} WITH CHECK {ADMIN}")
    op.execute(_token_function(schema))
    op.execute("DROP POLICY IF EXISTS pk_insert ON event")
    op.execute(f"CREATE POLICY pk_insert ON event FOR INSERT WITH CHECK {OWN_EVENT_OR_FLAG}")
    # A team made before this: its members may set a customer's addresses as they may its zone.
    op.execute(
        "DO $$ DECLARE g record; BEGIN SELECT * INTO g FROM pk_groups();"
        " IF to_regrole(quote_ident(g.member)) IS NOT NULL THEN"
        " EXECUTE format('GRANT UPDATE (emails) ON customer TO %I', g.member); END IF; END $$"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS pk_insert ON event")
        op.execute(f"CREATE POLICY pk_insert ON event FOR INSERT WITH CHECK {OWN_EVENT}")
        op.execute("DROP FUNCTION IF EXISTS pk_feedback_token(bigint)")
    op.drop_index("ix_event_voice", table_name="event")
    op.drop_table("secret")
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("emails")

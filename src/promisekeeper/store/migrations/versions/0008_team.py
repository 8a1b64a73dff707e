"""The team: a member list, and on PostgreSQL the rules that make each member's history their own.

* ``member``: every owner name pk has seen, compared without case (``Ana`` is ``ana``); those
  ``listed`` are the team's member list (``pk team add``), which, once there is one, an owner
  must be on. Filled with the owners the database already has, not listed: a list is started by
  a person, not by an upgrade.
* PostgreSQL only (nothing of this exists in SQLite, which has one user): two functions that say
  whether the connected role (``session_user``) is a team member (of the role ``pk_member``) or a
  lead (of ``pk_lead``), and row-level security policies on every table a member writes:

  - everyone reads everything;
  - a member adds, changes and deletes only promises they own; a lead any;
  - an event's author (``by``) must be the connected role, and it may only be written on a
    promise its author owns (a lead: on any), so that no client, pk or hand-written SQL, can
    write history in another member's name;
  - customers: any member adds them; changing or deleting one (it is everyone's) is for leads;
  - standards and the member list: leads only.

  A role that is not a member (the database's owner, or everyone in a team that trusts
  ``PK_USER`` and never ran ``pk db grant``) is not restricted, so nothing changes for a database
  without members. The roles ``pk_member``/``pk_lead`` are made by ``pk db grant`` (they are the
  server's, not this database's); until they exist nobody is a member. Table owners and
  superusers are not subject to row-level security in PostgreSQL.

docs/team.md says what this means for users.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

import time

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SESSION = "lower(session_user::text)"

FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION pk_is_member() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN to_regrole('pk_member') IS NULL THEN false
                    ELSE pg_has_role(session_user, 'pk_member', 'MEMBER') END $$""",
    """CREATE OR REPLACE FUNCTION pk_is_lead() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN to_regrole('pk_lead') IS NULL THEN false
                    ELSE pg_has_role(session_user, 'pk_lead', 'MEMBER') END $$""",
]

UNRESTRICTED = "(NOT pk_is_member() OR pk_is_lead())"
OWN_PROMISE = f"(NOT pk_is_member() OR pk_is_lead() OR lower(owner) = {SESSION})"
OWN_EVENT = (
    f'(NOT pk_is_member() OR (lower("by") = {SESSION} AND (pk_is_lead() OR EXISTS ('
    f"SELECT 1 FROM promise p WHERE p.id = promise_id AND lower(p.owner) = {SESSION}))))"
)
EVENT_OF_OWN_PROMISE = (
    f"(NOT pk_is_member() OR pk_is_lead() OR EXISTS ("
    f"SELECT 1 FROM promise p WHERE p.id = promise_id AND lower(p.owner) = {SESSION}))"
)

# table: (insert check, update/delete condition)
POLICIES = {
    "promise": (OWN_PROMISE, OWN_PROMISE, OWN_PROMISE),
    "event": (OWN_EVENT, EVENT_OF_OWN_PROMISE, UNRESTRICTED),
    "customer": ("(true)", UNRESTRICTED, UNRESTRICTED),
    "standard": (UNRESTRICTED, UNRESTRICTED, UNRESTRICTED),
    "member": (UNRESTRICTED, UNRESTRICTED, UNRESTRICTED),
}


def upgrade() -> None:
    op.create_table(
        "member",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("name_fold", sa.Text, nullable=False, unique=True),
        sa.Column("added_at", sa.BigInteger, nullable=False),
        sa.Column("listed", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    bind = op.get_bind()
    owners = [r[0] for r in bind.execute(sa.text("SELECT DISTINCT owner FROM promise ORDER BY 1"))]
    seen: set[str] = set()
    now = int(time.time())
    rows = []
    for owner in owners:
        fold = owner.strip().casefold()
        if fold and fold not in seen:
            seen.add(fold)
            rows.append({"name": owner.strip(), "name_fold": fold, "added_at": now})
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO member (name, name_fold, added_at)"
                " VALUES (:name, :name_fold, :added_at)"
            ),
            rows,
        )
    if bind.dialect.name != "postgresql":
        return
    for statement in FUNCTIONS:
        op.execute(statement)
    for table, (insert, update, delete) in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY pk_read ON {table} FOR SELECT USING (true)")
        op.execute(f"CREATE POLICY pk_insert ON {table} FOR INSERT WITH CHECK {insert}")
        op.execute(
            f"CREATE POLICY pk_update ON {table} FOR UPDATE USING {update} WITH CHECK {update}"
            if table != "event"
            else f"CREATE POLICY pk_update ON {table} FOR UPDATE USING {update}"
        )
        op.execute(f"CREATE POLICY pk_delete ON {table} FOR DELETE USING {delete}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in POLICIES:
            for name in ("pk_read", "pk_insert", "pk_update", "pk_delete"):
                op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
            if table != "member":
                op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION IF EXISTS pk_is_member()")
        op.execute("DROP FUNCTION IF EXISTS pk_is_lead()")
    op.drop_table("member")

"""Roles of one database: two teams on one server never share people (docs/team.md, "Roles").

PostgreSQL only. The group roles were the server's (``pk_member``, ``pk_lead``), so a second
team's database adopted the first team's people. They are now this database's own:
``pk_member_<database>`` and ``pk_lead_<database>`` (with the schema too when it is not
``public``: ``pk_member_<database>_<schema>``; a name longer than PostgreSQL's 63 bytes ends in a
hash instead), named once by ``pk_groups()``. ``pk_is_member()`` and ``pk_is_lead()`` read them,
and a superuser — whom PostgreSQL counts a member of every role — is never a member: the rules
are for the team, not for the server's administrators.

An existing team is moved over: when the server's ``pk_member`` holds privileges here, its
members become members of this database's group (its leads leads), and ``pk_member`` loses what
it held here (``pk db upgrade`` says who moved). Making the groups needs a role that may create
roles, as ``pk db grant`` does; a database without a team needs none until its first grant.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD_MEMBER, OLD_LEAD = "pk_member", "pk_lead"


def group_names(database: str, schema: str) -> tuple[str, str]:
    """(member group, lead group) of a database (and schema, when not ``public``)."""
    key = database if schema == "public" else f"{database}_{schema}"
    names = []
    for kind in ("member", "lead"):
        name = f"pk_{kind}_{key}"
        if len(name.encode()) > 63:
            name = f"pk_{kind}_{hashlib.sha256(key.encode()).hexdigest()[:20]}"
        names.append(name)
    return names[0], names[1]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _functions(member: str, lead: str) -> list[str]:
    not_super = "NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user)"

    def is_in(group: str) -> str:
        return (
            f"SELECT CASE WHEN to_regrole({_literal(_ident(group))}) IS NULL THEN false"
            f" ELSE pg_has_role(session_user, {_literal(group)}, 'MEMBER')"
            f" AND {not_super} END"
        )

    return [
        "CREATE OR REPLACE FUNCTION pk_groups(OUT member text, OUT lead text)"
        f" LANGUAGE sql IMMUTABLE AS $$ SELECT {_literal(member)}, {_literal(lead)} $$",
        "CREATE OR REPLACE FUNCTION pk_is_member() RETURNS boolean LANGUAGE sql STABLE"
        f" AS $$ {is_in(member)} $$",
        "CREATE OR REPLACE FUNCTION pk_is_lead() RETURNS boolean LANGUAGE sql STABLE"
        f" AS $$ {is_in(lead)} $$",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    database, schema = bind.execute(sa.text("SELECT current_database(), current_schema()")).one()
    member, lead = group_names(database, schema)
    for statement in _functions(member, lead):
        op.execute(statement)
    if not bind.execute(
        sa.text(
            "SELECT to_regrole(:old) IS NOT NULL"
            " AND has_table_privilege(:old, quote_ident(current_schema()) || '.promise', 'SELECT')"
        ),
        {"old": OLD_MEMBER},
    ).scalar():
        return  # no team here yet
    for group in (member, lead):
        op.execute(
            f"DO $$ BEGIN CREATE ROLE {_ident(group)} NOLOGIN;"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    for old, new in ((OLD_MEMBER, member), (OLD_LEAD, lead)):
        people = bind.execute(
            sa.text(
                "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
                " WHERE m.roleid = to_regrole(:old) ORDER BY r.rolname"
            ),
            {"old": old},
        ).scalars()
        for person in people:
            op.execute(f"GRANT {_ident(new)} TO {_ident(person)}")
    op.execute(
        "DO $$ BEGIN"
        f" EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM {OLD_MEMBER}',"
        " current_schema());"
        f" EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM {OLD_MEMBER}',"
        " current_schema());"
        f" EXECUTE format('REVOKE ALL ON SCHEMA %I FROM {OLD_MEMBER}', current_schema());"
        f" EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {OLD_MEMBER}',"
        " current_database()); END $$"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for name, group in (("pk_is_member", OLD_MEMBER), ("pk_is_lead", OLD_LEAD)):
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS boolean LANGUAGE sql STABLE AS $$"
            f" SELECT CASE WHEN to_regrole('{group}') IS NULL THEN false"
            f" ELSE pg_has_role(session_user, '{group}', 'MEMBER') END $$"
        )
    op.execute("DROP FUNCTION IF EXISTS pk_groups()")

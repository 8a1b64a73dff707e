"""One person, one role (docs/team.md, "Roles"): `pk db grant` refuses a name that differs from
a member or a known owner only in case, a superuser and names like pk's group roles, and gives
each member role a connection limit. On the real PostgreSQL server, as its owner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.conftest import Pk

pytestmark = pytest.mark.postgres

ROLES = ("carol_t", "Carol_t", "PK_MEMBER_x", "Dave_t")


@pytest.fixture
def admin(pg_pk: Pk, pg_url: str, server_roles: None) -> Iterator[Pk]:
    import psycopg

    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]

    def drop() -> None:
        with psycopg.connect(plain, autocommit=True) as connection:
            for role in ROLES:
                connection.execute(f'DROP ROLE IF EXISTS "{role}"')

    drop()
    yield pg_pk
    drop()


def _roles(pg_url: str) -> dict[str, int]:
    import psycopg

    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]
    with psycopg.connect(plain) as connection:
        rows = connection.execute(
            "SELECT rolname, rolconnlimit FROM pg_roles WHERE rolname = ANY(%s)", (list(ROLES),)
        ).fetchall()
    return {str(name): int(limit) for name, limit in rows}


def test_a_member_role_has_a_connection_limit(admin: Pk, pg_url: str) -> None:
    admin.ok("db", "grant", "carol_t")
    assert _roles(pg_url) == {"carol_t": 5}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Carol_t", 'differs from "carol_t" only in case'),
        ("postgres", "is a superuser"),
        ("PK_MEMBER_x", "looks like one of pk's group roles"),
    ],
)
def test_grants_that_would_make_an_impostor_are_refused(
    admin: Pk, pg_url: str, name: str, words: str
) -> None:
    admin.ok("db", "grant", "carol_t")
    done = admin("db", "grant", name)
    assert done.exit_code == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0], done.stderr
    assert "bug in pk" not in done.stderr
    assert set(_roles(pg_url)) == {"carol_t"}  # no role made


def test_a_known_owner_name_is_not_taken_in_another_case(admin: Pk, pg_url: str) -> None:
    """An owner pk has seen (trusted mode) is a person too: "Dave_t" owns a promise, so a role
    "dave_t" would be taken for theirs."""
    admin.ok("add", "x", "--to", "Acme", "--by", "friday", PK_USER="Dave_t")
    done = admin("db", "grant", "dave_t")
    assert done.exit_code == 2 and 'differs from "Dave_t" only in case' in done.stderr
    admin.ok("db", "grant", "Dave_t")  # the same name, exactly: granted
    assert _roles(pg_url) == {"Dave_t": 5}


def test_an_upgrade_moves_a_team_off_the_servers_groups(admin: Pk, pg_url: str) -> None:
    """A team made before the groups were each database's own (the server's pk_member and
    pk_lead held its people) is moved over by pk db upgrade, which says who moved."""
    import psycopg
    from alembic import command
    from sqlalchemy import create_engine

    from promisekeeper.store.migrate import alembic_config

    engine = create_engine(pg_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0011")  # type: ignore[arg-type]
    engine.dispose()
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as connection:
        for group in ("pk_member", "pk_lead"):
            connection.execute(
                f"DO $$ BEGIN CREATE ROLE {group} NOLOGIN;"
                " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            )
        connection.execute("CREATE ROLE carol_t LOGIN IN ROLE pk_member, pk_lead")
        connection.execute("GRANT SELECT, INSERT ON promise, event TO pk_member")
    out = admin.ok("db", "upgrade").stdout
    assert out.startswith("Schema upgraded from 0011 to ")
    assert "Moved 1 member to this database's own group pk_member_" in out
    assert out.rstrip().endswith(": carol_t.")
    assert admin.ok("db", "members").stdout == "carol_t  (lead)\n"
    with psycopg.connect(plain) as connection:
        held = connection.execute(
            "SELECT has_table_privilege('pk_member', 'promise', 'SELECT')"
        ).fetchone()
    assert held == (False,)
    carol = Pk(admin.home, pg_url.replace("://postgres@", "://carol_t@", 1))
    carol.env.update(PK_USER="", PK_TEAM_AUTH="database")
    from tests.conftest import freeze_team_clock

    freeze_team_clock(pg_url)
    assert carol.ok("add", "x", "--to", "Acme", "--by", "friday").stdout.startswith("Promised #1")

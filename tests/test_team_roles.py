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

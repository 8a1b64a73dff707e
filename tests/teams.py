"""A team on the real PostgreSQL server for the team tests (docs/team.md): three roles made by
``pk db grant`` — alice and bob (members), lena (a lead) — each connecting as themselves with
``team.auth = database``, and the database's owner. The ``team`` fixture is registered in
conftest.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from tests.conftest import Pk, freeze_team_clock

ROLES = ("alice", "bob", "lena")  # lena is the lead


def conninfo(url: str, user: str = "postgres") -> str:
    """A libpq URL for psql/psycopg: the test schema, as ``user``."""
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    return plain.replace("://postgres@", f"://{user}@", 1)


def _drop_roles(admin_conninfo: str) -> None:
    import psycopg

    with psycopg.connect(admin_conninfo.split("?")[0], autocommit=True) as connection:
        for role in ROLES:
            connection.execute(f"DROP ROLE IF EXISTS {role}")


class Team(NamedTuple):
    admin: Pk  # the database's owner (a superuser here), trusted mode
    members: dict[str, Pk]  # alice, bob, lena: each as their own role, team.auth = database
    url: str

    def sql(self, user: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run SQL as ``user`` directly, as a hand-written client would."""
        import psycopg

        with psycopg.connect(conninfo(self.url, user), autocommit=True) as connection:
            cursor = connection.execute(statement, params)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def events(self, promise_id: int) -> list[tuple[str, str]]:
        return [
            (kind, by)
            for kind, by in self.sql(
                "postgres",
                'SELECT kind, "by" FROM event WHERE promise_id = %s ORDER BY id',
                (promise_id,),
            )
        ]


@pytest.fixture
def team(pg_url: str, tmp_path: Path, server_roles: None) -> Iterator[Team]:
    admin_info = conninfo(pg_url)
    _drop_roles(admin_info)
    homes = {name: tmp_path / name for name in ("admin", *ROLES)}
    for home in homes.values():
        home.mkdir()
    admin = Pk(homes["admin"], pg_url)
    admin.ok("db", "upgrade")
    freeze_team_clock(pg_url)
    admin.ok("db", "grant", "alice")
    admin.ok("db", "grant", "bob")
    admin.ok("db", "grant", "lena", "--lead")
    members = {}
    for role in ROLES:
        member = Pk(homes[role], pg_url.replace("://postgres@", f"://{role}@", 1))
        member.env.update(PK_USER="", PK_TEAM_AUTH="database")
        members[role] = member
    yield Team(admin, members, pg_url)
    _drop_roles(admin_info)


def add_promise(member: Pk, what: str = "Send the quote") -> int:
    out = member.ok("add", what, "--to", "Acme", "--by", "friday")
    found = re.match(r"Promised #(\d+) ", out.stdout)
    assert found, out.stdout
    return int(found.group(1))

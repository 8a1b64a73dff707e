"""The team database enforces its own rules (docs/team.md, "What the database enforces"): the
suite plays a member with her own login and raw SQL, a lead, an ex-member and a second team on
the same server, against the real PostgreSQL server. Every attack here worked before the
schema of migrations 0011/0012."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from tests.conftest import NOW, Pk, freeze_team_clock
from tests.teams import ROLES, Team, add_promise, conninfo

pytestmark = pytest.mark.postgres

Refused = psycopg.errors.InsufficientPrivilege


def _refused(team: Team, user: str, *statements: tuple[str, tuple[Any, ...]]) -> str:
    """Run ``statements`` as ``user`` in one transaction; it must be refused. The message."""
    with psycopg.connect(conninfo(team.url, user)) as connection:
        with pytest.raises(Refused) as refused, connection.transaction():
            for statement, params in statements:
                connection.execute(statement, params)  # type: ignore[arg-type]
        return str(refused.value).splitlines()[0]


def _undo_by_hand(promise_id: int, event_id: int) -> list[tuple[str, tuple[Any, ...]]]:
    """What pk undo does, typed by hand: an ``undone`` event, and the event marked with it."""
    return [
        ('INSERT INTO event (promise_id, at, kind, "by", data) VALUES (%s, pk_clock(),'
         " 'undone', 'alice', '{\"undid\": \"noted\", \"event_number\": 2}')", (promise_id,)),
        ("UPDATE event SET voided_by = (SELECT max(id) FROM event) WHERE id = %s", (event_id,)),
    ]  # fmt: skip


def _row(team: Team, promise_id: int) -> tuple[Any, ...]:
    return team.sql(
        "postgres",
        "SELECT status, due_at, baseline_due_at, kept_at, slips, owner FROM promise WHERE id = %s",
        (promise_id,),
    )[0]


def _history(team: Team, promise_id: int) -> list[tuple[Any, ...]]:
    return team.sql(
        "postgres",
        'SELECT id, at, kind, "by", data, voided_by FROM event WHERE promise_id = %s ORDER BY id',
        (promise_id,),
    )


def _slipped_and_kept_late(team: Team) -> int:
    alice = team.members["alice"]
    own = add_promise(alice)  # due friday 27 Nov
    alice.ok("promise", "reschedule", str(own), "--by", "2026-12-04")  # a slip
    freeze_team_clock(team.url, "2026-12-05T10:00:00+00:00")
    alice.ok("promise", "keep", str(own))  # late
    return own


def test_a_member_cannot_rewrite_her_own_record(team: Team) -> None:
    """The review's attack: after a slip and a late keep, alice's own SQL cannot make her
    record on time, hide the slip, or touch history — only add to it as pk would."""
    own = _slipped_and_kept_late(team)
    team.members["lena"].ok("add", "Renewal", "--to", "Globex", "--by", "friday")
    row, history = _row(team, own), _history(team, own)
    reschedule = next(e[0] for e in history if e[2] == "rescheduled")
    keep = next(e[0] for e in history if e[2] == "kept")
    attacks = {
        "slips to 0": [("UPDATE promise SET slips = 0 WHERE id = %s", (own,))],
        "kept on time": [
            ("UPDATE promise SET kept_at = due_at - 86400 * 10 WHERE id = %s", (own,))
        ],
        "the date back": [
            (
                "UPDATE promise SET due_at = original_due_at + 86400 * 9,"
                " baseline_due_at = original_due_at + 86400 * 9 WHERE id = %s",
                (own,),
            )
        ],
        "reopened quietly": [
            (
                "UPDATE promise SET status = 'open', kept_at = NULL, closed_at = NULL"
                " WHERE id = %s",
                (own,),
            )
        ],
        "given away": [("UPDATE promise SET owner = 'bob' WHERE id = %s", (own,))],
        "moved to another customer": [
            (
                "UPDATE promise SET customer_id = (SELECT id FROM customer WHERE name = 'Globex')"
                " WHERE id = %s",
                (own,),
            )
        ],
        "made earlier": [("UPDATE promise SET made_at = made_at - 86400 WHERE id = %s", (own,))],
        "the slip voided": [("UPDATE event SET voided_by = %s WHERE id = %s", (keep, reschedule))],
        "a note to explain a change": [
            (
                'INSERT INTO event (promise_id, at, kind, "by", data) VALUES'
                " (%s, pk_clock(), 'noted', 'alice', '{\"text\": \"x\"}')",
                (own,),
            ),
            ("UPDATE promise SET slips = 0 WHERE id = %s", (own,)),
        ],
        "an old event": [
            (
                'INSERT INTO event (promise_id, at, kind, "by", data) VALUES'
                " (%s, 1700000000, 'noted', 'alice', '{\"text\": \"x\"}')",
                (own,),
            )
        ],
        "an event from the future": [
            (
                'INSERT INTO event (promise_id, at, kind, "by", data) VALUES'
                " (%s, pk_clock() + 86400, 'noted', 'alice', '{\"text\": \"x\"}')",
                (own,),
            )
        ],
        "an event born undone": [
            (
                'INSERT INTO event (promise_id, at, kind, "by", data, voided_by) VALUES'
                " (%s, pk_clock(), 'noted', 'alice', '{\"text\": \"x\"}', %s)",
                (own, keep),
            )
        ],
        "an import of her own past": [
            (
                'INSERT INTO event (promise_id, at, kind, "by", data, imported_by, imported_at)'
                " VALUES (%s, 1700000000, 'noted', 'alice', '{\"text\": \"x\"}', 'alice',"
                " pk_clock())",
                (own,),
            )
        ],
        "the slip undone out of turn": [
            (
                'INSERT INTO event (promise_id, at, kind, "by", data) VALUES (%s, pk_clock(),'
                " 'undone', 'alice', '{\"undid\": \"rescheduled\", \"event_number\": 2}')",
                (own,),
            ),
            (
                "UPDATE event SET voided_by = (SELECT max(id) FROM event) WHERE id = %s",
                (reschedule,),
            ),
        ],
        "an author changed": [("UPDATE event SET \"by\" = 'bob' WHERE id = %s", (reschedule,))],
        "an event deleted": [("DELETE FROM event WHERE id = %s", (reschedule,))],
        "a promise deleted": [("DELETE FROM promise WHERE id = %s", (own,))],
    }
    messages = {}
    for name, statements in attacks.items():
        messages[name] = _refused(team, "alice", *statements)
    assert _row(team, own) == row and _history(team, own) == history
    assert "without the event that explains it" in messages["slips to 0"]
    assert "does not match its history" in messages["a note to explain a change"]
    assert "without the event that explains it" in messages["reopened quietly"]
    assert "stay as recorded" in messages["made earlier"]
    assert "without the event" in messages["moved to another customer"]
    assert "event times come from the server's clock" in messages["an old event"]
    assert "only a lead can import events older" in messages["an import of her own past"]
    assert "of the last 30 minutes" in messages["the slip undone out of turn"]
    # the lead's review still sees the slip and the late keep
    report = (
        team.members["lena"]
        .ok("report", "--from", "2026-11-01", "--to", "2026-12-31", "--all", "-f", "json")
        .json()["totals"]
    )
    assert (report["slips"], report["kept_late"], report["kept_on_time"]) == (1, 1, 0)


def test_undo_is_pk_undo_enforced_by_the_database(team: Team) -> None:
    """pk undo still works (her own last change, within 30 minutes); an undone event stays
    undone; nobody undoes another's event; past 30 minutes nothing is undone."""
    alice, lena = team.members["alice"], team.members["lena"]
    own = add_promise(alice)
    lena.ok("promise", "note", str(own), "Checked with Sam")
    lenas = _history(team, own)[-1][0]
    refused = _refused(team, "alice", *_undo_by_hand(own, lenas))
    assert "only its author can undo an event" in refused
    alice.ok("promise", "note", str(own), "Called Sam")
    alice.ok("promise", "note", str(own), "Called Sam again")
    first = _history(team, own)[-2][0]
    refused = _refused(team, "alice", *_undo_by_hand(own, first))
    assert "only your last change can be undone" in refused
    alice.ok("promise", "keep", str(own))
    assert "Undid keeping it" in alice.ok("undo").stdout
    kept = next(e for e in _history(team, own) if e[2] == "kept")
    assert kept[5] is not None
    refused = _refused(
        team, "alice", ("UPDATE event SET voided_by = NULL WHERE id = %s", (kept[0],))
    )
    assert "an undone event stays undone" in refused
    # 31 minutes on, the next change can no longer be undone, by pk or by hand
    alice.ok("promise", "note", str(own), "Called Sam")
    note = _history(team, own)[-1][0]
    freeze_team_clock(team.url, "2026-11-23T09:31:00+00:00")
    assert "Nothing to undo" in alice("undo").stderr
    refused = _refused(team, "alice", *_undo_by_hand(own, note))
    assert "only a change of the last 30 minutes can be undone" in refused


def test_event_times_are_the_teams_clock(team: Team) -> None:
    """Under team.auth = database a member's pk takes its time from the server, not PK_NOW."""
    alice = team.members["alice"]
    own = add_promise(alice)
    freeze_team_clock(team.url, "2026-11-24T15:00:00+00:00")
    alice.ok("promise", "note", str(own), "Called Sam", now="2026-01-01T00:00:00+00:00")
    shown = alice.ok("promise", "show", str(own), "-f", "json").json()
    assert shown["history"][-1]["at"] == "2026-11-24T15:00:00+00:00"


def test_no_member_can_lock_a_table_or_draw_ids(team: Team) -> None:
    """Members hold no privilege that locks a whole table, and no sequence: ids are 64-bit
    identity columns that only inserts draw from."""
    tables = [r[0] for r in team.sql("postgres", _TABLES)]
    assert {"promise", "event", "customer", "announcement"} <= set(tables)
    for table in tables:
        for mode in ("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE"):
            with pytest.raises(Refused):
                team.sql("alice", f"BEGIN; LOCK TABLE {table} IN {mode} MODE")
    sequences = [
        r[0]
        for r in team.sql(
            "postgres",
            "SELECT sequence_name FROM information_schema.sequences"
            " WHERE sequence_schema = current_schema()",
        )
    ]
    assert sequences
    for sequence in sequences:
        with pytest.raises(Refused):
            team.sql("alice", "SELECT nextval(%s)", (sequence,))
    assert add_promise(team.members["alice"])  # and pk adds as before


_TABLES = (
    "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
    " AND c.relkind = 'r' AND c.relname <> 'alembic_version' ORDER BY 1"
)


def test_every_table_has_row_level_security(pg_pk: Pk) -> None:
    """Every table of team data (all but Alembic's own) has row-level security with a policy for
    each command: a new table without one fails here."""
    pg_pk.ok("db", "upgrade")
    url = pg_pk.env["PK_DB"].replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(url) as connection:
        tables = [r[0] for r in connection.execute(_TABLES)]
        secured = dict(
            connection.execute(
                "SELECT relname, relrowsecurity FROM pg_class"
                " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
            ).fetchall()
        )
        policies: dict[str, set[str]] = {}
        for table, command in connection.execute(
            "SELECT tablename, cmd FROM pg_policies WHERE schemaname = current_schema()"
        ):
            policies.setdefault(table, set()).add(command)
    assert tables == sorted(
        [
            "announcement",
            "away",
            "chain",
            "chain_join",
            "customer",
            "event",
            "member",
            "promise",
            "review",
            "secret",
            "standard",
            "statement",
            "team_clock",
        ]
    )
    for table in tables:
        assert secured[table], f"{table} has no row-level security"
        assert policies.get(table) == {"SELECT", "INSERT", "UPDATE", "DELETE"}, table


def test_announcements_are_the_teams(team: Team) -> None:
    """A member cannot hide her overdue promises from the lead's reminders, nor forget what was
    announced to someone else."""
    alice, bob, lena = (team.members[r] for r in ROLES)
    own = add_promise(alice)
    bobs = add_promise(bob)
    lena.ok("promise", "edit", str(bobs), "--owner", "alice")  # a hand-over notice for alice
    insert = (
        "INSERT INTO announcement (audience, promise_id, kind, due_at, at)"
        " SELECT %s, id, 'overdue', due_at, pk_clock() FROM promise WHERE id = %s"
    )
    for audience in ("*", "lena"):
        with pytest.raises(Refused):
            team.sql("alice", insert, (audience, own))
    with pytest.raises(Refused):
        team.sql("alice", "DELETE FROM announcement")
    with pytest.raises(Refused):
        team.sql("bob", "SELECT pk_forget_announcement('alice', %s, 'handover', NULL)", (bobs,))
    assert team.sql("postgres", "SELECT audience FROM announcement") == [("alice",)]
    team.sql("alice", insert, ("alice", own))  # her own reminders are hers
    assert "Handed to you" in alice.ok("due").stdout


def test_names_are_exact(team: Team) -> None:
    """A second login differing only in case, made a member behind pk's back, is not bob: it
    cannot change bob's promises or write in his name."""
    bob = team.members["bob"]
    bobs = add_promise(bob)
    member_group = team.sql("postgres", "SELECT member FROM pk_groups()")[0][0]
    team.sql("postgres", 'DROP ROLE IF EXISTS "Bob"')
    try:
        team.sql("postgres", 'CREATE ROLE "Bob" LOGIN')
        team.sql("postgres", f'GRANT "{member_group}" TO "Bob"')
        team.sql("Bob", "UPDATE promise SET what = 'x' WHERE id = %s", (bobs,))
        with pytest.raises(Refused):
            team.sql(
                "Bob",
                'INSERT INTO event (promise_id, at, kind, "by", data) VALUES'
                " (%s, pk_clock(), 'noted', 'bob', '{\"text\": \"x\"}')",
                (bobs,),
            )
        assert team.sql("postgres", "SELECT what FROM promise WHERE id = %s", (bobs,)) == [
            ("Send the quote",)
        ]
    finally:
        team.sql("postgres", 'DROP ROLE IF EXISTS "Bob"')


@pytest.fixture
def second_team(pg_server: str, server_roles: None) -> Iterator[str]:
    """A second team's database on the same server (its own schema, as the first's)."""
    import uuid

    from tests.conftest import drop_test_schema

    schema = f"pk_test_{uuid.uuid4().hex[:12]}"
    conninfo = pg_server.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    yield f"{pg_server}?options=-csearch_path%3D{schema}"
    drop_test_schema(conninfo, schema)


def test_two_teams_on_one_server_are_apart(team: Team, second_team: str, tmp_path: Path) -> None:
    """Team A's lead has nothing in team B's database, even when B shares a person with A: the
    groups are each database's own."""
    other = tmp_path / "b-admin"
    other.mkdir()
    admin_b = Pk(other, second_team)
    admin_b.ok("add", "Ship the adapter", "--to", "Initech", "--by", "friday", PK_USER="zoe")
    admin_b.ok("db", "grant", "alice")  # in both teams, a lead in neither
    conninfo = second_team.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo) as connection:
        groups_b = connection.execute("SELECT member, lead FROM pk_groups()").fetchone()
    groups_a = team.sql("postgres", "SELECT member, lead FROM pk_groups()")[0]
    assert groups_a != groups_b and groups_b[0].startswith("pk_member_")
    for person, said in (("lena", "The database refused"), ("alice", "#1 belongs to zoe")):
        home = tmp_path / f"b-{person}"
        home.mkdir()
        there = Pk(home, second_team.replace("://postgres@", f"://{person}@", 1))
        there.env.update(PK_USER="", PK_TEAM_AUTH="database")
        refused = there("promise", "cancel", "1", "--reason", "not needed")
        assert refused.exit_code == 2, refused.stderr
        assert refused.stderr.startswith(f"Error: {said}"), refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    assert json.loads(admin_b.ok("export").stdout)["promises"][0]["status"] == "open"


def test_revoke_ends_sessions_and_login(team: Team) -> None:
    """An ex-member cannot hold on: revoke disables the login pk made, ends open sessions, and
    with them any lock they held."""
    with psycopg.connect(conninfo(team.url, "bob"), autocommit=True) as held:
        held.execute("SELECT pg_advisory_lock(20261125)")
        said = team.admin.ok("db", "revoke", "bob").stdout
        assert said == (
            "bob is no longer a member of the team; the role pk made for them may no longer "
            "log in; 1 open session ended.\n"
        )
        with pytest.raises(psycopg.OperationalError):
            held.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(conninfo(team.url, "bob")).close()
    assert add_promise(team.members["alice"], "A new customer's promise")
    team.admin.ok("db", "grant", "bob")  # back on the team: may log in again
    assert team.members["bob"].ok("due")


def test_grant_and_revoke_by_a_member_are_one_line(team: Team) -> None:
    for args in (("db", "grant", "mallory"), ("db", "revoke", "bob")):
        out = team.members["alice"](*args)
        assert out.exit_code == 2
        assert out.stderr == (
            f"Error: pk db {args[1]} is for the database's owner; you are alice, a member of "
            "the team.\n"
        )


def test_a_lead_imports_past_history_marked(team: Team, tmp_path: Path) -> None:
    """A member's merge of her own back-dated history is refused; a lead's carries who
    imported it and when, in promise show and JSON."""
    mine = Pk(tmp_path, None)
    mine.env["PK_USER"] = "alice"
    mine.ok(
        "add", "Old quote", "--to", "Acme", "--by", "2026-11-10", now="2026-11-02T09:00:00+00:00"
    )
    mine.ok("keep", "1", now="2026-11-09T09:00:00+00:00")
    exported = tmp_path / "alice.json"
    mine.ok("export", "--out", str(exported))
    alice, lena = team.members["alice"], team.members["lena"]
    refused = alice("import", str(exported), "--merge")
    assert refused.exit_code == 2
    assert "only a lead can import history older than the import" in refused.stderr
    done = lena.ok("import", str(exported), "--merge")
    assert re.match(r"Imported 1 promise", done.stdout)
    merged = next(
        p for p in json.loads(lena.ok("export").stdout)["promises"] if p["what"] == "Old quote"
    )
    assert [(e["by"], e["imported_by"], e["imported_at"]) for e in merged["history"]] == [
        ("alice", "lena", NOW.replace("+00:00", "+00:00"))
    ] * 2
    shown = alice.ok("promise", "show", str(merged["id"])).stdout
    assert "imported by lena" in shown
    report = lena.ok("report", "--from", "2026-11-01", "--to", "2026-11-20", "--all", "-f", "json")
    assert report.json()["totals"]["kept_on_time"] == 1


def test_one_line_for_each_real_cause(team: Team, tmp_path: Path) -> None:
    """An ex-member whose role pk did not make (it keeps its login) may no longer connect; a
    read-only server says so, not "check the file's permissions"."""
    team.sql("postgres", 'DROP ROLE IF EXISTS "pat_t"')
    try:
        team.sql("postgres", 'CREATE ROLE "pat_t" LOGIN')
        team.admin.ok("db", "grant", "pat_t")
        said = team.admin.ok("db", "revoke", "pat_t").stdout
        assert said == "pat_t is no longer a member of the team.\n"
        pat = Pk(tmp_path, team.url.replace("://postgres@", "://pat_t@", 1))
        out = pat("due")
        assert (out.exit_code, out.stderr) == (
            3,
            "Error: Cannot connect to the database: your role may not connect to it (not on "
            "the team? the database's owner runs pk db grant NAME).\n",
        )
    finally:
        team.sql("postgres", 'DROP ROLE IF EXISTS "pat_t"')
    read_only = team.url.replace("options=", "options=-cdefault_transaction_read_only%3Don%20")
    out = team.admin("add", "x", "--to", "Acme", "--by", "friday", PK_DB=read_only)
    assert out.exit_code == 1
    assert out.stderr.startswith("Error: The database server takes no writes (a standby")


def test_the_attacks_with_her_own_password(team: Team) -> None:
    """The same under password authentication: alice logs in with her own password, as a
    member would on a real server, and her SQL is refused all the same; pk works with the
    password from libpq's environment. The server checks passwords for the group
    pk_password_checked (.ci/run adds the pg_hba.conf line)."""
    import os

    checked = team.sql("postgres", "SELECT to_regrole('pk_password_checked') IS NOT NULL")
    if not checked[0][0]:
        _no_password_checks("there is no role pk_password_checked")
    team.sql("postgres", "ALTER ROLE alice PASSWORD 'alice-secret'")
    team.sql("postgres", "GRANT pk_password_checked TO alice")
    try:
        try:
            psycopg.connect(conninfo(team.url, "alice")).close()
        except psycopg.OperationalError as exc:
            assert "password" in str(exc)
        else:
            _no_password_checks("the server does not ask pk_password_checked for a password")
        alice = team.members["alice"]
        assert alice("due").exit_code == 3  # no password: cannot connect
        own = add_promise_as(alice, PGPASSWORD="alice-secret")
        with_password = conninfo(team.url, "alice").replace("://alice@", "://alice:alice-secret@")
        for statement in (
            "UPDATE promise SET slips = 3 WHERE id = %s",
            "DELETE FROM event WHERE promise_id = %s",
            "UPDATE event SET voided_by = id WHERE promise_id = %s",
        ):
            with (
                psycopg.connect(with_password, autocommit=True) as connection,
                pytest.raises(Refused),
            ):
                connection.execute(statement, (own,))
        with psycopg.connect(with_password) as connection, pytest.raises(Refused):
            connection.execute("LOCK TABLE promise IN ACCESS EXCLUSIVE MODE")
        assert os.environ.get("PGPASSWORD") is None
    finally:
        team.sql("postgres", "REVOKE pk_password_checked FROM alice")


def _no_password_checks(why: str) -> None:
    import os

    if os.environ.get("PK_TEST_REQUIRE_PASSWORDS") == "1":
        pytest.fail(f"PK_TEST_REQUIRE_PASSWORDS=1 but {why}")
    pytest.skip(f"password authentication not set up ({why}); .ci/run shows how")


def add_promise_as(member: Pk, **env: str) -> int:
    out = member.ok("add", "Send the quote", "--to", "Acme", "--by", "friday", **env)
    found = re.match(r"Promised #(\d+) ", out.stdout)
    assert found, out.stdout
    return int(found.group(1))

"""team.auth = database on the real PostgreSQL server (docs/team.md): three roles made by
``pk db grant`` — alice and bob (members), lena (a lead) — each connecting as themselves.
Every write command is tried across owners; the history's authors are the session users; a
hand-written SQL client cannot forge history; reports still see everything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from tests.conftest import Pk, freeze_team_clock
from tests.teams import ROLES, Team, add_promise

pytestmark = pytest.mark.postgres


class Write(NamedTuple):
    name: str
    args: tuple[str, ...]  # {id} is the promise, {other} another member
    before: tuple[str, ...] = ()  # what its owner does first (a kept promise to reopen)


WRITES = [
    Write("keep", ("promise", "keep", "{id}")),
    Write("break", ("promise", "break", "{id}", "--reason", "retired")),
    Write("cancel", ("promise", "cancel", "{id}", "--reason", "not needed")),
    Write("reopen", ("promise", "reopen", "{id}"), ("promise", "keep", "{id}")),
    Write("reschedule", ("promise", "reschedule", "{id}", "--by", "2026-12-04")),
    Write("wait", ("promise", "wait", "{id}", "--reason", "the logs")),
    Write("resume", ("promise", "resume", "{id}"), ("promise", "wait", "{id}")),
    Write("loop", ("promise", "loop", "{id}", "--every", "2 business days")),
    Write("note", ("promise", "note", "{id}", "Called Sam")),
    Write("edit", ("promise", "edit", "{id}", "--what", "Send the revised quote")),
    Write("delete", ("promise", "delete", "{id}", "--yes")),
]


def _run(member: Pk, args: tuple[str, ...], promise_id: int, other: str = "") -> Any:
    return member(*(a.format(id=promise_id, other=other) for a in args))


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_every_write_across_owners(team: Team, write: Write) -> None:
    """A member changes their own promise; not another's (one line, exit 2, nothing written);
    a lead changes anyone's. Every event's author is the role that wrote it."""
    alice, bob, lena = (team.members[r] for r in ROLES)
    own, bobs, leads_target = (
        add_promise(alice),
        add_promise(bob),
        add_promise(bob, "Ship the adapter"),
    )
    for owner, promise_id in ((alice, own), (bob, bobs), (bob, leads_target)):
        if write.before:
            _run(owner, write.before, promise_id)
    # a member on another's promise: refused, nothing written
    before = team.admin.snapshot()
    refused = _run(alice, write.args, bobs)
    assert refused.exit_code == 2, refused.stdout + refused.stderr
    assert refused.stderr == (f"Error: #{bobs} belongs to bob; only bob or a lead can change it.\n")
    assert team.admin.snapshot() == before
    # a member on their own; a lead on someone else's
    done = _run(alice, write.args, own)
    assert done.exit_code == 0, done.stderr
    assert team.events(own)[-1][1] == "alice"
    done = _run(lena, write.args, leads_target)
    assert done.exit_code == 0, done.stderr
    assert team.events(leads_target)[-1][1] == "lena"
    assert {by for _kind, by in team.events(bobs)} == {"bob"}


def test_hand_over_is_for_leads_and_the_new_owner_hears_of_it(team: Team) -> None:
    alice, bob, lena = (team.members[r] for r in ROLES)
    own = add_promise(alice)
    refused = alice("promise", "edit", str(own), "--owner", "bob")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: Only a lead can give a promise to someone else")
    refused = alice("add", "Quote", "--to", "Acme", "--by", "friday", "--owner", "bob")
    assert refused.exit_code == 2 and "Only a lead" in refused.stderr
    lena.ok("promise", "edit", str(own), "--owner", "BOB")  # any case: the role's name
    detail = team.admin.ok("promise", "show", str(own), "--format", "json").json()
    assert detail["owner"] == "bob"
    assert team.events(own)[-1] == ("edited", "lena")
    first = bob.ok("due").stdout
    assert f"Handed to you: #{own} Send the quote (Acme) by lena" in first
    assert "Handed to you" not in bob.ok("due").stdout  # once
    assert "Handed to you" not in alice.ok("due").stdout
    lena.ok("add", "Order the parts", "--to", "Acme", "--by", "friday", "--owner", "alice")
    unknown = lena("add", "Quote", "--to", "Acme", "--by", "friday", "--owner", "bbo")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith('Error: No team member "bbo". Did you mean "bob"?')


def test_acting_as_someone_else_is_for_leads(team: Team) -> None:
    alice, lena = team.members["alice"], team.members["lena"]
    refused = alice("add", "Quote", "--to", "Acme", "--by", "friday", PK_USER="bob")
    assert refused.exit_code == 2
    assert "You are connected as alice, but PK_USER or the setting user says bob" in (
        refused.stderr
    )
    # a lead acting for alice: alice owns it, lena wrote it
    acting = Pk(lena.home, lena.env["PK_DB"])
    acting.env.update(PK_USER="alice", PK_TEAM_AUTH="database")
    promise_id = add_promise(acting)
    shown = team.admin.ok("promise", "show", str(promise_id), "-f", "json").json()
    assert shown["owner"] == "alice"
    assert team.events(promise_id) == [("created", "lena")]


def test_shared_records_are_for_leads(team: Team) -> None:
    alice, lena = team.members["alice"], team.members["lena"]
    add_promise(alice)  # a member may add customers
    for args, what in (
        (("customer", "rename", "Acme", "Acme Ltd"), "rename a customer"),
        (("customer", "set", "Acme", "--timezone", "Europe/Paris"), "change a customer"),
        (("standard", "add", "quote", "--within", "2 business days"), "change the service"),
    ):
        refused = alice(*args)
        assert refused.exit_code == 2, refused.stdout
        assert refused.stderr.startswith(f"Error: Only a lead can {what}"), refused.stderr
    lena.ok("customer", "rename", "Acme", "Acme Ltd")


def test_hand_written_sql_cannot_forge_history(team: Team) -> None:
    """What pk refuses, the database refuses too: as alice, psql can neither write an event in
    bob's name nor touch bob's promise."""
    import psycopg

    alice, bob = team.members["alice"], team.members["bob"]
    own, bobs = add_promise(alice), add_promise(bob)
    forged = [
        ("INSERT INTO event (promise_id, at, kind, \"by\", data) VALUES (%s, 0, 'kept', 'bob',"
         " '{}')", (own,)),
        ("INSERT INTO event (promise_id, at, kind, \"by\", data) VALUES (%s, 0, 'kept', 'alice',"
         " '{}')", (bobs,)),
        ("INSERT INTO promise (what, customer_id, owner, status, made_at, created_at, due_at,"
         " original_due_at, baseline_due_at) SELECT 'x', customer_id, 'bob', 'open', 0, 0, 0, 0,"
         " 0 FROM promise WHERE id = %s", (own,)),
        ('UPDATE event SET "by" = \'bob\' WHERE promise_id = %s', (own,)),
        ("DELETE FROM event WHERE promise_id = %s", (bobs,)),
    ]  # fmt: skip
    for statement, params in forged:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            team.sql("alice", statement, params)
    # rows of others' are not there to change: nothing happens to them; nobody deletes one
    team.sql("alice", "UPDATE promise SET status = 'kept' WHERE id = %s", (bobs,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("alice", "DELETE FROM promise WHERE id = %s", (bobs,))
    assert team.sql("postgres", "SELECT status FROM promise WHERE id = %s", (bobs,)) == [("open",)]
    assert team.events(bobs) == [("created", "bob")]
    # and a plain pk without team.auth, claiming to be bob, is refused by the database, with
    # the setting that makes pk work for a member
    trusted = Pk(alice.home, alice.env["PK_DB"])
    claim = trusted("promise", "keep", str(bobs), PK_USER="bob")
    assert claim.exit_code == 2
    assert claim.stderr.startswith("Error: You connect as alice, a member of this team's")
    assert "set team.auth = database" in claim.stderr
    assert len(claim.stderr.strip().splitlines()) == 1
    assert team.events(bobs) == [("created", "bob")]


def test_everyone_reads_everything(team: Team) -> None:
    alice, bob, lena = (team.members[r] for r in ROLES)
    add_promise(alice, "Quote for Acme")
    add_promise(bob, "Adapter for Acme")
    for member in (alice, bob, lena):
        shown = member.ok("due", "--all", "--days", "7").stdout
        assert "Quote for Acme" in shown and "Adapter for Acme" in shown
        report = member.ok("report", "--month", "--all", "--by", "owner", "-f", "json").json()
        assert report["totals"]["due"] == 2
        assert [row["key"] for row in report["by"]] == ["alice", "bob"]
        assert {r["owner"] for r in json.loads(member.ok("ls", "--all", "-f", "json").stdout)} == {
            "alice",
            "bob",
        }
    assert "alice" in team.admin.ok("team").stdout


def test_members_and_revoke(team: Team) -> None:
    assert team.admin.ok("db", "members").stdout == "alice\nbob\nlena  (lead)\n"
    assert team.members["bob"].ok("team", "members").stdout == "alice\nbob\nlena  (lead)\n"
    team.admin.ok("db", "revoke", "bob")
    assert team.admin.ok("db", "members").stdout == "alice\nlena  (lead)\n"
    # bob is not a member any more, and the role pk made for him may not log in: one line
    out = team.members["bob"]("due")
    assert out.exit_code == 3
    assert out.stderr == (
        "Error: Cannot connect to the database: your role may not log in (taken off the team? "
        "the database's owner runs pk db grant NAME).\n"
    )
    assert team.admin("db", "revoke", "bob").exit_code == 2


def test_passwords_never_print(team: Team) -> None:
    """A URL with a password (trust authentication ignores it here): a refusal and a database
    error show neither it nor the URL's user info."""
    bob = team.members["bob"]
    alice = team.members["alice"]
    bobs = add_promise(bob)
    url = alice.env["PK_DB"].replace("://alice@", "://alice:Sup3r-s3cret@", 1)
    refused = alice("promise", "keep", str(bobs), PK_DB=url)
    assert refused.exit_code == 2 and "Sup3r-s3cret" not in refused.stderr + refused.stdout
    claim = alice("promise", "keep", str(bobs), PK_DB=url, PK_TEAM_AUTH="none", PK_USER="bob")
    assert claim.exit_code == 2 and "Sup3r-s3cret" not in claim.stderr + claim.stdout


def test_team_auth_is_for_postgresql(sqlite_pk: Pk) -> None:
    """An SQLite file has one user: team.auth does not apply to it (a member's own database,
    ``--db mine.db``, works as ever); the team commands say they are for PostgreSQL."""
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", PK_TEAM_AUTH="database")
    assert "Quote" in sqlite_pk.ok("due", PK_TEAM_AUTH="database").stdout
    refused = sqlite_pk("db", "grant", "alice")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: pk db grant is for a team database on PostgreSQL")
    assert sqlite_pk("due", PK_TEAM_AUTH="sometimes").exit_code == 2


def test_undo_and_imports_across_owners(team: Team, tmp_path: Path) -> None:
    """The writes that name no promise: undo takes back only what its author may still change;
    an import by a member holds only their own promises."""
    alice, bob, lena = (team.members[r] for r in ROLES)
    own = add_promise(alice)
    alice.ok("promise", "note", str(own), "Called Sam")
    lena.ok("promise", "edit", str(own), "--owner", "bob")  # now bob's
    refused = alice("undo")
    assert refused.exit_code == 2
    assert refused.stderr == f"Error: #{own} belongs to bob; only bob or a lead can change it.\n"
    lena.ok("undo")  # the lead takes her hand-over back
    assert team.admin.ok("promise", "show", str(own), "-f", "json").json()["owner"] == "alice"
    assert team.events(own)[-1] == ("undone", "lena")
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "what,customer,due_at,owner\nQuote,Acme,2026-12-01,alice\nOffer,Acme,2026-12-01,bob\n"
    )
    before = team.admin.snapshot()
    out = alice("import", str(rows))
    assert out.exit_code == 2
    assert "Row 3: Only a lead can give a promise to someone else; you are alice" in out.stderr
    assert team.admin.snapshot() == before
    bob_rows = tmp_path / "bob.csv"
    bob_rows.write_text("what,customer,due_at\nOffer,Acme,2026-12-01\n")
    bob.ok("import", str(bob_rows))
    offers = [p for p in team.admin.ok("ls", "--all", "-f", "json").json() if p["what"] == "Offer"]
    assert [(p["owner"]) for p in offers] == ["bob"]


def test_a_member_answers_declines_and_states_effort_and_cannot_fake_them(team: Team) -> None:
    """Requests and efforts on a team database (docs/words.md): a member's answer, decline,
    reopen and keep with effort pass the database's own replay; the same rows written by hand
    without the event that explains them are refused."""
    import psycopg

    alice = team.members["alice"]
    alice.ok("add", "Quote for the racks", "--to", "Acme", "--unanswered", "--effort", "15 min")
    alice.ok("add", "Custom cables", "--to", "Acme", "--unanswered")
    alice.ok("promise", "answer", "1", "--by", "friday")
    alice.ok("promise", "decline", "2", "--reason", "we do not make cables")
    alice.ok("promise", "reopen", "2")
    alice.ok("promise", "keep", "1", "--effort", "90 min")
    alice.ok("undo")
    alice.ok("promise", "keep", "1", "--effort", "1 h")
    shown = team.admin.ok("promise", "show", "1", "--format", "json").json()
    assert (shown["status"], shown["effort_stated"], shown["effort_actual"]) == ("kept", 15, 60)
    assert team.admin.ok("promise", "show", "2", "--format", "json").json()["status"] == (
        "unanswered"
    )
    alice.ok("add", "Call back", "--to", "Acme", "--by", "friday")
    forged = [
        ("UPDATE promise SET effort_actual = 5 WHERE id = %s", (1,)),
        ("UPDATE promise SET effort_stated = 5 WHERE id = %s", (3,)),
        ("UPDATE promise SET status = 'unanswered', due_at = NULL, original_due_at = NULL,"
         " baseline_due_at = NULL WHERE id = %s", (3,)),
        ("UPDATE promise SET status = 'declined', closed_at = 1 WHERE id = %s", (2,)),
        ("INSERT INTO promise (what, customer_id, owner, status, made_at, created_at)"
         " SELECT 'x', customer_id, 'alice', 'open', 0, 0 FROM promise WHERE id = %s", (3,)),
    ]  # fmt: skip
    for statement, params in forged:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            team.sql("alice", statement, params)
    assert team.admin.ok("db", "check").exit_code == 0


def test_cover_while_away_follows_the_hand_over(team: Team) -> None:
    """Cover while away on a team database (docs/owed.md): only the owner or a lead sets it;
    the owner's open promises due then go to the cover at the first command of the first day,
    the cover keeps one of them, the rest come back at the first command after the last day —
    every row written by pk passes row-level security and the database's own replay, and the
    same hand-over written by hand without an absence is refused."""
    import psycopg

    alice, bob, lena = (team.members[r] for r in ROLES)
    alice.ok("add", "Quote", "--to", "Acme", "--by", "2026-11-25")  # #1, due in the absence
    alice.ok("add", "Racks", "--to", "Acme", "--by", "2026-11-26")  # #2, due in the absence
    alice.ok("add", "Cables", "--to", "Acme", "--by", "2026-12-10")  # #3, due after it
    refused = bob("away", "--from", "2026-11-24", "--to", "2026-11-27", "--cover", "bob",
                  "--owner", "alice")  # fmt: skip
    assert refused.exit_code == 2 and "Only alice or a lead can set alice's cover" in refused.stderr
    forged = psycopg.errors.InsufficientPrivilege
    with pytest.raises(forged):  # no absence yet: alice cannot give her promise to bob
        team.sql("alice", "UPDATE promise SET owner = 'bob' WHERE id = 1")
    set_up = alice.ok("away", "--from", "2026-11-24", "--to", "2026-11-27", "--cover", "bob")
    assert "alice away Tue 24 Nov – Fri 27 Nov: bob covers" in set_up.stdout
    with pytest.raises(forged):  # away, but without the event that hands it over
        team.sql("alice", "UPDATE promise SET owner = 'bob' WHERE id = 3")
    freeze_team_clock(team.url, "2026-11-24T08:00:00+00:00")  # Tuesday: bob's first command
    tuesday = "2026-11-24T08:00:00+00:00"
    seen = bob.ok("due", "--days", "4", now=tuesday).stdout
    assert "Handed to you: #1 Quote (Acme) by bob" in seen
    owners = {p["id"]: p["owner"] for p in team.admin.ok("ls", "--all", "-f", "json").json()}
    assert owners == {1: "bob", 2: "bob", 3: "alice"}
    bob.ok("keep", "1", now=tuesday)  # the cover keeps one: it is his now
    refused = alice("keep", "2", now=tuesday)
    assert refused.exit_code == 2 and "#2 belongs to bob" in refused.stderr
    freeze_team_clock(team.url, "2026-11-30T08:00:00+00:00")  # Monday: alice is back
    alice.ok("due", now="2026-11-30T08:00:00+00:00")
    owners = {p["id"]: p["owner"] for p in
              team.admin.ok("ls", "--all", "--status", "all", "-f", "json").json()}  # fmt: skip
    assert owners == {1: "bob", 2: "alice", 3: "alice"}
    assert team.events(2)[-2:] == [("handed_over", "bob"), ("handed_over", "alice")]
    listed = team.admin.ok("away", "list", "-f", "json").json()
    assert [(a["owner"], a["cover"], a["state"]) for a in listed] == [("alice", "bob", "back")]
    lena.ok("away", "--from", "2026-12-07", "--to", "2026-12-08", "--cover", "alice",
            "--owner", "bob")  # a lead sets anyone's  # fmt: skip
    assert team.admin.ok("db", "check").exit_code == 0

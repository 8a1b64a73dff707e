"""The chained history and the statements a customer can check (docs/formats.md, "The chain";
docs/review.md, "Statements your customer can check").

The attacks are what an attacker would do: SQL as the database's owner (the ``sqlite3`` module
on the file, psycopg as the PostgreSQL superuser), never through pk.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Pk
from tests.teams import Team

from promisekeeper.domain.chain import GENESIS, Row, canonical, link, parts

# Four events in a known order: #1 created (place 1), #2 created (2), a note on #1 (3), #2
# kept (4).
NOTED, KEPT = 3, 4


def _history(pk: Pk) -> None:
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Call back", "--to", "Acme", "--by", "tomorrow")
    pk.ok("promise", "note", "1", "Asked for the volume discount")
    pk.ok("keep", "2")


def sql(pk: Pk, *statements: str) -> list[tuple[Any, ...]]:
    """Run ``statements`` as the database's owner, outside pk; the last one's rows."""
    rows: list[tuple[Any, ...]] = []
    if pk.engine == "sqlite":
        with sqlite3.connect(pk.db) as connection:
            for statement in statements:
                rows = connection.execute(statement).fetchall()
        connection.close()
        return rows
    import psycopg

    url = pk.env["PK_DB"].replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(url) as connection:
        for statement in statements:
            cursor = connection.execute(statement)  # type: ignore[arg-type]
            rows = cursor.fetchall() if cursor.description else []
    return rows


def verify(pk: Pk) -> tuple[int, list[str]]:
    """``pk db verify``: its exit code and the lines it printed."""
    done = pk("db", "verify", COLUMNS="400")
    assert done.stderr == ""
    return done.exit_code, done.stdout.splitlines()


def record(pk: Pk, now: str | None = None) -> str:
    return pk.ok("customer", "statement", "Acme", "--record", now=now).stdout


# --- the chain itself ---------------------------------------------------------------------------


def test_the_canonical_text_by_hand() -> None:
    """An event's hashed text, worked out by hand: sorted keys, no spaces, the details as
    stored, times in ISO 8601 UTC, text escaped as JSON escapes it (non-ASCII kept)."""
    row = Row(None, None, None, 7, 3, 1795683600, "noted", "Dana \"D\" Ødegård", '{"text":"a\\nb"}',
              None, None)  # fmt: skip
    text = canonical(GENESIS, 5, row)
    assert text == (
        '{"at":"2026-11-26T09:00:00+00:00","by":"Dana \\"D\\" Ødegård","data":{"text":"a\\nb"},'
        '"id":7,"imported_at":null,"imported_by":null,"kind":"noted",'
        f'"prev":"{GENESIS}","promise_id":3,"seq":5}}'
    )
    assert json.loads(text)["by"] == 'Dana "D" Ødegård'  # it is JSON
    assert link(GENESIS, 5, row) == hashlib.sha256(text.encode()).hexdigest()
    assert len(parts(row)) == 28


def test_an_intact_history_verifies(pk: Pk) -> None:
    _history(pk)
    code, lines = verify(pk)
    head = sql(pk, "SELECT hash FROM event WHERE seq = 4")[0][0]
    assert code == 0
    assert lines == [f"4 events, chain intact, head {head[:16]}…"]
    found = pk.ok("db", "verify", "--format", "json").json()
    assert (found["events"], found["head"], found["intact"]) == (4, head, True)
    assert pk.ok("db", "check").stdout.endswith("ok\n")


def test_the_database_computes_the_same_text_as_pk(pk: Pk) -> None:
    """On PostgreSQL the trigger builds the text in SQL: checked against Python's on the
    characters JSON escapes (quotes, backslashes, controls) and beyond ASCII."""
    awkward = 'Ødegård "the" \\ back\tslash\u0001 ☃ 𝄞'
    pk.ok("add", awkward, "--to", awkward, "--by", "friday", "--new-customer")
    pk.ok("promise", "note", "1", awkward)
    pk.ok("promise", "edit", "1", "--what", "plain")
    assert verify(pk)[0] == 0
    rows = sql(pk, 'SELECT seq, hash, parts, id, promise_id, at, kind, "by", data, imported_by,'
                   " imported_at FROM event ORDER BY seq")  # fmt: skip
    prev = GENESIS
    for found in rows:
        row = Row(*found)
        assert row.hash == link(prev, row.seq or 0, row) and row.parts == parts(row)
        prev = row.hash


def test_undo_appends_and_the_chain_holds(pk: Pk) -> None:
    _history(pk)
    pk.ok("undo")
    assert sql(pk, "SELECT COUNT(*) FROM event WHERE voided_by IS NOT NULL")[0][0] == 1
    code, lines = verify(pk)
    assert code == 0 and lines[0].startswith("5 events, chain intact")


# --- attacks ------------------------------------------------------------------------------------

# (what the attacker does, SQL, the line pk db verify prints)
EDITS = [
    (
        "the text of a note",
        'UPDATE event SET data = \'{"text":"We agreed no discount"}\' WHERE seq = 3',
        "event 3 (#1 noted, Mon 23 Nov 2026 09:00): changed after it was written: its details",
    ),
    (
        "the time of a keep",
        "UPDATE event SET at = at - 86400 WHERE seq = 4",
        "event 4 (#2 kept, Sun 22 Nov 2026 09:00): changed after it was written: its time",
    ),
    (
        "the kind of an event",
        "UPDATE event SET kind = 'cancelled' WHERE seq = 4",
        "event 4 (#2 cancelled, Mon 23 Nov 2026 09:00): changed after it was written: its kind",
    ),
    (
        "a deleted event",
        "DELETE FROM event WHERE seq = 3",
        "event 4 (#2 kept, Mon 23 Nov 2026 09:00): 1 event before it removed (place 3)",
    ),
    (
        "two events reordered",
        "UPDATE event SET seq = CASE seq WHEN 2 THEN 3 ELSE 2 END WHERE seq IN (2, 3)",
        "event 2 (#1 noted, Mon 23 Nov 2026 09:00): does not match its hash: it or the event "
        "before it was changed (and that one's hash recomputed), or an event was inserted, "
        "removed or moved here",
    ),
    (
        "the last event deleted",
        "DELETE FROM event WHERE seq = 4",
        "the chain's head is event 4 and the history ends at event 3: the last 1 event removed",
    ),
]


@pytest.mark.parametrize(("attack", "statement", "said"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_is_named(pk: Pk, attack: str, statement: str, said: str) -> None:
    _history(pk)
    if "reordered" in attack and pk.engine == "sqlite":  # the unique index: one at a time
        statement = "UPDATE event SET seq = -seq WHERE seq IN (2, 3)"
        sql(
            pk, statement, "UPDATE event SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq < 0"
        )
    elif "reordered" in attack:
        sql(pk, "ALTER TABLE event DROP CONSTRAINT IF EXISTS ix_event_seq",
            "DROP INDEX ix_event_seq", statement)  # fmt: skip
    else:
        sql(pk, statement)
    code, lines = verify(pk)
    assert code == 1
    assert lines[0] == "4 events: the history does not match its chain" or "deleted" in attack
    assert lines[1] == f"  {said}"
    check = pk("db", "check", COLUMNS="400")
    assert check.exit_code == 1 and f"problem: history: {said}" in check.stderr


def test_an_event_inserted_outside_pk(pk: Pk) -> None:
    """The sqlite3 shell cannot add an event at all (the trigger needs pk's functions); past the
    trigger, the event is outside the chain. On PostgreSQL the owner's insert is chained — and,
    dated before a statement it was not in, named."""
    _history(pk)
    record(pk)
    insert = ("INSERT INTO event (promise_id, at, kind, \"by\", data) VALUES (2, {at}, 'noted',"
              " 'dana', '{{\"text\":\"Told them on Friday\"}}')")  # fmt: skip
    friday = 1795683600 - 6 * 86400  # Fri 20 Nov 2026 09:00
    if pk.engine == "sqlite":
        with pytest.raises(sqlite3.OperationalError, match="no such function: pk_chain_link"):
            sql(pk, insert.format(at=friday))
        sql(pk, "DROP TRIGGER pk_event_chained", insert.format(at=friday))
        expected = (
            "an event (id 5) (#2 noted, Fri 20 Nov 2026 09:00): not in the chain: added outside pk"
        )
    else:
        sql(pk, insert.format(at=friday))
        expected = (
            "event 5 (#2 noted, Fri 20 Nov 2026 09:00): dated before the statement sent to Acme "
            "on Mon 23 Nov 2026 but added after it"
        )
    code, lines = verify(pk)
    assert code == 1 and f"  {expected}" in lines
    if pk.engine == "postgresql":  # and past the trigger, outside the chain as on SQLite
        sql(pk, "ALTER TABLE event DISABLE TRIGGER pk_event_chained", insert.format(at=friday))
        assert (
            "  an event (id 6) (#2 noted, Fri 20 Nov 2026 09:00): not in the chain: added "
            "outside pk" in verify(pk)[1]
        )


def _recompute(pk: Pk) -> None:
    """The attacker's whole-chain recomputation after an edit: every hash, every part and the
    head, with pk's own functions."""
    rows = sql(pk, 'SELECT seq, hash, parts, id, promise_id, at, kind, "by", data, imported_by,'
                   " imported_at FROM event ORDER BY seq")  # fmt: skip
    prev, updates = GENESIS, []
    for found in rows:
        row = Row(*found)
        prev = link(prev, row.seq or 0, row)
        updates.append(
            f"UPDATE event SET hash = '{prev}', parts = '{parts(row)}' WHERE id = {row.id}"
        )
    sql(pk, *updates, f"UPDATE chain SET hash = '{prev}'")


def test_a_recomputed_chain_is_caught_by_a_statement(pk: Pk) -> None:
    _history(pk)
    record(pk)
    pk.ok("add", "Invoice", "--to", "Acme", "--by", "friday", now="2026-11-24T09:00:00+00:00")
    sql(pk, EDITS[0][1])  # the note rewritten...
    _recompute(pk)  # ...and the whole chain made to fit it
    code, lines = verify(pk)
    assert code == 1
    assert lines[1:] == [
        "  the statement sent to Acme on Mon 23 Nov 2026: the history up to its event 4 is no "
        "longer what it was: an event it covered was changed, removed or inserted, and the "
        "chain recomputed"
    ]
    listed = pk.ok("customer", "statements", "Acme", "--format", "json").json()
    assert [s["holds"] for s in listed] == [False]


def test_a_history_cut_short_after_a_statement(pk: Pk) -> None:
    _history(pk)
    record(pk)
    later = "2026-11-24T09:00:00+00:00"
    pk.ok("promise", "note", "1", "Sent the draft", now=later)
    hash3 = sql(pk, "SELECT hash FROM event WHERE seq = 3")[0][0]
    sql(pk, "DELETE FROM event WHERE seq >= 4", f"UPDATE chain SET seq = 3, hash = '{hash3}'")
    code, lines = verify(pk)
    assert code == 1
    assert lines[1:] == [
        "  the statement sent to Acme on Mon 23 Nov 2026: it covered 4 events and the history "
        "now ends at event 3: events it covered were removed"
    ]


# --- statements ---------------------------------------------------------------------------------


def test_a_recorded_statement_states_its_head(pk: Pk) -> None:
    _history(pk)
    text = record(pk)
    head = sql(pk, "SELECT hash FROM event WHERE seq = 4")[0][0]
    assert text.endswith(
        "---\n\nThis statement covers our history of 4 recorded events, whose chain ends in "
        f"`{head}`. If that history were ever changed, our own check would name this "
        "statement.\n"
    )
    listed = pk.ok("customer", "statements", "Acme", "--format", "json").json()
    assert listed == [
        {"id": 1, "customer": "Acme", "at": "2026-11-23T09:00:00+00:00", "by": "dana",
         "since": "2026-10-24T09:00:00+00:00", "events": 4, "head": head,
         "sha256": hashlib.sha256(text.encode()).hexdigest(), "format": "markdown",
         "signed": False, "holds": True}
    ]  # fmt: skip
    code, lines = verify(pk)
    assert code == 0 and lines[1] == "1 statement recorded: each still the start of it."
    csv = pk.ok("customer", "statements", "Acme", "-f", "csv").stdout.splitlines()
    assert csv[0] == "id,customer,at,by,since,events,head,sha256,format,signed,holds"
    assert csv[1].startswith(
        f"1,Acme,2026-11-23T09:00:00+00:00,dana,2026-10-24T09:00:00+00:00,4,{head},"
    )
    markdown = pk.ok("customer", "statements", "Acme", "-f", "markdown").stdout.splitlines()
    assert markdown[2] == (f"| Mon 23 Nov 2026 09:00 | dana | 24 Oct 2026 | 4 | `{head}` | no |")
    table = pk.ok("customer", "statements", "Acme").stdout.splitlines()
    assert table[1].split() == ["Mon", "23", "Nov", "2026", "09:00", "dana", "24", "Oct", "2026",
                                "4", f"{head[:9]}…", "no"]  # fmt: skip


def test_a_signed_statement_checks_with_ssh_keygen(pk: Pk, tmp_path: Path) -> None:
    if shutil.which("ssh-keygen") is None:
        pytest.skip("OpenSSH's ssh-keygen is not installed")
    key = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dana@example.com",
                    "-f", str(key)], check=True)  # fmt: skip
    _history(pk)
    pk.ok("config", "set", "user.email", "dana@example.com")
    out = tmp_path / "acme.md"
    done = pk("customer", "statement", "Acme", "--sign", str(key), "--out", str(out))
    assert done.exit_code == 0, done.stderr
    assert (
        done.stderr.splitlines()[0]
        == f"Wrote the statement to {out} and its signature to {out}.sig"
    )
    text = out.read_text()
    assert (
        "`ssh-keygen -Y verify -f allowed_signers -I dana@example.com -n pk-statement"
        " -s acme.md.sig < acme.md`" in text
    )
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"dana@example.com {(tmp_path / 'id_ed25519.pub').read_text()}")

    def check(data: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(signers), "-I", "dana@example.com",
             "-n", "pk-statement", "-s", f"{out}.sig"],
            input=data, capture_output=True, check=False,
        )  # fmt: skip

    assert check(out.read_bytes()).returncode == 0
    assert check(out.read_bytes().replace(b"Call back", b"Call them")).returncode != 0
    listed = pk.ok("customer", "statements", "Acme", "--format", "json").json()
    assert listed[0]["signed"] is True
    assert listed[0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_signing_refusals_write_nothing(pk: Pk, tmp_path: Path) -> None:
    _history(pk)
    out = tmp_path / "acme.md"
    before = pk.snapshot()
    cases = [
        (("--sign", str(tmp_path / "k")), 2,
         "--sign writes FILE.sig beside the statement: add --out FILE."),
        (("--sign", str(tmp_path / "missing"), "--out", str(out)), 2,
         f"--sign takes an SSH key file (ssh-keygen -t ed25519 makes one); {tmp_path / 'missing'}"
         " is not a file. Nothing was written."),
    ]  # fmt: skip
    (tmp_path / "not-a-key").write_text("hello\n")
    cases.append(
        (
            (("--sign", str(tmp_path / "not-a-key"), "--out", str(out))),
            2,
            "ssh-keygen could not sign",
        )
    )
    for options, code, said in cases:
        done = pk("customer", "statement", "Acme", *options)
        assert done.exit_code == code and done.stderr.startswith(f"Error: {said}"), done.stderr
        assert len(done.stderr.splitlines()) == 1 and done.stdout == ""
    empty = tmp_path / "empty"
    empty.mkdir()
    done = pk("customer", "statement", "Acme", "--sign", str(tmp_path / "not-a-key"), "--out",
              str(out), PATH=str(empty))  # fmt: skip
    assert done.exit_code == 1
    assert done.stderr == (
        "Error: --sign needs OpenSSH's ssh-keygen, which is not installed here (Debian and "
        "Ubuntu: apt install openssh-client); nothing was written.\n"
    )
    assert not out.exists() and not Path(f"{out}.sig").exists()
    assert pk.snapshot() == before
    done = pk("customer", "statement", "Acme", "--since", "last")
    assert done.exit_code == 2 and done.stderr == (
        "Error: No statement to Acme was recorded yet: --since last starts from the last one "
        "--record recorded. Give a day, or record this one.\n"
    )


# --- export and import --------------------------------------------------------------------------


def test_a_restore_keeps_the_chain_and_statements(pk: Pk, tmp_path: Path) -> None:
    _history(pk)
    record(pk)
    pk.ok("undo", now="2026-11-23T09:05:00+00:00")  # nothing of the statement's history undone
    exported = pk.ok("export").stdout
    file = tmp_path / "all.json"
    file.write_text(exported)
    chain = json.loads(exported)["chain"][0]
    assert chain["events"] == 5 and chain["merges"] == []
    assert [s["events"] for s in json.loads(exported)["statements"]] == [4]
    other = Pk(tmp_path / "other" if pk.engine == "sqlite" else pk.home, None)
    if pk.engine == "sqlite":
        (tmp_path / "other").mkdir()
    else:  # the same server, a new schema: emptied by hand
        sql(pk, "DELETE FROM statement", "DELETE FROM announcement", "DELETE FROM event",
            "DELETE FROM promise", "DELETE FROM customer", "UPDATE chain SET seq = 0, hash = '"
            + GENESIS + "'")  # fmt: skip
        other = pk
    other.ok("import", str(file))
    assert other.ok("export").stdout == exported
    code, lines = verify(other)
    assert code == 0 and lines[1] == "1 statement recorded: each still the start of it."


def test_a_tampered_export_is_refused_naming_where(pk: Pk, tmp_path: Path) -> None:
    _history(pk)
    record(pk)
    exported = pk.ok("export").stdout.replace("Asked for the volume discount", "No discount")
    file = tmp_path / "all.json"
    file.write_text(exported)
    target = Pk(tmp_path / "target")
    (tmp_path / "target").mkdir()
    done = target("import", str(file))
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        "Error: all.json's history does not match its chain; nothing was imported:",
        "  event 3 (#1 noted, Mon 23 Nov 2026 09:00): does not match its hash: it or the event "
        "before it was changed (and that one's hash recomputed), or an event was inserted, "
        "removed or moved here",
        "  the statement sent to Acme on Mon 23 Nov 2026: it covered event 3, which no longer "
        "matches",
    ]
    assert target.ok("promise", "list", "--all", "--format", "json").json() == []


def test_a_merge_chains_the_files_events_after_ours(pk: Pk, tmp_path: Path) -> None:
    source = Pk(tmp_path / "source")
    (tmp_path / "source").mkdir()
    _history(source)
    record(source)
    file = tmp_path / "theirs.json"
    file.write_text(source.ok("export").stdout)
    pk.ok("add", "Our own", "--to", "Globex", "--by", "friday")
    done = pk.ok("import", "--merge", str(file))
    assert "Its 4 events were chained after this database's, as events 2–5." in done.stdout
    assert "1 statement(s) recorded in the file were left out" in done.stdout
    code, lines = verify(pk)
    assert code == 0
    assert lines == [
        lines[0],
        "Events 2–5 came from theirs.json, merged by dana on Mon 23 Nov 2026.",
    ]
    assert lines[0].startswith("5 events, chain intact")
    merges = pk.ok("db", "verify", "--format", "json").json()["merges"]
    source_head = json.loads(file.read_text())["chain"][0]["head"]
    assert merges == [{"at": "2026-11-23T09:00:00+00:00", "by": "dana", "first": 2, "last": 5,
                       "source": "theirs.json", "source_head": source_head}]  # fmt: skip


# --- since our last statement: a month worked by hand ---------------------------------------

SINCE_LAST = """\
# Our commitments to Acme

As of Monday 16 November 2026, covering what happened since 2 November 2026.

Since our statement of Mon 2 Nov: delivered 1 · moved 2 · new 1.

## Delivered

- Call back about the VPN — delivered Tue 3 Nov, on time (agreed for Tue 3 Nov)

## Dates that moved

- Quote for 40 laptops: from Fri 6 Nov to Tue 10 Nov, at your request ("they wait for budget")
- Draft the contract: from Fri 13 Nov to Wed 18 Nov, our delay ("legal review"); \
we told you on Mon 9 Nov

## New

- Send the invoice — due Fri 20 Nov 17:00

## What you told us

- Call back about the VPN — you told us we kept it

## Still open

- Quote for 40 laptops — due Tue 10 Nov 17:00, late: we are on it
- Draft the contract — due Wed 18 Nov 17:00 (moved from Fri 13 Nov)
- Send the invoice — due Fri 20 Nov 17:00

---

This statement covers our history of 8 recorded events, whose chain ends in `{head}`. If that \
history were ever changed, our own check would name this statement.
"""


def test_since_the_last_statement(pk: Pk) -> None:
    """Two statements and five changes between them: a keep, a move the customer asked for, a
    new promise, the customer's verdict, and our own delay told in time."""
    at = "2026-11-{}T{}:00+00:00".format
    pk.ok(
        "add",
        "Quote for 40 laptops",
        "--to",
        "Acme",
        "--by",
        "2026-11-06 17:00",
        now=at("02", "09:00"),
    )
    pk.ok(
        "add",
        "Call back about the VPN",
        "--to",
        "Acme",
        "--by",
        "2026-11-03 17:00",
        now=at("02", "09:00"),
    )
    pk.ok(
        "add",
        "Draft the contract",
        "--to",
        "Acme",
        "--by",
        "2026-11-13 17:00",
        now=at("02", "09:00"),
    )
    record(pk, now=at("02", "10:00"))
    pk.ok("keep", "2", now=at("03", "11:00"))
    pk.ok("promise", "reschedule", "1", "--by", "2026-11-10 17:00", "--customer-asked",
          "--reason", "they wait for budget", now=at("04", "09:00"))  # fmt: skip
    pk.ok(
        "add", "Send the invoice", "--to", "Acme", "--by", "2026-11-20 17:00", now=at("05", "09:00")
    )
    pk.ok("feedback", "record", "2", "--kept", now=at("06", "09:00"))
    pk.ok("promise", "reschedule", "3", "--by", "2026-11-18 17:00", "--reason", "legal review",
          now=at("09", "09:00"))  # fmt: skip
    text = pk.ok("customer", "statement", "Acme", "--since", "last", "--record",
                 now=at("16", "09:00")).stdout  # fmt: skip
    head = sql(pk, "SELECT hash FROM chain")[0][0]
    assert "Monday\xa016\xa0November" in text  # dates never broken across lines
    assert text.replace("\xa0", " ") == SINCE_LAST.format(head=head)
    # the next one starts from this one
    again = pk.ok("customer", "statement", "Acme", "--since", "last", now=at("16", "10:00")).stdout
    assert "Since our statement of Mon 16 Nov: delivered 0 · moved 0 · new 0." in again.replace(
        "\xa0", " "
    )
    assert [s["events"] for s in pk.ok("customer", "statements", "Acme", "-f", "json").json()] == [
        3,
        8,
    ]


# --- a team database keeps its chain itself -----------------------------------------------------


@pytest.mark.postgres
def test_no_member_can_write_outside_the_chain(team: Team) -> None:
    import psycopg

    alice = team.members["alice"]
    alice.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    # an event alice adds by hand gets its place and hash from the database, whatever she gives
    team.sql("alice", "INSERT INTO event (promise_id, at, kind, \"by\", data, seq, hash, parts)"
                      " VALUES (1, pk_clock(), 'noted', 'alice', '{\"text\":\"hi\"}', 99,"
                      " repeat('0', 64), 'x')")  # fmt: skip
    assert team.sql("postgres", "SELECT seq, length(hash) FROM event ORDER BY id") == [
        (1, 64),
        (2, 64),
    ]
    for attack in (
        "UPDATE event SET hash = repeat('0', 64) WHERE seq = 1",
        "UPDATE event SET seq = 5 WHERE seq = 2",
        "UPDATE chain SET seq = 0",
        "DELETE FROM statement",
        'INSERT INTO statement (customer_id, customer, at, "by", since, events, head, digest,'
        " format) VALUES (1, 'Acme', 0, 'bob', 0, 0, '', '', 'markdown')",
    ):
        with pytest.raises(psycopg.Error):
            team.sql("alice", attack)
    alice.ok("customer", "statement", "Acme", "--record")
    assert alice.ok("db", "verify").stdout.startswith("2 events, chain intact")
    assert team.sql("postgres", 'SELECT "by", events FROM statement') == [("alice", 2)]


# --- an existing database is chained by the migration -------------------------------------------


def test_an_older_database_is_chained_with_a_progress_bar(sqlite_pk: Pk) -> None:
    """A database of schema 0018 (this one taken back with Alembic) is chained when a newer pk
    opens it: every event, in the order it was written, with a bar on a terminal."""
    from alembic import command

    from promisekeeper.store.engines import SqliteStore
    from promisekeeper.store.migrate import alembic_config

    pk = sqlite_pk
    _history(pk)
    engine = SqliteStore(pk.db).engine(migrating=True)
    with engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0018")  # type: ignore[arg-type]
        connection.commit()
    engine.dispose()
    with sqlite3.connect(pk.db) as connection:
        assert "seq" not in {r[1] for r in connection.execute("PRAGMA table_info(event)")}
    connection.close()
    shown = pk.on_terminal("db", "verify", PK_PROGRESS_AFTER="0")
    assert "Chaining the history" in shown
    assert "4 events, chain intact, head " in shown
    assert sql(pk, "SELECT seq FROM event ORDER BY id") == [(1,), (2,), (3,), (4,)]


def test_the_html_statement_states_its_head_too(pk: Pk, tmp_path: Path) -> None:
    _history(pk)
    out = tmp_path / "acme.html"
    pk.ok("customer", "statement", "Acme", "--record", "--format", "html", "--out", str(out))
    head = sql(pk, "SELECT hash FROM chain")[0][0]
    page = out.read_text()
    assert (
        '<p class="seal">This statement covers our history of 4 recorded events, whose chain '
        f"ends in <code>{head}</code>. If that history were ever changed" in page
    )
    listed = pk.ok("customer", "statements", "Acme", "-f", "json").json()
    assert (listed[0]["format"], listed[0]["sha256"]) == (
        "html",
        hashlib.sha256(out.read_bytes()).hexdigest(),
    )

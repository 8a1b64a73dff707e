"""The table of states (domain/states.py): each row's behaviour reaches the SQL, the screens and
the calendars, and the indexes no longer depend on the list of states."""

from __future__ import annotations

import sqlite3

import pytest
from tests.conftest import Pk

from promisekeeper.domain import states

# One promise in each state, made through the CLI: (state, the commands after `pk add`; a
# request is added with --unanswered instead of a date).
MADE = {
    "open": [],
    "waiting": [["promise", "wait", "1"]],
    "unanswered": [],
    "kept": [["keep", "1"]],
    "broken": [["promise", "break", "1", "--reason", "supplier"]],
    "cancelled": [["promise", "cancel", "1"]],
    "declined": [["promise", "decline", "1", "--reason", "we do not stock it"]],
}


def test_every_state_is_made_here_and_the_groups_come_from_the_rows() -> None:
    assert set(MADE) == set(states.STATUSES)
    assert states.ACTIVE == ("open", "waiting", "unanswered") and states.RUNNING == ("open",)
    assert states.CLOSED == ("kept", "broken", "cancelled", "declined")
    assert states.JUDGED == ("open", "waiting", "kept", "broken")
    assert set(states.REPORTED_STATUSES) == {
        "open", "unanswered", "kept", "broken", "cancelled", "declined"
    }  # fmt: skip
    assert all(
        s.calendar in (None, "NEEDS-ACTION", "COMPLETED", "CANCELLED") for s in states.STATES
    )
    assert all(s.calendar == "NEEDS-ACTION" for s in states.STATES if s.active)


def test_no_index_of_the_schema_names_a_state(sqlite_pk: Pk) -> None:
    sqlite_pk.ok("add", "x", "--to", "Acme", "--by", "friday", "--new-customer")
    with sqlite3.connect(sqlite_pk.db) as db:
        indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()
    partial = {name: sql for name, sql in indexes if sql and " WHERE " in sql}
    # seven over promises (two of them: the owed ones that block, a series); three over events
    # (the voice, the answers: kinds, not states; the chained ones' places); one over the
    # general standards' names
    assert len(partial) == 11
    for name, sql in partial.items():
        for state in states.STATUSES:
            assert f"'{state}'" not in sql, name


@pytest.mark.parametrize("state", list(MADE))
def test_each_state_is_found_by_its_filter_and_counted_under_its_figure(pk: Pk, state: str) -> None:
    row = states.STATE[state]
    when = ["--by", "friday"] if row.dated else ["--unanswered"]
    pk.ok("add", "Send the quote", "--to", "Acme", *when, "--new-customer")
    for command in MADE[state]:
        pk.ok(*command)
    for name in states.FILTERS:
        found = pk.ok("ls", "--all", "--status", name, "--format", "json").json()
        wanted = name == state or (name == "open" and row.active)
        assert [p["id"] for p in found] == ([1] if wanted else []), name
    shown = pk.ok("promise", "show", "1", "--format", "json").json()
    assert shown["status"] == row.reported and shown["waiting"] == (state == "waiting")
    totals = pk.ok("report", "--from", "2026-01-01", "--to", "2027-12-31", "-f", "json").json()
    totals = totals["totals"]
    assert totals["due"] == (1 if row.judged else 0)
    assert totals["cancelled"] == (1 if row.figure == "cancelled" else 0)
    assert totals["broken"] == (1 if row.figure == "broken" else 0)
    assert totals["kept_on_time"] == (1 if row.figure == "kept" else 0)
    assert totals["declined"] == (1 if row.figure == "declined" else 0)
    assert totals["unanswered_open"] == (1 if row.figure == "unanswered" else 0)
    assert (shown["due_at"] is None) == (not row.dated)


def test_the_migration_brings_out_of_step_rows_in_step_first(sqlite_pk: Pk) -> None:
    """A row an older version or a hand edit left out of step (a kept promise without
    closed_at, an open one with it, a waiting one without waiting_since) is found by the
    state-free indexes as its state says, once the database is upgraded."""
    pk = sqlite_pk
    for what in ("kept one", "open one", "waiting one"):
        pk.ok("add", what, "--to", "Acme", "--by", "friday", "--new-customer")
    pk.ok("keep", "1")
    pk.ok("promise", "wait", "3")
    with sqlite3.connect(pk.db) as db:
        db.execute("UPDATE promise SET closed_at = NULL WHERE id = 1")
        db.execute("UPDATE promise SET closed_at = 1 WHERE id = 2")
        db.execute("UPDATE promise SET waiting_since = NULL WHERE id = 3")
        # back to schema 0009: what the later migrations add goes too
        db.execute("DROP TRIGGER pk_event_chained")  # 0019's
        db.execute("DROP INDEX ix_event_seq")
        for column in ("seq", "hash", "parts"):
            db.execute(f"ALTER TABLE event DROP COLUMN {column}")
        for table in ("chain", "statement", "chain_join"):
            db.execute(f"DROP TABLE {table}")
        db.execute("ALTER TABLE event DROP COLUMN imported_by")
        db.execute("ALTER TABLE event DROP COLUMN imported_at")
        db.execute("DROP TABLE team_clock")
        db.execute("ALTER TABLE customer DROP COLUMN emails")  # and 0013's
        db.execute("DROP TABLE secret")
        db.execute("DROP INDEX ix_event_voice")
        db.execute("ALTER TABLE customer DROP COLUMN review_every")  # and 0014's
        db.execute("ALTER TABLE customer DROP COLUMN review_from")
        db.execute("DROP TABLE review")
        db.execute("ALTER TABLE customer DROP COLUMN expectations")  # and 0015's
        db.execute("DROP TABLE away")  # and 0018's
        db.execute("DROP INDEX ix_promise_blocks")  # and 0017's
        db.execute("DROP INDEX ix_promise_series")
        for name, columns in (("ix_promise_open_owner_due_at", "owner, due_at"),
                              ("ix_promise_open_due_at", "due_at")):  # fmt: skip
            db.execute(f"DROP INDEX {name}")
            db.execute(f"CREATE INDEX {name} ON promise ({columns})")
        db.execute("DROP INDEX ix_promise_closed")  # and 0016's
        db.execute("DROP INDEX ix_event_answered")
        db.execute("DROP INDEX ix_promise_report")
        db.execute(
            "CREATE INDEX ix_promise_report ON promise (baseline_due_at, status, kept_at,"
            " due_at, slips, slips_heads_up, customer_id, owner, deleted_at, waiting_since,"
            " waits, waited_seconds)"
        )
        for column in ("direction", "blocks_id", "needs", "plan_b", "every", "series_id"):
            db.execute(f"ALTER TABLE promise DROP COLUMN {column}")
        db.execute("ALTER TABLE promise DROP COLUMN effort_stated")
        db.execute("ALTER TABLE promise DROP COLUMN effort_actual")
        db.execute("DROP INDEX ux_standard_general_name")
        db.execute("DROP INDEX ux_standard_customer_name")
        db.execute(
            "CREATE TABLE s0 (id INTEGER NOT NULL, name TEXT NOT NULL, name_fold TEXT NOT NULL,"
            " within_amount INTEGER NOT NULL, within_unit TEXT NOT NULL, text TEXT NOT NULL,"
            " created_at BIGINT NOT NULL, retired_at BIGINT, CONSTRAINT pk_standard PRIMARY KEY"
            " (id), CONSTRAINT uq_standard_name_fold UNIQUE (name_fold))"
        )
        db.execute("DROP TABLE standard")
        db.execute("ALTER TABLE s0 RENAME TO standard")
        db.execute("UPDATE alembic_version SET version_num = '0009'")
    assert [p["id"] for p in pk.ok("ls", "--status", "open", "-f", "json").json()] == [2, 3]
    assert [p["id"] for p in pk.ok("ls", "--status", "waiting", "-f", "json").json()] == [3]
    with sqlite3.connect(pk.db) as db:
        rows = db.execute("SELECT id, closed_at IS NULL, waiting_since IS NULL FROM promise")
        assert sorted(rows) == [(1, 0, 1), (2, 1, 1), (3, 1, 0)]
    assert pk("db", "check").exit_code == 0

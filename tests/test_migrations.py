"""Alembic owns the schema: the migrations produce exactly the models, the version list in
``store/schema.py`` matches the scripts, and a database saved by an older pk opens with every
row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from tests.conftest import Pk

from promisekeeper.store.migrate import alembic_config
from promisekeeper.store.models import with_schema_options
from promisekeeper.store.schema import HEAD, REVISIONS


@pytest.fixture
def pk(sqlite_pk: Pk) -> Pk:
    """Migrations are checked on SQLite files here (PostgreSQL runs them in every PG test)."""
    return sqlite_pk


FIXTURES = Path(__file__).parent / "fixtures"


def test_revision_list_matches_the_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())  # type: ignore[arg-type]
    assert scripts.get_heads() == [HEAD]
    walked = [s.revision for s in scripts.walk_revisions()]
    assert list(reversed(walked)) == list(REVISIONS)


def test_migrated_schema_matches_the_models(pk: Pk) -> None:
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    engine = create_engine(f"sqlite:///{pk.db}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, with_schema_options()) == []
    engine.dispose()


def test_database_from_schema_0001_upgrades_with_every_row(pk: Pk) -> None:
    shutil.copy(FIXTURES / "schema-0001.db", pk.db)
    before = sqlite3.connect(pk.db)
    counts = {
        t: before.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("customer", "promise", "event")
    }
    histories = before.execute("SELECT id, promise_id, at, kind, by, data FROM event").fetchall()
    before.close()
    assert counts["event"] >= 10
    original = pk.ok("export", now="2026-11-12T10:00:00+00:00").stdout  # opening upgrades it
    backups = list(pk.db.parent.glob("pk.db.schema-0001-*.bak"))
    assert len(backups) == 1, "a copy is kept before upgrading"
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    with sqlite3.connect(pk.db) as upgraded:
        assert upgraded.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        kept = upgraded.execute("SELECT id, promise_id, at, kind, by, data FROM event").fetchall()
    assert kept == histories  # every history event, byte for byte
    assert '"made_at": "2026-11-02T09:00:00+00:00"' in original  # old created events read the same
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert shown["customer"] == "Zoë's Café 🎉"
    assert shown["slips"] == 2 and len(shown["history"]) >= 4
    year_end = pk.ok("promise", "show", "2", "-f", "json").json()
    assert year_end["due_at"] == "2026-12-31T23:59:00+00:00"
    after = sqlite3.connect(pk.db)
    assert {t: after.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in counts} == counts
    assert after.execute("PRAGMA foreign_key_check").fetchall() == []
    after.close()


def test_database_saved_by_the_previous_version_upgrades_with_every_row(pk: Pk) -> None:
    """schema-0003.db was written by pk before standards and customer calendars (four promises:
    kept late after a slip, kept on time, open, cancelled). Opening it adds the new table and
    columns, empty, and leaves every row as it was."""
    shutil.copy(FIXTURES / "schema-0003.db", pk.db)
    tables = ("customer", "promise", "event")
    with sqlite3.connect(pk.db) as before:
        rows = {t: before.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    assert [len(rows[t]) for t in tables] == [3, 4, 9]
    old = pk.ok("report", "--from", "2026-11-01", "--to", "2026-11-30", "-f", "json",
                now="2026-11-10T20:00:00+00:00").json()["totals"]  # fmt: skip
    assert (old["kept_on_time"], old["kept_late"], old["slips"]) == (1, 1, 1)
    with sqlite3.connect(pk.db) as after:
        assert after.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        for table in tables:  # the old columns of every row, unchanged; the new ones empty/0
            width = len(rows[table][0])
            kept = after.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            assert [r[:width] for r in kept] == rows[table]
            # (a promise's direction is "ours": every promise before owed ones was ours; an
            # event's place in the chain, its hash and parts are set: checked below)
            chained = 3 if table == "event" else 0
            assert all(
                value in (None, 0, "ours") for r in kept for value in r[width : len(r) - chained]
            )
        # every event chained in the order it was written, and the chain checks out
        places = after.execute("SELECT seq, length(hash), length(parts) FROM event ORDER BY id")
        assert places.fetchall() == [(n, 64, 28) for n in range(1, 10)]
        assert after.execute("SELECT COUNT(*) FROM standard").fetchone() == (0,)
        assert after.execute("PRAGMA foreign_key_check").fetchall() == []
    assert len(list(pk.db.parent.glob("pk.db.schema-0003-*.bak"))) == 1
    assert pk.ok("db", "verify").stdout.startswith("9 events, chain intact, head ")


@pytest.mark.postgres
def test_migrated_schema_matches_the_models_on_postgresql(pg_pk: Pk) -> None:
    """The same on PostgreSQL, where ids are 64-bit identity columns (migration 0011)."""
    pg_pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    url = pg_pk.env["PK_DB"]
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, with_schema_options()) == []
        kinds = dict(
            connection.exec_driver_sql(
                "SELECT table_name, data_type FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND column_name = 'id'"
            ).fetchall()
        )
    engine.dispose()
    assert kinds == {
        **dict.fromkeys(
            ("customer", "standard", "promise", "event", "announcement", "away", "statement",
             "chain_join"),
            "bigint",
        ),
        "chain": "integer",  # one row: the chain's head
    }  # fmt: skip

"""Start-up cost is a feature: the commands typed many times a day, reads and writes, never import
SQLAlchemy, SQLModel, pydantic or Alembic on SQLite, nor what only some commands need (holidays,
Jinja2, icalendar, caldav, Apprise) (timings live in benchmarks/, never in tests)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from tests.conftest import Pk


@pytest.fixture
def pk(sqlite_pk: Pk) -> Pk:
    """Start-up imports matter for SQLite, where reads avoid the ORM."""
    return sqlite_pk


PROBE = (
    "import runpy, sys\n"
    "HEAVY = {'sqlalchemy', 'sqlmodel', 'alembic', 'pydantic', 'holidays', 'jinja2', 'icalendar',"
    " 'caldav', 'apprise'}\n"
    "sys.argv = ['pk'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('promisekeeper', run_name='__main__')\n"
    "except SystemExit as done:\n"
    "    code = done.code\n"
    "heavy = {m.split('.')[0] for m in sys.modules} & HEAVY\n"
    "heavy = sorted(heavy)\n"
    "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
)


def probe(pk: Pk, script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run pk with ``args`` under ``script`` (one of the probes here), in ``pk``'s environment."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env={**os.environ, **pk.env, **env},
        capture_output=True,
        text=True,
    )


LIGHT = [
    ["--help"],
    ["when", "friday"],
    ["when", "Dec", "1", "3pm"],
    ["due"],
    ["due", "--format", "json"],
    ["promise", "list"],
    ["ls", "--all", "--status", "all"],
    ["overdue"],
    ["promise", "show", "1"],
    ["customer", "list"],
    ["report", "--month"],
    ["slips", "--month"],
    ["customer", "statement", "Acme"],
]


@pytest.mark.parametrize("args", LIGHT, ids=" ".join)
def test_read_commands_do_not_import_the_orm(pk: Pk, args: list[str]) -> None:
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    done = probe(pk, PROBE, *args)
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY=", done.stderr


WRITES = [
    ["add", "y", "--to", "Acme", "--by", "friday", "--note", "n"],
    ["add", "z", "--to", "Hooli", "--by", "friday", "--tag", "t"],
    ["keep", "1"],
    ["slip", "1", "--by", "next friday"],
    ["promise", "note", "1", "called", "--contacted"],
    ["promise", "edit", "1", "--what", "changed", "--to", "Initech"],
    ["promise", "break", "1", "--reason", "r"],
    ["promise", "reopen", "1"],
    ["promise", "cancel", "1"],
    ["promise", "delete", "1", "--yes"],
    ["customer", "rename", "Acme", "Acme Corp"],
]


@pytest.mark.parametrize("args", WRITES, ids=" ".join)
def test_writes_do_not_import_the_orm(pk: Pk, args: list[str]) -> None:
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    if args[:2] in (["promise", "reopen"],):
        pk.ok("keep", "1")
    done = probe(pk, PROBE, *args)
    assert "Error" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY=", done.stderr


def test_completion_does_not_import_the_orm(pk: Pk) -> None:
    pk.ok("add", "x", "--to", "Acme Corp", "--by", "friday")
    env = {
        **os.environ,
        **pk.env,
        "_PK_COMPLETE": "complete_bash",
        "COMP_WORDS": "pk ls --customer Ac",
        "COMP_CWORD": "3",
    }
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    assert "Acme\\ Corp" in done.stdout  # bash: the space escaped
    assert done.stderr.strip().splitlines()[-1] == "HEAVY="


def test_writes_on_sqlite_do_not_import_the_postgresql_dialect(pk: Pk) -> None:
    """Dialect options in the table classes made every SQLite write import SQLAlchemy's
    PostgreSQL dialect (~20 ms); they live in with_schema_options() now."""
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    probe = PROBE.replace(
        "heavy = {m.split('.')[0] for m in sys.modules}",
        "heavy = {m for m in sys.modules if 'postgresql' in m or 'asyncpg' in m or 'psycopg' in m}",
    ).replace(" & HEAVY", "")
    done = subprocess.run(
        [sys.executable, "-c", probe, "add", "y", "--to", "Acme", "--by", "friday"],
        env={**os.environ, **pk.env},
        capture_output=True,
        text=True,
    )
    assert "Promised #2" in done.stdout, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY=", done.stderr


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("pk d", "1", ["due", "db"]),  # command names come from the lazy table, in its order
        ("pk promise k", "2", ["keep"]),
        (
            "pk db ",
            "2",
            ["path", "backup", "upgrade", "check", "verify", "grant", "revoke", "members"],
        ),
    ],
)
def test_completion_of_command_names(pk: Pk, words: str, cword: str, expected: list[str]) -> None:
    env = {
        **os.environ,
        **pk.env,
        "_PK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": cword,
    }
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper"], env=env, capture_output=True, text=True
    )
    assert done.stdout.split() == expected, done.stderr


CONSOLE_PROBE = PROBE.replace(
    "heavy = {m.split('.')[0] for m in sys.modules} & HEAVY",
    "heavy = {m for m in sys.modules if m in ('rich.console', 'rich.text', 'rich.table')}",
)
# Nor Rich's tables of character widths, when the text is ASCII (as here) and pk's own marks.
RICH_PROBE = PROBE.replace(
    "heavy = {m.split('.')[0] for m in sys.modules} & HEAVY",
    "heavy = {m for m in sys.modules if m in ('rich.console', 'rich.text', 'rich.table',"
    " 'rich.cells')}",
)


@pytest.mark.parametrize("args", [a for a in LIGHT if a != ["--help"]] + WRITES, ids=" ".join)
def test_everyday_commands_off_a_terminal_leave_richs_console_alone(
    pk: Pk, args: list[str]
) -> None:
    """Views lay out their own lines; off a terminal they are written as they are, and Rich's
    console (a third of the start-up) is not even imported (docs/performance.md)."""
    _imports_none(pk, RICH_PROBE, args)


def test_a_sub_command_builds_only_itself(pk: Pk) -> None:
    """Typer builds a command from its function's signature; `pk promise note` builds `note`
    alone, not the eleven commands of `pk promise`."""
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    probe = (
        "import sys, typer.main\n"
        "built = []\n"
        "original = typer.main.get_command_from_info\n"
        "def counting(info, **kw):\n"
        "    built.append(info.name)\n"
        "    return original(info, **kw)\n"
        "typer.main.get_command_from_info = counting\n"
    ) + PROBE.replace("heavy = {m.split('.')[0] for m in sys.modules} & HEAVY", "heavy = built")
    done = subprocess.run(
        [sys.executable, "-c", probe, "promise", "note", "1", "called"],
        env={**os.environ, **pk.env},
        capture_output=True,
        text=True,
    )
    assert "Noted on #1" in done.stdout, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY=note", done.stderr


def test_a_long_line_off_a_terminal_wraps_without_richs_console(pk: Pk) -> None:
    """A line too wide for the width is broken where Rich would break it, by Rich's line
    breaking alone (its console stays unimported)."""
    pk.ok("add", "Send the signed framework agreement " * 3, "--to", "Acme", "--by", "in 9 days")
    done = probe(pk, CONSOLE_PROBE, "due", COLUMNS="60")
    assert done.stderr.strip().splitlines()[-1] == "HEAVY=", done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 1 and all(len(line) <= 60 for line in lines)
    assert " ".join(lines).split() == pk.ok("due", COLUMNS="400").stdout.split()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["ls", "--all"],
        ["add", "Offer", "--to", "Acme", "--by", "friday"],
        ["keep", "1"],
        ["due", "--format", "json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_everyday_commands_on_postgresql_do_not_load_the_orm(
    pg_url: str, tmp_path: object, args: list[str]
) -> None:
    """On PostgreSQL too the SQL texts go straight to psycopg: SQLAlchemy (about 150 ms of
    start-up) is for migrations only."""
    from pathlib import Path

    home = Path(str(tmp_path))
    tool = Pk(home, pg_url)
    tool.ok("add", "Quote", "--to", "Acme", "--by", "friday")  # the schema is there
    done = probe(tool, PROBE, *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY=", done.stderr


RESULTS_PROBE = PROBE.replace(
    "heavy = {m.split('.')[0] for m in sys.modules} & HEAVY",
    "heavy = {m for m in sys.modules if m.startswith('promisekeeper.domain.results.')}",
)


@pytest.mark.parametrize("args", [a for a in LIGHT + WRITES if a[0] != "customer"], ids=" ".join)
def test_everyday_commands_make_only_their_own_result_types(pk: Pk, args: list[str]) -> None:
    """Making a NamedTuple class costs about 0.1 ms at every start: the results of other
    features (customers, settings, standards, calendars, the lead's views, reminders, exports)
    live in modules of their own that an everyday command never imports (docs/performance.md)."""
    _imports_none(pk, RESULTS_PROBE, args)


def _imports_none(pk: Pk, script: str, args: list[str]) -> None:
    """``args`` run under the probe ``script`` (after one promise to act on) imports none of
    the modules it looks for."""
    pk.ok("add", "x", "--to", "Acme", "--by", "friday")
    if args[:2] == ["promise", "reopen"]:
        pk.ok("keep", "1")
    done = probe(pk, script, *args)
    assert "Error" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY=", done.stderr

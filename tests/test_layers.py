"""The layering the README describes, checked on the source: only ``render/`` prints, only
``store/`` talks to a database, and every result type has a renderer in every format."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from promisekeeper.render.registry import FORMATS, OWN_FORMATS, RENDERERS

SOURCE = Path(__file__).parent.parent / "src" / "promisekeeper"
MODULES = sorted(SOURCE.rglob("*.py"))
DATABASE_MODULES = {"sqlite3", "sqlalchemy", "sqlmodel", "psycopg", "psycopg2", "alembic"}


def inside(path: Path, folder: str) -> bool:
    return (SOURCE / folder) in path.parents


def name(path: Path) -> str:
    return str(path.relative_to(SOURCE))


def printing(tree: ast.AST) -> list[int]:
    """Lines that print: print(), typer.echo(), Console.print(), sys.stdout/stderr.write()."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "print":
            found.append(node.lineno)
        elif isinstance(func, ast.Attribute):
            target = ast.unparse(func.value)
            echoes = func.attr in ("echo", "secho") and target == "typer"
            writes = func.attr == "write" and target in ("sys.stdout", "sys.stderr")
            if echoes or writes or func.attr == "print":
                found.append(node.lineno)
    return found


def database_access(tree: ast.AST) -> list[int]:
    """Lines that import a database driver or ORM, or execute SQL."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name.split(".")[0] in DATABASE_MODULES for a in node.names):
                found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in DATABASE_MODULES:
                found.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("execute", "executemany", "exec_driver_sql")
        ):
            found.append(node.lineno)
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if not inside(p, "render")], ids=name)
def test_only_render_prints(path: Path) -> None:
    assert printing(ast.parse(path.read_text())) == [], f"{name(path)} prints"


@pytest.mark.parametrize("path", [p for p in MODULES if not inside(p, "store")], ids=name)
def test_only_store_talks_to_a_database(path: Path) -> None:
    assert database_access(ast.parse(path.read_text())) == [], f"{name(path)} uses a database"


def test_the_checks_see_what_they_look_for() -> None:
    """The scans find the calls they forbid (else the two tests above prove nothing)."""
    assert printing(ast.parse("print(1)\nsys.stdout.write('x')\nconsole.print(x)")) == [1, 2, 3]
    assert database_access(ast.parse("import sqlite3\nfrom sqlalchemy import text\nc.execute(q)"))


RESULT_TYPES = [
    "PromiseList",
    "DueResult",
    "PromiseDetail",
    "CustomerList",
    "CustomerDetail",
    "Report",
    "WhenResult",
    "SettingList",
    "StandardList",
    "StandardDetail",
    "Publication",
    "CalendarYear",
    "CalendarFeed",
    "EscalationList",
    "SlipReport",
    "Statement",
    "TeamView",
]


def test_every_result_type_has_a_renderer_in_every_format() -> None:
    from promisekeeper.domain import results

    listed = {n for n in vars(results) if isinstance(getattr(results, n), type)}
    shown = listed - {
        "Change",
        "Setting",
        "DueView",
        "CustomerSummary",
        "EventRecord",
        "PromiseRecord",
        "Sequence",
        "NamedTuple",
        "Workload",  # a row of TeamView
        "Reminder",  # pk remind's lines for cron, in one form (render.reminders)
        "Announcement",  # a row of Reminder
        "ExportSource",  # what pk export writes to a file or stdout (render.export)
    }
    assert shown <= set(RENDERERS), shown - set(RENDERERS)
    assert set(RESULT_TYPES) == set(RENDERERS)
    for kind, formats in RENDERERS.items():
        assert set(formats) == set(OWN_FORMATS.get(kind, FORMATS)), kind
        for target in formats.values():
            module, function = target.split(":")
            assert callable(
                getattr(importlib.import_module(f"promisekeeper.render.{module}"), function)
            ), target

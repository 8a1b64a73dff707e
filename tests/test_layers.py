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
    "ChainCheck",
    "StatementList",
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
    "FeedbackList",
    "LessonReport",
    "CalibrationReport",
    "AwayList",
    "ReviewPack",
]


def test_every_result_type_has_a_renderer_in_every_format() -> None:
    import pkgutil

    from promisekeeper.domain import results

    modules = [results] + [
        importlib.import_module(f"{results.__name__}.{m.name}")
        for m in pkgutil.iter_modules(results.__path__)
    ]
    listed = {
        name
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__ == module.__name__
    }
    assert {"DueResult", "TeamView", "CalendarFeed", "ExportSource"} <= listed
    shown = listed - {
        "Change",
        "Setting",
        "Workload",  # a row of TeamView
        "Reminder",  # pk remind's lines for cron, in one form (render.reminders)
        "Announcement",  # a row of Reminder
        "ExportSource",  # what pk export writes to a file or stdout (render.export)
        # pk feedback's echoes, in one form each (render.feedback): the questions asked and
        # where they went, the replies read, a verdict recorded (also a row of FeedbackList)
        "Question",
        "Asked",
        "Heard",
        "ReadResult",
        "Verdict",
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


# --- the layers, from the import graph ----------------------------------------------------------

# The tiers of pk, highest first (docs/architecture.md). A module imports its own package, or a
# package of a lower tier; packages of one tier never import each other. This is the whole rule:
# nothing is excused.
TIERS: list[set[str]] = [
    {"__main__"},  # python -m promisekeeper
    {"cli"},  # options in, one use case called, its result handed to a renderer
    {"service", "render"},  # use cases; drawing results (neither knows the other)
    {"store", "remote"},  # the database; other servers (CalDAV, notifications)
    {"domain"},  # rules and results: plain data and functions that take `now`
    {"config"},  # settings
    {"dates"},  # the date grammar
    {"calendar"},  # business time
    {"display", "files", "environment", "timerange"},  # words for times, files, variables, range
    {"errors", "promisekeeper"},  # errors users read; the package's version
]
TIER = {package: number for number, tier in enumerate(TIERS) for package in tier}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports() -> list[tuple[str, str, int]]:
    """(importing module, imported module, line) of every import of pk's own modules, at the
    top of a file or inside a function, type-checking ones too (migrations left out: Alembic
    runs them)."""
    found = []
    for path in MODULES:
        if "migrations" in path.parts:
            continue
        module = "promisekeeper." + name(path).removesuffix(".py").replace("/", ".")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found += [(module, t, node.lineno) for t in targets if t.startswith("promisekeeper")]
    return found


def test_every_import_goes_down_the_layers() -> None:
    wrong = []
    for module, target, line in _imports():
        here, there = _package(module), _package(target)
        assert here in TIER and there in TIER, f"{module} or {target}: no tier; add it to TIERS"
        if here != there and TIER[there] <= TIER[here]:
            wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_the_tiers_hold_every_package() -> None:
    """A new package or top-level module is placed in a tier before anything may import it."""
    packages = {
        _package("promisekeeper." + name(p).removesuffix(".py").replace("/", ".")) for p in MODULES
    }
    assert packages <= set(TIER) | {"__init__"}, packages - set(TIER)


def test_format_names_are_written_where_the_formats_are_drawn(pk) -> None:
    """No command lists format names of its own: its --format offers exactly the formats its
    result has renderers for (render/registry.py)."""
    from promisekeeper.render.registry import formats_of

    cli = Path(__file__).parent.parent / "src" / "promisekeeper" / "cli"
    assert not [f.name for f in cli.glob("*.py") if "StrEnum" in f.read_text()]
    for command, kind in ((["ls"], "PromiseList"), (["report"], "Report"), (["log"], "Log")):
        refused = pk(*command, "--format", "nope")
        assert refused.exit_code == 2
        offered = ", ".join(repr(name) for name in formats_of(kind))
        assert f"'nope' is not one of {offered}." in refused.stderr


def test_no_module_imports_itself_back() -> None:
    """No import cycle among pk's modules, lazy imports included: a cycle kept alive by an
    import inside a function is still a cycle (docs/architecture.md)."""
    from graphlib import CycleError, TopologicalSorter

    known = {
        "promisekeeper." + name(p).removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for p in MODULES
    }
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        if "migrations" in path.parts:
            continue
        module = "promisekeeper." + name(path).removesuffix(".py").removesuffix("/__init__")
        module = module.replace("/", ".")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                # `from promisekeeper.domain import fields` imports the module domain.fields
                targets = [
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                    for a in node.names
                ]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph.setdefault(module, set()).update(t for t in targets if t in known and t != module)
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None

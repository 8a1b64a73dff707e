"""Every command is documented: in README's command list and with an example in its --help."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from tests.conftest import Pk

from promisekeeper.cli import app
from promisekeeper.cli.commands import ALIASES, COMMANDS


@pytest.fixture
def pk(sqlite_pk: Pk) -> Pk:
    """Help text does not depend on the engine."""
    return sqlite_pk


README = (Path(__file__).parent.parent / "README.md").read_text()


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    children = getattr(command, "commands", None)
    if not children:
        yield prefix
        return
    for name, child in children.items():
        yield from command_paths(child, (*prefix, name))


PATHS = sorted(command_paths(typer.main.get_command(app)))


def test_there_are_commands() -> None:
    assert ("promise", "add") in PATHS and ("due",) in PATHS and len(PATHS) >= 25


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_command_is_in_readme(path: tuple[str, ...]) -> None:
    if path[0] in ALIASES:
        assert f"`pk {path[0]}`" in README
        return
    words = " ".join(path)
    group = path[0]
    # Grouped commands are listed as "pk customer list | show NAME | ..." or one per line.
    assert f"pk {words}" in README or any(
        f" {path[-1]}" in line[:200] for line in README.split(f"pk {group} ")[1:]
    ), words


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_command_help_has_an_example(pk: Pk, path: tuple[str, ...]) -> None:
    out = pk.ok(*path, "--help")
    assert "Example: pk " in out.stdout or path[0] in ALIASES


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_list_matches_each_commands_own_help(name: str) -> None:
    """`pk --help` lists commands from COMMANDS without building them; the line it shows must be
    the one the command itself has."""
    built = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert built.get_short_help_str(1000) == COMMANDS[name][2]


def test_only_the_command_run_is_built(pk: Pk) -> None:
    import subprocess
    import sys

    # The modules every run loads (the root command, its edge, the command list, argument
    # rewriting, completion) are left out: what is listed is what this command added.
    shared = {"app", "edge", "commands", "argv", "completion"}
    probe = (
        "import sys; from promisekeeper.cli import app; sys.argv = ['pk', *sys.argv[1:]]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"mods = sorted(m for m in sys.modules if m.startswith('promisekeeper.cli.')"
        f" and m.split('.')[-1] not in {shared!r})\n"
        "sys.stderr.write('MODULES=' + ','.join(mods) + '\\n')\n"
    )
    for args, expected in [
        (["--help"], ""),
        # the command, and the --format option it offers (cli/formats.py)
        (["when", "friday"], "promisekeeper.cli.formats,promisekeeper.cli.when"),
        (["due"], "promisekeeper.cli.due,promisekeeper.cli.formats"),
    ]:
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            env={**pk.env, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )
        assert done.stderr.strip().splitlines()[-1] == f"MODULES={expected}", done.stderr


def test_the_architecture_guide_names_only_files_that_exist() -> None:
    """docs/architecture.md's recipes list files; a file moved or renamed fails here until the
    guide follows."""
    import re

    root = Path(__file__).parent.parent
    guide = (root / "docs" / "architecture.md").read_text()
    named = set(re.findall(r"(?:src/promisekeeper|tests)/[\w/]+(?:\.py|/)", guide))
    assert len(named) >= 15
    missing = sorted(n for n in named if not (root / n).exists())
    assert not missing, missing

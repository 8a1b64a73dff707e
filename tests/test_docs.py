"""Every command is documented: in README's command list and with an example in its --help."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from tests.conftest import Pk

from promisekeeper.cli import app


@pytest.fixture
def pk(sqlite_pk: Pk) -> Pk:
    """Help text does not depend on the engine."""
    return sqlite_pk


README = (Path(__file__).parent.parent / "README.md").read_text()
ALIASES = {"add", "ls", "keep", "slip"}


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
    assert f"pk {words}" in README or (
        f"pk {group} " in README and f" {path[-1]}" in README.split(f"pk {group} ", 1)[1][:200]
    ), words


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_command_help_has_an_example(pk: Pk, path: tuple[str, ...]) -> None:
    out = pk.ok(*path, "--help")
    assert "Example: pk " in out.stdout or path[0] in ALIASES

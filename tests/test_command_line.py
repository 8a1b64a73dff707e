"""The command line itself: arguments as typed (ids as screens show them, dates with spaces,
--db anywhere, bytes that are not text), shell completion, the version, and input that never
reaches the "bug in pk" line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import BUG, one_line, run

DEEP_TOML = "a = " + "[" * 2000 + "]" * 2000 + "\n"


def test_a_date_with_spaces_left_unquoted_gets_a_hint(pk: Pk) -> None:
    refused = pk("add", "Quote", "--to", "Acme", "--by", "tomorrow", "10am")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert 'A value with spaces needs quotes: --by "tomorrow 10am"' in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_ids_are_taken_as_every_screen_shows_them(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    assert pk.ok("promise", "show", "#1", "-f", "json").json()["id"] == 1
    assert "Kept #1" in pk.ok("keep", "#1").stdout
    refused = pk("promise", "show", "#one")
    assert refused.exit_code == 2 and "is not a promise number such as 12 or #12" in refused.stderr


def test_version(pk: Pk) -> None:
    for args in (("--version",), ("version",)):
        shown = pk.ok(*args).stdout
        assert shown.startswith("pk ") and "Python 3." in shown


def test_bash_completion_keeps_a_customer_name_with_spaces_one_word(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Globex Corporation", "--by", "friday")
    if pk.engine != "sqlite":
        pytest.skip("completion reads an existing SQLite file only")
    words = {"COMP_WORDS": "pk ls --customer Glo", "COMP_CWORD": "3"}
    bash = pk.sh(_PK_COMPLETE="complete_bash", **words)
    assert bash.stdout.splitlines() == ["Globex\\ Corporation"]
    zsh = pk.sh(_PK_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="pk ls --customer Glo")
    assert "Globex Corporation" in zsh.stdout  # zsh quotes what it inserts itself


def test_id_completion_carries_the_promise_text_where_the_shell_shows_it(pk: Pk) -> None:
    if pk.engine != "sqlite":
        pytest.skip("completion reads an existing SQLite file only")
    pk.ok("add", "Send the revised quote", "--to", "Acme", "--by", "friday")
    zsh = pk.sh(_PK_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="pk keep ")
    assert '"1":"Send the revised quote"' in zsh.stdout
    bash = pk.sh(_PK_COMPLETE="complete_bash", COMP_WORDS="pk keep ", COMP_CWORD="2")
    assert bash.stdout.split() == ["1"]  # bash shows no descriptions


def test_db_after_the_command_works(sqlite_pk: Pk, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--db", str(other))
    assert other.exists()
    assert "Quote" in sqlite_pk.ok("ls", "--db", str(other)).stdout
    assert "Quote" in sqlite_pk.ok(f"--db={other}", "ls").stdout
    assert "Quote" not in sqlite_pk.ok("ls").stdout  # the usual database is untouched


@pytest.mark.parametrize(
    ("args", "env", "config", "message"),
    [
        (["due", "--days", "99999999999999999999"], {}, None, "from 0 to 365"),
        (["due", "--days", "10000000"], {}, None, "from 0 to 365"),
        (["due"], {"PK_NOW": "0001-01-01T00:00:00+00:00"}, None, "outside the times pk keeps"),
        (["due"], {"PK_NOW": "9999-12-31T12:00:00+00:00"}, None, "outside the times pk keeps"),
        (["report", "--month", "0001-01"], {}, None, "must lie within the times pk keeps"),
        (["report", "--quarter", "9999-Q4"], {}, None, "must lie within the times pk keeps"),
        (["due"], {}, 'due.days = "²"\n', "due.days must be a whole number"),
        (["due"], {}, DEEP_TOML, "config file"),
        (["due"], {}, "[due]\ndays = { a = 1 }\n", "must be one value"),
        (["due"], {"PK_DB": "postgresql+psycopg://bob@localhost:abc/db"}, None, "not a number"),
        (["due"], {"PK_USER": "   "}, None, "PK_USER is blank"),
        (["add", "x", "--to", "Acme", "--by", "9999-12-31"], {}, None, "outside the times"),
    ],
)
def test_plain_input_never_reaches_the_bug_line(
    sqlite_pk: Pk, args: list[str], env: dict[str, str], config: str | None, message: str
) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    if config is not None:
        Path(pk.env["PK_CONFIG"]).write_text(config)
    one_line(run(pk, *args, **env), 2, message)
    assert pk.snapshot() == before


def test_invalid_utf8_arguments_and_environment(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    environment = {**os.environ, **pk.env}
    for argv, extra in (
        ([b"add", b"caf\xe9", b"--to", b"Acme", b"--by", b"friday"], {}),
        ([b"ls", b"--customer", b"\xff\xfe"], {}),
        ([b"due"], {b"PK_USER": b"d\xe4na"}),
    ):
        env = {os.fsencode(k): os.fsencode(v) for k, v in environment.items()}
        done = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"promisekeeper", *argv],
            env={**env, **extra},
            capture_output=True,
            timeout=60,
        )
        stderr = done.stderr.decode()
        assert done.returncode == 2 and "not valid UTF-8" in stderr and BUG not in stderr, stderr
        assert stderr.count("\n") == 1
    assert pk.snapshot() == before


def _every_command() -> list[list[str]]:
    from typing import Any

    found: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "list_commands"):  # a group (Typer's own click)
            context = type(command).context_class(command)
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                assert sub is not None
                walk(sub, [*path, name])
        else:
            found.append(path)

    from promisekeeper.cli.commands import COMMANDS, build_command

    for name in COMMANDS:
        walk(build_command(name), [name])
    return found


def test_every_command_shows_an_example(sqlite_pk: Pk) -> None:
    """Every command's --help ends its description with an example, the short forms (pk add,
    pk slip …) too."""
    commands = _every_command()
    assert ["add"] in commands and ["promise", "add"] in commands and len(commands) > 40
    missing = [
        " ".join(path)
        for path in commands
        if "Example: pk " not in sqlite_pk.ok(*path, "--help", COLUMNS="200").stdout
    ]
    assert not missing, missing

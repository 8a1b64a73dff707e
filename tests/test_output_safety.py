"""User text prints literally: Rich markup is never interpreted, terminal escapes and bidi
controls never reach the terminal raw, emoji and accents stay (docs/reliability.md, "Input and
output")."""

from __future__ import annotations

import json
import re

import pytest
from tests.conftest import Pk
from tests.helpers import BUG, HOSTILE, RAW, run

CUSTOMER = "[/]"
WHAT = "[red]x[/red] \x1b[2J\x1b]0;pwned\x07 \u202egnp.exe 🎉 Zoë"
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # pk's own colours, when colour is forced


@pytest.fixture
def seeded(pk: Pk) -> Pk:
    pk.ok("add", WHAT, "--to", CUSTOMER, "--by", "tomorrow", "--tag", "x")
    pk.ok("add", "[link=https://evil.example]click[/link]", "--to", CUSTOMER, "--by", "friday")
    pk.ok("add", "[b]late[/b]", "--to", CUSTOMER, "--by", "2026-11-20", "--made", "2026-11-16")
    pk.ok("add", "theirs", "--to", CUSTOMER, "--by", "tomorrow", "--owner", "[i]sam\u202e\x1b[0m")
    pk.ok("promise", "note", "1", "\x9b31m C1 CSI and \u2028 line separator")
    pk.ok("slip", "1", "--by", "wednesday", "--reason", "[bold]busy[/]")
    return pk


FULL = ["[red]x[/red]", "\\x1b[2J", "\\u202egnp.exe", "🎉", "Zoë", "[/]"]
VIEWS = [
    (["due"], [*FULL, "[b]late[/b]"]),
    (["due", "--all"], ["[red]x[/red]", "\\x1b[2J", "🎉", "Zoë", "[/]", "[i]sam"]),  # wrapped
    (["ls", "--all", "-f", "markdown"], ["[i]sam\\u202e\\x1b[0m"]),
    (["ls"], [*FULL, "[link=https://evil.example]click[/link]"]),
    (["overdue"], ["[b]late[/b]", "[/]"]),
    (["promise", "show", "1"], [*FULL, "[bold]busy[/]", "\\x9b31m", "\\u2028"]),
    (["customer", "list"], ["[/]"]),
    (["customer", "show", CUSTOMER], FULL),
    (["ls", "-f", "markdown"], FULL),
    (["due", "-f", "markdown"], FULL),
    (["promise", "show", "1", "-f", "markdown"], [*FULL, "[bold]busy[/]"]),
    (["ls", "-f", "csv"], FULL),
    (["promise", "show", "1", "-f", "csv"], ["[bold]busy[/]"]),
]


def assert_no_raw_controls(text: str) -> None:
    stripped = ANSI.sub("", text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028]", stripped)


def unwrap(text: str, markdown: bool) -> str:
    """Undo markdown's backslash escapes and Rich's line wrapping, to look for whole phrases."""
    if markdown:
        text = re.sub(r"\\(.)", r"\1", text)
    return re.sub(r"\s*\n\s*", " ", text)


@pytest.mark.parametrize(("args", "expected"), VIEWS, ids=[" ".join(a) for a, _e in VIEWS])
def test_views_show_user_text_literally(seeded: Pk, args: list[str], expected: list[str]) -> None:
    out = seeded.ok(*args)
    assert_no_raw_controls(out.stdout)
    body = unwrap(out.stdout, "markdown" in args)
    for phrase in expected:
        assert phrase in body, phrase


def test_colour_forced_still_literal(seeded: Pk) -> None:
    out = seeded.ok("due", NO_COLOR="", FORCE_COLOR="1", TERM="xterm-256color")
    assert ANSI.search(out.stdout), "colour was expected when forced"
    assert_no_raw_controls(out.stdout)
    plain = unwrap(ANSI.sub("", out.stdout), markdown=False)
    assert "[red]x[/red] \\x1b[2J" in plain and "[b]late[/b]" in plain
    assert "[/]" in plain and "]8;" not in plain  # no hyperlink escape from [link=…]


def test_json_is_lossless_and_terminal_safe(seeded: Pk) -> None:
    out = seeded.ok("promise", "show", "1", "-f", "json")
    assert_no_raw_controls(out.stdout)
    assert "\\u001b[2J" in out.stdout and "\\u202e" in out.stdout and "🎉 Zoë" in out.stdout
    data = json.loads(out.stdout)
    assert data["what"] == WHAT and data["customer"] == CUSTOMER
    assert data["history"][1]["text"] == "\x9b31m C1 CSI and \u2028 line separator"
    assert data["history"][2]["reason"] == "[bold]busy[/]"


def test_errors_neutralise_user_text(pk: Pk) -> None:
    out = pk("customer", "show", "\x1b[31mEvil[/]")
    assert out.exit_code == 2
    assert (
        out.stderr == 'Error: No customer "\\x1b[31mEvil[/]". `pk customer list` shows them all.\n'
    )


def test_csv_defuses_formulas(pk: Pk) -> None:
    pk.ok("add", '=HYPERLINK("http://x")', "--to", "@SUM(A1)", "--by", "friday")
    rows = pk.ok("ls", "-f", "csv").stdout.splitlines()
    assert rows[1].startswith('1,"\'=HYPERLINK(""http://x"")",\'@SUM(A1),dana,')


def in_terminal(pk: Pk, *args: str, **env: str) -> str:
    return pk.on_terminal(*args, columns=100, **env)


PASSWORDS = ["s3cr@t", "pa:ss", "pa/ss", "p@ss:w/rd"]


def test_plain_lines_reach_a_terminal_neutralised(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Quote", "--to", HOSTILE, "--by", "friday", "--new-customer")
    screens = {
        "config set": in_terminal(pk, "config", "set", "user", HOSTILE, PK_USER=""),
        "config get": in_terminal(pk, "config", "get", "user", PK_USER=""),
        "db path": in_terminal(pk, "db", "path", PK_DB=str(pk.home / f"{HOSTILE}.db")),
        "export json": in_terminal(pk, "export"),
        "export csv": in_terminal(pk, "export", "-f", "csv"),
    }
    for name, screen in screens.items():
        assert not RAW.search(screen.replace("\t", "")), (name, screen)
        assert "\\x1b]52;c;cHduZWQ=" in screen or "\\u001b]52" in screen, (name, screen)
    exported = json.loads(screens["export json"])
    assert exported["customers"][0]["name"] == HOSTILE  # escaped on screen, lossless as data


@pytest.mark.slow
@pytest.mark.parametrize("password", PASSWORDS)
def test_passwords_are_never_printed(sqlite_pk: Pk, password: str) -> None:
    from urllib.parse import quote

    pk = sqlite_pk
    raw = f"postgresql+psycopg://bob:{password}@127.0.0.1:1/team"
    encoded = f"postgresql+psycopg://bob:{quote(password, safe='')}@127.0.0.1:1/team"
    pieces = {password, quote(password, safe=""), *re.split("[@:/]", password)} - {""}
    for url in (raw, encoded):
        outputs = [
            run(pk, "config", "set", "db", url, PK_DB=""),
            run(pk, "config", "get", "db", PK_DB=""),
            run(pk, "config", "list", PK_DB=""),
            run(pk, "config", "list", "-f", "json", PK_DB=""),
            run(pk, "db", "path", PK_DB=url),
            run(pk, "due", PK_DB=url),  # connection refused on port 1: an error line
        ]
        for done in outputs:
            text = done.stdout + done.stderr
            assert BUG not in text
            for piece in pieces:
                if len(piece) >= 3:
                    assert piece not in text.replace("127.0.0.1", ""), (url, text)

"""The other daily screens at 60 and 80 columns, on real pseudo-terminals: a table too narrow
for its columns becomes one record at a time (render/console.py, ``_stacked``) instead of
breaking words inside its cells; headings and summary lines break between their parts, under an
indent, never back at column 0 in the middle of a phrase."""

from __future__ import annotations

import re

import pytest
from tests.conftest import Pk
from tests.test_morning_screen import week

ANSI = re.compile(r"\x1b\[[0-9;]*m")
WORDS = {
    "Call", "back", "about", "extra", "licences", "Security", "questionnaire", "procurement",
    "Weekly", "status", "report", "account", "Acme", "Corporation", "Nordwind", "Logistics",
    "GmbH", "warehouse", "racks,", "business", "days", "late",
}  # fmt: skip


@pytest.fixture
def monday(sqlite_pk: Pk) -> Pk:
    week(sqlite_pk)
    sqlite_pk.ok("slip", "1", "--by", "2026-11-24", "--force", now="2026-11-20T10:00:00+00:00")
    sqlite_pk.ok("slip", "1", "--by", "2026-11-26", "--force", now="2026-11-21T10:00:00+00:00")
    return sqlite_pk


def screen(pk: Pk, columns: int, *args: str, **env: str) -> str:
    shown = pk.on_terminal(*args, columns=columns, rows=60, NO_COLOR="1", TERM="xterm", **env)
    return ANSI.sub("", shown)


def words_whole(shown: str) -> None:
    """Each of our words is absent or whole: never "licen" and "ces" on two lines."""
    words = {w.strip("(),") for w in WORDS}
    tokens = {t.strip("(),") for t in re.split(r"[\s·]+", shown)}
    broken = [w for w in words if w in shown.replace("\n", " ") and w not in tokens]
    pieces = [t for t in tokens if t and any(w != t and w.startswith(t) for w in words)]
    assert not broken, broken
    assert not [p for p in pieces if len(p) > 2 and p not in words and not p.endswith("…")], pieces


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("command", [("escalations", "--all"), ("slips", "--all")])
def test_tables_never_break_a_word(monday: Pk, command: tuple[str, ...], columns: int) -> None:
    shown = screen(monday, columns, *command)
    lines = shown.rstrip("\n").split("\n")
    assert all(len(line) <= columns for line in lines), "a line is wider than the terminal"
    words_whole(shown)
    for line in lines[1:]:  # every line after the first is indented or starts a record
        assert not line or line.startswith((" ", "#")) or line.endswith("promises"), line


def test_the_slips_heading_folds_under_itself(monday: Pk) -> None:
    head = screen(monday, 60, "slips", "--all").split("\n")[:4]
    assert head == [
        "Slips · November 2026 · promises agreed for the period",
        "  as of Mon 23 Nov 09:00",
        "  3 moves · 3 slips, 2 with a heads-up · 1 never told",
        "  1 promise moved twice or more",
    ]


def test_config_list_keeps_a_long_path_whole(monday: Pk, tmp_path: object) -> None:
    path = f"{monday.home}/a-rather-long-folder-name-for-the-database/of-this-team/pk.db"
    shown = screen(monday, 60, "config", "list", PK_DB=path)
    lines = shown.rstrip("\n").split("\n")
    assert all(len(line) <= 60 for line in lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("db  "))
    pieces = [lines[start][4:]]
    for line in lines[start + 1 :]:
        if line.startswith("    From "):
            break
        pieces.append(line.strip())
    assert "".join(pieces) == path


def test_remind_says_each_promise_once_and_folds_on_a_terminal(monday: Pk) -> None:
    """An escalated promise is overdue too: one line, under its most urgent news. On a
    terminal the lines fold under an indent; in a cron log each stays one line."""
    import shutil

    copy = monday.home / "copy.db"
    shutil.copy(monday.db, copy)
    logged = monday.ok("remind", "--all").stdout.splitlines()
    ids = [re.search(r"#(\d+) ", line).group(1) for line in logged]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    assert logged[0].startswith("Escalated: #4 Call back about extra licences (Globex), due")
    assert max(len(line) for line in logged) > 80  # not hard-wrapped for a log
    shown = screen(monday, 60, "remind", "--all", PK_DB=str(copy)).rstrip("\n").split("\n")
    assert all(len(line) <= 60 for line in shown)
    records: list[str] = []
    for line in shown:
        if line.startswith("    "):
            records[-1] += " " + line.strip()
        else:
            records.append(line)
    assert records == logged
    words_whole("\n".join(shown))

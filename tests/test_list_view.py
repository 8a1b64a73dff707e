"""``pk promise list`` and ``pk due`` as people see them: one line per row where the text gets
at least half the line, due and state on a second line where the terminal is too narrow for
that (no column dropped, no word broken), a screenful at most on a terminal, every row and word
when piped or with ``--wide``. Golden files at 50, 60, 80 and 120 columns, taken on a real
pseudo-terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import matches_golden

GOLDEN = Path(__file__).parent / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(pk: Pk, columns: int, *args: str, rows: int = 40) -> str:
    screen = pk.on_terminal(*args, columns=columns, rows=rows, NO_COLOR="1", TERM="xterm")
    return ANSI.sub("", screen)  # bold and dim stay without colour


def seed(pk: Pk) -> None:
    for n in (1, 2, 3):
        pk.ok(
            "add",
            f"Send the revised quote for the new warehouse racks, part {n}",
            "--to",
            "Globex Corporation International",
            "--by",
            f"in {n} days",
            "--tag",
            "sales",
        )
    pk.ok("slip", "2", "--by", "in 9 days")
    pk.ok("add", "Call back", "--to", "Acme", "--by", "2026-11-20", "--made", "2026-11-18")


@pytest.fixture
def seeded(sqlite_pk: Pk) -> Pk:
    seed(sqlite_pk)
    return sqlite_pk


@pytest.mark.parametrize("columns", [50, 60, 80, 120])
@pytest.mark.parametrize("command", ["ls", "due"])
def test_views_at_every_width(seeded: Pk, command: str, columns: int) -> None:
    screen = on_terminal(seeded, columns, command)
    matches_golden(screen, GOLDEN / f"{command}-{columns}.txt")
    lines = screen.splitlines()
    assert all(len(line) <= columns for line in lines), "a line is wider than the terminal"
    assert "3 days late" in screen  # state never dropped, no word broken
    if command == "ls":
        for column in ("ID", "What", "Customer"):
            assert column in lines[0]
        assert "↻1" in screen
        if columns >= 120:  # one line per row
            assert len(lines) == 1 + 4 + 1
        else:  # the text at least half the line; the two lookalikes whole, over two lines
            assert "part 1" in screen and "part 2" in screen
            first = next(line for line in lines if line.startswith(" #1  "))
            assert first.index("Globex") - first.index("Send") >= columns // 2
        return
    assert "tomorrow" in screen
    if columns >= 120:
        assert "\n     " not in screen.split("Due soon")[0]  # one line per overdue row
    wide = on_terminal(seeded, columns, "due", "--wide").split("Due soon")[1]
    assert "…" not in re.sub(r"Globex[\w ]*…", "", wide)  # every word of the text is there
    assert all(len(line) <= columns for line in wide.splitlines())
    assert wide.split().count("racks,") == 1


def test_a_terminal_gets_a_screenful(sqlite_pk: Pk) -> None:
    for n in range(30):
        sqlite_pk.ok("add", f"promise {n}", "--to", "Acme", "--by", "friday")
    screen = on_terminal(sqlite_pk, 80, "ls", rows=20)
    assert screen.count("promise ") == 16  # 20 lines less the header, the note, the summary
    assert "… 14 more not shown: --limit 0 shows them all" in screen  # and the prompt's line
    assert on_terminal(sqlite_pk, 80, "ls", "--limit", "0", rows=20).count("promise ") == 30
    assert on_terminal(sqlite_pk, 80, "ls", "-n", "5", rows=20).count("promise ") == 5
    piped = sqlite_pk.ok("ls").stdout  # not a terminal: everything
    assert piped.count("promise ") == 30 and "more not shown" not in piped
    assert len(sqlite_pk.ok("ls", "-n", "3", "-f", "json").json()) == 3


def test_the_morning_view_fits_a_screen(sqlite_pk: Pk) -> None:
    """Only the promises that fit are read from the database (with the counts of the rest),
    shared between the sections (domain.due.shares): the morning view of someone with
    thousands overdue costs what a screenful costs."""
    pk = sqlite_pk
    for n in range(30):
        pk.ok("add", f"late {n}", "--to", "Acme", "--by", "2026-11-20", "--made", "2026-11-18")
    pk.ok("slip", "30", "--by", "2026-11-21", "--force")  # a slipped one beyond the screenful
    pk.ok("add", "soon one", "--to", "Acme", "--by", "tomorrow")
    # 20 lines, one kept for the prompt: 2 titles, 2 blank lines, 1 line of how many more and
    # the summary leave 13 rows: the soon one and 12 overdue
    screen = on_terminal(pk, 80, "due", rows=20)
    assert "Overdue · 30" in screen and screen.count("late ") == 12
    assert "… 18 more not shown: --limit 0 shows them all." in screen
    assert "Due soon · 1" in screen and "soon one" in screen
    assert "30 overdue · 0 today · 1 soon · 1 slipping" in screen
    assert len(screen.rstrip("\n").splitlines()) == 19
    assert on_terminal(pk, 80, "due", "--limit", "0", rows=20).count("late ") == 30
    limited = pk.ok("due", "-n", "4").stdout  # --limit off a terminal too: 4 promises in all
    assert limited.count("late ") == 3 and "… 27 more not shown" in limited
    assert "soon one" in limited
    assert limited.rstrip().endswith("30 overdue · 0 today · 1 soon · 1 slipping")
    assert pk.ok("due").stdout.count("late ") == 30  # piped: everything
    assert len(pk.ok("due", "-f", "json").json()["overdue"]) == 30  # machine formats: all


def test_a_first_page_counts_what_it_does_not_show(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    for n in range(12):
        by = "2026-11-20" if n % 3 == 0 else "friday"
        pk.ok("add", f"promise {n}", "--to", "Acme", "--by", by, "--made", "2026-11-18")
    pk.ok("keep", "2")
    page = pk.ok("ls", "--status", "all", "-n", "5").stdout
    assert page.count("promise ") == 5 and "… 7 more not shown" in page
    assert page.rstrip().endswith("12 promises · 11 open · 4 overdue")
    assert pk.ok("overdue", "-n", "1").stdout.rstrip().endswith("4 promises · 4 overdue")


def test_wide_and_piped_lists_keep_every_word(seeded: Pk) -> None:
    text = "Send the revised quote for the new warehouse racks, part 1 #sales"
    wide = on_terminal(seeded, 60, "ls", "--wide")
    assert all(len(line) <= 60 for line in wide.splitlines())  # wrapped in its column
    row = wide.split(" #1  ", 1)[1].split(" #3  ")[0]
    assert " ".join(re.sub(r"Globex \S*", "", row).split()).startswith(text)
    piped = seeded.ok("ls").stdout
    assert text in piped and "Globex Corporation International" in piped


@pytest.mark.parametrize("columns", [50, 80])
def test_customer_list_fits(seeded: Pk, columns: int) -> None:
    screen = on_terminal(seeded, columns, "customer", "list")
    assert all(len(line) <= columns for line in screen.splitlines())
    assert screen.splitlines()[0].split() == ["Customer", "Open", "Overdue", "All", "Next", "due"]
    assert "Globex Corporation International" not in screen and "Globex" in screen  # cut with …
    assert "Globex Corporation International" in seeded.ok("customer", "list").stdout  # piped


@pytest.mark.parametrize("columns", [50, 60, 80, 120])
def test_report_by_customer_fits(sqlite_pk: Pk, columns: int) -> None:
    pk = sqlite_pk
    pk.ok("add", "x", "--to", "Globex Corporation International", "--by", "2026-11-20",
          "--made", "2026-11-10")  # fmt: skip
    pk.ok("add", "y", "--to", "Initech", "--by", "2026-11-21", "--made", "2026-11-18")
    screen = on_terminal(pk, columns, "report", "--by", "customer")
    assert all(len(line) <= columns for line in screen.splitlines()), screen
    table = screen.split("worst first")[1].split("Kept-rate trend")[0]
    for heading in ("Customer", "Due", "On time", "Late", "Broken", "Open late", "Kept-rate"):
        assert heading in table  # no column dropped
    assert "Globex Corporation International" in table or "Globex Corporation Intern" in table
    assert "Initech" in table and "Custom\n" not in table  # names are not broken


def test_ls_searches_text_customer_and_notes(pk: Pk) -> None:
    pk.ok("add", "Send the revised QUOTE", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Call back", "--to", "Quotable Ltd", "--by", "friday")
    pk.ok("add", "Licence count", "--to", "Hooli", "--by", "friday")
    pk.ok("promise", "note", "3", "They want a quote as well")
    pk.ok("add", "Other", "--to", "Hooli", "--by", "friday")
    pk.ok("add", "100% done", "--to", "Hooli", "--by", "friday")
    found = pk.ok("ls", "quot", "-f", "json").json()
    assert [p["id"] for p in found] == [1, 2, 3]
    assert [p["id"] for p in pk.ok("ls", "100%", "-f", "json").json()] == [5]
    assert [p["id"] for p in pk.ok("ls", "0%", "-f", "json").json()] == [5]  # % is literal
    assert "No promises match." in pk.ok("ls", "nothing like it").stdout


@pytest.mark.parametrize(
    "text",
    ["", "plain", "Acme · 2 days late", "Send the rev…", "a — b – c → d", "Zoë Müller",
     "東京 office", "e\u0301", "😀 done", "·…—–→×", "slip 1× · ok"],
)  # fmt: skip
def test_cell_widths_agree_with_richs_tables(text: str) -> None:
    """pk measures ASCII and its own marks without importing Rich's tables: the same widths,
    and the same cut with "…"."""
    from rich.cells import cell_len as rich_len
    from rich.cells import set_cell_size

    from promisekeeper.render.console import cell_len
    from promisekeeper.render.views import fit_cell

    assert cell_len(text) == rich_len(text)
    for width in range(1, rich_len(text) + 2):
        expected = set_cell_size(text, width - 1) + "…" if rich_len(text) > width else text
        assert fit_cell(text, width, pad=False) == expected

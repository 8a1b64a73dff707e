"""``pk due`` as a person sees it each morning, on real pseudo-terminals of 60×20, 80×24, 80×30
and 120×40, with a realistic week (long customer names, texts that differ only at their end, a
customer in New York, slips, a wait, an update rhythm, more promises than any of those screens
holds): the whole view fits the terminal's height, the most urgent sections keep their first
rows, the text gets the width first, and two promises never look the same once cut. Golden
screens in tests/golden/morning-*.txt (PK_UPDATE_GOLDEN=1 writes them again)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import matches_golden

GOLDEN = Path(__file__).parent / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SIZES = [(60, 20), (80, 24), (80, 30), (120, 40)]
TEXTS = {
    1: "Send the revised quote for the warehouse racks, phase 1",
    2: "Send the revised quote for the warehouse racks, phase 2",
}


def week(pk: Pk) -> None:
    """A week of work as of Monday 23 Nov 09:00: 27 open promises in every section."""
    pk.ok("customer", "set", "Brightline Healthcare", "--timezone", "America/New_York")

    def add(what: str, to: str, by: str, *more: str) -> None:
        pk.ok("add", what, "--to", to, "--by", by, *more, "--new-customer",
              now="2026-11-16T09:00:00+00:00")  # fmt: skip

    add(TEXTS[1], "Nordwind Logistics GmbH", "2026-11-19")
    add(TEXTS[2], "Nordwind Logistics GmbH", "2026-11-20")
    add("Security questionnaire for the procurement team", "Acme Corporation", "2026-11-18")
    add("Call back about extra licences", "Globex", "2026-11-17")
    add("Fix the SSO test account", "Brightline Healthcare", "2026-11-23 11:00")
    add("Confirm the go-live date with the project board", "Initech", "2026-11-23 12:00")
    add("Data export of all tickets since January", "Acme Corporation", "2026-11-23 15:00")
    add("Roadmap preview for the steering committee", "Hooli", "2026-11-26")
    add("Quote for extra seats", "Hooli", "2026-11-30", "--update-every", "2 business days")
    add("Licence renewal paperwork", "Initech", "2026-11-23 17:00")
    add("On-site training dates for the support team", "Globex", "2026-11-25")
    for n in range(1, 17):
        add(f"Weekly status report {n} for the account team", "Hooli", f"2026-11-{17 + n % 9}")
    pk.ok("slip", "2", "--by", "2026-11-21", now="2026-11-19T10:00:00+00:00")
    pk.ok("promise", "wait", "8", "--reason", "their list of features",
          now="2026-11-18T10:00:00+00:00")  # fmt: skip


@pytest.fixture
def monday(sqlite_pk: Pk) -> Pk:
    week(sqlite_pk)
    return sqlite_pk


def texts_read(shown: str, columns: int) -> None:
    """The text got the width first (a cut one has at least half the line), and the two texts
    that differ only at their end never look the same."""
    for line in shown.split("\n"):
        found = re.match(r"\s*#\d+  (.+?)(?:  |$)", line)
        if found and found.group(1).endswith("…"):
            assert len(found.group(1)) >= columns // 2 - 1, line
    for number, text in TEXTS.items():
        if re.search(rf"^\s*#{number}  ", shown, re.MULTILINE):
            assert text.split()[-1] in shown.split(f"#{number}  ", 1)[1].split("\n #")[0]


def screen(pk: Pk, columns: int, rows: int, *args: str, command: str = "due") -> str:
    shown = pk.on_terminal(command, *args, columns=columns, rows=rows, NO_COLOR="1", TERM="xterm")
    return ANSI.sub("", shown)


@pytest.mark.parametrize(("columns", "rows"), SIZES, ids=[f"{c}x{r}" for c, r in SIZES])
def test_the_morning_view_fits_and_reads(monday: Pk, columns: int, rows: int) -> None:
    shown = screen(monday, columns, rows)
    matches_golden(shown, GOLDEN / f"morning-{columns}x{rows}.txt")
    lines = shown.rstrip("\n").split("\n")
    assert len(lines) <= rows - 1, "the view scrolled: it must fit, the prompt's line free"
    assert all(len(line) <= columns for line in lines), "a line is wider than the terminal"
    # every section is there with its count, the most urgent ones with their first rows
    for title in ("Overdue · ", "At risk · ", "Waiting on customer · 1", "Update owed · 1"):
        assert any(line.startswith(title) for line in lines), title
    first_overdue = lines[lines.index(next(x for x in lines if x.startswith("Overdue"))) + 1]
    assert "#4" in first_overdue  # the most overdue
    at_risk = next(i for i, x in enumerate(lines) if x.startswith("At risk"))
    assert lines[at_risk + 1].lstrip().startswith("#5 ")  # the most urgent at risk
    # the summary counts everything, broken only between counts
    summary = " · ".join(lines[lines.index(next(x for x in lines if "overdue ·" in x)) :])
    assert "update owed" in summary and "slipping" in summary
    texts_read(shown, columns)


def test_two_promises_never_look_the_same_once_cut(monday: Pk) -> None:
    """At 60 columns the two quotes would both read "Send the revised quote for the
    warehouse…": both are shown whole, over two lines."""
    shown = screen(monday, 60, 40, "--limit", "0")
    for number in TEXTS:
        row = shown.split(f"#{number}  ", 1)[1].split("\n", 2)
        assert row[0].startswith("Send the revised quote for the ")
        assert row[1].strip() == f"warehouse racks, phase {number}"


def test_the_height_is_the_terminals(monday: Pk) -> None:
    """The same data on a taller terminal shows more rows, never more lines than it has."""
    short, tall = screen(monday, 80, 24), screen(monday, 80, 40)
    assert tall.count("#") > short.count("#")
    assert len(tall.rstrip("\n").split("\n")) <= 39
    assert "more not shown" in short


@pytest.mark.parametrize(("columns", "rows"), SIZES, ids=[f"{c}x{r}" for c, r in SIZES])
def test_the_list_fits_and_reads(monday: Pk, columns: int, rows: int) -> None:
    """``pk ls`` by the same rule: a screenful at most (the prompt's line free), the text at
    least half the line before a name is cut, the two quotes told apart, a legend for ↻."""
    shown = screen(monday, columns, rows, command="ls")
    matches_golden(shown, GOLDEN / f"list-{columns}x{rows}.txt")
    lines = shown.rstrip("\n").split("\n")
    assert len(lines) <= rows - 1, "the list scrolled"
    assert all(len(line) <= columns for line in lines), "a line is wider than the terminal"
    assert lines[0].split()[:3] == ["ID", "What", "Customer"]
    assert ("more not shown: --limit 0 shows them all." in shown) == (rows < 40)
    assert lines[-1].startswith("27 promises · 15 overdue")
    texts_read(shown, columns)
    if "↻" in shown:
        assert "↻n: moved n times" in shown
    if columns >= 120:  # the customer whole where the line has room
        assert "Nordwind Logistics GmbH" in shown

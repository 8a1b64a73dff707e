"""``pk due``: sections, order, slip markers, the summary line, and the quiet morning."""

from __future__ import annotations

import pytest
from tests.conftest import Pk

LATER = "2026-11-26T09:00:00+00:00"  # Thursday morning


def seed(pk: Pk) -> None:
    # Made on Monday 23 Nov 09:00 (UTC).
    pk.ok("add", "Send the SSO test account", "--to", "Hooli", "--by", "monday 12:00")  # 30 Nov
    pk.ok("add", "Credit note for March invoice", "--to", "Hooli", "--by", "tuesday")  # 24 Nov
    pk.ok("add", "Confirm go-live date", "--to", "Initech", "--by", "thursday")  # 26 Nov 17:00
    pk.ok("add", "Send the incident write-up", "--to", "Initech", "--by", "wednesday")  # 25 Nov
    pk.ok("add", "Roadmap preview", "--to", "Hooli", "--by", "2026-12-20")
    pk.ok("add", "Old one", "--to", "Hooli", "--by", "2026-11-20", "--made", "2026-11-10")
    # #2 slips once, after its due date: agreed Tue 24 Nov, now due Wed 25 Nov 17:00... overdue
    pk.ok("slip", "2", "--by", "wednesday", now="2026-11-24T18:00:00+00:00")
    # #4 slips with a heads-up to Friday: due soon, late vs agreed (Wed 25 Nov)
    pk.ok("slip", "4", "--by", "friday", now="2026-11-24T10:00:00+00:00")


def test_due_sections_and_order(pk: Pk) -> None:
    seed(pk)
    view = pk.ok("due", "-f", "json", now=LATER).json()
    assert view["now"] == LATER
    assert [p["id"] for p in view["overdue"]] == [6, 2]  # most late first
    # #3, due today, has used 24 of its 32 business hours (Mon 09:00 to Thu 17:00): at risk,
    # and shown there only.
    assert [p["id"] for p in view["at_risk"]] == [3]
    assert view["today"] == []
    assert [p["id"] for p in view["soon"]] == [4]  # Fri 27; #1 is Mon 30: beyond 2 days
    assert all(p["overdue"] for p in view["overdue"])
    assert view["overdue"][1]["slips"] == 1
    wider = pk.ok("due", "--days", "4", "-f", "json", now=LATER).json()
    assert [p["id"] for p in wider["soon"]] == [4, 1]
    none_soon = pk.ok("due", "--days", "0", "-f", "json", now=LATER).json()
    assert none_soon["soon"] == [] and [p["id"] for p in none_soon["at_risk"]] == [3]


def test_due_table(pk: Pk) -> None:
    seed(pk)
    out = pk.ok("due", now=LATER).stdout
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines == [
        "Overdue · 2",
        # 24 business hours late (Mon, Tue, Wed) ≥ escalate.overdue (2 business days)
        " #6  Old one                        Hooli    Fri 20 Nov 17:00  6 days late · escalated",
        " #2  Credit note for March invoice  Hooli    Wed 25 Nov 17:00  16 h late",
        "     slipped 1× · agreed Tue 24 Nov",
        "",
        "At risk · 1",
        " #3  Confirm go-live date           Initech  today 17:00       in 8 h · 75% used",
        "",
        "Due soon · 1",
        " #4  Send the incident write-up     Initech  Fri 27 Nov 17:00  tomorrow",
        "     slipped 1× · agreed Wed 25 Nov · late vs agreed",
        "",
        "2 overdue · 1 at risk · 0 today · 1 soon · 2 slipping",
    ]


def test_nothing_due_says_so_and_names_the_next(pk: Pk) -> None:
    assert (
        pk.ok("due").stdout == "Nothing due in the next 2 days. Nothing open after that either.\n"
    )
    pk.ok("add", "Roadmap preview", "--to", "Hooli", "--by", "2026-12-20")
    assert pk.ok("due").stdout == (
        "Nothing due in the next 2 days. Next: #1 Roadmap preview (Hooli), Sun 20 Dec 17:00.\n"
    )
    assert pk.ok("due", "-f", "json").json() == {
        "now": "2026-11-23T09:00:00+00:00",
        "overdue": [],
        "at_risk": [],
        "unanswered": [],
        "waiting": [],
        "update_owed": [],
        "today": [],
        "soon": [],
        "handed_over": [],
        "owed": [],
        "review_due": [],
    }


def test_fail_if_overdue(pk: Pk) -> None:
    pk.ok("add", "A", "--to", "Acme", "--by", "tomorrow")
    assert pk("due", "--fail-if-overdue").exit_code == 0
    late = pk("due", "--fail-if-overdue", now=LATER)
    assert late.exit_code == 1 and "Overdue · 1" in late.stdout and late.stderr == ""


def test_due_scopes_by_owner(pk: Pk) -> None:
    pk.ok("add", "Mine", "--to", "Acme", "--by", "tomorrow")
    pk.ok("add", "Sam's", "--to", "Acme", "--by", "tomorrow", "--owner", "sam")
    assert [p["what"] for p in pk.ok("due", "-f", "json").json()["soon"]] == ["Mine"]
    assert [p["what"] for p in pk.ok("due", "--owner", "sam", "-f", "json").json()["soon"]] == [
        "Sam's"
    ]
    everyone = pk.ok("due", "--all").stdout
    assert "sam" in everyone and "dana" in everyone


def test_due_csv_and_markdown(pk: Pk) -> None:
    seed(pk)
    csv_lines = pk.ok("due", "-f", "csv", now=LATER).stdout.splitlines()
    assert csv_lines[0].startswith("section,id,what,customer,owner,status,tags,made_at,due_at")
    assert [line.split(",")[0:2] for line in csv_lines[1:]] == [
        ["overdue", "6"],
        ["overdue", "2"],
        ["at_risk", "3"],
        ["soon", "4"],
    ]
    markdown = pk.ok("due", "-f", "markdown", now=LATER).stdout
    assert "## Overdue (2)" in markdown and "## At risk (1)" in markdown
    at_risk = (
        "| #3 | Confirm go-live date | Initech | Thu 26 Nov 17:00 · in 8 h | today |  | 75% used |"
    )
    assert at_risk in markdown
    assert markdown.rstrip().endswith("**2 overdue · 1 at risk · 0 today · 1 soon · 2 slipping**")


def test_overdue_command(pk: Pk) -> None:
    assert pk.ok("overdue").stdout == "Nothing overdue.\n"
    seed(pk)
    rows = pk.ok("overdue", "-f", "json", now=LATER).json()
    assert [r["id"] for r in rows] == [6, 2]
    table = pk.ok("overdue", now=LATER).stdout
    assert "6 days late" in table and "2 promises · 2 overdue" in table


@pytest.mark.parametrize(
    ("available", "budget", "shown"),
    [
        ([30, 0, 1], 10, [9, 0, 1]),  # every section its floor of 3 (or all it has), then the rest
        ([75, 43, 141], 30, [10, 10, 10]),  # shared evenly
        ([75, 2, 141], 30, [14, 2, 14]),  # a small section leaves its part to the others
        ([5, 5, 5], 30, [5, 5, 5]),  # everything fits
        ([0, 0, 0], 10, [0, 0, 0]),
        ([30, 30, 30], 4, [3, 3, 3]),  # the floors even beyond the budget: no section hidden
        ([1, 40, 0], 9, [1, 8, 0]),
    ],
)
def test_sections_share_a_screen(available: list[int], budget: int, shown: list[int]) -> None:
    from promisekeeper.domain.due import shares

    assert shares(available, budget) == shown


def test_an_empty_database_says_how_to_start_and_where_it_is(pk: Pk) -> None:
    shown = pk.ok("ls").stdout
    words = " ".join(shown.split())  # wrapped where the temporary folder's length puts it
    assert "No promises yet in" in words and "pk add" in words
    if pk.engine == "sqlite":
        assert str(pk.db) in shown.replace("\n", "")

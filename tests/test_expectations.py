"""What each customer expects (docs/feedback.md): standing expectations, said whenever a
promise is made to the customer or shown, kept by exports; on a team database set by a lead."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.teams import Team, add_promise


def test_expectations_are_said_with_every_promise(pk: Pk, tmp_path: Path) -> None:
    pk.ok("customer", "set", "Acme", "--new-customer")
    assert pk.ok("customer", "expect", "Acme").stdout == "Acme expects nothing in particular.\n"
    pk.ok("customer", "expect", "acme", "quotes in EUR")
    listed = pk.ok("customer", "expect", "Acme", "call before 10:00").stdout
    assert listed == "1. quotes in EUR\n2. call before 10:00\n"
    added = pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday").stdout
    assert "  Note: Acme expects: quotes in EUR; call before 10:00.\n" in added
    shown = pk.ok("promise", "show", "1").stdout.splitlines()
    assert shown[1] == "  Acme expects: quotes in EUR; call before 10:00"
    markdown = pk.ok("promise", "show", "1", "-f", "markdown").stdout
    assert "- **Acme expects:** quotes in EUR; call before 10:00\n" in markdown
    dump = tmp_path / "all.json"
    pk.ok("export", "--out", str(dump))
    assert '"expectations": ["quotes in EUR", "call before 10:00"]' in dump.read_text()
    fresh = Pk(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    fresh.ok("import", str(dump))
    assert fresh.ok("customer", "expect", "Acme").stdout == listed
    assert pk.ok("customer", "expect", "Acme", "--remove", "1").stdout == "1. call before 10:00\n"
    assert "expects" not in pk.ok("add", "Call", "--to", "Globex", "--by", "friday",
                                  "--new-customer").stdout  # fmt: skip


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["Acme", " "], "The expectation"),
        (["Acme", "--remove", "3"], "Acme has 1 expectation; --remove takes 1 to 1."),
        (["Acme", "x", "--remove", "1"], "Give an expectation to add, or --remove N, not both."),
        (["Nobody", "x"], 'No customer "Nobody"'),
    ],
)
def test_expectations_are_checked(pk: Pk, args: list[str], error: str) -> None:
    pk.ok("customer", "set", "Acme", "--new-customer")
    pk.ok("customer", "expect", "Acme", "quotes in EUR")
    before = pk.snapshot()
    refused = pk("customer", "expect", *args)
    assert refused.exit_code == 2 and error in refused.stderr
    assert refused.stderr.count("\n") == 1 and pk.snapshot() == before


@pytest.mark.postgres
def test_a_lead_sets_what_a_customer_expects(team: Team) -> None:
    alice, lena = team.members["alice"], team.members["lena"]
    add_promise(alice)
    refused = alice("customer", "expect", "Acme", "quotes in EUR")
    assert refused.exit_code != 0 and "lead" in refused.stderr
    lena.ok("customer", "expect", "Acme", "quotes in EUR")
    assert "Acme expects: quotes in EUR." in add_promise_echo(alice)


def add_promise_echo(member: Pk) -> str:
    return member.ok("add", "Another", "--to", "Acme", "--by", "friday").stdout

"""The member list without team.auth (docs/team.md): names match in any case, an owner must be
on the list once there is one, with the nearest name suggested; a hand-over is told once."""

from __future__ import annotations

import pytest
from tests.conftest import Pk


def test_no_list_accepts_any_owner(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--owner", "bne")
    assert pk.ok("team", "members").stdout.startswith("No member list")


def test_a_list_refuses_unknown_owners_with_the_nearest(pk: Pk) -> None:
    for name in ("ana", "ben", "Bob"):
        assert pk.ok("team", "add", name).stdout == f"Added {name} to the team.\n"
    assert pk.ok("team", "add", "BOB").stdout == "Bob is on the team already.\n"
    before = pk.snapshot()
    out = pk("add", "Quote", "--to", "Acme", "--by", "friday", "--owner", "bne")
    assert out.exit_code == 2
    assert out.stderr == (
        'Error: No team member "bne". Did you mean "ben"? `pk team members` lists them; '
        "`pk team add bne` adds one.\n"
    )
    assert pk.snapshot() == before
    out = pk("add", "Quote", "--to", "Acme", "--by", "friday", "--owner", "zoe")
    assert out.exit_code == 2 and "Did you mean" not in out.stderr
    # any case: stored as the list spells it
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--owner", "ANA")
    assert [p["owner"] for p in pk.ok("ls", "--all", "-f", "json").json()] == ["ana"]
    # your own name is always yours, and joins the list
    pk.ok("add", "Offer", "--to", "Acme", "--by", "friday")
    assert pk.ok("team", "members").stdout == "ana\nben\nBob\ndana\n"
    pk.ok("team", "remove", "ben")
    assert pk("team", "remove", "bne").stderr == 'Error: No team member "bne".\n'


@pytest.mark.parametrize("spelling", ["Ana", "ANA", " ana "])
def test_names_match_in_any_case(pk: Pk, spelling: str) -> None:
    pk.ok("team", "add", "ana")
    pk.ok("add", "Quote", "--to", "Acme", "--by", "tomorrow", PK_USER="ana")
    shown = pk.ok("due", PK_USER=spelling).stdout
    assert "Quote" in shown
    assert "Quote" in pk.ok("ls", "--owner", spelling).stdout
    pk.ok("keep", "1", PK_USER=spelling)
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "kept"


def test_a_hand_over_is_told_once_to_the_new_owner(pk: Pk) -> None:
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "tomorrow")
    pk.ok("promise", "edit", "1", "--owner", "sam")
    first = pk.ok("due", PK_USER="Sam")
    assert first.stdout.startswith("Handed to you: #1 Send the quote (Acme) by dana\n")
    assert "Handed to you" not in pk.ok("due", PK_USER="sam").stdout
    assert "Handed to you" not in pk.ok("due").stdout  # dana's own view never had it
    pk.ok("promise", "edit", "1", "--owner", "lee")
    data = pk.ok("due", "-f", "json", PK_USER="lee").json()
    assert data["handed_over"] == [{"id": 1, "what": "Send the quote", "customer": "Acme",
                                    "by": "dana"}]  # fmt: skip
    markdown = pk.ok("promise", "edit", "1", "--owner", "kim")
    assert markdown.exit_code == 0
    assert (
        "Handed to you: #1 Send the quote (Acme) by dana"
        in pk.ok("due", "-f", "markdown", PK_USER="kim").stdout
    )
    pk.ok("promise", "edit", "1", "--owner", "sam")
    assert "Handed to you" not in pk.ok("due", "--owner", "sam").stdout  # not sam looking
    assert "Handed to you" in pk.ok("due", PK_USER="sam").stdout


def test_member_list_changes_under_team_auth_are_the_databases(pk: Pk) -> None:
    if pk.engine != "postgresql":
        pytest.skip("team.auth applies to PostgreSQL")
    out = pk("team", "add", "ana", PK_TEAM_AUTH="database")
    assert out.exit_code == 2 and "pk db grant NAME" in out.stderr

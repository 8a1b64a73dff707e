"""What a new user ran into in a simulated week of daily use, one test each."""

from __future__ import annotations

import pytest
from tests.conftest import Pk


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


def test_several_ids_change_together_or_not_at_all(pk: Pk) -> None:
    for what in ("A", "B", "C", "D"):
        pk.ok("add", what, "--to", "Acme", "--by", "friday")
    kept = pk.ok("keep", "1", "#2").stdout
    assert "Kept #1" in kept and "Kept #2" in kept
    before = pk.snapshot()
    refused = pk("keep", "3", "2")  # #2 is kept already: neither changes
    assert refused.exit_code == 2 and "#2 is kept" in refused.stderr
    assert pk.snapshot() == before
    deleted = pk.ok("promise", "delete", "3", "4", "--yes").stdout
    assert deleted.count("Deleted #") == 2
    assert [p["id"] for p in pk.ok("ls", "-s", "all", "-f", "json").json()] == [1, 2]
    cancelled = pk.ok("promise", "reopen", "1", "2").stdout
    assert cancelled.count("Reopened #") == 2
    assert pk.ok("promise", "cancel", "1", "2").stdout.count("Cancelled #") == 2


def test_version(pk: Pk) -> None:
    for args in (("--version",), ("version",)):
        shown = pk.ok(*args).stdout
        assert shown.startswith("pk ") and "Python 3." in shown


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


def test_correcting_a_date_typed_wrong_is_not_a_slip(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", now="2026-11-23T09:00:00+00:00")
    done = pk.ok("promise", "edit", "1", "--by", "thursday", now="2026-11-23T09:40:00+00:00")
    assert "due Thu 26 Nov 17:00" in done.stdout and "corrected, not a slip" in done.stdout
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    thursday = "2026-11-26T17:00:00+00:00"
    assert (shown["due_at"], shown["baseline_due_at"], shown["original_due_at"]) == (
        thursday,
        thursday,
        thursday,
    )
    assert shown["slips"] == 0
    assert shown["history"][-1] == {
        "at": "2026-11-23T09:40:00+00:00",
        "kind": "corrected",
        "by": "dana",
        "from": "2026-11-27T17:00:00+00:00",
        "to": thursday,
    }
    late = pk("promise", "edit", "1", "--by", "friday", now="2026-11-23T10:01:00+00:00")
    assert late.exit_code == 2 and "more than an hour ago" in late.stderr
    assert "pk promise reschedule 1" in late.stderr
    pk.ok("add", "Other", "--to", "Acme", "--by", "friday", now="2026-11-23T09:00:00+00:00")
    pk.ok("promise", "note", "2", "Told them", "--contacted", now="2026-11-23T09:05:00+00:00")
    noted = pk("promise", "edit", "2", "--by", "thursday", now="2026-11-23T09:10:00+00:00")
    assert noted.exit_code == 2 and "contacted" in noted.stderr


def test_a_deleted_promise_still_shows_its_history(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    pk.ok("promise", "delete", "1", "--yes")
    shown = pk.ok("promise", "show", "1").stdout
    assert "deleted Mon 23 Nov 09:00 (was open)" in shown and "created, due" in shown
    data = pk.ok("promise", "show", "1", "-f", "json").json()
    assert data["deleted_at"] == "2026-11-23T09:00:00+00:00"
    assert data["history"][-1]["kind"] == "deleted"
    assert pk("keep", "1").exit_code == 2  # still gone for every change


def test_an_unknown_customer_suggests_the_near_one(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    refused = pk("ls", "-c", "Acm")
    assert refused.exit_code == 2 and 'No customer "Acm". Did you mean "Acme"?' in refused.stderr


@pytest.mark.parametrize(
    ("option", "label"),
    [("--week", "2026-W47"), ("--month", "2026-10"), ("--quarter", "2026-Q3")],
)
def test_last_period(pk: Pk, option: str, label: str) -> None:
    data = pk.ok("report", option, "last", "-f", "json").json()
    assert data["period"]["label"] == label


def test_an_empty_database_says_how_to_start_and_where_it_is(pk: Pk) -> None:
    shown = pk.ok("ls").stdout
    words = " ".join(shown.split())  # wrapped where the temporary folder's length puts it
    assert "No promises yet in" in words and "pk add" in words
    if pk.engine == "sqlite":
        assert str(pk.db) in shown.replace("\n", "")


def test_bash_completion_keeps_a_customer_name_with_spaces_one_word(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Globex Corporation", "--by", "friday")
    if pk.engine != "sqlite":
        pytest.skip("completion reads an existing SQLite file only")
    words = {"COMP_WORDS": "pk ls --customer Glo", "COMP_CWORD": "3"}
    bash = pk.sh(_PK_COMPLETE="complete_bash", **words)
    assert bash.stdout.splitlines() == ["Globex\\ Corporation"]
    zsh = pk.sh(_PK_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="pk ls --customer Glo")
    assert "Globex Corporation" in zsh.stdout  # zsh quotes what it inserts itself


def test_setting_the_user_says_when_pk_user_wins(pk: Pk) -> None:
    done = pk.ok("config", "set", "user", "bob")  # PK_USER=dana in the test environment
    assert "PK_USER is set in the environment and wins over this setting." in done.stderr


def test_id_completion_carries_the_promise_text_where_the_shell_shows_it(pk: Pk) -> None:
    if pk.engine != "sqlite":
        pytest.skip("completion reads an existing SQLite file only")
    pk.ok("add", "Send the revised quote", "--to", "Acme", "--by", "friday")
    zsh = pk.sh(_PK_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="pk keep ")
    assert '"1":"Send the revised quote"' in zsh.stdout
    bash = pk.sh(_PK_COMPLETE="complete_bash", COMP_WORDS="pk keep ", COMP_CWORD="2")
    assert bash.stdout.split() == ["1"]  # bash shows no descriptions


def test_a_period_that_has_only_begun_points_to_the_last_one(pk: Pk) -> None:
    shown = pk.ok("report", "--week").stdout  # Monday morning: nothing agreed for this week yet
    assert "This week has only begun: `pk report --week last` shows the one before." in shown
    assert "only begun" not in pk.ok("report", "--week", "2026-W40").stdout  # a past week

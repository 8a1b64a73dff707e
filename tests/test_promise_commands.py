"""The promise commands through the real CLI (in-process), checking whole outputs."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.conftest import Pk


def test_add_echoes_the_resolved_date_and_creates_the_customer(pk: Pk) -> None:
    out = pk.ok("promise", "add", "Send the revised quote", "--to", "Acme", "--by", "friday")
    assert out.stdout == (
        "Promised #1 to Acme — Send the revised quote\n"
        "  due Fri 27 Nov 17:00 · in 4 days\n"
        '  Note: New customer "Acme".\n'
    )
    again = pk.ok("add", "Call back", "--to", "acme", "--by", "tomorrow 10am")
    assert again.stdout == "Promised #2 to Acme — Call back\n  due Tue 24 Nov 10:00 · tomorrow\n"


def test_near_duplicate_customer_is_refused_with_a_suggestion(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme Corp", "--by", "friday")
    out = pk("add", "Call back about licences", "--to", "acme corp.", "--by", "friday")
    assert out.exit_code == 2
    assert out.stderr == (
        'Error: "acme corp." looks like the existing customer "Acme Corp". '
        'Use --to "Acme Corp", or --new-customer to create it.\n'
    )
    assert out.stdout == ""
    pk.ok("add", "Call back", "--to", "Acme Crop", "--by", "friday", "--new-customer")
    names = [c["customer"] for c in pk.ok("customer", "list", "-f", "json").json()]
    assert names == ["Acme Corp", "Acme Crop"]


def test_lifecycle_keep_break_cancel_reopen(pk: Pk) -> None:
    for what in ("A", "B", "C"):
        pk.ok("add", what, "--to", "Acme", "--by", "friday")
    kept = pk.ok("promise", "keep", "1", "--at", "today", "--note", "sent by mail")
    assert "kept Mon 23 Nov 09:00 · on time (agreed Fri 27 Nov 17:00)" in kept.stdout
    pk.ok("promise", "break", "2", "--reason", "supplier went bust")
    pk.ok("promise", "cancel", "3")
    listed = {p["id"]: p for p in pk.ok("ls", "--status", "all", "-f", "json").json()}
    assert [listed[i]["outcome"] for i in (1, 2, 3)] == ["kept_on_time", "broken", "cancelled"]
    assert listed[1]["kept_at"] == "2026-11-23T09:00:00+00:00"

    again = pk("promise", "keep", "1")
    assert again.exit_code == 2 and "pk promise reopen 1" in again.stderr
    pk.ok("promise", "reopen", "1")
    reopened = pk.ok("promise", "show", "1", "-f", "json").json()
    assert reopened["status"] == "open" and reopened["kept_at"] is None
    assert reopened["due_at"] == "2026-11-27T17:00:00+00:00"
    assert [e["kind"] for e in reopened["history"]] == ["created", "kept", "reopened"]
    assert reopened["history"][1]["note"] == "sent by mail"
    assert pk("promise", "reopen", "1").exit_code == 2


def test_break_needs_a_reason(pk: Pk) -> None:
    pk.ok("add", "A", "--to", "Acme", "--by", "friday")
    out = pk("promise", "break", "1")
    assert out.exit_code == 2 and out.stderr.startswith("Error: Missing option '--reason'")
    assert pk("promise", "break", "1", "--reason", "  ").exit_code == 2


def test_reschedule_rules(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")  # due Fri 27 Nov 17:00
    same = pk("promise", "reschedule", "1", "--by", "friday")
    assert same.exit_code == 2 and "already due then" in same.stderr
    past = pk("promise", "reschedule", "1", "--by", "2026-11-20")
    assert past.exit_code == 2 and "in the past" in past.stderr
    earlier = pk.ok("promise", "reschedule", "1", "--by", "thursday")
    assert "moved earlier (not a slip)" in earlier.stdout
    asked = pk.ok("slip", "1", "--by", "next friday", "--customer-asked")
    assert "agreed with the customer (not a slip) · agreed Fri 4 Dec 17:00" in asked.stdout
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert shown["slips"] == 0
    assert shown["baseline_due_at"] == shown["due_at"] == "2026-12-04T17:00:00+00:00"
    assert shown["original_due_at"] == "2026-11-27T17:00:00+00:00"


def test_customer_asked_after_the_agreed_date_warns(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "tomorrow")
    out = pk.ok("slip", "1", "--by", "friday", "--customer-asked", now="2026-11-25T09:00:00+00:00")
    assert "agreed date had already passed" in out.stdout


def test_note_edit_delete(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--tag", "Sales")
    pk.ok("promise", "note", "1", "Told Sam it lands Friday", "--contacted")
    pk.ok(
        "promise",
        "edit",
        "1",
        "--what",
        "Revised quote",
        "--owner",
        "sam",
        "--tag",
        "b",
        "--tag",
        "a",
    )
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert shown["what"] == "Revised quote" and shown["owner"] == "sam"
    assert shown["tags"] == ["a", "b"]
    assert shown["history"][1] == {
        "at": "2026-11-23T09:00:00+00:00",
        "kind": "contacted",
        "by": "dana",
        "text": "Told Sam it lands Friday",
    }
    assert shown["history"][2]["changes"] == {
        "owner": ["dana", "sam"],
        "tags": [["sales"], ["a", "b"]],
        "what": ["Quote", "Revised quote"],
    }
    assert pk.ok("ls", "-f", "json").json() == []  # now sam's, not dana's
    assert len(pk.ok("ls", "--owner", "sam", "-f", "json").json()) == 1

    refused = pk("promise", "delete", "1")  # no terminal to ask on
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    pk.ok("promise", "delete", "1", "--yes")
    assert pk.ok("ls", "--all", "--status", "all", "-f", "json").json() == []
    assert "deleted Mon 23 Nov 09:00" in pk.ok("promise", "show", "1").stdout  # history stays
    assert pk("promise", "keep", "1").exit_code == 2
    pk.ok("add", "Next", "--to", "Acme", "--by", "friday")
    assert pk.ok("ls", "-f", "json").json()[0]["id"] == 2  # ids are never reused


def test_list_filters(pk: Pk) -> None:
    pk.ok("add", "A", "--to", "Acme", "--by", "friday", "--tag", "urgent")
    pk.ok("add", "B", "--to", "Hooli", "--by", "tomorrow")
    pk.ok("add", "C", "--to", "Hooli", "--by", "2026-11-20", "--made", "2026-11-16")
    pk.ok("slip", "2", "--by", "friday")
    ids = lambda *a: [p["id"] for p in pk.ok("ls", *a, "-f", "json").json()]  # noqa: E731
    assert ids() == [3, 1, 2]
    assert ids("--customer", "hooli") == [3, 2]
    assert ids("--tag", "URGENT") == [1]
    assert ids("--overdue") == [3]
    assert ids("--slipping") == [2]
    assert pk("ls", "--customer", "Nobody").exit_code == 2
    assert pk("ls", "--owner", "sam", "--all").exit_code == 2


def test_mixed_offsets_sort_by_instant(pk: Pk) -> None:
    pk.ok("add", "A", "--to", "Acme", "--by", "2026-12-01 10:00+05:00")  # 05:00 UTC
    pk.ok("add", "B", "--to", "Acme", "--by", "2026-12-01 06:00+00:00")  # 06:00 UTC
    pk.ok("add", "C", "--to", "Acme", "--by", "2026-12-01 00:30-05:00")  # 05:30 UTC
    rows = pk.ok("ls", "-f", "json").json()
    assert [(r["what"], r["due_at"]) for r in rows] == [
        ("A", "2026-12-01T05:00:00+00:00"),
        ("C", "2026-12-01T05:30:00+00:00"),
        ("B", "2026-12-01T06:00:00+00:00"),
    ]


def test_add_refuses_a_past_date_unless_backdated_or_forced(pk: Pk) -> None:
    out = pk("add", "Old", "--to", "Acme", "--by", "2026-11-20")
    assert out.exit_code == 2 and "is in the past" in out.stderr
    made = pk.ok("add", "Old", "--to", "Acme", "--by", "2026-11-20", "--made", "2026-11-16")
    assert "3 days ago" in made.stdout
    pk.ok("add", "Old", "--to", "Acme", "--by", "2026-11-20", "--force", "--again")
    future = pk("add", "x", "--to", "Acme", "--by", "friday", "--made", "tomorrow")
    assert future.exit_code == 2 and "future" in future.stderr


def test_keep_at_validation(pk: Pk) -> None:
    pk.ok("add", "A", "--to", "Acme", "--by", "friday")
    assert "future" in pk("keep", "1", "--at", "tomorrow").stderr
    before = pk("keep", "1", "--at", "2026-11-20")
    assert before.exit_code == 2 and "before the promise was made" in before.stderr


def test_when(pk: Pk) -> None:
    out = pk.ok("when", "next", "friday", "10am")
    assert out.stdout.splitlines()[0] == "next friday 10am  →  Fri 4 Dec 10:00 · in 11 days"
    assert pk.ok("when", "friday", "-f", "json").json() == {
        "expression": "friday",
        "resolved": "2026-11-27T17:00:00+00:00",
    }
    assert pk.ok("when", "friday", "-f", "csv").stdout == (
        "expression,resolved\nfriday,2026-11-27T17:00:00+00:00\n"
    )
    if pk.engine == "sqlite":
        assert not pk.db.exists()  # nothing saved, no database touched


def test_config_roundtrip(pk: Pk) -> None:
    pk.ok("config", "set", "workday.end", "18:00")
    assert pk.ok("config", "get", "workday.end").stdout == "18:00\n"
    assert pk.ok("when", "friday", "-f", "json").json()["resolved"] == "2026-11-27T18:00:00+00:00"
    bad = pk("config", "set", "workday.end", "6pm")
    assert bad.exit_code == 2 and "24-hour" in bad.stderr
    assert pk("config", "set", "colour", "x").exit_code == 2
    pk.ok("config", "set", "timezone", "Europe/Berlin")
    assert pk.ok("when", "friday", "-f", "json").json()["resolved"] == "2026-11-27T17:00:00+00:00"
    pk.ok("config", "set", "date.order", "dmy")
    assert pk.ok("when", "01/02/2027", "-f", "json").json()["resolved"].startswith("2027-02-01")
    listed = pk.ok("config", "list", "-f", "json").json()
    assert listed["workday.end"] == "18:00" and listed["user"] == "dana"
    config = Path(pk.env["PK_CONFIG"])
    assert stat.S_IMODE(config.stat().st_mode) == 0o600  # it may hold a database URL
    pk.ok("config", "set", "db", "postgresql+psycopg://pk:secret@db.example/promises")
    shown = pk.ok("config", "list", "-f", "json", PK_DB="").json()
    assert shown["db"] == "postgresql+psycopg://pk:***@db.example/promises"
    pk.ok("config", "unset", "db")


def test_customer_rename_and_merge_keep_history(pk: Pk) -> None:
    pk.ok("add", "A", "--to", "Acme", "--by", "friday")
    pk.ok("add", "B", "--to", "ACME Corporation", "--by", "friday", "--new-customer")
    pk.ok("customer", "rename", "acme", "Acme Inc")
    clash = pk("customer", "rename", "Acme Inc", "acme corporation")
    assert clash.exit_code == 2 and "customer merge" in clash.stderr
    pk.ok("customer", "merge", "ACME Corporation", "Acme Inc")
    rows = pk.ok("ls", "-f", "json").json()
    assert {r["customer"] for r in rows} == {"Acme Inc"}
    history = pk.ok("promise", "show", "2", "-f", "json").json()["history"]
    assert history[-1]["changes"] == {"customer": ["ACME Corporation", "Acme Inc"]}
    assert [c["customer"] for c in pk.ok("customer", "list", "-f", "json").json()] == ["Acme Inc"]


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


def test_the_same_promise_twice_is_refused_unless_again(pk: Pk) -> None:
    """Same text (any case and spacing), customer and owner, open, due the same day: one line,
    exit 2, nothing written; --again records it; another day, another owner or a kept one is
    a different promise. Capture skips it with the reason."""
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    twice = pk("add", "send  the QUOTE", "--to", "acme", "--by", "friday 10am")
    assert twice.exit_code == 2 and pk.snapshot() == before
    assert twice.stderr == (
        "Error: You already promised this: #1 Send the quote (Acme), due Fri 27 Nov 17:00. "
        "Add --again to record a second one.\n"
    )
    assert pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday", "--again")
    assert pk.ok("add", "Send the quote", "--to", "Acme", "--by", "monday")
    assert pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday", "--owner", "sam")
    pk.ok("keep", "1")
    pk.ok("keep", "2")
    assert pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")  # the others kept
    note = "I'll send Acme the quote by Friday."
    assert "Promised #6" in pk.ok("capture", "--yes", input=note).stdout
    shown = pk.ok("capture", "--yes", input=note).stdout  # the same note pasted again
    assert "skipped: already recorded as #6 Send Acme the quote (Acme), due Fri 27 Nov" in shown
    assert "Promised" not in shown

"""``pk undo`` (docs/words.md, "Undo"): after undoing a change, every figure and view is what it
was before the change; the history keeps an ``undone`` event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Pk

T0 = "2026-11-23T09:00:00+00:00"
T1 = "2026-11-23T09:10:00+00:00"  # the change
T2 = "2026-11-23T09:20:00+00:00"  # the undo


def base(pk: Pk) -> None:
    """#1 open, #2 kept, #3 open with a rhythm, #4 waiting, two customers."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", now=T0)
    pk.ok("add", "Invoice", "--to", "Acme", "--by", "thursday", now=T0)
    pk.ok("add", "Plan", "--to", "Globex", "--by", "2026-12-04", "--update-every",
          "1 business day", now=T0)  # fmt: skip
    pk.ok("add", "Logs", "--to", "Globex", "--by", "2026-12-04", now=T0)
    pk.ok("keep", "2", now=T0)
    pk.ok("promise", "wait", "4", "--reason", "their logs", now=T0)


def views(pk: Pk) -> dict[str, Any]:
    """Every figure and view, without the histories (which keep the undone event)."""
    shown: dict[str, Any] = {}
    for number in (1, 2, 3, 4, 5):
        found = pk("promise", "show", str(number), "-f", "json", now=T2)
        if found.exit_code == 0:
            data = found.json()
            data.pop("history")
            shown[f"show {number}"] = data
    for args in (("ls", "--all", "-s", "all"), ("due", "--all"), ("customer", "list"),
                 ("report", "--all", "--by", "customer"), ("slips", "--all"),
                 ("escalations", "--all")):  # fmt: skip
        shown[" ".join(args)] = pk.ok(*args, "-f", "json", now=T2).json()
    shown["due table"] = pk.ok("due", "--all", now=T2).stdout
    return shown


CHANGES = {
    "keep": [("keep", "1")],
    "keep two": [("keep", "1", "3")],
    "break": [("promise", "break", "1", "--reason", "no")],
    "cancel": [("promise", "cancel", "3")],
    "reopen": [("promise", "reopen", "2")],
    "slip": [("slip", "1", "--by", "monday", "--reason", "late")],
    "customer asked": [("slip", "1", "--by", "monday", "--customer-asked")],
    "note": [("promise", "note", "1", "hello")],
    "contact": [("promise", "note", "3", "update sent", "--contacted")],
    "edit": [("promise", "edit", "1", "--what", "Revised quote", "--tag", "x")],
    "edit customer": [("promise", "edit", "1", "--to", "Globex")],
    "delete": [("promise", "delete", "1", "--yes")],
    "wait": [("promise", "wait", "1")],
    "resume": [("promise", "resume", "4")],
    "loop": [("promise", "loop", "3", "--every", "none")],
    "add": [("add", "New", "--to", "Initech", "--by", "friday", "--new-customer")],
    "merge": [("customer", "merge", "Globex", "Acme")],
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_undo_puts_every_figure_and_view_back(pk: Pk, name: str) -> None:
    base(pk)
    before = views(pk)
    for args in CHANGES[name]:
        pk.ok(*args, now=T1)
    assert views(pk) != before or name in ("note", "contact")  # notes show in history only
    undone = pk.ok("undo", now=T2).stdout
    assert undone.startswith("Undid ")
    after = views(pk)
    if name == "add":  # the taken-back promise is deleted (its history kept), #5 still unseen
        after.pop("show 5", None)
        assert "Initech" not in json.dumps(after["ls --all -s all"])
        after["customer list"] = [c for c in after["customer list"] if c["customer"] != "Initech"]
    assert after == before


def test_the_history_says_what_was_undone_and_undo_goes_back_one_change_at_a_time(pk: Pk) -> None:
    base(pk)
    pk.ok("slip", "1", "--by", "monday", now=T1)
    pk.ok("keep", "1", now="2026-11-23T09:11:00+00:00")
    pk.ok("undo", now=T2)
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "open"
    history = pk.ok("promise", "show", "1", "-f", "json").json()["history"]
    # History is never rewritten: the voided event stays in place, marked by what undid it.
    assert [(e["kind"], e.get("voided_by")) for e in history] == [
        ("created", None), ("rescheduled", None), ("kept", 4), ("undone", None)
    ]  # fmt: skip
    assert history[-1]["undid"] == "kept" and history[-1]["event_number"] == 3
    pk.ok("undo", now=T2)
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["slips"], shown["due_at"]) == (0, "2026-11-27T17:00:00+00:00")
    assert [e.get("voided_by") for e in shown["history"]] == [None, 5, 4, None, None]
    timeline = pk.ok("promise", "show", "1").stdout
    assert "undid event 2 (rescheduled)" in timeline
    assert "heads-up · undone (event 5)" in " ".join(timeline.split())


def test_undo_takes_back_only_your_own_recent_change(pk: Pk) -> None:
    base(pk)
    pk.ok("keep", "1", now=T1, PK_USER="sam")
    refused = pk("undo", now=T2)  # dana's last change was at T0: 20 minutes ago, still in time
    assert refused.exit_code == 0 and "Undid the wait" in refused.stdout
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "kept"  # sam's stays
    late = pk("undo", now="2026-11-23T10:00:00+00:00", PK_USER="sam")
    assert late.exit_code == 2 and "no change in the last 30 minutes" in late.stderr


def test_an_undone_change_survives_export_and_import(pk: Pk, tmp_path: Path) -> None:
    base(pk)
    pk.ok("slip", "1", "--by", "monday", now=T1)
    pk.ok("undo", now=T2)
    exported = pk.ok("export", now=T2).stdout
    file = tmp_path / "export.json"
    file.write_text(exported, encoding="utf-8")
    (tmp_path / "other").mkdir()
    other = Pk(tmp_path / "other")
    other.ok("import", str(file), now=T2)
    assert other.ok("export", now=T2).stdout == exported
    assert other.ok("promise", "show", "1", "-f", "json", now=T2).json()["slips"] == 0
    shown = " ".join(other.ok("promise", "show", "1", now=T2).stdout.split())
    assert "heads-up · undone (event 3)" in shown  # still marked undone after the move
    assert other.ok("db", "check", now=T2).exit_code == 0


def test_undo_takes_back_one_command_even_in_the_same_second(pk: Pk) -> None:
    """With a fixed clock, 20 notes are 20 commands: one undo takes back the last only; two
    commands of different kinds in one second are two changes; one command on several
    promises is one change."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    pk.ok("add", "Call", "--to", "Acme", "--by", "friday")
    for number in range(20):
        pk.ok("promise", "note", "1", f"note {number}")
    pk.ok("undo")
    history = pk.ok("promise", "show", "1", "-f", "json").json()["history"]
    voided = [e["text"] for e in history if e.get("voided_by")]
    assert voided == ["note 19"]
    pk.ok("keep", "1", "2")  # one command, two promises
    pk.ok("promise", "note", "1", "cron's note")
    pk.ok("undo")
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "kept"
    pk.ok("undo")
    assert [p["status"] for p in pk.ok("ls", "-f", "json").json()] == ["open", "open"]

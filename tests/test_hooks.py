"""``pk log`` and the on-change hook (docs/hooks.md)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Pk


def hook(pk: Pk, body: str) -> Path:
    folder = pk.home / "hooks"
    folder.mkdir(exist_ok=True)
    path = folder / "on-change"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return pk.home / "seen.jsonl"


def test_the_log_lists_every_change_in_order(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--note", "first")
    pk.ok("slip", "1", "--by", "monday", now="2026-11-24T09:00:00+00:00")
    pk.ok("undo", now="2026-11-24T09:05:00+00:00")
    lines = pk.ok("log", "-f", "jsonl", now="2026-11-24T10:00:00+00:00").stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert [(e["kind"], e["voided"]) for e in events] == [
        ("created", False), ("noted", False), ("rescheduled", True), ("undone", False)
    ]  # fmt: skip
    assert events[0]["what"] == "Quote" and events[0]["customer"] == "Acme"
    assert events[0]["due_at"] == "2026-11-27T17:00:00+00:00"
    table = pk.ok("log", now="2026-11-24T10:00:00+00:00").stdout
    assert "#1 Quote (Acme): created, due Fri 27 Nov 17:00 · by dana" in table
    assert "undone" in table
    later = pk.ok("log", "--since", "2026-11-24", "-f", "jsonl", now="2026-11-24T10:00:00+00:00")
    assert [json.loads(line)["kind"] for line in later.stdout.splitlines()] == [
        "rescheduled",
        "undone",
    ]


def test_the_hook_gets_each_committed_event(pk: Pk) -> None:
    seen = hook(pk, f'cat >> "{pk.home}/seen.jsonl"')
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    pk.ok("keep", "1")
    pk.ok("due")  # reads run no hook
    events = [json.loads(line) for line in seen.read_text().splitlines()]
    assert [(e["promise_id"], e["kind"], e["by"]) for e in events] == [
        (1, "created", "dana"),
        (1, "kept", "dana"),
    ]
    assert events[1]["kept_at"] == "2026-11-23T09:00:00+00:00"


def test_a_failing_hook_never_undoes_the_change(pk: Pk) -> None:
    hook(pk, "exit 3")
    done = pk.sh("add", "Quote", "--to", "Acme", "--by", "friday")
    assert done.exit_code == 0 and done.stdout.startswith("Promised #1")
    assert done.stderr.strip() == "Note: The on-change hook failed (exit 3); the change is saved."
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "open"


def test_a_slow_hook_is_stopped_and_the_change_stays(pk: Pk) -> None:
    hook(pk, "sleep 600")
    done = pk.sh("add", "Quote", "--to", "Acme", "--by", "friday", PK_HOOK_TIMEOUT="1")
    assert done.exit_code == 0
    assert "did not finish in 1 s and was stopped; the change is saved" in done.stderr
    assert pk.ok("promise", "show", "1", "-f", "json").json()["what"] == "Quote"


def test_a_hook_that_is_not_executable_is_reported(pk: Pk) -> None:
    hook(pk, "exit 0").parent.joinpath("hooks", "on-change").chmod(0o644)
    done = pk.sh("add", "Quote", "--to", "Acme", "--by", "friday")
    assert done.exit_code == 0 and "is not executable; it was not run" in done.stderr


def test_a_hook_time_limit_in_range_is_used(sqlite_pk: Pk) -> None:
    hook(sqlite_pk, "sleep 600")
    done = sqlite_pk.sh(
        "add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer", PK_HOOK_TIMEOUT="0.5"
    )
    assert done.exit_code == 0
    assert "did not finish in 0.5 s and was stopped; the change is saved" in done.stderr

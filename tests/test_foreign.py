"""Moving in from Taskwarrior and todo.txt (docs/formats.md). The Taskwarrior file is written by
the real `task` program (Debian's taskwarrior; .ci/run installs it); without it here, that
test skips with the reason, and in CI (PK_TEST_REQUIRE_TASKWARRIOR=1) it fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import Pk

NOW = "2026-11-26T09:00:00+00:00"


def task_export(folder: Path) -> Path:
    program = shutil.which("task")
    if program is None:
        problem = "Taskwarrior is not installed (Debian: apt-get install taskwarrior)"
        if os.environ.get("PK_TEST_REQUIRE_TASKWARRIOR") == "1":
            pytest.fail(f"PK_TEST_REQUIRE_TASKWARRIOR=1 but {problem}")
        pytest.skip(problem)
    data = folder / "taskdata"
    data.mkdir()
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=9.9.9\n")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data), "TZ": "UTC"}

    def task(*args: str) -> str:
        done = subprocess.run(
            [program, *args], env=env, capture_output=True, text=True, timeout=60, check=True
        )
        return done.stdout

    task("add", "Send the revised quote", "project:Acme", "due:2026-11-27T17:00", "+sales",
         "entry:2026-11-20T10:00")  # fmt: skip
    task("add", "Call back about licences", "project:Globex", "due:2026-11-24T12:00",
         "entry:2026-11-20T10:00")  # fmt: skip
    task("add", "Buy milk", "entry:2026-11-20T10:00")
    task("add", "Roadmap", "project:Hooli", "entry:2026-11-20T10:00")
    task("add", "Old thing", "project:Acme", "due:2026-11-20T12:00", "entry:2026-11-19T10:00")
    task("1", "annotate", "Sam wants it in EUR")
    task("2", "done", "end:2026-11-23T11:00")
    task("5", "delete")
    exported = folder / "tasks.json"
    exported.write_text(task("export"))
    return exported


def test_a_taskwarrior_export_moves_in(pk: Pk, tmp_path: Path) -> None:
    exported = task_export(tmp_path)
    dry = pk.ok("import", str(exported), "--dry-run", now=NOW).stdout
    assert dry.startswith("Would import 2 promises (2 new customers).")
    assert "Dry run: nothing was written." in dry
    assert pk.ok("ls", "-s", "all", "-f", "json", now=NOW).json() == []
    done = pk.ok("import", str(exported), now=NOW).stdout
    assert done.startswith("Imported 2 promises (2 new customers).")
    assert '"Buy milk": no customer' in done  # (Taskwarrior renumbers its ids)
    assert '"Roadmap": no due date' in done
    assert '"Old thing": deleted in Taskwarrior' in done
    rows = {p["what"]: p for p in pk.ok("ls", "-s", "all", "-f", "json", now=NOW).json()}
    quote, call = rows["Send the revised quote"], rows["Call back about licences"]
    assert (quote["customer"], quote["due_at"], quote["tags"], quote["status"]) == (
        "Acme",
        "2026-11-27T17:00:00+00:00",
        ["sales"],
        "open",
    )
    assert quote["made_at"] == "2026-11-20T10:00:00+00:00"
    assert (call["status"], call["kept_at"], call["outcome"]) == (
        "kept",
        "2026-11-23T11:00:00+00:00",
        "kept_on_time",  # done a day before it was due
    )
    history = pk.ok("promise", "show", str(quote["id"]), "-f", "json", now=NOW).json()["history"]
    assert [(e["kind"], e.get("text")) for e in history][-1] == ("noted", "Sam wants it in EUR")
    again = pk.ok("import", str(exported), now=NOW).stdout
    assert again.startswith("Imported 0 promises.") and "2 rows already there" in again


def test_the_customer_can_come_from_a_tag(pk: Pk, tmp_path: Path) -> None:
    file = tmp_path / "tasks.json"
    file.write_text(
        '[{"description": "Quote", "due": "20261127T170000Z", "status": "pending",'
        ' "tags": ["c-Initech", "urgent"], "uuid": "a"}]'
    )
    pk.ok("import", str(file), "--customer-from", "tag:c-", now=NOW)
    promise = pk.ok("ls", "-f", "json", now=NOW).json()[0]
    assert (promise["customer"], promise["tags"]) == ("Initech", ["urgent"])
    refused = pk("import", str(file), "--customer-from", "owner", now=NOW)
    assert refused.exit_code == 2 and "--customer-from takes project" in refused.stderr


def test_a_todo_txt_file_moves_in(pk: Pk, tmp_path: Path) -> None:
    file = tmp_path / "todo.txt"
    file.write_text(
        "(A) 2026-11-20 Send the revised quote +Acme @email due:2026-11-27\n"
        "x 2026-11-25 2026-11-18 Call back about licences +Globex_Corp due:2026-11-24\n"
        "Buy milk @errands\n"
        "2026-11-19 Roadmap preview +Hooli\n"
    )
    done = pk.ok("import", str(file), now=NOW).stdout
    assert done.startswith("Imported 2 promises (2 new customers).")
    assert 'line 3 "Buy milk @errands": no customer' in done
    assert "line 4" in done and "no due:YYYY-MM-DD" in done
    rows = {p["what"]: p for p in pk.ok("ls", "-s", "all", "-f", "json", now=NOW).json()}
    quote = rows["Send the revised quote"]
    assert (quote["customer"], quote["due_at"], quote["tags"]) == (
        "Acme",
        "2026-11-27T17:00:00+00:00",
        ["email"],
    )
    call = rows["Call back about licences"]
    assert (call["customer"], call["status"], call["outcome"]) == (
        "Globex Corp",
        "kept",
        "kept_late",
    )
    assert pk.ok("import", str(file), now=NOW).stdout.startswith("Imported 0 promises.")


def test_a_file_that_is_no_taskwarrior_export_is_one_line(pk: Pk, tmp_path: Path) -> None:
    file = tmp_path / "tasks.json"
    file.write_text("[not json")
    refused = pk("import", str(file), "--format", "taskwarrior", now=NOW)
    assert refused.exit_code == 2 and "is not a Taskwarrior export" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1

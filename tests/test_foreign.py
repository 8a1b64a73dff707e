"""Moving in from Taskwarrior and todo.txt (docs/formats.md). The Taskwarrior file is written by
the real `task` program (Debian's taskwarrior; .ci/run installs it); without it here, that
test skips with the reason, and in CI (PK_TEST_REQUIRE_TASKWARRIOR=1) it fails."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import program

NOW = "2026-11-26T09:00:00+00:00"


def taskwarrior(folder: Path) -> Callable[..., str]:
    """The real ``task`` program on its own data in ``folder``."""
    found = program("task", "taskwarrior", "PK_TEST_REQUIRE_TASKWARRIOR")
    data = folder / "taskdata"
    data.mkdir()
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=9.9.9\n")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data), "TZ": "UTC"}

    def task(*args: str) -> str:
        done = subprocess.run(
            [found, *args], env=env, capture_output=True, text=True, timeout=60, check=True
        )
        return done.stdout

    return task


def task_export(folder: Path) -> Path:
    task = taskwarrior(folder)
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


def test_a_task_exported_again_is_the_same_promise(pk: Pk, tmp_path: Path) -> None:
    """The uuid is a task's identity: an unchanged re-export is already there, in either of
    Taskwarrior's layouts; a changed one is listed to change in pk, never added twice."""
    task = taskwarrior(tmp_path)
    task("add", "Send the quote", "project:Acme", "due:2026-11-27T17:00")
    task("add", "Call back", "project:Acme", "due:2026-11-30T12:00")
    array, lines = tmp_path / "tasks.json", tmp_path / "lines.json"
    array.write_text(task("export"))
    lines.write_text(task("rc.json.array=off", "export"))
    assert lines.read_text().startswith("{")  # one object per line
    assert pk.ok("import", str(array), now=NOW).stdout.startswith("Imported 2 promises")
    for again in (array, lines):
        out = pk.ok("import", str(again), now=NOW).stdout
        assert out.startswith("Imported 0 promises.") and "2 rows already there" in out
    task("1", "modify", "due:2026-12-04T17:00", "description:Send the revised quote")
    edited = tmp_path / "edited.json"
    edited.write_text(task("export"))
    out = pk.ok("import", str(edited), now=NOW).stdout
    assert out.startswith("Imported 0 promises.") and "1 row already there" in out
    assert "imported before as #1; its text and its due date (Fri 4 Dec 17:00 in the file)" in out
    assert len(pk.ok("ls", "-s", "all", "-f", "json", now=NOW).json()) == 2


def test_two_tasks_with_one_uuid_are_one_problem(pk: Pk, tmp_path: Path) -> None:
    file = tmp_path / "tasks.json"
    task = {"description": "Quote", "due": "20261127T170000Z", "status": "pending",
            "project": "Acme", "uuid": "2fc1dd3f-6661-4958-b120-b6c1f907522b"}  # fmt: skip
    other = {**task, "description": "Call", "uuid": "11111111-6661-4958-b120-b6c1f907522b"}
    file.write_text(json.dumps([task, other, {**task, "description": "Quote v2"}]))
    out = pk.ok("import", str(file), now=NOW).stdout
    assert out.startswith("Imported 1 promise (1 new customer).")
    assert "tasks 1 and 3 have the same uuid 2fc1dd3f-6661-4958-b120-b6c1f907522b" in out
    assert [p["what"] for p in pk.ok("ls", "-f", "json", now=NOW).json()] == ["Call"]


@pytest.mark.parametrize("due", ["99991231T170000Z", "18000101T120000Z"])
def test_a_task_outside_the_times_pk_keeps_is_skipped(pk: Pk, tmp_path: Path, due: str) -> None:
    file = tmp_path / "tasks.json"
    file.write_text(json.dumps([{"description": "Far", "due": due, "status": "pending",
                                 "project": "Acme", "uuid": "u1"}]))  # fmt: skip
    out = pk.ok("import", str(file), now=NOW).stdout
    assert out.startswith("Imported 0 promises.")
    assert f'due "{due}" is outside the times pk keeps' in out


def test_text_with_a_nul_is_never_stored(pk: Pk, tmp_path: Path) -> None:
    """The one text rule, for the paths that could bring a NUL: Taskwarrior descriptions and
    annotations, todo.txt lines (the same on both engines: PostgreSQL refuses NUL outright)."""
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps([
        {"description": "Quo\u0000te", "due": "20261127T170000Z", "project": "Acme"},
        {"description": "Call", "due": "20261127T170000Z", "project": "Acme",
         "annotations": [{"entry": "20261120T100000Z", "description": "a\u0000b"}]},
    ]))  # fmt: skip
    out = pk.ok("import", str(tasks), now=NOW).stdout
    assert out.startswith("Imported 0 promises.") and out.count("holds a NUL character") == 2
    todo = tmp_path / "todo.txt"
    todo.write_bytes(b"Send the\x00 quote +Acme due:2026-11-27\n")
    out = pk.ok("import", str(todo), now=NOW).stdout
    assert out.startswith("Imported 0 promises.") and "holds a NUL character" in out
    assert pk.ok("ls", "-s", "all", "-f", "json", now=NOW).json() == []


def test_a_deeply_nested_taskwarrior_file_is_one_line(pk: Pk, tmp_path: Path) -> None:
    """The same depth limit as a pk export (which refused it already): no RecursionError."""
    for depth in (40, 100_000):
        file = tmp_path / f"deep{depth}.json"
        file.write_text("[" * depth + "]" * depth)
        refused = pk("import", str(file), now=NOW)
        assert refused.exit_code == 2, refused.stderr
        assert "nested too deeply (more than 32 levels)" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1


def test_a_compact_export_on_one_long_line_is_read_whole(pk: Pk, tmp_path: Path) -> None:
    """The 16 MB line limit is for files read line by line; a pk export written on one line
    (by jq -c, say) is read whole, as any JSON layout but pk's own is."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", now=NOW)
    exported = pk.ok("export", now=NOW).stdout
    compact = tmp_path / "compact.json"
    compact.write_text(json.dumps(json.loads(exported), separators=(",", ":")))
    (tmp_path / "other").mkdir()
    other = Pk(tmp_path / "other")
    assert other.ok("import", str(compact), now=NOW).stdout.startswith("Imported 1 promise")

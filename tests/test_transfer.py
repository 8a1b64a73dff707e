"""``pk export`` / ``pk import``: lossless round trips, all-or-nothing imports, per-row errors."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import BUG, one_line, run

ROOT = Path(__file__).parent.parent


def tricky(pk: Pk) -> None:
    pk.ok(
        "add",
        "Zoë's [bold]quote[/] 🎉",
        "--to",
        "Café \x1b[31mNoir",
        "--by",
        "friday",
        "--tag",
        "a",
        "--tag",
        "b",
    )
    pk.ok("add", "=cmd|' /C calc'!A0", "--to", "Acme", "--by", "2026-12-31 23:59")
    pk.ok("add", "gone", "--to", "Acme", "--by", "friday")
    pk.ok("slip", "1", "--by", "next friday", "--reason", "line\nbreak")
    pk.ok("keep", "2", "--note", "done")
    pk.ok("promise", "reopen", "2")
    pk.ok("promise", "delete", "3", "--yes")


@pytest.mark.slow
def test_demo_data_round_trips_byte_identical(sqlite_pk: Pk, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "TMPDIR": str(tmp_path),
        "NO_COLOR": "1",
    }
    demo = subprocess.run(
        ["bash", str(ROOT / "examples" / "demo.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr
    assert "$ pk due" in demo.stdout and "Kept-rate trend" in demo.stdout
    database = re.search(r"Database: (\S+)", demo.stdout)
    assert database is not None
    # the hint to explore it: one setting a line (a narrow terminal breaks none in two), which
    # a shell takes as pasted
    hint = demo.stdout.split("To explore it, paste:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.count("=") for line in hint.splitlines()] == [1, 1, 1], hint
    pasted = subprocess.run(
        ["bash", "-c", hint + '\necho "$PK_DB|$PK_NOW|$TZ"'], capture_output=True, text=True
    ).stdout.strip()
    assert pasted == f"{database.group(1)}|2026-11-23T09:00:00+01:00|Europe/Berlin"
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    sqlite_pk.ok("export", "--out", str(first), PK_DB=database.group(1))
    sqlite_pk.ok("import", str(first), PK_DB=str(tmp_path / "restored.db"))
    sqlite_pk.ok("export", "--out", str(second), PK_DB=str(tmp_path / "restored.db"))
    assert first.read_bytes() == second.read_bytes()
    assert len(json.loads(first.read_text())["promises"]) >= 30


def test_json_round_trip_keeps_everything(pk: Pk, tmp_path: Path) -> None:
    tricky(pk)
    exported = pk.ok("export").stdout
    data = json.loads(exported)
    assert [p["id"] for p in data["promises"]] == [1, 2, 3]
    assert data["promises"][2]["deleted_at"] == "2026-11-23T09:00:00+00:00"
    assert data["promises"][0]["customer"] == "Café \x1b[31mNoir"
    assert "\x1b" not in exported  # escaped as \u001b: lossless and terminal-safe
    restored = tmp_path / "restored.db"
    source = tmp_path / "export.json"
    source.write_text(exported)
    out = pk.ok("import", str(source), PK_DB=str(restored))
    assert out.stdout == "Imported 3 promises (2 new customers).\n"
    assert pk.ok("export", PK_DB=str(restored)).stdout == exported
    new = pk.ok("add", "after", "--to", "Acme", "--by", "friday", PK_DB=str(restored))
    assert new.stdout.startswith("Promised #4 ")  # ids continue after the restored ones


def test_json_restore_needs_an_empty_database(pk: Pk, tmp_path: Path) -> None:
    tricky(pk)
    source = tmp_path / "export.json"
    source.write_text(pk.ok("export").stdout)
    before = pk.snapshot()
    out = pk("import", str(source))
    assert out.exit_code == 2 and "empty database only" in out.stderr
    assert pk.snapshot() == before


def test_export_file_is_private_and_atomic(pk: Pk, tmp_path: Path) -> None:
    tricky(pk)
    target = tmp_path / "out.csv"
    out = pk.ok("export", "-f", "csv", "-o", str(target))
    assert out.stdout == "" and f"Exported 2 promises to {target}" in out.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    rows = target.read_text().splitlines()
    assert rows[0].startswith("id,what,customer,owner,status,tags")
    # A file keeps the exact text (a terminal would show \x1b instead).
    assert rows[1].startswith("1,Zoë's [bold]quote[/] 🎉,Café \x1b[31mNoir,dana,open,a;b,")
    assert rows[2].startswith("2,'=cmd|' /C calc'!A0,Acme,")  # formula defused
    missing = pk("export", "-o", str(tmp_path / "nope" / "x.json"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    # Found by hypothesis: a name too long for the file system is a clear error, not a bug.
    too_long = pk("export", "-o", str(tmp_path / ("x" * 300)))
    assert too_long.exit_code == 2
    assert too_long.stderr == (
        f"Error: Cannot use {tmp_path / ('x' * 300)} for the export: File name too long.\n"
    )


GOOD_CSV = (
    "\ufeffWhat,Customer,Owner,made_at,due_at,status,kept_at,tags\n"
    "Send the quote,Acme,sam,2026-11-02,2026-11-06,kept,2026-11-05 15:00,sales;urgent\n"
    '"Multi-line\nnote, with comma",Hooli,,2026-11-02,2026-11-30 12:00,open,,\n'
    "'=SUM(A1),Acme,,,2026-11-10,broken,,\n"
    "\n"
    "Cancelled one,Globex,,2026-11-01T09:00+01:00,2026-11-20,cancelled,,\n"
)


def test_csv_import(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    out = pk.ok("import", str(source))
    assert out.stdout == "Imported 4 promises (3 new customers).\n"
    rows = {p["id"]: p for p in pk.ok("ls", "--all", "--status", "all", "-f", "json").json()}
    assert rows[1]["owner"] == "sam" and rows[1]["tags"] == ["sales", "urgent"]
    assert (
        rows[1]["outcome"] == "kept_on_time" and rows[1]["kept_at"] == "2026-11-05T15:00:00+00:00"
    )
    assert rows[2]["what"] == "Multi-line\nnote, with comma" and rows[2]["owner"] == "dana"
    assert rows[2]["due_at"] == "2026-11-30T12:00:00+00:00"
    assert rows[3]["what"] == "=SUM(A1)" and rows[3]["status"] == "broken"
    assert rows[3]["made_at"] == "2026-11-10T17:00:00+00:00"  # no made_at: the due date
    assert rows[4]["made_at"] == "2026-11-01T08:00:00+00:00"
    history = pk.ok("promise", "show", "1", "-f", "json").json()["history"]
    assert [e["kind"] for e in history] == ["created", "kept"] and history[0]["imported"] is True


def test_exported_csv_imports_back(pk: Pk, tmp_path: Path) -> None:
    tricky(pk)
    source = tmp_path / "e.csv"
    source.write_text(pk.ok("export", "-f", "csv").stdout)
    other = str(tmp_path / "other.db")
    out = pk.ok("import", str(source), PK_DB=other)
    assert out.stdout.startswith("Imported 2 promises")
    whats = [p["what"] for p in pk.ok("ls", "--all", "-f", "json", PK_DB=other).json()]
    assert "=cmd|' /C calc'!A0" in whats


BAD_CSV = [
    (
        "duplicate-header",
        "what,customer,due_at,what\nx,Acme,friday,y\n",
        ['column "what" appears twice (columns 1 and 4)'],
    ),
    (
        "missing-header",
        "what,customer\nx,Acme\n",
        [
            "missing column: due_at (the columns are what, customer, owner, made_at, due_at, "
            "status, kept_at, tags, direction, plan_b)"
        ],
    ),
    (
        "ragged",
        "what,customer,due_at\nx,Acme,friday\ny,Acme\nz,Acme,friday,extra\n",
        ["row 3: has 2 cells; the header has 3", "row 4: has 4 cells; the header has 3"],
    ),
    ("nul-byte", "what,customer,due_at\nx\x00y,Acme,friday\n", ["line 2: contains a NUL byte"]),
    (
        "huge-field",
        "what,customer,due_at\n" + "x" * 100_000 + ",Acme,friday\n",
        ["row 2: what is longer than 5000 characters"],
    ),
    (
        "bad-values",
        "what,customer,due_at,status,kept_at\n"
        ",Acme,friday,open,\nx,Acme,someday,open,\nx,Acme,friday,done,\nx,Acme,friday,kept,\n",
        [
            "row 2: what cannot be empty",
            'row 3: due_at: Can\'t read the date "someday"',
            'row 4: status "done" is not one of open, unanswered, kept, broken, cancelled,'
            " declined",
            "row 5: status is kept but kept_at is empty",
        ],
    ),
    (
        "multi-line-rows-keep-numbers",
        'what,customer,due_at\n"a\nb",Acme,friday\nx,Acme,nope\n',
        ['row 4: due_at: Can\'t read the date "nope"'],
    ),
]


@pytest.mark.parametrize(("name", "content", "problems"), BAD_CSV, ids=[b[0] for b in BAD_CSV])
def test_bad_csv_is_refused_whole(
    pk: Pk, tmp_path: Path, name: str, content: str, problems: list[str]
) -> None:
    pk.ok("add", "existing", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    source = tmp_path / f"{name}.csv"
    source.write_text(content, encoding="utf-8")
    out = pk.sh("import", str(source))
    assert out.exit_code == 2, out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert lines[0].startswith("Error: ") and "nothing was imported" in lines[0]
    assert [line.strip() for line in lines[1:]] == problems
    assert pk.snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"what,customer,due_at\nx,Caf\xe9,friday\n", "is not UTF-8 text (byte 0xe9 on line 2)"),
        (b"", "is empty"),
        (b'{"promisekeeper_export": 1, "promises": [', "is not valid JSON"),
        (b'{"something": "else"}', "is not a pk export"),
    ],
)
def test_unreadable_files(pk: Pk, tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "in.dat"
    source.write_bytes(content)
    out = pk.sh("import", str(source))
    assert out.exit_code == 2 and message in out.stderr and out.stderr.count("\n") == 1
    assert pk("import", str(tmp_path / "missing.csv")).exit_code == 2


def test_bad_json_export_lists_problems(pk: Pk, tmp_path: Path) -> None:
    tricky(pk)
    data = json.loads(pk.ok("export").stdout)
    data["promises"][0]["due_at"] = "soon"
    data["promises"][1]["id"] = 1
    source = tmp_path / "broken.json"
    source.write_text(json.dumps(data))
    out = pk.sh("import", str(source), PK_DB=str(tmp_path / "new.db"))
    assert out.exit_code == 2
    assert out.stderr.splitlines()[1:] == [
        "  promise 1: due_at must be an ISO 8601 time, not 'soon'",
        "  promise 2: id 1 appears twice",
    ]


def test_json_import_reads_pk_layout_line_by_line_and_any_other_whole(
    sqlite_pk: Pk, tmp_path: Path
) -> None:
    """pk's own layout (one item per line) is streamed; the same data laid out otherwise
    (re-indented by another tool) is read whole; both restore the same promises, and a broken
    line is named."""
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Call back", "--to", "Hooli", "--by", "tomorrow")
    exported = pk.ok("export").stdout
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(exported), indent=4))
    lines = tmp_path / "lines.json"
    lines.write_text(exported)
    for source in (lines, pretty):
        target = tmp_path / f"{source.stem}.db"
        pk.ok("import", str(source), PK_DB=str(target))
        assert pk.ok("export", PK_DB=str(target)).stdout == exported
    broken = tmp_path / "broken.json"
    broken.write_text(exported.replace('"what": "Call back"', '"what": "Call back'))
    out = pk("import", str(broken), PK_DB=str(tmp_path / "broken.db"))
    assert out.exit_code == 2 and "broken.json is not valid JSON (line" in out.stderr


def many_rows_csv(path: Path, rows: int) -> Path:
    lines = ["what,customer,due_at"]
    lines += [f"Promise {i},Customer {i % 3},2026-12-{1 + i % 28:02d}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_csv_rows_written_are_the_rows_checked(tmp_path: Path) -> None:
    """A CSV file is read once: the checked rows wait in a private temporary file until they are
    written, so a file that changes meanwhile changes nothing, and memory stays flat."""
    from datetime import UTC, datetime

    from promisekeeper.config import load_settings
    from promisekeeper.domain.imports import CsvImport

    source = many_rows_csv(tmp_path / "p.csv", 50)
    settings = load_settings(str(tmp_path / "pk.db"))._replace(
        now=datetime(2026, 11, 23, tzinfo=UTC)
    )
    reading = CsvImport(source, settings, "p.csv")
    reading.check()
    assert reading.count == 50 and len(reading.customers) == 3
    with source.open("a") as handle:
        handle.write("Sneaked in,Customer 1,2026-12-24\n")
    rows = list(reading.rows())
    assert [r["what"] for r in rows] == [f"Promise {i}" for i in range(50)]
    assert [r["row"] for r in rows] == list(range(2, 52))  # line numbers, after the header
    with pytest.raises(ValueError, match="once"):
        list(reading.rows())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["import", "{csv}", "--new-customer"], "Importing"),
        (["import", "{json}"], "Importing"),
        (["export", "--out", "{out}"], "Exporting"),
        (["export", "-f", "csv", "--out", "{out}"], "Exporting"),
    ],
)
def test_long_transfers_show_a_progress_bar_on_a_terminal(
    sqlite_pk: Pk, tmp_path: Path, command: list[str], shown: str
) -> None:
    """A bar on stderr, on a terminal only (PK_PROGRESS_AFTER=0 stands for "it has run over a
    second", so that the test does not depend on this machine's speed), removed at the end."""
    pk = sqlite_pk
    source = many_rows_csv(tmp_path / "p.csv", 3000)
    pk.ok("import", str(source), "--new-customer")
    pk.ok("export", "--out", str(tmp_path / "e.json"))
    args = [
        a.replace("{csv}", str(source))
        .replace("{json}", str(tmp_path / "e.json"))
        .replace("{out}", str(tmp_path / "out"))
        for a in command
    ]
    runs = iter(range(3))

    def fresh() -> None:
        """Each run starts as the first: no output file, and an import gets an empty database."""
        (tmp_path / "out").unlink(missing_ok=True)
        if command[0] == "import":
            pk.env["PK_DB"] = str(tmp_path / f"fresh-{next(runs)}.db")

    fresh()
    on_terminal = pk.on_terminal(*args, PK_PROGRESS_AFTER="0")
    assert shown in on_terminal and "100%" in on_terminal, on_terminal
    assert "Error" not in on_terminal
    fresh()
    piped = pk.sh(*args, PK_PROGRESS_AFTER="0")
    assert piped.exit_code == 0, piped.stderr
    assert shown not in piped.stderr
    fresh()
    assert shown not in pk.on_terminal(*args, PK_PROGRESS_AFTER="3600")


def test_export_to_the_terminal_shows_no_bar(pk: Pk, tmp_path: Path) -> None:
    pk.ok("import", str(many_rows_csv(tmp_path / "p.csv", 50)), "--new-customer")
    assert "Exporting" not in pk.on_terminal("export", PK_PROGRESS_AFTER="0")


HOSTILE_IMPORTS = {
    "huge int": (lambda d: d["promises"][0].update(id=10**30), "id must be a whole number"),
    "huge slips": (lambda d: d["promises"][0].update(slips=10**30), "slips must be a whole"),
    "id true": (lambda d: d["promises"][0].update(id=True), "id must be a whole number"),
    "promises not a list": (lambda d: d.update(promises={"a": 1}), "promises must be a list"),
    "customer a string": (lambda d: d["customers"].__setitem__(0, "Acme"), "must be an object"),
    "promise a list": (lambda d: d["promises"].__setitem__(0, [1]), "must be an object"),
    "lone surrogate": (lambda d: d["promises"][0].update(what="\ud800x"), "what must be"),
    "deep nesting": (lambda d: d["promises"][0].update(tags=[[[[[]]]]]), "tags must be a list"),
    "out of range time": (
        lambda d: d["promises"][0].update(due_at="0001-01-01T00:00:00+05:00"),
        "due_at is out of range",
    ),
    "year 9999": (
        lambda d: d["promises"][0].update(due_at="9999-12-31T23:00:00+00:00"),
        "outside the times pk keeps",
    ),
    "kept without kept_at": (
        lambda d: d["promises"][1].update(kept_at=None),
        "status is kept but kept_at is null",
    ),
    "event time a number": (
        lambda d: d["promises"][0]["history"][0].update(at=1700000000),
        "history event 1 at must be an ISO 8601 time",
    ),
    "event time null": (
        lambda d: d["promises"][1]["history"][1].update(at=None),
        "history event 2 at must be an ISO 8601 time",
    ),
    "tags a string": (lambda d: d["promises"][0].update(tags="a,b"), "tags must be a list"),
    "tags a dict": (lambda d: d["promises"][0].update(tags={"a": 1}), "tags must be a list"),
    "no created event": (
        lambda d: d["promises"][1].update(history=d["promises"][1]["history"][1:]),
        "history must start with its one created event",
    ),
    "event with a wrong detail": (
        lambda d: d["promises"][1]["history"][1].update(kept_at=5),
        "history event 2 kept_at must be an ISO 8601 time",
    ),
}


def export_of(pk: Pk) -> dict[str, object]:
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Call back", "--to", "Acme", "--by", "tomorrow")
    pk.ok("keep", "2")
    data: dict[str, object] = json.loads(pk.ok("export").stdout)
    return data


NEAR_CSV = "what,customer,due_at\na,Acme,2026-12-01\nb,acme.,2026-12-01\nc,Acme\u200b,2026-12-01\n"


@pytest.mark.slow
@pytest.mark.parametrize("case", list(HOSTILE_IMPORTS), ids=list(HOSTILE_IMPORTS))
def test_hostile_json_imports_are_refused_whole(sqlite_pk: Pk, tmp_path: Path, case: str) -> None:
    data = export_of(sqlite_pk)
    change, message = HOSTILE_IMPORTS[case]
    change(data)
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(data))
    empty = str(tmp_path / "empty.db")
    done = run(sqlite_pk, "import", str(source), PK_DB=empty)
    assert done.returncode == 2 and BUG not in done.stderr, done.stderr
    assert message in done.stderr, done.stderr
    assert run(sqlite_pk, "ls", "--all", "--status", "all", PK_DB=empty).stdout.startswith("No ")


def test_deeply_nested_json_is_refused(sqlite_pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text(
        '{"promisekeeper_export": 1, "promises": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    one_line(run(sqlite_pk, "import", str(source)), 2, "nested too deeply")


def test_db_check_applies_the_import_rules(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("keep", "1")
    assert run(pk, "db", "check").returncode == 0
    with sqlite3.connect(pk.db) as connection:  # what a buggy tool or a hand edit could leave
        connection.execute("UPDATE promise SET kept_at = NULL, tags = 'x'")
    done = run(pk, "db", "check")
    assert done.returncode == 1
    assert "promise #1: status is kept but kept_at is null" in done.stderr


def test_csv_import_applies_the_near_customer_rule(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "near.csv"
    source.write_text(NEAR_CSV)
    pk.ok("due")  # the database exists: its bytes must not change
    before = pk.snapshot()
    out = pk("import", str(source))
    assert out.exit_code == 2 and 'row 3: customer "acme." looks like "Acme"' in out.stderr
    assert pk.snapshot() == before
    source.write_text(NEAR_CSV.replace("b,acme.,2026-12-01\n", ""))
    pk.ok("import", str(source))
    assert [c["customer"] for c in pk.ok("customer", "list", "-f", "json").json()] == ["Acme"]
    source.write_text("what,customer,due_at\nd,Acme Logistics,2026-12-01\n")
    assert pk("import", str(source)).exit_code == 2
    pk.ok("import", str(source), "--new-customer")


def test_csv_reimport_adds_nothing_and_dry_run_writes_nothing(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "what,customer,due_at,made_at\n"
        "Send the quote,Acme,2026-12-01,\n"
        "Call back,Hooli,2026-12-02,2026-11-20\n"
    )
    pk.ok("due")
    before = pk.snapshot()
    dry = pk.ok("import", str(source), "--dry-run")
    assert dry.stdout.startswith("Would import 2 promises (2 new customers).")
    assert pk.snapshot() == before
    pk.ok("import", str(source))
    again = pk.ok("import", str(source), now="2026-11-25T09:00:00+00:00")
    assert again.stdout.startswith("Imported 0 promises.")
    assert "2 rows already there, skipped (rows 2, 3)." in again.stdout
    assert len(pk.ok("ls", "--all", "-f", "json").json()) == 2


def test_json_import_dry_run_writes_nothing(pk: Pk, tmp_path: Path) -> None:
    export_of(pk)
    source = tmp_path / "all.json"
    source.write_text(pk.ok("export").stdout)
    fresh = tmp_path / "fresh.db"
    env = {"PK_DB": str(fresh)} if pk.engine == "sqlite" else {}
    if pk.engine == "sqlite":
        pk.ok("due", **env)
        before = fresh.read_bytes()
        dry = pk.ok("import", str(source), "--dry-run", **env)
        assert dry.stdout.startswith("Would import 2 promises (1 new customer).")
        assert fresh.read_bytes() == before
    else:
        out = pk("import", str(source), "--dry-run")
        assert out.exit_code == 2 and "empty database only" in out.stderr


def test_csv_round_trip_gives_back_the_exact_text(pk: Pk, tmp_path: Path) -> None:
    texts = ["two\nlines", "typed \\n backslash-n", "'quoted", "''twice", "=1+2", "@at", "tab\tin"]
    for text in texts:
        pk.ok("add", text, "--to", "Acme", "--by", "friday")
    target = tmp_path / "out.csv"
    pk.ok("export", "-f", "csv", "--out", str(target))
    fresh = Pk(tmp_path / "other") if pk.engine == "sqlite" else None
    if fresh is not None:
        (tmp_path / "other").mkdir()
        fresh.ok("import", str(target))
        assert [p["what"] for p in fresh.ok("ls", "--all", "-f", "json").json()] == texts
    else:
        out = pk.ok("import", str(target))
        assert "7 rows already there" in out.stdout  # read back equal to what is stored


def test_csv_kept_before_due_without_made_at(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "kept.csv"
    source.write_text(
        "what,customer,due_at,status,kept_at\nEarly,Acme,2026-11-20,kept,2026-11-18\n"
    )
    pk.ok("import", str(source))
    (promise,) = pk.ok("ls", "--all", "--status", "all", "-f", "json").json()
    assert promise["made_at"] == "2026-11-18T17:00:00+00:00"
    assert promise["outcome"] == "kept_on_time"

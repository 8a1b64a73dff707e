"""The files pk writes (exports, calendars, backups, settings): never over what they must not
replace (the database, through links or other names), devices and pipes written to, folders
refused, full disks reported, private modes under any umask (docs/reliability.md)."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.conftest import NOW, Pk
from tests.helpers import HOSTILE, RAW, one_line, run


def limited(max_bytes: int) -> object:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_never_overwrites_the_database(sqlite_pk: Pk, suffix: str, fmt: str) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    before = pk.db.read_bytes()
    done = run(pk, "export", "-f", fmt, "--out", f"{pk.db}{suffix}")
    one_line(done, 2, "is the database pk is using")
    assert pk.db.read_bytes() == before
    assert pk.ok("ls").stdout.count("Send the quote") == 1


def test_output_targets_reached_through_links_or_other_names(sqlite_pk: Pk) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    link = pk.home / "link.db"
    link.symlink_to(pk.db)
    one_line(run(pk, "export", "--out", str(link)), 2, "is the database pk is using")
    dotted = f"{pk.home}/../{pk.home.name}/pk.db"
    one_line(run(pk, "export", "--out", dotted), 2, "is the database pk is using")
    one_line(run(pk, "db", "backup", f"{pk.db}-wal"), 2, "is the database pk is using")
    assert not Path(f"{pk.db}-wal").exists() or Path(f"{pk.db}-wal").stat().st_size == 0


def test_devices_and_fifos_are_written_to_not_replaced(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    done = run(pk, "export", "--out", str(device))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(device.stat().st_mode)  # still the device, not a file renamed over it
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run(pk, "export", "-f", "csv", "--out", str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"Send the quote" in received[0]


@pytest.mark.parametrize("target", [".", "..", "folder"])
def test_folders_are_input_errors(sqlite_pk: Pk, tmp_path: Path, target: str) -> None:
    pk = sqlite_pk
    (tmp_path / "folder").mkdir(exist_ok=True)
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    for args in (["export", "--out", target], ["db", "backup", target]):
        done = subprocess.run(
            [sys.executable, "-m", "promisekeeper", *args],
            env={**os.environ, **pk.env},
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        one_line(done, 2, "folder" if args[0] == "export" else "")


def test_db_or_config_naming_a_fifo_does_not_hang(sqlite_pk: Pk, tmp_path: Path) -> None:
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    done = run(sqlite_pk, "due", PK_DB=str(fifo))  # run() gives up after 60 s: a hang fails
    one_line(done, 2, "is not a regular file")
    one_line(run(sqlite_pk, "due", PK_CONFIG=str(fifo)), 2, "is not a regular file")
    one_line(run(sqlite_pk, "config", "set", "user", "x", PK_CONFIG=str(fifo)), 2, "regular")


def test_json_and_csv_files_keep_the_exact_text(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    pk.ok("add", "Quote", "--to", HOSTILE, "--by", "friday", "--new-customer")
    pk.ok("export", "--out", str(tmp_path / "e.json"))
    pk.ok("export", "-f", "csv", "--out", str(tmp_path / "e.csv"))
    data = json.loads((tmp_path / "e.json").read_text())
    assert data["promises"][0]["customer"] == HOSTILE
    assert not RAW.search((tmp_path / "e.json").read_text())  # escaped, still lossless
    assert HOSTILE in (tmp_path / "e.csv").read_text()


def test_backup_and_config_on_a_full_disk(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    for n in range(40):
        pk.ok("add", f"promise {n} " + "y" * 2000, "--to", "Acme", "--by", "friday")
    env = {**os.environ, **pk.env}
    backup = tmp_path / "backup.db"
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "db", "backup", str(backup)],
        env={**env, "PK_BUSY_TIMEOUT_MS": "60000"},
        capture_output=True,
        text=True,
        preexec_fn=limited(pk.db.stat().st_size // 2),  # type: ignore[arg-type]
        timeout=60,
    )
    one_line(done, 1, f"Cannot write the backup {backup}")
    assert not backup.exists()
    config = Path(pk.env["PK_CONFIG"])
    config.write_text('user = "dana"\n' + "# padding\n" * 50)
    before = config.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "config", "set", "workday.end", "18:00"],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limited(10),  # type: ignore[arg-type]
        timeout=60,
    )
    one_line(done, 1, f"Cannot write the config file {config}")
    assert config.read_bytes() == before
    assert [p.name for p in config.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_private_folders_under_umask_000(sqlite_pk: Pk, tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PK_"))}
    env.update(HOME=str(home), PK_NOW=NOW, PK_USER="dana", TZ="UTC")
    for args in (["add", "x", "--to", "Acme", "--by", "friday"], ["config", "set", "user", "dana"]):
        done = subprocess.run(
            [sys.executable, "-m", "promisekeeper", *args],
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=lambda: os.umask(0),
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    created = [
        home / ".local",
        home / ".local/share",
        home / ".local/share/promisekeeper",
        home / ".config",
        home / ".config/promisekeeper",
    ]
    assert {str(p): stat.S_IMODE(p.stat().st_mode) for p in created} == {
        str(p): 0o700 for p in created
    }
    database = home / ".local/share/promisekeeper/pk.db"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    database.chmod(0o644)
    done = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "due"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stderr.startswith("Warning: the database") and "chmod 600" in done.stderr
    assert done.stderr.count("\n") == 1

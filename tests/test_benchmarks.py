"""The benchmark's own tools keep working as the code under them changes: `make bench` generates
its databases with ``benchmarks/generate.py`` (through the JSON restore path of ``pk import``),
and a broken generator would only show on the next benchmark run."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_generator_makes_a_database_pk_checks_clean(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    made = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--promises", "300", "--db",
         str(db)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("300 promises in ")
    env = {**os.environ, "PK_DB": str(db), "PK_CONFIG": str(tmp_path / "none.toml")}
    checked = subprocess.run(
        [sys.executable, "-m", "promisekeeper", "db", "check"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM promise").fetchone() == (300,)
        events = connection.execute("SELECT count(*) FROM event").fetchone()[0]
    assert events >= 300  # every promise has at least the event that made it

"""Helpers the tests of several features share."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import Pk


def run(pk: Pk, *args: str | bytes, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "promisekeeper", *args],
        env={**os.environ, **pk.env, **env},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def one_line(done: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert done.returncode == code, done.stderr
    assert BUG not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: "), done.stderr
    assert text in done.stderr, done.stderr


BUG = "This is a bug in pk"


def one_error(done: object, *words: str) -> str:
    """The single ``Error:`` line of a refused command, which names ``words``."""
    stderr = done.stderr  # type: ignore[attr-defined]
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert "bug in pk" not in lines[0] and "Traceback" not in stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


HOSTILE = "Acme\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202e\u2066\u2028\x9b31m"


RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def matches_golden(shown: str, golden: Path) -> None:
    """``shown`` is the golden file's text (PK_UPDATE_GOLDEN=1 writes it again first)."""
    if os.environ.get("PK_UPDATE_GOLDEN"):
        golden.write_text(shown)
    assert shown == golden.read_text()


def program(name: str, package: str, required: str) -> str:
    """The path of an outside program the test drives (Taskwarrior, khal); without it the test
    skips with the reason, or fails when the environment variable ``required`` is 1 (CI)."""
    import shutil

    import pytest

    found = shutil.which(name)
    if found is None:
        problem = f"{name} is not installed (Debian: apt-get install {package})"
        if os.environ.get(required) == "1":
            pytest.fail(f"{required}=1 but {problem}")
        pytest.skip(problem)
    return found

"""examples/team.md, step by step, against the PostgreSQL server (examples/team-check.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.postgres
@pytest.mark.slow
def test_team_guide_works(pg_server: str, tmp_path: Path, server_roles: None) -> None:
    for tool in ("psql", "pg_dump", "pg_restore", "createdb"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (PostgreSQL client tools)")
    host = pg_server.split("@", 1)[1].split(":", 1)[0].split("/", 1)[0]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PGHOST": host,
        "TMPDIR": str(tmp_path),
        "TEAM_CHECK_SUFFIX": f"t{os.getpid()}",
    }
    for key in ("PK_DB", "PK_USER", "PK_CONFIG"):
        env.pop(key, None)
    done = subprocess.run(
        ["bash", str(ROOT / "examples" / "team-check.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("team.md: every step worked")

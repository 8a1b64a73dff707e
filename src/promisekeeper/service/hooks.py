"""On-change hooks (docs/hooks.md): an executable ``on-change`` in the ``hooks`` folder beside
the config file gets the events a command committed, one JSON object per line on stdin, once the
command is done. The change is saved before the hook runs: a hook that fails or takes longer
than its time limit (``PK_HOOK_TIMEOUT`` seconds, 10 unless set) is stopped and reported in one
line, and the change stays."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

# The events committed by this process and not yet handed to the hook.
PENDING: list[tuple[int, datetime, str, str, Mapping[str, Any] | str]] = []


def hook_path() -> Path:
    from promisekeeper.config import config_path

    return config_path().parent / "hooks" / "on-change"


def event_lines(events: list[tuple[int, datetime, str, str, Mapping[str, Any] | str]]) -> str:
    """The events as JSON lines: ``{"promise_id", "at", "kind", "by", ...details}``."""
    import json

    from promisekeeper.dates import to_utc_iso

    lines = []
    for promise_id, at, kind, by, data in events:
        details = json.loads(data) if isinstance(data, str) else dict(data)
        lines.append(
            json.dumps(
                {"promise_id": promise_id, "at": to_utc_iso(at), "kind": kind, "by": by, **details},
                ensure_ascii=False,
                sort_keys=False,
            )
        )
    return "\n".join(lines) + "\n"


def run_pending() -> str | None:
    """Hand the pending events to the hook, if there is one; one line saying what went wrong,
    or None."""
    events, PENDING[:] = list(PENDING), []
    path = hook_path()
    if not events or not path.is_file():
        return None
    if not os.access(path, os.X_OK):
        return f"The on-change hook {path} is not executable; it was not run."
    import subprocess  # only when there is a hook to run

    from promisekeeper.config import HOOK_TIMEOUT, env_number

    limit = env_number(HOOK_TIMEOUT)  # checked when the command started, before it wrote
    try:
        process = subprocess.Popen(
            [str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its children are stopped with it
        )
    except OSError as exc:
        return f"The on-change hook {path} could not start ({exc.strerror}); the change is saved."
    try:
        process.communicate(event_lines(events).encode("utf-8"), timeout=limit)
    except subprocess.TimeoutExpired:
        import signal

        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return (
            f"The on-change hook did not finish in {limit:g} s and was stopped; "
            "the change is saved."
        )
    except BrokenPipeError:
        process.wait()
    if process.returncode != 0:
        return f"The on-change hook failed (exit {process.returncode}); the change is saved."
    return None

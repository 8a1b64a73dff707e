"""``pk ics`` read by a real calendar client, khal (which, like most calendar apps subscribing
to a file, shows events and ignores tasks): the default feed shows every open promise at its
deadline; a slip moves it. Without khal the test skips with the reason, and in CI
(PK_TEST_REQUIRE_KHAL=1) it fails."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Pk
from tests.helpers import program

CONFIG = """[calendars]
[[promises]]
path = {vdir}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
"""


def khal(folder: Path) -> Callable[..., str]:
    """The real ``khal`` on a calendar of its own in ``folder``."""
    found = program("khal", "khal", "PK_TEST_REQUIRE_KHAL")
    vdir = folder / "calendar"
    vdir.mkdir()
    config = folder / "khal.conf"
    config.write_text(CONFIG.format(vdir=vdir))
    env = {**os.environ, "TZ": "UTC", "HOME": str(folder)}

    def run(*args: str) -> str:
        done = subprocess.run(
            [found, "-c", str(config), *args],
            env=env, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return done.stdout

    return run


def test_khal_shows_the_default_feed(pk: Pk, tmp_path: Path) -> None:
    run = khal(tmp_path)
    pk.ok("add", "Send the quote", "--to", "Acme", "--by", "friday")
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    feed = tmp_path / "promises.ics"
    pk.ok("ics", "--out", str(feed))
    run("import", "--batch", "-a", "promises", str(feed))
    shown = run("list", "2026-11-23", "2026-11-30")
    assert "09:30-10:00 Globex: Call back" in shown  # the half hour ending at the deadline
    assert "16:30-17:00 Acme: Send the quote" in shown
    # a slip moves the event: importing the new feed replaces it (the same UID)
    pk.ok("slip", "2", "--by", "wednesday 2pm")
    pk.ok("ics", "--out", str(feed))
    run("import", "--batch", "-a", "promises", str(feed))
    moved = run("list", "2026-11-23", "2026-11-30")
    assert "13:30-14:00 Globex: Call back" in moved and "09:30-10:00" not in moved


def test_khal_ignores_tasks(pk: Pk, tmp_path: Path) -> None:
    """Why tasks are not the default: khal shows nothing of them."""
    run = khal(tmp_path)
    pk.ok("add", "Call back", "--to", "Globex", "--by", "tomorrow 10am")
    feed = tmp_path / "tasks.ics"
    pk.ok("ics", "--tasks", "--out", str(feed))
    run("import", "--batch", "-a", "promises", str(feed))
    assert "Call back" not in run("list", "2026-11-23", "2026-11-30")

"""``pk away list``: every absence recorded (docs/owed.md, "Cover while away")."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from promisekeeper.domain.away import Absence


class AwayList(NamedTuple):
    rows: list[Absence]
    now: datetime

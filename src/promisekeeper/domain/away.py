"""An owner's absence and who covers (docs/owed.md, "Cover while away")."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class Absence(NamedTuple):
    id: int
    owner: str
    cover: str
    starts_at: datetime  # the first day's start, local
    ends_at: datetime  # the day after the last day's start, local: the window is [starts, ends)
    set_by: str
    set_at: datetime
    handed_at: datetime | None  # when the owner's open promises due then went to the cover
    ended_at: datetime | None  # when the still-open ones came back (or it was called off)


class AwayChange(NamedTuple):
    """What ``pk away`` did: the absence, the promises handed over or back now."""

    absence: Absence
    handed: list[tuple[int, str]]  # (id, what) handed to the cover now
    back: list[tuple[int, str]]  # (id, what) handed back now
    said: str  # "Set", "Ended"

"""Results of ``pk config``."""

from __future__ import annotations

from typing import NamedTuple


class Setting(NamedTuple):
    name: str
    value: str | None  # as it may be printed (no password)
    source: str
    meaning: str


class SettingList(NamedTuple):
    rows: list[Setting]
    path: str  # the config file

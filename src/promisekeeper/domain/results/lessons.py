"""The result of ``pk lessons``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from promisekeeper.domain.lessons import CauseCount


class LessonReport(NamedTuple):
    """The causes of a period's slips and breaks, worst first, with their lessons; per
    customer or owner with ``by``."""

    label: str
    title: str
    start: datetime
    end: datetime
    slips: int
    breaks: int
    causes: list[CauseCount]
    by: str | None = None
    groups: tuple[tuple[str, list[CauseCount]], ...] = ()

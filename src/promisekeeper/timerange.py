"""The times pk keeps (docs/dates.md): every entrance — typed dates, ``PK_NOW``, imports, report
periods, and every date pk computes (business time, a resumed wait, a standard) — refuses an
instant outside [EARLIEST, LATEST), so that no stored time can overflow when it is shown in any
zone or moved by any rule. Defined once, below the date grammar and the calendar that use it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from promisekeeper.errors import BadDate

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
LAST_DAY = date(2999, 12, 31)
RANGE_TEXT = "1900-01-01 to 2999-12-31 (UTC)"


def in_range(moment: datetime) -> bool:
    return EARLIEST <= moment < LATEST


def check_range(moment: datetime, what: str) -> datetime:
    """``moment`` if pk can keep it; else ``BadDate`` naming ``what`` and the range."""
    if not in_range(moment):
        raise BadDate(f"{what} is outside the times pk keeps ({RANGE_TEXT}).")
    return moment

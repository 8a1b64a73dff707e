"""Calibration (docs/words.md): what an owner's record says of the date being promised."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.domain.calibration import WINDOW, Calibration, Closed, Wanted
from promisekeeper.service import Scope, reading, working_time
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.domain.results.calibration import CalibrationReport
    from promisekeeper.store import Reader


def closed_of(reader: Reader, settings: Settings, owner: str) -> list[Closed]:
    """``owner``'s most recently closed promises (``WINDOW``), as calibration reads them: how
    late each was kept is counted only for the late ones, in its customer's working time."""
    from promisekeeper.domain.calibration import late_days
    from promisekeeper.domain.rules import kept_on_time

    found = []
    for row in queries.recently_closed(reader, owner, WINDOW):
        on_time = kept_on_time(row.kept_at, row.baseline_due_at)  # as the kept-rate judges
        late = None
        if row.kept_at is not None:
            working = working_time(settings, row.zone, row.calendar)
            late = late_days(
                on_time, row.kept_at, row.baseline_due_at, working.hours_between,
                settings.day_hours,
            )  # fmt: skip
        found.append(
            Closed(
                row.id,
                row.owner,
                row.standard,
                row.tags[0] if row.tags else None,
                row.customer,
                on_time,
                late,
            )
        )
    return found


def note_for(
    reader: Reader,
    settings: Settings,
    owner: str,
    wanted: Wanted,
    due_at: datetime,
    zone: str | None,
    calendar: str | None,
) -> str | None:
    """The note ``pk add`` says for a promise due ``due_at`` (None when the owner's reference
    class holds fewer than eight closed promises): one indexed read of the owner's record."""
    from promisekeeper.display import short_day
    from promisekeeper.domain.calibration import note, reference_class

    found = reference_class(wanted, closed_of(reader, settings, owner))
    if found is None:
        return None
    would_be = None
    if found.p80_extra_business_days:
        working = working_time(settings, zone, calendar)
        later = working.add_hours(due_at, found.p80_extra_business_days * settings.day_hours)
        where = working.zone
        would_be = short_day(later.astimezone(where).date())
    return note(found, would_be)


def calibration(settings: Settings, scope: Scope) -> CalibrationReport:
    """``pk calibration``: every reference class of the owner (or of everyone) and what it
    says (docs/words.md, "Calibration")."""
    from promisekeeper.domain.calibration import every_class
    from promisekeeper.domain.results.calibration import CalibrationReport

    with reading(settings) as reader:
        owners = [scope.owner] if scope.owner is not None else queries.owners_with_closed(reader)
        closed = [c for owner in owners for c in closed_of(reader, settings, owner)]
    classes: list[Calibration] = every_class(closed)
    return CalibrationReport(scope.owner, settings.now, tuple(classes))

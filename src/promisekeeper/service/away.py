"""Cover while away (docs/owed.md, "Cover while away"): an owner's open promises due in the
absence go to the cover when it begins, and the still-open ones come back when it ends — at the
first command after either moment (``service.settle_aways``), or ``pk away --end``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain.away import Absence, AwayChange
from promisekeeper.domain.results.away import AwayList
from promisekeeper.errors import InputError
from promisekeeper.service import hand_back, hand_over, reading, whole_seconds, writing
from promisekeeper.store import queries

if TYPE_CHECKING:
    pass


def _day(settings: Settings, typed: str) -> date:
    """The local day ``typed`` names."""
    return (
        dates.resolve(typed, settings.now, settings.date_settings).at.astimezone(settings.tz).date()
    )


def _midnight(settings: Settings, day: date) -> datetime:
    return dates.at_wall_time(day, time(0, 0), settings.tz).at


def set_away(
    settings: Settings, *, start: str, end: str, cover: str, owner: str | None
) -> AwayChange:
    """Record that ``owner`` (you) is away from the day ``start`` to the day ``end``, both
    included, and that ``cover`` keeps their promises meanwhile; hand them over now if the
    absence has begun."""
    from promisekeeper.domain.team import is_actor
    from promisekeeper.service.team import owner_named

    # from the first day's start to the next day's after the last, counted in local days (a
    # clock change in between makes a day 23 or 25 hours, never moves the last one)
    starts = _midnight(settings, _day(settings, start))
    ends = _midnight(settings, _day(settings, end) + timedelta(days=1))
    if ends <= starts:
        raise InputError("--to is before --from: an absence ends on or after the day it begins.")
    if ends <= settings.now:
        raise InputError("That absence is over already: give days from today on.")
    with writing(settings) as changes:
        away_owner = owner_named(changes, settings, owner or settings.user)
        actor = changes.actor
        if actor.enforced and not actor.lead and not is_actor(actor, away_owner):
            raise InputError(
                f"Only {away_owner} or a lead can set {away_owner}'s cover; you are {actor.name}."
            )
        taker = owner_named(changes, settings, cover)
        if taker == away_owner:
            raise InputError(f"{taker} cannot cover for themselves: name someone else.")
        for other in queries.aways(changes.db, away_owner, open_only=True):
            if other.starts_at < ends and starts < other.ends_at:
                raise InputError(
                    f"{away_owner} is away already from {_shown(settings, other.starts_at)} to "
                    f"{_shown(settings, other.ends_at - timedelta(days=1))} (covered by "
                    f"{other.cover}): `pk away --end` ends it first."
                )
        now = whole_seconds(settings.now)
        away_id = changes.add_away(away_owner, taker, starts, ends, settings.by, now)
        absence = Absence(away_id, away_owner, taker, starts, ends, settings.by, now, None, None)
        handed: list[tuple[int, str]] = []
        if starts <= settings.now:
            absence, handed = hand_over(changes, settings, absence)
    return AwayChange(absence, handed, [], "Set")


def end_away(settings: Settings, owner: str | None) -> AwayChange:
    """End ``owner``'s absence now (the one under way, else the next): the still-open
    promises go back."""
    from promisekeeper.domain.team import is_actor
    from promisekeeper.service.team import owner_named

    with writing(settings) as changes:
        away_owner = owner_named(changes, settings, owner or settings.user)
        found = queries.aways(changes.db, away_owner, open_only=True)
        if not found:
            raise InputError(f"{away_owner} is not away; nothing to end.")
        absence = found[0]
        actor = changes.actor
        if (
            actor.enforced
            and not actor.lead
            and not (is_actor(actor, absence.owner) or is_actor(actor, absence.cover))
        ):
            raise InputError(
                f"Only {absence.owner}, {absence.cover} or a lead can end this absence."
            )
        absence, back = hand_back(changes, settings, absence)
    return AwayChange(absence, [], back, "Ended")


def list_away(settings: Settings, owner: str | None) -> AwayList:
    with reading(settings) as reader:
        return AwayList(queries.aways(reader, owner), settings.now)


def _shown(settings: Settings, moment: datetime) -> str:
    from promisekeeper.display import short_day

    return short_day(moment.astimezone(settings.tz).date())

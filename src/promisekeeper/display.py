"""Dates as people read them: ``Fri 27 Nov 17:00 · in 4 days`` (docs/dates.md, "The echo").

Kept apart from the date grammar (``dates``): showing a date needs none of the parsing, and
the views import only this.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def format_day_time(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """``Fri 27 Nov 17:00``; the year is added when it is not this year."""
    local = moment.astimezone(tz)
    year = f" {local.year}" if local.year != now.astimezone(tz).year else ""
    return f"{local:%a} {local.day} {local:%b}{year} {local:%H:%M}"


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def distance(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """``in 4 days``, ``tomorrow``, ``in 3 h 20 min``, ``3 days ago`` (docs/dates.md)."""
    delta = moment - now
    if abs(delta) < timedelta(days=1):
        if abs(delta) < timedelta(minutes=1):
            return "now"
        return f"in {_span(delta)}" if delta > timedelta(0) else f"{_span(delta)} ago"
    days = (moment.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def lateness(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """How late an overdue deadline is: ``16 h late``, ``5 days late``."""
    delta = now - moment
    if delta < timedelta(days=1):
        return f"{_span(delta)} late"
    days = (now.astimezone(tz).date() - moment.astimezone(tz).date()).days
    return f"{days} day late" if days == 1 else f"{days} days late"


def describe(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """The echo after every command that takes a date: ``Fri 27 Nov 17:00 · in 4 days``."""
    return f"{format_day_time(moment, now, tz)} · {distance(moment, now, tz)}"


def place(zone: tzinfo) -> str:
    """How a zone is named beside a time: the city of its IANA name (``Berlin``, ``New York``)."""
    key = getattr(zone, "key", None) or str(zone)
    return key.rsplit("/", 1)[-1].replace("_", " ")


def also_here(moment: datetime, tz: tzinfo, theirs: tzinfo) -> str | None:
    """``11:00 here`` (``Sat 28 Nov 01:00 here`` on another day) when the customer's wall time
    at ``moment`` differs from ours; None when it is the same."""
    ours, there = moment.astimezone(tz), moment.astimezone(theirs)
    if ours.replace(tzinfo=None) == there.replace(tzinfo=None):
        return None
    if ours.date() == there.date():
        return f"{ours:%H:%M} here"
    return f"{short_day(ours.date())} {ours:%H:%M} here"


def format_for(moment: datetime, now: datetime, tz: tzinfo, theirs: tzinfo | None) -> str:
    """``Fri 27 Nov 17:00 Berlin (11:00 here)`` for a customer in another zone: their time
    first, as they were told it; else ``format_day_time``."""
    here = also_here(moment, tz, theirs) if theirs is not None else None
    if theirs is None or here is None:
        return format_day_time(moment, now, tz)
    return f"{format_day_time(moment, now, theirs)} {place(theirs)} ({here})"


# What a promise without a date (a request not answered yet, or said no to) shows for it.
NO_DATE = "no date yet"


def deadline(moment: datetime | None, now: datetime, tz: tzinfo, zone: str | None) -> str:
    """A promise's date (due, agreed, first promised, a standard's) as its customer was told
    it: in the customer's own zone ``zone``, named, with ours beside (``format_for``); in ours
    when the customer has none. Times of what we did (kept, noted) are ours, unnamed."""
    if moment is None:
        return NO_DATE
    if not zone:
        return format_day_time(moment, now, tz)
    from zoneinfo import ZoneInfo

    return format_for(moment, now, tz, ZoneInfo(zone))  # checked when it was set


def describe_for(moment: datetime | None, now: datetime, tz: tzinfo, theirs: tzinfo | None) -> str:
    """The echo for a customer's deadline: ``Fri 27 Nov 17:00 Berlin (11:00 here) · in 2 days``."""
    if moment is None:
        return NO_DATE
    return f"{format_for(moment, now, tz, theirs)} · {distance(moment, now, tz)}"


def business_span(hours: float, day_hours: float) -> str:
    """Business time in words: ``2 business days``, ``1.5 business days`` from a working day
    up, ``3 business hours`` or ``45 business min`` below (``day_hours``: a working day)."""
    if hours >= day_hours:
        days = round(hours / day_hours, 1)
        shown = f"{days:g}"
        return f"{shown} business day" + ("" if shown == "1" else "s")
    if hours >= 1:
        shown = f"{round(hours, 1):g}"
        return f"{shown} business hour" + ("" if shown == "1" else "s")
    return f"{round(hours * 60)} business min"

"""Recurring promises: the rule of a series and its next date (docs/owed.md, "Recurring
promises").

A rule names days ("week", "2 weeks", "month", "month on the 5th", "monday", "quarter", "last
business day of the month"); ``dateutil.rrule`` lists them from the series' first due day. A
day that falls on a closed day (a weekend, a public holiday, a closed date of the calendar)
moves to the open day before it: a promise is kept before the office closes, not after it
reopens. The next occurrence after one is the first rule day that lands, so moved, after it.
A rule whose days are all closed ("saturday" with a Monday–Friday week) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.calendar import Calendar

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_PATTERNS = (
    ("week", re.compile(r"(?:(\d{1,2}) )?weeks?")),
    ("month", re.compile(r"(?:(\d{1,2}) )?months?(?: on the " + _ORDINAL + r")?")),
    ("quarter", re.compile(r"quarter")),
    ("last", re.compile(r"last (?:business|working) day of (?:the|each) month")),
)
EXAMPLES = (
    '"week", "2 weeks", "month", "month on the 5th", "monday", "quarter" or '
    '"last business day of the month"'
)
LOOK_AHEAD = 400  # rule days read to find an open one, or the next occurrence (over 7 years)


class Rule(NamedTuple):
    """A rule as typed (``text``, normalised) and what it means."""

    text: str
    unit: str  # week, month, weekday or last
    interval: int = 1
    monthday: int | None = None  # the day of the month; None: the first due day's
    weekday: int | None = None  # 0 = Monday


def parse_rule(typed: str, option: str = "--every") -> Rule:
    """The rule ``typed`` names, or one line saying which rules there are."""
    text = " ".join(typed.casefold().split())
    text = text.removeprefix("every ")
    for day, name in enumerate(WEEKDAYS):
        if text in (name, name[:3], name + "s"):
            return Rule(name, "weekday", weekday=day)
    for unit, pattern in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        if unit == "quarter":
            return Rule("quarter", "month", interval=3)
        if unit == "last":
            return Rule("last business day of the month", "last")
        interval = int(found.group(1) or 1)
        if not 1 <= interval <= 52:
            break
        if unit == "week":
            return Rule("week" if interval == 1 else f"{interval} weeks", "week", interval)
        typed_day = found.group(2)
        if typed_day is not None and not 1 <= int(typed_day) <= 31:
            break
        shown = "month" if interval == 1 else f"{interval} months"
        if typed_day is not None:
            shown += f" on the {_ordinal(int(typed_day))}"
        return Rule(shown, "month", interval, None if typed_day is None else int(typed_day))
    raise InputError(f'{option} "{typed}" is not a rule pk knows: give {EXAMPLES}.')


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def rule_days(rule: Rule, first: date) -> Iterator[date]:
    """The days ``rule`` names, from the series' first due day ``first`` on (the first day
    itself when it is one of them), before any move off a closed day."""
    from dateutil import rrule

    start = first
    if rule.unit == "weekday":
        found = rrule.rrule(rrule.WEEKLY, byweekday=rule.weekday, dtstart=start)
    elif rule.unit == "week":
        found = rrule.rrule(rrule.WEEKLY, interval=rule.interval, dtstart=start)
    elif rule.unit == "last":
        found = rrule.rrule(rrule.MONTHLY, bymonthday=-1, dtstart=start)
    else:
        day = rule.monthday or first.day
        # the day, or the month's last day in a month too short for it (the 31st in April)
        found = rrule.rrule(
            rrule.MONTHLY, interval=rule.interval, bymonthday=(day, -1), bysetpos=1,
            dtstart=start.replace(day=1),
        )  # fmt: skip
    for moment in found:
        if moment.date() >= first:
            yield moment.date()


def open_on_or_before(day: date, calendar: Calendar) -> date | None:
    """``day``, or the open day before it (None when a week passes without one)."""
    for back in range(8):
        candidate = day - timedelta(days=back)
        if calendar.is_working_day(candidate):
            return candidate
    return None


def check_lands(rule: Rule, first: date, calendar: Calendar, option: str = "--every") -> None:
    """Refuse a rule none of whose days is an open day (every Saturday, in a Monday–Friday
    week): a series of it would never fall due on a working day."""
    for count, day in enumerate(rule_days(rule, first)):
        if calendar.is_working_day(day):
            return
        if count >= 60:
            break
    raise InputError(
        f'{option} "{rule.text}" never lands on an open day of your calendar (workdays, '
        "public holidays and calendar.closed): choose a rule that names a working day."
    )


def next_day(rule: Rule, first: date, current: date, calendar: Calendar) -> date:
    """The due day of the occurrence after the one due ``current`` (a series whose first due
    day was ``first``): the first rule day that, moved off a closed day, is after ``current``."""
    for count, day in enumerate(rule_days(rule, first)):
        landed = open_on_or_before(day, calendar)
        if landed is not None and landed > current:
            return landed
        if count >= LOOK_AHEAD:
            break
    from promisekeeper.calendar import no_open_day

    raise no_open_day(f'for "{rule.text}" after {current:%a %d %b %Y}')

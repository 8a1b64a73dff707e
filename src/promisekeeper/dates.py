"""The one date grammar of pk (docs/dates.md).

``resolve("friday 5pm", now, settings)`` turns what a user typed into an aware datetime, or raises
``BadDate`` naming the input. Nothing here reads the clock: ``now`` is always an argument.

Resolution order (docs/dates.md): ISO 8601, then the keyword grammar, then numeric D/M/Y or M/D/Y by
``date.order``, then python-dateutil without fuzzy matching, accepted only when the input holds a
month name or a 4-digit year. Anything else is an error; pk never guesses silently.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal, NamedTuple

from promisekeeper.calendar import Calendar, WorkingTime
from promisekeeper.display import format_day_time, short_day
from promisekeeper.errors import BadDate
from promisekeeper.timerange import check_range

Mode = Literal["due", "at", "made"]
"""``due``: a deadline (future). ``at``/``made``: a past event (``keep --at``, ``add --made``)."""

DateOrder = Literal["mdy", "dmy"]

EXAMPLES = "friday, tomorrow 10am, 2026-12-01, Dec 1 3pm, in 3 days, eow, 2 business days"

WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "weds": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
# Patterns are kept as text and compiled by `re` on first use (and cached there): most commands
# parse no date, and compiling them all cost every command a few milliseconds at start-up.
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_WORD_RE = r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_YEAR4_RE = r"(?<!\d)\d{4}(?!\d)"
_COUNT = r"(?P<n>\d+|an?|one)"
_DAY_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7}
_CLOCK_UNITS = {
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
}
_UNIT_RE = "|".join(sorted([*_DAY_UNITS, *_CLOCK_UNITS], key=len, reverse=True))
_OFFSET_RE = rf"(?:in )?\+?{_COUNT} ?(?P<unit>{_UNIT_RE})"
_AGO_RE = rf"{_COUNT} ?(?P<unit>{_UNIT_RE}) ago"
_BUSINESS_RE = r"(?:in )?(?P<n>\d+|an?|one) (?:business|working) days?"
_BUSINESS_HOURS_RE = (
    r"(?:in )?(?P<n>\d{1,5}(?:\.\d{1,2})?|an?|one) (?:business|working) (?:hours?|hrs?|h)"
)
_TIME_RE = r"(?:noon|midnight|\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2})"
_DAY_THEN_TIME_RE = rf"(?P<day>.+?),? (?:at )?(?P<time>{_TIME_RE})"
_TIME_THEN_DAY_RE = rf"(?:at )?(?P<time>{_TIME_RE}),? (?P<day>.+)"
# Parts of the day after a day ("tomorrow morning", "friday eod"), or after "this" for today. A
# deadline is the latest moment, so a part of the day means its end: the morning ends at noon,
# the afternoon (like "eod") at workday.end, the evening at 20:00 ("tonight") (docs/dates.md).
PARTS_OF_DAY = {
    "morning": time(12, 0),
    "midday": time(12, 0),
    "noon": time(12, 0),
    "evening": time(20, 0),
    "night": time(20, 0),
}  # "afternoon", "eod", "end of day": workday.end
_PART_RE = (
    r"(?:in the )?(?P<part>morning|midday|noon|afternoon|evening|night|eod|end of (?:the )?day)"
)
_ORDINAL_RE = r"(?:on )?(?:the )?(?P<d>\d{1,2})(?:st|nd|rd|th)"
_ISO_RE = (
    r"\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_NUMERIC_RE = (
    rf"(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})"
    rf"(?:,? (?:at )?(?P<time>{_TIME_RE}))?"
)
_KEYWORDS = [
    "today",
    "tonight",
    "tomorrow",
    "yesterday",
    "eod",
    "eow",
    "eom",
    "eoq",
    "morning",
    "afternoon",
    "evening",
    "noon",
    "next",
    "this",
    "week",
    "month",
    "business",
    "working",
    "hour",
    "days",
    "hours",
    "minutes",
    "weeks",
    *WEEKDAYS,
]


class DateSettings(NamedTuple):
    tz: tzinfo
    workday_end: time = time(17, 0)
    date_order: DateOrder = "mdy"
    calendar: Calendar = Calendar()  # the working days every business-day form consults
    workday_start: time = time(9, 0)
    # The zone whose working day a day-only deadline ends: a customer's own (None: ``tz``).
    deadline_zone: tzinfo | None = None

    @property
    def working_time(self) -> WorkingTime:
        """Working hours of open days in this zone (``in N business hours``)."""
        return WorkingTime(self.calendar, self.tz, self.workday_start, self.workday_end)


class Resolution(NamedTuple):
    """A resolved expression. ``note`` explains a DST adjustment, shown to the user."""

    at: datetime  # UTC
    note: str | None = None


def resolve(text: str, now: datetime, settings: DateSettings, mode: Mode = "due") -> Resolution:
    """Resolve ``text`` relative to ``now`` (aware) to a UTC instant; ``BadDate`` if it cannot.
    A typed offset fixes the instant; input without one is wall time in ``settings.tz``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    result = _written_by_pk(text)
    if result is None:
        normal = " ".join(text.lower().split())
        if not normal:
            raise BadDate(f"Give a date or time. Examples: {EXAMPLES}.")
        try:
            result = _resolve(normal, text, now, settings, mode)
        except (OverflowError, ValueError) as exc:
            raise BadDate(
                f'"{text.strip()}" is out of range ({exc}). Examples: {EXAMPLES}.'
            ) from exc
        check_range(result.at, f'"{text.strip()}"')
        if mode == "due":
            result = _warn_if_closed(result, settings)
    check_range(result.at, f'"{text.strip()}"')
    if mode != "due" and result.at > now:
        raise BadDate(
            f'"{text.strip()}" resolves to {format_day_time(result.at, now, settings.tz)}, '
            "which is in the future; this needs a time that has already happened."
        )
    return result


def _warn_if_closed(result: Resolution, settings: DateSettings) -> Resolution:
    """A deadline kept on a holiday or closed day, with a warning (docs/business-time.md)."""
    day = result.at.astimezone(settings.deadline_zone or settings.tz).date()
    why = settings.calendar.closed_because(day)
    if why is None:
        return result
    warning = f"{short_day(day)} is {why}"
    return Resolution(result.at, f"{result.note}; {warning}" if result.note else warning)


def _written_by_pk(text: str) -> Resolution | None:
    """The form pk writes (``2026-11-27T17:00:00+00:00``, as in exports) read at once: what the
    ISO rule below makes of it, without the grammar's passes (an import reads thousands)."""
    if len(text) != 25 or text[10] != "T" or text[19] not in "+-" or not text.isascii():
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return Resolution(parsed.astimezone(UTC)) if parsed.tzinfo is not None else None


# What people say for a time, written as the grammar reads it (docs/dates.md, "Sayings"): read
# by resolve, and by capture before it looks for a date in a sentence.
_SAYINGS = [
    (r"\bfirst thing (tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
     r"\1 morning"),
    (r"\b(?:close of business|cob|(?:the )?end of (?:the )?business day)\b", "eod"),
    (r"\beod (today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
     r"\1 eod"),
    (r"\b(?:the )?end of (?:the )?day (today|tomorrow|monday|tuesday|wednesday|thursday|friday"
     r"|saturday|sunday)\b", r"\1 eod"),
    (r"\b(?:the )?end of (?:the |this )?week\b", "eow"),
    (r"\b(?:the )?end of (?:the |this )?month\b", "eom"),
    (r"\b(?:the )?end of (?:the |this )?quarter\b", "eoq"),
    (r"\bwithin (\d+|one|two|three|a) (business|working) (days?|hours?)\b", r"in \1 \2 \3"),
    (r"\bnext (\d+|one|two|three) (business|working) days\b", r"in \1 \2 days"),
    (r"\b(in (?:\d+|an?|one) \w+) from now\b", r"\1"),
]  # fmt: skip


def sayings(text: str) -> str:
    """``text`` with each saying of ``_SAYINGS`` written as the grammar reads it."""
    for pattern, replacement in _SAYINGS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def _resolve(
    normal: str, original: str, now: datetime, settings: DateSettings, mode: Mode
) -> Resolution:
    normal = sayings(normal)
    iso = _iso(normal, now, settings, mode)
    if iso is not None:
        return iso
    keyword = _keyword(normal, original, now, settings, mode)
    if keyword is not None:
        return keyword
    numeric = _numeric(normal, original, now, settings, mode)
    if numeric is not None:
        return numeric
    if re.search(_MONTH_WORD_RE, normal) or re.search(_YEAR4_RE, normal):
        return _with_dateutil(normal, original, now, settings, mode)
    raise BadDate(_unreadable(original))


def _unreadable(original: str) -> str:
    import difflib

    hint = ""
    for word in original.lower().split():
        close = difflib.get_close_matches(word, _KEYWORDS, n=1, cutoff=0.75)
        if close and close[0] != word:
            hint = f' Did you mean "{close[0]}"?'
            break
    return f'Can\'t read the date "{original.strip()}".{hint} Examples: {EXAMPLES}.'


# --- building blocks --------------------------------------------------------------------------


def local_today(now: datetime, tz: tzinfo) -> date:
    return now.astimezone(tz).date()


def at_wall_time(day: date, clock: time, tz: tzinfo) -> Resolution:
    """``day`` at ``clock`` in ``tz``, as a UTC instant. A wall time that does not exist (spring
    forward) moves forward by the gap; one that exists twice (fall back) takes the first occurrence.

    Results are always UTC: local datetimes inside a repeated hour compare unequal to every
    other zone (PEP 495), which would make comparisons lie."""
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=tz, fold=0)
    instant = aware.astimezone(UTC)
    settled = instant.astimezone(tz)
    note = None
    if settled.replace(tzinfo=None) != naive:
        note = (
            f"{clock:%H:%M} does not exist on {short_day(day)} (clocks go forward); "
            f"using {settled:%H:%M}"
        )
    elif naive.replace(tzinfo=tz, fold=1).utcoffset() != aware.utcoffset():
        note = (
            f"{clock:%H:%M} happens twice on {short_day(day)} (clocks go back); "
            f"using the first, {settled.tzname() or settled.strftime('%z')}"
        )
    return Resolution(instant, note)


def _end_of_day(day: date, now: datetime, settings: DateSettings, mode: Mode) -> Resolution:
    """A day with no time of day: ``workday.end`` (00:00 for ``--made``)."""
    if mode == "made":
        return at_wall_time(day, time(0, 0), settings.tz)
    zone = settings.deadline_zone if mode == "due" and settings.deadline_zone else settings.tz
    resolved = at_wall_time(day, settings.workday_end, zone)
    if mode == "at" and resolved.at > now and day == local_today(now, settings.tz):
        # Delivered "today" before the working day ends: it happened by now.
        return Resolution(now.astimezone(UTC))
    return resolved


def _count(word: str) -> int:
    return 1 if word in ("a", "an", "one") else int(word)


def _parse_time(text: str) -> time | None:
    """``5pm``, ``5:30 pm``, ``17:30``, ``noon``. None if it is not a time at all."""
    if text == "noon":
        return time(12, 0)
    if text == "midnight":
        raise BadDate(
            '"midnight" is ambiguous: use "23:59" or "00:00" with a day, e.g. "fri 23:59".'
        )
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))? ?(am|pm|a\.m\.|p\.m\.)", text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise BadDate(f'"{text}" is not a time: use 1–12 with am/pm, or 24-hour "17:30".')
        hour %= 12
        if m.group(3).startswith("p"):
            hour += 12
        return time(hour, minute)
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour > 23 or minute > 59:
            raise BadDate(f'"{text}" is not a time of day (00:00–23:59).')
        return time(hour, minute)
    return None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- (1) ISO 8601 ------------------------------------------------------------------------------


def _iso(normal: str, now: datetime, settings: DateSettings, mode: Mode) -> Resolution | None:
    if not re.fullmatch(_ISO_RE, normal):
        return None
    try:
        if len(normal) == 10:
            day = date.fromisoformat(normal)
        else:
            parsed = datetime.fromisoformat(normal.upper())
            if parsed.tzinfo is not None:
                return Resolution(parsed.astimezone(UTC))
            return at_wall_time(parsed.date(), parsed.time(), settings.tz)
    except ValueError as exc:
        raise BadDate(f'"{normal}" is not a real date or time ({exc}).') from exc
    return _end_of_day(day, now, settings, mode)


# --- (2) the keyword grammar -------------------------------------------------------------------


class _Day(NamedTuple):
    day: date
    rule: str  # "plain", "this", "eow", "eom", "fixed" (today/eod: never rolls over)
    takes_time: bool = True


def _keyword(
    normal: str, original: str, now: datetime, settings: DateSettings, mode: Mode
) -> Resolution | None:
    tz = settings.tz
    today = local_today(now, tz)

    clock = _parse_time(normal)
    if clock is not None:
        resolved = at_wall_time(today, clock, tz)
        if mode == "due" and resolved.at <= now:
            resolved = at_wall_time(today + timedelta(days=1), clock, tz)
        elif mode != "due" and resolved.at > now:
            resolved = at_wall_time(today - timedelta(days=1), clock, tz)
        return resolved

    if normal == "tonight":
        return at_wall_time(today, time(20, 0), tz)

    m = re.fullmatch(_OFFSET_RE, normal) or re.fullmatch(_AGO_RE, normal)
    if m:
        count = _count(m.group("n"))
        sign = -1 if normal.endswith(" ago") else 1
        unit = m.group("unit")
        if unit in _CLOCK_UNITS:
            # Exact durations are added in UTC: aware arithmetic in a zone is wall-clock.
            exact = now.astimezone(UTC) + sign * timedelta(minutes=count * _CLOCK_UNITS[unit])
            return Resolution(exact)
        day = today + timedelta(days=sign * count * _DAY_UNITS[unit])
        return _end_of_day(day, now, settings, mode)

    m = re.fullmatch(_BUSINESS_HOURS_RE, normal)
    if m:
        hours = 1.0 if m.group("n") in ("a", "an", "one") else float(m.group("n"))
        if hours <= 0:
            raise BadDate('Business hours count from more than 0: try "1 business hour".')
        return Resolution(settings.working_time.add_hours(now, hours))

    m = re.fullmatch(rf"(?:(?P<day>.+?) )?{_PART_RE}", normal)
    if m and (m.group("day") or m.group("part") in ("morning", "afternoon", "evening")):
        named = m.group("day") or "today"
        day_part = (
            _Day(today, "plain")
            if named == "this"
            else _day_expression(
                named, today, mode, settings.calendar, settings.date_order, original
            )
        )
        if day_part is not None:
            part = m.group("part")
            clock = PARTS_OF_DAY.get(part, settings.workday_end)
            if not day_part.takes_time:
                raise BadDate(f'"{original.strip()}": "{named}" already sets a time.')
            resolved = _apply_rule(day_part, clock, normal, now, settings)
            if mode == "due" and resolved.at <= now and named in ("today", "this"):
                raise BadDate(
                    f'"{original.strip()}" ({format_day_time(resolved.at, now, settings.tz)}) '
                    'has already passed; give a later time, e.g. "tomorrow morning".'
                )
            return resolved

    whole = _day_expression(normal, today, mode, settings.calendar, settings.date_order, original)
    if whole is not None:
        if whole.rule == "fixed" or mode != "due":
            return _end_of_day(whole.day, now, settings, mode)
        zone = settings.deadline_zone or settings.tz
        return _apply_rule(whole, settings.workday_end, normal, now, settings, zone)

    for pattern in (_DAY_THEN_TIME_RE, _TIME_THEN_DAY_RE):
        m = re.fullmatch(pattern, normal)
        if not m:
            continue
        day_part = _day_expression(
            m.group("day"), today, mode, settings.calendar, settings.date_order, original
        )
        clock = _parse_time(m.group("time"))
        if day_part is None or clock is None:
            continue
        if not day_part.takes_time:
            raise BadDate(f'"{original.strip()}": "{m.group("day")}" already sets a time.')
        return _apply_rule(day_part, clock, normal, now, settings)
    return None


def _day_expression(
    text: str,
    today: date,
    mode: Mode,
    calendar: Calendar,
    order: DateOrder = "mdy",
    original: str = "",
) -> _Day | None:
    """A phrase naming a day (no time of day). None if ``text`` is not one."""
    if text == "today":
        return _Day(today, "fixed")
    if text in ("eod", "end of day", "end of the day"):
        return _Day(today, "fixed", takes_time=False)
    if text == "tomorrow":
        return _Day(today + timedelta(days=1), "plain")
    if text == "yesterday":
        return _Day(today - timedelta(days=1), "plain")
    if text in WEEKDAYS:
        target = WEEKDAYS[text]
        if mode == "due":  # strictly after today
            ahead = (target - today.weekday() - 1) % 7 + 1
            return _Day(today + timedelta(days=ahead), "plain")
        back = (today.weekday() - target) % 7  # on or before today
        return _Day(today - timedelta(days=back), "plain")
    m = re.fullmatch(rf"(this|next) ({_WEEKDAY_RE})", text)
    if m:
        if mode != "due":
            raise BadDate(f'"{text}" names a coming day; for a past one use the bare weekday.')
        week = _monday(today) + timedelta(days=7 if m.group(1) == "next" else 0)
        rule = "this" if m.group(1) == "this" else "plain"
        return _Day(week + timedelta(days=WEEKDAYS[m.group(2)]), rule)
    if text in ("eow", "end of week", "end of the week"):
        return _Day(calendar.week_end(calendar.week_start(today)), "eow")
    if text in ("next week", "end of next week", "end of the next week"):
        return _Day(calendar.week_end(calendar.week_start(today) + timedelta(days=7)), "plain")
    if text in ("eom", "end of month", "end of the month"):
        return _Day(calendar.last_working_day_of_month(today.year, today.month), "eom")
    if text in ("next month", "end of next month", "end of the next month"):
        first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return _Day(calendar.last_working_day_of_month(first_next.year, first_next.month), "plain")
    if text in ("eoq", "end of quarter", "end of the quarter"):
        last_month = (today.month - 1) // 3 * 3 + 3
        return _Day(calendar.last_working_day_of_month(today.year, last_month), "eoq")
    dated = _dated_day(text, today, mode, order, original or text)
    if dated is not None:
        return _Day(dated, "plain")
    m = re.fullmatch(_BUSINESS_RE, text)
    if m:
        count = _count(m.group("n"))
        if count < 1:
            raise BadDate('Business days count from 1: try "1 business day".')
        return _Day(calendar.add_working_days(today, count), "plain")
    m = re.fullmatch(_OFFSET_RE, text)
    if m and m.group("unit") in _DAY_UNITS:
        return _Day(
            today + timedelta(days=_count(m.group("n")) * _DAY_UNITS[m.group("unit")]), "plain"
        )
    return None


def _dated_day(text: str, today: date, mode: Mode, order: DateOrder, shown: str) -> date | None:
    """A day given by its date without a time: ``dec 24``, ``24 december 2026``, ``24/12``
    (by ``date.order``), ``15th`` (the next 15th). A year-less one is the next such day (for
    a deadline) or the last (for a past event), as docs/dates.md says. None if it is not one."""
    m = re.fullmatch(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})", text)
    if m:
        first, second = int(m.group("a")), int(m.group("b"))
        month, day_of_month = (first, second) if order == "mdy" else (second, first)
        if not 1 <= month <= 12:
            reading = "month/day" if order == "mdy" else "day/month"
            raise BadDate(f'"{shown.strip()}" is not a date when read as {reading} (config '
                          "date.order).")  # fmt: skip
        return _day_without_year(month, day_of_month, today, mode, shown.strip())
    m = re.fullmatch(_ORDINAL_RE, text)
    if m:
        wanted = int(m.group("d"))
        if not 1 <= wanted <= 31:
            raise BadDate(f'"{shown.strip()}" is not a day of the month.')
        step = 1 if mode == "due" else -1
        year, month = today.year, today.month
        for _ in range(13):  # the next (or last) month that has that day
            try:
                candidate = date(year, month, wanted)
            except ValueError:
                candidate = None
            if candidate is not None and (candidate - today).days * step >= 0:
                return candidate
            month += step
            if month == 13:
                year, month = year + 1, 1
            elif month == 0:
                year, month = year - 1, 12
        return None
    words = r"(?P<m>[a-z]+)\.?"
    ordinal = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    in_year = r"(?:,? (?P<y>\d{4}))?"
    m = re.fullmatch(rf"{words} {ordinal}{in_year}", text) or re.fullmatch(
        rf"(?:the )?{ordinal}(?: of)? {words}{in_year}", text
    )
    if m and m.group("m") in _MONTHS:
        month, day_of_month = _MONTHS[m.group("m")], int(m.group("d"))
        if m.group("y"):
            try:
                return date(int(m.group("y")), month, day_of_month)
            except ValueError as exc:
                raise BadDate(f'"{shown.strip()}" is not a real date.') from exc
        return _day_without_year(month, day_of_month, today, mode, shown.strip())
    return None


def _apply_rule(
    chosen: _Day,
    clock: time,
    normal: str,
    now: datetime,
    settings: DateSettings,
    zone: tzinfo | None = None,
) -> Resolution:
    """``chosen`` at ``clock`` in ``zone`` (default: ``settings.tz``), with the rule of its
    form applied (eow and eom roll over once passed, "this friday" is refused once passed)."""
    zone = zone or settings.tz
    resolved = at_wall_time(chosen.day, clock, zone)
    if chosen.rule == "eow" and resolved.at <= now:
        start = settings.calendar.week_start(chosen.day)
        next_week = settings.calendar.week_end(start + timedelta(days=7))
        resolved = at_wall_time(next_week, clock, zone)
    elif chosen.rule == "eom" and resolved.at <= now:
        first_next = (chosen.day.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = settings.calendar.last_working_day_of_month(first_next.year, first_next.month)
        resolved = at_wall_time(last, clock, zone)
    elif chosen.rule == "eoq" and resolved.at <= now:
        month = (chosen.day.month + 2) % 12 + 1  # the next quarter's last month
        year = chosen.day.year + (1 if month < chosen.day.month else 0)
        last = settings.calendar.last_working_day_of_month(year, month)
        resolved = at_wall_time(last, clock, zone)
    elif chosen.rule == "this" and resolved.at <= now:
        weekday = normal.split()[1]
        raise BadDate(
            f'"{normal}" ({format_day_time(resolved.at, now, settings.tz)}) has already passed. '
            f'Use "{weekday}" for the coming one or "next {weekday}" for next week\'s.'
        )
    return resolved


# --- (3) numeric day/month/year ------------------------------------------------------------------


def _numeric(
    normal: str, original: str, now: datetime, settings: DateSettings, mode: Mode
) -> Resolution | None:
    m = re.fullmatch(_NUMERIC_RE, normal)
    if not m:
        return None
    first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    month, day_of_month = (first, second) if settings.date_order == "mdy" else (second, first)
    try:
        day = date(year, month, day_of_month)
    except ValueError as exc:
        order = "month/day/year" if settings.date_order == "mdy" else "day/month/year"
        raise BadDate(
            f'"{original.strip()}" is not a real date when read as {order} (config date.order).'
        ) from exc
    if m.group("time"):
        clock = _parse_time(m.group("time"))
        assert clock is not None
        return at_wall_time(day, clock, settings.tz)
    return _end_of_day(day, now, settings, mode)


# --- (4) python-dateutil, strictly ------------------------------------------------------------

# Two defaults that differ in every field: a field is "given" when both parses agree on it.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2004, 3, 2, 1, 1, 1)


def _with_dateutil(
    normal: str, original: str, now: datetime, settings: DateSettings, mode: Mode
) -> Resolution:
    from dateutil import parser as du_parser

    shown = original.strip()
    dayfirst = settings.date_order == "dmy"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            a = du_parser.parse(normal, default=_DEFAULT_A, fuzzy=False, dayfirst=dayfirst)
            b = du_parser.parse(normal, default=_DEFAULT_B, fuzzy=False, dayfirst=dayfirst)
    except (ValueError, OverflowError, Warning) as exc:
        raise BadDate(_unreadable(original)) from exc
    if a.month != b.month or a.day != b.day:
        raise BadDate(f'"{shown}" needs a day and a month, e.g. "Dec 1" or "1 December 2026".')
    year_given = a.year == b.year
    if year_given and not re.search(_YEAR4_RE, normal):
        raise BadDate(f'"{shown}": write the year with 4 digits, e.g. "Dec 1 2027".')
    hour_given = a.hour == b.hour
    minute = a.minute if a.minute == b.minute else 0
    second = a.second if a.second == b.second else 0
    weekday_words = [w for w in re.findall(r"[a-z]+", normal) if w in WEEKDAYS]

    tz = settings.tz
    if year_given:
        day = date(a.year, a.month, a.day)
    else:
        day = _day_without_year(a.month, a.day, local_today(now, tz), mode, shown)
    if weekday_words and WEEKDAYS[weekday_words[0]] != day.weekday():
        raise BadDate(f'"{shown}": {short_day(day)} {day.year} is not a {weekday_words[0]}.')
    if a.tzinfo is not None:
        if not hour_given:
            raise BadDate(f'"{shown}": a time zone needs a time of day too.')
        typed = datetime.combine(day, time(a.hour, minute, second), tzinfo=a.tzinfo)
        return Resolution(typed.astimezone(UTC))
    if hour_given:
        return at_wall_time(day, time(a.hour, minute, second), tz)
    return _end_of_day(day, now, settings, mode)


RECENT_DAYS = 30
"""A day and month this many days ago or fewer is refused as a deadline (not moved a year on)."""


def _day_without_year(month: int, day_of_month: int, today: date, mode: Mode, shown: str) -> date:
    """A day and month with no year (docs/dates.md). Past events (``keep --at``, ``--made``): the
    most recent occurrence on or before today. Deadlines: the next occurrence on or after today,
    except that one within the last ``RECENT_DAYS`` days is refused, with the dated form to use:
    typed on 9 Dec, "dec 8" is a slip of the keyboard far more often than a date next year."""
    previous = _occurrence(month, day_of_month, today, step=-1)
    if mode != "due":
        if previous is None:
            raise BadDate(f"There is no day {day_of_month} in month {month}.")
        return previous
    following = _occurrence(month, day_of_month, today, step=1)
    if following is None:
        raise BadDate(f"There is no day {day_of_month} in month {month}.")
    if following != today and previous is not None and (today - previous).days <= RECENT_DAYS:
        ago = (today - previous).days
        raise BadDate(
            f'"{shown}" was {short_day(previous)} {previous.year}, '
            f"{ago} day{'s' if ago != 1 else ''} ago, so it is in the past. "
            f'For next year\'s write "{following:%b} {following.day} {following.year}".'
        )
    return following


def _occurrence(month: int, day_of_month: int, today: date, step: int) -> date | None:
    """The nearest ``month``/``day`` on or after (``step=1``) or on or before (``-1``) ``today``;
    Feb 29 waits up to eight years for a leap year."""
    for offset in range(9):
        try:
            candidate = date(today.year + step * offset, month, day_of_month)
        except ValueError:
            continue
        if (candidate - today).days * step >= 0:
            return candidate
    return None


def parse_instant(value: str, what: str) -> datetime:
    """An ISO 8601 time with an offset, inside the times pk keeps, as a UTC instant: how
    ``PK_NOW`` and every imported time are read."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadDate(f"{what} must be an ISO 8601 time, not {value!r}") from exc
    if parsed.tzinfo is None:
        raise BadDate(f"{what} needs a UTC offset, e.g. 2026-11-23T09:00:00+01:00")
    try:
        instant = parsed.astimezone(UTC)
    except OverflowError as exc:
        raise BadDate(f"{what} is out of range") from exc
    return check_range(instant, what)


def parse_now(value: str) -> datetime:
    """``PK_NOW``: ISO 8601 with an offset."""
    try:
        return parse_instant(value.strip(), f'PK_NOW="{value}"')
    except BadDate as exc:
        raise BadDate(f"{exc}.") from exc


def to_utc_iso(moment: datetime) -> str:
    """JSON time: whole seconds, UTC, ``+00:00`` (docs/formats.md)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def seconds_to_utc_iso(value: int) -> str:
    """``to_utc_iso`` of a time stored as whole UTC seconds: already whole and in UTC, so the
    conversions of ``to_utc_iso`` are skipped (an export writes millions of times)."""
    return datetime.fromtimestamp(value, UTC).isoformat()

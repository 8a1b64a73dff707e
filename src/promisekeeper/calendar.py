"""Business time: which days are open, which hours are working time (docs/business-time.md).

``Calendar`` answers for days: a day is open when its weekday is one of ``workdays``, it is not
in ``closed`` (the company's own closed days) and it is not a public holiday of ``country`` (and
``subdivision``) as the ``holidays`` package knows them. ``WorkingTime`` adds the hours
(``workday.start`` to ``workday.end``) and a zone, and answers for instants: is this working
time, the next working instant, N business hours or days from an instant, the business hours
between two instants. The date grammar, standards, at risk and reports all ask these two; there
is no other business-time arithmetic in pk.

The ``holidays`` package is imported only when a year's holidays of a calendar must be computed;
they are kept in a small file in the user cache directory (per country, subdivision and year,
stamped with the package's own files), so everyday commands read them without importing it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from promisekeeper.timerange import LAST_DAY, RANGE_TEXT

MONDAY_TO_FRIDAY = frozenset(range(5))
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Calendar(NamedTuple):
    workdays: frozenset[int] = MONDAY_TO_FRIDAY  # date.weekday() numbers, Monday = 0
    closed: frozenset[date] = frozenset()  # the company's own closed days
    country: str | None = None  # ISO 3166 code of the public holidays, e.g. "DE"
    subdivision: str | None = None  # e.g. "BY"

    @property
    def name(self) -> str:
        """``US/NY``, ``DE``, or ``weekdays`` for a calendar without public holidays."""
        if self.country is None:
            return "weekdays"
        return f"{self.country}/{self.subdivision}" if self.subdivision else self.country

    def holiday(self, day: date) -> str | None:
        """The public holiday ``day`` is, by name, or None."""
        if self.country is None:
            return None
        return public_holidays(self.country, self.subdivision, day.year).get(day)

    def closed_because(self, day: date) -> str | None:
        """Why a day that is not a weekend day is closed: the holiday's name, "a closed day"
        (``calendar.closed``), or None when it is open or merely not a working weekday."""
        if day in self.closed:
            return "a closed day"
        name = self.holiday(day)
        return f"a holiday ({name})" if name else None

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.workdays and day not in self.closed and self.holiday(day) is None
        )

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day strictly after ``day`` (count ≥ 1); refused when
        ``REACH`` days in a row pass without an open one."""
        gap = 0
        while count:
            day = _next_day(day)
            gap += 1
            if self.is_working_day(day):
                count, gap = count - 1, 0
            elif gap > REACH:
                raise no_open_day(
                    f"in the {REACH} days after {day - timedelta(days=gap):%a %d %b %Y}"
                )
        return day

    def last_working_day_of_month(self, year: int, month: int) -> date:
        import calendar

        day = date(year, month, calendar.monthrange(year, month)[1])
        first = date(year, month, 1)
        while not self.is_working_day(day):
            if day == first:
                raise no_open_day(f"in {first:%B %Y}")
            day -= timedelta(days=1)
        return day

    def week_start(self, day: date) -> date:
        """The first day of the working week holding ``day``: the weekday that begins the run
        of workdays (Monday for Monday–Friday, Sunday for Sunday–Thursday)."""
        first = next(
            (d for d in range(7) if d in self.workdays and (d - 1) % 7 not in self.workdays), 0
        )
        return day - timedelta(days=(day.weekday() - first) % 7)

    def week_end(self, start: date) -> date:
        """The last working day of the working week beginning ``start`` (Friday, or Thursday
        when Friday is closed)."""
        day = start + timedelta(days=6)
        while not self.is_working_day(day):
            if day == start:
                raise no_open_day(f"in the week of {start:%a %d %b %Y}")
            day -= timedelta(days=1)
        return day

    def closed_in(self, year: int) -> list[ClosedDay]:
        """Every public holiday and closed day of ``year``, in order (weekend ones too)."""
        found = {day: ClosedDay(day, "closed", "a closed day") for day in self.closed}
        if self.country is not None:
            for day, name in public_holidays(self.country, self.subdivision, year).items():
                found[day] = ClosedDay(day, "holiday", name)
        return sorted(
            (
                c._replace(workday=c.day.weekday() in self.workdays)
                for c in found.values()
                if c.day.year == year
            ),
            key=lambda c: c.day,
        )


# How far pk looks for an open day: a calendar whose workdays are all closed for longer (every
# workday a holiday or a closed day) has no open day in reach, and a date that needs one is
# refused rather than placed on a closed day.
REACH = 366


def no_open_day(where: str) -> Exception:
    from promisekeeper.errors import BadDate

    return BadDate(
        f"The calendar has no open day {where}: workdays, public holidays and calendar.closed "
        "close every day there. Check those settings, or give a date."
    )


def _next_day(day: date) -> date:
    if day >= LAST_DAY:
        from promisekeeper.errors import BadDate

        raise BadDate(f"A date this gives is outside the times pk keeps ({RANGE_TEXT}).")
    return day + timedelta(days=1)


class ClosedDay(NamedTuple):
    day: date
    kind: str  # "holiday" (public) or "closed" (calendar.closed)
    name: str
    workday: bool = True  # False: it falls on a day you do not work anyway


def workdays_text(days: frozenset[int]) -> str:
    """``mon-fri``, ``sun-thu`` or ``mon,wed,fri``: the form ``workdays`` is written in."""
    if len(days) == 7:
        return "mon-sun"
    start = next((d for d in range(7) if d in days and (d - 1) % 7 not in days), None)
    if start is not None:
        run = [(start + i) % 7 for i in range(len(days))]
        if set(run) == days and len(days) > 1:
            return f"{WEEKDAY_NAMES[run[0]]}-{WEEKDAY_NAMES[run[-1]]}"
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


def hours_of_day(start: time, end: time) -> float:
    """How many hours a working day has (``workday.start`` to ``workday.end``)."""
    return (end.hour - start.hour) + (end.minute - start.minute) / 60


class WorkingTime:
    """Working hours of open days in a zone: the one answer to every business-time question.

    Working time on an open day is ``[start, end)`` in ``zone``; a day's length is measured in
    real time, so it is right on the days clocks change. Durations are seconds internally and
    hours (floats) at the edges."""

    __slots__ = ("_spans", "_starts", "_totals", "calendar", "end", "start", "zone")

    def __init__(
        self,
        calendar: Calendar,
        zone: tzinfo,
        start: time = time(9, 0),
        end: time = time(17, 0),
    ) -> None:
        self.calendar = calendar
        self.zone = zone
        self.start = start
        self.end = end
        self._totals: dict[int, list[int]] = {}  # year -> working seconds before each day
        self._spans: dict[date, tuple[datetime, datetime] | None] = {}
        self._starts: dict[int, int] = {}  # year -> working seconds before its 1 January

    @property
    def day_hours(self) -> float:
        return hours_of_day(self.start, self.end)

    def hours(self, day: date) -> tuple[datetime, datetime] | None:
        """The working hours of ``day`` as UTC instants, or None when the day is closed."""
        try:
            return self._spans[day]
        except KeyError:
            pass
        span = None
        if self.calendar.is_working_day(day):
            span = self._utc(day, self.start), self._utc(day, self.end)
        self._spans[day] = span
        return span

    def _utc(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, self.zone).astimezone(UTC)

    def local_day(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def is_working(self, instant: datetime) -> bool:
        span = self.hours(self.local_day(instant))
        return span is not None and span[0] <= instant < span[1]

    def next_working(self, instant: datetime) -> datetime:
        """``instant`` if it is working time, else the start of the next working hours."""
        day = self.local_day(instant)
        span = self.hours(day)
        if span is not None and instant < span[1]:
            return max(instant, span[0]).astimezone(UTC)
        for _ in range(REACH + 1):
            day = _next_day(day)
            span = self.hours(day)
            if span is not None:
                return span[0]
        raise no_open_day(f"in the {REACH} days after {self.local_day(instant):%a %d %b %Y}")

    def add_hours(self, instant: datetime, hours: float) -> datetime:
        """``hours`` of working time after ``instant`` (counted from the next working instant
        when ``instant`` is outside working time). Ends at a day's end rather than the next
        day's start."""
        return self.marks_after(instant, [hours])[0]

    def marks_after(self, instant: datetime, hours: list[float]) -> list[datetime]:
        """``add_hours(instant, h)`` for each of ``hours`` (ascending), in one walk."""
        found: list[datetime] = []
        done = timedelta(0)
        moment = self.next_working(instant)
        wanted = [timedelta(hours=h) for h in hours]
        while len(found) < len(wanted):
            span = self.hours(self.local_day(moment))
            assert span is not None
            room = span[1] - moment
            while len(found) < len(wanted) and wanted[len(found)] - done <= room:
                found.append(moment + (wanted[len(found)] - done))
            done += room
            moment = self.next_working(span[1])
        return found

    def add_days(self, instant: datetime, count: int) -> datetime:
        """A duration of ``count`` business days from ``instant``: the same working time
        ``count`` open days later, counted from the next working instant (made Wednesday 10:00
        with Thursday closed, one business day is Friday 10:00)."""
        moment = self.next_working(instant)
        local = moment.astimezone(self.zone)
        day = self.calendar.add_working_days(local.date(), count)
        return self._utc(day, local.time().replace(tzinfo=None))

    def seconds_between(self, first: datetime, last: datetime) -> float:
        """Working seconds in ``[first, last)``; 0 when ``last`` is not after ``first``."""
        if last <= first:
            return 0.0
        return self.position(last) - self.position(first)

    def position(self, instant: datetime) -> float:
        """Working seconds from an origin of this object's choosing up to ``instant``: only
        differences mean something (``seconds_between``), and each costs two lookups however
        far apart the instants are."""
        day = self.local_day(instant)
        found = float(self._year_start(day.year) + self._year(day.year)[_ordinal(day)])
        span = self.hours(day)
        if span is not None and instant > span[0]:
            found += (min(instant, span[1]) - span[0]).total_seconds()
        return found

    def hours_between(self, first: datetime, last: datetime) -> float:
        return self.seconds_between(first, last) / 3600

    def back_hours(self, instant: datetime, hours: float) -> datetime:
        """The latest instant ``t`` ≤ ``instant`` with ``hours`` of working time in
        ``[t, instant)``: the same count as ``add_hours``, backwards."""
        return self.marks_before(instant, [hours])[0]

    def marks_before(self, instant: datetime, hours: list[float]) -> list[datetime]:
        """``back_hours(instant, h)`` for each of ``hours`` (ascending), in one walk; before
        1900 the walk stops at the earliest day it reached."""
        found: list[datetime] = []
        done = timedelta(0)
        wanted = [timedelta(hours=h) for h in hours]
        day, moment = self.local_day(instant), instant
        while len(found) < len(wanted):
            span = self.hours(day)
            if span is not None and span[0] < moment:
                top = min(moment, span[1])
                room = top - span[0]
                while len(found) < len(wanted) and wanted[len(found)] - done <= room:
                    found.append(top - (wanted[len(found)] - done))
                done += room
            day -= timedelta(days=1)
            moment = self._utc(day + timedelta(days=1), time(0, 0))
            if day.year < 1900:
                found += [moment] * (len(wanted) - len(found))
        return found

    def _year_start(self, year: int) -> int:
        """Working seconds from 1 January of the first year asked about to 1 January of
        ``year`` (negative for earlier years)."""
        if not self._starts:
            self._starts[year] = 0
        if year in self._starts:
            return self._starts[year]
        known = min(self._starts, key=lambda y: abs(y - year))
        step = 1 if year > known else -1
        total = self._starts[known]
        while known != year:
            if step == 1:
                total += self._year(known)[-1]
            else:
                total -= self._year(known - 1)[-1]
            known += step
            self._starts[known] = total
        return total

    def _year(self, year: int) -> list[int]:
        found = self._totals.get(year)
        if found is None:
            found = [0]
            day = date(year, 1, 1)
            while day.year == year:
                span = self.hours(day)
                found.append(found[-1] + (int((span[1] - span[0]).total_seconds()) if span else 0))
                day += timedelta(days=1)
            self._totals[year] = found
        return found


def _ordinal(day: date) -> int:
    """The day's place in its year, from 0."""
    return day.toordinal() - date(day.year, 1, 1).toordinal()


# --- public holidays, cached on disk ----------------------------------------------------------


@lru_cache(maxsize=64)
def public_holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """A year's public holidays of a country (and subdivision), by day: from the cache file
    when it was written by the installed ``holidays`` package, else computed and cached."""
    import json

    stamp = _package_stamp()
    path = _cache_file(country, subdivision, year)
    if path is not None and stamp is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("stamp") == stamp:
                return {date.fromisoformat(k): str(v) for k, v in kept["days"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no file yet, or not one we wrote: compute it again
    found = _compute(country, subdivision, year)
    if path is not None and stamp is not None:
        _keep(path, stamp, found)
    return found


def keep_holidays(country: str, subdivision: str | None, year: int) -> None:
    """Make sure the cache file of a year's holidays is there (``pk config set`` fills it
    ahead), whatever this process has computed already."""
    stamp, path = _package_stamp(), _cache_file(country, subdivision, year)
    if stamp is not None and path is not None and not path.exists():
        _keep(path, stamp, public_holidays(country, subdivision, year))


def _compute(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    import holidays

    try:
        # English names where the package has them; others keep the country's own language.
        found = holidays.country_holidays(country, subdiv=subdivision, years=year, language="en_US")
    except NotImplementedError as exc:  # an unknown country or subdivision, set by hand
        from promisekeeper.errors import ConfigError

        where = f"{country}/{subdivision}" if subdivision else country
        raise ConfigError(
            f'No public holidays are known for "{where}" (calendar.country and '
            "calendar.subdivision); `pk config set` checks a code before it keeps it."
        ) from exc
    return {day: str(name) for day, name in sorted(found.items())}


def _package_stamp() -> str | None:
    """What identifies the installed ``holidays`` package without importing it: the size and
    modification time of its files' folder and version module (an upgrade rewrites both)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent
    try:
        parts = [os.stat(folder / name) for name in ("__init__.py", "version.py")]
    except OSError:
        return None
    return ";".join(f"{s.st_size}:{s.st_mtime_ns}" for s in parts)


def _cache_file(country: str, subdivision: str | None, year: int) -> Path | None:
    from promisekeeper.environment import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    return folder / "holidays" / f"{country}-{subdivision or ''}-{year}.json"


def _keep(path: Path, stamp: str, found: dict[date, str]) -> None:
    """Write the cache file; a cache that cannot be written is only slower, never an error."""
    import json

    from promisekeeper.files import replace_quietly

    text = json.dumps({"stamp": stamp, "days": {d.isoformat(): n for d, n in found.items()}})
    replace_quietly(path, text)

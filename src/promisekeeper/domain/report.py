"""Reports: periods and the figures of docs/words.md, computed from counts the database aggregates.

Promises belong to the period in which their **baseline due** (the date the customer last agreed
to) falls, in local time, start inclusive and end exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from promisekeeper.dates import at_wall_time, local_today
from promisekeeper.domain.feedback import FeedbackFigures
from promisekeeper.domain.stats import median
from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.domain.feedback import Dispute
    from promisekeeper.domain.review import Move
    from promisekeeper.domain.standards import Adherence

PeriodKind = Literal["week", "month", "quarter", "range"]
TREND_LENGTH = 6


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first: date  # first local day
    last: date  # last local day (inclusive)
    label: str

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """Start (inclusive) and end (exclusive) as UTC instants."""
        start = at_wall_time(self.first, time(0), tz).at
        end = at_wall_time(self.last + timedelta(days=1), time(0), tz).at
        return start, end

    def title(self) -> str:
        if self.kind == "month":
            return f"{self.first:%B %Y}"
        if self.kind == "week":
            return f"Week {self.first.isocalendar().week}, {self.first.isocalendar().year}"
        if self.kind == "quarter":
            return f"Q{(self.first.month - 1) // 3 + 1} {self.first.year}"
        return f"{self.first.day} {self.first:%b %Y} – {self.last.day} {self.last:%b %Y}"

    def span(self) -> str:
        """``1–31 Oct``, ``28 Sep–4 Oct``, ``1 Oct–31 Dec``."""
        if (self.first.year, self.first.month) == (self.last.year, self.last.month):
            return f"{self.first.day}–{self.last.day} {self.last:%b}"
        return f"{self.first.day} {self.first:%b}–{self.last.day} {self.last:%b}"

    def short_label(self) -> str:
        if self.kind == "month":
            return f"{self.first:%b}" if self.first.month != 1 else f"{self.first:%b %y}"
        if self.kind == "week":
            return f"W{self.first.isocalendar().week:02d}"
        if self.kind == "quarter":
            return self.label.replace("-", " ")
        return f"{self.first:%d %b}"


def month_period(year: int, month: int) -> Period:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return Period("month", first, following - timedelta(days=1), f"{year:04d}-{month:02d}")


def week_period(year: int, week: int) -> Period:
    first = date.fromisocalendar(year, week, 1)
    return Period("week", first, first + timedelta(days=6), f"{year:04d}-W{week:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    first = date(year, 3 * quarter - 2, 1)
    last = month_period(year, 3 * quarter).last
    return Period("quarter", first, last, f"{year:04d}-Q{quarter}")


def range_period(first: date, last: date) -> Period:
    if last < first:
        raise InputError("--to is before --from; give the earlier date first.")
    return Period("range", first, last, f"{first.isoformat()}..{last.isoformat()}")


def choose_period(
    *,
    now: datetime,
    tz: tzinfo,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Period:
    """The period the options ask for; ``""`` means "the current one"; none means this month."""
    chosen = [
        name
        for name, value in (("--week", week), ("--month", month), ("--quarter", quarter))
        if value is not None
    ]
    if (first is None) != (last is None):
        raise InputError("A custom range needs both --from and --to.")
    if first is not None:
        chosen.append("--from/--to")
    if len(chosen) > 1:
        raise InputError(f"Choose one period: {' or '.join(chosen)}.")
    today = local_today(now, tz)
    last_one = [v for v in (week, month, quarter) if v and v.strip().lower() in ("last", "prev")]
    if last_one:  # --week last: the one before the current one
        current = choose_period(
            now=now,
            tz=tz,
            week="" if week is not None else None,
            month="" if month is not None else None,
            quarter="" if quarter is not None else None,
        )
        return previous(current)
    if week is not None:
        if not week:
            iso = today.isocalendar()
            return week_period(iso.year, iso.week)
        m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", week.strip(), re.IGNORECASE)
        if not m or not 1 <= int(m.group(2)) <= date(int(m.group(1)), 12, 28).isocalendar().week:
            raise InputError(f'--week takes an ISO week like 2026-W48, or last, not "{week}".')
        return week_period(int(m.group(1)), int(m.group(2)))
    if quarter is not None:
        if not quarter:
            return quarter_period(today.year, (today.month - 1) // 3 + 1)
        m = re.fullmatch(r"(\d{4})-?Q([1-4])", quarter.strip(), re.IGNORECASE)
        if not m:
            raise InputError(f'--quarter takes a quarter like 2026-Q4, or last, not "{quarter}".')
        return quarter_period(int(m.group(1)), int(m.group(2)))
    if first is not None and last is not None:
        return range_period(first, last)
    if month:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise InputError(f'--month takes a month like 2026-10, or last, not "{month}".')
        return month_period(int(m.group(1)), int(m.group(2)))
    return month_period(today.year, today.month)


def previous(period: Period) -> Period:
    if period.kind == "month":
        before = period.first - timedelta(days=1)
        return month_period(before.year, before.month)
    if period.kind == "week":
        iso = (period.first - timedelta(days=7)).isocalendar()
        return week_period(iso.year, iso.week)
    if period.kind == "quarter":
        before = period.first - timedelta(days=1)
        return quarter_period(before.year, (before.month - 1) // 3 + 1)
    length = (period.last - period.first).days + 1
    return range_period(period.first - timedelta(days=length), period.first - timedelta(days=1))


def trend_periods(period: Period) -> list[Period]:
    """The 5 periods before ``period`` and ``period`` itself, oldest first."""
    periods = [period]
    while len(periods) < TREND_LENGTH:
        periods.insert(0, previous(periods[0]))
    return periods


# --- figures -----------------------------------------------------------------------------------

COUNT_NAMES = (
    "due",
    "cancelled",
    "kept_on_time",
    "kept_late",
    "broken",
    "open_late",
    "open_pending",
    "final_on_time",
    "final_late",
    "slips",
    "slips_with_heads_up",
    "waits",
    "waited_seconds",
    "moved_on_time",
    "moved_late",
    "moved_pending",
    "effort_stated",
    "effort_overruns",
)


@dataclass(frozen=True)
class Figures:
    due: int = 0
    cancelled: int = 0
    kept_on_time: int = 0
    kept_late: int = 0
    broken: int = 0
    open_late: int = 0
    open_pending: int = 0
    final_on_time: int = 0  # kept by the current due date
    final_late: int = 0  # kept after it, broken, or open past it
    slips: int = 0
    slips_with_heads_up: int = 0
    late_notices: int = 0  # heads-ups given on the last day (less than headsup.min before)
    waits: int = 0  # waits on the customer these promises had
    waited_seconds: float = 0  # business seconds they waited (up to now for a running wait)
    # What the two rates differ by (docs/words.md): kept late against the agreed date but by
    # a moved one; kept by the agreed date but after one moved earlier; open past the agreed
    # date but not past the moved one (left out of the final rate).
    moved_on_time: int = 0
    moved_late: int = 0
    moved_pending: int = 0
    # Effort stated up front (docs/words.md): promises with an effort stated, and keeps that
    # took more than it by over ``effort.margin``.
    effort_stated: int = 0
    effort_overruns: int = 0
    # Requests (docs/words.md, "Unanswered requests and declines"), filed by when they were
    # asked: said no to, still waiting for an answer, and the business days each answered
    # one waited. None of them is in ``due`` or any rate.
    declined: int = 0
    unanswered_open: int = 0
    days_to_answer: tuple[float, ...] = field(default=(), repr=False)
    days_late: tuple[float, ...] = field(default=(), repr=False)
    # What the customers said of these promises (docs/feedback.md, "The gap").
    feedback: FeedbackFigures = field(default_factory=FeedbackFigures)

    @property
    def judged(self) -> int:
        """Promises whose outcome against the baseline is known."""
        return self.kept_on_time + self.kept_late + self.broken + self.open_late

    @property
    def kept_rate(self) -> float | None:
        return self.kept_on_time / self.judged if self.judged else None

    @property
    def judged_final(self) -> int:
        return self.final_on_time + self.final_late

    @property
    def kept_rate_final(self) -> float | None:
        return self.final_on_time / self.judged_final if self.judged_final else None

    @property
    def median_days_late(self) -> float | None:
        return median(self.days_late)

    @property
    def median_days_to_answer(self) -> float | None:
        """In business days (a working day of the owner's calendar)."""
        found = median(self.days_to_answer)
        return None if found is None else round(found, 2)

    @property
    def slips_told_in_time(self) -> int:
        """Slips told at least ``headsup.min`` before the date they moved away from."""
        return self.slips_with_heads_up - self.late_notices

    @property
    def waited_business_hours(self) -> float:
        return round(self.waited_seconds / 3600, 2)

    def as_json(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "cancelled": self.cancelled,
            "kept_on_time": self.kept_on_time,
            "kept_late": self.kept_late,
            "broken": self.broken,
            "open_late": self.open_late,
            "open_pending": self.open_pending,
            "kept_rate": self.kept_rate,
            "kept_rate_final": self.kept_rate_final,
            "slips": self.slips,
            "slips_with_heads_up": self.slips_with_heads_up,
            "slips_told_in_time": self.slips_told_in_time,
            "median_days_late": self.median_days_late,
            "waits": self.waits,
            "waited_business_hours": self.waited_business_hours,
            "moved_on_time": self.moved_on_time,
            "moved_late": self.moved_late,
            "moved_pending": self.moved_pending,
            "declined": self.declined,
            "unanswered_open": self.unanswered_open,
            "median_days_to_answer": self.median_days_to_answer,
            "effort_stated": self.effort_stated,
            "effort_overruns": self.effort_overruns,
            "feedback": self.feedback.as_json(),
        }


def figures_from_counts(counts: dict[str, int], seconds_late: list[int]) -> Figures:
    numbers: dict[str, Any] = {name: int(counts.get(name) or 0) for name in COUNT_NAMES}
    return Figures(**numbers, days_late=tuple(s / 86_400 for s in sorted(seconds_late)))


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    start: datetime
    end: datetime
    figures: Figures


@dataclass(frozen=True)
class Report:
    period: Period
    start: datetime
    end: datetime
    now: datetime
    totals: Figures
    by: str | None  # "customer" | "owner" | "standard" | None
    groups: list[tuple[str, Figures]]
    trend: list[TrendPoint]
    # With ``by == "standard"`` (or for the HTML review): how each standard was met
    # (docs/business-time.md).
    adherence: dict[str, Adherence] = field(default_factory=dict)
    # For the HTML review: the date moves of the period's promises (domain/review.py).
    moves: list[Move] = field(default_factory=list)
    # The promises whose customer's latest verdict contradicts our record, with their words.
    disputes: list[Dispute] = field(default_factory=list)
    # The promises others made to us (pk report --owed; docs/owed.md), not ours.
    owed: bool = False

    @property
    def shown_trend(self) -> list[TrendPoint]:
        """The trend as people see it (table, markdown, HTML): from the first period with a
        promise in it, so a new user's review is not five empty periods; at least the reported
        one. Machine formats keep every entry (docs/words.md)."""
        for index, point in enumerate(self.trend):
            if point.figures.due or point.figures.cancelled:
                return self.trend[index:]
        return self.trend[-1:]

    def met(self, key: str) -> Adherence:
        from promisekeeper.domain.standards import Adherence

        return self.adherence.get(key) or Adherence(0, 0, None, None)

    def as_json(self) -> dict[str, Any]:
        from promisekeeper.dates import to_utc_iso

        result: dict[str, Any] = {
            "period": {
                "label": self.period.label,
                "start": to_utc_iso(self.start),
                "end": to_utc_iso(self.end),
            },
            "totals": self.totals.as_json(),
        }
        if self.by is not None:
            result["by"] = [
                {
                    "key": key,
                    **figures.as_json(),
                    **(self.met(key).as_json() if self.by == "standard" else {}),
                }
                for key, figures in self.groups
            ]
        result["trend"] = [
            {
                "label": point.period.label,
                "kept_rate": point.figures.kept_rate,
                "due": point.figures.due,
            }
            for point in self.trend
        ]
        return result


def worst_first(groups: list[tuple[str, Figures]]) -> list[tuple[str, Figures]]:
    """For the table view: lowest kept-rate first, groups with no rate last, then by name."""
    return sorted(
        groups,
        key=lambda g: (g[1].kept_rate is None, g[1].kept_rate or 0.0, g[0].casefold()),
    )

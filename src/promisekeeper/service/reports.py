"""Reports: every figure for a period, by customer or owner, with the trend."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from promisekeeper import dates, timerange
from promisekeeper.config import Settings
from promisekeeper.errors import (
    BadDate,
    InputError,
)

if TYPE_CHECKING:
    from datetime import datetime

    from promisekeeper.domain.feedback import Dispute, FeedbackFigures
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.domain.report import Figures, Period, Report
    from promisekeeper.store import Reader
    from promisekeeper.store.queries import ReportScope


from promisekeeper.service import (
    Scope,
    reading,
)
from promisekeeper.store.queries import STANDARD_LABEL

# --- reports ----------------------------------------------------------------------------------


def report(
    settings: Settings,
    scope: Scope,
    *,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    first: str | None = None,
    last: str | None = None,
    by: str | None = None,
    review: bool = False,
    customer: str | None = None,
    owed: bool = False,
) -> Report:
    """Every report figure (docs/words.md) for one period, per customer or owner with ``by``,
    and the trend; with ``review`` (the HTML review) also the period's date moves and how
    every standard in use was met.
    One ``now`` serves totals, groups and every trend entry."""
    from promisekeeper.domain import report as rpt
    from promisekeeper.store.queries import ReportScope, bucket_sql, report_counts

    if owed and by == "customer":
        by = "party"  # who owes it: the customer column (docs/owed.md)
    allowed = ("party", "owner") if owed else ("customer", "owner", "standard")
    if by is not None and by not in allowed:
        raise InputError(
            f"--by takes {', '.join(allowed[:-1])} or {allowed[-1]}"
            f'{" with --owed" if owed else ""}, not "{by}".'
        )
    direction = "owed" if owed else "ours"
    period, start, end = choose(
        settings, week=week, month=month, quarter=quarter, first=first, last=last
    )
    periods = rpt.trend_periods(period)
    bounds = [p.bounds(settings.tz) for p in periods]
    boundaries = [b[0] for b in bounds] + [end]
    with reading(settings) as reader:
        margin = settings.effort_margin
        this = ReportScope(
            start, end, settings.now, owner=scope.owner, customer=customer, effort_margin=margin,
            direction=direction,
        )  # fmt: skip
        # One scan of the six trend periods gives every trend entry, and its last bucket is this
        # period's totals; only kept-late rows are read again, for the median.
        case, params = bucket_sql(boundaries)
        whole = ReportScope(
            boundaries[0], end, settings.now, scope.owner, customer, effort_margin=margin,
            direction=direction,
        )  # fmt: skip
        trend_counts, _ = report_counts(reader, whole, case, params, lateness=False)
        _, late = report_counts(reader, this, lateness=True)
        current = trend_counts.get(len(periods) - 1, {})
        totals = rpt.figures_from_counts(current, late.get(None, []))
        groups: list[tuple[str, rpt.Figures]] = []
        adherence = {}
        if by is not None:
            by_counts, by_late = report_counts(reader, this, _KEYS[by])
            groups = sorted(
                (
                    (name, rpt.figures_from_counts(c, by_late.get(name, [])))
                    for name, c in by_counts.items()
                    if name is not None  # promises that follow no standard: in the totals only
                ),
                key=lambda g: g[0].casefold(),
            )
        totals, groups = _with_running_waits(
            settings, reader, this, totals, groups, _KEYS[by] if by else None
        )
        totals, groups = _with_late_notices(reader, this, totals, groups, _KEYS[by] if by else None)
        totals, groups = _with_requests(settings, reader, this, totals, groups, by)
        totals, groups, disputes = _with_feedback(
            settings, reader, this, totals, groups, _KEYS[by] if by else None
        )
        moves = []
        if review:  # the date moves of the period's promises, as pk slips reads them
            from promisekeeper.domain.review import moves_of
            from promisekeeper.store.queries import move_events

            moves = moves_of(move_events(reader, this))
        if (by == "standard" or review) and not owed:
            from promisekeeper.service.standards import met_by
            from promisekeeper.store.queries import standard_promises

            adherence = met_by(
                settings,
                standard_promises(reader, None, start, end, owner=scope.owner, customer=customer),
            )
    trend = [
        rpt.TrendPoint(p, *bounds[i], rpt.figures_from_counts(trend_counts.get(i, {}), []))
        for i, p in enumerate(periods)
    ]
    return rpt.Report(
        period, start, end, settings.now, totals, by, groups, trend, adherence, moves, disputes,
        owed,
    )  # fmt: skip


def choose(
    settings: Settings,
    *,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    first: str | None = None,
    last: str | None = None,
) -> tuple[Period, datetime, datetime]:
    """The period the options name, with its bounds; refused when it or its trend (the
    periods before it) lies outside the times pk keeps."""
    from datetime import timedelta

    from promisekeeper.domain import report as rpt

    first_day = _calendar_day(settings, first, "--from")
    last_day = _calendar_day(settings, last, "--to")
    chosen = " ".join(v for v in (week, month, quarter) if v) or "this period"
    try:
        period = rpt.choose_period(
            now=settings.now,
            tz=settings.tz,
            week=week,
            month=month,
            quarter=quarter,
            first=first_day,
            last=last_day,
        )
        chosen = period.label
        start, end = period.bounds(settings.tz)
        earliest = rpt.trend_periods(period)[0].bounds(settings.tz)[0]
        timerange.check_range(earliest, "x")
        timerange.check_range(end - timedelta(seconds=1), "x")
    except (OverflowError, ValueError, BadDate) as exc:
        raise InputError(
            f"The period {chosen} and its trend (the {rpt.TREND_LENGTH - 1} periods before "
            f"it) must lie within the times pk keeps ({timerange.RANGE_TEXT})."
        ) from exc
    return period, start, end


_KEYS = {"customer": "c.name", "owner": "p.owner", "standard": STANDARD_LABEL, "party": "c.name"}


def _with_late_notices(
    reader: Reader,
    scope: ReportScope,
    totals: Figures,
    groups: list[tuple[str, Figures]],
    key_sql: str | None,
) -> tuple[Figures, list[tuple[str, Figures]]]:
    """The heads-ups given on the last day, so that ``slips_told_in_time`` can be told apart
    (docs/feedback.md)."""
    from dataclasses import replace

    from promisekeeper.store.queries import late_notices

    if not totals.slips_with_heads_up:
        return totals, groups
    total = late_notices(reader, scope).get(None, 0)
    by = late_notices(reader, scope, key_sql) if key_sql and groups else {}
    return replace(totals, late_notices=total), [
        (name, replace(g, late_notices=by.get(name, 0))) for name, g in groups
    ]


def _with_requests(
    settings: Settings,
    reader: Reader,
    scope: ReportScope,
    totals: Figures,
    groups: list[tuple[str, Figures]],
    by: str | None,
) -> tuple[Figures, list[tuple[str, Figures]]]:
    """The requests asked in the period (docs/words.md): declined, still unanswered, and the
    business days each answered one waited. A group with requests only is listed too (with
    nothing due)."""
    from dataclasses import replace

    from promisekeeper.domain.report import Figures as Figured
    from promisekeeper.store.queries import request_figures

    day = settings.day_hours

    def added(f: Figures, found: tuple[int, int, list[float]]) -> Figures:
        declined, waiting, hours = found
        return replace(
            f,
            declined=declined,
            unanswered_open=waiting,
            days_to_answer=tuple(sorted(h / day for h in hours)),
        )

    total = request_figures(reader, scope).get(None)
    if total is None:
        return totals, groups
    totals = added(totals, total)
    if by is None:
        return totals, groups
    per = request_figures(reader, scope, _KEYS[by])
    known = {name for name, _f in groups}
    groups = [(name, added(g, per.get(name, (0, 0, [])))) for name, g in groups]
    groups += [(name, added(Figured(), found)) for name, found in per.items()
               if name is not None and name not in known]  # fmt: skip
    return totals, sorted(groups, key=lambda g: g[0].casefold())


def _with_feedback(
    settings: Settings,
    reader: Reader,
    scope: ReportScope,
    totals: Figures,
    groups: list[tuple[str, Figures]],
    key_sql: str | None,
) -> tuple[Figures, list[tuple[str, Figures]], list[Dispute]]:
    """The customers' verdicts on the promises of the report, in the totals and each group
    (docs/feedback.md, "The gap"), and the disputed ones."""
    from dataclasses import replace

    from promisekeeper.domain.feedback import Dispute, disputed, feedback_figures
    from promisekeeper.store.queries import voice_of_period

    rows = voice_of_period(reader, scope, key_sql)
    if not rows:
        return totals, groups, []

    def figures_of(chosen: list[tuple[Any, PromiseRecord, str, dict[str, Any]]]) -> FeedbackFigures:
        promises = {p.id: p for _key, p, _kind, _data in chosen}
        asked = {p.id for _key, p, kind, _data in chosen if kind == "feedback_asked"}
        latest = {p.id: str(d["verdict"]) for _key, p, kind, d in chosen if kind == "feedback"}
        return feedback_figures(list(promises.values()), asked, latest, settings.now)

    totals = replace(totals, feedback=figures_of(rows))
    groups = [
        (name, replace(g, feedback=figures_of([r for r in rows if r[0] == name])))
        for name, g in groups
    ]
    latest = {p.id: (p, d) for _key, p, kind, d in rows if kind == "feedback"}
    disputes = [
        Dispute(p, str(d["verdict"]), d.get("text"))
        for p, d in latest.values()
        if disputed(p, str(d["verdict"]))
    ]
    return totals, groups, disputes


def _with_running_waits(
    settings: Settings,
    reader: Reader,
    scope: ReportScope,
    totals: Figures,
    groups: list[tuple[str, Figures]],
    key: str | None,
) -> tuple[Figures, list[tuple[str, Figures]]]:
    """The figures with the business time of the waits still running added (the store holds
    the waits that ended): each counted in its customer's working time, up to now."""
    from dataclasses import replace

    from promisekeeper.service import working_time
    from promisekeeper.store.queries import ongoing_waits

    added: dict[object, float] = {}
    for group, since, zone, calendar in ongoing_waits(reader, scope, key):
        seconds = working_time(settings, zone, calendar).seconds_between(since, settings.now)
        added[group] = added.get(group, 0.0) + seconds
    if not added:
        return totals, groups
    totals = replace(totals, waited_seconds=totals.waited_seconds + sum(added.values()))
    groups = [
        (name, replace(f, waited_seconds=f.waited_seconds + added.get(name, 0.0)))
        for name, f in groups
    ]
    return totals, groups


def _calendar_day(settings: Settings, text: str | None, option: str) -> date | None:
    """``report --from/--to``: a calendar day in the local zone."""
    if text is None:
        return None
    try:
        resolved = dates.resolve(text, settings.now, settings.date_settings)
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from exc
    return resolved.at.astimezone(settings.tz).date()

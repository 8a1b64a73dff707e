"""Review and communication (docs/review.md): the slip report and the customer statement."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain.review import Move, SlipReport, Statement, Waiting, moves_of
from promisekeeper.domain.states import DECLINED, UNANSWERED, WAITING
from promisekeeper.service import Scope, as_of_now, check_customer, reading
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter, ReportScope

if TYPE_CHECKING:
    from datetime import datetime

    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.domain.report import Period
    from promisekeeper.domain.results.lessons import LessonReport
    from promisekeeper.store import Reader

STATEMENT_DAYS = 30  # what a statement covers without --since


def period_moves(reader: Reader, scope: ReportScope) -> list[Move]:
    """The date moves of the promises ``scope`` covers (agreed for its period; cancelled ones
    left out, as the report's slips leave them out)."""
    return moves_of(queries.move_events(reader, scope))


def _period(
    settings: Settings,
    by: str | None,
    week: str | None,
    month: str | None,
    quarter: str | None,
    first: str | None,
    last: str | None,
) -> tuple[Period, datetime, datetime]:
    """The period a slip report or the lessons cover (as ``pk report`` chooses it), ``--by``
    checked."""
    from promisekeeper.errors import InputError
    from promisekeeper.service.reports import choose

    if by not in (None, "customer", "owner"):
        raise InputError(f'--by takes customer or owner, not "{by}".')
    return choose(settings, week=week, month=month, quarter=quarter, first=first, last=last)


def slips(
    settings: Settings,
    scope: Scope,
    *,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    first: str | None = None,
    last: str | None = None,
    by: str | None = None,
) -> SlipReport:
    """The moves of the promises agreed for a period: totals (per customer or owner with
    ``by``), the promises moved twice or more, and the slips the customer was never told of."""
    period, start, end = _period(settings, by, week, month, quarter, first, last)
    with reading(settings) as reader:
        moves = period_moves(reader, ReportScope(start, end, settings.now, owner=scope.owner))
    report = SlipReport.of(period.label, period.title(), start, end, settings.now, by, moves)
    return report._replace(with_owners=scope.shows_owner(settings) or by == "owner")


def statement(
    settings: Settings,
    customer: str,
    *,
    since: str | None = None,
    with_owners: bool = False,
    record: bool = False,
) -> Statement:
    """What a customer can be sent (docs/review.md, "Customer statement"): since ``since`` (the
    last 30 days unless given; ``last``: the last statement recorded for them), what was
    delivered, what will not be, what moved and why; and as of now, what we wait on from them
    and what comes next. With ``record``, the history it commits to (the chain's head)."""
    from promisekeeper.domain.review import Seal
    from promisekeeper.errors import InputError

    now = settings.now
    start = now - timedelta(days=STATEMENT_DAYS)
    last_sent = None
    covered = 0
    since_last = since is not None and since.strip().lower() == "last"
    if since is not None and not since_last:
        start = dates.resolve(since, now, settings.date_settings, mode="made").at
    with reading(settings) as reader:
        name = check_customer(reader, customer)
        assert name is not None
        seal = None
        if record:
            head = queries.chain_head(reader)
            seal = Seal(*(head or (0, "0" * 64)))
        if since_last:
            sent = queries.statements(reader, name)
            if not sent:
                raise InputError(
                    f"No statement to {name} was recorded yet: --since last starts from the "
                    "last one --record recorded. Give a day, or record this one."
                )
            start = last_sent = sent[-1].at
            covered = sent[-1].events
        closed = queries.list_promises(
            reader, PromiseFilter(customer=name, status=None, closed_from=start)
        )
        moved = [m for m in moves_of(queries.customer_moves(reader, name)) if m.at >= start]
        waiting = as_of_now(
            settings, queries.list_promises(reader, PromiseFilter(customer=name, status=WAITING))
        )
        waited_for = queries.latest_details(reader, [p.id for p in waiting], "waiting")
        broken_rows = [p for p in closed if p.status == "broken"]
        why = queries.latest_details(reader, [p.id for p in broken_rows], "broken")
        declined_rows = [p for p in closed if p.status == DECLINED]
        said_no = queries.latest_details(reader, [p.id for p in declined_rows], "declined")
        asked = queries.list_promises(reader, PromiseFilter(customer=name, status=UNANSWERED))
        coming = queries.list_promises(reader, PromiseFilter(customer=name, status="running"))
        theirs = queries.list_promises(
            reader, PromiseFilter(customer=name, status="running", direction="owed")
        )
        heard = _verdicts_since(reader, name, start)
        new: tuple[PromiseRecord, ...] = ()
        if last_sent is not None:  # recorded after the history the last statement covered
            made = queries.created_after(reader, name, covered)
            if made:
                found = queries.list_promises(reader, PromiseFilter(status=None, ids=tuple(made)))
                new = tuple(sorted(found, key=lambda p: p.id))
    delivered = sorted(
        (p for p in closed if p.status == "kept" and p.kept_at is not None),
        key=lambda p: (p.kept_at, p.id),
    )
    broken = [(p, why.get(p.id, {}).get("reason")) for p in broken_rows]
    return Statement(
        name,
        start,
        now,
        delivered,
        broken,
        sorted(moved, key=lambda m: (m.at, m.promise_id)),
        [Waiting(p, waited_for.get(p.id, {}).get("reason")) for p in waiting],
        coming,
        with_owners,
        heard,
        tuple((p, said_no.get(p.id, {}).get("reason")) for p in declined_rows),
        tuple(asked),
        settings.effort_margin,
        tuple(theirs),
        seal,
        last_sent,
        new,
    )


def _verdicts_since(
    reader: Reader, customer: str, start: datetime
) -> tuple[tuple[PromiseRecord, str, str | None], ...]:
    """Each of the customer's promises' latest verdict, when recorded since ``start``."""
    return tuple(
        (p, str(data["verdict"]), data.get("text"))
        for p, at, data in queries.latest_verdicts(reader, customer)
        if at >= start
    )


def lessons(
    settings: Settings,
    scope: Scope,
    *,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    first: str | None = None,
    last: str | None = None,
    by: str | None = None,
) -> LessonReport:
    """Why the slips and breaks of the promises agreed for a period happened, and what we
    learned (docs/feedback.md, "Causes and lessons")."""
    from promisekeeper.domain.lessons import misses, tally
    from promisekeeper.domain.results.lessons import LessonReport

    period, start, end = _period(settings, by, week, month, quarter, first, last)
    with reading(settings) as reader:
        rows = queries.lesson_events(
            reader, ReportScope(start, end, settings.now, owner=scope.owner)
        )
    found = misses(rows, by)
    groups = []
    if by is not None:
        keys = sorted({m.key for m in found}, key=str.casefold)
        groups = [(key, tally([m for m in found if m.key == key])) for key in keys]
    return LessonReport(
        period.label,
        period.title(),
        start,
        end,
        sum(1 for m in found if m.kind == "slip"),
        sum(1 for m in found if m.kind == "break"),
        tally(found),
        by,
        tuple(groups),
    )

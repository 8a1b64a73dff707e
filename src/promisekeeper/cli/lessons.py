"""``pk lessons``: why our slips and breaks happened, and what we learned."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import AllOption, OwnerOption, settings_of
from promisekeeper.cli.formats import result_format
from promisekeeper.cli.report import (
    FromOption,
    MonthOption,
    OutOption,
    QuarterOption,
    ToOption,
    WeekOption,
    deliver,
    written_to,
)


def lessons(
    ctx: typer.Context,
    week: WeekOption = None,
    month: MonthOption = None,
    quarter: QuarterOption = None,
    first: FromOption = None,
    last: ToOption = None,
    by: Annotated[str | None, typer.Option("--by", help="Causes by customer or owner.")] = None,
    owner: OwnerOption = None,
    all_: AllOption = False,
    fmt: Annotated[str, result_format("LessonReport")] = "table",
    out: OutOption = None,
) -> None:
    """The causes of a period's slips and breaks, worst first, with their lessons.

    The promises are those agreed for the period, as in `pk report`; a cause and a lesson are
    given with `pk slip ID --by WHEN --cause C --lesson TEXT` (or on `pk promise break`).

    Example: pk lessons --quarter --by owner
    """
    from promisekeeper.service.review import lessons as lesson_report

    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    chosen = written_to(settings, out, fmt, "the lessons")
    result = lesson_report(
        settings, scope, week=week, month=month, quarter=quarter, first=first, last=last, by=by
    )
    deliver(result, fmt, settings, chosen, "the lessons")

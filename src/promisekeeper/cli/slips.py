"""``pk slips``: the moves of a period's promises, and the ones the customer never heard of."""

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


def slips(
    ctx: typer.Context,
    week: WeekOption = None,
    month: MonthOption = None,
    quarter: QuarterOption = None,
    first: FromOption = None,
    last: ToOption = None,
    by: Annotated[str | None, typer.Option("--by", help="Totals by customer or owner.")] = None,
    owner: OwnerOption = None,
    all_: AllOption = False,
    fmt: Annotated[str, result_format("SlipReport")] = "table",
    out: OutOption = None,
) -> None:
    """Promises moved twice or more, and slips the customer was never told of, for a period.

    The promises are those agreed for the period, as in `pk report`. A slip counts as told
    when it had a heads-up or a contact was noted before its old date.

    Example: pk slips --month 2026-10 --by customer
    """
    from promisekeeper.service.review import slips as slip_report

    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    chosen = written_to(settings, out, fmt, "the slip report")
    result = slip_report(
        settings, scope, week=week, month=month, quarter=quarter, first=first, last=last, by=by
    )
    deliver(result, fmt, settings, chosen, "the slip report")

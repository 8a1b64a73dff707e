"""``pk report``: the kept-rate review."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import AllOption, Format, FormatOption, OwnerOption, settings_of, show
from promisekeeper.service import reports


def report(
    ctx: typer.Context,
    week: Annotated[
        str | None, typer.Option("--week", help="This ISO week, or one like 2026-W48.")
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="This month (default), or one like 2026-10.")
    ] = None,
    quarter: Annotated[
        str | None, typer.Option("--quarter", help="This quarter, or one like 2026-Q4.")
    ] = None,
    first: Annotated[
        str | None, typer.Option("--from", help="First day of a custom range (with --to).")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help="Last day of a custom range (included).")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Break down by customer, owner or standard.")
    ] = None,
    owner: OwnerOption = None,
    all_: AllOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Kept-rate, slips and lateness for the promises agreed for a period, with the trend.

    A promise counts in the period its agreed (baseline) date falls in; on time means kept by the
    date the customer agreed to, not by a date moved later without them.

    Example: pk report --month 2026-10 --by customer
    """
    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    result = reports.report(
        settings, scope, week=week, month=month, quarter=quarter, first=first, last=last, by=by
    )
    show(result, fmt.value, settings)

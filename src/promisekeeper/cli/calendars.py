"""``pk calendar``: the closed days in force."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of, show
from promisekeeper.cli.completion import complete_customer
from promisekeeper.cli.formats import result_format


def calendar(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="The year (default: this one).")
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option(
            "--customer", "-c", help="A customer's calendar.", autocompletion=complete_customer
        ),
    ] = None,
    fmt: Annotated[str, result_format("CalendarYear")] = "table",
) -> None:
    """The closed days in force for a year: public holidays and your own, or a customer's.

    Example: pk calendar --year 2027
    """
    from promisekeeper.service.calendars import calendar_year

    settings = settings_of(ctx)
    show(calendar_year(settings, year, customer), fmt, settings)

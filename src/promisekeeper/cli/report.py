"""``pk report``: the kept-rate review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import AllOption, OwnerOption, settings_of, show
from promisekeeper.cli.formats import result_format
from promisekeeper.service import reports

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.files import Target


# The period options of pk report and pk slips (a flag alone means the current period).
WeekOption = Annotated[
    str | None, typer.Option("--week", help="This ISO week, or one like 2026-W48.")
]
MonthOption = Annotated[
    str | None, typer.Option("--month", help="This month (default), or one like 2026-10.")
]
QuarterOption = Annotated[
    str | None, typer.Option("--quarter", help="This quarter, or one like 2026-Q4.")
]
FromOption = Annotated[
    str | None, typer.Option("--from", help="First day of a custom range (with --to).")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Last day of a custom range (included).")
]
OutOption = Annotated[
    str | None,
    typer.Option("--out", "-o", help="Write to this file (replaced whole), e.g. review.html."),
]


def report(
    ctx: typer.Context,
    week: WeekOption = None,
    month: MonthOption = None,
    quarter: QuarterOption = None,
    first: FromOption = None,
    last: ToOption = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Break down by customer, owner or standard (party with --owed)."),
    ] = None,
    owed: Annotated[
        bool,
        typer.Option("--owed", help="The promises others made to you: each party's kept-rate."),
    ] = False,
    owner: OwnerOption = None,
    all_: AllOption = False,
    fmt: Annotated[str, result_format("Report", html="a page")] = "table",
    out: OutOption = None,
) -> None:
    """Kept-rate, slips and lateness for the promises agreed for a period, with the trend.

    A promise counts in the period its agreed (baseline) date falls in; on time means kept by the
    date the customer agreed to, not by a date moved later without them.

    Example: pk report --month 2026-10 --by customer --format html --out review.html
    """
    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    chosen = written_to(settings, out, fmt, "the report")
    result = reports.report(
        settings,
        scope,
        week=week,
        month=month,
        quarter=quarter,
        first=first,
        last=last,
        by=by,
        review=fmt == "html",
        owed=owed,
    )
    deliver(result, fmt, settings, chosen, "the report")


def written_to(settings: Settings, out: str | None, fmt: str, what: str) -> Target | None:
    """The file ``--out`` names, checked before any work; None for stdout."""
    if out is None:
        return None
    if fmt == "table":
        from promisekeeper.errors import InputError

        raise InputError("--out writes a file: add --format html, markdown, csv or json.")
    return service.output_file(settings, out, what)


def deliver(result: object, fmt: str, settings: Settings, chosen: Target | None, what: str) -> None:
    """Print ``result``, or write it whole to ``chosen`` and say where on stderr."""
    if chosen is None:
        show(result, fmt, settings)
        return
    from promisekeeper.render.registry import text
    from promisekeeper.render.safe import echo

    service.save(chosen, text(result, fmt, settings), what)
    echo(f"Wrote {what} to {chosen.path}", err=True)

"""``pk due`` (the morning view) and ``pk overdue``."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import (
    AllOption,
    CustomerOption,
    LimitOption,
    OwnerOption,
    WideOption,
    first_page,
    settings_of,
    show,
)
from promisekeeper.cli.formats import result_format
from promisekeeper.service import due as morning
from promisekeeper.service import lists


def due(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option(
            "--days", "-d", help="How many days ahead count as soon (config due.days, 2)."
        ),
    ] = None,
    owner: OwnerOption = None,
    all_: AllOption = False,
    customer: CustomerOption = None,
    fmt: Annotated[str, result_format("DueResult")] = "table",
    fail_if_overdue: Annotated[
        bool, typer.Option("--fail-if-overdue", help="Exit 1 when anything is overdue (for cron).")
    ] = False,
    wide: WideOption = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help="Show at most N promises (0: all). Default: a screenful on a terminal.",
            metavar="N",
        ),
    ] = None,
) -> None:
    """What is overdue, due today and due soon — the morning view.

    Example: pk due --days 5
    """
    from promisekeeper.domain.results import DueResult

    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    # A screenful at most is read; the view then shows what fits the terminal's height
    # (render.views.fit_sections), the counts of the rest read with it.
    first = first_page(fmt, limit)
    view = morning.due(settings, scope, customer=customer, days=days, first=first)
    show(DueResult(view, scope.shows_owner(settings), wide, limit is None), fmt, settings)
    if fail_if_overdue and view.overdue:
        raise typer.Exit(1)


def overdue(
    ctx: typer.Context,
    owner: OwnerOption = None,
    all_: AllOption = False,
    fmt: Annotated[str, result_format("PromiseList")] = "table",
    limit: LimitOption = None,
    wide: WideOption = False,
) -> None:
    """Every overdue promise, most late first.

    Example: pk overdue --all
    """
    from promisekeeper.domain.results import PromiseList

    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    rows, counts = lists.overdue(settings, scope, first_page(fmt, limit))
    shown = PromiseList(rows, scope.shows_owner(settings), "Nothing overdue.", limit, wide, counts)
    show(shown, fmt, settings)

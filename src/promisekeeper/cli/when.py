"""``pk when``: try a date expression; nothing is saved."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of, show
from promisekeeper.cli.formats import result_format


def when(
    ctx: typer.Context,
    expression: Annotated[
        list[str], typer.Argument(help="A date, e.g. friday 5pm, in 3 days, eom.")
    ],
    fmt: Annotated[str, result_format("WhenResult")] = "table",
) -> None:
    """Show what a date expression means right now, without saving anything.

    Example: pk when next friday 10am
    """
    from promisekeeper import dates
    from promisekeeper.domain.results import WhenResult

    settings = settings_of(ctx)
    text = " ".join(expression)
    resolution = dates.resolve(text, settings.now, settings.date_settings)
    show(WhenResult(text, resolution), fmt, settings)

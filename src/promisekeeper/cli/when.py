"""``pk when``: try a date expression; nothing is saved."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import Format, FormatOption, emit, settings_of


def when(
    ctx: typer.Context,
    expression: Annotated[
        list[str], typer.Argument(help="A date, e.g. friday 5pm, in 3 days, eom.")
    ],
    fmt: FormatOption = Format.table,
) -> None:
    """Show what a date expression means right now, without saving anything.

    Example: pk when next friday 10am
    """
    from promisekeeper.dates import to_utc_iso
    from promisekeeper.render import machine, markdown, views

    settings = settings_of(ctx)
    text = " ".join(expression)
    resolution = service.resolve_when(settings, text)
    emit(
        fmt,
        lambda: views.when_view(text, resolution, settings),
        lambda: {"expression": text, "resolved": to_utc_iso(resolution.at)},
        lambda: machine.csv_text(("expression", "resolved"), [[text, to_utc_iso(resolution.at)]]),
        lambda: markdown.when(text, resolution, settings),
    )

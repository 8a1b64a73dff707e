"""``pk when``: try a date expression; nothing is saved."""

from __future__ import annotations

from typing import Annotated

import typer

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
    from promisekeeper import dates

    settings = settings_of(ctx)
    text = " ".join(expression)
    resolution = dates.resolve(text, settings.now, settings.date_settings)
    resolved = dates.to_utc_iso(resolution.at)

    def table() -> None:
        from promisekeeper.render.console import when_view

        when_view(text, resolution, settings)

    def csv() -> str:
        from promisekeeper.render.machine import csv_text

        return csv_text(("expression", "resolved"), [[text, resolved]])

    def markdown() -> str:
        from promisekeeper.render.markdown import when

        return when(text, resolution, settings)

    emit(fmt, table, lambda: {"expression": text, "resolved": resolved}, csv, markdown)

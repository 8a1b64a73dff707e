"""``pk away``: cover while away (docs/owed.md, "Cover while away")."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of, show
from promisekeeper.cli.formats import result_format

away_app = typer.Typer(
    help="Cover while away: your open promises go to a colleague, and come back.",
    invoke_without_command=True,
    rich_markup_mode=None,
    add_completion=False,
)


@away_app.callback()
def away(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="The first day away (monday, Dec 14…).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="The last day away.")] = None,
    cover: Annotated[
        str | None, typer.Option("--cover", help="Who keeps your promises meanwhile.")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Whose absence (default: yours; a lead's).")
    ] = None,
    stop: Annotated[
        bool, typer.Option("--end", help="Back now: the still-open promises come back.")
    ] = False,
) -> None:
    """Hand your open promises due while you are away to a colleague, who sees them in pk due
    and pk remind; the still-open ones come back when you return (at the first command after
    the last day, or pk away --end). The history keeps both names.

    Example: pk away --from "mon 14 dec" --to "fri 18 dec" --cover bob
    """
    if ctx.invoked_subcommand is not None:
        return
    from promisekeeper.errors import InputError
    from promisekeeper.render.away import change as away_change
    from promisekeeper.service.away import end_away, set_away

    settings = settings_of(ctx)
    if stop:
        if start or end or cover:
            raise InputError("--end ends the absence now: leave out --from, --to and --cover.")
        away_change(end_away(settings, owner), settings)
        return
    if start is None or end is None or cover is None:
        raise InputError(
            "Give --from DAY --to DAY --cover NAME (or --end when you are back; "
            "pk away list shows every absence)."
        )
    away_change(set_away(settings, start=start, end=end, cover=cover, owner=owner), settings)


@away_app.command("list")
def list_(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this owner's.")] = None,
    fmt: Annotated[str, result_format("AwayList")] = "table",
) -> None:
    """Every absence recorded: who, when, who covers, whether handed over and back.

    Example: pk away list --format json
    """
    from promisekeeper.service.away import list_away

    settings = settings_of(ctx)
    show(list_away(settings, owner), fmt, settings)

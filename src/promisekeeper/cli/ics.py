"""``pk ics``: your promises in your calendar."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import AllOption, OwnerOption, complete_customer, settings_of


def ics(
    ctx: typer.Context,
    owner: OwnerOption = None,
    all_: AllOption = False,
    customer: Annotated[
        str | None,
        typer.Option("--customer", "-c", help="One customer's.", autocompletion=complete_customer),
    ] = None,
    events: Annotated[
        bool, typer.Option("--events", help="Events at the due time, for calendars without tasks.")
    ] = False,
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write to this file (replaced whole).")
    ] = None,
) -> None:
    """Open promises as an iCalendar feed (RFC 5545): one task per promise, with an alarm.

    Example: pk ics --out ~/promises.ics
    """
    from promisekeeper.render.safe import echo, write_out
    from promisekeeper.service import Scope
    from promisekeeper.service.feeds import ics as feed

    settings = settings_of(ctx)
    scope = Scope.of(settings, owner, all_)
    count, path = feed(
        settings, scope, customer=customer, events=events, target=out, write=write_out
    )
    if path is not None:
        echo(f"Wrote {count} promise{'s' if count != 1 else ''} to {path}", err=True)

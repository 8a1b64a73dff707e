"""``pk ics``: your promises in your calendar."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import AllOption, OwnerOption, settings_of
from promisekeeper.cli.completion import complete_customer


def ics(
    ctx: typer.Context,
    owner: OwnerOption = None,
    all_: AllOption = False,
    customer: Annotated[
        str | None,
        typer.Option("--customer", "-c", help="One customer's.", autocompletion=complete_customer),
    ] = None,
    tasks: Annotated[
        bool,
        typer.Option(
            "--tasks",
            help="Tasks (VTODO) instead of events, for task lists: Thunderbird's tasks, "
            "todoman, Apple Reminders, tasks.org.",
        ),
    ] = False,
    events: Annotated[
        bool, typer.Option("--events", hidden=True, help="Events (the default).")
    ] = False,
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write to this file (replaced whole).")
    ] = None,
    caldav: Annotated[
        str | None,
        typer.Option(
            "--caldav",
            help="Push to this CalDAV collection URL (password: in it or PK_CALDAV_PASSWORD).",
            metavar="URL",
        ),
    ] = None,
) -> None:
    """Open promises as an iCalendar feed (RFC 5545): one event per promise, with an alarm.

    Each event is the half hour that ends at the promise's deadline; --tasks writes one task
    each instead, for task lists.

    Example: pk ics --out ~/promises.ics
    """
    from promisekeeper.render.ics import items, write_feed
    from promisekeeper.render.safe import echo, write_out
    from promisekeeper.service import Scope
    from promisekeeper.service.feeds import ics as feed

    settings = settings_of(ctx)
    scope = Scope.of(settings, owner, all_)
    if tasks and events:
        from promisekeeper.errors import InputError

        raise InputError("Use either --tasks or --events, not both.")
    events = not tasks  # events by default: every calendar app shows them (docs/formats.md)
    if caldav is not None:
        from promisekeeper.environment import env
        from promisekeeper.errors import InputError
        from promisekeeper.service.feeds import push

        if out is not None:
            raise InputError("Use either --out or --caldav, not both.")
        done = push(
            settings,
            scope,
            customer=customer,
            events=events,
            url=caldav,
            password=env("PK_CALDAV_PASSWORD"),
            items=items,
        )
        echo(
            f"CalDAV {done.url}: {done.created} new, {done.updated} changed, "
            f"{done.completed} completed, {done.cancelled} cancelled, {done.removed} removed."
        )
        if done.other_kind:
            kind = ("event" if tasks else "task") + ("s" if done.other_kind != 1 else "")
            echo(
                f"The collection also holds {done.other_kind} {kind} of closed promises that pk "
                f"pushed before and no longer updates ({'without' if tasks else 'with'} --tasks "
                "pk pushes that kind)."
            )
        return
    count, path = feed(
        settings,
        scope,
        customer=customer,
        events=events,
        target=out,
        write=write_out,
        render=write_feed,
    )
    if path is not None:
        echo(f"Wrote {count} promise{'s' if count != 1 else ''} to {path}", err=True)

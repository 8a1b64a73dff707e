"""``pk remind``: for cron and timers."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import AllOption, OwnerOption, settings_of


def remind(
    ctx: typer.Context,
    owner: OwnerOption = None,
    all_: AllOption = False,
    notify: Annotated[
        str | None,
        typer.Option(
            "--notify",
            help="desktop, or an Apprise URL (json://…, ntfy://…, mailto://…).",
            metavar="desktop|URL",
        ),
    ] = None,
) -> None:
    """Say what became overdue, at risk or due soon since the last run, once; for cron.

    Example: pk remind --notify desktop
    """
    from functools import partial

    from promisekeeper.render.reminders import message, sent, view
    from promisekeeper.service import Scope
    from promisekeeper.service.reminders import remind as run

    settings = settings_of(ctx)
    scope = Scope.of(settings, owner, all_)
    shown = run(
        settings,
        scope,
        notify=notify,
        show=partial(view, settings=settings),
        compose=partial(message, settings=settings),
    )
    sent(shown)

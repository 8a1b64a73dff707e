"""``pk undo``: take back your last change."""

from __future__ import annotations

import typer

from promisekeeper.cli.app import settings_of


def undo(ctx: typer.Context) -> None:
    """Take back the last change you made in the last 30 minutes.

    One change per call: a keep, break, cancel, reopen, slip, correction, note, edit, delete,
    wait, merge or add. Every figure and view is then as it was before it.

    Example: pk undo
    """
    from promisekeeper.domain.events import KIND
    from promisekeeper.domain.results import Change
    from promisekeeper.domain.states import reported_status
    from promisekeeper.render.views import due_line, echo_change
    from promisekeeper.service.undo import undo as take_back

    settings = settings_of(ctx)
    done = take_back(settings)
    what = KIND[done.kind].undo
    for p, deleted in done.promises:
        if deleted:
            state = "it is gone from every list again"
        else:
            state = f"{reported_status(p.status)} · {due_line(p, settings)}"
        echo_change(f"Undid {what} on", Change(p), settings, state)

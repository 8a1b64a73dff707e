"""``pk undo``: take back your last change."""

from __future__ import annotations

import typer

from promisekeeper.cli.app import settings_of

WORDS = {  # what the undone change was, as the echo says it
    "created": "the promise itself",
    "kept": "keeping it",
    "broken": "breaking it",
    "cancelled": "cancelling it",
    "reopened": "reopening it",
    "rescheduled": "the move of its date",
    "corrected": "the correction of its date",
    "noted": "the note",
    "contacted": "the contact note",
    "edited": "the edit",
    "deleted": "deleting it",
    "waiting": "the wait on the customer",
    "resumed": "the end of the wait",
}


def undo(ctx: typer.Context) -> None:
    """Take back the last change you made in the last 30 minutes.

    One change per call: a keep, break, cancel, reopen, slip, correction, note, edit, delete,
    wait, merge or add. Every figure and view is then as it was before it.

    Example: pk undo
    """
    from promisekeeper.domain.results import Change
    from promisekeeper.domain.states import reported_status
    from promisekeeper.render.views import due_line, echo_change
    from promisekeeper.service.undo import undo as take_back

    settings = settings_of(ctx)
    done = take_back(settings)
    what = WORDS.get(done.kind, done.kind)
    for p, deleted in done.promises:
        if deleted:
            state = "it is gone from every list again"
        else:
            state = f"{reported_status(p.status)} · {due_line(p, settings)}"
        echo_change(f"Undid {what} on", Change(p), settings, state)

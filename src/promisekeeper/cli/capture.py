"""``pk capture``: find the promises in a pasted email or meeting note and record them."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of
from promisekeeper.cli.completion import complete_customer

CAPTURE_LIMIT = 1_000_000  # bytes of text one capture reads (docs/capture.md)


def capture(
    ctx: typer.Context,
    text: Annotated[
        list[str] | None,
        typer.Argument(help="The text; without it, read from stdin (paste, then Ctrl-D)."),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="The customer of every promise found.", autocompletion=complete_customer
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Record every complete one without asking.")
    ] = False,
    new_customer: Annotated[
        bool, typer.Option("--new-customer", help="Create customers not on file yet.")
    ] = False,
) -> None:
    """Find the promises in a pasted email or meeting note and record the ones you confirm.

    A promise is a sentence where I or we commit to something, with a date pk can read and a
    customer it knows (or --to); anything else is shown and skipped, never guessed.

    Example: pk capture "Thanks Dana, I'll send Acme the revised quote by Friday."
    """
    from promisekeeper.errors import InputError
    from promisekeeper.files import check_size, read_input
    from promisekeeper.render.capture import say, show
    from promisekeeper.render.views import due_line, echo_change
    from promisekeeper.service.capture import find, record

    settings = settings_of(ctx)
    if text:
        body = " ".join(text)
        check_size(len(body.encode("utf-8")), "The text", CAPTURE_LIMIT)
    else:
        if sys.stdin.isatty():
            from promisekeeper.render.safe import echo

            echo("Paste the text, then Ctrl-D on a line of its own:", err=True)
        body = read_input(sys.stdin.buffer, "The text on stdin", CAPTURE_LIMIT)
    if not body.strip():
        raise InputError("Nothing to read: give the text, or pipe it in (pk capture < note.txt).")
    found = find(settings, body, to)
    if not found:
        say(
            'No promises found: a promise is a sentence like "I\'ll send Acme the quote by Friday".'
        )
        return
    asking = not yes and sys.stdin.isatty()  # a terminal reads again after Ctrl-D
    recorded = 0
    skipped: Counter[str] = Counter()
    for number, one in enumerate(found, 1):
        show(one, number, settings)
        if not one.complete:
            skipped[one.skipped or "incomplete"] += 1
            continue
        if (
            one.new_customer
            and not new_customer
            and (not asking or not typer.confirm(f'   Create the customer "{one.customer}"?'))
        ):
            say("   skipped: a new customer (add --new-customer to create it)")
            skipped["a new customer"] += 1
            continue
        if not yes:
            if not asking:
                continue
            answer = _ask_to_record()
            if answer == "n":
                skipped["you said no"] += 1
                continue
            if answer == "e":
                edited = typer.prompt("   Text", default=one.what or "").strip()
                one = one._replace(what=edited or one.what)
        from promisekeeper.service.promises import AlreadyPromised

        try:
            change = record(settings, one, new_customer=True if one.new_customer else new_customer)
        except AlreadyPromised as exc:  # the same note pasted twice: the first one stands
            say(f"   skipped: already recorded as {exc.existing}")
            skipped["recorded before"] += 1
            continue
        echo_change("Promised", change, settings, due_line(change.promise, settings))
        recorded += 1
    complete = sum(1 for one in found if one.complete)
    if recorded == 0 and complete and not asking and not yes:
        which = "the complete one" if complete == 1 else f"the {complete} complete ones"
        say(f"Nothing recorded: add --yes to record {which}.")
    elif yes or asking:
        reasons = "; ".join(f"{count} skipped: {why}" for why, count in skipped.items())
        say(f"Recorded {recorded} of {len(found)}" + (f"; {reasons}" if reasons else "") + ".")


def _ask_to_record() -> str:
    """y (record it), n (skip it) or e (edit its text first); Enter is y."""
    while True:
        answer = typer.prompt("   Record it? [Y/n/e to edit]", default="y", show_default=False)
        answer = answer.strip().casefold()[:1] or "y"
        if answer in ("y", "n", "e"):
            return answer

"""``pk feedback …``: ask the customer "did we keep our promise?" and hear the answer."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import CustomerOption, IdArg, parse_id, settings_of, show
from promisekeeper.cli.completion import complete_promise_id
from promisekeeper.cli.formats import result_format

feedback_app = typer.Typer(
    help="Ask customers whether we kept our promise, read their replies, list the verdicts.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)


@feedback_app.command("ask")
def ask(
    ctx: typer.Context,
    promise_ids: Annotated[
        list[int],
        typer.Argument(
            help="The promises to ask about (kept, broken, or open past the agreed date).",
            autocompletion=complete_promise_id,
            metavar="ID...",
            parser=parse_id,
        ),
    ],
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Write one .eml file per question into this folder."),
    ] = None,
    send: Annotated[
        str | None,
        typer.Option("--send", help="Send them through this Apprise mailto:// URL.", metavar="URL"),
    ] = None,
    again: Annotated[
        bool, typer.Option("--again", help="Ask about a promise asked about before.")
    ] = False,
) -> None:
    """Ask the customer "did we keep our promise?": one short e-mail per promise, its subject
    tagged so that the reply finds its promise.

    Example: pk feedback ask 12 14 --out ~/outbox
    """
    from promisekeeper.errors import InputError
    from promisekeeper.render.feedback import asked
    from promisekeeper.service.feedback import ask as make

    settings = settings_of(ctx)
    if (out is None) == (send is None):
        raise InputError("Say where the questions go: --out FOLDER or --send mailto://…")
    from promisekeeper.render.feedback import body, message
    from promisekeeper.service.outbox import by_mail, into_folder

    if out is not None:
        deliver = into_folder(settings, out, lambda question: message(question, settings))
    else:
        assert send is not None
        deliver = by_mail(settings, send, lambda question: body(question, settings))
    asked(make(settings, promise_ids, again=again, deliver=deliver), settings)


@feedback_app.command("read")
def read(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(help=".eml files, mbox files or Maildir folders.", metavar="PATH..."),
    ],
) -> None:
    """Read the customers' replies from files, offline, and record each verdict (yes or no,
    and their words); one line per message, with why when nothing was recorded.

    Example: pk feedback read ~/Mail/replies.mbox
    """
    from promisekeeper.render.feedback import heard
    from promisekeeper.render.progress import Bar
    from promisekeeper.service.feedback import read as take

    settings = settings_of(ctx)
    with Bar("Reading replies") as bar:  # the files are counted only for a bar that can show
        result = take(settings, paths, bar.start if bar.enabled else None)
    heard(result, settings)


@feedback_app.command("record")
def record(
    ctx: typer.Context,
    promise_id: IdArg,
    kept: Annotated[bool, typer.Option("--kept", help="They say we kept it.")] = False,
    not_kept: Annotated[bool, typer.Option("--not-kept", help="They say we did not.")] = False,
    text: Annotated[str | None, typer.Option("--text", help="Their words.")] = None,
) -> None:
    """Record a verdict heard by phone or in person.

    Example: pk feedback record 12 --not-kept --text "the quote had the old prices"
    """
    from promisekeeper.errors import InputError
    from promisekeeper.render.feedback import recorded
    from promisekeeper.service.feedback import record as take

    if kept == not_kept:
        raise InputError("Give either --kept or --not-kept.")
    settings = settings_of(ctx)
    recorded(take(settings, promise_id, "kept" if kept else "not_kept", text), settings)


@feedback_app.command("list")
def list_(
    ctx: typer.Context,
    disputed: Annotated[
        bool, typer.Option("--disputed", help="Only verdicts that contradict our record.")
    ] = False,
    customer: CustomerOption = None,
    fmt: Annotated[str, result_format("FeedbackList")] = "table",
) -> None:
    """Every promise's latest verdict beside our record, disputes first.

    Example: pk feedback list --disputed
    """
    from promisekeeper.service.feedback import verdicts

    settings = settings_of(ctx)
    show(verdicts(settings, disputed_only=disputed, customer=customer), fmt, settings)

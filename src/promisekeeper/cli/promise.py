"""``pk promise …``: record a promise and everything that happens to it."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import (
    AllOption,
    CustomerOption,
    IdArg,
    LimitOption,
    OwnerOption,
    WideOption,
    first_page,
    parse_id,
    settings_of,
    show,
)
from promisekeeper.cli.completion import complete_customer, complete_promise_id
from promisekeeper.cli.formats import result_format
from promisekeeper.errors import InputError
from promisekeeper.service import lists, promises

promise_app = typer.Typer(
    help="Add, list, show and change promises.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

CauseOption = Annotated[
    str | None,
    typer.Option(
        "--cause",
        help="Why it happened: estimate, capacity, vendor, customer-input, forgot, other "
        "(the setting causes).",
    ),
]
LessonOption = Annotated[
    str | None, typer.Option("--lesson", help="What we learned from it (pk lessons lists it).")
]
IdsArg = Annotated[
    list[int],
    typer.Argument(
        help="One or more promise numbers (12 or #12); all change, or none.",
        autocompletion=complete_promise_id,
        metavar="ID...",
        parser=parse_id,
    ),
]


@promise_app.command("add")
def add(
    ctx: typer.Context,
    what: Annotated[
        str | None,
        typer.Argument(help="What you promised, in a few words (asked for when left out)."),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="The customer.", autocompletion=complete_customer),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="When: friday, tomorrow 10am, Dec 1, in 3 days…")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Who made it (default: you).")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="A tag; repeat for more.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A first note.")] = None,
    made: Annotated[
        str | None, typer.Option("--made", help="When it was made, if not now (e.g. monday).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow a due date in the past.")] = False,
    new_customer: Annotated[
        bool,
        typer.Option("--new-customer", help="Create the customer even if a similar one exists."),
    ] = False,
    standard: Annotated[
        str | None,
        typer.Option("--standard", help="The service standard it follows (due from it)."),
    ] = None,
    update_every: Annotated[
        str | None,
        typer.Option(
            "--update-every",
            help='How often the customer hears from you, e.g. "2 business days".',
        ),
    ] = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again", help="Record it even if the same promise is open, due the same day."
        ),
    ] = False,
    their_time: Annotated[
        bool,
        typer.Option(
            "--their-time", help="Read the time you type in the customer's own zone, not yours."
        ),
    ] = False,
    unanswered: Annotated[
        bool,
        typer.Option(
            "--unanswered",
            help="A request you have not answered with a date yet (pk promise answer gives one).",
        ),
    ] = False,
    effort: Annotated[
        str | None,
        typer.Option("--effort", help='The effort you told the customer, e.g. "15 minutes".'),
    ] = None,
    plan_b: Annotated[
        str | None, typer.Option("--plan-b", help="What you do if it does not hold.")
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            help='Make it recur: week, 2 weeks, month, "month on the 5th", monday, quarter, '
            '"last business day of the month".',
        ),
    ] = None,
) -> None:
    """Record a promise you just made. With no arguments on a terminal, pk asks for what, the
    customer (Tab completes the names on file) and when (echoing the date it read).

    Example: pk promise add "Send the revised quote" --to Acme --by friday
    """
    from promisekeeper.render.views import due_line, echo_change

    settings = settings_of(ctx)
    need_by = standard is None and not unanswered
    if what is None or to is None or (by is None and need_by and sys.stdin.isatty()):
        from promisekeeper.cli.ask import ask_promise

        what, to, by = ask_promise(settings, what, to, by, need_by=need_by)
    change = promises.add_promise(
        settings,
        what=what,
        customer=to,
        by=by,
        owner=owner,
        tags=tag,
        note=note,
        made=made,
        force=force,
        new_customer=new_customer,
        standard=standard,
        update_every=update_every,
        again=again,
        their_time=their_time,
        unanswered=unanswered,
        effort=effort,
        plan_b=plan_b,
        every=every,
    )
    extra = due_line(change.promise, settings)
    if change.promise.every:
        extra += f"\nevery {change.promise.every}: the next is made when this one closes"
    echo_change("Promised", change, settings, extra)


@promise_app.command("list")
def list_(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help="Only promises whose text, customer or notes contain this."),
    ] = None,
    customer: CustomerOption = None,
    owner: OwnerOption = None,
    all_: AllOption = False,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            "-s",
            help="open (default; waiting ones too), waiting, kept, broken, cancelled or all.",
        ),
    ] = "open",
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only with this tag.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")] = False,
    slipping: Annotated[
        bool, typer.Option("--slipping", help="Only open ones that slipped.")
    ] = False,
    fmt: Annotated[str, result_format("PromiseList")] = "table",
    limit: LimitOption = None,
    wide: WideOption = False,
) -> None:
    """List promises, soonest due first; with TEXT, those whose text, customer or notes
    contain it (any case).

    Example: pk ls quote --status all
    """
    from promisekeeper.domain.results import PromiseList

    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    rows, counts = lists.list_promises(
        settings,
        scope,
        customer=customer,
        status=status,
        tag=tag,
        overdue=overdue,
        slipping=slipping,
        first=first_page(fmt, limit),
        search=text,
    )
    shown = PromiseList(rows, scope.shows_owner(settings), limit=limit, wide=wide, counts=counts)
    if not rows and text is None and fmt == "table" and lists.is_empty(settings):
        from promisekeeper.service import shown_database as redact

        shown = shown._replace(
            empty=f"No promises yet in {redact(settings.db)}. Record the first one: "
            'pk add "Send the quote" --to Acme --by friday'
        )
    show(shown, fmt, settings)


@promise_app.command("show")
def show_(
    ctx: typer.Context,
    promise_id: IdArg,
    fmt: Annotated[str, result_format("PromiseDetail")] = "table",
) -> None:
    """Show one promise with its whole history.

    Example: pk promise show 38 --format json
    """
    settings = settings_of(ctx)
    show(lists.show_promise(settings, promise_id), fmt, settings)


@promise_app.command("keep")
def keep(
    ctx: typer.Context,
    promise_ids: IdsArg,
    at: Annotated[
        str | None,
        typer.Option("--at", help="When it was delivered, if not now (e.g. friday 4pm)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note on the delivery.")] = None,
    effort: Annotated[
        str | None,
        typer.Option("--effort", help='What keeping it took, e.g. "90 minutes".'),
    ] = None,
) -> None:
    """Mark promises kept (several at once: pk keep 32 33).

    Example: pk promise keep 38 --at "yesterday 4pm"
    """
    from promisekeeper.display import format_day_time
    from promisekeeper.domain.rules import outcome
    from promisekeeper.render.views import echo_change

    settings = settings_of(ctx)
    for change in promises.keep(settings, promise_ids, at=at, note=note, effort=effort):
        p = change.promise
        assert p.kept_at is not None
        verdict = "on time" if outcome(p) == "kept_on_time" else "late vs the agreed date"
        agreed = format_day_time(p.agreed, settings.now, settings.tz)
        kept = format_day_time(p.kept_at, settings.now, settings.tz)
        line = f"kept {kept} · {verdict} (agreed {agreed})"
        if p.effort_actual is not None:
            from promisekeeper.domain.effort import effort_sentence

            line += f"\n{effort_sentence(p, settings.effort_margin)}"
        echo_change("Kept", change, settings, line)


@promise_app.command("break")
def break_(
    ctx: typer.Context,
    promise_ids: IdsArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it will not be delivered.")],
    cause: CauseOption = None,
    lesson: LessonOption = None,
) -> None:
    """Mark a promise broken: it will not be delivered.

    Example: pk promise break 41 --reason "licence server retired"
    """
    from promisekeeper.render.views import echo_change

    settings = settings_of(ctx)
    for change in promises.close(settings, promise_ids, "break", reason, cause, lesson):
        echo_change("Broken", change, settings)


@promise_app.command("cancel")
def cancel(
    ctx: typer.Context,
    promise_ids: IdsArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it was withdrawn.")] = None,
) -> None:
    """Withdraw a promise by agreement with the customer (left out of every rate).

    Example: pk promise cancel 41 --reason "customer no longer needs it"
    """
    from promisekeeper.render.views import echo_change

    settings = settings_of(ctx)
    for change in promises.close(settings, promise_ids, "cancel", reason):
        echo_change("Cancelled", change, settings)


@promise_app.command("answer")
def answer(
    ctx: typer.Context,
    promise_id: IdArg,
    by: Annotated[str, typer.Option("--by", help="The date you answer with: friday, Dec 1…")],
    force: Annotated[bool, typer.Option("--force", help="Allow a date in the past.")] = False,
) -> None:
    """Answer a request with a date: it becomes an open promise (the wait for the answer
    counts, from when the customer asked).

    Example: pk promise answer 41 --by "friday 3pm"
    """
    from promisekeeper.render.views import due_line, echo_change

    settings = settings_of(ctx)
    change = promises.answer(settings, promise_id, by, force=force)
    echo_change("Answered", change, settings, due_line(change.promise, settings))


@promise_app.command("decline")
def decline(
    ctx: typer.Context,
    promise_id: IdArg,
    reason: Annotated[str, typer.Option("--reason", help="Why we say no (said in the reply).")],
) -> None:
    """Say no to a request, with the reason, and get a short reply to send (a clear no is a
    kept word: it is in no rate).

    Example: pk promise decline 41 --reason "we do not support that model any more"
    """
    from promisekeeper.render.views import echo_change

    settings = settings_of(ctx)
    echo_change("Declined", promises.decline(settings, promise_id, reason), settings)


@promise_app.command("reopen")
def reopen(ctx: typer.Context, promise_ids: IdsArg) -> None:
    """Take a closed promise back to open, a declined request back to unanswered (its dates do
    not change).

    Example: pk promise reopen 41
    """
    from promisekeeper.render.views import due_line, echo_change

    settings = settings_of(ctx)
    for change in promises.reopen(settings, promise_ids):
        echo_change("Reopened", change, settings, due_line(change.promise, settings))


@promise_app.command("reschedule")
def reschedule(
    ctx: typer.Context,
    promise_id: IdArg,
    by: Annotated[str, typer.Option("--by", help="The new due date.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it moved.")] = None,
    customer_asked: Annotated[
        bool,
        typer.Option("--customer-asked", help="The customer asked for the new date (not a slip)."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Allow a new date in the past.")] = False,
    cause: CauseOption = None,
    lesson: LessonOption = None,
) -> None:
    """Move the due date. A later date you chose is a slip; one the customer asked for is not.

    Example: pk promise reschedule 38 --by "next friday" --reason "waiting on finance"
    """
    from promisekeeper.display import format_day_time
    from promisekeeper.render.views import due_line, echo_change

    settings = settings_of(ctx)
    change, plan = promises.reschedule(
        settings,
        promise_id,
        by=by,
        reason=reason,
        customer_asked=customer_asked,
        force=force,
        cause=cause,
        lesson=lesson,
    )
    p = change.promise
    if customer_asked:
        kind = "agreed with the customer (not a slip)"
    elif plan.slip:
        told = "with a heads-up" if plan.heads_up else "after the due date (no heads-up)"
        kind = f"slip {p.slips}× · {told}"
    else:
        kind = "moved earlier (not a slip)"
    agreed = format_day_time(p.agreed, settings.now, settings.tz)
    echo_change(
        "Rescheduled",
        change,
        settings,
        f"{due_line(p, settings)}\n  {kind} · agreed {agreed}",
    )


@promise_app.command("flag")
def flag(
    ctx: typer.Context,
    promise_id: IdArg,
    text: Annotated[str | None, typer.Argument(help="What worries you.")] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Answer the flag (the promise's owner).")
    ] = False,
) -> None:
    """Raise a concern on an open promise, whoever owns it: it shows under At risk in pk due
    and in pk escalations until its owner clears it.

    Example: pk promise flag 12 "won't make it: the vendor is late"
    """
    from promisekeeper.render.safe import clean, echo
    from promisekeeper.service.feedback import flag as raise_flag

    settings = settings_of(ctx)
    p, words = raise_flag(settings, promise_id, text, clear=clear)
    said = f": {words}" if words else ""
    if clear:
        echo(clean(f"Cleared the flag on #{p.id} {p.what}{said}"))
    else:
        echo(clean(f"Flagged #{p.id} {p.what}{said}"))


@promise_app.command("wait")
def wait(
    ctx: typer.Context,
    promise_id: IdArg,
    reason: Annotated[
        str | None, typer.Option("--reason", help="What the customer owes you (the logs…).")
    ] = None,
    on: Annotated[
        int | None,
        typer.Option(
            "--on",
            help="The promise the customer made you (pk owed add); keeping it resumes.",
            parser=parse_id,
        ),
    ] = None,
) -> None:
    """Stop the clock while you wait on the customer; `pk promise resume` starts it again
    and moves the due date later by the business time waited (never a slip). With --on, the
    wait ends by itself when the customer's promise is kept (pk owed keep).

    Example: pk promise wait 38 --reason "the logs from their firewall"
    """
    from promisekeeper.render.views import echo_change
    from promisekeeper.service.waiting import wait as wait_for

    settings = settings_of(ctx)
    change = wait_for(settings, promise_id, reason, on)
    ends = (
        f"`pk owed keep {on}` resumes it" if on is not None
        else f"`pk promise resume {promise_id}` when the customer answers"
    )  # fmt: skip
    echo_change("Waiting", change, settings, f"the clock is stopped · {ends}")


@promise_app.command("resume")
def resume(ctx: typer.Context, promise_id: IdArg) -> None:
    """End a wait on the customer: the due date and the agreed date move later by the
    business time waited.

    Example: pk promise resume 38
    """
    from promisekeeper.display import business_span, format_day_time
    from promisekeeper.render.views import due_line, echo_change
    from promisekeeper.service.waiting import resume as resume_wait

    settings = settings_of(ctx)
    change, waited = resume_wait(settings, promise_id)
    span = business_span(waited.hours, waited.day_hours)
    before = format_day_time(waited.due_before, settings.now, settings.tz)
    moved = f"moved from {before} (not a slip)" if waited.hours else "dates unchanged"
    echo_change(
        "Resumed",
        change,
        settings,
        f"{due_line(change.promise, settings)}\n  waited {span} · {moved}",
    )


@promise_app.command("recur")
def recur(
    ctx: typer.Context,
    promise_id: IdArg,
    stop: Annotated[
        bool, typer.Option("--stop", help="End the series: no next one when this one closes.")
    ] = False,
) -> None:
    """End a recurring promise's series (pk promise add --every starts one; pk promise show
    lists it).

    Example: pk promise recur 38 --stop
    """
    from promisekeeper.render.views import echo_change
    from promisekeeper.service.recurring import stop as stop_series

    settings = settings_of(ctx)
    if not stop:
        raise InputError("Give --stop to end the series (--every on pk promise add starts one).")
    echo_change("Stopped the series of", stop_series(settings, promise_id), settings)


@promise_app.command("loop")
def loop(
    ctx: typer.Context,
    promise_id: IdArg,
    every: Annotated[
        str,
        typer.Option(
            "--every", help='How often the customer hears from you ("2 business days"; none).'
        ),
    ],
) -> None:
    """Keep the customer in the loop: `pk due` shows the promise under "Update owed" when no
    contact was noted (`pk promise note ID --contacted`) in that time.

    Example: pk promise loop 38 --every "2 business days"
    """
    from promisekeeper.render.views import echo_change
    from promisekeeper.service.waiting import loop as set_loop

    settings = settings_of(ctx)
    change = set_loop(settings, promise_id, every)
    rhythm = change.promise.update_every
    echo_change(
        "Updated",
        change,
        settings,
        f"the customer hears from you every {rhythm}" if rhythm else "no update rhythm",
    )


@promise_app.command("note")
def note(
    ctx: typer.Context,
    promise_id: IdArg,
    text: Annotated[str, typer.Argument(help="The note.")],
    contacted: Annotated[
        bool, typer.Option("--contacted", help="Record it as contact with the customer.")
    ] = False,
) -> None:
    """Add a note (or a record of contact) to a promise's history.

    Example: pk promise note 38 "Told Sam it lands Wednesday" --contacted
    """
    from promisekeeper.render.views import echo_change

    settings = settings_of(ctx)
    change = promises.note(settings, promise_id, text, contacted=contacted)
    echo_change("Contact noted on" if contacted else "Noted on", change, settings)


@promise_app.command("edit")
def edit(
    ctx: typer.Context,
    promise_id: IdArg,
    what: Annotated[str | None, typer.Option("--what", help="New text.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Another customer.", autocompletion=complete_customer)
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Hand it to someone else.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="Replace the tags; repeat for more.")
    ] = None,
    new_customer: Annotated[
        bool,
        typer.Option("--new-customer", help="Create the customer even if a similar one exists."),
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Correct a mistyped due date (within an hour, before anything else)."
        ),
    ] = None,
    plan_b: Annotated[
        str | None,
        typer.Option("--plan-b", help="What you do if it does not hold, or none to remove it."),
    ] = None,
    blocks: Annotated[str | None, typer.Option(hidden=True)] = None,  # pk owed edit's
    needs: Annotated[str | None, typer.Option(hidden=True)] = None,
) -> None:
    """Change the text, customer, owner, tags or plan B (the history records old and new), or
    correct a due date typed wrong a moment ago: a correction, not a slip.

    Example: pk promise edit 38 --by "thursday 3pm"
    """
    from promisekeeper.render.views import due_line, echo_change

    settings = settings_of(ctx)
    change = promises.edit(
        settings,
        promise_id,
        what=what,
        customer=to,
        owner=owner,
        tags=tag,
        new_customer=new_customer,
        by=by,
        plan_b=plan_b,
        blocks=blocks,
        needs=needs,
    )
    extra = f"{due_line(change.promise, settings)} (corrected, not a slip)" if by else None
    echo_change("Edited", change, settings, extra)


@promise_app.command("delete")
def delete(
    ctx: typer.Context,
    promise_ids: IdsArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete promises recorded by mistake. They leave every list and report; their history
    stays.

    Example: pk promise delete 38 39 --yes
    """
    from promisekeeper.render.views import echo_change

    settings = settings_of(ctx)
    if not yes:
        numbers = " ".join(f"#{i}" for i in dict.fromkeys(promise_ids))
        details = [lists.show_promise(settings, i) for i in dict.fromkeys(promise_ids)]
        if not sys.stdin.isatty():
            raise InputError(f"Add --yes to delete {numbers} without being asked.")
        from promisekeeper.render.safe import clean

        asked = (
            f"Delete #{details[0].promise.id} {clean(details[0].promise.what)!r}?"
            if len(details) == 1
            else f"Delete {len(details)} promises ({numbers})?"
        )
        if not typer.confirm(asked):
            raise InputError("Nothing was deleted.")
    for change in promises.delete(settings, promise_ids):
        echo_change("Deleted", change, settings, "its history is kept")

"""``pk owed …``: promises others made to us (docs/owed.md). One promise concept with a
direction: each command is `pk promise`'s own, for the promises owed to us."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli import promise
from promisekeeper.cli.app import (
    AllOption,
    IdArg,
    LimitOption,
    OwnerOption,
    WideOption,
    first_page,
    parse_id,
    settings_of,
    show,
)
from promisekeeper.cli.completion import complete_customer
from promisekeeper.cli.formats import result_format
from promisekeeper.cli.promise import IdsArg
from promisekeeper.domain.model import OWED
from promisekeeper.service import lists

owed_app = typer.Typer(
    help="Promises others made to you: vendors, colleagues, customers.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

FromOption = Annotated[
    str,
    typer.Option(
        "--from", help="Who promised it: a vendor, a colleague, a customer.",
        autocompletion=complete_customer,
    ),
]  # fmt: skip
BlocksOption = Annotated[
    int | None,
    typer.Option(
        "--blocks", help="The promise of yours it holds up (its number).", parser=parse_id
    ),
]
NeedsOption = Annotated[
    str | None,
    typer.Option(
        "--needs", help='The business time you need after it arrives (default "1 business day").'
    ),
]
PlanBOption = Annotated[
    str | None, typer.Option("--plan-b", help="What you do if it does not come.")
]


def _owed(ctx: typer.Context, promise_ids: list[int]) -> None:
    lists.require_direction(settings_of(ctx), promise_ids, OWED)


@owed_app.command("add")
def add(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="What they promised you, in a few words.")],
    party: FromOption,
    by: Annotated[str, typer.Option("--by", help="When they said: friday, Dec 1, in 3 days…")],
    blocks: BlocksOption = None,
    needs: NeedsOption = None,
    plan_b: PlanBOption = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Who follows it up (default: you).")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="A tag; repeat for more.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A first note.")] = None,
    made: Annotated[
        str | None, typer.Option("--made", help="When it was promised, if not now.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow a due date in the past.")] = False,
    new_party: Annotated[
        bool, typer.Option("--new-party", help="Record the name even if a similar one exists.")
    ] = False,
) -> None:
    """Record a promise made to you; with --blocks, the promise of yours that waits for it
    (pk due says when it leaves too little time).

    Example: pk owed add "Deliver 20 laptops" --from Supplier --by "wed 9 dec" --blocks 12
    --needs "2 business days"
    """
    from promisekeeper.render.views import due_line, echo_change
    from promisekeeper.service.promises import add_promise

    settings = settings_of(ctx)
    change = add_promise(
        settings,
        what=what,
        customer=party,
        by=by,
        owner=owner,
        tags=tag,
        note=note,
        made=made,
        force=force,
        new_customer=new_party,
        direction=OWED,
        blocks=blocks,
        needs=needs,
        plan_b=plan_b,
    )
    extra = due_line(change.promise, settings)
    if change.promise.blocks is not None:
        extra += f"\nholds up #{change.promise.blocks} · you need {change.promise.needs} after it"
    echo_change("Owed to you", change, settings, extra)


@owed_app.command("list")
def list_(
    ctx: typer.Context,
    party: Annotated[
        str | None,
        typer.Option("--from", help="Only what this party owes.", autocompletion=complete_customer),
    ] = None,
    owner: OwnerOption = None,
    all_: AllOption = False,
    status: Annotated[
        str, typer.Option("--status", "-s", help="open (default), kept, broken, cancelled or all.")
    ] = "open",
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")] = False,
    fmt: Annotated[str, result_format("PromiseList")] = "table",
    limit: LimitOption = None,
    wide: WideOption = False,
) -> None:
    """List what others owe you, soonest due first.

    Example: pk owed list --from Supplier --status all
    """
    from promisekeeper.domain.results import PromiseList

    settings = settings_of(ctx)
    scope = service.Scope.of(settings, owner, all_)
    rows, counts = lists.list_promises(
        settings, scope, customer=party, status=status, overdue=overdue,
        first=first_page(fmt, limit), direction=OWED,
    )  # fmt: skip
    shown = PromiseList(rows, scope.shows_owner(settings), limit=limit, wide=wide, counts=counts)
    if not rows:
        shown = shown._replace(empty="Nobody owes you anything that matches.")
    show(shown, fmt, settings)


@owed_app.command("show")
def show_(
    ctx: typer.Context,
    promise_id: IdArg,
    fmt: Annotated[str, result_format("PromiseDetail")] = "table",
) -> None:
    """Show a promise owed to you with its whole history.

    Example: pk owed show 14
    """
    _owed(ctx, [promise_id])
    promise.show_(ctx, promise_id, fmt)


@owed_app.command("keep")
def keep(
    ctx: typer.Context,
    promise_ids: IdsArg,
    at: Annotated[
        str | None, typer.Option("--at", help="When it arrived, if not now (e.g. friday 4pm).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note on what arrived.")] = None,
) -> None:
    """Mark promises owed to you kept: it arrived. A promise of yours waiting on it resumes.

    Example: pk owed keep 14 --at "today 11am"
    """
    _owed(ctx, promise_ids)
    promise.keep(ctx, promise_ids, at=at, note=note, effort=None)


@owed_app.command("slip")
def slip(
    ctx: typer.Context,
    promise_id: IdArg,
    by: Annotated[str, typer.Option("--by", help="The new date they gave.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it moved.")] = None,
    asked: Annotated[
        bool, typer.Option("--we-asked", help="You asked for the new date (not a slip of theirs).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Allow a new date in the past.")] = False,
) -> None:
    """Record that a promise owed to you moved: a later date they chose is their slip.

    Example: pk owed slip 14 --by "fri 11 dec" --reason "out of stock"
    """
    _owed(ctx, [promise_id])
    promise.reschedule(ctx, promise_id, by=by, reason=reason, customer_asked=asked, force=force,
                       cause=None, lesson=None)  # fmt: skip


@owed_app.command("break")
def break_(
    ctx: typer.Context,
    promise_ids: IdsArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it will not come.")],
) -> None:
    """Mark a promise owed to you broken: it will not come.

    Example: pk owed break 14 --reason "discontinued"
    """
    _owed(ctx, promise_ids)
    promise.break_(ctx, promise_ids, reason=reason, cause=None, lesson=None)


@owed_app.command("cancel")
def cancel(
    ctx: typer.Context,
    promise_ids: IdsArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it was withdrawn.")] = None,
) -> None:
    """Withdraw a promise owed to you by agreement (left out of their rate).

    Example: pk owed cancel 14 --reason "we found another supplier"
    """
    _owed(ctx, promise_ids)
    promise.cancel(ctx, promise_ids, reason=reason)


@owed_app.command("edit")
def edit(
    ctx: typer.Context,
    promise_id: IdArg,
    what: Annotated[str | None, typer.Option("--what", help="New text.")] = None,
    party: Annotated[
        str | None, typer.Option("--from", help="Another party.", autocompletion=complete_customer)
    ] = None,
    blocks: Annotated[
        str | None,
        typer.Option("--blocks", help="The promise of yours it holds up, or none."),
    ] = None,
    needs: NeedsOption = None,
    plan_b: Annotated[
        str | None, typer.Option("--plan-b", help="What you do if it does not come, or none.")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Correct a mistyped due date (within an hour)."),
    ] = None,
) -> None:
    """Change what a promise owed to you says, who owes it, what it holds up and plan B.

    Example: pk owed edit 14 --blocks 12 --needs "3 business days"
    """
    _owed(ctx, [promise_id])
    promise.edit(ctx, promise_id, what=what, to=party, owner=None, tag=None,
                 new_customer=False, by=by, blocks=blocks, needs=needs, plan_b=plan_b)  # fmt: skip


@owed_app.command("delete")
def delete(
    ctx: typer.Context,
    promise_ids: IdsArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete promises owed to you recorded by mistake; their history stays.

    Example: pk owed delete 14 --yes
    """
    _owed(ctx, promise_ids)
    promise.delete(ctx, promise_ids, yes=yes)

"""``pk team``: the lead's view of everyone's workload, and who is on the team."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of, show
from promisekeeper.cli.formats import result_format
from promisekeeper.render.safe import echo

team_app = typer.Typer(
    help="Everyone's open promises: overdue, due today, at risk, waiting and slipping, per person.",
    invoke_without_command=True,
    rich_markup_mode=None,
    add_completion=False,
)

NameArgument = Annotated[str, typer.Argument(help="The member's name (any case).")]


@team_app.callback()
def team(ctx: typer.Context, fmt: Annotated[str, result_format("TeamView")] = "table") -> None:
    """Everyone's open promises: overdue, due today, at risk, waiting and slipping, per person.

    Example: pk team
    """
    if ctx.invoked_subcommand is not None:
        return
    from promisekeeper.service.team import team as workload

    settings = settings_of(ctx)
    show(workload(settings), fmt, settings)


@team_app.command("members")
def members(ctx: typer.Context) -> None:
    """The team's members: the names a promise's owner may have.

    Example: pk team members
    """
    from promisekeeper.render.safe import clean
    from promisekeeper.service.team import members as team_members

    found = team_members(settings_of(ctx))
    if not found.names:
        echo(
            "No member list: any owner name is accepted. `pk team add NAME` starts one."
            if not found.roles
            else "No members yet: the database's owner adds them with `pk db grant NAME`."
        )
        return
    for name, lead in found.names:
        echo(clean(name) + ("  (lead)" if lead else ""))


@team_app.command("add")
def add(ctx: typer.Context, name: NameArgument) -> None:
    """Add a member: from then on an owner must be on the list (any case).

    Example: pk team add ana
    """
    from promisekeeper.render.safe import clean
    from promisekeeper.service.team import add_member

    added, new = add_member(settings_of(ctx), name)
    echo(f"Added {clean(added)} to the team." if new else f"{clean(added)} is on the team already.")


@team_app.command("remove")
def remove(ctx: typer.Context, name: NameArgument) -> None:
    """Take a member off the list (their promises stay theirs).

    Example: pk team remove ana
    """
    from promisekeeper.render.safe import clean
    from promisekeeper.service.team import remove_member

    removed = remove_member(settings_of(ctx), name)
    echo(f"Removed {clean(removed)} from the team; their promises stay theirs.")

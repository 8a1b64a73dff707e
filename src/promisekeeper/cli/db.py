"""``pk db …``: where the data lives, backups, schema upgrades and checks."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of
from promisekeeper.cli.formats import result_format
from promisekeeper.render.safe import echo
from promisekeeper.service import database

db_app = typer.Typer(
    help="The database: path, backup, upgrade, check, team roles.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)


@db_app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the database is (a URL without its password).

    Example: pk db path
    """
    from promisekeeper.service import shown_database as redact

    echo(redact(settings_of(ctx).db))


@db_app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(help="Where to write it (default: backups/ next to the database)."),
    ] = None,
) -> None:
    """Copy the SQLite database safely, even while pk is writing (SQLite backup API).

    Example: pk db backup ~/pk-before-migration.db
    """
    written = database.db_backup(settings_of(ctx), file)
    echo(f"Backed up to {written}")


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Bring the schema up to date (pk also does this by itself when it opens an older database).

    Example: pk db upgrade
    """
    from promisekeeper.render.safe import clean

    done = database.db_upgrade(settings_of(ctx))
    if done.before == done.after:
        echo(f"Schema is up to date ({done.after}).")
    else:
        echo(f"Schema upgraded from {done.before or 'empty'} to {done.after}.")
    if done.moved:
        names = ", ".join(clean(n) for n in done.moved)
        echo(
            f"Moved {len(done.moved)} member{'s' * (len(done.moved) > 1)} to this database's "
            f"own group {clean(done.group)} (leads stay leads): {names}."
        )


@db_app.command("check")
def check(ctx: typer.Context) -> None:
    """Check the database for damage (integrity and references); exit 1 if anything is wrong.

    Example: pk db check
    """
    result = database.db_check(settings_of(ctx))
    counts = ", ".join(f"{table}s: {n}" for table, n in result.counts.items())
    echo(f"{result.location}: schema {result.version} · {counts}")
    if result.problems:
        for problem in result.problems[:20]:
            echo(f"  problem: {problem}", err=True)
        raise typer.Exit(1)
    echo("ok")


@db_app.command("verify")
def verify(ctx: typer.Context, fmt: Annotated[str, result_format("ChainCheck")] = "table") -> None:
    """Check the history against its chain and the statements recorded as sent: exit 1 naming
    the first event that no longer matches, or the statement whose history changed.

    Example: pk db verify
    """
    from promisekeeper.cli.app import show
    from promisekeeper.render.progress import Bar
    from promisekeeper.service.chain import verify as check_chain

    settings = settings_of(ctx)
    with Bar("Checking the history") as bar:
        result = check_chain(settings, bar.start)
    show(result, fmt, settings)
    if not result.intact:
        raise typer.Exit(1)


UserArgument = Annotated[str, typer.Argument(help="The member's PostgreSQL role name.")]


@db_app.command("grant")
def grant(
    ctx: typer.Context,
    user: UserArgument,
    lead: Annotated[
        bool, typer.Option("--lead", help="A lead: may change anyone's promises.")
    ] = False,
) -> None:
    """Make USER a team member (team.auth = database): their own login role, which changes only
    their own promises; a lead changes any. Run by the database's owner.

    Example: pk db grant alice
    """
    from promisekeeper.render.safe import clean
    from promisekeeper.service.team import grant as grant_role

    grant_role(settings_of(ctx), user, lead)
    echo(f"{clean(user)} is a {'lead' if lead else 'member'} of the team.")


@db_app.command("revoke")
def revoke(ctx: typer.Context, user: UserArgument) -> None:
    """Take USER off the team: their history stays; a role pk made may no longer log in.

    Example: pk db revoke alice
    """
    from promisekeeper.render.safe import clean
    from promisekeeper.service.team import revoke as revoke_role

    done = revoke_role(settings_of(ctx), user)
    said = [f"{clean(user)} is no longer a member of the team"]
    if done.login_disabled:
        said.append("the role pk made for them may no longer log in")
    if done.sessions_ended:
        said.append(f"{done.sessions_ended} open session{'s' * (done.sessions_ended > 1)} ended")
    if done.sessions_left:
        said.append(
            f"{done.sessions_left} open session{'s' * (done.sessions_left > 1)} left running "
            "(ending another role's sessions needs pg_signal_backend)"
        )
    echo("; ".join(said) + ".")


@db_app.command("members")
def members(ctx: typer.Context) -> None:
    """The team's database roles (team.auth = database) and which are leads.

    Example: pk db members
    """
    from promisekeeper.render.safe import clean
    from promisekeeper.service.team import role_members

    found = role_members(settings_of(ctx))
    if not found:
        echo("No members yet: `pk db grant NAME` adds one.")
    for name, is_lead in found:
        echo(clean(name) + ("  (lead)" if is_lead else ""))

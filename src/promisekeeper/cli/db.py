"""``pk db …``: where the data lives, backups, schema upgrades and checks."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of
from promisekeeper.render.safe import echo
from promisekeeper.service import database

db_app = typer.Typer(
    help="The database: path, backup, upgrade, check.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)


@db_app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the database is (a URL without its password).

    Example: pk db path
    """
    from promisekeeper.store import redact

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
    before, after = database.db_upgrade(settings_of(ctx))
    if before == after:
        echo(f"Schema is up to date ({after}).")
    else:
        echo(f"Schema upgraded from {before or 'empty'} to {after}.")


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

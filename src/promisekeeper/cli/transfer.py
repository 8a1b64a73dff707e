"""``pk export`` and ``pk import``: data in and out."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of
from promisekeeper.cli.formats import format_option, result_format
from promisekeeper.domain.foreign import READ_FORMATS


def export(
    ctx: typer.Context,
    fmt: Annotated[str, result_format("Export", json="everything, lossless")] = "json",
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export every promise: JSON with full histories (lossless), or CSV one row per promise.

    Example: pk export --out pk-backup.json
    """
    import sys

    from promisekeeper.render.export import write_export
    from promisekeeper.render.progress import Bar
    from promisekeeper.render.safe import echo, write_out
    from promisekeeper.service import transfer

    # A bar on the terminal the export is shown on would mix with it.
    with Bar("Exporting", enabled=out is not None or not sys.stdout.isatty()) as bar:
        count, path = transfer.export(
            settings_of(ctx),
            fmt,
            out,
            progress=bar.start,
            write=write_export,
            stdout=write_out,
        )
    if path is not None:
        echo(f"Exported {count} promise{'s' if count != 1 else ''} to {path}", err=True)


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="A pk JSON export, CSV with the documented columns, a Taskwarrior export "
            "(task export) or a todo.txt file."
        ),
    ],
    fmt: Annotated[str | None, format_option(READ_FORMATS, default="from the file")] = None,
    customer_from: Annotated[
        str | None,
        typer.Option(
            "--customer-from",
            help="Taskwarrior/todo.txt: the customer is the project (default), the context "
            "(todo.txt @context) or tag:PREFIX.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Check and count everything; write nothing.")
    ] = False,
    new_customer: Annotated[
        bool,
        typer.Option(
            "--new-customer", help="Create customers even when near an existing name (CSV)."
        ),
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Add a pk JSON export to a database with data: new ids, every event kept; "
            "merging again adds nothing.",
        ),
    ] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help='With --merge: "NAME IN THE FILE=NAME HERE" joins a customer to one here '
            "(or keeps it apart under its own name).",
            metavar="OLD=NEW",
        ),
    ] = None,
) -> None:
    """Import promises, all or nothing. CSV columns: what, customer, due_at (required), owner,
    made_at, status, kept_at, tags (separated by ;). Importing the same CSV again adds nothing.
    A JSON export restores into an empty database, or with --merge joins one with data. From
    Taskwarrior (task export) and todo.txt,
    every task with a due date and a customer, the rest listed with why.

    Example: pk import promises.csv --dry-run
    """
    from promisekeeper.render.progress import Bar
    from promisekeeper.render.safe import echo
    from promisekeeper.service import transfer

    with Bar("Importing") as bar:
        result = transfer.import_file(
            settings_of(ctx),
            file,
            fmt,
            dry_run=dry_run,
            new_customers=new_customer,
            progress=bar.start,
            customer_from=customer_from,
            merge=merge,
            mapping=mapping,
        )
    verb = "Would import" if result.dry_run else "Imported"
    line = f"{verb} {result.promises} promise{'s' if result.promises != 1 else ''}"
    if result.new_customers:
        line += f" ({result.new_customers} new customer{'s' if result.new_customers != 1 else ''})"
    echo(line + ".")
    if result.already_there:
        rows = result.already_there
        shown = ", ".join(map(str, rows[:10])) + (
            f" and {len(rows) - 10} more" if len(rows) > 10 else ""
        )
        echo(
            f"  {len(rows)} row{'s' if len(rows) != 1 else ''} already there, skipped "
            f"(row{'s' if len(rows) != 1 else ''} {shown})."
        )
    for note in result.notes:
        echo(f"  Note: {note}")
    if result.skipped:
        from promisekeeper.render.safe import clean

        echo(f"  Skipped {len(result.skipped)} that are no promise:")
        for line in result.skipped:
            echo(f"    {clean(line)}")
    if result.changed:
        from promisekeeper.render.safe import clean

        echo(f"  {len(result.changed)} imported before and changed since, left as they are:")
        for line in result.changed:
            echo(f"    {clean(line)}")
    if result.dry_run:
        echo("  Dry run: nothing was written.")

"""``pk export`` and ``pk import``: data in and out."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of


class FileFormat(StrEnum):
    json = "json"
    csv = "csv"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        FileFormat, typer.Option("--format", "-f", help="json (everything, lossless) or csv.")
    ] = FileFormat.json,
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export every promise: JSON with full histories (lossless), or CSV one row per promise.

    Example: pk export --out pk-backup.json
    """
    from promisekeeper import transfer
    from promisekeeper.render.safe import echo

    count, path = transfer.export(settings_of(ctx), fmt.value, out)
    if path is not None:
        echo(f"Exported {count} promise{'s' if count != 1 else ''} to {path}", err=True)


def import_(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="A pk JSON export, or CSV with the documented columns.")
    ],
    fmt: Annotated[
        FileFormat | None,
        typer.Option("--format", "-f", help="json or csv (default: from the file's content)."),
    ] = None,
) -> None:
    """Import promises, all or nothing. CSV columns: what, customer, due_at (required), owner,
    made_at, status, kept_at, tags (separated by ;). A JSON export restores into an empty database.

    Example: pk import promises.csv
    """
    from promisekeeper import transfer
    from promisekeeper.render.views import out, user_text

    result = transfer.import_file(settings_of(ctx), file, fmt.value if fmt else None)
    line = f"Imported {result.promises} promise{'s' if result.promises != 1 else ''}"
    if result.new_customers:
        line += f" ({result.new_customers} new customer{'s' if result.new_customers != 1 else ''})"
    out().print(user_text(line + "."))
    for note in result.notes:
        out().print(user_text(f"  Note: {note}", "cyan"))

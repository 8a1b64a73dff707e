"""``pk log``: the event stream, as it was written."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of
from promisekeeper.cli.formats import result_format


def log(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Events recorded since then (default: the last 7 days)."),
    ] = None,
    fmt: Annotated[str, result_format("Log")] = "table",
) -> None:
    """Every change, in the order it was written: when, which promise, what happened, by whom.

    --format jsonl gives one JSON object per line (the same as the on-change hook gets), for
    scripts; `--since "2026-11-01"` or `--since monday` sets where it starts.

    Example: pk log --since monday
    """
    from promisekeeper.render.log import write
    from promisekeeper.service.log import events

    settings = settings_of(ctx)
    write(events(settings, since), fmt, settings)

"""``pk team``: the lead's view of everyone's workload."""

from __future__ import annotations

import typer

from promisekeeper.cli.app import Format, FormatOption, settings_of, show


def team(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Everyone's open promises: overdue, due today, at risk, waiting and slipping, per person.

    Example: pk team
    """
    from promisekeeper.service.team import team as workload

    settings = settings_of(ctx)
    show(workload(settings), fmt.value, settings)

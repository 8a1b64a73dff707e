"""``pk escalations``: the lead's view."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import AllOption, OwnerOption, settings_of, show
from promisekeeper.cli.formats import result_format


def escalations(
    ctx: typer.Context,
    owner: OwnerOption = None,
    all_: AllOption = False,
    fmt: Annotated[str, result_format("EscalationList")] = "table",
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="Exit 1 when anything is escalated (for cron).")
    ] = False,
) -> None:
    """Promises overdue or slipped past the escalation thresholds, worst first (a lead's view).

    Example: pk escalations --all
    """
    from promisekeeper.domain.results.team import EscalationList
    from promisekeeper.service import Scope
    from promisekeeper.service.escalations import escalations as find

    settings = settings_of(ctx)
    scope = Scope.of(settings, owner, all_)
    found = find(settings, scope)
    show(EscalationList(found, scope.shows_owner(settings)), fmt, settings)
    if fail_if_any and found:
        raise typer.Exit(1)

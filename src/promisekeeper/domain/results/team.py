"""Results of the lead's views: ``pk escalations`` and ``pk team``."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from promisekeeper.domain.escalation import Escalated


class EscalationList(NamedTuple):
    """``pk escalations``: the promises past the escalation thresholds, worst first."""

    rows: list[Escalated]
    show_owner: bool


class Workload(NamedTuple):
    """One person's open promises (``pk team``)."""

    owner: str
    open: int  # active: open or waiting on the customer
    overdue: int
    today: int
    at_risk: int
    waiting: int
    slipping: int  # slipped at least once


class TeamView(NamedTuple):
    """``pk team``: the lead's view of everyone's workload, most overdue first."""

    rows: list[Workload]

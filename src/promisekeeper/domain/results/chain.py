"""``pk db verify`` and ``pk customer statements`` (docs/formats.md, "The chain"; docs/review.md,
"Statements your customer can check")."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from promisekeeper.domain.chain import Break, SentStatement


class ChainCheck(NamedTuple):
    """The history checked against its chain: intact when nothing is listed."""

    events: int  # events in the chain
    head: str  # the last one's hash
    breaks: list[Break]  # where the history no longer matches, in chain order
    statements: list[tuple[SentStatement, str]]  # recorded statements that no longer hold, and why
    head_problem: str | None  # the head row disagrees with the events
    recorded: int  # statements recorded
    joins: list[tuple[datetime, str, int, int, str, str | None]]  # merges chained here

    @property
    def intact(self) -> bool:
        return not self.breaks and not self.statements and self.head_problem is None


class StatementList(NamedTuple):
    customer: str
    rows: list[SentStatement]

"""The result of ``pk customer review``: the candid review pack."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from promisekeeper.domain.lessons import CauseCount
    from promisekeeper.domain.report import Report
    from promisekeeper.domain.results.feedback import Verdict
    from promisekeeper.domain.review import Statement


class ReviewPack(NamedTuple):
    """What to go through with a customer, candidly (docs/feedback.md, "Candid reviews")."""

    customer: str
    since: datetime
    now: datetime
    last_review: datetime | None
    rhythm: str | None
    record: Report  # the promises agreed since, by standard
    causes: list[CauseCount]  # why our slips and breaks happened, with the lessons
    verdicts: list[Verdict]  # what they told us, disputes first
    statement: Statement  # delivered, moved, waiting on them, coming next

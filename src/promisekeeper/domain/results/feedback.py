"""Results of ``pk feedback``: the customer's verdicts (docs/feedback.md)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from promisekeeper.domain.model import PromiseRecord


class Question(NamedTuple):
    """One "did we keep our promise?" message, ready to be written or sent."""

    promise: PromiseRecord
    to: str
    sender: str  # "Dana Scully <dana@northwind.example>"
    signature: list[str]  # the lines under the question: name, company
    subject: str
    message_id: str
    what_happened: str


class Asked(NamedTuple):
    """``pk feedback ask``: the questions, and where each went."""

    questions: list[Question]
    places: list[str]  # the .eml file, or the address it was sent to


class Heard(NamedTuple):
    """One message ``pk feedback read`` read: recorded, or listed with why not."""

    where: str
    promise_id: int | None
    verdict: str | None  # kept | not_kept, when recorded
    text: str | None
    why: str | None  # why nothing was recorded; None when it was
    disputed: bool = False


class ReadResult(NamedTuple):
    heard: list[Heard]

    @property
    def recorded(self) -> int:
        return sum(1 for h in self.heard if h.why is None)


class Verdict(NamedTuple):
    """A promise's latest verdict, beside our record (``pk feedback list``)."""

    promise: PromiseRecord
    verdict: str
    text: str | None
    sender: str | None  # the reply's sender; None for a verdict heard by phone
    at: datetime  # when it was recorded
    disputed: bool


class FeedbackList(NamedTuple):
    rows: list[Verdict]
    disputed_only: bool

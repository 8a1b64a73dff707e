"""The customer's verdict (docs/feedback.md): the rules, as plain functions.

A promise that is kept, broken or open past its agreed date may be asked about: "did we keep our
promise?". The question's subject carries ``[pk#ID-TOKEN]``, TOKEN the first 10 base32
characters of HMAC-SHA256 of the id's decimal digits under the database's own key, so a reply
cannot be pinned on another promise. The reply's first word above the quoted part is the
verdict; a verdict that contradicts our record is disputed.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord

TOKEN_LENGTH = 10
TEXT_LIMIT = 500  # characters of the customer's words kept
SUBJECT = "Did we keep our promise?"
QUESTION = "Reply with YES if we kept our promise to you, or NO and a few words on what went wrong."
TAG = re.compile(r"\[pk#(\d{1,19})-([A-Z2-7]{10})\]", re.IGNORECASE)


def digest(key: bytes, promise_id: int) -> bytes:
    """HMAC-SHA256 of the id's decimal digits under ``key`` (as the team database's
    ``pk_feedback_token`` computes it)."""
    import hashlib
    import hmac

    return hmac.new(key, str(promise_id).encode(), hashlib.sha256).digest()


def token_of(mac: bytes) -> str:
    """The subject's token: the digest's first 10 base32 characters."""
    import base64

    return base64.b32encode(mac).decode()[:TOKEN_LENGTH]


def tag(promise_id: int, token: str) -> str:
    return f"[pk#{promise_id}-{token}]"


def check_email(value: str) -> str:
    """An address as given (blanks around it dropped), or an input error."""
    from promisekeeper.config import is_email

    text = value.strip()
    if not is_email(text):
        raise InputError(f'"{text}" is not an e-mail address such as ana@acme.example.')
    return text


def askable(p: PromiseRecord, now: datetime) -> str | None:
    """Why a promise cannot be asked about yet, or None: it must be one of ours, kept, broken,
    or open past the date the customer agreed to."""
    from promisekeeper.domain.states import is_active

    if p.owed:  # theirs to us: the customer's verdict is on what we promised (docs/owed.md)
        return "it is a promise made to you, not one you made"
    if p.status in ("kept", "broken"):
        return None
    if p.baseline_due_at is None:
        return f"it is {p.status}, with no date to judge it by"
    if is_active(p.status) and p.baseline_due_at < now:
        return None
    if is_active(p.status):
        return "it is open and its agreed date has not come"
    return f"it is {p.status}"


class Verdict(NamedTuple):
    """What a reply says: ``kept`` or ``not_kept``, and the customer's words."""

    verdict: str
    text: str | None


_WORDS = (
    (re.compile(r"not\s+kept\b|no\b|nope\b|nein\b|non\b", re.IGNORECASE), "not_kept"),
    (re.compile(r"kept\b|yes\b|yep\b|yeah\b|ja\b|oui\b|si\b|sí\b", re.IGNORECASE), "kept"),
)


def verdict_of(reply: str) -> Verdict | None:
    """The verdict of a reply's own text (the quoted part already cut away): its first word,
    yes or no (also "kept" or "not kept"), case and punctuation aside; the rest of that
    paragraph, at most ``TEXT_LIMIT`` characters without control characters, is what the
    customer said. None when the first word is neither."""
    paragraphs = [p for p in re.split(r"\n\s*\n", reply.strip()) if p.strip()]
    if not paragraphs:
        return None
    first = paragraphs[0].strip()
    first = re.sub(r"^[\s\"'“”‘’*_>-]+", "", first)
    for pattern, verdict in _WORDS:
        found = pattern.match(first)
        if found:
            rest = first[found.end() :].lstrip(" \t,.;:!-–—").strip()
            words = said(rest)
            return Verdict(verdict, words or None)
    return None


def said(text: str) -> str:
    """The customer's words as kept: control characters dropped, blanks made one space, at
    most ``TEXT_LIMIT`` characters."""
    shown = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(shown.split())[:TEXT_LIMIT].strip()


def disputed(p: PromiseRecord, verdict: str) -> bool:
    """A verdict that contradicts our record: not kept, where we recorded it kept on time;
    kept, where we recorded it broken."""
    from promisekeeper.domain.rules import outcome

    if verdict == "not_kept":
        return p.status == "kept" and outcome(p) == "kept_on_time"
    return p.status == "broken"


# --- the team's voice -----------------------------------------------------------------------------


class Flag(NamedTuple):
    """A promise's standing flag: a concern anyone on the team raised ("won't make it: the
    vendor is late"), standing until the promise's owner clears it. A flagged open promise is
    at risk, whatever share of its time it has used."""

    promise_id: int
    due_at: datetime
    slips: int
    by: str
    text: str | None
    at: datetime


# --- the gap, in a report ------------------------------------------------------------------------


class FeedbackFigures(NamedTuple):
    """What the customers said of a report's promises (docs/feedback.md, "The gap"): the
    latest verdict of each promise counts; ``our_*`` is our kept-rate (kept on time as agreed ÷
    judged) over the same answered promises."""

    asked: int = 0
    answered: int = 0
    said_kept: int = 0
    said_not_kept: int = 0
    our_on_time: int = 0
    our_judged: int = 0
    disputed: int = 0

    @property
    def customer_kept_rate(self) -> float | None:
        return self.said_kept / self.answered if self.answered else None

    @property
    def our_kept_rate_answered(self) -> float | None:
        return self.our_on_time / self.our_judged if self.our_judged else None

    @property
    def gap(self) -> float | None:
        """Our rate minus theirs, over the answered promises (None when none was answered)."""
        ours, theirs = self.our_kept_rate_answered, self.customer_kept_rate
        return None if ours is None or theirs is None else ours - theirs

    def as_json(self) -> dict[str, object]:
        return {
            "asked": self.asked,
            "answered": self.answered,
            "said_kept": self.said_kept,
            "said_not_kept": self.said_not_kept,
            "customer_kept_rate": self.customer_kept_rate,
            "our_kept_rate_answered": self.our_kept_rate_answered,
            "gap": self.gap,
            "disputed": self.disputed,
        }


class Dispute(NamedTuple):
    """A promise the customer judged otherwise than our record."""

    promise: PromiseRecord
    verdict: str
    text: str | None


def judged_on_time(p: PromiseRecord, now: datetime) -> bool | None:
    """Our verdict on one promise as the kept-rate judges it: True kept by the agreed date,
    False kept late, broken or open past it, None not judged (still open before it,
    cancelled)."""
    from promisekeeper.domain.rules import outcome
    from promisekeeper.domain.states import is_running

    if p.status == "kept":
        return outcome(p) == "kept_on_time"
    if p.status == "broken":
        return False
    if is_running(p.status) and p.agreed < now:
        return False
    return None


def feedback_figures(
    promises: list[PromiseRecord], asked: set[int], latest: dict[int, str], now: datetime
) -> FeedbackFigures:
    """The figures of these promises: ``asked`` the ids asked about, ``latest`` each answered
    id's latest verdict."""
    answered = [p for p in promises if p.id in latest]
    judged = [judged_on_time(p, now) for p in answered]
    return FeedbackFigures(
        asked=sum(1 for p in promises if p.id in asked),
        answered=len(answered),
        said_kept=sum(1 for p in answered if latest[p.id] == "kept"),
        said_not_kept=sum(1 for p in answered if latest[p.id] == "not_kept"),
        our_on_time=sum(1 for j in judged if j),
        our_judged=sum(1 for j in judged if j is not None),
        disputed=sum(1 for p in answered if disputed(p, latest[p.id])),
    )

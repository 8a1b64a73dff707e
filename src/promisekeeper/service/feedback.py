"""``pk feedback``: ask the customer "did we keep our promise?", read the replies, record a
verdict heard by phone, list them (docs/feedback.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from promisekeeper.domain import feedback as rules
from promisekeeper.domain.results.feedback import (
    Asked,
    FeedbackList,
    Heard,
    Question,
    ReadResult,
    Verdict,
)
from promisekeeper.errors import InputError
from promisekeeper.service import load_for_change, reading, record_event, writing
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.service.mail import Reply, Unreadable
    from promisekeeper.store.changes import Changes


def _what_happened(p: PromiseRecord, settings: Settings) -> str:
    from promisekeeper.display import short_day

    if p.status == "kept" and p.kept_at is not None:
        return f"delivered on {short_day(p.kept_at.astimezone(settings.tz).date())}"
    if p.status == "broken":
        return "we could not deliver it"
    return "not delivered yet"


def sender_of(settings: Settings) -> str:
    """The From of a question: your name and address (``user.name``, ``user.email``)."""
    from email.utils import formataddr

    if not settings.user_email:
        raise InputError(
            "Set the address replies should reach first: pk config set user.email you@example.com"
        )
    return formataddr((settings.user_name or settings.user, settings.user_email))


def ask(
    settings: Settings, ids: list[int], *, again: bool, deliver: Callable[[Question], str]
) -> Asked:
    """One question per promise, each delivered (written or sent) by ``deliver``, which says
    where it went; the asks recorded once every question is delivered. Nothing is delivered
    when one of the promises cannot be asked about."""
    from email.utils import make_msgid

    from promisekeeper.display import short_day
    from promisekeeper.domain.rules import name_fold

    sender = sender_of(settings)
    signature = [line for line in (settings.user_name, settings.company_name) if line]
    questions: list[Question] = []
    with writing(settings) as changes:
        for promise_id in dict.fromkeys(ids):
            p = load_for_change(changes, promise_id)
            why = rules.askable(p, settings.now)
            if why:
                raise InputError(f"#{p.id} cannot be asked about yet: {why}.")
            asked = changes.voice([p.id], "feedback_asked")
            if asked and not again:
                day = short_day(asked[-1][2].astimezone(settings.tz).date())
                raise InputError(f"#{p.id} was asked about on {day}; --again asks once more.")
            found = changes.customer_by_fold(name_fold(p.customer))
            emails = changes.customer_list("emails", found[0]) if found else []
            if not emails:
                raise InputError(
                    f'{p.customer} has no e-mail address: pk customer set "{p.customer}" '
                    "--email ADDR"
                )
            token = rules.token_of(changes.feedback_digest(p.id))
            questions.append(
                Question(
                    p,
                    emails[0],
                    sender,
                    signature,
                    f"{rules.SUBJECT} {rules.tag(p.id, token)}",
                    make_msgid(domain="promisekeeper"),
                    _what_happened(p, settings),
                )
            )
    places = [deliver(question) for question in questions]
    with writing(settings) as changes:
        for question in questions:
            record_event(
                changes,
                question.promise.id,
                "feedback_asked",
                settings,
                to=question.to,
                message_id=question.message_id,
            )
    return Asked(questions, places)


def read(
    settings: Settings,
    paths: list[str],
    progress: Callable[[int], Callable[[int], None]] | None = None,
) -> ReadResult:
    """Read the replies in ``paths`` and record each verdict (docs/feedback.md): one ``Heard``
    per message, recorded or with why not. ``progress(total)``, when given, is told how many
    messages there are (the files are counted for it first) and returns what to tell as they
    are read."""
    from promisekeeper.service import mail

    heard: list[Heard] = []
    tell = progress(mail.count(paths)) if progress is not None else None
    with writing(settings) as changes:
        for done, message in enumerate(mail.messages(paths), start=1):
            heard.append(_heard(changes, settings, message))
            if tell is not None:
                tell(done)
    return ReadResult(heard)


def _heard(changes: Changes, settings: Settings, message: Reply | Unreadable) -> Heard:
    from promisekeeper.dates import to_utc_iso
    from promisekeeper.domain.team import promise_refusal
    from promisekeeper.service.mail import Unreadable

    if isinstance(message, Unreadable):
        return Heard(message.where, None, None, None, message.why)
    found_tag = rules.TAG.search(message.subject)
    if found_tag is None:
        return Heard(message.where, None, None, None, "no [pk#…] tag in its subject")
    promise_id, token = int(found_tag.group(1)), found_tag.group(2).upper()

    def skip(why: str) -> Heard:
        return Heard(message.where, promise_id, None, None, why)

    if message.automatic:
        return skip("an automatic reply (out of office), not an answer")
    found = changes.promise_for_update(promise_id) if promise_id < 2**63 else None
    if found is None or found[1]:
        return skip(f"no promise #{promise_id}")
    p = found[0]
    if token != rules.token_of(changes.feedback_digest(p.id)):
        return skip(f"its token does not match #{p.id}")
    refusal = promise_refusal(changes.actor, p.owner, p.id)
    if refusal:
        return skip(refusal)
    said = rules.verdict_of(message.text)
    if said is None:
        return skip("no yes or no at the top of the reply")
    if message.message_id:
        earlier = changes.voice([p.id], "feedback")
        if any(data.get("message_id") == message.message_id for *_rest, data in earlier):
            return skip("read before (the same Message-ID)")
    details: dict[str, object] = {"verdict": said.verdict, "text": said.text}
    if message.message_id:
        details["message_id"] = rules.said(message.message_id)
    if message.received_at is not None:
        details["received_at"] = to_utc_iso(message.received_at)
    if message.sender:
        details["from"] = rules.said(message.sender)
    record_event(changes, p.id, "feedback", settings, **details)
    return Heard(
        message.where, p.id, said.verdict, said.text, None, rules.disputed(p, said.verdict)
    )


def record(settings: Settings, promise_id: int, verdict: str, text: str | None) -> Verdict:
    """A verdict heard by phone."""
    from promisekeeper.domain.rules import clean_text

    words = rules.said(clean_text(text, "The customer's words")) if text else None
    with writing(settings) as changes:
        p = load_for_change(changes, promise_id)
        why = rules.askable(p, settings.now)
        if why:
            raise InputError(f"#{p.id} cannot have a verdict yet: {why}.")
        record_event(changes, p.id, "feedback", settings, verdict=verdict, text=words)
    return Verdict(p, verdict, words, None, settings.now, rules.disputed(p, verdict))


def verdicts(
    settings: Settings, *, disputed_only: bool = False, customer: str | None = None
) -> FeedbackList:
    """Every promise's latest verdict beside our record, disputes first, newest first."""
    from promisekeeper.service import check_customer

    with reading(settings) as reader:
        name = check_customer(reader, customer)
        latest = queries.latest_verdicts(reader, name)
    rows = []
    for p, at, data in latest:
        verdict = str(data["verdict"])
        rows.append(
            Verdict(p, verdict, data.get("text"), data.get("from"), at, rules.disputed(p, verdict))
        )
    if disputed_only:
        rows = [row for row in rows if row.disputed]
    rows.sort(key=lambda row: (not row.disputed, -row.at.timestamp(), row.promise.id))
    return FeedbackList(rows, disputed_only)


# --- the team's voice -----------------------------------------------------------------------------


def flag(
    settings: Settings, promise_id: int, text: str | None, *, clear: bool = False
) -> tuple[PromiseRecord, str | None]:
    """Raise a concern on an open promise — anyone who can read it may — or, with ``clear``,
    answer it: only its owner (or a lead) clears a flag (docs/feedback.md)."""
    from promisekeeper.domain.rules import clean_text
    from promisekeeper.domain.states import is_active
    from promisekeeper.service import existing_id, refuse_unless_allowed
    from promisekeeper.store.queries import PromiseFilter, standing_flags

    words = clean_text(text, "The flag's text") if text is not None else None
    if not clear and not words:
        raise InputError("Say what worries you: pk promise flag ID TEXT (or --clear).")
    with writing(settings) as changes:
        found = changes.promise_for_update(existing_id(promise_id))
        if found is None or found[1]:
            from promisekeeper.errors import PromiseNotFound

            raise PromiseNotFound(promise_id)
        p = found[0]
        if not is_active(p.status):
            raise InputError(f"#{p.id} is {p.status}; only an open promise can be flagged.")
        standing = [
            f
            for f in standing_flags(changes.db, PromiseFilter(status=None))
            if f.promise_id == p.id
        ]
        if clear:
            refuse_unless_allowed(changes, p)
            if not standing:
                raise InputError(f"#{p.id} has no flag to clear.")
        record_event(changes, p.id, "flagged", settings, text=words, clear=clear)
    return p, words

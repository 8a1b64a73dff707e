"""States, slips and outcomes exactly as docs/words.md defines them."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from promisekeeper.domain.model import Outcome, PromiseRecord, Status
from promisekeeper.domain.states import UNANSWERED, is_active, is_dated, is_running
from promisekeeper.errors import InputError, InvalidState


def is_overdue(promise: PromiseRecord, now: datetime) -> bool:
    """Running (a promise waiting on the customer is never overdue) and past its due date."""
    return is_running(promise.status) and promise.due < now


def kept_on_time(kept_at: datetime | None, agreed: datetime) -> bool:
    """Kept, and by the date the customer last agreed to: the kept-rate's one judgement."""
    return kept_at is not None and kept_at <= agreed


def outcome(promise: PromiseRecord) -> Outcome | None:
    """Judged against the baseline: the date the customer last agreed to."""
    if promise.status == "kept":
        return "kept_on_time" if kept_on_time(promise.kept_at, promise.agreed) else "kept_late"
    if is_active(promise.status) or promise.status == "declined":
        return None
    return promise.status  # type: ignore[return-value]


def is_late_vs_agreed(promise: PromiseRecord, now: datetime) -> bool:
    """Running and the agreed (baseline) date has passed, whatever the current due date says."""
    return is_running(promise.status) and promise.agreed < now


class Reschedule(NamedTuple):
    """What a move of the due date means (docs/words.md, Lifecycle)."""

    new_due: datetime
    new_baseline: datetime
    slip: bool
    heads_up: bool
    warning: str | None


def plan_reschedule(
    promise: PromiseRecord,
    new_due: datetime,
    now: datetime,
    *,
    customer_asked: bool,
    force: bool = False,
) -> Reschedule:
    require_open(promise, "reschedule")
    if new_due == promise.due:
        raise InputError(f"#{promise.id} is already due then; nothing to change.")
    if new_due <= now and not force:
        raise InputError("The new due date is in the past; pick a later one, or add --force.")
    if customer_asked:
        warning = None
        if promise.agreed < now:
            warning = (
                "The agreed date had already passed when the customer asked for this change; "
                "the kept-rate now measures against the new date."
            )
        return Reschedule(new_due, new_due, slip=False, heads_up=False, warning=warning)
    slip = new_due > promise.due
    heads_up = slip and now < promise.due
    return Reschedule(new_due, promise.agreed, slip=slip, heads_up=heads_up, warning=None)


def require_open(promise: PromiseRecord, action: str) -> None:
    if not is_active(promise.status):
        raise InvalidState(
            f"#{promise.id} is {promise.status}; only open promises can be {_past(action)}. "
            f"`pk promise reopen {promise.id}` first if that was a mistake."
        )
    if not is_dated(promise.status):
        raise InvalidState(
            f"#{promise.id} is a request not answered yet, so it cannot be {_past(action)}: "
            f"`pk promise answer {promise.id} --by WHEN` gives it a date, "
            f"`pk promise decline {promise.id} --reason TEXT` says no."
        )


def require_unanswered(promise: PromiseRecord, action: str) -> None:
    """Only a request not answered yet is answered or declined (docs/words.md, "Unanswered
    requests and declines"): a promise with a date is kept, broken, cancelled or moved."""
    if promise.status == UNANSWERED:
        return
    if is_active(promise.status):
        hint = (
            f"it is open with a date: `pk reschedule {promise.id}` moves it"
            if action == "answer"
            else f"it already has a date: `pk break {promise.id}` if we will not keep it, "
            f"`pk cancel {promise.id}` if the customer withdrew it"
        )
        raise InvalidState(f"#{promise.id} is not a request waiting for an answer; {hint}.")
    raise InvalidState(
        f"#{promise.id} is {promise.status}; only an unanswered request can be {_past(action)}."
    )


def decline_reply(what: str, reason: str) -> str:
    """The short reply a decline prints to send: ``We can't commit to “Custom cables for the
    racks” because we do not make them.``"""
    what, reason = what.strip().rstrip("."), reason.strip().rstrip(".")
    return f"We can't commit to “{what}” because {_lower_first(reason)}."


def _lower_first(text: str) -> str:
    """``Send the quote`` → ``send the quote``; ``EU tariffs`` and ``I`` stay as written."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower() and first[0].isupper():
        return text[0].lower() + text[1:]
    return text


def require_running(promise: PromiseRecord, action: str) -> None:
    if promise.status == "waiting":
        raise InvalidState(
            f"#{promise.id} is already waiting on the customer; "
            f"`pk promise resume {promise.id}` ends the wait."
        )
    require_open(promise, action)


def require_waiting(promise: PromiseRecord) -> None:
    if promise.status != "waiting":
        state = "open" if is_active(promise.status) else promise.status
        raise InvalidState(f"#{promise.id} is {state}, not waiting on the customer.")


def require_closed(promise: PromiseRecord) -> None:
    if is_active(promise.status):
        raise InvalidState(f"#{promise.id} is already {promise.status}.")


def check_kept_at(promise: PromiseRecord, kept_at: datetime, now: datetime) -> None:
    if kept_at > now:
        raise InputError("--at cannot be in the future.")
    if kept_at < promise.made_at:
        raise InputError("--at is before the promise was made; check the date.")


def _past(action: str) -> str:
    return {
        "keep": "kept",
        "break": "broken",
        "cancel": "cancelled",
        "reschedule": "rescheduled",
        "wait": "put on hold",
        "loop": "kept in the loop",
        "answer": "answered",
        "decline": "declined",
    }.get(action, action + "ed")


def next_status(action: str) -> Status:
    return {"keep": "kept", "break": "broken", "cancel": "cancelled"}[action]  # type: ignore[return-value]


# --- text rules ------------------------------------------------------------------------------

_TAG_RE = r"[^\s,;]+"  # compiled on first use (re's cache): most commands never need it


def text_problem(value: str) -> str | None:
    """What keeps ``value`` from being stored text, or None: the one text rule for every path
    in (typed, captured, imported from any format, read back by ``pk db check``), on both
    engines. Text is valid UTF-8 (no lone surrogates from undecodable bytes) and holds no NUL,
    which PostgreSQL refuses and no text file holds; other control characters are kept as
    typed and shown as visible escapes (docs/reliability.md, "One text rule")."""
    if "\x00" in value:
        return "holds a NUL character, which text never does"
    if value.isascii():  # the usual case: no surrogates possible
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8 text"
    return None


def clean_text(value: str, what: str) -> str:
    """``value`` without surrounding blanks, refused when empty or against the text rule."""
    text = value.strip()
    if not text:
        raise InputError(f"{what} cannot be empty.")
    problem = text_problem(text)
    if problem:
        raise InputError(f"{what} {problem}.")
    return text


def clean_tags(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Lower-case, unique, sorted; no spaces, commas or semicolons inside a tag."""
    tags = set()
    for value in values:
        tag = value.strip().lower()
        if not tag or not re.fullmatch(_TAG_RE, tag):
            raise InputError(
                f'"{value}" is not a tag: use one word without spaces, commas or semicolons.'
            )
        tags.add(tag)
    return tuple(sorted(tags))


def encode_tags(tags: tuple[str, ...]) -> str:
    return f",{','.join(tags)}," if tags else ""


def decode_tags(stored: str) -> tuple[str, ...]:
    return tuple(t for t in stored.split(",") if t)


# --- customers ---------------------------------------------------------------------------------


def name_fold(name: str) -> str:
    """The unique key of a customer name: case-insensitive (docs/words.md)."""
    if name.isascii():  # NFKC leaves ASCII as it is (and unicodedata costs 2 ms to import)
        return name.casefold()
    import unicodedata

    return unicodedata.normalize("NFKC", name).casefold()


# A trailing legal form does not make a customer different: "ACME Inc" is Acme.
LEGAL_SUFFIXES = frozenset(
    [
        "inc",
        "ltd",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "sa",
        "sarl",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "pty",
        "srl",
        "spa",
        "kk",
    ]
)


@lru_cache(maxsize=4096)  # an import asks for the same few names thousands of times
def visible_fold(name: str) -> str:
    """``name_fold`` without invisible characters (zero-width spaces and joiners, bidi controls,
    soft hyphens: Unicode's format characters). Names equal here are the same customer."""
    folded = name_fold(name)
    if folded.isascii():  # no format characters in ASCII
        return folded
    import unicodedata

    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def name_skeleton(name: str) -> str:
    """Case, spaces, punctuation, invisible characters and one trailing legal form dropped:
    "Acme Corp." and "acme" look alike (docs/words.md, near customers)."""
    words = re.findall(r"[^\W_]+", visible_fold(name))
    if len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return "".join(words)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def same_name(name: str, existing: list[str]) -> str | None:
    """The existing name that ``name`` only differs from by case or invisible characters."""
    wanted = visible_fold(name)
    return next((other for other in existing if visible_fold(other) == wanted), None)


def is_near(a: str, b: str) -> bool:
    """Two customer names "near" each other (docs/words.md): after casefolding and dropping
    punctuation, invisible characters and one trailing legal form, they are equal, or one is a
    prefix of the other at least 4 characters long, or they are within edit distance 1 (when
    the shorter has 3 to 5 characters) or 2 (6 or more)."""
    x, y = name_skeleton(a), name_skeleton(b)
    if not x or not y:
        return False
    if x == y:
        return True
    shorter = min(len(x), len(y))
    if shorter >= 4 and (x.startswith(y) or y.startswith(x)):
        return True
    limit = 2 if shorter >= 6 else 1 if shorter >= 3 else 0
    return limit > 0 and edit_distance(x, y, limit) <= limit


def near_names(name: str, existing: list[str]) -> list[str]:
    """Existing names near ``name``, nearest first. Exact case-insensitive matches are not
    "near": they are the same customer."""
    fold, skeleton = name_fold(name), name_skeleton(name)
    found = [other for other in existing if name_fold(other) != fold and is_near(name, other)]
    return sorted(found, key=lambda other: edit_distance(skeleton, name_skeleton(other), 99))

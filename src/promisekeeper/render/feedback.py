"""``pk feedback``: the question as an RFC 5322 message, and the verdicts in every format
(docs/feedback.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.domain.feedback import QUESTION
from promisekeeper.render.console import Column, Line, out, user_text
from promisekeeper.render.safe import clean, md

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.feedback import (
        Asked,
        FeedbackList,
        Question,
        ReadResult,
        Verdict,
    )

SAID = {"kept": "kept", "not_kept": "not kept"}


def body(q: Question, settings: Settings) -> str:
    """The question's text: short and friendly, in the customer's words of the promise."""
    from promisekeeper.config import zone_named
    from promisekeeper.display import format_day_time, short_day

    p = q.promise
    theirs = zone_named(p.customer_zone) if p.customer_zone else settings.tz
    made = short_day(p.made_at.astimezone(theirs).date())
    lines = [
        "Hello,",
        "",
        f"On {made} we promised you: {clean(p.what)}",
        f"The date we agreed: {format_day_time(p.agreed, settings.now, theirs)}",
        f"What happened: {q.what_happened}.",
        "",
        f"Did we keep our promise? {QUESTION}",
        "",
        "Thank you,",
        *(q.signature or [q.sender]),
    ]
    return "\n".join(lines) + "\n"


def message(q: Question, settings: Settings) -> bytes:
    """The question as a standard message (the standard library's ``email``), ready to be
    opened in a mail client or sent."""
    from email.message import EmailMessage
    from email.utils import format_datetime

    mail = EmailMessage()
    mail["From"] = q.sender
    mail["To"] = q.to
    mail["Subject"] = q.subject
    mail["Date"] = format_datetime(settings.now)
    mail["Message-ID"] = q.message_id
    mail.set_content(body(q, settings))
    return bytes(mail)


def asked(result: Asked, settings: Settings) -> None:
    screen = out()
    lines: list[Line] = [
        [
            (f"Asked #{question.promise.id} ", ""),
            user_text(question.promise.what),
            (" → ", ""),
            user_text(place),
        ]
        for question, place in zip(result.questions, result.places, strict=True)
    ]
    screen.print(lines, wrap=screen.is_terminal)  # a log gets one line per question


def heard(result: ReadResult, settings: Settings) -> None:
    """One line per message: what was recorded, or why nothing was."""
    screen = out()
    lines: list[Line] = []
    for h in result.heard:
        where = user_text(h.where, "dim")
        if h.why is None:
            line: Line = [(f"#{h.promise_id} ", ""), (f"customer says {SAID[h.verdict or '']}", "")]
            if h.text:
                line += [(": ", ""), user_text(f'"{h.text}"')]
            if h.disputed:
                line.append((" — disputed", "bold red"))
            lines.append([*line, ("  ", ""), where])
        else:
            lines.append([("skipped ", "yellow"), where, (": ", ""), user_text(h.why)])
    skipped = len(result.heard) - result.recorded
    lines.append(
        [
            (
                f"Recorded {result.recorded} of {len(result.heard)} messages; {skipped} skipped.",
                "bold",
            )
        ]
    )
    screen.print(lines, wrap=screen.is_terminal)  # a log gets one line per message


def recorded(result: Verdict, settings: Settings) -> None:
    screen = out()
    line: Line = [(f"#{result.promise.id} ", ""), user_text(result.promise.what)]
    line.append((f": the customer says {SAID[result.verdict]}", ""))
    if result.disputed:
        line.append((" — disputed: our record says otherwise", "bold red"))
    screen.line(*line)


# --- pk feedback list ---------------------------------------------------------------------------


def _record(v: Verdict) -> str:
    from promisekeeper.domain.rules import outcome

    p = v.promise
    if p.status == "kept":
        return "kept on time" if outcome(p) == "kept_on_time" else "kept late"
    return "open, late" if p.status in ("open", "waiting") else p.status


def view(result: FeedbackList, settings: Settings) -> None:
    screen = out()
    if not result.rows:
        screen.line(("No disputed verdicts." if result.disputed_only else "No verdicts yet.", ""))
        return
    rows = [
        [
            [(f"#{v.promise.id}", "")],
            [user_text(v.promise.what)],
            [user_text(v.promise.customer)],
            [(_record(v), "")],
            [(SAID[v.verdict], "green" if v.verdict == "kept" else "red")],
            [user_text(v.text or "—")],
            [("disputed", "bold red")] if v.disputed else [("", "")],
        ]
        for v in result.rows
    ]
    screen.grid(
        rows,
        [
            Column(),
            Column(fold=True),
            Column(fold=True),
            Column(),
            Column(),
            Column(fold=True),
            Column(),
        ],
        header=["ID", "What", "Customer", "We recorded", "Customer says", "Their words", ""],
    )
    disputed = sum(1 for v in result.rows if v.disputed)
    count = len(result.rows)
    screen.line((f"{count} verdict{'' if count == 1 else 's'} · {disputed} disputed", "dim"))


def verdict_json(v: Verdict) -> dict[str, Any]:
    from promisekeeper.dates import to_utc_iso

    return {
        "id": v.promise.id,
        "what": v.promise.what,
        "customer": v.promise.customer,
        "owner": v.promise.owner,
        "recorded": _record(v),
        "verdict": v.verdict,
        "text": v.text,
        "from": v.sender,
        "at": to_utc_iso(v.at),
        "disputed": v.disputed,
    }


def as_json(result: FeedbackList, settings: Settings) -> list[dict[str, Any]]:
    return [verdict_json(v) for v in result.rows]


CSV_KEYS = (
    "id",
    "what",
    "customer",
    "owner",
    "recorded",
    "verdict",
    "text",
    "from",
    "at",
    "disputed",
)


def as_csv(result: FeedbackList, settings: Settings) -> str:
    from promisekeeper.render.machine import csv_text

    rows = []
    for v in result.rows:
        data = verdict_json(v)
        rows.append(
            [
                ""
                if data[k] is None
                else str(data[k]).lower()
                if isinstance(data[k], bool)
                else data[k]
                for k in CSV_KEYS
            ]
        )
    return csv_text(list(CSV_KEYS), rows)


def as_markdown(result: FeedbackList, settings: Settings) -> str:
    lines = [
        "| ID | What | Customer | We recorded | Customer says | Their words |",
        "|---|---|---|---|---|---|",
    ]
    for v in result.rows:
        said = SAID[v.verdict] + (" **(disputed)**" if v.disputed else "")
        lines.append(
            f"| {v.promise.id} | {md(v.promise.what)} | {md(v.promise.customer)} | {_record(v)} "
            f"| {said} | {md(v.text or '—')} |"
        )
    return "\n".join(lines) + "\n"

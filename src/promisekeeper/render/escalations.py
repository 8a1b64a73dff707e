"""``pk escalations`` in every format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.dates import to_utc_iso
from promisekeeper.render.console import Column, out, user_text
from promisekeeper.render.machine import csv_text, promise_object
from promisekeeper.render.safe import md

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.escalation import Escalated
    from promisekeeper.domain.results.team import EscalationList


def _late(e: Escalated) -> str:
    if "quiet" in e.reasons:
        return "quiet after a miss"
    if e.late_hours <= 0:
        return "not overdue"
    days = e.late_days
    return f"{days:g} business day{'s' if days != 1 else ''} late"


def _contact(e: Escalated, settings: Settings) -> str:
    from promisekeeper.display import format_day_time

    if e.last_contact is None:
        return "never"
    return format_day_time(e.last_contact, settings.now, settings.tz)


def _flag_text(e: Escalated) -> str:
    if e.flag is None:
        return ""
    return f"{e.flag.by}: {e.flag.text}" if e.flag.text else e.flag.by


def view(result: EscalationList, settings: Settings) -> None:
    screen = out()
    if not result.rows:
        screen.line(("Nothing to escalate.", ""))
        return
    owner = result.show_owner
    rows = [
        [
            [(f"#{e.promise.id}", "bold red")],
            [user_text(e.promise.what)],
            [user_text(e.promise.customer)],
            *([[user_text(e.promise.owner, "dim")]] if owner else []),
            [(_late(e), "red" if e.late_hours else "")],
            [(f"{e.promise.slips}×", "magenta" if "slips" in e.reasons else "")],
            [(_contact(e, settings), "")],
        ]
        for e in result.rows
    ]
    header = ["ID", "What", "Customer", *(["Owner"] if owner else []), "Late", "Slips",
              "Last contact"]  # fmt: skip
    columns = [Column(), Column(fold=True), Column(fold=True), *([Column()] if owner else []),
               Column(), Column(right=True), Column()]  # fmt: skip
    screen.grid(rows, columns, header=header)
    flagged = [e for e in result.rows if e.flag is not None]
    if flagged:
        from promisekeeper.render.views import flag_note

        screen.print(
            [
                [(f"#{e.promise.id} ", "bold"), user_text(flag_note(e.flag))]
                for e in flagged
                if e.flag
            ],
            wrap=True,
        )
    held = [e for e in result.rows if e.held]
    if held:
        screen.print(
            [[(f"#{e.promise.id} held up: ", "bold"), user_text("; ".join(e.held))] for e in held],
            wrap=True,
        )
    planned = [e for e in result.rows if e.promise.plan_b]
    if planned:  # what to do now (docs/owed.md, "Plan B")
        screen.print(
            [
                [(f"#{e.promise.id} plan B: ", "bold"), user_text(e.promise.plan_b or "")]
                for e in planned
            ],
            wrap=True,
        )
    quiet = sum(1 for e in result.rows if "quiet" in e.reasons)
    count = len(result.rows) - quiet
    said = f"{count} escalated promise{'s' if count != 1 else ''}"
    if quiet:
        said += f" · {quiet} customer{'s' if quiet != 1 else ''} quiet after a miss"
    screen.line((said, ""))


def _object(e: Escalated, settings: Settings) -> dict[str, Any]:
    return {
        **promise_object(e.promise, settings.now),
        "late_business_hours": e.late_hours,
        "late_business_days": e.late_days,
        "escalated_for": list(e.reasons),
        "risk_reasons": list(e.held),
        "last_contact_at": None if e.last_contact is None else to_utc_iso(e.last_contact),
        "flag": None
        if e.flag is None
        else {"by": e.flag.by, "text": e.flag.text, "at": to_utc_iso(e.flag.at)},
    }


def as_json(result: EscalationList, settings: Settings) -> list[dict[str, Any]]:
    return [_object(e, settings) for e in result.rows]


KEYS = ("id", "what", "customer", "owner", "due_at", "slips", "late_business_hours",
        "late_business_days", "escalated_for", "last_contact_at", "flagged_by", "flag")  # fmt: skip


def as_csv(result: EscalationList, settings: Settings) -> str:
    rows = []
    for e in result.rows:
        data = _object(e, settings)
        data["escalated_for"] = ";".join(data["escalated_for"])
        flag = data.pop("flag")
        data["flagged_by"] = flag["by"] if flag else None
        data["flag"] = flag["text"] if flag else None
        rows.append([data[k] for k in KEYS])
    return csv_text(KEYS, rows)


def as_markdown(result: EscalationList, settings: Settings) -> str:
    lines = [
        "| ID | What | Customer | Owner | Late | Slips | Last contact | Flag |",
        "|---:|---|---|---|---|---:|---|---|",
    ]
    lines += [
        f"| #{e.promise.id} | {md(e.promise.what)} | {md(e.promise.customer)} | "
        f"{md(e.promise.owner)} | {_late(e)} | {e.promise.slips} | {_contact(e, settings)} | "
        f"{md(_flag_text(e))} |"
        for e in result.rows
    ]
    return "\n".join(lines) + "\n"

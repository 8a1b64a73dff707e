"""``--format markdown``: the content of the table views, ready to paste into a wiki or mail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from promisekeeper.dates import to_utc_iso
from promisekeeper.display import deadline, describe, describe_for, format_day_time, lateness
from promisekeeper.domain.due import DueView
from promisekeeper.domain.model import PromiseDetail, PromiseRecord
from promisekeeper.domain.rules import is_overdue
from promisekeeper.render.safe import md
from promisekeeper.render.views import (
    REVIEWS_BEFORE,
    TODAY_TITLE,
    customer_zone,
    describe_event,
    flag_note,
    plain,
    risk_text,
    slip_note,
    state_of,
    wait_and_owed,
)

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results import DueResult, PromiseList, WhenResult
    from promisekeeper.domain.results.customers import CustomerDetail, CustomerList
    from promisekeeper.domain.results.settings import SettingList


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _promise_row(
    p: PromiseRecord, settings: Settings, show_owner: bool, escalated: frozenset[int] = frozenset()
) -> list[str]:
    now, tz = settings.now, settings.tz
    theirs = customer_zone(p.customer_zone) if p.customer_zone else None
    due = describe_for(p.due_at, now, tz, theirs)
    if is_overdue(p, now):
        due = f"{deadline(p.due, now, tz, p.customer_zone)} · {lateness(p.due, now, tz)}"
    state = state_of(p, now, tz) + (", escalated" if p.id in escalated else "")
    note = slip_note(p, now, tz)
    row = [f"#{p.id}", md(p.what), md(p.customer)]
    if show_owner:
        row.append(md(p.owner))
    row += [due, state + (f" ({note})" if note else ""), md(", ".join(p.tags))]
    return row


def _header(show_owner: bool) -> list[str]:
    return ["ID", "What", "Customer", *(["Owner"] if show_owner else []), "Due", "State", "Tags"]


def promises(rows: list[PromiseRecord], settings: Settings, show_owner: bool) -> str:
    if not rows:
        return "_No promises match._\n"
    lines = _table(_header(show_owner), (_promise_row(p, settings, show_owner) for p in rows))
    return "\n".join(lines) + "\n"


def _reviews(view: DueView, settings: Settings) -> list[str]:
    if not view.review_due:
        return []
    lines = [f"## Review due ({len(view.review_due)})", ""]
    for r in view.review_due:
        last = format_day_time(r.last_review, view.now, settings.tz) if r.last_review else None
        since = format_day_time(r.due_since, view.now, settings.tz)
        said = f"last {last}" if last else "never reviewed"
        lines.append(f"- **{md(r.customer)}**: {r.rhythm}, {said}, due since {since}")
    return [*lines, ""]


def due(view: DueView, settings: Settings, show_owner: bool) -> str:
    lines = [f"# Due as of {format_day_time(view.now, view.now, settings.tz)}", ""]
    for promise_id, what, customer, by in view.handed_over:
        handed = f"Handed to you: #{promise_id} {md(what)} ({md(customer)})"
        lines += [handed + (f" by {md(by)}" if by else ""), ""]
    for title, group in (
        ("Overdue", view.overdue),
        ("At risk", view.at_risk),
        ("Unanswered", view.unanswered),
        ("Waiting on customer", view.waiting),
        ("Update owed", view.update_owed),
        (TODAY_TITLE, view.today),
        ("Due soon", view.soon),
        ("Owed to you", view.owed),
    ):
        if title == REVIEWS_BEFORE:
            lines += _reviews(view, settings)
        if not group:
            continue
        lines += [f"## {title} ({len(group)})", ""]
        if group is view.at_risk:
            header = [*_header(show_owner), "Business time"]
            flags = {f.promise_id: f for f in view.risk_flags if f is not None}
            held = dict(zip((p.id for p in view.at_risk), view.risk_blocked, strict=False))
            rows: Iterable[list[str]] = (
                [
                    *_promise_row(p, settings, show_owner, view.escalated),
                    risk_text(used)
                    + (f"; {md(flag_note(flags[p.id]))}" if p.id in flags else "")
                    + "".join(f"; {md(line)}" for line in held.get(p.id, ()))
                    + (f"; plan B: {md(p.plan_b)}" if p.plan_b else ""),
                ]
                for p, used in zip(view.at_risk, view.risk_used, strict=True)
            )
        elif group is view.unanswered:
            states, _notes = wait_and_owed(view, settings)
            header = [*_header(show_owner), "Asked"]
            rows = (
                [
                    *_promise_row(p, settings, show_owner, view.escalated),
                    md(states[p.id]) + (" · answer" if p.id in view.answer else ""),
                ]
                for p in group
            )
        elif group is view.waiting or group is view.update_owed:
            states, notes = wait_and_owed(view, settings)
            header = [*_header(show_owner), "Follow-up"]
            rows = (
                [
                    *_promise_row(p, settings, show_owner, view.escalated),
                    md(notes.get(p.id) or states[p.id])
                    if group is view.update_owed
                    else md(states[p.id] + (f"; {notes[p.id]}" if p.id in notes else "")),
                ]
                for p in group
            )
        else:
            header = _header(show_owner)
            rows = (_promise_row(p, settings, show_owner, view.escalated) for p in group)
        lines += _table(header, rows)
        lines.append("")
    summary = f"{len(view.overdue)} overdue"
    if view.at_risk:
        summary += f" · {len(view.at_risk)} at risk"
    if view.unanswered:
        summary += f" · {len(view.unanswered)} unanswered"
    if view.waiting:
        summary += f" · {len(view.waiting)} waiting"
    if view.update_owed:
        summary += f" · {len(view.update_owed)} update owed"
    if view.review_due:
        summary += f" · {len(view.review_due)} review due"
    summary += f" · {len(view.today)} today · {len(view.soon)} soon"
    if view.owed:
        summary += f" · {len(view.owed)} owed to you"
    if view.slipping:
        summary += f" · {view.slipping} slipping"
    if view.empty:
        summary = "Nothing due."
    lines.append(f"**{summary}**")
    return "\n".join(lines) + "\n"


def detail(item: PromiseDetail, settings: Settings) -> str:
    p, now, tz = item.promise, settings.now, settings.tz
    lines = [f"## #{p.id} {md(p.what)}", ""]
    lines.append(f"- **Customer:** {md(p.customer)}")
    lines.append(f"- **Owner:** {md(p.owner)}")
    if item.expectations:
        lines.append(f"- **{md(p.customer)} expects:** {md('; '.join(item.expectations))}")
    state = state_of(p, now, tz)
    if item.deleted_at is not None:
        state = f"deleted {format_day_time(item.deleted_at, now, tz)} (was {state})"
    lines.append(f"- **State:** {state}")
    theirs = customer_zone(p.customer_zone) if p.customer_zone else None
    lines.append(f"- **Due:** {describe_for(p.due_at, now, tz, theirs)}")
    if p.baseline_due_at != p.due_at:
        lines.append(f"- **Agreed:** {deadline(p.baseline_due_at, now, tz, p.customer_zone)}")
    if p.slips:
        lines.append(f"- **Slips:** {p.slips} ({p.slips_heads_up} with a heads-up)")
    if p.standard is not None and p.standard_due_at is not None:
        from promisekeeper.domain.standards import promise_fit

        given = deadline(p.standard_due_at, now, tz, p.customer_zone)
        how = promise_fit(p) or "not answered"
        lines.append(f"- **Standard:** {md(p.standard)} (gave {given}; {how})")
    if p.tags:
        lines.append(f"- **Tags:** {md(', '.join(p.tags))}")
    lines += ["", "### History", ""]
    for event in item.history:
        text = plain(describe_event(event, settings))
        undone = f" — undone (event {event.voided_by})" if event.voided_by is not None else ""
        lines.append(
            f"- {format_day_time(event.at, now, tz)} — {md(text)} (by {md(event.by)}){undone}"
        )
    return "\n".join(lines) + "\n"


def when(result: WhenResult, settings: Settings) -> str:
    at = result.resolution.at
    shown = describe(at, settings.now, settings.tz)
    return f"{md(result.expression)} → **{shown}** ({to_utc_iso(at)})\n"


def promise_list(result: PromiseList, settings: Settings) -> str:
    from promisekeeper.render.machine import limited

    return promises(limited(result), settings, result.show_owner)


def due_result(result: DueResult, settings: Settings) -> str:
    return due(result.view, settings, result.show_owner)


def customer_list(result: CustomerList, settings: Settings) -> str:
    return "| Customer | Open | Overdue | All |\n|---|---|---|---|\n" + "".join(
        f"| {md(c.name)} | {c.open} | {c.overdue} | {c.total} |\n" for c in result.rows
    )


def setting_list(result: SettingList, settings: Settings) -> str:
    return "| Setting | Value | From |\n|---|---|---|\n" + "".join(
        f"| {s.name} | {md(s.value or '')} | {s.source} |\n" for s in result.rows
    )


def customer_statement(detail: CustomerDetail, settings: Settings) -> str:
    """What we have promised a customer and by when: written to be pasted into an email to them,
    so it shows dates and whether each is on track, not our internal slip counts."""
    now, tz = settings.now, settings.tz
    local = now.astimezone(tz)
    lines = [
        f"# Our commitments to {md(detail.name)}",
        "",
        f"As of {local:%A} {local.day} {local:%B %Y}.",
        "",
    ]
    if detail.open:
        lines += ["| # | What | Due | Status |", "|---:|---|---|---|"]
        for p in detail.open:
            if p.due_at is None or p.baseline_due_at is None:
                status, due = "we owe you an answer", "to be agreed"
            else:
                due = format_day_time(p.due_at, now, tz)
                if is_overdue(p, now):
                    status = "late — we are on it"
                elif p.baseline_due_at < p.due_at:
                    status = f"moved from {format_day_time(p.baseline_due_at, now, tz)}"
                else:
                    status = "on track"
            lines.append(f"| {p.id} | {md(p.what)} | {due} | {status} |")
        lines.append("")
    else:
        lines += ["Nothing is outstanding.", ""]
    if detail.kept_recently:
        lines += ["## Delivered in the last 30 days", ""]
        for p in detail.kept_recently:
            assert p.kept_at is not None
            lines.append(f"- {md(p.what)} — delivered {format_day_time(p.kept_at, now, tz)}")
        lines.append("")
    return "\n".join(lines)

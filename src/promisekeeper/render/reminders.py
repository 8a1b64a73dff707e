"""``pk remind``'s lines and notification (docs/reminders.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper.display import deadline, distance, format_day_time, lateness
from promisekeeper.render.console import Line, out, user_text

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.reminders import Announcement, Reminder

LABEL = {
    "escalated": "Escalated",
    "overdue": "Overdue",
    "at_risk": "At risk",
    "answer": "Answer",
    "update_owed": "Update owed",
    "due_soon": "Due soon",
    "chase": "Chase",
    "review_due": "Review due",
}
SHOWN = 20  # lines in one notification; the rest are counted


def line(a: Announcement, settings: Settings) -> str:
    """``Overdue: #3 Call back (Globex), due Tue 24 Nov 10:00, 2 h late``."""
    from promisekeeper.render.safe import clean

    p, now, tz = a.promise, settings.now, settings.tz
    if a.kind == "review_due" and a.since is not None:
        since = format_day_time(a.since, now, tz)
        return f"Review due: {clean(p.customer)} ({a.rhythm}), due since {since}"
    if a.kind == "answer":  # a request not answered yet (docs/words.md)
        asked = format_day_time(p.made_at, now, tz)
        return (
            f"Answer: #{p.id} {clean(p.what)} ({clean(p.customer)}), asked {asked}, "
            "not answered yet"
        )
    due = p.due  # every other announcement is of a promise with a date
    when = deadline(due, now, tz, p.customer_zone)
    if a.kind == "overdue":
        state = lateness(due, now, tz)
    elif a.kind == "escalated":
        late = lateness(due, now, tz) if due < now else distance(due, now, tz)
        state = f"{late}, slipped {p.slips}×" if p.slips else late
    elif a.kind == "chase" and p.waiting_since is not None:
        since = format_day_time(p.waiting_since, now, tz)
        return (
            f"Chase: #{p.id} {clean(p.what)} ({clean(p.customer)}), waiting on the customer "
            f"since {since}"
        )
    elif a.kind == "update_owed" and a.since is not None:
        since = format_day_time(a.since, now, tz)
        return (
            f"Update owed: #{p.id} {clean(p.what)} ({clean(p.customer)}), due {when}, the "
            f"customer is owed news since {since} (every {p.update_every})"
        )
    elif a.kind == "at_risk" and a.blocked:  # held up by a promise owed to us
        state = f"{distance(due, now, tz)}, {'; '.join(clean(b) for b in a.blocked)}"
    elif a.kind == "at_risk" and a.used is not None:
        state = f"{distance(due, now, tz)}, {int(a.used * 100)}% of its time used"
    else:
        state = distance(due, now, tz)
    plan = f" · plan B: {clean(p.plan_b)}" if p.plan_b and a.kind != "due_soon" else ""
    return (
        f"{LABEL[a.kind]}: #{p.id} {clean(p.what)} ({clean(p.customer)}), due {when}, {state}{plan}"
    )


def once(items: list[Announcement]) -> list[Announcement]:
    """Each promise once, under its most urgent news (escalated, overdue, at risk, due soon,
    chase: the order the announcements come in); the others are recorded all the same, so
    that none of them comes back on its own later."""
    seen: set[object] = set()
    shown = []
    for a in items:
        key = ("review", a.promise.customer) if a.kind == "review_due" else a.promise.id
        if key not in seen:
            seen.add(key)
            shown.append(a)
    return shown


# How a notifier shows the message (Apprise's notification types): a broken deadline is a
# failure, one in danger a warning, the rest news.
LEVEL = {"escalated": "failure", "overdue": "failure", "at_risk": "warning", "answer": "warning",
         "update_owed": "warning", "chase": "warning", "due_soon": "info",
         "review_due": "info"}  # fmt: skip


def message(items: list[Announcement], settings: Settings) -> tuple[str, str, str]:
    """A notification's title (``pk: 1 overdue, 2 at risk``), body, and level (``failure`` when
    anything is overdue or escalated, ``warning`` when at risk, owed news or to chase, else
    ``info``)."""
    items = once(items)
    counts = [
        f"{sum(1 for a in items if a.kind == kind)} {LABEL[kind].lower()}"
        for kind in LABEL
        if any(a.kind == kind for a in items)
    ]
    lines = [line(a, settings) for a in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(f"… and {len(items) - SHOWN} more: pk due")
    levels = {LEVEL[a.kind] for a in items}
    level = next(name for name in ("failure", "warning", "info") if name in levels)
    return "pk: " + ", ".join(counts), "\n".join(lines), level


def view(result: Reminder, settings: Settings) -> None:
    """The announcements, delivered to stdout before they count as made: a closed pipe or a
    full disk raises here, and the run forgets them again. Nothing when nothing is new (cron
    mails only what matters)."""
    import sys

    if not result.items:
        return
    screen = out()
    lines: list[Line] = []
    for a in once(result.items):
        text = line(a, settings)
        if screen.is_terminal:  # folded between words, the lines after the first indented
            folded = screen.wrap(text, screen.width)
            rest = screen.wrap(" ".join(folded[1:]), screen.width - 4) if folded[1:] else []
            lines += [[user_text(folded[0])], *([user_text("    " + r)] for r in rest)]
        else:  # a cron log or a pipe: one line each, as long as it is
            lines.append([user_text(text)])
    screen.print(lines, wrap=False)
    sys.stdout.flush()


def sent(result: Reminder) -> None:
    """Where the announcements were sent, once they were."""
    if result.sent_to is not None:
        out().print([[(f"Sent to {result.sent_to}.", "dim")]], wrap=True)

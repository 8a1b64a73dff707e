"""``pk remind``'s lines and notification (docs/reminders.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper.display import distance, format_day_time, lateness
from promisekeeper.render.console import Line, out, user_text

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.reminders import Announcement, Reminder

LABEL = {
    "escalated": "Escalated",
    "overdue": "Overdue",
    "at_risk": "At risk",
    "due_soon": "Due soon",
    "chase": "Chase",
}
SHOWN = 20  # lines in one notification; the rest are counted


def line(a: Announcement, settings: Settings) -> str:
    """``Overdue: #3 Call back (Globex), due Tue 24 Nov 10:00, 2 h late``."""
    from promisekeeper.render.safe import clean

    p, now, tz = a.promise, settings.now, settings.tz
    when = format_day_time(p.due_at, now, tz)
    if a.kind == "overdue":
        state = lateness(p.due_at, now, tz)
    elif a.kind == "escalated":
        late = lateness(p.due_at, now, tz) if p.due_at < now else distance(p.due_at, now, tz)
        state = f"{late}, slipped {p.slips}×" if p.slips else late
    elif a.kind == "chase" and p.waiting_since is not None:
        since = format_day_time(p.waiting_since, now, tz)
        return (
            f"Chase: #{p.id} {clean(p.what)} ({clean(p.customer)}), waiting on the customer "
            f"since {since}"
        )
    elif a.kind == "at_risk" and a.used is not None:
        state = f"{distance(p.due_at, now, tz)}, {int(a.used * 100)}% of its time used"
    else:
        state = distance(p.due_at, now, tz)
    return f"{LABEL[a.kind]}: #{p.id} {clean(p.what)} ({clean(p.customer)}), due {when}, {state}"


def message(items: list[Announcement], settings: Settings) -> tuple[str, str]:
    """A notification's title (``pk: 1 overdue, 2 at risk``) and body."""
    counts = [
        f"{sum(1 for a in items if a.kind == kind)} {LABEL[kind].lower()}"
        for kind in LABEL
        if any(a.kind == kind for a in items)
    ]
    lines = [line(a, settings) for a in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(f"… and {len(items) - SHOWN} more: pk due")
    return "pk: " + ", ".join(counts), "\n".join(lines)


def view(result: Reminder, settings: Settings) -> None:
    """The announcements, delivered to stdout before they count as made: a closed pipe or a
    full disk raises here, and the run forgets them again. Nothing when nothing is new (cron
    mails only what matters)."""
    import sys

    if not result.items:
        return
    lines: list[Line] = [[user_text(line(a, settings))] for a in result.items]
    out().print(lines, wrap=True)
    sys.stdout.flush()


def sent(result: Reminder) -> None:
    """Where the announcements were sent, once they were."""
    if result.sent_to is not None:
        out().print([[(f"Sent to {result.sent_to}.", "dim")]], wrap=True)

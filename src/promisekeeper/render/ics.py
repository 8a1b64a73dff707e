"""``pk ics``: open promises as an RFC 5545 calendar, written by the ``icalendar`` package (which
folds lines and escapes text; docs/formats.md, "Calendar feed").

Each promise keeps its item across exports: its UID is made of its id and when it was created
(both kept by a restore), and ``SEQUENCE`` counts the events that changed when it is due (a
slip, a wait's end, a correction, an undo), so a calendar sees each as a change of the same
item. ``DTSTAMP`` is when the promise last changed: the same data
gives the same file, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from promisekeeper.domain.states import calendar_status
from promisekeeper.domain.uids import EVENT_MINUTES, uid
from promisekeeper.errors import InputError, install_extra

if TYPE_CHECKING:
    from datetime import datetime
    from types import ModuleType

    from promisekeeper.config import Settings
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.domain.results.calendars import CalendarFeed

PRODID = "-//promisekeeper//pk//EN"
EXTRA = "calendar"  # pip install "promisekeeper[calendar]"


def _icalendar() -> ModuleType:
    try:
        import icalendar
    except ImportError:
        raise InputError(f'pk ics needs the "{EXTRA}" extra: {install_extra(EXTRA)}.') from None
    return icalendar


def _description(
    p: PromiseRecord, settings: Settings, moves: int, held: tuple[str, ...] = ()
) -> str:
    from promisekeeper.display import deadline
    from promisekeeper.render.safe import clean

    now, tz = settings.now, settings.tz
    if p.baseline_due_at is None:  # a request: no date until it is answered
        asked = deadline(p.made_at, now, tz, None)
        return f"Asked by {clean(p.customer)} {asked}; {clean(p.owner)} owes an answer (#{p.id})."
    lines = [f"Promised to {clean(p.customer)} by {clean(p.owner)} (#{p.id})."]
    agreed = deadline(p.baseline_due_at, now, tz, p.customer_zone)
    if p.slips:
        told = f", {p.slips_heads_up} with a heads-up" if p.slips_heads_up else ", no heads-up"
        lines.append(f"Slipped {p.slips}×{told}; agreed {agreed}.")
    elif moves:
        lines.append(f"Moved {moves}× at the customer's request; agreed {agreed}.")
    if p.standard is not None:
        lines.append(f"Standard: {clean(p.standard)}.")
    lines += [f"At risk: {clean(line)}." for line in held]
    if p.plan_b and (held or (p.due_at is not None and p.due_at < now)):
        lines.append(f"Plan B: {clean(p.plan_b)}.")
    return "\n".join(lines)


def feed(result: CalendarFeed, settings: Settings) -> str:
    """The calendar as text (CRLF line ends, as RFC 5545 has them)."""
    import io

    buffer = io.StringIO(newline="")
    write_feed([result], settings, buffer)
    return buffer.getvalue()


def write_feed(batches: Iterable[CalendarFeed], settings: Settings, out: IO[str]) -> int:
    """Write the calendar to ``out`` as its items are made, a batch of promises at a time (the
    whole calendar is never in memory); returns the number of items. The package writes the
    calendar's own lines and each item, so the text is what ``Calendar.to_ical`` gives."""
    ical = _icalendar()
    calendar = str(_calendar(ical).to_ical().decode("utf-8"))
    end = "END:VCALENDAR\r\n"
    assert calendar.endswith(end)
    out.write(calendar.removesuffix(end))
    count = 0
    for batch in batches:
        for component in _components(batch, settings):
            out.write(component.to_ical().decode("utf-8"))
            count += 1
    out.write(end)
    return count


def items(result: CalendarFeed, settings: Settings) -> dict[str, str]:
    """Each promise as a calendar of its own (what a CalDAV collection stores), by UID."""
    ical = _icalendar()
    found = {}
    for component in _components(result, settings):
        calendar = _calendar(ical)
        calendar.add_component(component)
        found[str(component["uid"])] = str(calendar.to_ical().decode("utf-8"))
    return found


def _calendar(ical: ModuleType) -> Any:
    calendar = ical.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Promises")
    return calendar


def _components(result: CalendarFeed, settings: Settings) -> Iterator[Any]:
    from datetime import UTC

    from promisekeeper.render.safe import clean

    ical = _icalendar()
    for p in result.promises:
        moves, sequence, changed = result.changes.get(p.id, (0, 0, p.created_at))
        if p.due_at is None and result.events:
            continue  # an event needs a time; a request has none until it is answered
        item = ical.Event() if result.events else ical.Todo()
        item.add("uid", uid(p))
        item.add("dtstamp", changed.astimezone(UTC))
        item.add("created", p.created_at.astimezone(UTC))
        item.add("last-modified", changed.astimezone(UTC))
        if p.due_at is None:  # a request not answered yet: a to-do without DUE or alarm
            item.add("status", calendar_status(p.status))
        elif result.events:  # half an hour that ends at the deadline (docs/formats.md)
            from datetime import timedelta

            due: datetime = p.due_at.astimezone(UTC)
            item.add("dtstart", due - timedelta(minutes=EVENT_MINUTES))
            item.add("dtend", due)
            item.add("status", "CONFIRMED")
        else:
            item.add("due", p.due_at.astimezone(UTC))
            item.add("status", calendar_status(p.status))
        answer = " (answer)" if p.due_at is None else ""
        item.add("summary", f"{clean(p.customer)}: {clean(p.what)}{answer}")
        item.add("categories", [clean(p.customer), *(clean(t) for t in p.tags)])
        item.add("sequence", sequence)
        held = (result.held or {}).get(p.id, ())
        item.add("description", _description(p, settings, moves, held))
        if p.due_at is not None:
            alarm = ical.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Due: {clean(p.what)}")
            related = {"RELATED": "END"}  # before the deadline: a todo's DUE, an event's end
            alarm.add("trigger", -result.remind_before, parameters=related)
            item.add_component(alarm)
        yield item

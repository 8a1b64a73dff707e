"""``pk calendar`` in every format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.display import short_day
from promisekeeper.render.console import Line, out, user_text
from promisekeeper.render.machine import csv_text
from promisekeeper.render.safe import md

if TYPE_CHECKING:
    from promisekeeper.calendar import ClosedDay
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.calendars import CalendarYear


def _title(result: CalendarYear) -> str:
    whose = f"{result.customer}'s calendar" if result.customer else "Calendar"
    return (
        f"{whose} {result.calendar} · {result.year} · {result.workdays} "
        f"{result.start:%H:%M}–{result.end:%H:%M} · {result.zone}"
    )


def _why(day: ClosedDay) -> str:
    reason = day.name if day.kind == "holiday" else "closed (calendar.closed)"
    return reason if day.workday else f"{reason} · not a workday anyway"


def _count(result: CalendarYear) -> str:
    working = sum(1 for d in result.closed if d.workday)
    return f"{working} working day{'s' if working != 1 else ''} closed"


def view(result: CalendarYear, settings: Settings) -> None:
    lines: list[Line] = [[user_text(_title(result), "bold")]]
    if not result.closed:
        lines.append([("  No holidays or closed days: every workday is open.", "dim")])
    for day in result.closed:
        lines.append(
            [
                (f"  {short_day(day.day):<10}  ", ""),
                user_text(_why(day), "" if day.workday else "dim"),
            ]
        )
    lines += [[], [(_count(result), "")]]
    out().print(lines, wrap=True)


def as_json(result: CalendarYear, settings: Settings) -> dict[str, Any]:
    return {
        "year": result.year,
        "calendar": result.calendar,
        "customer": result.customer,
        "timezone": result.zone,
        "workdays": result.workdays,
        "workday_start": f"{result.start:%H:%M}",
        "workday_end": f"{result.end:%H:%M}",
        "closed": [
            {"date": d.day.isoformat(), "kind": d.kind, "name": d.name, "workday": d.workday}
            for d in result.closed
        ],
    }


def as_csv(result: CalendarYear, settings: Settings) -> str:
    return csv_text(
        ("date", "kind", "name", "workday"),
        ([d.day.isoformat(), d.kind, d.name, d.workday] for d in result.closed),
    )


def as_markdown(result: CalendarYear, settings: Settings) -> str:
    lines = [f"# {md(_title(result))}", "", "| Date | Closed for | Workday |", "|---|---|---|"]
    lines += [
        f"| {d.day.isoformat()} ({d.day:%a}) | {md(d.name)} | {'yes' if d.workday else 'no'} |"
        for d in result.closed
    ]
    lines += ["", _count(result)]
    return "\n".join(lines) + "\n"

"""``pk away`` and ``pk away list`` (docs/owed.md, "Cover while away")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.dates import to_utc_iso
from promisekeeper.display import short_day
from promisekeeper.render.console import Column, out, user_text
from promisekeeper.render.safe import clean, md

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from promisekeeper.config import Settings
    from promisekeeper.domain.away import Absence, AwayChange
    from promisekeeper.domain.results.away import AwayList

HEADER = ["Owner", "Away", "Cover", "State"]


def _days(a: Absence, tz: tzinfo) -> str:
    """``Mon 14 Dec – Fri 18 Dec``: the first and the last day away."""
    from datetime import timedelta

    first = a.starts_at.astimezone(tz).date()
    last = (a.ends_at.astimezone(tz) - timedelta(seconds=1)).date()
    return short_day(first) if first == last else f"{short_day(first)} – {short_day(last)}"


def state(a: Absence, now: datetime) -> str:
    if a.ended_at is not None:
        return "back" if a.handed_at is not None else "nothing handed over"
    if a.handed_at is not None:
        return "away now"
    return "to come" if a.starts_at > now else "due to hand over"


def change(result: AwayChange, settings: Settings) -> None:
    a = result.absence
    screen = out()
    days = _days(a, settings.tz)
    if result.said == "Set":
        head = f"{a.owner} away {days}: {a.cover} covers"
    else:
        head = f"{a.owner} is back: {a.cover} no longer covers"
    lines = [[user_text(head, "bold")]]
    for promise_id, what in result.handed:
        lines.append([(f"  #{promise_id} ", ""), user_text(what), (f" → {clean(a.cover)}", "")])
    for promise_id, what in result.back:
        lines.append([(f"  #{promise_id} ", ""), user_text(what), (f" → {clean(a.owner)}", "")])
    if result.said == "Set" and a.handed_at is None:
        first = short_day(a.starts_at.astimezone(settings.tz).date())
        lines.append(
            [
                (
                    f"  {clean(a.owner)}'s open promises due then go to {clean(a.cover)}"
                    f" on {first}.",
                    "dim",
                )
            ]
        )
    elif result.said == "Set" and not result.handed:
        lines.append([("  Nothing open is due then; new ones stay yours.", "dim")])
    elif result.said == "Ended" and not result.back:
        lines.append([("  Nothing to hand back.", "dim")])
    screen.print(lines, wrap=True)


def view(result: AwayList, settings: Settings) -> None:
    screen = out()
    if not result.rows:
        screen.line(("Nobody is away. pk away --from DAY --to DAY --cover NAME sets it.", ""))
        return
    rows = [
        [[user_text(a.owner)], [(_days(a, settings.tz), "")], [user_text(a.cover)],
         [(state(a, result.now), "")]]
        for a in result.rows
    ]  # fmt: skip
    screen.grid(rows, [Column(fold=True), Column(), Column(fold=True), Column()], header=HEADER)


def _object(a: Absence, now: datetime) -> dict[str, Any]:
    return {
        "id": a.id,
        "owner": a.owner,
        "cover": a.cover,
        "starts_at": to_utc_iso(a.starts_at),
        "ends_at": to_utc_iso(a.ends_at),
        "set_by": a.set_by,
        "set_at": to_utc_iso(a.set_at),
        "handed_at": None if a.handed_at is None else to_utc_iso(a.handed_at),
        "ended_at": None if a.ended_at is None else to_utc_iso(a.ended_at),
        "state": state(a, now),
    }


def as_json(result: AwayList, settings: Settings) -> list[dict[str, Any]]:
    return [_object(a, result.now) for a in result.rows]


def as_csv(result: AwayList, settings: Settings) -> str:
    from promisekeeper.render.machine import csv_text

    rows = [list(_object(a, result.now).values()) for a in result.rows]
    keys = list(_object(result.rows[0], result.now)) if result.rows else [
        "id", "owner", "cover", "starts_at", "ends_at", "set_by", "set_at", "handed_at",
        "ended_at", "state"]  # fmt: skip
    return csv_text(keys, rows)


def as_markdown(result: AwayList, settings: Settings) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---|---|"]
    for a in result.rows:
        lines.append(
            f"| {md(a.owner)} | {_days(a, settings.tz)} | {md(a.cover)} | {state(a, result.now)} |"
        )
    return "\n".join([*lines, ""])

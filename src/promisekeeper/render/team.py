"""``pk team`` in every format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.render.console import Column, out, user_text
from promisekeeper.render.machine import csv_text
from promisekeeper.render.safe import md

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.team import TeamView

KEYS = ("owner", "open", "overdue", "today", "at_risk", "waiting", "slipping")
HEADINGS = ("Owner", "Open", "Overdue", "Today", "At risk", "Waiting", "Slipping")


def view(result: TeamView, settings: Settings) -> None:
    screen = out()
    if not result.rows:
        screen.line(("Nobody has an open promise.", ""))
        return
    rows = [
        [
            [user_text(w.owner)],
            [(str(w.open), "")],
            [(str(w.overdue), "red" if w.overdue else "")],
            [(str(w.today), "yellow" if w.today else "")],
            [(str(w.at_risk), "dark_orange" if w.at_risk else "")],
            [(str(w.waiting), "cyan" if w.waiting else "")],
            [(str(w.slipping), "magenta" if w.slipping else "")],
        ]
        for w in result.rows
    ]
    screen.grid(rows, [Column(fold=True), *[Column(right=True)] * 6], header=list(HEADINGS))


def as_json(result: TeamView, settings: Settings) -> list[dict[str, Any]]:
    return [w._asdict() for w in result.rows]


def as_csv(result: TeamView, settings: Settings) -> str:
    return csv_text(KEYS, ([getattr(w, k) for k in KEYS] for w in result.rows))


def as_markdown(result: TeamView, settings: Settings) -> str:
    lines = ["| " + " | ".join(HEADINGS) + " |", "|---|" + "---:|" * 6]
    lines += [
        f"| {md(w.owner)} | {w.open} | {w.overdue} | {w.today} | {w.at_risk} | {w.waiting} "
        f"| {w.slipping} |"
        for w in result.rows
    ]
    return "\n".join(lines) + "\n"

"""``pk calibration`` in every format (docs/words.md, "Calibration")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.render.console import Column, out, user_text
from promisekeeper.render.safe import md
from promisekeeper.render.views import percent

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.calibration import Calibration
    from promisekeeper.domain.results.calibration import CalibrationReport

HEADER = ["Class", "Closed", "First date", "Median slip", "80% within"]
NOTHING = "Fewer than 8 closed promises: nothing to calibrate against yet."


def _cells(c: Calibration) -> list[str]:
    slip = c.median_slip_business_days
    p80 = c.p80_extra_business_days
    return [
        f"{c.first_date_kept} of {c.n} ({percent(c.first_date_share)})",
        "—" if slip is None else f"{slip:g} business days",
        "never" if p80 is None else f"{p80} business days",
    ]


def _name(c: Calibration) -> str:
    return "all" if c.kind == "all" else f"{c.kind} {c.name}"


def view(result: CalibrationReport, settings: Settings) -> None:
    screen = out()
    who = "everyone's" if result.owner is None else f"{result.owner}'s"
    screen.line((f"Calibration · {who} last closed promises", "bold"))
    if not result.classes:
        screen.line((NOTHING, ""))
        return
    rows = [
        [[user_text(_name(c), "bold" if c.kind == "all" else "")], [(str(c.n), "")],
         *[[(cell, "")] for cell in _cells(c)]]
        for c in result.classes
    ]  # fmt: skip
    screen.grid(
        rows,
        [Column(fold=True), Column(right=True), Column(), Column(), Column()],
        header=HEADER,
    )


def as_json(result: CalibrationReport, settings: Settings) -> dict[str, Any]:
    """An object keyed by each class's name: the standard's, the tag, the customer, ``all``
    (a name two kinds share is kept for the first: standards, then tags, then customers)."""
    found: dict[str, Any] = {}
    for c in result.classes:
        found.setdefault(c.name, c.as_json())
    return found


def as_csv(result: CalibrationReport, settings: Settings) -> str:
    from promisekeeper.render.machine import csv_text

    header = ["kind", "class", "n", "first_date_kept", "median_slip_business_days",
              "p80_extra_business_days"]  # fmt: skip
    rows = [
        [c.kind, c.name, c.n, round(c.first_date_share, 4), c.median_slip_business_days,
         c.p80_extra_business_days]
        for c in result.classes
    ]  # fmt: skip
    return csv_text(header, rows)


def as_markdown(result: CalibrationReport, settings: Settings) -> str:
    who = "everyone's" if result.owner is None else f"{md(result.owner)}'s"
    lines = [f"# Calibration · {who} last closed promises", ""]
    if not result.classes:
        return "\n".join([*lines, NOTHING, ""])
    lines += ["| " + " | ".join(HEADER) + " |", "|---|---:|---|---|---|"]
    for c in result.classes:
        lines.append(f"| {md(_name(c))} | {c.n} | " + " | ".join(_cells(c)) + " |")
    return "\n".join([*lines, ""])

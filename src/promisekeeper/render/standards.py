"""Service standards in every format: the list, one standard with its record, and the page
customers read (``pk standard publish``; HTML in ``render/html.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.dates import to_utc_iso
from promisekeeper.render.console import Column, Line, out, user_text
from promisekeeper.render.machine import csv_text
from promisekeeper.render.safe import md
from promisekeeper.render.views import percent

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.standards import Publication, StandardDetail, StandardList
    from promisekeeper.domain.standards import Adherence, StandardRecord

STANDARD_KEYS = (
    "name",
    "customer",
    "within",
    "within_amount",
    "within_unit",
    "text",
    "created_at",
    "retired_at",
)


def standard_object(s: StandardRecord) -> dict[str, Any]:
    """A standard in JSON (and, flat, in CSV): the one shape of it."""
    return {
        "name": s.name,
        "customer": s.customer,  # whose own it is; null: everyone's
        "within": s.within.text,
        "within_amount": s.within.amount,
        "within_unit": s.within.unit,
        "text": s.text,
        "created_at": to_utc_iso(s.created_at),
        "retired_at": None if s.retired_at is None else to_utc_iso(s.retired_at),
    }


def record_text(record: Adherence) -> str:
    """``met 11 of 12 (92%)``: a standard's record in words."""
    judged = record.met + record.missed
    if not judged:
        return "no promise judged yet"
    return f"met {record.met} of {judged} ({percent(record.met_rate)})"


# --- the list ----------------------------------------------------------------------------------


def standard_list(result: StandardList, settings: Settings) -> None:
    screen = out()
    if not result.rows:
        screen.line(
            ('No standards yet. Add one: pk standard add callback --within "1 business day"', "")
        )
        return
    rows = [
        [
            [user_text(s.label, "bold")],
            [(s.within.text, "")],
            [user_text(s.text)],
            [("retired" if s.retired else "", "dim")],
        ]
        for s in result.rows
    ]
    columns = [Column(), Column(), Column(fold=True), Column()]
    screen.grid(rows, columns, header=["Standard", "Within", "What customers read", ""])


def standard_list_json(result: StandardList, settings: Settings) -> list[dict[str, Any]]:
    return [standard_object(s) for s in result.rows]


def standard_list_csv(result: StandardList, settings: Settings) -> str:
    return csv_text(
        STANDARD_KEYS, ([standard_object(s)[k] for k in STANDARD_KEYS] for s in result.rows)
    )


def standard_list_markdown(result: StandardList, settings: Settings) -> str:
    lines = ["| Standard | Within | What customers read | Retired |", "|---|---|---|---|"]
    lines += [
        f"| {md(s.label)} | {s.within.text} | {md(s.text)} | {'yes' if s.retired else ''} |"
        for s in result.rows
    ]
    return "\n".join(lines) + "\n"


# --- one standard ------------------------------------------------------------------------------


def _detail_lines(result: StandardDetail, day_hours: float) -> list[tuple[str, str]]:
    from promisekeeper.display import business_span

    s, record = result.standard, result.record
    fields = [
        ("Within", s.within.text),
        ("Customers read", s.text),
        ("Promises", str(result.promises)),
        (f"Last {result.days} days", record_text(record)),
    ]
    if record.median_business_hours is not None:
        fields.append(("Median to keep", business_span(record.median_business_hours, day_hours)))
    if record.worst_miss is not None:
        late = business_span(record.worst_miss[1], day_hours)
        fields.append(("Worst miss", f"#{record.worst_miss[0]}, {late} late"))
    if s.retired_at is not None:
        fields.append(("Retired", f"{s.retired_at:%Y-%m-%d}"))
    return fields


def standard_detail(result: StandardDetail, settings: Settings) -> None:
    lines: list[Line] = [[user_text(result.standard.label, "bold")]]
    for label, value in _detail_lines(result, settings.day_hours):
        lines.append([(f"  {label}: ", "dim"), user_text(value)])
    out().print(lines, wrap=True)


def standard_detail_json(result: StandardDetail, settings: Settings) -> dict[str, Any]:
    return {
        **standard_object(result.standard),
        "promises": result.promises,
        "record": {"days": result.days, **result.record.as_json()},
    }


def standard_detail_csv(result: StandardDetail, settings: Settings) -> str:
    keys = (*STANDARD_KEYS, "promises", "met", "missed", "met_rate", "median_business_hours")
    data = {**standard_object(result.standard), "promises": result.promises}
    data |= result.record.as_json()
    return csv_text(keys, [[data[k] for k in keys]])


def standard_detail_markdown(result: StandardDetail, settings: Settings) -> str:
    lines = [f"## {md(result.standard.label)}", ""]
    fields = _detail_lines(result, settings.day_hours)
    lines += [f"- **{label}:** {md(value)}" for label, value in fields]
    return "\n".join(lines) + "\n"


# --- what customers read -----------------------------------------------------------------------

TITLE = "What you can expect from us"


def publication_markdown(result: Publication, settings: Settings) -> str:
    local = result.now.astimezone(settings.tz)
    lines = [f"# {TITLE}", ""]
    if not result.standards:
        lines.append("We have not published any service standards yet.")
    for s in result.standards:
        line = f"- **{md(s.text)}**"
        if result.records is not None:
            line += f" — {record_line(result, s)}"
        lines.append(line)
    lines += ["", f"As of {local.day} {local:%B %Y}."]
    return "\n".join(lines) + "\n"


def record_line(result: Publication, s: StandardRecord) -> str:
    """A standard's record as customers read it."""
    assert result.records is not None
    record = result.records.get(s.label)
    if record is None or not record.met + record.missed:
        return f"no promises of this kind in the last {result.days} days"
    return (
        f"met in {record.met} of {record.met + record.missed} cases "
        f"({percent(record.met_rate)}) over the last {result.days} days"
    )


def publication_json(result: Publication, settings: Settings) -> dict[str, Any]:
    standards = []
    for s in result.standards:
        item = standard_object(s)
        if result.records is not None:
            record = result.records.get(s.label)
            item["record"] = {"days": result.days, **(record.as_json() if record else {
                "met": 0, "missed": 0, "met_rate": None, "median_business_hours": None,
                "worst_miss": None})}  # fmt: skip
        standards.append(item)
    return {"as_of": to_utc_iso(result.now), "standards": standards}

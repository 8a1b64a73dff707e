"""``pk lessons`` in every format (docs/feedback.md, "Causes and lessons")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from promisekeeper.render.console import Column, Line, out, user_text
from promisekeeper.render.safe import clean, md
from promisekeeper.render.views import percent

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.lessons import CauseCount
    from promisekeeper.domain.results.lessons import LessonReport


def _counts(c: CauseCount) -> str:
    parts = []
    if c.slips:
        parts.append(f"{c.slips} slip{'s' if c.slips != 1 else ''}")
    if c.breaks:
        parts.append(f"{c.breaks} break{'s' if c.breaks != 1 else ''}")
    return ", ".join(parts)


def _headline(result: LessonReport) -> str:
    slips = f"{result.slips} slip{'s' if result.slips != 1 else ''}"
    breaks = f"{result.breaks} break{'s' if result.breaks != 1 else ''}"
    return f"{result.title} · {slips} and {breaks}"


def _table(screen: Any, causes: list[CauseCount], indent: str) -> None:
    rows = [
        [
            [(indent + c.cause, "bold" if index == 0 else "")],
            [(_counts(c), "")],
            [(percent(c.share), "")],
        ]
        for index, c in enumerate(causes)
    ]
    screen.grid(rows, [Column(fold=True), Column(), Column(right=True)],
                header=[indent + "Cause", "Count", "Share"])  # fmt: skip
    lessons: list[Line] = []
    for c in causes:
        for lesson in c.lessons:
            lessons.append(
                [
                    (f"{indent}{c.cause}: ", "dim"),
                    (f"#{lesson.promise_id} ", ""),
                    user_text(f'"{lesson.lesson or ""}"'),
                ]
            )
    if lessons:
        screen.print([[(indent + "Lessons", "bold")], *lessons], wrap=True)


def view(result: LessonReport, settings: Settings) -> None:
    screen = out()
    screen.line((_headline(result), "bold"))
    if not result.causes:
        screen.line(("No slips or breaks: nothing to learn from here.", ""))
        return
    _table(screen, result.causes, "")
    for key, causes in result.groups:
        screen.print([[], [user_text(f"By {result.by}: {key}", "bold")]])
        _table(screen, causes, "  ")


def _cause_json(c: CauseCount) -> dict[str, Any]:
    from promisekeeper.dates import to_utc_iso

    return {
        "cause": c.cause,
        "slips": c.slips,
        "breaks": c.breaks,
        "share": c.share,
        "lessons": [
            {
                "id": m.promise_id,
                "what": m.what,
                "customer": m.customer,
                "owner": m.owner,
                "at": to_utc_iso(m.at),
                "kind": m.kind,
                "lesson": m.lesson or "",
            }
            for m in c.lessons
        ],
    }


def as_json(result: LessonReport, settings: Settings) -> dict[str, Any]:
    from promisekeeper.dates import to_utc_iso

    found: dict[str, Any] = {
        "period": {
            "label": result.label,
            "start": to_utc_iso(result.start),
            "end": to_utc_iso(result.end),
        },
        "slips": result.slips,
        "breaks": result.breaks,
        "causes": [_cause_json(c) for c in result.causes],
    }
    if result.by is not None:
        found["by"] = [
            {"key": key, "causes": [_cause_json(c) for c in causes]}
            for key, causes in result.groups
        ]
    return found


def as_csv(result: LessonReport, settings: Settings) -> str:
    from promisekeeper.render.machine import csv_text

    header = ["scope", "key", "cause", "slips", "breaks", "share", "lessons"]
    rows: list[list[object]] = []
    every = [("total", "", result.causes)] + [
        (result.by or "", key, causes) for key, causes in result.groups
    ]
    for scope, key, causes in every:
        for c in causes:
            said = " | ".join(f"#{m.promise_id}: {m.lesson or ''}" for m in c.lessons)
            rows.append([scope, key, c.cause, c.slips, c.breaks, f"{c.share:.4f}", said])
    return csv_text(header, rows)


def _markdown_causes(causes: list[CauseCount]) -> list[str]:
    lines = ["| Cause | Count | Share |", "|---|---|---:|"]
    lines += [f"| {md(c.cause)} | {_counts(c)} | {percent(c.share)} |" for c in causes]
    lessons = [(c.cause, m) for c in causes for m in c.lessons]
    if lessons:
        lines.append("")
        for cause, m in lessons:
            said = md(m.lesson or "")
            lines.append(f'- **{md(cause)}**, #{m.promise_id} {md(clean(m.what))}: "{said}"')
    return lines


def as_markdown(result: LessonReport, settings: Settings) -> str:
    lines = [f"# Lessons: {result.title}", "", _headline(result), ""]
    if not result.causes:
        return "\n".join([*lines, "No slips or breaks."]) + "\n"
    lines += _markdown_causes(result.causes)
    for key, causes in result.groups:
        lines += ["", f"## {md(key)}", "", *_markdown_causes(causes)]
    return "\n".join(lines) + "\n"

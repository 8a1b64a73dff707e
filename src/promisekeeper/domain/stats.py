"""Small figures shared by the report and the standards' adherence (docs/words.md, Reports)."""

from __future__ import annotations


def median(values: tuple[float, ...] | list[float]) -> float | None:
    """The middle value; the mean of the two middle ones for an even count; None if empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2

"""The CSV formula guard, both ways (docs/formats.md): a cell that a spreadsheet would run as a
formula is written with a leading ``'``, and an import takes exactly that ``'`` off again, so
that text goes out and comes back unchanged. Written by ``render.safe``, undone by
``domain.imports``."""

from __future__ import annotations

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_GUARD = "'"


def guard(value: str) -> str:
    """The formula guard: a leading ``'`` before a formula start, and before a leading ``'`` too,
    so that ``unguard`` gives back exactly the text that was guarded."""
    return _GUARD + value if value.startswith((*_FORMULA_START, _GUARD)) else value


def unguard(value: str) -> str:
    """The text ``guard`` was given back, exactly."""
    if value.startswith(_GUARD) and value[1:].startswith((*_FORMULA_START, _GUARD)):
        return value[1:]
    return value

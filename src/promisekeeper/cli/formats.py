"""The ``--format`` option of every command. Its choices are not written here: they are the
formats the result (or stream) has renderers for (``render.registry.formats_of``), or the
formats pk import reads (``domain.foreign.READ_FORMATS``), so that a new format is offered by
every command that can show it, and only by those."""

from __future__ import annotations

from typing import Any

import typer

from promisekeeper.render.registry import formats_of


def format_option(
    names: tuple[str, ...], *, notes: dict[str, str] | None = None, default: str | None = None
) -> Any:
    """``--format``/``-f`` choosing one of ``names``; the help lists them with a note where one
    helps, the default marked: the first name, or ``default`` (a name, or words such as "from
    the file" for a command that decides by itself)."""
    notes, chosen = notes or {}, default or names[0]
    shown = []
    for name in names:
        said = [n for n in (notes.get(name), "default" if name == chosen else None) if n]
        shown.append(name + (f" ({'; '.join(said)})" if said else ""))
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    if chosen not in names:
        listed += f" (default: {chosen})"

    def check(value: str | None) -> str | None:
        if value is not None and value not in names:
            offered = ", ".join(repr(n) for n in names)
            raise typer.BadParameter(f"{value!r} is not one of {offered}.")
        return value

    def complete(incomplete: str) -> list[str]:
        return [name for name in names if name.startswith(incomplete)]

    return typer.Option(
        "--format",
        "-f",
        metavar="[" + "|".join(names) + "]",
        callback=check,
        autocompletion=complete,
        help=f"{listed}.",
    )


def result_format(kind: str, **notes: str) -> Any:
    """``--format`` for a command that shows a ``kind`` of result (render/registry.py)."""
    return format_option(formats_of(kind), notes=notes)

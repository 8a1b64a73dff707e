"""How pk rewrites its arguments before Typer reads them."""

from __future__ import annotations

# `pk report` and `pk slips` options that take an optional value: `--month` alone is the current
# month, `--month 2026-10` a given one.
OPTIONAL_VALUE = ("--week", "--month", "--quarter")


def db_first(args: list[str]) -> list[str]:
    """``--db`` belongs to pk itself, before the command; written after it (``pk due --db
    URL``), it is moved there, so that it works wherever it is typed."""
    if "--db" not in args and not any(a.startswith("--db=") for a in args):
        return args
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg == "--db" and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        if arg.startswith("--db="):
            moved.append(arg)
        else:
            rest.append(arg)
        index += 1
    return moved + rest


def fill_optional_values(args: list[str]) -> list[str]:
    """Give ``--month``/``--week``/``--quarter`` an empty value when none follows (Typer options
    always take one), so that ``pk report --month --by customer`` means the current month."""
    if "report" not in args and "slips" not in args:
        return args
    filled: list[str] = []
    for index, arg in enumerate(args):
        filled.append(arg)
        following = args[index + 1] if index + 1 < len(args) else None
        if arg in OPTIONAL_VALUE and (following is None or following.startswith("-")):
            filled.append("")
    return filled

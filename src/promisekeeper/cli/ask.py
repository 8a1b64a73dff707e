"""``pk add`` with what is missing asked for, on a terminal: what, the customer (Tab completes
the names on file) and when (the date read is echoed before anything is saved)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer

from promisekeeper.config import Settings
from promisekeeper.errors import InputError


def ask_promise(
    settings: Settings, what: str | None, to: str | None, by: str | None, *, need_by: bool = True
) -> tuple[str, str, str | None]:
    if not sys.stdin.isatty():
        raise InputError(
            'Give what you promised, --to CUSTOMER and --by WHEN (pk add "Send the quote" '
            "--to Acme --by friday), or run pk add on a terminal to be asked."
        )
    from promisekeeper.render.safe import echo

    if what is None:
        what = _ask("What did you promise")
    if to is None:
        to = _ask("To which customer", _customer_names(settings))
    while by is None and need_by:
        answer = _ask("By when (friday, tomorrow 10am, in 3 days…)")
        try:
            from promisekeeper import dates
            from promisekeeper.display import describe

            when = dates.resolve(answer, settings.now, settings.date_settings).at
        except InputError as exc:
            echo(f"  {str(exc).split(' Examples:')[0]}", err=True)
            continue
        echo(f"  = {describe(when, settings.now, settings.tz)}")
        by = answer
    return what, to, by


def _ask(question: str, choices: list[str] | None = None) -> str:
    """One answer, not empty; with ``choices``, Tab completes them (readline, where there is
    one)."""
    completer = _complete_with(choices) if choices else None
    try:
        while True:
            answer: str = typer.prompt(question, default="", show_default=False).strip()
            if answer:
                return answer
    finally:
        if completer is not None:
            completer()


def _complete_with(choices: list[str]) -> Callable[[], None] | None:
    """Set Tab to complete ``choices``; returns what puts the previous completer back."""
    try:
        import readline
    except ImportError:  # no readline (some Windows Pythons): no completion, same questions
        return None
    previous, delims = readline.get_completer(), readline.get_completer_delims()

    def complete(text: str, state: int) -> str | None:
        found = [c for c in choices if c.casefold().startswith(text.casefold())]
        return found[state] if state < len(found) else None

    readline.set_completer_delims("")  # a name with spaces is one word
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")

    def restore() -> None:
        readline.set_completer(previous)
        readline.set_completer_delims(delims)

    return restore


def _customer_names(settings: Settings) -> list[str]:
    from promisekeeper.service.customers import customers

    try:
        return [c.name for c in customers(settings)]
    except InputError:
        return []

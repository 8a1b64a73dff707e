"""``pk capture``: each sentence found, as what / customer / due, or why it is skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper.display import describe
from promisekeeper.render.console import Line, out, user_text

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.capture import Found


def lines(found: Found, number: int, settings: Settings) -> list[Line]:
    head: Line = [(f"{number}. ", "bold"), user_text(f'"{found.sentence}"', "dim")]
    if not found.complete:
        return [head, [("   skipped: ", "yellow"), (found.skipped or "", "yellow")]]
    assert found.customer is not None and found.what is not None
    new = " (new customer)" if found.new_customer else ""
    if found.due is None or found.hedge is not None:  # a request to answer (docs/words.md)
        why = f'hedged by "{found.hedge}"' if found.hedge else "no date said"
        when: Line = [("   due       ", "dim"), (f"none: a request to answer ({why})", "yellow")]
    else:
        when = [("   due       ", "dim"), (describe(found.due, settings.now, settings.tz), "")]
    return [
        head,
        [("   what      ", "dim"), user_text(found.what, "bold")],
        [("   customer  ", "dim"), user_text(found.customer), (new, "cyan")],
        when,
    ]


def show(found: Found, number: int, settings: Settings) -> None:
    out().print(lines(found, number, settings), wrap=True)


def say(text: str) -> None:
    out().print([[user_text(text)]], wrap=True)

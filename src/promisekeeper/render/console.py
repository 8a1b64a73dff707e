"""The console and the few helpers every view needs, kept apart from the table views so that
`pk when` and the machine formats do not import Rich's tables (start-up time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from promisekeeper.dates import to_utc_iso
from promisekeeper.display import describe
from promisekeeper.render.safe import clean

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results import WhenResult


def out() -> Console:
    """A console on the current stdout (made per use: cheap, and never stale in tests)."""
    return Console(highlight=False, soft_wrap=False)


def user_text(value: str, style: str = "") -> Text:
    """User-typed text: never parsed as markup, unsafe characters made visible."""
    return Text(clean(value), style=style)


def when_view(result: WhenResult, settings: Settings) -> None:
    resolution = result.resolution
    console = out()
    line = user_text(result.expression, "bold")
    line.append(f"  →  {describe(resolution.at, settings.now, settings.tz)}")
    console.print(line)
    local = resolution.at.astimezone(settings.tz)
    console.print(
        Text(
            f"  {local.isoformat()} ({getattr(settings.tz, 'key', local.tzname())})"
            f" · {to_utc_iso(resolution.at)}",
            style="dim",
        )
    )
    if resolution.note:
        console.print(Text(f"  Note: {resolution.note}", style="cyan"))

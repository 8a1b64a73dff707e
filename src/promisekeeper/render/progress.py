"""A progress bar on stderr for work that takes a while (imports, exports).

It appears only on a terminal, and only once the work has run for a second, so that quick runs
and scripts see nothing; it is removed when the work ends. ``PK_PROGRESS_AFTER`` sets that
second to another number of seconds (the tests use 0 to see it at once).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress


class Bar:
    """``with Bar("Importing x.csv") as bar: work(progress=bar.start)``: the work calls
    ``bar.start(total)`` once and the function it returns with how much is done."""

    def __init__(self, label: str, *, enabled: bool = True) -> None:
        self.label = label
        self.enabled = enabled and _stderr_is_terminal()
        self.after = _after()
        self.began = time.monotonic()
        self.total = 0
        self.bar: Progress | None = None
        self.task: Any = None

    def start(self, total: int) -> Callable[[int], None]:
        self.total = max(total, 1)
        return self.update

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.began < self.after:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total)
        self.bar.update(self.task, completed=min(done, self.total))

    def __enter__(self) -> Bar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _after() -> float:
    from promisekeeper.config import PROGRESS_AFTER, env_number

    return env_number(PROGRESS_AFTER)

"""``pk log`` as lines for people or JSON lines for scripts, written as the batches come."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from promisekeeper.dates import to_utc_iso
from promisekeeper.display import format_day_time

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results import LogRow


def write(batches: Iterator[list[LogRow]], fmt: str, settings: Settings) -> None:
    if fmt == "jsonl":
        from promisekeeper.render.safe import json_line

        for batch in batches:
            sys.stdout.write(
                "".join(
                    json_line(
                        {
                            "id": event_id,
                            "promise_id": promise_id,
                            "what": what,
                            "customer": customer,
                            "at": to_utc_iso(at),
                            "kind": kind,
                            "by": by,
                            **data,
                            "voided": voided,
                        }
                    )
                    + "\n"
                    for event_id, promise_id, what, customer, at, kind, by, data, voided in batch
                )
            )
        return
    from promisekeeper.domain.model import EventRecord
    from promisekeeper.render.console import Line, out, user_text
    from promisekeeper.render.views import describe_event

    screen = out()
    shown = 0
    for batch in batches:
        lines: list[Line] = []
        for event_id, promise_id, what, customer, at, kind, by, data, voided in batch:
            line: Line = [
                (format_day_time(at, settings.now, settings.tz) + "  ", "dim"),
                (f"#{promise_id} ", "bold"),
                user_text(what),
                (" (", ""),
                user_text(customer),
                ("): ", ""),
                *describe_event(EventRecord(event_id, at, kind, by, data), settings),
                (" · by ", "dim"),
                user_text(by, "dim"),
            ]
            if voided:
                line.append((" · undone", "dim"))
            lines.append(line)
        shown += len(lines)
        screen.print(lines, wrap=True)
    if not shown:
        screen.line(("Nothing was recorded in that time.", ""))

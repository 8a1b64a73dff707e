"""Writing exports as they stream in from ``store.export`` (docs/formats.md, "Export").

* JSON is lossless: every customer, every promise (deleted ones too) with every field and its
  whole history, in id order; importing it into an empty database and exporting again gives the
  same bytes. Characters that could act on a terminal are ``\\uXXXX`` escapes.
* CSV is one row per live promise with the fields of ``pk promise list``, each cell's exact text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from promisekeeper.domain.imports import EXPORT_VERSION
from promisekeeper.render.safe import json_line

if TYPE_CHECKING:
    from promisekeeper.domain.results.exports import ExportSource

BATCH = 2000


def export_json(
    source: ExportSource, out: Any, progress: Callable[[int], None] | None = None
) -> int:
    """Write the whole database as JSON to ``out``; returns the number of promises."""
    out.write(f'{{"promisekeeper_export": {EXPORT_VERSION},')
    count = 0
    sections = (
        ("standards", source.standards),
        ("customers", source.customers),
        ("secrets", source.secrets),
        ("promises", source.promises),
        ("statements", source.statements),
        ("chain", source.chain),
    )
    for number, (name, items) in enumerate(sections):
        out.write(("\n ]," if number else "") + f'\n "{name}": [')
        for index, item in enumerate(items()):
            out.write(("," if index else "") + "\n  " + json_line(item))
            if name == "promises":
                count += 1
                if progress is not None and count % BATCH == 0:
                    progress(count)
    out.write("\n ]\n}\n")
    if progress is not None:
        progress(count)
    return count


def export_csv(
    source: ExportSource,
    out: Any,
    now: datetime,
    *,
    terminal: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """One row per live promise. Cells keep their exact text (quoted where needed), with the
    formula guard; on a terminal they are shown with visible escapes instead."""
    from promisekeeper.render.machine import PROMISE_KEYS, csv_text, promise_csv_row

    out.write(csv_text(PROMISE_KEYS, []))
    count = 0
    for records in source.live():
        body = csv_text(
            PROMISE_KEYS, (promise_csv_row(p, now) for p in records), exact=not terminal
        )
        out.write(body.split("\n", 1)[1])
        count += len(records)
        if progress is not None:
            progress(count)
    return count


def write_export(
    source: ExportSource,
    out: Any,
    fmt: str,
    now: datetime,
    *,
    terminal: bool,
    progress: Callable[[int], None] | None = None,
) -> int:
    if fmt == "json":
        return export_json(source, out, progress)
    return export_csv(source, out, now, terminal=terminal, progress=progress)

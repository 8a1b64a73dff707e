"""Writing exports, streaming: the database read in batches by id and written as it is read
(docs/formats.md, "Export").

* JSON is lossless: every customer, every promise (deleted ones too) with every field and its
  whole history, in id order; importing it into an empty database and exporting again gives the
  same bytes. Characters that could act on a terminal are ``\\uXXXX`` escapes.
* CSV is one row per live promise with the fields of ``pk promise list``, each cell's exact text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from promisekeeper import dates
from promisekeeper.domain import rules
from promisekeeper.domain.imports import EXPORT_VERSION
from promisekeeper.render.safe import json_line
from promisekeeper.store import Reader, queries

BATCH = 2000


# --- export ------------------------------------------------------------------------------------


def _iso(value: int | None) -> str | None:
    return None if value is None else dates.to_utc_iso(datetime.fromtimestamp(value, UTC))


def _full_promise(row: Any, history: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": int(row[0]),
        "what": row[1],
        "customer": row[2],
        "owner": row[3],
        "status": row[4],
        "tags": list(rules.decode_tags(row[5])),
        "made_at": _iso(row[6]),
        "created_at": _iso(row[7]),
        "due_at": _iso(row[8]),
        "original_due_at": _iso(row[9]),
        "baseline_due_at": _iso(row[10]),
        "kept_at": _iso(row[11]),
        "closed_at": _iso(row[12]),
        "deleted_at": _iso(row[13]),
        "slips": int(row[14]),
        "slips_heads_up": int(row[15]),
        "standard": row[16],
        "standard_due_at": _iso(row[17]),
        "waiting_since": _iso(row[18]),
        "waits": int(row[19]),
        "waited_seconds": int(row[20]),
        "update_every": row[21],
        "history": history,
    }


def _histories(reader: Reader, first: int, last: int) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for promise_id, at, kind, by, details in queries.export_events(reader, first, last):
        found.setdefault(promise_id, []).append({"at": _iso(at), "kind": kind, "by": by, **details})
    return found


def export_json(
    reader: Reader, out: io.TextIOBase | Any, progress: Callable[[int], None] | None = None
) -> int:
    """Write the whole database as JSON to ``out``; returns the number of promises."""
    from promisekeeper.domain.standards import Within

    out.write(f'{{"promisekeeper_export": {EXPORT_VERSION},\n "standards": [')
    for index, (name, amount, unit, text, created, retired) in enumerate(
        queries.export_standards(reader)
    ):
        within = Within(int(amount), "hour" if unit == "hour" else "day").text
        item = json_line({"name": name, "within": within, "text": text,
                          "created_at": _iso(created), "retired_at": _iso(retired)})  # fmt: skip
        out.write(("," if index else "") + "\n  " + item)
    out.write('\n ],\n "customers": [')
    for index, (name, created, zone, calendar) in enumerate(queries.export_customers(reader)):
        item = json_line({"name": name, "created_at": _iso(created), "timezone": zone,
                          "calendar": calendar})  # fmt: skip
        out.write(("," if index else "") + "\n  " + item)
    out.write('\n ],\n "promises": [')
    count = 0
    for promise in stored_promises(reader):
        out.write(("," if count else "") + "\n  " + json_line(promise))
        count += 1
        if progress is not None and count % BATCH == 0:
            progress(count)
    out.write("\n ]\n}\n")
    if progress is not None:
        progress(count)
    return count


def stored_promises(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every promise (deleted ones too) with its history, as the JSON export writes it, in id
    order, read in batches."""
    for rows in queries.promise_batches(reader, live_only=False, size=BATCH):
        histories = _histories(reader, int(rows[0][0]), int(rows[-1][0]))
        for row in rows:
            yield _full_promise(row, histories.get(int(row[0]), []))


def export_csv(
    reader: Reader,
    out: Any,
    now: datetime,
    *,
    terminal: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """One row per live promise. Cells keep their exact text (quoted where needed), with the
    formula guard; on a terminal they are shown with visible escapes instead."""
    from promisekeeper.render.machine import PROMISE_KEYS, csv_text, promise_csv_row
    from promisekeeper.store.queries import promise_from_row

    out.write(csv_text(PROMISE_KEYS, []))
    count = 0
    for rows in queries.promise_batches(reader, live_only=True, size=BATCH):
        records = [promise_from_row((*r[:13], *r[14:18], None, None, *r[18:22])) for r in rows]
        body = csv_text(
            PROMISE_KEYS, (promise_csv_row(p, now) for p in records), exact=not terminal
        )
        out.write(body.split("\n", 1)[1])
        count += len(records)
        if progress is not None:
            progress(count)
    return count


def write_export(
    reader: Reader,
    out: Any,
    fmt: str,
    now: datetime,
    *,
    terminal: bool,
    progress: Callable[[int], None] | None = None,
) -> int:
    if fmt == "json":
        return export_json(reader, out, progress)
    return export_csv(reader, out, now, terminal=terminal, progress=progress)

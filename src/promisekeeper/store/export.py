"""The export's rows, read in batches by id (docs/formats.md, "Export"): every standard,
customer and promise (deleted ones too, each with its whole history) as the JSON export writes
them, and the live promises as records for the CSV export. ``pk db check`` reads the same stream
to check every promise by the rules an import applies. Nothing here writes or formats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from promisekeeper import dates
from promisekeeper.domain import rules
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.store import Reader

BATCH = 2000


def _iso(value: int | None) -> str | None:
    return None if value is None else dates.to_utc_iso(datetime.fromtimestamp(value, UTC))


def standards(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every standard, by id, as the export writes it."""
    from promisekeeper.domain.standards import Within

    for name, amount, unit, text, created, retired in queries.export_standards(reader):
        within = Within(int(amount), "hour" if unit == "hour" else "day").text
        yield {"name": name, "within": within, "text": text,
               "created_at": _iso(created), "retired_at": _iso(retired)}  # fmt: skip


def customers(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every customer, by folded name, as the export writes it."""
    for name, created, zone, calendar in queries.export_customers(reader):
        yield {"name": name, "created_at": _iso(created), "timezone": zone, "calendar": calendar}


def promises(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every promise (deleted ones too) with its history, as the JSON export writes it, in id
    order, read in batches."""
    for rows in queries.promise_batches(reader, live_only=False, size=BATCH):
        histories = _histories(reader, int(rows[0][0]), int(rows[-1][0]))
        for row in rows:
            yield _full_promise(row, histories.get(int(row[0]), []))


def live_records(reader: Reader) -> Iterator[list[PromiseRecord]]:
    """The live promises as records, in id order, a batch at a time (the CSV export)."""
    for rows in queries.promise_batches(reader, live_only=True, size=BATCH):
        yield [queries.promise_from_row((*r[:13], *r[14:18], None, None, *r[18:22])) for r in rows]


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

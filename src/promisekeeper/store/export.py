"""The export's rows, read in batches by id (docs/formats.md, "Export"): every standard,
customer and promise (deleted ones too, each with its whole history) as the JSON export writes
them, and the live promises as records for the CSV export. ``pk db check`` reads the same stream
to check every promise by the rules an import applies. Nothing here writes or formats."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from promisekeeper import dates
from promisekeeper.domain import fields, rules
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.store import Reader

BATCH = 2000


def _iso(value: int | None) -> str | None:
    return None if value is None else dates.seconds_to_utc_iso(value)


def standards(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every standard, by id, as the export writes it."""
    from promisekeeper.domain.standards import Within

    for name, amount, unit, text, created, retired, customer in queries.export_standards(reader):
        within = Within(int(amount), "hour" if unit == "hour" else "day").text
        found = {"name": name, "within": within, "text": text,
                 "created_at": _iso(created), "retired_at": _iso(retired)}  # fmt: skip
        if customer is not None:  # a customer's own standard (docs/formats.md)
            found["customer"] = customer
        yield found


def customers(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every customer, by folded name, as the export writes it."""
    reviews = queries.export_reviews(reader)
    for row in queries.export_customers(reader):
        name, created, zone, calendar, emails, every, start, key, expects = row
        found = {"name": name, "created_at": _iso(created), "timezone": zone, "calendar": calendar}
        if emails:  # the addresses to ask its verdict at (docs/feedback.md), when it has any
            found["emails"] = str(emails).split("\n")
        if every:  # its review rhythm and the reviews held (docs/feedback.md), when it has one
            found["review_every"], found["review_from"] = every, _iso(start)
        if expects:  # what it expects of every promise, when anything
            found["expectations"] = str(expects).split("\n")
        if int(key) in reviews:
            found["reviews"] = [
                {"at": _iso(at), "by": by, "note": note} for at, by, note in reviews[int(key)]
            ]
        yield found


def secrets(reader: Reader) -> Iterator[dict[str, Any]]:
    """The database's own secrets (the key of the feedback tokens), so that a restored
    database still recognises the replies to questions asked before (docs/feedback.md)."""
    for name, value in queries.export_secrets(reader):
        yield {"name": name, "value": value}


def promises(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every promise (deleted ones too) with its history, as the JSON export writes it, in id
    order, read in batches."""
    for rows in queries.promise_batches(reader, live_only=False, size=BATCH):
        histories = _histories(reader, int(rows[0][0]), int(rows[-1][0]))
        for row in rows:
            yield _full_promise(row, histories.get(int(row[0]), []))


def statements(reader: Reader) -> Iterator[dict[str, Any]]:
    """The statements recorded as sent, oldest first, as the export writes them."""
    for s in queries.statements(reader):
        yield {"customer": s.customer, "at": dates.to_utc_iso(s.at), "by": s.by,
               "since": dates.to_utc_iso(s.since), "events": s.events, "head": s.head,
               "sha256": s.digest, "format": s.format,
               "signature": queries.statement_signature(reader, s.id)}  # fmt: skip


def chain(reader: Reader) -> Iterator[dict[str, Any]]:
    """The chain's head (its length and last hash) and the merges chained into it: one item."""
    head = queries.chain_head(reader) or (0, "0" * 64)
    yield {
        "events": head[0],
        "head": head[1],
        "merges": [
            {"at": dates.to_utc_iso(at), "by": by, "first": first, "last": last,
             "source": source, "source_head": source_head}
            for at, by, first, last, source, source_head in queries.chain_joins(reader)
        ],
    }  # fmt: skip


def live_records(reader: Reader) -> Iterator[list[PromiseRecord]]:
    """The live promises as records, in id order, a batch at a time (the CSV export)."""
    for rows in queries.promise_batches(
        reader, live_only=True, size=BATCH, columns=queries.PROMISE_COLUMNS
    ):
        yield [queries.promise_from_row(r) for r in rows]


# How a stored value is written in the export, by kind (domain/fields.py).
_ENCODE: dict[str, Callable[[Any], Any]] = {
    "time": _iso,
    "when": _iso,
    "count": int,
    "minutes": lambda stored: None if stored is None else int(stored),
    "id": int,
    "tags": lambda stored: list(rules.decode_tags(stored)),
}
_EXPORTED = tuple((f.name, _ENCODE.get(f.kind)) for f in fields.EXPORTED)


def _full_promise(row: Any, history: list[dict[str, Any]]) -> dict[str, Any]:
    """A row selected as ``queries.EXPORT_COLUMNS`` (the exported fields, in order)."""
    found = {
        name: value if encode is None else encode(value)
        for (name, encode), value in zip(_EXPORTED, row, strict=True)
    }
    found["history"] = history
    return found


def _histories(reader: Reader, first: int, last: int) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for promise_id, at, kind, by, details in queries.export_events(reader, first, last):
        if "imported_at" in details:
            details["imported_at"] = _iso(details["imported_at"])
        found.setdefault(promise_id, []).append({"at": _iso(at), "kind": kind, "by": by, **details})
    return found

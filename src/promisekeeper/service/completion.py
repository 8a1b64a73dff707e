"""What shell completion offers: customer names and promise numbers, read from an existing
SQLite file read-only (no ORM, nothing created or written). Any problem gives nothing:
completion never prints an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from promisekeeper.store import queries


def customer_names() -> list[str]:
    return _read(queries.customer_names) or []


def promise_ids(incomplete: str) -> list[tuple[int, str]]:
    """(id, text) of the promises whose number starts with ``incomplete``."""
    return _read(lambda reader: queries.promise_ids(reader, incomplete, None)) or []


def _read(read: Callable[[Any], Any]) -> Any:
    try:
        from promisekeeper.config import load_settings
        from promisekeeper.store import existing_sqlite_reader

        with existing_sqlite_reader(load_settings(None).db) as reader:
            return None if reader is None else read(reader)
    except Exception:
        return None

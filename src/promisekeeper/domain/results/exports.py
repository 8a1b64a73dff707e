"""What ``pk export`` writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

    from promisekeeper.domain.model import PromiseRecord


class ExportSource(NamedTuple):
    """What an export writes, each part read lazily as it is written (``store.export``)."""

    standards: Callable[[], Iterable[dict[str, Any]]]
    customers: Callable[[], Iterable[dict[str, Any]]]
    secrets: Callable[[], Iterable[dict[str, Any]]]  # in the JSON export only
    promises: Callable[[], Iterable[dict[str, Any]]]  # every promise, with its history
    live: Callable[[], Iterator[list[PromiseRecord]]]  # the live ones, as records, in batches
    statements: Callable[[], Iterable[dict[str, Any]]]  # recorded as sent (JSON only)
    chain: Callable[[], Iterable[dict[str, Any]]]  # the chain's head and merges (JSON only)

"""``pk log``: the event stream (docs/hooks.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain.results import LogRow
from promisekeeper.service import reading
from promisekeeper.store import queries

DEFAULT_DAYS = 7


def events(settings: Settings, since: str | None) -> Iterator[list[LogRow]]:
    """The events recorded since ``since`` (a past moment; the last 7 days without it), in
    the order they were written, in batches."""
    start = settings.now - timedelta(days=DEFAULT_DAYS)
    if since is not None:
        start = dates.resolve(since, settings.now, settings.date_settings, mode="made").at
    with reading(settings) as reader:
        yield from queries.log_batches(reader, start)

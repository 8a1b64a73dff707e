"""The chained history (docs/formats.md, "The chain"): ``pk db verify`` walks it, and the
statements recorded as sent to customers are checked against it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from promisekeeper.domain.chain import Row, outside, statement_breaks, walk
from promisekeeper.domain.results.chain import ChainCheck
from promisekeeper.store import queries

if TYPE_CHECKING:
    from datetime import tzinfo

    from promisekeeper.config import Settings
    from promisekeeper.store import Reader


def check(
    reader: Reader,
    zone: tzinfo,
    progress: Callable[[int], Callable[[int], None]] | None = None,
) -> ChainCheck:
    """The history read by ``reader`` checked against its chain and its recorded statements;
    ``progress(total)``, given the chain's length, returns what to tell how far it is."""
    total = queries.chain_head(reader)
    sent = queries.statements(reader)
    told = None if progress is None else progress(total[0] if total else 0)

    def rows() -> Iterator[Row]:
        done = 0
        for batch in queries.chain_rows(reader):
            for r in batch:
                yield Row(*r)
            done += len(batch)
            if told is not None:
                told(done)

    walked = walk(rows(), sent, zone)
    breaks = [*walked.breaks, *outside(Row(*r) for r in queries.unchained(reader))]
    head_problem = None
    if total is not None and total != (walked.last, walked.head):
        seq, _hash = total
        if seq > walked.last:
            gone = seq - walked.last
            head_problem = (
                f"the chain's head is event {seq} and the history ends at event "
                f"{walked.last}: the last {gone} event{'s' * (gone > 1)} removed"
            )
        else:
            head_problem = (
                f"the chain's head (event {seq}) does not match the last event "
                f"({walked.last}): the head was changed"
            )
    return ChainCheck(
        walked.events,
        walked.head,
        breaks,
        list(statement_breaks(sent, walked)),
        head_problem,
        len(sent),
        queries.chain_joins(reader),
    )


def verify(
    settings: Settings, progress: Callable[[int], Callable[[int], None]] | None = None
) -> ChainCheck:
    """``pk db verify``: the whole history checked, in one snapshot."""
    from promisekeeper.service import reading

    with reading(settings) as reader:
        return check(reader, settings.tz, progress)

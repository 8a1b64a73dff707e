"""Results of ``pk standard``."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from datetime import datetime

    from promisekeeper.domain.standards import Adherence, StandardRecord


class StandardList(NamedTuple):
    rows: list[StandardRecord]


class StandardDetail(NamedTuple):
    standard: StandardRecord
    record: Adherence  # the promises agreed for the last ``days`` days
    promises: int  # every live promise that follows it
    days: int


class Publication(NamedTuple):
    """``pk standard publish``: what customers can expect from us."""

    standards: list[StandardRecord]
    records: dict[str, Adherence] | None  # by standard name, with --with-record
    now: datetime
    days: int

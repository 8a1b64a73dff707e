"""Results of ``pk customer``."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from promisekeeper.domain.model import CustomerSummary, EventRecord, PromiseRecord
    from promisekeeper.domain.report import Figures


class CustomerList(NamedTuple):
    rows: list[CustomerSummary]


class CustomerDetail(NamedTuple):
    name: str
    summary: CustomerSummary
    all_time: Figures
    last_90_days: Figures
    open: list[PromiseRecord]
    kept_recently: list[PromiseRecord]  # the last 30 days
    history: list[tuple[int, str, EventRecord]]  # (promise id, its text, the event), newest first
    timezone: str | None = None  # its own zone, when it has one
    calendar: str | None = None  # its own public holidays ("DE/BY")

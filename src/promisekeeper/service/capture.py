"""``pk capture``: promises found in pasted text (domain/capture.py), recorded as ``pk add``
records them."""

from __future__ import annotations

from promisekeeper.config import Settings
from promisekeeper.domain.capture import Found, read
from promisekeeper.domain.results import Change
from promisekeeper.service import reading
from promisekeeper.store import queries


def find(settings: Settings, text: str, customer: str | None = None) -> list[Found]:
    """The promise sentences of ``text``, with the customers on file to recognise."""
    with reading(settings) as reader:
        known = queries.customer_names(reader)
    return read(text, settings.now, settings.date_settings, known, customer)


def record(settings: Settings, found: Found, *, new_customer: bool) -> Change:
    from promisekeeper.dates import to_utc_iso
    from promisekeeper.service.promises import add_promise

    assert found.complete and found.what and found.customer
    if found.request:  # hedged or without a date: a request to answer (docs/words.md)
        return add_promise(
            settings,
            what=found.what,
            customer=found.customer,
            by=None,
            new_customer=new_customer,
            unanswered=True,
            hedge=found.hedge,
        )
    assert found.due is not None
    return add_promise(
        settings,
        what=found.what,
        customer=found.customer,
        by=to_utc_iso(found.due),
        new_customer=new_customer,
    )

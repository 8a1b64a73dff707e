"""The machine formats of docs/formats.md: JSON objects and CSV rows (a stable contract)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from promisekeeper.dates import to_utc_iso
from promisekeeper.domain.due import DueView
from promisekeeper.domain.fields import BY_NAME, CSV, LISTED
from promisekeeper.domain.model import EventRecord, PromiseDetail, PromiseRecord
from promisekeeper.domain.rules import is_overdue, outcome
from promisekeeper.domain.standards import promise_fit
from promisekeeper.domain.states import WAITING, reported_status
from promisekeeper.render.safe import csv_cell

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.report import Report
    from promisekeeper.domain.results import DueResult, PromiseList, WhenResult
    from promisekeeper.domain.results.customers import CustomerDetail, CustomerList
    from promisekeeper.domain.results.settings import SettingList

PROMISE_KEYS = CSV  # the columns of CSV lists and the CSV export (domain/fields.py)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else to_utc_iso(moment)


def _standard_fit(promise: PromiseRecord, now: datetime) -> str | None:
    return promise_fit(promise)


# The listed values that are not stored (kind "derived"), computed from the record.
DERIVED: dict[str, Callable[[PromiseRecord, datetime], Any]] = {
    "overdue": is_overdue,
    "outcome": lambda promise, now: outcome(promise),
    "standard_fit": _standard_fit,
    "waiting": lambda promise, now: promise.status == WAITING,
    "waited_business_hours": lambda promise, now: round(promise.waited_seconds / 3600, 2),
    "party": lambda promise, now: promise.customer,  # the other side: customer, or who owes
}
# How a stored field is shown in JSON lists, by kind; the others as they are.
_SHOWN: dict[str, Callable[[Any], Any]] = {
    "time": _iso,
    "when": _iso,
    "tags": sorted,
    "status": reported_status,
}


# (key, the record's place of a stored field or None, how it is shown, or how it is derived)
_LISTED = tuple(
    (
        name,
        None if BY_NAME[name].kind == "derived" else PromiseRecord._fields.index(name),
        _SHOWN.get(BY_NAME[name].kind),
        DERIVED.get(name),
    )
    for name in LISTED
)


def promise_object(promise: PromiseRecord, now: datetime) -> dict[str, Any]:
    """A promise as JSON lists show it: the listed fields of domain/fields.py, in order."""
    found: dict[str, Any] = {}
    for name, place, shown, derived in _LISTED:
        if place is None:
            assert derived is not None
            found[name] = derived(promise, now)
        elif shown is None:
            found[name] = promise[place]
        else:
            found[name] = shown(promise[place])
    return found


def event_object(event: EventRecord) -> dict[str, Any]:
    """An event as JSON; a voided one also says which event took it back (``voided_by``: its
    place in the history, 1 for ``created``)."""
    found = {"at": to_utc_iso(event.at), "kind": event.kind, "by": event.by, **event.data}
    if event.voided_by is not None:
        found["voided_by"] = event.voided_by
    if event.imported_by is not None and event.imported_at is not None:
        found.update(imported_by=event.imported_by, imported_at=to_utc_iso(event.imported_at))
    return found


def detail_object(detail: PromiseDetail, now: datetime) -> dict[str, Any]:
    found = {
        **promise_object(detail.promise, now),
        "deleted_at": _iso(detail.deleted_at),
        "history": [event_object(e) for e in detail.history],
    }
    if detail.series:  # a recurring promise's series (docs/owed.md), first due first
        found["series_of"] = [
            {
                "id": s.id,
                "due_at": _iso(s.due_at),
                "original_due_at": _iso(s.original_due_at),
                "status": reported_status(s.status),
                "kept_at": _iso(s.kept_at),
                "outcome": outcome(s),
            }
            for s in detail.series
        ]
    return found


def _flag(view: DueView, index: int) -> dict[str, Any] | None:
    """The flag standing on an at-risk promise: who raised it, what they said, when."""
    flag = view.risk_flags[index] if index < len(view.risk_flags) else None
    if flag is None:
        return None
    return {"by": flag.by, "text": flag.text, "at": to_utc_iso(flag.at)}


def due_object(view: DueView) -> dict[str, Any]:
    return {
        "now": to_utc_iso(view.now),
        "overdue": [promise_object(p, view.now) for p in view.overdue],
        "at_risk": [
            {
                **promise_object(p, view.now),
                "flag": _flag(view, index),
                "risk_reasons": list(view.risk_reasons[index])
                if index < len(view.risk_reasons)
                else [],
            }
            for index, p in enumerate(view.at_risk)
        ],
        "unanswered": [promise_object(p, view.now) for p in view.unanswered],
        "waiting": [promise_object(p, view.now) for p in view.waiting],
        "update_owed": [promise_object(p, view.now) for p in view.update_owed],
        "today": [promise_object(p, view.now) for p in view.today],
        "soon": [promise_object(p, view.now) for p in view.soon],
        "handed_over": [
            {"id": i, "what": what, "customer": customer, "by": by}
            for i, what, customer, by in view.handed_over
        ],
        "owed": [promise_object(p, view.now) for p in view.owed],
        "review_due": [
            {
                "customer": r.customer,
                "last_review": _iso(r.last_review),
                "due_since": to_utc_iso(r.due_since),
            }
            for r in view.review_due
        ],
    }


def csv_text(header: Iterable[str], rows: Iterable[Iterable[Any]], *, exact: bool = False) -> str:
    """CSV with the formula guard. Views show cells with visible escapes; ``exact`` (exports to a
    file) keeps each cell's text as it is, quoted by the csv module where it must be."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([csv_cell(v, exact=exact) for v in row])
    return buffer.getvalue()


def promise_csv_row(promise: PromiseRecord, now: datetime) -> list[Any]:
    data = promise_object(promise, now)
    data["tags"] = ";".join(data["tags"])
    return [data[k] for k in PROMISE_KEYS]


def promises_csv(promises: Iterable[PromiseRecord], now: datetime) -> str:
    return csv_text(PROMISE_KEYS, (promise_csv_row(p, now) for p in promises))


def due_csv(view: DueView) -> str:
    rows = [
        [section, *promise_csv_row(p, view.now)]
        for section, group in (
            ("overdue", view.overdue),
            ("at_risk", view.at_risk),
            ("unanswered", view.unanswered),
            ("waiting", view.waiting),
            ("update_owed", view.update_owed),
            ("today", view.today),
            ("soon", view.soon),
            ("owed", view.owed),
        )
        for p in group
    ]
    return csv_text(("section", *PROMISE_KEYS), rows)


def history_csv(detail: PromiseDetail) -> str:
    import json

    rows = [
        [
            detail.promise.id,
            to_utc_iso(e.at),
            e.kind,
            e.by,
            json.dumps(e.data, ensure_ascii=False),
            "" if e.voided_by is None else e.voided_by,
        ]
        for e in detail.history
    ]
    return csv_text(("id", "at", "kind", "by", "details", "voided_by"), rows)


# --- one function per result type (render.registry) ---------------------------------------------


def limited(result: PromiseList) -> list[PromiseRecord]:
    """The rows an explicit ``--limit N`` keeps (machine formats are never cut otherwise)."""
    return result.rows[: result.limit] if result.limit else result.rows


def promise_list(result: PromiseList, settings: Settings) -> list[dict[str, Any]]:
    return [promise_object(p, settings.now) for p in limited(result)]


def promise_list_csv(result: PromiseList, settings: Settings) -> str:
    return promises_csv(limited(result), settings.now)


def due_result(result: DueResult, settings: Settings) -> dict[str, Any]:
    return due_object(result.view)


def due_result_csv(result: DueResult, settings: Settings) -> str:
    return due_csv(result.view)


def promise_detail(detail: PromiseDetail, settings: Settings) -> dict[str, Any]:
    return detail_object(detail, settings.now)


def promise_detail_csv(detail: PromiseDetail, settings: Settings) -> str:
    return history_csv(detail)


CUSTOMER_KEYS = ("customer", "open", "overdue", "total", "next_due_at")


def customer_list(result: CustomerList, settings: Settings) -> list[dict[str, Any]]:
    return [
        {
            "customer": c.name,
            "open": c.open,
            "overdue": c.overdue,
            "total": c.total,
            "next_due_at": _iso(c.next_due),
        }
        for c in result.rows
    ]


def customer_list_csv(result: CustomerList, settings: Settings) -> str:
    return csv_text(
        CUSTOMER_KEYS, ([o[k] for k in CUSTOMER_KEYS] for o in customer_list(result, settings))
    )


def customer_detail(detail: CustomerDetail, settings: Settings) -> dict[str, Any]:
    return {
        "customer": detail.name,
        "timezone": detail.timezone,
        "calendar": detail.calendar,
        "kept_rate": {
            "all_time": detail.all_time.as_json(),
            "last_90_days": detail.last_90_days.as_json(),
        },
        "open": [promise_object(p, settings.now) for p in detail.open],
        "kept_recently": [promise_object(p, settings.now) for p in detail.kept_recently],
        "history": [{"id": pid, **event_object(e)} for pid, _w, e in detail.history],
    }


def customer_detail_csv(detail: CustomerDetail, settings: Settings) -> str:
    return promises_csv(detail.open, settings.now)


def when(result: WhenResult, settings: Settings) -> dict[str, Any]:
    return {"expression": result.expression, "resolved": to_utc_iso(result.resolution.at)}


def when_csv(result: WhenResult, settings: Settings) -> str:
    return csv_text(
        ("expression", "resolved"), [[result.expression, to_utc_iso(result.resolution.at)]]
    )


def setting_list(result: SettingList, settings: Settings) -> dict[str, Any]:
    return {s.name: s.value for s in result.rows}


def setting_list_csv(result: SettingList, settings: Settings) -> str:
    return csv_text(
        ("setting", "value", "source"), [(s.name, s.value, s.source) for s in result.rows]
    )


def report(result: Report, settings: Settings) -> dict[str, Any]:
    return result.as_json()

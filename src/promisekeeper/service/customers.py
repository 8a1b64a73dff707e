"""Customers: list, show, rename, merge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.model import (
    CustomerSummary,
)
from promisekeeper.domain.results.customers import CustomerDetail
from promisekeeper.domain.states import OPEN
from promisekeeper.errors import (
    CustomerNotFound,
    InputError,
)
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    pass


from promisekeeper.service import (
    check_customer,
    lead_only,
    reading,
    whole_seconds,
    writing,
)


def customers(settings: Settings) -> list[CustomerSummary]:
    with reading(settings) as reader:
        return queries.customer_summaries(reader, settings.now)


def customer_detail(settings: Settings, name: str, history: int = 10) -> CustomerDetail:
    from datetime import timedelta

    from promisekeeper.domain.report import figures_from_counts
    from promisekeeper.store.queries import ReportScope, recent_events, report_counts

    now = settings.now
    with reading(settings) as reader:
        found = check_customer(reader, name)
        assert found is not None
        summary = queries.customer_summaries(reader, now, found)[0]
        rates = []
        for start in (None, now - timedelta(days=90)):
            scope = ReportScope(start, None if start is None else now, now, customer=found)
            counts, late = report_counts(reader, scope)
            rates.append(figures_from_counts(counts.get(None, {}), late.get(None, [])))
        open_rows = queries.list_promises(reader, PromiseFilter(customer=found, status=OPEN))
        kept = queries.list_promises(
            reader, PromiseFilter(customer=found, status=None, kept_from=now - timedelta(days=30))
        )
        events = recent_events(reader, found, history)
        zone, calendar = queries.customer_place(reader, found)
    return CustomerDetail(
        found, summary, rates[0], rates[1], open_rows, kept, events, zone, calendar
    )


def rename_customer(settings: Settings, old: str, new: str) -> tuple[str, str]:
    new = rules.clean_text(new, "The new name")
    with writing(settings) as changes:
        lead_only(changes, "rename a customer")
        row = changes.customer_by_fold(rules.name_fold(old))
        if row is None:
            raise CustomerNotFound(old)
        clash = changes.customer_by_fold(rules.name_fold(new))
        if clash is not None and clash[0] != row[0]:
            raise InputError(
                f'There is already a customer "{clash[1]}"; '
                f'`pk customer merge "{row[1]}" "{clash[1]}"` joins them.'
            )
        changes.rename_customer(row[0], new, rules.name_fold(new))
    return row[1], new


def merge_customers(settings: Settings, source: str, target: str) -> tuple[str, str, int]:
    """Move every promise of ``source`` to ``target`` (history says so) and drop ``source``."""
    with writing(settings) as changes:
        lead_only(changes, "merge customers")
        rows = []
        for name in (source, target):
            row = changes.customer_by_fold(rules.name_fold(name))
            if row is None:
                raise CustomerNotFound(name)
            rows.append(row)
        (from_id, from_name), (into_id, into_name) = rows
        if from_id == into_id:
            raise InputError("Those are the same customer; nothing to merge.")
        moved = changes.promise_ids_of_customer(from_id)
        changes.move_promises(from_id, into_id)
        at = whole_seconds(settings.now)
        edit = {"changes": {"customer": [from_name, into_name]}}
        changes.add_events((pid, at, "edited", settings.by, edit) for pid in moved)
        changes.delete_customer(from_id)
        return from_name, into_name, len(moved)


def set_customer(
    settings: Settings,
    name: str,
    *,
    zone: str | None,
    calendar: str | None,
    new_customer: bool = False,
    emails: list[str] | None = None,
    review: str | None = None,
) -> tuple[str, str | None, str | None, bool, list[str] | None]:
    """``pk customer set``: make a customer when it is not on file, and set what is given —
    its own zone and holiday calendar (``none`` removes one; its day-only deadlines then end
    its working day: docs/business-time.md, "Customers in other places"), ``emails`` to add
    addresses to ask its verdict at, ``review`` its review rhythm (docs/feedback.md; ``none``
    removes either). Returns (name, zone, calendar, whether it was made, its addresses then —
    None when not asked)."""
    from promisekeeper.config import check_calendar, zone_named
    from promisekeeper.domain.feedback import check_email
    from promisekeeper.service.promises import customer_named

    name = rules.clean_text(name, "The customer's name")
    new_zone = new_calendar = None
    if zone is not None and zone.strip().lower() != "none":
        zone_named(zone)
        new_zone = zone.strip()
    if calendar is not None and calendar.strip().lower() != "none":
        new_calendar = check_calendar(calendar)
    added = (
        [] if emails is None else [check_email(e) for e in emails if e.strip().lower() != "none"]
    )
    clear = emails is not None and any(e.strip().lower() == "none" for e in emails)
    rhythm = None
    if review is not None and review.strip().lower() != "none":
        from promisekeeper.domain.reviews import parse_rhythm

        rhythm = parse_rhythm(review).text
    final_emails: list[str] | None = None
    with writing(settings) as changes:
        # A customer not on file yet is made (by the rules of `pk add`: a near name is refused
        # unless ``new_customer``); any member may add one, only a lead changes its calendar.
        customer_id, shown, created = customer_named(
            changes, name, settings, allow_new=new_customer, use="pk customer set "
        )
        if zone is None and calendar is None and emails is None and review is None:
            if not created:
                raise InputError(
                    f'"{shown}" is on file already. Give --timezone ZONE, --calendar CC[/SUB], '
                    "--email ADDR or --review RHYTHM (none removes one)."
                )
            return shown, None, None, True, None
        lead_only(changes, "change a customer's zone, calendar or addresses")
        row = (customer_id, shown)
        if emails is not None:
            final_emails = [] if clear else changes.customer_list("emails", customer_id)
            folded = {e.casefold() for e in final_emails}
            for address in added:
                if address.casefold() not in folded:
                    final_emails.append(address)
                    folded.add(address.casefold())
            changes.set_customer_list("emails", customer_id, final_emails)
        if review is not None:  # the rhythm starts now: the first review is due a rhythm on
            start = whole_seconds(settings.now) if rhythm else None
            changes.set_customer_review(customer_id, rhythm, start)
        old_zone, old_calendar = changes.customer_calendar(row[0])
        final_zone = old_zone if zone is None else new_zone
        final_calendar = old_calendar if calendar is None else new_calendar
        changes.set_customer_calendar(row[0], final_zone, final_calendar)
    if new_calendar is not None:  # its holidays read from the cache from now on
        from promisekeeper.config import warm_holidays

        country, _, subdivision = new_calendar.partition("/")
        warm_holidays(country, subdivision or None)
    return row[1], final_zone, final_calendar, created, final_emails


def expect(
    settings: Settings, name: str, text: str | None, remove: int | None
) -> tuple[str, list[str]]:
    """Add ``text`` to what the customer expects of every promise, or take the ``remove``-th
    away (counted from 1), or with neither only read them (docs/feedback.md): the customer's
    name and its expectations then."""
    from promisekeeper.domain.rules import clean_text, name_fold

    if text is not None and remove is not None:
        raise InputError("Give an expectation to add, or --remove N, not both.")
    added = clean_text(text, "The expectation") if text is not None else None
    if added is not None and "\n" in added:
        raise InputError("An expectation is one line.")
    with writing(settings) as changes:
        found = changes.customer_by_fold(name_fold(name))
        if found is None:
            raise InputError(f'No customer "{name}"; pk customer set "{name}" makes one.')
        expects = changes.customer_list("expectations", found[0])
        if added is None and remove is None:
            return found[1], expects
        lead_only(changes, "change what a customer expects")
        if added is not None:
            expects.append(added)
        elif remove is not None:
            if not 1 <= remove <= len(expects):
                raise InputError(
                    f"{found[1]} has {len(expects)} expectation"
                    f"{'s' if len(expects) != 1 else ''}; --remove takes 1 to {len(expects)}."
                    if expects
                    else f"{found[1]} has no expectation to remove."
                )
            del expects[remove - 1]
        changes.set_customer_list("expectations", found[0], expects)
    return found[1], expects

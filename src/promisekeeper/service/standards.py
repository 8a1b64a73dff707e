"""Service standards: add, list, show, edit, retire, publish, and how well each is met."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.standards import (
    Adherence,
    Kept,
    StandardRecord,
    adherence,
    default_text,
    parse_within,
)
from promisekeeper.errors import InputError
from promisekeeper.service import (
    check_customer,
    lead_only,
    reading,
    whole_seconds,
    working_time,
    writing,
)
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.domain.results.standards import Publication, StandardDetail
    from promisekeeper.store import Reader
    from promisekeeper.store.changes import Changes
    from promisekeeper.store.queries import StandardRow

RECORD_DAYS = 90  # the record a published standard shows, and `pk standard show`


def _name(name: str) -> str:
    return rules.clean_text(name, "The standard's name")


def find(reader: Reader, name: str, customer: str | None = None) -> StandardRecord:
    """The standard called ``name`` (any case), the general one or with ``customer`` that
    customer's own, or an input error naming the ones there are."""
    found = queries.find_standard(reader, name, customer)
    if found is None:
        every = queries.standards(reader)
        names = [s.name for s in every if customer is None or s.customer is not None]
        near = rules.near_names(name, names)
        hint = f' Did you mean "{near[0]}"?' if near else ""
        known = (
            f" Standards: {', '.join(s.label for s in every)}."
            if every
            else (" Add one with `pk standard add`.")
        )
        whose = f" of {customer}'s own" if customer is not None else ""
        raise InputError(f'No standard "{name}"{whose}.{hint}{known}')
    return found


def for_promise(reader: Reader, name: str, customer: str) -> StandardRecord:
    """The standard a new promise to ``customer`` follows when it names ``name``: the
    customer's own of that name, else the general one (docs/business-time.md, "A customer's
    own standard")."""
    own = queries.find_standard(reader, name, customer)
    return own if own is not None and not own.retired else find(reader, name)


def _customer_id(changes: Changes, customer: str | None) -> tuple[int | None, str | None]:
    """The id and the name on file of the customer whose own standard it is (None: everyone's);
    a name not on file is refused as everywhere (``check_customer``: with the near one)."""
    name = check_customer(changes.db, customer)
    if name is None:
        return None, None
    row = changes.customer_by_fold(rules.name_fold(name))
    assert row is not None  # found just now, in the same transaction
    return int(row[0]), str(row[1])


def add_standard(
    settings: Settings, name: str, within: str, text: str | None, customer: str | None = None
) -> StandardRecord:
    """A service standard for everyone, or with ``customer`` that customer's own: it overrides
    the general one of the same name for its promises."""
    clean = _name(name)
    time = parse_within(within)
    words = rules.clean_text(text, "--text") if text is not None else default_text(clean, time)
    with writing(settings) as changes:
        lead_only(changes, "change the service standards")
        customer_id, customer_name = _customer_id(changes, customer)
        fields = {
            "name": clean,
            "name_fold": rules.name_fold(clean),
            "within_amount": time.amount,
            "within_unit": time.unit,
            "text": words,
            "created_at": whole_seconds(settings.now),
            "customer_id": customer_id,
        }
        standard_id = changes.add_standard(fields)
        if standard_id is None:
            existing = changes.standard_by_fold(rules.name_fold(clean), customer_id)
            shown = existing[1] if existing else clean
            whose = f" of {customer_name}'s own" if customer_name else ""
            more = f" --customer {customer_name}" if customer_name else ""
            raise InputError(
                f'A standard "{shown}"{whose} exists already; change it with '
                f"`pk standard edit {shown}{more}`."
            )
    return StandardRecord(
        standard_id, clean, time, words, whole_seconds(settings.now), None, customer_name
    )


def list_standards(settings: Settings, *, retired: bool) -> list[StandardRecord]:
    with reading(settings) as reader:
        return queries.standards(reader, retired=retired)


def edit_standard(
    settings: Settings,
    name: str,
    *,
    new_name: str | None,
    within: str | None,
    text: str | None,
    customer: str | None = None,
) -> StandardRecord:
    """Change a standard (``customer``: that customer's own). Promises made under it keep the
    deadline it gave them."""
    if new_name is None and within is None and text is None:
        raise InputError("Give --name, --within or --text to change.")
    with writing(settings) as changes:
        lead_only(changes, "change the service standards")
        found = find(changes.db, name, customer)
        customer_id, _shown = _customer_id(changes, found.customer)
        fields: dict[str, object] = {}
        record = found
        if new_name is not None:
            clean = _name(new_name)
            other = changes.standard_by_fold(rules.name_fold(clean), customer_id)
            if other is not None and other[0] != found.id:
                raise InputError(f'A standard "{other[1]}" exists already.')
            fields |= {"name": clean, "name_fold": rules.name_fold(clean)}
            record = record._replace(name=clean)
        if within is not None:
            time = parse_within(within)
            fields |= {"within_amount": time.amount, "within_unit": time.unit}
            record = record._replace(within=time)
        if text is not None:
            words = rules.clean_text(text, "--text")
            fields["text"] = words
            record = record._replace(text=words)
        changes.update_standard(found.id, **fields)
    return record


def retire_standard(settings: Settings, name: str, customer: str | None = None) -> StandardRecord:
    """Retire a standard: no new promise follows it; its promises and figures stay."""
    with writing(settings) as changes:
        lead_only(changes, "change the service standards")
        found = find(changes.db, name, customer)
        if found.retired:
            return found
        changes.update_standard(found.id, retired_at=whole_seconds(settings.now))
    return found._replace(retired_at=whole_seconds(settings.now))


def met_by(settings: Settings, rows: list[StandardRow]) -> dict[str, Adherence]:
    """Adherence per standard name of ``rows`` (``queries.standard_promises``), each promise
    measured in its own working time."""
    grouped: dict[str, list[Kept]] = {}
    for name, pid, status, made, kept, closed, standard_due, zone, calendar in rows:
        working = working_time(settings, zone, calendar)
        grouped.setdefault(name, []).append(
            Kept(pid, status, made, kept, closed, standard_due, working)
        )
    return {name: adherence(kept, settings.now) for name, kept in grouped.items()}


def show_standard(settings: Settings, name: str, customer: str | None = None) -> StandardDetail:
    from promisekeeper.domain.results.standards import StandardDetail

    since = settings.now - timedelta(days=RECORD_DAYS)
    with reading(settings) as reader:
        found = find(reader, name, customer)
        rows = queries.standard_promises(reader, found.id, since, settings.now)
        total = queries.standard_promise_count(reader, found.id)
    record = met_by(settings, rows).get(found.label) or Adherence(0, 0, None, None)
    return StandardDetail(found, record, total, RECORD_DAYS)


def publish(settings: Settings, *, with_record: bool, customer: str | None = None) -> Publication:
    """The standards customers can expect, with the last 90 days' met-rate when asked; with
    ``customer``, that customer's list: its own standards in place of the general ones of the
    same name, and the record of its promises only."""
    from promisekeeper.domain.results.standards import Publication

    since = settings.now - timedelta(days=RECORD_DAYS)
    with reading(settings) as reader:
        if customer is not None:
            customer = check_customer(reader, customer)
            found = queries.standards(reader, customer=customer)
        else:
            found = [s for s in queries.standards(reader) if s.customer is None]
        rows = queries.standard_promises(reader, None, since, settings.now, customer=customer)
        records = met_by(settings, rows) if with_record else {}
    return Publication(found, records if with_record else None, settings.now, RECORD_DAYS)

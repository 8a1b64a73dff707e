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
from promisekeeper.service import lead_only, reading, whole_seconds, working_time, writing
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.domain.results.standards import Publication, StandardDetail
    from promisekeeper.store import Reader
    from promisekeeper.store.queries import StandardRow

RECORD_DAYS = 90  # the record a published standard shows, and `pk standard show`


def _name(name: str) -> str:
    return rules.clean_text(name, "The standard's name")


def find(reader: Reader, name: str) -> StandardRecord:
    """The standard called ``name`` (any case), or an input error naming the ones there are."""
    found = queries.find_standard(reader, name)
    if found is None:
        names = [s.name for s in queries.standards(reader)]
        near = rules.near_names(name, names)
        hint = f' Did you mean "{near[0]}"?' if near else ""
        known = f" Standards: {', '.join(names)}." if names else " Add one with `pk standard add`."
        raise InputError(f'No standard "{name}".{hint}{known}')
    return found


def add_standard(settings: Settings, name: str, within: str, text: str | None) -> StandardRecord:
    clean = _name(name)
    time = parse_within(within)
    words = rules.clean_text(text, "--text") if text is not None else default_text(clean, time)
    fields = {
        "name": clean,
        "name_fold": rules.name_fold(clean),
        "within_amount": time.amount,
        "within_unit": time.unit,
        "text": words,
        "created_at": whole_seconds(settings.now),
    }
    with writing(settings) as changes:
        lead_only(changes, "change the service standards")
        standard_id = changes.add_standard(fields)
        if standard_id is None:
            existing = changes.standard_by_fold(rules.name_fold(clean))
            shown = existing[1] if existing else clean
            raise InputError(
                f'A standard "{shown}" exists already; change it with `pk standard edit`.'
            )
    return StandardRecord(standard_id, clean, time, words, whole_seconds(settings.now), None)


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
) -> StandardRecord:
    """Change a standard. Promises made under it keep the deadline it gave them."""
    if new_name is None and within is None and text is None:
        raise InputError("Give --name, --within or --text to change.")
    with writing(settings) as changes:
        lead_only(changes, "change the service standards")
        found = find(changes.db, name)
        fields: dict[str, object] = {}
        record = found
        if new_name is not None:
            clean = _name(new_name)
            other = changes.standard_by_fold(rules.name_fold(clean))
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


def retire_standard(settings: Settings, name: str) -> StandardRecord:
    """Retire a standard: no new promise follows it; its promises and figures stay."""
    with writing(settings) as changes:
        lead_only(changes, "change the service standards")
        found = find(changes.db, name)
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


def show_standard(settings: Settings, name: str) -> StandardDetail:
    from promisekeeper.domain.results.standards import StandardDetail

    since = settings.now - timedelta(days=RECORD_DAYS)
    with reading(settings) as reader:
        found = find(reader, name)
        rows = queries.standard_promises(reader, found.id, since, settings.now)
        total = queries.standard_promise_count(reader, found.id)
    record = met_by(settings, rows).get(found.name) or Adherence(0, 0, None, None)
    return StandardDetail(found, record, total, RECORD_DAYS)


def publish(settings: Settings, *, with_record: bool) -> Publication:
    """The standards customers can expect, with the last 90 days' met-rate when asked."""
    from promisekeeper.domain.results.standards import Publication

    since = settings.now - timedelta(days=RECORD_DAYS)
    with reading(settings) as reader:
        found = queries.standards(reader)
        records = (
            met_by(settings, queries.standard_promises(reader, None, since, settings.now))
            if with_record
            else {}
        )
    return Publication(found, records if with_record else None, settings.now, RECORD_DAYS)

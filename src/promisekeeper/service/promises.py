"""Promises: list, show, the morning view, and every change of the lifecycle."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.display import describe
from promisekeeper.domain import rules
from promisekeeper.domain.due import DueView, bucket, due_window, shares
from promisekeeper.domain.fields import PromiseColumns
from promisekeeper.domain.model import (
    PromiseDetail,
    PromiseRecord,
)
from promisekeeper.domain.results import Change
from promisekeeper.domain.states import FILTERS, OPEN, WAITING
from promisekeeper.domain.team import same_person
from promisekeeper.errors import (
    InputError,
    NearCustomer,
    PromiseNotFound,
    StorageError,
)
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    from promisekeeper.calendar import WorkingTime
    from promisekeeper.domain.due import DueWindow
    from promisekeeper.store import Reader
    from promisekeeper.store.changes import Changes


from promisekeeper.service import (
    Scope,
    as_of_now,
    check_customer,
    date_settings_for,
    existing_id,
    load_for_change,
    reading,
    record_event,
    whole_seconds,
    working_time,
    writing,
)
from promisekeeper.service.finders import find_at_risk


def list_promises(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None = None,
    status: str | None = "open",
    tag: str | None = None,
    overdue: bool = False,
    slipping: bool = False,
    first: int | None = None,
    search: str | None = None,
) -> tuple[list[PromiseRecord], tuple[int, int, int] | None]:
    """The matching promises, soonest due first; with ``first``, only that many, and (when
    there may be more) the counts of all that match (total, open, overdue) for the line under
    the list."""
    if status is not None and status != "all" and status not in FILTERS:
        raise InputError(f'Unknown status "{status}"; use one of {", ".join(FILTERS)} or all.')
    tags = rules.clean_tags([tag]) if tag is not None else ()
    with reading(settings) as reader:
        check_customer(reader, customer)
        where = PromiseFilter(
            owner=scope.owner,
            customer=customer,
            status=None if status == "all" else status,
            tag=tags[0] if tags else None,
            overdue_at=settings.now if overdue else None,
            slipping=slipping,
            search=rules.clean_text(search, "The text to search for") if search else None,
        )
        rows = as_of_now(settings, queries.list_promises(reader, where, limit=first))
        if first is None or len(rows) < first:
            return rows, None
        return rows, queries.count_promises(reader, where, settings.now)[:3]


def is_empty(settings: Settings) -> bool:
    """Whether the database holds no promise at all (deleted ones count: it was used)."""
    with reading(settings) as reader:
        return queries.promise_count(reader, live_only=False) == 0


def show_promise(settings: Settings, promise_id: int) -> PromiseDetail:
    existing_id(promise_id)
    with reading(settings) as reader:
        detail = queries.get_detail(reader, promise_id)
    if detail is None:
        raise PromiseNotFound(promise_id)
    return detail._replace(promise=as_of_now(settings, [detail.promise])[0])


def due(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None,
    days: int | None,
    first: int | None = None,
) -> DueView:
    """The morning view; with ``first``, at most that many promises in all, shared between
    the sections (``domain.due.shares``): only those are read, with the counts of the rest.
    A promise shows in one section only: overdue, at risk, waiting on the customer, update
    owed, today, soon (the first that applies). The promises at risk, waiting or owed an
    update are found first (few, from their own indexes); the others by due date."""
    from promisekeeper.config import check_due_days

    days = settings.due_days if days is None else check_due_days(days, "--days")
    window = due_window(settings.now, settings.tz, days)
    with reading(settings) as reader:
        check_customer(reader, customer)
        base = PromiseFilter(owner=scope.owner, customer=customer, status="running")
        risky = find_at_risk(reader, base, settings)
        waiting = queries.due_dates(reader, _with(base, status=WAITING))
        owed = _update_owed(reader, base, settings, {r.id for r in risky})
        known = [
            *((r.id, r.due_at, r.slips) for r in risky),
            *((o.id, o.due_at, o.slips) for o in owed),
        ]
        counts = [len(risky), len(waiting), len(owed)]
        if first is None:
            skip = {k[0] for k in known}
            rows = queries.list_promises(reader, _with(base, due_before=window.until))
            rows = [p for p in rows if p.id not in skip]
            given, more = counts, (0, 0, 0, 0)
        else:
            rows, more, given = _first_of_each(
                reader, base, settings.now, window, first, known, counts
            )
        shown = risky[: given[0]]
        at_risk = queries.promises_by_id(reader, [r.id for r in shown])
        next_after = None
        if not rows and not risky and not waiting and not owed:
            later = queries.list_promises(reader, _with(base, due_from=window.until), limit=1)
            next_after = later[0] if later else None
        waiting_shown = as_of_now(
            settings, queries.promises_by_id(reader, [w[0] for w in waiting[: given[1]]])
        )
        reasons = queries.wait_reasons(reader, [p.id for p in waiting_shown]) if waiting else {}
        owed_shown = queries.promises_by_id(reader, [o.id for o in owed[: given[2]]])
        mine = scope.owner is not None and same_person(scope.owner, settings.user)
        handed = queries.handed_over(reader, settings.user) if mine else []
    if handed:  # told once: the next `pk due` no longer says so
        try:
            with writing(settings) as changes:
                changes.forget_handovers(settings.user, [h[0] for h in handed])
        except StorageError:
            pass  # a read-only or busy database: it is told again next time, nothing is lost
    since = {o.id: o.since for o in owed}
    marked: frozenset[int] = frozenset()
    listed = [*rows, *at_risk, *owed_shown]
    if any(p.due_at < settings.now or p.slips >= settings.escalate_slips for p in listed):
        from promisekeeper.service.escalations import of as escalated

        marked = frozenset(p.id for p in listed if escalated(settings, p) is not None)
    hours, chase = _waits(settings, waiting_shown)
    left_out: list[int] = [
        *(r.slips for r in risky[given[0] :]),
        *(w[2] for w in waiting[given[1] :]),
        *(o.slips for o in owed[given[2] :]),
    ]
    slipped_out = more[3] + sum(1 for slips in left_out if slips)
    return bucket(rows, settings.now, window, days, next_after)._replace(
        escalated=marked,
        at_risk=tuple(at_risk),
        risk_used=tuple(r.used for r in shown),
        more_overdue=more[0],
        more_today=more[1],
        more_soon=more[2],
        more_slipping=slipped_out,
        more_at_risk=len(risky) - given[0],
        waiting=tuple(waiting_shown),
        waiting_hours=hours,
        waiting_for=tuple(reasons.get(p.id) for p in waiting_shown),
        chase=chase,
        more_waiting=len(waiting) - given[1],
        update_owed=tuple(owed_shown),
        owed_since=tuple(since[p.id] for p in owed_shown),
        handed_over=tuple(handed),
        more_update_owed=len(owed) - given[2],
    )


def _waits(
    settings: Settings, rows: list[PromiseRecord]
) -> tuple[tuple[float, ...], frozenset[int]]:
    """The business hours of each waiting promise's current wait, and which to chase."""
    from promisekeeper.domain.waiting import chase_at

    hours, chase = [], set()
    for p in rows:
        assert p.waiting_since is not None
        working = working_time(settings, p.customer_zone, p.customer_calendar)
        hours.append(round(working.hours_between(p.waiting_since, settings.now), 2))
        due = chase_at(p, working, settings.chase_days)
        if due is not None and due <= settings.now:
            chase.add(p.id)
    return tuple(hours), frozenset(chase)


class _Owed(NamedTuple):
    id: int
    due_at: datetime
    slips: int
    since: datetime  # when the update fell due


def _update_owed(
    reader: Reader, base: PromiseFilter, settings: Settings, skip: set[int]
) -> list[_Owed]:
    """The running promises, not overdue or at risk (``skip``), whose customer is owed an
    update (docs/words.md, "Keep in the loop"), soonest due first. The database leaves out
    those made or contacted too recently for any working time (a rhythm of N business days or
    hours lasts at least N days less a clock change, or N hours), the rule decides the rest."""
    from datetime import timedelta

    from promisekeeper.domain.standards import parse_within

    now = settings.now
    looped = _with(base, looped=True, status=None)
    thresholds = []
    for text in queries.rhythms(reader, looped):
        within = parse_within(text, "--every")
        shortest = (
            timedelta(days=within.amount, hours=-2)
            if within.unit == "day"
            else timedelta(hours=within.amount)
        )
        thresholds.append((text, now - shortest))
    found = []
    for promise_id, due_at, slips, made, rhythm, contact, zone, calendar in queries.owed_candidates(
        reader, _with(looped, due_from=now), thresholds
    ):
        if promise_id in skip:
            continue
        since = max(made, contact) if contact is not None else made
        working = working_time(settings, zone, calendar)
        owed = parse_within(rhythm, "--every").due(since, working)
        if owed <= now:
            found.append(_Owed(promise_id, due_at, slips, owed))
    return found


def _first_of_each(
    reader: Reader,
    base: PromiseFilter,
    now: datetime,
    window: DueWindow,
    budget: int,
    known: list[tuple[int, datetime, int]],
    counts: list[int],
) -> tuple[list[PromiseRecord], tuple[int, int, int, int], list[int]]:
    """The promises of the overdue, today and soon sections that ``budget`` rows can show, how
    many of each are left out (and how many of those slipped), and how many rows each section
    found beforehand gets (``counts``: at risk, waiting, update owed). ``known`` are the
    (id, due, slips) of the running promises those sections hold: left out of the others."""
    sections = {
        "overdue": _with(base, due_before=now),
        "today": _with(base, due_from=now, due_before=window.tomorrow_starts),
        "soon": _with(base, due_from=window.tomorrow_starts, due_before=window.until),
    }
    bounds = {
        "overdue": (None, now),
        "today": (now, window.tomorrow_starts),
        "soon": (window.tomorrow_starts, window.until),
    }
    skip = {k[0] for k in known}
    inside = {  # the promises shown elsewhere that each section's query finds, left out of it
        name: [k for k in known if (lo is None or k[1] >= lo) and k[1] < hi]
        for name, (lo, hi) in bounds.items()
    }
    found = {
        name: [
            p
            for p in queries.list_promises(reader, where, limit=budget + len(inside[name]))
            if p.id not in skip
        ]
        for name, where in sections.items()
    }
    totals, slipped = {}, {}
    for name, rows in found.items():
        if len(rows) < budget:
            totals[name], slipped[name] = len(rows), sum(1 for p in rows if p.slips)
        else:
            counted = queries.count_promises(reader, sections[name], now, slipped=True)
            totals[name] = counted[0] - len(inside[name])
            slipped[name] = counted[3] - sum(1 for k in inside[name] if k[2])
    given = shares([totals["overdue"], *counts, totals["today"], totals["soon"]], budget)
    before = [given[0], given[-2], given[-1]]
    shown: list[PromiseRecord] = []
    left_out, slipped_out = [], 0
    for (name, rows), count in zip(found.items(), before, strict=True):
        shown += rows[:count]
        left_out.append(totals[name] - count)
        slipped_out += slipped[name] - sum(1 for p in rows[:count] if p.slips)
    return shown, (left_out[0], left_out[1], left_out[2], slipped_out), given[1:-2]


def _with(base: PromiseFilter, **changes: Any) -> PromiseFilter:
    return base._replace(**changes)


def overdue(
    settings: Settings, scope: Scope, first: int | None = None
) -> tuple[list[PromiseRecord], tuple[int, int, int] | None]:
    return list_promises(settings, scope, overdue=True, first=first)


# --- writes -----------------------------------------------------------------------------------


def customer_named(
    changes: Changes, name: str, settings: Settings, *, allow_new: bool, use: str = "--to "
) -> tuple[int, str, bool]:
    """(id, name, created) of the customer ``name`` means: the same name in another case or with
    invisible characters is that customer; a new name near an existing one is refused unless
    ``allow_new`` (docs/decisions.md, Customers)."""
    # The check for a near name and the insert are one decision across processes: SQLite's
    # write lock makes them one already; on PostgreSQL a transaction lock does.
    changes.lock_customers()
    existing = changes.customer_by_fold(rules.name_fold(name))
    if existing is not None:
        return (*existing, False)
    names = changes.customer_names()
    same = rules.same_name(name, names)  # differs only by invisible characters
    if same is not None:
        found = changes.customer_by_fold(rules.name_fold(same))
        assert found is not None
        return (*found, False)
    if not allow_new:
        near = rules.near_names(name, names)
        if near:
            raise NearCustomer(
                f'"{name}" looks like the existing customer "{near[0]}". '
                f'Use {use}"{near[0]}", or --new-customer to create it.'
            )
    return changes.add_customer(name, rules.name_fold(name), whole_seconds(settings.now))


def add_promise(
    settings: Settings,
    *,
    what: str,
    customer: str,
    by: str | None,
    owner: str | None = None,
    tags: list[str] | None = None,
    note: str | None = None,
    made: str | None = None,
    force: bool = False,
    new_customer: bool = False,
    standard: str | None = None,
    update_every: str | None = None,
) -> Change:
    """Record a promise. Its due date is ``by``, or the deadline its ``standard`` gives it
    from when it was made (in the customer's working time); with both, ``by`` wins and the
    promise records how it compares with the standard."""
    what = rules.clean_text(what, "The promise text")
    customer = rules.clean_text(customer, "The customer name (--to)")
    owner_given = rules.clean_text(owner, "--owner") if owner is not None else None
    clean_tags = rules.clean_tags(tags or [])
    now = settings.now
    if by is None and standard is None:
        raise InputError("Give --by WHEN (e.g. --by friday), or --standard NAME.")
    resolution = dates.resolve(by, now, settings.date_settings) if by is not None else None
    made_at = whole_seconds(now)
    if made is not None:
        made_at = whole_seconds(dates.resolve(made, now, settings.date_settings, mode="made").at)
    note_text = rules.clean_text(note, "--note") if note is not None else None
    rhythm = None
    if update_every is not None:
        from promisekeeper.service.waiting import rhythm as parse_rhythm

        rhythm = parse_rhythm(update_every, "--update-every")

    notices = []
    with writing(settings) as changes:
        from promisekeeper.service.team import owner_for

        customer_id, customer_name, created = customer_named(
            changes, customer, settings, allow_new=new_customer
        )
        # after the customer lock: a name seen for the first time is remembered once
        owner_name = owner_for(changes, settings, owner_given)
        zone, calendar = changes.customer_calendar(customer_id)
        if by is not None and (zone or calendar):  # the customer's working day, not ours
            dated = date_settings_for(settings, zone, calendar)
            resolution = dates.resolve(by, now, dated)
        rule = None
        if standard is not None:
            working = working_time(settings, zone, calendar)
            rule = _standard_due(changes, standard, made_at, working)
        if resolution is not None:
            due_at = whole_seconds(resolution.at)
        else:
            assert rule is not None
            due_at = rule[2]
        _check_due(settings, due_at, made_at, made is not None, force)
        if created:
            notices.append(f'New customer "{customer_name}".')
        fields: PromiseColumns = {
            "what": what,
            "customer_id": customer_id,
            "owner": owner_name,
            "status": OPEN,
            "tags": rules.encode_tags(clean_tags),
            "made_at": made_at,
            "created_at": whole_seconds(now),
            "due_at": due_at,
            "original_due_at": due_at,
            "baseline_due_at": due_at,
            "standard_id": rule[0] if rule else None,
            "standard_due_at": rule[2] if rule else None,
            "update_every": rhythm,
        }
        promise_id = changes.add_promise(fields)
        # The due and made dates live on the promise row for good; reads add them back.
        record_event(changes, promise_id, "created", settings)
        if note_text:
            record_event(changes, promise_id, "noted", settings, text=note_text)
    record = PromiseRecord(
        customer_zone=zone,
        customer_calendar=calendar,
        id=promise_id,
        what=what,
        customer=customer_name,
        owner=owner_name,
        status=OPEN,
        tags=clean_tags,
        made_at=made_at,
        created_at=whole_seconds(now),
        due_at=due_at,
        original_due_at=due_at,
        baseline_due_at=due_at,
        kept_at=None,
        closed_at=None,
        slips=0,
        slips_heads_up=0,
        standard=rule[1] if rule else None,
        standard_due_at=rule[2] if rule else None,
        update_every=rhythm,
    )
    if rule is not None:
        notices.append(_standard_notice(record, rule[3], settings))
    if resolution is not None and resolution.note:
        notices.append(resolution.note)
    return Change(record, notices, resolution)


def _standard_due(
    changes: Changes, name: str, made_at: datetime, working: WorkingTime
) -> tuple[int, str, datetime, str]:
    """(id, name, the deadline it gives, its time in words) of the standard a new promise
    follows, counted in the customer's working time."""
    from promisekeeper.service.standards import find

    found = find(changes.db, name)
    if found.retired:
        raise InputError(f'The standard "{found.name}" is retired; no new promise follows it.')
    due = whole_seconds(found.within.due(made_at, working))
    return found.id, found.name, due, found.within.text


def _standard_notice(record: PromiseRecord, within: str, settings: Settings) -> str:
    from promisekeeper.display import format_day_time
    from promisekeeper.domain.standards import fit

    assert record.standard_due_at is not None
    given = format_day_time(record.standard_due_at, settings.now, settings.tz)
    how = fit(record.due_at, record.standard_due_at)
    if how == "as the standard":
        return f"Follows the standard {record.standard} (within {within})."
    return f"Set {how} than the standard {record.standard} (within {within}: {given})."


def _check_due(
    settings: Settings, due_at: datetime, made_at: datetime, backdated: bool, force: bool
) -> None:
    now = settings.now
    if due_at <= now and not force and not (backdated and made_at < due_at):
        raise InputError(
            f"The due date {describe(due_at, now, settings.tz)} is in the past. "
            "Use a later date, --made to backdate the promise, or --force."
        )
    if backdated and due_at < made_at:
        raise InputError(
            "The due date is before --made; a promise cannot be due before it is made."
        )


def reschedule(
    settings: Settings,
    promise_id: int,
    *,
    by: str,
    reason: str | None,
    customer_asked: bool,
    force: bool = False,
) -> tuple[Change, rules.Reschedule]:
    resolution = dates.resolve(by, settings.now, settings.date_settings)
    reason_text = rules.clean_text(reason, "--reason") if reason is not None else None
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        if record.customer_zone or record.customer_calendar:  # the customer's working day
            dated = date_settings_for(settings, record.customer_zone, record.customer_calendar)
            resolution = dates.resolve(by, settings.now, dated)
        plan = rules.plan_reschedule(
            record,
            whole_seconds(resolution.at),
            settings.now,
            customer_asked=customer_asked,
            force=force,
        )
        record_event(
            changes,
            record.id,
            "rescheduled",
            settings,
            **{"from": dates.to_utc_iso(record.due_at), "to": dates.to_utc_iso(plan.new_due)},
            reason=reason_text,
            customer_asked=customer_asked,
            slip=plan.slip,
            heads_up=plan.heads_up,
        )
        record = record._replace(
            due_at=plan.new_due,
            baseline_due_at=plan.new_baseline,
            slips=record.slips + int(plan.slip),
            slips_heads_up=record.slips_heads_up + int(plan.heads_up),
        )
        changes.update_promise(
            record.id,
            due_at=record.due_at,
            baseline_due_at=record.baseline_due_at,
            slips=record.slips,
            slips_heads_up=record.slips_heads_up,
        )
    notices = [n for n in (resolution.note, plan.warning) if n]
    return Change(record, notices, resolution), plan


def _each(ids: list[int]) -> list[int]:
    """The ids of a command that takes several, once each, in the order given."""
    if not ids:
        raise InputError("Give at least one promise number.")
    return list(dict.fromkeys(ids))


def keep(
    settings: Settings, promise_ids: list[int], *, at: str | None, note: str | None
) -> list[Change]:
    """Mark promises kept, all or none (one transaction)."""
    now = settings.now
    resolution = dates.resolve(at, now, settings.date_settings, mode="at") if at else None
    kept_at = whole_seconds(resolution.at if resolution else now)
    note_text = rules.clean_text(note, "--note") if note is not None else None
    done = []
    with writing(settings) as changes:
        for promise_id in _each(promise_ids):
            record = load_for_change(changes, promise_id)
            rules.require_open(record, "keep")
            rules.check_kept_at(record, kept_at, now)
            if record.status == WAITING:  # kept while waiting: the wait ends when it was kept
                from promisekeeper.service.waiting import end_wait

                record = end_wait(changes, record, settings, kept_at, "keep")
            record = record._replace(status="kept", kept_at=kept_at, closed_at=whole_seconds(now))
            changes.update_promise(
                record.id, status="kept", kept_at=kept_at, closed_at=record.closed_at
            )
            record_event(
                changes,
                record.id,
                "kept",
                settings,
                kept_at=dates.to_utc_iso(kept_at),
                note=note_text,
            )
            done.append(Change(record, [], resolution))
    return done


def close(
    settings: Settings, promise_ids: list[int], action: str, reason: str | None
) -> list[Change]:
    """``break`` (a reason is required) or ``cancel`` promises, all or none."""
    if action == "break" or reason is not None:
        reason = rules.clean_text(reason or "", "--reason")
    done = []
    with writing(settings) as changes:
        for promise_id in _each(promise_ids):
            record = load_for_change(changes, promise_id)
            rules.require_open(record, action)
            if record.status == WAITING:
                from promisekeeper.service.waiting import end_wait

                record = end_wait(changes, record, settings, whole_seconds(settings.now), action)
            record = record._replace(
                status=rules.next_status(action), closed_at=whole_seconds(settings.now)
            )
            changes.update_promise(record.id, status=record.status, closed_at=record.closed_at)
            record_event(changes, record.id, record.status, settings, reason=reason)
            done.append(Change(record))
    return done


def reopen(settings: Settings, promise_ids: list[int]) -> list[Change]:
    done = []
    with writing(settings) as changes:
        for promise_id in _each(promise_ids):
            record = load_for_change(changes, promise_id)
            rules.require_closed(record)
            previous = record.status
            record = record._replace(status=OPEN, kept_at=None, closed_at=None)
            changes.update_promise(record.id, status=OPEN, kept_at=None, closed_at=None)
            record_event(changes, record.id, "reopened", settings, previous_status=previous)
            done.append(Change(record))
    return done


def note(settings: Settings, promise_id: int, text: str, *, contacted: bool) -> Change:
    text = rules.clean_text(text, "The note")
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        record_event(changes, record.id, "contacted" if contacted else "noted", settings, text=text)
        changes.update_promise(record.id)
    return Change(record)


def edit(
    settings: Settings,
    promise_id: int,
    *,
    what: str | None = None,
    customer: str | None = None,
    owner: str | None = None,
    tags: list[str] | None = None,
    new_customer: bool = False,
    by: str | None = None,
) -> Change:
    """Change what, customer, owner or tags (an ``edited`` event); with ``by``, correct a
    mistyped due date (docs/words.md, "Correction is not a slip")."""
    new_what = rules.clean_text(what, "--what") if what is not None else None
    new_customer_name = rules.clean_text(customer, "--to") if customer is not None else None
    new_owner = rules.clean_text(owner, "--owner") if owner is not None else None
    new_tags = rules.clean_tags(tags) if tags is not None else None
    if all(v is None for v in (new_what, new_customer_name, new_owner, new_tags, by)):
        raise InputError("Nothing to change: give --what, --to, --owner, --tag or --by.")
    notices: list[str] = []
    resolution = None
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        if by is not None:
            record, resolution = _correct(changes, record, by, settings)
            if resolution.note:
                notices.append(resolution.note)
            if all(v is None for v in (new_what, new_customer_name, new_owner, new_tags)):
                return Change(record, notices, resolution)
        history: dict[str, list[Any]] = {}
        fields: dict[str, Any] = {}
        if new_what is not None and new_what != record.what:
            history["what"] = [record.what, new_what]
            fields["what"] = new_what
        if new_customer_name is not None:
            customer_id, customer_name, created = customer_named(
                changes, new_customer_name, settings, allow_new=new_customer
            )
            if created:
                notices.append(f'New customer "{customer_name}".')
            if customer_name != record.customer:
                history["customer"] = [record.customer, customer_name]
                fields["customer_id"] = customer_id
                record = record._replace(customer=customer_name)
        if new_owner is not None:
            from promisekeeper.service.team import owner_for

            new_owner = owner_for(changes, settings, new_owner)
        if new_owner is not None and new_owner != record.owner:
            history["owner"] = [record.owner, new_owner]
            fields["owner"] = new_owner
            # the new owner hears of it in their next `pk due` (docs/team.md)
            changes.announce(new_owner, [(record.id, HANDED_OVER, record.due_at)], settings.now)
        if new_tags is not None and new_tags != record.tags:
            history["tags"] = [list(record.tags), list(new_tags)]
            fields["tags"] = rules.encode_tags(new_tags)
        if not history:
            raise InputError(f"#{promise_id} already reads like that; nothing changed.")
        changes.update_promise(record.id, **fields)
        record_event(changes, record.id, "edited", settings, changes=history)
        record = record._replace(
            what=fields.get("what", record.what),
            owner=fields.get("owner", record.owner),
            tags=new_tags if "tags" in fields and new_tags is not None else record.tags,
        )
    return Change(record, notices, resolution)


HANDED_OVER = "handover"  # the announcement a new owner's next `pk due` shows, once

CORRECTION_WINDOW = 3600  # seconds after recording a promise in which its date can be corrected
AFTER_WHICH = ("noted", "contacted", "rescheduled", "waiting", "resumed", "kept", "broken",
               "cancelled", "reopened")  # fmt: skip


def _correct(
    changes: Changes, record: PromiseRecord, by: str, settings: Settings
) -> tuple[PromiseRecord, dates.Resolution]:
    """A mistyped due date fixed: allowed within an hour of recording the promise and before
    anything else happened to it; every date takes the new one (the typo never was the
    promise), recorded as a ``corrected`` event, never a slip."""
    dated = date_settings_for(settings, record.customer_zone, record.customer_calendar)
    resolution = dates.resolve(by, settings.now, dated)
    new_due = whole_seconds(resolution.at)
    since = (settings.now - record.created_at).total_seconds()
    later = changes.event_kinds(record.id) & set(AFTER_WHICH)
    if since > CORRECTION_WINDOW or later:
        why = (
            "it was recorded more than an hour ago"
            if since > CORRECTION_WINDOW
            else f"its history already holds a {sorted(later)[0]} event"
        )
        raise InputError(
            f"#{record.id}'s date can no longer be corrected ({why}); "
            f"`pk promise reschedule {record.id} --by WHEN` moves it."
        )
    if new_due == record.due_at:
        raise InputError(f"#{record.id} is already due then; nothing to change.")
    _check_due(settings, new_due, record.made_at, False, False)
    record_event(
        changes,
        record.id,
        "corrected",
        settings,
        **{"from": dates.to_utc_iso(record.due_at), "to": dates.to_utc_iso(new_due)},
    )
    changes.update_promise(
        record.id, due_at=new_due, baseline_due_at=new_due, original_due_at=new_due
    )
    return (
        record._replace(due_at=new_due, baseline_due_at=new_due, original_due_at=new_due),
        resolution,
    )


def delete(settings: Settings, promise_ids: list[int]) -> list[Change]:
    done = []
    with writing(settings) as changes:
        for promise_id in _each(promise_ids):
            record = load_for_change(changes, promise_id)
            changes.update_promise(record.id, deleted_at=whole_seconds(settings.now))
            record_event(changes, record.id, "deleted", settings)
            done.append(Change(record))
    return done

"""Every change of a promise's lifecycle: add, reschedule, keep, break, cancel, reopen, note,
edit, correct, delete."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.display import describe, format_day_time
from promisekeeper.domain import rules
from promisekeeper.domain.fields import PromiseColumns
from promisekeeper.domain.model import (
    OURS,
    OWED,
    PromiseRecord,
)
from promisekeeper.domain.results import Change
from promisekeeper.domain.states import DECLINED, OPEN, UNANSWERED, WAITING, is_dated
from promisekeeper.errors import (
    InputError,
    NearCustomer,
)

if TYPE_CHECKING:
    from promisekeeper.calendar import WorkingTime
    from promisekeeper.domain.recurrence import Rule
    from promisekeeper.store.changes import Changes


from promisekeeper.service import (
    HANDED_OVER,
    date_settings_for,
    load_for_change,
    record_event,
    whole_seconds,
    working_time,
    writing,
)


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
    again: bool = False,
    their_time: bool = False,
    unanswered: bool = False,
    hedge: str | None = None,
    effort: str | None = None,
    direction: str = OURS,
    blocks: int | None = None,
    needs: str | None = None,
    plan_b: str | None = None,
    every: str | None = None,
) -> Change:
    """Record a promise. Its due date is ``by``, or the deadline its ``standard`` gives it
    from when it was made (in the customer's working time); with both, ``by`` wins and the
    promise records how it compares with the standard. The same promise twice (same text,
    customer and owner, open, due the same day) is refused unless ``again``. A time typed for
    a customer in another zone is read in yours, or with ``their_time`` in theirs; one outside
    their working hours is said (docs/business-time.md, "Customers in other zones").

    With ``unanswered`` it is a request not answered yet: no date (``hedge``: the words that
    made a captured one a request); ``effort`` is the effort stated to the customer.

    With ``direction`` owed it is a promise made to us by ``customer`` (the party), perhaps
    holding up our promise ``blocks`` with ``needs`` of business time after it arrives
    (docs/owed.md); ``plan_b`` is what we do if it does not hold; ``every`` makes it recur."""
    owed = direction == OWED
    party = "--from" if owed else "--to"
    what = rules.clean_text(what, "The promise text")
    customer = rules.clean_text(customer, f"The {'party' if owed else 'customer'} name ({party})")
    owner_given = rules.clean_text(owner, "--owner") if owner is not None else None
    clean_tags = rules.clean_tags(tags or [])
    now = settings.now
    if unanswered and by is not None:
        raise InputError(
            "An unanswered request has no date yet: leave out --by, and give it one with "
            "`pk promise answer ID --by WHEN` when you answer."
        )
    if unanswered and update_every is not None:
        raise InputError(
            "--update-every is for a promise with a date: give it with "
            "`pk promise loop ID --every TIME` once the request is answered."
        )
    if by is None and standard is None and not unanswered:
        raise InputError(
            "Give --by WHEN (e.g. --by friday), --standard NAME, or --unanswered for a request "
            "you have not answered yet."
        )
    effort_minutes = None
    if effort is not None:
        from promisekeeper.domain.effort import parse_effort

        effort_minutes = parse_effort(effort)
    resolution = dates.resolve(by, now, settings.date_settings) if by is not None else None
    made_at = whole_seconds(now)
    if made is not None:
        made_at = whole_seconds(dates.resolve(made, now, settings.date_settings, mode="made").at)
    note_text = rules.clean_text(note, "--note") if note is not None else None
    links = _links(blocks, needs, plan_b, every, unanswered=unanswered)
    rhythm = None
    if update_every is not None:
        from promisekeeper.service.waiting import rhythm as parse_rhythm

        rhythm = parse_rhythm(update_every, "--update-every")

    notices = []
    with writing(settings) as changes:
        from promisekeeper.service.team import owner_for

        customer_id, customer_name, created = customer_named(
            changes, customer, settings, allow_new=new_customer, use=f"{party} "
        )
        # after the customer lock: a name seen for the first time is remembered once
        owner_name = owner_for(changes, settings, owner_given)
        zone, calendar = changes.customer_calendar(customer_id)
        if their_time and zone is None:
            raise InputError(
                f"{customer_name} has no time zone of its own, so their time is yours: leave out "
                f"--their-time, or set one (pk customer set {customer_name} --timezone ZONE)."
            )
        if by is not None and (zone or calendar):  # the customer's working day, not ours
            dated = date_settings_for(settings, zone, calendar)
            if their_time:
                dated = dated._replace(tz=dated.deadline_zone or dated.tz)
            resolution = dates.resolve(by, now, dated)
        rule = None
        if standard is not None:
            working = working_time(settings, zone, calendar)
            rule = _standard_due(changes, standard, customer_name, made_at, working)
        due_at: datetime | None = None
        if resolution is not None:
            due_at = whole_seconds(resolution.at)
        elif rule is not None and not unanswered:
            due_at = rule[2]
        if due_at is not None:
            _check_due(settings, due_at, made_at, made is not None, force)
        if links.rule is not None and due_at is not None:
            from promisekeeper.domain.recurrence import check_lands

            working = working_time(settings, zone, calendar)
            check_lands(links.rule, working.local_day(due_at), working.calendar)
        if links.blocks is not None:
            from promisekeeper.service.owed import check_blocks

            check_blocks(changes, links.blocks, None)
        if not again and not created:
            _refuse_twice(
                changes, settings, what, customer_id, customer_name, owner_name, due_at, direction
            )
        if created:
            notices.append(f'New {"party" if owed else "customer"} "{customer_name}".')
        elif not owed:  # what the customer expects of every promise, said as it is made
            expects = changes.customer_list("expectations", customer_id)
            if expects:
                notices.append(expectations_notice(customer_name, expects))
        status = OPEN if due_at is not None else UNANSWERED
        fields: PromiseColumns = {
            "what": what,
            "customer_id": customer_id,
            "owner": owner_name,
            "status": status,
            "tags": rules.encode_tags(clean_tags),
            "made_at": made_at,
            "created_at": whole_seconds(now),
            "due_at": due_at,
            "original_due_at": due_at,
            "baseline_due_at": due_at,
            "standard_id": rule[0] if rule else None,
            "standard_due_at": rule[2] if rule else None,
            "update_every": rhythm,
            "effort_stated": effort_minutes,
            "direction": direction,
            "blocks_id": links.blocks,
            "needs": links.needs,
            "plan_b": links.plan_b,
            "every": links.rule.text if links.rule is not None else None,
        }
        calibrated = None
        # what the owner's record says of this date (docs/words.md); not of what others owe
        if due_at is not None and not owed:
            from promisekeeper.domain.calibration import Wanted
            from promisekeeper.service.calibration import note_for

            wanted = Wanted(rule[1] if rule else None, clean_tags[0] if clean_tags else None,
                            customer_name)  # fmt: skip
            calibrated = note_for(changes.db, settings, owner_name, wanted, due_at, zone, calendar)
        promise_id = changes.add_promise(fields)
        # The due and made dates live on the promise row for good; reads add them back.
        record_event(
            changes,
            promise_id,
            "created",
            settings,
            **({"unanswered": True} if due_at is None else {}),
            **({"hedge": hedge} if hedge and due_at is None else {}),
            **({"effort_minutes": effort_minutes} if effort_minutes is not None else {}),
        )
        if note_text:
            record_event(changes, promise_id, "noted", settings, text=note_text)
    record = PromiseRecord(
        customer_zone=zone,
        customer_calendar=calendar,
        id=promise_id,
        what=what,
        customer=customer_name,
        owner=owner_name,
        status=status,
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
        effort_stated=effort_minutes,
        direction=direction,
        blocks=links.blocks,
        needs=links.needs,
        plan_b=links.plan_b,
        every=links.rule.text if links.rule is not None else None,
    )
    if rule is not None:
        notices.append(_standard_notice(record, rule[3], settings))
    if resolution is not None and resolution.note:
        notices.append(resolution.note)
    if resolution is not None and zone is not None and due_at is not None:
        outside = _outside_their_hours(settings, due_at, zone, calendar, their_time)
        if outside:
            notices.append(outside)
    if calibrated:
        notices.append(calibrated)
    return Change(record, notices, resolution)


class Links(NamedTuple):
    """What a new promise is linked to beside its customer (docs/owed.md), checked."""

    blocks: int | None
    needs: str | None
    plan_b: str | None
    rule: Rule | None


def _links(
    blocks: int | None,
    needs: str | None,
    plan_b: str | None,
    every: str | None,
    *,
    unanswered: bool,
) -> Links:
    from promisekeeper.domain.standards import parse_within

    if needs is not None and blocks is None:
        raise InputError("--needs is the time you need after it arrives: give --blocks ID too.")
    need = None
    if blocks is not None:
        need = parse_within(needs or DEFAULT_NEEDS, "--needs").text
    rule = None
    if every is not None:
        from promisekeeper.domain.recurrence import parse_rule

        rule = parse_rule(every)
        if unanswered:
            raise InputError("--every repeats a promise with a date: give --by WHEN.")
    text = rules.clean_text(plan_b, "--plan-b") if plan_b is not None else None
    return Links(blocks, need, text, rule)


DEFAULT_NEEDS = "1 business day"  # the time we need after an owed promise arrives


def _outside_their_hours(
    settings: Settings, due_at: datetime, zone: str, calendar: str | None, their_time: bool
) -> str | None:
    """A warning when a deadline falls outside the customer's working hours in their zone
    ("tomorrow 10am" typed in Berlin for a New York customer is 04:00 there); None if not."""
    from promisekeeper.config import zone_named
    from promisekeeper.display import place

    where = zone_named(zone)
    theirs = due_at.astimezone(where)
    start, end = settings.workday_start, settings.workday_end
    open_day = working_time(settings, zone, calendar).calendar.is_working_day(theirs.date())
    if open_day and start <= theirs.time() <= end:
        return None
    why = (
        f"outside their working hours ({start:%H:%M}–{end:%H:%M})"
        if open_day
        else "a closed day there"
    )
    hint = "" if their_time else "; --their-time reads the time you type in their zone"
    return f"That is {theirs:%a %H:%M} in {place(where)}, {why}{hint}."


def _standard_due(
    changes: Changes, name: str, customer: str, made_at: datetime, working: WorkingTime
) -> tuple[int, str, datetime, str]:
    """(id, name, the deadline it gives, its time in words) of the standard a new promise
    follows (the customer's own of that name, else the general one), counted in the
    customer's working time."""
    from promisekeeper.service.standards import for_promise

    found = for_promise(changes.db, name, customer)
    if found.retired:
        raise InputError(f'The standard "{found.name}" is retired; no new promise follows it.')
    due = whole_seconds(found.within.due(made_at, working))
    return found.id, found.name, due, found.within.text


def _standard_notice(record: PromiseRecord, within: str, settings: Settings) -> str:
    from promisekeeper.display import format_day_time
    from promisekeeper.domain.standards import fit

    assert record.standard_due_at is not None
    given = format_day_time(record.standard_due_at, settings.now, settings.tz)
    if record.due_at is None:  # a request under a standard: its clock runs from the request
        return (
            f"Follows the standard {record.standard} (within {within}): answer with a date "
            f"by {given} to meet it."
        )
    how = fit(record.due, record.standard_due_at)
    if how == "as the standard":
        return f"Follows the standard {record.standard} (within {within})."
    return f"Set {how} than the standard {record.standard} (within {within}: {given})."


class AlreadyPromised(InputError):
    """The same promise is on file already (docs/words.md, "Promise"): ``existing`` says which
    ("#12 Send the quote (Acme), due Fri 27 Nov 17:00")."""

    def __init__(self, existing: str) -> None:
        super().__init__(
            f"You already promised this: {existing}. Add --again to record a second one."
        )
        self.existing = existing


def _refuse_twice(
    changes: Changes,
    settings: Settings,
    what: str,
    customer_id: int,
    customer: str,
    owner: str,
    due_at: datetime | None,
    direction: str = OURS,
) -> None:
    """Refuse an exact repeat: an open promise with the same text (any case and spacing),
    customer and owner, due the same day (yours), or both requests not answered yet — a second
    paste of the same email, or the same command run twice."""
    day = None if due_at is None else due_at.astimezone(settings.tz).date()
    for promise_id, said, due in changes.open_promises_like(customer_id, owner, what, direction):
        if due is None and day is None:
            raise AlreadyPromised(f"#{promise_id} {said} ({customer}), not answered yet")
        if due is not None and due.astimezone(settings.tz).date() == day:
            shown = format_day_time(due, settings.now, settings.tz)
            raise AlreadyPromised(f"#{promise_id} {said} ({customer}), due {shown}")


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
    cause: str | None = None,
    lesson: str | None = None,
) -> tuple[Change, rules.Reschedule]:
    resolution = dates.resolve(by, settings.now, settings.date_settings)
    reason_text = rules.clean_text(reason, "--reason") if reason is not None else None
    learned = lessons_of(settings, cause, lesson)
    if learned and customer_asked:
        raise InputError(
            "A move the customer asked for is no slip: --cause and --lesson are for our slips."
        )
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
        if plan.slip:  # how long before its date the customer heard of it
            from promisekeeper.domain.review import notice_of
            from promisekeeper.service import working_time

            working = working_time(settings, record.customer_zone, record.customer_calendar)
            learned["notice"] = notice_of(
                plan.heads_up, settings.now, record.due, working, settings.headsup_hours
            )
        record_event(
            changes,
            record.id,
            "rescheduled",
            settings,
            **{"from": dates.to_utc_iso(record.due), "to": dates.to_utc_iso(plan.new_due)},
            reason=reason_text,
            customer_asked=customer_asked,
            slip=plan.slip,
            heads_up=plan.heads_up,
            **learned,
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
    settings: Settings,
    promise_ids: list[int],
    *,
    at: str | None,
    note: str | None,
    effort: str | None = None,
) -> list[Change]:
    """Mark promises kept, all or none (one transaction); ``effort``: what keeping them took
    (docs/words.md, "Effort stated up front")."""
    now = settings.now
    effort_minutes = None
    if effort is not None:
        from promisekeeper.domain.effort import parse_effort

        effort_minutes = parse_effort(effort)
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
            record = record._replace(
                status="kept",
                kept_at=kept_at,
                closed_at=whole_seconds(now),
                effort_actual=effort_minutes,
            )
            changes.update_promise(
                record.id,
                status="kept",
                kept_at=kept_at,
                closed_at=record.closed_at,
                effort_actual=effort_minutes,
            )
            record_event(
                changes,
                record.id,
                "kept",
                settings,
                kept_at=dates.to_utc_iso(kept_at),
                note=note_text,
                **({"effort_minutes": effort_minutes} if effort_minutes is not None else {}),
            )
            done.append(Change(record, after_closing(changes, settings, record), resolution))
    return done


def after_closing(changes: Changes, settings: Settings, record: PromiseRecord) -> list[str]:
    """What closing ``record`` sets going (docs/owed.md): a kept owed promise ends the waits
    on it; a recurring promise's next occurrence is made. Said as notices."""
    said = []
    if record.owed and record.kept_at is not None:
        from promisekeeper.service.waiting import resume_waits_on

        said += resume_waits_on(changes, settings, record)
    if record.every is not None:
        from promisekeeper.service.recurring import next_occurrence

        said += next_occurrence(changes, settings, record)
    return said


def expectations_notice(customer: str, expects: list[str] | tuple[str, ...]) -> str:
    """``Acme expects: call before 10:00; quotes in EUR.``"""
    return f"{customer} expects: {'; '.join(expects)}."


def lessons_of(settings: Settings, cause: str | None, lesson: str | None) -> dict[str, str]:
    """A slip's or a break's ``cause`` (one of the setting ``causes``) and ``lesson``, checked,
    as the event's details (none when neither is given)."""
    found = {}
    if cause is not None:
        name = cause.strip().lower()
        if name not in settings.causes:
            raise InputError(f'--cause takes one of {", ".join(settings.causes)}, not "{cause}".')
        found["cause"] = name
    if lesson is not None:
        found["lesson"] = rules.clean_text(lesson, "--lesson")
    return found


def close(
    settings: Settings,
    promise_ids: list[int],
    action: str,
    reason: str | None,
    cause: str | None = None,
    lesson: str | None = None,
) -> list[Change]:
    """``break`` (a reason is required) or ``cancel`` promises, all or none."""
    if action == "break" or reason is not None:
        reason = rules.clean_text(reason or "", "--reason")
    learned = lessons_of(settings, cause, lesson) if action == "break" else {}
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
            record_event(changes, record.id, record.status, settings, reason=reason, **learned)
            done.append(Change(record, after_closing(changes, settings, record)))
    return done


def reopen(settings: Settings, promise_ids: list[int]) -> list[Change]:
    done = []
    with writing(settings) as changes:
        for promise_id in _each(promise_ids):
            record = load_for_change(changes, promise_id)
            rules.require_closed(record)
            previous = record.status
            # a request said no to is a request again (domain/events.py, replay)
            status = OPEN if record.due_at is not None else UNANSWERED
            record = record._replace(
                status=status, kept_at=None, closed_at=None, effort_actual=None
            )
            changes.update_promise(
                record.id, status=status, kept_at=None, closed_at=None, effort_actual=None
            )
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
    plan_b: str | None = None,
    blocks: str | None = None,
    needs: str | None = None,
) -> Change:
    """Change what, customer, owner, tags, plan B, or what an owed promise blocks (an
    ``edited`` event); with ``by``, correct a mistyped due date (docs/words.md, "Correction is
    not a slip"). ``plan_b`` and ``blocks`` "none" remove them."""
    new_what = rules.clean_text(what, "--what") if what is not None else None
    new_customer_name = rules.clean_text(customer, "--to") if customer is not None else None
    new_owner = rules.clean_text(owner, "--owner") if owner is not None else None
    new_tags = rules.clean_tags(tags) if tags is not None else None
    links = _edited_links(plan_b, blocks, needs)
    if all(v is None for v in (new_what, new_customer_name, new_owner, new_tags, by, *links)):
        raise InputError("Nothing to change: give --what, --to, --owner, --tag, --plan-b or --by.")
    notices: list[str] = []
    resolution = None
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        if by is not None:
            record, resolution = _correct(changes, record, by, settings)
            if resolution.note:
                notices.append(resolution.note)
            if all(v is None for v in (new_what, new_customer_name, new_owner, new_tags, *links)):
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
            said_for = record.due_at or record.made_at  # a request: said once for the request
            changes.announce(new_owner, [(record.id, HANDED_OVER, said_for)], settings.now)
        if new_tags is not None and new_tags != record.tags:
            history["tags"] = [list(record.tags), list(new_tags)]
            fields["tags"] = rules.encode_tags(new_tags)
        record = _edit_links(changes, record, links, history, fields)
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


NONE = ("none", "")  # what removes plan B or a link


def _edited_links(
    plan_b: str | None, blocks: str | None, needs: str | None
) -> tuple[str | None, int | None, str | None]:
    """(plan B, blocks, needs) as an edit gives them, checked: "" for a plan B to remove, 0 for
    a link to remove, None for what is not changed."""
    from promisekeeper.domain.standards import parse_within

    plan = None
    if plan_b is not None:
        plan = "" if plan_b.strip().casefold() in NONE else rules.clean_text(plan_b, "--plan-b")
    target = None
    if blocks is not None:
        if blocks.strip().casefold() in NONE:
            target = 0
        else:
            number = blocks.strip().removeprefix("#")
            if not number.isascii() or not number.isdigit() or int(number) < 1:
                raise InputError(
                    f"--blocks takes a promise number such as 12, or none; not {blocks!r}."
                )
            target = int(number)
    need = parse_within(needs, "--needs").text if needs is not None else None
    return plan, target, need


def _edit_links(
    changes: Changes,
    record: PromiseRecord,
    links: tuple[str | None, int | None, str | None],
    history: dict[str, list[Any]],
    fields: dict[str, Any],
) -> PromiseRecord:
    """Plan B, and what an owed promise blocks with the time needed after it, into the edit."""
    plan, target, need = links
    if plan is not None and (plan or None) != record.plan_b:
        history["plan_b"] = [record.plan_b, plan or None]
        fields["plan_b"] = plan or None
        record = record._replace(plan_b=plan or None)
    if (target is not None or need is not None) and not record.owed:
        raise InputError(
            f"#{record.id} is a promise you made: --blocks and --needs link a promise owed to "
            "you (pk owed edit) to the one it holds up."
        )
    if target is not None and (target or None) != record.blocks:
        if target:
            from promisekeeper.service.owed import check_blocks

            check_blocks(changes, target, record.id)
        history["blocks"] = [record.blocks, target or None]
        fields["blocks_id"] = target or None
        new_need = (record.needs or DEFAULT_NEEDS) if target else None
        if new_need != record.needs and need is None:
            history["needs"] = [record.needs, new_need]
            fields["needs"] = new_need
        record = record._replace(blocks=target or None, needs=new_need)
    if need is not None and need != record.needs:
        if record.blocks is None:
            raise InputError("--needs is the time you need after it arrives: give --blocks ID.")
        history["needs"] = [record.needs, need]
        fields["needs"] = need
        record = record._replace(needs=need)
    return record


CORRECTION_WINDOW = 3600  # seconds after recording a promise in which its date can be corrected
AFTER_WHICH = ("noted", "contacted", "rescheduled", "waiting", "resumed", "kept", "broken",
               "cancelled", "reopened")  # fmt: skip


def _correct(
    changes: Changes, record: PromiseRecord, by: str, settings: Settings
) -> tuple[PromiseRecord, dates.Resolution]:
    """A mistyped due date fixed: allowed within an hour of recording the promise and before
    anything else happened to it; every date takes the new one (the typo never was the
    promise), recorded as a ``corrected`` event, never a slip."""
    if not is_dated(record.status):
        rules.require_open(record, "reschedule")  # says how a request is given a date
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
        **{"from": dates.to_utc_iso(record.due), "to": dates.to_utc_iso(new_due)},
    )
    changes.update_promise(
        record.id, due_at=new_due, baseline_due_at=new_due, original_due_at=new_due
    )
    return (
        record._replace(due_at=new_due, baseline_due_at=new_due, original_due_at=new_due),
        resolution,
    )


def answer(settings: Settings, promise_id: int, by: str, *, force: bool = False) -> Change:
    """Answer a request with a date: it becomes an open promise due then (an ``answered``
    event). Its ``made_at`` stays the request's time, so the time taken to answer counts
    against at-risk and standards; the event keeps that time in business hours for the
    reports' ``median_days_to_answer`` (docs/words.md, "Unanswered requests and declines")."""
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        rules.require_unanswered(record, "answer")
        dated = date_settings_for(settings, record.customer_zone, record.customer_calendar)
        resolution = dates.resolve(by, settings.now, dated)
        due_at = whole_seconds(resolution.at)
        _check_due(settings, due_at, record.made_at, False, force)
        working = working_time(settings, record.customer_zone, record.customer_calendar)
        took = working.hours_between(record.made_at, whole_seconds(settings.now))
        record_event(
            changes,
            record.id,
            "answered",
            settings,
            to=dates.to_utc_iso(due_at),
            business_hours=round(took, 2),
        )
        changes.update_promise(
            record.id, status=OPEN, due_at=due_at, baseline_due_at=due_at, original_due_at=due_at
        )
        record = record._replace(
            status=OPEN, due_at=due_at, baseline_due_at=due_at, original_due_at=due_at
        )
    notices = [resolution.note] if resolution.note else []
    return Change(record, notices, resolution)


def decline(settings: Settings, promise_id: int, reason: str) -> Change:
    """Say no to a request, with the reason (a ``declined`` event): it closes, counted as
    declined and in no rate. A declined request is a kept word (docs/words.md)."""
    reason = rules.clean_text(reason, "--reason")
    with writing(settings) as changes:
        record = load_for_change(changes, promise_id)
        rules.require_unanswered(record, "decline")
        closed_at = whole_seconds(settings.now)
        changes.update_promise(record.id, status=DECLINED, closed_at=closed_at)
        record_event(changes, record.id, "declined", settings, reason=reason)
        record = record._replace(status=DECLINED, closed_at=closed_at)
    return Change(record, [f"A reply to send: {rules.decline_reply(record.what, reason)}"])


def delete(settings: Settings, promise_ids: list[int]) -> list[Change]:
    done = []
    with writing(settings) as changes:
        for promise_id in _each(promise_ids):
            record = load_for_change(changes, promise_id)
            changes.update_promise(record.id, deleted_at=whole_seconds(settings.now))
            record_event(changes, record.id, "deleted", settings)
            done.append(Change(record))
    return done

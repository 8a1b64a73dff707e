"""What each command does: one function per command, taking ``Settings`` (with ``now``) and plain
arguments, returning plain data for a renderer. Rules come from ``domain``; storage from ``store``.

Input is checked before the database is opened for writing, and every change runs in one
transaction, so bad input writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.display import describe
from promisekeeper.domain import rules
from promisekeeper.domain.due import DueView, bucket, due_window
from promisekeeper.domain.model import (
    STATUSES,
    CustomerSummary,
    PromiseDetail,
    PromiseRecord,
)
from promisekeeper.domain.results import Change, CustomerDetail
from promisekeeper.domain.states import OPEN
from promisekeeper.errors import (
    BadDate,
    CustomerNotFound,
    InputError,
    NearCustomer,
    PromiseNotFound,
    StorageError,
)
from promisekeeper.store import Reader, Store, open_store, queries
from promisekeeper.store.queries import PromiseFilter

if TYPE_CHECKING:
    from promisekeeper.domain.report import Report
    from promisekeeper.store.changes import Changes


# --- opening ----------------------------------------------------------------------------------


def store_for(settings: Settings) -> Store:
    return open_store(settings.db, default_location=settings.db_is_default)


@contextmanager
def reading(settings: Settings) -> Iterator[Reader]:
    with store_for(settings).reader() as reader:
        yield reader


# --- reads ------------------------------------------------------------------------------------


class Scope(NamedTuple):
    """Whose promises a list shows: one owner, or everyone's (``owner=None``)."""

    owner: str | None

    @staticmethod
    def of(settings: Settings, owner: str | None, everyone: bool) -> Scope:
        if owner and everyone:
            raise InputError("Use either --owner or --all, not both.")
        if everyone:
            return Scope(None)
        return Scope(owner.strip() if owner else settings.user)

    def shows_owner(self, settings: Settings) -> bool:
        """Whether lists name the owner: for everyone's promises or someone else's."""
        return self.owner is None or self.owner != settings.user


def _check_customer(reader: Reader, customer: str | None) -> str | None:
    if customer is None:
        return None
    found = queries.find_customer(reader, customer)
    if found is None:
        raise CustomerNotFound(customer)
    return found


def list_promises(
    settings: Settings,
    scope: Scope,
    *,
    customer: str | None = None,
    status: str | None = "open",
    tag: str | None = None,
    overdue: bool = False,
    slipping: bool = False,
) -> list[PromiseRecord]:
    if status is not None and status != "all" and status not in STATUSES:
        raise InputError(f'Unknown status "{status}"; use one of {", ".join(STATUSES)} or all.')
    tags = rules.clean_tags([tag]) if tag is not None else ()
    with reading(settings) as reader:
        _check_customer(reader, customer)
        where = PromiseFilter(
            owner=scope.owner,
            customer=customer,
            status=None if status == "all" else status,
            tag=tags[0] if tags else None,
            overdue_at=settings.now if overdue else None,
            slipping=slipping,
        )
        return queries.list_promises(reader, where)


MAX_ID = 2**63 - 1  # SQLite's and PostgreSQL's largest integer key


def _existing_id(promise_id: int) -> int:
    """Ids outside the range a database can hold name no promise."""
    if not 1 <= promise_id <= MAX_ID:
        raise PromiseNotFound(promise_id)
    return promise_id


def show_promise(settings: Settings, promise_id: int) -> PromiseDetail:
    _existing_id(promise_id)
    with reading(settings) as reader:
        detail = queries.get_detail(reader, promise_id)
    if detail is None:
        raise PromiseNotFound(promise_id)
    return detail


def due(settings: Settings, scope: Scope, *, customer: str | None, days: int | None) -> DueView:
    from promisekeeper.config import check_due_days

    days = settings.due_days if days is None else check_due_days(days, "--days")
    window = due_window(settings.now, settings.tz, days)
    with reading(settings) as reader:
        _check_customer(reader, customer)
        base = PromiseFilter(owner=scope.owner, customer=customer, status=OPEN)
        rows = queries.list_promises(reader, _with(base, due_before=window.until))
        next_after = None
        if not rows:
            later = queries.list_promises(reader, _with(base, due_from=window.until), limit=1)
            next_after = later[0] if later else None
    return bucket(rows, settings.now, window, days, next_after)


def _with(base: PromiseFilter, **changes: Any) -> PromiseFilter:
    return base._replace(**changes)


def overdue(settings: Settings, scope: Scope) -> list[PromiseRecord]:
    return list_promises(settings, scope, overdue=True)


def customers(settings: Settings) -> list[CustomerSummary]:
    with reading(settings) as reader:
        return queries.customer_summaries(reader, settings.now)


def customer_detail(settings: Settings, name: str, history: int = 10) -> CustomerDetail:
    from datetime import timedelta

    from promisekeeper.domain.report import figures_from_counts
    from promisekeeper.store.queries import ReportScope, recent_events, report_counts

    now = settings.now
    with reading(settings) as reader:
        found = _check_customer(reader, name)
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
    return CustomerDetail(found, summary, rates[0], rates[1], open_rows, kept, events)


# --- writes -----------------------------------------------------------------------------------


def _event(
    changes: Changes, promise_id: int, kind: str, settings: Settings, /, **data: Any
) -> None:
    changes.add_event(promise_id, _seconds(settings.now), kind, settings.user, data)


def _load(changes: Changes, promise_id: int) -> PromiseRecord:
    """The live promise, locked for this transaction; ``PromiseNotFound`` otherwise."""
    found = changes.promise_for_update(_existing_id(promise_id))
    if found is None or found[1]:
        raise PromiseNotFound(promise_id)
    return found[0]


def _customer(
    changes: Changes, name: str, settings: Settings, *, allow_new: bool
) -> tuple[int, str, bool]:
    """(id, name, created) of the customer ``name`` means: the same name in another case or with
    invisible characters is that customer; a new name near an existing one is refused unless
    ``allow_new`` (docs/decisions.md, Customers)."""
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
                f'Use --to "{near[0]}", or --new-customer to create it.'
            )
    return changes.add_customer(name, rules.name_fold(name), _seconds(settings.now))


def _seconds(moment: datetime) -> datetime:
    """Whole seconds: what the database keeps and JSON shows."""
    return moment.replace(microsecond=0)


def add_promise(
    settings: Settings,
    *,
    what: str,
    customer: str,
    by: str,
    owner: str | None = None,
    tags: list[str] | None = None,
    note: str | None = None,
    made: str | None = None,
    force: bool = False,
    new_customer: bool = False,
) -> Change:
    what = rules.clean_text(what, "The promise text")
    customer = rules.clean_text(customer, "The customer name (--to)")
    owner_name = rules.clean_text(owner, "--owner") if owner is not None else settings.user
    clean_tags = rules.clean_tags(tags or [])
    now = settings.now
    resolution = dates.resolve(by, now, settings.date_settings)
    due_at = _seconds(resolution.at)
    made_at = _seconds(now)
    if made is not None:
        made_at = _seconds(dates.resolve(made, now, settings.date_settings, mode="made").at)
    if due_at <= now and not force and not (made is not None and made_at < due_at):
        raise InputError(
            f"The due date {describe(due_at, now, settings.tz)} is in the past. "
            "Use a later date, --made to backdate the promise, or --force."
        )
    if made is not None and due_at < made_at:
        raise InputError(
            "The due date is before --made; a promise cannot be due before it is made."
        )
    note_text = rules.clean_text(note, "--note") if note is not None else None

    notices = []
    with store_for(settings).writer() as changes:
        customer_id, customer_name, created = _customer(
            changes, customer, settings, allow_new=new_customer
        )
        if created:
            notices.append(f'New customer "{customer_name}".')
        fields = {
            "what": what,
            "customer_id": customer_id,
            "owner": owner_name,
            "status": OPEN,
            "tags": rules.encode_tags(clean_tags),
            "made_at": made_at,
            "created_at": _seconds(now),
            "due_at": due_at,
            "original_due_at": due_at,
            "baseline_due_at": due_at,
        }
        promise_id = changes.add_promise(fields)
        # The due and made dates live on the promise row for good; reads add them back.
        _event(changes, promise_id, "created", settings)
        if note_text:
            _event(changes, promise_id, "noted", settings, text=note_text)
    record = PromiseRecord(
        id=promise_id,
        what=what,
        customer=customer_name,
        owner=owner_name,
        status=OPEN,
        tags=clean_tags,
        made_at=made_at,
        created_at=_seconds(now),
        due_at=due_at,
        original_due_at=due_at,
        baseline_due_at=due_at,
        kept_at=None,
        closed_at=None,
        slips=0,
        slips_heads_up=0,
    )
    if resolution.note:
        notices.append(resolution.note)
    return Change(record, notices, resolution)


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
    with store_for(settings).writer() as changes:
        record = _load(changes, promise_id)
        plan = rules.plan_reschedule(
            record,
            _seconds(resolution.at),
            settings.now,
            customer_asked=customer_asked,
            force=force,
        )
        _event(
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


def keep(settings: Settings, promise_id: int, *, at: str | None, note: str | None) -> Change:
    now = settings.now
    resolution = dates.resolve(at, now, settings.date_settings, mode="at") if at else None
    kept_at = _seconds(resolution.at if resolution else now)
    note_text = rules.clean_text(note, "--note") if note is not None else None
    with store_for(settings).writer() as changes:
        record = _load(changes, promise_id)
        rules.require_open(record, "keep")
        rules.check_kept_at(record, kept_at, now)
        record = record._replace(status="kept", kept_at=kept_at, closed_at=_seconds(now))
        changes.update_promise(
            record.id, status="kept", kept_at=kept_at, closed_at=record.closed_at
        )
        _event(
            changes, record.id, "kept", settings, kept_at=dates.to_utc_iso(kept_at), note=note_text
        )
    return Change(record, [], resolution)


def close(settings: Settings, promise_id: int, action: str, reason: str | None) -> Change:
    """``break`` (a reason is required) or ``cancel``."""
    if action == "break" or reason is not None:
        reason = rules.clean_text(reason or "", "--reason")
    with store_for(settings).writer() as changes:
        record = _load(changes, promise_id)
        rules.require_open(record, action)
        record = record._replace(status=rules.next_status(action), closed_at=_seconds(settings.now))
        changes.update_promise(record.id, status=record.status, closed_at=record.closed_at)
        _event(changes, record.id, record.status, settings, reason=reason)
    return Change(record)


def reopen(settings: Settings, promise_id: int) -> Change:
    with store_for(settings).writer() as changes:
        record = _load(changes, promise_id)
        rules.require_closed(record)
        previous = record.status
        record = record._replace(status=OPEN, kept_at=None, closed_at=None)
        changes.update_promise(record.id, status=OPEN, kept_at=None, closed_at=None)
        _event(changes, record.id, "reopened", settings, previous_status=previous)
    return Change(record)


def note(settings: Settings, promise_id: int, text: str, *, contacted: bool) -> Change:
    text = rules.clean_text(text, "The note")
    with store_for(settings).writer() as changes:
        record = _load(changes, promise_id)
        _event(changes, record.id, "contacted" if contacted else "noted", settings, text=text)
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
) -> Change:
    new_what = rules.clean_text(what, "--what") if what is not None else None
    new_customer_name = rules.clean_text(customer, "--to") if customer is not None else None
    new_owner = rules.clean_text(owner, "--owner") if owner is not None else None
    new_tags = rules.clean_tags(tags) if tags is not None else None
    if all(v is None for v in (new_what, new_customer_name, new_owner, new_tags)):
        raise InputError("Nothing to change: give --what, --to, --owner or --tag.")
    notices = []
    with store_for(settings).writer() as changes:
        record = _load(changes, promise_id)
        history: dict[str, list[Any]] = {}
        fields: dict[str, Any] = {}
        if new_what is not None and new_what != record.what:
            history["what"] = [record.what, new_what]
            fields["what"] = new_what
        if new_customer_name is not None:
            customer_id, customer_name, created = _customer(
                changes, new_customer_name, settings, allow_new=new_customer
            )
            if created:
                notices.append(f'New customer "{customer_name}".')
            if customer_name != record.customer:
                history["customer"] = [record.customer, customer_name]
                fields["customer_id"] = customer_id
                record = record._replace(customer=customer_name)
        if new_owner is not None and new_owner != record.owner:
            history["owner"] = [record.owner, new_owner]
            fields["owner"] = new_owner
        if new_tags is not None and new_tags != record.tags:
            history["tags"] = [list(record.tags), list(new_tags)]
            fields["tags"] = rules.encode_tags(new_tags)
        if not history:
            raise InputError(f"#{promise_id} already reads like that; nothing changed.")
        changes.update_promise(record.id, **fields)
        _event(changes, record.id, "edited", settings, changes=history)
        record = record._replace(
            what=fields.get("what", record.what),
            owner=fields.get("owner", record.owner),
            tags=new_tags if "tags" in fields and new_tags is not None else record.tags,
        )
    return Change(record, notices)


def delete(settings: Settings, promise_id: int) -> Change:
    with store_for(settings).writer() as changes:
        record = _load(changes, promise_id)
        changes.update_promise(record.id, deleted_at=_seconds(settings.now))
        _event(changes, record.id, "deleted", settings)
    return Change(record)


def rename_customer(settings: Settings, old: str, new: str) -> tuple[str, str]:
    new = rules.clean_text(new, "The new name")
    with store_for(settings).writer() as changes:
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
    with store_for(settings).writer() as changes:
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
        at = _seconds(settings.now)
        edit = {"changes": {"customer": [from_name, into_name]}}
        changes.add_events((pid, at, "edited", settings.user, edit) for pid in moved)
        changes.delete_customer(from_id)
        return from_name, into_name, len(moved)


# --- database ---------------------------------------------------------------------------------


class CheckResult(NamedTuple):
    location: str
    version: str | None
    problems: list[str]
    counts: dict[str, int]


def db_check(settings: Settings) -> CheckResult:
    from promisekeeper.store import SqliteStore, schema_version

    store = store_for(settings)
    problems: list[str] = []
    with store.reader() as reader:
        problems += queries.damage(reader, isinstance(store, SqliteStore))
        counts = queries.table_counts(reader)
        if not problems:  # damaged pages first: reading every row of them would fail anyway
            problems += _record_problems(reader)
    return CheckResult(store.location, schema_version(store), problems, counts)


def _record_problems(reader: Reader) -> list[str]:
    """Every promise and event checked by the rules an import applies (``domain.validate``)."""
    from promisekeeper.domain.validate import check_promise
    from promisekeeper.transfer import stored_promises

    problems = []
    promises = stored_promises(reader)
    while True:
        try:
            item = next(promises)
        except StopIteration:
            break
        except (OverflowError, ValueError) as exc:  # a stored time no datetime can hold
            problems.append(f"a promise holds a value pk cannot read ({exc})")
            break
        _promise, _events, found = check_promise(item)
        problems += [f"promise #{item['id']}: {problem}" for problem in found]
    return problems


def db_upgrade(settings: Settings) -> tuple[str | None, str]:
    """Opening upgrades already; this reports what the schema is (and was)."""
    from promisekeeper.store import SqliteStore, ensure_schema, is_postgres, schema_version
    from promisekeeper.store.migrate import upgrade

    if is_postgres(settings.db):
        from promisekeeper.store import PostgresStore

        store: Store = PostgresStore(settings.db)
    else:
        store = store_for(settings)
    before = schema_version(store)
    if isinstance(store, SqliteStore) or before is None:
        ensure_schema(store)
    else:
        upgrade(store)
    return before, schema_version(store) or ""


def protected_files(settings: Settings) -> list[Path]:
    """The files no output may replace: the SQLite database in use and its companions."""
    from promisekeeper.files import database_files
    from promisekeeper.store import is_postgres

    if is_postgres(settings.db):
        return []
    return database_files(Path(settings.db.removeprefix("sqlite:///")).expanduser())


def db_backup(settings: Settings, target: str | None) -> Path:
    """A consistent copy of the live SQLite database in a new private file (SQLite's backup
    API). Done only when the copy holds every committed write; anything else is one line and
    no file."""
    from promisekeeper.files import check_target, make_private_dirs
    from promisekeeper.store import SqliteStore

    if target is not None:
        # Checked before the database is opened: a bad target reads nothing.
        path = check_target(
            target, "the backup", protected=protected_files(settings), must_be_new=True
        ).path
    store = store_for(settings)
    if not isinstance(store, SqliteStore):
        raise StorageError("Back up a PostgreSQL database with pg_dump (see examples/team.md).")
    if target is None:
        stamp = settings.now.astimezone(settings.tz).strftime("%Y%m%d-%H%M%S")
        folder = store.path.parent / "backups"
        make_private_dirs(folder)
        path = check_target(str(folder / f"pk-{stamp}.db"), "the backup", must_be_new=True).path
    store.backup_to(path)
    return path


# --- reports ----------------------------------------------------------------------------------


def report(
    settings: Settings,
    scope: Scope,
    *,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    first: str | None = None,
    last: str | None = None,
    by: str | None = None,
) -> Report:
    """Every report figure (docs/words.md) for one period, per customer or owner with ``by``,
    and the trend.
    One ``now`` serves totals, groups and every trend entry."""
    from datetime import timedelta

    from promisekeeper.domain import report as rpt
    from promisekeeper.store.queries import ReportScope, bucket_sql, report_counts

    if by not in (None, "customer", "owner"):
        raise InputError(f'--by takes customer or owner, not "{by}".')
    first_day = _calendar_day(settings, first, "--from")
    last_day = _calendar_day(settings, last, "--to")
    chosen = " ".join(v for v in (week, month, quarter) if v) or "this period"
    try:
        period = rpt.choose_period(
            now=settings.now,
            tz=settings.tz,
            week=week,
            month=month,
            quarter=quarter,
            first=first_day,
            last=last_day,
        )
        chosen = period.label
        start, end = period.bounds(settings.tz)
        periods = rpt.trend_periods(period)
        bounds = [p.bounds(settings.tz) for p in periods]
        dates.check_range(bounds[0][0], "x")
        dates.check_range(end - timedelta(seconds=1), "x")
    except (OverflowError, ValueError, BadDate) as exc:
        raise InputError(
            f"The period {chosen} and its trend (the {rpt.TREND_LENGTH - 1} periods before "
            f"it) must lie within the times pk keeps ({dates.RANGE_TEXT})."
        ) from exc
    boundaries = [b[0] for b in bounds] + [end]
    with reading(settings) as reader:
        this = ReportScope(start, end, settings.now, owner=scope.owner)
        # One scan of the six trend periods gives every trend entry, and its last bucket is this
        # period's totals; only kept-late rows are read again, for the median.
        case, params = bucket_sql(boundaries)
        whole = ReportScope(boundaries[0], end, settings.now, owner=scope.owner)
        trend_counts, _ = report_counts(reader, whole, case, params, lateness=False)
        _, late = report_counts(reader, this, lateness=True)
        current = trend_counts.get(len(periods) - 1, {})
        totals = rpt.figures_from_counts(current, late.get(None, []))
        groups: list[tuple[str, rpt.Figures]] = []
        if by is not None:
            key = "c.name" if by == "customer" else "p.owner"
            by_counts, by_late = report_counts(reader, this, key)
            groups = sorted(
                (
                    (name, rpt.figures_from_counts(c, by_late.get(name, [])))
                    for name, c in by_counts.items()
                ),
                key=lambda g: g[0].casefold(),
            )
    trend = [
        rpt.TrendPoint(p, *bounds[i], rpt.figures_from_counts(trend_counts.get(i, {}), []))
        for i, p in enumerate(periods)
    ]
    return rpt.Report(period, start, end, settings.now, totals, by, groups, trend)


def _calendar_day(settings: Settings, text: str | None, option: str) -> date | None:
    """``report --from/--to``: a calendar day in the local zone."""
    if text is None:
        return None
    try:
        resolved = dates.resolve(text, settings.now, settings.date_settings)
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from exc
    return resolved.at.astimezone(settings.tz).date()

"""Data in and out: ``pk export`` and ``pk import``.

Export streams the database through ``render.export`` to stdout or to a file written
atomically (``files.write_atomic``). Import checks the file with ``domain.imports`` (a CSV
whole before anything is written, a pk JSON export item by item as it streams in) and writes
it in one transaction through the store's ``Changes``: all or nothing, every problem listed.
"""

from __future__ import annotations

import dataclasses
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.imports import (
    ImportRejected,
    JsonChecker,
    Plan,
    export_items,
    kind_of,
    plan_csv,
    read_text,
)
from promisekeeper.domain.states import is_active
from promisekeeper.errors import InputError
from promisekeeper.render.safe import write_out
from promisekeeper.store.changes import PROMISE_FIELDS

if TYPE_CHECKING:
    from promisekeeper.store.changes import Changes


def export(settings: Settings, fmt: str, target: str | None) -> tuple[int, Path | None]:
    """Write every promise to ``target`` (stdout when None). JSON is lossless and terminal-safe
    everywhere (unsafe characters as ``\\uXXXX`` escapes); CSV keeps every cell's exact text,
    except on a terminal, where the cells are shown with visible escapes."""
    from promisekeeper.files import check_target, write_atomic
    from promisekeeper.render.export import write_export
    from promisekeeper.service import reading
    from promisekeeper.service.database import protected_files

    if fmt not in ("json", "csv"):
        raise InputError(f'--format for export takes json or csv, not "{fmt}".')
    chosen = None
    if target is not None:
        chosen = check_target(
            target, "the export", protected=protected_files(settings), streams=True
        )
    with reading(settings) as reader:
        if chosen is None:
            buffer = io.StringIO()
            count = write_export(reader, buffer, fmt, settings.now, terminal=sys.stdout.isatty())
            write_out(buffer.getvalue())
            return count, None
        count = write_atomic(
            chosen,
            lambda handle: write_export(reader, handle, fmt, settings.now, terminal=False),
            what="the export",
            newline="",
        )
    return count, chosen.path


# --- import: writing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    promises: int
    new_customers: int
    notes: list[str]
    already_there: list[int] = field(default_factory=list)  # CSV rows skipped as duplicates
    dry_run: bool = False


class _DryRun(Exception):
    def __init__(self, result: Imported) -> None:
        self.result = result


def import_file(
    settings: Settings,
    file: str,
    fmt: str | None,
    *,
    dry_run: bool = False,
    new_customers: bool = False,
) -> Imported:
    """Import a file all or nothing. ``dry_run`` does everything in the transaction, then rolls
    it back, so that its counts and refusals are exactly those of the real import."""
    from itertools import chain

    from promisekeeper.service import store_for

    path = Path(file).expanduser()
    kind = fmt or kind_of(path)
    if kind not in ("json", "csv"):
        raise InputError(f'--format for import takes json or csv, not "{kind}".')
    if kind == "json":
        # Streamed: a pk export is read, checked and written one item at a time (memory stays
        # flat at any size); its first item is read before the database is opened, so a file
        # that is no pk export opens nothing.
        items = export_items(path, path.name)
        first = next(items, None)
        stream = chain([first] if first is not None else [], items)
    else:
        plan = plan_csv(read_text(path), settings, path.name)
    store = store_for(settings)
    try:
        with store.writer() as changes:
            if kind == "json":
                result = _restore_stream(changes, stream, path.name)
            else:
                result = _write_plan(changes, plan, settings, new_customers)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        result = rolled_back.result
    return dataclasses.replace(result, dry_run=dry_run)


def _restore_stream(changes: Changes, items: Iterator[tuple[str, object]], name: str) -> Imported:
    """A pk JSON export into an empty database, exactly (same ids, fields and histories), in
    batches. Every item is checked; once one is wrong nothing more is written, the rest is still
    checked so that every problem is listed, and the transaction is rolled back."""
    if changes.row_count():
        raise InputError(
            "A JSON export is restored into an empty database only; this one has data. "
            "Use --db with a new file, or import CSV to add promises."
        )
    checker = JsonChecker()
    customer_ids: dict[str, int] = {}
    batch = Plan(restore=True)
    for kind, item in items:
        if kind == "customer":
            customer = checker.customer(item)
            if customer is not None and not checker.errors:
                fold = rules.name_fold(customer[0])
                customer_ids[fold] = changes.add_customer(customer[0], fold, customer[1])[0]
            continue
        promise = checker.promise(item)
        if promise is not None and not checker.errors:
            batch.promises.append(promise[0])
            batch.histories.append(promise[1])
            if len(batch.promises) >= RESTORE_BATCH:
                _restore(changes, batch, customer_ids)
                batch = Plan(restore=True)
    checker.refuse_if_wrong(name)
    _restore(changes, batch, customer_ids)
    return Imported(checker.promises, checker.customers, [])


RESTORE_BATCH = 2000


def _write_plan(changes: Changes, plan: Plan, settings: Settings, allow_new: bool) -> Imported:
    """CSV rows, checked already, into any database."""
    ids, new_customers = _csv_customers(changes, plan, settings, allow_new)
    already = _already_there(changes, plan, ids)
    fresh = [p for p in plan.promises if p["row"] not in already]
    _add(changes, fresh, ids, settings)
    return Imported(len(fresh), new_customers, list(plan.notes), sorted(already))


def _csv_customers(
    changes: Changes, plan: Plan, settings: Settings, allow_new: bool
) -> tuple[dict[int, int], int]:
    """Each row's customer id, by the rules ``pk add`` applies: the same name (case and
    invisible characters aside) is the same customer; a new name near an existing one, or near
    one an earlier row creates, is refused with the existing spelling unless ``allow_new``."""
    known = {name: customer_id for customer_id, name in changes.customers()}
    # The same customer, case and invisible characters aside: one lookup per row, not a scan.
    same = {rules.visible_fold(name): name for name in known}
    ids: dict[int, int] = {}  # row -> customer id
    created = 0
    problems = []
    for p in plan.promises:
        name = p["customer"]
        existing = same.get(rules.visible_fold(name))
        if existing is None:
            near = [] if allow_new else rules.near_names(name, list(known))
            if near:
                problems.append(
                    f'row {p["row"]}: customer "{name}" looks like "{near[0]}"; write it the same '
                    "way, or import with --new-customer"
                )
                continue
            fold = rules.name_fold(name)
            known[name] = changes.add_customer(name, fold, settings.now.replace(microsecond=0))[0]
            same[rules.visible_fold(name)] = name
            created += 1
            existing = name
        ids[p["row"]] = known[existing]
    if problems:
        raise ImportRejected(
            f"{len(problems)} row{'s name' if len(problems) > 1 else ' names'} a customer near an "
            "existing one; nothing was imported:",
            problems,
        )
    return ids, created


def _already_there(changes: Changes, plan: Plan, ids: dict[int, int]) -> set[int]:
    """Rows equal to a live promise in what, customer, owner, due date and (when the row gives
    it) made date: importing the same file again adds nothing."""
    existing: dict[tuple[Any, ...], list[datetime]] = {}
    for customer_id, what, owner, due_at, made_at in changes.live_promise_keys(ids.values()):
        existing.setdefault((customer_id, what, owner, due_at), []).append(made_at)
    found = set()
    for p in plan.promises:
        made = existing.get((ids[p["row"]], p["what"], p["owner"], p["due_at"]))
        if made and (not p["made_given"] or p["made_at"] in made):
            found.add(p["row"])
    return found


# A restored promise keeps every stored field; its customer and tags are mapped and encoded.
_RESTORED = ("id", *(f for f in PROMISE_FIELDS if f not in ("customer_id", "tags")))


def _restore(changes: Changes, plan: Plan, customer_ids: dict[str, int]) -> None:
    """A JSON export, exactly: same ids, same fields, same histories."""
    changes.add_promises(
        [
            {
                **{k: p[k] for k in _RESTORED},
                "tags": rules.encode_tags(p["tags"]),
                "customer_id": customer_ids[rules.name_fold(p["customer"])],
            }
            for p in plan.promises
        ]
    )
    changes.add_events(
        (p["id"], e["at"], e["kind"], e["by"], _stored_data(e, p))
        for p, history in zip(plan.promises, plan.histories, strict=True)
        for e in history
    )
    changes.continue_ids()


def _add(
    changes: Changes, promises: list[dict[str, Any]], ids: dict[int, int], settings: Settings
) -> None:
    """CSV rows: new promises with new ids, each with a ``created`` event (and its outcome)."""
    now = settings.now.replace(microsecond=0)
    events: list[tuple[int, datetime, str, str, dict[str, Any]]] = []
    for p in promises:
        promise_id = changes.add_promise(
            {
                "what": p["what"],
                "customer_id": ids[p["row"]],
                "owner": p["owner"],
                "status": p["status"],
                "tags": rules.encode_tags(p["tags"]),
                "made_at": p["made_at"],
                "created_at": now,
                "due_at": p["due_at"],
                "original_due_at": p["due_at"],
                "baseline_due_at": p["due_at"],
                "kept_at": p["kept_at"],
                "closed_at": None if is_active(p["status"]) else now,
            }
        )
        events.append((promise_id, now, "created", settings.user, {"imported": True}))
        if p["status"] == "kept":
            kept = {"kept_at": dates.to_utc_iso(p["kept_at"]), "note": None}
            events.append((promise_id, now, "kept", settings.user, kept))
        elif not is_active(p["status"]):
            events.append((promise_id, now, p["status"], settings.user, {"reason": "imported"}))
    changes.add_events(events)


def _stored_data(event: dict[str, Any], promise: dict[str, Any]) -> dict[str, Any]:
    """What to store of an event's details: a ``created`` event's due and made dates are read
    back from the promise row, so they are stored only where they differ from it."""
    data = dict(event["data"])
    if event["kind"] == "created":
        for key, field_name in (("due_at", "original_due_at"), ("made_at", "made_at")):
            if data.get(key) == dates.to_utc_iso(promise[field_name]):
                del data[key]
    return data

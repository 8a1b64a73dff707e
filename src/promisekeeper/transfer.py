"""Data in and out: ``pk export`` and ``pk import``.

* JSON export is lossless: every customer, every promise (deleted ones too) with every field and
  its whole history, in id order. Importing it into an empty database and exporting again gives the
  same bytes.
* CSV export is one row per promise with the fields of docs/formats.md. CSV import takes the
  documented columns ``what, customer, owner, made_at, due_at, status, kept_at, tags``.
* Imports are all or nothing: every row is checked first, every problem is reported with its row
  number, and nothing is written unless all rows are good; the write is one transaction.
* Exports are read in batches by id (no full table in memory) and written to a temporary file that
  is renamed into place.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.model import STATUSES
from promisekeeper.domain.states import is_active
from promisekeeper.errors import InputError
from promisekeeper.render.safe import json_line, write_out
from promisekeeper.store import Reader, queries

if TYPE_CHECKING:
    from promisekeeper.store.changes import Changes

EXPORT_VERSION = 1
BATCH = 2000
MAX_LENGTH = {"what": 5000, "customer": 200, "owner": 100, "tags": 1000}
CSV_COLUMNS = ("what", "customer", "owner", "made_at", "due_at", "status", "kept_at", "tags")
CSV_REQUIRED = ("what", "customer", "due_at")
# Columns pk's own CSV export adds; an import ignores them quietly.
EXPORT_ONLY = ("id", "original_due_at", "baseline_due_at", "slips", "overdue", "outcome")
MAX_LISTED = 20


class ImportRejected(InputError):
    """A file that cannot be imported; ``details`` lists every problem, one per line."""

    def __init__(self, message: str, details: list[str]) -> None:
        if len(details) > MAX_LISTED:
            details = [*details[:MAX_LISTED], f"… and {len(details) - MAX_LISTED} more"]
        super().__init__(message)
        self.details = details


# --- export ------------------------------------------------------------------------------------


def _iso(value: int | None) -> str | None:
    return None if value is None else dates.to_utc_iso(datetime.fromtimestamp(value, UTC))


def _full_promise(row: Any, history: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": int(row[0]),
        "what": row[1],
        "customer": row[2],
        "owner": row[3],
        "status": row[4],
        "tags": list(rules.decode_tags(row[5])),
        "made_at": _iso(row[6]),
        "created_at": _iso(row[7]),
        "due_at": _iso(row[8]),
        "original_due_at": _iso(row[9]),
        "baseline_due_at": _iso(row[10]),
        "kept_at": _iso(row[11]),
        "closed_at": _iso(row[12]),
        "deleted_at": _iso(row[13]),
        "slips": int(row[14]),
        "slips_heads_up": int(row[15]),
        "history": history,
    }


def _histories(reader: Reader, first: int, last: int) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for promise_id, at, kind, by, details in queries.export_events(reader, first, last):
        found.setdefault(promise_id, []).append({"at": _iso(at), "kind": kind, "by": by, **details})
    return found


def export_json(reader: Reader, out: io.TextIOBase | Any) -> int:
    """Write the whole database as JSON to ``out``; returns the number of promises."""
    customers = queries.export_customers(reader)
    out.write(f'{{"promisekeeper_export": {EXPORT_VERSION},\n "customers": [')
    for index, (name, created) in enumerate(customers):
        item = json_line({"name": name, "created_at": _iso(created)})
        out.write(("," if index else "") + "\n  " + item)
    out.write('\n ],\n "promises": [')
    count = 0
    for promise in stored_promises(reader):
        out.write(("," if count else "") + "\n  " + json_line(promise))
        count += 1
    out.write("\n ]\n}\n")
    return count


def stored_promises(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every promise (deleted ones too) with its history, as the JSON export writes it, in id
    order, read in batches."""
    for rows in queries.promise_batches(reader, live_only=False, size=BATCH):
        histories = _histories(reader, int(rows[0][0]), int(rows[-1][0]))
        for row in rows:
            yield _full_promise(row, histories.get(int(row[0]), []))


def export_csv(reader: Reader, out: Any, now: datetime, *, terminal: bool = False) -> int:
    """One row per live promise. Cells keep their exact text (quoted where needed), with the
    formula guard; on a terminal they are shown with visible escapes instead."""
    from promisekeeper.render.machine import PROMISE_KEYS, csv_text, promise_csv_row
    from promisekeeper.store.queries import promise_from_row

    out.write(csv_text(PROMISE_KEYS, []))
    count = 0
    for rows in queries.promise_batches(reader, live_only=True, size=BATCH):
        records = [promise_from_row((*r[:13], r[14], r[15])) for r in rows]
        body = csv_text(
            PROMISE_KEYS, (promise_csv_row(p, now) for p in records), exact=not terminal
        )
        out.write(body.split("\n", 1)[1])
        count += len(records)
    return count


def export(settings: Settings, fmt: str, target: str | None) -> tuple[int, Path | None]:
    """Write every promise to ``target`` (stdout when None). JSON is lossless and terminal-safe
    everywhere (unsafe characters as ``\\uXXXX`` escapes); CSV keeps every cell's exact text,
    except on a terminal, where the cells are shown with visible escapes."""
    from promisekeeper.files import check_target, write_atomic
    from promisekeeper.service import protected_files, reading

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
            count = _write(reader, buffer, fmt, settings, terminal=sys.stdout.isatty())
            write_out(buffer.getvalue())
            return count, None
        count = write_atomic(
            chosen,
            lambda handle: _write(reader, handle, fmt, settings, terminal=False),
            what="the export",
            newline="",
        )
    return count, chosen.path


def _write(reader: Reader, out: Any, fmt: str, settings: Settings, *, terminal: bool) -> int:
    if fmt == "json":
        return export_json(reader, out)
    return export_csv(reader, out, settings.now, terminal=terminal)


# --- import: reading files -----------------------------------------------------------------------


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"No file {path}.") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory; give a file.") from exc
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}.") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save it as UTF-8 and try again. Nothing was imported."
        ) from exc


@dataclass
class Plan:
    """Everything an import will write, checked."""

    customers: list[tuple[str, datetime]] = field(default_factory=list)  # only for JSON
    promises: list[dict[str, Any]] = field(default_factory=list)
    histories: list[list[dict[str, Any]]] = field(default_factory=list)
    restore: bool = False  # JSON: keep ids and histories exactly
    notes: list[str] = field(default_factory=list)


def _defused(value: str) -> str:
    """Undo pk's CSV formula guard exactly (``render.safe.csv_cell``)."""
    from promisekeeper.render.safe import unguard

    return unguard(value)


def plan_csv(text: str, settings: Settings, name: str) -> Plan:
    nul_lines = [i + 1 for i, line in enumerate(text.split("\n")) if "\x00" in line]
    if nul_lines:
        raise ImportRejected(
            f"{name} holds NUL bytes, which text never does; nothing was imported:",
            [f"line {n}: contains a NUL byte" for n in nul_lines],
        )
    previous_limit = csv.field_size_limit(16 * 1024 * 1024)
    try:
        rows = list(_csv_rows(text, name))
    finally:
        csv.field_size_limit(previous_limit)
    if not rows:
        raise InputError(f"{name} is empty; nothing was imported.")
    header = rows[0][1]
    columns = [h.strip().lower() for h in header]
    seen: dict[str, int] = {}
    problems = []
    for index, column in enumerate(columns, 1):
        if column in seen:
            problems.append(f'column "{column}" appears twice (columns {seen[column]} and {index})')
        seen[column] = index
    missing = [c for c in CSV_REQUIRED if c not in seen]
    if missing:
        problems.append(
            f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)} "
            f"(the columns are {', '.join(CSV_COLUMNS)})"
        )
    if problems:
        raise ImportRejected(f"The header of {name} is not usable; nothing was imported:", problems)
    plan = Plan()
    unknown = [c for c in columns if c not in CSV_COLUMNS and c not in EXPORT_ONLY and c]
    if unknown:
        plan.notes.append(f"Ignored column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.")
    errors = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            errors.append(f"row {line}: has {len(cells)} cells; the header has {len(columns)}")
            continue
        values = {col: _defused(cell.strip()) for col, cell in zip(columns, cells, strict=True)}
        try:
            plan.promises.append({**_csv_promise(values, settings), "row": line})
        except InputError as exc:
            # One short line per row: the date examples are in the docs, not repeated per row.
            errors.append(f"row {line}: {str(exc).split(' Examples:')[0].rstrip('.')}")
    if errors:
        raise ImportRejected(
            f"{len(errors)} row{'s' if len(errors) > 1 else ''} of {name} cannot be imported; "
            "nothing was imported:",
            errors,
        )
    return plan


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportRejected(
                f"{name} is not valid CSV; nothing was imported:", [f"row {reader.line_num}: {exc}"]
            ) from exc
        yield line, cells
        line = reader.line_num + 1


def _csv_promise(values: dict[str, str], settings: Settings) -> dict[str, Any]:
    for column, limit in MAX_LENGTH.items():
        if len(values.get(column, "")) > limit:
            raise InputError(f"{column} is longer than {limit} characters")
    what = rules.clean_text(values["what"], "what")
    customer = rules.clean_text(values["customer"], "customer")
    owner = values.get("owner") or settings.user
    status = (values.get("status") or "open").lower()
    if status not in STATUSES:
        raise InputError(f'status "{status}" is not one of {", ".join(STATUSES)}')
    tags = rules.clean_tags([t for t in re.split(r"[;,]", values.get("tags", "")) if t.strip()])
    due_at = _when(values["due_at"], "due_at", settings, "due")
    kept_at = None
    if values.get("kept_at"):
        if status != "kept":
            raise InputError(f"kept_at is given but the status is {status}")
        kept_at = _when(values["kept_at"], "kept_at", settings, "at")
    elif status == "kept":
        raise InputError("status is kept but kept_at is empty")
    made_given = bool(values.get("made_at"))
    if made_given:
        made_at = _when(values["made_at"], "made_at", settings, "made")
        if due_at < made_at:
            raise InputError("due_at is before made_at")
        if kept_at is not None and kept_at < made_at:
            raise InputError("kept_at is before made_at")
    else:
        # Without the column, the promise was made no later than anything the row says
        # happened: now, its due date and its delivery (docs/formats.md).
        made_at = min(settings.now.replace(microsecond=0), due_at, kept_at or due_at)
    return {
        "what": what,
        "customer": customer,
        "owner": owner,
        "status": status,
        "tags": tags,
        "made_at": made_at,
        "made_given": made_given,
        "due_at": due_at,
        "kept_at": kept_at,
    }


def _when(text: str, column: str, settings: Settings, mode: dates.Mode) -> datetime:
    try:
        return dates.resolve(text, settings.now, settings.date_settings, mode).at.replace(
            microsecond=0
        )
    except InputError as exc:
        raise InputError(f"{column}: {exc}") from exc


# --- import: JSON ------------------------------------------------------------------------------


def plan_json(text: str, name: str) -> Plan:
    """A pk JSON export, every customer and promise checked by ``domain.validate`` (the rules
    ``pk db check`` applies to a database); every problem is listed, nothing is written."""
    from promisekeeper.domain import validate

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg}).") from exc
    except RecursionError as exc:
        raise InputError(f"{name} is nested too deeply to be a pk export.") from exc
    if not isinstance(data, dict) or data.get("promisekeeper_export") != EXPORT_VERSION:
        raise InputError(
            f"{name} is not a pk export (version {EXPORT_VERSION}); "
            "`pk export --format json` writes one."
        )
    plan = Plan(restore=True)
    errors: list[str] = []
    customers, promises = data.get("customers", []), data.get("promises", [])
    for key, value in (("customers", customers), ("promises", promises)):
        if not isinstance(value, list):
            errors.append(f"{key} must be a list, not {type(value).__name__}")
    if errors:
        raise ImportRejected(f"{name} has {len(errors)} problem(s); nothing was imported:", errors)
    names: dict[str, str] = {}
    for index, item in enumerate(customers, 1):
        c = validate.Collector()
        fields = item if isinstance(item, dict) else {}
        if not isinstance(item, dict):
            c.problems.append(f"must be an object, not {type(item).__name__}")
        customer = c.run(partial(validate.text, fields.get("name"), "name"))
        created = c.run(partial(validate.instant, fields.get("created_at"), "created_at"))
        if customer is not None and rules.name_fold(customer) in names:
            c.problems.append(f'name "{customer}" appears twice')
        errors += [f"customer {index}: {problem}" for problem in c.problems]
        if not c.problems:
            names[rules.name_fold(customer)] = customer
            plan.customers.append((customer, created))
    ids: set[int] = set()
    for index, item in enumerate(promises, 1):
        promise, history, problems = validate.check_promise(item)
        if promise.get("id") in ids:
            problems.append(f"id {promise['id']} appears twice")
        elif promise.get("id") is not None:
            ids.add(promise["id"])
        customer = promise.get("customer")
        if customer is not None and rules.name_fold(customer) not in names:
            problems.append(f'customer "{customer}" is not in customers')
        errors += [f"promise {index}: {problem}" for problem in problems]
        if not problems:
            plan.promises.append(promise)
            plan.histories.append(history)
    if errors:
        raise ImportRejected(f"{name} has {len(errors)} problem(s); nothing was imported:", errors)
    return plan


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
    from promisekeeper.service import store_for

    path = Path(file).expanduser()
    text = read_text(path)
    kind = fmt or ("json" if text.lstrip().startswith("{") else "csv")
    if kind not in ("json", "csv"):
        raise InputError(f'--format for import takes json or csv, not "{kind}".')
    plan = plan_json(text, path.name) if kind == "json" else plan_csv(text, settings, path.name)
    store = store_for(settings)
    try:
        with store.writer() as changes:
            result = _write_plan(changes, plan, settings, new_customers)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        result = rolled_back.result
    return dataclasses.replace(result, dry_run=dry_run)


def _write_plan(changes: Changes, plan: Plan, settings: Settings, allow_new: bool) -> Imported:
    if plan.restore:
        if changes.row_count():
            raise InputError(
                "A JSON export is restored into an empty database only; this one has data. "
                "Use --db with a new file, or import CSV to add promises."
            )
        customer_ids: dict[str, int] = {}
        for name, created in plan.customers:
            fold = rules.name_fold(name)
            customer_ids[fold] = changes.add_customer(name, fold, created)[0]
        _restore(changes, plan, customer_ids)
        return Imported(len(plan.promises), len(plan.customers), plan.notes)
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
    known: dict[str, int] = {}
    for name in changes.customer_names():
        found = changes.customer_by_fold(rules.name_fold(name))
        assert found is not None
        known[name] = found[0]
    ids: dict[int, int] = {}  # row -> customer id
    created = 0
    problems = []
    for p in plan.promises:
        name = p["customer"]
        same = rules.same_name(name, list(known))
        if same is None:
            near = [] if allow_new else rules.near_names(name, list(known))
            if near:
                problems.append(
                    f'row {p["row"]}: customer "{name}" looks like "{near[0]}"; write it the same '
                    "way, or import with --new-customer"
                )
                continue
            fold = rules.name_fold(name)
            known[name] = changes.add_customer(name, fold, settings.now.replace(microsecond=0))[0]
            created += 1
            same = name
        ids[p["row"]] = known[same]
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


_RESTORED = (
    "id",
    "what",
    "owner",
    "status",
    "made_at",
    "created_at",
    "due_at",
    "original_due_at",
    "baseline_due_at",
    "kept_at",
    "closed_at",
    "deleted_at",
    "slips",
    "slips_heads_up",
)


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

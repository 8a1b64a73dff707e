"""Reading import files, purely: CSV rows and pk JSON exports become a checked ``Plan`` or an
``ImportRejected`` listing every problem (docs/formats.md, "What an import checks"). Nothing
here touches the database or prints.

CSV import takes the documented columns ``what, customer, owner, made_at, due_at, status,
kept_at, tags``; a JSON export is checked by ``domain.validate``, the rules ``pk db check``
applies too.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.model import STATUSES
from promisekeeper.errors import InputError

if TYPE_CHECKING:
    pass

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

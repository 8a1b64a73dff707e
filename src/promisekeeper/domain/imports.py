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
import os
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.states import REPORTED_STATUSES, is_dated
from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.dates import DateSettings

# what `pk export` writes; versions 1 (no standards), 2 (no waits), 3 (no customer addresses,
# no secrets), 4 (no customers' own standards, efforts or requests) and 5 (no owed promises,
# plan B or recurring promises) are read
EXPORT_VERSION = 7
BATCH = 2000
MAX_LENGTH = {"what": 5000, "customer": 200, "owner": 100, "tags": 1000}
CSV_COLUMNS = ("what", "customer", "owner", "made_at", "due_at", "status", "kept_at", "tags",
               "direction", "plan_b")  # fmt: skip
CSV_REQUIRED = ("what", "customer", "due_at")
# Columns pk's own CSV export adds; an import ignores them quietly.
EXPORT_ONLY = (
    "id",
    "original_due_at",
    "baseline_due_at",
    "slips",
    "overdue",
    "outcome",
    "waiting",
    "waited_business_hours",
)
MAX_LISTED = 20


class ImportRejected(InputError):
    """A file that cannot be imported; ``details`` lists every problem, one per line."""

    def __init__(self, message: str, details: list[str]) -> None:
        if len(details) > MAX_LISTED:
            details = [*details[:MAX_LISTED], f"… and {len(details) - MAX_LISTED} more"]
        super().__init__(message)
        self.details = details


# --- import: reading files -----------------------------------------------------------------------


# The one set of limits for every JSON file pk reads from outside (a pk export, a Taskwarrior
# export in either of its layouts): how deep its values nest, how large a file read whole is,
# and how long one line of a file read line by line is.
MAX_JSON_DEPTH = 32
MAX_WHOLE_BYTES = 256 * 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024


def load_json(text: str, name: str, hint: str = "", line: int = 1) -> object:
    """``text`` (from ``line`` of the file ``name`` on) as JSON, within the limits above: not
    JSON, or nested deeper than ``MAX_JSON_DEPTH``, is one line naming the file (``hint`` says
    what would be right)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} is not valid JSON (line {exc.lineno + line - 1}: {exc.msg}).{hint}"
        ) from exc
    except RecursionError:
        data = None
        deep = True
    else:
        deep = _deeper_than(data, MAX_JSON_DEPTH)
    if deep:
        raise InputError(
            f"{name} is nested too deeply (more than {MAX_JSON_DEPTH} levels); no export is."
        )
    return data


def _deeper_than(data: object, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels (``data`` as ``json.loads``
    gives it), walked level by level without recursion."""
    containers = (dict, list)
    level: list[Any] = [data] if type(data) in containers else []
    depth = 1
    while level:
        if depth > limit:
            return True
        below: list[Any] = []
        for item in level:
            children = item.values() if type(item) is dict else item
            below += [child for child in children if type(child) in containers]
        level, depth = below, depth + 1
    return False


def read_text(path: Path) -> str:
    """A whole file as text (a JSON or todo.txt file read whole), with one clear error for
    anything unreadable or larger than ``MAX_WHOLE_BYTES``."""
    with _opened(path) as handle:
        try:
            raw: bytes = handle.read(MAX_WHOLE_BYTES + 1)
        except OSError as exc:  # e.g. a folder on some systems, a device error
            raise InputError(f"Cannot read {path}: {exc.strerror}.") from exc
    if len(raw) > MAX_WHOLE_BYTES:
        raise InputError(
            f"{path} is larger than {MAX_WHOLE_BYTES // 2**20} MB, more than pk reads whole; "
            "split it. Nothing was imported."
        )
    from promisekeeper.files import decode_text

    return decode_text(raw, str(path), "save it as UTF-8 and try again. Nothing was imported.")


@dataclass
class Plan:
    """Everything an import will write, checked."""

    customers: list[tuple[str, datetime]] = field(default_factory=list)  # only for JSON
    promises: list[dict[str, Any]] = field(default_factory=list)
    histories: list[list[dict[str, Any]]] = field(default_factory=list)
    restore: bool = False  # JSON: keep ids and histories exactly
    notes: list[str] = field(default_factory=list)


class CsvImport:
    """A CSV file read once as it streams, so that memory stays flat at any size: ``check``
    reads and checks every row, keeping in memory only the problems and the customers' names,
    and the checked rows in a private temporary file (0600, unlinked at once); ``rows`` gives
    them back from there, so what is written is exactly what was checked."""

    def __init__(self, path: Path, settings: Settings, name: str) -> None:
        self.path, self.settings, self.name = path, settings, name
        self.date_settings = settings.date_settings
        self.count = 0  # promises in the file
        self.size = 0  # bytes
        self.notes: list[str] = []
        # The customers, by ``rules.visible_fold`` in the order they first appear: the name as
        # written there, and the rows naming it (a compact array: for the problems only).
        self.customers: dict[str, tuple[str, array[int]]] = {}
        self._checked: IO[bytes] | None = None

    def check(self, progress: Progress | None = None) -> None:
        """Read and check every row; raise ``ImportRejected`` listing every problem."""
        import pickle
        import tempfile

        errors: list[str] = []
        checked = tempfile.TemporaryFile()  # noqa: SIM115 - kept open until rows() ends
        batch: list[dict[str, Any]] = []
        for line, values in self._records(progress):
            if isinstance(values, str):
                errors.append(f"row {line}: {values}")
                continue
            try:
                promise = _csv_promise(values, self.settings, self.date_settings)
            except InputError as exc:
                # One short line per row: the date examples are in the docs, not repeated.
                errors.append(f"row {line}: {str(exc).split(' Examples:')[0].rstrip('.')}")
                continue
            self.count += 1
            fold = rules.visible_fold(promise["customer"])
            if fold not in self.customers:
                self.customers[fold] = (promise["customer"], array("q"))
            self.customers[fold][1].append(line)
            if not errors:
                batch.append({**promise, "row": line})
                if len(batch) >= BATCH:
                    pickle.dump(batch, checked, protocol=pickle.HIGHEST_PROTOCOL)
                    batch = []
        if errors:
            checked.close()
            raise ImportRejected(
                f"{len(errors)} row{'s' if len(errors) > 1 else ''} of {self.name} cannot be "
                "imported; nothing was imported:",
                errors,
            )
        pickle.dump(batch, checked, protocol=pickle.HIGHEST_PROTOCOL)
        self._checked = checked

    def rows(self, progress: Progress | None = None) -> Iterator[dict[str, Any]]:
        """Every promise of the file as ``check`` found it, with its ``row``; once."""
        import pickle  # our own file, written by check() in this process

        checked, self._checked = self._checked, None
        if checked is None:
            raise ValueError("rows() needs a check() first, and gives the rows once")
        with checked:
            checked.seek(0)
            done = 0
            while True:
                try:
                    batch: list[dict[str, Any]] = pickle.load(checked)
                except EOFError:
                    break
                yield from batch
                done += len(batch)
                if progress is not None:
                    progress(self.size * done // max(self.count, 1))

    def _records(self, progress: Progress | None) -> Iterator[tuple[int, dict[str, str] | str]]:
        """(line, the row's values by column) for every row that is not blank, or (line, what
        is wrong with it). The header is checked here, and the notes about it kept."""
        from promisekeeper.domain.cells import unguard  # pk's CSV formula guard, undone exactly

        with _opened(self.path) as handle:
            self.size = os.fstat(handle.fileno()).st_size
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            nul_lines: list[int] = []
            lines = _counted(text, nul_lines)
            previous_limit = csv.field_size_limit(16 * 1024 * 1024)
            try:
                reader = _csv_reader(lines, self.name)
                header = next(reader, None)
                if header is None:
                    if nul_lines:
                        raise _nul_error(self.name, nul_lines)
                    raise InputError(f"{self.name} is empty; nothing was imported.")
                columns = self._columns(header[1])
                wanted = [(i, column) for i, column in enumerate(columns) if column in CSV_COLUMNS]
                for number, (line, cells) in enumerate(reader, 1):
                    if progress is not None and number % 1000 == 0:
                        progress(handle.tell())
                    if nul_lines:
                        continue  # only the NUL bytes are reported now
                    if not any(cell.strip() for cell in cells):
                        continue
                    if len(cells) != len(columns):
                        yield line, f"has {len(cells)} cells; the header has {len(columns)}"
                        continue
                    yield (
                        line,
                        {column: unguard(cells[index].strip()) for index, column in wanted},
                    )
            except UnicodeDecodeError as exc:
                raise _decode_error(self.path) from exc
            finally:
                csv.field_size_limit(previous_limit)
            if nul_lines:
                raise _nul_error(self.name, nul_lines)
            if progress is not None:
                progress(handle.tell())

    def _columns(self, header: list[str]) -> list[str]:
        columns = [h.strip().lower() for h in header]
        seen: dict[str, int] = {}
        problems = []
        for index, column in enumerate(columns, 1):
            if column in seen:
                problems.append(
                    f'column "{column}" appears twice (columns {seen[column]} and {index})'
                )
            seen[column] = index
        missing = [c for c in CSV_REQUIRED if c not in seen]
        if missing:
            problems.append(
                f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)} "
                f"(the columns are {', '.join(CSV_COLUMNS)})"
            )
        if problems:
            raise ImportRejected(
                f"The header of {self.name} is not usable; nothing was imported:", problems
            )
        unknown = [c for c in columns if c not in CSV_COLUMNS and c not in EXPORT_ONLY and c]
        self.notes = (
            [f"Ignored column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."]
            if unknown
            else []
        )
        return columns


Progress = Callable[[int], None]  # told how many bytes of the file have been read


def _counted(text: Iterable[str], nul_lines: list[int]) -> Iterator[str]:
    """The lines of ``text``, noting the number of each that holds a NUL byte (text never
    does); such a line goes on without them, so that every one of them is found."""
    for number, line in enumerate(text, 1):
        if "\x00" in line:
            nul_lines.append(number)
            line = line.replace("\x00", "")
        yield line


def _nul_error(name: str, lines: list[int]) -> ImportRejected:
    return ImportRejected(
        f"{name} holds NUL bytes, which text never does; nothing was imported:",
        [f"line {n}: contains a NUL byte" for n in lines],
    )


def _decode_error(path: Path) -> InputError:
    """Where a file stops being UTF-8: found again line by line (only when it does)."""
    with _opened(path) as handle:
        for number, raw in enumerate(handle, 1):
            try:
                _decoded(raw.removeprefix(_BOM) if number == 1 else raw, number, path)
            except InputError as exc:
                return exc
    return InputError(f"{path} is not UTF-8 text; save it as UTF-8. Nothing was imported.")


def _csv_reader(lines: Iterator[str], name: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines)
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


def _csv_promise(
    values: dict[str, str], settings: Settings, date_settings: DateSettings
) -> dict[str, Any]:
    for column, limit in MAX_LENGTH.items():
        if len(values.get(column, "")) > limit:
            raise InputError(f"{column} is longer than {limit} characters")
    what = rules.clean_text(values["what"], "what")
    customer = rules.clean_text(values["customer"], "customer")
    owner = values.get("owner") or settings.user
    status = (values.get("status") or "open").lower()
    if status not in REPORTED_STATUSES:
        raise InputError(f'status "{status}" is not one of {", ".join(REPORTED_STATUSES)}')
    tags = rules.clean_tags([t for t in re.split(r"[;,]", values.get("tags", "")) if t.strip()])
    direction = (values.get("direction") or "ours").strip().lower()  # docs/owed.md
    if direction not in ("ours", "owed"):
        raise InputError(f'direction "{direction}" is not ours or owed')
    plan_b = rules.clean_text(values["plan_b"], "plan_b") if values.get("plan_b") else None
    due_at = None  # a request (unanswered, declined) has none (docs/words.md)
    if is_dated(status):
        due_at = _when(values["due_at"], "due_at", settings.now, date_settings, "due")
    elif values.get("due_at"):
        raise InputError(f"due_at is given but a request that is {status} has no date")
    kept_at = None
    if values.get("kept_at"):
        if status != "kept":
            raise InputError(f"kept_at is given but the status is {status}")
        kept_at = _when(values["kept_at"], "kept_at", settings.now, date_settings, "at")
    elif status == "kept":
        raise InputError("status is kept but kept_at is empty")
    made_given = bool(values.get("made_at"))
    if made_given:
        made_at = _when(values["made_at"], "made_at", settings.now, date_settings, "made")
        if due_at is not None and due_at < made_at:
            raise InputError("due_at is before made_at")
        if kept_at is not None and kept_at < made_at:
            raise InputError("kept_at is before made_at")
    else:
        # Without the column, the promise was made no later than anything the row says
        # happened: now, its due date and its delivery (docs/formats.md).
        now = settings.now.replace(microsecond=0)
        made_at = min(now, due_at or now, kept_at or due_at or now)
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
        "direction": direction,
        "plan_b": plan_b,
    }


def _when(
    text: str, column: str, now: datetime, date_settings: DateSettings, mode: dates.Mode
) -> datetime:
    try:
        return dates.resolve(text, now, date_settings, mode).at.replace(microsecond=0)
    except InputError as exc:
        raise InputError(f"{column}: {exc}") from exc


def stored_details(
    kind: str, details: dict[str, Any], due_at: str | None, made_at: str | None
) -> dict[str, Any]:
    """What pk stores of an event's details as an export shows them: a ``created`` event's due
    and made dates are read back from its promise row (``due_at``, ``made_at`` as the export
    writes them), so they are stored only where they differ from it."""
    data = dict(details)
    if kind == "created":
        for key, stored in (("due_at", due_at), ("made_at", made_at)):
            if stored is not None and data.get(key) == stored:
                del data[key]
    return data


# --- import: JSON ------------------------------------------------------------------------------


class JsonChecker:
    """Checks the customers and promises of a pk JSON export one at a time, with
    ``domain.validate`` (the rules ``pk db check`` applies to a database), keeping every problem
    and only what later items need: customer names, and promise ids in a compact sorted array
    (8 bytes each) to find an id given twice."""

    def __init__(self) -> None:
        from array import array

        self.errors: list[str] = []
        self.names: dict[str, str] = {}  # folded name -> name
        self.standard_names: dict[str, str] = {}  # folded name -> name
        self.ids = array("q")
        self.standards = 0
        self.customers = 0
        self.promises = 0

    def standard(self, item: object) -> dict[str, Any] | None:
        """A service standard of an export (version 2): name, within, text, created_at,
        retired_at."""
        from promisekeeper.domain import validate
        from promisekeeper.domain.standards import parse_within

        self.standards += 1
        c = validate.Collector()
        fields = item if isinstance(item, dict) else {}
        if not isinstance(item, dict):
            c.problems.append(f"must be an object, not {type(item).__name__}")
        found = {
            "name": c.run(partial(validate.text, fields.get("name"), "name")),
            # a customer's own standard (export version 5), or everyone's
            "customer": c.run(partial(validate.optional_text, fields.get("customer"), "customer")),
            "within": c.run(lambda: parse_within(validate.text(fields.get("within"), "within"))),
            "text": c.run(partial(validate.text, fields.get("text"), "text")),
            "created_at": c.run(partial(validate.instant, fields.get("created_at"), "created_at")),
            "retired_at": c.run(
                partial(validate.optional_instant, fields.get("retired_at"), "retired_at")
            ),
        }
        from promisekeeper.domain.standards import standard_key

        name = found["name"]
        key = None if name is None else standard_key(name, found["customer"])
        if key is not None and key in self.standard_names:
            c.problems.append(f'name "{name}" appears twice')
        self.errors += [f"standard {self.standards}: {problem}" for problem in c.problems]
        if c.problems or key is None:
            return None
        self.standard_names[key] = name
        return found

    def orphans(self, owned: dict[str, list[dict[str, Any]]]) -> None:
        """The customers' own standards whose customer the file does not hold."""
        for standards in owned.values():
            for s in standards:
                self.errors.append(
                    f'standard "{s["name"]}": customer "{s["customer"]}" is not in customers'
                )

    def statement(self, item: object) -> dict[str, Any] | None:
        """A statement recorded as sent (export version 7; docs/review.md)."""
        from promisekeeper.domain import validate

        self.statements = getattr(self, "statements", 0) + 1
        c = validate.Collector()
        fields = item if isinstance(item, dict) else {}
        if not isinstance(item, dict):
            c.problems.append(f"must be an object, not {type(item).__name__}")
        found = {
            "customer": c.run(partial(validate.text, fields.get("customer"), "customer")),
            "at": c.run(partial(validate.instant, fields.get("at"), "at")),
            "by": c.run(partial(validate.text, fields.get("by"), "by")),
            "since": c.run(partial(validate.instant, fields.get("since"), "since")),
            "events": c.run(
                partial(validate.whole, fields.get("events"), "events", low=0, high=validate.MAX_ID)
            ),
            "head": c.run(partial(validate.sha256, fields.get("head"), "head")),
            "digest": c.run(partial(validate.sha256, fields.get("sha256"), "sha256")),
            "format": fields.get("format"),
            "signature": fields.get("signature"),
        }
        signature = found["signature"]
        if signature is not None and not (
            isinstance(signature, str)
            and re.fullmatch(
                r"-----BEGIN SSH SIGNATURE-----\n[A-Za-z0-9+/=\n]+-----END SSH SIGNATURE-----\n?",
                signature,
            )
        ):
            c.problems.append("signature must be an SSH signature (ssh-keygen -Y sign) or null")
        if found["format"] not in ("markdown", "html"):
            c.problems.append('format must be "markdown" or "html"')
        self.errors += [f"statement {self.statements}: {problem}" for problem in c.problems]
        return None if c.problems else found

    def chain(self, item: object) -> dict[str, Any] | None:
        """The chain's head and the merges chained into it (export version 7)."""
        from promisekeeper.domain import validate

        c = validate.Collector()
        fields = item if isinstance(item, dict) else {}
        events = c.run(
            partial(validate.whole, fields.get("events"), "events", low=0, high=validate.MAX_ID)
        )
        head = c.run(partial(validate.sha256, fields.get("head"), "head"))
        merges = []
        listed = fields.get("merges", [])
        for number, merge in enumerate(listed if isinstance(listed, list) else [None], 1):
            m = merge if isinstance(merge, dict) else {}
            name = f"merge {number}"
            merges.append((
                c.run(partial(validate.instant, m.get("at"), f"{name} at")),
                c.run(partial(validate.text, m.get("by"), f"{name} by")),
                c.run(partial(validate.whole, m.get("first"), f"{name} first", low=1,
                              high=validate.MAX_ID)),
                c.run(partial(validate.whole, m.get("last"), f"{name} last", low=1,
                              high=validate.MAX_ID)),
                c.run(partial(validate.text, m.get("source"), f"{name} source")),
                None if m.get("source_head") is None
                else c.run(partial(validate.sha256, m.get("source_head"), f"{name} source_head")),
            ))  # fmt: skip
        self.errors += [f"chain: {problem}" for problem in c.problems]
        return None if c.problems else {"events": events, "head": head, "merges": merges}

    def secret(self, item: object) -> tuple[str, str] | None:
        """A secret of the database (name, value in hex): the key of the feedback tokens."""
        fields = item if isinstance(item, dict) else {}
        name, value = fields.get("name"), fields.get("value")
        if (
            name != "feedback"
            or not isinstance(value, str)
            or not re.fullmatch(r"[0-9a-f]{32,128}", value)
        ):
            self.errors.append('a secret must be {"name": "feedback", "value": HEX}')
            return None
        return name, value

    def customer(
        self, item: object
    ) -> tuple[str, datetime, str | None, str | None, list[str], dict[str, Any]] | None:
        from promisekeeper.domain import validate

        self.customers += 1
        c = validate.Collector()
        fields = item if isinstance(item, dict) else {}
        if not isinstance(item, dict):
            c.problems.append(f"must be an object, not {type(item).__name__}")
        name = c.run(partial(validate.text, fields.get("name"), "name"))
        created = c.run(partial(validate.instant, fields.get("created_at"), "created_at"))
        zone = c.run(partial(validate.zone, fields.get("timezone"), "timezone"))
        calendar = c.run(partial(validate.calendar, fields.get("calendar"), "calendar"))
        emails = fields.get("emails", [])
        if not isinstance(emails, list) or not all(
            isinstance(e, str) and valid_email(e) for e in emails
        ):
            c.problems.append("emails must be a list of e-mail addresses")
            emails = []
        review = _customer_more(fields, c)
        if name is not None and rules.name_fold(name) in self.names:
            c.problems.append(f'name "{name}" appears twice')
        self.errors += [f"customer {self.customers}: {problem}" for problem in c.problems]
        if c.problems:
            return None
        self.names[rules.name_fold(name)] = name
        return name, created, zone, calendar, list(emails), review

    def promise(self, item: object) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        from bisect import bisect_left

        from promisekeeper.domain import validate

        self.promises += 1
        promise, history, problems = validate.check_promise(item)
        promise_id = promise.get("id")
        if promise_id is not None:
            at = len(self.ids) if not self.ids or promise_id > self.ids[-1] else None
            if at is None:
                at = bisect_left(self.ids, promise_id)
            if at < len(self.ids) and self.ids[at] == promise_id:
                problems.append(f"id {promise_id} appears twice")
            else:
                self.ids.insert(at, promise_id)
        customer = promise.get("customer")
        if customer is not None and rules.name_fold(customer) not in self.names:
            problems.append(f'customer "{customer}" is not in customers')
        from promisekeeper.domain.standards import standard_key

        standard, own = promise.get("standard"), promise.get("standard_customer")
        if own is not None and (standard is None or rules.name_fold(own) != rules.name_fold(
            customer or ""
        )):  # fmt: skip
            problems.append(f'standard_customer "{own}" is not its customer\'s own standard')
        elif standard is not None and standard_key(standard, own) not in self.standard_names:
            whose = f" of {own}'s own" if own else ""
            problems.append(f'standard "{standard}"{whose} is not in standards')
        self.errors += [f"promise {self.promises}: {problem}" for problem in problems]
        return None if problems else (promise, history)

    def refuse_if_wrong(self, name: str) -> None:
        if self.errors:
            count = len(self.errors)
            message = f"{name} has {count} problem(s); nothing was imported:"
            raise ImportRejected(message, self.errors)


def _customer_more(fields: dict[str, Any], c: Any) -> dict[str, Any]:
    """A customer's review rhythm, the reviews held and its expectations, as an export gives
    them, checked: ``{"every", "from", "held": [(at, by, note)], "expectations": [text]}``."""
    from promisekeeper.domain import validate
    from promisekeeper.domain.reviews import parse_rhythm
    from promisekeeper.errors import InputError as Refused

    found: dict[str, Any] = {}
    expects = fields.get("expectations", [])
    if not isinstance(expects, list) or not all(
        validate.valid_text(e) and e.strip() and "\n" not in e for e in expects
    ):
        c.problems.append("expectations must be a list of one-line texts")
    else:
        found["expectations"] = expects
    every = fields.get("review_every")
    if every is not None:
        try:
            found["every"] = parse_rhythm(str(every)).text
        except Refused:
            c.problems.append("review_every must be a rhythm such as every 3 months")
        found["from"] = c.run(partial(validate.instant, fields.get("review_from"), "review_from"))
    held = fields.get("reviews", [])
    if not isinstance(held, list) or not all(isinstance(r, dict) for r in held):
        c.problems.append("reviews must be a list of objects")
        return found
    found["held"] = [
        (
            c.run(partial(validate.instant, r.get("at"), "reviews at")),
            c.run(partial(validate.text, r.get("by"), "reviews by")),
            r.get("note") if isinstance(r.get("note"), str) else None,
        )
        for r in held
    ]
    return found


def valid_email(value: str) -> bool:
    from promisekeeper.domain.feedback import check_email
    from promisekeeper.errors import InputError as Refused

    try:
        return check_email(value) == value
    except Refused:
        return False


def _whole_items(text: str, name: str) -> Iterator[tuple[str, object]]:
    data = load_json(text, name)
    if not isinstance(data, dict) or data.get("promisekeeper_export") not in VERSIONS:
        raise InputError(
            f"{name} is not a pk export (version {EXPORT_VERSION}); "
            "`pk export --format json` writes one."
        )
    sections = [
        (key, data.get(key, []))
        for key in ("standards", "customers", "secrets", "promises", "statements", "chain")
    ]
    wrong = [
        f"{key} must be a list, not {type(value).__name__}"
        for key, value in sections
        if not isinstance(value, list)
    ]
    if wrong:
        raise ImportRejected(f"{name} has {len(wrong)} problem(s); nothing was imported:", wrong)
    for key, value in sections:
        yield from ((_SECTION[key], item) for item in value)


_SECTION = {"standards": "standard", "customers": "customer", "secrets": "secret",
            "promises": "promise", "statements": "statement", "chain": "chain"}  # fmt: skip


# pk's own export writes one item per line between these lines (version 1 had no standards).
VERSIONS = (1, 2, 3, 4, 5, 6, EXPORT_VERSION)
_HEADERS = {b'{"promisekeeper_export": %d,' % version: version for version in VERSIONS}
_MARKERS = {
    ' "standards": [': "standard",
    ' "customers": [': "customer",
    ' "secrets": [': "secret",
    " ],": None,
    ' "promises": [': "promise",
    ' "statements": [': "statement",
    ' "chain": [': "chain",
    " ]": None,
}
_LAYOUT = [' "customers": [', " ],", ' "promises": [', " ]", "}"]
_SECRETS = [' "secrets": [', " ],"]  # from version 4, between customers and promises
# from version 7, after the promises: the statements recorded as sent, the chain's head
_CHAIN = [" ],", ' "statements": [', " ],", ' "chain": [', " ]"]
_BOM = b"\xef\xbb\xbf"


def export_items(
    path: Path, name: str, progress: Progress | None = None
) -> Iterator[tuple[str, object]]:
    """The customers, then the promises, of a pk JSON export file, one at a time. A file in the
    layout ``pk export`` writes (one item per line) is read line by line, so memory stays flat at
    any size; any other valid JSON is read whole."""
    if not _one_item_per_line(path):
        yield from _whole_items(read_text(path), name)
        return
    section: str | None = None
    with _opened(path) as handle:
        for number, raw in _bounded_lines(handle):
            if raw is None:
                raise InputError(
                    f"{name} line {number} is longer than {MAX_LINE_BYTES // 2**20} MB; "
                    "no line of an export is."
                )
            line = _decoded(raw, number, path).rstrip("\r\n")
            if number == 1 or line == "}":
                continue
            if line in _MARKERS:
                section = _MARKERS[line]
                continue
            item = load_json(line.removesuffix(","), name, line=number)
            assert section is not None
            if progress is not None and number % 1000 == 0:
                progress(handle.tell())
            yield section, item
        if progress is not None:
            progress(handle.tell())


def kind_of(path: Path) -> str:
    """ "json" when the file starts (after a BOM and blanks) with "{", "taskwarrior" with "["
    (``task export``) or with a line that is a task (one object per line, with a ``uuid``),
    "todotxt" for a ``.txt`` file, else "csv"."""
    with _opened(path) as handle:
        start = handle.read(4096).removeprefix(_BOM).lstrip()
        handle.seek(0)
        first = handle.readline(MAX_LINE_BYTES)
    if start.startswith(b"["):
        return "taskwarrior"
    if start.startswith(b"{") and b'"uuid"' in first and b'"promisekeeper_export"' not in first:
        return "taskwarrior"
    if path.suffix.lower() == ".txt":
        return "todotxt"
    return "json" if start.startswith(b"{") else "csv"


def _opened(path: Path) -> Any:
    try:
        return open(path, "rb")
    except FileNotFoundError as exc:
        raise InputError(f"No file {path}.") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory; give a file.") from exc
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}.") from exc


def _bounded_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) of a file read line by line, never holding more than ``MAX_LINE_BYTES``
    of one line: a longer line is ``None``, and the reading stops there."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            yield number, None
            return
        yield number, raw


def _decoded(raw: bytes, number: int, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {number}); "
            "save it as UTF-8 and try again. Nothing was imported."
        ) from exc


def _one_item_per_line(path: Path) -> bool:
    """Whether the file has exactly the layout ``pk export`` writes (checked before anything is
    imported, so that a file in another layout is read whole from the start)."""
    with _opened(path) as handle:
        first = handle.readline(MAX_LINE_BYTES).removeprefix(_BOM).rstrip(b"\r\n")
        if first not in _HEADERS:
            return False
        version = _HEADERS[first]
        expected = ([' "standards": [', " ],"] if version >= 2 else []) + _LAYOUT
        if version >= 4:
            expected[-3:-3] = _SECRETS
        if version >= 7:
            expected[-2:-1] = _CHAIN
        seen: list[str] = []
        for _number, raw in _bounded_lines(handle):
            if raw is None:  # a line longer than any export writes: read whole, or refused
                return False
            line = raw.rstrip(b"\r\n")
            if (
                line.startswith(b"  {")
                and line.endswith((b"}", b"},"))
                and seen[-1:]
                in (
                    [' "standards": ['],
                    [' "customers": ['],
                    [' "secrets": ['],
                    [' "promises": ['],
                    [' "statements": ['],
                    [' "chain": ['],
                )
            ):
                continue
            text = line.decode("utf-8", errors="replace")
            if len(seen) >= len(expected) or text != expected[len(seen)]:
                return False
            seen.append(text)
        return seen == expected

"""Moving in from other tools (docs/formats.md, "Import from Taskwarrior and todo.txt"): their
tasks read as promises the way a CSV row is, plus their notes, with a line for every task that is
not a promise and why. What cannot be a promise (no due date, no customer, deleted) is skipped
and reported, never guessed; a file pk cannot read at all is one error."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.errors import InputError

FORMATS = ("taskwarrior", "todotxt")
# Every format pk import reads: its own export, its CSV, and the other tools'.
READ_FORMATS = ("json", "csv", *FORMATS)


class CustomerRule:
    """Where a task's customer comes from: ``project`` (Taskwarrior's project, todo.txt's first
    +project), ``context`` (todo.txt's first @context) or ``tag:PREFIX`` (the tag that starts
    with PREFIX, the prefix dropped: ``tag:c-`` reads ``c-Acme`` as Acme)."""

    def __init__(self, text: str | None) -> None:
        text = (text or "project").strip()
        self.kind, _, self.prefix = text.partition(":")
        if self.kind not in ("project", "context", "tag") or (self.kind == "tag") != bool(
            self.prefix
        ):
            raise InputError(f'--customer-from takes project, context or tag:PREFIX, not "{text}".')

    def pick(self, project: str | None, tags: list[str], contexts: list[str]) -> str | None:
        if self.kind == "project":
            return project
        if self.kind == "context":
            return contexts[0] if contexts else None
        for tag in tags:
            if tag.startswith(self.prefix) and len(tag) > len(self.prefix):
                return tag[len(self.prefix) :]
        return None


def _task_time(value: object, key: str) -> datetime:
    """Taskwarrior's times: ``20261127T170000Z`` (UTC)."""
    if not isinstance(value, str):
        raise InputError(f"{key} is not a Taskwarrior time")
    from promisekeeper.timerange import check_range

    try:
        moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError as exc:
        raise InputError(f'{key} "{value}" is not a Taskwarrior time') from exc
    return check_range(moment, f'{key} "{value}"')


def _uuid(value: object) -> str | None:
    """A task's identity as pk keeps it (``taskwarrior:UUID``), or None without a uuid."""
    if not isinstance(value, str) or not value.strip():
        return None
    if len(value) > 100:
        raise InputError("its uuid is longer than 100 characters")
    return "taskwarrior:" + rules.clean_text(value, "its uuid").lower()


class ForeignImport:
    """A Taskwarrior export or a todo.txt file, read as promises: the same interface as
    ``imports.CsvImport`` (``check``, ``rows``, ``customers``, ``count``, ``notes``), and
    ``skipped``, the tasks that are no promise with why."""

    def __init__(
        self, path: Path, kind: str, settings: Settings, customer_from: str | None
    ) -> None:
        self.path, self.kind, self.settings = path, kind, settings
        self.rule = CustomerRule(customer_from)
        self.count = 0
        self.notes: list[str] = []
        self.skipped: list[str] = []
        self.customers: dict[str, tuple[str, array[int]]] = {}
        self._rows: list[dict[str, Any]] = []

    def check(self, progress: Any = None) -> None:
        from promisekeeper.domain.imports import read_text

        text = read_text(self.path)
        found = self._taskwarrior(text) if self.kind == "taskwarrior" else self._todotxt(text)
        rows = []
        by_source: dict[str, list[int]] = {}
        for number, row in found:
            row["row"] = number
            rows.append(row)
            if row.get("source"):
                by_source.setdefault(row["source"], []).append(number)
        shared = {source: numbers for source, numbers in by_source.items() if len(numbers) > 1}
        for source, numbers in shared.items():  # one identity, several tasks: one problem
            listed = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
            self.skipped.append(
                f"tasks {listed} have the same uuid {source.partition(':')[2]}; none of them "
                "was imported"
            )
        for row in rows:
            if row.get("source") in shared:
                continue
            self.count += 1
            fold = rules.visible_fold(row["customer"])
            self.customers.setdefault(fold, (row["customer"], array("q")))[1].append(row["row"])
            self._rows.append(row)

    def rows(self, progress: Any = None) -> Iterator[dict[str, Any]]:
        yield from self._rows

    def _row(
        self,
        what: str,
        customer: str,
        due: datetime,
        made: datetime | None,
        kept: datetime | None,
        tags: list[str],
        notes: list[tuple[datetime, str]],
    ) -> dict[str, Any]:
        now = self.settings.now.replace(microsecond=0)
        made_at = min(made, now) if made is not None else min(now, due, kept or due)
        if made_at > due:  # entered after the date it was due: made then, not before
            made_at = due
        if kept is not None and kept < made_at:
            kept = made_at
        return {
            "what": what,
            "customer": customer,
            "owner": self.settings.user,
            "status": "kept" if kept is not None else "open",
            "tags": rules.clean_tags(tags),
            "made_at": made_at,
            "made_given": made is not None,
            "due_at": due,
            "kept_at": kept,
            "notes": notes,
        }

    # --- Taskwarrior ------------------------------------------------------------------------

    def _tasks(self, text: str) -> list[object]:
        """The tasks of a Taskwarrior export: a JSON array (``task export``), or one object per
        line (``rc.json.array=off``, which ``task import`` reads too)."""
        from promisekeeper.domain.imports import load_json

        name = self.path.name
        hint = " It is not a Taskwarrior export: `task export > tasks.json` writes one."
        if text.lstrip().startswith("["):
            data = load_json(text, name, hint)
            if not isinstance(data, list):
                raise InputError(f"{name} is not a Taskwarrior export (a JSON array).")
            return data
        return [
            load_json(line, name, hint, line=number)
            for number, line in enumerate(text.splitlines(), 1)
            if line.strip()
        ]

    def _taskwarrior(self, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, task in enumerate(self._tasks(text), 1):
            if not isinstance(task, dict):
                self.skipped.append(f"task {number}: not a task object")
                continue
            known = task.get("id") or str(task.get("uuid") or number)[:8]
            name = f'task {known} "{str(task.get("description") or "?").strip()[:40]}"'
            status = task.get("status")
            if status in ("deleted", "recurring"):
                self.skipped.append(f"{name}: {status} in Taskwarrior")
                continue
            try:
                what = rules.clean_text(str(task.get("description") or ""), "description")
                tags = [t for t in task.get("tags") or [] if isinstance(t, str)]
                customer = self.rule.pick(task.get("project"), tags, [])
                if not customer:
                    raise InputError(f"no customer ({self._missing()})")
                if "due" not in task:
                    raise InputError("no due date")
                due = _task_time(task["due"], "due")
                made = _task_time(task["entry"], "entry") if "entry" in task else None
                kept = _task_time(task["end"], "end") if status == "completed" else None
                if status == "completed" and "end" not in task:
                    kept = due
                notes = [
                    (
                        _task_time(a.get("entry"), "annotation entry"),
                        rules.clean_text(str(a["description"]), "an annotation"),
                    )
                    for a in task.get("annotations") or []
                    if isinstance(a, dict) and str(a.get("description") or "").strip()
                ]
                source = _uuid(task.get("uuid"))
            except InputError as exc:
                self.skipped.append(f"{name}: {exc}")
                continue
            used = f"{self.rule.prefix}{customer}" if self.rule.kind == "tag" else None
            kept_tags = [t for t in tags if t != used]
            row = self._row(
                what, rules.clean_text(customer, "the customer"), due, made, kept, kept_tags, notes
            )
            if source:
                row["source"] = source
            yield number, row

    def _missing(self) -> str:
        if self.rule.kind == "tag":
            return f'no tag starting with "{self.rule.prefix}"'
        return f"no {self.rule.kind}; --customer-from chooses where it comes from"

    # --- todo.txt -----------------------------------------------------------------------------

    def _todotxt(self, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
        from promisekeeper import dates

        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            name = f'line {number} "{line[:40]}"'
            done = False
            finished = created = None
            m = re.match(r"x (\d{4}-\d{2}-\d{2})(?: (\d{4}-\d{2}-\d{2}))? ", line + " ")
            if line.startswith("x "):
                done = True
                if m:
                    finished, created = m.group(1), m.group(2)
                    line = line[m.end() :].strip()
                else:
                    line = line[2:].strip()
            else:
                line = re.sub(r"^\([A-Z]\) ", "", line)
                c = re.match(r"(\d{4}-\d{2}-\d{2}) ", line)
                if c:
                    created, line = c.group(1), line[c.end() :]
            words = line.split()
            projects = [w[1:] for w in words if w.startswith("+") and len(w) > 1]
            contexts = [w[1:] for w in words if w.startswith("@") and len(w) > 1]
            values = dict(w.split(":", 1) for w in words if re.fullmatch(r"[A-Za-z]+:[^\s:]+", w))
            plain = [
                w
                for w in words
                if not (w.startswith(("+", "@")) and len(w) > 1)
                and not re.fullmatch(r"[A-Za-z]+:[^\s:]+", w)
            ]
            try:
                what = rules.clean_text(" ".join(plain), "the text")
                customer = self.rule.pick(projects[0] if projects else None, [], contexts)
                if not customer:
                    raise InputError(f"no customer ({self._missing()})")
                if "due" not in values:
                    raise InputError("no due:YYYY-MM-DD")
                dated = self.settings.date_settings
                due = dates.resolve(values["due"], self.settings.now, dated).at
                made = (
                    dates.resolve(created, self.settings.now, dated, "made").at if created else None
                )
                kept = None
                if done:
                    kept = (
                        dates.resolve(finished, self.settings.now, dated, "at").at
                        if finished
                        else due
                    )
            except InputError as exc:
                self.skipped.append(f"{name}: {str(exc).split(' Examples:')[0].rstrip('.')}")
                continue
            tags = contexts if self.rule.kind != "context" else contexts[1:]
            yield number, self._row(what, customer.replace("_", " "), due, made, kept, tags, [])

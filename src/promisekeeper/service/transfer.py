"""Data in and out: ``pk export`` and ``pk import``.

Export streams the database (``store.export``) through the writer the CLI gives, to stdout or
to a file written atomically (``files.write_atomic``). Import checks the file with
``domain.imports`` (a CSV whole before anything is written, a pk JSON export item by item as it
streams in) and writes it in one transaction through the store's ``Changes``: all or nothing,
every problem listed.
"""

from __future__ import annotations

import dataclasses
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promisekeeper import dates
from promisekeeper.config import Settings
from promisekeeper.domain import rules
from promisekeeper.domain.fields import COLUMNS
from promisekeeper.domain.foreign import FORMATS as FOREIGN
from promisekeeper.domain.foreign import ForeignImport
from promisekeeper.domain.imports import (
    BATCH,
    CsvImport,
    ImportRejected,
    JsonChecker,
    Plan,
    Progress,
    export_items,
    kind_of,
)
from promisekeeper.domain.standards import standard_key
from promisekeeper.domain.states import is_active
from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.store.changes import Changes


def export(
    settings: Settings,
    fmt: str,
    target: str | None,
    progress: Callable[[int], Progress] | None = None,
    *,
    write: Callable[..., int],
    stdout: Callable[[str], None],
) -> tuple[int, Path | None]:
    """Write every promise to ``target`` (stdout when None). JSON is lossless and terminal-safe
    everywhere (unsafe characters as ``\\uXXXX`` escapes); CSV keeps every cell's exact text,
    except on a terminal, where the cells are shown with visible escapes. ``progress(total)``,
    given the number of promises, returns what to tell how many are written; ``write``
    (``render.export.write_export``) writes the rows as they are read, ``stdout`` the text when
    there is no target."""
    from functools import partial

    from promisekeeper.domain.results.exports import ExportSource
    from promisekeeper.files import check_target, write_atomic
    from promisekeeper.service import protected_files, reading
    from promisekeeper.store import export as rows

    if fmt not in ("json", "csv"):
        raise InputError(f'--format for export takes json or csv, not "{fmt}".')
    chosen = None
    if target is not None:
        chosen = check_target(
            target, "the export", protected=protected_files(settings), streams=True
        )
    with reading(settings) as reader:
        source = ExportSource(
            partial(rows.standards, reader),
            partial(rows.customers, reader),
            partial(rows.secrets, reader),
            partial(rows.promises, reader),
            partial(rows.live_records, reader),
            partial(rows.statements, reader),
            partial(rows.chain, reader),
        )
        told = None
        if progress is not None:
            from promisekeeper.store import queries

            # What the export writes: every promise in JSON, the live ones in CSV.
            told = progress(queries.promise_count(reader, live_only=fmt == "csv"))
        if chosen is None:
            buffer = io.StringIO()
            terminal = sys.stdout.isatty()
            count = write(source, buffer, fmt, settings.now, terminal=terminal, progress=told)
            stdout(buffer.getvalue())
            return count, None
        count = write_atomic(
            chosen,
            lambda handle: write(source, handle, fmt, settings.now, terminal=False, progress=told),
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
    skipped: list[str] = field(default_factory=list)  # tasks of another tool that are no promise
    # tasks imported before (the same identity) that changed in the other tool since: what to
    # change in pk, never rewritten by an import
    changed: list[str] = field(default_factory=list)


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
    progress: Callable[[int], Progress] | None = None,
    customer_from: str | None = None,
    merge: bool = False,
    mapping: list[str] | None = None,
) -> Imported:
    """Import a file all or nothing. ``dry_run`` does everything in the transaction, then rolls
    it back, so that its counts and refusals are exactly those of the real import.
    ``progress(total)``, given the file's size in bytes, returns what to tell how far it is."""
    from itertools import chain

    from promisekeeper.service import actor_of, store_for

    path = Path(file).expanduser()
    kind = fmt or kind_of(path)
    if kind not in ("json", "csv", *FOREIGN):
        raise InputError(
            f'--format for import takes json, csv, taskwarrior or todotxt, not "{kind}".'
        )
    if customer_from is not None and kind not in FOREIGN:
        raise InputError("--customer-from is for taskwarrior and todotxt imports.")
    if (merge or mapping) and kind != "json":
        raise InputError("--merge and --map are for a pk JSON export.")
    mapped = customer_map(mapping or [])
    source: CsvImport | ForeignImport
    if kind in FOREIGN:
        source = ForeignImport(path, kind, settings, customer_from)
        source.check()
        told = None
    elif kind == "json":
        # Streamed: a pk export is read, checked and written one item at a time (memory stays
        # flat at any size); its first item is read before the database is opened, so a file
        # that is no pk export opens nothing.
        size = path.stat().st_size if path.is_file() else 0
        told = progress(size) if progress is not None else None
        items = export_items(path, path.name, told)
        first = next(items, None)
        stream = chain([first] if first is not None else [], items)
    else:
        # Read twice as it streams: checked whole before the database is opened, then written.
        source = CsvImport(path, settings, path.name)
        size = path.stat().st_size if path.is_file() else 0
        told = progress(2 * size) if progress is not None else None
        source.check(told)
    store = store_for(settings)
    try:
        from promisekeeper.store import writer

        with writer(store) as changes:  # no on-change hook for an import: see docs/hooks.md
            changes.actor = actor_of(settings)
            if kind == "json" and merge:
                result = _merge_stream(changes, stream, path.name, settings, mapped)
            elif kind == "json":
                result = _restore_stream(changes, stream, path.name, settings.tz)
            elif kind in FOREIGN:
                result = _write_csv(changes, source, settings, new_customers, None)
                skipped = source.skipped if isinstance(source, ForeignImport) else []
                result = dataclasses.replace(result, skipped=list(skipped))
            else:
                done = (lambda at: told(size + at)) if told is not None else None
                result = _write_csv(changes, source, settings, new_customers, done)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        result = rolled_back.result
    return dataclasses.replace(result, dry_run=dry_run)


def _restore_stream(
    changes: Changes, items: Iterator[tuple[str, object]], name: str, zone: tzinfo
) -> Imported:
    """A pk JSON export into an empty database, exactly (same ids, fields and histories), in
    batches. Every item is checked; once one is wrong nothing more is written, the rest is still
    checked so that every problem is listed, and the transaction is rolled back."""
    if changes.row_count():
        raise InputError(
            "A JSON export is restored as it is into an empty database only; this one has data. "
            "--merge adds its promises with new ids, every event kept."
        )
    checker = JsonChecker()
    customer_ids: dict[str, int] = {}
    standard_ids: dict[str, int] = {}
    owned: dict[str, list[dict[str, Any]]] = {}  # customers' own standards, by folded customer
    batch = Plan(restore=True)
    sent: list[dict[str, Any]] = []  # the statements recorded as sent
    declared: dict[str, Any] | None = None  # the chain's head as the file gives it
    places = changes.keeps_places()
    for kind, item in items:
        if kind == "standard":
            standard = checker.standard(item)
            if standard is not None and not checker.errors:
                if standard["customer"] is not None:  # made once its customer is
                    owned.setdefault(rules.name_fold(standard["customer"]), []).append(standard)
                    continue
                fold = rules.name_fold(standard["name"])
                standard_ids[fold] = _restore_standard(changes, standard, fold)
            continue
        if kind == "customer":
            customer = checker.customer(item)
            if customer is not None and not checker.errors:
                customer_name, created, their_zone, calendar, emails, review = customer
                fold = rules.name_fold(customer_name)
                customer_ids[fold] = changes.add_customer(customer_name, fold, created)[0]
                if their_zone is not None or calendar is not None:
                    changes.set_customer_calendar(customer_ids[fold], their_zone, calendar)
                if emails:
                    changes.set_customer_list("emails", customer_ids[fold], emails)
                _restore_more(changes, customer_ids[fold], review)
                for standard in owned.pop(fold, []):
                    key = standard_key(standard["name"], customer_name)
                    standard_ids[key] = _restore_standard(
                        changes, standard, rules.name_fold(standard["name"]), customer_ids[fold]
                    )
            continue
        if kind == "secret":  # the key of the feedback tokens: replies still recognised
            secret = checker.secret(item)
            if secret is not None and not checker.errors:
                changes.set_secret(*secret)
            continue
        if kind == "statement":  # recorded as sent (export version 7)
            statement = checker.statement(item)
            if statement is not None:
                sent.append(statement)
            continue
        if kind == "chain":
            declared = checker.chain(item)
            continue
        promise = checker.promise(item)
        if promise is not None and not checker.errors:
            batch.promises.append(promise[0])
            batch.histories.append(promise[1])
            if len(batch.promises) >= RESTORE_BATCH:
                _restore(changes, batch, customer_ids, standard_ids, places=places)
                batch = Plan(restore=True)
    checker.orphans(owned)
    for statement in sent:
        if rules.name_fold(statement["customer"]) not in customer_ids:
            checker.errors.append(
                f'statement to "{statement["customer"]}": the customer is not in customers'
            )
    checker.refuse_if_wrong(name)
    _restore(changes, batch, customer_ids, standard_ids, places=places)
    notes = _restore_chain(changes, name, sent, declared, customer_ids, places, zone)
    return Imported(checker.promises, checker.customers, notes)


def _restore_chain(
    changes: Changes,
    name: str,
    sent: list[dict[str, Any]],
    declared: dict[str, Any] | None,
    customer_ids: dict[str, int],
    places: bool,
    zone: tzinfo,
) -> list[str]:
    """After a restore: the chain's head where the file's events put it, the statements and
    merges of the file, and the whole history checked against its chain before anything is
    committed (docs/formats.md, "The chain"): a file whose history was changed is refused,
    naming where."""
    from promisekeeper.domain.chain import findings
    from promisekeeper.service.chain import check

    if not places:  # a member's restore: the events were chained anew, in the file's order
        return (
            [f"{len(sent)} statement(s) of the file were left out: they commit to its chain, "
             "which only the database's owner can restore as it was."]
            if sent else []
        )  # fmt: skip
    changes.chain_settle()
    for statement in sent:
        changes.add_statement(
            {**statement, "customer_id": customer_ids[rules.name_fold(statement["customer"])]}
        )
    if declared is not None:
        for at, by, first, last, source, head in declared["merges"]:
            changes.add_chain_join(at, by, first, last, source, head)
    found = check(changes.db, zone)
    problems = findings(found, zone)
    if declared is not None and (found.events, found.head) != (
        declared["events"],
        declared["head"],
    ):
        problems.append(
            f"the file's chain ends at event {declared['events']} with head "
            f"{declared['head'][:16]}…, its events at event {found.events} with head "
            f"{found.head[:16]}…: events were removed or changed"
        )
    if problems:
        raise ImportRejected(
            f"{name}'s history does not match its chain; nothing was imported:", problems
        )
    return []


RESTORE_BATCH = 2000


# --- import: merging a JSON export into a database with data (docs/team.md, "Moving in") ----


def _restore_more(changes: Changes, customer_id: int, review: dict[str, Any]) -> None:
    """A customer's review rhythm, the reviews held and its expectations, from an export."""
    if review.get("expectations"):
        changes.set_customer_list("expectations", customer_id, review["expectations"])
    if review.get("every"):
        changes.set_customer_review(customer_id, review["every"], review.get("from"))
    for at, by, note in review.get("held", []):
        changes.add_review(customer_id, at, by, note)


def customer_map(pairs: list[str]) -> dict[str, str]:
    """``--map "FILE NAME=NAME HERE"`` options as {folded name in the file: name here}."""
    found: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InputError(f'--map takes "NAME IN THE FILE=NAME HERE", not "{pair}".')
        found[rules.name_fold(source.strip())] = rules.clean_text(target.strip(), "--map")
    return found


def _merge_stream(
    changes: Changes,
    items: Iterator[tuple[str, object]],
    name: str,
    settings: Settings,
    mapping: dict[str, str],
) -> Imported:
    """A pk JSON export added to a database that may hold data: every promise with a new id
    and its whole history (authors, times, slips, notes, undos); customers joined by name, a
    near name only as ``--map`` says; a promise already merged (same customer, text, owner,
    made and recorded times) is skipped, so merging again adds nothing."""
    from promisekeeper.service.team import owner_named

    # the chain's head before anything else: the file's events are chained as they are added,
    # in one run of places this merge records (docs/formats.md, "The chain")
    changes.hold_chain()
    checker = JsonChecker()
    here = changes.customer_names()
    customer_ids: dict[str, int] = {}
    standard_ids: dict[str, int] = {}
    owned: dict[str, list[dict[str, Any]]] = {}  # customers' own standards, by folded customer
    seen: set[str] = set()  # the customers of the file (joined or not)
    problems: list[str] = []
    new_customers = 0
    left_out = 0  # statements of the file (they commit to its chain)
    declared: dict[str, Any] | None = None
    plan = Plan(restore=True)
    for kind, item in items:
        if kind == "standard":
            standard = checker.standard(item)
            if standard is not None and not checker.errors:
                if standard["customer"] is not None:  # joined once its customer is
                    owned.setdefault(rules.name_fold(standard["customer"]), []).append(standard)
                    continue
                fold = rules.name_fold(standard["name"])
                found = changes.standard_by_fold(fold)
                standard_ids[fold] = (
                    found[0] if found else _restore_standard(changes, standard, fold)
                )
            continue
        if kind == "customer":
            customer = checker.customer(item)
            if customer is None or checker.errors:
                continue
            customer_name, _created, zone, calendar, emails, review = customer
            seen.add(rules.name_fold(customer_name))
            joined = _join_customer(changes, customer_name, here, mapping, problems, settings)
            if joined is None:
                continue
            customer_ids[rules.name_fold(customer_name)], new = joined
            for standard in owned.pop(rules.name_fold(customer_name), []):
                fold, joined_id = rules.name_fold(standard["name"]), joined[0]
                found = changes.standard_by_fold(fold, joined_id)
                standard_ids[standard_key(standard["name"], customer_name)] = (
                    found[0] if found else _restore_standard(changes, standard, fold, joined_id)
                )
            if new:
                new_customers += 1
                if zone is not None or calendar is not None:
                    changes.set_customer_calendar(
                        customer_ids[rules.name_fold(customer_name)], zone, calendar
                    )
                if emails:
                    changes.set_customer_list(
                        "emails", customer_ids[rules.name_fold(customer_name)], emails
                    )
                _restore_more(changes, customer_ids[rules.name_fold(customer_name)], review)
            continue
        if kind == "secret":  # this database keeps its own key: the file's is not merged
            checker.secret(item)
            continue
        if kind == "statement":  # they commit to the file's chain, not this one's
            if checker.statement(item) is not None:
                left_out += 1
            continue
        if kind == "chain":
            declared = checker.chain(item)
            continue
        promise = checker.promise(item)
        if promise is not None and not checker.errors:
            plan.promises.append(promise[0])
            plan.histories.append(promise[1])
    checker.orphans({fold: found for fold, found in owned.items() if fold not in seen})
    checker.refuse_if_wrong(name)
    if problems:
        raise ImportRejected(f"{name} was not merged; nothing was written.", problems)
    owners: dict[str, str] = {}
    for p in plan.promises:
        if p["owner"] not in owners:
            owners[p["owner"]] = owner_named(changes, settings, p["owner"])
        p["owner"] = owners[p["owner"]]
    there = changes.promise_keys(customer_ids.values())
    keep = [i for i, p in enumerate(plan.promises) if _merge_key(p, customer_ids) not in there]
    fresh = Plan(
        promises=[plan.promises[i] for i in keep],
        histories=[plan.histories[i] for i in keep],
        restore=True,
    )
    importer = (changes.actor.name, settings.now.replace(microsecond=0))
    _check_authors(changes, fresh, importer[1])
    renumbered: dict[int, int] = {}
    for p, new_id in zip(fresh.promises, changes.new_promise_ids(len(fresh.promises)), strict=True):
        renumbered[p["id"]] = new_id
        p["id"] = new_id
    for p in fresh.promises:  # links between the merged promises follow their new numbers
        for link in ("blocks", "series"):
            if p.get(link) is not None:
                p[link] = renumbered.get(p[link])
    before = changes.chain_now()
    for start in range(0, len(fresh.promises), RESTORE_BATCH):
        part = Plan(  # ids from the sequence: nothing to continue after
            promises=fresh.promises[start : start + RESTORE_BATCH],
            histories=fresh.histories[start : start + RESTORE_BATCH],
        )
        _restore(changes, part, customer_ids, standard_ids, importer)
    already = len(plan.promises) - len(fresh.promises)
    notes = [f"{already} already merged before, skipped."] if already else []
    after = changes.chain_now()
    if after > before:  # its events chained after this database's (docs/formats.md)
        head = None if declared is None else declared["head"]
        changes.add_chain_join(importer[1], importer[0], before + 1, after, name, head)
        notes.append(f"Its {after - before} events were chained after this database's, "
                     f"as events {before + 1}–{after}.")  # fmt: skip
    if left_out:
        notes.append(f"{left_out} statement(s) recorded in the file were left out: they "
                     "commit to its history, not this one's.")  # fmt: skip
    return Imported(len(fresh.promises), new_customers, notes)


def _join_customer(
    changes: Changes,
    name: str,
    here: list[str],
    mapping: dict[str, str],
    problems: list[str],
    settings: Settings,
) -> tuple[int, bool] | None:
    """(id here, whether new) of the file's customer ``name``; None with a problem listed when
    it is near a customer here and ``--map`` does not say which it is."""
    target = mapping.get(rules.name_fold(name))
    if target is None:
        same = changes.customer_by_fold(rules.name_fold(name))
        if same is None and (alike := rules.same_name(name, here)) is not None:
            same = changes.customer_by_fold(rules.name_fold(alike))
        if same is not None:
            return same[0], False
        near = rules.near_names(name, here)
        if near:
            problems.append(
                f'customer "{name}" looks like "{near[0]}" here: --map "{name}={near[0]}" '
                f'joins them, --map "{name}={name}" keeps it apart'
            )
            return None
        target = name
    found = changes.customer_by_fold(rules.name_fold(target))
    if found is not None:
        return found[0], False
    customer_id, _name, created = changes.add_customer(
        target, rules.name_fold(target), settings.now.replace(microsecond=0)
    )
    return customer_id, created


def _merge_key(p: dict[str, Any], customer_ids: dict[str, int]) -> tuple[int, str, str, int, int]:
    from promisekeeper.store.engines import seconds

    return (
        customer_ids[rules.name_fold(p["customer"])],
        p["what"],
        p["owner"],
        seconds(p["made_at"]),
        seconds(p["created_at"]),
    )


PAST_SLACK = 60  # seconds: the database's own allowance (store migration 0011)


def _check_authors(changes: Changes, plan: Plan, now: datetime) -> None:
    """Under team.auth = database a member merges only their own promises and history, and
    none older than the import: past history, anyone's, is brought in by a lead, and every
    event it adds is marked as the lead's import (docs/team.md)."""
    from promisekeeper.domain.team import NotYours, owner_refusal, same_person

    actor = changes.actor
    for p, history in zip(plan.promises, plan.histories, strict=True):
        refusal = owner_refusal(actor, p["owner"])
        if refusal is None and actor.enforced and not actor.lead:  # a lead's import is marked
            oldest = min(e["at"] for e in history)
            others = (e["by"] for e in history if not same_person(e["by"], actor.name))
            if (now - oldest).total_seconds() > PAST_SLACK:
                refusal = (
                    f'the history of "{p["what"]}" goes back to {oldest:%Y-%m-%d}; only a lead '
                    "can import history older than the import (ask a lead to run it)"
                )
            elif (other := next(others, None)) is not None:
                refusal = (
                    f'the history of "{p["what"]}" holds changes by {other}; only they can '
                    "write history in their name"
                )
        if refusal:
            raise NotYours(f"Cannot merge: {refusal}")


def _write_csv(
    changes: Changes,
    source: CsvImport | ForeignImport,
    settings: Settings,
    allow_new: bool,
    progress: Progress | None,
) -> Imported:
    """CSV rows, checked already, into any database, as they stream in."""
    ids, new_customers = _csv_customers(changes, source, settings, allow_new)
    existing = _live_keys(changes, ids.values())
    imported = changes.imported_from("taskwarrior") if isinstance(source, ForeignImport) else {}
    already: list[int] = []
    changed: list[str] = []
    added = 0
    owners: dict[str, str] = {}  # each owner name of the file, as the member list has it
    batch: list[tuple[dict[str, Any], int]] = []
    now = settings.now.replace(microsecond=0)
    for p in source.rows(progress):
        customer_id = ids[rules.visible_fold(p["customer"])]
        if p.get("source") in imported:  # the same task: its identity, not its fields
            difference = _differs(changes, imported[p["source"]], p, settings)
            if difference is None:
                already.append(p["row"])
            else:
                changed.append(f'task {p["row"]} "{p["what"][:40]}": {difference}')
            continue
        made = existing.get((customer_id, p["what"], p["owner"], p["due_at"]))
        if made and (not p["made_given"] or p["made_at"] in made):
            already.append(p["row"])
            continue
        batch.append((p, customer_id))
        added += 1
        if len(batch) >= BATCH:
            _add(changes, batch, now, settings, owners)
            batch.clear()
    _add(changes, batch, now, settings, owners)
    return Imported(added, new_customers, list(source.notes), already, changed=changed)


def _differs(
    changes: Changes, promise_id: int, row: dict[str, Any], settings: Settings
) -> str | None:
    """None when the promise a task was imported as still says what the task says; else what
    differs, to change there (an import never rewrites a promise's history)."""
    from promisekeeper.display import format_day_time

    found = changes.promise_for_update(promise_id)
    if found is None:
        return f"imported before as #{promise_id}, which is gone"
    record, deleted = found
    if deleted:
        return f"imported before as #{promise_id}, which was deleted"
    differences = []
    if record.what != row["what"]:
        differences.append("its text")
    if record.due_at != row["due_at"]:
        shown = format_day_time(row["due_at"], settings.now, settings.tz)
        differences.append(f"its due date ({shown} in the file)")
    if record.status != row["status"]:
        differences.append(f"its state ({row['status']} in the file)")
    if not differences:
        return None
    return (
        f"imported before as #{promise_id}; {' and '.join(differences)} changed since: change "
        f"#{promise_id} in pk (pk promise edit, reschedule or keep)"
    )


def _csv_customers(
    changes: Changes, source: CsvImport | ForeignImport, settings: Settings, allow_new: bool
) -> tuple[dict[str, int], int]:
    """The customer id of each name in the file (by ``rules.visible_fold``), by the rules
    ``pk add`` applies: the same name (case and invisible characters aside) is the same
    customer; a new name near an existing one, or near one an earlier row creates, is refused
    with the existing spelling unless ``allow_new``."""
    known = {name: customer_id for customer_id, name in changes.customers()}
    # The same customer, case and invisible characters aside: one lookup per name, not a scan.
    same = {rules.visible_fold(name): name for name in known}
    ids: dict[str, int] = {}
    created = 0
    problems: list[tuple[int, str]] = []
    for fold, (name, rows) in source.customers.items():
        existing = same.get(fold)
        if existing is None:
            near = [] if allow_new else rules.near_names(name, list(known))
            if near:
                problems += [
                    (
                        row,
                        f'row {row}: customer "{name}" looks like "{near[0]}"; write it the same '
                        "way, or import with --new-customer",
                    )
                    for row in rows
                ]
                continue
            known[name] = changes.add_customer(
                name, rules.name_fold(name), settings.now.replace(microsecond=0)
            )[0]
            same[fold] = name
            created += 1
            existing = name
        ids[fold] = known[existing]
    if problems:
        raise ImportRejected(
            f"{len(problems)} row{'s name' if len(problems) > 1 else ' names'} a customer near an "
            "existing one; nothing was imported:",
            [problem for _row, problem in sorted(problems)],
        )
    return ids, created


def _live_keys(
    changes: Changes, customer_ids: Iterable[int]
) -> dict[tuple[Any, ...], list[datetime]]:
    """The made dates of the live promises of these customers, by (customer id, what, owner,
    due date): a row equal to one of them in those (and in its made date, when the row gives
    one) is already there, so that importing the same file again adds nothing."""
    existing: dict[tuple[Any, ...], list[datetime]] = {}
    for customer_id, what, owner, due_at, made_at in changes.live_promise_keys(customer_ids):
        existing.setdefault((customer_id, what, owner, due_at), []).append(made_at)
    return existing


# A restored promise keeps every stored field; its customer, standard and tags are mapped and
# encoded.
_RESTORED = (
    "id",
    *(f for f in COLUMNS if f not in ("customer_id", "tags", "standard_id")),
)


def _restore_standard(
    changes: Changes, standard: dict[str, Any], fold: str, customer_id: int | None = None
) -> int:
    found = changes.add_standard(
        {
            "name": standard["name"],
            "name_fold": fold,
            "within_amount": standard["within"].amount,
            "within_unit": standard["within"].unit,
            "text": standard["text"],
            "created_at": standard["created_at"],
            "customer_id": customer_id,
        }
    )
    assert found is not None  # an empty database, and names checked unique
    if standard["retired_at"] is not None:
        changes.update_standard(found, retired_at=standard["retired_at"])
    return found


def _restore(
    changes: Changes,
    plan: Plan,
    customer_ids: dict[str, int],
    standard_ids: dict[str, int] | None = None,
    importer: tuple[str, datetime] | None = None,
    *,
    places: bool = False,
) -> None:
    """A JSON export, exactly: same ids, same fields, same histories. Each event is marked as
    imported by ``importer`` (who, when: a merge), or as the file says (a restore)."""
    standards = standard_ids or {}
    changes.add_promises(
        [
            {
                **{k: p.get(k) for k in _RESTORED},
                "tags": rules.encode_tags(p["tags"]),
                "customer_id": customer_ids[rules.name_fold(p["customer"])],
                "standard_id": (
                    None
                    if p.get("standard") is None
                    else standards[standard_key(p["standard"], p.get("standard_customer"))]
                ),
                "waits": p.get("waits") or 0,  # none in exports before version 3
                "waited_seconds": p.get("waited_seconds") or 0,
                "direction": p.get("direction") or "ours",  # none before version 6
                "blocks_id": p.get("blocks"),  # a promise's number (docs/owed.md)
                "series_id": p.get("series"),
            }
            for p in plan.promises
        ]
    )
    changes.add_events(
        (
            (p["id"], e["at"], e["kind"], e["by"], e.get("stored") or _stored_data(e, p))
            for p, history in zip(plan.promises, plan.histories, strict=True)
            for e in history
        ),
        imported=True,
        importers=[importer or e.get("imported") for history in plan.histories for e in history],
        # a restore keeps each event's id and place in the chain, as the file gives them
        places=[e.get("chained") for history in plan.histories for e in history]
        if places
        else None,
    )
    for p, history in zip(plan.promises, plan.histories, strict=True):
        for number, e in enumerate(history, 1):
            if e["kind"] == "undone":  # the event it took back is voided again
                changes.void_numbered(p["id"], int(e["data"]["event_number"]), number)
    if plan.restore:  # ids given by the file: the sequence continues after them
        changes.continue_ids()


def _add(
    changes: Changes,
    batch: list[tuple[dict[str, Any], int]],
    now: datetime,
    settings: Settings,
    owners: dict[str, str],
) -> None:
    """CSV rows (with their customer's id): new promises with new ids, each with its
    ``created`` event (and its outcome), written a batch at a time. ``owners`` holds the owner
    each name in the file means, found once for the whole import."""
    from promisekeeper.domain.team import NotYours, owner_refusal
    from promisekeeper.service.team import owner_named
    from promisekeeper.store.changes import compact_json

    user = settings.by
    for p, _customer_id in batch:
        if p["owner"] not in owners:  # the member list's spelling; an unknown one refused
            owners[p["owner"]] = owner_named(changes, settings, p["owner"])
        p["owner"] = owners[p["owner"]]
        refusal = owner_refusal(changes.actor, p["owner"])
        if refusal:
            raise NotYours(f"Row {p['row']}: {refusal}")
    ids = changes.new_promise_ids(len(batch))
    created, closed = compact_json({"imported": True}), compact_json({"reason": "imported"})
    events: list[tuple[int, datetime, str, str, dict[str, Any] | str]] = []
    for promise_id, (p, _customer_id) in zip(ids, batch, strict=True):
        if p.get("source"):  # another tool's identity, so that a re-import finds it
            events.append(
                (promise_id, now, "created", user, {"imported": True, "source": p["source"]})
            )
        elif p["due_at"] is None:  # a request, answered later or declined
            events.append(
                (promise_id, now, "created", user, {"imported": True, "unanswered": True})
            )
        else:
            events.append((promise_id, now, "created", user, created))
        if p["status"] == "kept":
            kept = {"kept_at": dates.to_utc_iso(p["kept_at"]), "note": None}
            events.append((promise_id, now, "kept", user, kept))
        elif not is_active(p["status"]):
            events.append((promise_id, now, p["status"], user, closed))
        for at, text in p.get("notes", ()):  # another tool's annotations
            events.append((promise_id, at, "noted", user, {"text": text}))
    changes.add_promises(
        [
            {
                "id": promise_id,
                "what": p["what"],
                "customer_id": customer_id,
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
                "direction": p.get("direction") or "ours",  # docs/owed.md
                "plan_b": p.get("plan_b"),
            }
            for promise_id, (p, customer_id) in zip(ids, batch, strict=True)
        ]
    )
    changes.add_events(events, imported=True, importers=[(changes.actor.name, now)] * len(events))


def _stored_data(event: dict[str, Any], promise: dict[str, Any]) -> dict[str, Any]:
    """What to store of an event's details: a ``created`` event's due and made dates are read
    back from the promise row, so they are stored only where they differ from it."""
    from promisekeeper.domain.imports import stored_details

    return stored_details(
        event["kind"],
        event["data"],
        *(None if promise[f] is None else dates.to_utc_iso(promise[f])
          for f in ("original_due_at", "made_at")),
    )  # fmt: skip

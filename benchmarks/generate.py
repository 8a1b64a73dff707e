"""Write N realistic promises into a pk database, quickly, through pk's own store code.

Shape: 500 customers, 20 owners (owner-01 … owner-20), due dates spread over the two years around
"now", about a third slipped once or more (some with a heads-up), and a realistic mix of outcomes:
long-past promises are closed (mostly kept on time, some late, a few broken or cancelled), the
last month holds a small open-late backlog, and future ones are open. One promise in ten is owed
to us by one of 50 vendors (one open owed promise in fifty holds up one of ours), one in twenty
belongs to a monthly series (docs/owed.md).

    python benchmarks/generate.py --promises 100000 --db /tmp/pk-100k.db
    python benchmarks/generate.py --promises 100000 --db postgresql+psycopg://…  (empty schema)

Rows go in through ``promisekeeper.service.transfer`` (the JSON restore path of ``pk import``),
in batches of 20,000 per transaction.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from promisekeeper.dates import to_utc_iso
from promisekeeper.domain.imports import Plan
from promisekeeper.service.transfer import _restore
from promisekeeper.store import open_store, writer

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CUSTOMERS = 500
VENDORS = 50
OWNERS = 20
BATCH = 20_000
WORDS = (
    "quote",
    "invoice",
    "call back",
    "licence",
    "SSO account",
    "report",
    "export",
    "meeting notes",
    "roadmap",
    "security questionnaire",
    "statement of work",
    "fix",
)


def owner(index: int) -> str:
    return f"owner-{index % OWNERS + 1:02d}"


def promise(rng: random.Random, number: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    customer = f"Customer {rng.randrange(CUSTOMERS):03d}"
    baseline = NOW + timedelta(seconds=rng.randrange(-365 * 86400, 365 * 86400))
    baseline = baseline.replace(minute=0, second=0)
    made = baseline - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
    made = min(made, NOW - timedelta(hours=rng.randint(1, 2000)))  # promises are made in the past
    who = owner(number)
    history: list[dict[str, Any]] = [{"at": made, "kind": "created", "by": who, "data": {
        "due_at": to_utc_iso(baseline), "made_at": to_utc_iso(made)}}]  # fmt: skip
    due, slips, heads_up = baseline, 0, 0
    for _ in range(rng.choice((1, 1, 1, 2, 3)) if rng.random() < 0.34 else 0):
        at = due - timedelta(hours=rng.randint(1, 48)) if rng.random() < 0.6 else due
        at = min(at + timedelta(hours=2) if at == due else at, NOW - timedelta(hours=1))
        told = at < due  # recorded before the date it moved away from
        new_due = due + timedelta(days=rng.randint(1, 10))
        history.append({"at": at, "kind": "rescheduled", "by": who, "data": {
            "from": to_utc_iso(due), "to": to_utc_iso(new_due), "reason": None,
            "customer_asked": False, "slip": True, "heads_up": told}})  # fmt: skip
        due, slips, heads_up = new_due, slips + 1, heads_up + int(told)
    status, kept_at, closed_at = "open", None, None
    roll = rng.random()
    if due < NOW - timedelta(days=30) or (due < NOW and roll > 0.03):
        if roll < 0.75:
            status, kept_at = "kept", due - timedelta(hours=rng.randint(0, 72))
        elif roll < 0.9:
            status, kept_at = "kept", due + timedelta(hours=rng.randint(1, 240))
        elif roll < 0.95:
            status = "broken"
        else:
            status = "cancelled"
        kept_at = min(kept_at, NOW) if kept_at else None
        closed_at = kept_at or min(due + timedelta(days=1), NOW)
        if kept_at is not None and kept_at < made:
            kept_at = closed_at = made + timedelta(hours=1)
    elif due >= NOW and roll < 0.05:
        status, kept_at = "kept", NOW - timedelta(hours=rng.randint(1, 48))
        kept_at = closed_at = max(kept_at, made + timedelta(hours=1))
    if status == "kept":
        history.append({"at": closed_at, "kind": "kept", "by": who,
                        "data": {"kept_at": to_utc_iso(kept_at), "note": None}})  # fmt: skip
    elif status != "open":
        history.append({"at": closed_at, "kind": status, "by": who, "data": {"reason": None}})
    # A few open promises wait on the customer, some keep the customer in the loop (a stream of
    # their own, so that the rest of the data is the same as before they existed).
    extra = random.Random(number * 7919 + 1)
    waiting_since, waits = None, 0
    if status == "open" and due >= NOW and extra.random() < 0.02:
        status, waits = "waiting", 1
        waiting_since = max(made, NOW - timedelta(hours=extra.randint(1, 200)))
        history.append({"at": waiting_since, "kind": "waiting", "by": who,
                        "data": {"reason": "their answer"}})  # fmt: skip
    every = None
    if status in ("open", "waiting") and extra.random() < 0.02:
        every = "2 business days"  # most of those have told the customer lately
        if extra.random() < 0.8:
            told = max(made, NOW - timedelta(hours=extra.randint(1, 40)))
            history.append({"at": told, "kind": "contacted", "by": who,
                            "data": {"text": "update sent"}})  # fmt: skip
    record = {
        "waiting_since": waiting_since, "waits": waits, "waited_seconds": 0,
        "update_every": every,
        "id": number, "what": f"{rng.choice(WORDS).capitalize()} #{number}", "customer": customer,
        "owner": who, "status": status, "tags": ("sales",) if number % 7 == 0 else (),
        "made_at": made, "created_at": made, "due_at": due, "original_due_at": baseline,
        "baseline_due_at": baseline, "kept_at": kept_at, "closed_at": closed_at,
        "deleted_at": None, "slips": slips, "slips_heads_up": heads_up,
    }  # fmt: skip
    # One in ten is owed to us (docs/owed.md) and one in twenty recurs (a stream of their own
    # again): an owed one comes from a vendor, a recurring one is the month's occurrence of a
    # series begun twenty promises before (the same owner's).
    other = random.Random(number * 104729 + 3)
    record |= {"direction": "ours", "blocks": None, "needs": None, "plan_b": None,
               "every": None, "series": None}  # fmt: skip
    if other.random() < 0.10:
        record |= {"direction": "owed", "customer": f"Vendor {other.randrange(50):02d}",
                   "update_every": None}  # fmt: skip
        if other.random() < 0.02:  # marked here, linked by generate() to an open one of ours
            record["blocks"] = 0
    elif other.random() < 0.05 / 0.9 and number > OWNERS:
        record |= {"series": number - OWNERS, "plan_b": "send last month's figures"}
        if status in ("open", "waiting"):
            record["every"] = "month"
    return record, history


def generate(db: str, count: int, seed: int = 1) -> float:
    """Fill an empty database with ``count`` promises; returns the seconds it took."""
    started = time.monotonic()
    rng = random.Random(seed)
    store = open_store(db)
    customer_ids = {}
    with writer(store) as changes:
        for number in range(CUSTOMERS):
            name = f"Customer {number:03d}"
            fold = name.casefold()
            created = NOW - timedelta(days=800)
            customer_ids[fold] = changes.add_customer(name, fold, created)[0]
    for number in range(VENDORS):  # the parties that owe us (docs/owed.md)
        name = f"Vendor {number:02d}"
        with writer(store) as changes:
            customer_ids[name.casefold()] = changes.add_customer(name, name.casefold(), NOW)[0]
    waiting_for: dict[str, int] = {}  # each owner's latest open promise of ours
    for first in range(1, count + 1, BATCH):
        plan = Plan(restore=True)
        for number in range(first, min(first + BATCH, count + 1)):
            record, history = promise(rng, number)
            open_now = record["status"] in ("open", "waiting") and record["due_at"] >= NOW
            if record["blocks"] == 0:  # one owed promise in fifty holds up one of ours
                target = waiting_for.get(record["owner"]) if open_now else None
                record |= {"blocks": target, "needs": "1 business day" if target else None}
            elif record["direction"] == "ours" and open_now:
                waiting_for[record["owner"]] = number
            plan.promises.append(record)
            plan.histories.append(history)
        with writer(store) as changes:
            _restore(changes, plan, customer_ids)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--promises", type=int, required=True)
    parser.add_argument("--db", required=True, help="a new SQLite path or an empty PostgreSQL URL")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    if not options.db.startswith("postgres") and Path(options.db).exists():
        parser.error(f"{options.db} exists; give a new path")
    seconds = generate(options.db, options.promises, options.seed)
    print(f"{options.promises} promises in {seconds:.1f} s")


if __name__ == "__main__":
    main()

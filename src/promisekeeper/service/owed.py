"""What others owe us (docs/owed.md): the links an owed promise makes, the slack it leaves the
promise it blocks, and the owed promises the morning view shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promisekeeper.config import Settings
from promisekeeper.domain.states import OPEN, is_running
from promisekeeper.errors import InputError
from promisekeeper.service import working_time
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.calendar import WorkingTime
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.domain.owed import Slack
    from promisekeeper.store import Reader
    from promisekeeper.store.changes import Changes


def check_blocks(changes: Changes, target: int, blocker: int | None) -> None:
    """Refuse ``--blocks target`` unless it is a running promise with a date, and a link that
    would make a loop (``blocker`` blocks ``target``, which blocks … ``blocker``)."""
    if blocker is not None and target == blocker:
        raise InputError(f"#{blocker} cannot hold itself up.")
    # read, not locked: the promise held up may be another member's (docs/team.md)
    record = queries.get_promise(changes.db, target)
    if record is None:
        raise InputError(f"--blocks #{target}: there is no promise #{target}.")
    if not is_running(record.status) or record.due_at is None:
        raise InputError(
            f"--blocks #{target}: #{target} is {record.status}; only an open promise with a "
            "date can be held up."
        )
    seen = [target]
    while record.blocks is not None:
        if record.blocks == blocker or record.blocks in seen:
            chain = " → ".join(f"#{i}" for i in [blocker, *seen, record.blocks] if i is not None)
            raise InputError(f"--blocks #{target} would make a loop ({chain}); nothing changed.")
        seen.append(record.blocks)
        step = queries.get_promise(changes.db, record.blocks)
        if step is None:
            break
        record = step


def held_up(reader: Reader, settings: Settings, owner: str | None) -> dict[int, tuple[str, ...]]:
    """The promises of ``owner`` (everyone's: None) an owed promise leaves too little time,
    with the reason lines: what the lead's view and the calendar say of them."""
    return tight(blocked_slack(reader, settings, queries.blocking(reader, owner)))


def blocked_slack(
    reader: Reader, settings: Settings, blockers: list[PromiseRecord]
) -> dict[int, list[Slack]]:
    """For each promise an open owed promise (of ``blockers``, read from their own index)
    blocks: the slack each blocker leaves it (domain/owed.py), counted in the blocked
    promise's business time; one read of what they block."""
    from promisekeeper.domain.owed import day_words, earliest, slack

    if not blockers:
        return {}
    wanted = [b.blocks for b in blockers if b.blocks is not None]
    targets = {p.id: p for p in queries.promises_by_id(reader, wanted)}
    owed = {p.id: p for p in blockers}
    owed |= {t.id: t for t in targets.values() if t.owed and is_running(t.status)}
    now = settings.now

    def working_of(p: PromiseRecord) -> WorkingTime:
        return working_time(settings, p.customer_zone, p.customer_calendar)

    arrivals = earliest(owed, now, working_of)
    words = day_words(settings.tz)
    found: dict[int, list[Slack]] = {}
    for b in blockers:
        target = targets.get(b.blocks) if b.blocks is not None else None
        if target is None or target.due_at is None or not is_running(target.status):
            continue
        working = working_time(settings, target.customer_zone, target.customer_calendar)
        found.setdefault(target.id, []).append(
            slack(b, arrivals[b.id], target, now, working, words)
        )
    return found


def tight(found: dict[int, list[Slack]]) -> dict[int, tuple[str, ...]]:
    """The reason lines of the blocked promises left too little slack."""
    lines: dict[int, tuple[str, ...]] = {}
    for target, slacks in found.items():
        short = tuple(s.line for s in slacks if s.tight)
        if short:
            lines[target] = short
    return lines


def at_risk_blocked(
    reader: Reader,
    base: queries.PromiseFilter,
    settings: Settings,
    blockers: list[PromiseRecord],
) -> dict[int, tuple[str, ...]]:
    """The open promises ``base`` selects, not yet due, that an owed promise (of
    ``blockers``) leaves too little slack, with the reason lines."""
    lines = tight(blocked_slack(reader, settings, blockers))
    if not lines:
        return {}
    where = base._replace(status=OPEN, due_from=settings.now, ids=tuple(lines))
    return {i: lines[i] for i in queries.ids_of(reader, where)}

"""Finders shared by the morning view, the reminders and the lead's view: which promises are at
risk now (domain/risk.py decides; the database prefilters by the bands it gives)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.config import Settings
from promisekeeper.service import working_time, working_times
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.domain.feedback import Flag
    from promisekeeper.store import Reader
    from promisekeeper.store.queries import PromiseFilter


class AtRisk(NamedTuple):
    """An open promise at risk, as its finder reads it: the record is read for the ones shown."""

    id: int
    due_at: datetime
    slips: int
    used: float  # the share of its business time used
    flag: Flag | None = None  # the team's concern standing on it (docs/feedback.md)
    # the lines of the owed promises that leave it too little slack (docs/owed.md)
    blocked: tuple[str, ...] = ()

    def reasons(self, risk_at: float) -> list[str]:
        """Why it is at risk, in words: the share of its time used (when past ``risk.at``),
        a flag's text, a blocking owed promise's line."""
        found = []
        if self.used >= risk_at:
            found.append(f"{round(self.used * 100)}% of its time used")
        if self.flag is not None:
            found.append(f"flagged by {self.flag.by}" + (f": {self.flag.text}"
                                                         if self.flag.text else ""))  # fmt: skip
        return [*found, *self.blocked]


def find_at_risk(reader: Reader, base: PromiseFilter, settings: Settings) -> list[AtRisk]:
    """The open promises at risk (domain/risk.py), soonest due first: their ids, due dates
    and slips (the records are read for the ones shown only). Each promise's share is counted
    in its own working time: its customer's when the customer has one."""
    from promisekeeper.domain import risk

    now = settings.now
    workings = working_times(settings, reader)
    bands = risk.bands(now, workings, settings.risk_at)
    positions: dict[int, float] = {}  # each working time's position of now, when needed
    found = []
    for promise_id, made, due_at, slips, zone, calendar in queries.risk_candidates(
        reader, base, now, bands, calendars=len(workings) > 1
    ):
        working = working_time(settings, zone, calendar)
        if id(working) not in positions:
            positions[id(working)] = working.position(now)
        used = risk.share_at(made, due_at, positions[id(working)], working)
        if used >= settings.risk_at:
            found.append(AtRisk(promise_id, due_at, slips, used))
    flags = {f.promise_id: f for f in queries.standing_flags(reader, base, now)}
    if flags:  # a flagged promise is at risk whatever share it has used
        found = [r._replace(flag=flags.get(r.id)) for r in found]
        known = {r.id for r in found}
        for p in queries.promises_by_id(reader, [i for i in flags if i not in known]):
            working = working_time(settings, p.customer_zone, p.customer_calendar)
            used = risk.share_at(p.made_at, p.due, working.position(now), working)
            found.append(AtRisk(p.id, p.due, p.slips, used, flags[p.id]))
        found.sort(key=lambda r: (r.due_at, r.id))
    blockers = queries.blocking(reader, base.owner)
    if not blockers:
        return found
    from promisekeeper.service.owed import at_risk_blocked

    blocked = at_risk_blocked(reader, base, settings, blockers)
    if blocked:  # held up by an owed promise: at risk whatever share it has used
        found = [r._replace(blocked=blocked.get(r.id, ())) for r in found]
        known = {r.id for r in found}
        for p in queries.promises_by_id(reader, [i for i in blocked if i not in known]):
            working = working_time(settings, p.customer_zone, p.customer_calendar)
            used = risk.share_at(p.made_at, p.due, working.position(now), working)
            found.append(AtRisk(p.id, p.due, p.slips, used, None, blocked[p.id]))
        found.sort(key=lambda r: (r.due_at, r.id))
    return found

"""``pk team``: the lead's view of who carries what (docs/words.md for each word)."""

from __future__ import annotations

from promisekeeper.config import Settings
from promisekeeper.domain.due import due_window
from promisekeeper.domain.results import TeamView, Workload
from promisekeeper.service import reading
from promisekeeper.store import queries
from promisekeeper.store.queries import PromiseFilter


def team(settings: Settings) -> TeamView:
    """Per person: open (waiting ones too), overdue, due today, at risk, waiting on the
    customer and slipping; most overdue first, then most at risk, then by name."""
    from promisekeeper.service.promises import find_at_risk

    window = due_window(settings.now, settings.tz, 0)
    with reading(settings) as reader:
        counts = queries.workload(reader, settings.now, window.tomorrow_starts)
        risky = find_at_risk(reader, PromiseFilter(status="running"), settings)
        owners = queries.owners_of(reader, [r.id for r in risky])
    at_risk: dict[str, int] = {}
    risky_today: dict[str, int] = {}  # shown at risk, not again under today (as in pk due)
    for r in risky:
        owner = owners[r.id]
        at_risk[owner] = at_risk.get(owner, 0) + 1
        if r.due_at < window.tomorrow_starts:
            risky_today[owner] = risky_today.get(owner, 0) + 1
    rows = [
        Workload(
            owner,
            total,
            overdue,
            today - risky_today.get(owner, 0),
            at_risk.get(owner, 0),
            waiting,
            slipping,
        )
        for owner, total, waiting, overdue, today, slipping in counts
    ]
    return TeamView(sorted(rows, key=lambda w: (-w.overdue, -w.at_risk, w.owner.casefold())))

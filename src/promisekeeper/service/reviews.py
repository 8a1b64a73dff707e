"""Candid reviews with a customer (docs/feedback.md, "Candid reviews"): which are due, the
review pack, and recording one held."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from promisekeeper.domain.reviews import ReviewDue, next_review, parse_rhythm
from promisekeeper.errors import InputError
from promisekeeper.service import Scope, check_customer, reading, whole_seconds, working_time
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.reviews import ReviewPack
    from promisekeeper.store import Reader

DEFAULT_DAYS = 90  # what a first review pack covers without a rhythm or --since


def reviews_due(reader: Reader, settings: Settings, owner: str | None) -> list[ReviewDue]:
    """The customers (of ``owner``'s promises; everyone's with None) whose last review — or,
    before the first, the rhythm's start — is a rhythm ago or more, longest due first."""
    found = []
    for row in queries.review_rhythms(reader, owner):
        last = row.last or row.start
        if row.every is None or last is None:
            continue
        rhythm = parse_rhythm(row.every)
        working = working_time(settings, row.zone, row.calendar)
        due = next_review(last, rhythm, settings.tz, working)
        if due <= settings.now:
            found.append(ReviewDue(row.customer, row.last, due, rhythm.text))
    return sorted(found, key=lambda r: (r.due_since, r.customer.casefold()))


def done(settings: Settings, customer: str, note: str | None) -> tuple[str, str | None]:
    """Record a review held with ``customer`` now (the rhythm restarts from it): its name,
    and the rhythm's next date as words (None without a rhythm)."""
    from promisekeeper.domain.rules import clean_text, name_fold
    from promisekeeper.service import writing

    text = clean_text(note, "--note") if note is not None else None
    with writing(settings) as changes:
        found = changes.customer_by_fold(name_fold(customer))
        if found is None:
            check_customer(changes.db, customer)  # says which names are near
            raise InputError(f'No customer "{customer}".')
        if not changes.add_review(found[0], whole_seconds(settings.now), settings.by, text):
            raise InputError(f"A review of {found[1]} is recorded at this second already.")
        rows = [r for r in queries.review_rhythms(changes.db) if r.customer == found[1]]
    every = rows[0].every if rows else None
    if every is None:
        return found[1], None
    from promisekeeper.display import format_day_time

    working = working_time(settings, rows[0].zone, rows[0].calendar)
    following = next_review(settings.now, parse_rhythm(every), settings.tz, working)
    shown = format_day_time(following, settings.now, settings.tz)
    return found[1], f"{every}: the next is due {shown}"


def pack(settings: Settings, customer: str, since: str | None) -> ReviewPack:
    """The candid review pack of a customer (docs/feedback.md): the record since the last
    review, what moved and why, the lessons, what they told us (disputes first), what we wait
    on from them, what comes next, and the standards that apply."""
    from promisekeeper import dates
    from promisekeeper.domain.lessons import misses, tally
    from promisekeeper.domain.results.reviews import ReviewPack
    from promisekeeper.service.feedback import verdicts
    from promisekeeper.service.reports import report
    from promisekeeper.service.review import statement

    with reading(settings) as reader:
        name = check_customer(reader, customer)
        assert name is not None
        held = queries.customer_reviews(reader, name)
        rows = [r for r in queries.review_rhythms(reader) if r.customer == name]
    last = held[-1][0] if held else None
    if since is not None:
        start = dates.resolve(since, settings.now, settings.date_settings, mode="made").at
    elif last is not None:
        start = last
    elif rows and rows[0].start is not None:
        start = rows[0].start
    else:
        start = settings.now - timedelta(days=DEFAULT_DAYS)
    first = start.astimezone(settings.tz).date().isoformat()
    today = settings.now.astimezone(settings.tz).date().isoformat()
    record = report(settings, Scope(None), first=first, last=today, customer=name, by="standard")
    with reading(settings) as reader:  # the slips and breaks recorded since
        found = misses(queries.customer_misses(reader, name, start), None)
    told = verdicts(settings, customer=name).rows
    said = statement(settings, name, since=start.isoformat())
    return ReviewPack(
        name,
        start,
        settings.now,
        last,
        rows[0].every if rows else None,
        record,
        tally(found),
        told,
        said,
    )

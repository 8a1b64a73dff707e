"""``pk customer review``: the candid review pack, in markdown and HTML (docs/feedback.md,
"Candid reviews"). Its sentences are written once, here, and escaped for either."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from promisekeeper.render.safe import clean, md

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.reviews import ReviewPack

Section = tuple[str, list[str], str | None]  # title, sentences, what to say when there are none


def sections(pack: ReviewPack, settings: Settings, esc: Callable[[str], str]) -> dict[str, Any]:
    """The pack's title lines and sections; user text cleaned and passed through ``esc``."""
    from promisekeeper.display import format_day_time
    from promisekeeper.render.report import (
        adherence_text,
        count_line,
        feedback_line,
        rate_lines,
        slip_line,
    )
    from promisekeeper.render.review import sender, statement_items
    from promisekeeper.render.views import percent

    def user(text: str) -> str:
        return esc(clean(text))

    f = pack.record.totals
    record = [" ".join(line.split()) for line in rate_lines(f)]
    record += [count_line(f), slip_line(f)]
    heard = feedback_line(f)
    record += [heard] if heard else []
    trend = [
        f"{point.period.label} {percent(point.figures.kept_rate)}"
        for point in pack.record.shown_trend
        if point.figures.due
    ]
    if len(trend) > 1:  # the periods before, as long as this one, back to the first promise
        record.append("Kept-rate before: " + " · ".join(trend[:-1]))
    causes = []
    for c in pack.causes:
        counts = ", ".join(
            part
            for part in (
                f"{c.slips} slip{'s' if c.slips != 1 else ''}" if c.slips else "",
                f"{c.breaks} break{'s' if c.breaks != 1 else ''}" if c.breaks else "",
            )
            if part
        )
        causes.append(f"{esc(c.cause)}: {counts} ({percent(c.share)})")
    lessons = [
        f'{esc(c.cause)}, #{m.promise_id} {user(m.what)}: "{user(m.lesson or "")}"'
        for c in pack.causes
        for m in c.lessons
    ]
    told = []
    for v in pack.verdicts:
        said = "kept" if v.verdict == "kept" else "not kept"
        line = f"#{v.promise.id} {user(v.promise.what)}: you said {said}"
        line += f' — "{user(v.text)}"' if v.text else ""
        told.append(line + (" (our record says otherwise: disputed)" if v.disputed else ""))
    items = statement_items(pack.statement, settings, esc)
    by_title = {title: entries for title, entries, _empty in items["sections"]}
    standards = [
        f"{user(key)}: {adherence_text(pack.record, key, settings.day_hours)}"
        for key, _g in pack.record.groups
    ]
    last = (
        f"last review {format_day_time(pack.last_review, settings.now, settings.tz)}"
        if pack.last_review
        else "our first review"
    )
    since = format_day_time(pack.since, settings.now, settings.tz)
    rhythm = f" · we review {pack.rhythm}" if pack.rhythm else ""
    return {
        "customer": user(pack.customer),
        "sender": sender(settings, user),
        "sub": f"Since {since} ({last}), as of {items['as_of']}{rhythm}.",
        "sections": [
            ("Our record", record, None),
            ("What moved and why", causes, "Nothing slipped and nothing broke."),
            ("What we learned", lessons, None),
            ("What you told us", told, "You have not told us yet: we would like to hear it."),
            ("Delivered", by_title["Delivered"], "Nothing was delivered in this time."),
            ("Dates that moved", by_title["Dates that moved"], None),
            ("Waiting on you", by_title["Waiting on you"], None),
            ("Coming next", by_title["Coming next"], "Nothing else is outstanding."),
            ("The standards that apply", standards, None),
        ],
    }


def markdown(pack: ReviewPack, settings: Settings) -> str:
    items = sections(pack, settings, md)
    lines = [f"# Review with {items['customer']}", ""]
    if items["sender"]:
        lines += [f"From {items['sender']}.", ""]
    lines += [items["sub"], ""]
    from promisekeeper.render.review import markdown_sections

    return "\n".join(lines + markdown_sections(items["sections"]))


def html(pack: ReviewPack, settings: Settings) -> str:
    from markupsafe import Markup, escape

    from promisekeeper.render.html import render_page

    items = sections(pack, settings, lambda text: str(escape(text)))
    # every sentence is escaped already, user text included: the template marks it safe
    safe = [
        (title, [Markup(entry) for entry in entries], empty)
        for title, entries, empty in items["sections"]
    ]
    return render_page(
        "review_pack.html.j2",
        customer=Markup(items["customer"]),
        sender=None if items["sender"] is None else Markup(items["sender"]),
        sub=Markup(items["sub"]),
        sections=safe,
    )

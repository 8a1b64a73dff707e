"""``pk slips`` in every format, and the customer statement as markdown (HTML: render/html.py).
The words of both are shared here, so that the page and the text say the same thing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from promisekeeper.dates import to_utc_iso
from promisekeeper.display import format_day_time, short_day
from promisekeeper.render.console import Column, folded_parts, out, user_text
from promisekeeper.render.machine import csv_text
from promisekeeper.render.safe import clean, md

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.model import PromiseRecord
    from promisekeeper.domain.review import Move, SlipReport, SlipTotals, Statement


# --- pk slips -----------------------------------------------------------------------------------


def totals_line(t: SlipTotals) -> str:
    """``12 moves · 9 slips, 5 with a heads-up · 3 never told · 2 promises moved twice or more``"""
    moves = f"{t.moves} move{'s' if t.moves != 1 else ''}"
    slips = f"{t.slips} slip{'s' if t.slips != 1 else ''}, {t.heads_up} with a heads-up"
    if t.late_notice:  # told, but on the last day (docs/feedback.md)
        slips += f" ({t.late_notice} told on the last day)"
    often = f"{t.moved_often} promise{'s' if t.moved_often != 1 else ''} moved twice or more"
    return f"{moves} · {slips} · {t.untold} never told · {often}"


def _day(moment: datetime, settings: Settings) -> str:
    return format_day_time(moment, settings.now, settings.tz)


def slip_view(result: SlipReport, settings: Settings) -> None:
    screen = out()
    as_of = _day(result.now, settings)
    width = screen.width if screen.is_terminal else 0
    head = ["Slips", result.title, "promises agreed for the period", f"as of {as_of}"]
    lines = folded_parts([(part, "bold") for part in head], width)
    totals = folded_parts([(part, "") for part in totals_line(result.totals).split(" · ")],
                          max(0, width - 2), indent="")  # fmt: skip
    lines += [[("  ", ""), *line] for line in totals]
    screen.print(lines, wrap=True)
    owner = result.with_owners
    if result.groups:
        screen.print([[], [(f"  By {result.by}", "bold")]])
        screen.grid(
            [
                [
                    [user_text(key)],
                    [(str(t.moves), "")],
                    [(str(t.slips), "")],
                    [(str(t.heads_up), "")],
                    [(str(t.untold), "magenta" if t.untold else "")],
                    [(str(t.moved_often), "")],
                ]
                for key, t in result.groups
            ],
            [Column(fold=True), *[Column(right=True)] * 5],
            header=[
                (result.by or "").capitalize(),
                "Moves",
                "Slips",
                "Heads-up",
                "Never told",
                "Moved 2×+",
            ],
        )
    screen.print([[], [("  Moved twice or more", "bold")]])
    if result.moved_often:
        screen.grid(
            [
                [
                    [(f"#{m.promise_id}", "")],
                    [user_text(m.what)],
                    [user_text(m.customer)],
                    *([[user_text(m.owner, "dim")]] if owner else []),
                    [(f"{m.moves} moves, {m.slips} slips", "magenta" if m.slips else "")],
                    [(f"now due {_day(m.latest, settings)}", "")],
                ]
                for m in result.moved_often
            ],
            [
                Column(),
                Column(fold=True),
                Column(fold=True),
                *([Column()] if owner else []),
                Column(),
                Column(),
            ],
        )
    else:
        screen.print([[("    none", "dim")]])
    screen.print([[], [("  Moves the customer was never told of", "bold")]])
    if result.untold:
        screen.grid(
            [
                [
                    [(f"#{m.promise_id}", "")],
                    [user_text(m.what)],
                    [user_text(m.customer)],
                    *([[user_text(m.owner, "dim")]] if owner else []),
                    [(f"{_day(m.old, settings)} → {_day(m.new, settings)}", "magenta")],
                    [user_text(f'"{m.reason}"' if m.reason else "no reason given", "dim")],
                ]
                for m in result.untold
            ],
            [
                Column(),
                Column(fold=True),
                Column(fold=True),
                *([Column()] if owner else []),
                Column(),
                Column(fold=True),
            ],
        )
    else:
        screen.print([[("    none: every slip had a heads-up or a contact first", "dim")]])


def _move_object(m: Move) -> dict[str, Any]:
    return {
        "id": m.promise_id,
        "what": m.what,
        "customer": m.customer,
        "owner": m.owner,
        "at": to_utc_iso(m.at),
        "by": m.by,
        "from": to_utc_iso(m.old),
        "to": to_utc_iso(m.new),
        "reason": m.reason,
        "customer_asked": m.customer_asked,
        "slip": m.slip,
        "heads_up": m.heads_up,
        "notice": m.notice if m.slip else None,
        "contacted": m.contacted,
        "told": m.told,
    }


def slip_json(result: SlipReport, settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = {
        "period": {
            "label": result.period_label,
            "start": to_utc_iso(result.start),
            "end": to_utc_iso(result.end),
        },
        "totals": result.totals.as_json(),
    }
    if result.by is not None:
        data["by"] = [{"key": key, **t.as_json()} for key, t in result.groups]
    data["moved_often"] = [
        {
            "id": m.promise_id,
            "what": m.what,
            "customer": m.customer,
            "owner": m.owner,
            "moves": m.moves,
            "slips": m.slips,
            "due_at": to_utc_iso(m.latest),
        }
        for m in result.moved_often
    ]
    data["never_told"] = [_move_object(m) for m in result.untold]
    return data


MOVE_KEYS = ("id", "what", "customer", "owner", "at", "by", "from", "to", "reason",
             "customer_asked", "slip", "heads_up", "notice", "contacted", "told")  # fmt: skip


def slip_csv(result: SlipReport, settings: Settings) -> str:
    """Every move of the period's promises, one row each, with whether the customer was told."""
    return csv_text(MOVE_KEYS, ([_move_object(m)[k] for k in MOVE_KEYS] for m in result.moves))


def slip_markdown(result: SlipReport, settings: Settings) -> str:
    owner = result.with_owners
    lines = [
        f"# Slips: {md(result.title)}",
        "",
        f"Promises agreed for the period, as of {_day(result.now, settings)}.",
        "",
        f"**{totals_line(result.totals)}**",
        "",
    ]
    if result.groups:
        lines += [f"| {md(result.by or '')} | Moves | Slips | Heads-up | Never told | Moved 2×+ |",
                  "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        lines += [
            f"| {md(key)} | {t.moves} | {t.slips} | {t.heads_up} | {t.untold} | {t.moved_often} |"
            for key, t in result.groups
        ]
        lines.append("")
    lines += ["## Moved twice or more", ""]
    if result.moved_often:
        lines += ["| ID | What | Customer |" + (" Owner |" if owner else "") + " Moves | Now due |",
                  "|---:|---|---|" + ("---|" if owner else "") + "---|---|"]  # fmt: skip
        lines += [
            f"| #{m.promise_id} | {md(m.what)} | {md(m.customer)} |"
            + (f" {md(m.owner)} |" if owner else "")
            + f" {m.moves} ({m.slips} slips) | {_day(m.latest, settings)} |"
            for m in result.moved_often
        ]
    else:
        lines.append("None.")
    lines += ["", "## Moves the customer was never told of", ""]
    if result.untold:
        lines += ["| ID | What | Customer |" + (" Owner |" if owner else "") + " Moved | Reason |",
                  "|---:|---|---|" + ("---|" if owner else "") + "---|---|"]  # fmt: skip
        lines += [
            f"| #{m.promise_id} | {md(m.what)} | {md(m.customer)} |"
            + (f" {md(m.owner)} |" if owner else "")
            + f" {_day(m.old, settings)} → {_day(m.new, settings)} | {md(m.reason or '—')} |"
            for m in result.untold
        ]
    else:
        lines.append("None: every slip had a heads-up or a contact first.")
    return "\n".join(lines) + "\n"


# --- the customer statement ----------------------------------------------------------------------


def _zone(p_zone: str | None, settings: Settings) -> tzinfo:
    if p_zone is None:
        return settings.tz
    from promisekeeper.config import zone_named

    return zone_named(p_zone)


# A date in a statement never breaks across lines: its spaces are non-breaking, in the
# markdown, the HTML page and any mail client that wraps them.
NBSP = "\u00a0"


def _unbroken(text: str) -> str:
    return text.replace(" ", NBSP)


def _when(moment: datetime, zone: tzinfo, now: datetime) -> str:
    """``Fri 27 Nov`` (with the year when it is not this year's), in the customer's zone."""
    local = moment.astimezone(zone)
    year = f" {local.year}" if local.year != now.astimezone(zone).year else ""
    return _unbroken(f"{short_day(local.date())}{year}")


def _when_time(moment: datetime, zone: tzinfo, now: datetime) -> str:
    return _unbroken(format_day_time(moment, now, zone))


def sender(settings: Settings, user: Callable[[str], str]) -> str | None:
    """Who a statement is from, as the settings name them (each passed through ``user``):
    ``Dana Scully (dana@northwind.example), Northwind Services``; None when none is set."""
    name, email, company = (
        user(value) if value else None
        for value in (settings.user_name, settings.user_email, settings.company_name)
    )
    person = f"{name} ({email})" if name and email else name or email
    parts = [part for part in (person, company) if part]
    return ", ".join(parts) if parts else None


def statement_items(
    result: Statement, settings: Settings, esc: Callable[[str], str] = str
) -> dict[str, Any]:
    """The statement's sentences, for the markdown and the HTML alike: user text cleaned of
    control characters and passed through ``esc`` (markdown escapes it; the HTML template
    escapes every sentence whole)."""
    from promisekeeper.domain.rules import kept_on_time

    now = result.now
    owners = result.with_owners

    def user(text: str) -> str:
        return esc(clean(text))

    def who(p: PromiseRecord | None = None, owner: str | None = None) -> str:
        name = owner if owner is not None else (p.owner if p is not None else None)
        return f" ({user(name)})" if owners and name else ""

    zone_of: dict[int, tzinfo] = {}

    def zone(p: PromiseRecord) -> tzinfo:
        if p.id not in zone_of:
            zone_of[p.id] = _zone(p.customer_zone, settings)
        return zone_of[p.id]

    place = result.coming[0] if result.coming else None
    base = zone(place) if place is not None else settings.tz
    delivered = []
    for p in result.delivered:
        assert p.kept_at is not None
        z = zone(p)
        agreed = _when(p.agreed, z, now)
        if kept_on_time(p.kept_at, p.agreed):
            verdict = f"on time (agreed for {agreed})"
        else:
            verdict = f"later than the {agreed} we agreed"
        delivered.append(
            f"{user(p.what)} — delivered {_when(p.kept_at, z, now)}, {verdict}"
            f"{_effort(p, result.effort_margin)}{who(p)}"
        )
    broken = [
        f"{user(p.what)}" + (f" — {user(reason)}" if reason else "") + who(p)
        for p, reason in result.broken
    ]
    moved = []
    for m in result.moved:
        old, new = _when(m.old, base, now), _when(m.new, base, now)
        reason = f' ("{user(m.reason)}")' if m.reason else ""
        if m.customer_asked:
            how = f"at your request{reason}"
        elif m.new < m.old:
            how = f"brought forward{reason}"
        elif m.heads_up and m.notice == "late_notice":
            how = f"our delay{reason}; we told you on the last day, {_when(m.at, base, now)}"
        elif m.heads_up:
            how = f"our delay{reason}; we told you on {_when(m.at, base, now)}"
        elif m.contacted:
            how = f"our delay{reason}; we told you before the date"
        else:
            how = f"our delay{reason}; we did not tell you before the date passed — our apologies"
        moved.append(f"{user(m.what)}: from {old} to {new}, {how}{who(owner=m.owner)}")
    waiting = [
        f"{user(w.promise.what)}: "
        + (f"we need {user(w.reason)}" if w.reason else "we are waiting on you")
        + (
            f" (since {_when(w.promise.waiting_since, zone(w.promise), now)})"
            if w.promise.waiting_since is not None
            else ""
        )
        + who(w.promise)
        for w in result.waiting
    ]
    said_no = [
        f"{user(p.what)}" + (f" — {user(reason)}" if reason else "") + who(p)
        for p, reason in result.declined
    ]
    to_answer = [
        f"{user(p.what)} — asked {_when(p.made_at, zone(p), now)}{_effort(p, 0)}{who(p)}"
        for p in result.unanswered
    ]
    sent = []
    for p in result.theirs:  # what they promised us (docs/owed.md)
        line = f"{user(p.what)} — you said by {_when(p.due, zone(p), now)}"
        sent.append(line + (", we are still waiting" if p.due < now else ""))
    told = []
    for p, verdict, text in result.verdicts:
        said = "we kept it" if verdict == "kept" else "we did not keep it"
        told.append(f"{user(p.what)} — you told us {said}" + (f': "{user(text)}"' if text else ""))
    coming = []
    for p in result.coming:
        if p.due_at is None or p.baseline_due_at is None:
            coming.append(f"{user(p.what)} — we owe you an answer" + who(p))
            continue
        line = f"{user(p.what)} — due {_when_time(p.due_at, zone(p), now)}"
        if p.due_at < now:
            line += ", late: we are on it"
        elif p.baseline_due_at < p.due_at:
            line += f" (moved from {_when(p.baseline_due_at, zone(p), now)})"
        coming.append(line + who(p))
    local = now.astimezone(base)
    since = result.since.astimezone(base)
    sections: list[tuple[str, list[str], str | None]] = [
        ("Delivered", delivered, "Nothing was delivered in this time."),
        ("Will not be delivered", broken, None),
        ("What we said no to, and why", said_no, None),
        ("Dates that moved", moved, None),
        ("What you told us", told, None),
        ("Waiting on you", waiting, None),
        ("What you said you'd send", sent, None),
        ("We owe you an answer", to_answer, None),
        ("Coming next", coming, "Nothing else is outstanding."),
    ]
    opening = None
    if result.last_sent is not None:  # only what changed since the last one sent
        last = result.last_sent.astimezone(base)
        opening = (
            f"Since our statement of {_unbroken(short_day(last.date()))}: delivered "
            f"{len(delivered)} · moved {len(moved)} · new {len(result.new)}"
        )
        made = [
            f"{user(p.what)} — "
            + (
                f"due {_when_time(p.due_at, zone(p), now)}"
                if p.due_at is not None
                else "we owe you an answer"
            )
            + who(p)
            for p in result.new
        ]
        sections = [
            ("Delivered", delivered, "Nothing was delivered since."),
            ("Will not be delivered", broken, None),
            ("What we said no to, and why", said_no, None),
            ("Dates that moved", moved, None),
            ("New", made, None),
            ("What you told us", told, None),
            ("Still open", coming, "Nothing else is outstanding."),
        ]
    return {
        "customer": user(result.customer),
        "sender": sender(settings, user),
        "as_of": _unbroken(f"{local:%A} {local.day} {local:%B %Y}"),
        "since": _unbroken(f"{since.day} {since:%B %Y}"),
        "opening": opening,
        "sections": sections,
        "seal": _seal(result),
    }


def _seal(result: Statement) -> dict[str, Any] | None:
    """The footer of a recorded statement: the history it commits to, and how to check the
    signature (docs/review.md, "Statements your customer can check")."""
    seal = result.seal
    if seal is None:
        return None
    said = (
        f"This statement covers our history of {seal.events:,} recorded events, whose chain ends in"
    )
    check = None
    if seal.signature is not None:
        check = (
            f"ssh-keygen -Y verify -f allowed_signers -I {clean(seal.signer or '')}"
            f" -n pk-statement -s {clean(seal.signature)}.sig < {clean(seal.signature)}"
        )
    return {"said": said, "head": seal.head, "check": check,
            "file": None if seal.signature is None else clean(seal.signature) + ".sig",
            "after": "If that history were ever changed, our own check would name this "
                     "statement."}  # fmt: skip


def _effort(p: PromiseRecord, margin: float) -> str:
    """``, as agreed: about 15 minutes`` or ``; it took 90 minutes against the 15 we said``
    (docs/words.md, "Effort stated up front"); nothing without a stated effort."""
    from promisekeeper.domain.effort import as_agreed, is_overrun, overrun_sentence

    if p.effort_stated is None:
        return ""
    if p.effort_actual is not None and is_overrun(p.effort_stated, p.effort_actual, margin):
        return f"; it {overrun_sentence(p.effort_stated, p.effort_actual)}"
    return f", {as_agreed(p.effort_stated)}"


def _code(text: str) -> str:
    """``text`` as a markdown code span (escaped as text when it holds a backtick)."""
    return md(text) if "`" in text else f"`{text}`"


def markdown_sections(sections: list[tuple[str, list[str], str | None]]) -> list[str]:
    """A page's sections in markdown: a title, then its sentences as a list, or what to say
    when it has none (a section with neither is left out)."""
    lines: list[str] = []
    for title, entries, empty in sections:
        if not entries and empty is None:
            continue
        lines += [f"## {title}", ""]
        lines += [f"- {entry}" for entry in entries] if entries else [empty or ""]
        lines.append("")
    return lines


def statement_markdown(result: Statement, settings: Settings) -> str:
    items = statement_items(result, settings, md)
    lines = [
        f"# Our commitments to {items['customer']}",
        "",
        *([f"From {items['sender']}.", ""] if items["sender"] else []),
        f"As of {items['as_of']}, covering what happened since {items['since']}.",
        "",
        *([items["opening"] + ".", ""] if items["opening"] else []),
    ]
    footer = []
    seal = items["seal"]
    if seal is not None:
        footer = ["---", "", f"{seal['said']} `{seal['head']}`. {seal['after']}", ""]
        if seal["check"] is not None:
            footer += [
                f"It is signed ({_code(seal['file'])}); to check the signature with our public "
                f"key in `allowed_signers`: {_code(seal['check'])}",
                "",
            ]
    return "\n".join(lines + markdown_sections(items["sections"]) + footer)

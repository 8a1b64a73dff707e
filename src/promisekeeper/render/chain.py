"""``pk db verify`` and ``pk customer statements`` (docs/formats.md, "The chain")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from promisekeeper.dates import to_utc_iso
from promisekeeper.domain.chain import findings
from promisekeeper.render.console import Column, out, user_text
from promisekeeper.render.safe import clean, md

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.chain import SentStatement
    from promisekeeper.domain.results.chain import ChainCheck, StatementList

SHOWN = 20  # problems listed on the screen; JSON lists all


def short(head: str) -> str:
    return f"{head[:16]}…"


def summary(result: ChainCheck) -> str:
    if result.intact:
        return f"{result.events:,} events, chain intact, head {short(result.head)}"
    return f"{result.events:,} events: the history does not match its chain"


def view(result: ChainCheck, settings: Settings) -> None:
    screen = out()
    screen.line((summary(result), "" if result.intact else "bold"))
    if result.intact and result.recorded:
        n = result.recorded
        screen.line((f"{n} statement{'s' * (n > 1)} recorded: each still the start of it.", ""))
    for when, by, first, last, source, _head in result.joins:
        local = when.astimezone(settings.tz)
        screen.print(
            [
                [
                    user_text(
                        f"Events {first:,}–{last:,} came from {source}, merged by {by} on "
                        f"{local:%a} {local.day} {local:%b %Y}.",
                        "dim",
                    )
                ]
            ],
            wrap=True,
        )
    found = findings(result, settings.tz)
    for text in found[:SHOWN]:  # each under the summary, its continuation indented
        pieces = screen.wrap(clean(text), max(20, screen.width - 4))
        screen.print([[("  " + pieces[0], "")], *([("    " + p, "")] for p in pieces[1:])])
    if len(found) > SHOWN:
        screen.line((f"  … and {len(found) - SHOWN} more (--format json lists every one)", ""))


def as_json(result: ChainCheck, settings: Settings) -> dict[str, Any]:
    return {
        "events": result.events,
        "head": result.head,
        "intact": result.intact,
        "breaks": [
            {
                "seq": b.seq,
                "event_id": b.event_id,
                "promise_id": b.promise_id,
                "kind": b.kind,
                "at": to_utc_iso(datetime.fromtimestamp(b.at, UTC))
                if isinstance(b.at, int)
                else None,
                "what": b.what,
            }
            for b in result.breaks
        ],
        "statements": [
            {
                "id": s.id,
                "customer": s.customer,
                "at": to_utc_iso(s.at),
                "events": s.events,
                "head": s.head,
                "what": why,
            }
            for s, why in result.statements
        ],
        "head_problem": result.head_problem,
        "recorded_statements": result.recorded,
        "merges": [
            {
                "at": to_utc_iso(at),
                "by": by,
                "first": first,
                "last": last,
                "source": source,
                "source_head": head,
            }
            for at, by, first, last, source, head in result.joins
        ],
    }


# --- pk customer statements -------------------------------------------------------------------

HEADER = ["Sent", "By", "Since", "Events", "Head", "Signed"]


def _day(at: datetime, settings: Settings) -> str:
    local = at.astimezone(settings.tz)
    return f"{local:%a} {local.day} {local:%b %Y} {local:%H:%M}"


def _since(s: SentStatement, settings: Settings) -> str:
    local = s.since.astimezone(settings.tz)
    return f"{local.day} {local:%b %Y}"


def _holds(s: SentStatement) -> str:
    return "" if s.holds is None else ("" if s.holds else " (no longer matches!)")


def statements_view(result: StatementList, settings: Settings) -> None:
    screen = out()
    if not result.rows:
        screen.print(
            [
                [
                    user_text(
                        f"No statement to {result.customer} was recorded; "
                        "pk customer statement NAME --record records one."
                    )
                ]
            ],
            wrap=True,
        )
        return
    rows = [
        [
            [(_day(s.at, settings), "")],
            [user_text(s.by)],
            [(_since(s, settings), "")],
            [(f"{s.events:,}", "")],
            [(short(s.head)[:9] + "…" + _holds(s), "")],
            [("yes" if s.signed else "no", "")],
        ]
        for s in result.rows
    ]
    screen.grid(
        rows,
        [Column(), Column(fold=True), Column(), Column(), Column(fold=True), Column()],
        header=HEADER,
    )


def _object(s: SentStatement) -> dict[str, Any]:
    return {
        "id": s.id,
        "customer": s.customer,
        "at": to_utc_iso(s.at),
        "by": s.by,
        "since": to_utc_iso(s.since),
        "events": s.events,
        "head": s.head,
        "sha256": s.digest,
        "format": s.format,
        "signed": s.signed,
        "holds": s.holds,
    }


KEYS = ["id", "customer", "at", "by", "since", "events", "head", "sha256", "format", "signed",
        "holds"]  # fmt: skip


def statements_json(result: StatementList, settings: Settings) -> list[dict[str, Any]]:
    return [_object(s) for s in result.rows]


def statements_csv(result: StatementList, settings: Settings) -> str:
    from promisekeeper.render.machine import csv_text

    return csv_text(KEYS, [list(_object(s).values()) for s in result.rows])


def statements_markdown(result: StatementList, settings: Settings) -> str:
    lines_ = ["| " + " | ".join(HEADER) + " |", "|---|---|---|---|---|---|"]
    for s in result.rows:
        lines_.append(
            f"| {_day(s.at, settings)} | {md(s.by)} | {_since(s, settings)}"
            f" | {s.events} | `{s.head}`{_holds(s)} | {'yes' if s.signed else 'no'} |"
        )
    return "\n".join([*lines_, ""])

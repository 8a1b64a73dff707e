"""Rich views for people: colour by state, human local dates, ids always visible.

Colours (MOCKUPS.md): overdue red, today yellow, soon default, slips magenta, kept green. Rich drops
colour by itself for ``NO_COLOR`` and for output that is not a terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Span, Text

from promisekeeper.dates import local_today
from promisekeeper.display import describe, distance, format_day_time, lateness
from promisekeeper.domain.due import DueView
from promisekeeper.domain.model import EventRecord, PromiseDetail, PromiseRecord
from promisekeeper.domain.rules import is_late_vs_agreed, is_overdue, outcome
from promisekeeper.domain.states import is_active
from promisekeeper.render.console import out, user_text
from promisekeeper.render.safe import clean

__all__ = ["out", "user_text"]  # shared with the views of other modules

if TYPE_CHECKING:
    from rich.console import Console

    from promisekeeper.config import Settings
    from promisekeeper.domain.model import CustomerSummary
    from promisekeeper.domain.report import Figures
    from promisekeeper.domain.results import (
        Change,
        CustomerDetail,
        CustomerList,
        DueResult,
        PromiseList,
        SettingList,
    )

STATE_STYLE = {
    "overdue": "bold red",
    "today": "yellow",
    "soon": "",
    "kept": "green",
    "kept late": "yellow",
    "broken": "red",
    "cancelled": "dim",
    "open": "",
}
SLIP_STYLE = "magenta"


def when_cell(moment: datetime, now: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    if local.date() == local_today(now, tz):
        return f"today {local:%H:%M}"
    return format_day_time(moment, now, tz)


def slip_note(promise: PromiseRecord, now: datetime, tz: tzinfo) -> str:
    parts = []
    if promise.slips:
        agreed = promise.baseline_due_at.astimezone(tz)
        parts.append(f"slipped {promise.slips}× · agreed {agreed:%a} {agreed.day} {agreed:%b}")
    if is_late_vs_agreed(promise, now) and not is_overdue(promise, now):
        parts.append("late vs agreed")
    return " · ".join(parts)


# --- pk due ------------------------------------------------------------------------------------


Cell = tuple[str, str]  # text and style


def _due_cells(p: PromiseRecord, settings: Settings, late: bool, show_owner: bool) -> list[Cell]:
    """The fixed columns of a ``pk due`` row: id, customer, [owner], due, distance."""
    now, tz = settings.now, settings.tz
    cells = [(f"#{p.id}", ""), (clean(p.customer), "")]
    if show_owner:
        cells.append((clean(p.owner), "dim"))
    cells.append((when_cell(p.due_at, now, tz), ""))
    cells.append((lateness(p.due_at, now, tz) if late else distance(p.due_at, now, tz), ""))
    return cells


def _fit(text: str, width: int, pad: bool) -> str:
    """Cut to ``width`` terminal cells with "…" (as Rich's ``Text.truncate``), padding if asked."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length) if pad else text


CUSTOMER_CAP, OWNER_CAP = 16, 10  # wider names are cut with "…" in the morning view


def _due_layout(
    rows: list[list[Cell]], what_lengths: list[int], show_owner: bool, width: int
) -> tuple[list[int], int]:
    """Column widths shared by every section, and the width left for the promise text."""
    caps = [99, CUSTOMER_CAP, *([OWNER_CAP] if show_owner else []), 99, 99]
    widths = [0] * len(caps)
    for cells in rows:
        widths = [
            max(w, min(cell_len(text), cap))
            for w, (text, _style), cap in zip(widths, cells, caps, strict=True)
        ]
    used = 1 + sum(widths) + 2 * len(widths)
    return widths, max(12, min(max(what_lengths, default=0), width - used))


Line = list[Cell]  # a line of the morning view as pieces of text, each with its style


def _section(
    title: str,
    rows: list[tuple[PromiseRecord, list[Cell], str]],
    style: str,
    settings: Settings,
    layout: tuple[list[int], int],
    console: Console,
    mode: str = "wrap",
    wide: bool = False,
) -> Iterator[Line]:
    """The lines of one section of the morning view. ``mode``: "wrap" the promise text over
    lines (a file or a pipe), "cut" it to one line with "…" (a terminal), or "narrow": cut, with
    the due date and the distance on a second line (a terminal too narrow for every column)."""
    now, tz = settings.now, settings.tz
    widths, what_width = layout
    yield [(f"{title} · {len(rows)}", f"bold {style}".strip())]
    indent = " " * (1 + widths[0] + 2)
    for p, cells, what in rows:
        if mode == "wrap" or (mode == "narrow" and wide):
            what_lines = (
                [line.plain for line in Text(what).wrap(console, what_width)]
                if cell_len(what) > what_width
                else [what]
            )
        else:
            what_lines = [what]
        line: Line = [
            (" ", ""),
            (cells[0][0].rjust(widths[0]), style),
            ("  ", ""),
            (_fit(what_lines[0] if what_lines else "", what_width, pad=True), ""),
        ]
        last = len(cells) - 1
        second: Line = []
        for index, (text, cell_style) in enumerate(cells[1:], start=1):
            on_first = mode != "narrow" or index == 1
            target = line if on_first else second
            target.append(("  ", ""))
            target.append(
                (
                    _fit(text, widths[index], pad=index < last and (on_first or index < last)),
                    style if index == last else cell_style,
                )
            )
        if mode == "narrow":
            line.pop()  # the customer is the last cell of the first line: no padding after it
            line.append((_fit(cells[1][0], widths[1], pad=False), cells[1][1]))
        yield line
        for more in what_lines[1:]:
            yield [(indent + more, "")]
        if second:
            yield [(indent, ""), *second[1:]]  # second[0] is the gap before the due date
        note = slip_note(p, now, tz)
        if note:
            yield [(indent, ""), (note, SLIP_STYLE)]
    yield []


def _as_text(lines: list[Line]) -> Text:
    """One Text for many lines: one object to render instead of one per piece or line."""
    plain: list[str] = []
    spans: list[Span] = []
    at = 0
    for number, line in enumerate(lines):
        if number:
            plain.append("\n")
            at += 1
        for text, style in line:
            if style and text:
                spans.append(Span(at, at + len(text), style))
            plain.append(text)
            at += len(text)
    return Text("".join(plain), spans=spans)


def _print_lines(console: Console, lines: list[Line], *, no_wrap: bool = True) -> None:
    """Print lines laid out to fit. With no styles to draw (a file, a pipe: no terminal), the
    text goes out as it is, without Rich's pass over every line (seconds for tens of thousands
    of rows)."""
    if console.color_system is None and no_wrap:
        from promisekeeper.render.safe import write_out

        write_out("".join("".join(text for text, _style in line) + "\n" for line in lines))
        return
    console.print(_as_text(lines), overflow="ignore", crop=False, no_wrap=no_wrap)


def due_view(view: DueView, settings: Settings, show_owner: bool, wide: bool = False) -> None:
    console = out()
    if not (view.overdue or view.today or view.soon):
        span = (
            "today"
            if view.days == 0
            else f"in the next {view.days} day" + ("s" if view.days != 1 else "")
        )
        line = Text(f"Nothing due {span}.")
        if view.next_after is not None:
            p = view.next_after
            line.append(f" Next: #{p.id} ")
            line.append_text(user_text(p.what))
            line.append(" (")
            line.append_text(user_text(p.customer))
            line.append(f"), {when_cell(p.due_at, settings.now, settings.tz)}.")
        else:
            line.append(" Nothing open after that either.")
        console.print(line)
        return
    width = console.width  # a property that asks the terminal each time
    sections = [
        ("Overdue", view.overdue, "red", True),
        ("Due today", view.today, "yellow", False),
        ("Due soon", view.soon, "", False),
    ]
    # Every cell is made once, and the whole view goes out in one print: the view of someone
    # with hundreds of open promises costs milliseconds, not a console call per line.
    prepared = [
        (
            title,
            [(p, _due_cells(p, settings, late, show_owner), clean(p.what)) for p in rows],
            style,
        )
        for title, rows, style, late in sections
    ]
    every = [row for _title, rows, _style in prepared for row in rows]
    layout = _due_layout(
        [cells for _p, cells, _what in every],
        [cell_len(what) for _p, _cells, what in every],
        show_owner,
        width,
    )
    mode = "wrap"
    if console.is_terminal:
        widths = layout[0]
        if 1 + sum(widths) + 2 * len(widths) + 12 > width:
            # id, what and customer on the first line; due and distance on the second
            mode = "narrow"
            layout = (widths, max(8, width - (1 + widths[0] + widths[1] + 4)))
        elif not wide:
            mode = "cut"
    lines: list[Line] = []
    for title, rows, style in prepared:
        if rows:
            lines.extend(_section(title, rows, style, settings, layout, console, mode, wide))
    parts = [
        (f"{len(view.overdue)} overdue", "red" if view.overdue else ""),
        (f"{len(view.today)} today", "yellow" if view.today else ""),
        (f"{len(view.soon)} soon", ""),
    ]
    if view.slipping:
        parts.append((f"{view.slipping} slipping", SLIP_STYLE))
    summary: Line = []
    for index, part in enumerate(parts):
        summary.extend([(" · ", ""), part] if index else [part])
    lines.append(summary)
    # Lines are laid out to fit; only on a terminal too narrow for the fixed columns does Rich
    # need to wrap them (word by word, which costs a pass over every line).
    fits = all(sum(cell_len(text) for text, _style in line) <= width for line in lines)
    _print_lines(console, lines, no_wrap=fits)


# --- pk promise list / overdue -------------------------------------------------------------------


def state_of(p: PromiseRecord, now: datetime, tz: tzinfo) -> str:
    if is_active(p.status):
        if is_overdue(p, now):
            return "overdue"
        return "today" if p.due_at.astimezone(tz).date() == local_today(now, tz) else "open"
    if p.status == "kept":
        return "kept" if outcome(p) == "kept_on_time" else "kept late"
    return p.status


def promise_table(
    rows: list[PromiseRecord],
    settings: Settings,
    show_owner: bool,
    *,
    limit: int | None = None,
    wide: bool = False,
) -> None:
    """A list of promises, one line each: id, what, customer, [owner], due, state.

    Drawn as lines laid out here (like the morning view), not as a Rich table, so that a long
    list costs milliseconds. On a terminal the text is cut with "…" to fit the width (``wide``:
    never) and the list stops at a screenful unless ``limit`` says otherwise (0: everything);
    piped to a file, every row and every word is written. Where the fixed columns leave too
    little room (a narrow terminal), due and state move to a second line: no column is
    dropped."""
    console, now, tz = out(), settings.now, settings.tz
    if not rows:
        console.print("No promises match.")
        return
    terminal = console.is_terminal
    if limit is None and terminal:
        limit = max(10, console.height - 4)
    shown = rows[:limit] if limit else rows
    header: list[str] = ["ID", "Customer", *(["Owner"] if show_owner else []), "Due", "State"]
    prepared = []
    for p in shown:
        state = state_of(p, now, tz)
        if is_active(p.status):
            label = (
                lateness(p.due_at, now, tz) if state == "overdue" else distance(p.due_at, now, tz)
            )
        else:
            label = state
        fixed: list[Cell] = [(f"#{p.id}", ""), (clean(p.customer), "")]
        if show_owner:
            fixed.append((clean(p.owner), "dim"))
        fixed.append((when_cell(p.due_at, now, tz), ""))
        fixed.append((label, STATE_STYLE.get(state, "")))
        tags = " ".join(f"#{clean(t)}" for t in p.tags)
        prepared.append((p, fixed, clean(p.what), tags))
    cut = terminal and not wide
    caps = [99, CUSTOMER_CAP, *([OWNER_CAP] if show_owner else []), 99, 99]
    if not cut:
        caps = [999] * len(caps)
    widths = [len(h) for h in header]
    for _p, fixed, _what, _tags in prepared:
        slips = f" ↻{_p.slips}" if _p.slips else ""
        lengths = [cell_len(text) for text, _style in fixed]
        lengths[-1] += len(slips)
        widths = [max(w, min(n, cap)) for w, n, cap in zip(widths, lengths, caps, strict=True)]
    full_what = max(cell_len(w) + (len(t) + 1 if t else 0) for _p, _f, w, t in prepared)
    width = console.width
    used = sum(widths) + 2 * len(widths)
    narrow = cut and used + 12 > width
    if not cut:
        what_width = max(full_what, 4)
    elif narrow:  # id, what, customer on the first line; the rest on the second
        used = widths[0] + widths[1] + 4
        what_width = max(8, width - used)
    else:
        what_width = max(4, min(full_what, width - used))
    lines: list[Line] = []
    head: Line = [(_fit("ID", widths[0], pad=False).rjust(widths[0]), "bold"), ("  ", "")]
    head.append((_fit("What", what_width, pad=True), "bold"))
    columns = [1] if narrow else list(range(1, len(header)))
    for index in columns:
        pad = index < columns[-1]
        head += [("  ", ""), (_fit(header[index], widths[index], pad=pad), "bold")]
    lines.append(head)
    indent = " " * (widths[0] + 2)
    for p, fixed, what, tags in prepared:
        style = fixed[-1][1]
        line: Line = [(fixed[0][0].rjust(widths[0]), style), ("  ", "")]
        text = f"{what} {tags}" if tags else what
        fitted = _fit(text, what_width, pad=True) if cut else text.ljust(what_width)
        if tags and fitted.startswith(what):
            line += [(what, ""), (fitted[len(what) :], "dim")]
        else:
            line.append((fitted, ""))
        rest: Line = []
        for index in range(1, len(fixed)):
            text_, cell_style = fixed[index]
            last = index == len(fixed) - 1
            target = line if not narrow or index == 1 else rest
            if target is rest and rest:
                rest.append(("  ", ""))
            elif target is line:
                line.append(("  ", ""))
            shown_text = text_ if last else _fit(text_, widths[index], pad=not narrow or index > 1)
            target.append((shown_text, cell_style))
            if last and p.slips:
                target.append((f" ↻{p.slips}", SLIP_STYLE))
        lines.append(line)
        if rest:
            lines.append([(indent, ""), *rest])
    hidden = len(rows) - len(shown)
    if hidden:
        lines.append(
            [
                (
                    f"… {hidden} more not shown: --limit 0 shows all, or send the list to a file.",
                    "dim",
                )
            ]
        )
    open_count = sum(1 for p in rows if is_active(p.status))
    overdue_count = sum(1 for p in rows if is_overdue(p, now))
    summary = f"{len(rows)} promise{'s' if len(rows) != 1 else ''}"
    if open_count and open_count != len(rows):
        summary += f" · {open_count} open"
    if overdue_count:
        summary += f" · {overdue_count} overdue"
    lines.append([(summary, "dim")])
    _print_lines(console, lines)


# --- pk promise show ---------------------------------------------------------------------------


def _short(moment: datetime, now: datetime, tz: tzinfo) -> str:
    return format_day_time(moment, now, tz)


def describe_event(event: EventRecord, settings: Settings) -> Text:
    now, tz, data = settings.now, settings.tz, event.data

    def when(key: str) -> str:
        return _short(datetime.fromisoformat(str(data[key])), now, tz)

    def differs(key: str) -> bool:
        value = data.get(key)
        if not isinstance(value, str):
            return False
        return abs((datetime.fromisoformat(value) - event.at).total_seconds()) > 60

    text = Text()
    kind = event.kind
    if kind == "created":
        text.append(f"created, due {when('due_at')}")
        if differs("made_at"):
            text.append(f" (made {when('made_at')})")
    elif kind == "rescheduled":
        text.append(f"rescheduled {when('from')} → {when('to')} · ")
        if data.get("customer_asked"):
            text.append("customer asked", style="cyan")
        elif data.get("slip"):
            label = "slip, with a heads-up" if data.get("heads_up") else "slip, after the due date"
            text.append(label, style=SLIP_STYLE)
        else:
            text.append("moved earlier")
        if data.get("reason"):
            text.append(" · ")
            text.append_text(user_text(f'"{data["reason"]}"'))
    elif kind in ("noted", "contacted"):
        text.append("note: " if kind == "noted" else "contacted: ")
        text.append_text(user_text(f'"{data.get("text", "")}"'))
    elif kind == "kept":
        text.append("kept", style="green")
        if differs("kept_at"):
            text.append(f" (delivered {when('kept_at')})")
        if data.get("note"):
            text.append(" · ")
            text.append_text(user_text(f'"{data["note"]}"'))
    elif kind in ("broken", "cancelled"):
        text.append(kind, style="red" if kind == "broken" else "dim")
        if data.get("reason"):
            text.append(": ")
            text.append_text(user_text(f'"{data["reason"]}"'))
    elif kind == "edited":
        text.append("edited ")
        for index, (name, (old, new)) in enumerate(sorted(data.get("changes", {}).items())):
            if index:
                text.append("; ")
            old_s = ", ".join(old) if isinstance(old, list) else str(old)
            new_s = ", ".join(new) if isinstance(new, list) else str(new)
            text.append(f"{name}: ")
            text.append_text(user_text(f'"{old_s}" → "{new_s}"'))
    else:
        text.append(kind)
    return text


def promise_detail(detail: PromiseDetail, settings: Settings) -> None:
    console, now, tz = out(), settings.now, settings.tz
    p = detail.promise
    state = state_of(p, now, tz)
    head = Text(f"#{p.id}  ", style="bold")
    head.append_text(user_text(p.what, "bold"))
    head.append(" — ")
    head.append_text(user_text(p.customer))
    head.append(" · owner ")
    head.append_text(user_text(p.owner))
    head.append(" · ")
    if is_active(p.status) and is_overdue(p, now):
        head.append(
            f"open · overdue {lateness(p.due_at, now, tz).removesuffix(' late')}", style="bold red"
        )
    else:
        head.append(
            state if not is_active(p.status) else p.status, style=STATE_STYLE.get(state, "")
        )
    console.print(head)

    line = Text("  ")
    if p.baseline_due_at != p.due_at:
        line.append(f"agreed  {_short(p.baseline_due_at, now, tz)}    now due  ")
    else:
        line.append("due  ")
    line.append(describe(p.due_at, now, tz) if is_active(p.status) else _short(p.due_at, now, tz))
    if p.original_due_at not in (p.baseline_due_at, p.due_at):
        line.append(f"    first promised  {_short(p.original_due_at, now, tz)}", style="dim")
    console.print(line)
    if p.slips:
        heads_up = p.slips_heads_up
        told = (
            "no heads-up"
            if heads_up == 0
            else "each with a heads-up"
            if heads_up == p.slips
            else f"{heads_up} with a heads-up"
        )
        late = " · late vs agreed" if is_late_vs_agreed(p, now) else ""
        console.print(Text(f"  slipped {p.slips}× ({told}){late}", style=SLIP_STYLE))
    if p.status == "kept" and p.kept_at is not None:
        verdict = "on time" if outcome(p) == "kept_on_time" else "late vs agreed"
        console.print(
            Text(f"  kept {_short(p.kept_at, now, tz)} · {verdict}", style=STATE_STYLE[state])
        )
    if p.tags:
        console.print(Text("  tags: " + ", ".join(clean(t) for t in p.tags), style="dim"))
    console.print()

    from rich.table import Table  # lazily: the morning view does not need it

    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(no_wrap=True, style="dim")
    table.add_column(overflow="fold")
    for event in detail.history:
        description = describe_event(event, settings)
        if event.by != p.owner:
            description.append(" · by ", style="dim")
            description.append_text(user_text(event.by, "dim"))
        table.add_row(f" {_short(event.at, now, tz)}", description)
    console.print(table)


# --- echoes after a change ------------------------------------------------------------------


def echo_change(verb: str, change: Change, settings: Settings, extra: str | None = None) -> None:
    console, p = out(), change.promise
    line = Text(f"{verb} #{p.id} ", style="bold")
    if verb == "Promised":
        line.append("to ", style="bold")
        line.append_text(user_text(p.customer, "bold"))
        line.append(" ")
    line.append("— ")
    line.append_text(user_text(p.what))
    console.print(line)
    if extra:
        console.print(Text(f"  {extra}"))
    for notice in change.notices:
        console.print(user_text(f"  Note: {notice}", "cyan"))


def due_line(p: PromiseRecord, settings: Settings) -> str:
    return f"due {describe(p.due_at, settings.now, settings.tz)}"


# --- customers ---------------------------------------------------------------------------------


def customer_table(rows: list[CustomerSummary], settings: Settings) -> None:
    """Every customer, one line each, laid out here (a Rich table costs about 0.25 ms a row:
    seconds for ten thousand customers). On a terminal long names are cut with "…"."""
    console = out()
    if not rows:
        console.print("No customers yet. `pk promise add WHAT --to CUSTOMER --by WHEN` adds one.")
        return
    cut = console.is_terminal
    prepared = [
        (
            clean(c.name),
            str(c.open),
            str(c.overdue),
            str(c.total),
            describe(c.next_due, settings.now, settings.tz) if c.next_due else "—",
            c.overdue,
        )
        for c in rows
    ]
    numbers = [
        max(len(title), *(len(str(row[i])) for row in prepared))
        for i, title in ((1, "Open"), (2, "Overdue"), (3, "All"))
    ]
    name_width = max(len("Customer"), *(cell_len(row[0]) for row in prepared))
    if cut:
        longest = max(cell_len(row[4]) for row in prepared)
        if 12 + sum(numbers) + 2 * 4 + longest > console.width:
            # Too narrow for the distance: the date alone ("Fri 27 Nov 17:00").
            prepared = [
                (
                    *row[:4],
                    when_cell(c.next_due, settings.now, settings.tz) if c.next_due else "—",
                    row[5],
                )
                for row, c in zip(prepared, rows, strict=True)
            ]
            longest = max(cell_len(row[4]) for row in prepared)
        room = console.width - sum(numbers) - 2 * 4 - longest
        name_width = max(8, min(name_width, room))
    lines: list[Line] = [
        [
            (_fit("Customer", name_width, pad=True), "bold"),
            ("  " + "Open".rjust(numbers[0]), "bold"),
            ("  " + "Overdue".rjust(numbers[1]), "bold"),
            ("  " + "All".rjust(numbers[2]), "bold"),
            ("  Next due", "bold"),
        ]
    ]
    for name, open_, overdue, total, next_due, late in prepared:
        shown = _fit(name, name_width, pad=True) if cut else name.ljust(name_width)
        lines.append(
            [
                (shown, ""),
                ("  " + open_.rjust(numbers[0]), ""),
                ("  ", ""),
                (overdue.rjust(numbers[1]), "red" if late else "dim"),
                ("  " + total.rjust(numbers[2]), ""),
                ("  " + next_due, ""),
            ]
        )
    _print_lines(console, lines)


def percent(rate: float | None) -> str:
    """Whole percent, halves rounded up (71.43 → 71%, 85.71 → 86%); — when there is no rate."""
    return "—" if rate is None else f"{int(rate * 100 + 0.5)}%"


def rate_phrase(figures: Figures, span: str) -> str:
    """``67% all time (8 of 12)``, or ``— last 90 days (nothing due)``."""
    if figures.kept_rate is None:
        return f"— {span} (nothing judged)"
    return f"{percent(figures.kept_rate)} {span} ({figures.kept_on_time} of {figures.judged})"


def customer_detail(detail: CustomerDetail, settings: Settings) -> None:
    console, now, tz = out(), settings.now, settings.tz
    s = detail.summary
    head = user_text(detail.name, "bold")
    head.append(f" · {s.open} open · {s.overdue} overdue · {s.total} in all")
    console.print(head)
    rates = Text("  Kept-rate  ")
    rates.append(rate_phrase(detail.all_time, "all time"))
    rates.append(" · ")
    rates.append(rate_phrase(detail.last_90_days, "last 90 days"))
    console.print(rates)
    console.print()
    if detail.open:
        console.print(Text("Open", style="bold"))
        promise_table(detail.open, settings, show_owner=True)
        console.print()
    if detail.history:
        console.print(Text("Latest", style="bold"))
        from rich.table import Table  # lazily: the morning view does not need it

        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(no_wrap=True, justify="right")
        table.add_column(overflow="fold")
        for promise_id, what, event in detail.history:
            line = user_text(what)
            line.append(" — ")
            line.append_text(describe_event(event, settings))
            table.add_row(f" {_short(event.at, now, tz)}", f"#{promise_id}", line)
        console.print(table)


# --- one function per result type (render.registry) ---------------------------------------------


def promise_list(result: PromiseList, settings: Settings) -> None:
    if not result.rows:
        out().print(result.empty)
        return
    promise_table(result.rows, settings, result.show_owner, limit=result.limit, wide=result.wide)


def due_result(result: DueResult, settings: Settings) -> None:
    due_view(result.view, settings, result.show_owner, result.wide)


def customer_list(result: CustomerList, settings: Settings) -> None:
    customer_table(result.rows, settings)


def setting_list(result: SettingList, settings: Settings) -> None:
    from rich.table import Table

    grid = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    for column in ("Setting", "Value", "From", "Meaning"):
        grid.add_column(column, overflow="fold")
    for s in result.rows:
        grid.add_row(s.name, user_text(s.value or "—"), s.source, s.meaning)
    console = out()
    console.print(grid)
    console.print(user_text(f"Config file: {result.path}", "dim"))

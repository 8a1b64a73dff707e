"""Rich views for people: colour by state, human local dates, ids always visible.

Colours (docs/decisions.md, Output): overdue red, today yellow, soon default, slips magenta,
kept green. Rich drops colour by itself for ``NO_COLOR`` and for output that is not a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from promisekeeper.dates import local_today
from promisekeeper.display import (
    also_here,
    deadline,
    describe,
    describe_for,
    distance,
    format_day_time,
    format_for,
    lateness,
)
from promisekeeper.domain.due import DueView
from promisekeeper.domain.model import EventRecord, PromiseDetail, PromiseRecord
from promisekeeper.domain.rules import is_late_vs_agreed, is_overdue, outcome
from promisekeeper.domain.states import STYLE, is_active
from promisekeeper.render.console import (
    Cell,
    Column,
    Line,
    Screen,
    cell_len,
    fit_cell,
    folded_parts,
    out,
    user_text,
)
from promisekeeper.render.safe import clean

__all__ = ["fit_cell", "out", "user_text"]  # shared with the views of other modules

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.feedback import Flag
    from promisekeeper.domain.model import CustomerSummary
    from promisekeeper.domain.report import Figures
    from promisekeeper.domain.results import Change, DueResult, PromiseList
    from promisekeeper.domain.results.customers import CustomerDetail, CustomerList
    from promisekeeper.domain.results.settings import SettingList

# Each state's style (domain/states.py), and the words a list shows beside them.
STATE_STYLE = {**STYLE, "overdue": "bold red", "today": "yellow", "soon": "", "kept late": "yellow"}
SLIP_STYLE = "magenta"


def when_cell(moment: datetime | None, now: datetime, tz: tzinfo, theirs: str | None = None) -> str:
    """``today 17:00``, ``Fri 27 Nov 17:00``; for a customer in another zone, its time first:
    ``Fri 27 Nov 17:00 Berlin (11:00 here)``; ``—`` for a promise without a date."""
    if moment is None:
        return "—"
    if theirs is not None:
        zone = customer_zone(theirs)
        if also_here(moment, tz, zone) is not None:
            return format_for(moment, now, tz, zone)
    local = moment.astimezone(tz)
    if local.date() == local_today(now, tz):
        return f"today {local:%H:%M}"
    return format_day_time(moment, now, tz)


def customer_zone(name: str) -> tzinfo:
    from promisekeeper.config import zone_named

    return zone_named(name)


def slip_note(promise: PromiseRecord, now: datetime, tz: tzinfo) -> str:
    parts = []
    if promise.slips:  # the agreed day as the customer was told it (docs/dates.md)
        zone = customer_zone(promise.customer_zone) if promise.customer_zone else tz
        agreed = promise.agreed.astimezone(zone)
        parts.append(f"slipped {promise.slips}× · agreed {agreed:%a} {agreed.day} {agreed:%b}")
    if is_late_vs_agreed(promise, now) and not is_overdue(promise, now):
        parts.append("late vs agreed")
    return " · ".join(parts)


# --- pk due ------------------------------------------------------------------------------------


RISK_TITLE, RISK_STYLE = "At risk", "dark_orange"
WAIT_TITLE, WAIT_STYLE = "Waiting on customer", "cyan"
ASKED_TITLE, ASKED_STYLE = "Unanswered", "yellow"
OWED_TITLE, OWED_STYLE = "Update owed", "blue"
TODAY_TITLE = "Due today"
THEIRS_TITLE, THEIRS_STYLE = "Owed to you", "cyan"  # promises others made to us (docs/owed.md)
# The customers whose review is due are listed after the updates owed: before this section.
REVIEWS_BEFORE = TODAY_TITLE


def risk_text(used: float) -> str:
    """``82% used``: the share of its business time a promise at risk has used (rounded down,
    so that a promise just past ``risk.at`` never reads as less)."""
    return f"{int(used * 100)}% used"


def _due_cells(
    p: PromiseRecord,
    settings: Settings,
    late: bool,
    show_owner: bool,
    used: float | None = None,
    escalated: bool = False,
    state: str | None = None,
    flagged: bool = False,
    answer: bool = False,
    held: bool = False,
) -> list[Cell]:
    """The fixed columns of a ``pk due`` row: id, customer, [owner], due, distance (and the
    share of business time used, for a promise at risk); ``state`` instead of the distance;
    with ``answer`` (a request past ``unanswered.chase``) "answer" where its date will be."""
    now, tz = settings.now, settings.tz
    cells = [(f"#{p.id}", ""), (clean(p.customer), "")]
    if show_owner:
        cells.append((clean(p.owner), "dim"))
    if answer:
        cells.append(("answer", ASKED_STYLE))
    else:
        cells.append((when_cell(p.due_at, now, tz, p.customer_zone), ""))
    if state is None:
        state = lateness(p.due, now, tz) if late else distance(p.due, now, tz)
    if used is not None and not ((flagged or held) and used < settings.risk_at):
        state = f"{state} · {risk_text(used)}"  # a flag alone says why it is at risk
    if flagged:
        state = f"{state} · flagged"
    if held:  # an owed promise leaves it too little time (docs/owed.md)
        state = f"{state} · held up"
    if escalated:
        state = f"{state} · escalated"
    cells.append((state, ""))
    return cells


NAME_FLOOR = 10  # a customer or owner name is cut no shorter than this (or its whole length)


class DueLayout:
    """How the morning view's rows are laid out on one width: the widths of the columns beside
    the promise text (id, customer, [owner], due, distance), the text's width, and ``mode``:
    "line" (one line a row), "wrap" (one line, the text wrapped below: a file or a pipe) or
    "narrow" (id, text and customer on the first line; owner, due and distance on a second).

    The text gets the width first: up to its whole length, and at least half the line, before
    any name is cut; names are cut only when the line is full, and never below ``NAME_FLOOR``
    (docs/decisions.md, "Output")."""

    __slots__ = ("mode", "what", "widths")

    def __init__(self, widths: list[int], what: int, mode: str) -> None:
        self.widths, self.what, self.mode = widths, what, mode

    @property
    def indent(self) -> str:
        return " " * (1 + self.widths[0] + 2)


WHEN_CAP, STATE_CAP = 16, 24  # "Wed 18 Nov 17:00", "waited 2.9 business days"


def due_layout(
    rows: list[list[Cell]], what_lengths: list[int], show_owner: bool, width: int, terminal: bool
) -> DueLayout:
    names = [1, 2] if show_owner else [1]  # the customer's column, and the owner's
    widths = [0] * (5 if show_owner else 4)
    for cells in rows:
        widths = [max(w, cell_len(text)) for w, (text, _style) in zip(widths, cells, strict=True)]
    # a longer due or state cell (a customer's own zone) takes its row's second line instead
    widths[-2], widths[-1] = min(widths[-2], WHEN_CAP), min(widths[-1], STATE_CAP)
    natural = list(widths)
    longest = max(what_lengths, default=0)
    share = min(longest, max(width // 2, 20))  # the text's part before any name is cut
    used = 1 + sum(widths) + 2 * len(widths)
    if used + longest <= width:
        return DueLayout(widths, longest, "line" if terminal else "wrap")
    spare = width - used - share  # negative: what the names must give up
    for column in reversed(names):  # the owner gives up first, then the customer
        floor = min(widths[column], NAME_FLOOR)
        give = min(max(0, -spare), widths[column] - floor)
        widths[column] -= give
        spare += give
    used = 1 + sum(widths) + 2 * len(widths)
    if spare >= 0 or not terminal:
        return DueLayout(widths, max(12, width - used), "line" if terminal else "wrap")
    # too narrow for every column on one line: the due date and distance go to a second line
    first = [natural[0], min(natural[1], max(NAME_FLOOR, width // 4))]
    return DueLayout(
        [*first, *natural[2:]], max(8, width - (1 + first[0] + 2 + 2 + first[1])), "narrow"
    )


def _due_row(
    p: PromiseRecord,
    cells: list[Cell],
    what: str,
    style: str,
    layout: DueLayout,
    screen: Screen,
    settings: Settings,
    whole: bool,
    note: str | None,
    slips: bool = True,
) -> list[Line]:
    """The lines of one row of the morning view: the text cut to one line, or with ``whole``
    (or in a file) wrapped over as many as it needs; in the narrow layout, or when its due or
    state cell is longer than its column, the owner, due date and state on the next line (the
    state on one more when they do not fit together); then the slip note and the row's own
    note, each folded under the text."""
    widths, narrow = layout.widths, layout.mode == "narrow"
    last = len(cells) - 1
    if not narrow and any(cell_len(cells[i][0]) > widths[i] for i in (last - 1, last)):
        narrow = True  # this row alone
    what_width = layout.what
    what_lines = screen.wrap(what, what_width) if whole or layout.mode == "wrap" else [what]
    line: Line = [
        (" ", ""),
        (cells[0][0].rjust(widths[0]), style),
        ("  ", ""),
        (fit_cell(what_lines[0] if what_lines else "", what_width, pad=True), ""),
    ]
    indent = layout.indent
    room = max(12, screen.width - len(indent))
    below: list[Line] = []
    if narrow:
        line += [("  ", ""), (fit_cell(cells[1][0], widths[1], pad=False), cells[1][1])]
        second: Line = []
        length = 0
        for index, (text, cell_style) in enumerate(cells[2:], start=2):
            piece_style = style if index == last else cell_style
            whole_cell = index == last or cell_len(text) >= widths[index]
            padded = text if whole_cell else fit_cell(text, widths[index], pad=True)
            if second and length + 2 + cell_len(padded) > room:  # one more line
                below.append([(indent, ""), *second])
                second, length = [], 0
            elif second:
                second.append(("  ", ""))
                length += 2
            second.append((padded, piece_style))
            length += cell_len(padded)
        below.append([(indent, ""), *second])
    else:
        for index, (text, cell_style) in enumerate(cells[1:], start=1):
            line.append(("  ", ""))
            line.append(
                (
                    fit_cell(text, widths[index], pad=index < last),
                    style if index == last else cell_style,
                )
            )
    lines = [line, *([(indent + more, "")] for more in what_lines[1:]), *below]
    slipped = slip_note(p, settings.now, settings.tz) if slips else ""
    notes = [(slipped, SLIP_STYLE), (clean(note or ""), "dim")]
    for said, said_style in notes:
        if said:
            lines += [[(indent, ""), (part, said_style)] for part in screen.wrap(said, room)]
    return lines


def _twins(texts: list[str], width: int) -> set[int]:
    """The places of texts that would look the same as another once cut to ``width``."""
    seen: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        seen.setdefault(fit_cell(text, width, pad=False), []).append(index)
    return {
        i
        for places in seen.values()
        if len({texts[i] for i in places}) > 1
        for i in places
        if cell_len(texts[i]) > width
    }


def fit_sections(
    heights: list[list[int]], hidden: list[int], room: int
) -> tuple[list[int], bool] | None:
    """How many rows of each section the morning view shows in ``room`` lines, and whether the
    sections keep the blank line between them; None if all of it fits as it is. ``heights``
    are the line counts of each section's rows, ``hidden`` the rows each leaves out already. A
    section takes its title, its rows, a line saying how many are left out (if any) and a blank
    line. The most urgent sections (first) keep their first rows: each section gets its first
    row while there is room, in order; then the others go one row a section at a time, in
    order, while they fit. A section left with no row shows its title and count alone; when
    one would, the blank lines go first, if that shows more rows."""

    def cost(counts: list[int], gap: int) -> int:
        total = 0
        for rows, count, left in zip(heights, counts, hidden, strict=True):
            if rows:
                shown = sum(rows[:count])
                total += 1 + gap + shown + (1 if count and (count < len(rows) or left) else 0)
        return total

    def share(gap: int) -> list[int]:
        counts = [0] * len(heights)
        growing = True
        while growing:
            growing = False
            for index, rows in enumerate(heights):
                if counts[index] < len(rows):
                    counts[index] += 1
                    if cost(counts, gap) <= room:
                        growing = True
                    else:
                        counts[index] -= 1
        return counts

    if cost([len(rows) for rows in heights], 1) <= room:
        return None
    spaced = share(1)
    if all(count for rows, count in zip(heights, spaced, strict=True) if rows):
        return spaced, True
    packed = share(0)
    return (packed, False) if sum(packed) > sum(spaced) else (spaced, True)


def due_view(
    view: DueView, settings: Settings, show_owner: bool, wide: bool = False, fit: bool = True
) -> None:
    """The morning view. On a terminal, with ``fit``, the whole of it fits the terminal's
    height: ``fit_sections`` decides how many rows of each section it shows."""
    screen = out()
    for promise_id, what, customer, by in view.handed_over:
        screen.line(
            ("Handed to you: ", "bold"),
            (f"#{promise_id} ", ""),
            user_text(what),
            (" (", ""),
            user_text(customer),
            (")", ""),
            *(((" by ", ""), user_text(by)) if by else ()),
        )
    reviews = review_lines(view, settings, screen.width)
    if view.empty:
        screen.print(reviews, wrap=screen.is_terminal)
        span = (
            "today"
            if view.days == 0
            else f"in the next {view.days} day" + ("s" if view.days != 1 else "")
        )
        if view.next_after is not None:
            p = view.next_after
            screen.line(
                (f"Nothing due {span}. Next: #{p.id} ", ""),
                user_text(p.what),
                (" (", ""),
                user_text(p.customer),
                (f"), {when_cell(p.due, settings.now, settings.tz)}.", ""),
            )
        else:
            screen.line((f"Nothing due {span}. Nothing open after that either.", ""))
        return
    width = screen.width
    sections = [
        ("Overdue", view.overdue, "red", True),
        (RISK_TITLE, view.at_risk, RISK_STYLE, False),
        (ASKED_TITLE, view.unanswered, ASKED_STYLE, False),
        (WAIT_TITLE, view.waiting, WAIT_STYLE, False),
        (OWED_TITLE, view.update_owed, OWED_STYLE, False),
        (TODAY_TITLE, view.today, "yellow", False),
        ("Due soon", view.soon, "", False),
        (THEIRS_TITLE, view.owed, THEIRS_STYLE, False),
    ]
    more = {
        "Overdue": view.more_overdue,
        RISK_TITLE: view.more_at_risk,
        ASKED_TITLE: view.more_unanswered,
        WAIT_TITLE: view.more_waiting,
        OWED_TITLE: view.more_update_owed,
        TODAY_TITLE: view.more_today,
        "Due soon": view.more_soon,
    }
    used = dict(zip((p.id for p in view.at_risk), view.risk_used, strict=True))
    states, notes = wait_and_owed(view, settings)
    flags = {f.promise_id: f for f in view.risk_flags if f is not None}
    for flag in flags.values():
        notes[flag.promise_id] = flag_note(flag)
    held_up = {p.id for p, held in zip(view.at_risk, view.risk_blocked, strict=False) if held}
    for p, held in zip(view.at_risk, view.risk_blocked, strict=False):
        if held:  # an owed promise's slack: its line
            notes[p.id] = " · ".join([*map(clean, held), *([notes[p.id]] if p.id in notes else [])])
    # plan B where it is at risk, overdue or escalated (docs/owed.md)
    planned = {p.id for p in (*view.overdue, *view.at_risk)} | view.escalated
    for p in (*view.overdue, *view.at_risk, *view.today, *view.soon):
        if p.plan_b and p.id in planned:
            plan = f"plan B: {p.plan_b}"
            notes[p.id] = f"{notes[p.id]} · {plan}" if p.id in notes else plan
    for p in view.owed:
        states[p.id] = (
            lateness(p.due, settings.now, settings.tz)
            if p.due < settings.now
            else distance(p.due, settings.now, settings.tz)
        )
    # Every cell is made once, and the whole view goes out in one print: the view of someone
    # with hundreds of open promises costs milliseconds, not a console call per line.
    prepared = [
        (
            title,
            [
                (
                    p,
                    _due_cells(
                        p,
                        settings,
                        late,
                        show_owner,
                        used.get(p.id),
                        p.id in view.escalated,
                        states.get(p.id),
                        p.id in flags,
                        p.id in view.answer,
                        p.id in held_up,
                    ),
                    clean(p.what),
                )
                for p in rows
            ],
            style,
        )
        for title, rows, style, late in sections
    ]
    every = [row for _title, rows, _style in prepared for row in rows]
    layout = due_layout(
        [cells for _p, cells, _what in every],
        [cell_len(what) for _p, _cells, what in every],
        show_owner,
        width,
        screen.is_terminal,
    )
    if screen.is_terminal and wide:
        layout.mode = "wrap" if layout.mode == "line" else layout.mode
    # two promises never look the same once cut: those that would are shown whole
    twins = _twins([what for _p, _cells, what in every], layout.what)
    blocks: list[list[list[Line]]] = []
    place = 0
    for _title, rows, style in prepared:
        block = []
        for p, cells, what in rows:
            whole = place in twins or (wide and layout.mode == "narrow")
            block.append(
                _due_row(p, cells, what, style, layout, screen, settings, whole, notes.get(p.id))
            )
            place += 1
        blocks.append(block)
    summary = _summary_lines(view, width if screen.is_terminal else 0)
    shown, spaced = [len(block) for block in blocks], True
    if fit and screen.is_terminal:
        # the whole view fits the terminal's height, the prompt's line kept free
        room = screen.height - 1 - len(summary) - len(view.handed_over) - len(reviews)
        fitted = fit_sections(
            [[len(lines) for lines in block] for block in blocks],
            [more.get(title, 0) for title, _rows, _style in prepared],
            room,
        )
        if fitted is not None:
            shown, spaced = fitted
    lines: list[Line] = []
    for (title, rows, style), block, count in zip(prepared, blocks, shown, strict=True):
        if title == REVIEWS_BEFORE:
            lines.extend(reviews)
            reviews = []
        if not rows:
            continue
        left = len(rows) - count + more.get(title, 0)
        lines.append([(f"{title} · {len(rows) + more.get(title, 0)}", f"bold {style}".strip())])
        for row_lines in block[:count]:
            lines.extend(row_lines)
        if left and count:
            lines.append([(f"  … {left} more not shown: --limit 0 shows them all.", "dim")])
        elif left:
            lines[-1].append((" · --limit 0 shows them", "dim"))
        if spaced:
            lines.append([])
    lines.extend(summary)
    # Lines are laid out to fit; only on a terminal too narrow for the fixed columns does Rich
    # need to wrap them (word by word, which costs a pass over every line).
    screen.print(lines, wrap=True)


REVIEW_TITLE, REVIEW_STYLE = "Review due", "green"


def review_lines(view: DueView, settings: Settings, width: int) -> list[Line]:
    """The "Review due" section: each customer whose review is due, with its rhythm, its last
    review and since when it is due (docs/feedback.md), and the blank line after it."""
    if not view.review_due:
        return []
    lines: list[Line] = [[(f"{REVIEW_TITLE} · {len(view.review_due)}", f"bold {REVIEW_STYLE}")]]
    for r in view.review_due:
        last = (
            f"last {format_day_time(r.last_review, settings.now, settings.tz)}"
            if r.last_review
            else "never reviewed"
        )
        since = format_day_time(r.due_since, settings.now, settings.tz)
        parts = [
            (clean(r.customer), "bold"),
            (r.rhythm, ""),
            (last, ""),
            (f"due since {since}", ""),
            (f'pk customer review "{clean(r.customer)}"', "dim"),
        ]
        lines += [[("  ", ""), *line] for line in folded_parts(parts, max(20, width - 2), "  ")]
    lines.append([])
    return lines


def _summary_lines(view: DueView, width: int) -> list[Line]:
    """The counts under the morning view, broken between counts (never inside one) to fit
    ``width`` (0: one line)."""
    parts = [(f"{view.overdue_count} overdue", "red" if view.overdue else "")]
    if view.at_risk_count:
        parts.append((f"{view.at_risk_count} at risk", RISK_STYLE))
    if view.unanswered_count:
        parts.append((f"{view.unanswered_count} unanswered", ASKED_STYLE))
    if view.waiting_count:
        parts.append((f"{view.waiting_count} waiting", WAIT_STYLE))
    if view.update_owed_count:
        parts.append((f"{view.update_owed_count} update owed", OWED_STYLE))
    if view.review_due:
        parts.append((f"{len(view.review_due)} review due", REVIEW_STYLE))
    parts += [
        (f"{view.today_count} today", "yellow" if view.today else ""),
        (f"{view.soon_count} soon", ""),
    ]
    if view.owed:
        parts.append((f"{len(view.owed)} owed to you", THEIRS_STYLE))
    if view.slipping:
        parts.append((f"{view.slipping} slipping", SLIP_STYLE))
    return folded_parts(parts, width, indent="")


def flag_note(flag: Flag) -> str:
    """``flagged by bob: won't make it, the vendor is late``."""
    return f"flagged by {clean(flag.by)}" + (f": {clean(flag.text)}" if flag.text else "")


def asked_state(hours: float, day_hours: float) -> str:
    """``waited 2 business days``: how long the customer has waited for the answer to a
    request (docs/words.md)."""
    from promisekeeper.display import business_span

    return f"waited {business_span(hours, day_hours)}" if hours >= 1 / 60 else "asked just now"


def wait_and_owed(view: DueView, settings: Settings) -> tuple[dict[int, str], dict[int, str]]:
    """The state cell and the note line of the rows waiting on the customer ("waited 2
    business days · chase"; "waiting for the logs") and owed an update ("no update since
    Mon 23 Nov · every 2 business days")."""
    from promisekeeper.display import business_span

    states, notes = {}, {}
    for p, hours in zip(view.unanswered, view.unanswered_hours, strict=True):
        states[p.id] = asked_state(hours, settings.day_hours)
    for p, hours, reason in zip(view.waiting, view.waiting_hours, view.waiting_for, strict=True):
        states[p.id] = f"waited {business_span(hours, settings.day_hours)}" + (
            " · chase" if p.id in view.chase else ""
        )
        if reason:
            notes[p.id] = f"waiting for {reason}"
    for p, since in zip(view.update_owed, view.owed_since, strict=True):
        states[p.id] = f"{distance(p.due, settings.now, settings.tz)} · update owed"
        owed = format_day_time(since, settings.now, settings.tz)
        notes[p.id] = f"update owed since {owed} (every {p.update_every})"
    return states, notes


# --- pk promise list / overdue -------------------------------------------------------------------


def state_of(p: PromiseRecord, now: datetime, tz: tzinfo) -> str:
    if p.status == "waiting" or p.due_at is None:
        return p.status
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
    counts: tuple[int, int, int] | None = None,
) -> None:
    """A list of promises, one row each: id, what, customer, [owner], due, state.

    Laid out by the morning view's rule (``due_layout``): the text gets the width first, names
    are cut only when the line is full, two texts that would look the same once cut are shown
    whole, and on a narrow terminal due and state go to a second line (no column is dropped).
    On a terminal (``wide``: the text is never cut) the list stops where the terminal's height
    does unless ``limit`` says otherwise (0: everything); piped to a file, every row and every
    word is written. ``counts`` (all that match, open, overdue) when ``rows`` is only the
    first page."""
    screen, now, tz = out(), settings.now, settings.tz
    if not rows:
        screen.line(("No promises match.", ""))
        return
    terminal = screen.is_terminal
    shown = rows[:limit] if limit else rows
    party = "From" if rows and all(p.owed for p in rows) else "Customer"  # owed to us: who owes
    header = ["ID", party, *(["Owner"] if show_owner else []), "Due", "State"]
    prepared = []
    for p in shown:
        state = state_of(p, now, tz)
        if p.status == "unanswered":  # how long the customer has waited for an answer
            label = f"unanswered · asked {distance(p.made_at, now, tz)}"
        elif is_active(p.status) and state != "waiting":
            label = lateness(p.due, now, tz) if state == "overdue" else distance(p.due, now, tz)
        else:
            label = state
        if p.slips:
            label = f"{label} {SLIPS_MARK}{p.slips}"
        cells: list[Cell] = [(f"#{p.id}", ""), (clean(p.customer), "")]
        if show_owner:
            cells.append((clean(p.owner), "dim"))
        cells.append((when_cell(p.due_at, now, tz, p.customer_zone), ""))
        cells.append((label, STATE_STYLE.get(state, "")))
        tags = " ".join(f"#{clean(t)}" for t in p.tags)
        what = clean(p.what)
        prepared.append((p, cells, f"{what} {tags}" if tags else what, len(what)))
    heading: list[Cell] = [(name, "bold") for name in header]
    table = [heading, *(cells for _p, cells, _text, _plain in prepared)]
    lengths = [4, *(cell_len(text) for _p, _cells, text, _plain in prepared)]
    layout = due_layout(
        table,
        lengths,
        show_owner,
        screen.width,
        terminal,
    )
    if not terminal:  # a file: every word of every row on its one line
        layout = DueLayout(
            [max(cell_len(text) for text, _style in column) for column in zip(*table, strict=True)],
            max(lengths),
            "line",
        )
    whole_rows = wide and terminal
    if whole_rows and layout.mode == "line":
        layout.mode = "wrap"
    twins = _twins([text for _p, _cells, text, _plain in prepared], layout.what)
    head: Line = [(" ", ""), ("ID".rjust(layout.widths[0]), "bold"), ("  ", "")]
    head.append((fit_cell("What", layout.what, pad=True), "bold"))
    named = [1] if layout.mode == "narrow" else list(range(1, len(header)))
    for index in named:
        pad = index < named[-1]
        head += [("  ", ""), (fit_cell(header[index], layout.widths[index], pad=pad), "bold")]
    room = screen.height - 4 if terminal and limit is None else None  # head, more, tail, prompt
    lines: list[Line] = [head]
    count = 0
    for place, (p, cells, text, plain) in enumerate(prepared):
        style = cells[-1][1]
        row = _due_row(
            p, cells, text, style, layout, screen, settings,
            whole=whole_rows or place in twins, note=None, slips=False,
        )  # fmt: skip
        if plain < len(text):  # the tags, dimmed, where they show
            _dim_tags(row[0], plain)
        if room is not None and count and len(lines) - 1 + len(row) > room:
            break
        lines.extend(row)
        count += 1
    total, open_count, overdue_count = counts or (
        len(rows),
        sum(1 for p in rows if is_active(p.status)),
        sum(1 for p in rows if is_overdue(p, now)),
    )
    hidden = total - count
    if hidden:
        lines.append([(f"… {hidden} more not shown: --limit 0 shows them all.", "dim")])
    summary = [f"{total} promise{'s' if total != 1 else ''}"]
    if open_count and open_count != total:
        summary.append(f"{open_count} open")
    if overdue_count:
        summary.append(f"{overdue_count} overdue")
    if any(p.slips for p, _cells, _text, _plain in prepared[:count]):
        summary.append(f"{SLIPS_MARK}n: moved n times")
    lines += folded_parts([(part, "dim") for part in summary], screen.width if terminal else 0, "")
    screen.print(lines, wrap=terminal)


SLIPS_MARK = "↻"  # beside a state in a list: how many times the promise moved


def _dim_tags(line: Line, plain: int) -> None:
    """Dim the tags after the first ``plain`` characters of a row's text cell (its fourth)."""
    text, style = line[3]
    line[3:4] = [(text[:plain], style), (text[plain:], "dim")]


# --- pk promise show ---------------------------------------------------------------------------


def _short(moment: datetime, now: datetime, tz: tzinfo) -> str:
    return format_day_time(moment, now, tz)


class _Event:
    """An event being described: its details, read as the describers need them."""

    def __init__(self, event: EventRecord, settings: Settings) -> None:
        self.at, self.data, self.settings = event.at, event.data, settings

    def when(self, key: str) -> str:
        moment = datetime.fromisoformat(str(self.data[key]))
        return _short(moment, self.settings.now, self.settings.tz)

    def differs(self, key: str) -> bool:
        """The time under ``key`` is more than a minute from when the event was written."""
        value = self.data.get(key)
        if not isinstance(value, str):
            return False
        return abs((datetime.fromisoformat(value) - self.at).total_seconds()) > 60

    def quoted(self, key: str, before: str) -> Line:
        """``before`` and the detail in quotes, when the event has it."""
        value = self.data.get(key)
        return [(before, ""), user_text(f'"{value}"')] if value else []


def _handed(e: _Event) -> Line:
    """``handed to bob while alice is away``, ``handed back to alice by bob``."""
    giver, taker = user_text(str(e.data.get("from", ""))), user_text(str(e.data.get("to", "")))
    if e.data.get("reason") == "back":
        return [("handed back to ", ""), taker, (" by ", ""), giver]
    if e.data.get("reason") == "away":
        return [("handed to ", ""), taker, (" while ", ""), giver, (" is away", "")]
    return [("handed to ", ""), taker, (" by ", ""), giver]


def _created(e: _Event) -> Line:
    if e.data.get("unanswered") or "due_at" not in e.data:  # a request (docs/words.md)
        line: Line = [("asked: a request, not answered yet", STATE_STYLE["unanswered"])]
        line += e.quoted("hedge", " · hedged: ")
    else:
        line = [(f"created, due {e.when('due_at')}", "")]
    if e.differs("made_at"):
        line.append((f" (made {e.when('made_at')})", ""))
    if "after" in e.data:  # the next of a recurring series (docs/owed.md)
        line.append((f" · next after #{e.data['after']}", ""))
    return line + _effort(e, "effort stated about ")


def _effort(e: _Event, before: str) -> Line:
    minutes = e.data.get("effort_minutes")
    if not isinstance(minutes, int | float) or isinstance(minutes, bool):
        return []
    from promisekeeper.domain.effort import effort_text

    return [(f" · {before}{effort_text(minutes)}", "")]


def _answered(e: _Event) -> Line:
    from promisekeeper.display import business_span

    took = business_span(float(e.data.get("business_hours", 0)), e.settings.day_hours)
    return [(f"answered: due {e.when('to')} · after {took}", "")]


def _rescheduled(e: _Event) -> Line:
    line: Line = [(f"rescheduled {e.when('from')} → {e.when('to')} · ", "")]
    if e.data.get("customer_asked"):
        line.append(("customer asked", "cyan"))
    elif e.data.get("slip"):
        label = "slip, with a heads-up" if e.data.get("heads_up") else "slip, after the due date"
        line.append((label, SLIP_STYLE))
    else:
        line.append(("moved earlier", ""))
    return line + e.quoted("reason", " · ")


def _kept(e: _Event) -> Line:
    line: Line = [("kept", STATE_STYLE["kept"])]
    if e.differs("kept_at"):
        line.append((f" (delivered {e.when('kept_at')})", ""))
    return line + e.quoted("note", " · ") + _effort(e, "took ")


def _closed(kind: str) -> Callable[[_Event], Line]:
    return lambda e: [(kind, STATE_STYLE[kind]), *e.quoted("reason", ": ")]


def _resumed(e: _Event) -> Line:
    from promisekeeper.display import business_span

    hours = float(e.data.get("waited_business_hours", 0))
    line: Line = [(f"waited {business_span(hours, e.settings.day_hours)}", STATE_STYLE["waiting"])]
    line += e.quoted("reason", " for ")
    if e.data.get("from") != e.data.get("to"):
        line.append((f" · due {e.when('from')} → {e.when('to')} (not a slip)", ""))
    if e.data.get("ended_by"):
        line.append((f" · ended by {e.data['ended_by']}", "dim"))
    return line


def _edited(e: _Event) -> Line:
    line: Line = [("edited ", "")]
    for index, (name, (old, new)) in enumerate(sorted(e.data.get("changes", {}).items())):
        if index:
            line.append(("; ", ""))
        old_s = ", ".join(old) if isinstance(old, list) else str(old or "none")
        new_s = ", ".join(new) if isinstance(new, list) else str(new or "none")
        line += [(f"{name}: ", ""), user_text(f'"{old_s}" → "{new_s}"')]
    return line


# How a history line shows each kind of event (domain/events.py lists the kinds).
def _feedback(e: _Event) -> Line:
    """``customer says: kept "All good" (ana@acme.example)``, or ``… (by phone)``."""
    verdict = "kept" if e.data.get("verdict") == "kept" else "not kept"
    line: Line = [("customer says: ", ""), (verdict, "green" if verdict == "kept" else "red")]
    if e.data.get("text"):
        line += [(" ", ""), user_text(f'"{e.data["text"]}"')]
    sender = e.data.get("from")
    line += [(" (", ""), user_text(str(sender)), (")", "")] if sender else [(" (by phone)", "")]
    return line


def _flagged(e: _Event) -> Line:
    said = e.data.get("text")
    if e.data.get("clear"):
        return [("flag cleared", ""), *([(": ", ""), user_text(str(said))] if said else [])]
    return [("flagged: ", RISK_STYLE), user_text(f'"{said or ""}"')]


DESCRIBE: dict[str, Callable[[_Event], Line]] = {
    "created": _created,
    "edited": _edited,
    "rescheduled": _rescheduled,
    "noted": lambda e: [("note: ", ""), user_text(f'"{e.data.get("text", "")}"')],
    "contacted": lambda e: [("contacted: ", ""), user_text(f'"{e.data.get("text", "")}"')],
    "kept": _kept,
    "broken": _closed("broken"),
    "cancelled": _closed("cancelled"),
    "reopened": lambda e: [("reopened", "")],
    "answered": _answered,
    "declined": _closed("declined"),
    "deleted": lambda e: [("deleted", "")],
    "waiting": lambda e: [
        ("waiting on the customer", STATE_STYLE["waiting"]),
        *e.quoted("reason", " for "),
        *([(f" (#{e.data['on']}: keeping it resumes)", "")] if "on" in e.data else []),
    ],
    "resumed": _resumed,
    "handed_over": _handed,
    "corrected": lambda e: [
        (f"corrected the due date {e.when('from')} → {e.when('to')} (a typo, not a slip)", "")
    ],
    "undone": lambda e: [
        (f"undid event {e.data.get('event_number')} ({e.data.get('undid')})", "dim")
    ],
    "feedback_asked": lambda e: [("asked the customer: ", ""), user_text(str(e.data.get("to")))],
    "feedback": _feedback,
    "flagged": _flagged,
}


def describe_event(event: EventRecord, settings: Settings) -> Line:
    """One event of a promise's history as a line of styled pieces."""
    return DESCRIBE[event.kind](_Event(event, settings))


def _wait_lines(p: PromiseRecord, settings: Settings) -> list[Line]:
    """``promise show``: the wait on the customer and the update rhythm, when there are any."""
    from promisekeeper.display import business_span

    lines: list[Line] = []
    waited = business_span(p.waited_seconds / 3600, settings.day_hours)
    if p.waiting_since is not None:
        since = _short(p.waiting_since, settings.now, settings.tz)
        total = f" ({waited} in all)" if p.waits > 1 else f" · waited {waited}"
        lines.append([(f"  clock stopped since {since}{total}", STATE_STYLE["waiting"])])
    elif p.waits:
        waits = "1 wait" if p.waits == 1 else f"{p.waits} waits"
        lines.append([(f"  waited on the customer {waited} ({waits}; not slips)", "dim")])
    if p.update_every is not None:
        lines.append([(f"  keeps the customer in the loop every {p.update_every}", "dim")])
    return lines


def plain(line: Line) -> str:
    return "".join(text for text, _style in line)


HISTORY_COLUMNS = [Column(style="dim"), Column(fold=True)]


def _owed_lines(detail: PromiseDetail, settings: Settings) -> list[Line]:
    """Who owes it and what it holds up, plan B, and a recurring promise's series
    (docs/owed.md)."""
    p, now, tz = detail.promise, settings.now, settings.tz
    lines: list[Line] = []
    if p.owed:
        lines.append([("  owed to you by ", THEIRS_STYLE), user_text(p.customer, THEIRS_STYLE)])
    if p.blocks is not None:
        lines.append([(f"  holds up #{p.blocks} · you need {p.needs} after it arrives", "")])
    if p.plan_b:
        lines.append([("  plan B: ", "bold"), user_text(p.plan_b)])
    if detail.series:
        rule = p.every or next((s.every for s in detail.series if s.every), None)
        said = f"every {rule}" if rule else "series ended"
        lines.append([(f"  series · {said} · {len(detail.series)} so far", "bold")])
        for s in detail.series:
            when = _short(s.first_due, now, tz)
            state = state_of(s, now, tz)
            mark = "→ " if s.id == p.id else "  "
            lines.append([(f"    {mark}#{s.id}  {when}  {state}", "" if s.id == p.id else "dim")])
    return lines


def promise_detail(detail: PromiseDetail, settings: Settings) -> None:
    screen, now, tz = out(), settings.now, settings.tz
    p = detail.promise
    state = state_of(p, now, tz)
    head: Line = [
        (f"#{p.id}  ", "bold"),
        user_text(p.what, "bold"),
        (" — ", ""),
        user_text(p.customer),
        (" · owner ", ""),
        user_text(p.owner),
        (" · ", ""),
    ]
    if detail.deleted_at is not None:
        head.append((f"deleted {_short(detail.deleted_at, now, tz)} (was {state})", "bold red"))
    elif is_active(p.status) and is_overdue(p, now):
        overdue = lateness(p.due, now, tz).removesuffix(" late")
        head.append((f"open · overdue {overdue}", "bold red"))
    elif state == "waiting":
        head.append(("open · waiting on the customer", STATE_STYLE[state]))
    else:
        head.append((state if not is_active(p.status) else p.status, STATE_STYLE.get(state, "")))
    lines = [head]
    if detail.expectations:  # what the customer expects of every promise (docs/feedback.md)
        said = f"{p.customer} expects: {'; '.join(detail.expectations)}"
        wrapped = screen.wrap(said, max(20, screen.width - 2)) if screen.is_terminal else [said]
        lines += [[("  ", ""), user_text(part, "cyan")] for part in wrapped]
    line: Line = [("  ", "")]
    if p.due_at is None:  # a request: when it was asked, and no date
        asked = _short(p.made_at, now, tz)
        said = "not answered yet" if p.status == "unanswered" else "no date given"
        line.append((f"asked  {asked} · {said}", ""))
    elif p.baseline_due_at != p.due_at:
        agreed = deadline(p.baseline_due_at, now, tz, p.customer_zone)
        line.append((f"agreed  {agreed}    now due  ", ""))
    else:
        line.append(("due  ", ""))
    theirs = customer_zone(p.customer_zone) if p.customer_zone else None
    if p.due_at is not None:
        shown = (
            describe_for(p.due_at, now, tz, theirs)
            if is_active(p.status)
            else deadline(p.due_at, now, tz, p.customer_zone)
        )
        line.append((shown, ""))
    if p.original_due_at not in (p.baseline_due_at, p.due_at):
        first = deadline(p.first_due, now, tz, p.customer_zone)
        line.append((f"    first promised  {first}", "dim"))
    lines.append(line)
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
        lines.append([(f"  slipped {p.slips}× ({told}){late}", SLIP_STYLE)])
    if p.status == "kept" and p.kept_at is not None:
        verdict = "on time" if outcome(p) == "kept_on_time" else "late vs agreed"
        lines.append([(f"  kept {_short(p.kept_at, now, tz)} · {verdict}", STATE_STYLE[state])])
    if p.standard is not None and p.standard_due_at is not None:
        from promisekeeper.domain.standards import promise_fit

        how = promise_fit(p) or "not answered"
        given = deadline(p.standard_due_at, now, tz, p.customer_zone)
        lines.append(
            [
                ("  standard ", "dim"),
                user_text(p.standard, "dim"),
                (f" (gave {given}) · {'set ' if how != 'as the standard' else ''}{how}", "dim"),
            ]
        )
    lines += _wait_lines(p, settings)
    lines += _owed_lines(detail, settings)
    if p.tags:
        lines.append([("  tags: " + ", ".join(clean(t) for t in p.tags), "dim")])
    lines.append([])
    screen.print(lines, wrap=True)
    rows = []
    for event in detail.history:
        description = describe_event(event, settings)
        if event.by != p.owner:
            description += [(" · by ", "dim"), user_text(event.by, "dim")]
        if event.voided_by is not None:  # kept in place, counted nowhere
            description += [(f" · undone (event {event.voided_by})", "dim")]
        if event.imported_by is not None and event.imported_at is not None:
            when = _short(event.imported_at, now, tz)
            description += [(" · imported by ", "dim"), user_text(event.imported_by, "dim"),
                            (f" {when}", "dim")]  # fmt: skip
        rows.append([[(f" {_short(event.at, now, tz)}", "")], description])
    screen.grid(rows, HISTORY_COLUMNS)


# --- echoes after a change ------------------------------------------------------------------


def echo_change(verb: str, change: Change, settings: Settings, extra: str | None = None) -> None:
    p = change.promise
    line: Line = [(f"{verb} #{p.id} ", "bold")]
    if verb == "Promised":
        line += [("to ", "bold"), user_text(p.customer, "bold"), (" ", "")]
    line += [("— ", ""), user_text(p.what)]
    lines = [line]
    if extra:
        lines += [[(f"  {part}", "")] for part in extra.split("\n")]
    screen = out()
    for notice in change.notices:  # folded between words, under the note's own start
        folded = screen.wrap(clean(notice), max(20, screen.width - 8))
        lines.append([("  Note: " + folded[0], "cyan")])
        lines += [[("        " + more, "cyan")] for more in folded[1:]]
    screen.print(lines, wrap=True)


def due_line(p: PromiseRecord, settings: Settings) -> str:
    if p.due_at is None:  # a request (docs/words.md, "Unanswered requests and declines")
        if p.status != "unanswered":
            return "no date"
        return f"unanswered: `pk promise answer {p.id} --by WHEN` when you have a date"
    theirs = customer_zone(p.customer_zone) if p.customer_zone else None
    return f"due {describe_for(p.due_at, settings.now, settings.tz, theirs)}"


# --- customers ---------------------------------------------------------------------------------


NO_CUSTOMERS = "No customers yet. `pk promise add WHAT --to CUSTOMER --by WHEN` adds one."


def customer_table(rows: list[CustomerSummary], settings: Settings) -> None:
    """Every customer, one line each, laid out here (a Rich table costs about 0.25 ms a row:
    seconds for ten thousand customers). On a terminal long names are cut with "…"."""
    screen = out()
    if not rows:
        screen.line((NO_CUSTOMERS, ""))
        return
    cut = screen.is_terminal
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
        if 12 + sum(numbers) + 2 * 4 + longest > screen.width:
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
        room = screen.width - sum(numbers) - 2 * 4 - longest
        name_width = max(8, min(name_width, room))
    lines: list[Line] = [
        [
            (fit_cell("Customer", name_width, pad=True), "bold"),
            ("  " + "Open".rjust(numbers[0]), "bold"),
            ("  " + "Overdue".rjust(numbers[1]), "bold"),
            ("  " + "All".rjust(numbers[2]), "bold"),
            ("  Next due", "bold"),
        ]
    ]
    for name, open_, overdue, total, next_due, late in prepared:
        shown = fit_cell(name, name_width, pad=True) if cut else name.ljust(name_width)
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
    screen.print(lines)


def percent(rate: float | None) -> str:
    """Whole percent, halves rounded up (71.43 → 71%, 85.71 → 86%); — when there is no rate."""
    return "—" if rate is None else f"{int(rate * 100 + 0.5)}%"


def rate_phrase(figures: Figures, span: str) -> str:
    """``67% all time (8 of 12)``, or ``— last 90 days (nothing due)``."""
    if figures.kept_rate is None:
        return f"— {span} (nothing judged)"
    return f"{percent(figures.kept_rate)} {span} ({figures.kept_on_time} of {figures.judged})"


LATEST_COLUMNS = [Column(style="dim"), Column(right=True), Column(fold=True)]


def customer_detail(detail: CustomerDetail, settings: Settings) -> None:
    screen, now, tz = out(), settings.now, settings.tz
    s = detail.summary
    place: list[Line] = []
    if detail.timezone or detail.calendar:
        where = f"  Time zone {detail.timezone or 'yours'} · calendar {detail.calendar or 'yours'}"
        place.append([user_text(where, "dim")])
    screen.print(
        [
            [
                user_text(detail.name, "bold"),
                (f" · {s.open} open · {s.overdue} overdue · {s.total} in all", ""),
            ],
            [
                (
                    f"  Kept-rate  {rate_phrase(detail.all_time, 'all time')} · "
                    f"{rate_phrase(detail.last_90_days, 'last 90 days')}",
                    "",
                )
            ],
            *place,
            [],
        ],
        wrap=True,
    )
    if detail.open:
        screen.print([[("Open", "bold")]])
        promise_table(detail.open, settings, show_owner=True)
        screen.print([[]])
    if detail.history:
        screen.print([[("Latest", "bold")]])
        rows = [
            [
                [(f" {_short(event.at, now, tz)}", "")],
                [(f"#{promise_id}", "")],
                [user_text(what), (" — ", ""), *describe_event(event, settings)],
            ]
            for promise_id, what, event in detail.history
        ]
        screen.grid(rows, LATEST_COLUMNS)


# --- one function per result type (render.registry) ---------------------------------------------


def promise_list(result: PromiseList, settings: Settings) -> None:
    if not result.rows:
        out().line((result.empty, ""))
        return
    promise_table(
        result.rows,
        settings,
        result.show_owner,
        limit=result.limit,
        wide=result.wide,
        counts=result.counts,
    )


def due_result(result: DueResult, settings: Settings) -> None:
    due_view(result.view, settings, result.show_owner, result.wide, result.fit)


def customer_list(result: CustomerList, settings: Settings) -> None:
    customer_table(result.rows, settings)


SETTING_COLUMNS = [Column(fold=True)] * 4


def setting_list(result: SettingList, settings: Settings) -> None:
    screen = out()
    rows = [
        [[(s.name, "")], [user_text(s.value or "—")], [(s.source, "")], [(s.meaning, "")]]
        for s in result.rows
    ]
    screen.grid(rows, SETTING_COLUMNS, header=["Setting", "Value", "From", "Meaning"])
    screen.print([[user_text(f"Config file: {result.path}", "dim")]], wrap=True)

"""``pk report``: the monthly review as a Rich view, markdown and CSV (JSON is ``Report.as_json``).

Table and markdown show rates as whole percentages; CSV as fractions with 4 decimals
(docs/words.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from promisekeeper.dates import to_utc_iso
from promisekeeper.display import format_day_time
from promisekeeper.domain.report import Figures, Report, worst_first
from promisekeeper.render.console import Line, cell_len, out
from promisekeeper.render.machine import csv_text
from promisekeeper.render.safe import clean, md
from promisekeeper.render.views import percent

if TYPE_CHECKING:
    from promisekeeper.config import Settings

BAR_WIDTH = 20
# the report figures (docs/words.md), in JSON order; the customers' verdicts as columns of
# their own (feedback_asked, …, customer_kept_rate, our_kept_rate_answered, feedback_gap, …)
FIGURE_KEYS = tuple(k for k in Figures().as_json() if k != "feedback")
FEEDBACK_KEYS = tuple(Figures().feedback.as_json())
FEEDBACK_CSV_KEYS = tuple(k if "rate" in k else f"feedback_{k}" for k in FEEDBACK_KEYS)


def _days(value: float) -> str:
    if value < 1:
        return f"{value * 24:.0f} h"
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} day" if text == "1" else f"{text} days"


def headline(report: Report, settings: Settings) -> str:
    as_of = format_day_time(report.now, report.now, settings.tz)
    kind = "promises owed to you" if report.owed else "promises"
    return f"{report.period.title()} · {kind} agreed for {report.period.span()} · as of {as_of}"


def rate_lines(f: Figures) -> list[str]:
    if f.kept_rate is None:
        waiting = f"{f.open_pending} still open" if f.open_pending else "no promises due"
        return [f"—  nothing to judge yet ({waiting})"]
    lines = [f"{percent(f.kept_rate):>4}  kept on time as agreed ({f.kept_on_time} of {f.judged})"]
    final = f"{percent(f.kept_rate_final):>4}  kept by the final date"
    if f.kept_rate_final is not None:
        final += f" ({f.final_on_time} of {f.judged_final})"
        difference = difference_line(f)
        if difference:
            final += f" — differs by {difference}"
    lines.append(final)
    return lines


def difference_line(f: Figures, sep: str = " · ") -> str | None:
    """What the two rates differ by, exactly (docs/words.md): promises judged on time only
    because their date moved, late only because it moved earlier, and open ones left out of
    the final rate because their moved date has not come yet."""
    parts = []
    if f.moved_on_time:
        n = f.moved_on_time
        parts.append(f"{n} on time only against {'a moved date' if n == 1 else 'moved dates'}")
    if f.moved_late:
        n = f.moved_late
        parts.append(f"{n} late only against {'a date' if n == 1 else 'dates'} moved earlier")
    if f.moved_pending:
        n = f.moved_pending
        parts.append(f"{n} left out until {'its' if n == 1 else 'their'} moved date")
    return sep.join(parts) if parts else None


# The sentences of a report's figures are written once, here, for the terminal, markdown and
# the HTML review alike (one vocabulary: "2×", "2.8 days", "7.4 business hours"). ``mark``
# wraps each figure as it is shown: the HTML review makes it a ``data-figure`` element (the
# words around the figures are pk's own and hold no character HTML would read).
Mark = Callable[[str, str], str]


def _as_is(_name: str, text: str) -> str:
    return text


def count_line(f: Figures, mark: Mark = _as_is) -> str:
    return (
        f"Due {mark('due', str(f.due))} · on time {mark('kept_on_time', str(f.kept_on_time))}"
        f" · late {mark('kept_late', str(f.kept_late))} · broken {mark('broken', str(f.broken))}"
        f" · open late {mark('open_late', str(f.open_late))}"
        f" · still open {mark('open_pending', str(f.open_pending))}"
        f" · cancelled {mark('cancelled', str(f.cancelled))}"
    )


def slip_line(f: Figures, mark: Mark = _as_is) -> str:
    slips = mark("slips", str(f.slips))
    if f.slips == 0:
        text = "No slips"
    elif f.slips == 1:
        text = f"Slips {slips}, " + (
            "with a heads-up" if f.slips_with_heads_up else "without a heads-up"
        )
    else:
        share = percent(f.slips_with_heads_up / f.slips)
        told = (
            "all"
            if f.slips_with_heads_up == f.slips
            else mark("slips_with_heads_up", str(f.slips_with_heads_up))
        )
        if f.slips == 2 and told == "all":
            told = "both"
        text = f"Slips {slips}, {told} with a heads-up ({share})"
    if f.late_notices:  # told, but on the last day (docs/feedback.md)
        text += f", {mark('late_notices', str(f.late_notices))} on the last day"
    if f.median_days_late is not None:
        text += f" · median lateness {mark('median_days_late', _days(f.median_days_late))}"
    return text


def wait_line(f: Figures, day_hours: float, mark: Mark = _as_is) -> str | None:
    """``Waited on customers 2× · 2.6 business days`` (None when nothing waited)."""
    if not f.waits:
        return None
    from promisekeeper.display import business_span

    span = business_span(f.waited_business_hours, day_hours)
    return (
        f"Waited on customers {mark('waits', str(f.waits))}×"
        f" · {mark('waited_business_hours', span)} (dates moved by waiting, not slips)"
    )


def request_line(f: Figures, mark: Mark = _as_is) -> str | None:
    """``Requests: 1 declined · 2 unanswered · answered in a median 1.6 business days`` (None
    when none was asked in the period; docs/words.md)."""
    parts = []
    if f.declined:
        parts.append(f"{mark('declined', str(f.declined))} declined")
    if f.unanswered_open:
        parts.append(f"{mark('unanswered_open', str(f.unanswered_open))} unanswered")
    if f.median_days_to_answer is not None:
        shown = f"{round(f.median_days_to_answer, 1):g}"
        days = f"{shown} business day" + ("" if shown == "1" else "s")
        parts.append(f"answered in a median {mark('median_days_to_answer', days)}")
    return f"Requests: {' · '.join(parts)}" if parts else None


def effort_line(f: Figures, mark: Mark = _as_is) -> str | None:
    """``Effort stated on 2 promises · 1 overrun`` (None when no effort was stated)."""
    if not f.effort_stated:
        return None
    n = f.effort_overruns
    stated = mark("effort_stated", str(f.effort_stated))
    over = (
        f"{mark('effort_overruns', str(n))} overrun" + ("s" if n != 1 else "")
        if n
        else ("no overrun")
    )
    return f"Effort stated on {stated} promise{'s' if f.effort_stated != 1 else ''} · {over}"


def word_lines(f: Figures, mark: Mark = _as_is) -> list[str]:
    """What was said up front: the requests, and the efforts (docs/words.md)."""
    return [line for line in (request_line(f, mark), effort_line(f, mark)) if line]


def feedback_line(f: Figures, mark: Mark = _as_is) -> str | None:
    """``Customers answered 2 of 3 asked: we say 100% · customer says 50% · gap 50 points ·
    1 disputed`` (None when nobody was asked or answered)."""
    fb = f.feedback
    if not fb.asked and not fb.answered:
        return None
    asked = mark("feedback_asked", str(fb.asked))
    answered = mark("feedback_answered", str(fb.answered))
    if not fb.answered:
        return f"Customers asked {asked}, none answered yet"
    text = f"Customers answered {answered} of {asked} asked"
    if fb.gap is not None:
        gap = round(fb.gap * 100)
        text += (
            f": we say {mark('our_kept_rate_answered', percent(fb.our_kept_rate_answered))}"
            f" · customer says {mark('customer_kept_rate', percent(fb.customer_kept_rate))}"
            f" · gap {mark('feedback_gap', str(gap))} point{'' if abs(gap) == 1 else 's'}"
        )
    else:
        text += f": customer says {mark('customer_kept_rate', percent(fb.customer_kept_rate))}"
    if fb.disputed:
        text += f" · {mark('feedback_disputed', str(fb.disputed))} disputed"
    return text


def group_feedback(report: Report) -> list[tuple[str, str]]:
    """(group, its ``feedback_line``) of the groups whose customers were asked, worst first."""
    found = []
    for key, g in worst_first(report.groups):
        said = feedback_line(g)
        if said:
            found.append((key, said.removeprefix("Customers ")))
    return found


def dispute_lines(report: Report, esc: Callable[[str], str] = str) -> list[str]:
    """``#12 Call back (Acme): we recorded it kept on time; the customer says not kept:
    "…"`` for each disputed promise (user text through ``esc``)."""
    from promisekeeper.domain.rules import outcome

    lines = []
    for d in report.disputes:
        p = d.promise
        ours = "kept on time" if p.status == "kept" and outcome(p) == "kept_on_time" else p.status
        said = "kept" if d.verdict == "kept" else "not kept"
        line = (
            f"#{p.id} {esc(clean(p.what))} ({esc(clean(p.customer))}): we recorded it {ours};"
            f" the customer says {said}"
        )
        lines.append(line + (f': "{esc(clean(d.text))}"' if d.text else ""))
    return lines


def _bar(rate: float | None) -> str:
    if rate is None:
        return "·" * BAR_WIDTH
    filled = int(rate * BAR_WIDTH + 0.5)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def flow(text: str, width: int, indent: int, first_indent: int | None = None) -> list[str]:
    """Break ``text`` at its " · " and " — " separators to fit ``width``; continuation lines are
    indented by ``indent``."""
    import re

    pieces = re.split(r"(?= · | — )", text)
    lines, current = [], " " * (indent if first_indent is None else first_indent)
    for piece in pieces:
        if len(current) + len(piece) > width and current.strip():
            lines.append(current.rstrip())
            current = " " * indent + piece.removeprefix(" · ").removeprefix(" ")
        else:
            current += piece
    lines.append(current.rstrip())
    return lines


def view(report: Report, settings: Settings) -> None:
    screen = out()
    width = min(screen.width, 100)
    f = report.totals
    lines: list[Line] = [
        [(line, "bold")] for line in flow(headline(report, settings), width, 2, first_indent=0)
    ]
    lines.append([])
    for index, line in enumerate(rate_lines(f)):
        style = "bold" if index == 0 else ""
        if index == 0 and f.kept_rate is not None:
            style += " green" if f.kept_rate >= 0.9 else " yellow" if f.kept_rate >= 0.7 else " red"
        label = "  Kept-rate   " if index == 0 else " " * 14
        for number, part in enumerate(flow(line, width - 14, 6, first_indent=0)):
            lines.append([(label if number == 0 else " " * 14, ""), (part, style.strip())])
    current = report.start <= report.now < report.end
    if f.kept_rate is None and report.period.kind != "range" and current:
        kind = report.period.kind
        hint = f"This {kind} has only begun: `pk report --{kind} last` shows the one before."
        lines += [[(" " * 14, ""), (part, "dim")] for part in flow(hint, width - 14, 0, 0)]
    lines.append([])
    lines += [[(line, "")] for line in flow(count_line(f), width, 4, first_indent=2)]
    slips_style = "magenta" if f.slips else ""
    lines += [[(line, slips_style)] for line in flow(slip_line(f), width, 4, first_indent=2)]
    waits = wait_line(f, settings.day_hours)
    if waits:
        lines += [[(line, "cyan")] for line in flow(waits, width, 4, first_indent=2)]
    for words in word_lines(f):
        lines += [[(line, "")] for line in flow(words, width, 4, first_indent=2)]
    heard = feedback_line(f)
    if heard:
        lines += [[(line, "")] for line in flow(heard, width, 4, first_indent=2)]
    if report.disputes:
        from promisekeeper.render.console import folded_parts

        lines += [[], [("  Disputed by the customer", "bold red")]]
        for said in dispute_lines(report):
            lines += [[("    ", ""), *line] for line in folded_parts([(said, "")], width - 4, "  ")]
    if report.by is not None:
        lines += [[], [(f"  By {report.by}, worst first", "bold")]]
        if not report.groups:
            lines.append([("    nothing agreed for this period", "dim")])
        else:
            screen.print(lines, wrap=True)
            screen.print(by_lines(report, screen.width, screen.is_terminal))
            lines = []
            if report.by == "standard":
                lines += [[], [("  Standards met", "bold")]]
                lines += [[(line, "")] for line in adherence_lines(report, settings.day_hours)]
            heard_by = group_feedback(report)
            if heard_by:
                lines += [[], [(f"  What customers said, by {report.by}", "bold")]]
                for key, said in heard_by:
                    text = f"{clean(key)}: {said}"
                    lines += [[(line, "")] for line in flow(text, width, 6, first_indent=4)]
    lines += [[], [("  Kept-rate trend", "bold")]]
    for point in report.shown_trend:
        rate = point.figures.kept_rate
        current = point.period == report.period
        detail = f" {percent(rate):>4}" if rate is not None else "  no promises judged"
        lines.append(
            [
                (f"    {point.period.short_label():<10}", ""),
                (_bar(rate), "green" if rate is not None else "dim"),
                (detail, "bold" if current else ""),
            ]
        )
    screen.print(lines, wrap=True)


BY_HEADINGS = ("Due", "On time", "Late", "Broken", "Open late", "Kept-rate")
SLIPS = "Slips"  # a column of its own in the table by owner: who moves dates


def by_headings(report: Report) -> tuple[str, ...]:
    return (*BY_HEADINGS, SLIPS) if report.by == "owner" else BY_HEADINGS


NAME_CAP = 28


def by_lines(report: Report, width: int, terminal: bool) -> list[Line]:
    """The ``--by`` table, worst first, laid out to ``width``: one line per group while names
    fit (cut with "…" on a terminal at 28 characters or less), else each name on its own line
    above its figures. Never a name broken inside a word, never a column dropped."""
    from promisekeeper.render.safe import clean
    from promisekeeper.render.views import fit_cell

    groups = [
        (
            clean(key),
            [
                *map(str, (g.due, g.kept_on_time, g.kept_late, g.broken, g.open_late)),
                percent(g.kept_rate),
                *([str(g.slips)] if report.by == "owner" else []),
            ],
        )
        for key, g in worst_first(report.groups)
    ]
    headings = by_headings(report)
    widths = [max(len(h), *(len(cells[i]) for _k, cells in groups)) for i, h in enumerate(headings)]
    numbers = sum(widths) + 2 * len(widths)
    title = (report.by or "").capitalize()
    longest = max(len(title), *(cell_len(name) for name, _c in groups))
    name_width = min(longest, NAME_CAP) if terminal else longest
    one_line = 4 + min(name_width, max(len(title), 8)) + numbers <= width or not terminal
    if terminal and one_line:
        name_width = min(name_width, width - 4 - numbers)
    lines: list[Line] = []

    def figures(cells: list[str]) -> str:
        return "".join("  " + c.rjust(w) for c, w in zip(cells, widths, strict=True))

    if one_line:
        header = "    " + fit_cell(title, name_width, pad=True) + figures(list(headings))
        lines.append([(header, "bold")])
        for name, cells in groups:
            shown = fit_cell(name, name_width, pad=True) if terminal else name.ljust(name_width)
            lines.append([("    " + shown + figures(cells), "")])
        return lines
    # Each name above its figures, the figures under one heading line (2 + 48 columns).
    lines.append([("    " + title, "bold")])
    lines.append([("  " + figures(list(headings)).removeprefix("  "), "bold")])
    for name, cells in groups:
        lines.append([("    " + fit_cell(name, max(8, width - 4), pad=False), "")])
        lines.append([("  " + figures(cells).removeprefix("  "), "")])
    return lines


def adherence_text(report: Report, key: str, day_hours: float) -> str:
    """``met 11 of 12 (92%) · median 6.5 business hours to keep · worst miss #40, 3 business
    hours late``."""
    from promisekeeper.display import business_span
    from promisekeeper.render.standards import record_text

    met = report.met(key)
    parts = [record_text(met)]
    if met.median_business_hours is not None:
        parts.append(f"median {business_span(met.median_business_hours, day_hours)} to keep")
    if met.worst_miss is not None:
        late = business_span(met.worst_miss[1], day_hours)
        parts.append(f"worst miss #{met.worst_miss[0]}, {late} late")
    return " · ".join(parts)


def adherence_lines(report: Report, day_hours: float) -> list[str]:
    from promisekeeper.render.safe import clean

    lines = []
    for key, _figures in report.groups:
        lines.append(f"    {clean(key)}: {adherence_text(report, key, day_hours)}")
    return lines


def markdown(report: Report, settings: Settings) -> str:
    f = report.totals
    lines = [
        f"# Kept-rate report{' (owed to you)' if report.owed else ''}: {report.period.title()}",
        "",
        f"Promises agreed for {report.period.span()} · as of "
        f"{format_day_time(report.now, report.now, settings.tz)}",
        "",
    ]
    rates = rate_lines(f)
    lines.append(f"- **Kept-rate:** {' '.join(rates[0].split())}")
    if len(rates) > 1:
        lines.append(f"- **By the final date:** {' '.join(rates[1].split())}")
    lines += [f"- **{count_line(f)}**", f"- {slip_line(f)}"]
    waits = wait_line(f, settings.day_hours)
    lines += [f"- {waits}"] if waits else []
    lines += [f"- {words}" for words in word_lines(f)]
    heard = feedback_line(f)
    lines += [f"- {heard}", ""] if heard else [""]
    if report.disputes:
        lines += ["## Disputed by the customer", ""]
        lines += [f"- {line}" for line in dispute_lines(report, md)]
        lines.append("")
    if report.by is not None:
        lines += [f"## By {report.by}, worst first", ""]
        headings = by_headings(report)
        lines.append(f"| {report.by.capitalize()} | " + " | ".join(headings) + " |")
        lines.append("|---|" + "---:|" * len(headings))
        for key, g in worst_first(report.groups):
            slips = f" {g.slips} |" if report.by == "owner" else ""
            lines.append(
                f"| {md(key)} | {g.due} | {g.kept_on_time} | {g.kept_late} | {g.broken} "
                f"| {g.open_late} | {percent(g.kept_rate)} |{slips}"
            )
        lines.append("")
        heard_by = group_feedback(report)
        if heard_by:
            lines += [f"## What customers said, by {report.by}", ""]
            lines += [f"- **{md(key)}:** {said}" for key, said in heard_by]
            lines.append("")
        if report.by == "standard" and report.groups:
            lines += ["## Standards met", ""]
            lines += [
                f"- **{md(key)}:** {adherence_text(report, key, settings.day_hours)}"
                for key, _g in report.groups
            ]
            lines.append("")
    lines += ["## Kept-rate trend", "", "| Period | Kept-rate | Due |", "|---|---:|---:|"]
    for point in report.shown_trend:
        lines.append(
            f"| {point.period.label} | {percent(point.figures.kept_rate)} | {point.figures.due} |"
        )
    return "\n".join(lines) + "\n"


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


STANDARD_CSV_KEYS = ("met", "missed", "met_rate", "median_business_hours")


def csv(report: Report, settings: Settings | None = None) -> str:
    extra = STANDARD_CSV_KEYS if report.by == "standard" else ()
    header = ("scope", "key", "label", "start", "end", *FIGURE_KEYS, *FEEDBACK_CSV_KEYS, *extra)
    start, end = to_utc_iso(report.start), to_utc_iso(report.end)

    def figures_row(scope: str, key: str, f: Figures) -> list[object]:
        data = f.as_json()
        for name in ("kept_rate", "kept_rate_final", "median_days_late"):
            data[name] = _fraction(data[name])
        data["waited_business_hours"] = f"{data['waited_business_hours']:.2f}"
        row = [scope, key, report.period.label, start, end, *(data[k] for k in FIGURE_KEYS)]
        heard = f.feedback.as_json()
        for name in ("customer_kept_rate", "our_kept_rate_answered", "gap"):
            heard[name] = _fraction(heard[name])  # type: ignore[arg-type]
        row += [heard[k] for k in FEEDBACK_KEYS]
        if extra:
            met = report.met(key).as_json() if scope == "standard" else {}
            met["met_rate"] = _fraction(met.get("met_rate"))
            row += [met.get(k, "") if met.get(k) is not None else "" for k in extra]
        return row

    rows = [figures_row("total", "", report.totals)]
    rows += [figures_row(report.by or "", key, g) for key, g in report.groups]
    for point in report.trend:
        trend_row: list[object] = ["trend", "", point.period.label, to_utc_iso(point.start)]
        blanks = len(FIGURE_KEYS) + len(FEEDBACK_KEYS) + len(extra)
        trend_row += [to_utc_iso(point.end), *([""] * blanks)]
        trend_row[5] = point.figures.due
        trend_row[5 + FIGURE_KEYS.index("kept_rate")] = _fraction(point.figures.kept_rate)
        rows.append(trend_row)
    return csv_text(header, rows)

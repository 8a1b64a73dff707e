"""HTML pages, through Jinja2 templates with autoescaping on: whatever a user typed (a
standard's text, a customer's name) is text on the page, never markup. Imported only by the
commands that write HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.report import Report
    from promisekeeper.domain.results.standards import Publication
    from promisekeeper.domain.review import Statement


def render_page(template: str, **values: Any) -> str:
    """One of pk's pages from its template (render/templates), user text escaped."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("promisekeeper", "render/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(template).render(**values)


def publication(result: Publication, settings: Settings) -> str:
    from promisekeeper.render.safe import clean
    from promisekeeper.render.standards import TITLE, record_line

    local = result.now.astimezone(settings.tz)
    standards = [
        {
            "text": clean(s.text),
            "record": record_line(result, s) if result.records is not None else None,
        }
        for s in result.standards
    ]
    return render_page(
        "standards.html.j2",
        title=TITLE,
        standards=standards,
        as_of=f"{local.day} {local:%B %Y}",
    )


# --- the review (pk report --format html) -----------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 600, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 16, 44


def trend_svg(points: list[tuple[str, float | None, int]], current: str) -> Any:
    """The kept-rate trend as an SVG bar chart: one bar per period (label, rate, due), the
    y axis 0–100 % with grid lines, each bar labelled with its rate ("no promises" when there
    was nothing to judge), the reported period in its own colour. Drawn from the report's own
    figures: the same numbers the JSON has."""
    from markupsafe import Markup, escape

    from promisekeeper.render.views import percent

    inner_w = CHART_WIDTH - _LEFT - _RIGHT
    inner_h = CHART_HEIGHT - _TOP - _BOTTOM
    from promisekeeper.domain.report import TREND_LENGTH

    # a bar is as wide with one period as with six; the reported one is always on the right
    slots = max(len(points), TREND_LENGTH)
    step = inner_w / slots
    bar = step * 0.6
    first = slots - len(points)
    parts = [
        f'<svg viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        'aria-label="Kept-rate per period, in percent" data-chart="trend">'
    ]
    for tick in (0, 25, 50, 75, 100):
        y = _TOP + inner_h * (1 - tick / 100)
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{CHART_WIDTH - _RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/><text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{tick}%</text>"
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" x2="{_LEFT}" y1="{_TOP}" y2="{_TOP + inner_h}"/>'
        f'<line class="axis" x1="{_LEFT}" x2="{CHART_WIDTH - _RIGHT}" y1="{_TOP + inner_h}" '
        f'y2="{_TOP + inner_h}"/>'
    )
    for index, (label, rate, due) in enumerate(points):
        x = _LEFT + step * (first + index) + (step - bar) / 2
        middle = x + bar / 2
        shown = "no promises" if rate is None else percent(rate)
        if rate is not None:
            height = inner_h * rate
            y = _TOP + inner_h - height
            kind = "bar current" if label == current else "bar"
            parts.append(
                f'<rect class="{kind}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}"><title>{escape(label)}: {shown} of {due}</title></rect>'
            )
            value_y = max(y - 4, _TOP + 10)
        else:
            value_y = _TOP + inner_h - 4
        parts.append(
            f'<text x="{middle:.1f}" y="{value_y:.1f}" text-anchor="middle" '
            f'data-trend="{escape(label)}">{shown}</text>'
            f'<text x="{middle:.1f}" y="{_TOP + inner_h + 16:.1f}" text-anchor="middle">'
            f"{escape(label)}</text>"
            f'<text x="{middle:.1f}" y="{_TOP + inner_h + 32:.1f}" text-anchor="middle" '
            f'class="formula">{due} due</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _marked(text: str | None) -> Any:
    from markupsafe import Markup

    return None if text is None else Markup(text)


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _figure(name: str, text: str) -> str:
    """A figure in a sentence of the review: an element a test (or a script) can read."""
    from markupsafe import escape

    return f'<span data-figure="{name}">{escape(text)}</span>'


def report(result: Report, settings: Settings) -> str:
    """The monthly review as one self-contained page (docs/review.md)."""
    from markupsafe import Markup

    from promisekeeper.display import business_span, format_day_time
    from promisekeeper.domain.report import worst_first
    from promisekeeper.render.report import (
        count_line,
        difference_line,
        dispute_lines,
        feedback_line,
        group_feedback,
        slip_line,
        wait_line,
        word_lines,
    )
    from promisekeeper.render.safe import clean
    from promisekeeper.render.views import percent

    f, now, tz = result.totals, result.now, settings.tz
    rate = f.kept_rate
    rate_class = "" if rate is None else "good" if rate >= 0.9 else "warn" if rate >= 0.7 else "bad"
    first, last = result.period.first, result.period.last
    moves = [
        {
            "id": m.promise_id,
            "what": clean(m.what),
            "customer": clean(m.customer),
            "dates": f"{format_day_time(m.old, now, tz)} → {format_day_time(m.new, now, tz)}",
            "asked": "the customer"
            if m.customer_asked
            else ("us, with a heads-up" if m.heads_up else "us, told by contact")
            if m.told
            else "us, never told",
            "slip": m.slip,
            "reason": clean(m.reason) if m.reason else "—",
        }
        for m in result.moves
    ]
    standards = []
    for name, met in sorted(result.adherence.items(), key=lambda item: item[0].casefold()):
        standards.append(
            {
                "name": clean(name),
                "met": met.met,
                "missed": met.missed,
                "rate": percent(met.met_rate),
                "median": "—"
                if met.median_business_hours is None
                else business_span(met.median_business_hours, settings.day_hours),
            }
        )
    return render_page(
        "report.html.j2",
        title=f"Kept-rate review{' (owed to you)' if result.owed else ''}: {result.period.title()}",
        start=f"{first:%a} {first.day} {first:%b}"
        + (f" {first.year}" if first.year != last.year else ""),
        end=f"{last:%a} {last.day} {last:%b %Y} (both days included)",
        as_of=format_day_time(now, now, tz),
        scope=None,
        rate_class=rate_class,
        f=f,
        kept_rate=percent(f.kept_rate),
        kept_rate_final=percent(f.kept_rate_final),
        judged=f.judged,
        final_on_time=f.final_on_time,
        judged_final=f.judged_final,
        difference=difference_line(f, ", "),
        counts=Markup(count_line(f, _figure)),
        slips=Markup(slip_line(f, _figure)),
        waits=None if not f.waits else Markup(wait_line(f, settings.day_hours, _figure)),
        words=[Markup(line) for line in word_lines(f, _figure)],
        heard=_marked(feedback_line(f, _figure)),
        heard_by=[(clean(key), said) for key, said in group_feedback(result)],
        disputes=[Markup(line) for line in dispute_lines(result, _escaped)],
        chart=trend_svg(
            [(p.period.label, p.figures.kept_rate, p.figures.due) for p in result.shown_trend],
            result.period.label,
        ),
        by=result.by,
        groups=[
            {"key": clean(key), "f": g, "rate": percent(g.kept_rate)}
            for key, g in worst_first(result.groups)
        ],
        moves=moves,
        standards=standards,
    )


# --- the customer statement ----------------------------------------------------------------------


def statement(result: Statement, settings: Settings) -> str:
    from promisekeeper.render.review import statement_items

    return render_page("statement.html.j2", **statement_items(result, settings))

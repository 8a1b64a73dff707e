"""``pk customer …``: the people promises are made to."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import Format, FormatOption, complete_customer, emit, settings_of

customer_app = typer.Typer(
    help="List, show, rename and merge customers.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

NameArg = Annotated[str, typer.Argument(help="A customer name.", autocompletion=complete_customer)]


@customer_app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Every customer with open and overdue counts.

    Example: pk customer list
    """
    from promisekeeper.render import machine, views
    from promisekeeper.render.safe import md

    settings = settings_of(ctx)
    rows = service.customers(settings)

    def objects() -> list[dict[str, object]]:
        from promisekeeper.dates import to_utc_iso

        return [
            {
                "customer": c.name,
                "open": c.open,
                "overdue": c.overdue,
                "total": c.total,
                "next_due_at": to_utc_iso(c.next_due) if c.next_due else None,
            }
            for c in rows
        ]

    header = ("customer", "open", "overdue", "total", "next_due_at")
    emit(
        fmt,
        lambda: views.customer_table(rows, settings),
        objects,
        lambda: machine.csv_text(header, ([o[k] for k in header] for o in objects())),
        lambda: (
            "| Customer | Open | Overdue | All |\n|---|---|---|---|\n"
            + "".join(f"| {md(c.name)} | {c.open} | {c.overdue} | {c.total} |\n" for c in rows)
        ),
    )


@customer_app.command("show")
def show(ctx: typer.Context, name: NameArg, fmt: FormatOption = Format.table) -> None:
    """One customer: kept-rate, open promises, latest history. With --format markdown, a
    statement of what we promised them and by when, ready to paste into an email.

    Example: pk customer show Acme --format markdown
    """
    from promisekeeper.render import machine, markdown, views

    settings = settings_of(ctx)
    detail = service.customer_detail(settings, name)

    def as_json() -> dict[str, object]:
        return {
            "customer": detail.name,
            "kept_rate": {
                "all_time": detail.all_time.as_json(),
                "last_90_days": detail.last_90_days.as_json(),
            },
            "open": [machine.promise_object(p, settings.now) for p in detail.open],
            "kept_recently": [
                machine.promise_object(p, settings.now) for p in detail.kept_recently
            ],
            "history": [{"id": pid, **machine.event_object(e)} for pid, _w, e in detail.history],
        }

    emit(
        fmt,
        lambda: views.customer_detail(detail, settings),
        as_json,
        lambda: machine.promises_csv(detail.open, settings.now),
        lambda: markdown.customer_statement(detail, settings),
    )


@customer_app.command("rename")
def rename(ctx: typer.Context, old: NameArg, new: Annotated[str, typer.Argument()]) -> None:
    """Rename a customer; every promise and its history stay with it.

    Example: pk customer rename "Acme" "Acme Corp"
    """
    from promisekeeper.render.views import out, user_text

    before, after = service.rename_customer(settings_of(ctx), old, new)
    line = user_text(f'Renamed "{before}" to "{after}".')
    out().print(line)


@customer_app.command("merge")
def merge(ctx: typer.Context, source: NameArg, target: NameArg) -> None:
    """Move every promise of one customer to another and remove the first (history records it).

    Example: pk customer merge "ACME corp." "Acme Corp"
    """
    from promisekeeper.render.views import out, user_text

    before, into, moved = service.merge_customers(settings_of(ctx), source, target)
    out().print(user_text(f'Merged "{before}" into "{into}": {moved} promise(s) moved.'))

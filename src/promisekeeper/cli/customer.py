"""``pk customer …``: the people promises are made to."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import Format, FormatOption, complete_customer, settings_of, show
from promisekeeper.service import customers

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
    from promisekeeper.domain.results import CustomerList

    settings = settings_of(ctx)
    show(CustomerList(customers.customers(settings)), fmt.value, settings)


@customer_app.command("show")
def show_(ctx: typer.Context, name: NameArg, fmt: FormatOption = Format.table) -> None:
    """One customer: kept-rate, open promises, latest history. With --format markdown, a
    statement of what we promised them and by when, ready to paste into an email.

    Example: pk customer show Acme --format markdown
    """
    settings = settings_of(ctx)
    show(customers.customer_detail(settings, name), fmt.value, settings)


@customer_app.command("rename")
def rename(ctx: typer.Context, old: NameArg, new: Annotated[str, typer.Argument()]) -> None:
    """Rename a customer; every promise and its history stay with it.

    Example: pk customer rename "Acme" "Acme Corp"
    """
    from promisekeeper.render.safe import echo

    before, after = customers.rename_customer(settings_of(ctx), old, new)
    echo(f'Renamed "{before}" to "{after}".')


@customer_app.command("merge")
def merge(ctx: typer.Context, source: NameArg, target: NameArg) -> None:
    """Move every promise of one customer to another and remove the first (history records it).

    Example: pk customer merge "ACME corp." "Acme Corp"
    """
    from promisekeeper.render.safe import echo

    before, into, moved = customers.merge_customers(settings_of(ctx), source, target)
    echo(f'Merged "{before}" into "{into}": {moved} promise(s) moved.')


@customer_app.command("set")
def set_(
    ctx: typer.Context,
    name: NameArg,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", help="Their IANA zone, e.g. Europe/Berlin (none: yours)."),
    ] = None,
    calendar: Annotated[
        str | None,
        typer.Option("--calendar", help="Their public holidays: DE or DE/BY (none: yours)."),
    ] = None,
) -> None:
    """Give a customer its own time zone and holiday calendar: its day-only deadlines then
    mean the end of its working day, and dates show both times.

    Example: pk customer set Acme --timezone Europe/Berlin --calendar DE/BY
    """
    from promisekeeper.render.safe import echo

    shown, zone, days = customers.set_customer_calendar(
        settings_of(ctx), name, zone=timezone, calendar=calendar
    )
    echo(f"{shown}: time zone {zone or 'yours'}, calendar {days or 'yours'}.")

"""``pk standard …``: service standards, the promise kinds you publish to customers."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of, show
from promisekeeper.cli.formats import result_format
from promisekeeper.service import standards

standard_app = typer.Typer(
    help="Service standards: promise kinds with a time, published to customers.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

NameArg = Annotated[str, typer.Argument(help="The standard's name, e.g. callback.")]
WithinHelp = 'Its time in business days or hours: "1 business day", "4 business hours".'
TextHelp = 'What customers read, e.g. "We call you back within one business day."'
CustomerOption = Annotated[
    str | None,
    typer.Option("--customer", help="That customer's own standard, not everyone's."),
]


@standard_app.command("add")
def add(
    ctx: typer.Context,
    name: NameArg,
    within: Annotated[str, typer.Option("--within", help=WithinHelp)],
    text: Annotated[str | None, typer.Option("--text", help=TextHelp)] = None,
    customer: CustomerOption = None,
) -> None:
    """Add a service standard; with --customer, that customer's own, which its promises follow
    instead of the general one of the same name.

    Example: pk standard add callback --within "1 business day" --text "We call back in a day."
    """
    from promisekeeper.render.safe import echo

    added = standards.add_standard(settings_of(ctx), name, within, text, customer)
    echo(f"Standard {added.label}: within {added.within.text}.")


@standard_app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Retired standards too.")] = False,
    fmt: Annotated[str, result_format("StandardList")] = "table",
) -> None:
    """The standards in force (--all: retired ones too).

    Example: pk standard list
    """
    from promisekeeper.domain.results.standards import StandardList

    settings = settings_of(ctx)
    show(StandardList(standards.list_standards(settings, retired=all_)), fmt, settings)


@standard_app.command("show")
def show_(
    ctx: typer.Context,
    name: NameArg,
    customer: CustomerOption = None,
    fmt: Annotated[str, result_format("StandardDetail")] = "table",
) -> None:
    """One standard with its record over the last 90 days.

    Example: pk standard show callback
    """
    settings = settings_of(ctx)
    show(standards.show_standard(settings, name, customer), fmt, settings)


@standard_app.command("edit")
def edit(
    ctx: typer.Context,
    name: NameArg,
    new_name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    within: Annotated[str | None, typer.Option("--within", help=WithinHelp)] = None,
    text: Annotated[str | None, typer.Option("--text", help=TextHelp)] = None,
    customer: CustomerOption = None,
) -> None:
    """Change a standard; promises made under it keep the deadline it gave them.

    Example: pk standard edit callback --within "4 business hours"
    """
    from promisekeeper.render.safe import echo

    changed = standards.edit_standard(
        settings_of(ctx), name, new_name=new_name, within=within, text=text, customer=customer
    )
    echo(f"Standard {changed.label}: within {changed.within.text}.")


@standard_app.command("retire")
def retire(ctx: typer.Context, name: NameArg, customer: CustomerOption = None) -> None:
    """Retire a standard: no new promise follows it; its promises and record stay.

    Example: pk standard retire callback
    """
    from promisekeeper.render.safe import echo

    retired = standards.retire_standard(settings_of(ctx), name, customer)
    echo(f"Retired the standard {retired.label}; its promises keep it.")


@standard_app.command("publish")
def publish(
    ctx: typer.Context,
    with_record: Annotated[
        bool, typer.Option("--with-record", help="Add each standard's last 90 days' met-rate.")
    ] = False,
    customer: Annotated[
        str | None,
        typer.Option("--customer", help="That customer's list: its own standards included."),
    ] = None,
    fmt: Annotated[str, result_format("Publication")] = "markdown",
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Write to this file (replaced whole), e.g. sla.html."),
    ] = None,
) -> None:
    """The page customers read: "What you can expect from us".

    Example: pk standard publish --format html --with-record --out standards.html
    """
    from promisekeeper.cli.report import deliver, written_to

    settings = settings_of(ctx)
    chosen = written_to(settings, out, fmt, "the standards page")
    page = standards.publish(settings, with_record=with_record, customer=customer)
    deliver(page, fmt, settings, chosen, "the standards page")

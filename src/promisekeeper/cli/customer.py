"""``pk customer …``: the people promises are made to."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper.cli.app import settings_of, show
from promisekeeper.cli.completion import complete_customer
from promisekeeper.cli.formats import result_format
from promisekeeper.service import customers

customer_app = typer.Typer(
    help="List, show, rename and merge customers; statements to send them.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

NameArg = Annotated[str, typer.Argument(help="A customer name.", autocompletion=complete_customer)]


@customer_app.command("list")
def list_(ctx: typer.Context, fmt: Annotated[str, result_format("CustomerList")] = "table") -> None:
    """Every customer with open and overdue counts.

    Example: pk customer list
    """
    from promisekeeper.domain.results.customers import CustomerList

    settings = settings_of(ctx)
    show(CustomerList(customers.customers(settings)), fmt, settings)


@customer_app.command("show")
def show_(
    ctx: typer.Context,
    name: NameArg,
    fmt: Annotated[str, result_format("CustomerDetail")] = "table",
) -> None:
    """One customer: kept-rate, open promises, latest history. With --format markdown, what
    is open and by when; `pk customer statement` writes the full statement to send them.

    Example: pk customer show Acme --format markdown
    """
    settings = settings_of(ctx)
    show(customers.customer_detail(settings, name), fmt, settings)


@customer_app.command("expect")
def expect(
    ctx: typer.Context,
    name: NameArg,
    text: Annotated[
        str | None, typer.Argument(help="What they expect of every promise, in a few words.")
    ] = None,
    remove: Annotated[
        int | None, typer.Option("--remove", help="Take away their N-th expectation.")
    ] = None,
) -> None:
    """What a customer expects of every promise ("quotes in EUR", "call before 10:00"): said
    whenever a promise is made to them or shown. Without TEXT, lists them.

    Example: pk customer expect Acme "quotes in EUR"
    """
    from promisekeeper.render.safe import clean, echo

    shown, expects = customers.expect(settings_of(ctx), name, text, remove)
    if not expects:
        echo(clean(f"{shown} expects nothing in particular."))
    for number, said in enumerate(expects, start=1):
        echo(clean(f"{number}. {said}"))


@customer_app.command("review")
def review(
    ctx: typer.Context,
    name: NameArg,
    fmt: Annotated[str, result_format("ReviewPack")] = "markdown",
    since: Annotated[
        str | None,
        typer.Option("--since", help="What happened since this day (default: the last review)."),
    ] = None,
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write to this file (replaced whole).")
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help="Record the review as held now: the rhythm restarts.")
    ] = False,
    note: Annotated[str | None, typer.Option("--note", help="With --done: a note on it.")] = None,
) -> None:
    """The candid review pack of a customer: our record since the last review, what moved and
    why, what we learned, what they told us, what we wait on from them, what comes next, the
    standards that apply. With --done, record the review as held.

    Example: pk customer review Acme --format html --out acme-review.html
    """
    from promisekeeper.errors import InputError

    settings = settings_of(ctx)
    if done:
        from promisekeeper.render.safe import clean, echo
        from promisekeeper.service.reviews import done as record

        shown, following = record(settings, name, note)
        echo(clean(f"Reviewed {shown}" + (f"; {following}." if following else ".")))
        return
    if note is not None:
        raise InputError("--note goes with --done.")
    from promisekeeper.cli.report import deliver, written_to
    from promisekeeper.service.reviews import pack

    chosen = written_to(settings, out, fmt, "the review pack")
    deliver(pack(settings, name, since), fmt, settings, chosen, "the review pack")


@customer_app.command("statement")
def statement(
    ctx: typer.Context,
    name: NameArg,
    fmt: Annotated[str, result_format("Statement")] = "markdown",
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="What happened since this day (default: 30 days ago); last: since the last "
            "statement recorded for them.",
        ),
    ] = None,
    with_owners: Annotated[
        bool, typer.Option("--with-owners", help="Name who owns each promise.")
    ] = False,
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write to this file (replaced whole).")
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="Record it as sent: the history it commits to goes in its footer."
        ),
    ] = False,
    sign: Annotated[
        str | None,
        typer.Option(
            "--sign",
            help="Sign it with this SSH key (ssh-keygen), into FILE.sig beside --out FILE; "
            "records it too.",
            metavar="KEY",
        ),
    ] = None,
) -> None:
    """A statement to send the customer as it is: what was delivered (on time or late against
    the agreed date), what will not be, what moved and why, what we wait on from them, what
    comes next. With --record, it commits to the history as it stands (`pk db verify` names it
    if that history is ever changed); --sign adds an SSH signature the customer can check.

    Example: pk customer statement Acme --since last --record --sign ~/.ssh/id_ed25519 --out acme.md
    """
    from promisekeeper.cli.report import deliver, written_to
    from promisekeeper.service.review import statement as make

    settings = settings_of(ctx)
    if sign is not None and out is None:
        from promisekeeper.errors import InputError

        raise InputError("--sign writes FILE.sig beside the statement: add --out FILE.")
    record = record or sign is not None
    chosen = written_to(settings, out, fmt, "the statement")
    signed = None
    if sign is not None and out is not None:
        from promisekeeper.service import output_file

        signed = output_file(settings, out + ".sig", "the signature")
    result = make(settings, name, since=since, with_owners=with_owners, record=record)
    if not record:
        deliver(result, fmt, settings, chosen, "the statement")
        return
    from promisekeeper.domain.review import Seal
    from promisekeeper.render.registry import text
    from promisekeeper.render.safe import echo, write_out
    from promisekeeper.service import statements

    seal = result.seal
    assert seal is not None
    if sign is not None and out is not None:
        from pathlib import Path

        seal = Seal(seal.events, seal.head, settings.user_email or settings.user, Path(out).name)
        result = result._replace(seal=seal)
    body = text(result, fmt, settings)
    signature = statements.sign(body, sign) if sign is not None else None
    statements.record(
        settings, result, fmt, body, signature, None if chosen is None else (chosen, signed)
    )
    if chosen is None:
        write_out(body)
    else:
        also = f" and its signature to {signed.path}" if signed is not None else ""
        echo(f"Wrote the statement to {chosen.path}{also}", err=True)
    echo(
        f"Recorded as sent to {result.customer}: the history of {seal.events:,} events, "
        f"head {seal.head[:16]}…",
        err=True,
    )


@customer_app.command("statements")
def statements_(
    ctx: typer.Context,
    name: NameArg,
    fmt: Annotated[str, result_format("StatementList")] = "table",
) -> None:
    """The statements recorded as sent to a customer: when, by whom, the history each commits
    to, and whether that history is still the start of ours.

    Example: pk customer statements Acme
    """
    from promisekeeper.service.statements import sent

    settings = settings_of(ctx)
    show(sent(settings, name), fmt, settings)


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
    email: Annotated[
        list[str] | None,
        typer.Option(
            "--email", help="An address to ask its verdict at (again for more; none: remove all)."
        ),
    ] = None,
    review: Annotated[
        str | None,
        typer.Option(
            "--review",
            help='How often to review our promises with them: "every 3 months" (none: stop).',
        ),
    ] = None,
    new_customer: Annotated[
        bool,
        typer.Option("--new-customer", help="Create it even if its name is near another's."),
    ] = False,
) -> None:
    """Set up a customer, creating it if it is not on file yet; with its own time zone and
    holiday calendar, its day-only deadlines mean the end of its working day, and dates show
    both times.

    Example: pk customer set Acme --timezone Europe/Berlin --email ana@acme.example
    """
    from promisekeeper.render.safe import echo

    shown, zone, days, created, emails = customers.set_customer(
        settings_of(ctx),
        name,
        zone=timezone,
        calendar=calendar,
        new_customer=new_customer,
        emails=email,
        review=review,
    )
    if created:
        echo(f'New customer "{shown}".')
    if timezone is not None or calendar is not None:
        echo(f"{shown}: time zone {zone or 'yours'}, calendar {days or 'yours'}.")
    if emails is not None:
        echo(f"{shown}: asked at {', '.join(emails)}." if emails else f"{shown}: no address.")
    if review is not None:
        from promisekeeper.domain.reviews import parse_rhythm

        stop = review.strip().lower() == "none"
        echo(
            f"{shown}: no review rhythm."
            if stop
            else f"{shown}: reviewed {parse_rhythm(review).text}."
        )

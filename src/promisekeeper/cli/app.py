"""The root command ``pk`` and what commands share: its group (which builds only the command
run, cli/commands.py, and runs it inside the error edge, cli/edge.py), the settings of a run,
showing a result, and the options many commands take."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from promisekeeper.cli.argv import db_first, fill_optional_values
from promisekeeper.cli.commands import COMMANDS, LazyCommands, build_command
from promisekeeper.cli.completion import complete_customer, complete_promise_id
from promisekeeper.cli.edge import guarded, refuse_undecodable, run_hooks

if TYPE_CHECKING:
    from promisekeeper.config import Settings


class PkGroup(TyperGroup):
    """Runs the command inside the error edge (``edge.guarded``: every failure one line on
    stderr and its exit code), then the on-change hook. Sub-commands are built lazily
    (``COMMANDS``)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(list(COMMANDS), build_command)

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The command list of ``pk --help``, from ``COMMANDS`` without building any command."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [
            (name, make_default_short_help(line, limit)) for name, (*_, line) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            written = sys.modules.get("promisekeeper.store.changes")
            if written is not None:  # an earlier command in this process wrote: a new change
                written.new_run()
            arguments = list(sys.argv[1:] if args is None else args)
            refuse_undecodable(arguments)
            return super(PkGroup, self).main(
                args=fill_optional_values(db_first(arguments)),
                prog_name=prog_name or "pk",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )

        code = guarded(run)
        run_hooks()
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=PkGroup,
    name="pk",
    help="pk — keep the promises you make to customers.\n\n"
    "Record every promise after a call (`pk add`), check `pk due` each morning, "
    "review the kept-rate with `pk report --month`.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or postgresql+psycopg:// URL (env PK_DB).",
            metavar="PATH|URL",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print pk's version and exit.",
            is_eager=True,
            callback=lambda shown: _print_version() if shown else None,
        ),
    ] = False,
) -> None:
    ctx.obj = {"db": db}


def version_text() -> str:
    """``pk 0.1.0 (Python 3.11.7)``: the installed version, as the package metadata says."""
    import platform
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        number = installed("promisekeeper")
    except PackageNotFoundError:  # run from a source tree that was never installed
        number = "unknown (not installed)"
    return f"pk {number} (Python {platform.python_version()})"


def _print_version() -> None:
    from promisekeeper.render.safe import echo

    echo(version_text())
    raise typer.Exit()


def version() -> None:
    """Print pk's version (the same as pk --version).

    Example: pk version
    """
    from promisekeeper.render.safe import echo

    echo(version_text())


def settings_of(ctx: typer.Context) -> Settings:
    from promisekeeper.config import load_settings

    root_ctx = ctx.find_root()
    db = (root_ctx.obj or {}).get("db")
    settings = load_settings(db)
    if settings.team_auth == "database":  # you are your database role (docs/team.md)
        from promisekeeper.service.team import identify

        settings = identify(settings)
    return settings


def show(result: object, fmt: str, settings: Settings | None) -> None:
    """Hand a result to its renderer in the chosen format (``render.registry``)."""
    from promisekeeper.render.registry import show as render

    render(result, fmt, settings)


def parse_id(value: str) -> int:
    """A promise number as every screen shows it (``#12``) or bare (``12``)."""
    text = value.strip().removeprefix("#")
    if not text.isascii() or not text.isdigit():
        raise typer.BadParameter(f"{value!r} is not a promise number such as 12 or #12.")
    return int(text)


# One promise, by its number (the commands that take several use their own ID...).
IdArg = Annotated[
    int,
    typer.Argument(
        help="The promise's number, as `pk promise list` shows it (12 or #12).",
        autocompletion=complete_promise_id,
        metavar="ID",
        parser=parse_id,
    ),
]


def first_page(fmt: str, limit: int | None, *, reserved: int = 0) -> int | None:
    """How many promises a view shows, and so reads (a count covers the rest): all (None) for
    a machine format or ``--limit 0``; ``--limit N``; on a terminal, a screenful less
    ``reserved`` lines for titles (at least 9); elsewhere all."""
    if fmt != "table" or limit == 0:
        return None
    if limit is not None:
        return limit
    from promisekeeper.render.console import screenful

    rows = screenful()
    return None if rows is None else max(9, rows - reserved)


LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        help="Show at most N (0: all). Default: a screenful on a terminal, all otherwise.",
        metavar="N",
    ),
]
WideOption = Annotated[
    bool, typer.Option("--wide", "-w", help="Whole texts on a terminal too (no … cuts).")
]
OwnerOption = Annotated[
    str | None, typer.Option("--owner", help="Someone else's promises (default: yours).")
]
AllOption = Annotated[bool, typer.Option("--all", help="Everyone's promises.")]
CustomerOption = Annotated[
    str | None,
    typer.Option(
        "--customer", "-c", help="Only this customer's.", autocompletion=complete_customer
    ),
]

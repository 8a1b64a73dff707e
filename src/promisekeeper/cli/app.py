"""The root command, shared options and the one place errors become exit codes
(docs/decisions.md, Errors and exit codes)."""

from __future__ import annotations

import errno
import os
import sys
import warnings
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click import exceptions as click_exceptions
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from promisekeeper.errors import PkError

if TYPE_CHECKING:
    from promisekeeper.config import Settings


def _error_line(message: str) -> None:
    from promisekeeper.render.safe import clean, echo

    text = " ".join(clean(message).split("\\n"))
    echo(f"Error: {text}", err=True)
    sys.stderr.flush()


def _unexpected(exc: Exception) -> int:
    """A bug: one line, exit 1; ``PK_DEBUG=1`` shows the traceback instead."""
    if os.environ.get("PK_DEBUG"):
        raise exc
    _error_line(
        f"unexpected {type(exc).__name__}: {exc}. This is a bug in pk; "
        "run again with PK_DEBUG=1 to see where it happened."
    )
    return 1


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """pk's own warnings (``PkWarning``) as one line on stderr; others as Python shows them."""
    from promisekeeper.errors import PkWarning

    if issubclass(category, PkWarning):
        from promisekeeper.render.safe import echo

        echo(f"Warning: {message}", err=True)
        return
    _PYTHON_SHOWWARNING(message, category, filename, lineno, file, line)


_PYTHON_SHOWWARNING = warnings.showwarning


def _run_hooks() -> None:
    """Hand what this command committed to the on-change hook, if it wrote anything (the
    hooks module is loaded only by a write)."""
    hooks = sys.modules.get("promisekeeper.service.hooks")
    if hooks is None or not hooks.PENDING:
        return
    problem = hooks.run_pending()
    if problem:
        from promisekeeper.render.safe import clean, echo

        echo(f"Note: {clean(problem)}", err=True)


def _refuse_undecodable(arguments: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which no database, file or
    terminal can take: refuse them here, before anything is read or written."""
    from promisekeeper.environment import valid_utf8

    for number, argument in enumerate(arguments, 1):
        if not valid_utf8(argument):
            from promisekeeper.errors import InputError
            from promisekeeper.render.safe import clean

            raise InputError(
                f'Argument {number} ("{clean(argument)}") is not valid UTF-8 text; '
                "type it again or set the terminal to UTF-8."
            )


# Errors of writing to stdout (a full disk, a quota, a device error); anything else is a bug.
OUTPUT_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO}


# Every command, in the order `pk --help` lists them: name -> (module of promisekeeper.cli, the
# function or sub-app in it, the line `pk --help` shows). Only the command being run is imported
# and built: Typer builds a command from its signature, and building all ~35 of them cost more
# start-up time than everything else pk does for `pk --help` (docs/performance.md).
# tests/test_docs.py checks these lines against each command's own help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "due": ("due", "due", "What is overdue, due today and due soon — the morning view."),
    "overdue": ("due", "overdue", "Every overdue promise, most late first."),
    "report": (
        "report",
        "report",
        "Kept-rate, slips and lateness for the promises agreed for a period, with the trend.",
    ),
    "slips": (
        "slips",
        "slips",
        "Promises moved twice or more, and slips the customer was never told of, for a period.",
    ),
    "calendar": (
        "calendars",
        "calendar",
        "The closed days in force for a year: public holidays and your own, or a customer's.",
    ),
    "escalations": (
        "escalations",
        "escalations",
        "Promises overdue or slipped past the escalation thresholds, worst first (a lead's view).",
    ),
    "team": (
        "team",
        "team_app",
        "Everyone's open promises: overdue, due today, at risk, waiting and slipping, per person.",
    ),
    "remind": (
        "remind",
        "remind",
        "Say what became overdue, at risk or due soon since the last run, once; for cron.",
    ),
    "ics": (
        "ics",
        "ics",
        "Open promises as an iCalendar feed (RFC 5545): one task per promise, with an alarm.",
    ),
    "when": (
        "when",
        "when",
        "Show what a date expression means right now, without saving anything.",
    ),
    "export": (
        "transfer",
        "export",
        "Export every promise: JSON with full histories (lossless), or CSV one row per promise.",
    ),
    "import": ("transfer", "import_", "Import promises, all or nothing."),
    "capture": (
        "capture",
        "capture",
        "Find the promises in a pasted email or meeting note and record the ones you confirm.",
    ),
    # Short forms for the commands typed most; their help is this line.
    "add": ("promise", "add", "Short for `pk promise add`."),
    "ls": ("promise", "list_", "Short for `pk promise list`."),
    "keep": ("promise", "keep", "Short for `pk promise keep`."),
    "slip": ("promise", "reschedule", "Short for `pk promise reschedule`."),
    "undo": ("undo", "undo", "Take back the last change you made in the last 30 minutes."),
    "log": (
        "log",
        "log",
        "Every change, in the order it was written: when, which promise, what happened, by whom.",
    ),
    "promise": ("promise", "promise_app", "Add, list, show and change promises."),
    "customer": (
        "customer",
        "customer_app",
        "List, show, rename and merge customers; statements to send them.",
    ),
    "standard": (
        "standard",
        "standard_app",
        "Service standards: promise kinds with a time, published to customers.",
    ),
    "config": ("settings_cmd", "config_app", "Read and change settings."),
    "version": ("app", "version", "Print pk's version (the same as pk --version)."),
    "db": ("db", "db_app", "The database: path, backup, upgrade, check, team roles."),
}
ALIASES = frozenset({"add", "ls", "keep", "slip"})


def build_command(name: str) -> Command:
    """Import the module of one command and let Typer build it; a group of commands
    (``pk promise``) is built empty and each of its commands the first time it is used."""
    import importlib

    from typer.main import get_command

    module, attribute, line = COMMANDS[name]
    target = getattr(importlib.import_module(f"promisekeeper.cli.{module}"), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name, help=line if name in ALIASES else None)(target)
        target = single
    if len(target.registered_commands) > 1 and not target.registered_groups:
        command: Command = lazy_group(target)
    else:
        command = get_command(target)
    command.name = name
    return command


def lazy_group(target: typer.Typer) -> TyperGroup:
    """The group of a Typer app whose commands are built one by one, when used: Typer builds
    a command from its function's signature, which costs about 0.4 ms per command."""
    from typer.main import get_command_from_info, get_command_name, get_group

    infos = {
        info.name or get_command_name(getattr(info.callback, "__name__", "")): info
        for info in target.registered_commands
    }
    every = target.registered_commands
    target.registered_commands = []
    try:
        group = get_group(target)
    finally:
        target.registered_commands = every

    def build(name: str) -> Command:
        return get_command_from_info(
            infos[name],
            pretty_exceptions_short=target.pretty_exceptions_short,
            rich_markup_mode=target.rich_markup_mode,
        )

    group.commands = LazyCommands(list(infos), build)
    return group


# `pk report` and `pk slips` options that take an optional value: `--month` alone is the current
# month, `--month 2026-10` a given one.
OPTIONAL_VALUE = ("--week", "--month", "--quarter")


def db_first(args: list[str]) -> list[str]:
    """``--db`` belongs to pk itself, before the command; written after it (``pk due --db
    URL``), it is moved there, so that it works wherever it is typed."""
    if "--db" not in args and not any(a.startswith("--db=") for a in args):
        return args
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg == "--db" and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        if arg.startswith("--db="):
            moved.append(arg)
        else:
            rest.append(arg)
        index += 1
    return moved + rest


def fill_optional_values(args: list[str]) -> list[str]:
    """Give ``--month``/``--week``/``--quarter`` an empty value when none follows (Typer options
    always take one), so that ``pk report --month --by customer`` means the current month."""
    if "report" not in args and "slips" not in args:
        return args
    filled: list[str] = []
    for index, arg in enumerate(args):
        filled.append(arg)
        following = args[index + 1] if index + 1 < len(args) else None
        if arg in OPTIONAL_VALUE and (following is None or following.startswith("-")):
            filled.append("")
    return filled


class LazyCommands(MutableMapping[str, Command]):
    """A group's sub-commands: every name is known, each is built the first time it is used."""

    def __init__(self, names: list[str], build: Callable[[str], Command]) -> None:
        self.names = names
        self.build = build
        self.built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self.built:
            if name not in self.names:
                raise KeyError(name)
            self.built[name] = self.build(name)
        return self.built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self.names, *self.built]))

    def __len__(self) -> int:
        return len(set(self.names) | set(self.built))


class PkGroup(TyperGroup):
    """Runs the command and turns every failure into one line on stderr: ``PkError`` with its own
    exit code, usage errors with 2, anything unexpected with 1 (``PK_DEBUG=1`` re-raises it).

    Sub-commands are built lazily (``COMMANDS``)."""

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
        code = 0
        showwarning = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            written = sys.modules.get("promisekeeper.store.changes")
            if written is not None:  # an earlier command in this process wrote: a new change
                written.new_run()
            arguments = list(sys.argv[1:] if args is None else args)
            _refuse_undecodable(arguments)
            result = super().main(
                args=fill_optional_values(db_first(arguments)),
                prog_name=prog_name or "pk",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = result if isinstance(result, int) else 0
            sys.stdout.flush()  # a full disk or closed pipe shows up here, not at exit
        except PkError as exc:
            _error_line(str(exc))
            from promisekeeper.render.safe import clean, echo

            for detail in getattr(exc, "details", []):
                echo(f"  {clean(detail)}", err=True)
            code = exc.exit_code
        except click_exceptions.NoArgsIsHelpError as exc:
            from promisekeeper.render.safe import echo

            if exc.ctx:
                echo(exc.ctx.get_help())
            code = 0
        except click_exceptions.UsageError as exc:
            hint = ""
            if exc.ctx is not None:
                hint = f" See `{exc.ctx.command_path} --help`."
            message = exc.format_message().strip()
            if not message.endswith((".", "?", "!")):
                message += "."
            if message.startswith("Got unexpected extra argument"):
                # `--by tomorrow 10am`: the shell split a value with spaces in two
                hint = ' A value with spaces needs quotes: --by "tomorrow 10am".' + hint
            _error_line(message + hint)
            code = 2
        except click_exceptions.ClickException as exc:
            _error_line(exc.format_message())
            code = exc.exit_code
        except (typer.Abort, KeyboardInterrupt, EOFError):
            from promisekeeper.render.safe import echo

            echo("Aborted; nothing was changed.", err=True)
            code = 130
        except BrokenPipeError:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more can be written
            code = 1
        except OSError as exc:
            if exc.errno in OUTPUT_ERRORS:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
                _error_line(f"Cannot write the output: {exc.strerror or exc}.")
                code = 1
            else:
                code = _unexpected(exc)
        except Exception as exc:
            code = _unexpected(exc)
        finally:
            warnings.showwarning = showwarning
        _run_hooks()
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


def complete_customer(incomplete: str) -> list[str]:
    """Shell completion of customer names (``service.completion``)."""
    from promisekeeper.render.safe import clean
    from promisekeeper.service.completion import customer_names

    fold = incomplete.casefold()
    found = [clean(n) for n in customer_names() if n.casefold().startswith(fold)]
    if os.environ.get("_PK_COMPLETE", "").endswith("bash"):
        # bash inserts a completion as it is: a name with spaces would become two words
        # (zsh and fish quote what they insert themselves).
        import re

        found = [re.sub(r"([^\w@%+=:,./-])", r"\\\1", name) for name in found]
    return found


def parse_id(value: str) -> int:
    """A promise number as every screen shows it (``#12``) or bare (``12``)."""
    text = value.strip().removeprefix("#")
    if not text.isascii() or not text.isdigit():
        raise typer.BadParameter(f"{value!r} is not a promise number such as 12 or #12.")
    return int(text)


def complete_promise_id(incomplete: str) -> list[tuple[str, str]]:
    from promisekeeper.render.safe import clean
    from promisekeeper.service.completion import promise_ids

    return [(str(i), clean(what)[:60]) for i, what in promise_ids(incomplete)]


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

"""Every command pk has, and how each is built only when it is run."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping

import typer
from typer._click import Command
from typer.core import TyperGroup

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
    "lessons": (
        "lessons",
        "lessons",
        "The causes of a period's slips and breaks, worst first, with their lessons.",
    ),
    "calibration": (
        "calibration",
        "calibration",
        "How often each kind of promise is kept on the date first agreed, and how much later.",
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
        "Open promises as an iCalendar feed (RFC 5545): one event per promise, with an alarm.",
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
    # Short forms for the commands typed most; their help is this line and the command's own.
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
    "owed": (
        "owed",
        "owed_app",
        "Promises others made to you: vendors, colleagues, customers.",
    ),
    "away": (
        "away",
        "away_app",
        "Cover while away: your open promises go to a colleague, and come back.",
    ),
    "customer": (
        "customer",
        "customer_app",
        "List, show, rename and merge customers; statements to send them.",
    ),
    "feedback": (
        "feedback",
        "feedback_app",
        "Ask customers whether we kept our promise, read their replies, list the verdicts.",
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
    import inspect

    from typer.main import get_command

    module, attribute, line = COMMANDS[name]
    target = getattr(importlib.import_module(f"promisekeeper.cli.{module}"), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        # a short form's help is its line, then the whole command's help with its example
        shown = f"{line}\n\n{inspect.cleandoc(target.__doc__ or '')}" if name in ALIASES else None
        single.command(name, help=shown)(target)
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

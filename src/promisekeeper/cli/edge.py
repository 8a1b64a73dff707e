"""The edge of pk: where every failure becomes one line on stderr and an exit code
(docs/decisions.md, "Errors and exit codes"), pk's warnings are shown, arguments that are not
text are refused, and the on-change hook runs once a command has committed."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

import typer
from typer._click import exceptions as click_exceptions

from promisekeeper.errors import PkError


def error_line(message: str) -> None:
    from promisekeeper.render.safe import clean, echo

    text = " ".join(clean(message).split("\\n"))
    echo(f"Error: {text}", err=True)
    sys.stderr.flush()


def unexpected(exc: Exception) -> int:
    """A bug: one line, exit 1; ``PK_DEBUG=1`` shows the traceback instead."""
    if os.environ.get("PK_DEBUG"):
        raise exc
    error_line(
        f"unexpected {type(exc).__name__}: {exc}. This is a bug in pk; "
        "run again with PK_DEBUG=1 to see where it happened."
    )
    return 1


def show_warning(
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


def run_hooks() -> None:
    """Hand what this command committed to the on-change hook, if it wrote anything (the
    hooks module is loaded only by a write)."""
    hooks = sys.modules.get("promisekeeper.service.hooks")
    if hooks is None or not hooks.PENDING:
        return
    problem = hooks.run_pending()
    if problem:
        from promisekeeper.render.safe import clean, echo

        echo(f"Note: {clean(problem)}", err=True)


def refuse_undecodable(arguments: list[str]) -> None:
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


def cannot_write(exc: OSError) -> int:
    """stdout cannot take what the command printed (a full disk, a quota, a device error): one
    line on stderr, exit 1, and nothing more is written there."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more can be written
    with contextlib.suppress(OSError):  # stderr gone too: the exit code still says it
        error_line(f"Cannot write the output: {exc.strerror or exc}.")
    return 1


def guarded(run: Callable[[], Any]) -> int:
    """Run a command and return its exit code: ``PkError`` with its own, usage errors 2, an
    interrupt 130, an output that cannot be written 1, anything unexpected 1 (``PK_DEBUG=1``
    re-raises it). pk's warnings are one line each meanwhile."""
    code = 0
    showwarning = warnings.showwarning
    warnings.showwarning = show_warning
    try:
        result = run()
        code = result if isinstance(result, int) else 0
        sys.stdout.flush()  # a full disk or closed pipe shows up here, not at exit
    except PkError as exc:
        error_line(str(exc))
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
        error_line(message + hint)
        code = 2
    except click_exceptions.ClickException as exc:
        error_line(exc.format_message())
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        from promisekeeper.render.safe import echo

        echo("Aborted; nothing was changed.", err=True)
        code = 130
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more can be written
        code = 1
    except OSError as exc:
        code = cannot_write(exc) if exc.errno in OUTPUT_ERRORS else unexpected(exc)
    except Exception as exc:
        code = unexpected(exc)
    finally:
        warnings.showwarning = showwarning
    return code


def finish(code: object) -> int:
    """The exit code once the output is flushed: a command's own, or 1 when what it printed
    last could not be written (the reader went away, the disk is full: said as the edge says
    it while the command runs)."""
    exit_code = code if isinstance(code, int) else 0
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        exit_code = exit_code or 1  # the reader went away: nothing more can be shown
    except OSError as exc:
        exit_code = exit_code or cannot_write(exc)
    try:
        sys.stderr.flush()
    except OSError:
        exit_code = exit_code or 1
    return exit_code

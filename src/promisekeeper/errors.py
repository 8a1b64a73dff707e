"""Errors written for users.

Domain and storage code raise these; the CLI edge (``cli.edge.guarded``) turns each into one line on
stderr and an exit code: 2 for input and usage errors, 1 for everything else (docs/decisions.md).
"""

from __future__ import annotations


class PkError(Exception):
    """Something went wrong that the user can act on. The message says what and how."""

    exit_code = 1


class InputError(PkError):
    """The user typed something we cannot accept. Nothing was written."""

    exit_code = 2


class BadDate(InputError):
    """A date or time expression could not be understood, or is not allowed here."""


class PromiseNotFound(InputError):
    def __init__(self, promise_id: int) -> None:
        super().__init__(f"No promise #{promise_id}. `pk promise list` shows the open ones.")
        self.promise_id = promise_id


class CustomerNotFound(InputError):
    def __init__(self, name: str, near: str | None = None) -> None:
        hint = f'Did you mean "{near}"?' if near else "`pk customer list` shows them all."
        super().__init__(f'No customer "{name}". {hint}')


class NearCustomer(InputError):
    """A new customer name is confusingly close to an existing one."""


class InvalidState(InputError):
    """The promise is not in a state that allows this change."""


class ConfigError(InputError):
    """A bad setting, environment variable or configuration file."""


class StorageError(PkError):
    """The database cannot be opened, read or written."""


class Refused(InputError):
    """The database's own rules refused a change (a team member's role; docs/team.md)."""


class Unreachable(StorageError):
    """The database cannot be reached or opened, or did not answer within pk's time limits
    (a lock held elsewhere): its own exit code, so that cron can tell it from "something is
    overdue" (1)."""

    exit_code = 3


class SchemaTooNew(StorageError):
    """The database was written by a newer pk."""


class Conflict(PkError):
    """Someone else changed the same promise at the same moment."""


class PkWarning(UserWarning):
    """Something the user should know that does not stop the command; the CLI shows it as one
    ``Warning:`` line on stderr."""


def install_extra(name: str) -> str:
    """How to install an optional part of pk: it is installed from its source folder (it is not
    on PyPI), with the extra's name."""
    return f"pip install '.[{name}]' in pk's source folder"

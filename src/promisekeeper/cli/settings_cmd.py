"""``pk config …``: read and change settings."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from promisekeeper.cli.app import show
from promisekeeper.cli.formats import result_format
from promisekeeper.errors import ConfigError

config_app = typer.Typer(
    help="Read and change settings.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)


def _env_of(name: str) -> str | None:
    """The environment variable of a setting (its row in config.KEYS)."""
    from promisekeeper.config import KEYS

    return KEYS[name].env if name in KEYS else None


def _key(name: str) -> str:
    from promisekeeper.config import KEYS

    if name not in KEYS:
        raise ConfigError(f'Unknown setting "{name}"; known: {", ".join(KEYS)}.')
    return name


def _effective(name: str, values: dict[str, str]) -> tuple[str | None, str]:
    from promisekeeper.config import KEYS

    env = _env_of(name)
    if env and os.environ.get(env) and name != "timezone":
        return os.environ[env], f"env {env}"
    if name in values:
        return values[name], "config file"
    if env and os.environ.get(env):
        return os.environ[env], f"env {env}"
    if name == "user":
        from promisekeeper.config import login_name

        return login_name(), "login name"
    if name == "db":
        from promisekeeper.config import default_db_path

        return str(default_db_path()), "default"
    return KEYS[name].default, "default"


def _shown(name: str, value: str | None) -> str | None:
    """A setting's value as it may be printed: a database URL without its password."""
    if name == "db" and value:
        from promisekeeper.service import shown_database as redact

        return redact(value)
    return value


def _say_if_overridden(name: str) -> None:
    from promisekeeper.render.safe import echo

    env = _env_of(name)
    if env and name != "timezone" and os.environ.get(env):
        echo(f"Note: {env} is set in the environment and wins over this setting.", err=True)


@config_app.command("get")
def get(name: Annotated[str, typer.Argument(help="A setting, e.g. workday.end.")]) -> None:
    """Print one setting's effective value.

    Example: pk config get workday.end
    """
    from promisekeeper.config import read_file
    from promisekeeper.render.safe import echo

    value, _source = _effective(_key(name), read_file())
    echo(_shown(name, value) or "")


@config_app.command("set")
def set_(
    name: Annotated[str, typer.Argument(help="A setting, e.g. workday.end.")],
    value: Annotated[str, typer.Argument(help="Its new value.")],
) -> None:
    """Change a setting in the config file.

    Example: pk config set workday.end 18:00
    """
    from promisekeeper.config import check_setting, config_path, read_file, write_file
    from promisekeeper.render.safe import echo

    values = read_file()
    check_setting(_key(name), value, values)
    values[name] = value.strip()
    if name.startswith("calendar."):  # computed before the file changes: a failure writes nothing
        from promisekeeper.config import calendar_settings, warm_holidays

        days = calendar_settings(values)
        warm_holidays(days.country, days.subdivision)
    write_file(values)
    echo(f"{name} = {_shown(name, value.strip())}  ({config_path()})")
    _say_if_overridden(name)


@config_app.command("unset")
def unset(name: Annotated[str, typer.Argument(help="A setting.")]) -> None:
    """Remove a setting from the config file (back to its default).

    Example: pk config unset timezone
    """
    from promisekeeper.config import check_together, read_file, write_file
    from promisekeeper.render.safe import echo

    values = read_file()
    values.pop(_key(name), None)
    check_together(values)
    write_file(values)
    echo(f"{name} is back to its default.")
    _say_if_overridden(name)


@config_app.command("list")
def list_(fmt: Annotated[str, result_format("SettingList")] = "table") -> None:
    """Every setting with its value and where it comes from.

    Example: pk config list
    """
    from promisekeeper.config import KEYS, config_path, read_file
    from promisekeeper.domain.results.settings import Setting, SettingList

    values = read_file()
    rows = []
    for name, key in KEYS.items():
        value, source = _effective(name, values)
        rows.append(Setting(name, _shown(name, value), source, key.help))
    show(SettingList(rows, str(config_path())), fmt, None)

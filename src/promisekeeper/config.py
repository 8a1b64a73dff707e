"""Settings: a TOML file in the user config directory, environment variables, defaults.

Precedence, highest first: command-line options, environment (``PK_DB``, ``PK_USER``, ``PK_NOW``,
``TZ``), the config file (``PK_CONFIG`` names another file), built-in defaults.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, time, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from promisekeeper.errors import ConfigError

APP_NAME = "promisekeeper"


class Key(NamedTuple):
    name: str
    default: str | None
    help: str
    check: Callable[[str], object]


def _check_time(value: str) -> time:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ConfigError(f'workday.end must be a 24-hour time like "17:00", not "{value}".')
    return time(int(m.group(1)), int(m.group(2)))


def _check_order(value: str) -> str:
    if value not in ("mdy", "dmy"):
        raise ConfigError(f'date.order must be "mdy" or "dmy", not "{value}".')
    return value


def _check_days(value: str) -> int:
    if not value.strip().isdigit() or int(value) > 365:
        raise ConfigError(f'due.days must be a whole number from 0 to 365, not "{value}".')
    return int(value)


def _check_zone(value: str) -> tzinfo:
    return zone_named(value)


def _check_text(value: str) -> str:
    if not value.strip():
        raise ConfigError("The value cannot be empty.")
    return value.strip()


KEYS: dict[str, Key] = {
    key.name: key
    for key in [
        Key("user", None, "your name as the owner of promises (default: login name)", _check_text),
        Key(
            "timezone",
            None,
            "IANA zone for showing and reading dates (default: TZ or system)",
            _check_zone,
        ),
        Key("workday.end", "17:00", "the time a day-only deadline means", _check_time),
        Key("date.order", "mdy", "how to read 01/02/2027: mdy or dmy", _check_order),
        Key("due.days", "2", "how many days ahead `pk due` calls soon", _check_days),
        Key("db", None, "database file path or postgresql+psycopg:// URL", _check_text),
    ]
}


def config_path() -> Path:
    explicit = os.environ.get("PK_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / "pk.db"


def read_file(path: Path | None = None) -> dict[str, str]:
    """The config file as flat ``{"workday.end": "17:00"}``; empty if there is none."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror}.") from exc
    import tomllib  # only when there is a file: its import compiles a dozen expressions

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"The config file {path} is not valid TOML ({exc}). Fix or delete it."
        ) from exc
    flat: dict[str, str] = {}
    _flatten(data, "", flat)
    return flat


def _flatten(data: dict[str, Any], prefix: str, out: dict[str, str]) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{name}.", out)
        else:
            out[name] = str(value)


def write_file(values: dict[str, str], path: Path | None = None) -> None:
    """Write flat settings as TOML, atomically (temp file, then rename)."""
    path = path or config_path()
    top = {k: v for k, v in values.items() if "." not in k}
    sections: dict[str, dict[str, str]] = {}
    for key, value in values.items():
        if "." in key:
            section, name = key.split(".", 1)
            sections.setdefault(section, {})[name] = value
    lines = ["# promisekeeper settings: `pk config list` shows them all."]
    lines += [f"{k} = {_toml_string(v)}" for k, v in sorted(top.items())]
    for section, items in sorted(sections.items()):
        lines += ["", f"[{section}]"] + [
            f"{k} = {_toml_string(v)}" for k, v in sorted(items.items())
        ]
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Private: the file may hold a database URL.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'


def zone_named(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip().lstrip(":"))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f'Unknown time zone "{name}"; use an IANA name such as "Europe/Berlin".'
        ) from exc


def system_zone() -> tzinfo:
    """``TZ`` if set, else the system's zone (with its DST rules), else UTC."""
    from zoneinfo import ZoneInfo

    env = os.environ.get("TZ")
    if env:
        return zone_named(env)
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        return UTC


def login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


class Settings(NamedTuple):
    """Everything a command needs to know about the user's environment, resolved once."""

    now: datetime
    tz: tzinfo
    workday_end: time
    date_order: str
    due_days: int
    user: str
    db: str
    db_is_default: bool = False  # the platformdirs data path, whose folder pk may create

    @property
    def date_settings(self) -> Any:
        from promisekeeper.dates import DateSettings

        return DateSettings(self.tz, self.workday_end, self.date_order)  # type: ignore[arg-type]


def load_settings(db_option: str | None = None) -> Settings:
    from promisekeeper.dates import parse_now

    values = read_file()
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"Unknown setting {unknown[0]!r} in {config_path()}; known: {', '.join(KEYS)}."
        )
    env_now = os.environ.get("PK_NOW")
    now = parse_now(env_now) if env_now else datetime.now(UTC)
    zone_name = values.get("timezone")
    tz = zone_named(zone_name) if zone_name else system_zone()
    db = db_option or os.environ.get("PK_DB") or values.get("db") or ""
    user = os.environ.get("PK_USER") or values.get("user") or login_name()
    return Settings(
        now=now,
        tz=tz,
        workday_end=_check_time(values.get("workday.end", "17:00")),
        date_order=_check_order(values.get("date.order", "mdy")),
        due_days=_check_days(values.get("due.days", "2")),
        user=user.strip(),
        db=db or str(default_db_path()),
        db_is_default=not db,
    )

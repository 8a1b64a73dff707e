"""Settings: a TOML file in the user config directory, environment variables, defaults.

Precedence, highest first: command-line options, environment (``PK_DB``, ``PK_USER``,
``PK_TEAM_AUTH``, ``PK_NOW``, ``TZ``), the config file (``PK_CONFIG`` names another file),
built-in defaults.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from promisekeeper.calendar import WEEKDAY_NAMES, Calendar
from promisekeeper.environment import APP_NAME, env
from promisekeeper.errors import ConfigError

if TYPE_CHECKING:
    from promisekeeper.dates import DateOrder, DateSettings


class Key(NamedTuple):
    """One setting, defined once: its name, its default as the file writes it, what ``pk config
    list`` says of it, the check that turns text into its value, and where that value goes.
    ``tests/test_settings.py`` holds every row against the ``Settings`` fields and the README's
    table."""

    name: str
    default: str | None
    help: str
    check: Callable[[str], Any]
    # The TOML types the file may give it (``pk config set`` always writes a quoted string):
    # ``db = 5`` is refused rather than read as a file named 5.
    kinds: tuple[type, ...] = (str,)
    field: str | None = None  # the ``Settings`` field it fills, read by ``load_settings``' loop
    value: Any = None  # the default as that field holds it: check(default), not parsed each run
    env: str | None = None  # the environment variable that wins over the file


def _check_time(value: str, name: str = "workday.end") -> time:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ConfigError(f'{name} must be a 24-hour time like "17:00", not "{value}".')
    return time(int(m.group(1)), int(m.group(2)))


def _check_start(value: str) -> time:
    return _check_time(value, "workday.start")


def check_hours(start: time, end: time) -> None:
    """Working hours run forward within a day (no night shifts across midnight)."""
    if start >= end:
        raise ConfigError(
            f"workday.start ({start:%H:%M}) must be before workday.end ({end:%H:%M})."
        )


_DAY_NUMBERS = {name: number for number, name in enumerate(WEEKDAY_NAMES)}


def check_workdays(value: str) -> frozenset[int]:
    """``mon-fri``, ``sun-thu`` (a run, wrapping past Sunday) or ``mon,tue,thu``."""
    text = value.strip().lower().replace("–", "-").replace(" ", "")
    days: set[int] = set()
    for part in text.split(","):
        ends = [p[:3] for p in part.split("-")]
        if not part or len(ends) > 2 or any(e not in _DAY_NUMBERS for e in ends):
            raise ConfigError(
                f'workdays takes weekdays like "mon-fri", "sun-thu" or "mon,wed,fri", '
                f'not "{value}".'
            )
        first, last = _DAY_NUMBERS[ends[0]], _DAY_NUMBERS[ends[-1]]
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    return frozenset(days)


_SPAN_UNITS = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 1),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 60),
    **dict.fromkeys(("d", "day", "days"), 1440),
}


def check_before(value: str) -> timedelta:
    """``remind.before``: how long before a deadline a reminder fires (``1 hour``, ``30 min``,
    ``1 day``; calendar time, up to 30 days)."""
    m = re.fullmatch(r"(\d{1,5}) ?([a-z]+)", value.strip().lower())
    minutes = int(m.group(1)) * _SPAN_UNITS[m.group(2)] if m and m.group(2) in _SPAN_UNITS else -1
    if not 1 <= minutes <= 30 * 1440:
        raise ConfigError(
            f'remind.before takes a time such as "1 hour", "30 minutes" or "1 day" (up to 30 '
            f'days), not "{value}".'
        )
    return timedelta(minutes=minutes)


def _business_days(key: str, value: str, example: str) -> int:
    m = re.fullmatch(r"(\d{1,3})(?: (?:business|working) days?)?", value.strip().lower())
    if not m or not 1 <= int(m.group(1)) <= 365:
        raise ConfigError(
            f'{key} takes business days from 1 to 365, such as "{example}", not "{value}".'
        )
    return int(m.group(1))


def check_escalate_overdue(value: str) -> int:
    """``escalate.overdue``: business days overdue after which a promise is escalated."""
    return _business_days("escalate.overdue", value, "2 business days")


def check_quiet_after(value: str) -> int:
    """``quiet.after``: business days after a miss within which the customer should hear
    from us."""
    return _business_days("quiet.after", value, "10 business days")


def check_wait_chase(value: str) -> int:
    """``wait.chase``: business days of waiting on the customer after which to chase."""
    return _business_days("wait.chase", value, "3 business days")


def check_headsup(value: str, key: str = "headsup.min") -> tuple[int, str]:
    """``headsup.min``: how long before its date a slip must be told to count as told in
    time: ``1 business day`` or ``4 business hours``."""
    m = re.fullmatch(r"(\d{1,3}) (?:business |working )?(day|hour)s?", value.strip().lower())
    if not m or not 1 <= int(m.group(1)) <= (365 if m.group(2) == "day" else 999):
        raise ConfigError(
            f'{key} takes business time such as "1 business day" or "4 business hours", '
            f'not "{value}".'
        )
    return int(m.group(1)), m.group(2)


def check_unanswered_chase(value: str) -> tuple[int, str]:
    """``unanswered.chase``: business time after which a request not answered yet is marked
    "answer" (docs/words.md, "Unanswered requests and declines")."""
    return check_headsup(value, "unanswered.chase")


def check_effort_margin(value: str) -> float:
    """``effort.margin``: how far beyond the effort stated a keep may go before it is an
    overrun, ``25%`` or ``0.25``."""
    return _share("effort.margin", value, 0, 10)


def check_escalate_slips(value: str) -> int:
    """``escalate.slips``: slips after which a promise is escalated."""
    if not re.fullmatch(r"[0-9]{1,3}", value.strip()) or not 1 <= int(value.strip()) <= 100:
        raise ConfigError(f'escalate.slips takes a whole number from 1 to 100, not "{value}".')
    return int(value.strip())


def check_share(value: str) -> float:
    """``risk.at``: a share of a promise's business time, ``0.75`` or ``75%``."""
    return _share("risk.at", value, 0.05, 0.99)


def _share(key: str, value: str, low: float, high: float) -> float:
    """A share written ``0.75`` or ``75%``, from ``low`` to ``high``."""
    text = value.strip()
    try:
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        share = -1.0
    if not low <= share <= high:
        raise ConfigError(
            f"{key} must be a share from {low:g} to {high:g} (or {low * 100:g}% to "
            f'{high * 100:g}%), not "{value}".'
        )
    return share


def _check_order(value: str) -> str:
    if value not in ("mdy", "dmy"):
        raise ConfigError(f'date.order must be "mdy" or "dmy", not "{value}".')
    return value


MAX_DUE_DAYS = 365


def check_due_days(value: int, what: str) -> int:
    """The one range of "days ahead" (config ``due.days`` and ``pk due --days``)."""
    if not 0 <= value <= MAX_DUE_DAYS:
        raise ConfigError(f"{what} must be a whole number from 0 to {MAX_DUE_DAYS}, not {value}.")
    return value


def _check_days(value: str) -> int:
    # ASCII digits only: "²".isdigit() is true, but int("²") fails.
    if not re.fullmatch(r"[0-9]{1,9}", value.strip()):
        raise ConfigError(
            f'due.days must be a whole number from 0 to {MAX_DUE_DAYS}, not "{value}".'
        )
    return check_due_days(int(value.strip()), "due.days")


def _country_code(value: str) -> str:
    """The shape of a country code (two or three letters); which ones exist is checked when a
    setting is made (``check_country``), so that reading settings never imports ``holidays``."""
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2,3}", code):
        raise ConfigError(
            f'calendar.country takes a country code such as "US" or "DE", not "{value}".'
        )
    return code


def check_country(value: str) -> str:
    import holidays

    code = _country_code(value)
    supported = holidays.list_supported_countries()
    if code not in supported:
        raise ConfigError(
            f'No public holidays are known for "{value}"; use a country code such as US, DE, GB, '
            "FR or AU."
        )
    return code


def check_subdivision(value: str, country: str | None) -> str:
    code = value.strip().upper()
    if country is None:
        raise ConfigError("Set calendar.country before calendar.subdivision.")
    import holidays

    known = holidays.list_supported_countries().get(country, [])
    if code not in known:
        shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        raise ConfigError(
            f'"{value}" is not a subdivision of {country}; '
            + (f"use one of {shown}." if known else f"{country} has none.")
        )
    return code


def check_calendar(value: str) -> str:
    """A customer's calendar, ``DE`` or ``DE/BY``: a country and one of its subdivisions, as
    ``calendar.country`` and ``calendar.subdivision`` take them."""
    country, _, subdivision = value.strip().partition("/")
    code = check_country(country)
    sub = check_subdivision(subdivision, code) if subdivision else None
    return f"{code}/{sub}" if sub else code


def check_closed(value: str) -> frozenset[date]:
    """``2026-12-24, 2026-12-31``: the company's own closed days, as ISO dates."""
    days = set()
    for part in (p.strip() for p in value.split(",")):
        try:
            days.add(date.fromisoformat(part))
        except ValueError:
            raise ConfigError(
                f'calendar.closed takes dates like "2026-12-24, 2026-12-31", not "{part}".'
            ) from None
    return frozenset(days)


def check_setting(name: str, value: str, values: dict[str, str]) -> None:
    """A new value of ``name`` checked as `pk config set` checks it, with the settings it
    depends on (``values``: the config file as it is)."""
    if name == "calendar.subdivision":
        country = values.get("calendar.country")
        check_subdivision(value, _country_code(country) if country else None)
    else:
        KEYS[name].check(value)
    check_together({**values, name: value.strip()})


def check_together(values: dict[str, str]) -> None:
    """The settings that depend on each other, as they would be after a change: working hours
    that run forward, a subdivision of the country set (changing the country away from its
    subdivision, or unsetting it, is refused rather than written and broken)."""
    check_hours(
        _check_start(values.get("workday.start", "09:00")),
        _check_time(values.get("workday.end", "17:00")),
    )
    calendar_settings(values)  # the calendar's own rules: a subdivision needs its country
    country, subdivision = values.get("calendar.country"), values.get("calendar.subdivision")
    if country and subdivision:
        try:
            check_subdivision(subdivision, check_country(country))
        except ConfigError as exc:
            raise ConfigError(
                f"{exc} Unset calendar.subdivision first, or set one of the new country."
            ) from None


TEAM_AUTH = ("none", "database")


def check_team_auth(value: str) -> str:
    """How a team database knows who you are (docs/team.md): ``none`` trusts the name you give
    (``user``, PK_USER); ``database`` is the PostgreSQL role you connect as."""
    cleaned = value.strip().lower()
    if cleaned not in TEAM_AUTH:
        raise ConfigError(f'team.auth is "{value}"; use none or database.')
    return cleaned


def _seconds(name: str, low: float, high: float) -> Callable[[str], float]:
    """A check for a time limit in seconds ("5", "5 s", "0.5 s", "2 min"), from ``low`` to
    ``high``."""

    def check(value: str) -> float:
        m = re.fullmatch(r"([0-9]{1,6}(?:\.[0-9]{1,3})?) ?(s|sec|seconds?|min|minutes?)?",
                         value.strip().lower())  # fmt: skip
        seconds = (
            float(m.group(1)) * (60 if (m.group(2) or "s").startswith("min") else 1) if m else -1
        )
        if not low <= seconds <= high:
            raise ConfigError(
                f'{name} takes a time such as "5 s" or "2 min" ({low:g} s to {high:g} s), '
                f'not "{value}".'
            )
        return seconds

    return check


def _check_zone(value: str) -> tzinfo:
    return zone_named(value)


def check_causes(value: str) -> tuple[str, ...]:
    """The causes a slip or a break may name: ``estimate, capacity, vendor, …`` (lower case, one
    word each, hyphens allowed)."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    if not names or not all(re.fullmatch(r"[a-z][a-z0-9-]{0,29}", n) for n in names):
        raise ConfigError(
            f'causes takes a list of short names such as "estimate, capacity, vendor, other", '
            f'not "{value}".'
        )
    return names


def _check_text(value: str) -> str:
    if not value.strip():
        raise ConfigError("The value cannot be empty.")
    return value.strip()


def is_email(text: str) -> bool:
    """Whether ``text`` is an e-mail address (yours in ``user.email``, a customer's): the one
    address rule pk has."""
    return bool(re.fullmatch(r"[^@\s<>,;\"]+@[^@\s<>,;\".]+(?:\.[^@\s<>,;\".]+)+", text))


def _check_email(value: str) -> str:
    text = value.strip()
    if not is_email(text):
        raise ConfigError(f'user.email takes an address such as "dana@example.com", not "{value}".')
    return text


KEYS: dict[str, Key] = {
    key.name: key
    for key in [
        Key("user", None, "your name as the owner of promises (default: login name)",
            _check_text, env="PK_USER"),
        Key("user.name", None, "your full name as customers read it, atop statements",
            _check_text, field="user_name"),
        Key("user.email", None, "the address customers reach you at, atop statements",
            _check_email, field="user_email"),
        Key("company.name", None, "your company's name, atop statements", _check_text,
            field="company_name"),
        Key("timezone", None, "IANA zone for showing and reading dates (default: TZ or system)",
            _check_zone, env="TZ"),
        Key("workday.start", "09:00", "when working hours begin on an open day", _check_start,
            field="workday_start", value=time(9, 0)),
        Key("workday.end", "17:00", "the time a day-only deadline means", _check_time,
            field="workday_end", value=time(17, 0)),
        Key("workdays", "mon-fri", "the weekdays you work, e.g. mon-fri or sun-thu",
            check_workdays),
        Key("calendar.country", None, "public holidays that close a business day (e.g. US, DE)",
            check_country),
        Key("calendar.subdivision", None, "the state or region of those holidays (e.g. NY, BY)",
            _check_text),
        Key("calendar.closed", None, "your own closed days, e.g. 2026-12-24, 2026-12-31",
            check_closed),
        Key("date.order", "mdy", "how to read 01/02/2027: mdy or dmy", _check_order,
            field="date_order", value="mdy"),
        Key("due.days", "2", "how many days ahead `pk due` calls soon", _check_days, (str, int),
            field="due_days", value=2),
        Key("headsup.min", "1 business day",
            "how long before its date a slip must be told to count as told in time",
            check_headsup, field="headsup_min", value=(1, "day")),
        Key("unanswered.chase", "1 business day",
            "how long a request may wait for an answer before pk marks it \"answer\"",
            check_unanswered_chase, field="unanswered_chase", value=(1, "day")),
        Key("effort.margin", "25%",
            "how far beyond the effort stated a keep may go before it is an effort overrun",
            check_effort_margin, (str, float), field="effort_margin", value=0.25),
        Key("causes", "estimate, capacity, vendor, customer-input, forgot, other",
            "what a slip or a break may name as its cause (--cause)", check_causes,
            field="causes",
            value=("estimate", "capacity", "vendor", "customer-input", "forgot", "other")),
        Key("risk.at", "0.75",
            "the share of its business time after which an open promise is at risk",
            check_share, (str, float), field="risk_at", value=0.75),
        Key("escalate.overdue", "2 business days",
            "business days overdue after which a promise is escalated", check_escalate_overdue,
            field="escalate_days", value=2),
        Key("escalate.slips", "2", "slips after which a promise is escalated",
            check_escalate_slips, (str, int), field="escalate_slips", value=2),
        Key("quiet.after", "10 business days",
            "business days after a promise kept late or broken within which the customer hears "
            "from us", check_quiet_after, field="quiet_days", value=10),
        Key("wait.chase", "3 business days",
            "business days of waiting on the customer after which pk says to chase",
            check_wait_chase, field="chase_days", value=3),
        Key("remind.before", "1 hour",
            "how long before a deadline reminders fire (calendar alarms)", check_before,
            field="remind_before", value=timedelta(hours=1)),
        Key("db", None, "database file path or postgresql+psycopg:// URL", _check_text,
            env="PK_DB"),
        Key("db.lock_timeout", "5 s",
            "PostgreSQL: how long a command waits for another session's lock before it stops",
            _seconds("db.lock_timeout", 0.1, 3600), field="lock_timeout", value=5.0,
            env="PK_DB_LOCK_TIMEOUT"),
        Key("db.statement_timeout", "60 s",
            "PostgreSQL: the longest one statement of a command may run",
            _seconds("db.statement_timeout", 1, 86400), field="statement_timeout", value=60.0,
            env="PK_DB_STATEMENT_TIMEOUT"),
        Key("team.auth", "none",
            "database: act as your PostgreSQL role, which decides what you may change",
            check_team_auth, field="team_auth", value="none", env="PK_TEAM_AUTH"),
    ]
}  # fmt: skip


class Number(NamedTuple):
    """A number pk reads from the environment, with its one valid range (docs/reliability.md,
    "Outside values"): parsed and checked here before any library sees it."""

    name: str
    low: float
    high: float
    default: float
    unit: str
    whole: bool = False

    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} of {self.unit} from {self.low:g} to {self.high:g}"


HOOK_TIMEOUT = Number("PK_HOOK_TIMEOUT", 0.1, 3600, 10, "seconds")
BUSY_TIMEOUT = Number("PK_BUSY_TIMEOUT_MS", 1, 3_600_000, 10_000, "milliseconds", whole=True)
PROGRESS_AFTER = Number("PK_PROGRESS_AFTER", 0, 3600, 1, "seconds")
# libpq reads PGCONNECT_TIMEOUT itself: 0 is its "wait as long as it takes".
CONNECT_TIMEOUT = Number("PGCONNECT_TIMEOUT", 0, 86400, 5, "seconds", whole=True)
ENV_NUMBERS = (HOOK_TIMEOUT, BUSY_TIMEOUT, PROGRESS_AFTER, CONNECT_TIMEOUT)


def env_number(number: Number) -> float:
    """``number``'s value from the environment (its default when unset or empty); anything
    but plain ASCII decimal digits inside the range is refused in one line (exit 2): no
    ``inf``, ``nan``, ``1e309``, ``abc`` or ``-1`` reaches a timer or a driver."""
    raw = env(number.name)
    if raw is None or not raw.strip():
        return number.default
    text = raw.strip()
    pattern = r"[0-9]{1,12}" if number.whole else r"[0-9]{1,12}(?:\.[0-9]{1,6})?"
    value = float(text) if re.fullmatch(pattern, text) else None
    if value is None or not number.low <= value <= number.high:
        raise ConfigError(f'{number.name} takes {number.describe()}, not "{raw}".')
    return value


def check_environment() -> None:
    """Every number pk reads from the environment, checked when a command starts: a bad one
    stops the command before it writes anything (a hook's time limit is used only after)."""
    for number in ENV_NUMBERS:
        env_number(number)


def config_path() -> Path:
    explicit = env("PK_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / "pk.db"


def read_file(path: Path | None = None) -> dict[str, str]:
    """The config file as flat ``{"workday.end": "17:00"}``; empty if there is none."""
    import stat

    path = path or config_path()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the read for ever
            raise ConfigError(f"The config file {path} is not a regular file.")
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
    except RecursionError as exc:
        raise ConfigError(
            f"The config file {path} is nested too deeply. Fix or delete it."
        ) from exc
    flat: dict[str, str] = {}
    _flatten(data, "", flat, path)
    return flat


def _flatten(data: dict[str, Any], prefix: str, out: dict[str, str], path: Path) -> None:
    """``{"workday": {"end": "17:00"}}`` as ``{"workday.end": "17:00"}``. Settings are at most
    one table deep and each is one value."""
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not prefix:
            _flatten(value, f"{name}.", out, path)
        elif isinstance(value, dict | list):
            raise ConfigError(f"{name} in {path} must be one value, not a table or a list.")
        elif name in KEYS and type(value) not in KEYS[name].kinds:
            raise ConfigError(
                f"{name} in {path} must be text in quotes, not {value!r}: "
                f'{name} = "{value}" (or pk config set {name} …).'
            )
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
    from promisekeeper.files import check_target, make_private_dirs, write_atomic

    try:
        make_private_dirs(path.parent)
    except OSError as exc:
        raise ConfigError(f"Cannot create the folder {path.parent}: {exc.strerror}.") from exc
    # Private (0600, written whole then renamed): the file may hold a database URL.
    target = check_target(str(path), "the config file")
    write_atomic(
        target, lambda handle: handle.write("\n".join(lines) + "\n"), what="the config file"
    )


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

    name = env("TZ")
    if name:
        return zone_named(name)
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
    calendar: Calendar = Calendar()  # working days, closed days, public holidays
    # The settings' own defaults, from their rows in KEYS (what each means is written there).
    workday_start: time = KEYS["workday.start"].value
    risk_at: float = KEYS["risk.at"].value
    remind_before: timedelta = KEYS["remind.before"].value
    escalate_days: int = KEYS["escalate.overdue"].value
    escalate_slips: int = KEYS["escalate.slips"].value
    chase_days: int = KEYS["wait.chase"].value
    lock_timeout: float = KEYS["db.lock_timeout"].value  # seconds; PostgreSQL only
    statement_timeout: float = KEYS["db.statement_timeout"].value
    team_auth: str = KEYS["team.auth"].value  # "database": docs/team.md
    causes: tuple[str, ...] = KEYS["causes"].value  # what --cause may name (docs/feedback.md)
    headsup_min: tuple[int, str] = KEYS["headsup.min"].value  # (amount, "day" | "hour")
    quiet_days: int = KEYS["quiet.after"].value  # docs/feedback.md, "Quiet after a miss"
    unanswered_chase: tuple[int, str] = KEYS["unanswered.chase"].value  # docs/words.md
    effort_margin: float = KEYS["effort.margin"].value  # a share: 0.25 is 25%
    user_name: str | None = None  # the sender a customer statement names (docs/review.md)
    user_email: str | None = None
    company_name: str | None = None
    user_given: bool = False  # user came from PK_USER or the settings file, not the login
    lead: bool = True  # may change anyone's promises (a lead under team.auth = database)
    author: str | None = None  # who writes, when not ``user`` (a lead acting for someone)

    @property
    def by(self) -> str:
        """The author of what this command writes."""
        return self.author or self.user

    @property
    def day_hours(self) -> float:
        """How many hours a working day has: what "a business day" of waiting means."""
        from promisekeeper.calendar import hours_of_day

        return hours_of_day(self.workday_start, self.workday_end)

    @property
    def headsup_hours(self) -> float:
        """``headsup.min`` in business hours."""
        amount, unit = self.headsup_min
        return amount * (self.day_hours if unit == "day" else 1)

    @property
    def unanswered_chase_hours(self) -> float:
        """``unanswered.chase`` in business hours."""
        amount, unit = self.unanswered_chase
        return amount * (self.day_hours if unit == "day" else 1)

    @property
    def date_settings(self) -> DateSettings:
        from promisekeeper.dates import DateSettings

        order: DateOrder = "dmy" if self.date_order == "dmy" else "mdy"
        return DateSettings(self.tz, self.workday_end, order, self.calendar, self.workday_start)


def load_settings(db_option: str | None = None) -> Settings:
    from promisekeeper.dates import parse_now

    check_environment()
    values = read_file()
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"Unknown setting {unknown[0]!r} in {config_path()}; known: {', '.join(KEYS)}."
        )
    env_now = env("PK_NOW")
    now = parse_now(env_now) if env_now else datetime.now(UTC)
    zone_name = values.get("timezone")
    tz = zone_named(zone_name) if zone_name else system_zone()
    db = db_option or env("PK_DB") or values.get("db") or ""
    check_db_location(db, given_as="--db" if db_option else "PK_DB" if env("PK_DB") else "db")
    env_user = env("PK_USER")
    if env_user is not None and env_user and not env_user.strip():
        raise ConfigError("PK_USER is blank; set it to a name, or unset it.")
    user = env_user or values.get("user") or login_name()
    if not user.strip():
        raise ConfigError(f"The setting user is blank in {config_path()}; set it to a name.")
    # Every setting with a field: the environment's value, else the file's, checked; else its
    # default as the field holds it, without parsing (every command reads the settings).
    fields: dict[str, Any] = {}
    for key in KEYS.values():
        if key.field is not None:
            raw = (env(key.env) if key.env else None) or values.get(key.name)
            fields[key.field] = key.value if raw is None else key.check(raw)
    check_hours(fields["workday_start"], fields["workday_end"])
    return Settings(
        now=now,
        tz=tz,
        user=user.strip(),
        user_given=bool(env_user or values.get("user")),
        db=db or str(default_db_path()),
        db_is_default=not db,
        calendar=calendar_settings(values),
        **fields,
    )


# libpq's connection keywords ("host=db.example dbname=pk password=…"): a string of them is not
# a file name, whatever characters a file name may hold.
_CONNINFO = re.compile(
    r"(?:^|\s)(host|hostaddr|port|dbname|user|password|passfile|service|sslmode|options"
    r"|application_name|connect_timeout|target_session_attrs)\s*=",
    re.IGNORECASE,
)


def check_db_location(db: str, given_as: str) -> None:
    """Refuse what would silently become a SQLite file named after a PostgreSQL connection
    string (libpq keywords such as ``host=`` or ``password=``), and say so when any other
    location with "=" and a space is taken as a file name (docs/team.md, "Connecting").
    Neither message repeats the string, which may hold a password. A password written in
    ``--db`` itself is allowed but warned about: every local user sees it in ``ps``."""
    import warnings

    from promisekeeper.errors import PkWarning

    if "://" not in db and _CONNINFO.search(db):
        raise ConfigError(
            f"{given_as} looks like PostgreSQL connection keywords (host=… dbname=…), not a"
            " file; pk takes PostgreSQL as a URL, postgresql+psycopg://USER@HOST:PORT/DBNAME,"
            " with the password in ~/.pgpass, PGPASSFILE or PGSERVICE."
        )
    if "://" not in db and "=" in db and any(c.isspace() for c in db):
        warnings.warn(
            PkWarning(
                f'{given_as} has "=" and spaces; it is taken as the name of a SQLite file (a'
                " PostgreSQL location is a URL: postgresql+psycopg://USER@HOST:PORT/DBNAME)."
            ),
            stacklevel=2,
        )
    if given_as == "--db" and "://" in db and _has_password(db):
        warnings.warn(
            PkWarning(
                "the password in --db is visible to every user of this machine (ps); keep it"
                " in ~/.pgpass, PGPASSFILE or PGSERVICE instead (docs/team.md)."
            ),
            stacklevel=2,
        )


def _has_password(url: str) -> bool:
    userinfo = url.split("://", 1)[1].split("/", 1)[0].rpartition("@")[0]
    return ":" in userinfo or bool(re.search(r"[?&]password=", url))


def warm_holidays(country: str | None, subdivision: str | None) -> None:
    """Compute and cache last year's, this year's and next year's public holidays of a calendar
    just set, so that the commands of the coming months read them from the cache."""
    if country is None:
        return
    from promisekeeper.calendar import keep_holidays
    from promisekeeper.dates import parse_now

    now = env("PK_NOW")
    year = (parse_now(now) if now else datetime.now(UTC)).year
    for each in (year - 1, year, year + 1):
        keep_holidays(country, subdivision, each)


def calendar_settings(values: dict[str, str]) -> Calendar:
    """The working calendar the settings ``values`` describe."""
    country = values.get("calendar.country")
    subdivision = values.get("calendar.subdivision")
    if subdivision and not country:
        raise ConfigError(
            "calendar.subdivision is set without calendar.country; set the country, or unset "
            "calendar.subdivision."
        )
    closed = values.get("calendar.closed")
    workdays = values.get("workdays")
    return Calendar(
        workdays=check_workdays(workdays) if workdays else Calendar().workdays,
        closed=check_closed(closed) if closed else frozenset(),
        country=_country_code(country) if country else None,
        subdivision=subdivision.strip().upper() if subdivision else None,
    )

"""Property-based tests: whatever users type, pk answers or refuses cleanly, and report figures
always add up."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from promisekeeper.cli import app
from promisekeeper.dates import DateSettings, resolve
from promisekeeper.errors import BadDate, InputError

pytestmark = pytest.mark.slow  # hundreds of generated cases: make test runs them, make check not

ZONES = [
    ZoneInfo(z)
    for z in (
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Auckland",
        "Asia/Kolkata",
        "America/St_Johns",
    )
]
FRAGMENTS = [
    "today",
    "tomorrow",
    "tonight",
    "eod",
    "eow",
    "eom",
    "next",
    "this",
    "week",
    "friday",
    "fri",
    "monday",
    "in",
    "3",
    "0",
    "99999999999",
    "days",
    "day",
    "d",
    "w",
    "h",
    "min",
    "hours",
    "ago",
    "business",
    "working",
    "5pm",
    "12am",
    "noon",
    "midnight",
    "17:30",
    "25:99",
    "at",
    "dec",
    "December",
    "feb",
    "29",
    "31",
    "2026",
    "9999",
    "0001",
    "2026-02-29",
    "2024-02-29",
    "9999-12-31",
    "01/02/2027",
    "31.12.2026",
    "+3d",
    "T",
    "Z",
    "+01:00",
    "-",
    "/",
    ".",
    ",",
    "EST",
    "UTC",
    "\x1b",
    "🎉",
    " ",
]

expressions = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4).map("".join),
)
moments = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9000, 1, 1))


@settings(max_examples=1500, deadline=None)
@given(
    text=expressions,
    naive_now=moments,
    zone=st.sampled_from(ZONES),
    mode=st.sampled_from(["due", "at", "made"]),
    order=st.sampled_from(["mdy", "dmy"]),
)
def test_dates_resolve_or_refuse(
    text: str, naive_now: datetime, zone: ZoneInfo, mode: str, order: str
) -> None:
    now = naive_now.replace(tzinfo=zone)
    date_settings = DateSettings(zone, time(17, 0), order)  # type: ignore[arg-type]
    try:
        result = resolve(text, now, date_settings, mode)  # type: ignore[arg-type]
    except BadDate as exc:
        assert str(exc)  # it may quote the input; the CLI edge escapes it onto one line
        return
    assert result.at.tzinfo is UTC
    if mode != "due":
        assert result.at <= now


# --- random command lines ----------------------------------------------------------------------


def command_options() -> list[tuple[list[str], list[str], int]]:
    """(command path, its option names, number of positional arguments) for every command."""
    found: list[tuple[list[str], list[str], int]] = []

    def walk(command: Any, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*path, name])
            return
        options = [o for p in command.params for o in getattr(p, "opts", []) if o.startswith("--")]
        arguments = sum(1 for p in command.params if p.param_type_name == "argument")
        found.append((path, [o for o in options if o != "--help"], arguments))

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = command_options()
VALUES = [
    "1",
    "2",
    "0",
    "-1",
    "999999999999999999999",
    "friday",
    "tomorrow 10am",
    "2026-13-45",
    "",
    " ",
    "Acme",
    "acme.",
    "[/]",
    "[red]x[/red]",
    "\x1b[2J",
    "\u202e",
    "all",
    "open",
    "kept",
    "json",
    "csv",
    "markdown",
    "table",
    "customer",
    "owner",
    "2026-10",
    "2026-W48",
    "2026-Q4",
    "nonsense",
    "🎉",
    "dana",
    "a;b",
    "'=1+1",
    "--all",
    "--yes",
    "-",
    "x" * 300,
]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    path, options, arguments = draw(st.sampled_from(COMMANDS))
    line = list(path)
    line += [draw(st.sampled_from(VALUES)) for _ in range(draw(st.integers(0, arguments + 1)))]
    for option in draw(st.lists(st.sampled_from(options), max_size=4)) if options else []:
        line.append(option)
        if draw(st.booleans()):
            line.append(draw(st.sampled_from(VALUES)))
    return line


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # backups and exports named by random values land here
    env = {
        "PK_DB": str(tmp_path / "pk.db"),
        "PK_CONFIG": str(tmp_path / "config.toml"),
        "PK_NOW": "2026-11-23T09:00:00+00:00",
        "PK_USER": "dana",
        "TZ": "UTC",
        "NO_COLOR": "1",
        "PK_DEBUG": "",
    }
    runner = CliRunner()
    for args in (
        ["add", "Quote", "--to", "Acme", "--by", "friday"],
        ["add", "Old", "--to", "Hooli", "--by", "2026-11-20", "--made", "2026-11-16"],
        ["keep", "1"],
    ):
        assert runner.invoke(app, args, env=env).exit_code == 0
    return env


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=command_lines())
def test_random_command_lines_never_crash(seeded: dict[str, str], line: list[str]) -> None:
    result = CliRunner().invoke(app, line, env=seeded, input="n\n")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"pk {line!r} raised {result.exception!r}")
    assert result.exit_code in (0, 1, 2), (line, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert "This is a bug in pk" not in result.stderr, (line, result.stderr)
    errors = [row for row in result.stderr.splitlines() if row.startswith("Error:")]
    assert len(errors) <= 1
    if result.exit_code == 2:
        assert errors, (line, result.stderr)


# --- report invariants -------------------------------------------------------------------------

operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "keep", "break", "cancel", "reopen", "slip", "asked", "earlier"]),
        st.integers(1, 8),  # which promise
        st.integers(1, 40),  # days ahead for new dates
        st.integers(1, 30),  # hours the clock moves on
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=operations,
    customers=st.lists(st.sampled_from(["Acme", "Hooli", "Initech"]), min_size=8, max_size=8),
)
def test_report_figures_always_add_up(
    tmp_path: Path, steps: list[tuple[str, int, int, int]], customers: list[str]
) -> None:
    from promisekeeper.config import Settings
    from promisekeeper.service import Scope, reports
    from promisekeeper.service import promises as service

    database = tmp_path / f"r{os.getpid()}-{abs(hash((tuple(steps), tuple(customers))))}.db"
    now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

    def at(moment: datetime) -> Settings:
        return Settings(
            now=moment,
            tz=ZoneInfo("Europe/Berlin"),
            workday_end=time(17, 0),
            date_order="mdy",
            due_days=2,
            user="dana",
            db=str(database),
        )

    made = 0
    for action, which, days, hours in steps:
        now += timedelta(hours=hours)
        settings_now = at(now)
        try:
            if action == "add" or made == 0:
                service.add_promise(
                    settings_now,
                    what=f"p{made}",
                    customer=customers[made % 8],
                    by=f"in {days} days",
                    new_customer=True,
                )
                made += 1
            elif action in ("keep",):
                service.keep(settings_now, [1 + which % made], at=None, note=None)
            elif action in ("break", "cancel"):
                service.close(settings_now, [1 + which % made], action, "r")
            elif action == "reopen":
                service.reopen(settings_now, [1 + which % made])
            else:
                by = f"in {days} days" if action != "earlier" else "in 1 hour"
                service.reschedule(
                    settings_now,
                    1 + which % made,
                    by=by,
                    reason=None,
                    customer_asked=action == "asked",
                )
        except InputError:
            pass  # not allowed in this state: the rules refused, nothing changed
    final = at(now)
    for month in ("2026-10", "2026-11", "2026-12"):
        report = reports.report(final, Scope(None), month=month, by="customer")
        for figures in [
            report.totals,
            *(g for _k, g in report.groups),
            *(p.figures for p in report.trend),
        ]:
            assert figures.due == (
                figures.kept_on_time
                + figures.kept_late
                + figures.broken
                + figures.open_late
                + figures.open_pending
            )
            for rate in (figures.kept_rate, figures.kept_rate_final):
                assert rate is None or 0 <= rate <= 1
            assert 0 <= figures.slips_with_heads_up <= figures.slips
            assert figures.median_days_late is None or figures.median_days_late > 0
        for name in (
            "due",
            "cancelled",
            "kept_on_time",
            "kept_late",
            "broken",
            "open_late",
            "open_pending",
            "slips",
            "slips_with_heads_up",
        ):
            assert sum(getattr(g, name) for _k, g in report.groups) == getattr(report.totals, name)
        assert report.trend[-1].figures.due == report.totals.due


# --- whole environments: arguments, variables and config files together -------------------------

RAW_ON_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
ENV_VALUES = {
    "PK_NOW": [
        None,
        "2026-11-23T09:00:00+00:00",
        "0001-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59+00:00",
        "2026-11-23T09:00:00",
        "monday",
        "2999-12-31T23:00:00-05:00",
        "1900-01-01T00:00:00+00:00",
    ],
    "TZ": [None, "UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Mars/Phobos", "", ":UTC"],
    "PK_USER": [None, "dana", "   ", "[i]sam\u202e", "\x1b[31mred", "Ana"],
    "PK_DB": [
        "db",
        "folder",
        "fifo",
        "missing/dir/pk.db",
        "postgresql://h:abc/db",
        "postgresql+psycopg://u:p@ss@127.0.0.1:1/db",
        "mysql://x",
        "sqlite:///db",
    ],
}
CONFIG_FILES = [
    None,
    'due.days = "²"\n',
    "[due]\ndays = 400\n",
    'workday.end = "25:00"\n',
    "a = " + "[" * 600 + "]" * 600 + "\n",
    "x = [\n",
    'colour = "red"\n',
    '[workday]\nend = "18:00"\n[date]\norder = "dmy"\n',
    "[due]\ndays = { a = 1 }\n",
    'user = "\\u001b]52;c;eA==\\u0007"\n',
    'db = "postgresql://bob:s3cr%40t@127.0.0.1:1/db"\n',
]


@st.composite
def environments(draw: st.DrawFn) -> tuple[dict[str, str | None], str | None]:
    return (
        {name: draw(st.sampled_from(values)) for name, values in ENV_VALUES.items()},
        draw(st.sampled_from(CONFIG_FILES)),
    )


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=command_lines(), environment=environments())
def test_random_environments_never_crash_or_leak(
    seeded: dict[str, str],
    tmp_path: Path,
    line: list[str],
    environment: tuple[dict[str, str | None], str | None],
) -> None:
    variables, config = environment
    places = {
        "db": seeded["PK_DB"],
        "folder": str(tmp_path),
        "fifo": str(tmp_path / "db.fifo"),
        "sqlite:///db": f"sqlite:///{seeded['PK_DB']}",
    }
    if not os.path.exists(places["fifo"]):
        os.mkfifo(places["fifo"])
    env: dict[str, str | None] = {**seeded, **variables}
    env["PK_DB"] = places.get(str(variables["PK_DB"]), variables["PK_DB"])
    config_file = tmp_path / "random.toml"
    if config is None:
        config_file.unlink(missing_ok=True)
    else:
        config_file.write_text(config)
    env["PK_CONFIG"] = str(config_file)
    result = CliRunner().invoke(app, line, env=env, input="n\n")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"pk {line!r} with {variables} raised {result.exception!r}")
    assert result.exit_code in (0, 1, 2), (line, variables, result.exit_code, result.stderr)
    assert "This is a bug in pk" not in result.stderr, (line, variables, config, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert not RAW_ON_TERMINAL.search(result.stderr), (line, variables, result.stderr)
    if line[:1] != ["export"]:  # an export to a pipe keeps exact text (tested on a terminal too)
        assert not RAW_ON_TERMINAL.search(result.stdout.replace("\t", "")), (line, result.stdout)
    assert "s3cr" not in result.stdout + result.stderr
    assert "p@ss" not in result.stdout + result.stderr

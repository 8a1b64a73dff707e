"""``pk report``: three scenarios played through the CLI with PK_NOW, every figure worked out by
hand in the comments; golden files for the table and markdown views."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import Pk

# What customers said of promises nobody asked about (docs/feedback.md)
NOT_ASKED = {
    "asked": 0,
    "answered": 0,
    "said_kept": 0,
    "said_not_kept": 0,
    "customer_kept_rate": None,
    "our_kept_rate_answered": None,
    "gap": None,
    "disputed": 0,
}

# What was said up front when nothing was (docs/words.md): no request, no effort stated
NOTHING_SAID = {
    "declined": 0,
    "unanswered_open": 0,
    "median_days_to_answer": None,
    "effort_stated": 0,
    "effort_overruns": 0,
}

GOLDEN = Path(__file__).parent / "golden"


def at(pk: Pk, when: str, *args: str, **env: str) -> None:
    pk.ok(*args, now=when, **env)


# --- Scenario 1: October 2026, UTC, as of Thu 5 Nov 09:00 ----------------------------------------

OCT_NOW = "2026-11-05T09:00:00+00:00"
MADE = "2026-10-01T09:00:00+00:00"


def october(pk: Pk) -> None:
    """A: kept early. B: slipped with a heads-up, kept by the new date (late vs agreed).
    C: slipped after its due date, kept even later. D: the customer moved it into November, kept
    there. E: broken. F: cancelled. G: kept, then reopened (open late). H: open late.
    I: kept late. J: slipped after its due, still open (late vs agreed; its new date is ahead).
    K: deleted."""
    at(pk, MADE, "add", "A", "--to", "Acme", "--by", "2026-10-09")
    at(pk, MADE, "add", "B", "--to", "Acme", "--by", "2026-10-14")
    at(pk, MADE, "add", "C", "--to", "Acme", "--by", "2026-10-20")
    at(pk, MADE, "add", "D", "--to", "Initech", "--by", "2026-10-28")
    at(pk, MADE, "add", "E", "--to", "Hooli", "--by", "2026-10-22")
    at(pk, MADE, "add", "F", "--to", "Hooli", "--by", "2026-10-15")
    at(pk, MADE, "add", "G", "--to", "Hooli", "--by", "2026-10-29")
    at(pk, MADE, "add", "H", "--to", "Initech", "--by", "2026-10-30")
    at(pk, MADE, "add", "I", "--to", "Initech", "--by", "2026-10-02")
    at(pk, MADE, "add", "J", "--to", "Initech", "--by", "2026-10-31 23:30")
    at(pk, MADE, "add", "K", "--to", "Initech", "--by", "2026-10-15")
    at(pk, "2026-10-05T12:00:00+00:00", "keep", "9")  # I: 2 d 19 h late
    at(pk, "2026-10-08T12:00:00+00:00", "keep", "1")  # A: on time
    at(pk, "2026-10-12T10:00:00+00:00", "promise", "cancel", "6")  # F
    at(pk, "2026-10-13T10:00:00+00:00", "slip", "2", "--by", "2026-10-16")  # B: heads-up
    at(pk, "2026-10-16T12:00:00+00:00", "keep", "2")  # B: 1 d 19 h late vs 14 Oct 17:00
    at(pk, "2026-10-21T09:00:00+00:00", "slip", "3", "--by", "2026-10-23")  # C: no heads-up
    at(pk, "2026-10-22T10:00:00+00:00", "promise", "break", "5", "--reason", "vendor gone")
    at(pk, "2026-10-26T10:00:00+00:00", "slip", "4", "--by", "2026-11-04", "--customer-asked")
    at(pk, "2026-10-27T17:00:00+00:00", "keep", "3")  # C: 7 days late vs 20 Oct 17:00
    at(pk, "2026-10-29T12:00:00+00:00", "keep", "7")  # G
    at(pk, "2026-10-30T09:00:00+00:00", "promise", "reopen", "7")  # G: open again
    at(pk, "2026-11-02T09:00:00+00:00", "slip", "10", "--by", "2026-11-06")  # J: no heads-up
    at(pk, "2026-11-04T10:00:00+00:00", "keep", "4")  # D: on time in November
    at(pk, "2026-11-04T10:00:00+00:00", "promise", "delete", "11", "--yes")  # K


def test_october_figures(pk: Pk) -> None:
    october(pk)
    data = pk.ok(
        "report", "--month", "2026-10", "--by", "customer", "-f", "json", now=OCT_NOW
    ).json()
    assert data["period"] == {
        "label": "2026-10",
        "start": "2026-10-01T00:00:00+00:00",
        "end": "2026-11-01T00:00:00+00:00",
    }
    # In October by baseline: A B C E F G H I J (D moved to November, K deleted).
    # due = 8 (all but F); judged = kot 1 + kl 3 + broken 1 + open late 3 = 8 -> 1/8.
    # Final: kept by the current due date A, B; late C, I, E, G (due 29 Oct < now), H; J is due
    # 6 Nov (ahead): left out -> 2/7. Slips: B, C, J. Days late: B 1.7917, C 7.0, I 2.7917.
    assert data["totals"] == {
        "due": 8,
        "cancelled": 1,
        "kept_on_time": 1,
        "kept_late": 3,
        "broken": 1,
        "open_late": 3,
        "open_pending": 0,
        "kept_rate": 0.125,
        "kept_rate_final": 2 / 7,
        "slips": 3,
        "slips_with_heads_up": 1,
        "slips_told_in_time": 1,
        "median_days_late": 241200 / 86400,
        "waits": 0,
        "waited_business_hours": 0.0,
        "moved_on_time": 1,
        "moved_late": 0,
        "moved_pending": 1,
        **NOTHING_SAID,
        "feedback": NOT_ASKED,
    }
    assert data["by"] == [
        {
            "key": "Acme",
            "due": 3,
            "cancelled": 0,
            "kept_on_time": 1,
            "kept_late": 2,
            "broken": 0,
            "open_late": 0,
            "open_pending": 0,
            "kept_rate": 1 / 3,
            "kept_rate_final": 2 / 3,
            "slips": 2,
            "slips_with_heads_up": 1,
            "slips_told_in_time": 1,
            "median_days_late": (154800 / 86400 + 7.0) / 2,
            "waits": 0,
            "waited_business_hours": 0.0,
            "moved_on_time": 1,
            "moved_late": 0,
            "moved_pending": 0,
            **NOTHING_SAID,
            "feedback": NOT_ASKED,
        },
        {
            "key": "Hooli",
            "due": 2,
            "cancelled": 1,
            "kept_on_time": 0,
            "kept_late": 0,
            "broken": 1,
            "open_late": 1,
            "open_pending": 0,
            "kept_rate": 0.0,
            "kept_rate_final": 0.0,
            "slips": 0,
            "slips_with_heads_up": 0,
            "slips_told_in_time": 0,
            "median_days_late": None,
            "waits": 0,
            "waited_business_hours": 0.0,
            "moved_on_time": 0,
            "moved_late": 0,
            "moved_pending": 0,
            **NOTHING_SAID,
            "feedback": NOT_ASKED,
        },
        {
            "key": "Initech",
            "due": 3,
            "cancelled": 0,
            "kept_on_time": 0,
            "kept_late": 1,
            "broken": 0,
            "open_late": 2,
            "open_pending": 0,
            "kept_rate": 0.0,
            "kept_rate_final": 0.0,
            "slips": 1,
            "slips_with_heads_up": 0,
            "slips_told_in_time": 0,
            "median_days_late": 241200 / 86400,
            "waits": 0,
            "waited_business_hours": 0.0,
            "moved_on_time": 0,
            "moved_late": 0,
            "moved_pending": 1,
            **NOTHING_SAID,
            "feedback": NOT_ASKED,
        },
    ]
    assert data["trend"] == [
        {"label": "2026-05", "kept_rate": None, "due": 0},
        {"label": "2026-06", "kept_rate": None, "due": 0},
        {"label": "2026-07", "kept_rate": None, "due": 0},
        {"label": "2026-08", "kept_rate": None, "due": 0},
        {"label": "2026-09", "kept_rate": None, "due": 0},
        {"label": "2026-10", "kept_rate": 0.125, "due": 8},
    ]
    november = pk.ok("report", "--month", "-f", "json", now=OCT_NOW).json()
    assert november["period"]["label"] == "2026-11"
    assert november["totals"]["kept_on_time"] == 1 and november["totals"]["due"] == 1  # D
    assert "by" not in november
    assert november["trend"][-2] == {"label": "2026-10", "kept_rate": 0.125, "due": 8}


def test_figures_change_as_late_promises_are_kept(pk: Pk) -> None:
    october(pk)
    pk.ok("keep", "8", now="2026-11-05T10:00:00+00:00")  # H kept late, after the month closed
    later = pk.ok("report", "--month", "2026-10", "-f", "json", now="2026-11-06T09:00:00+00:00")
    totals = later.json()["totals"]
    assert (totals["kept_late"], totals["open_late"]) == (4, 2)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    normal = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    if os.environ.get("PK_UPDATE_GOLDEN"):
        path.write_text(normal)
    assert normal == path.read_text(), f"{name} differs; PK_UPDATE_GOLDEN=1 rewrites it"


def test_golden_table_and_markdown(pk: Pk) -> None:
    october(pk)
    table = pk.ok("report", "--month", "2026-10", "--by", "customer", now=OCT_NOW, COLUMNS="80")
    check_golden("report-october.txt", table.stdout)
    markdown = pk.ok(
        "report", "--month", "2026-10", "--by", "customer", "-f", "markdown", now=OCT_NOW
    )
    check_golden("report-october.md", markdown.stdout)
    csv = pk.ok("report", "--month", "2026-10", "--by", "customer", "-f", "csv", now=OCT_NOW)
    check_golden("report-october.csv", csv.stdout)


# --- Scenario 2: a month boundary in Auckland (UTC+13 in November and December) ------------------

NZ = {"TZ": "Pacific/Auckland"}
NZ_NOW = "2026-12-02T09:00:00+13:00"


def auckland(pk: Pk) -> None:
    made = "2026-10-20T09:00:00+13:00"
    at(pk, made, "add", "P1", "--to", "Acme", "--by", "2026-11-30 23:00", **NZ)  # Nov 30 10:00Z
    at(pk, made, "add", "P2", "--to", "Acme", "--by", "2026-12-01 09:00", **NZ)  # Nov 30 20:00Z
    at(pk, made, "add", "P3", "--to", "Acme", "--by", "2026-11-01 08:00", **NZ)  # Oct 31 19:00Z
    at(pk, made, "add", "P4", "--to", "Acme", "--by", "2026-10-31 23:00", **NZ)  # Oct 31 10:00Z
    at(pk, "2026-10-31T22:00:00+13:00", "keep", "4", **NZ)
    at(pk, "2026-11-01T07:00:00+13:00", "promise", "break", "3", "--reason", "no", **NZ)
    at(pk, "2026-11-30T22:00:00+13:00", "keep", "1", **NZ)
    at(pk, "2026-12-01T10:00:00+13:00", "keep", "2", **NZ)  # one hour late


def figures(pk: Pk, *args: str) -> dict[str, object]:
    return pk.ok("report", *args, "-f", "json", now=NZ_NOW, **NZ).json()  # type: ignore[no-any-return]


def test_local_month_boundaries_far_from_utc(pk: Pk) -> None:
    auckland(pk)
    november = figures(pk, "--month", "2026-11")
    assert november["period"] == {
        "label": "2026-11",
        "start": "2026-10-31T11:00:00+00:00",
        "end": "2026-11-30T11:00:00+00:00",
    }
    totals = november["totals"]
    assert isinstance(totals, dict)
    # P1 (30 Nov 23:00) and P3 (1 Nov 08:00, still October in UTC) are November's.
    assert (totals["due"], totals["kept_on_time"], totals["broken"], totals["kept_rate"]) == (
        2,
        1,
        1,
        0.5,
    )
    december = figures(pk)  # now is 2 Dec in Auckland: the current month is December
    assert december["period"]["label"] == "2026-12"  # type: ignore[index]
    assert december["totals"]["kept_late"] == 1  # type: ignore[index]
    assert december["totals"]["median_days_late"] == 1 / 24  # type: ignore[index]
    assert [(t["label"], t["kept_rate"], t["due"]) for t in december["trend"]][-3:] == [  # type: ignore[union-attr]
        ("2026-10", 1.0, 1),
        ("2026-11", 0.5, 2),
        ("2026-12", 0.0, 1),
    ]


@pytest.mark.parametrize(
    ("args", "label", "start", "end", "due"),
    [
        (["--week"], "2026-W49", "2026-11-29T11:00:00+00:00", "2026-12-06T11:00:00+00:00", 2),
        # Mon 26 Oct – Sun 1 Nov: P4 (31 Oct 23:00) and P3 (1 Nov 08:00)
        (
            ["--week", "2026-W44"],
            "2026-W44",
            "2026-10-25T11:00:00+00:00",
            "2026-11-01T11:00:00+00:00",
            2,
        ),
        (["--quarter"], "2026-Q4", "2026-09-30T11:00:00+00:00", "2026-12-31T11:00:00+00:00", 4),
        (
            ["--from", "2026-11-30", "--to", "2026-12-01"],
            "2026-11-30..2026-12-01",
            "2026-11-29T11:00:00+00:00",
            "2026-12-01T11:00:00+00:00",
            2,
        ),
    ],
)
def test_other_periods(pk: Pk, args: list[str], label: str, start: str, end: str, due: int) -> None:
    auckland(pk)
    data = figures(pk, *args)
    assert data["period"] == {"label": label, "start": start, "end": end}
    assert data["totals"]["due"] == due  # type: ignore[index]
    assert len(data["trend"]) == 6 and data["trend"][-1]["label"] == label  # type: ignore[arg-type,index]


def test_custom_range_trend_steps_back_by_its_length(pk: Pk) -> None:
    auckland(pk)
    trend = figures(pk, "--from", "2026-11-30", "--to", "2026-12-01")["trend"]
    assert [t["label"] for t in trend] == [  # type: ignore[union-attr]
        "2026-11-20..2026-11-21",
        "2026-11-22..2026-11-23",
        "2026-11-24..2026-11-25",
        "2026-11-26..2026-11-27",
        "2026-11-28..2026-11-29",
        "2026-11-30..2026-12-01",
    ]


# --- Scenario 3: a team in November 2026, UTC, as of Tue 1 Dec 09:00 -----------------------------

TEAM_NOW = "2026-12-01T09:00:00+00:00"


def team(pk: Pk) -> None:
    made = "2026-11-02T09:00:00+00:00"
    for what, owner, due in [
        ("d1", "dana", "2026-11-10"),
        ("d2", "dana", "2026-11-12"),
        ("d3", "dana", "2026-11-16"),
        ("s1", "sam", "2026-11-13"),
        ("s2", "sam", "2026-11-20"),
        ("l1", "lee", "2026-11-18"),
        ("l2", "lee", "2026-11-25"),
        ("d4", "dana", "2026-12-04"),
    ]:
        at(pk, made, "add", what, "--to", "Acme", "--by", due, "--owner", owner)
    at(pk, "2026-11-09T12:00:00+00:00", "keep", "1")
    at(pk, "2026-11-12T16:00:00+00:00", "keep", "2")
    at(pk, "2026-11-17T17:00:00+00:00", "keep", "3")  # exactly one day late
    at(pk, "2026-11-13T10:00:00+00:00", "promise", "break", "4", "--reason", "scope cut")
    at(pk, "2026-11-19T10:00:00+00:00", "slip", "5", "--by", "2026-12-10")  # heads-up
    at(pk, "2026-11-18T10:00:00+00:00", "keep", "6")
    at(pk, "2026-11-20T10:00:00+00:00", "promise", "cancel", "7")


def test_team_by_owner(pk: Pk) -> None:
    team(pk)
    data = pk.ok(
        "report", "--month", "2026-11", "--all", "--by", "owner", "-f", "json", now=TEAM_NOW
    ).json()
    # due 6 (d1 d2 d3 s1 s2 l1); on time d1 d2 l1; late d3; broken s1; open late s2 (agreed
    # 20 Nov). Final: on time d1 d2 l1, late d3 s1, s2 (due 10 Dec) left out: 3/5.
    assert data["totals"] == {
        "due": 6,
        "cancelled": 1,
        "kept_on_time": 3,
        "kept_late": 1,
        "broken": 1,
        "open_late": 1,
        "open_pending": 0,
        "kept_rate": 0.5,
        "kept_rate_final": 0.6,
        "slips": 1,
        "slips_with_heads_up": 1,
        "slips_told_in_time": 1,
        "median_days_late": 1.0,
        "waits": 0,
        "waited_business_hours": 0.0,
        "moved_on_time": 0,
        "moved_late": 0,
        "moved_pending": 1,
        **NOTHING_SAID,
        "feedback": NOT_ASKED,
    }
    by = {entry["key"]: entry for entry in data["by"]}
    assert [entry["key"] for entry in data["by"]] == ["dana", "lee", "sam"]
    assert (by["dana"]["due"], by["dana"]["kept_rate"], by["dana"]["kept_rate_final"]) == (
        3,
        2 / 3,
        2 / 3,
    )
    assert (by["lee"]["due"], by["lee"]["cancelled"], by["lee"]["kept_rate"]) == (1, 1, 1.0)
    assert (by["sam"]["due"], by["sam"]["kept_rate"], by["sam"]["kept_rate_final"]) == (2, 0.0, 0.0)
    assert by["sam"]["slips_with_heads_up"] == 1 and by["sam"]["median_days_late"] is None

    mine = pk.ok("report", "--month", "2026-11", "-f", "json", now=TEAM_NOW).json()
    assert mine["totals"]["due"] == 3  # dana's own by default
    sams = pk.ok("report", "--month", "2026-11", "--owner", "sam", "-f", "json", now=TEAM_NOW)
    assert sams.json()["totals"]["broken"] == 1
    table = pk.ok("report", "--month", "2026-11", "--all", "--by", "owner", now=TEAM_NOW).stdout
    rows = [line.split() for line in table.split("worst first")[1].splitlines()[1:5]]
    assert [r[0] for r in rows[1:]] == ["sam", "dana", "lee"]  # worst kept-rate first
    assert rows[0][-1] == "Slips" and [r[-1] for r in rows[1:]] == ["1", "0", "0"]  # s2 slipped
    markdown = pk.ok("report", "--month", "2026-11", "--all", "--by", "owner", "-f", "markdown",
                     now=TEAM_NOW).stdout  # fmt: skip
    assert "| Owner | Due | On time | Late | Broken | Open late | Kept-rate | Slips |" in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "--month takes a month like 2026-10"),
        (["--week", "2026-W54"], "--week takes an ISO week"),
        (["--quarter", "Q5"], "--quarter takes a quarter"),
        (["--from", "2026-11-01"], "needs both --from and --to"),
        (["--from", "2026-11-05", "--to", "2026-11-01"], "--to is before --from"),
        (["--month", "--week"], "Choose one period"),
        (["--by", "colour"], "--by takes customer, owner or standard"),
        (["--from", "someday", "--to", "2026-11-01"], "--from: Can't read the date"),
    ],
)
def test_bad_report_options(pk: Pk, args: list[str], message: str) -> None:
    out = pk("report", *args)
    assert out.exit_code == 2 and message in out.stderr and out.stdout == ""


def test_empty_report(pk: Pk) -> None:
    out = pk.ok("report").stdout
    assert "nothing to judge yet (no promises due)" in out
    data = pk.ok("report", "-f", "json").json()
    assert data["totals"]["kept_rate"] is None and data["totals"]["median_days_late"] is None


def test_customer_view(pk: Pk) -> None:
    october(pk)
    data = pk.ok("customer", "show", "acme", "-f", "json", now=OCT_NOW).json()
    # Acme: A on time, B and C late -> 1/3 all time; all three agreed within 90 days of 5 Nov.
    assert data["customer"] == "Acme"
    assert data["kept_rate"]["all_time"]["kept_rate"] == 1 / 3
    assert data["kept_rate"]["last_90_days"]["kept_on_time"] == 1
    assert data["open"] == []
    assert [p["what"] for p in data["kept_recently"]] == ["A", "B", "C"]
    assert data["history"][0] == {
        "id": 3,
        "at": "2026-10-27T17:00:00+00:00",
        "kind": "kept",
        "by": "dana",
        "kept_at": "2026-10-27T17:00:00+00:00",
        "note": None,
    }
    table = pk.ok("customer", "show", "Initech", now=OCT_NOW).stdout
    assert "Kept-rate  25% all time (1 of 4) · 25% last 90 days (1 of 4)" in table
    statement = pk.ok("customer", "show", "Initech", "-f", "markdown", now=OCT_NOW).stdout
    assert statement.splitlines()[:3] == [
        "# Our commitments to Initech",
        "",
        "As of Thursday 5 November 2026.",
    ]
    assert "| 8 | H | Fri 30 Oct 17:00 | late — we are on it |" in statement
    assert "| 10 | J | Fri 6 Nov 17:00 | late — we are on it |" not in statement
    assert "| 10 | J | Fri 6 Nov 17:00 | moved from Sat 31 Oct 23:30 |" in statement
    assert "- D — delivered Wed 4 Nov 10:00" in statement


@pytest.mark.parametrize(
    ("option", "label"),
    [("--week", "2026-W47"), ("--month", "2026-10"), ("--quarter", "2026-Q3")],
)
def test_last_period(pk: Pk, option: str, label: str) -> None:
    data = pk.ok("report", option, "last", "-f", "json").json()
    assert data["period"]["label"] == label


def test_a_period_that_has_only_begun_points_to_the_last_one(pk: Pk) -> None:
    shown = pk.ok("report", "--week").stdout  # Monday morning: nothing agreed for this week yet
    assert "This week has only begun: `pk report --week last` shows the one before." in shown
    assert "only begun" not in pk.ok("report", "--week", "2026-W40").stdout  # a past week

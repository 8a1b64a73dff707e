"""What others owe us (docs/owed.md): owed promises beside ours, what they hold up and the slack
they leave, plan B, waiting on a customer's promise, and recurring promises — on both engines.
Every date below is worked by hand (Mon 23 Nov 2026 09:00 UTC, Monday–Friday 09:00–17:00)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import Pk

from promisekeeper.calendar import Calendar
from promisekeeper.domain.recurrence import next_day, parse_rule


def laptops(pk: Pk, *blocks: str) -> None:
    """#1 ours, due Fri 27 Nov 17:00; #2 owed by Supplier, due Wed 25 Nov 17:00."""
    pk.ok("add", "Laptops for the new office", "--to", "Acme", "--by", "friday",
          "--new-customer", "--plan-b", "lend our demo units")  # fmt: skip
    pk.ok("owed", "add", "Deliver 20 laptops", "--from", "Supplier", "--by", "wednesday",
          "--new-party", *blocks)  # fmt: skip


def test_an_owed_promise_is_a_promise_with_a_direction(pk: Pk) -> None:
    laptops(pk)
    shown = pk.ok("owed", "show", "2", "-f", "json").json()
    assert (shown["direction"], shown["party"], shown["customer"]) == ("owed", "Supplier",
                                                                       "Supplier")  # fmt: skip
    assert pk.ok("promise", "show", "1", "-f", "json").json()["direction"] == "ours"
    # never among ours: lists, the due view's sections, reports, the customer list's counts
    assert [p["id"] for p in pk.ok("ls", "--all", "-f", "json").json()] == [1]
    assert [p["id"] for p in pk.ok("owed", "list", "-f", "json").json()] == [2]
    assert "From" in pk.ok("owed", "list").stdout.splitlines()[0]
    due = pk.ok("due", "--days", "3", "-f", "json").json()
    assert [p["id"] for p in due["soon"]] == [] and [p["id"] for p in due["owed"]] == [2]
    text = pk.ok("due", "--days", "3").stdout
    assert "Owed to you · 1\n #2  Deliver 20 laptops" in text
    assert text.rstrip().endswith("0 soon · 1 owed to you")
    # kept: in its party's rate, never in ours
    pk.ok("owed", "keep", "2", now="2026-11-26T10:00:00+00:00")
    ours = pk.ok("report", "--month", "2026-11", "-f", "json", now="2026-11-30T09:00:00+00:00")
    assert ours.json()["totals"]["due"] == 1  # the laptops alone
    owed = pk.ok("report", "--owed", "--by", "party", "--month", "2026-11", "-f", "json",
                 now="2026-11-30T09:00:00+00:00").json()  # fmt: skip
    assert (owed["totals"]["due"], owed["totals"]["kept_late"]) == (1, 1)
    assert [(g["key"], g["kept_rate"]) for g in owed["by"]] == [("Supplier", 0.0)]
    table = pk.ok("report", "--owed", "--month", "2026-11", now="2026-11-30T09:00:00+00:00")
    assert table.stdout.startswith("November 2026 · promises owed to you agreed for")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("owed", "keep", "1"), "#1 is a promise you made, not one owed to you"),
        (("feedback", "record", "2", "--kept"), "it is a promise made to you"),
        (("owed", "add", "x", "--from", "Supplier", "--by", "friday", "--needs", "2 business days"),
         "--needs is the time you need after it arrives: give --blocks ID too."),
        (("owed", "add", "x", "--from", "Supplier", "--by", "friday", "--blocks", "9"),
         "--blocks #9: there is no promise #9."),
        (("owed", "edit", "2", "--blocks", "2"), "#2 cannot hold itself up."),
        (("promise", "edit", "1", "--blocks", "2"), "#1 is a promise you made"),
        (("promise", "wait", "1", "--on", "1"), "--on #1 is a promise you made"),
        (("report", "--owed", "--by", "standard"),
         '--by takes party or owner with --owed, not "standard".'),
        (("add", "x", "--to", "Acme", "--by", "friday", "--every", "fortnightly"),
         '--every "fortnightly" is not a rule pk knows'),
        (("add", "x", "--to", "Acme", "--by", "friday", "--every", "saturday"),
         '--every "saturday" never lands on an open day'),
    ],
)  # fmt: skip
def test_wrong_links_are_refused_in_one_line(pk: Pk, args: tuple[str, ...], said: str) -> None:
    laptops(pk)
    before = pk.ok("log", "--format", "jsonl").stdout
    failed = pk(*args)
    assert failed.exit_code == 2, failed.stdout
    assert said in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
    assert "Traceback" not in failed.stderr
    assert pk.ok("log", "--format", "jsonl").stdout == before  # nothing written


def test_a_chain_is_followed_and_a_loop_refused(pk: Pk) -> None:
    """Parts (owed #3, Fri 27 Nov) block the assembly (owed #2, Mon 30 Nov, needs 1 business
    day after the parts), which blocks our laptops (#1, Tue 1 Dec 17:00, needs 1 more)."""
    pk.ok("add", "Laptops", "--to", "Acme", "--by", "2026-12-01", "--new-customer")
    pk.ok("owed", "add", "Assemble", "--from", "Assembler", "--by", "2026-11-30", "--new-party",
          "--blocks", "1")  # fmt: skip
    pk.ok("owed", "add", "Parts", "--from", "Parts Co", "--by", "friday", "--new-party",
          "--blocks", "2")  # fmt: skip
    # the assembly can arrive Mon 30 Nov 17:00 (a business day after the parts): 1 left, safe
    assert pk.ok("due", "-f", "json").json()["at_risk"] == []
    # the parts slip to Mon 30 Nov: the assembly cannot come before Tue 1 Dec 17:00, which
    # leaves our laptops no time at all
    pk.ok("owed", "slip", "3", "--by", "2026-11-30")
    at_risk = pk.ok("due", "-f", "json").json()["at_risk"]
    assert [(p["id"], p["risk_reasons"]) for p in at_risk] == [
        (1, ["Assembler not before Tue 1 Dec, after what it waits for: 0 business days left,"
             " needs 1"]),
    ]  # fmt: skip
    refused = pk("owed", "edit", "2", "--blocks", "3")
    assert refused.exit_code == 2
    assert "--blocks #3 would make a loop (#2 → #3 → #2); nothing changed." in refused.stderr


def test_slack_sets_at_risk_with_its_line_and_plan_b_everywhere(pk: Pk, tmp_path: Path) -> None:
    laptops(pk, "--blocks", "1", "--needs", "2 business days")
    # Wed 25 Nov 17:00 + 2 business days of work = Fri 27 Nov 17:00: just in time
    assert pk.ok("due", "-f", "json").json()["at_risk"] == []
    pk.ok("owed", "slip", "2", "--by", "thursday", "--reason", "out of stock")
    due = pk.ok("due", "-f", "json").json()
    assert [(p["id"], p["risk_reasons"], p["plan_b"]) for p in due["at_risk"]] == [
        (1, ["Supplier now Thu 26 Nov: 1 business day left, needs 2"], "lend our demo units")
    ]
    text = pk.ok("due").stdout
    assert "in 4 days · held up" in text
    assert "Supplier now Thu 26 Nov: 1 business day left, needs 2 · plan B: lend our demo" in (
        " ".join(text.split())
    )
    page = pk.ok("due", "--days", "3", "-f", "markdown").stdout
    assert "; Supplier now Thu 26 Nov: 1 business day left, needs 2; plan B: lend our demo" in page
    assert "## Owed to you (1)" in page and page.rstrip().endswith("1 owed to you**")
    reminded = pk.ok("remind").stdout
    assert "At risk: #1 Laptops for the new office (Acme), due Fri 27 Nov 17:00, in 4 days," \
           " Supplier now Thu 26 Nov: 1 business day left, needs 2 · plan B: lend our demo" \
           " units" in reminded  # fmt: skip
    assert pk.ok("remind").stdout == ""  # said once
    pk.ok("owed", "slip", "2", "--by", "friday")
    assert pk.ok("remind").stdout == ""  # still at risk: not news
    feed = pk.ok("ics").stdout.replace("\r\n", "\n").replace("\n ", "")
    assert "At risk: Supplier now Fri 27 Nov: 0 business days left\\, needs 2." in feed
    assert "Plan B: lend our demo units." in feed
    # overdue, the owed promise holds it up whatever the slack
    late = pk.ok("due", "-f", "json", now="2026-11-27T17:30:00+00:00").json()
    assert late["overdue"][0]["plan_b"] == "lend our demo units"
    # Wed 2 Dec 10:00: 17 business hours late, escalated; the supplier still owes it
    wednesday = "2026-12-02T10:00:00+00:00"
    escalated = pk.ok("escalations", "-f", "json", now=wednesday).json()
    assert [(e["id"], e["risk_reasons"], e["plan_b"]) for e in escalated] == [
        (1, ["Supplier overdue since Fri 27 Nov: needs 2 business days after it arrives"],
         "lend our demo units"),
    ]  # fmt: skip
    lead = " ".join(pk.ok("escalations", now=wednesday).stdout.split())
    assert "#1 held up: Supplier overdue since Fri 27 Nov" in lead
    assert "#1 plan B: lend our demo units" in lead


def test_keeping_a_customers_promise_resumes_the_wait_on_it(pk: Pk) -> None:
    """#1 due Fri 27 Nov 17:00 waits from Mon 09:00 on Acme's logs (#2); they arrive Tue 15:00
    (14 business hours): #1 moves to Tue 1 Dec 15:00, not a slip."""
    pk.ok("add", "Fix the VPN", "--to", "Acme", "--by", "friday", "--new-customer")
    pk.ok("owed", "add", "Send the logs", "--from", "Acme", "--by", "tuesday")
    waiting = pk.ok("promise", "wait", "1", "--on", "2")
    assert "`pk owed keep 2` resumes it" in waiting.stdout
    kept = pk.ok("owed", "keep", "2", now="2026-11-24T15:00:00+00:00")
    assert "#1 Fix the VPN resumes: now due Tue 1 Dec 15:00 (not a slip)." in kept.stdout
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["status"], shown["due_at"], shown["slips"]) == (
        "open", "2026-12-01T15:00:00+00:00", 0)  # fmt: skip
    assert shown["history"][-1]["ended_by"] == "#2 kept"
    assert shown["history"][1]["on"] == 2 and shown["history"][1]["reason"] == "Send the logs"
    undone = pk("undo", now="2026-11-24T15:01:00+00:00")  # the keep and the end of the wait
    assert undone.exit_code == 0, undone.stderr
    back = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (back["status"], back["waiting"], back["due_at"]) == (
        "open", True, "2026-11-27T17:00:00+00:00")  # fmt: skip
    assert pk.ok("owed", "show", "2", "-f", "json").json()["status"] == "open"
    pk.ok("owed", "keep", "2", now="2026-11-24T15:00:00+00:00")
    statement = pk.ok("customer", "statement", "Acme").stdout
    assert "What you said you'd send" not in statement  # kept: nothing outstanding
    pk.ok("owed", "add", "Send the config", "--from", "Acme", "--by", "thursday")
    statement = pk.ok("customer", "statement", "Acme").stdout.replace("\xa0", " ")
    assert "## What you said you'd send\n\n- Send the config — you said by Thu 26 Nov" in statement


# (rule, the series' first due day, the occurrence just closed, the next) with Christmas Day,
# Boxing Day and New Year's Day closed (calendar.closed)
CLOSED = frozenset({date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)})
NEXT = [
    ("week", date(2026, 11, 27), date(2026, 11, 27), date(2026, 12, 4)),
    ("week", date(2026, 11, 27), date(2026, 12, 18), date(2026, 12, 24)),  # Fri 25 closed
    ("week", date(2026, 11, 27), date(2026, 12, 24), date(2026, 12, 31)),  # Fri 1 Jan closed
    ("2 weeks", date(2026, 11, 27), date(2026, 11, 27), date(2026, 12, 11)),
    ("month", date(2026, 1, 31), date(2026, 1, 31), date(2026, 2, 27)),  # Feb 28 is a Saturday
    ("month", date(2026, 1, 31), date(2026, 2, 27), date(2026, 3, 31)),
    ("month on the 5th", date(2026, 11, 5), date(2026, 11, 5), date(2026, 12, 4)),  # Sat 5 Dec
    ("month on the 5th", date(2026, 11, 5), date(2026, 12, 4), date(2027, 1, 5)),
    ("monday", date(2026, 11, 25), date(2026, 11, 25), date(2026, 11, 30)),
    ("quarter", date(2026, 11, 30), date(2026, 11, 30), date(2027, 2, 26)),  # Sun 28 Feb
    ("last business day of the month", date(2026, 11, 30), date(2026, 11, 30),
     date(2026, 12, 31)),
    ("last business day of the month", date(2026, 11, 30), date(2026, 12, 31),
     date(2027, 1, 29)),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "first", "current", "expected"), NEXT)
def test_the_next_occurrence(rule: str, first: date, current: date, expected: date) -> None:
    calendar = Calendar(frozenset(range(5)), CLOSED, None, None)
    assert next_day(parse_rule(rule), first, current, calendar) == expected


def test_a_recurring_promise_makes_the_next_when_it_closes(pk: Pk, tmp_path: Path) -> None:
    pk.ok("add", "Monthly report", "--to", "Acme", "--by", "2026-12-04", "--new-customer",
          "--every", "month on the 4th", "--plan-b", "send last month's figures")  # fmt: skip
    kept = pk.ok("keep", "1", now="2026-12-04T10:00:00+00:00")
    assert "Next (month on the 4th): #2, due Mon 4 Jan 2027 17:00." in kept.stdout
    broken = pk.ok("promise", "break", "2", "--reason", "no data", now="2027-01-05T09:00:00+00:00")
    assert "#3, due Thu 4 Feb 17:00." in broken.stdout
    series = pk.ok("promise", "show", "3", "-f", "json").json()
    assert (series["series"], series["every"], series["plan_b"]) == (
        1, "month on the 4th", "send last month's figures")  # fmt: skip
    assert [(s["id"], s["status"], s["outcome"]) for s in series["series_of"]] == [
        (1, "kept", "kept_on_time"), (2, "broken", "broken"), (3, "open", None),
    ]  # fmt: skip
    assert "series · every month on the 4th · 3 so far" in pk.ok("promise", "show", "1").stdout
    # each occurrence its own calendar item
    assert pk.ok("ics", now="2027-01-05T09:00:00+00:00").stdout.count("BEGIN:VEVENT") == 1
    # undo of the break takes back the occurrence it made
    pk.ok("undo", now="2027-01-05T09:01:00+00:00")
    assert [p["id"] for p in pk.ok("ls", "-f", "json").json()] == [2]
    stopped = pk.ok("promise", "recur", "2", "--stop")
    assert "The series ends" in stopped.stdout
    pk.ok("keep", "2", now="2027-01-05T09:02:00+00:00")
    assert pk.ok("ls", "-f", "json").json() == []
    # the export keeps the series and restores to the same
    out = tmp_path / "all.json"
    pk.ok("export", "--out", str(out))
    data = json.loads(out.read_text())
    assert [(p["id"], p["every"], p["series"]) for p in data["promises"]][:2] == [
        (1, "month on the 4th", None), (2, None, 1)]  # fmt: skip


def test_cover_while_away_hands_over_and_back(pk: Pk) -> None:
    """dana is away Tue 24 – Thu 26 Nov with bob covering: #1 (due Wed) and #2 (Thu) go to bob
    at the first command of Tuesday, #3 (Fri) stays; bob keeps #1; #2 comes back on Friday."""
    for what, day in (("Quote", "wednesday"), ("Racks", "thursday"), ("Cables", "friday")):
        pk.ok("add", what, "--to", "Acme", "--by", day, *(["--new-customer"] if what == "Quote"
                                                         else []))  # fmt: skip
    set_up = pk.ok("away", "--from", "tuesday", "--to", "thursday", "--cover", "bob")
    assert set_up.stdout == (
        "dana away Tue 24 Nov – Thu 26 Nov: bob covers\n"
        "  dana's open promises due then go to bob on Tue 24 Nov.\n"
    )
    tuesday = "2026-11-24T08:00:00+00:00"
    owners = {p["id"]: p["owner"] for p in pk.ok("ls", "--all", "-f", "json", now=tuesday).json()}
    assert owners == {1: "bob", 2: "bob", 3: "dana"}
    bobs = pk.ok("due", "--owner", "bob", "-f", "json", now=tuesday).json()
    assert [p["id"] for p in bobs["soon"]] == [1, 2]
    pk.ok("keep", "1", now="2026-11-25T10:00:00+00:00", PK_USER="bob")
    friday = "2026-11-27T08:00:00+00:00"
    owners = {
        p["id"]: p["owner"]
        for p in pk.ok("ls", "--all", "--status", "all", "-f", "json", now=friday).json()
    }
    assert owners == {1: "bob", 2: "dana", 3: "dana"}  # the kept one stays with who kept it
    history = pk.ok("promise", "show", "2", "-f", "json").json()["history"]
    assert [(e["kind"], e.get("from"), e.get("to"), e.get("reason")) for e in history[1:]] == [
        ("handed_over", "dana", "bob", "away"), ("handed_over", "bob", "dana", "back"),
    ]  # fmt: skip
    shown = pk.ok("promise", "show", "2").stdout
    assert "handed to bob while dana is away" in shown and "handed back to dana by bob" in shown
    listed = pk.ok("away", "list", "-f", "json").json()
    assert [(a["owner"], a["cover"], a["state"], a["starts_at"], a["ends_at"]) for a in listed] == [
        ("dana", "bob", "back", "2026-11-24T00:00:00+00:00", "2026-11-27T00:00:00+00:00"),
    ]  # fmt: skip
    # a second absence, ended early by hand
    pk.ok("away", "--from", "2026-11-30", "--to", "2026-12-04", "--cover", "bob", now=friday)
    monday = "2026-11-30T10:00:00+00:00"
    pk.ok("add", "Cabinet", "--to", "Acme", "--by", "2026-12-02", now=friday)
    assert pk.ok("promise", "show", "4", "-f", "json", now=monday).json()["owner"] == "bob"
    ended = pk.ok("away", "--end", now="2026-12-01T09:00:00+00:00")
    assert ended.stdout == "dana is back: bob no longer covers\n  #4 Cabinet → dana\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--from", "friday", "--to", "tuesday", "--cover", "bob"), "--to is before --from"),
        (("--from", "2026-11-02", "--to", "2026-11-06", "--cover", "bob"),
         "That absence is over already"),
        (("--from", "tuesday", "--to", "friday", "--cover", "DANA"), "cannot cover for themselves"),
        (("--from", "wednesday", "--to", "wednesday", "--cover", "eve"), "dana is away already"),
        (("--end", "--cover", "bob"), "--end ends the absence now"),
        (("--cover", "bob"), "Give --from DAY --to DAY --cover NAME"),
    ],
)  # fmt: skip
def test_wrong_absences_are_refused(pk: Pk, args: tuple[str, ...], said: str) -> None:
    pk.ok("away", "--from", "tuesday", "--to", "thursday", "--cover", "bob")
    failed = pk("away", *args)
    assert failed.exit_code == 2 and said in failed.stderr, failed.stderr
    assert len(pk.ok("away", "list", "-f", "json").json()) == 1


def test_the_csv_export_of_owed_promises_imports_as_owed(pk: Pk, tmp_path: Path) -> None:
    laptops(pk)
    out = tmp_path / "all.csv"
    pk.ok("export", "--format", "csv", "--out", str(out))
    header = out.read_text().splitlines()[0].split(",")
    assert header[-2:] == ["direction", "plan_b"]
    other = tmp_path / "other"
    other.mkdir()
    fresh = Pk(other, None) if pk.engine == "sqlite" else pk
    if pk.engine != "sqlite":
        pk.ok("promise", "delete", "1", "2", "--yes")
    fresh.ok("import", str(out), "--new-customer")
    rows = {p["what"]: (p["direction"], p["plan_b"])
            for p in fresh.ok("ls", "--all", "-f", "json").json()
            + fresh.ok("owed", "list", "-f", "json").json()}  # fmt: skip
    assert rows == {"Laptops for the new office": ("ours", "lend our demo units"),
                    "Deliver 20 laptops": ("owed", None)}  # fmt: skip


def test_an_absence_across_a_clock_change_keeps_its_last_day(sqlite_pk: Pk) -> None:
    """Fri 23 – Sun 25 Oct 2026 in Berlin, where the clocks go back on the Sunday: the absence
    ends at Monday's midnight (23:00 UTC), not a day short."""
    berlin = {"TZ": "Europe/Berlin"}
    before = "2026-10-20T09:00:00+02:00"
    sqlite_pk.ok("away", "--from", "2026-10-23", "--to", "2026-10-25", "--cover", "bob",
                 now=before, **berlin)  # fmt: skip
    (absence,) = sqlite_pk.ok("away", "list", "-f", "json", now=before, **berlin).json()
    assert (absence["starts_at"], absence["ends_at"]) == (
        "2026-10-22T22:00:00+00:00", "2026-10-25T23:00:00+00:00")  # fmt: skip

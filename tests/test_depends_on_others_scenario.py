"""A hand-worked month of promises that depend on others (docs/owed.md), on SQLite and
PostgreSQL: a laptop order for Acme held up by a supplier who slips twice, a customer's logs
that end a wait when they arrive, a monthly report "month on the 5th" kept three times across a
closed day, and an owner away for a week whose cover keeps one promise. Every value below was
worked out by hand first (Monday–Friday 09:00–17:00 UTC; Tue 5 Jan 2027 closed).

Business hours used below: a working day is 8 hours; "Mon 10:00 → Wed 14:00" is 7 + 8 + 5 = 20.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import Pk
from tests.test_report import NOT_ASKED, NOTHING_SAID

BOB = {"PK_USER": "bob"}


def seen_at(pk: Pk, when: str, **env: str) -> dict[str, Any]:
    """`pk due --format json` as a person reads it: each section's (id, due) pairs, the
    reasons of those at risk with their plan B, and what was handed over by whom."""
    view = pk.ok("due", "-f", "json", now=when, **env).json()
    shown: dict[str, Any] = {
        name: [(p["id"], p["due_at"]) for p in rows]
        for name, rows in view.items()
        if isinstance(rows, list) and rows and name not in ("handed_over", "review_due")
    }
    if view["at_risk"]:
        shown["risk_reasons"] = [(p["id"], p["risk_reasons"], p["plan_b"])
                                 for p in view["at_risk"]]  # fmt: skip
    if view["handed_over"]:
        shown["handed_over"] = [(h["id"], h["by"]) for h in view["handed_over"]]
    return shown


def test_a_month_that_depends_on_others(pk: Pk) -> None:
    def at(when: str, *args: str, **env: str) -> str:
        return pk.ok(*args, now=when, **env).stdout

    def seen(when: str, **env: str) -> dict[str, Any]:
        return seen_at(pk, when, **env)

    pk.ok("config", "set", "calendar.closed", "2027-01-05")  # a company holiday
    # Mon 23 Nov: the monthly report, due on the 5th; December's 5th is a Saturday, so the
    # first one is promised for Fri 4 Dec (#1)
    at("2026-11-23T09:00:00+00:00", "add", "Monthly report", "--to", "Initech",
       "--by", "2026-12-04", "--every", "month on the 5th", "--new-customer")  # fmt: skip
    monday = "2026-11-30T09:00:00+00:00"
    at(monday, "add", "Laptops for the new office", "--to", "Acme", "--by", "2026-12-11",
       "--plan-b", "lend our demo units", "--new-customer")  # fmt: skip
    at(monday, "owed", "add", "Deliver 20 laptops", "--from", "Supplier", "--by", "2026-12-07",
       "--blocks", "2", "--needs", "2 business days", "--new-party")  # fmt: skip
    at(monday, "add", "Fix the VPN", "--to", "Globex", "--by", "2026-12-04", "--new-customer")
    at(monday, "owed", "add", "Send the firewall logs", "--from", "Globex", "--by", "2026-12-01")
    at("2026-11-30T10:00:00+00:00", "promise", "wait", "4", "--on", "5")

    # Tue 1 Dec 09:00: #4 waits on the logs (1 of Tuesday's hours: 7 + 0 = 7 business hours);
    # the logs are due today; nothing of ours is due by Thursday (#1 is Friday's)
    assert seen("2026-12-01T09:00:00+00:00") == {
        "waiting": [(4, "2026-12-04T17:00:00+00:00")],
        "owed": [(5, "2026-12-01T17:00:00+00:00")],
    }

    kept = at("2026-12-02T14:00:00+00:00", "owed", "keep", "5")
    assert "#4 Fix the VPN resumes: now due Wed 9 Dec 13:00 (not a slip)." in kept
    at("2026-12-03T10:00:00+00:00", "owed", "slip", "3", "--by", "2026-12-09",
       "--reason", "out of stock")  # fmt: skip
    kept = at("2026-12-04T15:00:00+00:00", "keep", "1")
    assert "Next (month on the 5th): #6, due Mon 4 Jan 2027 17:00." in kept

    # Mon 7 Dec 09:00: the supplier's Wed 9 Dec leaves the laptops exactly the two business
    # days they need: not at risk (and 40 of 80 hours used); the VPN is due Wednesday (40 of
    # its 60 hours used: 67%)
    assert seen("2026-12-07T09:00:00+00:00") == {
        "soon": [(4, "2026-12-09T13:00:00+00:00")],
        "owed": [(3, "2026-12-09T17:00:00+00:00")],
    }
    at("2026-12-07T16:00:00+00:00", "keep", "4")
    at("2026-12-08T09:00:00+00:00", "owed", "slip", "3", "--by", "2026-12-10",
       "--reason", "still out of stock")  # fmt: skip

    # Tue 8 Dec 09:30: at risk because of the supplier alone (48.5 of 80 hours: 61%)
    assert seen("2026-12-08T09:30:00+00:00") == {
        "at_risk": [(2, "2026-12-11T17:00:00+00:00")],
        "owed": [(3, "2026-12-10T17:00:00+00:00")],
        "risk_reasons": [
            (2, ["Supplier now Thu 10 Dec: 1 business day left, needs 2"], "lend our demo units")
        ],
    }
    said = at("2026-12-08T09:30:00+00:00", "remind")
    assert said == (
        "At risk: #2 Laptops for the new office (Acme), due Fri 11 Dec 17:00, in 3 days, "
        "Supplier now Thu 10 Dec: 1 business day left, needs 2 · plan B: lend our demo units\n"
    )
    assert at("2026-12-09T09:00:00+00:00", "remind") == ""  # said once
    at("2026-12-10T11:00:00+00:00", "owed", "keep", "3")
    # Thu 10 Dec 11:30: the block is gone; at risk by its own clock now (66.5 of 80 hours)
    assert seen("2026-12-10T11:30:00+00:00")["risk_reasons"] == [
        (2, ["83% of its time used"], "lend our demo units")
    ]
    at("2026-12-11T16:00:00+00:00", "keep", "2")

    # Fri 11 Dec: two more promises (#7 Wed 16 Dec, #8 Thu 17 Dec), and dana away all next week
    friday = "2026-12-11T10:00:00+00:00"
    at(friday, "add", "Quarterly review deck", "--to", "Acme", "--by", "2026-12-16")
    at(friday, "add", "Renewal quote", "--to", "Globex", "--by", "2026-12-17")
    away = at(friday, "away", "--from", "2026-12-14", "--to", "2026-12-18", "--cover", "bob")
    assert away == (
        "dana away Mon 14 Dec – Fri 18 Dec: bob covers\n"
        "  dana's open promises due then go to bob on Mon 14 Dec.\n"
    )
    # Mon 14 Dec 08:00, bob's first command: both are his (7 and 7 of their 31 and 39 hours)
    assert seen("2026-12-14T08:00:00+00:00", **BOB) == {
        "soon": [(7, "2026-12-16T17:00:00+00:00")],
        "handed_over": [(7, "bob"), (8, "bob")],
    }
    at("2026-12-16T10:00:00+00:00", "keep", "7", **BOB)
    # Mon 21 Dec 08:00, dana's first command: the renewal comes back, overdue since Thursday
    back = pk.ok("due", "-f", "json", now="2026-12-21T08:00:00+00:00").json()
    assert [(p["id"], p["owner"]) for p in back["overdue"]] == [(8, "dana")]
    assert [(h["id"], h["by"]) for h in back["handed_over"]] == [(8, "dana")]
    at("2026-12-21T10:00:00+00:00", "keep", "8")

    # the monthly report: Mon 4 Jan kept late on Wed 6 Jan, Fri 5 Feb on time
    assert "#9, due Fri 5 Feb 17:00." in at("2027-01-06T10:00:00+00:00", "keep", "6")
    assert "#10, due Fri 5 Mar 17:00." in at("2027-02-05T12:00:00+00:00", "keep", "9")
    series = pk.ok("promise", "show", "10", "-f", "json", now="2027-02-08T09:00:00+00:00").json()
    assert [(s["id"], s["due_at"], s["status"], s["outcome"]) for s in series["series_of"]] == [
        (1, "2026-12-04T17:00:00+00:00", "kept", "kept_on_time"),
        (6, "2027-01-04T17:00:00+00:00", "kept", "kept_late"),
        (9, "2027-02-05T17:00:00+00:00", "kept", "kept_on_time"),
        (10, "2027-03-05T17:00:00+00:00", "open", None),
    ]
    assert (series["every"], series["series"]) == ("month on the 5th", 1)

    later = "2027-02-08T09:00:00+00:00"
    ours = pk.ok("report", "--month", "2026-12", "--by", "owner", "--all", "-f", "json",
                 now=later).json()  # fmt: skip
    # #1 (Dec 4), #2 (Dec 11), #4 (agreed Wed 9 Dec 13:00 after the wait) and #7 on time; #8
    # (Thu 17 Dec 17:00) kept Mon 21 Dec 10:00: 89 hours late = 3.7083 days
    assert ours["totals"] == {
        "due": 5, "cancelled": 0, "kept_on_time": 4, "kept_late": 1, "broken": 0,
        "open_late": 0, "open_pending": 0, "kept_rate": 0.8, "kept_rate_final": 0.8,
        "slips": 0, "slips_with_heads_up": 0, "slips_told_in_time": 0,
        "median_days_late": 89 / 24, "waits": 1, "waited_business_hours": 20.0,
        "moved_on_time": 0, "moved_late": 0, "moved_pending": 0, **NOTHING_SAID,
        "feedback": NOT_ASKED,
    }  # fmt: skip
    assert [(g["key"], g["due"], g["kept_on_time"], g["kept_late"], g["kept_rate"])
            for g in ours["by"]] == [("bob", 1, 1, 0, 1.0), ("dana", 4, 3, 1, 0.75)]  # fmt: skip
    owed = pk.ok("report", "--owed", "--by", "party", "--month", "2026-12", "-f", "json",
                 now=later).json()  # fmt: skip
    # the logs: due Tue 1 Dec 17:00, kept Wed 2 Dec 14:00 (21 hours: 0.875 days late); the
    # laptops: agreed Mon 7 Dec 17:00, kept Thu 10 Dec 11:00 (66 hours: 2.75 days late) but by
    # the date they slipped to, with both slips told in time
    supplier = {
        "due": 1, "cancelled": 0, "kept_on_time": 0, "kept_late": 1, "broken": 0,
        "open_late": 0, "open_pending": 0, "kept_rate": 0.0, "kept_rate_final": 1.0,
        "slips": 2, "slips_with_heads_up": 2, "slips_told_in_time": 2,
        "median_days_late": 2.75, "waits": 0, "waited_business_hours": 0.0,
        "moved_on_time": 1, "moved_late": 0, "moved_pending": 0, **NOTHING_SAID,
        "feedback": NOT_ASKED,
    }  # fmt: skip
    globex = supplier | {
        "kept_rate_final": 0.0, "slips": 0, "slips_with_heads_up": 0, "slips_told_in_time": 0,
        "median_days_late": 0.875, "moved_on_time": 0,
    }  # fmt: skip
    assert owed["totals"] == supplier | {
        "due": 2, "kept_late": 2, "kept_rate_final": 0.5, "median_days_late": 1.8125,
    }  # fmt: skip
    assert owed["by"] == [{"key": "Globex", **globex}, {"key": "Supplier", **supplier}]
    assert [(p["label"], p["due"], p["kept_rate"]) for p in owed["trend"]] == [
        ("2026-07", 0, None), ("2026-08", 0, None), ("2026-09", 0, None), ("2026-10", 0, None),
        ("2026-11", 0, None), ("2026-12", 2, 0.0),
    ]  # fmt: skip

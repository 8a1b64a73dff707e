"""Unanswered requests and declines, effort stated up front (docs/words.md): the two states
without a date, every edge of answer and decline, and where they show — due, remind, reports,
the statement, ICS, exports, imports, the log, hooks and undo — on both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.test_hooks import hook

MONDAY = "2026-11-23T09:00:00+00:00"  # the tests' now


def asked(pk: Pk, what: str = "Quote for the racks", *more: str) -> int:
    added = pk.ok("add", what, "--to", "Acme", "--unanswered", "--new-customer", *more)
    assert "unanswered: `pk promise answer" in added.stdout
    return len(pk.ok("ls", "--status", "all", "-f", "json").json())


def test_a_request_has_no_date_until_it_is_answered(pk: Pk) -> None:
    asked(pk)
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["status"], shown["due_at"], shown["original_due_at"]) == (
        "unanswered",
        None,
        None,
    )
    assert shown["baseline_due_at"] is None and shown["overdue"] is False
    assert shown["history"][0] == {
        "at": MONDAY, "kind": "created", "by": "dana", "unanswered": True, "made_at": MONDAY,
    }  # fmt: skip
    assert "asked  Mon 23 Nov 09:00 · not answered yet" in pk.ok("promise", "show", "1").stdout
    # Tue 24 Nov 11:00: ten business hours later the customer gets the date
    answered = pk.ok("promise", "answer", "#1", "--by", "friday", now="2026-11-24T11:00:00+00:00")
    assert (
        "Answered #1 — Quote for the racks\n  due Fri 27 Nov 17:00 · in 3 days" in answered.stdout
    )
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    friday = "2026-11-27T17:00:00+00:00"
    assert (shown["status"], shown["made_at"]) == ("open", MONDAY)  # the wait counts
    assert shown["due_at"] == shown["original_due_at"] == shown["baseline_due_at"] == friday
    assert shown["history"][1] == {
        "at": "2026-11-24T11:00:00+00:00", "kind": "answered", "by": "dana", "to": friday,
        "business_hours": 10.0,
    }  # fmt: skip


def test_a_decline_closes_the_request_and_gives_a_reply(pk: Pk) -> None:
    asked(pk, "Custom cables")
    declined = pk.ok("promise", "decline", "1", "--reason", "We do not make cables.").stdout
    assert declined == (
        "Declined #1 — Custom cables\n"
        "  Note: A reply to send: We can't commit to “Custom cables” because we do not make"
        " cables.\n"
    )
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["status"], shown["due_at"], shown["outcome"]) == ("declined", None, None)
    assert [p["id"] for p in pk.ok("ls", "--status", "declined", "-f", "json").json()] == [1]
    pk.ok("promise", "reopen", "1")  # a request said no to is a request again
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "unanswered"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["keep", "1"], "#1 is a request not answered yet, so it cannot be kept"),
        (["promise", "break", "1", "--reason", "x"], "so it cannot be broken"),
        (["promise", "cancel", "1"], "so it cannot be cancelled: `pk promise answer 1"),
        (["slip", "1", "--by", "friday"], "so it cannot be rescheduled"),
        (["promise", "wait", "1"], "so it cannot be put on hold"),
        (["promise", "loop", "1", "--every", "2 business days"], "so it cannot be kept in the"),
        (["promise", "edit", "1", "--by", "friday"], "so it cannot be rescheduled"),
        (["promise", "answer", "2", "--by", "friday"], "#2 is not a request waiting for an answer;"
         " it is open with a date: `pk reschedule 2` moves it."),
        (["promise", "decline", "2", "--reason", "x"], "#2 is not a request waiting for an answer;"
         " it already has a date: `pk break 2` if we will not keep it"),
        (["promise", "answer", "1", "--by", "2026-11-20"], "is in the past"),
        (["promise", "decline", "1", "--reason", " "], "--reason"),
        (["add", "x", "--to", "Acme", "--unanswered", "--by", "friday"],
         "An unanswered request has no date yet: leave out --by"),
        (["add", "x", "--to", "Acme", "--unanswered", "--update-every", "2 business days"],
         "--update-every is for a promise with a date"),
        (["add", "x", "--to", "Acme", "--by", "friday", "--effort", "a while"],
         '--effort takes an effort like "15 minutes", "1.5 hours" or "1 day", not "a while".'),
        (["keep", "2", "--effort", "0 min"], "--effort must be between 1 minute"),
    ],
)  # fmt: skip
def test_each_edge_is_refused_in_one_line_and_writes_nothing(
    pk: Pk, args: list[str], error: str
) -> None:
    asked(pk)
    pk.ok("add", "Call back", "--to", "Acme", "--by", "friday")
    before = pk.snapshot()
    refused = pk(*args)
    assert refused.exit_code == 2 and error in refused.stderr, refused.stderr
    assert refused.stderr.count("\n") == 1 and pk.snapshot() == before


def test_answered_and_declined_can_be_edited_but_a_closed_decline_cannot_be_answered(
    pk: Pk,
) -> None:
    asked(pk)
    pk.ok("promise", "edit", "1", "--what", "Quote for two racks", "--tag", "quote")
    pk.ok("promise", "note", "1", "asked by phone")
    pk.ok("promise", "decline", "1", "--reason", "out of stock")
    refused = pk("promise", "answer", "1", "--by", "friday")
    assert refused.exit_code == 2
    assert "#1 is declined; only an unanswered request can be answered." in refused.stderr


def test_undo_takes_an_answer_and_a_decline_back(pk: Pk) -> None:
    asked(pk)
    pk.ok("promise", "answer", "1", "--by", "friday")
    assert "Undid the answer on #1" in pk.ok("undo").stdout
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["status"], shown["due_at"], shown["baseline_due_at"]) == (
        "unanswered",
        None,
        None,
    )
    pk.ok("promise", "decline", "1", "--reason", "no")
    assert "Undid declining it on #1" in pk.ok("undo").stdout
    assert pk.ok("promise", "show", "1", "-f", "json").json()["status"] == "unanswered"
    assert pk.ok("db", "check").exit_code == 0


def test_the_morning_view_asks_for_an_answer_after_a_business_day(pk: Pk) -> None:
    asked(pk, "Quote for the racks")
    pk.ok("add", "Look at the printer", "--to", "Acme", "--unanswered",
          now="2026-11-24T08:00:00+00:00")  # fmt: skip
    pk.ok(
        "add",
        "Call back",
        "--to",
        "Acme",
        "--by",
        "tomorrow 12:00",
        now="2026-11-24T08:00:00+00:00",
    )
    tuesday = "2026-11-24T10:00:00+00:00"  # 9 business hours after the first request
    view = pk.ok("due", now=tuesday).stdout
    assert view == (
        "Unanswered · 2\n"
        " #1  Quote for the racks  Acme  answer            waited 1.1 business days\n"
        " #2  Look at the printer  Acme  —                 waited 1 business hour\n"
        "\n"
        "Due soon · 1\n"
        " #3  Call back            Acme  Wed 25 Nov 12:00  tomorrow\n"
        "\n"
        "0 overdue · 2 unanswered · 0 today · 1 soon\n"
    )
    data = pk.ok("due", "-f", "json", now=tuesday).json()
    assert [(p["id"], p["status"], p["due_at"]) for p in data["unanswered"]] == [
        (1, "unanswered", None), (2, "unanswered", None)
    ]  # fmt: skip
    assert (
        "| #1 | Quote for the racks | Acme | no date yet | unanswered |  | waited 1.1 business"
        " days · answer |" in pk.ok("due", "-f", "markdown", now=tuesday).stdout
    )
    csv = pk.ok("due", "-f", "csv", now=tuesday).stdout.splitlines()
    assert csv[1].startswith("unanswered,1,Quote for the racks,Acme,dana,unanswered,,")
    reminded = pk.ok("remind", now=tuesday).stdout
    assert (
        reminded
        == "Answer: #1 Quote for the racks (Acme), asked Mon 23 Nov 09:00, not answered yet\n"
    )
    assert pk.ok("remind", now=tuesday).stdout == ""  # said once


def test_reports_count_requests_by_when_they_were_asked_and_never_rate_them(pk: Pk) -> None:
    asked(pk, "Quote A")
    pk.ok("add", "Quote B", "--to", "Globex", "--unanswered", "--new-customer")
    pk.ok("add", "Quote C", "--to", "Acme", "--unanswered")
    pk.ok("add", "Quote D", "--to", "Hooli", "--unanswered", "--new-customer")
    # A answered after 2 business days (Wed 09:00), C after 4 hours, B declined, D still waits
    pk.ok("promise", "answer", "1", "--by", "friday", now="2026-11-25T09:00:00+00:00")
    pk.ok("promise", "answer", "3", "--by", "friday", now="2026-11-23T13:00:00+00:00")
    pk.ok("promise", "decline", "2", "--reason", "not our product")
    now = "2026-11-26T09:00:00+00:00"
    report = pk.ok("report", "--month", "--by", "customer", "-f", "json", now=now).json()
    totals = report["totals"]
    assert (totals["due"], totals["declined"], totals["unanswered_open"]) == (2, 1, 1)
    assert totals["median_days_to_answer"] == 1.25  # (2 + 0.5) / 2 business days
    assert totals["kept_rate"] is None and totals["open_pending"] == 2
    by = {g["key"]: g for g in report["by"]}
    assert (by["Globex"]["due"], by["Globex"]["declined"]) == (0, 1)  # requests only: listed
    assert (by["Hooli"]["unanswered_open"], by["Acme"]["median_days_to_answer"]) == (1, 1.25)
    table = pk.ok("report", "--month", now=now).stdout
    assert "  Requests: 1 declined · 1 unanswered · answered in a median 1.2 business days\n" in (
        table
    )
    csv = pk.ok("report", "--month", "-f", "csv", now=now).stdout.splitlines()
    header = csv[0].split(",")
    total = dict(zip(header, csv[1].split(","), strict=True))
    assert (total["declined"], total["unanswered_open"]) == ("1", "1")


def test_effort_stated_and_taken(pk: Pk) -> None:
    pk.ok("add", "Reset the printer", "--to", "Acme", "--by", "today 17:00", "--effort",
          "15 minutes", "--new-customer")  # fmt: skip
    pk.ok("add", "Install the switch", "--to", "Acme", "--by", "today 17:00", "--effort", "2 h")
    pk.ok("add", "Send the manual", "--to", "Acme", "--by", "today 17:00")
    over = pk.ok("keep", "1", "--effort", "90 minutes").stdout
    assert "  took 90 minutes against the 15 we said (an effort overrun)\n" in over
    within = pk.ok("keep", "2", "--effort", "2.5 hours").stdout  # 25% over: not beyond the margin
    assert "  took 2.5 hours, as agreed: about 2 hours\n" in within
    alone = pk.ok("keep", "3", "--effort", "20 min").stdout  # no effort stated: the actual alone
    assert "  took 20 minutes\n" in alone
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["effort_stated"], shown["effort_actual"]) == (15, 90)
    history = pk.ok("promise", "show", "1").stdout
    assert "created, due Mon 23 Nov 17:00 · effort stated about 15 minutes" in history
    assert "kept · took 1.5 hours" in history
    totals = pk.ok("report", "--month", "-f", "json").json()["totals"]
    assert (totals["effort_stated"], totals["effort_overruns"]) == (2, 1)
    statement = pk.ok("customer", "statement", "Acme").stdout
    statement = statement.replace("\xa0", " ")  # dates are held together on the page
    assert (
        "- Reset the printer — delivered Mon 23 Nov, on time (agreed for Mon 23 Nov); it took"
        " 90 minutes against the 15 we said" in statement
    )
    assert (
        "- Install the switch — delivered Mon 23 Nov, on time (agreed for Mon 23 Nov), as"
        " agreed: about 2 hours" in statement
    )
    pk.ok("config", "set", "effort.margin", "10%")
    totals = pk.ok("report", "--month", "-f", "json").json()["totals"]
    assert totals["effort_overruns"] == 2
    pk.ok("promise", "reopen", "1")  # the actual effort goes with the keep
    assert pk.ok("promise", "show", "1", "-f", "json").json()["effort_actual"] is None


def test_the_statement_says_what_we_said_no_to_and_what_we_owe_an_answer_on(pk: Pk) -> None:
    asked(pk, "Custom cables")
    pk.ok("add", "Quote for the racks", "--to", "Acme", "--unanswered")
    pk.ok("promise", "decline", "1", "--reason", "we do not make cables")
    statement = pk.ok("customer", "statement", "Acme").stdout.replace("\xa0", " ")
    assert (
        "## What we said no to, and why\n\n- Custom cables — we do not make cables\n" in statement
    )
    assert "## We owe you an answer\n\n- Quote for the racks — asked Mon 23 Nov\n" in statement


def test_a_request_is_a_task_without_due_and_no_event(pk: Pk, tmp_path: Path) -> None:
    asked(pk)
    pk.ok("add", "Call back", "--to", "Acme", "--by", "friday")
    tasks = pk.ok("ics", "--tasks").stdout
    todo = next(t for t in tasks.split("BEGIN:VTODO") if "Quote for the racks" in t)
    assert "SUMMARY:Acme: Quote for the racks (answer)" in todo and "DUE" not in todo
    assert "STATUS:NEEDS-ACTION" in todo and "VALARM" not in todo
    events = pk.ok("ics").stdout
    assert events.count("BEGIN:VEVENT") == 1 and "Quote for the racks" not in events


def test_exports_imports_the_log_and_hooks_keep_requests(pk: Pk, tmp_path: Path) -> None:
    seen = hook(pk, f'cat >> "{pk.home}/seen.jsonl"')
    asked(pk)
    pk.ok("add", "Custom cables", "--to", "Acme", "--unanswered", "--effort", "1 h")
    pk.ok("promise", "answer", "1", "--by", "friday")
    pk.ok("promise", "decline", "2", "--reason", "no cables")
    kinds = [json.loads(line)["kind"] for line in seen.read_text().splitlines()]
    assert kinds == ["created", "created", "answered", "declined"]
    log = pk.ok("log").stdout
    assert "#1 Quote for the racks (Acme): answered: due Fri 27 Nov 17:00" in log
    assert '#2 Custom cables (Acme): declined: "no cables"' in log
    dump = tmp_path / "all.json"
    pk.ok("export", "--out", str(dump))
    fresh = Pk(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    fresh.ok("import", str(dump))
    again = tmp_path / "again.json"
    fresh.ok("export", "--out", str(again))
    assert json.loads(again.read_text())["promises"] == json.loads(dump.read_text())["promises"]
    csv = tmp_path / "requests.csv"
    csv.write_text("what,customer,due_at,status\nAsk about VPN,Acme,,unanswered\n"
                   "Cables,Acme,,declined\nDated,Acme,,open\n")  # fmt: skip
    refused = fresh("import", str(csv))
    assert refused.exit_code == 2 and "row 4: due_at" in refused.stderr
    csv.write_text("what,customer,due_at,status\nAsk about VPN,Acme,,unanswered\n"
                   "Cables,Acme,,declined\n")  # fmt: skip
    fresh.ok("import", str(csv))
    listed = fresh.ok("ls", "--status", "all", "-f", "json").json()
    assert [(p["what"], p["status"], p["due_at"]) for p in listed[-2:]] == [
        ("Ask about VPN", "unanswered", None), ("Cables", "declined", None)
    ]  # fmt: skip
    assert fresh.ok("db", "check").exit_code == 0


def test_a_request_under_a_standard_counts_from_when_it_was_asked(pk: Pk) -> None:
    pk.ok("standard", "add", "callback", "--within", "4 business hours")
    added = pk.ok("add", "Call back", "--to", "Acme", "--unanswered", "--standard", "callback",
                  "--new-customer").stdout  # fmt: skip
    assert (
        "Note: Follows the standard callback (within 4 business hours): answer with a date"
        " by Mon 23 Nov 13:00 to meet it." in added.replace("\n        ", " ")
    )
    pk.ok("promise", "answer", "1", "--by", "today 15:00", now="2026-11-23T10:00:00+00:00")
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["standard_due_at"], shown["standard_fit"]) == (
        "2026-11-23T13:00:00+00:00", "looser"
    )  # fmt: skip

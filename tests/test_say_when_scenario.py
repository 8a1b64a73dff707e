"""A hand-worked week of yes, no and when (docs/words.md: "Unanswered requests and
declines", "Effort stated up front", "Calibration"; docs/business-time.md, "A customer's own
standard"), on SQLite and PostgreSQL. Every figure below was worked out by hand first, from the
story; the working-out is in the comments.

Working hours 09:00–17:00 UTC, Monday to Friday (a business day is 8 hours).

October: dana's twenty quotes to Initech, tagged quote, each due Tue 6 Oct 17:00: twelve kept
that morning, eight kept 1, 1, 2, 3, 3, 3, 5 and 5 business days late.

Mon 23 Nov 09:00
  Acme expects "quotes in EUR"; callback is 1 business day, Acme's own callback 4 hours.
  An email from Acme is captured: two firm promises (#21 the revised quote by Friday, #22 a
  call back tomorrow 10:00), two hedged (#23 "try to" get the racks, #24 "hopefully" fix the
  VPN) and one without a date (#25 look at the firewall logs).
  #26 reset the printer, Acme, today, effort 15 minutes; #27 install the switch, Globex,
  Wednesday, effort 2 hours; #28 call back about the invoice, Acme, standard callback (Acme's
  own: due 13:00); #29 call back, Globex, standard callback (Tue 09:00); #30 quote for the new
  racks, Initech, tag quote, Friday: the note of the twenty quotes.
Mon 11:00 #26 kept, 90 minutes (an overrun).      Mon 12:00 #28 kept (its standard met).
Tue 24 Nov 09:30 #22 kept.   Tue 10:00 #24 declined.   Tue 12:00 #29 kept (3 hours late).
Wed 25 Nov 09:00 #23 answered (two business days after the request) with Wed 2 Dec.
Wed 14:00 #27 kept, 2 hours (as stated).          Fri 27 Nov 16:00 #21 kept.
#25 stays unanswered, #30 open past its date.
"""

from __future__ import annotations

from tests.conftest import Pk
from tests.test_calibration import twenty_quotes
from tests.test_report import NOT_ASKED

EMAIL = """Hi Dana,

Thanks for the call this morning.

I'll send you the revised quote by Friday.
We will call you back tomorrow at 10am.
We'll try to get the racks to you by Wednesday.
We'll hopefully fix the VPN by Thursday.
I'll look at the firewall logs.

Best,
Dana
"""

MON, TUE, WED = "2026-11-23T{}:00+00:00", "2026-11-24T{}:00+00:00", "2026-11-25T{}:00+00:00"


def story(pk: Pk) -> None:
    twenty_quotes(pk, customer="Initech")
    pk.ok("customer", "set", "Acme", "--new-customer")
    pk.ok("customer", "set", "Globex", "--new-customer")
    pk.ok("customer", "expect", "Acme", "quotes in EUR")
    pk.ok("standard", "add", "callback", "--within", "1 business day")
    pk.ok("standard", "add", "callback", "--within", "4 business hours", "--customer", "Acme")
    captured = pk.ok("capture", "--to", "Acme", "--yes", input=EMAIL).stdout
    assert "Recorded 5 of 5." in captured
    assert captured.count("Note: Acme expects: quotes in EUR.") == 5
    # the two firm ones: Acme has no closed promise yet, so all of dana's speak (the quotes)
    assert captured.count("Note: your promises: 12 of 20 kept on the first date") == 2
    pk.ok("add", "Reset the printer", "--to", "Acme", "--by", "today 17:00", "--effort", "15 min")
    pk.ok("add", "Install the switch", "--to", "Globex", "--by", "wednesday", "--effort", "2 hours")
    pk.ok("add", "Call back about the invoice", "--to", "Acme", "--standard", "callback")
    pk.ok("add", "Call back", "--to", "Globex", "--standard", "callback")
    note = pk.ok("add", "Quote for the new racks", "--to", "Initech", "--tag", "quote", "--by",
                 "friday").stdout  # fmt: skip
    assert note == (
        "Promised #30 to Initech — Quote for the new racks\n"
        "  due Fri 27 Nov 17:00 · in 4 days\n"
        # the quote class: 12 of 20 on the first date; within 1 day 14, 2 days 15, 3 days 18
        # of 20 (90%, the first at 80% or more); Fri 27 Nov + 3 business days = Wed 2 Dec
        "  Note: your `quote` promises: 12 of 20 kept on the first date; 80% were kept within 3"
        " business days\n"
        "        of it: Wed 2 Dec would have been kept 18 of 20 times.\n"
    )
    pk.ok("keep", "26", "--effort", "90 minutes", now=MON.format("11:00"))
    pk.ok("keep", "28", now=MON.format("12:00"))


def week(pk: Pk) -> None:
    pk.ok("keep", "22", now=TUE.format("09:30"))
    pk.ok("promise", "decline", "24", "--reason", "the VPN is run by your provider",
          now=TUE.format("10:00"))  # fmt: skip
    pk.ok("keep", "29", now=TUE.format("12:00"))
    pk.ok("promise", "answer", "23", "--by", "2026-12-02", now=WED.format("09:00"))
    pk.ok("keep", "27", "--effort", "2 hours", now=WED.format("14:00"))
    pk.ok("keep", "21", now="2026-11-27T16:00:00+00:00")


def test_the_week_of_yes_no_and_when(pk: Pk) -> None:
    story(pk)
    captured = pk.ok("ls", "--status", "all", "--customer", "Acme", "-f", "json").json()
    assert [(p["id"], p["what"], p["status"], p["due_at"]) for p in captured[:7]] == [
        (28, "Call back about the invoice", "kept", "2026-11-23T13:00:00+00:00"),
        (26, "Reset the printer", "kept", "2026-11-23T17:00:00+00:00"),
        (22, "Call Acme back", "open", "2026-11-24T10:00:00+00:00"),
        (21, "Send Acme the revised quote", "open", "2026-11-27T17:00:00+00:00"),
        (23, "Get the racks to Acme", "unanswered", None),
        (24, "Fix the VPN", "unanswered", None),
        (25, "Look at the firewall logs", "unanswered", None),
    ]
    hedges = [pk.ok("promise", "show", str(i), "-f", "json").json()["history"][0].get("hedge")
              for i in (23, 24, 25)]  # fmt: skip
    assert hedges == ["try to", "hopefully", None]

    # Tue 24 Nov 09:00. At risk: #29 (made Mon 09:00, due Tue 09:00: 8 of 8 business hours
    # used) and #22 (due Tue 10:00: 8 of 9, 88%). Unanswered: #23–#25, each asked a business day
    # ago: "answer". Soon (today and the next two days): #27 Wed 17:00. #21 and #30 are Friday's.
    tuesday = TUE.format("09:00")
    due = pk.ok("due", "-f", "json", now=tuesday).json()
    sections = {k: [p["id"] for p in v] for k, v in due.items() if isinstance(v, list)}
    assert sections == {
        "overdue": [], "at_risk": [29, 22], "unanswered": [23, 24, 25], "waiting": [],
        "update_owed": [], "today": [], "soon": [27], "handed_over": [], "owed": [],
        "review_due": [],
    }  # fmt: skip
    assert pk.ok("due", now=tuesday).stdout == (
        "At risk · 2\n"
        " #29  Call back                  Globex  today 09:00       now · 100% used\n"
        " #22  Call Acme back             Acme    today 10:00       in 1 h · 88% used\n"
        "\n"
        "Unanswered · 3\n"
        " #23  Get the racks to Acme      Acme    answer            waited 1 business day\n"
        " #24  Fix the VPN                Acme    answer            waited 1 business day\n"
        " #25  Look at the firewall logs  Acme    answer            waited 1 business day\n"
        "\n"
        "Due soon · 1\n"
        " #27  Install the switch         Globex  Wed 25 Nov 17:00  tomorrow\n"
        "\n"
        "0 overdue · 2 at risk · 3 unanswered · 0 today · 1 soon\n"
    )

    week(pk)
    # Wed 2 Dec 09:00 (#23, answered for Wed 2 Dec 17:00, is due today; #25 still waits).
    due = pk.ok("due", "-f", "json", now="2026-12-02T09:00:00+00:00").json()
    assert [p["id"] for p in due["unanswered"]] == [25]
    assert [p["id"] for p in due["overdue"]] == [30]

    # November, read on Mon 30 Nov 09:00. Agreed for November: #21, #22, #26, #27, #28 kept on
    # time; #29 kept 3 hours late (0.125 days); #30 open past its date. #23's date is December.
    # Requests asked in November: #24 declined, #25 unanswered, #23 answered after 16 business
    # hours (2 days). Efforts stated on #26 and #27; #26 took 90 against 15 minutes.
    monday = "2026-11-30T09:00:00+00:00"
    report = pk.ok("report", "--month", "--by", "customer", "-f", "json", now=monday).json()
    quiet = {"slips": 0, "slips_with_heads_up": 0, "slips_told_in_time": 0, "waits": 0,
             "waited_business_hours": 0.0, "moved_on_time": 0, "moved_late": 0,
             "moved_pending": 0, "cancelled": 0, "broken": 0, "open_pending": 0,
             "feedback": NOT_ASKED}  # fmt: skip
    assert report["totals"] == {
        **quiet, "due": 7, "kept_on_time": 5, "kept_late": 1, "open_late": 1,
        "kept_rate": 5 / 7, "kept_rate_final": 5 / 7, "median_days_late": 0.125,
        "declined": 1, "unanswered_open": 1, "median_days_to_answer": 2.0,
        "effort_stated": 2, "effort_overruns": 1,
    }  # fmt: skip
    by = {g.pop("key"): g for g in report["by"]}
    assert by == {
        "Acme": {**quiet, "due": 4, "kept_on_time": 4, "kept_late": 0, "open_late": 0,
                 "kept_rate": 1.0, "kept_rate_final": 1.0, "median_days_late": None,
                 "declined": 1, "unanswered_open": 1, "median_days_to_answer": 2.0,
                 "effort_stated": 1, "effort_overruns": 1},
        "Globex": {**quiet, "due": 2, "kept_on_time": 1, "kept_late": 1, "open_late": 0,
                   "kept_rate": 0.5, "kept_rate_final": 0.5, "median_days_late": 0.125,
                   "declined": 0, "unanswered_open": 0, "median_days_to_answer": None,
                   "effort_stated": 1, "effort_overruns": 0},
        "Initech": {**quiet, "due": 1, "kept_on_time": 0, "kept_late": 0, "open_late": 1,
                    "kept_rate": 0.0, "kept_rate_final": 0.0, "median_days_late": None,
                    "declined": 0, "unanswered_open": 0, "median_days_to_answer": None,
                    "effort_stated": 0, "effort_overruns": 0},
    }  # fmt: skip
    standards = pk.ok("report", "--month", "--by", "standard", "-f", "json", now=monday).json()
    assert {g["key"]: (g["due"], g["met"], g["missed"]) for g in standards["by"]} == {
        "callback": (1, 0, 1),  # Globex's, kept 3 hours after Tue 09:00
        "callback (Acme)": (1, 1, 0),  # Acme's own, kept an hour before Mon 13:00
    }

    # dana's last closed promises: the twenty quotes (Initech, tag quote) and six of November.
    # all: 26, on the first date 12 + 5 = 17; late by 1, 1, 2, 3, 3, 3, 5, 5 days and #29 by
    # 3 of 8 hours (0.375): within 1 day 20, within 2 days 21 ≥ 0.8 × 26 = 20.8; median of the
    # nine late ones 3. Acme (4 closed) and Globex (2) are too few; the two callbacks share a
    # name: 2, too few.
    calibration = pk.ok("calibration", "--format", "json", now=monday).json()
    quotes = {"n": 20, "first_date_kept": 0.6, "median_slip_business_days": 3.0,
              "p80_extra_business_days": 3}  # fmt: skip
    assert calibration == {
        "quote": {"kind": "tag", **quotes},
        "Initech": {"kind": "customer", **quotes},
        "all": {"kind": "all", "n": 26, "first_date_kept": 0.6538,
                "median_slip_business_days": 3.0, "p80_extra_business_days": 2},
    }  # fmt: skip

    statement = pk.ok("customer", "statement", "Acme", now=monday).stdout.replace("\xa0", " ")
    assert (
        "- Reset the printer — delivered Mon 23 Nov, on time (agreed for Mon 23 Nov); it took"
        " 90 minutes against the 15 we said" in statement
    )
    assert (
        "## What we said no to, and why\n\n- Fix the VPN — the VPN is run by your provider\n"
        in statement
    )
    assert (
        "## We owe you an answer\n\n- Look at the firewall logs — asked Mon 23 Nov\n" in statement
    )

"""Realistic dates at the moment of promising (docs/words.md, "Calibration"), and standards of
one customer (docs/business-time.md, "A customer's own standard")."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Pk

# Twenty past quote promises of dana, each due Tue 6 Oct 17:00: twelve kept on that date, eight
# kept 1, 1, 2, 3, 3, 3, 5 and 5 business days after it (Wed 7 … Tue 13 Oct 17:00).
LATE_BY = {1: "2026-10-07", 2: "2026-10-08", 3: "2026-10-09", 5: "2026-10-13"}
SLIPS = [0] * 12 + [1, 1, 2, 3, 3, 3, 5, 5]


def twenty_quotes(pk: Pk, customer: str = "Acme", tag: str = "quote", start: int = 0) -> None:
    for i in range(len(SLIPS)):
        pk.ok("add", f"Quote {start + i}", "--to", customer, "--tag", tag, "--by",
              "2026-10-06 17:00", "--new-customer", now="2026-10-01T09:00:00+00:00")  # fmt: skip
    for i, late in enumerate(SLIPS):
        when = "2026-10-06T12:00:00+00:00" if late == 0 else f"{LATE_BY[late]}T17:00:00+00:00"
        pk.ok("keep", str(start + i + 1), now=when)


def test_the_note_says_what_the_record_says_and_never_moves_the_date(pk: Pk) -> None:
    twenty_quotes(pk)
    added = pk.ok("add", "Quote for the racks", "--to", "Acme", "--tag", "quote", "--by", "friday")
    assert added.stdout == (
        "Promised #21 to Acme — Quote for the racks\n"
        "  due Fri 27 Nov 17:00 · in 4 days\n"
        "  Note: your `quote` promises: 12 of 20 kept on the first date; 80% were kept within 3"
        " business days\n"
        "        of it: Wed 2 Dec would have been kept 18 of 20 times.\n"
    )
    assert pk.ok("promise", "show", "21", "-f", "json").json()["due_at"] == (
        "2026-11-27T17:00:00+00:00"
    )
    # another tag: the customer's class speaks; another customer and no tag: all of dana's
    other = pk.ok("add", "Call", "--to", "Acme", "--by", "friday").stdout
    assert "your promises to Acme: 12 of 20 kept on the first date" in other
    new = pk.ok("add", "Call", "--to", "Globex", "--by", "friday", "--new-customer").stdout
    assert "your promises: 12 of 20 kept on the first date" in new
    # someone else's record is not dana's
    assert "Note: your" not in pk.ok("add", "Call", "--to", "Acme", "--by", "friday", "--owner",
                                     "sam").stdout  # fmt: skip
    # a request has no date to calibrate
    assert "Note: your" not in pk.ok("add", "Ask", "--to", "Acme", "--unanswered").stdout


def test_fewer_than_eight_closed_say_nothing(pk: Pk) -> None:
    for i in range(7):
        pk.ok("add", f"Quote {i}", "--to", "Acme", "--by", "2026-10-06 17:00", "--new-customer",
              now="2026-10-01T09:00:00+00:00")  # fmt: skip
        pk.ok("keep", str(i + 1), now="2026-10-06T12:00:00+00:00")
    pk.ok("add", "Open one", "--to", "Acme", "--by", "friday")  # open: not closed
    assert "Note: your" not in pk.ok("add", "Quote", "--to", "Acme", "--by", "friday").stdout
    assert pk.ok("calibration", "-f", "json").json() == {}
    assert "Fewer than 8 closed promises" in pk.ok("calibration").stdout


def test_calibration_lists_every_class(pk: Pk) -> None:
    twenty_quotes(pk)
    data = pk.ok("calibration", "--format", "json").json()
    expected = {
        "n": 20,
        "first_date_kept": 0.6,
        "median_slip_business_days": 3.0,
        "p80_extra_business_days": 3,
    }
    assert data == {
        "quote": {"kind": "tag", **expected},
        "Acme": {"kind": "customer", **expected},
        "all": {"kind": "all", **expected},
    }
    table = pk.ok("calibration").stdout
    assert "tag quote          20  12 of 20 (60%)  3 business days  3 business days" in table
    csv = pk.ok("calibration", "-f", "csv").stdout.splitlines()
    assert csv[0] == (
        "kind,class,n,first_date_kept,median_slip_business_days,p80_extra_business_days"
    )
    assert csv[1] == "tag,quote,20,0.6,3.0,3"
    assert (
        "| tag quote | 20 | 12 of 20 (60%) | 3 business days | 3 business days |"
        in pk.ok("calibration", "-f", "markdown").stdout
    )
    assert pk.ok("calibration", "--owner", "sam", "-f", "json").json() == {}
    assert pk.ok("calibration", "--all", "-f", "json").json() == data


def test_a_broken_promise_is_never_kept_within_any_number_of_days(pk: Pk) -> None:
    for i in range(10):
        pk.ok("add", f"Fix {i}", "--to", "Acme", "--by", "2026-10-06 17:00", "--new-customer",
              now="2026-10-01T09:00:00+00:00")  # fmt: skip
    for i in range(10):
        if i < 5:
            pk.ok("keep", str(i + 1), now="2026-10-06T12:00:00+00:00")
        else:
            pk.ok("promise", "break", str(i + 1), "--reason", "no parts",
                  now="2026-10-07T12:00:00+00:00")  # fmt: skip
    note = pk.ok("add", "Fix", "--to", "Acme", "--by", "friday").stdout
    assert "your promises to Acme: 5 of 10 kept on the first date; fewer than 80% were kept at" in (
        note.replace("\n        ", " ")
    )
    data = pk.ok("calibration", "-f", "json").json()["Acme"]
    assert (data["p80_extra_business_days"], data["median_slip_business_days"]) == (None, None)


def test_a_customers_own_standard(pk: Pk, tmp_path: Path) -> None:
    pk.ok("customer", "set", "Acme", "--new-customer")
    pk.ok("customer", "set", "Globex", "--new-customer")
    pk.ok("standard", "add", "callback", "--within", "1 business day")
    own = pk.ok("standard", "add", "callback", "--within", "4 business hours", "--customer", "acme")
    assert own.stdout == "Standard callback (Acme): within 4 business hours.\n"
    twice = pk("standard", "add", "callback", "--within", "2 business hours", "--customer", "Acme")
    assert twice.exit_code == 2 and twice.stderr == (
        'Error: A standard "callback" of Acme\'s own exists already; change it with '
        "`pk standard edit callback --customer Acme`.\n"
    )
    nobody = pk("standard", "add", "callback", "--within", "1 business day", "--customer", "Nobody")
    assert nobody.exit_code == 2 and 'No customer "Nobody"' in nobody.stderr
    acme = pk.ok("add", "Call back", "--to", "Acme", "--standard", "callback").stdout
    assert "due Mon 23 Nov 13:00" in acme  # four business hours from Monday 09:00
    globex = pk.ok("add", "Call back", "--to", "Globex", "--standard", "callback").stdout
    assert "due Tue 24 Nov 09:00" in globex  # one business day
    pk.ok("keep", "1", now="2026-11-23T12:00:00+00:00")
    pk.ok("keep", "2", now="2026-11-24T12:00:00+00:00")
    report = pk.ok("report", "--month", "--by", "standard", "-f", "json",
                   now="2026-11-30T09:00:00+00:00").json()  # fmt: skip
    rows = {g["key"]: (g["met"], g["missed"]) for g in report["by"]}
    assert rows == {"callback": (0, 1), "callback (Acme)": (1, 0)}  # which standard applied
    listed = pk.ok("standard", "list", "-f", "json").json()
    assert [(s["name"], s["customer"], s["within"]) for s in listed] == [
        ("callback", None, "1 business day"), ("callback", "Acme", "4 business hours")
    ]  # fmt: skip
    published = pk.ok("standard", "publish", "--customer", "Acme").stdout
    assert "Callback within 4 business hours." in published and "1 business day" not in published
    assert "1 business day" in pk.ok("standard", "publish").stdout
    assert "4 business hours" not in pk.ok("standard", "publish").stdout
    shown = pk.ok("standard", "show", "callback", "--customer", "Acme").stdout
    assert shown.startswith("callback (Acme)\n")
    pk.ok("standard", "edit", "callback", "--customer", "Acme", "--within", "2 business hours")
    dump = tmp_path / "all.json"
    pk.ok("export", "--out", str(dump))
    data = json.loads(dump.read_text())
    assert data["standards"][1]["customer"] == "Acme"
    assert [p["standard_customer"] for p in data["promises"]] == ["Acme", None]
    fresh = Pk(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    fresh.ok("import", str(dump))
    again = tmp_path / "again.json"
    fresh.ok("export", "--out", str(again))
    restored = json.loads(again.read_text())
    assert restored["standards"] == data["standards"]
    assert restored["promises"] == data["promises"]
    pk.ok("standard", "retire", "callback", "--customer", "Acme")
    later = pk.ok("add", "Call back", "--to", "Acme", "--standard", "callback").stdout
    assert "within 1 business day" in later  # its own retired: the general one again


def test_a_customers_own_standard_merges_and_an_orphan_is_refused(pk: Pk, tmp_path: Path) -> None:
    pk.ok("customer", "set", "Acme", "--new-customer")
    pk.ok("standard", "add", "callback", "--within", "4 business hours", "--customer", "Acme")
    pk.ok("add", "Call back", "--to", "Acme", "--standard", "callback")
    dump = tmp_path / "all.json"
    pk.ok("export", "--out", str(dump))
    other = Pk(tmp_path / "other")
    (tmp_path / "other").mkdir()
    other.ok("add", "Something else", "--to", "Globex", "--by", "friday", "--new-customer")
    other.ok("import", str(dump), "--merge")
    merged = other.ok("ls", "--customer", "Acme", "-f", "json").json()
    assert [(p["what"], p["standard"], p["due_at"]) for p in merged] == [
        ("Call back", "callback", "2026-11-23T13:00:00+00:00")
    ]
    assert "callback (Acme)" in other.ok("standard", "list").stdout
    data = json.loads(dump.read_text())
    data["customers"] = []
    data["promises"] = []
    orphan = tmp_path / "orphan.json"
    orphan.write_text(json.dumps(data))
    for target, args in ((tmp_path / "empty", ()), (tmp_path / "other", ("--merge",))):
        target.mkdir(exist_ok=True)
        refused = Pk(target)("import", str(orphan), *args)
        assert refused.exit_code == 2
        assert 'standard "callback": customer "Acme" is not in customers' in refused.stderr

"""Service standards end to end, as a user types them (docs/business-time.md, "Standards").

The scenario, in New York with US public holidays (Thanksgiving: Thursday 26 November 2026),
working hours 09:00–17:00. Every deadline and figure below is worked out by hand."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.conftest import Pk

GOLDEN = Path(__file__).parent / "golden"
NY = {"TZ": "America/New_York"}
MON = "2026-11-23T09:00:00-05:00"
REPORT_NOW = "2026-12-01T12:00:00-05:00"  # Tuesday noon
HOSTILE = "<b>Outages</b> answered within 4 business hours & more"


def at(pk: Pk, when: str, *args: str) -> str:
    return pk.ok(*args, now=when, **NY).stdout


def scenario(pk: Pk) -> None:
    pk.ok("config", "set", "calendar.country", "US")
    at(pk, MON, "standard", "add", "callback", "--within", "1 business day",
       "--text", "We call you back within one business day.")  # fmt: skip
    at(pk, MON, "standard", "add", "quote", "--within", "3 business days",
       "--text", "Quotes within three business days.")  # fmt: skip
    at(pk, MON, "standard", "add", "fix", "--within", "4 business hours", "--text", HOSTILE)
    # #1 made Mon 09:00: one business day later, the same time Tuesday.
    at(pk, MON, "add", "Call back Bob", "--to", "Acme", "--standard", "callback")
    # #2: three open days after Monday: Tue, Wed, (Thanksgiving), Fri 09:00.
    at(pk, MON, "add", "Quote 20 seats", "--to", "Acme", "--standard", "quote")
    # #3: agreed for 4 Dec, looser than the standard's Fri 27 Nov 09:00.
    at(pk, MON, "add", "Quote 5 seats", "--to", "Globex", "--new-customer",
       "--standard", "quote", "--by", "dec 4")  # fmt: skip
    # #4 made Wed 15:00: 2 hours Wednesday, none Thursday, 2 Friday: Fri 27 Nov 11:00.
    wed = "2026-11-25T15:00:00-05:00"
    at(pk, wed, "add", "Fix the VPN", "--to", "Globex", "--standard", "fix")
    # #5 made Tue 16:00, cancelled: counted in no figure of the standard.
    tue = "2026-11-24T16:00:00-05:00"
    at(pk, tue, "add", "Call back Carol", "--to", "Acme", "--standard", "callback")
    at(pk, tue, "promise", "cancel", "5")
    at(pk, "2026-11-23T15:00:00-05:00", "keep", "1")  # 6 business hours: met
    at(pk, "2026-11-30T10:00:00-05:00", "keep", "2")  # 33 business hours: 9 past the standard
    at(pk, "2026-11-27T10:00:00-05:00", "keep", "4")  # 3 business hours: met


def test_due_dates_from_standards(pk: Pk) -> None:
    scenario(pk)
    shown = {p["id"]: p for p in pk.ok("ls", "--status", "all", "-f", "json").json()}
    assert {i: (p["due_at"], p["standard"], p["standard_fit"]) for i, p in shown.items()} == {
        1: ("2026-11-24T14:00:00+00:00", "callback", "as the standard"),
        2: ("2026-11-27T14:00:00+00:00", "quote", "as the standard"),
        3: ("2026-12-04T22:00:00+00:00", "quote", "looser"),
        4: ("2026-11-27T16:00:00+00:00", "fix", "as the standard"),
        5: ("2026-11-25T21:00:00+00:00", "callback", "as the standard"),
    }
    assert shown[3]["standard_due_at"] == "2026-11-27T14:00:00+00:00"


def test_the_echo_says_how_a_promise_compares_with_its_standard(pk: Pk) -> None:
    scenario(pk)
    tighter = at(pk, MON, "add", "Quick quote", "--to", "Acme", "--standard", "quote",
                 "--by", "tomorrow")  # fmt: skip
    assert "due Tue 24 Nov 17:00 · tomorrow" in tighter
    assert "Set tighter than the standard quote (within 3 business days: Fri 27 Nov 09:00)." in (
        " ".join(tighter.split())
    )
    follows = at(pk, MON, "add", "Call Dan", "--to", "Acme", "--standard", "Callback")
    assert "due Tue 24 Nov 09:00" in follows
    assert "Follows the standard callback (within 1 business day)." in follows


def test_report_by_standard(pk: Pk) -> None:
    scenario(pk)
    report = pk.ok("report", "--from", "2026-11-01", "--to", "2026-12-31", "--by", "standard",
                   "-f", "json", now=REPORT_NOW, **NY).json()  # fmt: skip
    met = {
        entry["key"]: (
            entry["due"],
            entry["met"],
            entry["missed"],
            entry["met_rate"],
            entry["median_business_hours"],
            entry["worst_miss"],
        )
        for entry in report["by"]
    }
    assert met == {
        # #1 met (6 h to keep); #5 cancelled: in neither count.
        "callback": (1, 1, 0, 1.0, 6.0, None),
        # #4 met in 3 business hours.
        "fix": (1, 1, 0, 1.0, 3.0, None),
        # #2 kept 9 business hours past the standard (Fri 8 + Mon 1); #3 still open, its
        # standard passed Fri 09:00: Fri 8 + Mon 8 + Tue 3 = 19 hours, the worst miss.
        "quote": (2, 0, 2, 0.0, 33.0, {"id": 3, "business_hours_late": 19.0}),
    }
    assert report["totals"]["due"] == 4  # every promise of the period, cancelled #5 apart
    table = pk.ok("report", "--from", "2026-11-01", "--to", "2026-12-31", "--by", "standard",
                  now=REPORT_NOW, **NY).stdout  # fmt: skip
    # in the words every view uses: 33 and 19 business hours of 8-hour days
    assert "quote: met 0 of 2 (0%) · median 4.1 business days to keep · worst miss #3, 2.4" in table
    csv_rows = pk.ok("report", "--from", "2026-11-01", "--to", "2026-12-31", "--by", "standard",
                     "-f", "csv", now=REPORT_NOW, **NY).stdout.splitlines()  # fmt: skip
    assert csv_rows[0].endswith(",met,missed,met_rate,median_business_hours")
    assert csv_rows[4].startswith("standard,quote,") and csv_rows[4].endswith(",0,2,0.0000,33.0")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_publish_golden(pk: Pk, fmt: str) -> None:
    scenario(pk)
    page = pk.ok("standard", "publish", "--with-record", "-f", fmt, now=REPORT_NOW, **NY).stdout
    golden = GOLDEN / f"standards-publish.{'md' if fmt == 'markdown' else 'html'}"
    if os.environ.get("PK_UPDATE_GOLDEN"):
        golden.write_text(page)
    assert page == golden.read_text()
    if fmt == "html":
        assert "&lt;b&gt;Outages&lt;/b&gt; answered within 4 business hours &amp; more" in page
        assert "<b>" not in page
    else:
        assert "\\<b\\>Outages\\</b\\>" in page


def test_publish_without_record_and_json(pk: Pk) -> None:
    scenario(pk)
    plain = pk.ok("standard", "publish", now=REPORT_NOW, **NY).stdout
    assert "- **We call you back within one business day.**\n" in plain and "met in" not in plain
    data = pk.ok("standard", "publish", "--with-record", "-f", "json", now=REPORT_NOW, **NY).json()
    assert [s["name"] for s in data["standards"]] == ["callback", "fix", "quote"]
    # The record covers promises agreed for the last 90 days up to now: #3 (4 Dec) not yet.
    assert data["standards"][2]["record"]["met"] == 0
    assert data["standards"][2]["record"]["missed"] == 1


def test_list_show_edit_retire(pk: Pk) -> None:
    scenario(pk)
    listed = pk.ok("standard", "list", "-f", "json").json()
    assert [(s["name"], s["within"]) for s in listed] == [
        ("callback", "1 business day"),
        ("fix", "4 business hours"),
        ("quote", "3 business days"),
    ]
    shown = pk.ok("standard", "show", "quote", "-f", "json", now=REPORT_NOW, **NY).json()
    assert shown["promises"] == 2 and shown["record"]["median_business_hours"] == 33.0
    at(pk, REPORT_NOW, "standard", "edit", "quote", "--within", "2 business days")
    kept = pk.ok("promise", "show", "2", "-f", "json").json()
    assert kept["standard_due_at"] == "2026-11-27T14:00:00+00:00"  # made under the old time
    at(pk, REPORT_NOW, "standard", "retire", "fix")
    assert [s["name"] for s in pk.ok("standard", "list", "-f", "json").json()] == [
        "callback",
        "quote",
    ]
    assert len(pk.ok("standard", "list", "--all", "-f", "json").json()) == 3
    refused = pk("add", "x", "--to", "Acme", "--standard", "fix")
    assert refused.exit_code == 2
    assert refused.stderr == 'Error: The standard "fix" is retired; no new promise follows it.\n'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["standard", "add", "CALLBACK", "--within", "2 business days"],
         'A standard "callback" exists already; change it with `pk standard edit callback`.'),
        (["standard", "add", "later", "--within", "2 days"],
         '--within takes business days or hours from 1, such as "1 business day"'),
        (["standard", "add", "never", "--within", "0 business hours"],
         "--within takes business days or hours from 1"),
        (["add", "x", "--to", "Acme", "--standard", "calback"],
         'No standard "calback". Did you mean "callback"?'),
        (["add", "x", "--to", "Acme"], "Give --by WHEN (e.g. --by friday), --standard NAME, or"),
        (["standard", "edit", "quote"], "Give --name, --within or --text to change."),
        (["standard", "show", "nope"], 'No standard "nope".'),
        (["report", "--by", "standards"], '--by takes customer, owner or standard, not "st'),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(pk: Pk, args: list[str], message: str) -> None:
    scenario(pk)
    before = pk.snapshot()
    refused = pk(*args)
    assert refused.exit_code == 2, refused.stderr
    assert message in refused.stderr and refused.stderr.count("\n") == 1
    assert pk.snapshot() == before


def test_export_keeps_standards_and_customer_calendars(pk: Pk, tmp_path: Path) -> None:
    """Export versions 2 and later carry standards (retired too), each promise's standard and the
    deadline it gave, and customers' zones and calendars: restoring it and exporting again
    gives the same bytes, and the restored database measures the same."""
    scenario(pk)
    pk.ok("standard", "retire", "fix")
    pk.ok("customer", "set", "Globex", "--timezone", "Europe/Berlin", "--calendar", "DE/BY")
    exported = pk.ok("export").stdout
    data = json.loads(exported)
    assert data["promisekeeper_export"] == 7
    assert [(s["name"], s["within"], s["retired_at"] is not None) for s in data["standards"]] == [
        ("callback", "1 business day", False),
        ("quote", "3 business days", False),
        ("fix", "4 business hours", True),
    ]
    globex = next(c for c in data["customers"] if c["name"] == "Globex")
    assert (globex["timezone"], globex["calendar"]) == ("Europe/Berlin", "DE/BY")
    assert (data["promises"][2]["standard"], data["promises"][2]["standard_due_at"]) == (
        "quote",
        "2026-11-27T14:00:00+00:00",
    )
    source = tmp_path / "export.json"
    source.write_text(exported)
    restored = {"PK_DB": str(tmp_path / "restored.db")}
    pk.ok("import", str(source), **restored)
    assert pk.ok("export", **restored).stdout == exported
    args = (
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-31",
        "--by",
        "standard",
        "-f",
        "json",
    )
    assert (
        pk.ok(*args, now=REPORT_NOW, **NY, **restored).json()
        == pk.ok(*args, now=REPORT_NOW, **NY).json()
    )


def test_an_export_of_version_1_still_imports(pk: Pk, tmp_path: Path) -> None:
    source = tmp_path / "old.json"
    source.write_text(
        '{"promisekeeper_export": 1,\n "customers": [\n'
        '  {"name": "Acme", "created_at": "2026-11-02T09:00:00+00:00"}\n ],\n "promises": [\n'
        '  {"id": 1, "what": "Quote", "customer": "Acme", "owner": "dana", "status": "open",'
        ' "tags": [], "made_at": "2026-11-02T09:00:00+00:00",'
        ' "created_at": "2026-11-02T09:00:00+00:00", "due_at": "2026-11-27T17:00:00+00:00",'
        ' "original_due_at": "2026-11-27T17:00:00+00:00",'
        ' "baseline_due_at": "2026-11-27T17:00:00+00:00", "kept_at": null, "closed_at": null,'
        ' "deleted_at": null, "slips": 0, "slips_heads_up": 0, "history": [{"at":'
        ' "2026-11-02T09:00:00+00:00", "kind": "created", "by": "dana",'
        ' "due_at": "2026-11-27T17:00:00+00:00", "made_at": "2026-11-02T09:00:00+00:00"}]}\n'
        " ]\n}\n"
    )
    assert pk.ok("import", str(source)).stdout == "Imported 1 promise (1 new customer).\n"
    shown = pk.ok("promise", "show", "1", "-f", "json").json()
    assert (shown["customer"], shown["standard"]) == ("Acme", None)


def test_an_export_naming_an_unknown_standard_is_refused(pk: Pk, tmp_path: Path) -> None:
    scenario(pk)
    data = json.loads(pk.ok("export").stdout)
    data["promises"][0]["standard"] = "nope"
    data["customers"][0]["calendar"] = "Bavaria"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data))
    refused = pk("import", str(source), PK_DB=str(tmp_path / "new.db"))
    assert refused.exit_code == 2
    assert 'promise 1: standard "nope" is not in standards' in refused.stderr
    assert 'customer 1: calendar must be like "DE" or "DE/BY"' in refused.stderr
    assert not (tmp_path / "new.db").exists() or "Imported" not in refused.stdout


def test_publish_writes_a_file_as_every_html_writer_does(sqlite_pk: Pk, tmp_path: Path) -> None:
    sqlite_pk.ok("standard", "add", "callback", "--within", "4 business hours",
                 "--text", "We call you back")  # fmt: skip
    target = tmp_path / "sla.html"
    done = sqlite_pk.ok("standard", "publish", "--format", "html", "--out", str(target))
    assert done.stdout == "" and done.stderr == f"Wrote the standards page to {target}\n"
    assert "We call you back" in target.read_text()
    sqlite_pk.ok("standard", "publish", "--out", str(tmp_path / "sla.md"))  # markdown
    assert (tmp_path / "sla.md").read_text().startswith("# What you can expect from us")

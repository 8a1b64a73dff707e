"""Causes and lessons (docs/feedback.md): a slip or a break names why it happened and what we
learned; ``pk lessons`` counts the causes of a period's slips and breaks, worst first —
hand-worked, on both engines."""

from __future__ import annotations

import pytest
from tests.conftest import Pk

MADE = "2026-11-02T09:00:00+00:00"


def november(pk: Pk) -> None:
    """Four promises agreed for November. #1 (dana) slips twice for the vendor, once with a
    lesson; #2 (sam) slips once, underestimated, with a lesson; #3 (dana) slips without a cause
    and is then broken, capacity, with a lesson; #4 moves at the customer's request (no slip,
    not counted)."""
    for what, owner, by in (
        ("Quote", "dana", "2026-11-10"),
        ("Racks", "sam", "2026-11-12"),
        ("Audit", "dana", "2026-11-13"),
        ("Call", "dana", "2026-11-16"),
    ):
        pk.ok("add", what, "--to", "Acme", "--by", by, "--owner", owner, "--new-customer",
              now=MADE)  # fmt: skip
    at = "2026-11-09T09:00:00+00:00"
    pk.ok("slip", "1", "--by", "2026-11-17", "--cause", "vendor", now=at)
    pk.ok("slip", "1", "--by", "2026-11-24", "--cause", "Vendor", "--lesson",
          "order the parts a week earlier", now="2026-11-16T09:00:00+00:00")  # fmt: skip
    pk.ok("slip", "2", "--by", "2026-11-19", "--cause", "estimate", "--lesson",
          "racks take two days to assemble", now=at)  # fmt: skip
    pk.ok("slip", "3", "--by", "2026-11-20", now=at)
    pk.ok("promise", "break", "3", "--reason", "nobody free", "--cause", "capacity",
          "--lesson", "say no when the week is full", now="2026-11-19T09:00:00+00:00")  # fmt: skip
    pk.ok("slip", "4", "--by", "2026-11-30", "--customer-asked", now=at)


def test_the_lessons_of_november(pk: Pk) -> None:
    """5 slips and breaks: vendor 2 (40%), capacity 1 break (20%), estimate 1 (20%), no cause
    given 1 (20%); ties by name, "no cause given" last."""
    november(pk)
    data = pk.ok("lessons", "--month", "2026-11", "--all", "-f", "json",
                 now="2026-11-23T09:00:00+00:00").json()  # fmt: skip
    assert (data["slips"], data["breaks"]) == (4, 1)
    assert [(c["cause"], c["slips"], c["breaks"], c["share"]) for c in data["causes"]] == [
        ("vendor", 2, 0, 0.4),
        ("capacity", 0, 1, 0.2),
        ("estimate", 1, 0, 0.2),
        ("no cause given", 1, 0, 0.2),
    ]
    assert [(m["id"], m["kind"], m["lesson"]) for c in data["causes"] for m in c["lessons"]] == [
        (1, "slip", "order the parts a week earlier"),
        (3, "break", "say no when the week is full"),
        (2, "slip", "racks take two days to assemble"),
    ]
    by = pk.ok("lessons", "--month", "2026-11", "--all", "--by", "owner", "-f", "json",
               now="2026-11-23T09:00:00+00:00").json()["by"]  # fmt: skip
    assert [
        (g["key"], [(c["cause"], c["slips"] + c["breaks"]) for c in g["causes"]]) for g in by
    ] == [
        ("dana", [("vendor", 2), ("capacity", 1), ("no cause given", 1)]),
        ("sam", [("estimate", 1)]),
    ]
    table = pk.ok("lessons", "--month", "2026-11", "--all", now="2026-11-23T09:00:00+00:00")
    lines = table.stdout.splitlines()
    assert lines[0] == "November 2026 · 4 slips and 1 break"
    assert lines[1].split() == ["Cause", "Count", "Share"]
    assert lines[2].split() == ["vendor", "2", "slips", "40%"]
    assert 'vendor: #1 "order the parts a week earlier"' in table.stdout
    markdown = pk.ok("lessons", "--month", "2026-11", "--all", "-f", "markdown",
                     now="2026-11-23T09:00:00+00:00").stdout  # fmt: skip
    assert "| vendor | 2 slips | 40% |" in markdown
    assert '- **capacity**, #3 Audit: "say no when the week is full"' in markdown
    rows = pk.ok("lessons", "--month", "2026-11", "--all", "-f", "csv",
                 now="2026-11-23T09:00:00+00:00").stdout.splitlines()  # fmt: skip
    assert rows[0] == "scope,key,cause,slips,breaks,share,lessons"
    assert rows[1] == "total,,vendor,2,0,0.4000,#1: order the parts a week earlier"
    shown = pk.ok("promise", "show", "3", "-f", "json").json()["history"]
    assert (shown[-1]["kind"], shown[-1]["cause"]) == ("broken", "capacity")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["slip", "1", "--by", "2026-11-30", "--cause", "weather"],
         'customer-input, forgot, other, not "weather".'),
        (["slip", "1", "--by", "2026-11-30", "--customer-asked", "--cause", "vendor"],
         "A move the customer asked for is no slip: --cause and --lesson are for our slips."),
        (["promise", "break", "1", "--reason", "x", "--lesson", " "],
         "--lesson"),
    ],
)  # fmt: skip
def test_a_cause_is_one_of_the_setting(pk: Pk, args: list[str], error: str) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "2026-11-27", "--new-customer")
    before = pk.snapshot()
    refused = pk(*args)
    assert refused.exit_code == 2 and error in refused.stderr
    assert refused.stderr.count("\n") == 1 and pk.snapshot() == before


def test_the_causes_are_a_setting(pk: Pk) -> None:
    pk.ok("config", "set", "causes", "Weather, parts, other")
    pk.ok("add", "Quote", "--to", "Acme", "--by", "2026-11-27", "--new-customer")
    pk.ok("slip", "1", "--by", "2026-11-30", "--cause", "weather")
    refused = pk("slip", "1", "--by", "2026-12-01", "--cause", "vendor")
    assert 'one of weather, parts, other, not "vendor"' in refused.stderr
    bad = pk("config", "set", "causes", "two words, ok")
    assert bad.exit_code == 2 and "causes takes a list of short names" in bad.stderr


def test_a_heads_up_on_the_last_day_is_a_late_notice(pk: Pk) -> None:
    """Three promises due Fri 27 Nov 17:00, each slipped: #1 on Thu 26 Nov 09:00 (16 business
    hours before: in time), #2 on Fri 27 Nov 12:00 (5 business hours before: late notice, less
    than headsup.min's 1 business day), #3 on Mon 30 Nov (after: never). With headsup.min
    "4 business hours" #2 would have been in time."""
    for what in ("Quote", "Racks", "Audit"):
        pk.ok("add", what, "--to", "Acme", "--by", "2026-11-27", "--new-customer",
              now="2026-11-23T09:00:00+00:00")  # fmt: skip
    pk.ok("slip", "1", "--by", "2026-12-04", now="2026-11-26T09:00:00+00:00")
    pk.ok("slip", "2", "--by", "2026-12-04", now="2026-11-27T12:00:00+00:00")
    pk.ok("slip", "3", "--by", "2026-12-04", "--force", now="2026-11-30T09:00:00+00:00")
    later = "2026-12-01T09:00:00+00:00"
    history = pk.ok("promise", "show", "2", "-f", "json", now=later).json()["history"]
    assert history[-1]["notice"] == "late_notice"
    totals = pk.ok("report", "--month", "2026-11", "-f", "json", now=later).json()["totals"]
    assert (totals["slips"], totals["slips_with_heads_up"], totals["slips_told_in_time"]) == (
        3, 2, 1
    )  # fmt: skip
    table = " ".join(pk.ok("report", "--month", "2026-11", now=later).stdout.split())
    assert "Slips 3, 2 with a heads-up (67%), 1 on the last day" in table
    slips = pk.ok("slips", "--month", "2026-11", "-f", "json", now=later).json()
    assert slips["totals"]["late_notice"] == 1
    assert "3 slips, 2 with a heads-up (1 told on the last day)" in pk.ok(
        "slips", "--month", "2026-11", now=later).stdout  # fmt: skip
    statement = pk.ok("customer", "statement", "Acme", now=later).stdout
    assert "Racks: from Fri\u00a027\u00a0Nov to Fri\u00a04\u00a0Dec, our delay; we told you on " \
        "the last day, Fri\u00a027\u00a0Nov" in statement  # fmt: skip
    assert "Quote: from Fri\u00a027\u00a0Nov to Fri\u00a04\u00a0Dec, our delay; we told you on " \
        "Thu\u00a026\u00a0Nov" in statement  # fmt: skip
    pk.ok("config", "set", "headsup.min", "4 business hours")
    pk.ok("slip", "2", "--by", "2026-12-09", now="2026-12-04T12:00:00+00:00")
    history = pk.ok("promise", "show", "2", "-f", "json", now=later).json()["history"]
    assert history[-1]["notice"] == "in_time"
    assert "headsup.min takes business time" in pk("config", "set", "headsup.min", "soon").stderr

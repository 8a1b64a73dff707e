"""``pk escalations`` (docs/words.md, "Escalation"): overdue by ``escalate.overdue`` business
days, or slipped ``escalate.slips`` times; worst first. Worked out by hand, weekdays 09–17 UTC."""

from __future__ import annotations

import pytest
from tests.conftest import Pk

MON = "2026-11-23T09:00:00+00:00"


def seed(pk: Pk) -> None:
    pk.ok("add", "Old", "--to", "Acme", "--by", "2026-11-18", "--made", "2026-11-10")  # Wed
    pk.ok("add", "Recent", "--to", "Acme", "--by", "2026-11-20", "--made", "2026-11-10")  # Fri
    pk.ok("add", "Slippy", "--to", "Globex", "--by", "friday")
    pk.ok("slip", "3", "--by", "monday")
    pk.ok("slip", "3", "--by", "dec 2")
    pk.ok("add", "Sam's", "--to", "Acme", "--by", "2026-11-17", "--made", "2026-11-10",
          "--owner", "sam")  # fmt: skip
    pk.ok("promise", "note", "1", "called them", "--contacted", now="2026-11-20T10:00:00+00:00")


def test_who_is_escalated_and_why(pk: Pk) -> None:
    seed(pk)
    found = pk.ok("escalations", "-f", "json").json()
    assert [(e["id"], e["late_business_hours"], e["escalated_for"]) for e in found] == [
        (1, 16.0, ["overdue"]),  # Wed 17:00 → Mon 09:00: Thu 8 + Fri 8 hours
        (3, 0.0, ["slips"]),  # not due yet, slipped twice
    ]  # #2: Fri 17:00 → Mon 09:00 holds no working time: not escalated
    assert found[0]["last_contact_at"] == "2026-11-20T10:00:00+00:00"
    assert found[1]["last_contact_at"] is None
    everyone = pk.ok("escalations", "--all", "-f", "json").json()
    assert [e["id"] for e in everyone] == [4, 1, 3]  # Sam's: 24 hours late, worst first
    table = pk.ok("escalations", "--all").stdout
    assert "#4  Sam's" in table and "3 business days late" in table and "sam" in table
    assert table.rstrip().endswith("3 escalated promises")


def test_a_holiday_is_not_late(pk: Pk) -> None:
    """Due Wed 25 Nov 17:00: by Mon 30 09:00 that is Thu 8 + Fri 8 = 16 business hours on
    weekdays (escalated), but only Fri's 8 with Thanksgiving closed (not yet)."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "wednesday")
    monday = "2026-11-30T09:00:00+00:00"
    assert [e["id"] for e in pk.ok("escalations", "-f", "json", now=monday).json()] == [1]
    pk.ok("config", "set", "calendar.country", "US")
    assert pk.ok("escalations", "-f", "json", now=monday).json() == []
    assert pk.ok("escalations", "-f", "json", now="2026-12-01T09:00:00+00:00").json() != []


def test_thresholds_are_settings(pk: Pk) -> None:
    seed(pk)
    pk.ok("config", "set", "escalate.overdue", "3 business days")
    pk.ok("config", "set", "escalate.slips", "3")
    assert pk.ok("escalations", "--all", "-f", "json").json()[0]["id"] == 4  # 3 days: Sam's only
    assert len(pk.ok("escalations", "--all", "-f", "json").json()) == 1


def test_fail_if_any_and_pk_due_marks_them(pk: Pk) -> None:
    seed(pk)
    assert pk("escalations", "--fail-if-any").exit_code == 1
    assert pk("escalations", "--owner", "nobody", "--fail-if-any").exit_code == 0
    morning = pk.ok("due").stdout
    assert "5 days late · escalated" in morning  # #1
    assert "3 days late · escalated" not in morning  # #2 is late but not escalated
    markdown = pk.ok("due", "-f", "markdown").stdout
    assert "| overdue, escalated |" in markdown


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("escalate.overdue", "soon", "escalate.overdue takes business days from 1 to 365"),
        ("escalate.slips", "0", 'escalate.slips takes a whole number from 1 to 100, not "0"'),
    ],
)
def test_escalation_settings_are_checked(pk: Pk, setting: str, value: str, message: str) -> None:
    refused = pk("config", "set", setting, value)
    assert refused.exit_code == 2 and message in refused.stderr

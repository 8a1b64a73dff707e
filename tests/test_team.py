"""``pk team``: the lead's view of everyone's workload, worked out by hand (Mon 23 Nov 09:00,
working day 09–17 UTC)."""

from __future__ import annotations

from tests.conftest import Pk


def test_the_workload_of_each_person(pk: Pk) -> None:
    made = "2026-11-12T09:00:00+00:00"  # Thu: due Tue 17:00, 56 of its 72 hours used (78%)
    pk.ok("add", "Late", "--to", "Acme", "--by", "2026-11-20", "--made", "2026-11-10")  # dana
    pk.ok("add", "Today", "--to", "Acme", "--by", "today 16:00", "--made", "2026-11-23")
    pk.ok("add", "Risky", "--to", "Acme", "--by", "tuesday", "--made", made)
    pk.ok("add", "Slipped", "--to", "Acme", "--by", "friday", "--owner", "sam")
    pk.ok("slip", "4", "--by", "2026-12-04")
    pk.ok("add", "Wait", "--to", "Globex", "--by", "friday", "--owner", "sam")
    pk.ok("promise", "wait", "5")
    pk.ok("add", "Kept", "--to", "Globex", "--by", "friday", "--owner", "lee")
    pk.ok("keep", "6")
    rows = pk.ok("team", "-f", "json").json()
    assert rows == [
        {
            "owner": "dana",
            "open": 3,
            "overdue": 1,
            "today": 1,
            "at_risk": 1,
            "waiting": 0,
            "slipping": 0,
        },
        {
            "owner": "sam",
            "open": 2,
            "overdue": 0,
            "today": 0,
            "at_risk": 0,
            "waiting": 1,
            "slipping": 1,
        },
    ]  # fmt: skip  (lee has nothing open)
    table = pk.ok("team").stdout
    assert table.splitlines()[0].split() == [
        "Owner", "Open", "Overdue", "Today", "At", "risk", "Waiting", "Slipping"
    ]  # fmt: skip
    assert "| dana | 3 | 1 | 1 | 1 | 0 | 0 |" in pk.ok("team", "-f", "markdown").stdout
    assert pk.ok("team", "-f", "csv").stdout.startswith("owner,open,overdue,today,at_risk")

"""Flows as users type them: real subprocesses against a real database file.

One promise, in Berlin time: made Mon 23 Nov, due Friday; slipped with a heads-up, slipped again
after its due date, moved once at the customer's request, then kept. Every value below was worked
out by hand (Berlin is UTC+1 in November and December, so 17:00 local is 16:00 UTC).
"""

from __future__ import annotations

from tests.conftest import Pk

BERLIN = {"TZ": "Europe/Berlin"}
MADE = "2026-11-23T09:00:00+00:00"


def created(at: str = MADE) -> dict[str, object]:
    return {
        "at": at,
        "kind": "created",
        "by": "dana",
        "due_at": "2026-11-27T16:00:00+00:00",
        "made_at": MADE,
    }


def test_made_slipped_twice_moved_by_customer_and_kept(pk: Pk) -> None:
    add = pk.sh(
        "promise",
        "add",
        "Send the revised quote",
        "--to",
        "Acme",
        "--by",
        "friday",
        now=MADE,
        **BERLIN,
    )
    assert add.exit_code == 0, add.stderr
    assert add.stdout.splitlines()[:2] == [
        "Promised #1 to Acme — Send the revised quote",
        "  due Fri 27 Nov 17:00 · in 4 days",
    ]

    # Thu 26 Nov: moved to next Tuesday before it was due (a heads-up).
    first = pk.sh(
        "promise",
        "reschedule",
        "1",
        "--by",
        "next tuesday",
        "--reason",
        "waiting on pricing",
        now="2026-11-26T10:00:00+00:00",
        **BERLIN,
    )
    assert first.exit_code == 0, first.stderr
    assert "slip 1× · with a heads-up" in first.stdout

    # Wed 2 Dec: overdue since Tuesday 17:00.
    due = pk.sh("due", "--format", "json", now="2026-12-02T09:00:00+00:00", **BERLIN)
    assert due.exit_code == 0, due.stderr
    overdue_promise = {
        "id": 1,
        "what": "Send the revised quote",
        "customer": "Acme",
        "owner": "dana",
        "status": "open",
        "tags": [],
        "made_at": MADE,
        "due_at": "2026-12-01T16:00:00+00:00",
        "original_due_at": "2026-11-27T16:00:00+00:00",
        "baseline_due_at": "2026-11-27T16:00:00+00:00",
        "kept_at": None,
        "slips": 1,
        "overdue": True,
        "outcome": None,
        "standard": None,
        "standard_due_at": None,
        "standard_fit": None,
        "waiting": False,
        "waited_business_hours": 0.0,
        "update_every": None,
        "effort_stated": None,
        "effort_actual": None,
        "direction": "ours",
        "party": "Acme",
        "blocks": None,
        "needs": None,
        "plan_b": None,
        "every": None,
        "series": None,
    }
    assert due.json() == {
        "now": "2026-12-02T09:00:00+00:00",
        "overdue": [overdue_promise],
        "at_risk": [],
        "unanswered": [],
        "waiting": [],
        "update_owed": [],
        "today": [],
        "soon": [],
        "handed_over": [],
        "owed": [],
        "review_due": [],
    }

    # Same morning: slipped again, after the due date (no heads-up).
    second = pk.sh("slip", "1", "--by", "friday", now="2026-12-02T09:00:00+00:00", **BERLIN)
    assert "slip 2× · after the due date (no heads-up)" in second.stdout

    # Thu 3 Dec: the customer asks for the 10th. The agreed date (27 Nov) had passed: a warning.
    asked = pk.sh(
        "promise",
        "reschedule",
        "1",
        "--by",
        "dec 10",
        "--customer-asked",
        "--reason",
        "their board meets on the 10th",
        now="2026-12-03T09:00:00+00:00",
        **BERLIN,
    )
    assert asked.exit_code == 0, asked.stderr
    assert "agreed date had already passed" in asked.stdout

    # Tue 8 Dec 10:00 (Berlin): due Thu 10 Dec 17:00, not overdue, slipped twice. Made Mon 23 Nov
    # 10:00, it has used 88 of its 111 business hours (79% ≥ risk.at 75%): at risk, and shown
    # there rather than under soon.
    soon = pk.sh("due", "--format", "json", now="2026-12-08T09:00:00+00:00", **BERLIN).json()
    assert soon["overdue"] == [] and soon["today"] == [] and soon["soon"] == []
    assert soon["at_risk"] == [
        {
            **overdue_promise,
            "due_at": "2026-12-10T16:00:00+00:00",
            "baseline_due_at": "2026-12-10T16:00:00+00:00",
            "slips": 2,
            "overdue": False,
            "flag": None,  # nobody flagged it (docs/feedback.md)
            "risk_reasons": ["79% of its time used"],
        }
    ]

    kept = pk.sh("keep", "1", now="2026-12-09T15:00:00+00:00", **BERLIN)
    assert "on time" in kept.stdout

    shown = pk.sh(
        "promise", "show", "1", "--format", "json", now="2026-12-09T15:00:00+00:00", **BERLIN
    )
    assert shown.exit_code == 0, shown.stderr
    assert shown.json() == {
        "id": 1,
        "what": "Send the revised quote",
        "customer": "Acme",
        "owner": "dana",
        "status": "kept",
        "tags": [],
        "made_at": MADE,
        "due_at": "2026-12-10T16:00:00+00:00",
        "original_due_at": "2026-11-27T16:00:00+00:00",
        "baseline_due_at": "2026-12-10T16:00:00+00:00",
        "kept_at": "2026-12-09T15:00:00+00:00",
        "slips": 2,
        "overdue": False,
        "outcome": "kept_on_time",
        "standard": None,
        "standard_due_at": None,
        "standard_fit": None,
        "waiting": False,
        "waited_business_hours": 0.0,
        "update_every": None,
        "effort_stated": None,
        "effort_actual": None,
        "direction": "ours",
        "party": "Acme",
        "blocks": None,
        "needs": None,
        "plan_b": None,
        "every": None,
        "series": None,
        "deleted_at": None,
        "history": [
            created(),
            {
                "at": "2026-11-26T10:00:00+00:00",
                "kind": "rescheduled",
                "by": "dana",
                "from": "2026-11-27T16:00:00+00:00",
                "to": "2026-12-01T16:00:00+00:00",
                "reason": "waiting on pricing",
                "customer_asked": False,
                "slip": True,
                "heads_up": True,
                "notice": "in_time",  # Thu 26 Nov, more than a business day before
            },
            {
                "at": "2026-12-02T09:00:00+00:00",
                "kind": "rescheduled",
                "by": "dana",
                "from": "2026-12-01T16:00:00+00:00",
                "to": "2026-12-04T16:00:00+00:00",
                "reason": None,
                "customer_asked": False,
                "slip": True,
                "heads_up": False,
                "notice": "never",
            },
            {
                "at": "2026-12-03T09:00:00+00:00",
                "kind": "rescheduled",
                "by": "dana",
                "from": "2026-12-04T16:00:00+00:00",
                "to": "2026-12-10T16:00:00+00:00",
                "reason": "their board meets on the 10th",
                "customer_asked": True,
                "slip": False,
                "heads_up": False,
            },
            {
                "at": "2026-12-09T15:00:00+00:00",
                "kind": "kept",
                "by": "dana",
                "kept_at": "2026-12-09T15:00:00+00:00",
                "note": None,
            },
        ],
    }

    timeline = pk.sh("promise", "show", "1", now="2026-12-09T15:00:00+00:00", **BERLIN).stdout
    assert [line.rstrip() for line in timeline.splitlines()] == [
        "#1  Send the revised quote — Acme · owner dana · kept",
        "  due  Thu 10 Dec 17:00    first promised  Fri 27 Nov 17:00",
        "  slipped 2× (1 with a heads-up)",
        "  kept Wed 9 Dec 16:00 · on time",
        "",
        " Mon 23 Nov 10:00  created, due Fri 27 Nov 17:00",
        ' Thu 26 Nov 11:00  rescheduled Fri 27 Nov 17:00 → Tue 1 Dec 17:00 · slip, with a heads-up · "waiting',  # noqa: E501
        '                   on pricing"',
        " Wed 2 Dec 10:00   rescheduled Tue 1 Dec 17:00 → Fri 4 Dec 17:00 · slip, after the due date",  # noqa: E501
        ' Thu 3 Dec 10:00   rescheduled Fri 4 Dec 17:00 → Thu 10 Dec 17:00 · customer asked · "their board',  # noqa: E501
        '                   meets on the 10th"',
        " Wed 9 Dec 16:00   kept",
    ]


def test_a_bad_pk_now_is_an_input_error(pk: Pk) -> None:
    out = pk.sh("due", now="2026-11-23 09:00")
    assert out.exit_code == 2
    assert out.stderr == (
        'Error: PK_NOW="2026-11-23 09:00" needs a UTC offset, e.g. 2026-11-23T09:00:00+01:00.\n'
    )

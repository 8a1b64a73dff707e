"""The customer's side, worked out by hand (docs/feedback.md): six promises to three customers,
asked, answered by mail in several real-client shapes and once by phone, slips with causes and
lessons (one told on the last day), a review held and one due, a customer quiet after a miss —
and every figure of pk report, pk lessons, pk slips, pk escalations and pk due as computed here,
on SQLite and PostgreSQL.

Made Mon 16 Nov 2026 09:00 (UTC, Mon–Fri 09:00–17:00):

| # | customer | agreed   | what happened                                        | verdict       |
|---|----------|----------|------------------------------------------------------|---------------|
| 1 | Acme     | Wed 18   | kept Wed 18 12:00 (on time)                          | no (disputed) |
| 2 | Acme     | Thu 19   | slipped Thu 19 12:00 → Fri 20 (5 h before: late      | auto-reply    |
|   |          |          | notice; capacity), kept Fri 20 16:00 (late)          |               |
| 3 | Globex   | Fri 20   | slipped Tue 17 → Tue 24 (in time; vendor), kept 24th | yes (twice)   |
| 4 | Globex   | Mon 23   | broken Mon 23 10:00 (estimate)                       | wrong token;  |
|   |          |          |                                                      | kept by phone |
|   |          |          |                                                      | (disputed)    |
| 5 | Initech  | Wed 25   | kept Wed 25 09:00 (on time)                          | yes           |
| 6 | Initech  | Thu 26   | kept Fri 27 15:00 (late), after Initech's last word  | not asked     |
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.test_feedback import reply

NOW = "2026-11-30T09:00:00+00:00"


def at(pk: Pk, when: str, *args: str) -> None:
    pk.ok(*args, now=f"2026-{when}:00+00:00")


def november(pk: Pk, tmp: Path) -> None:
    pk.ok("config", "set", "user.email", "dana@northwind.example")
    for customer, address in (("Acme", "ana"), ("Globex", "gil"), ("Initech", "ian")):
        pk.ok("customer", "set", customer, "--email", f"{address}@{customer.lower()}.example",
              "--new-customer", now="2026-08-03T09:00:00+00:00")  # fmt: skip
    pk.ok("customer", "set", "Acme", "--review", "every month", now="2026-08-03T09:00:00+00:00")
    pk.ok("customer", "set", "Initech", "--review", "every 3 months",
          now="2026-09-01T09:00:00+00:00")  # fmt: skip
    for what, customer, by in (
        ("Quote", "Acme", "18"),
        ("Licences", "Acme", "19"),
        ("Racks", "Globex", "20"),
        ("Audit", "Globex", "23"),
        ("Training", "Initech", "25"),
        ("Roadmap", "Initech", "26"),
    ):
        at(pk, "11-16T09:00", "add", what, "--to", customer, "--by", f"2026-11-{by}")  # fmt: skip
    at(pk, "11-17T09:00", "slip", "3", "--by", "2026-11-24", "--cause", "vendor",
       "--lesson", "order the racks a week earlier")  # fmt: skip
    at(pk, "11-18T12:00", "keep", "1")
    at(pk, "11-19T12:00", "slip", "2", "--by", "2026-11-20", "--cause", "capacity",
       "--lesson", "plan the week on Monday")  # fmt: skip
    at(pk, "11-20T16:00", "keep", "2")
    at(pk, "11-23T10:00", "promise", "break", "4", "--reason", "scope too big",
       "--cause", "estimate")  # fmt: skip
    at(pk, "11-24T10:00", "keep", "3")
    at(pk, "11-25T09:00", "keep", "5")
    at(pk, "11-25T12:00", "feedback", "ask", "1", "2", "3", "4", "5", "--out", str(tmp / "out"))
    at(pk, "11-26T09:00", "customer", "review", "Initech", "--done")
    import email
    from email import policy

    q = {
        n: email.message_from_bytes(
            (tmp / "out" / f"ask-{n}.eml").read_bytes(), policy=policy.default
        )
        for n in range(1, 6)
    }
    inbox = tmp / "inbox"
    inbox.mkdir()
    (inbox / "1.eml").write_bytes(reply(q[1], "No - the prices were the old ones.\n"))
    (inbox / "2.eml").write_bytes(
        reply(q[2], "Out of office until Monday.\n", message_id="<away@acme.example>",
              subject_prefix="Automatic reply: ", headers="Auto-Submitted: auto-replied\n")
    )  # fmt: skip
    (inbox / "3.eml").write_bytes(
        reply(q[3], "Yes, thanks!\n\nOn Wed, Dana wrote:\n> Did we keep",
              sender="gil@globex.example", message_id="<r3@globex.example>")
    )  # fmt: skip
    (inbox / "3-again.eml").write_bytes((inbox / "3.eml").read_bytes())
    token = q[4]["Subject"][-11:-1].encode()  # the subject ends "[pk#4-TOKEN]"
    (inbox / "4.eml").write_bytes(
        reply(q[4], "yes\n", sender="gil@globex.example", message_id="<r4@globex.example>")
        .replace(token, b"AAAAAAAAAA")
    )  # fmt: skip
    (inbox / "5.eml").write_bytes(
        reply(q[5], "Yes.\n", sender="ian@initech.example", message_id="<r5@initech.example>")
    )
    read = pk.ok("feedback", "read", *sorted(str(p) for p in inbox.iterdir()),
                 now="2026-11-27T10:00:00+00:00").stdout  # fmt: skip
    assert read.endswith("Recorded 3 of 6 messages; 3 skipped.\n"), read
    at(pk, "11-27T11:00", "feedback", "record", "4", "--kept", "--text", "good enough for us")
    at(pk, "11-27T15:00", "keep", "6")


def test_every_figure_as_worked_out(pk: Pk, tmp_path: Path) -> None:
    november(pk, tmp_path)
    report = pk.ok("report", "--month", "2026-11", "--all", "--by", "customer", "-f", "json",
                   now=NOW).json()  # fmt: skip
    totals = report["totals"]
    assert (totals["due"], totals["kept_on_time"], totals["kept_late"], totals["broken"]) == (
        6, 2, 3, 1
    )  # fmt: skip
    assert (totals["slips"], totals["slips_with_heads_up"], totals["slips_told_in_time"]) == (
        2, 2, 1
    )  # fmt: skip
    assert totals["feedback"] == {
        "asked": 5, "answered": 4, "said_kept": 3, "said_not_kept": 1,
        "customer_kept_rate": 0.75, "our_kept_rate_answered": 0.5, "gap": -0.25,
        "disputed": 2,
    }  # fmt: skip
    by = {g["key"]: g["feedback"] for g in report["by"]}
    assert by["Acme"] == {
        "asked": 2, "answered": 1, "said_kept": 0, "said_not_kept": 1,
        "customer_kept_rate": 0.0, "our_kept_rate_answered": 1.0, "gap": 1.0, "disputed": 1,
    }  # fmt: skip
    assert by["Globex"] == {
        "asked": 2, "answered": 2, "said_kept": 2, "said_not_kept": 0,
        "customer_kept_rate": 1.0, "our_kept_rate_answered": 0.0, "gap": -1.0, "disputed": 1,
    }  # fmt: skip
    assert by["Initech"] == {
        "asked": 1, "answered": 1, "said_kept": 1, "said_not_kept": 0,
        "customer_kept_rate": 1.0, "our_kept_rate_answered": 1.0, "gap": 0.0, "disputed": 0,
    }  # fmt: skip
    lessons = pk.ok("lessons", "--month", "2026-11", "--all", "-f", "json", now=NOW).json()
    assert [(c["cause"], c["slips"], c["breaks"]) for c in lessons["causes"]] == [
        ("capacity", 1, 0), ("estimate", 0, 1), ("vendor", 1, 0),
    ]  # fmt: skip
    assert [m["lesson"] for c in lessons["causes"] for m in c["lessons"]] == [
        "plan the week on Monday", "order the racks a week earlier",
    ]  # fmt: skip
    slips = pk.ok("slips", "--month", "2026-11", "--all", "-f", "json", now=NOW).json()
    assert slips["totals"] == {
        "moves": 2, "slips": 2, "heads_up": 2, "late_notice": 1, "untold": 0, "moved_often": 0
    }  # fmt: skip
    escalations = pk.ok("escalations", "--all", "-f", "json", now=NOW).json()
    assert [(e["id"], e["customer"], e["escalated_for"]) for e in escalations] == [
        (6, "Initech", ["quiet"])
    ]
    due = pk.ok("due", "--all", "-f", "json", now=NOW).json()
    assert due["review_due"] == [
        {"customer": "Acme", "last_review": None, "due_since": "2026-09-03T09:00:00+00:00"}
    ]
    disputed = pk.ok("feedback", "list", "--disputed", "-f", "json", now=NOW).json()
    assert sorted((v["id"], v["verdict"], v["text"]) for v in disputed) == [
        (1, "not_kept", "the prices were the old ones."),
        (4, "kept", "good enough for us"),
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_review_with_the_customers_verdicts_in_a_browser(
    sqlite_pk: Pk, tmp_path: Path, width: int
) -> None:
    """The HTML review of November, read by Chromium at a laptop's and a phone's width: the
    gap and the disputes are on the page, nothing scrolls sideways, and every figure of the
    sentence is the JSON's."""
    import re

    from tests.browser import look

    pk = sqlite_pk
    november(pk, tmp_path)
    page = tmp_path / "review.html"
    pk.ok("report", "--month", "2026-11", "--all", "--by", "customer", "-f", "html",
          "--out", str(page), now=NOW)  # fmt: skip
    html = page.read_text()
    figures = dict(re.findall(r'data-figure="(feedback_[a-z_]+|[a-z_]+_answered)">([^<]*)<', html))
    assert figures == {
        "feedback_answered": "4", "feedback_asked": "5", "our_kept_rate_answered": "50%",
        "feedback_gap": "-25", "feedback_disputed": "2",
    }  # fmt: skip
    seen = look(page, width, tmp_path / f"review-{width}.png")
    assert seen["scroll_width"] <= seen["inner_width"] == width
    text = " ".join(seen["text"].split())
    assert "Customers answered 4 of 5 asked: we say 50% · customer says 75% · gap -25 points" \
        " · 2 disputed" in text  # fmt: skip
    assert "Disputed by the customer" in text and "good enough for us" in text
    assert "What customers said, by customer" in text

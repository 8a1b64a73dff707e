"""Candid reviews (docs/feedback.md): a review rhythm per customer, "Review due" in the morning
view, the review pack a person goes through with the customer (markdown, and HTML in a real
browser at a laptop's and a phone's width), and the review recorded as held."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.browser import look
from tests.conftest import Pk
from tests.test_feedback import asked, reply, scene

AUG = "2026-08-03T09:00:00+00:00"  # a Monday
MON = "2026-11-23T09:00:00+00:00"


def test_a_review_falls_due_a_rhythm_after_the_last(pk: Pk) -> None:
    """Acme reviewed every 3 months from Mon 3 Aug: due since Tue 3 Nov 09:00, shown on Mon
    23 Nov; held then, the next is due Tue 23 Feb 2027. Globex every 10 business days from
    Mon 9 Nov: due since Mon 23 Nov 09:00."""
    pk.ok("add", "Quote", "--to", "Acme", "--by", "2026-11-27", "--new-customer", now=AUG)
    pk.ok("add", "Call", "--to", "Globex", "--by", "2026-11-30", "--new-customer", now=AUG)
    said = pk.ok("customer", "set", "Acme", "--review", "Every 3 Months", now=AUG).stdout
    assert said == "Acme: reviewed every 3 months.\n"
    pk.ok("customer", "set", "Globex", "--review", "every 10 business days",
          now="2026-11-09T09:00:00+00:00")  # fmt: skip
    due = pk.ok("due", "--days", "7", now=MON)
    data = pk.ok("due", "-f", "json", now=MON).json()
    assert data["review_due"] == [
        {"customer": "Acme", "last_review": None, "due_since": "2026-11-03T09:00:00+00:00"},
        {"customer": "Globex", "last_review": None, "due_since": "2026-11-23T09:00:00+00:00"},
    ]
    assert "Review due · 2\n  Acme · every 3 months · never reviewed · due since Tue 3 Nov 09:00" \
        in due.stdout  # fmt: skip
    assert due.stdout.rstrip().endswith("2 at risk · 2 review due · 0 today · 0 soon")
    done = pk.ok("customer", "review", "acme", "--done", "--note", "went through it all", now=MON)
    assert done.stdout == (
        "Reviewed Acme; every 3 months: the next is due Tue 23 Feb 2027 09:00.\n"
    )
    after = pk.ok("due", "-f", "json", now=MON).json()["review_due"]
    assert [r["customer"] for r in after] == ["Globex"]
    later = pk.ok("due", "-f", "json", now="2027-02-23T09:00:00+00:00").json()["review_due"]
    assert [r["customer"] for r in later] == ["Globex", "Acme"]  # longest due first
    assert later[1] == {
        "customer": "Acme",
        "last_review": "2026-11-23T09:00:00+00:00",
        "due_since": "2027-02-23T09:00:00+00:00",
    }
    pk.ok("customer", "set", "Globex", "--review", "none")
    assert [r["customer"] for r in pk.ok("due", "-f", "json", now=MON).json()["review_due"]] == []


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["customer", "set", "Acme", "--review", "sometimes"], "--review takes a rhythm such as"),
        (["customer", "review", "Acme", "--note", "x"], "--note goes with --done."),
        (["customer", "review", "Nobody", "--done"], "Nobody"),
    ],
)
def test_review_input_is_checked(pk: Pk, args: list[str], error: str) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    before = pk.snapshot()
    refused = pk(*args)
    assert refused.exit_code == 2 and error in refused.stderr
    assert refused.stderr.count("\n") == 1 and pk.snapshot() == before


def review_scene(pk: Pk, tmp_path: Path) -> None:
    """The feedback scene, plus a slip with its cause and lesson, and a verdict."""
    scene(pk)
    pk.ok("customer", "set", "Acme", "--review", "every 3 months", now=AUG)
    pk.ok("slip", "3", "--by", "2026-11-27", "--cause", "capacity", "--lesson",
          "book the security team a week ahead", now="2026-11-20T09:00:00+00:00")  # fmt: skip
    q = asked(pk, tmp_path / "outbox", "1")
    (tmp_path / "r.eml").write_bytes(reply(q[1], "No - the prices were old.\n"))
    pk.ok("feedback", "read", str(tmp_path / "r.eml"))


def test_the_review_pack(pk: Pk, tmp_path: Path) -> None:
    review_scene(pk, tmp_path)
    text = pk.ok("customer", "review", "Acme", now=MON).stdout
    assert text.startswith("# Review with Acme\n\nFrom Dana Scully (dana@northwind.example), "
                           "Northwind.\n")  # fmt: skip
    assert "Since Mon 3 Aug 09:00 (our first review)" in text
    sections = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert sections == [
        "Our record", "What moved and why", "What we learned", "What you told us", "Delivered",
        "Dates that moved", "Coming next",
    ]  # fmt: skip
    assert "- 67% kept on time as agreed (2 of 3)" in text or "kept on time as agreed" in text
    assert "- capacity: 1 slip (100%)" in text
    assert '- capacity, #3 Security questionnaire: "book the security team a week ahead"' in text
    assert '- #1 Send the revised quote: you said not kept — "the prices were old." (our record ' \
        "says otherwise: disputed)" in text  # fmt: skip
    out = tmp_path / "acme-review.html"
    pk.ok("customer", "review", "Acme", "-f", "html", "--out", str(out), now=MON)
    page = out.read_text()
    assert page.startswith("<!doctype html>") and "<h2>What you told us</h2>" in page


@pytest.mark.parametrize("width", [1280, 390])
def test_the_review_pack_in_a_real_browser(sqlite_pk: Pk, tmp_path: Path, width: int) -> None:
    pk = sqlite_pk
    review_scene(pk, tmp_path)
    pk.ok("customer", "set", "Acme <b>Corp</b>", "--new-customer")
    page = tmp_path / "pack.html"
    pk.ok("customer", "review", "Acme", "-f", "html", "--out", str(page), now=MON)
    seen = look(page, width, tmp_path / f"pack-{width}.png")
    assert seen["scroll_width"] <= seen["inner_width"] == width
    assert seen["scripts_run"] == 0
    assert "What you told us" in seen["text"] and "the prices were old." in seen["text"]


def test_a_customer_quiet_after_a_miss(pk: Pk) -> None:
    """#2 was kept late (recorded Mon 23 Nov): Acme heard nothing from us since, so pk
    escalations lists it as quiet after a miss — until a contact is noted, and not once
    quiet.after (10 business days) has passed."""
    scene(pk)
    found = pk.ok("escalations", "-f", "json", now=MON).json()
    assert [(e["id"], e["escalated_for"], e["last_contact_at"]) for e in found] == [
        (2, ["quiet"], None)
    ]
    table = pk.ok("escalations", now=MON).stdout
    assert "quiet after a miss" in table and table.rstrip().endswith(
        "0 escalated promises · 1 customer quiet after a miss"
    )
    later = pk.ok("escalations", "-f", "json", now="2026-12-08T09:00:00+00:00").json()
    assert [e["id"] for e in later if "quiet" in e["escalated_for"]] == []  # 11 business days
    pk.ok("promise", "note", "2", "Called to say sorry", "--contacted",
          now="2026-11-24T09:00:00+00:00")  # fmt: skip
    heard = pk.ok("escalations", "-f", "json", now="2026-11-24T10:00:00+00:00").json()
    assert [e["id"] for e in heard if "quiet" in e["escalated_for"]] == []


def test_a_review_due_is_reminded_once(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "2026-11-27", "--new-customer", now=AUG)
    pk.ok("customer", "set", "Acme", "--review", "every 3 months", now=AUG)
    first = pk.ok("remind", now=MON).stdout
    assert "Review due: Acme (every 3 months), due since Tue 3 Nov 09:00\n" in first
    assert "Review due" not in pk.ok("remind", now="2026-11-23T10:00:00+00:00").stdout
    pk.ok("customer", "review", "Acme", "--done", now=MON)
    later = pk.ok("remind", now="2027-02-24T09:00:00+00:00").stdout
    assert "Review due: Acme (every 3 months), due since Tue 23 Feb 09:00" in later


def test_reviews_travel_with_the_export(pk: Pk, tmp_path: Path) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "2026-11-27", "--new-customer", now=AUG)
    pk.ok("customer", "set", "Acme", "--review", "every 3 months", now=AUG)
    pk.ok("customer", "review", "Acme", "--done", "--note", "all good", now=MON)
    dump = tmp_path / "all.json"
    pk.ok("export", "--out", str(dump))
    assert '"review_every": "every 3 months"' in dump.read_text()
    assert '"reviews": [{"at": "2026-11-23T09:00:00+00:00", "by": "dana", "note": "all good"}]' \
        in dump.read_text()  # fmt: skip
    fresh = Pk(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    fresh.ok("import", str(dump))
    again = tmp_path / "again.json"
    fresh.ok("export", "--out", str(again))
    assert again.read_bytes() == dump.read_bytes()
    later = "2027-02-24T09:00:00+00:00"
    assert (
        fresh.ok("due", "-f", "json", now=later).json()["review_due"]
        == pk.ok("due", "-f", "json", now=later).json()["review_due"]
        != []
    )

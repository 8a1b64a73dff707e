"""Review and communication (docs/review.md): the slip report, the customer statement and the
HTML review, on the October scenario of test_report.py, worked out by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.browser import look
from tests.conftest import Pk
from tests.test_report import OCT_NOW, at, check_golden, october

HOSTILE = "<script>window.__hostile_ran=1</script><b>Bold</b> \u202eevil"


def slipped_october(pk: Pk) -> None:
    """October, plus: a contact on J (due Sat 31 Oct 23:30) before its date, so its slip on
    2 Nov was told; H (due 30 Oct) moved twice: Tue 27 Oct to Mon 2 Nov with a heads-up, then
    Tue 3 Nov to Mon 9 Nov with neither a heads-up nor a contact."""
    october(pk)
    at(pk, "2026-10-28T10:00:00+00:00", "promise", "note", "10", "Next week", "--contacted")
    at(pk, "2026-10-27T09:00:00+00:00", "slip", "8", "--by", "2026-11-02")
    at(pk, "2026-11-03T09:00:00+00:00", "slip", "8", "--by", "2026-11-09", "--reason", "backlog")


def test_the_slip_report_of_october(pk: Pk) -> None:
    """October's promises moved: B once (heads-up), C once (no heads-up, no contact), J once
    (no heads-up, but a contact before its date), H twice (a heads-up; then nothing). D moved
    at the customer's request into November: not October's. K is deleted."""
    slipped_october(pk)
    data = pk.ok("slips", "--month", "2026-10", "--by", "customer", "-f", "json", now=OCT_NOW)
    data = data.json()
    assert data["totals"] == {
        "moves": 5, "slips": 5, "heads_up": 2, "late_notice": 0, "untold": 2, "moved_often": 1
    }  # fmt: skip
    assert [(g["key"], g["moves"], g["untold"], g["moved_often"]) for g in data["by"]] == [
        ("Acme", 2, 1, 0),
        ("Initech", 3, 1, 1),
    ]
    assert [(m["id"], m["moves"], m["slips"]) for m in data["moved_often"]] == [(8, 2, 2)]
    assert [(m["id"], m["from"], m["reason"]) for m in data["never_told"]] == [
        (3, "2026-10-20T17:00:00+00:00", None),
        (8, "2026-11-02T17:00:00+00:00", "backlog"),
    ]
    report = pk.ok("report", "--month", "2026-10", "-f", "json", now=OCT_NOW).json()["totals"]
    assert (report["slips"], report["slips_with_heads_up"]) == (5, 2)  # the same promises
    markdown = pk.ok("slips", "--month", "2026-10", "-f", "markdown", now=OCT_NOW).stdout
    check_golden("slips-october.md", markdown)
    table = pk.ok("slips", "--month", "2026-10", now=OCT_NOW).stdout
    assert "5 moves · 5 slips, 2 with a heads-up · 2 never told" in table
    rows = pk.ok("slips", "--month", "2026-10", "-f", "csv", now=OCT_NOW).stdout.splitlines()
    assert len(rows) == 6 and rows[0].startswith("id,what,customer,owner,at,by,from,to")


def test_the_customer_statement(pk: Pk) -> None:
    """Initech, as of 5 Nov, since 1 Oct: I delivered late, D on time (at the date they asked
    for), J moved by us without a word, H late and still open; J waits on their order form."""
    october(pk)
    at(
        pk,
        "2026-11-04T12:00:00+00:00",
        "promise",
        "wait",
        "10",
        "--reason",
        "the signed order form",
    )
    text = pk.ok("customer", "statement", "Initech", "--since", "2026-10-01", now=OCT_NOW).stdout
    check_golden("statement-initech.md", text)
    assert "dana" not in text
    owners = pk.ok("customer", "statement", "Initech", "--with-owners", now=OCT_NOW).stdout
    assert "(dana)" in owners
    page = pk.ok("customer", "statement", "Initech", "-f", "html", now=OCT_NOW).stdout
    assert page.startswith("<!doctype html>") and "Waiting on you" in page
    assert "we need the signed order form" in page


def test_a_statement_of_an_unknown_customer_is_one_line(pk: Pk) -> None:
    october(pk)
    refused = pk("customer", "statement", "Initek", now=OCT_NOW)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1 and "Initek" in refused.stderr


def _figures_in(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r'data-figure="([a-z_]+)">([^<]*)<', page):
        found.setdefault(key, []).append(value)
    return found


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{int(rate * 100 + 0.5)}%"  # as every view rounds


def test_every_number_of_the_html_review_is_its_json(pk: Pk, tmp_path: Path) -> None:
    october(pk)
    args = ("report", "--month", "2026-10", "--by", "customer")
    data = pk.ok(*args, "-f", "json", now=OCT_NOW).json()
    page = pk.ok(*args, "-f", "html", now=OCT_NOW).stdout
    shown = _figures_in(page)
    totals = data["totals"]
    for key in ("due", "cancelled", "kept_late", "broken", "open_late", "open_pending",
                "slips", "slips_with_heads_up"):  # fmt: skip
        assert shown[key][0] == str(totals[key]), key
    assert shown["kept_rate"][0] == _percent(totals["kept_rate"])
    assert shown["kept_rate_final"][0] == _percent(totals["kept_rate_final"])
    assert totals["median_days_late"] == pytest.approx(2.79, abs=0.005)
    assert shown["median_days_late"] == ["2.8 days"]  # in the words of every view
    by_key = {g["key"]: g for g in data["by"]}
    rows = re.findall(r'<tr data-key="([^"]+)">(.*?)</tr>', page, re.S)
    assert [key for key, _ in rows] == ["Hooli", "Initech", "Acme"]  # worst first
    for key, row in rows:
        cells = _figures_in(row)
        for name in ("due", "kept_on_time", "kept_late", "broken", "open_late"):
            assert cells[name] == [str(by_key[key][name])], (key, name)
        assert cells["kept_rate"] == [_percent(by_key[key]["kept_rate"])]
    chart = dict(re.findall(r'data-trend="([^"]+)">([^<]*)<', page))
    assert chart == {  # from the first period with a promise: October (JSON has all six)
        t["label"]: "no promises" if t["kept_rate"] is None else _percent(t["kept_rate"])
        for t in data["trend"]
        if t["label"] >= "2026-10"
    }
    assert len(data["trend"]) == 6
    normal = re.sub(r"\s+\n", "\n", page)
    check_golden("report-october.html", normal)


def test_the_html_review_is_written_to_a_file_and_never_over_the_database(
    pk: Pk, tmp_path: Path
) -> None:
    october(pk)
    out = tmp_path / "review.html"
    done = pk.ok("report", "--month", "2026-10", "-f", "html", "--out", str(out), now=OCT_NOW)
    assert done.stdout == "" and out.read_text().startswith("<!doctype html>")
    assert "review.html" in done.stderr
    if pk.engine == "sqlite":
        before = pk.snapshot()
        refused = pk("report", "-f", "html", "--out", str(pk.db), now=OCT_NOW)
        assert refused.exit_code == 2 and pk.snapshot() == before
    wrong = pk("report", "--out", str(out), now=OCT_NOW)  # a table is for the terminal
    assert wrong.exit_code == 2 and "--out" in wrong.stderr


@pytest.mark.parametrize("width", [390, 1280])
def test_the_review_in_a_real_browser(sqlite_pk: Pk, tmp_path: Path, width: int) -> None:
    """Rendered by Chromium at a phone's and a laptop's width: no horizontal scrolling, the
    chart with its values, and a hostile customer name shown as text (its script never runs)."""
    pk = sqlite_pk
    october(pk)
    at(pk, "2026-10-01T09:00:00+00:00", "add", "Z", "--to", HOSTILE, "--by", "2026-10-09")
    page = tmp_path / "review.html"
    pk.ok("report", "--month", "2026-10", "--by", "customer", "-f", "html", "--out", str(page),
          now=OCT_NOW)  # fmt: skip
    shot = tmp_path / f"review-{width}.png"
    seen = look(page, width, shot)
    assert seen["scroll_width"] <= seen["inner_width"] == width
    assert seen["scripts_run"] == 0
    assert "<script>window.__hostile_ran=1</script><b>Bold</b>" in seen["text"]
    assert seen["bars"] == 1 and seen["chart_values"][-1] == "11%"
    assert shot.stat().st_size > 10_000


def test_the_statement_in_a_real_browser(sqlite_pk: Pk, tmp_path: Path) -> None:
    pk = sqlite_pk
    pk.ok("add", "Quote", "--to", HOSTILE, "--by", "friday")
    page = tmp_path / "statement.html"
    page.write_text(pk.ok("customer", "statement", HOSTILE, "-f", "html").stdout)
    seen = look(page, 390)
    assert seen["scroll_width"] <= seen["inner_width"] and seen["scripts_run"] == 0
    assert "Our commitments to <script>" in seen["text"]


def test_one_vocabulary_in_every_format(pk: Pk) -> None:
    """The same figures read the same on the terminal, in markdown and in the HTML review:
    "2×" not "2 times", "2.8 days" not "2.79 days", business time in the words of
    ``business_span``, and no run of empty trend periods before the first promise."""
    october(pk)
    at(pk, "2026-10-05T09:00:00+00:00", "add", "W", "--to", "Acme", "--by", "2026-10-16")
    at(pk, "2026-10-06T09:00:00+00:00", "promise", "wait", "12", "--reason", "the logs")
    at(pk, "2026-10-07T13:00:00+00:00", "promise", "resume", "12")
    at(pk, "2026-10-08T09:00:00+00:00", "keep", "12")
    args = ("report", "--month", "2026-10")
    table = " ".join(pk.ok(*args, now=OCT_NOW).stdout.split())
    markdown = pk.ok(*args, "-f", "markdown", now=OCT_NOW).stdout
    page = pk.ok(*args, "-f", "html", now=OCT_NOW).stdout
    html = " ".join(re.sub(r"<[^>]+>", "", page).split())
    for said in (
        "Slips 3, 1 with a heads-up (33%) · median lateness 2.8 days",
        "Waited on customers 1× · 1.5 business days (dates moved by waiting, not slips)",
    ):
        assert said in table and said in markdown and said in html, said
    for shown in (table, markdown, html):
        assert " times" not in shown and "2.79" not in shown
        assert "2026-09" not in shown and "Sep " not in shown  # no empty periods before October


def test_a_statement_says_who_it_is_from_and_keeps_dates_whole(pk: Pk) -> None:
    """The sender from the settings atop the statement (markdown and HTML); without them no
    line (and no owner's login name); every date held together by non-breaking spaces."""
    october(pk)
    plain = pk.ok("customer", "statement", "Initech", now=OCT_NOW).stdout
    assert "From " not in plain and "dana" not in plain
    pk.ok("config", "set", "user.name", "Dana Scully")
    pk.ok("config", "set", "user.email", "dana@northwind.example")
    pk.ok("config", "set", "company.name", "Northwind <Services>")
    text = pk.ok("customer", "statement", "Initech", now=OCT_NOW).stdout
    assert text.splitlines()[2] == (
        "From Dana Scully (dana@northwind.example), Northwind \\<Services\\>."
    )
    page = pk.ok("customer", "statement", "Initech", "-f", "html", now=OCT_NOW).stdout
    assert '<p class="from">From Dana Scully (dana@northwind.example), Northwind ' \
        "&lt;Services&gt;.</p>" in page  # fmt: skip
    assert "Thursday\u00a05\u00a0November\u00a02026" in text
    dates = re.findall(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\W\d{1,2}\W[A-Z][a-z]{2}", text + page)
    assert dates and all(" " not in date for date in dates), dates
    refused = pk("config", "set", "user.email", "dana at northwind")
    assert refused.exit_code == 2 and "user.email takes an address" in refused.stderr

"""Moving in (docs/team.md): a personal database with slips, notes and an undo merged into a team
database that already has data — every event and figure kept, checked against the personal
database's own report; near customer names joined only as --map says; merging again adds
nothing; --dry-run writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Pk
from tests.test_report import OCT_NOW, at, october

REPORT = ("report", "--month", "last", "--by", "customer", "-f", "json")
JOINED = {"Acme": "Acme", "Hooli": "hooli", "Initech": "Initech Inc"}


def _personal(tmp_path: Path) -> tuple[Pk, Path]:
    """Dana's own SQLite database: October's scenario, a note, a contact and an undo."""
    home = tmp_path / "personal"
    home.mkdir()
    personal = Pk(home)
    october(personal)
    at(personal, "2026-10-20T10:00:00+00:00", "promise", "note", "8", "Asked for the specs")
    at(personal, "2026-10-21T10:00:00+00:00", "promise", "note", "8", "Called", "--contacted")
    at(personal, "2026-10-21T11:00:00+00:00", "promise", "note", "8", "Typo")
    at(personal, "2026-10-21T11:05:00+00:00", "undo")
    export = tmp_path / "dana.json"
    personal.ok("export", "--out", str(export), now=OCT_NOW)
    return personal, export


def _histories(pk: Pk, ids: list[int]) -> list[list[tuple[str, str, str]]]:
    out = []
    for promise_id in ids:
        shown = pk.ok("promise", "show", str(promise_id), "-f", "json", now=OCT_NOW).json()
        out.append([(e["at"], e["kind"], e["by"]) for e in shown["history"]])
    return out


def _all_ids(pk: Pk, **env: str) -> list[int]:
    data = pk.ok("export", now=OCT_NOW, **env).json()
    return [p["id"] for p in data["promises"] if p["owner"] == "dana"]


def _by_key(report: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    """The report with its customers named as the team database names them, in one order."""
    rows = ({**row, "key": (names or {}).get(row["key"], row["key"])} for row in report["by"])
    return {**report, "by": sorted(rows, key=lambda r: r["key"].casefold())}


def test_a_personal_database_merges_into_a_team_one(pk: Pk, tmp_path: Path) -> None:
    personal, export = _personal(tmp_path)
    mine = personal.ok(*REPORT, now=OCT_NOW).json()
    assert mine["totals"]["slips"] == 3 and mine["totals"]["due"] == 9
    # the team has data: sam's promises, customers spelled a little differently
    sam = {"PK_USER": "sam"}
    at(pk, "2026-10-01T09:00:00+00:00", "add", "Renewal", "--to", "Initech Inc", "--by",
       "2026-10-12", **sam)  # fmt: skip
    at(pk, "2026-10-01T09:00:00+00:00", "add", "Licences", "--to", "hooli", "--by", "2026-10-19",
       **sam)  # fmt: skip
    before = pk.snapshot()
    refused = pk("import", str(export), "--merge", now=OCT_NOW)
    assert refused.exit_code == 2
    assert 'customer "Initech" looks like "Initech Inc" here: --map "Initech=Initech Inc"' in (
        refused.stderr
    )
    assert pk.snapshot() == before
    dry = pk.ok("import", str(export), "--merge", "--map", "Initech=Initech Inc", "--dry-run",
                now=OCT_NOW)  # fmt: skip
    assert dry.stdout.startswith("Would import 11 promises (1 new customer).")
    assert pk.snapshot() == before
    done = pk.ok("import", str(export), "--merge", "--map", "Initech=Initech Inc", now=OCT_NOW)
    assert done.stdout.startswith("Imported 11 promises (1 new customer).")
    # every figure of dana's October, as her own database reports it
    merged = pk.ok(*REPORT, now=OCT_NOW, PK_USER="dana").json()
    assert _by_key(merged) == _by_key(mine, JOINED)
    # every event, with its time and author; new ids after the team's own
    ids = _all_ids(pk)
    assert min(ids) > 2 and len(set(ids)) == 11  # (a dry run uses up ids on PostgreSQL)
    assert _histories(pk, ids) == _histories(personal, list(range(1, 12)))
    # sam's figures are untouched
    assert pk.ok(*REPORT, now=OCT_NOW, **sam).json()["totals"]["due"] == 2
    # merging again adds nothing
    again = pk.ok("import", str(export), "--merge", "--map", "Initech=Initech Inc", now=OCT_NOW)
    assert again.stdout.startswith("Imported 0 promises.")
    assert "11 already merged before, skipped." in again.stdout
    assert len(_all_ids(pk)) == 11


def test_map_keeps_a_customer_apart_and_names_must_be_pairs(pk: Pk, tmp_path: Path) -> None:
    _personal_db, export = _personal(tmp_path)
    pk.ok("add", "Renewal", "--to", "Initech Inc", "--by", "friday", PK_USER="sam")
    pk.ok("import", str(export), "--merge", "--map", "initech=Initech", now=OCT_NOW)
    names = [c["customer"] for c in pk.ok("customer", "list", "-f", "json").json()]
    assert sorted(names) == ["Acme", "Hooli", "Initech", "Initech Inc"]
    bad = pk("import", str(export), "--merge", "--map", "Initech")
    assert bad.exit_code == 2
    assert bad.stderr == 'Error: --map takes "NAME IN THE FILE=NAME HERE", not "Initech".\n'
    without = pk("import", str(export), now=OCT_NOW)
    assert without.exit_code == 2 and "--merge adds its promises with new ids" in without.stderr


@pytest.mark.parametrize("fmt", ["csv"])
def test_merge_is_for_json(pk: Pk, tmp_path: Path, fmt: str) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("what,customer,due_at\nQuote,Acme,2026-12-01\n")
    out = pk("import", str(rows), "--merge")
    assert out.exit_code == 2 and "--merge and --map are for a pk JSON export" in out.stderr

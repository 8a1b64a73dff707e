"""Customers (docs/words.md): one customer per name in any case or spacing, near names refused
with a suggestion, made on purpose (--new-customer, pk customer set), and once even when two
processes add the same near names at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import one_error
from tests.test_reliability import Held, wait_for


def _waiting_on_a_lock(url: str, name: str) -> bool:
    """Whether the session named ``name`` (PGAPPNAME) waits on the customer lock, or on the
    chain's head that every writer takes first (docs/team.md): only that one, so another test
    run on the same server cannot answer for it."""
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]
    with psycopg.connect(conninfo, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND (query LIKE '%%pg_advisory_xact_lock%%' OR query LIKE '%%pk_chain_hold%%')"
            " AND application_name = %s",
            (name,),
        ).fetchone()
    return bool(row and row[0])


def test_an_unknown_customer_suggests_the_near_one(pk: Pk) -> None:
    pk.ok("add", "Quote", "--to", "Acme", "--by", "friday")
    refused = pk("ls", "-c", "Acm")
    assert refused.exit_code == 2 and 'No customer "Acm". Did you mean "Acme"?' in refused.stderr


@pytest.mark.parametrize("round_number", range(3))
def test_near_spellings_added_at_once_make_one_customer(
    pg_url: str, tmp_path: Path, round_number: int
) -> None:
    """One member's add is held just before it commits (with its new customer written); the
    other's, a near spelling, starts then. Whatever the machine's speed, the second can only
    decide once the first has committed, so it sees the first's customer: one customer."""
    pk = Pk(tmp_path, pg_url)
    pk.ok("db", "upgrade")  # the schema first: the held write is then the add itself
    env = {**os.environ, **pk.env}
    held = Held(tmp_path, f"first{round_number}")
    first = subprocess.Popen(
        [sys.executable, "-m", "promisekeeper", "add", "Quote", "--to", "Charlie Widgets",
         "--by", "friday"],
        env={**env, **held.env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    held.wait(first)
    name = f"pk-race-{os.getpid()}-{round_number}"
    second = subprocess.Popen(
        [sys.executable, "-m", "promisekeeper", "add", "Call", "--to", "Charlie-widgets",
         "--by", "friday"],
        env={**env, "PGAPPNAME": name}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    wait_for(
        lambda: second.poll() is not None or _waiting_on_a_lock(pg_url, name),
        "the second add to wait for the first",
    )
    held.release()
    _first_out, first_err = first.communicate(timeout=60)
    _out, err = second.communicate(timeout=60)
    assert first.returncode == 0, first_err
    customers = pk.ok("customer", "list", "-f", "json").json()
    assert [c["customer"] for c in customers] == ["Charlie Widgets"]
    assert second.returncode == 2 and 'looks like the existing customer "Charlie Widgets"' in err


@pytest.mark.parametrize(
    ("typed", "existing"),
    [("Acm", "Acme"), ("Acne", "Acme"), ("ACME Inc", "Acme"), ("Globex", "Globex Ltd")],
)
def test_near_customers_are_refused_with_a_suggestion(pk: Pk, typed: str, existing: str) -> None:
    pk.ok("add", "first", "--to", existing, "--by", "friday")
    out = pk("add", "second", "--to", typed, "--by", "friday")
    assert out.exit_code == 2
    assert f'looks like the existing customer "{existing}". Use --to "{existing}"' in out.stderr
    pk.ok(
        "add", "second", "--to", "Acme\u200b" if existing == "Acme" else existing, "--by", "friday"
    )
    assert len(pk.ok("customer", "list", "-f", "json").json()) == 1


def test_customer_set_creates_the_customer(pk: Pk) -> None:
    assert pk.ok("customer", "set", "Acme").stdout == 'New customer "Acme".\n'
    done = pk.ok("customer", "set", "Globex", "--timezone", "Europe/Berlin").stdout
    assert done == 'New customer "Globex".\nGlobex: time zone Europe/Berlin, calendar yours.\n'
    near = pk("customer", "set", "ACME Inc")
    assert near.exit_code == 2
    one_error(near, 'looks like the existing customer "Acme"')
    again = pk("customer", "set", "acme")
    assert again.exit_code == 2
    one_error(again, '"Acme" is on file already')
    names = [c["customer"] for c in pk.ok("customer", "list", "-f", "json").json()]
    assert names == ["Acme", "Globex"]

"""Statements recorded as sent, and signed (docs/review.md, "Statements your customer can
check"): each commits to the history as it stood — the chain's length and head — and to the
exact text sent (its sha256); a signature made with the system's OpenSSH lets the customer
check who sent it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from promisekeeper.domain.rules import name_fold
from promisekeeper.errors import InputError, PkError
from promisekeeper.service import reading, save, whole_seconds, writing
from promisekeeper.store import queries

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.chain import StatementList
    from promisekeeper.domain.review import Statement
    from promisekeeper.files import Target

NAMESPACE = "pk-statement"  # what the signature is for: ssh-keygen -Y sign/verify -n


def sign(text: str, key: str) -> str:
    """An SSH signature of ``text`` made with the private key ``key`` (or, given the public
    half, the key an ssh-agent holds) by ``ssh-keygen -Y sign``, as git signs with SSH."""
    import shutil
    import subprocess
    from pathlib import Path

    program = shutil.which("ssh-keygen")
    if program is None:
        raise PkError(
            "--sign needs OpenSSH's ssh-keygen, which is not installed here (Debian and Ubuntu: "
            "apt install openssh-client); nothing was written."
        )
    if not Path(key).expanduser().is_file():
        raise InputError(
            f"--sign takes an SSH key file (ssh-keygen -t ed25519 makes one); {key} is not a "
            "file. Nothing was written."
        )
    done = subprocess.run(
        [program, "-Y", "sign", "-f", str(Path(key).expanduser()), "-n", NAMESPACE],
        input=text.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"ssh-keygen could not sign with {key}"
            + (f" ({said[-1]})" if said else "")
            + "; nothing was written."
        )
    return done.stdout.decode("ascii", "replace")


def record(
    settings: Settings,
    result: Statement,
    fmt: str,
    text: str,
    signature: str | None,
    files: tuple[Target, Target | None] | None,
) -> int:
    """Record ``result`` (rendered as ``text``) as sent, writing its files (the statement and
    its signature) inside the same transaction: either all of it is done, or none."""
    assert result.seal is not None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with writing(settings) as changes:
        found = changes.customer_by_fold(name_fold(result.customer))
        if found is None:
            raise InputError(f'No customer "{result.customer}".')
        number = changes.add_statement(
            {
                "customer_id": found[0],
                "customer": found[1],
                "at": whole_seconds(settings.now),
                "by": settings.by,
                "since": result.since,
                "events": result.seal.events,
                "head": result.seal.head,
                "digest": digest,
                "format": fmt,
                "signature": signature,
            }
        )
        if files is not None:
            chosen, signed = files
            save(chosen, text, "the statement")
            if signed is not None and signature is not None:
                save(signed, signature, "the signature")
    return number


def sent(settings: Settings, customer: str) -> StatementList:
    """``pk customer statements NAME``: what was recorded as sent, each checked against the
    history as it is now."""
    from promisekeeper.domain.results.chain import StatementList
    from promisekeeper.service import check_customer
    from promisekeeper.service.chain import check

    with reading(settings) as reader:
        name = check_customer(reader, customer)
        assert name is not None
        rows = queries.statements(reader, name)
        broken: set[int] = set()
        if rows:
            found = check(reader, settings.tz)
            broken = {s.id for s, _why in found.statements}
    return StatementList(
        name,
        [r._replace(holds=r.id not in broken) for r in rows],
    )

"""The UID a promise has in every calendar (docs/formats.md, "Calendars"): the same promise keeps
it across exports and databases of the same team, and pk can tell its own items from anyone
else's in a CalDAV collection."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord

# A promise as a calendar event (pk ics, unless --tasks) is the half hour that ends at its deadline.
EVENT_MINUTES = 30

_UID_RE = r"promise-(\d+)-(\d{8}T\d{6}Z)@promisekeeper"


def uid(p: PromiseRecord) -> str:
    return f"promise-{p.id}-{p.created_at:%Y%m%dT%H%M%SZ}@promisekeeper"


def promise_of(found: str) -> tuple[int, str] | None:
    """(id, creation stamp) of a UID pk made, or None for anyone else's."""
    m = re.fullmatch(_UID_RE, found)
    return None if m is None else (int(m.group(1)), m.group(2))

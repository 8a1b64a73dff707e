"""A CalDAV collection, through the ``caldav`` package (an optional extra, imported only here):
list the items pk put there, put one, mark one completed or cancelled, remove one.

Credentials come from the URL (``https://user:password@host/…``) or ``PK_CALDAV_PASSWORD``; every
message shows the URL without them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from promisekeeper.errors import InputError, StorageError, install_extra

EXTRA = "caldav"


class Target(NamedTuple):
    url: str  # without credentials
    username: str | None
    password: str | None


def target(url: str, password: str | None) -> Target:
    """The collection ``url`` names, its credentials taken out of it (``password`` when the URL
    has none)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"--caldav takes the http(s) URL of a calendar collection, not {shown(url)!r}."
        )
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    bare = urlunsplit((parts.scheme, host, parts.path or "/", parts.query, ""))
    return Target(bare, parts.username, parts.password or password)


def shown(url: str) -> str:
    """``url`` as it may be printed: no user information at all."""
    return re.sub(r"(?<=://)[^/@]*@", "", url)


class Collection:
    """One CalDAV collection, opened by ``opened``."""

    def __init__(self, calendar: Any, events: bool) -> None:
        self._calendar = calendar
        self._events = events

    def items(self) -> dict[str, Any]:
        """pk's items in the collection (tasks, or events), by UID."""
        found = (
            self._calendar.events()
            if self._events
            else self._calendar.todos(include_completed=True)
        )
        return {str(item.icalendar_component.get("uid", "")): item for item in found}

    # SEQUENCE is pk's (the number of date moves): the library must store it as it is.
    def put(self, text: str) -> None:
        if self._events:
            self._calendar.add_event(ical=text, increase_seqno=False)
        else:
            self._calendar.add_todo(ical=text, increase_seqno=False)

    def differs(self, item: Any, text: str) -> bool:
        """Whether the item on the server says something else than ``text`` (compared by the
        properties pk writes, as the server may store them in another order)."""
        from icalendar import Calendar

        theirs = item.icalendar_component
        ours = next(iter(Calendar.from_ical(text).subcomponents))
        return any(_shown(theirs.get(key)) != _shown(ours.get(key)) for key in COMPARED)

    def replace(self, item: Any, text: str) -> None:
        item.data = text
        item.save(increase_seqno=False)

    def finish(self, item: Any, status: str, when: datetime | None) -> bool:
        """Set an item's STATUS (COMPLETED with its time, or CANCELLED); False if it had it."""
        component = item.icalendar_component
        if str(component.get("status", "")) == status:
            return False
        component["status"] = status
        if status == "COMPLETED" and when is not None:
            component.pop("completed", None)
            component.add("completed", when)
            component["percent-complete"] = 100
        item.save(increase_seqno=False)
        return True

    def remove(self, item: Any) -> None:
        item.delete()


COMPARED = (
    "summary",
    "due",
    "dtstart",
    "sequence",
    "status",
    "description",
    "categories",
    "dtstamp",
)


def _shown(value: Any) -> bytes | None:
    return None if value is None else bytes(value.to_ical())


@contextmanager
def opened(where: Target, events: bool) -> Iterator[Collection]:
    """The collection at ``where``; any failure talking to the server is one line naming the
    URL without credentials."""
    try:
        from caldav.davclient import DAVClient
        from caldav.lib import error as caldav_error
    except ImportError:
        raise InputError(
            f'pk ics --caldav needs the "{EXTRA}" extra: {install_extra(EXTRA)}.'
        ) from None
    try:
        with DAVClient(
            url=where.url, username=where.username, password=where.password, timeout=20
        ) as client:
            yield Collection(client.calendar(url=where.url), events)  # type: ignore[no-untyped-call]
    except caldav_error.AuthorizationError:
        raise StorageError(
            f"The CalDAV server at {where.url} refused the login"
            + (f" of {where.username}" if where.username else "")
            + "; check the user and password (PK_CALDAV_PASSWORD)."
        ) from None
    except (caldav_error.DAVError, OSError) as exc:  # its HTTP errors are OSErrors
        reason = type(exc).__name__
        raise StorageError(
            f"Could not update the CalDAV collection at {where.url} ({reason})."
        ) from None

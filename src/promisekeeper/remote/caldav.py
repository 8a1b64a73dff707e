"""A CalDAV collection, through the ``caldav`` package (an optional extra, imported only here):
list the items pk put there, put one, mark one completed or cancelled, remove one.

Credentials come from the URL (``https://user:password@host/…``) or ``PK_CALDAV_PASSWORD``; every
message shows the URL without them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any, NamedTuple
from urllib.parse import SplitResult, urlsplit, urlunsplit

from promisekeeper.errors import InputError, PkError, StorageError, install_extra

EXTRA = "caldav"


class Target(NamedTuple):
    url: str  # without credentials
    username: str | None
    password: str | None


def target(url: str, password: str | None) -> Target:
    """The collection ``url`` names, its credentials taken out of it (``password`` when the URL
    has none). The URL is parsed and checked here, part by part, before the library sees it."""
    parts = _parts(url)
    if parts is None or parts.scheme not in ("http", "https"):
        raise InputError(
            "--caldav takes the http(s) URL of a calendar collection "
            f"(https://host[:port]/path/), not {shown(url)!r}."
        )
    netloc = parts.netloc.rpartition("@")[2]
    host, port = _host_and_port(netloc, url)
    bare = urlunsplit((parts.scheme, host + port, parts.path or "/", parts.query, ""))
    return Target(bare, parts.username, parts.password or password)


def _parts(url: str) -> SplitResult | None:
    try:
        return urlsplit(url.strip())
    except ValueError:  # an unbalanced [ or ] in the host
        return None


def _host_and_port(netloc: str, url: str) -> tuple[str, str]:
    """The host (an IPv6 address kept in brackets) and ``:port`` or nothing, checked."""
    found = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^\[\]:/]+)(?::([^:]*))?", netloc)
    if found is None:
        raise InputError(f"The host of the --caldav URL {shown(url)!r} is not a host name.")
    host, port = found.group(1), found.group(2)
    if host.startswith("["):
        import ipaddress

        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise InputError(
                f"The host of the --caldav URL {shown(url)!r} is not an IPv6 address."
            ) from None
    if port is None or port == "":
        return host, ""
    if not re.fullmatch(r"[0-9]{1,5}", port) or not 1 <= int(port) <= 65535:
        raise InputError(
            f"The port of the --caldav URL {shown(url)!r} must be a number from 1 to 65535."
        )
    return host, f":{int(port)}"


def shown(url: str) -> str:
    """``url`` as it may be printed in a message about it: everything between ``://`` and the
    last ``@`` hidden (where the user information is however the URL is shaped: a password may
    hold ``@``, ``:`` or ``/``), and the query left out."""
    scheme, sep, rest = url.strip().rpartition("://") if "://" in url else ("", "", url.strip())
    if "@" in rest:
        rest = "***@" + rest.rpartition("@")[2]
    return f"{scheme}{sep}{rest.partition('?')[0]}"


class Collection:
    """One CalDAV collection, opened by ``opened``. Every call that reaches the server goes
    through ``_server``: what a server sends is data, and anything it makes the library raise
    is one line naming the URL, exit 1."""

    def __init__(self, calendar: Any, events: bool, where: Target) -> None:
        self._calendar = calendar
        self._events = events
        self._where = where

    def items(self, other_kind: bool = False) -> dict[str, Any]:
        """The collection's items of the kind pushed (events, or tasks), by UID; with
        ``other_kind``, those of the other kind."""
        with _server(self._where):
            found = (
                self._calendar.events()
                if self._events != other_kind
                else self._calendar.todos(include_completed=True)
            )
            return {str(item.icalendar_component.get("uid", "")): item for item in found}

    # SEQUENCE is pk's (the number of date moves): the library must store it as it is.
    def put(self, text: str) -> None:
        with _server(self._where):
            if self._events:
                self._calendar.add_event(ical=text, increase_seqno=False)
            else:
                self._calendar.add_todo(ical=text, increase_seqno=False)

    def differs(self, item: Any, text: str) -> bool:
        """Whether the item on the server says something else than ``text`` (compared by the
        properties pk writes, as the server may store them in another order)."""
        from icalendar import Calendar

        ours = next(iter(Calendar.from_ical(text).subcomponents))
        with _server(self._where):
            theirs = item.icalendar_component
            return any(_shown(theirs.get(key)) != _shown(ours.get(key)) for key in COMPARED)

    def replace(self, item: Any, text: str) -> None:
        with _server(self._where):
            item.data = text
            item.save(increase_seqno=False)

    def finish(
        self, item: Any, status: str, when: datetime | None, due: datetime, sequence: int
    ) -> bool:
        """Set an item's STATUS (COMPLETED with its time, or CANCELLED), with the due date and
        SEQUENCE the promise ended with (a slip since the last push moved them); False if it
        had them all."""
        from datetime import UTC

        with _server(self._where):
            component = item.icalendar_component
            key = "dtend" if self._events else "due"  # an event ends at the deadline
            current = component.get(key)
            same_due = current is not None and current.dt == due.astimezone(UTC)
            if str(component.get("status", "")) == status and same_due:
                return False
            if not same_due:
                from datetime import timedelta

                from promisekeeper.domain.uids import EVENT_MINUTES

                component.pop(key, None)
                component.add(key, due.astimezone(UTC))
                if self._events:
                    component.pop("dtstart", None)
                    component.add("dtstart", due.astimezone(UTC) - timedelta(minutes=EVENT_MINUTES))
                component.pop("sequence", None)
                component.add("sequence", sequence)
            component["status"] = status
            if status == "COMPLETED" and when is not None:
                component.pop("completed", None)
                component.add("completed", when)
                component["percent-complete"] = 100
            item.save(increase_seqno=False)
            return True

    def remove(self, item: Any) -> None:
        with _server(self._where):
            item.delete()


COMPARED = (
    "summary",
    "due",
    "dtstart",
    "dtend",
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
    except ImportError:
        raise InputError(
            f'pk ics --caldav needs the "{EXTRA}" extra: {install_extra(EXTRA)}.'
        ) from None
    with _server(where):
        client = DAVClient(
            url=where.url, username=where.username, password=where.password, timeout=20
        )
        calendar = client.calendar(url=where.url)  # type: ignore[no-untyped-call]
    try:
        yield Collection(calendar, events, where)
    finally:
        with suppress(Exception):
            client.close()


@contextmanager
def _server(where: Target) -> Iterator[None]:
    """Talking to the server: a refused login, an HTTP or network error, or an answer the
    library cannot read (bad XML, a control byte, a broken calendar) becomes one line."""
    from caldav.lib import error as caldav_error

    try:
        yield
    except PkError:
        raise
    except caldav_error.NotFoundError:
        raise StorageError(
            f"There is no CalDAV collection at {where.url}: create a calendar there first (in "
            "the server's web page or your calendar app; pk writes into one, it does not make "
            "one), or give the URL of one that exists."
        ) from None
    except caldav_error.AuthorizationError:
        raise StorageError(
            f"The CalDAV server at {where.url} refused the login"
            + (f" of {where.username}" if where.username else "")
            + "; check the user and password (PK_CALDAV_PASSWORD)."
        ) from None
    except (caldav_error.DAVError, OSError) as exc:  # its HTTP errors are OSErrors
        raise StorageError(
            f"Could not update the CalDAV collection at {where.url} ({type(exc).__name__})."
        ) from None
    except Exception as exc:  # anything the server's answer made the library raise
        raise StorageError(
            f"The CalDAV server at {where.url} sent an answer pk cannot read "
            f"({type(exc).__name__}); nothing more was changed there."
        ) from None

"""Replies read from files, offline (docs/feedback.md): ``.eml`` files, an mbox, a Maildir.

Only the standard library's ``email`` and ``mailbox`` read them. Nothing is fetched: links are
never followed and no remote content is loaded; an HTML-only reply is read as text by the
standard library's HTML parser. A message is data: any header or body, however broken, gives
a ``Reply`` or a one-line problem, never an exception. A message larger than ``READ_LIMIT`` is
read up to that size (the reply is at its top; an attachment below it is not needed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any, NamedTuple

READ_LIMIT = 1 << 20  # bytes of one message read; the rest (attachments) is left unread


class Reply(NamedTuple):
    """What pk needs of one message."""

    where: str  # the file, or the file and the message's place in it
    message_id: str | None
    subject: str
    sender: str | None
    received_at: datetime | None
    text: str  # the reply's own text, the quoted part cut away
    automatic: bool  # an auto-reply ("Out of office"): never a verdict


class Unreadable(NamedTuple):
    where: str
    why: str


def messages(paths: list[str]) -> Iterator[Reply | Unreadable]:
    """Every message of every path: a directory with ``cur``/``new`` is a Maildir, a file
    starting with "From " an mbox, any other file one message."""
    for name in paths:
        path = Path(name).expanduser()
        try:
            if path.is_dir():
                yield from _maildir(path)
            elif not path.exists():
                yield Unreadable(name, "no such file or folder")
            else:
                with path.open("rb") as handle:
                    start = handle.read(5)
                if start == b"From ":
                    yield from _mbox(path)
                else:
                    yield _one(name, path)
        except OSError as exc:
            yield Unreadable(name, exc.strerror or type(exc).__name__)


def count(paths: list[str]) -> int:
    """How many messages ``messages`` will give, cheaply where it can (for a progress bar)."""
    import mailbox

    total = 0
    for name in paths:
        path = Path(name).expanduser()
        try:
            if path.is_dir():
                total += sum(
                    1 for _ in mailbox.Maildir(str(path), factory=None, create=False).iterkeys()
                )
            elif path.is_file():
                with path.open("rb") as handle:
                    if handle.read(5) == b"From ":
                        handle.seek(0)
                        total += sum(1 for line in handle if line.startswith(b"From "))
                    else:
                        total += 1
        except OSError:
            total += 1
    return total


def _one(name: str, path: Path) -> Reply | Unreadable:
    with path.open("rb") as handle:
        raw = handle.read(READ_LIMIT)
    return _parsed(name, raw)


def _mbox(path: Path) -> Iterator[Reply | Unreadable]:
    import mailbox

    box = mailbox.mbox(str(path), factory=None, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            yield _in_box(box, key, f"{path} #{number}")
    finally:
        box.close()


def _in_box(box: Any, key: str, where: str) -> Reply | Unreadable:
    """One message of a mailbox, read up to ``READ_LIMIT`` (never the whole of a huge one)."""
    try:
        handle = box.get_file(key)
        try:
            raw = handle.read(READ_LIMIT)
        finally:
            handle.close()
    except (OSError, KeyError) as exc:
        return Unreadable(where, getattr(exc, "strerror", None) or "unreadable")
    return _parsed(where, raw)


def _maildir(path: Path) -> Iterator[Reply | Unreadable]:
    import mailbox

    if not (path / "cur").is_dir() and not (path / "new").is_dir():
        yield Unreadable(str(path), "a folder that is not a Maildir (no cur or new in it)")
        return
    box = mailbox.Maildir(str(path), factory=None, create=False)
    for key in sorted(box.iterkeys()):
        yield _in_box(box, key, f"{path}/{key}")


def _parsed(where: str, raw: bytes) -> Reply | Unreadable:
    # The standard library's "compat32" policy: its modern one parses every header into
    # objects, ten times the work for the five headers read here (a 10,000-message mbox).
    from email import policy
    from email.parser import BytesParser

    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw)
        return Reply(
            where,
            _header(message, "Message-ID"),
            _header(message, "Subject") or "",
            _sender(message),
            _date(message),
            own_text(_body(message)),
            _automatic(message),
        )
    except Exception as exc:
        return Unreadable(where, f"not a readable message ({type(exc).__name__})")


def _header(message: Message, name: str) -> str | None:
    """A header's text, its encoded words (RFC 2047) decoded; None when absent."""
    from email.header import decode_header, make_header

    value = message.get(name)
    if value is None:
        return None
    try:
        text = str(make_header(decode_header(str(value))))
    except Exception:  # a header the library cannot decode is read as it is
        text = str(value)
    return " ".join(text.split())


def _sender(message: Message) -> str | None:
    from email.utils import parseaddr

    value = _header(message, "From")
    if not value:
        return None
    address = parseaddr(value)[1]
    return address or None


def _date(message: Message) -> datetime | None:
    from email.utils import parsedate_to_datetime

    value = _header(message, "Date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _automatic(message: Message) -> bool:
    """An auto-reply (RFC 3834's ``Auto-Submitted``, the headers of the common responders, or
    an "out of office" subject)."""
    submitted = (_header(message, "Auto-Submitted") or "no").lower()
    if submitted != "no":
        return True
    if any(_header(message, name) for name in ("X-Autoreply", "X-Autorespond")):
        return True
    if (_header(message, "Precedence") or "").lower() in ("auto_reply", "bulk", "junk"):
        return True
    subject = (_header(message, "Subject") or "").lower()
    return bool(_AUTOMATIC_SUBJECT.search(subject))


_AUTOMATIC_SUBJECT = re.compile(
    r"^(automatic reply|auto[- ]?reply|out of (the )?office|abwesenheitsnotiz|"
    r"automatische antwort|réponse automatique|absence)\b"
)


def _body(message: Message) -> str:
    """The message's text: its first text/plain part that is no attachment, else its first
    text/html part read as text, decoded by its charset (an unknown one read as Latin-1)."""
    parts: dict[str, Message] = {}
    for part in message.walk():
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html") and kind not in parts:
            disposition = str(part.get("Content-Disposition", "")).lower()
            if not disposition.startswith("attachment"):
                parts[kind] = part
    chosen = parts.get("text/plain") or parts.get("text/html")
    if chosen is None:
        return ""
    payload = chosen.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        content = payload.decode(chosen.get_content_charset() or "utf-8", errors="replace")
    except LookupError:  # a charset nobody knows
        content = payload.decode("latin-1")
    return html_text(content) if chosen.get_content_type() == "text/html" else content


def html_text(markup: str) -> str:
    """The text of an HTML body, paragraphs and line breaks kept, quoted blocks marked with
    ">" as a plain-text client would; scripts and styles dropped, nothing loaded."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0
            self.quoted = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style", "head"):
                self.skip += 1
            elif tag == "blockquote" or (tag == "div" and ("class", "gmail_quote") in attrs):
                self.quoted += 1
                self.parts.append("\n")
            elif tag in ("br", "p", "div", "tr", "li", "hr"):
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "head"):
                self.skip = max(0, self.skip - 1)
            elif tag == "blockquote":
                self.quoted = max(0, self.quoted - 1)
                self.parts.append("\n")
            elif tag in ("p", "div"):
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if self.skip:
                return
            if self.quoted:
                data = "\n".join("> " + line for line in data.split("\n"))
            self.parts.append(data)

    parser = Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


# Where a reply's own text ends: an attribution line above a quote, Outlook's quoted header
# block, a separator line, or a signature.
_ATTRIBUTION = re.compile(
    r"^\s*(on\b.*\bwrote:|am\b.*\bschrieb.*:|le\b.*\ba écrit\s*:|el\b.*\bescribió:|"
    r"-+\s*original message\s*-+|-+\s*ursprüngliche nachricht\s*-+|_{10,})\s*$",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\s*\**(from|von|de)\s*:\**\s", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\**(sent|date|gesendet|datum|envoyé)\s*:", re.IGNORECASE)


def own_text(body: str) -> str:
    """A reply's own words: quoted lines (">") and what follows an attribution line or
    Outlook's "From: … Sent: …" block are cut away; a signature ("-- ") ends it. Works for top
    posting (the words above the quote) and bottom posting (the words below it) alike."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            break
        if _ATTRIBUTION.match(line):
            if kept and any(x.strip() for x in kept):
                break  # top posting: what follows is the quote
            continue
        if _OUTLOOK_FROM.match(line) and any(
            _OUTLOOK_NEXT.match(after) for after in lines[index + 1 : index + 4]
        ):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()

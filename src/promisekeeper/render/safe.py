"""Showing user text safely (docs/reliability.md, "Input and output").

Stored text is kept exactly as typed. On display, control characters (C0, DEL, C1), bidi
overrides and line separators become visible escapes such as ``\\x1b`` or ``\\u202e``, so
nothing a customer name holds can move the cursor, retitle the window or reorder a line. Emoji,
accents and zero-width joiners stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

from promisekeeper.domain.cells import guard

# Patterns are compiled on first use (re's cache): text that is all printable, the usual case,
# never needs them. Every character here is one ``str.isprintable`` refuses.
_UNSAFE = (
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Text as it may reach a terminal: every unsafe character made visible."""
    return text if text.isprintable() else re.sub(_UNSAFE, _escape, text)


_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _json_safe(text: str) -> str:
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(value: Any) -> str:
    """JSON that is lossless and still safe on a terminal: readable UTF-8, with the characters
    that could act on a terminal written as ``\\uXXXX`` escapes (they only occur inside strings)."""
    import json  # here: the table views, which need only clean(), skip its import

    return _json_safe(json.dumps(value, ensure_ascii=False, indent=2))


def json_line(value: Any) -> str:
    """``dumps`` on one line (exports): lossless, and safe wherever it is written."""
    import json

    return _json_safe(json.dumps(value, ensure_ascii=False))


def terminal(text: str) -> str:
    """Plain text for a terminal, several lines allowed: every unsafe character except the line
    breaks and tabs between them made visible."""
    if text.isprintable():
        return text
    return re.sub(_UNSAFE, lambda m: m.group() if m.group() in "\n\t" else _escape(m), text)


def echo(text: str = "", *, err: bool = False) -> None:
    """Print pk's own words with user text in them (config values, paths, counts): the way plain
    lines reach stdout or stderr, always through ``clean``."""
    import sys

    stream = sys.stderr if err else sys.stdout
    stream.write(terminal(text) + "\n")


def write_out(text: str) -> None:
    """Write data to stdout exactly as it is (an export: the caller has made it safe for a
    terminal where stdout is one)."""
    import sys

    sys.stdout.write(text)


def csv_cell(value: Any, *, exact: bool = False) -> str:
    """A CSV cell with the formula guard; control characters made visible unless ``exact``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return str(value)
    value = guard(value)
    return value if exact else clean(value)


_MD_SPECIAL = r"([\\`*_{}\[\]<>()#+!|~])"


def md(text: str) -> str:
    """Inline markdown: special characters escaped, unsafe characters visible, one line."""
    return re.sub(_MD_SPECIAL, r"\\\1", clean(text))

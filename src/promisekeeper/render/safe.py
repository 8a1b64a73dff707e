"""Showing user text safely (RELIABILITY.md, Output).

Stored text is kept exactly as typed. On display, control characters (C0, DEL, C1), bidi
overrides and line separators become visible escapes such as ``\\x1b`` or ``\\u202e``, so
nothing a customer name holds can move the cursor, retitle the window or reorder a line. Emoji,
accents and zero-width joiners stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Text as it may reach a terminal: every unsafe character made visible."""
    return _UNSAFE.sub(_escape, text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(value: Any) -> str:
    """JSON that is lossless and still safe on a terminal: readable UTF-8, with the characters
    that could act on a terminal written as ``\\uXXXX`` escapes (they only occur inside strings)."""
    import json  # here: the table views, which need only clean(), skip its import

    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading ``'`` (OWASP);
    control characters are made visible."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return str(value)
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return clean(value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """Inline markdown: special characters escaped, unsafe characters visible, one line."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text))

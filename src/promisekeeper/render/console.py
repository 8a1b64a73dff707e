"""The screen every view draws on: lines of styled pieces, printed by Rich on a terminal and
written as they are anywhere else (docs/performance.md).

A view lays out its lines itself (widths, cuts with "…", second lines on narrow terminals) and
hands them to ``Screen.print``. Rich draws the styles where they can be seen: on a terminal, or
where the environment asks for them (``FORCE_COLOR``, ``TTY_COMPATIBLE``). A file or a pipe gets
the same lines without Rich, which is not even imported then: importing Rich's console costs
about a third of pk's start-up, more than everything else a command does.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from promisekeeper.dates import to_utc_iso
from promisekeeper.display import describe
from promisekeeper.render.safe import clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from promisekeeper.config import Settings
    from promisekeeper.domain.results import WhenResult

Cell = tuple[str, str]  # a piece of text and its Rich style ("" for none)
Line = list[Cell]

# Set, these hand the decision about styles and layout to Rich even off a terminal.
_RICH_DECIDES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JPY_PARENT_PID")


def _plain() -> bool:
    """Whether stdout gets no styles and no terminal layout: it is not a terminal, and nothing in
    the environment says to treat it as one."""
    if any(name in os.environ for name in _RICH_DECIDES):
        return False
    try:
        return not sys.stdout.isatty()
    except (AttributeError, ValueError):
        return True


def _plain_size() -> tuple[int, int]:
    """The width and height a file or pipe is laid out for: the terminal pk was started from
    (``COLUMNS`` and ``LINES`` override), else 80 × 25 — the size Rich would use."""
    width = height = 0
    for descriptor in (0, 1, 2):
        try:
            width, height = os.get_terminal_size(descriptor)
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns, lines = os.environ.get("COLUMNS"), os.environ.get("LINES")
    if columns is not None and columns.isdigit():
        width = int(columns)
    if lines is not None and lines.isdigit():
        height = int(lines)
    return width or 80, height or 25


class Column(NamedTuple):
    """How a grid column is drawn: its style, right-aligned, and whether it may wrap."""

    style: str = ""
    right: bool = False
    fold: bool = False


class Screen:
    """stdout for views: its size, whether it is a terminal, and the ways to print lines.

    Off a terminal, lines too wide are broken by Rich's line breaking alone (``_fold``); Rich's
    console is made only for a grid with several columns that wrap (pk's settings)."""

    def __init__(self) -> None:
        self._console: Console | None = None
        if _plain():
            self.is_terminal = False
            self.width, self.height = _plain_size()
        else:
            console = self.console
            self.is_terminal = console.is_terminal
            self.width, self.height = console.size

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = rich_console()
        return self._console

    @property
    def styled(self) -> bool:
        """Whether styles are drawn (a terminal with colours, or colours forced)."""
        return self._console is not None and self._console.color_system is not None

    def fits(self, lines: list[Line]) -> bool:
        return all(sum(cell_len(text) for text, _s in line) <= self.width for line in lines)

    def print(self, lines: list[Line], *, wrap: bool = False) -> None:
        """Print ``lines``, laid out to fit already. With ``wrap``, a line that is still too wide
        is wrapped word by word, where Rich would break it: by Rich on a terminal (with the
        styles), by Rich's line breaking alone elsewhere."""
        wrap = wrap and not self.fits(lines)
        if self._console is None and wrap:  # no styles to draw: Rich's line breaking alone
            texts = ["".join(text for text, _s in line) for line in lines]
            folded = [piece for text in texts for piece in _fold(text, self.width)]
            sys.stdout.write("".join(piece + "\n" for piece in folded))
        elif not (self.styled or wrap):
            sys.stdout.write("".join("".join(text for text, _s in line) + "\n" for line in lines))
        elif wrap:
            self.console.print(as_text(lines))
        else:
            self.console.print(as_text(lines), overflow="ignore", crop=False, no_wrap=True)

    def line(self, *cells: Cell) -> None:
        """Print one line of pk's own words, wrapped when too wide."""
        self.print([list(cells)], wrap=True)

    def grid(
        self, rows: list[list[Line]], columns: list[Column], header: list[str] | None = None
    ) -> None:
        """Rows of cells in columns two spaces apart; a row too wide for the width wraps the
        cells of the columns marked ``fold`` within their column (Rich's table does that)."""
        every = [[[(h, "bold")] for h in header], *rows] if header else rows
        if not every:
            return
        if not _fits_whole_words(every, columns, self.width):
            self.print(_stacked(rows, header, self.width), wrap=False)
            return
        if self.styled:  # a terminal with colours: Rich's table draws the styles
            self._rich_grid(rows, columns, header)
            return
        texts = [[cell[0][0] if len(cell) == 1 else "".join(t for t, _s in cell) for cell in row]
                 for row in every]  # fmt: skip
        lengths = [[cell_len(text) for text in row] for row in texts]
        widths = [max(row[i] for row in lengths) for i in range(len(columns))]
        header_widths = lengths[0] if header else [0] * len(columns)
        widths = _shrunk(widths, header_widths, columns, self.width)
        last = len(columns) - 1
        folds = [column.fold for column in columns]
        rights = [column.right for column in columns]
        lines: list[Line] = []
        for row, row_lengths in zip(texts, lengths, strict=True):
            if not any(f and n > w for f, n, w in zip(folds, row_lengths, widths, strict=True)):
                pieces = [[text] for text in row]  # the usual row: one line, lengths known
                measured = row_lengths
            else:
                pieces = [
                    _fold(text, widths[i]) if folds[i] and n > widths[i] else [text]
                    for i, (text, n) in enumerate(zip(row, row_lengths, strict=True))
                ]
                measured = None
            for depth in range(max(len(p) for p in pieces)):
                parts = []
                for index, column_pieces in enumerate(pieces):
                    text = column_pieces[depth] if depth < len(column_pieces) else ""
                    if index == last:
                        parts.append(text)
                        break
                    gap = widths[index] - (measured[index] if measured else cell_len(text))
                    parts.append(" " * gap + text if rights[index] else text + " " * gap)
                lines.append([("  ".join(parts).rstrip(), "")])
            if len(lines) >= 2000:  # written as it goes: a long list is never all in memory
                self.print(lines)
                lines = []
        self.print(lines)

    def _rich_grid(
        self, rows: list[list[Line]], columns: list[Column], header: list[str] | None
    ) -> None:
        from rich.table import Table

        table = Table(
            box=None,
            show_header=header is not None,
            padding=(0, 1),
            pad_edge=False,
            header_style="bold",
        )
        for index, column in enumerate(columns):
            table.add_column(
                header[index] if header else "",
                style=column.style,
                justify="right" if column.right else "left",
                no_wrap=not column.fold,
                overflow="fold" if column.fold else "ellipsis",
            )
        for cells in rows:
            table.add_row(*(as_text([cell]) for cell in cells))
        self.console.print(table)

    def wrap(self, text: str, width: int) -> list[str]:
        """``text`` broken into lines of at most ``width`` cells, at spaces where it can be."""
        return _fold(text, width)


# ASCII and the marks pk writes itself (the separator "·", the cut "…", dashes, the arrow, the
# times sign) take one cell each, as Rich's tables say (tests/test_list_view.py checks both agree).
ONE_CELL = frozenset(map(chr, range(0x20, 0x7F))) | frozenset("·…—–→×")


def single_cells(text: str) -> bool:
    """Whether every character of ``text`` takes one cell, known without Rich's tables."""
    return text.isascii() or ONE_CELL.issuperset(text)


def cell_len(text: str) -> int:
    """Cells ``text`` takes on a terminal (ASCII and pk's own marks: one per character, found
    without importing Rich's tables of character widths)."""
    if single_cells(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def folded_parts(parts: list[Cell], width: int, indent: str = "  ") -> list[Line]:
    """Parts joined with " · " on lines of at most ``width`` cells (0: one line), broken only
    between parts, the lines after the first indented; a part longer than a line is broken
    between its words."""
    lines: list[Line] = [[]]
    length = 0
    for text, style in parts:
        size = cell_len(text)
        if lines[-1] and width and length + 3 + size > width:
            lines.append([(indent, "")])
            length = len(indent)
        elif lines[-1]:
            lines[-1].append((" · ", ""))
            length += 3
        if width and length + size > width:
            pieces = _fold(text, max(8, width - length))
            for number, piece in enumerate(pieces):
                if number:
                    lines.append([(indent, "")])
                    length = len(indent)
                lines[-1].append((piece, style))
                length += cell_len(piece)
        else:
            lines[-1].append((text, style))
            length += size
    return lines


def _words(cell: Line) -> list[str]:
    return "".join(text for text, _style in cell).split()


FOLD_FLOOR = 16  # a column that wraps is not squeezed narrower than this (or its whole text)


def _fits_whole_words(every: list[list[Line]], columns: list[Column], room: int) -> bool:
    """Whether a grid fits ``room`` cells readably: no word broken, and a column that may wrap
    at least ``FOLD_FLOOR`` cells wide (or as wide as its longest cell, or its longest word);
    any other column needs its longest cell."""
    needed = 2 * (len(columns) - 1)
    for index, column in enumerate(columns):
        cells = [row[index] for row in every if index < len(row)]
        longest = max((cell_len("".join(t for t, _s in cell)) for cell in cells), default=0)
        if column.fold:
            word = max((cell_len(w) for cell in cells for w in _words(cell)), default=0)
            needed += max(word, min(longest, FOLD_FLOOR))
        else:
            needed += longest
    return needed <= room


def _stacked(rows: list[list[Line]], header: list[str] | None, room: int) -> list[Line]:
    """A grid too narrow for its columns, one record at a time: the first two columns on the
    record's first line, then the others as "Header value" pieces joined with " · " on the
    lines below, indented and folded between words (a word longer than a line, such as a path,
    goes on lines of its own, broken after a "/" where it can be)."""
    lines: list[Line] = []
    for row in rows:
        if not row:
            continue
        first = "".join(text for text, _style in row[0])
        indent = "    "
        tokens: list[tuple[str, str, str]] = []  # (word, style, what goes before it)
        for index, cell in enumerate(row[1:], start=1):
            words = [(w, style) for text, style in cell for w in text.split()]
            if not words:
                continue
            if index > 1 and header and header[index]:
                words = [(w, "dim") for w in header[index].split()] + words
            joint = "\n" if index == 2 else " · " if index > 2 else ""
            for number, (word, style) in enumerate(words):
                tokens.append((word, style, joint if number == 0 else " "))
        current: Line = [*row[0]]
        length = cell_len(first)
        for word, style, joint in tokens:
            if joint == "\n" or (joint != "" and length + len(joint) + cell_len(word) > room):
                lines.append(current)
                current, length, joint = [(indent, "")], len(indent), ""
            elif joint == "" and current:
                joint = " " * max(2, len(indent) - length)
            parts = _long_word(word, room - len(indent))
            for number, part in enumerate(parts):
                if number or (length + len(joint) + cell_len(part) > room and length > 4):
                    lines.append(current)
                    current, length, joint = [(indent, "")], len(indent), ""
                current.append((joint + part, style))
                length += len(joint) + cell_len(part)
        lines.append(current)
    return lines


def _long_word(word: str, width: int) -> list[str]:
    """A word (a path, a URL) longer than ``width`` in pieces that fit, broken after a "/"
    (or "-", "_", ".") where it can be, else at the width; a shorter word whole."""
    pieces: list[str] = []
    while cell_len(word) > width > 0:
        head = word[:width] if single_cells(word) else fit_cell(word, width + 1, pad=False)[:-1]
        cut = max(head.rfind(mark) for mark in "/-_.")
        size = cut + 1 if cut > width // 3 else len(head)
        pieces.append(word[:size])
        word = word[size:]
    return [*pieces, word] if word else pieces


def fit_cell(text: str, width: int, pad: bool) -> str:
    """Cut to ``width`` terminal cells with "…" (as Rich's ``Text.truncate``), padding if asked."""
    length = cell_len(text)
    if length > width:
        if single_cells(text):
            return text[: width - 1] + "…"
        from rich.cells import set_cell_size

        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length) if pad else text


def _shrunk(widths: list[int], headers: list[int], columns: list[Column], room: int) -> list[int]:
    """Column widths that fit ``room`` (two spaces between columns): the columns that may wrap
    give up cells, the widest first, down to their header or 10 cells. What still does not fit
    overflows: a file is not cut."""
    widths = list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - room
    floors = {
        i: min(widths[i], max(10, headers[i])) for i, column in enumerate(columns) if column.fold
    }
    while excess > 0:
        able = [i for i in floors if widths[i] > floors[i]]
        if not able:
            break
        widest = max(able, key=lambda i: widths[i])
        others = [widths[i] for i in able if i != widest]
        step = min(excess, widths[widest] - max([floors[widest], *others]) or 1)
        widths[widest] -= step
        excess -= step
    return widths


def _fold(text: str, width: int) -> list[str]:
    """``text`` in lines of ``width`` cells, broken where Rich's table column breaks it (between
    words, inside a word only when it is longer than the width)."""
    return list(_folded(text, width))


@lru_cache(maxsize=4096)  # long lists fold the same customer names again and again
def _folded(text: str, width: int) -> tuple[str, ...]:
    from itertools import pairwise

    if cell_len(text) <= width:  # the usual case: no line breaking to load
        return (text.rstrip(),)
    from rich._wrap import divide_line  # Rich's own line breaking, without its console

    offsets = [0, *divide_line(text, width, fold=True), len(text)]
    return tuple(text[start:end].rstrip() for start, end in pairwise(offsets))


def rich_console() -> Console:
    """A Rich console on the current stdout (made per use: cheap, and never stale in tests)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def as_text(lines: list[Line]) -> Text:
    """One Rich Text for many lines: one object to render instead of one per piece or line."""
    from rich.text import Span, Text

    plain: list[str] = []
    spans: list[Span] = []
    at = 0
    for number, line in enumerate(lines):
        if number:
            plain.append("\n")
            at += 1
        for text, style in line:
            if style and text:
                spans.append(Span(at, at + len(text), style))
            plain.append(text)
            at += len(text)
    return Text("".join(plain), spans=spans)


def out() -> Screen:
    return Screen()


def screenful() -> int | None:
    """How many rows a long list shows on this terminal before it stops (None: not a terminal;
    everything is written)."""
    screen = Screen()
    return rows_per_screen(screen.height) if screen.is_terminal else None


def rows_per_screen(height: int) -> int:
    """The rows of a long list that fit a terminal of ``height`` lines with its head and tail."""
    return max(10, height - 4)


def user_text(value: str, style: str = "") -> Cell:
    """User-typed text as a piece of a line: never parsed as markup, unsafe characters made
    visible."""
    return (clean(value), style)


def when_view(result: WhenResult, settings: Settings) -> None:
    resolution = result.resolution
    local = resolution.at.astimezone(settings.tz)
    lines: list[Line] = [
        [
            user_text(result.expression, "bold"),
            (f"  →  {describe(resolution.at, settings.now, settings.tz)}", ""),
        ],
        [
            (
                f"  {local.isoformat()} ({getattr(settings.tz, 'key', local.tzname())})"
                f" · {to_utc_iso(resolution.at)}",
                "dim",
            )
        ],
    ]
    if resolution.note:
        lines.append([(f"  Note: {resolution.note}", "cyan")])
    out().print(lines, wrap=True)

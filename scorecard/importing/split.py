"""Reading a CSV file's rows by splitting its lines, when every row is one line.

Most exports quote few cells, and few or none span lines. Then a row is its
line split at the separator, which ``str.split`` does several times faster
than the csv module, and only the first few cells need to become strings.
Lines holding a quote are read by the csv module (all of them in one call); if
any of them is not a whole row on its own (a quoted cell spanning lines) or is
not valid CSV, :func:`split_scan` gives up and the caller reads the whole file
with the csv module, as before: the result is always the csv module's.

Splitting by hand agrees with ``csv.reader(..., strict=True)`` on an unquoted
line because the default dialect does nothing else to a cell: no escape
character, no skipped spaces. Lines end where the csv module ends them: at
``\\n`` or ``\\r\\n`` (a lone ``\\r`` also ends a line for it; such files are
left to it).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from re import Pattern

#: What str.splitlines() ends a line at and the csv module does not.
_FIRST = itemgetter(0)
_OTHER_LINE_ENDS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


@dataclass(frozen=True, slots=True)
class Split:
    lines: Sequence[int]
    """The (1-based) line of each row."""
    cells: list[tuple[str, ...]]
    footer: int
    """Trailing report-footer rows dropped."""


def split_scan(
    text: str,
    delimiter: str,
    offset: int,
    wanted: Sequence[int],
    pick: Callable[[list[str]], tuple[str, ...]],
    footer: Pattern[str] | None,
) -> Split | None:
    """The ``wanted`` cells of every row after the header, or None: use the csv module.

    ``offset`` lines are skipped first (Excel's ``sep=`` line); blank rows are
    skipped; with a ``footer`` pattern (a header of three or more columns),
    trailing rows whose first cell matches it and whose other cells are empty
    are dropped and counted, as :meth:`Table.scan` does. The text is read in
    chunks of whole lines, each split while it is in the processor's cache.
    """
    width = max(wanted, default=0) + 1
    quotes = '"' in text
    picked: list[tuple[str, ...]] = []
    blanks: list[int] = []
    last: _Chunk | None = None
    for piece in _pieces(text):
        chunk = _Chunk.read(piece, delimiter, len(picked), quotes)
        if chunk is None:
            return None
        picked += chunk.pick(pick, width)
        blanks += chunk.blanks()
        last = chunk
    if last is None:
        return None
    count, skipped = len(picked), set(blanks)
    header = next((i for i in range(offset, count) if i not in skipped), count)
    start = header + 1
    end, dropped = count, 0
    if footer is not None:
        for i in range(count - 1, header, -1):
            if i in skipped:
                continue
            if i < last.base:
                return None  # a footer longer than a chunk: not worth a second way
            cells = last.row(i - last.base)
            if (len(cells) == 1 or not cells[1] or cells[1].isspace()) and footer_line(
                cells, footer
            ):
                end, dropped = i, dropped + 1
                continue
            break
    gone = [i for i in blanks if start <= i < end]
    if not gone:
        return Split(range(start + 1, end + 1), picked[start:end], dropped)
    kept = [i for i in range(start, end) if i not in skipped]
    return Split([i + 1 for i in kept], [picked[i] for i in kept], dropped)


#: Characters per chunk (a few thousand lines): big enough that the loop over
#: chunks costs nothing, small enough to stay in the cache while it is split.
CHUNK = 1 << 18


def _pieces(text: str) -> Iterator[str]:
    """``text`` in pieces that end at a line's end (``\n``), the last one at the end."""
    position, size = 0, len(text)
    while position < size:
        end = text.find("\n", position + CHUNK)
        end = size if end < 0 else end + 1
        yield text[position:end]
        position = end


@dataclass(slots=True)
class _Chunk:
    """Lines ``base``… of the file, with their quoted lines read by the csv module."""

    lines: list[str]
    delimiter: str
    base: int
    parsed: dict[int, list[str]]

    @classmethod
    def read(cls, piece: str, delimiter: str, base: int, quotes: bool) -> _Chunk | None:
        if any(mark in piece for mark in _OTHER_LINE_ENDS):
            return None
        lines = piece.splitlines()  # at \n, \r\n and \r, as the csv module
        if max(map(len, lines), default=0) > csv.field_size_limit():
            return None  # let the csv module refuse a cell above its limit
        parsed: dict[int, list[str]] = {}
        if quotes and '"' in piece:
            quoted = [i for i, line in enumerate(lines) if '"' in line]
            try:
                rows = list(
                    csv.reader([lines[i] for i in quoted], delimiter=delimiter, strict=True)
                )
            except csv.Error:
                return None
            if len(rows) != len(quoted):
                return None  # a quoted cell spans lines
            parsed = dict(zip(quoted, rows, strict=True))
        return cls(lines, delimiter, base, parsed)

    def row(self, i: int) -> list[str]:
        """Every cell of line ``i`` (of this chunk)."""
        found = self.parsed.get(i)
        return found if found is not None else self.lines[i].split(self.delimiter)

    def pick(
        self, pick: Callable[[list[str]], tuple[str, ...]], width: int
    ) -> list[tuple[str, ...]]:
        """The picked cells of every line (the header and blank lines too)."""
        delimiter, cut = self.delimiter, max(width, 2)
        try:  # the common case: every line has the cells asked for
            picked = [pick(line.split(delimiter, cut)) for line in self.lines]
        except IndexError:
            picked = [pick(_padded(line.split(delimiter, cut), width)) for line in self.lines]
        for i, cells in self.parsed.items():
            picked[i] = pick(_padded(cells, width))
        return picked

    def blanks(self) -> list[int]:
        """The (file's) numbers of the blank lines: every cell empty or spaces."""
        lines, delimiter = self.lines, self.delimiter
        # Blank rows start blank (or quoted): look for them only if some line does.
        firsts = set(map(_FIRST, filter(None, lines)))
        if "" not in lines and not any(c in (delimiter, '"') or c.isspace() for c in firsts):
            return []
        return [
            self.base + i
            for i, line in enumerate(lines)
            if (not line or line[0] in (delimiter, '"') or line[0].isspace())
            and not "".join(self.row(i)).strip()
        ]


def _padded(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells)) if len(cells) < width else cells


def footer_line(cells: list[str], word: Pattern[str]) -> bool:
    """A line of a report footer: words in the first cell, every other cell empty."""
    return bool(cells and word.search(cells[0])) and not any(c.strip() for c in cells[1:])

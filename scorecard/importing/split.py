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
from collections.abc import Callable, Sequence
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
    are dropped and counted, as :meth:`Table.scan` does.
    """
    if any(mark in text for mark in _OTHER_LINE_ENDS):
        return None
    lines = text.splitlines()  # at \n, \r\n and \r, as the csv module
    if not lines or max(map(len, lines)) > csv.field_size_limit():
        return None  # let the csv module refuse a cell above its limit
    width = max(wanted, default=0) + 1
    cut = max(width, 2)  # the blank and footer checks read the second cell
    parsed: dict[int, list[str]] = {}
    if '"' in text:
        quoted = [i for i, line in enumerate(lines) if '"' in line]
        try:
            rows = list(csv.reader([lines[i] for i in quoted], delimiter=delimiter, strict=True))
        except csv.Error:
            return None
        if len(rows) != len(quoted):
            return None  # a quoted cell spans lines
        parsed = dict(zip(quoted, rows, strict=True))

    def row(i: int) -> list[str]:
        found = parsed.get(i)
        return found if found is not None else lines[i].split(delimiter)

    def blank(i: int) -> bool:
        line = lines[i]
        if line and line[0] != delimiter and not line[0].isspace() and line[0] != '"':
            return False  # the first cell holds something
        return not "".join(row(i)).strip()

    count = len(lines)
    header = next((i for i in range(offset, count) if not blank(i)), count)
    start = header + 1
    end, dropped = count, 0
    if footer is not None:
        for i in range(count - 1, header, -1):
            if blank(i):
                continue
            cells = row(i)
            if (len(cells) == 1 or not cells[1] or cells[1].isspace()) and footer_line(
                cells, footer
            ):
                end, dropped = i, dropped + 1
                continue
            break
    chosen = lines[start:end]
    try:  # the common case: every line has the cells asked for
        picked = [pick(line.split(delimiter, cut)) for line in chosen]
    except IndexError:
        picked = [pick(_padded(line.split(delimiter, cut), width)) for line in chosen]
    for i, cells in parsed.items():
        if start <= i < end:
            picked[i - start] = pick(_padded(cells, width))
    numbers: Sequence[int] = range(start + 1, end + 1)
    # Blank rows start blank (or quoted): look for them only if some line does.
    firsts = set(map(_FIRST, filter(None, chosen)))
    skipped = []
    if "" in chosen or any(c == delimiter or c == '"' or c.isspace() for c in firsts):
        skipped = [
            i
            for i, line in enumerate(chosen, start)
            if (not line or line[0] == delimiter or line[0].isspace() or line[0] == '"')
            and blank(i)
        ]
    if skipped:
        gone = set(skipped)
        kept = [i for i in range(start, end) if i not in gone]
        picked = [picked[i - start] for i in kept]
        numbers = [i + 1 for i in kept]
    return Split(numbers, picked, dropped)


def _padded(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells)) if len(cells) < width else cells


def footer_line(cells: list[str], word: Pattern[str]) -> bool:
    """A line of a report footer: words in the first cell, every other cell empty."""
    return bool(cells and word.search(cells[0])) and not any(c.strip() for c in cells[1:])

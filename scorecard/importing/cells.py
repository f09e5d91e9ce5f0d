"""Numbers as CRMs and spreadsheets export them, the decimal mark decided per column.

``$1,234.00``, ``1.234,50 €``, ``1 234,50``, ``27,5 %``, ``(500)`` (an
accountant's −500) and everything :func:`scorecard.numbers.parse_number`
accepts. Whether ``,`` or ``.`` is the decimal mark is read from the column:
the first cell that can only be one or the other (``1.234,50``, ``12,5``,
``1,234.00``, ``0.25``) decides for all of them. A column with no such cell
(whole numbers, ``1.234``) follows the file: decimal comma in a ``;``
separated file, decimal point otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from scorecard.errors import InvalidInput
from scorecard.numbers import parse_number

_PLAIN = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?")
_DECIMAL_COMMA = re.compile(r"\d,\d{1,2}(?!\d)|\d,\d{4,}|\.\d{3},")
_DECIMAL_POINT = re.compile(r"\d\.\d{1,2}(?!\d)|\d\.\d{4,}|,\d{3}\.")


def accounting(cell: str) -> tuple[bool, str]:
    """``(500)`` and ``$(1,234.00)`` are negative: ``(True, "500")``; else ``(False, cell)``."""
    text = cell.strip()
    body = text.replace(" ", "")
    if body.startswith("(") and body.endswith(")"):
        inner = text[1:-1]
    elif re.fullmatch(r"[$€£¥]\(.*\)", body):  # $(500)
        inner = body[0] + body[2:-1]
    else:
        return False, cell
    if inner.strip()[:1] in "-−–+" or not inner.strip():
        raise InvalidInput(f"'{cell}' is not a number")
    return True, inner


class NumberColumn:
    """Parses one column's cells with its decimal mark; repeated cells are cached."""

    __slots__ = ("_seen", "decimal_comma")

    def __init__(self, decimal_comma: bool) -> None:
        self.decimal_comma = decimal_comma
        self._seen: dict[str, float] = {}

    def value(self, cell: str) -> float:
        """The number in a non-empty cell, or :class:`InvalidInput` naming it."""
        found = self._seen.get(cell)
        if found is None:
            if not self.decimal_comma and _PLAIN.fullmatch(cell):
                found = float(cell) + 0.0
            else:
                found = self._parse(cell)
            if len(self._seen) < 100_000:
                self._seen[cell] = found
        return found

    def parser(self, cells: Iterable[str]) -> Callable[[str], float]:
        """The parse function for this column's non-empty ``cells``, chosen once.

        A column of plain numbers (``1234``, ``-5.25``: what most CRMs write)
        is read by ``float`` itself; any other column cell by cell (:meth:`value`).
        ``float`` may return ``-0.0`` where :meth:`value` returns ``0.0``.
        """
        if not self.decimal_comma and all(map(_PLAIN.fullmatch, filter(None, cells))):
            return float
        return self.value

    def _parse(self, cell: str) -> float:
        negative, text = accounting(cell)
        value = parse_number(text, decimal_comma=self.decimal_comma)
        return -value if negative and value else value


def detect_numbers(cells: Iterable[str], *, delimiter: str) -> NumberColumn:
    """The decimal mark of a column: the first cell that decides it, else the file's."""
    for cell in cells:
        if _DECIMAL_COMMA.search(cell):
            return NumberColumn(True)
        if _DECIMAL_POINT.search(cell):
            return NumberColumn(False)
    return NumberColumn(delimiter == ";")

"""Summary lines that wrap between their parts, never inside one.

``Say/do (13 weeks): sales 78% (7/9) · marketing 77% (10/13) · shared 100% (2/2)``
is one line at 120 columns; at 80 it breaks before ``shared 100% (2/2)``, not
between ``100%`` and ``(2/2)``. The same for the issues line and its top three.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.widgets import Static

from screens.planned import Planned

SEPARATOR = " · "
INDENT = "  "


class Row(NamedTuple):
    """A heading (``Say/do (13 weeks): ``) and the parts that follow it."""

    head: Text
    parts: Sequence[Text]
    separator: str = SEPARATOR


def fit_rows(rows: Sequence[Row], width: int = 0) -> Text:
    """``rows``, one line each, their parts joined by `` · `` (or the row's own
    separator); a part that does
    not fit ``width`` any more starts an indented line (no ``width``: never)."""
    out = Text()
    for n, (head, parts, separator) in enumerate(rows):
        if n:
            out.append("\n")
        out.append_text(head)
        used = head.cell_len
        for i, part in enumerate(parts):
            if i and width and used + len(separator) + part.cell_len > width:
                out.append("\n" + INDENT)
                used = len(INDENT)
            elif i:
                out.append(separator, style="dim")
                used += len(separator)
            out.append_text(part)
            used += part.cell_len
    return out


class WrappedLines(Planned, Static):
    """Shows rows of parts (:func:`fit_rows`) at whatever width it is given."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.rows: Sequence[Row] = ()
        self._shown = Text()

    def show(self, rows: Sequence[Row]) -> None:
        self.rows = rows
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        # The same text: nothing to draw (a value saved changes few of these). The
        # same number of lines: drawn again, the screen is not laid out again.
        text = fit_rows(self.rows, self.fill_width)
        if text == self._shown:
            return
        lines = len(self._shown.split())
        self._shown = text
        self.update(text, layout=len(text.split()) != lines)

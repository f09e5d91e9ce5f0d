"""Drawing a row-cursor DataTable less: a row's new cells, and the cursor moving.

``DataTable.update_cell`` makes every cached render of the table stale (its
update count is part of each cache key) and repaints the whole widget: each
saved value re-rendered all of the scorecard's cells (some 240), in the frame
after the save and again at the next scroll. When no column's width changes,
:func:`replace_cells` drops only that row's cached renders and repaints its
line; the other rows are drawn from their caches. When a width may change, or
a Textual release no longer has the caches this relies on, it is
``update_cell`` as before.

Moving the cursor (each value entered moves it one metric on) made DataTable
render every row again at the next scroll or full repaint: each row's cached
render is keyed by where the cursor is, though a row the cursor is not on
looks the same wherever it is. :class:`RowRedraw` keys such rows by "not
here", so only the two rows the cursor left and reached are rendered again.

tests/screens/test_row_redraw.py holds the table drawn this way to what a
table drawn from scratch shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from rich.style import Style
from textual._types import SegmentLines
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets._data_table import ColumnKey, RowKey, default_cell_formatter

from screens.cell_render import FastCells

C = TypeVar("C")

#: The DataTable internals the one-row path reads and trims.
_NEEDED = (
    "_data",
    "_cell_render_cache",
    "_row_render_cache",
    "_row_renderable_cache",
    "_line_cache",
    "_update_count",
)


#: The cursor (or the mouse) seen from a row it is not on: no row is at -2.
ELSEWHERE = Coordinate(-2, 0)


class RowRedraw(FastCells[C]):
    """A DataTable with a row cursor that renders again only the rows that change."""

    def _update_column_widths(self, updated_cells: set[Any]) -> None:
        # DataTable measures the columns of updated cells when it is next idle,
        # after update_cell has already counted the update: a frame drawn in
        # between is cached with the old widths under the new count. When a
        # width changes here, everything drawn before is stale.
        before = [column.content_width for column in self.columns.values()]
        super()._update_column_widths(updated_cells)
        if [column.content_width for column in self.columns.values()] != before:
            self._update_count += 1
            self.refresh()

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        if self.cursor_type == "row":
            # With a row cursor, each cell of a row only asks whether the cursor's
            # row is this one (DataTable._should_highlight).
            row = self._row_locations.get(row_key)
            row = -1 if row is None else row  # the header row
            if cursor_location.row != row:
                cursor_location = ELSEWHERE
            if hover_location.row != row:
                hover_location = ELSEWHERE
        return super()._render_line_in_row(
            row_key, line_no, base_style, cursor_location, hover_location
        )


def replace_cells(table: DataTable[Any], row: str, cells: Mapping[str, Any]) -> None:
    """Put ``cells`` (by column key) into row ``row`` and draw what changed."""
    row_key = RowKey(row)
    if not all(hasattr(table, name) for name in _NEEDED) or not _widths_kept(table, row_key, cells):
        for column, cell in cells.items():
            table.update_cell(row, column, cell, update_width=True)
        return
    data = table._data[row_key]
    for column, cell in cells.items():
        data[ColumnKey(column)] = cell
    index = table.get_row_index(row)
    _forget_row(table, row_key, index)
    table.refresh_row(index)


def _width(table: DataTable[Any], cell: object, height: int) -> int:
    # As DataTable measures a cell to size its column.
    shown = default_cell_formatter(cell, wrap=height != 1, height=height)
    return measure(table.app.console, shown, 1)


def _widths_kept(table: DataTable[Any], row_key: RowKey, cells: Mapping[str, Any]) -> bool:
    """True if no column gets wider, nor narrower, with ``cells`` in the row."""
    height = table.rows[row_key].height
    data = table._data[row_key]
    for column, cell in cells.items():
        key = ColumnKey(column)
        width = table.columns[key].content_width
        new = _width(table, cell, height)
        if new > width:
            return False
        # The widest cell of its column may be the one replaced: it may shrink.
        if new < width and _width(table, data.get(key), height) >= width:
            return False
    return True


def _discard_row(cache: LRUCache[Any, Any], row_key: RowKey) -> None:
    """Drop the entries of ``cache`` keyed by ``row_key`` first."""
    # By the keys' values: as RowKey compares them, without its __eq__ per entry.
    row = row_key.value
    found = [k for k in cache.keys() if isinstance(k[0], RowKey) and k[0].value == row]  # noqa: SIM118
    for key in found:
        cache.discard(key)


def _forget_row(table: DataTable[Any], row_key: RowKey, index: int) -> None:
    """Drop the cached renders of one row (its cells, its lines); keep the others'."""
    _discard_row(table._cell_render_cache, row_key)
    _discard_row(table._row_render_cache, row_key)
    table._row_renderable_cache.discard((table._update_count, index))
    table._line_cache.clear()  # by screen line: cheap to make again from the rows

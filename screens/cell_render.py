"""Drawing a DataTable's one-line cells without Rich's general pipeline.

DataTable draws each cell it has not drawn before as Rich renders any
renderable: ``console.render_lines(Styled(Padding(cell, (0, 1)), …))``, four
nested renderers, each line split, cropped and padded twice over. For the cells
these tables hold (a ``Text`` of one line, in a row one line high) nearly all
of that is plumbing: a screen's first frame spent about a fifth of a
millisecond per cell on it, a third of the guided sync's opening and half of
the 13-week grid's (docs/benchmarks.md, "Screens").

:class:`FastCells` draws such a cell with the same Rich steps that matter, in
the same order (the text wrapped as ``Text`` wraps itself, which also crops,
pads and justifies it; the line rendered; the padding added; the table's styles
applied around it), and leaves every other cell (a row of another height, a
header of several lines, a renderable that is not ``Text``, a tab in the text,
a column too narrow for its padding) to DataTable as before. Each cell is
drawn once and cached as DataTable caches it, under the same key.

tests/screens/test_cell_render.py holds every cell of the app's tables drawn
this way to what DataTable draws.
"""

from __future__ import annotations

from typing import TypeVar

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.widgets import DataTable

C = TypeVar("C")

_NULL = Style.null()
_JOINER = Text("\n")

#: The DataTable internals this relies on (a release without them draws as before).
_NEEDED = (
    "_cell_render_cache",
    "_row_locations",
    "_column_locations",
    "_header_row_key",
    "_get_row_renderables",
    "_get_styles_to_render_cell",
    "_show_hover_cursor",
    "_update_count",
    "_pseudo_class_state",
)


def one_line(text: Text, console: Console, width: int, padding: int) -> list[Segment]:
    """``text`` drawn as one line ``width`` cells wide with ``padding`` spaces
    each side, as ``Padding(text, (0, padding))`` draws its first line with the
    options DataTable gives a row one line high (``App.console_options``, no
    wrapping: nothing said of justify or overflow)."""
    inner = width - 2 * padding
    justify = text.justify or "default"
    plain = text.plain
    if justify == "default" and "\n" not in plain and cell_len(plain) <= inner:
        # What wrapping gives back: the text as it is (no crop, no justify).
        lines: list[Text] = [text]
    else:
        tab_size = console.tab_size if text.tab_size is None else text.tab_size
        lines = text.wrap(
            console,
            inner,
            justify=justify,
            overflow=text.overflow or "fold",
            tab_size=tab_size or 8,
            no_wrap=True if text.no_wrap is None else text.no_wrap,
        )[:1]
    # Joined as Text joins its lines: the line's own style becomes a span (a
    # Text renders its style only through its spans).
    line = list(_JOINER.join(lines).render(console))
    line = Segment.adjust_line_length(line, inner, style=_NULL)
    if padding:
        pad = Segment(" " * padding, _NULL)
        return [pad, *line, pad]
    return line


class FastCells(DataTable[C]):
    """A DataTable that draws its one-line ``Text`` cells without Rich's detour."""

    _fast_cells: bool | None = None
    """Whether this Textual's DataTable has what the fast path reads (found once)."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        fast = self._fast_cell(row_index, column_index, base_style, width, cursor, hover)
        if fast is not None:
            return fast
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def _fast_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> SegmentLines | None:
        """The cell as DataTable would draw it (and cached as it caches it), or
        None when DataTable is to draw it."""
        if self._fast_cells is None:
            self._fast_cells = all(hasattr(self, name) for name in _NEEDED)
        if not self._fast_cells:
            return None
        is_header_cell = row_index == -1
        is_row_label_cell = column_index == -1
        row_key = self._header_row_key if is_header_cell else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return None
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        cached: SegmentLines | None = cache.get(cache_key)
        if cached is not None:
            return cached
        if is_header_cell:
            height = self.header_height
        else:
            row = self.rows.get(row_key)
            height = row.height if row is not None else 0
        padding = self.cell_padding
        if height != 1 or width - 2 * padding < 1:
            return None
        row_label, row_cells = self._get_row_renderables(row_index)
        if is_row_label_cell:
            cell: object = row_label if row_label is not None else ""
        else:
            cell = row_cells[column_index]
        if not isinstance(cell, Text) or "\t" in cell.plain:
            return None
        is_fixed_style_cell = (
            not is_header_cell
            and not is_row_label_cell
            and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        )
        component_style, post_style = self._get_styles_to_render_cell(
            is_header_cell,
            is_row_label_cell,
            is_fixed_style_cell,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        console = self.app.console
        meta = Style.from_meta({"row": row_index, "column": column_index})
        # As Styled draws it: the table's styles under the cell's, then over them.
        pre = base_style + meta + component_style
        line = list(Segment.apply_style(one_line(cell, console, width, padding), pre, post_style))
        lines: SegmentLines = [line]
        cache[cache_key] = lines
        return lines

"""A table of one-line rows that draws only the rows on screen.

Textual's DataTable measures every cell of every row as it is added (and adds
rows one by one, each a reactive update): ten years of commitments, 5,000
rows, took two seconds to show. This table is given all its rows at once as
plain strings (or shared ``Text`` for styled cells), sizes its columns from
their lengths, and renders a line only when it is on screen (Textual's Line
API). It looks and moves like a DataTable with a row cursor: a bold header
that stays on top, the highlighted row in the block cursor's colours, ↑ ↓,
Page Up / Page Down, Home / End (and ctrl+Home / ctrl+End) to the first and
last row, Enter selects, a click highlights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, overload

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = str | Text
"""A plain string (never read as markup) or a styled ``Text``."""

PADDING = 1  # cells either side of a column, as DataTable's cell_padding


@dataclass(frozen=True)
class Column:
    label: str
    key: str
    style: str = ""
    """Applied to the column's plain-string cells (``dim`` for ids)."""


def text_segments(text: Text, base: Style, console: Console) -> list[Segment]:
    """``text`` as one line of segments over ``base`` (its own style included:
    ``Text.render`` leaves that to the caller when there are no spans)."""
    own = console.get_style(text.style, default=Style.null()) if text.style else Style.null()
    under = base + own if own else base
    if not text.spans:
        return [Segment(text.plain, under)] if text.plain else []
    return [
        Segment(s.text, under + s.style if s.style else under)
        for s in text.render(console)
        if s.text and s.text != "\n"
    ]


def _widest(cells: list[Cell]) -> int:
    """The widest of ``cells``: of plain ASCII strings (most), their longest."""
    if all(type(c) is str for c in cells) and "".join(cells).isascii():  # type: ignore[arg-type]
        return max(map(len, cells))
    return max(map(cell_width, cells))


def cell_width(cell: Cell) -> int:
    """The cells ``cell`` takes on screen."""
    if isinstance(cell, Text):
        return cell.cell_len
    return len(cell) if cell.isascii() else cell_len(cell)


Row = tuple[Cell, ...]


class LazyRows(Sequence[Row]):
    """``count`` rows, each made by ``make`` when it is first drawn or read:
    a table of ten years of commitments makes the screenful it shows, not
    5,000 rows of cells (the table is told its column widths instead)."""

    def __init__(self, count: int, make: Callable[[int], Row]) -> None:
        self._count = count
        self._make = make
        self._made: dict[int, Row] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self._make(index)
        return row


class LineTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .line-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .line-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .line-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .line-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-table--header", "line-table--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Select", show=False),
        Binding("up", "cursor(-1)", "Cursor up", show=False),
        Binding("down", "cursor(1)", "Cursor down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)
    """The highlighted row (0 when there are none)."""

    class _RowMessage(Message):
        def __init__(self, table: LineTable, cursor_row: int, row_key: str) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> LineTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor is on a row (moved there, or the rows were shown)."""

    class RowSelected(_RowMessage):
        """Enter on a row, or a click on the highlighted one."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: tuple[Column, ...] = ()
        self.rows: Sequence[Row] = ()
        self.row_keys: tuple[str, ...] = ()
        self.widths: tuple[int, ...] = ()
        self._segments: dict[tuple[int, bool], list[Segment]] = {}

    # -- data -------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def show(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        keys: Sequence[str],
        *,
        cursor: int | None = None,
        widths: Sequence[int] | None = None,
    ) -> None:
        """Show ``rows`` (one key each) under ``columns``, the cursor on row
        ``cursor`` (else where it was, within the new rows), and say which row
        is highlighted.

        Each column is as wide as its widest cell, or as ``widths`` says (the
        widest cell of each column, known without making every row: then
        ``rows`` may be :class:`LazyRows`, kept as given)."""
        if len(keys) != len(rows):
            raise ValueError("one key per row")
        self.columns = tuple(columns)
        self.row_keys = tuple(keys)
        labels = [cell_width(c.label) for c in self.columns]
        if widths is not None:
            if len(widths) != len(labels):
                raise ValueError("one width per column")
            self.rows = rows if isinstance(rows, LazyRows) else tuple(tuple(r) for r in rows)
            labels = [max(label, width) for label, width in zip(labels, widths, strict=True)]
        else:
            self.rows = tuple(tuple(r) for r in rows)
            for i in range(len(labels)):
                column = [row[i] for row in self.rows if i < len(row)]
                if column:
                    labels[i] = max(labels[i], _widest(column))
        self.widths = tuple(labels)
        self._segments.clear()
        table_width = sum(self.widths) + 2 * PADDING * len(self.widths)
        self.virtual_size = Size(table_width, len(self.rows) + 1)
        at = self.cursor_row if cursor is None else cursor
        self.set_reactive(LineTable.cursor_row, max(0, min(at, len(self.rows) - 1)))
        self.refresh(layout=True)
        self.call_after_refresh(self._scroll_to_cursor)
        self._post_highlighted()

    def get_row_at(self, row: int) -> tuple[str, ...]:
        """The text of each cell of ``row``."""
        return tuple(c.plain if isinstance(c, Text) else c for c in self.rows[row])

    @property
    def highlighted_key(self) -> str | None:
        return self.row_keys[self.cursor_row] if self.rows else None

    def move_cursor(self, *, row: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(row, len(self.rows) - 1))

    # -- the cursor ---------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()
        self._post_highlighted()

    def _post_highlighted(self) -> None:
        if self.rows:
            row = self.cursor_row
            self.post_message(self.RowHighlighted(self, row, self.row_keys[row]))

    def _refresh_row(self, row: int) -> None:
        self.refresh(Region(0, row + 1 - int(self.scroll_y), self.size.width, 1))

    def _scroll_to_cursor(self) -> None:
        if not self.rows:
            return
        region = Region(int(self.scroll_x), self.cursor_row + 1, 1, 1)
        self.scroll_to_region(region, animate=False, spacing=Spacing(1, 0, 0, 0), force=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(row=self.cursor_row + direction * self._page())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows:
            row = self.cursor_row
            self.post_message(self.RowSelected(self, row, self.row_keys[row]))

    async def _on_click(self, event: events.Click) -> None:
        row = event.y - 1 + int(self.scroll_y)
        if event.y >= 1 and 0 <= row < len(self.rows):
            event.stop()
            if row == self.cursor_row:
                self.action_select()
            else:
                self.cursor_row = row

    # -- drawing -------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._segments.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._segments.clear()
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self._segments.clear()
        super()._on_blur(event)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            segments = self._line(-1, False, base)
            extend = self.get_component_styles("line-table--header").rich_style
        else:
            row = y - 1 + int(self.scroll_y)
            if row >= len(self.rows):
                return Strip.blank(width, base)
            cursor = row == self.cursor_row
            segments = self._line(row, cursor, base)
            extend = base + self.get_component_rich_style("line-table--cursor") if cursor else base
        scroll_x = int(self.scroll_x)
        strip = Strip(segments)
        used = strip.cell_length
        if used < width + scroll_x:
            strip = Strip([*segments, Segment(" " * (width + scroll_x - used), extend)])
        return strip.crop(scroll_x, scroll_x + width).simplify()

    def _line(self, row: int, cursor: bool, base: Style) -> list[Segment]:
        """The cells of ``row`` (-1: the header) as DataTable draws them: each
        padded to its column's width, under the row's style; the cursor's
        colour over the cell's own."""
        cached = self._segments.get((row, cursor))
        if cached is not None:
            return cached
        if row < 0:
            under = self.get_component_styles("line-table--header").rich_style
            over: Style | None = None
            cells: Sequence[Cell] = [c.label for c in self.columns]
            styles = ["" for _ in self.columns]
        else:
            under = base
            over = None
            if cursor:
                component = self.get_component_rich_style("line-table--cursor")
                under = base + component
                over = Style.from_color(color=component.color)
            cells = self.rows[row]
            styles = [c.style for c in self.columns]
        segments: list[Segment] = []
        pad = " " * PADDING
        for column, (cell, width, style) in enumerate(
            zip(cells, self.widths, styles, strict=False)
        ):
            # Each cell says where it is, as a DataTable's do: its segments stay
            # its own (an SVG screenshot draws each cell at its column).
            at = under + Style.from_meta({"row": row, "column": column})
            text = cell if isinstance(cell, Text) else Text(cell, style=style)
            inner = text_segments(text, at, self.app.console)
            used = sum(s.cell_length for s in inner)
            if used > width:
                inner = list(Segment.adjust_line_length(inner, width, at))
                used = width
            line = [Segment(pad, at), *inner, Segment(" " * (width - used) + pad, at)]
            if over is not None:
                line = list(Segment.apply_style(line, post_style=over))
            segments.extend(line)
        self._segments[(row, cursor)] = segments
        return segments

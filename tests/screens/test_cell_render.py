"""A DataTable's one-line cells drawn without Rich's general pipeline
(screens/cell_render.py) look exactly as DataTable draws them: every text,
style, span, justification, overflow and width; the header, row labels, fixed
columns, the cursor and hover; and the app's own tables on their screens."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from scorecard.workspace import Workspace
from screens.cell_render import FastCells
from tests.screens.conftest import press

pytestmark = pytest.mark.asyncio


def shown(lines: list[list[Segment]]) -> list[list[tuple[str, Any]]]:
    """What a cell's lines draw: each run of text with its style (how Rich
    split the runs into segments is not drawn)."""
    return [[(s.text, s.style) for s in Segment.simplify(line) if s.text] for line in lines]


def every_cell(table: FastCells[Any]) -> tuple[int, int]:
    """Each cell of ``table`` (header and row labels too, with and without the
    cursor and hover, in the row and the header styles) drawn both ways and
    compared; returns how many were compared and how many took the fast path."""
    compared = fast_ones = 0
    bases = (
        table.rich_style,
        table.get_component_styles("datatable--header").rich_style,
    )
    first_column = -1 if table._labelled_row_exists else 0
    rows = range(-1, table.row_count)
    columns = range(first_column, len(table.columns))
    flags = (False, True)
    for row, column, cursor, hover, base in product(rows, columns, flags, flags, bases):
        if column == -1:
            width = table._row_label_column_width
        else:
            width = table.ordered_columns[column].get_render_width(table)
        args = (row, column, base, width, cursor, hover)
        table._cell_render_cache.clear()
        fast = table._fast_cell(*args)
        table._cell_render_cache.clear()
        slow = DataTable._render_cell(table, *args)
        table._cell_render_cache.clear()
        assert shown(table._render_cell(*args)) == shown(slow), args
        if fast is not None:
            assert shown(fast) == shown(slow), args
            fast_ones += 1
        compared += 1
    return compared, fast_ones


class Fast(FastCells[Any]):
    pass


CELLS: list[Any] = [
    "plain",
    "[bold]markup[/] and [red]colour[/]",
    Text("styled whole", style="bold italic on blue"),
    Text.assemble(("span", "underline"), " and ", ("more", "reverse green")),
    Text("right", justify="right"),
    Text("centred", justify="center", style="on red"),
    Text("left and padded", justify="left", style="on green"),
    Text("full justified words here", justify="full"),
    Text("a text far too long for its column, cut", overflow="ellipsis"),
    Text("a text far too long for its column, cropped", overflow="crop"),
    Text("a text far too long for its column, folded", overflow="fold"),
    Text("wraps when allowed to wrap", no_wrap=False),
    Text("two\nlines"),
    Text("a\ttab"),
    "",
    None,
    Text(""),
    Text("", style="on red"),
    "宽字符 and 🎉",
    12.5,
    7,
]


class CellsApp(App[None]):
    def __init__(self, **table: Any) -> None:
        super().__init__()
        self.table_args = table

    def compose(self) -> ComposeResult:
        yield Fast(**self.table_args)


@pytest.mark.parametrize(
    "table_args",
    [
        {"cursor_type": "row"},
        {"cursor_type": "cell", "cell_padding": 0},
        {"cursor_type": "column", "cell_padding": 2, "fixed_columns": 1, "fixed_rows": 1},
    ],
)
async def test_each_kind_of_cell_is_drawn_as_datatable_draws_it(table_args: Any) -> None:
    app = CellsApp(**table_args)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(Fast)
        table.add_column(Text("Name", style="bold"), width=12)
        table.add_column("Wide", width=30)
        table.add_column(Text("Right", justify="right"), width=1)
        table.add_column("Auto")
        for i, cell in enumerate(CELLS):
            table.add_row(cell, cell, cell, cell, label=Text(f"r{i}", style="italic"))
        table.add_row("tall", "row", "of", "two", height=2)
        table.add_row("auto", Text("height\nrow"), "x", "y", height=None)
        await pilot.pause()
        compared, fast_ones = every_cell(table)
        assert fast_ones > compared // 2  # most cells take the fast path
        assert fast_ones < compared  # and the others are left to DataTable


@pytest.mark.parametrize("key", ["s", "v", "G", "I"])
async def test_the_app_tables_are_drawn_as_datatable_draws_them(
    workspace: Workspace, make_app, key: str
) -> None:
    # The guided sync, the 13-week grid, the goals, the issues.
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, key)
        tables = list(app.screen.query(FastCells))
        assert tables
        for table in tables:
            compared, fast_ones = every_cell(table)
            assert compared == 0 or fast_ones

"""The table that draws only the rows on screen (history's long lists): every
row is reachable by keyboard and mouse, and it is drawn as a DataTable is."""

from __future__ import annotations

import gc
import time
import weakref

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.chart import ChartView
from screens.history import HistoryScreen
from screens.line_table import Column, LazyRows, LineTable, cell_width
from tests.screens.conftest import press, settle, type_text

ROWS = 5000  # ten years of commitments
COLUMNS = [Column("Id", "Id", "dim"), Column("Status", "Status"), Column("Text", "Text")]


class TableApp(App[None]):
    CSS = "LineTable { height: 1fr; max-height: 100%; }"

    def __init__(self, rows: int = ROWS) -> None:
        super().__init__()
        self.count = rows
        self.highlighted: list[str] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield LineTable(id="table")

    def on_mount(self) -> None:
        done = Text("✓ done", style="green")
        rows = [(f"r{i:04}", done, f"commitment number {i}") for i in range(self.count)]
        self.query_one(LineTable).show(COLUMNS, rows, [f"k{i}" for i in range(self.count)])
        self.query_one(LineTable).focus()

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self.highlighted.append(event.row_key)

    def on_line_table_row_selected(self, event: LineTable.RowSelected) -> None:
        self.selected.append(event.row_key)


def shown(table: LineTable) -> list[str]:
    """The lines on screen, as text."""
    return [table.render_line(y).text for y in range(table.size.height)]


@pytest.mark.asyncio
async def test_every_row_is_reachable_by_keyboard() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(LineTable)
        page = table.scrollable_content_region.height - 1  # rows under the header
        assert app.highlighted[-1] == "k0"
        assert shown(table)[0].split() == ["Id", "Status", "Text"]
        assert "r0000" in shown(table)[1]

        await pilot.press("down", "down")
        assert table.cursor_row == 2 and app.highlighted[-1] == "k2"
        await pilot.press("up")
        assert table.cursor_row == 1

        await pilot.press("pagedown")
        assert table.cursor_row == 1 + page
        await pilot.press("pageup")
        assert table.cursor_row == 1

        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == ROWS - 1 and app.highlighted[-1] == f"k{ROWS - 1}"
        lines = shown(table)
        assert lines[0].split() == ["Id", "Status", "Text"]  # the header stays on top
        assert lines[-1].startswith(f" r{ROWS - 1:04}")  # the last row is drawn, at the bottom
        await pilot.press("down")  # nothing after the last row
        assert table.cursor_row == ROWS - 1

        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and "r0000" in shown(table)[1]
        await pilot.press("ctrl+end")
        assert table.cursor_row == ROWS - 1
        await pilot.press("ctrl+home")
        assert table.cursor_row == 0

        await pilot.press("down", "enter")
        assert app.selected == ["k1"]


@pytest.mark.asyncio
async def test_a_click_highlights_then_selects() -> None:
    app = TableApp(rows=30)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(LineTable)
        await pilot.click(LineTable, offset=(3, 4))  # the fourth row under the header
        assert table.cursor_row == 3 and app.selected == []
        await pilot.click(LineTable, offset=(3, 4))
        assert app.selected == ["k3"]


@pytest.mark.asyncio
async def test_columns_fit_their_widest_cell_and_keep_their_style() -> None:
    app = TableApp(rows=12)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(LineTable)
        assert table.widths == (5, 6, len("commitment number 10"))
        assert table.virtual_size.width == sum(table.widths) + 2 * 3
        assert table.get_row_at(0) == ("r0000", "✓ done", "commitment number 0")
        segments = list(table.render_line(2))  # a row off the cursor
        by_text = {s.text.strip(): s.style for s in segments if s.text.strip()}
        assert by_text["r0001"] is not None and by_text["r0001"].dim
        assert by_text["✓ done"] is not None and by_text["✓ done"].color is not None
        assert by_text["✓ done"].color.name == "green"


@pytest.mark.asyncio
async def test_new_rows_keep_the_cursor_within_them_and_say_so() -> None:
    app = TableApp(rows=100)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(LineTable)
        table.move_cursor(row=50)
        await pilot.pause()
        table.show(COLUMNS, [("a", "b", "c"), ("d", "e", "f")], ["x", "y"])
        await pilot.pause()
        assert table.cursor_row == 1 and app.highlighted[-1] == "y"
        assert "d" in shown(table)[2]
        table.show(COLUMNS, [], [])
        await pilot.pause()
        assert table.row_count == 0 and table.highlighted_key is None
        await pilot.press("down", "end", "enter")  # nothing to move to or select
        assert app.selected == []


@pytest.mark.asyncio
async def test_history_lists_and_chart_move_by_keyboard(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        # The trend of a year scrolls to its key line and back.
        screen.query_one("#from", Input).focus()
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "2025-W48")
        await press(pilot, "enter")
        chart = screen.query_one("#chart-scroll", ChartView)
        deadline = time.monotonic() + 60  # a loaded machine: wait for it, not a count of pauses
        while True:  # the year's trend is loaded and laid out (taller than the view)
            trend = screen.trend
            loaded = trend is not None and trend.bars[0].label == "2025-W48"
            if loaded and chart.virtual_size.height > chart.size.height:
                break
            assert time.monotonic() < deadline, "the year's trend was never laid out"
            await pilot.pause(0.01)
        chart.focus()
        await press(pilot, "end")
        assert "weeks entered" in shown_chart(chart)[-1]
        await press(pilot, "home")
        assert "week by week" in shown_chart(chart)[0]
        await press(pilot, "pagedown")
        assert chart.scroll_y > 0

        await press(pilot, "2")
        listing = screen.query_one("#commitment-list", LineTable)
        assert screen.focused is listing and listing.row_count == len(screen.commitments) > 20
        last = screen.commitments[-1]
        await press(pilot, "end")
        assert listing.highlighted_key == last.id
        assert last.short_id in str(screen.query_one("#events", Static).render())
        await press(pilot, "pageup")
        assert 0 < listing.cursor_row < len(screen.commitments) - 1
        await press(pilot, "home", "down")
        assert listing.highlighted_key == screen.commitments[1].id
        assert screen.commitments[1].short_id in str(screen.query_one("#events", Static).render())


def shown_chart(chart: ChartView) -> list[str]:
    return [chart.render_line(y).text.rstrip() for y in range(chart.size.height)]


class LazyApp(App[None]):
    CSS = TableApp.CSS

    def __init__(self) -> None:
        super().__init__()
        self.count = ROWS
        self.made: list[int] = []

    def compose(self) -> ComposeResult:
        yield LineTable(id="table")

    def on_mount(self) -> None:

        def row(i: int) -> tuple[str, ...]:
            self.made.append(i)
            return (f"r{i:04}", "open", f"commitment number {i}")

        widths = [5, 4, len(f"commitment number {self.count - 1}")]
        table = self.query_one(LineTable)
        table.show(
            COLUMNS, LazyRows(self.count, row), [f"k{i}" for i in range(self.count)], widths=widths
        )
        table.focus()


@pytest.mark.asyncio
async def test_rows_made_when_drawn_are_the_ones_on_screen() -> None:
    app = LazyApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(LineTable)
        assert table.widths == (5, 6, len("commitment number 4999"))  # a label may be wider
        assert "r0000" in shown(table)[1]
        assert 0 < len(set(app.made)) <= table.size.height
        await pilot.press("end")
        await pilot.pause()
        assert shown(table)[-1].startswith(f" r{ROWS - 1:04}")
        assert len(set(app.made)) <= 2 * table.size.height
        assert table.get_row_at(2500) == ("r2500", "open", "commitment number 2500")


NASTY = [
    "改善された価格ページを公開する",  # wide characters: two cells each
    "Call the 🦄 account back",
    "Line one\nline two\ttabbed",  # made one line
    "Escape \x1b[31mred\x1b[0m shown inert",
    "A very long commitment " + "that goes on " * 20,
]


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 40)])
async def test_history_columns_fit_their_widest_cell(
    demo_ws: Workspace, make_app, size: tuple[int, int]
) -> None:
    for text in NASTY:
        demo_ws.add_commitment(text, "Maya Chen", week=Week.current())
    demo_ws.add_commitment(
        "Short", "Renée Ørsted-Łukasiewicz 佐藤", team="shared", week=Week.current()
    )
    app = make_app(demo_ws)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "h", "2")
        listing = app.screen.query_one("#commitment-list", LineTable)
        rows = [listing.rows[i] for i in range(listing.row_count)]
        assert len(rows) == len(app.screen.commitments) > len(NASTY)
        measured = tuple(
            max([cell_width(column.label), *(cell_width(row[i]) for row in rows)])
            for i, column in enumerate(listing.columns)
        )
        assert listing.widths == measured


@pytest.mark.asyncio
async def test_a_closed_screen_leaves_nothing_behind(demo_ws: Workspace, make_app) -> None:
    from screens.header import WATCHERS, ScreenHeader

    app = make_app(demo_ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        headers = []
        for key in ("h", "G", "r", "h"):
            await press(pilot, key)
            headers.append(weakref.ref(app.screen.query_one(ScreenHeader)))
            await press(pilot, "escape")
        gc.collect()
        # A closed screen may live on a while in Textual's own hands (each thread of
        # its pool keeps the last thread worker it ran, and that worker its screen),
        # but the app no longer keeps any closed header among its title watchers.
        watchers = getattr(app, WATCHERS)
        watching = [entry[0] for name in ("title", "sub_title") for entry in watchers[name]]
        closed = [header for ref in headers if (header := ref()) is not None]
        assert not any(header is watcher for header in closed for watcher in watching)

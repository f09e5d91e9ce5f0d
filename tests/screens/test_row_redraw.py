"""The scorecard draws again only the rows that change (screens/row_redraw.py),
and what it draws is what a table drawn from scratch shows: every value saved,
every column width, the cursor on its row and on no other."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable

from scorecard.numbers import format_number
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.row_redraw import RowRedraw, replace_cells
from screens.scorecard_table import ScorecardTable
from tests.screens.conftest import press, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


def drawn(table: DataTable[str]) -> list[list[Segment]]:
    """The table's lines as the next frame draws them (from its caches)."""
    return [list(strip) for strip in table.render_lines(Region(0, 0, *table.size))]


def afresh(table: DataTable[str]) -> list[list[Segment]]:
    """The same lines drawn by a table with nothing cached."""
    table._clear_caches()
    return drawn(table)


def row_text(table: ScorecardTable, name: str) -> str:
    lines = [strip.text for strip in table.render_lines(Region(0, 0, *table.size))]
    found = [line for line in lines if name in line]
    assert found, f"{name} is not on screen"
    return found[0]


async def test_values_entered_are_drawn_as_a_fresh_table_draws_them(
    workspace: Workspace, make_app
) -> None:
    config = workspace.config
    metrics = [m for m in config.metrics if not m.derived][:8]
    # Short and long numbers: the Actual column grows, and cells change width.
    texts = ["12", "95k", "7", "1,250", "3", "88", "450", "2"]
    app = make_app(workspace)
    async with app.run_test(size=(120, 30)) as pilot:  # short: the table scrolls
        await press(pilot)
        table = app.screen.query_one(ScorecardTable)
        assert drawn(table) == afresh(table)
        await press(pilot, "enter")
        for spec, text in zip(metrics, texts, strict=True):
            before = drawn(table)
            await type_text(pilot, text)
            await press(pilot, "enter")
            now = drawn(table)
            assert now != before  # the value, the cursor on the next metric
            assert now == afresh(table)
            stored = workspace.value(W47, spec.key)
            assert stored is not None
            shown = format_number(stored.value, spec.unit, config.currency)
            assert shown in row_text(table, spec.name[:20])


async def test_the_cursor_is_drawn_on_its_row_alone(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await press(pilot)
        table = app.screen.query_one(ScorecardTable)
        drawn(table)  # everything cached with the cursor on the first metric
        for keys in (["down"], ["down", "down"], ["up"], ["end"], ["home"]):
            await press(pilot, *keys)
            assert drawn(table) == afresh(table)


async def test_a_value_that_narrows_its_column_is_drawn_narrower(
    workspace: Workspace, make_app
) -> None:
    first = next(m for m in workspace.config.metrics if not m.derived)
    app = make_app(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await press(pilot)
        table = app.screen.query_one(ScorecardTable)
        widths = []
        for text in ("1,234,567", "5"):
            if table.has_focus:
                await press(pilot, "home", "enter")
            else:  # back from the entry to the first metric
                await press(pilot, "escape", "home", "enter")
            await type_text(pilot, text)
            await press(pilot, "enter")
            widths.append(next(c.content_width for k, c in table.columns.items() if k == "Actual"))
            assert drawn(table) == afresh(table)
        assert widths[1] < widths[0]
        assert workspace.value(W47, first.key).value == 5  # type: ignore[union-attr]


class Table(App[None]):
    """A bare table of the kind the scorecard is (a row cursor, auto-width columns)."""

    def compose(self) -> ComposeResult:
        yield PlainTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        table.add_column("Name", key="name")
        table.add_column("Value", key="value")
        for i in range(12):
            table.add_row(f"metric {i}", "10", key=f"m{i}")


class PlainTable(RowRedraw[str]):
    pass


def value_width(table: DataTable[str]) -> int:
    return next(c.content_width for k, c in table.columns.items() if k == "value")


async def test_a_cell_made_wider_or_narrower_resizes_its_column() -> None:
    async with Table().run_test(size=(60, 10)) as pilot:
        table = pilot.app.query_one(PlainTable)
        await pilot.pause()
        drawn(table)
        assert value_width(table) == len("Value")
        replace_cells(table, "m3", {"value": "1,234,567,890"})
        await pilot.pause()
        assert value_width(table) == len("1,234,567,890")
        assert drawn(table) == afresh(table)
        replace_cells(table, "m3", {"value": "5"})  # the widest cell, narrower now
        await pilot.pause()
        assert value_width(table) == len("Value")
        assert drawn(table) == afresh(table)
        replace_cells(table, "m4", {"value": "77"})  # no width changes
        await pilot.pause()
        assert table.get_cell("m4", "value") == "77"
        assert "77" in drawn_text(table)[1 + 4]
        assert drawn(table) == afresh(table)


async def test_only_the_cursor_row_is_drawn_as_the_cursor() -> None:
    async with Table().run_test(size=(60, 16)) as pilot:
        table = pilot.app.query_one(PlainTable)
        await pilot.pause()
        cursor = table.get_component_rich_style("datatable--cursor").bgcolor
        for row in (0, 1, 2, 5, 1):
            table.move_cursor(row=row)
            await pilot.pause()
            lines = [list(strip) for strip in table.render_lines(Region(0, 0, *table.size))]
            highlighted = [
                y
                for y, line in enumerate(lines)
                if any(s.style and s.style.bgcolor == cursor for s in line)
            ]
            assert highlighted == [1 + row]  # under the header line


def drawn_text(table: DataTable[str]) -> list[str]:
    return [strip.text for strip in table.render_lines(Region(0, 0, *table.size))]


def _on(segment: Segment, background: object) -> bool:
    return segment.style is not None and segment.style.bgcolor == background


async def test_a_frame_drawn_before_the_widths_follow_is_not_kept() -> None:
    # DataTable measures a changed column on idle, after update_cell: a frame
    # drawn in between (a loaded machine draws one) must not stay cached.
    async with Table().run_test(size=(60, 10)) as pilot:
        table = pilot.app.query_one(PlainTable)
        await pilot.pause()
        replace_cells(table, "m3", {"value": "1,234,567,890"})
        drawn(table)  # drawn with the old widths, before the table is idle
        await pilot.pause()
        assert value_width(table) == len("1,234,567,890")
        assert drawn(table) == afresh(table)
        replace_cells(table, "m3", {"value": "5"})
        drawn(table)
        await pilot.pause()
        assert value_width(table) == len("Value")
        assert drawn(table) == afresh(table)

"""The history's metric picker (screens/lazy_select.py): it shows the metric
drawn, and picks another by keys (m, then Enter, ↓, Enter) or by the mouse,
as Textual's Select does; the Select is made only when the picker is used."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from scorecard.workspace import Workspace
from screens.history import HistoryScreen
from screens.lazy_select import LazySelect
from tests.screens.conftest import press, settle


def _title(screen: HistoryScreen) -> str:
    return screen.query_one("#chart-scroll").text().splitlines()[0]


@pytest.mark.asyncio
async def test_a_metric_picked_by_keys_is_charted(demo_ws: Workspace, make_app) -> None:
    first, second = demo_ws.config.metrics[:2]
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        picker = screen.query_one("#metric", LazySelect)
        assert not screen.query(Select)  # nothing made until it is used
        line = picker.children[0].render_line(0).text  # the closed Select's line
        assert line.startswith(first.name) and line.rstrip().endswith("▼")
        assert _title(screen).startswith(first.name)

        await press(pilot, "m")
        select = picker.query_one(Select)
        assert select.has_focus and select.value == first.key and not select.expanded
        await press(pilot, "enter")
        assert select.expanded
        await press(pilot, "down", "enter")
        await settle(pilot)
        assert not select.expanded and picker.value == second.key
        assert screen.trend is not None and screen.trend.metric == second.key
        assert _title(screen).startswith(second.name)
        # Escape leaves the picker, then the screen.
        await press(pilot, "escape")
        assert screen.query_one("#chart-scroll").has_focus
        await press(pilot, "escape")
        assert not isinstance(app.screen, HistoryScreen)


@pytest.mark.asyncio
async def test_a_click_opens_the_picker(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        await pilot.click("#metric")
        await settle(pilot)
        select = screen.query_one("#metric", LazySelect).query_one(Select)
        assert select.expanded
        await press(pilot, "escape")  # closes the list, keeps the metric
        assert not select.expanded and select.value == demo_ws.config.metrics[0].key
        assert isinstance(app.screen, HistoryScreen)

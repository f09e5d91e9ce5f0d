"""Opening the history: its first range is on screen from the first frame, and
a range read later still loads behind (the app keeps answering keys)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from scorecard.errors import ScorecardError
from scorecard.workspace import Workspace
from screens.chart import ChartView
from screens.history import HistoryScreen
from screens.line_table import LineTable
from tests.screens.conftest import notices, press, settle, type_text


def _record_mount(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What each history screen holds when its ``on_mount`` ends: before its
    first layout, so before anything is drawn."""
    seen: list[dict[str, Any]] = []
    mounted = HistoryScreen.on_mount

    def on_mount(self: HistoryScreen) -> None:
        mounted(self)
        chart = self.query_one("#chart-scroll", ChartView)
        seen.append(
            {
                "bars": len(self.trend.bars) if self.trend else 0,
                "chart": chart.text(),
                "commitments": self.query_one("#commitment-list", LineTable).row_count,
                "saydo": self.query_one("#saydo-table", LineTable).row_count,
                "loading": [w for w in self.workers if w.group.startswith("history")],
            }
        )

    monkeypatch.setattr(HistoryScreen, "on_mount", on_mount)
    return seen


@pytest.mark.asyncio
async def test_the_first_frame_shows_the_range(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _record_mount(monkeypatch)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        [first] = seen
        assert first["bars"] == 13
        assert "week by week" in first["chart"]
        assert first["commitments"] == len(screen.commitments) > 0
        assert first["saydo"] == 13
        assert first["loading"] == []  # nothing left to load and draw again

        # A range typed later loads in a worker and is shown when it arrives.
        screen.query_one("#from", Input).focus()
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "2025-W48")
        await press(pilot, "enter")
        assert screen.trend is not None and screen.trend.bars[0].label == "2025-W48"


@pytest.mark.asyncio
async def test_a_first_read_that_fails_is_said_and_the_screen_opens(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_: object) -> None:
        raise ScorecardError("the database is locked by another program; try again")

    app = make_app(demo_ws)
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(demo_ws, "metric_history", locked)
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.trend is None
        assert any("locked" in m for m in said)
        monkeypatch.undo()
        await press(pilot, "escape")
        await press(pilot, "h")  # and opens with its data once the file can be read
        assert app.screen.trend is not None

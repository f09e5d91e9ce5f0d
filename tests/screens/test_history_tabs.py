"""The history's tabs after a change: a range (or a change made elsewhere)
reads what the shown tab needs; each other tab shows nothing of the range
before and reads its own when it is shown."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.history import HistoryScreen
from screens.line_table import LineTable
from tests.screens.conftest import press, settle, type_text


async def _range(pilot, screen: HistoryScreen, first: str, last: str) -> None:
    for field, week in (("#from", first), ("#to", last)):
        screen.query_one(field, Input).focus()
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, week)
    await press(pilot, "enter")


@pytest.mark.asyncio
async def test_a_tab_shown_after_a_range_change_shows_that_range(
    demo_ws: Workspace, make_app
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h", "2")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        listing = screen.query_one("#commitment-list", LineTable)
        before = set(listing.row_keys)
        assert len(before) > 3
        await press(pilot, "1")
        await _range(pilot, screen, "2026-W47", "2026-W47")
        assert screen.trend is not None and [b.label for b in screen.trend.bars] == ["2026-W47"]
        # Under the trend, the lists hold nothing of the range before.
        assert listing.row_count == 0
        assert str(screen.query_one("#events", Static).render()) == ""
        assert screen.query_one("#saydo-table", LineTable).row_count == 0

        await press(pilot, "escape", "2")  # out of the range field, then the tab
        w47 = parse_week("2026-W47")
        alive = [c for c in demo_ws.commitments() if c.week_made <= w47.id <= c.due_week]
        assert set(listing.row_keys) == {c.id for c in alive} < before
        story = str(screen.query_one("#events", Static).render())
        assert listing.highlighted_key is not None and listing.highlighted_key[:7] in story
        await press(pilot, "3")
        assert screen.query_one("#history-tabs").active == "saydo"
        assert screen.query_one("#saydo-table", LineTable).get_row_at(0)[0] == "2026-W47"


@pytest.mark.asyncio
async def test_a_change_made_elsewhere_reads_the_shown_tab_and_the_others_when_shown(
    demo_ws: Workspace, make_app, demo_dir
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h", "2")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        week = parse_week("2026-W47")
        with Workspace.open(demo_dir / "scorecard.toml") as colleague:
            made = colleague.add_commitment("Ship the pricing page", "Sam Rivera", week=week)
        screen.refresh_data()  # what the app does when its poll sees the write
        await settle(pilot)
        listing = screen.query_one("#commitment-list", LineTable)
        assert made.id in listing.row_keys
        # The issues tab, not shown then, reads its own when shown.
        await press(pilot, "4")
        assert screen.query_one("#history-tabs").active == "issues"
        assert list(screen.query_one("#issue-list", LineTable).row_keys) == [
            i.id for i in demo_ws.issues_between(screen.first, screen.last)
        ]

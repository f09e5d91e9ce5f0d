"""The app's merge-conflict banner and screen (ctrl+r), on a merged database."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.app import GIT_CHECK_DELAY
from screens.conflicts import ConflictsScreen, GitBanner
from screens.week import WeekScreen
from tests.scorecard.test_conflicts import _diverge
from tests.screens.conftest import press, settle

W47 = parse_week("2026-W47")


@pytest.mark.asyncio
async def test_banner_leads_to_the_conflicts_screen_and_goes_away(workspace_dir, make_app):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 100)
    _diverge(
        workspace_dir,
        lambda ws: ws.set_value(W47, "mqls", 110),
        lambda ws: ws.set_value(W47, "mqls", 120),
    )
    ws = Workspace.open(workspace_dir / "scorecard.toml")
    try:
        app = make_app(ws)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(GIT_CHECK_DELAY)  # git is asked once the week is on screen
            await settle(pilot)
            banner = app.screen.query_one(GitBanner)
            assert banner.display
            assert "1 merge conflict(s) to resolve" in str(banner.render())
            await press(pilot, "ctrl+r")
            assert isinstance(app.screen, ConflictsScreen)
            await press(pilot, "t")
            assert app.screen.items == []
            assert "git add scorecard.db" in str(
                app.screen.query_one("#conflicts-help", Static).render()
            )
            await press(pilot, "escape")
            assert isinstance(app.screen, WeekScreen)
            await settle(pilot)
            assert not app.screen.query_one(GitBanner).display
        assert ws.value(W47, "mqls").value == 120
    finally:
        ws.close()


@pytest.mark.asyncio
async def test_no_banner_without_git_or_conflicts(workspace, make_app):
    app = make_app(workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(GIT_CHECK_DELAY)
        await settle(pilot)
        assert not list(app.screen.query(GitBanner))

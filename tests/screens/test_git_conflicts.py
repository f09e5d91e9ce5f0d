"""The app's merge-conflict banner and screen (ctrl+r), on a merged database."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from textual.widgets import Static

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.conflicts import ConflictsScreen, GitBanner
from screens.week import WeekScreen
from tests.scorecard.test_conflicts import _diverge
from tests.screens.conftest import git_checked, press, settle

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
            await git_checked(pilot)  # git is asked once the week is on screen
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
        await git_checked(pilot)
        assert not list(app.screen.query(GitBanner))


@pytest.mark.asyncio
async def test_outside_git_a_copied_database_still_names_its_conflicts(workspace_dir, make_app):
    """Not in a git work tree, git is not asked; the conflicts a merge left in the
    file (copied out of its repository) are still named."""
    now, note = "2026-11-18T12:00:00Z", "c" * 32
    conn = sqlite3.connect(workspace_dir / "scorecard.db")
    with conn:
        conn.execute(
            "INSERT INTO notes VALUES (?, '2026-W47', 'idea', 'Maya Chen', 'x', ?, ?)",
            [note, now, now],
        )
        conn.execute(
            "INSERT INTO conflicts VALUES (?, 'notes', ?, 'text', '\"a\"', '\"b\"', '\"c\"', ?)",
            ["d" * 32, f'["{note}"]', now],
        )
    conn.close()
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        app = make_app(ws)
        async with app.run_test(size=(120, 36)) as pilot:
            await git_checked(pilot)
            banner = app.screen.query_one(GitBanner)
            assert "1 merge conflict(s) to resolve" in str(banner.render())


OUTSIDE_GIT = """
import asyncio, json, sys
from scorecard.workspace import Workspace
from screens.app import ScorecardApp

async def main():
    with Workspace.open("scorecard.toml") as ws:
        app = ScorecardApp(ws, poll_interval=None)
        async with app.run_test(size=(120, 36)) as pilot:
            for _ in range(3000):  # asked a moment after the first frame
                await pilot.pause(0.01)
                if app.git_checks:
                    break
    git = [m for m in ("scorecard.gitops", "scorecard.gitstate", "scorecard.gitrun")
           if m in sys.modules]
    print(json.dumps({"git": git, "checks": app.git_checks}))

asyncio.run(main())
"""


def test_outside_git_the_app_loads_no_git_code(workspace_dir):
    """Outside a git work tree, the app's git check runs no git and loads none of
    the modules that would (start-up: docs/benchmarks.md)."""
    done = subprocess.run(
        [sys.executable, "-c", OUTSIDE_GIT],
        cwd=workspace_dir,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"git": [], "checks": 1}

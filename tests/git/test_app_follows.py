"""The app left open across real ``git pull``: it follows the replaced file (Pilot)."""

from __future__ import annotations

import asyncio
import os

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from tests.git.conftest import git, query, sc_process
from tests.screens.conftest import press, settle, type_text

pytestmark = pytest.mark.asyncio
W47 = parse_week("2026-W47")


async def _until(pilot, condition, what: str, seconds: float = 20.0) -> None:
    """Wait for ``condition`` (the app polls the file), failing after ``seconds``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def _value(folder, metric):
    rows = query(
        folder / "scorecard.db", "SELECT value FROM metric_values WHERE metric = ?", (metric,)
    )
    return rows[0][0] if rows else None


async def test_the_open_app_follows_pull_and_merge_and_keeps_typed_text(clones):
    sales, marketing = clones
    ws = Workspace.open(marketing / "scorecard.toml")
    app = ScorecardApp(ws, W47, poll_interval=0.2)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(ScorecardTable)
            first = ws.config.metrics[0].key
            # sales pushes a value; marketing pulls (fast-forward) with the app open
            sc_process(sales, "set", "pipeline", "777")
            git(sales, "commit", "--quiet", "-am", "Pipeline")
            git(sales, "push", "--quiet")
            await press(pilot, "enter")
            await type_text(pilot, "13")  # typed, not saved yet
            inode = os.stat(marketing / "scorecard.db").st_ino
            await asyncio.to_thread(git, marketing, "pull", "--quiet")
            assert os.stat(marketing / "scorecard.db").st_ino != inode  # a new file
            await _until(pilot, lambda: table.lines["pipeline"].actual == 777, "the pull")
            entry = app.screen.query_one(ValueEntry)
            assert entry.input.value == "13" and entry.metric == first
            await press(pilot, "enter")  # saves into the new file: no "read-only"
            assert not entry.has_class("-error"), entry.query_one("#entry-error").render()
            assert _value(marketing, first) == 13 and _value(marketing, "pipeline") == 777

            # now both sides changed: the pull is a real merge through the driver
            git(marketing, "commit", "--quiet", "-am", "MQLs")
            sc_process(sales, "set", "web-visits", "9100")
            git(sales, "commit", "--quiet", "-am", "Visits")
            git(sales, "push", "--quiet")
            await asyncio.to_thread(git, marketing, "pull", "--quiet", "--no-edit")
            await _until(pilot, lambda: table.lines["web-visits"].actual == 9100, "the merge")
            assert table.lines[first].actual == 13
            await press(pilot, "escape")
        ws.set_value(W47, "sqls-accepted", 5)  # the service writes to the merged file too
    finally:
        ws.close()
    assert _value(marketing, "sqls-accepted") == 5 and _value(marketing, "web-visits") == 9100
    assert git(marketing, "status", "--porcelain").stdout == " M scorecard.db\n"

"""The first week read while the app loads (scorecard/read/ahead.py): the week
screen shows what was read ahead without reading it again, and reads it again
when something was written since (another process, between the read and the
first frame)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from scorecard.read.ahead import WeekAhead
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp
from screens.week import WeekScreen
from tests.screens.conftest import settle


def counted_reads(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[Week]:
    reads: list[Week] = []
    real = ws.summary

    def summary(week: Week) -> Any:
        reads.append(week)
        return real(week)

    monkeypatch.setattr(ws, "summary", summary)
    return reads


def cells(app: ScorecardApp) -> list[str]:
    table = app.screen.query_one("#scorecard", DataTable)
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


def app_with(ws: Workspace, ahead: WeekAhead) -> ScorecardApp:
    return ScorecardApp(ws, ahead.week, poll_interval=None, prepare_after=None, ahead=ahead)


def typed_metric(ws: Workspace) -> str:
    return next(m.key for m in ws.config.metrics if not m.derived)


@pytest.mark.asyncio
async def test_the_week_read_ahead_is_shown_and_not_read_again(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counted_reads(demo_ws, monkeypatch)
    week = Week.current()
    demo_ws.set_value(week, typed_metric(demo_ws), 4321.0)
    ahead = WeekAhead(demo_ws, week)
    app = app_with(demo_ws, ahead)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert any("4,321" in cell or "4321" in cell for cell in cells(app))
        assert app.screen.issues_shown is not None
    assert reads == [week]  # by the read ahead only


@pytest.mark.asyncio
async def test_a_write_after_the_read_ahead_is_shown_on_the_first_frame(
    demo_ws: Workspace, demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = Week.current()
    metric = typed_metric(demo_ws)
    ahead = WeekAhead(demo_ws, week)
    assert ahead.taken() is not None  # read (and handed over) before the write
    ahead = WeekAhead(demo_ws, week)
    ahead._thread.join()
    other = Workspace.open(demo_dir / "scorecard.toml")  # as another process
    try:
        other.set_value(week, metric, 9876.0)
    finally:
        other.close()
    reads = counted_reads(demo_ws, monkeypatch)
    app = app_with(demo_ws, ahead)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("9,876" in cell or "9876" in cell for cell in cells(app))
    assert reads == [week]  # read again by the screen: the file changed since


def test_a_week_that_cannot_be_read_ahead_is_left_to_the_screen(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scorecard.errors import ScorecardError

    def locked(week: Week) -> Any:
        raise ScorecardError("the file is locked")

    monkeypatch.setattr(demo_ws, "summary", locked)
    assert WeekAhead(demo_ws, Week.current()).taken() is None

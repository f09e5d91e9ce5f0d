"""The guided sync draws its scorecard once as it opens: the table's scrollbar
(more metrics than its height of 20) is there before the first layout
(screens/guided.py, ``expect_scrollbar``), not found after it (the table laid
out again, narrower, and drawn again), and what is shown is what Textual's own way
shows."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scorecard.defaults import default_config
from scorecard.workspace import Workspace
from screens import guided
from screens.guided import GuidedSyncScreen
from screens.scorecard_table import ScorecardTable
from tests.screens.conftest import press

pytestmark = pytest.mark.asyncio


async def open_guided(app: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, Any, bool]:
    """Opens the guided sync: at how many widths its scorecard's rows were laid
    out (a layout, not a frame: frames coalesce on a loaded machine), the
    picture, the table's place, and whether it shows its scrollbar."""
    widths: set[int] = set()
    real = ScorecardTable._size_updated  # private: the layout sizing the widget

    def sized(self: ScorecardTable, size: Any, virtual: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(self.screen, GuidedSyncScreen):
            widths.add(virtual.width)  # the rows' width: beside the scrollbar, or not
        return real(self, size, virtual, *args, **kw)

    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot)
        with monkeypatch.context() as patched:
            patched.setattr(ScorecardTable, "_size_updated", sized)
            await press(pilot, "s")
        assert isinstance(app.screen, GuidedSyncScreen)
        table = app.screen.query_one(ScorecardTable)
        picture = re.sub(r"terminal-\d+", "terminal", app.export_screenshot())
        return len(widths), picture, table.region, table.show_vertical_scrollbar


@pytest.fixture
def many_metrics(tmp_path: Path) -> Iterator[Workspace]:
    """The default metrics twice over: more rows than the scorecard's height."""
    base = default_config("Many metrics")
    copies = [
        dataclasses.replace(m, key=f"{m.key}-2", name=f"{m.name} 2", stage=None)
        for m in base.metrics
        if not m.derived
    ]
    ws = Workspace.create(
        dataclasses.replace(base, metrics=[*base.metrics, *copies]), tmp_path / "scorecard.toml"
    )
    yield ws
    ws.close()


async def test_the_scorecard_scrollbar_is_there_before_the_first_layout(
    many_metrics: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(GuidedSyncScreen, "TICK", 3600.0)  # the step's clock stopped
    widths, picture, region, scrollbar = await open_guided(make_app(many_metrics), monkeypatch)
    assert scrollbar  # the metrics do not fit
    monkeypatch.setattr(guided, "expect_scrollbar", lambda table: None)
    widths_as, picture_as, region_as, scrollbar_as = await open_guided(
        make_app(many_metrics), monkeypatch
    )
    assert (picture, region, scrollbar) == (picture_as, region_as, scrollbar_as)
    assert widths == 1  # laid out once, at the width beside its scrollbar
    assert widths_as == 2  # found after the first layout: laid out again, narrower

"""A screen opened again is laid out and styled as the first time.

From the second time on, a screen is opened with one layout and no restyle
(``screens.lifecycle.OpensOnce``): its CSS is read already, so mounting styles
every widget. The snapshots only see first openings; this compares the second
with the first, widget by widget, and a resize of the terminal after it.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen

from scorecard.workspace import Workspace
from screens.footer import FittedFooter
from screens.guided import GuidedSyncScreen
from screens.week import WeekScreen
from tests.screens.conftest import press, settle

pytestmark = pytest.mark.asyncio

OPENINGS = [("h",), ("G",), ("I",), ("r",), ("question_mark",), ("s",), ("h", "2")]


def look(screen: Screen[Any]) -> list[tuple[object, ...]]:
    """Every widget shown: what it is, where, and its main styles."""
    return [
        (
            type(w).__name__,
            w.id,
            sorted(w.classes),
            w.region,
            w.styles.background,
            w.styles.color,
            w.styles.text_style,
            w.styles.border,
            w.styles.align,
        )
        for w in screen.walk_children(with_self=True)
        if w.display
    ]


@pytest.mark.parametrize("keys", OPENINGS, ids=lambda k: "+".join(k))
async def test_a_screen_opened_again_looks_as_the_first_time(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch, keys: tuple[str, ...]
) -> None:
    monkeypatch.setattr(GuidedSyncScreen, "TICK", 3600.0)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        first = look(app.screen)
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)
        await press(pilot, *keys)
        assert look(app.screen) == first
        # A real resize still lays it out: to a size of the same classes,
        await pilot.resize_terminal(150, 40)
        await settle(pilot)
        footers = app.screen.query(FittedFooter)
        if footers:
            assert footers.first().region.width == 150
        else:  # a dialog: centred on the new width
            box = app.screen.children[0].region
            assert abs(box.x + box.right - 150) <= 1
        # and to another, which gives it its classes.
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "-narrow" in app.screen.classes
        assert app.screen.size == (80, 24)
        assert all(w.region.right <= 80 for w in app.screen.walk_children() if w.display)

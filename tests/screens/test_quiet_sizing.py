"""Screens are laid out without the layouts Textual asks for only because its
widgets got new sizes (screens/lifecycle.py, ``sized_quietly``; how many a
start-up takes: tests/screens/test_startup_work.py). The app shows exactly what
Textual's own layouts show: at start-up, a screen opened over the week, three
resizes and the entry's field mounted, every widget at the same place with the
same size, virtual size and container size, and the same picture."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from textual.screen import Screen

from scorecard.workspace import Workspace
from screens import lifecycle
from tests.screens.conftest import press, settle


def what_is_shown(screen: Screen[Any]) -> tuple[dict[str, tuple[Any, ...]], str]:
    """Each widget's place and sizes (by its path in the DOM), and the picture."""
    placed: dict[str, tuple[Any, ...]] = {}
    for widget, geometry in screen._compositor._full_map.items():
        path = "/".join(f"{type(n).__name__}#{n.id}" for n in reversed(widget.ancestors_with_self))
        n = 0
        while f"{path}[{n}]" in placed:
            n += 1
        placed[f"{path}[{n}]"] = (
            geometry.region,
            geometry.virtual_size,
            widget.size,
            widget.container_size,
            widget.virtual_size,
        )
    picture = re.sub(r"terminal-\d+", "terminal", screen.app.export_screenshot())
    return placed, picture


async def run_through(app: Any) -> list[tuple[dict[str, tuple[Any, ...]], str]]:
    seen = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen.append(what_is_shown(app.screen))
        await press(pilot, "h")  # a screen opened over the week
        assert type(app.screen).__name__ == "HistoryScreen"
        seen.append(what_is_shown(app.screen))
        await press(pilot, "escape")
        for size in ((80, 24), (200, 60), (120, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            seen.append(what_is_shown(app.screen))
        await press(pilot, "enter")  # the entry's field mounted under the table
        seen.append(what_is_shown(app.screen))
    return seen


@pytest.mark.asyncio
async def test_what_is_shown_is_what_textuals_own_layouts_show(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet = await run_through(make_app(demo_ws))
    monkeypatch.setattr(lifecycle, "sized_quietly", contextlib.nullcontext)
    textuals = await run_through(make_app(demo_ws))
    assert len(quiet) == len(textuals) == 6
    for (placed, picture), (placed_as, picture_as) in zip(quiet, textuals, strict=True):
        assert placed == placed_as
        assert picture == picture_as

"""The screens' header: one widget that draws what Textual's four-widget Header draws."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.strip import Strip
from textual.widgets import Header

from screens.header import ICON_TOOLTIP, ScreenHeader


class HeaderApp(App[None]):
    def __init__(self, header: type[Header] | type[ScreenHeader]) -> None:
        super().__init__()
        self.header = header

    def compose(self) -> ComposeResult:
        yield self.header(icon="◆")

    def on_mount(self) -> None:
        # At 80 columns it is cut (with an ellipsis) to fill the room exactly.
        self.title = "Northwind — Sales & Marketing"
        self.screen.sub_title = "2026-W47 (16 Nov – 22 Nov 2026)"


def cells(strip: Strip) -> list[tuple[str, str]]:
    """Each cell's character and style, as a terminal (or an SVG) shows it."""
    return [(ch, str(seg.style)) for seg in strip for ch in seg.text]


def first_lines(app: App[None], n: int = 4) -> list[list[tuple[str, str]]]:
    return [cells(line) for line in app.screen._compositor.render_strips()[:n]]


async def drawn(header: type[Any], width: int, *, hover: bool, tall: bool) -> Any:
    app = HeaderApp(header)
    async with app.run_test(size=(width, 6)) as pilot:
        await pilot.pause()
        if hover:
            await pilot.hover(offset=(3, 0))
        if tall:
            await pilot.click(offset=(20, 0))
        await pilot.pause()
        if header is ScreenHeader:
            shown = app.query_one(ScreenHeader).tooltip
            assert shown == (ICON_TOOLTIP if hover and not tall else None)
        return first_lines(app)


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [30, 80, 200])
@pytest.mark.parametrize(("hover", "tall"), [(False, False), (True, False), (True, True)])
async def test_draws_what_textuals_header_draws(width: int, hover: bool, tall: bool) -> None:
    ours = await drawn(ScreenHeader, width, hover=hover, tall=tall)
    assert ours == await drawn(Header, width, hover=hover, tall=tall)


@pytest.mark.asyncio
async def test_title_changes_are_drawn() -> None:
    app = HeaderApp(ScreenHeader)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        app.screen.sub_title = "2026-W48"
        await pilot.pause()
        line = "".join(ch for ch, _ in first_lines(app, 1)[0])
        assert "Northwind — Sales & Marketing — 2026-W48" in line


@pytest.mark.asyncio
async def test_click_on_icon_opens_the_palette_elsewhere_makes_it_tall() -> None:
    app = HeaderApp(ScreenHeader)
    async with app.run_test(size=(80, 6)) as pilot:
        header = app.query_one(ScreenHeader)
        await pilot.click(offset=(30, 0))
        await pilot.pause()
        assert header.size.height == 3
        await pilot.click(offset=(30, 0))
        await pilot.pause()
        assert header.size.height == 1
        await pilot.click(offset=(2, 0))
        for _ in range(50):
            if isinstance(app.screen, CommandPalette):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, CommandPalette)

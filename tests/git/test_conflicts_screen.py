"""The conflicts screen and banner, driven with Pilot in a small host app."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Input, Label

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.conflicts import ConflictsScreen, GitBanner, ValuePrompt
from tests.scorecard.test_conflicts import _diverge
from tests.screens.conftest import settle

W47 = parse_week("2026-W47")


class Host(App[None]):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws

    def compose(self) -> ComposeResult:
        yield GitBanner(id="banner")

    def on_mount(self) -> None:
        self.push_screen(ConflictsScreen(self.ws))


def _two_conflicts(folder):
    with Workspace.open(folder / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 100)
        ws.set_value(W47, "pipeline", 1000)
    _diverge(
        folder,
        lambda ws: (ws.set_value(W47, "mqls", 110), ws.set_value(W47, "pipeline", 2000)),
        lambda ws: (ws.set_value(W47, "mqls", 120), ws.set_value(W47, "pipeline", 3000)),
    )


def test_resolve_conflicts_on_the_screen(workspace_dir):
    _two_conflicts(workspace_dir)
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        asyncio.run(_resolve_on_screen(ws))
        assert ws.value(W47, "mqls").value == 120
        assert ws.value(W47, "pipeline").value == 2500


async def _resolve_on_screen(ws):
    app = Host(ws)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        assert [c.key[1] for c in screen.items] == ["mqls", "pipeline"]
        await pilot.press("t")
        await settle(pilot)
        assert [c.key[1] for c in screen.items] == ["pipeline"]
        await pilot.press("v", "l", "o", "t", "s", "enter")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, ValuePrompt)  # refused: not a number, the text stays
        assert prompt.query_one(Input).value == "lots"
        assert "lots" in str(prompt.query_one("#prompt-error", Label).render())
        assert len(screen.items) == 1
        prompt.query_one(Input).value = ""
        await pilot.press("2", "5", "0", "0", "enter")
        await settle(pilot)
        assert screen.items == []
        help_text = str(screen.query_one("#conflicts-help").render())
        assert "git add scorecard.db" in help_text


def test_banner_shows_notices_and_hides_when_none():
    asyncio.run(_banner())


async def _banner():
    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield GitBanner(id="banner")

    app = Plain()
    async with app.run_test() as pilot:
        banner = app.query_one(GitBanner)
        banner.show_notices(["2 merge conflict(s) to resolve: run 'scorecard conflicts'"])
        await pilot.pause()
        assert banner.display and "ctrl+r" in str(banner.render())
        banner.show_notices([])
        await pilot.pause()
        assert not banner.display

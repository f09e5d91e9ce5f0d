"""The footer: one line drawn from the screen's keys (screens/footer.py).

What it shows at each size is in test_layout.py (and the snapshots); these are
the mouse (a click presses a key, the key under the mouse is highlighted with
its tooltip), a key that cannot run now, and that a refresh of the bindings
that changes no key draws nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Label

from scorecard.workspace import Workspace
from screens.footer import FittedFooter
from screens.history import HistoryScreen
from tests.screens.conftest import settle

pytestmark = pytest.mark.asyncio

PAIR = Binding.Group("Pair")


class KeysScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "note('a')", "Ring", tooltip="Says a"),
        Binding("b", "note('b')", "Blocked", tooltip="Not now"),
        Binding("l", "note('l')", "Left", group=PAIR),
        Binding("r", "note('r')", "Right", group=PAIR),
    ]

    def compose(self) -> ComposeResult:
        yield Label("keys")
        yield FittedFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("b",) else True

    def action_note(self, what: str) -> None:
        self.app.notes.append(what)  # type: ignore[attr-defined]


class KeysApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []
        self.bells = 0

    def on_mount(self) -> None:
        self.push_screen(KeysScreen())

    def bell(self) -> None:
        self.bells += 1


def cells_of(footer: FittedFooter, description: str) -> tuple[int, int]:
    return next((s, e) for s, e, key in footer.drawn_keys() if key.description == description)


def styles_at(footer: FittedFooter, start: int, end: int) -> set[Any]:
    """The styles of the footer's line over cells ``start`` to ``end``."""
    return {segment.style for segment in footer.render_line(0).crop(start, end)}


async def test_a_click_presses_its_key_or_rings_the_bell_if_it_cannot_run() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(FittedFooter)
        assert footer.line_text.startswith("a Ring b Blocked l r Pair ")
        start, end = cells_of(footer, "Ring")
        await pilot.click(FittedFooter, offset=(start + 2, 0))
        await settle(pilot)
        assert app.notes == ["a"] and app.bells == 0
        # A key that cannot run now is drawn dim; a click on it only rings.
        blocked = cells_of(footer, "Blocked")
        assert all(style.dim for style in styles_at(footer, *blocked))
        assert not any(style.dim for style in styles_at(footer, start, end))
        await pilot.click(FittedFooter, offset=(blocked[0], 0))
        await settle(pilot)
        assert app.notes == ["a"] and app.bells == 1
        # A grouped key is pressed alone; the gap between keys presses nothing.
        right = next(s for s, _, key in footer.drawn_keys() if key.display == "r")
        await pilot.click(FittedFooter, offset=(right, 0))
        await pilot.click(FittedFooter, offset=(end, 0))
        await settle(pilot)
        assert app.notes == ["a", "r"] and app.bells == 1


async def test_the_key_under_the_mouse_is_highlighted_with_its_tooltip() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(FittedFooter)
        ring = cells_of(footer, "Ring")
        plain = styles_at(footer, *ring)
        await pilot.hover(FittedFooter, offset=(ring[0], 0))
        await settle(pilot)
        assert footer.tooltip == "Says a"
        lit = styles_at(footer, *ring)
        assert {s.bgcolor for s in lit} != {s.bgcolor for s in plain}
        blocked = cells_of(footer, "Blocked")
        await pilot.hover(FittedFooter, offset=(blocked[0], 0))
        await settle(pilot)
        assert footer.tooltip == "Not now"
        assert styles_at(footer, *ring) == plain
        await pilot.hover(FittedFooter, offset=(40, 0))  # no key there
        await settle(pilot)
        assert footer.tooltip is None
        assert styles_at(footer, *blocked) != styles_at(footer, *ring)  # still dim, not lit


async def test_a_click_on_a_screen_s_key_or_the_palette_key(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        start, _ = cells_of(app.screen.query_one(FittedFooter), "History")
        await pilot.click(FittedFooter, offset=(start, 0))
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        footer = app.screen.query_one(FittedFooter)
        start, _, palette = footer.drawn_keys()[-1]
        assert palette.description == "palette"
        await pilot.click(FittedFooter, offset=(start, 0))
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)


async def test_a_refresh_of_the_bindings_that_changes_no_key_draws_nothing(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    render_line = FittedFooter.render_line

    def counted(footer: FittedFooter, y: int) -> Any:
        drawn.append(footer.line_text)
        return render_line(footer, y)

    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(FittedFooter, "render_line", counted)
        for _ in range(3):
            app.screen.refresh_bindings()  # what a list's state change does
            await settle(pilot)
        assert drawn == []
        await pilot.press("tab")  # a commitment: its keys come first
        await settle(pilot)
        assert drawn
        assert app.screen.query_one(FittedFooter).line_text.startswith("d Done ")

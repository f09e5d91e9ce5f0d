"""The history's tabs (screens/tabs.py): a click on a label shows its tab, as
its key does, with the tab's chart or list focused; the label under the mouse
is lit; Tab reaches the bar, where ← → switch; the bar holds only panes."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from scorecard.workspace import Workspace
from screens.history import HistoryScreen
from screens.line_table import LineTable
from screens.tabs import Pane, TabBar, Tabbed
from tests.screens.conftest import press, settle


@pytest.mark.asyncio
async def test_a_click_on_a_label_shows_its_tab_focused(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        tabs = screen.query_one("#history-tabs", Tabbed)
        bar = screen.query_one(TabBar)
        # " 1 Trend  2 Commitments  3 Say/do  4 Issues ": the third label's middle.
        x = len(" 1 Trend  2 Commitments  3 Sa")
        assert bar.tab_at(x) == "saydo"
        await pilot.click(TabBar, offset=(x, 0))
        await settle(pilot)
        assert tabs.active == "saydo"
        saydo = screen.query_one("#saydo-table", LineTable)
        assert saydo.has_focus and screen.query_one("#saydo").display
        assert saydo.get_row_at(0)[0] == str(screen.first)
        assert not screen.query_one("#trend").display

        # A click past the last label changes nothing.
        await pilot.click(TabBar, offset=(bar.size.width - 1, 0))
        await settle(pilot)
        assert tabs.active == "saydo"

        await pilot.click(TabBar, offset=(len(" 1 Trend  2 Comm"), 0))
        await settle(pilot)
        assert tabs.active == "commitments"
        listing = screen.query_one("#commitment-list", LineTable)
        assert listing.has_focus and listing.row_count == len(screen.commitments) > 0
        story = str(screen.query_one("#events", Static).render())
        assert listing.highlighted_key is not None and listing.highlighted_key[:7] in story

        await press(pilot, "1")  # and the keys still switch
        assert tabs.active == "trend" and screen.query_one("#chart-scroll").has_focus


@pytest.mark.asyncio
async def test_tab_reaches_the_bar_and_arrows_switch_there(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        tabs = screen.query_one("#history-tabs", Tabbed)
        bar = screen.query_one(TabBar)
        assert screen.query_one("#chart-scroll").has_focus
        await press(pilot, "shift+tab")  # the bar comes just before the shown content
        assert bar.has_focus
        lit = "".join(s.text for s in bar.render_line(0))
        assert "1 Trend" in lit
        await press(pilot, "right")
        assert tabs.active == "commitments" and bar.has_focus  # the bar keeps the focus
        assert screen.query_one("#commitment-list", LineTable).row_count > 0
        await press(pilot, "right", "right", "right")  # round the end
        assert tabs.active == "trend" and bar.has_focus
        await press(pilot, "left")
        assert tabs.active == "issues" and bar.has_focus
        await press(pilot, "tab")  # on into the shown tab's content
        assert screen.query_one("#issue-list", LineTable).has_focus


class _Two(App[None]):
    AUTO_FOCUS = None  # the bar unfocused, as on the history screen (its chart has the focus)

    def compose(self) -> ComposeResult:
        with Tabbed(initial="a", id="tabs"):
            with Pane("1 A", id="a"):
                yield Static("alpha")
            with Pane("2 B", id="b"):
                yield Static("beta")


@pytest.mark.asyncio
async def test_the_label_under_the_mouse_is_lit_and_the_active_one_underlined() -> None:
    app = _Two()
    async with app.run_test(size=(40, 6)) as pilot:
        bar = app.query_one(TabBar)

        def styles() -> list[str]:
            line = bar.render_line(0)
            return [str(segment.style) for segment in line if segment.text.strip()]

        active, plain = styles()
        assert active != plain
        await pilot.hover(TabBar, offset=(len(" 1 A  2"), 0))
        lit = styles()
        assert lit[1] != plain and lit[1] == lit[0]  # as bright as the active label
        await pilot.hover(TabBar, offset=(1, 1))  # the underline: no label lit
        assert styles()[1] == plain
        # The underline's highlight sits under the active label, and moves with it.
        assert _lit_cells(bar) == set(range(1, len(" 1 A")))
        app.query_one(Tabbed).active = "b"
        await pilot.pause()
        assert _lit_cells(bar) == set(range(len(" 1 A  "), len(" 1 A  2 B")))
        assert str(app.query_one("#b").query_one(Static).render()) == "beta"
        assert not app.query_one("#a").display and app.query_one("#b").display


def _lit_cells(bar: TabBar) -> set[int]:
    """The cells of the underline drawn in the highlight's colour."""
    lit = bar.get_component_rich_style("tab-bar--bar").color
    cells: set[int] = set()
    x = 0
    for segment in bar.render_line(1):
        if segment.style is not None and segment.style.color == lit:
            cells |= set(range(x, x + len(segment.text)))
        x += len(segment.text)
    return cells


def test_a_tabbed_holds_only_panes() -> None:
    tabbed = Tabbed(initial="a")
    with pytest.raises(TypeError, match="Panes"):
        tabbed.compose_add_child(Static("stray"))


@pytest.mark.asyncio
async def test_a_tab_no_longer_shown_takes_no_focus(demo_ws: Workspace, make_app) -> None:
    """Keys 2 then 1 in one burst: the first tab's TabActivated is handled after
    the second tab is shown. It must not move the focus into the hidden pane
    (where the next key, ↓ say, would go): only the tab shown takes the focus."""
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        tabs = screen.query_one("#history-tabs", Tabbed)
        commitments = screen.query_one("#commitments", Pane)
        await press(pilot, "1")
        chart = screen.query_one("#chart-scroll")
        assert tabs.active == "trend" and chart.has_focus
        tabs.post_message(Tabbed.TabActivated(tabs, commitments))  # late: a tab left since
        await settle(pilot)
        assert tabs.active == "trend" and chart.has_focus
        assert not screen.query_one("#commitment-list", LineTable).has_focus

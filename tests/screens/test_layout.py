"""Layout at every size: nothing important cut at 80x24, the width used at 200.

Geometry is read from the laid-out widgets (regions, virtual sizes), so these
tests say what is wrong when a screen stops fitting; the snapshots in
test_snapshots.py show how it looks.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable, Label

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp
from screens.footer import FittedFooter, FooterKey
from screens.formatting import week_heading
from screens.line_table import LineTable
from screens.scorecard_table import ScorecardTable
from screens.wrapped import Row, WrappedLines, fit_rows
from tests.screens.conftest import press, settle

W47 = parse_week("2026-W47")
SIZES = [(80, 24), (120, 40), (200, 60)]


def drawn_keys(app: ScorecardApp) -> list[FooterKey]:
    """The keys the footer shows, in order (the palette key last)."""
    return [key for _, _, key in app.screen.query_one(FittedFooter).drawn_keys()]


def assert_footer_fits(app: ScorecardApp) -> list[str]:
    """Every key shown is drawn whole, none runs under the palette key at the
    right edge or off the screen; their descriptions."""
    footer = app.screen.query_one(FittedFooter)
    text, width = footer.line_text, footer.region.width
    assert cell_len(text) == width
    *keys, (edge, end, palette) = footer.drawn_keys()
    assert palette == footer.palette and end == width - 1
    assert text[edge - 1 :] == f"▏{palette.display} {palette.description} "
    for start, end, key in keys:
        words = f" {key.description}" if key.description else ""
        assert text[start:end] == key.display + words, f"{key.description!r} is cut"
        assert end < edge - 1, f"{key.description!r} runs under the palette key"
    return [key.description for _, _, key in keys]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.asyncio
async def test_footer_always_shows_quit_and_help(
    demo_ws: Workspace, make_app, size: tuple[int, int]
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = assert_footer_fits(app)
        assert {"Quit", "Help", "Commitment", "Note"} <= set(shown)
        await press(pilot, "tab")  # a commitment: its keys come first
        shown = assert_footer_fits(app)
        assert {"Done", "Quit", "Help"} <= set(shown)
        for keys in (("h",), ("escape", "I"), ("escape", "s")):
            await press(pilot, *keys)
            shown = assert_footer_fits(app)
            assert {"Quit", "Help"} <= set(shown)
        # The guided sync's step keys are kept at any width.
        assert {"Next step", "Prev step", "Leave"} <= set(shown)


@pytest.mark.asyncio
async def test_footer_follows_a_resize(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        assert "History" in assert_footer_fits(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        shown = assert_footer_fits(app)
        assert "History" not in shown and {"Quit", "Help"} <= set(shown)
        await pilot.resize_terminal(200, 40)
        await settle(pilot)
        assert "History" in assert_footer_fits(app)


def test_week_heading_fits_the_header() -> None:
    title = "Northwind — Sales & Marketing"
    assert week_heading(title, W47, 120) == "2026-W47 (16 Nov – 22 Nov 2026)"
    assert week_heading(title, W47, 80) == "2026-W47 · 16 Nov – 22 Nov"
    assert week_heading("Issues · " + title, W47, 80) == "2026-W47"
    assert week_heading("x" * 200, W47, 80) == "2026-W47"


def test_rows_wrap_between_parts_never_inside_one() -> None:
    rows = [Row(Text("Say/do: "), [Text("sales 78% (7/9)"), Text("marketing 77% (10/13)")])]
    assert fit_rows(rows).plain == "Say/do: sales 78% (7/9) · marketing 77% (10/13)"
    assert fit_rows(rows, 40).plain == "Say/do: sales 78% (7/9)\n  marketing 77% (10/13)"
    assert fit_rows(rows, 200).plain == fit_rows(rows).plain
    two = [Row(Text("A: "), [Text("x")]), Row(Text("B: "), [Text("y"), Text("z")], " ")]
    assert fit_rows(two, 80).plain == "A: x\nB: y z"


@pytest.mark.asyncio
async def test_week_lines_wrap_at_80_columns(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        saydo = app.screen.query_one("#saydo", WrappedLines)
        lines = str(saydo.render()).splitlines()
        assert len(lines) >= 3  # teams broken over two lines, then the owners
        assert all(len(line) <= saydo.size.width for line in lines)
        assert any(line.strip().startswith("shared") for line in lines)


@pytest.mark.asyncio
async def test_scorecard_columns_follow_the_width(demo_ws: Workspace, make_app) -> None:
    demo_ws.set_value(W47, "sla-followup", 91, note="two enterprise deals closed early")
    app = make_app(demo_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == ["Metric", "Owner", "Target", "Actual", "", "Last 13 weeks"]
        assert table.virtual_size.width <= table.scrollable_content_region.width
        names = [str(table.get_row(k)[0]) for k in table.metric_keys]
        assert "SQLs accepted by sales" in names  # 22 cells of name at 80 columns

        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:6] == ["Metric", "Owner", "Target", "Actual", "Change", "Status"]
        row = table.get_row("mqls")
        assert str(row[labels.index("Change")]) == "+17"  # 142 after 125
        assert table.virtual_size.width <= table.scrollable_content_region.width

        await pilot.resize_terminal(170, 40)
        await settle(pilot)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[-1] == "Note"
        note = table.get_row("sla-followup")[-1]
        assert str(note) == "two enterprise deals closed early"
        assert table.virtual_size.width <= table.scrollable_content_region.width

        # From 180 columns the lists stand beside it: no room for the notes, a larger trend.
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        labels = [str(c.label) for c in table.columns.values()]
        assert "Note" not in labels and "Change" in labels
        trend = str(table.get_row("mqls")[labels.index("Last 13 weeks")])
        assert len(trend) == 26  # two cells a week
        assert table.virtual_size.width <= table.scrollable_content_region.width


@pytest.mark.asyncio
async def test_at_200_columns_the_lists_stand_beside_the_scorecard(
    demo_ws: Workspace, make_app
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        screen = app.screen
        card = screen.query_one(ScorecardTable)
        due, notes = screen.query_one("#due"), screen.query_one("#notes")
        assert due.region.x >= card.region.right
        assert due.region.y == card.region.y  # side by side, from the top
        assert notes.region.y > due.region.y and notes.region.x == due.region.x
        assert card.region.width >= 120
        assert "Change" in [str(c.label) for c in card.columns.values()]
        # Resized to 120 columns the lists go back under the scorecard.
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert due.region.y > card.region.bottom - 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.asyncio
async def test_history_commitments_always_show_due(
    demo_ws: Workspace, make_app, size: tuple[int, int]
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "h", "2")
        listing = app.screen.query_one("#commitment-list", LineTable)
        assert "Due" in [c.label for c in listing.columns]
        assert listing.virtual_size.width <= listing.scrollable_content_region.width
        first = listing.get_row_at(0)
        assert str(first[-1]) == "2026-W48"
        # The story of the highlighted commitment shows under the list.
        events = app.screen.query_one("#events")
        assert events.region.bottom <= app.screen.query_one(FittedFooter).region.y
        assert "made 2026-W47, due 2026-W48" in str(events.render())


@pytest.mark.asyncio
async def test_guided_issues_hint_wraps_at_80_columns(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", *["greater_than_sign"] * 3)
        hint = app.screen.query_one("#sync-hint", Label)
        text = str(hint.render())
        assert "i raises a new one" in text
        assert hint.region.right <= 80 and hint.size.height >= 2


@pytest.mark.asyncio
async def test_issues_banner_wraps_at_80_columns(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "I")
        banner = app.screen.query_one("#issues-banner", WrappedLines)
        lines = str(banner.render()).splitlines()
        assert len(lines) >= 2 and all(len(line) <= banner.size.width for line in lines)
        assert app.screen.sub_title == "2026-W47"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.asyncio
async def test_paired_keys_show_together(
    demo_ws: Workspace, make_app, size: tuple[int, int]
) -> None:
    """Moving an issue up and down is one footer entry, ``shift+↑ shift+↓ Move``:
    shown whole or left out whole, never "Move up" without "Move down"."""
    app = make_app(demo_ws)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "I")
        footer = app.screen.query_one(FittedFooter)
        moves = [
            key
            for unit in footer.units
            for key in unit.keys
            if "request('up')" in key.action or "request('down')" in key.action
        ]
        assert len(moves) == 2
        assert [key.display for key in moves] == ["shift+↑", "shift+↓"]
        drawn = drawn_keys(app)
        shown = {key in drawn for key in moves}
        assert len(shown) == 1
        together = "shift+↑ shift+↓ Move " in footer.line_text
        assert together == shown.pop()
        assert_footer_fits(app)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40", "200x60"])
@pytest.mark.asyncio
async def test_the_first_frame_shows_the_week_filled_once(
    demo_ws: Workspace, make_app, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up draws the week once: the first frame the app draws has every list
    filled and laid out at its real height (not empty tables filled a frame
    later), and no list is built again at its first Resize."""
    from textual.app import App

    builds: list[str] = []
    clear = DataTable.clear

    def counted(table: DataTable, columns: bool = False) -> DataTable:  # type: ignore[type-arg]
        builds.append(table.id or "")
        return clear(table, columns)

    first: dict[str, tuple[int, int]] = {}
    display = App._display

    def drawn(app: App[None], screen, update) -> None:  # type: ignore[no-untyped-def]
        if not first:
            first.update(
                {t.id or "": (t.row_count, t.region.height) for t in screen.query(DataTable)}
            )
        display(app, screen, update)

    monkeypatch.setattr(DataTable, "clear", counted)
    monkeypatch.setattr(App, "_display", drawn)
    app = make_app(demo_ws)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        tables = {t.id or "": t for t in app.screen.query(DataTable)}
        assert set(first) == set(tables) == {"scorecard", "due", "made", "notes"}
        for name, table in tables.items():
            rows, height = first[name]
            assert rows == table.row_count > 0, name
            assert height == table.region.height > 3, name  # the header and rows, not two lines
        assert sorted(builds) == sorted(tables), builds  # each list built once


@pytest.mark.asyncio
async def test_every_screen_s_first_frame_shows_its_footer_keys(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's footer composes its keys a refresh after its screen is first
    drawn: each screen (and start-up) showed an empty footer for a frame, and
    was laid out and drawn again for the keys."""
    from textual.app import App

    first: dict[str, list[str]] = {}
    display = App._display

    def drawn(app: App[None], screen, update) -> None:  # type: ignore[no-untyped-def]
        name = type(screen).__name__
        if name not in first:
            footers = screen.query(FittedFooter)
            drawn = footers.first().drawn_keys() if footers else []
            first[name] = [key.description for _, _, key in drawn]
        display(app, screen, update)

    monkeypatch.setattr(App, "_display", drawn)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in ((), ("I",), ("G",), ("r",), ("s",), ("h",)):
            await press(pilot, *keys)
            name = type(app.screen).__name__
            keys_now = [key.description for key in drawn_keys(app)]
            assert {"Quit", "Help"} <= set(keys_now), name
            assert first[name] == keys_now, name
            if keys:
                await press(pilot, "escape")

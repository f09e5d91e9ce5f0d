"""App-wide behaviour: quitting safely, help, palette, themes, other screens, launching."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Input

from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace
from screens.agreements import AgreementsScreen
from screens.app import ScorecardApp
from screens.chart import ChartView
from screens.commitment_form import CommitmentForm
from screens.confirm import ConfirmScreen
from screens.help import WHAT_CELLS, HelpScreen, sections
from screens.history import HistoryScreen
from screens.line_table import LineTable
from screens.week import WeekScreen
from tests.screens.conftest import press, settle, type_text

W47 = parse_week("2026-W47")


@pytest.mark.asyncio
async def test_quit_with_unsaved_form_asks_first(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await type_text(pilot, "Half a thought")
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # keep editing: nothing lost
        assert isinstance(app.screen, CommitmentForm)
        assert app.screen.values()["text"] == "Half a thought"
        await press(pilot, "escape")  # cancel also asks
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, CommitmentForm)
        await press(pilot, "ctrl+q", "y")
        assert app.return_code == 0 and not app.is_running


@pytest.mark.asyncio
async def test_quit_with_a_typed_value_asks_and_q_quits_otherwise(
    workspace: Workspace, make_app
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await type_text(pilot, "42")
        await press(pilot, "escape", "q")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n", "enter", "backspace", "backspace", "escape", "q")
        assert not app.is_running


def test_every_binding_has_an_id_and_help_lists_it() -> None:
    from screens.agreements import AgreementsScreen
    from screens.help import help_text

    listed = help_text(ScorecardApp.BINDINGS).plain
    for _title, bindings in [
        *sections(ScorecardApp.BINDINGS),
        ("Agreements", AgreementsScreen.BINDINGS),
    ]:
        for binding in bindings:
            assert isinstance(binding, Binding)
            assert binding.id, f"{binding.key} → {binding.action} has no id"
    for _title, bindings in sections(ScorecardApp.BINDINGS):
        for binding in bindings:
            assert isinstance(binding, Binding)
            what = binding.tooltip or binding.description
            assert all(line in listed for line in textwrap.wrap(what, WHAT_CELLS)), what


def test_help_shows_keys_as_a_user_reads_them() -> None:
    from screens.help import help_text, key_label

    assert key_label("exclamation_mark") == "!"
    assert key_label("greater_than_sign,ctrl+right") == "> / ctrl+→"
    assert key_label("e,enter") == "e / enter"
    assert key_label("shift+up,K") == "shift+↑ / K"
    lines = help_text(ScorecardApp.BINDINGS).plain.splitlines()
    raise_line = next(line for line in lines if "Raise the suggested issue shown" in line)
    assert raise_line.split()[0] == "!"
    for name in ("exclamation_mark", "square_bracket", "_sign", "question_mark"):
        assert not any(name in line for line in lines), name
    # Every line fits the help dialog (90 cells, its frame and padding inside).
    assert max(len(line) for line in lines[:-1]) <= 84


@pytest.mark.asyncio
async def test_help_screen_opens_and_closes(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "Prev week" in text and "Carry the commitment over" in text and "Next step" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)


@pytest.mark.asyncio
async def test_help_opened_again_is_the_same_text_from_the_top_in_the_current_theme(
    workspace: Workspace, make_app
) -> None:
    # The app keeps the help screen it made: opening it again shows the same
    # keys, scrolled back to the top, styled for the theme chosen meanwhile.
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        first = app.screen
        assert isinstance(first, HelpScreen)
        text = str(first.query_one("#help-text").render())
        dark = first.query_one("#help").styles.background
        await press(pilot, "end")
        assert first.query_one("#help").scroll_y > 0
        await press(pilot, "escape", "ctrl+t", "question_mark")
        assert app.screen is first and app.theme == "textual-light"
        assert str(first.query_one("#help-text").render()) == text
        assert first.query_one("#help").scroll_y == 0
        assert first.query_one("#help").styles.background != dark
        assert first.query_one("#help").has_focus
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)


@pytest.mark.asyncio
async def test_command_palette_offers_the_screen_actions(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Add a commitment",
            "Add a retro note",
            "Prev week",
            "Go to week",
            "Guided sync",
        ):
            assert wanted in titles
        assert "Carry the commitment over" in titles
        assert any(t.endswith("Delete note") for t in titles)
        # Running one from the palette works like its key.
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Prev week")
        await press(pilot, "enter")
        assert isinstance(app.screen, WeekScreen)
        assert app.screen.week == W47 - 1


@pytest.mark.asyncio
async def test_light_and_dark_themes(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await press(pilot, "ctrl+t")
        assert app.theme == "textual-light"
        assert app.current_theme.dark is False
        await press(pilot, "ctrl+t")
        assert app.theme == "textual-dark"


@pytest.mark.asyncio
async def test_history_shows_chart_commitments_and_say_do(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.trend is not None and len(screen.trend.bars) == 13
        chart = screen.query_one("#chart-scroll", ChartView).text()
        assert "2026-W35" in chart and "2026-W47" in chart and "█" in chart
        # A longer range: from the first sample week back a year.
        screen.query_one("#from").focus()
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "2025-W48")
        await press(pilot, "enter")
        assert len(screen.trend.bars) == 52  # 2025 has 52 ISO weeks
        await type_text(pilot, "x")
        await press(pilot, "enter")
        assert "invalid week" in str(screen.query_one("#range-error").render())
        screen.query_one("#chart-scroll").focus()
        await press(pilot, "2")
        assert screen.commitments
        events = str(screen.query_one("#events").render())
        assert "open" in events
        await press(pilot, "3")
        table = screen.query_one("#saydo-table", LineTable)
        assert table.row_count == 52
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)


@pytest.mark.asyncio
async def test_escape_in_a_history_field_leaves_the_field_then_the_screen(
    demo_ws: Workspace, make_app
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await press(pilot, "2", "f")  # the commitments tab, then the range
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "2025-W")
        await press(pilot, "escape")  # leaves the field, the half-typed range undone
        assert app.screen is screen
        assert screen.query_one("#from", Input).value == "2026-W35"
        assert screen.focused is screen.query_one("#commitment-list")
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)


@pytest.mark.asyncio
async def test_agreements_screen(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert isinstance(app.screen, AgreementsScreen)
        text = str(app.screen.query_one("#agreements-text").render())
        assert "What counts as a lead" in text and "Follow-up SLA" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)


def test_cli_opens_the_app_on_the_week(
    workspace_dir: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Week] = []
    monkeypatch.setattr(ScorecardApp, "run", lambda self: opened.append(self.start_week))
    monkeypatch.setattr("scorecard.cli.base.interactive", lambda: True)
    assert run("tui", "--week", "2026-W40").exit_code == 0
    assert run().exit_code == 0
    assert opened == [parse_week("2026-W40"), W47]


def test_demo_opens_the_app(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        ScorecardApp, "run", lambda self: opened.append(self.workspace.config.title)
    )
    monkeypatch.setattr("scorecard.cli.base.interactive", lambda: True)
    monkeypatch.setattr("scorecard.cli.setup.interactive", lambda: True)
    result = run("demo", str(tmp_path / "d"))
    assert result.exit_code == 0
    assert opened == ["Northwind — Sales & Marketing"]
    assert f"Sample workspace: {tmp_path / 'd' / 'scorecard.toml'}" in result.stdout

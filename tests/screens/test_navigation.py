"""Moving between weeks, closed weeks, changes made elsewhere picked up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp
from screens.confirm import ConfirmScreen
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from screens.week import WeekScreen
from screens.week_picker import WeekPicker
from tests.screens.conftest import notices, press, settle, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


async def test_prev_next_and_jump_to_week(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        assert screen.sub_title == "2026-W47 (16 Nov – 22 Nov 2026)"
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert screen.week == parse_week("2026-W45")
        assert screen.summary is not None and screen.summary.week == screen.week
        # Last week's values are all entered in the sample.
        table = screen.query_one(ScorecardTable)
        assert all(line.actual is not None for line in table.lines.values())
        await press(pilot, "right_square_bracket")
        assert screen.week == parse_week("2026-W46")
        await press(pilot, "g")
        assert isinstance(app.screen, WeekPicker)
        await type_text(pilot, "2026-09-01")
        await press(pilot, "enter")
        assert screen.week == parse_week("2026-W36")
        assert screen.sub_title.startswith("2026-W36 (31 Aug")
        await press(pilot, "g")
        await type_text(pilot, "W99")
        await press(pilot, "enter")
        assert isinstance(app.screen, WeekPicker)
        assert "invalid week" in str(app.screen.query_one("#form-error").render())
        await press(pilot, "escape", "t")
        assert screen.week == W47


async def test_opens_on_the_week_given(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws, "2026-W40")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.week == parse_week("2026-W40")  # type: ignore[attr-defined]


async def test_changing_week_with_typed_value_is_refused(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await type_text(pilot, "12")
        await press(pilot, "escape", "left_square_bracket")
        assert app.screen.week == W47  # type: ignore[attr-defined]
        assert app.screen.query_one(ValueEntry).input.value == "12"


async def test_closed_week_refuses_edits_until_reopened(demo_ws: Workspace, make_app) -> None:
    demo_ws.close_week(W47)
    key = demo_ws.config.metrics[0].key
    before = demo_ws.value(W47, key)
    app = make_app(demo_ws)
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-closed")
        assert "CLOSED" in str(screen.query_one("#week-banner").render())
        await press(pilot, "enter")  # the entry does not even open: the week is closed
        await type_text(pilot, "1")
        await press(pilot, "enter")
        entry = screen.query_one(ValueEntry)
        assert not entry.active and not entry.has_unsaved_text
        assert any("is closed; press o to reopen it" in m for m in said)
        await press(pilot, "a")
        assert app.screen is screen  # no form on a closed week
        await press(pilot, "o")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert not demo_ws.week_info(W47).closed
        assert not screen.has_class("-closed")
    assert demo_ws.value(W47, key) == before


async def test_change_made_elsewhere_is_picked_up(demo_ws: Workspace, demo_dir: Path) -> None:
    key = demo_ws.config.metrics[-1].key  # not entered yet this week
    app = ScorecardApp(demo_ws, poll_interval=0.1, prepare_after=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        assert table.lines[key].actual is None
        with Workspace.open(demo_dir / "scorecard.toml") as other:
            other.set_value(W47, key, 93.5)
            other.add_note("kudos", "Sam closed Globex", week=W47)
        for _ in range(50):
            await asyncio.sleep(0.05)
            await settle(pilot)
            if table.lines[key].actual == 93.5:
                break
        assert table.lines[key].actual == 93.5
        assert any(n.text == "Sam closed Globex" for n in app.screen.summary.notes)  # type: ignore[attr-defined]


async def test_back_on_the_week_it_shows_what_was_written_meanwhile(
    workspace: Workspace, make_app
) -> None:
    """Back from a screen on top, the week is read again only if something was
    written meanwhile (by this app or another process), and then it shows it."""
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        assert table.lines["mqls"].actual is None
        await press(pilot, "question_mark")  # help: nothing written
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)
        assert table.lines["mqls"].actual is None
        await press(pilot, "h")  # history on top; meanwhile a value is written
        workspace.set_value(W47, "mqls", 131)
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)
        assert app.screen.query_one(ScorecardTable).lines["mqls"].actual == 131
